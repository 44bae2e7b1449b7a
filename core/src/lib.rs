//! Jinlin's core: everything a phone does, offline first. The rules it shares with the relay
//! (documents, write rules, the wire protocol) live in `jinlin_model`; this crate adds the
//! phone's layers on top:
//!
//! - [`store`]: one SQLite file per device, documents saved incrementally with their query
//!   tables in the same transaction. The only module that speaks SQL.
//! - [`device`]: [`Device`], the calls a shell makes on the phone's own data (groups, requests,
//!   the grid worker's registry, photo reports), and change notifications.
//! - [`sync`]: the sync protocol's phone side without I/O: what the next request carries, and
//!   applying an answer in one transaction.
//! - [`net`]: the only network code: the relay client with its retries, the live channel, TLS,
//!   photo transfer and the alert calls.
//! - [`peer`]: syncing with a neighbour's phone when no relay can be reached: the phone's keys
//!   and credentials, and the peer session.
//! - [`phone`]: [`Phone`], one device with its relay client and live channel, and the calls
//!   every shell makes (register, join, sync, go live, decline, the nearby list). The command
//!   line, the mobile bindings and the tests are thin wrappers over it.
//!
//! `src/README.md` maps each file to its concern.

pub mod device;
pub mod net;
pub mod peer;
pub mod phone;
pub mod store;
pub mod sync;

#[cfg(test)]
mod refusal_tests;

pub use device::events::{Event, Origin, Subscription};
pub use device::{Device, RemoteChanges, RequestFilter};
pub use jinlin_model::{
    Clock, DocId, DocKind, Error, GroupKind, GroupView, Identity, ManualClock, MemberId, MemberView, Millis,
    NewRequest, Person, Place, RequestKind, RequestView, Result, Role, SignupId, SignupState, Skill, Status,
    SystemClock,
};
pub use phone::Phone;
pub use store::refused::RefusedChange;
