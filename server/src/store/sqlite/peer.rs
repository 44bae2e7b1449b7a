//! The SQLite engine's side of peer-to-peer sync's keys ([`PeerStore`] for [`SqliteStore`]).

use jinlin_model::{MemberId, Millis};
use rusqlite::{OptionalExtension, params};

use super::SqliteStore;
use crate::error::Error;
use crate::store::PeerStore;
use crate::store::peer::{key_bytes, member};

impl PeerStore for SqliteStore {
    fn relay_key(&self, fresh: &[u8; 32], at: Millis) -> Result<[u8; 32], Error> {
        let kept: Option<Vec<u8>> = self
            .reader()
            .prepare_cached("SELECT seed FROM relay_key WHERE id = 1")?
            .query_row([], |r| r.get(0))
            .optional()?;
        if let Some(seed) = kept {
            return key_bytes(&seed, "relay_key");
        }
        let conn = self.writer_conn();
        conn.prepare_cached("INSERT INTO relay_key (id, seed, created_at) VALUES (1, ?1, ?2) ON CONFLICT DO NOTHING")?
            .execute(params![&fresh[..], at])?;
        let seed: Vec<u8> = conn
            .prepare_cached("SELECT seed FROM relay_key WHERE id = 1")?
            .query_row([], |r| r.get(0))?;
        key_bytes(&seed, "relay_key")
    }

    fn device_key(&self, member_id: MemberId) -> Result<Option<[u8; 32]>, Error> {
        let key: Option<Vec<u8>> = self
            .reader()
            .prepare_cached("SELECT public_key FROM device_keys WHERE member_id = ?1")?
            .query_row([member_id.to_string()], |r| r.get(0))
            .optional()?;
        key.map(|k| key_bytes(&k, "device_keys")).transpose()
    }

    fn revoked_members(&self) -> Result<Vec<MemberId>, Error> {
        let ids: Vec<String> = {
            let conn = self.reader();
            let mut stmt =
                conn.prepare_cached("SELECT member_id FROM devices WHERE revoked_at IS NOT NULL ORDER BY member_id")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        ids.iter().map(|m| member(m)).collect()
    }
}
