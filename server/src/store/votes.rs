//! What the relay keeps of secret ballots until it seals them into the proposal
//! (`jinlin_model::docs::proposal::secret`): per proposal and unit of the roll, the latest
//! ballot received, with its voter, choices, receipt and the relay's receipt time. Only the relay
//! reads them; no sync answer carries them. [`VoteStore`] is part of every relay store.

use jinlin_model::docs::proposal::secret::SecretBallot;
use jinlin_model::{DocId, MemberId, Millis};

use crate::error::Error;

/// Storage for secret ballots.
pub trait VoteStore {
    /// Keeps `ballot`, cast by `voter` and received at `at`, as its unit's ballot for
    /// `proposal`, in place of an earlier one.
    fn put_secret_ballot(
        &self,
        proposal: DocId,
        voter: MemberId,
        ballot: &SecretBallot,
        at: Millis,
    ) -> Result<(), Error>;
    /// The ballots kept for `proposal`, one per unit, with their receipt times.
    fn secret_ballots(&self, proposal: DocId) -> Result<Vec<(SecretBallot, Millis)>, Error>;
}
