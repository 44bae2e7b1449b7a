//! The SQLite engine's side of the dashboard's sign-ins ([`DeskStore`] for [`SqliteStore`]).

use jinlin_model::{MemberId, Millis};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::SqliteStore;
use crate::error::Error;
use crate::store::Digest;
use crate::store::desks::{DeskStore, PairingState, PutPairing, Session, session_of};

fn session_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, Millis, Vec<u8>)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

impl DeskStore for SqliteStore {
    fn put_pairing(
        &self,
        secret: &Digest,
        code: &str,
        expires_at: Millis,
        now: Millis,
        max: usize,
    ) -> Result<PutPairing, Error> {
        let mut conn = self.writer_conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM desk_pairings WHERE expires_at <= ?1", [now])?;
        let waiting: i64 = tx.query_row("SELECT count(*) FROM desk_pairings", [], |r| r.get(0))?;
        if waiting as usize >= max {
            return Ok(PutPairing::Full);
        }
        let taken: i64 = tx.query_row("SELECT count(*) FROM desk_pairings WHERE code = ?1", [code], |r| {
            r.get(0)
        })?;
        if taken > 0 {
            return Ok(PutPairing::CodeTaken);
        }
        tx.execute(
            "INSERT INTO desk_pairings (secret_hash, code, expires_at, state) VALUES (?1, ?2, ?3, 'waiting')",
            params![&secret[..], code, expires_at],
        )?;
        tx.commit()?;
        Ok(PutPairing::Kept)
    }

    fn answer_pairing(&self, code: &str, answer: PairingState, now: Millis) -> Result<bool, Error> {
        let (state, member) = answer.to_row();
        let n = self.writer_conn().execute(
            "UPDATE desk_pairings SET state = ?2, member_id = ?3
             WHERE code = ?1 AND expires_at > ?4 AND state = 'waiting'",
            params![code, state, member, now],
        )?;
        Ok(n > 0)
    }

    fn pairing(&self, secret: &Digest, now: Millis) -> Result<PairingState, Error> {
        let row: Option<(String, Option<String>)> = self
            .reader()
            .query_row(
                "SELECT state, member_id FROM desk_pairings WHERE secret_hash = ?1 AND expires_at > ?2",
                params![&secret[..], now],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            Some((state, member)) => PairingState::from_row(&state, member),
            None => Ok(PairingState::Expired),
        }
    }

    fn claim_pairing(&self, secret: &Digest, session_secret: &Digest, session: &Session) -> Result<bool, Error> {
        let mut conn = self.writer_conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let claimed = tx.execute(
            "DELETE FROM desk_pairings WHERE secret_hash = ?1 AND state = 'approved'",
            [&secret[..]],
        )?;
        if claimed == 0 {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO desk_sessions (secret_hash, member_id, csrf, expires_at, installation) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                &session_secret[..],
                session.member.to_string(),
                session.csrf,
                session.expires_at,
                &session.installation[..]
            ],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn session(&self, secret: &Digest, now: Millis) -> Result<Option<Session>, Error> {
        let row = self
            .reader()
            .query_row(
                "SELECT member_id, csrf, expires_at, installation FROM desk_sessions
                 WHERE secret_hash = ?1 AND expires_at > ?2",
                params![&secret[..], now],
                session_row,
            )
            .optional()?;
        row.map(session_of).transpose()
    }

    fn end_session(&self, secret: &Digest) -> Result<(), Error> {
        self.writer_conn()
            .execute("DELETE FROM desk_sessions WHERE secret_hash = ?1", [&secret[..]])?;
        Ok(())
    }

    fn end_member_sessions(&self, member: MemberId, now: Millis) -> Result<(), Error> {
        self.writer_conn().execute(
            "DELETE FROM desk_sessions WHERE member_id = ?1 OR expires_at <= ?2",
            params![member.to_string(), now],
        )?;
        Ok(())
    }

    fn open_sessions(&self, now: Millis) -> Result<usize, Error> {
        let n: i64 =
            self.reader()
                .query_row("SELECT count(*) FROM desk_sessions WHERE expires_at > ?1", [now], |r| {
                    r.get(0)
                })?;
        Ok(n.max(0) as usize)
    }
}
