//! Who may read and write what on the relay, decided in one place. [`policy::Access`] is a
//! member's access, read once per call: the groups they read (over the group tree of
//! `jinlin_model::docs::group::tree`), the household registry they keep ([`registry`]), and the
//! requests they read because an urgent alert reached them. Every door asks it: sync answers and
//! uploads (`sync.rs`, `feed.rs`), live frames (`live.rs`), photos ([`photos`]) and alert grants.
//! A document kind the policy does not name cannot be read: adding a kind means adding its arm.

pub mod photos;
pub mod policy;
pub mod registry;

pub use jinlin_model::docs::group::tree::{GroupTree, Groups as Readable};
pub use policy::{Access, DocRef, Standing};
