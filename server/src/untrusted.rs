//! Decoding Automerge changes a device uploaded. Automerge's decoder returns an error for most
//! malformed bytes, but some (found by fuzzing, see `docs/RELIABILITY.md`) make it panic inside
//! its column decoder. Such bytes are as invalid as any others: the change is refused, the
//! request goes on, and no lock is poisoned.

use std::panic::{AssertUnwindSafe, catch_unwind};

use automerge::Change;

/// The change in `bytes`, or `None` if they are not a valid change (including bytes on which
/// the decoder panics).
pub fn change(bytes: &[u8]) -> Option<Change> {
    catch_unwind(AssertUnwindSafe(|| Change::from_bytes(bytes.to_vec())))
        .ok()
        .and_then(Result::ok)
}

#[cfg(test)]
mod tests {
    #[test]
    fn garbage_is_no_change() {
        assert!(super::change(&[0x85, 0x6f, 0x4a, 0x83, 0x03]).is_none());
        assert!(super::change(&[]).is_none());
    }
}
