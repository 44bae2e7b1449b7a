//! Paired neighbours (结对) and the daily "I'm fine" (我很好): the rules phones and the relay share.
//!
//! A person living alone is paired with one to three neighbours, in order, by staff or a grid
//! worker. Both sides consent. Each day the person (or the proxy phone that answers for someone
//! without a smartphone) checks in before a deadline of their choosing; any use of Jinlin counts.
//! The relay judges a missed day by its own clock, deadline plus grace, and then alerts the first
//! paired neighbour; with no answer within the pairing's wait it widens to the next neighbour, the
//! building's volunteers, then the grid workers and staff.
//!
//! Files: [`pairing`] (the record, its checks and its schedule), [`checkins`] (which check-in
//! counts for which day, and the bound on a phone's own clock), [`watch`] (the sans-IO state
//! machine of one missed day), [`lifeline`] (the neighbours' numbers and the text messages offered
//! without a link), [`wire`] (the messages on the wire).

pub mod checkins;
pub mod lifeline;
pub mod pairing;
pub mod watch;
pub mod wire;

pub use pairing::{MAX_NEIGHBOURS, PairedNeighbour, Pairing};
pub use watch::{Answer, Circles, Outcome, Watch};
