//! A document received from another device: loaded, then read as every document type.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = automerge::AutoCommit::load(data) {
        let _ = jinlin_core::request_doc::read(&doc);
        let _ = jinlin_core::group_doc::read(&doc);
        let _ = jinlin_core::household_doc::read(&doc);
        let _ = jinlin_core::report_doc::read(&doc);
    }
});
