//! Syncing with a neighbour's phone when no relay can be reached (a basement, a power cut), the
//! phone's side of `jinlin_model::peer`.
//!
//! - [`keys`]: what the phone holds to be trusted by its neighbours and to trust them: its own
//!   signing key (made once, kept in its store), the relay's key pinned at registration, the
//!   credentials the relay last issued and the revocations it last announced.
//! - [`replica`]: the phone as a peer session reads it, and keeping what a session accepted as
//!   changes the relay does not hold yet (store and forward).
//!
//! - [`link`]: a link with a neighbour's phone as bytes in and bytes out (the session with its
//!   framing), for any transport: TCP in `net/peer.rs`, Bluetooth or Multipeer in the shells.
//!
//! The session itself is `jinlin_model::peer::session`.

pub mod keys;
pub mod link;
pub mod replica;
