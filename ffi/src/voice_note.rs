//! The voice note a request names, as a list shows it before it is played: its audio type,
//! length and size (the sound itself comes from `voice_note`, in [`crate::voice`]).

use std::time::Duration;

use jinlin_model::docs::request::voice::VoiceNote as CoreNote;

use crate::kinds::AudioType;

/// A voice note as a request names it: what a list shows before it is played.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VoiceNoteView {
    /// How it is encoded.
    pub media: AudioType,
    /// How long it plays.
    pub duration: Duration,
    /// Its size in bytes.
    pub size: i64,
}

impl From<&CoreNote> for VoiceNoteView {
    fn from(n: &CoreNote) -> Self {
        Self {
            media: n.media.into(),
            duration: millis(n.duration_ms),
            size: n.bytes,
        }
    }
}

/// Milliseconds as a `Duration` (none below zero).
pub(crate) fn millis(ms: i64) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}
