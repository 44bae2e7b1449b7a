//! Decoding Automerge bytes that came over the network: changes a device uploads to the relay,
//! and changes or saved documents the relay sends a device. Automerge's decoder returns an error
//! for most malformed bytes, but some (found by fuzzing, see `docs/RELIABILITY.md`) make it
//! panic inside its column decoder. Such bytes are as invalid as any others: they are refused
//! with an ordinary error, the caller goes on, and no lock is poisoned.

use std::panic::{AssertUnwindSafe, catch_unwind};

use automerge::{AutoCommit, Change};

/// The change in `bytes`, or `None` if they are not a valid change (including bytes on which
/// the decoder panics).
pub fn change(bytes: &[u8]) -> Option<Change> {
    catch_unwind(AssertUnwindSafe(|| Change::from_bytes(bytes.to_vec())))
        .ok()
        .and_then(Result::ok)
}

/// The document saved in `bytes` (Automerge's `save()` form), or why they are not one. Every
/// chunk must decode and the document's heads must match its recorded hashes; a partial load
/// is refused, not kept.
pub fn document(bytes: &[u8]) -> Result<AutoCommit, String> {
    if bytes.is_empty() {
        return Err("an empty saved document".into());
    }
    match catch_unwind(AssertUnwindSafe(|| AutoCommit::load(bytes))) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the bytes are not a valid Automerge document".into()),
    }
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{ROOT, ReadDoc};

    use super::*;

    /// Bytes on which Automerge's loader panics (docs/RELIABILITY.md).
    const LOADER_PANIC: &[u8] = include_bytes!("../../reliability/tests/hostile/inputs/automerge-load-panic.bin");

    #[test]
    fn garbage_is_no_change() {
        assert!(change(&[0x85, 0x6f, 0x4a, 0x83, 0x03]).is_none());
        assert!(change(&[]).is_none());
        assert!(change(LOADER_PANIC).is_none());
    }

    #[test]
    fn a_saved_document_loads_and_garbage_is_refused_with_a_reason() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "building", "3").expect("put");
        doc.commit();
        let saved = doc.save();
        let mut loaded = document(&saved).expect("a saved document loads");
        assert_eq!(loaded.get_heads(), doc.get_heads());
        for bad in [&[][..], b"\xff\x00garbage", LOADER_PANIC, &saved[..saved.len() / 2]] {
            let err = document(bad).expect_err("garbage is refused");
            assert!(!err.is_empty());
        }
        let mut tampered = saved.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 0x55;
        assert!(
            document(&tampered).is_err(),
            "a document whose bytes changed is refused"
        );
        assert!(ReadDoc::get(&loaded, ROOT, "building").expect("read").is_some());
    }
}
