//! What the write rules judge a change to a request by: who asked for the help or raised it,
//! its status, and its sign-ups with their states. Read without the comments, whose number
//! grows with the thread: the relay reads this on every upload to a request, and the whole
//! view ([`super::read`]) there would cost a read of every comment for each new one.

use automerge::{ROOT, ReadDoc};

use super::signups::{self, SignupRecord, SignupView};
use super::{person, signup_records, status};
use crate::Person;
use crate::error::{Error, Result};
use crate::ids::MemberId;
use crate::kinds::{DocKind, Status};
use crate::read;
use crate::validate;

/// A request's parties, status and sign-ups.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// Who asked for the help.
    pub requester: Person,
    /// Who raised it on the requester's behalf, if someone did.
    pub raised_by: Person,
    /// Done, cancelled, in progress or open.
    pub status: Status,
    /// The sign-ups with their states (confirmed or standby by the relay's order and the slots).
    pub signups: Vec<SignupView>,
}

impl Standing {
    /// Whether `member` asked for this help or raised it on someone's behalf.
    pub fn is_requester(&self, member: MemberId) -> bool {
        super::view::asked_or_raised(&self.requester, &self.raised_by, member)
    }

    /// `member`'s sign-up, if they have one standing.
    pub fn signup_of(&self, member: MemberId) -> Option<&SignupView> {
        self.signups.iter().find(|s| s.member_id == member)
    }
}

/// Reads the standing of the request in `doc`; a document that is not a request is corrupt.
pub fn standing(doc: &impl ReadDoc) -> Result<Standing> {
    if read::str(doc, &ROOT, "type").as_deref() != Some(DocKind::Request.as_str()) {
        return Err(Error::CorruptDocument {
            id: read::str(doc, &ROOT, "id").unwrap_or_else(|| "(no id)".into()),
            reason: "not a request document".into(),
        });
    }
    let slots = read::int(doc, &ROOT, "slots")
        .unwrap_or(1)
        .clamp(1, validate::MAX_SLOTS) as u32;
    let records: Vec<SignupRecord> = signup_records(doc);
    Ok(Standing {
        requester: person(doc, "requester"),
        raised_by: person(doc, "raised_by"),
        status: status(doc),
        signups: signups::view(&records, slots),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RequestKind;
    use crate::docs::request;
    use crate::docs::request::{Actor, NewRequest};
    use crate::ids::DocId;

    #[test]
    fn the_standing_of_a_request_agrees_with_its_whole_view() {
        let (wang, li) = (MemberId::random(), MemberId::random());
        let mut req = NewRequest::new(DocId::random(), RequestKind::Hospital, "to the hospital");
        req.urgent = true;
        let grandma = Actor {
            id: wang,
            name: "Grandma Wang",
        };
        let neighbour = Actor { id: li, name: "Li" };
        let mut doc = request::create(DocId::random(), &req, grandma, 1).expect("raise");
        request::comment(&mut doc, neighbour, "on my way", 2).expect("comment");
        request::accept(&mut doc, neighbour, 3).expect("accept");
        let view = request::read(&doc).expect("view");
        let s = standing(&doc).expect("standing");
        assert_eq!(s.signups, view.signups);
        assert_eq!(s.status, view.status);
        assert!(s.is_requester(wang) && !s.is_requester(li));
        assert_eq!(s.signup_of(li), view.signup_of(li));
    }
}
