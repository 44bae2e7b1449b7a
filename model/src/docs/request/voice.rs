//! A voice note on a request: a short recorded message for someone who would rather speak than
//! type. The sound itself is an attachment (`photo.rs`: named by its SHA-256, sent through the
//! same resumable upload as photos, fetched by a reader when played); the request names it with
//! its audio type, length and size:
//!
//! ```text
//! voice?: {blob: sha256, media: "audio/mp4" | "audio/ogg", duration_ms, bytes}
//! ```
//!
//! Only the requester writes it, and only within the bounds here ([`MAX_VOICE_MS`],
//! [`MAX_VOICE_BYTES`]); the write rules (`rules.rs`) check the note as it stands after every
//! batch, so a relay refuses one out of bounds and a phone refuses one from elsewhere. A reader
//! keeps the fetched sound only if it hashes to its name and has the size the note gives.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::kinds::AudioType;
use crate::photo::check_hash;
use crate::read;
use crate::refusal::Refusal;

/// The longest voice note, in milliseconds: a minute says what is needed.
pub const MAX_VOICE_MS: i64 = 60_000;
/// The largest voice note, in bytes: a minute of speech in AAC or Opus is far less.
pub const MAX_VOICE_BYTES: i64 = 1024 * 1024;
/// What [`Error::TooLong`] names for a note that plays too long (its length and limit in seconds).
pub const TOO_LONG: &str = "voice note (seconds)";
/// What [`Error::TooLong`] names for a note too large (its size and limit in bytes).
pub const TOO_LARGE: &str = "voice note (bytes)";

/// A voice note as a request names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceNote {
    /// The sound's SHA-256, the attachment's name.
    pub blob: String,
    /// How it is encoded.
    pub media: AudioType,
    /// How long it plays, in milliseconds.
    pub duration_ms: i64,
    /// Its size in bytes.
    pub bytes: i64,
}

impl VoiceNote {
    /// Checks the note is within bounds and names an attachment: the first failing rule as the
    /// error, so nothing is written.
    pub fn check(&self) -> Result<()> {
        check_hash(&self.blob)?;
        if self.duration_ms <= 0 {
            return Err(Error::InvalidInput(Refusal::VoicePlays.into()));
        }
        if self.duration_ms > MAX_VOICE_MS {
            return Err(Error::TooLong {
                what: TOO_LONG,
                len: usize::try_from(self.duration_ms.saturating_add(999) / 1000).unwrap_or(usize::MAX),
                max: usize::try_from(MAX_VOICE_MS / 1000).unwrap_or(usize::MAX),
            });
        }
        if self.bytes <= 0 {
            return Err(Error::InvalidInput(Refusal::VoiceEmpty.into()));
        }
        if self.bytes > MAX_VOICE_BYTES {
            return Err(Error::TooLong {
                what: TOO_LARGE,
                len: usize::try_from(self.bytes).unwrap_or(usize::MAX),
                max: usize::try_from(MAX_VOICE_BYTES).unwrap_or(usize::MAX),
            });
        }
        Ok(())
    }
}

/// Names `note` on the request, replacing any note before it. Refuses a note out of bounds.
pub fn put(doc: &mut AutoCommit, note: &VoiceNote) -> Result<()> {
    note.check()?;
    let voice = doc.put_object(ROOT, "voice", ObjType::Map)?;
    doc.put(&voice, "blob", note.blob.as_str())?;
    doc.put(&voice, "media", note.media.as_str())?;
    doc.put(&voice, "duration_ms", note.duration_ms)?;
    doc.put(&voice, "bytes", note.bytes)?;
    Ok(())
}

/// The voice note a request names, if any: `Ok(None)` without one, an error for one that is
/// malformed or out of bounds (what the write rules refuse).
pub fn read_checked(doc: &impl ReadDoc) -> Result<Option<VoiceNote>> {
    if doc.get(ROOT, "voice")?.is_none() {
        return Ok(None);
    }
    let malformed = || Error::InvalidInput(Refusal::VoiceMalformed.into());
    let voice = read::obj(doc, &ROOT, "voice").ok_or_else(malformed)?;
    let note = VoiceNote {
        blob: read::str(doc, &voice, "blob").ok_or_else(malformed)?,
        media: read::str(doc, &voice, "media").ok_or_else(malformed)?.parse()?,
        duration_ms: read::int(doc, &voice, "duration_ms").ok_or_else(malformed)?,
        bytes: read::int(doc, &voice, "bytes").ok_or_else(malformed)?,
    };
    note.check()?;
    Ok(Some(note))
}

/// The voice note, leniently: `None` without one or for one this build cannot play.
pub fn read(doc: &impl ReadDoc) -> Option<VoiceNote> {
    read_checked(doc).ok().flatten()
}

/// Checks bytes fetched for `note` are its sound: its size (the hash is checked on receipt).
pub fn check_bytes(note: &VoiceNote, bytes: &[u8]) -> Result<()> {
    if i64::try_from(bytes.len()).ok() != Some(note.bytes) {
        return Err(Error::Protocol(
            "the voice note received is not the size its request gives".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photo::hash_of;

    fn note(duration_ms: i64, bytes: i64) -> VoiceNote {
        VoiceNote {
            blob: hash_of(b"hello"),
            media: AudioType::Aac,
            duration_ms,
            bytes,
        }
    }

    #[test]
    fn a_voice_note_reads_back_as_written() {
        let mut doc = AutoCommit::new();
        assert_eq!(read_checked(&doc).expect("none"), None);
        put(&mut doc, &note(12_500, 48_000)).expect("put");
        assert_eq!(read(&doc), Some(note(12_500, 48_000)));
    }

    #[test]
    fn a_voice_note_over_a_minute_or_a_megabyte_or_empty_is_refused_and_nothing_is_written() {
        for (bad, why) in [
            (note(60_001, 1000), TOO_LONG),
            (note(5_000, MAX_VOICE_BYTES + 1), TOO_LARGE),
        ] {
            let mut doc = AutoCommit::new();
            match put(&mut doc, &bad) {
                Err(Error::TooLong { what, .. }) => assert_eq!(what, why),
                other => panic!("{why}: {other:?}"),
            }
            assert_eq!(doc.get(ROOT, "voice").expect("get"), None, "nothing written");
        }
        assert!(matches!(
            put(&mut AutoCommit::new(), &note(0, 10)),
            Err(Error::InvalidInput(_))
        ));
        let mut unnamed = note(1000, 10);
        unnamed.blob = "../etc/passwd".into();
        assert!(put(&mut AutoCommit::new(), &unnamed).is_err());
    }

    #[test]
    fn the_write_rules_take_the_requesters_note_and_refuse_one_out_of_bounds_or_by_anyone_else() {
        use crate::docs::fields::Writer;
        use crate::docs::guard::check_upload;
        use crate::docs::request::{self, Actor, NewRequest};
        use crate::ids::{DocId, MemberId};
        use crate::kinds::{DocKind, RequestKind};

        let (wang, li) = (MemberId::random(), MemberId::random());
        let new = NewRequest::new(DocId::random(), RequestKind::Hospital, "To the hospital");
        let mut doc = request::create(DocId::random(), &new, Actor { id: wang, name: "Wang" }, 1).expect("raise");
        doc.commit();
        let heads = doc.get_heads();
        let upload = |who: MemberId, write: &dyn Fn(&mut AutoCommit), doc: &mut AutoCommit| {
            let mut theirs = doc.fork().with_actor(who.actor());
            write(&mut theirs);
            let changes = theirs.get_changes(&heads);
            check_upload(doc, DocKind::Request, &Writer::member(who), &changes)
        };
        // Written past the phone's check, as a hostile device would.
        let raw = |duration_ms: i64| {
            move |d: &mut AutoCommit| {
                let v = d.put_object(ROOT, "voice", ObjType::Map).expect("voice");
                d.put(&v, "blob", hash_of(b"hello")).expect("blob");
                d.put(&v, "media", "audio/mp4").expect("media");
                d.put(&v, "duration_ms", duration_ms).expect("duration");
                d.put(&v, "bytes", 5_i64).expect("bytes");
            }
        };
        let too_long = upload(wang, &raw(10 * 60_000), &mut doc).expect_err("refused");
        assert!(too_long.0.contains("voice note (seconds)"), "{too_long}");
        let theirs = upload(li, &raw(5_000), &mut doc).expect_err("refused");
        assert_eq!(theirs.0, "only the one who asked records a voice note");
        assert_eq!(upload(wang, &raw(5_000), &mut doc), Ok(()));
    }

    #[test]
    fn fetched_bytes_of_another_size_than_the_note_gives_are_refused() {
        assert!(check_bytes(&note(1000, 5), b"hello").is_ok());
        assert!(check_bytes(&note(1000, 6), b"hello").is_err());
    }
}
