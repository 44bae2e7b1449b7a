//! A voice note on one's own request, on [`Device`]: the recorded sound is kept as an
//! attachment of the request's group (it leaves with the next sync through the resumable photo
//! upload) and the request names it with its audio type, length and size. Everything is checked
//! before anything is written: a note too long or too large, on someone else's request, or on a
//! request that is over writes nothing.

use jinlin_model::docs::request::voice::{self, VoiceNote};
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::kinds::{AudioType, Status};
use jinlin_model::photo::hash_of;
use jinlin_model::refusal::Refusal;

use crate::device::Device;

impl Device {
    /// Records `bytes` (`media`, playing `duration_ms`) as the voice note of request `id`,
    /// replacing any before it. Only the one who asked, while the request is not over.
    pub fn attach_voice(&self, id: DocId, bytes: &[u8], media: AudioType, duration_ms: i64) -> Result<VoiceNote> {
        let me = self.identity()?.ok_or(Error::NoIdentity)?;
        let view = self.request(id)?;
        let mine = [view.requester.member_id, view.raised_by.member_id].contains(&Some(me.member_id));
        if !mine {
            return Err(Error::NotAllowed(Refusal::RequestVoice.en()));
        }
        if matches!(view.status, Status::Done | Status::Cancelled) {
            return Err(Error::RequestFinal(view.status));
        }
        let note = VoiceNote {
            blob: hash_of(bytes),
            media,
            duration_ms,
            bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        };
        note.check()?;
        self.add_blob(view.group_id, bytes)?;
        self.act(id, |doc, _, _| voice::put(doc, &note))?;
        Ok(note)
    }
}
