//! Jinlin's core: everything a phone does, offline first.
//!
//! - Documents: groups and help requests are Automerge documents ([`group_doc`],
//!   [`request_doc`]), read into plain views ([`views`]); who is confirmed is a pure function of
//!   the document ([`signups`]).
//! - Store: one SQLite file per device ([`store`]), documents saved incrementally with their
//!   query tables in the same transaction.
//! - API: [`Device`] is what a shell drives.
//! - Sync: [`sync`] turns the store into sync requests and applies responses, without I/O;
//!   [`client`] moves them over HTTP to the relay and [`live`] keeps a WebSocket open to it.
//!
//! `src/README.md` maps each file to its concern.

pub mod alerts_api;
pub mod am;
pub mod assignees;
pub mod blob_sync;
pub mod blobs;
pub mod client;
pub mod clock;
pub mod dates;
pub mod device;
pub mod dispatch;
pub mod error;
pub mod events;
pub mod grid;
pub mod group_doc;
pub mod guard;
pub mod household_doc;
pub mod identity;
pub mod ids;
pub mod installation;
pub mod invite_code;
pub mod kinds;
pub mod live;
pub mod nearness;
pub mod protocol;
pub mod report_doc;
pub mod reports;
pub mod request_doc;
pub mod signups;
pub mod sms;
pub mod store;
pub mod sync;
pub mod tls;
pub mod untrusted;
pub mod validate;
pub mod views;

pub use clock::{Clock, ManualClock, Millis, SystemClock};
pub use device::{Device, RemoteChanges, RequestFilter};
pub use error::{Error, Result};
pub use events::{Event, Origin, Subscription};
pub use identity::Identity;
pub use ids::{DocId, MemberId, SignupId};
pub use kinds::{GroupKind, RequestKind, Role, SignupState, Skill, Status};
pub use request_doc::NewRequest;
pub use store::refused::RefusedChange;
pub use views::{GroupView, MemberView, Person, Place, RequestView};
