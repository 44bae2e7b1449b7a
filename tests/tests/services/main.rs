//! The service menu and orders through a real relay (居民点单、社区派单、团队接单, 邀邻评事): a
//! community publishes priced items by its teams, a resident orders one, staff dispatch it, a
//! team member accepts it, marks it done, and the resident rates it; the relay enforces who may
//! take each step. `cargo test --workspace --test services -- --list` reads as the
//! specification. The same binary tells how an estate deliberates and votes (议事), and how the
//! needs board (认领) and notices (让邻知事) go: `board.rs`, `notices.rs`.

mod board;
mod estate_vote;
mod forged;
mod forged_votes;
mod notices;
mod orders;
mod secret_votes;
mod support;
mod teams;
mod votes;
