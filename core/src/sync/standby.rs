//! "No longer needed", for a volunteer whose sign-up was made offline. The relay tells alerted
//! members so over the live channel or a push when the slots fill; a phone that had no link then
//! learns it from the document instead: a sign-up of its member that was tentative before a sync
//! and stands in line (standby) after it, on a request that is not final, means enough people
//! were already coming. The phone then emits [`Event::NoLongerNeeded`], as if the relay had said
//! it. A claim of a need on the board is told the same way: claimed offline, and on standby once
//! the relay's numbering arrives, because someone else's claim reached the relay first.

use crate::device::events::Event;
use crate::sync::replica::Replica;
use jinlin_model::DocKind;
use jinlin_model::error::Result;
use jinlin_model::ids::{DocId, MemberId};
use jinlin_model::kinds::SignupState;
use jinlin_model::protocol::DocChanges;

/// The requests and needs in `docs` on which this device's member holds a tentative sign-up or
/// claim now.
pub fn tentative(device: &impl Replica, docs: &[DocChanges]) -> Result<Vec<(DocId, DocKind)>> {
    let Some(me) = device.member()? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for d in docs {
        let now = match d.doc_type {
            DocKind::Request => state(device, d.doc_id, me),
            DocKind::Need => device.need_claim(d.doc_id, me).map(|(s, _)| s),
            _ => None,
        };
        if now == Some(SignupState::Tentative) {
            out.push((d.doc_id, d.doc_type));
        }
    }
    Ok(out)
}

/// After the answer was applied: tells the member about each of `was_tentative` where they now
/// stand in line.
pub fn tell(device: &impl Replica, was_tentative: &[(DocId, DocKind)]) -> Result<()> {
    let Some(me) = device.member()? else {
        return Ok(());
    };
    for (id, kind) in was_tentative {
        let standing_by = match kind {
            DocKind::Need => device
                .need_claim(*id, me)
                .is_some_and(|(s, open)| s == SignupState::Standby && open),
            _ => {
                let Ok(view) = device.request(*id) else { continue };
                view.signup_of(me).is_some_and(|s| s.state == SignupState::Standby) && !view.status.is_final()
            }
        };
        if standing_by {
            device.emit(Event::NoLongerNeeded { id: *id });
        }
    }
    Ok(())
}

fn state(device: &impl Replica, id: DocId, me: MemberId) -> Option<SignupState> {
    device.request(id).ok()?.signup_of(me).map(|s| s.state)
}
