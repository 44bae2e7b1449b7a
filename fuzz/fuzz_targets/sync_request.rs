//! A sync body from any device: the relay decodes it and every change in it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: jinlin_fuzz::let_caught_automerge_panics_unwind(), |data: &[u8]| {
    if let Ok(req) = jinlin_model::protocol::decode::<jinlin_model::protocol::SyncRequest>(data) {
        for doc in req.docs {
            for change in &doc.changes {
                let _ = jinlin_model::untrusted::change(change);
            }
        }
    }
});
