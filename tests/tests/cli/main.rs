//! The `jinlin` command line, run as a real process against a real relay: the contract's
//! commands, flags and JSON keys, offline behaviour, live events and the demo.

mod assign;
mod contract;
mod demo;
mod devices;
mod language;
mod offline;
mod peer;
mod refused;
mod refused_calls;
mod relay_down;
mod requests;
mod story;
mod tree;
mod watch;
