//! Jinlin's model: every rule phones and the relay share, without I/O (no network, no store, no
//! async runtime). Both the phone's core and the relay depend on it, so a rule is written once.
//!
//! - Vocabulary: [`ids`], [`kinds`], [`identity`], [`clock`], [`dates`], [`zone`], [`validate`], [`error`].
//! - Documents: [`docs`] has one folder per document kind (group, request, household, report),
//!   each with its layout, its changes, its view and its write rules; [`docs::DocKind`] names
//!   the kinds. [`read`] reads Automerge values leniently and [`untrusted`] decodes bytes from
//!   the network so that a decoder panic is only an error.
//! - Between devices and the relay: [`protocol`] (wire messages), [`invite_code`], [`photo`]
//!   (content-addressed attachments), [`dispatch`] (who is alerted for an urgent request, and
//!   when the circle widens), [`checkin`] (paired neighbours and the daily "I'm fine"),
//!   [`access`] (who may read which document, on the relay and between phones) and [`peer`]
//!   (phones syncing with each other with no relay: credentials, handshake, authorship, session).
//! - [`language`]: Chinese first, English second; each recipient's own. [`sms`]: the text
//!   messages a phone offers without the relay, one language per recipient, fitting one SMS
//!   where they can. [`push`]: the words of the relay's pushes, in the recipient's language.
//!   [`refusal`]: every reason a write rule or the relay refuses with, as a stable code and its
//!   English (the wire's text) and Chinese sentences, said on the reader's phone in her language.
//! - Storage shared by both sides: [`migrate`], the numbered-migration runner.

pub mod access;
pub mod checkin;
pub mod clock;
pub mod dates;
pub mod dispatch;
pub mod docs;
pub mod error;
pub mod identity;
pub mod ids;
pub mod invite_code;
pub mod kinds;
pub mod language;
pub mod migrate;
pub mod peer;
pub mod photo;
pub mod protocol;
pub mod push;
pub mod read;
pub mod refusal;
pub mod sms;
pub mod untrusted;
pub mod validate;
pub mod zone;

pub use clock::{Clock, ManualClock, Millis, SystemClock};
pub use docs::DocKind;
pub use docs::group::view::{GroupView, MemberView, TeamView, VisitIntervals};
pub use docs::request::NewRequest;
pub use docs::request::view::{CommentView, Person, Place, RequestView, place_words};
pub use error::{Error, Result};
pub use identity::Identity;
pub use ids::{DocId, MemberId, SignupId};
pub use kinds::{GroupKind, RequestKind, Role, SignupState, Skill, Status};
pub use language::Language;
