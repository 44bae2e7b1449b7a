//! The service menu and orders through a real relay (居民点单、社区派单、团队接单, 邀邻评事): a
//! community publishes priced items by its teams, a resident orders one, staff dispatch it, a
//! team member accepts it, marks it done, and the resident rates it; the relay enforces who may
//! take each step. `cargo test --workspace --test services -- --list` reads as the
//! specification. The needs board (认领) and notices (让邻知事) go the same way: `board.rs`,
//! `notices.rs`.

mod board;
mod forged;
mod notices;
mod orders;
mod support;
mod teams;
