//! Which check-in counts, and when. The relay judges by its own clock; a phone's own clock is
//! believed only within a stated bound.
//!
//! - A check-in that arrives within [`CLOCK_SKEW_MS`] of the time the phone signed it is a live
//!   one: it counts at the relay's time of arrival. So does any authenticated use of Jinlin by the
//!   person's (or proxy's) phone.
//! - A check-in made offline and delivered later counts at the phone's signed time only if it
//!   arrives before its day was judged missed, or no later than the end of the first
//!   neighbour's wait after the miss ([`late_bound`]). Past that a neighbour has been knocking and
//!   the alarm has widened on the strength of the relay's clock; a phone's clock cannot be trusted
//!   that far back, and a queued check-in that finally gets a link proves only that the phone has
//!   signal (it may be in the pocket of someone who fell). It is recorded but does not close the
//!   alarm; a fresh tap does.
//! - A signed time later than the relay's clock by more than [`CLOCK_SKEW_MS`] is refused.

use crate::clock::Millis;

/// How far a phone's clock may differ from the relay's for a check-in to count as live.
pub const CLOCK_SKEW_MS: Millis = 5 * 60_000;

/// How a check-in counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// At this time (the relay's arrival time for a live check-in, the signed time for one
    /// delivered late within the bound).
    At(Millis),
    /// Recorded, but too late to count for the day it was signed in.
    TooLate,
    /// The phone's clock is ahead of the relay's: refused.
    Ahead,
}

/// The latest arrival at which a check-in signed before the day was judged missed still counts:
/// the end of the first neighbour's wait after the miss.
pub fn late_bound(missed_at: Millis, wait_minutes: u32) -> Millis {
    missed_at + i64::from(wait_minutes) * 60_000
}

/// How a check-in signed at `signed` by the phone and arriving at `arrived` by the relay's clock
/// counts. `missed_at` is when the day it was signed in was judged missed, if it was, and
/// `wait_minutes` the pairing's wait.
pub fn count(signed: Millis, arrived: Millis, missed_at: Option<Millis>, wait_minutes: u32) -> Counted {
    if signed > arrived + CLOCK_SKEW_MS {
        return Counted::Ahead;
    }
    if arrived - signed <= CLOCK_SKEW_MS {
        return Counted::At(arrived);
    }
    match missed_at {
        Some(m) if signed < m && arrived > late_bound(m, wait_minutes) => Counted::TooLate,
        _ => Counted::At(signed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Millis = 60_000;

    #[test]
    fn a_live_check_in_counts_at_the_relays_time() {
        assert_eq!(count(1_000 * MIN, 1_002 * MIN, None, 15), Counted::At(1_002 * MIN));
    }

    #[test]
    fn an_offline_check_in_counts_at_its_signed_time_within_the_first_wait() {
        let missed = 1_000 * MIN;
        assert_eq!(count(940 * MIN, 1_010 * MIN, Some(missed), 15), Counted::At(940 * MIN));
        assert_eq!(count(940 * MIN, 1_016 * MIN, Some(missed), 15), Counted::TooLate);
        assert_eq!(count(940 * MIN, 990 * MIN, None, 15), Counted::At(940 * MIN));
    }

    #[test]
    fn a_phone_clock_ahead_of_the_relay_is_refused() {
        assert_eq!(count(1_010 * MIN, 1_000 * MIN, None, 15), Counted::Ahead);
    }
}
