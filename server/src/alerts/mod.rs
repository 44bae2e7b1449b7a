//! Urgent alerts on the relay: runs the core's sans-IO [`Dispatch`] for every urgent request and
//! carries out what it asks.
//!
//! - When an urgent request first reaches the relay (a sync upload), its candidates are built
//!   ([`candidates`]), a dispatch starts and is saved in SQLite before anything goes out.
//! - Alerts go over the live channel at once to members connected now ([`LiveMessage::Alert`]
//!   carries the whole request, so a member alerted from outside its group can read it), and
//!   through the member's push adapter otherwise ([`push`]); the same for "no longer needed".
//! - Every later change to the request (sign-ups, relay order, status) feeds
//!   [`Dispatch::on_request_changed`]; a decline feeds [`Dispatch::on_decline`].
//! - A timer task ([`run_timers`]) wakes at the earliest deadline by the relay's clock and calls
//!   [`Dispatch::on_tick`]; on start the open dispatches are loaded back, and deadlines already
//!   past fire at once.
//! - While an alert stands, the alerted member may read (and sign up to) that one request even
//!   if it sits in a group they do not read. An alerted member who signs up (online, or offline
//!   and arriving after the others were stood down) keeps reading it, its end included; that is
//!   saved on their alert row, so it survives a restart. A member who declined, or was stood
//!   down without signing up, keeps no access.
//! - A filled dispatch that falls short again (the only confirmed volunteer withdrew) reopens:
//!   the next circle is alerted at once.
//!
//! Lock order: the writer lock, then the open dispatches; the live channel takes only the
//! latter.
//!
//! Files: [`state`] (what is kept in memory), [`dispatch`] (planning and carrying out steps),
//! [`answers`] (declines, receipts, grants), [`widen`] (staff widen an alert now), [`tasks`]
//! (timers, receipts, pushes),
//! [`candidates`] (who could be alerted), [`zone`] (the settings in the group's time zone) and
//! [`push`] (push adapters).

pub mod answers;
pub mod candidates;
pub mod dispatch;
pub mod push;
pub mod state;
pub mod tasks;
pub mod widen;
pub mod zone;

pub use state::{Alerts, PushJob, RECEIPTS_GATHER, RECEIPTS_QUIET, TIMER_RECHECK};
pub use tasks::{run_pushes, run_receipts, run_timers};
