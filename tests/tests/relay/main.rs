//! The relay, tested from outside: a real relay on 127.0.0.1:0 over SQLite in a temporary
//! directory, or over a fresh PostgreSQL schema when `JINLIN_TEST_DATABASE_URL` is set
//! ([`jinlin_tests::Relay`]), real devices with their own stores syncing by hand
//! ([`jinlin_tests::wire`]), real HTTP and WebSocket. `cargo test --workspace --test relay --
//! --list` reads as the relay's specification.

mod access;
mod cluster;
mod durability;
mod groups;
mod invites;
mod limits;
mod live;
mod metrics;
mod postgres;
mod proxies;
mod registration;
mod revocation;
mod settings;
mod signups;
mod sync;
