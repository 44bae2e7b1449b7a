//! The core's behaviour, device by device: each test is one rule a person relies on.
//! Devices here meet through [`support::MiniRelay`], an in-memory stand-in for the relay's
//! document handling (it numbers sign-ups in arrival order exactly as the relay does); the
//! end-to-end tests in `tests/` use the real relay.

mod documents;
mod grid;
mod guard;
mod permissions;
mod reports;
mod signups;
mod sms;
mod standard;
mod status;
mod store;
mod support;
