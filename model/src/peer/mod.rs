//! Phones syncing with each other when no relay can be reached (a basement, a power cut): the
//! rules both sides of a peer link share, without I/O.
//!
//! - [`credential`]: the membership credential a relay signs for a device (member, the device's
//!   public key, groups and roles, expiry), checked by a peer against the relay key the device
//!   pinned when it registered, and the device's own signing key.
//! - [`authorship`]: a change's author's signature, which lets a phone carry a neighbour's
//!   changes to the relay (or to another phone) as the neighbour's.
//! - [`handshake`]: the challenge–response by which two phones prove to each other, offline, that
//!   each holds the key its credential names, as messages in and messages out.
//! - [`frame`]: the frames phones send each other over any byte stream.
//! - [`stream`]: frames on the byte stream (plain or packed) and reading them back as bytes
//!   arrive.
//! - `gaps`: dependencies a bloom filter's false positive would hold back, sent anyway, so a
//!   session keeps to three round trips.
//! - [`pack`]: what a phone says at once after the handshake, deflated into one packet, and
//!   the bound on what a packet may inflate to.
//! - [`entitled`]: what a credential entitles its holder to, by the relay's access rule.
//! - [`session`]: a whole peer sync session (handshake, then Automerge sync in turns, checking
//!   every received change's signature and write rules), without I/O.

pub mod authorship;
mod checks;
pub mod credential;
pub mod entitled;
pub mod frame;
mod gaps;
pub mod handshake;
pub mod pack;
pub mod session;
pub mod stream;
#[cfg(test)]
mod tests;
