//! The PostgreSQL engine's side of the dashboard's sign-ins ([`DeskStore`] for
//! [`PostgresStore`]). The same statements as SQLite's `sqlite/desks.rs`, in PostgreSQL's
//! dialect; a claim is one transaction, so two instances cannot both turn one approval into a
//! session.

use jinlin_model::{MemberId, Millis};

use super::PostgresStore;
use crate::error::Error;
use crate::store::Digest;
use crate::store::desks::{DeskStore, PairingState, PutPairing, Session, session_of};

impl DeskStore for PostgresStore {
    fn put_pairing(
        &self,
        secret: &Digest,
        code: &str,
        expires_at: Millis,
        now: Millis,
        max: usize,
    ) -> Result<PutPairing, Error> {
        let s = self.pool.get()?;
        let tx = s.transaction()?;
        // One pairing made at a time, so the count and the code stay true until the insert.
        tx.execute("LOCK TABLE desk_pairings IN SHARE ROW EXCLUSIVE MODE", &[])?;
        tx.execute("DELETE FROM desk_pairings WHERE expires_at <= $1", &[&now])?;
        let waiting: i64 = tx.query_one("SELECT count(*) FROM desk_pairings", &[])?.try_get(0)?;
        if waiting as usize >= max {
            return Ok(PutPairing::Full);
        }
        let taken: i64 = tx
            .query_one("SELECT count(*) FROM desk_pairings WHERE code = $1", &[&code])?
            .try_get(0)?;
        if taken > 0 {
            return Ok(PutPairing::CodeTaken);
        }
        tx.execute(
            "INSERT INTO desk_pairings (secret_hash, code, expires_at, state) VALUES ($1, $2, $3, 'waiting')",
            &[&&secret[..], &code, &expires_at],
        )?;
        tx.commit()?;
        Ok(PutPairing::Kept)
    }

    fn answer_pairing(&self, code: &str, answer: PairingState, now: Millis) -> Result<bool, Error> {
        let (state, member) = answer.to_row();
        let s = self.pool.get()?;
        let n = s.execute(
            "UPDATE desk_pairings SET state = $2, member_id = $3
             WHERE code = $1 AND expires_at > $4 AND state = 'waiting'",
            &[&code, &state, &member, &now],
        )?;
        Ok(n > 0)
    }

    fn pairing(&self, secret: &Digest, now: Millis) -> Result<PairingState, Error> {
        let s = self.pool.get()?;
        match s.query_opt(
            "SELECT state, member_id FROM desk_pairings WHERE secret_hash = $1 AND expires_at > $2",
            &[&&secret[..], &now],
        )? {
            Some(r) => PairingState::from_row(&r.try_get::<_, String>(0)?, r.try_get(1)?),
            None => Ok(PairingState::Expired),
        }
    }

    fn claim_pairing(&self, secret: &Digest, session_secret: &Digest, session: &Session) -> Result<bool, Error> {
        let s = self.pool.get()?;
        let tx = s.transaction()?;
        let claimed = tx.execute(
            "DELETE FROM desk_pairings WHERE secret_hash = $1 AND state = 'approved'",
            &[&&secret[..]],
        )?;
        if claimed == 0 {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO desk_sessions (secret_hash, member_id, csrf, expires_at, installation) VALUES ($1, $2, $3, $4, $5)",
            &[
                &&session_secret[..],
                &session.member.to_string(),
                &session.csrf,
                &session.expires_at,
                &&session.installation[..],
            ],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn session(&self, secret: &Digest, now: Millis) -> Result<Option<Session>, Error> {
        let s = self.pool.get()?;
        s.query_opt(
            "SELECT member_id, csrf, expires_at, installation FROM desk_sessions
             WHERE secret_hash = $1 AND expires_at > $2",
            &[&&secret[..], &now],
        )?
        .map(|r| session_of((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .transpose()
    }

    fn end_session(&self, secret: &Digest) -> Result<(), Error> {
        let s = self.pool.get()?;
        s.execute("DELETE FROM desk_sessions WHERE secret_hash = $1", &[&&secret[..]])?;
        Ok(())
    }

    fn end_member_sessions(&self, member: MemberId, now: Millis) -> Result<(), Error> {
        let s = self.pool.get()?;
        s.execute(
            "DELETE FROM desk_sessions WHERE member_id = $1 OR expires_at <= $2",
            &[&member.to_string(), &now],
        )?;
        Ok(())
    }

    fn open_sessions(&self, now: Millis) -> Result<usize, Error> {
        let s = self.pool.get()?;
        let n: i64 = s
            .query_one("SELECT count(*) FROM desk_sessions WHERE expires_at > $1", &[&now])?
            .try_get(0)?;
        Ok(n.max(0) as usize)
    }
}
