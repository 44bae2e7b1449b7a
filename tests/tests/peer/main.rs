//! Phones syncing with each other when no relay can be reached (a basement, a power cut): the
//! keys and membership credentials a phone receives from its relay, and the refusals and
//! forwarding of peer-to-peer sync, against a real relay on 127.0.0.1 and real phones with their
//! own stores. `cargo test --workspace --test peer -- --list` reads as its specification.

mod basement;
mod credentials;
mod refusals;
mod support;
mod wire;
