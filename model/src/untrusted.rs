//! Decoding Automerge bytes that came over the network: changes a device uploads to the relay,
//! and changes or saved documents the relay sends a device. Automerge's decoder returns an error
//! for most malformed bytes, but some (found by fuzzing, see `docs/RELIABILITY.md`) make it
//! panic inside its column decoder. Such bytes are as invalid as any others: they are refused
//! with an ordinary error, the caller goes on, and no lock is poisoned. A saved document may
//! hold document and change chunks only: Automerge's bundle chunks, which Jinlin never writes,
//! are refused before the loader sees them, since their decoder sizes its buffers from counts in
//! the bytes (38 bytes asked it for gigabytes; an allocation that fails cannot be caught).

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
    if let Some(kind) = chunk_types(bytes).find(|k| !matches!(*k, DOCUMENT | CHANGE | COMPRESSED)) {
        return Err(format!("a saved document holds no chunks of type {kind}"));
    }
    match catch_unwind(AssertUnwindSafe(|| AutoCommit::load(bytes))) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the bytes are not a valid Automerge document".into()),
    }
}

/// The Automerge sync message in `bytes` (from a neighbour's phone), or why it is not one. The
/// changes it carries may be change chunks or a document chunk, never a bundle (refused before
/// anything sizes a buffer from it).
pub fn sync_message(bytes: &[u8]) -> Result<automerge::sync::Message, String> {
    let message = match catch_unwind(AssertUnwindSafe(|| automerge::sync::Message::decode(bytes))) {
        Ok(Ok(m)) => m,
        Ok(Err(e)) => return Err(e.to_string()),
        Err(_) => return Err("the bytes are not a valid sync message".into()),
    };
    for chunk in message.changes.iter() {
        if let Some(kind) = chunk_types(chunk).find(|k| !matches!(*k, DOCUMENT | CHANGE | COMPRESSED)) {
            return Err(format!("a sync message holds no chunks of type {kind}"));
        }
    }
    Ok(message)
}

/// Applies a sync message from a neighbour's phone to `doc`; a decoder panic is an error like
/// any other, and leaves `doc` as it was (the caller applies to a fork).
pub fn receive_sync(
    doc: &mut AutoCommit,
    state: &mut automerge::sync::State,
    message: automerge::sync::Message,
) -> Result<(), String> {
    use automerge::sync::SyncDoc as _;
    match catch_unwind(AssertUnwindSafe(|| doc.sync().receive_sync_message(state, message))) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the sync message's changes are not valid".into()),
    }
}

/// Automerge's chunk types Jinlin writes: a whole document, a change, a compressed change.
const DOCUMENT: u8 = 0;
const CHANGE: u8 = 1;
const COMPRESSED: u8 = 2;

/// The type of each chunk in `bytes`, in order, as far as their framing holds (each chunk is a
/// 4-byte magic number, a 4-byte checksum, its type, its length as unsigned LEB128, then that
/// many bytes). Broken framing ends the list; the loader then refuses the bytes itself.
fn chunk_types(bytes: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let kind = *rest.get(8)?;
        let mut len: u64 = 0;
        let mut at = 9;
        for shift in (0..64).step_by(7) {
            let byte = *rest.get(at)?;
            at += 1;
            len |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
        }
        let end = at.checked_add(usize::try_from(len).ok()?)?;
        rest = rest.get(end..).unwrap_or_default();
        Some(kind)
    })
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{ROOT, ReadDoc};

    use super::*;

    /// Bytes on which Automerge's loader panics (docs/RELIABILITY.md).
    const LOADER_PANIC: &[u8] = include_bytes!("../../reliability/tests/hostile/inputs/automerge-load-panic.bin");

    /// Bytes on which Automerge panics while it applies the loaded changes (found by the
    /// `document` fuzz target; docs/RELIABILITY.md).
    const IMPORT_PANIC: &[u8] = include_bytes!("../../reliability/tests/hostile/inputs/automerge-import-panic.bin");

    /// A 38-byte bundle chunk on which Automerge's loader asks for gigabytes (docs/RELIABILITY.md).
    const BUNDLE_OOM: &[u8] = include_bytes!("../../reliability/tests/hostile/inputs/automerge-bundle-oom.bin");

    #[test]
    fn a_bundle_chunk_is_refused_before_the_loader_sizes_anything_from_it() {
        let err = document(BUNDLE_OOM).expect_err("refused");
        assert!(err.contains("type 3"), "{err}");
        // A saved document and one with a change chunk after it still load.
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "building", "3").expect("put");
        doc.commit();
        let mut saved = doc.save();
        doc.put(ROOT, "unit", "101").expect("put");
        doc.commit();
        saved.extend(doc.save_incremental());
        assert_eq!(document(&saved).expect("loads").get_heads(), doc.get_heads());
    }

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
        for bad in [
            &[][..],
            b"\xff\x00garbage",
            LOADER_PANIC,
            IMPORT_PANIC,
            &saved[..saved.len() / 2],
        ] {
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
