//! Jinlin for Android and iOS: a uniffi API over the core.
//!
//! One object, [`JinlinClient`], opened with a store path and a relay URL, carries every user
//! action as an async function. The layers, one file each:
//! - [`runtime`]: the single tokio runtime this library owns; every call runs its work there.
//! - [`client`]: the [`JinlinClient`] object and its actions.
//! - [`views`] and [`kinds`]: the records and enums a shell shows, mapped one to one from the
//!   core's views.
//! - [`relay`]: the calls that need the relay (register, join, invite, sync, decline, live
//!   channel), each a thin step over the core's `Phone`, which also holds the nearby and
//!   follow-up lists and the decline rule every shell shares.
//! - [`alerts`]: urgent alerts from the phone's side: alert settings, receipts and "seen", the
//!   relay's own certificate authority, and the text message offered when a request cannot go out.
//! - [`checkin`]: paired neighbours and the daily "I'm fine": the tap (kept offline), pairings,
//!   consent, deadline, pause, answers to an alarm, the lifeline, and a listener for alarms.
//! - [`orders`]: the service menu, orders and ratings; [`teams`]: staff's teams and menu;
//!   [`ratings`]: one order, ratings per team and volunteer, and taking back an invite code.
//! - [`board`] and [`board_staff`]: the needs board and notices, and staff's tools on them.
//! - [`peer`]: syncing with a neighbour's phone over the shell's own transport (bytes in, bytes
//!   out) when no relay can be reached.
//! - [`grid`]: the visit log of grid workers (households, who is due, visits, their corrections
//!   and history, follow-ups, coverage); [`household_needs`]: the needs found on visits, handed
//!   on and resolved; [`households`]: one household whole, and the members who cast its ballot.
//! - [`voice`]: a voice note on one's own request, and its sound fetched on a neighbour's phone;
//!   [`voice_note`]: the note as a request names it.
//! - [`reports`]: photos kept on the phone and fetched from the relay, and residents' photo
//!   reports from raised to closed.
//! - [`refusal`]: the relay's refusals in the language the phone shows, with their stable codes.
//! - [`error`]: the one [`JinlinError`] the shells see, each case with its fields, converted
//!   from the core's error in one place; [`messages`]: its stable codes and message keys.
//! - [`numbers`]: whole numbers cross the boundary signed (Kotlin `Int`/`Long`, Swift
//!   `Int32`/`Int64`, never unsigned); what comes in is checked, what goes out saturates.
//! - [`listeners`] and [`task_handle`]: foreign listener traits, and the handle that stops a
//!   subscription on `cancel()` or when dropped.
//!
//! `ffi/README.md` tells how the bindings are generated.

// The scaffolding that `uniffi::setup_scaffolding!` and the `#[uniffi::export]` macros expand to
// is `extern "C"` glue that must dereference raw pointers handed over by the foreign side; it
// cannot be written without `unsafe`. This crate's own code uses none.
#![allow(unsafe_code)]

uniffi::setup_scaffolding!();

pub mod alerts;
pub mod board;
pub mod board_staff;
pub mod checkin;
pub mod client;
pub mod dashboard;
pub mod error;
pub mod grid;
pub mod household_needs;
pub mod households;
pub mod kinds;
pub mod listeners;
pub mod messages;
pub mod numbers;
pub mod orders;
pub mod peer;
pub mod proposals;
pub mod ratings;
pub mod refusal;
pub mod relay;
pub mod reports;
pub mod runtime;
pub mod task_handle;
pub mod teams;
pub mod time;
pub mod views;
pub mod voice;
pub mod voice_note;

#[cfg(test)]
mod testing;

pub use client::JinlinClient;
pub use error::{JinlinError, Missing};
pub use task_handle::TaskHandle;
