//! A sync answer, as a device decodes it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = jinlin_core::protocol::decode::<jinlin_core::protocol::SyncResponse>(data);
});
