//! A sync body from any device: the relay decodes it and every change in it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(req) = jinlin_model::protocol::decode::<jinlin_model::protocol::SyncRequest>(data) {
        for doc in req.docs {
            for c in doc.changes {
                let _ = automerge::Change::from_bytes(c.into_vec());
            }
        }
    }
});
