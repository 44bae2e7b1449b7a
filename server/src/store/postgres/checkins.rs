//! The PostgreSQL engine's side of paired check-ins ([`CheckinStore`] for [`PostgresStore`]):
//! one row per pairing, its state as JSON and its next judgement indexed. The same statements as
//! SQLite's `sqlite/checkins.rs`, in PostgreSQL's dialect.

use jinlin_model::checkin::wire::PairingView;

use super::PostgresStore;
use crate::error::Error;
use crate::store::CheckinStore;
use crate::store::journal::{Journal, JournalCheckin};

impl CheckinStore for PostgresStore {
    fn pairings(&self) -> Result<Vec<PairingView>, Error> {
        let s = self.pool.get()?;
        s.query("SELECT id, state FROM pairings", &[])?
            .iter()
            .map(|r| {
                let (id, state): (String, String) = (r.try_get(0)?, r.try_get(1)?);
                serde_json::from_str(&state).map_err(|e| Error::CorruptDocument {
                    id,
                    reason: format!("a stored pairing does not read: {e}"),
                })
            })
            .collect()
    }

    fn save_pairings(&self, pairings: &[PairingView], sent: &[JournalCheckin]) -> Result<(), Error> {
        let s = self.pool.get()?;
        let tx = s.transaction()?;
        for p in pairings {
            let state = serde_json::to_string(p).map_err(|e| Error::Task(e.to_string()))?;
            tx.execute(
                "INSERT INTO pairings (id, group_id, state, next_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (id) DO UPDATE SET state = excluded.state, next_at = excluded.next_at",
                &[
                    &p.pairing.id.to_string(),
                    &p.pairing.group_id.to_string(),
                    &state,
                    &p.next_judgement,
                ],
            )?;
        }
        let journal = Journal {
            checkins: !pairings.is_empty(),
            checkin_alerts: sent.to_vec(),
            ..Journal::default()
        };
        super::cluster::append(&tx, self.instance, &self.channel, &journal)?;
        tx.commit()
    }
}
