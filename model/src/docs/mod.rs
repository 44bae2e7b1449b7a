//! The document kinds, one folder each. A folder holds its kind's layout (the Automerge
//! keys), its changes (what a device or the relay writes), its view (what a shell shows) and its
//! write rules. [`DocKind`] names the kinds wherever a document's type is stored or sent.
//! [`guard`] checks a change received from elsewhere against the write rules.

pub mod fields;
pub mod group;
pub mod guard;
pub mod household;
pub mod kind;
pub mod need;
pub mod notice;
pub mod order;
pub mod proposal;
pub mod rating;
pub mod report;
pub mod request;

pub use kind::DocKind;
