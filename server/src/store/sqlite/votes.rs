//! The SQLite engine's side of secret ballots ([`VoteStore`] for [`SqliteStore`]): one row per
//! proposal and unit, replaced by a later ballot.

use jinlin_model::docs::proposal::secret::SecretBallot;
use jinlin_model::{DocId, MemberId, Millis};
use rusqlite::params;

use super::SqliteStore;
use crate::error::Error;
use crate::store::VoteStore;

impl VoteStore for SqliteStore {
    fn put_secret_ballot(
        &self,
        proposal: DocId,
        voter: MemberId,
        ballot: &SecretBallot,
        at: Millis,
    ) -> Result<(), Error> {
        let choices = serde_json::to_string(&ballot.choices).map_err(|e| Error::Task(e.to_string()))?;
        self.writer_conn()
            .prepare_cached(
                "INSERT INTO secret_ballots (proposal_id, unit, voter, choices, receipt, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (proposal_id, unit) DO UPDATE SET voter = excluded.voter,
                   choices = excluded.choices, receipt = excluded.receipt, received_at = excluded.received_at
                 WHERE excluded.received_at >= secret_ballots.received_at",
            )?
            .execute(params![
                proposal.to_string(),
                ballot.unit,
                voter.to_string(),
                choices,
                ballot.receipt,
                at
            ])?;
        Ok(())
    }

    fn secret_ballots(&self, proposal: DocId) -> Result<Vec<(SecretBallot, Millis)>, Error> {
        let rows: Vec<(String, String, String, Millis)> = {
            let conn = self.reader();
            let mut stmt = conn.prepare_cached(
                "SELECT unit, choices, receipt, received_at FROM secret_ballots WHERE proposal_id = ?1 ORDER BY unit",
            )?;
            let rows = stmt.query_map([proposal.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        rows.into_iter()
            .map(|(unit, choices, receipt, at)| {
                let choices = serde_json::from_str(&choices).map_err(|e| Error::CorruptDocument {
                    id: proposal.to_string(),
                    reason: format!("a stored ballot does not read: {e}"),
                })?;
                Ok((SecretBallot { unit, choices, receipt }, at))
            })
            .collect()
    }
}
