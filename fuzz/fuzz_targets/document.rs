//! A document received from another device or the relay: loaded as the device loads a saved
//! form (`jinlin_core::untrusted::document`, which refuses chunk types Jinlin never writes and
//! turns Automerge's own decoder panics into refusals; see docs/RELIABILITY.md), then read as
//! every document type, looking for panics in Jinlin's own readers.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = jinlin_core::untrusted::document(data) {
        let _ = jinlin_core::request_doc::read(&doc);
        let _ = jinlin_core::group_doc::read(&doc);
        let _ = jinlin_core::household_doc::read(&doc);
        let _ = jinlin_core::report_doc::read(&doc);
    }
});
