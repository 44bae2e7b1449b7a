//! A document received from another device or the relay: loaded as the device loads a saved
//! form (`jinlin_model::untrusted::document`, which refuses chunk types Jinlin never writes and
//! turns Automerge's own decoder panics into refusals; see docs/RELIABILITY.md), then read as
//! every document kind, looking for panics in Jinlin's own readers.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: jinlin_fuzz::let_caught_automerge_panics_unwind(), |data: &[u8]| {
    if let Ok(doc) = jinlin_model::untrusted::document(data) {
        jinlin_fuzz::read_as_every_kind(&doc);
    }
});
