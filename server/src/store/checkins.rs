//! What paired check-ins keep on disk: each pairing's whole state ([`PairingView`]: the pairing,
//! when it is judged next, the watch over a missed day with its timer, past watches), so a
//! restart between a deadline and the next circle still widens, once. [`CheckinStore`] is part
//! of every relay store.

use jinlin_model::checkin::wire::PairingView;

use crate::error::Error;
use crate::store::journal::JournalCheckin;

/// Storage for pairings.
pub trait CheckinStore {
    /// Every pairing.
    fn pairings(&self) -> Result<Vec<PairingView>, Error>;
    /// Saves these pairings' states in one transaction, with the alerts their judgement sends
    /// (for the other relay instances sharing the store: `journal.rs`).
    fn save_pairings(&self, pairings: &[PairingView], sent: &[JournalCheckin]) -> Result<(), Error>;
}
