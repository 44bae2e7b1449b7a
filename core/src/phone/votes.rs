//! Casting a ballot from the phone (议事): an open ballot is written on the phone and leaves with
//! the next sync (an offline one counts if it reaches the relay before the close); a secret
//! ballot goes straight to the relay, which keeps it apart from the proposal, so it needs the
//! relay in reach, and the phone keeps its receipt. After the close, any reader asks the relay
//! to seal a secret vote and syncs to receive the result.

use jinlin_model::docs::proposal::secret::Sealed;
use jinlin_model::error::Result;
use jinlin_model::ids::DocId;

use crate::phone::Phone;

impl Phone {
    /// Casts this member's ballot (or their household's) on proposal `id`, choosing options by
    /// their words or number from 1. Returns the open ballot's key, or the secret ballot's receipt.
    pub async fn cast_ballot(&self, id: DocId, choices: &[String]) -> Result<String> {
        if !self.device().proposal(id)?.secret {
            return self.device().vote(id, choices);
        }
        let (body, kept) = self.device().prepare_secret_ballot(id, choices)?;
        let answer = self.client()?.cast_secret(id, &body).await?;
        self.device().keep_secret_ballot(id, &kept)?;
        Ok(answer.receipt)
    }

    /// Asks the relay for a closed secret vote's seal, then syncs so the proposal holds it.
    pub async fn seal(&self, id: DocId) -> Result<Sealed> {
        let sealed = self.client()?.seal(id).await?;
        self.sync().await?;
        Ok(sealed)
    }
}
