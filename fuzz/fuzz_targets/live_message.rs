//! A live-channel frame, as a device decodes it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = jinlin_model::protocol::decode::<jinlin_model::protocol::LiveMessage>(data);
});
