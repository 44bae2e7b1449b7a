//! The sync protocol's device side, without I/O: it turns the store into [`SyncRequest`]s and
//! applies [`SyncResponse`]s to it. [`crate::net::client`] only moves the bytes.
//!
//! One sync is a [`Session`]: ask it for the next request, send it, hand it the response, and
//! repeat until it has nothing more to send. Usually that is one round trip: the request carries
//! the device's feed positions and every local change the relay lacks, the response carries the
//! relay's verdict on each uploaded document and every change the device lacks. A second round
//! happens only when the relay has more to send than fits one response, when uploads exceed
//! [`UPLOAD_BUDGET_BYTES`](jinlin_model::protocol::UPLOAD_BUDGET_BYTES), or when the relay needs a
//! document's whole history.
//!
//! - [`outgoing`]: which changes go into the next request.
//! - [`incoming`]: decoding a response and applying it in one transaction.
//! - [`heads`]: what the relay is known to hold after an exchange.
//! - [`session`]: the loop's state and its [`SyncReport`].
//! - [`standby`]: "no longer needed" for a sign-up made offline that arrives after the slots filled.
//!
//! [`SyncRequest`]: jinlin_model::protocol::SyncRequest
//! [`SyncResponse`]: jinlin_model::protocol::SyncResponse

pub mod heads;
pub mod incoming;
pub mod outgoing;
pub mod replica;
pub mod report;
pub mod session;
pub mod standby;

pub use outgoing::Outgoing;
pub use replica::Replica;
pub use report::{Rejection, SyncReport};
pub use session::Session;

#[cfg(test)]
mod refused_tests;
#[cfg(test)]
mod saved_tests;
#[cfg(test)]
mod tests;
