//! Voice notes on a request, for someone who would rather speak than type: the requester
//! attaches a short recording (sent with the next sync through the same resumable upload as
//! photos); a neighbour who reads the request, alerted from another building too, fetches and
//! plays it. Recording and playing are the app's (MediaRecorder, AVAudioRecorder); these calls
//! only carry the bytes. A note over a minute or a megabyte, on someone else's request, or on one
//! that is over, is refused and writes nothing.

use std::time::Duration;

use jinlin_core::net::photos::fetch_voice;

use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::kinds::AudioType;
use crate::relay::registered;
use crate::runtime::spawn;
use crate::views::{RequestView, doc_id};
use crate::voice_note::millis;

/// A voice note with its sound, ready to play.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VoiceClip {
    /// How it is encoded.
    pub media: AudioType,
    /// How long it plays.
    pub duration: Duration,
    /// The sound.
    pub bytes: Vec<u8>,
}

#[uniffi::export(async_runtime = "tokio")]
impl JinlinClient {
    /// Attaches a voice note to this member's own request, replacing any before it: `bytes` as
    /// recorded (`media`), playing for `duration` (at most a minute; at most a megabyte).
    /// Saved at once, offline too; the sound leaves with the next sync.
    pub async fn attach_voice(
        &self,
        request_id: String,
        bytes: Vec<u8>,
        media: AudioType,
        duration: Duration,
    ) -> Result<RequestView, JinlinError> {
        let ms = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
        self.with_device(move |d| {
            let id = doc_id(&request_id)?;
            d.attach_voice(id, &bytes, media.into(), ms)?;
            Ok(d.request(id)?.into())
        })
        .await
    }

    /// The voice note of a request with its sound: from this phone, or fetched from the relay
    /// and kept (only if it is the sound the request names).
    pub async fn voice_note(&self, request_id: String) -> Result<VoiceClip, JinlinError> {
        let id = doc_id(&request_id)?;
        let device = self.device().clone();
        spawn(async move {
            let client = registered(&device)?;
            let (note, bytes) = fetch_voice(&device, &client, id).await?;
            Ok(VoiceClip {
                media: note.media.into(),
                duration: millis(note.duration_ms),
                bytes,
            })
        })
        .await
    }
}
