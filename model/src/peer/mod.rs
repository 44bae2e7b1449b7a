//! Phones syncing with each other when no relay can be reached (a basement, a power cut): the
//! rules both sides of a peer link share, without I/O.
//!
//! - [`credential`]: the membership credential a relay signs for a device (member, the device's
//!   public key, groups and roles, expiry), checked by a peer against the relay key the device
//!   pinned when it registered, and the device's own signing key.
//! - [`handshake`]: the challenge–response by which two phones prove to each other, offline, that
//!   each holds the key its credential names, as messages in and messages out.

pub mod credential;
pub mod handshake;
