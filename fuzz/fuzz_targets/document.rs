//! A document received from another device: loaded, then read as every document type.
//!
//! Automerge's loader panics on some malformed bytes (a dependency bug recorded in
//! docs/RELIABILITY.md, with the input in reliability/tests/hostile/inputs/). The relay refuses
//! such bytes by catching that panic; this target does the same around the load only, so it
//! keeps looking for panics in Jinlin's own readers.
#![no_main]
use std::panic::{AssertUnwindSafe, catch_unwind, set_hook, take_hook};

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let hook = take_hook();
    set_hook(Box::new(|_| {}));
    let loaded = catch_unwind(AssertUnwindSafe(|| automerge::AutoCommit::load(data)));
    set_hook(hook);
    if let Ok(Ok(doc)) = loaded {
        let _ = jinlin_core::request_doc::read(&doc);
        let _ = jinlin_core::group_doc::read(&doc);
        let _ = jinlin_core::household_doc::read(&doc);
        let _ = jinlin_core::report_doc::read(&doc);
    }
});
