//! A document received from another device or the relay: loaded as the device loads a saved
//! form (`jinlin_model::untrusted::document`, which refuses chunk types Jinlin never writes and
//! turns Automerge's own decoder panics into refusals; see docs/RELIABILITY.md), then read as
//! every document type, looking for panics in Jinlin's own readers.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = jinlin_model::untrusted::document(data) {
        let _ = jinlin_model::docs::request::read(&doc);
        let _ = jinlin_model::docs::group::read(&doc);
        let _ = jinlin_model::docs::household::read(&doc);
        let _ = jinlin_model::docs::report::read(&doc);
    }
});
