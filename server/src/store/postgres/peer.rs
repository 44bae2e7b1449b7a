//! The PostgreSQL engine's side of peer-to-peer sync's keys ([`PeerStore`] for
//! [`PostgresStore`]). The same statements as SQLite's `sqlite/peer.rs`, in PostgreSQL's dialect.

use jinlin_model::{MemberId, Millis};

use super::PostgresStore;
use crate::error::Error;
use crate::store::PeerStore;
use crate::store::peer::{key_bytes, member};

impl PeerStore for PostgresStore {
    fn relay_key(&self, fresh: &[u8; 32], at: Millis) -> Result<[u8; 32], Error> {
        let s = self.pool.get()?;
        // Relays sharing the database race here: the first insert wins and all read it back.
        s.execute(
            "INSERT INTO relay_key (id, seed, created_at) VALUES (1, $1, $2) ON CONFLICT DO NOTHING",
            &[&&fresh[..], &at],
        )?;
        let seed: Vec<u8> = s
            .query_one("SELECT seed FROM relay_key WHERE id = 1", &[])?
            .try_get(0)?;
        key_bytes(&seed, "relay_key")
    }

    fn device_key(&self, member_id: MemberId) -> Result<Option<[u8; 32]>, Error> {
        let s = self.pool.get()?;
        let row = s.query_opt(
            "SELECT public_key FROM device_keys WHERE member_id = $1",
            &[&member_id.to_string()],
        )?;
        row.map(|r| key_bytes(&r.try_get::<_, Vec<u8>>(0)?, "device_keys"))
            .transpose()
    }

    fn revoked_members(&self) -> Result<Vec<MemberId>, Error> {
        let s = self.pool.get()?;
        s.query(
            "SELECT member_id FROM devices WHERE revoked_at IS NOT NULL ORDER BY member_id",
            &[],
        )?
        .iter()
        .map(|r| member(&r.try_get::<_, String>(0)?))
        .collect()
    }
}
