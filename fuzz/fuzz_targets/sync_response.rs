//! A sync answer, as a device decodes it: the CBOR message, then every document in it, saved
//! forms loaded whole and read into their views (what a first login does before writing).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(answer) = jinlin_model::protocol::decode::<jinlin_model::protocol::SyncResponse>(data) {
        let _ = jinlin_core::sync::incoming::decode_docs(answer.docs);
    }
});
