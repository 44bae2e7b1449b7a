//! [`RelayStore`] on SQLite: one file in WAL mode with `synchronous = FULL`, one writer
//! connection and a few readers. The write-ahead log is copied into the database file in the
//! background ([`RelayStore::checkpoint`], run every second by `checkpoint.rs`) rather than by
//! whichever commit happens to fill it, so an urgent request's commit never waits for a few
//! megabytes to be copied and synced; the writer checkpoints itself only if the log passes
//! [`WRITER_CHECKPOINT_PAGES`] (the background one has stalled). The schema comes from numbered migrations in
//! `migrations/NNN_name.sql`, applied in order, with the version in `PRAGMA user_version`.

mod alerts;
mod checkins;
mod desks;
mod kept;
mod peer;
mod tail;
mod votes;

use jinlin_model::DocKind;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use jinlin_model::protocol::Membership;
use jinlin_model::{DocId, MemberId};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior, params};

use super::{
    Checkpoint, DeviceRecord, Digest, DocEntry, DocRecord, FeedEntry, GroupRecord, InviteRecord, RelayStore,
    StoreStats, StoredDoc, Write,
};
use crate::error::Error;

/// Every migration, in order. Migration `i` brings the schema to version `i + 1`.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("001_init", include_str!("migrations/001_init.sql")),
    ("002_alerts", include_str!("migrations/002_alerts.sql")),
    ("003_home", include_str!("migrations/003_home.sql")),
    (
        "004_device_revocation",
        include_str!("migrations/004_device_revocation.sql"),
    ),
    ("005_blob_refs", include_str!("migrations/005_blob_refs.sql")),
    ("006_alert_readers", include_str!("migrations/006_alert_readers.sql")),
    (
        "007_invite_building",
        include_str!("migrations/007_invite_building.sql"),
    ),
    ("008_quotas", include_str!("migrations/008_quotas.sql")),
    ("009_pairings", include_str!("migrations/009_pairings.sql")),
    ("010_secret_ballots", include_str!("migrations/010_secret_ballots.sql")),
    ("011_desks", include_str!("migrations/011_desks.sql")),
    ("012_peer_keys", include_str!("migrations/012_peer_keys.sql")),
    ("013_language", include_str!("migrations/013_language.sql")),
];

const READERS: usize = 4;

/// Log pages after which a commit checkpoints by itself (SQLite's default is 1,000; the
/// background checkpoint keeps the log far below this).
pub const WRITER_CHECKPOINT_PAGES: i64 = 20_000;

/// The SQLite engine.
#[derive(Debug)]
pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    /// The connection that checkpoints (beside the writer, which it does not block).
    checkpointer: Mutex<Connection>,
    /// The newest feed entries of the busiest groups (`tail.rs`): this store is the file's only
    /// writer, so it knows every entry appended.
    tail: tail::FeedTail,
    /// The devices by token hash (`kept.rs`), forgotten as commits change them.
    devices: kept::Kept<Digest, DeviceRecord>,
    /// Each member's memberships (`kept.rs`), forgotten as commits change them.
    memberships: kept::Kept<MemberId, Vec<Membership>>,
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, Error> {
        let path = path.as_ref().to_path_buf();
        let opening = |e: rusqlite::Error| Error::Open {
            path: path.display().to_string(),
            reason: e.to_string(),
        };
        let mut writer = Connection::open(&path).map_err(opening)?;
        configure(&writer).map_err(opening)?;
        migrate(&mut writer)?;
        let other = || -> rusqlite::Result<Mutex<Connection>> {
            let conn = Connection::open_with_flags(
                &path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            configure(&conn)?;
            Ok(Mutex::new(conn))
        };
        let readers = (0..READERS)
            .map(|_| other())
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(opening)?;
        let checkpointer = other().map_err(opening)?;
        Ok(SqliteStore {
            path,
            writer: Mutex::new(writer),
            readers,
            next_reader: AtomicUsize::new(0),
            checkpointer,
            tail: tail::FeedTail::default(),
            devices: kept::Kept::default(),
            memberships: kept::Kept::default(),
        })
    }

    /// The writer connection.
    pub(super) fn writer_conn(&self) -> MutexGuard<'_, Connection> {
        lock(&self.writer)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn reader(&self) -> MutexGuard<'_, Connection> {
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        for i in 0..self.readers.len() {
            if let Ok(conn) = self.readers[(start + i) % self.readers.len()].try_lock() {
                return conn;
            }
        }
        lock(&self.readers[start % self.readers.len()])
    }
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding a connection cannot leave SQLite half-written (an open transaction
    // rolls back when dropped), so a poisoned lock is safe to take over.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "relay store is not in WAL mode");
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "journal_size_limit", 16 * 1024 * 1024)?;
    conn.pragma_update(None, "wal_autocheckpoint", WRITER_CHECKPOINT_PAGES)?;
    // Plans that do not change with the values bound: without this, a cached statement whose
    // parameters the planner may look at (`LIMIT ?`, a column compared with `?`) is compiled
    // again on every new binding, which was a tenth of the relay's time answering busy syncs.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    Ok(())
}

/// Brings the database up to the last of [`MIGRATIONS`] (as the device's store does, `jinlin_model`'s
/// `schema::apply`); refuses a database from a newer build.
pub fn migrate(conn: &mut Connection) -> Result<(), Error> {
    jinlin_model::migrate::apply(conn, MIGRATIONS).map_err(|e| match e {
        jinlin_model::Error::NewerStore { found, supported } => Error::NewerStore { found, supported },
        e => Error::Core(e),
    })
}

pub(super) fn parse<T: std::str::FromStr>(idx: usize, s: String) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    s.parse()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

fn to_sql(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

fn digest(idx: usize, bytes: Vec<u8>) -> rusqlite::Result<Digest> {
    let len = bytes.len();
    bytes.try_into().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Blob,
            format!("expected a 32-byte hash, found {len} bytes").into(),
        )
    })
}

/// The columns [`device_row`] reads.
const DEVICE_COLUMNS: &str = "member_id, name, token_hash, created_at, revoked_at, revoked_by";

fn device_row(r: &Row<'_>) -> rusqlite::Result<DeviceRecord> {
    Ok(DeviceRecord {
        member_id: parse(0, r.get(0)?)?,
        name: r.get(1)?,
        token_hash: digest(2, r.get(2)?)?,
        created_at: r.get(3)?,
        revoked_at: r.get(4)?,
        revoked_by: r.get::<_, Option<String>>(5)?.map(|m| parse(5, m)).transpose()?,
    })
}

fn invite_row(r: &Row<'_>) -> rusqlite::Result<InviteRecord> {
    Ok(InviteRecord {
        code_hash: digest(0, r.get(0)?)?,
        group_id: parse(1, r.get(1)?)?,
        role: parse(2, r.get(2)?)?,
        uses_left: r.get(3)?,
        expires_at: r.get(4)?,
        created_by: parse(5, r.get(5)?)?,
        created_at: r.get(6)?,
        revoked_at: r.get(7)?,
        building: r.get(8)?,
    })
}

impl RelayStore for SqliteStore {
    fn device_by_token(&self, token_hash: &Digest) -> Result<Option<DeviceRecord>, Error> {
        if let Some(device) = self.devices.get(token_hash) {
            return Ok(Some(device));
        }
        let generation = self.devices.generation();
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(&format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE token_hash = ?1"))?;
        let device = stmt.query_row([&token_hash[..]], device_row).optional()?;
        if let Some(d) = &device {
            self.devices.keep(generation, *token_hash, d.clone());
        }
        Ok(device)
    }

    fn known_device(&self, token_hash: &Digest) -> Option<DeviceRecord> {
        self.devices.get(token_hash)
    }

    fn device(&self, member: MemberId) -> Result<Option<DeviceRecord>, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(&format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE member_id = ?1"))?;
        Ok(stmt.query_row([member.to_string()], device_row).optional()?)
    }

    fn groups(&self) -> Result<Vec<GroupRecord>, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached("SELECT id, kind, parent, created_by, created_at FROM groups")?;
        let rows = stmt.query_map([], |r| {
            Ok(GroupRecord {
                id: parse(0, r.get(0)?)?,
                kind: parse(1, r.get(1)?)?,
                parent: r.get::<_, Option<String>>(2)?.map(|p| parse(2, p)).transpose()?,
                created_by: parse(3, r.get(3)?)?,
                created_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn memberships(&self, member: MemberId) -> Result<Vec<Membership>, Error> {
        if let Some(kept) = self.memberships.get(&member) {
            return Ok(kept);
        }
        let generation = self.memberships.generation();
        let read = self.memberships_in_file(member)?;
        self.memberships.keep(generation, member, read.clone());
        Ok(read)
    }

    fn made_since(&self, member: MemberId, since: jinlin_model::Millis) -> Result<(u32, u32), Error> {
        let conn = self.reader();
        let count = |table: &str| -> Result<u32, Error> {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT count(*) FROM {table} WHERE created_by = ?1 AND created_at >= ?2"
            ))?;
            Ok(stmt.query_row(params![member.to_string(), since], |r| r.get(0))?)
        };
        Ok((count("groups")?, count("invites")?))
    }

    fn invite(&self, code_hash: &Digest) -> Result<Option<InviteRecord>, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT code_hash, group_id, role, uses_left, expires_at, created_by, created_at, revoked_at, building
             FROM invites WHERE code_hash = ?1",
        )?;
        Ok(stmt.query_row([&code_hash[..]], invite_row).optional()?)
    }

    fn doc(&self, id: DocId) -> Result<Option<DocRecord>, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached("SELECT doc_type, group_id, created_at FROM docs WHERE id = ?1")?;
        Ok(stmt
            .query_row([id.to_string()], |r| {
                Ok(DocRecord {
                    id,
                    doc_type: r.get(0)?,
                    group_id: parse(1, r.get(1)?)?,
                    created_at: r.get(2)?,
                })
            })
            .optional()?)
    }

    fn load_doc(&self, id: DocId) -> Result<Option<StoredDoc>, Error> {
        let mut conn = self.reader();
        // One read transaction, so the snapshot and the feed agree.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let head = tx
            .query_row(
                "SELECT snapshot, snapshot_seq FROM docs WHERE id = ?1",
                [id.to_string()],
                |r| Ok((r.get::<_, Option<Vec<u8>>>(0)?, r.get::<_, i64>(1)?)),
            )
            .optional()?;
        let Some((snapshot, snapshot_seq)) = head else {
            return Ok(None);
        };
        let changes = {
            let mut stmt = tx.prepare_cached("SELECT bytes FROM feed WHERE doc_id = ?1 AND seq > ?2 ORDER BY seq")?;
            let rows = stmt.query_map(params![id.to_string(), snapshot_seq], |r| r.get::<_, Vec<u8>>(0))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        tx.finish()?;
        Ok(Some(StoredDoc { snapshot, changes }))
    }

    fn feed_page(&self, group: DocId, after: u64, limit: usize) -> Result<Vec<FeedEntry>, Error> {
        if let Some(page) = self.tail.page(group, after, limit) {
            return Ok(page);
        }
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT f.seq, f.doc_id, d.doc_type, f.hash, f.bytes,
                    (SELECT min(g.seq) FROM feed g WHERE g.doc_id = f.doc_id)
             FROM feed f JOIN docs d ON d.id = f.doc_id
             WHERE f.group_id = ?1 AND f.seq > ?2 ORDER BY f.seq LIMIT ?3",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![group.to_string(), to_sql(after), limit], |r| {
            Ok(FeedEntry {
                seq: r.get::<_, i64>(0)? as u64,
                doc_id: parse(1, r.get(1)?)?,
                doc_type: r.get(2)?,
                hash: digest(3, r.get(3)?)?,
                bytes: r.get(4)?,
                first_seq: r.get::<_, i64>(5)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn feed_head(&self, group: DocId) -> Result<u64, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached("SELECT coalesce(max(seq), 0) FROM feed WHERE group_id = ?1")?;
        Ok(stmt.query_row([group.to_string()], |r| r.get::<_, i64>(0))? as u64)
    }

    fn snapshot(&self, id: DocId) -> Result<Option<(Vec<u8>, u64)>, Error> {
        let conn = self.reader();
        let mut stmt =
            conn.prepare_cached("SELECT snapshot, snapshot_seq FROM docs WHERE id = ?1 AND snapshot IS NOT NULL")?;
        Ok(stmt
            .query_row([id.to_string()], |r| {
                Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)? as u64))
            })
            .optional()?)
    }

    fn doc_bytes(&self, id: DocId, upto: u64) -> Result<usize, Error> {
        let conn = self.reader();
        let mut stmt =
            conn.prepare_cached("SELECT coalesce(sum(length(bytes)), 0) FROM feed WHERE doc_id = ?1 AND seq <= ?2")?;
        let n = stmt.query_row(params![id.to_string(), to_sql(upto)], |r| r.get::<_, i64>(0))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn doc_entries(&self, id: DocId, after: u64, upto: u64) -> Result<Vec<DocEntry>, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT seq, hash, bytes FROM feed WHERE doc_id = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![id.to_string(), to_sql(after), to_sql(upto)], |r| {
            Ok(DocEntry {
                seq: r.get::<_, i64>(0)? as u64,
                hash: digest(1, r.get(1)?)?,
                bytes: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn blob_refs(&self, hash: &str) -> Result<Vec<DocId>, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached("SELECT doc_id FROM blob_refs WHERE hash = ?1 ORDER BY rowid")?;
        let rows = stmt.query_map([hash], |r| parse(0, r.get(0)?))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn pending(&self, work: &str) -> Result<bool, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached("SELECT 1 FROM pending_work WHERE name = ?1")?;
        Ok(stmt.exists([work])?)
    }

    fn docs_of_type(&self, doc_type: DocKind) -> Result<Vec<DocId>, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached("SELECT id FROM docs WHERE doc_type = ?1 ORDER BY id")?;
        let rows = stmt.query_map([doc_type], |r| parse(0, r.get(0)?))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn stats(&self) -> Result<StoreStats, Error> {
        let conn = self.reader();
        let count = |table: &str| -> rusqlite::Result<u64> {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
        };
        Ok(StoreStats {
            devices: count("devices")?,
            revoked_devices: count("devices WHERE revoked_at IS NOT NULL")?,
            groups: count("groups")?,
            documents: count("docs")?,
            changes: count("feed")?,
        })
    }

    fn checkpoint(&self, truncate: bool) -> Result<Checkpoint, Error> {
        let mode = if truncate { "TRUNCATE" } else { "PASSIVE" };
        let (busy, log, copied): (i64, i64, i64) =
            lock(&self.checkpointer).query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        Ok(Checkpoint {
            complete: busy == 0 && log == copied,
            log_pages: log.max(0) as u64,
            copied_pages: copied.max(0) as u64,
        })
    }

    fn write(&self, writes: &[Write]) -> Result<Vec<u64>, Error> {
        self.commit(writes, true)
    }

    fn write_unsynced(&self, writes: &[Write]) -> Result<Vec<u64>, Error> {
        self.commit(writes, false)
    }

    fn syncs_later(&self) -> bool {
        true
    }

    fn sync_log(&self) -> Result<(), Error> {
        // Every commit so far is in the log file (written, not yet synced): syncing the file makes
        // them all durable. No log file: a checkpoint already put everything in the database file
        // and synced it.
        let mut log = self.path.clone().into_os_string();
        log.push("-wal");
        match std::fs::File::open(&log) {
            Ok(file) => Ok(file.sync_data()?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

impl SqliteStore {
    /// A member's memberships as the file has them.
    fn memberships_in_file(&self, member: MemberId) -> Result<Vec<Membership>, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT group_id, role FROM memberships WHERE member_id = ?1 ORDER BY joined_at, group_id",
        )?;
        let rows = stmt.query_map([member.to_string()], |r| {
            Ok(Membership {
                group_id: parse(0, r.get(0)?)?,
                role: parse(1, r.get(1)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Applies `writes` in one transaction; with `synced`, durable when it returns
    /// (`synchronous = FULL`: the log is synced by the commit, with every unsynced commit
    /// before it), otherwise only written to the log (`NORMAL`) until [`RelayStore::sync_log`].
    fn commit(&self, writes: &[Write], synced: bool) -> Result<Vec<u64>, Error> {
        let mut conn = lock(&self.writer);
        conn.pragma_update(None, "synchronous", if synced { "FULL" } else { "NORMAL" })?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut seqs = Vec::new();
        for w in writes {
            match w {
                Write::PutDevice(d) => {
                    tx.prepare_cached(
                        "INSERT OR REPLACE INTO devices (member_id, name, token_hash, created_at, revoked_at, revoked_by)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    )?
                    .execute(params![
                        d.member_id.to_string(),
                        d.name,
                        &d.token_hash[..],
                        d.created_at,
                        d.revoked_at,
                        d.revoked_by.map(|m| m.to_string())
                    ])?;
                }
                Write::RevokeDevice { member, by, at } => {
                    tx.prepare_cached(
                        "UPDATE devices SET revoked_at = ?2, revoked_by = ?3 WHERE member_id = ?1 AND revoked_at IS NULL",
                    )?
                    .execute(params![member.to_string(), at, by.to_string()])?;
                    tx.prepare_cached(
                        "UPDATE member_settings SET push_kind = NULL, push_token = NULL WHERE member_id = ?1",
                    )?
                    .execute([member.to_string()])?;
                }
                Write::PutDeviceKey { member, key, at } => {
                    tx.prepare_cached(
                        "INSERT INTO device_keys (member_id, public_key, created_at) VALUES (?1, ?2, ?3)
                         ON CONFLICT (member_id) DO NOTHING",
                    )?
                    .execute(params![member.to_string(), &key[..], at])?;
                }
                Write::PutGroup(g) => {
                    tx.prepare_cached(
                        "INSERT INTO groups (id, kind, parent, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![
                        g.id.to_string(),
                        g.kind.as_str(),
                        g.parent.map(|p| p.to_string()),
                        g.created_by.to_string(),
                        g.created_at
                    ])?;
                }
                Write::PutMembership { member, membership, at } => {
                    tx.prepare_cached(
                        "INSERT INTO memberships (member_id, group_id, role, joined_at) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (member_id, group_id) DO UPDATE SET role = excluded.role",
                    )?
                    .execute(params![
                        member.to_string(),
                        membership.group_id.to_string(),
                        membership.role.as_str(),
                        at
                    ])?;
                }
                Write::PutInvite(i) => {
                    tx.prepare_cached(
                        "INSERT OR REPLACE INTO invites
                         (code_hash, group_id, role, uses_left, expires_at, created_by, created_at, revoked_at, building)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    )?
                    .execute(params![
                        &i.code_hash[..],
                        i.group_id.to_string(),
                        i.role.as_str(),
                        i.uses_left,
                        i.expires_at,
                        i.created_by.to_string(),
                        i.created_at,
                        i.revoked_at,
                        i.building
                    ])?;
                }
                Write::PutDoc(d) => {
                    tx.prepare_cached("INSERT INTO docs (id, doc_type, group_id, created_at) VALUES (?1, ?2, ?3, ?4)")?
                        .execute(params![
                            d.id.to_string(),
                            d.doc_type,
                            d.group_id.to_string(),
                            d.created_at
                        ])?;
                }
                Write::AppendChange(c) => {
                    tx.prepare_cached("INSERT INTO feed (doc_id, group_id, hash, bytes) VALUES (?1, ?2, ?3, ?4)")?
                        .execute(params![
                            c.doc_id.to_string(),
                            c.group_id.to_string(),
                            &c.hash[..],
                            c.bytes
                        ])?;
                    seqs.push(tx.last_insert_rowid() as u64);
                }
                Write::Snapshot { doc_id, bytes } => {
                    tx.prepare_cached(
                        "UPDATE docs SET snapshot = ?2,
                         snapshot_seq = (SELECT coalesce(max(seq), 0) FROM feed WHERE doc_id = ?1) WHERE id = ?1",
                    )?
                    .execute(params![doc_id.to_string(), bytes])?;
                }
                Write::SaveDispatch(d) => alerts::save_dispatch_in(&tx, d)?,
                Write::BlobRef { hash, doc_id } => {
                    tx.prepare_cached("INSERT OR IGNORE INTO blob_refs (hash, doc_id) VALUES (?1, ?2)")?
                        .execute(params![hash, doc_id.to_string()])?;
                }
                Write::Done(work) => {
                    tx.prepare_cached("DELETE FROM pending_work WHERE name = ?1")?
                        .execute([work])?;
                }
                Write::SnapshotAt { doc_id, bytes, seq } => {
                    tx.prepare_cached(
                        "UPDATE docs SET snapshot = ?2, snapshot_seq = ?3 WHERE id = ?1 AND snapshot_seq < ?3",
                    )?
                    .execute(params![doc_id.to_string(), bytes, to_sql(*seq)])?;
                }
            }
        }
        let appended = appended_entries(&tx, writes, &seqs)?;
        tx.commit()?;
        // Still under the writer's lock, so commits reach the tail in feed order, and the next
        // request of a device changed here reads it anew.
        self.tail.appended(appended);
        self.forget_changed(writes);
        Ok(seqs)
    }
}

impl SqliteStore {
    /// Forgets the devices and memberships that `writes`, just committed, changed (`kept.rs`).
    fn forget_changed(&self, writes: &[Write]) {
        if writes
            .iter()
            .any(|w| matches!(w, Write::PutDevice(_) | Write::RevokeDevice { .. }))
        {
            // Seldom (a phone registers, renames or is revoked), and a revocation names only
            // the member: forget them all.
            self.devices.forget_all();
        }
        self.memberships.forget(writes.iter().filter_map(|w| match w {
            Write::PutMembership { member, .. } => Some(*member),
            _ => None,
        }));
    }
}

/// The feed entries `writes` appended at `seqs`, with their groups, as [`RelayStore::feed_page`]
/// reads them: each document's kind and first position read inside the commit's transaction.
fn appended_entries(
    tx: &rusqlite::Transaction<'_>,
    writes: &[Write],
    seqs: &[u64],
) -> Result<Vec<(DocId, FeedEntry)>, Error> {
    let mut docs: HashMap<DocId, (DocKind, u64)> = HashMap::new();
    let mut out = Vec::with_capacity(seqs.len());
    let appends = writes.iter().filter_map(|w| match w {
        Write::AppendChange(c) => Some(c),
        _ => None,
    });
    for (c, &seq) in appends.zip(seqs) {
        let (doc_type, first_seq) = match docs.get(&c.doc_id) {
            Some(known) => *known,
            None => {
                let known = tx
                    .prepare_cached(
                        "SELECT d.doc_type, (SELECT min(g.seq) FROM feed g WHERE g.doc_id = d.id)
                         FROM docs d WHERE d.id = ?1",
                    )?
                    .query_row([c.doc_id.to_string()], |r| {
                        Ok((r.get::<_, DocKind>(0)?, r.get::<_, i64>(1)? as u64))
                    })?;
                docs.insert(c.doc_id, known);
                known
            }
        };
        out.push((
            c.group_id,
            FeedEntry {
                seq,
                doc_id: c.doc_id,
                doc_type,
                hash: c.hash,
                bytes: c.bytes.clone(),
                first_seq,
            },
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dump(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .expect("prepare");
        stmt.query_map([], |r| r.get(0))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect()
    }

    /// A document record of `doc_type` in `group`.
    fn doc_record(doc_type: DocKind, group: DocId, created_at: i64) -> DocRecord {
        DocRecord {
            id: DocId::random(),
            doc_type,
            group_id: group,
            created_at,
        }
    }

    /// A change to `doc` with this hash and these bytes.
    fn change_to(doc: &DocRecord, hash: [u8; 32], bytes: Vec<u8>) -> Write {
        Write::AppendChange(super::super::NewChange {
            doc_id: doc.id,
            group_id: doc.group_id,
            hash,
            bytes,
        })
    }

    #[test]
    fn migrating_step_by_step_equals_a_fresh_database() {
        let mut fresh = Connection::open_in_memory().expect("open");
        migrate(&mut fresh).expect("migrate");
        // From every older version: apply the first `k` migrations by hand, then migrate.
        for k in 0..=MIGRATIONS.len() {
            let mut stepped = Connection::open_in_memory().expect("open");
            for (i, (_, sql)) in MIGRATIONS.iter().enumerate().take(k) {
                stepped.execute_batch(sql).expect("step");
                stepped
                    .pragma_update(None, "user_version", i as i64 + 1)
                    .expect("version");
            }
            migrate(&mut stepped).expect("upgrade");
            assert_eq!(dump(&fresh), dump(&stepped), "upgrading from version {k}");
        }
    }

    #[test]
    fn a_database_from_a_newer_relay_is_refused() {
        let mut conn = Connection::open_in_memory().expect("open");
        conn.pragma_update(None, "user_version", MIGRATIONS.len() as i64 + 1)
            .expect("version");
        assert!(matches!(migrate(&mut conn), Err(Error::NewerStore { .. })));
    }

    #[test]
    fn feed_pages_answered_from_memory_equal_the_files_for_every_cursor_and_limit() {
        use sha2::Digest as _;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("relay.db");
        let (building, estate) = (DocId::random(), DocId::random());
        let mut n = 0u32;
        let mut hash = || {
            n += 1;
            sha2::Sha256::digest(n.to_le_bytes()).into()
        };
        // Written before this store started: only the file has them.
        let earlier = doc_record(DocKind::Request, building, 1);
        {
            let store = SqliteStore::open(&path).expect("open");
            let (a, b) = (hash(), hash());
            store
                .write(&[
                    Write::PutDoc(earlier.clone()),
                    change_to(&earlier, a, vec![1]),
                    change_to(&earlier, b, vec![2]),
                ])
                .expect("write");
        }
        let store = SqliteStore::open(&path).expect("reopen");
        let notice = doc_record(DocKind::Notice, estate, 2);
        let mut docs = vec![earlier.clone(), notice.clone()];
        store
            .write(&[Write::PutDoc(notice.clone()), change_to(&notice, hash(), vec![3])])
            .expect("write");
        for i in 0..40u8 {
            let mut writes = Vec::new();
            if i % 7 == 0 {
                // A document created in the same commit as its first change.
                let fresh = doc_record(DocKind::Request, if i % 2 == 0 { building } else { estate }, 3);
                writes.push(Write::PutDoc(fresh.clone()));
                docs.push(fresh);
            }
            // Each commit leaves out one document in three, a different one each time.
            for (_, d) in docs.iter().enumerate().filter(|(k, _)| (usize::from(i) + k) % 3 != 1) {
                writes.push(change_to(d, hash(), vec![i; 3]));
            }
            store.write_unsynced(&writes).expect("write");
        }
        // A second store on the same file has no tail: it reads every page from the file.
        let file = SqliteStore::open(&path).expect("open again");
        for group in [building, estate] {
            let head = file.feed_head(group).expect("head");
            for after in 0..=head {
                for limit in [1, 3, 1024] {
                    assert_eq!(
                        store.feed_page(group, after, limit).expect("page"),
                        file.feed_page(group, after, limit).expect("page"),
                        "group {group}, after {after}, limit {limit}"
                    );
                }
            }
            assert!(
                store.tail.page(group, head, 10).is_some(),
                "the newest entries come from memory"
            );
        }
        assert!(
            store.tail.page(building, 0, 10).is_none(),
            "what was written before the store started comes from the file"
        );
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("dir");
        let store = SqliteStore::open(dir.path().join("relay.db")).expect("open");
        let doc = doc_record(DocKind::Request, DocId::random(), 1);
        let change = |hash: u8| change_to(&doc, [hash; 32], vec![1, 2, 3]);
        // The second insert of the same document fails, so the whole write must roll back.
        let result = store.write(&[Write::PutDoc(doc.clone()), change(1), Write::PutDoc(doc.clone())]);
        assert!(result.is_err());
        assert_eq!(store.stats().expect("stats"), StoreStats::default());
        let seqs = store
            .write(&[Write::PutDoc(doc.clone()), change(1), change(2)])
            .expect("write");
        assert_eq!(seqs, vec![1, 2], "feed positions count from 1, in write order");
        let loaded = store.load_doc(doc.id).expect("load").expect("doc");
        assert_eq!(loaded.changes.len(), 2);
    }

    #[test]
    fn commits_leave_the_log_to_the_background_checkpoint_which_keeps_everything() {
        use sha2::Digest as _;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("relay.db");
        let wal = dir.path().join("relay.db-wal");
        let store = SqliteStore::open(&path).expect("open");
        let group = DocId::random();
        // Enough commits to pass SQLite's default of 1,000 log pages, which would have made one
        // of them checkpoint by itself.
        for i in 0..1_200u32 {
            let doc = doc_record(DocKind::Request, group, i64::from(i));
            let change = change_to(&doc, sha2::Sha256::digest(i.to_le_bytes()).into(), vec![7; 64]);
            store.write(&[Write::PutDoc(doc), change]).expect("write");
        }
        let before = store.checkpoint(false).expect("checkpoint");
        assert!(before.complete, "{before:?}");
        assert!(
            before.log_pages > 1_000,
            "no commit checkpointed by itself: {} pages waited in the log",
            before.log_pages
        );
        let emptied = store.checkpoint(true).expect("truncate");
        assert_eq!((emptied.complete, emptied.log_pages), (true, 0));
        assert_eq!(std::fs::metadata(&wal).expect("log file").len(), 0);
        drop(store);
        let reopened = SqliteStore::open(&path).expect("reopen");
        assert_eq!(reopened.feed_head(group).expect("head"), 1_200);
    }

    #[test]
    fn a_kept_saved_form_never_replaces_a_newer_snapshot_and_a_rebuild_applies_what_follows_it() {
        let dir = tempfile::tempdir().expect("dir");
        let store = SqliteStore::open(dir.path().join("relay.db")).expect("open");
        let doc = doc_record(DocKind::Household, DocId::random(), 1);
        let change = |hash: u8| change_to(&doc, [hash; 32], vec![hash]);
        store
            .write(&[Write::PutDoc(doc.clone()), change(1), change(2), change(3)])
            .expect("write");
        let at = |bytes: &[u8], seq: u64| Write::SnapshotAt {
            doc_id: doc.id,
            bytes: bytes.to_vec(),
            seq,
        };
        store.write(&[at(b"up to 2", 2)]).expect("kept");
        assert_eq!(store.snapshot(doc.id).expect("read"), Some((b"up to 2".to_vec(), 2)));
        store.write(&[at(b"up to 1", 1)]).expect("older");
        assert_eq!(
            store.snapshot(doc.id).expect("read"),
            Some((b"up to 2".to_vec(), 2)),
            "an older saved form does not replace a newer one"
        );
        let loaded = store.load_doc(doc.id).expect("load").expect("doc");
        assert_eq!(loaded.snapshot.as_deref(), Some(&b"up to 2"[..]));
        assert_eq!(
            loaded.changes,
            vec![vec![3]],
            "only what follows the snapshot is replayed"
        );
        assert_eq!(store.doc_bytes(doc.id, 2).expect("bytes"), 2);
        let after: Vec<u64> = store
            .doc_entries(doc.id, 1, 3)
            .expect("entries")
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(after, vec![2, 3]);
        let page = store.feed_page(doc.group_id, 1, 1).expect("page");
        assert_eq!((page.len(), page[0].seq, page[0].first_seq), (1, 2, 1));
        assert_eq!(store.feed_head(doc.group_id).expect("head"), 3);
    }

    #[test]
    fn a_device_read_before_its_revocation_committed_is_not_kept_to_open_the_door_later() {
        let dir = tempfile::tempdir().expect("dir");
        let store = SqliteStore::open(dir.path().join("relay.db")).expect("open");
        let (li, staff) = (MemberId::random(), MemberId::random());
        let phone = DeviceRecord {
            member_id: li,
            name: "Li".into(),
            token_hash: [7; 32],
            created_at: 1_000,
            revoked_at: None,
            revoked_by: None,
        };
        store.write(&[Write::PutDevice(phone.clone())]).expect("register");
        assert_eq!(store.device_by_token(&[7; 32]).expect("read"), Some(phone.clone()));
        assert_eq!(store.known_device(&[7; 32]), Some(phone.clone()), "kept once read");

        // A read that began before the revocation brings back the active device after it.
        let generation = store.devices.generation();
        store
            .write(&[Write::RevokeDevice {
                member: li,
                by: staff,
                at: 2_000,
            }])
            .expect("revoke");
        assert_eq!(store.known_device(&[7; 32]), None, "forgotten by the commit");
        store.devices.keep(generation, [7; 32], phone.clone());
        assert_eq!(store.known_device(&[7; 32]), None, "the stale read is not kept");
        let now = store.device_by_token(&[7; 32]).expect("read").expect("the row stays");
        assert!(!now.is_active());
    }
}
