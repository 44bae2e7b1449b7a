//! A sync answer, as a device decodes it before it writes anything: the CBOR message, then
//! every change in it and every saved form, loaded whole and read as every document kind (the
//! decoders `jinlin_core::sync::incoming` calls, without the store around them).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: jinlin_fuzz::let_caught_automerge_panics_unwind(), |data: &[u8]| {
    if let Ok(answer) = jinlin_model::protocol::decode::<jinlin_model::protocol::SyncResponse>(data) {
        for doc in answer.docs {
            for change in &doc.changes {
                let _ = jinlin_model::untrusted::change(change);
            }
            if let Some(saved) = doc.saved
                && let Ok(loaded) = jinlin_model::untrusted::document(&saved)
            {
                jinlin_fuzz::read_as_every_kind(&loaded);
            }
        }
    }
});
