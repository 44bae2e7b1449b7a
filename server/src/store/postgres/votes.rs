//! The PostgreSQL engine's side of secret ballots ([`VoteStore`] for [`PostgresStore`]): one row
//! per proposal and unit, replaced by a later ballot. The same statements as SQLite's
//! `sqlite/votes.rs`, in PostgreSQL's dialect.

use jinlin_model::docs::proposal::secret::SecretBallot;
use jinlin_model::{DocId, MemberId, Millis};

use super::PostgresStore;
use crate::error::Error;
use crate::store::VoteStore;

impl VoteStore for PostgresStore {
    fn put_secret_ballot(
        &self,
        proposal: DocId,
        voter: MemberId,
        ballot: &SecretBallot,
        at: Millis,
    ) -> Result<(), Error> {
        let choices = serde_json::to_string(&ballot.choices).map_err(|e| Error::Task(e.to_string()))?;
        let s = self.pool.get()?;
        s.execute(
            "INSERT INTO secret_ballots (proposal_id, unit, voter, choices, receipt, received_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (proposal_id, unit) DO UPDATE SET voter = excluded.voter,
               choices = excluded.choices, receipt = excluded.receipt, received_at = excluded.received_at
             WHERE excluded.received_at >= secret_ballots.received_at",
            &[
                &proposal.to_string(),
                &ballot.unit,
                &voter.to_string(),
                &choices,
                &ballot.receipt,
                &at,
            ],
        )?;
        Ok(())
    }

    fn secret_ballots(&self, proposal: DocId) -> Result<Vec<(SecretBallot, Millis)>, Error> {
        let s = self.pool.get()?;
        s.query(
            "SELECT unit, choices, receipt, received_at FROM secret_ballots WHERE proposal_id = $1 ORDER BY unit",
            &[&proposal.to_string()],
        )?
        .iter()
        .map(|r| {
            let (unit, choices, receipt, at): (String, String, String, Millis) =
                (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?);
            let choices = serde_json::from_str(&choices).map_err(|e| Error::CorruptDocument {
                id: proposal.to_string(),
                reason: format!("a stored ballot does not read: {e}"),
            })?;
            Ok((SecretBallot { unit, choices, receipt }, at))
        })
        .collect()
    }
}
