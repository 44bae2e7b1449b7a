//! The SQLite engine's side of paired check-ins ([`CheckinStore`] for [`SqliteStore`]): one row
//! per pairing, its state as JSON and its next judgement indexed.

use jinlin_model::checkin::wire::PairingView;
use rusqlite::{TransactionBehavior, params};

use super::SqliteStore;
use crate::error::Error;
use crate::store::CheckinStore;
use crate::store::journal::JournalCheckin;

impl CheckinStore for SqliteStore {
    fn pairings(&self) -> Result<Vec<PairingView>, Error> {
        let rows: Vec<(String, String)> = {
            let conn = self.reader();
            let mut stmt = conn.prepare_cached("SELECT id, state FROM pairings")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        rows.into_iter()
            .map(|(id, state)| {
                serde_json::from_str(&state).map_err(|e| Error::CorruptDocument {
                    id,
                    reason: format!("a stored pairing does not read: {e}"),
                })
            })
            .collect()
    }

    fn save_pairings(&self, pairings: &[PairingView], _sent: &[JournalCheckin]) -> Result<(), Error> {
        let mut conn = self.writer_conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for p in pairings {
            let state = serde_json::to_string(p).map_err(|e| Error::Task(e.to_string()))?;
            tx.prepare_cached(
                "INSERT INTO pairings (id, group_id, state, next_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET state = excluded.state, next_at = excluded.next_at",
            )?
            .execute(params![
                p.pairing.id.to_string(),
                p.pairing.group_id.to_string(),
                state,
                p.next_judgement
            ])?;
        }
        tx.commit()?;
        Ok(())
    }
}
