//! [`RelayStore`] on PostgreSQL, for a relay that outgrows one SQLite file: chosen with
//! `--database postgres://…` (or `JINLIN_DATABASE_URL`). Every method is one statement on a
//! pooled connection, or one transaction; [`RelayStore::write`] is one read-committed
//! transaction whose feed positions come from the one-row `feed_head` table, so they increase
//! in commit order (see `migrations/001_init.sql`). The schema comes from numbered migrations in
//! `migrations/NNN_name.sql` ([`migrate`]). A method added to the store trait is one more
//! method here (and in `alerts.rs` for alerts), with SQL in PostgreSQL's dialect; the
//! conformance suite (`store/conformance.rs`) runs the same tests on both engines.
//!
//! Connections are not encrypted: the database is expected on the relay's own machine or
//! private network.

mod alerts;
mod checkins;
mod cluster;
mod desks;
pub mod import;
mod migrate;
mod peer;
mod pool;
mod votes;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use jinlin_model::DocKind;
use jinlin_model::protocol::Membership;
use jinlin_model::{DocId, MemberId, Millis};
use tokio_postgres::Row;

use self::pool::Pool;
use super::{
    Checkpoint, DeviceRecord, Digest, DocEntry, DocRecord, FeedEntry, GroupRecord, InviteRecord, RelayStore,
    StoreStats, StoredDoc, Write,
};
use crate::error::Error;
use crate::store::journal::{ClusterStore, Journal};

/// Every migration, in order. Migration `i` brings the schema to version `i + 1`.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("001_init", include_str!("migrations/001_init.sql")),
    ("002_pairings", include_str!("migrations/002_pairings.sql")),
    ("003_secret_ballots", include_str!("migrations/003_secret_ballots.sql")),
    ("004_journal", include_str!("migrations/004_journal.sql")),
    ("005_desks", include_str!("migrations/005_desks.sql")),
    ("006_peer_keys", include_str!("migrations/006_peer_keys.sql")),
    ("007_presence", include_str!("migrations/007_presence.sql")),
    ("008_language", include_str!("migrations/008_language.sql")),
];

/// Connections the relay keeps open at most.
const CONNECTIONS: usize = 8;

/// Document records kept in memory (about 100 bytes each).
const DOCS_KEPT: usize = 65_536;

/// The PostgreSQL engine.
pub struct PostgresStore {
    pool: Pool,
    /// This process's number in the journal (`cluster.rs`).
    instance: u64,
    /// The channel the instances of its schema wake each other on.
    channel: String,
    /// Where it is, without the password (for messages).
    place: String,
    /// Document records read before, least recently used dropped first. A record never changes
    /// once committed (a document keeps its kind and group, and is never deleted), so every
    /// instance may keep what it read: each upload's check finds its document without a round
    /// trip inside the writers' turn. Only what a read found is kept.
    docs: std::sync::Mutex<lru::LruCache<DocId, DocRecord>>,
}

impl fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresStore").field("place", &self.place).finish()
    }
}

/// A database URL, kept out of logs and debug output (it may hold a password).
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// Where the database is, without the password (`postgres://user@host:port/db`).
    pub fn place(&self) -> String {
        parse_config(&self.0)
            .map(|c| describe(&c))
            .unwrap_or_else(|_| "an unreadable database address".into())
    }

    /// Wraps a `postgres://user:password@host:port/database` URL (or a `key=value` string).
    pub fn new(url: impl Into<String>) -> DatabaseUrl {
        DatabaseUrl(url.into())
    }

    /// The URL as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL of the same database whose tables live in `schema` (created if missing), for
    /// several relays, or tests, sharing one database. `schema` is lowercase letters, digits and
    /// underscores.
    pub fn create_schema(&self, schema: &str) -> Result<DatabaseUrl, Error> {
        let valid = !schema.is_empty()
            && schema.len() <= 63
            && schema
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            && !schema.as_bytes()[0].is_ascii_digit();
        if !valid {
            return Err(Error::Open {
                path: schema.into(),
                reason: "a schema name is lowercase letters, digits and underscores".into(),
            });
        }
        let config = parse_config(&self.0)?;
        let pool = Pool::new(config.clone(), 1)?;
        pool.get()
            .and_then(|session| session.batch(&format!("CREATE SCHEMA IF NOT EXISTS {schema}")))
            .map_err(|e| Error::Open {
                path: describe(&config),
                reason: e.to_string(),
            })?;
        let option = format!("options=-csearch_path%3D{schema}");
        Ok(DatabaseUrl(if self.0.contains("://") {
            let sep = if self.0.contains('?') { '&' } else { '?' };
            format!("{}{sep}{option}", self.0)
        } else {
            format!("{} options=-csearch_path={schema}", self.0)
        }))
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = parse_config(&self.0)
            .map(|c| describe(&c))
            .unwrap_or_else(|_| "unreadable".into());
        write!(f, "DatabaseUrl({place})")
    }
}

fn parse_config(url: &str) -> Result<tokio_postgres::Config, Error> {
    url.parse::<tokio_postgres::Config>().map_err(|e| Error::Open {
        path: "the database URL".into(),
        reason: e.to_string(),
    })
}

/// `postgres://user@host:port/database`, never the password.
fn describe(config: &tokio_postgres::Config) -> String {
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            tokio_postgres::config::Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .unwrap_or_else(|| "localhost".into());
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("");
    let db = config.get_dbname().unwrap_or(user);
    format!("postgres://{user}@{host}:{port}/{db}")
}

impl PostgresStore {
    /// Connects to the database at `url` and brings its schema up to date.
    pub fn open(url: &DatabaseUrl) -> Result<PostgresStore, Error> {
        let mut config = parse_config(url.as_str())?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("jinlin-relay");
        }
        let place = describe(&config);
        let opening = |e: Error| Error::Open {
            path: place.clone(),
            reason: e.to_string(),
        };
        let pool = Pool::new(config, CONNECTIONS).map_err(opening)?;
        let channel = {
            let session = pool.get().map_err(opening)?;
            migrate::apply(&session, MIGRATIONS)?;
            cluster::channel_of(&session)?
        };
        let mut instance = [0u8; 8];
        getrandom::fill(&mut instance).map_err(|e| Error::Random(e.to_string()))?;
        Ok(PostgresStore {
            pool,
            place,
            instance: u64::from_le_bytes(instance),
            channel,
            docs: std::sync::Mutex::new(lru::LruCache::new(
                std::num::NonZeroUsize::new(DOCS_KEPT).unwrap_or(std::num::NonZeroUsize::MIN),
            )),
        })
    }

    /// Where the database is, without the password.
    pub fn place(&self) -> &str {
        &self.place
    }
}

/// Reads a stored word or id back, or says which stored value does not read.
pub(super) fn parse<T: FromStr>(text: String) -> Result<T, Error>
where
    T::Err: fmt::Display,
{
    text.parse().map_err(|e: T::Err| Error::Unreadable {
        what: std::any::type_name::<T>().rsplit("::").next().unwrap_or("value"),
        reason: e.to_string(),
    })
}

/// A stored count or position back to an unsigned number.
pub(super) fn unsigned<T: TryFrom<i64>>(n: i64) -> Result<T, Error> {
    T::try_from(n).map_err(|_| Error::Unreadable {
        what: "number",
        reason: format!("{n} is out of range"),
    })
}

fn to_sql(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

fn digest(bytes: Vec<u8>) -> Result<Digest, Error> {
    let len = bytes.len();
    bytes.try_into().map_err(|_| Error::Unreadable {
        what: "hash",
        reason: format!("expected 32 bytes, found {len}"),
    })
}

/// The columns [`device_row`] reads.
const DEVICE_COLUMNS: &str = "member_id, name, token_hash, created_at, revoked_at, revoked_by";

fn device_row(r: &Row) -> Result<DeviceRecord, Error> {
    Ok(DeviceRecord {
        member_id: parse(r.try_get(0)?)?,
        name: r.try_get(1)?,
        token_hash: digest(r.try_get(2)?)?,
        created_at: r.try_get(3)?,
        revoked_at: r.try_get(4)?,
        revoked_by: r.try_get::<_, Option<String>>(5)?.map(parse).transpose()?,
    })
}

fn invite_row(r: &Row) -> Result<InviteRecord, Error> {
    Ok(InviteRecord {
        code_hash: digest(r.try_get(0)?)?,
        group_id: parse(r.try_get(1)?)?,
        role: parse(r.try_get(2)?)?,
        uses_left: unsigned(r.try_get(3)?)?,
        expires_at: r.try_get(4)?,
        created_by: parse(r.try_get(5)?)?,
        created_at: r.try_get(6)?,
        revoked_at: r.try_get(7)?,
        building: r.try_get(8)?,
    })
}

impl RelayStore for PostgresStore {
    fn device_by_token(&self, token_hash: &Digest) -> Result<Option<DeviceRecord>, Error> {
        let s = self.pool.get()?;
        let sql = format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE token_hash = $1");
        s.query_opt(&sql, &[&&token_hash[..]])?
            .as_ref()
            .map(device_row)
            .transpose()
    }

    fn device(&self, member: MemberId) -> Result<Option<DeviceRecord>, Error> {
        let s = self.pool.get()?;
        let sql = format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE member_id = $1");
        s.query_opt(&sql, &[&member.to_string()])?
            .as_ref()
            .map(device_row)
            .transpose()
    }

    fn groups(&self) -> Result<Vec<GroupRecord>, Error> {
        let s = self.pool.get()?;
        s.query("SELECT id, kind, parent, created_by, created_at FROM groups", &[])?
            .iter()
            .map(|r| {
                Ok(GroupRecord {
                    id: parse(r.try_get(0)?)?,
                    kind: parse(r.try_get(1)?)?,
                    parent: r.try_get::<_, Option<String>>(2)?.map(parse).transpose()?,
                    created_by: parse(r.try_get(3)?)?,
                    created_at: r.try_get(4)?,
                })
            })
            .collect()
    }

    fn memberships(&self, member: MemberId) -> Result<Vec<Membership>, Error> {
        let s = self.pool.get()?;
        s.query(
            "SELECT group_id, role FROM memberships WHERE member_id = $1 ORDER BY joined_at, group_id COLLATE \"C\"",
            &[&member.to_string()],
        )?
        .iter()
        .map(|r| {
            Ok(Membership {
                group_id: parse(r.try_get(0)?)?,
                role: parse(r.try_get(1)?)?,
            })
        })
        .collect()
    }

    fn made_since(&self, member: MemberId, since: Millis) -> Result<(u32, u32), Error> {
        let s = self.pool.get()?;
        let row = s.query_one(
            "SELECT (SELECT count(*) FROM groups WHERE created_by = $1 AND created_at >= $2),
                    (SELECT count(*) FROM invites WHERE created_by = $1 AND created_at >= $2)",
            &[&member.to_string(), &since],
        )?;
        Ok((unsigned(row.try_get(0)?)?, unsigned(row.try_get(1)?)?))
    }

    fn invite(&self, code_hash: &Digest) -> Result<Option<InviteRecord>, Error> {
        let s = self.pool.get()?;
        s.query_opt(
            "SELECT code_hash, group_id, role, uses_left, expires_at, created_by, created_at, revoked_at, building
             FROM invites WHERE code_hash = $1",
            &[&&code_hash[..]],
        )?
        .as_ref()
        .map(invite_row)
        .transpose()
    }

    fn doc(&self, id: DocId) -> Result<Option<DocRecord>, Error> {
        let docs = || self.docs.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(record) = docs().get(&id).cloned() {
            return Ok(Some(record));
        }
        let s = self.pool.get()?;
        let found = s
            .query_opt(
                "SELECT doc_type, group_id, created_at FROM docs WHERE id = $1",
                &[&id.to_string()],
            )?
            .map(|r| {
                Ok::<_, Error>(DocRecord {
                    id,
                    doc_type: parse(r.try_get(0)?)?,
                    group_id: parse(r.try_get(1)?)?,
                    created_at: r.try_get(2)?,
                })
            })
            .transpose()?;
        if let Some(record) = &found {
            docs().put(id, record.clone());
        }
        Ok(found)
    }

    fn load_doc(&self, id: DocId) -> Result<Option<StoredDoc>, Error> {
        let s = self.pool.get()?;
        // One snapshot of the database, so the saved form and the feed agree.
        let tx = s.transaction_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        let Some(head) = tx.query_opt(
            "SELECT snapshot, snapshot_seq FROM docs WHERE id = $1",
            &[&id.to_string()],
        )?
        else {
            return Ok(None);
        };
        let snapshot: Option<Vec<u8>> = head.try_get(0)?;
        let snapshot_seq: i64 = head.try_get(1)?;
        let changes = tx
            .query(
                "SELECT bytes FROM feed WHERE doc_id = $1 AND seq > $2 ORDER BY seq",
                &[&id.to_string(), &snapshot_seq],
            )?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<Vec<Vec<u8>>, _>>()?;
        tx.commit()?;
        Ok(Some(StoredDoc { snapshot, changes }))
    }

    fn feed_page(&self, group: DocId, after: u64, limit: usize) -> Result<Vec<FeedEntry>, Error> {
        let s = self.pool.get()?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        s.query(
            "SELECT f.seq, f.doc_id, d.doc_type, f.hash, f.bytes,
                    (SELECT min(g.seq) FROM feed g WHERE g.doc_id = f.doc_id)
             FROM feed f JOIN docs d ON d.id = f.doc_id
             WHERE f.group_id = $1 AND f.seq > $2 ORDER BY f.seq LIMIT $3",
            &[&group.to_string(), &to_sql(after), &limit],
        )?
        .iter()
        .map(|r| {
            Ok(FeedEntry {
                seq: unsigned(r.try_get(0)?)?,
                doc_id: parse(r.try_get(1)?)?,
                doc_type: parse(r.try_get(2)?)?,
                hash: digest(r.try_get(3)?)?,
                bytes: r.try_get(4)?,
                first_seq: unsigned(r.try_get(5)?)?,
            })
        })
        .collect()
    }

    fn feed_head(&self, group: DocId) -> Result<u64, Error> {
        let s = self.pool.get()?;
        let row = s.query_one(
            "SELECT coalesce(max(seq), 0) FROM feed WHERE group_id = $1",
            &[&group.to_string()],
        )?;
        unsigned(row.try_get(0)?)
    }

    fn snapshot(&self, id: DocId) -> Result<Option<(Vec<u8>, u64)>, Error> {
        let s = self.pool.get()?;
        s.query_opt(
            "SELECT snapshot, snapshot_seq FROM docs WHERE id = $1 AND snapshot IS NOT NULL",
            &[&id.to_string()],
        )?
        .map(|r| Ok((r.try_get(0)?, unsigned(r.try_get(1)?)?)))
        .transpose()
    }

    fn doc_bytes(&self, id: DocId, upto: u64) -> Result<usize, Error> {
        let s = self.pool.get()?;
        let row = s.query_one(
            "SELECT coalesce(sum(octet_length(bytes)), 0)::BIGINT FROM feed WHERE doc_id = $1 AND seq <= $2",
            &[&id.to_string(), &to_sql(upto)],
        )?;
        unsigned(row.try_get(0)?)
    }

    fn doc_entries(&self, id: DocId, after: u64, upto: u64) -> Result<Vec<DocEntry>, Error> {
        let s = self.pool.get()?;
        s.query(
            "SELECT seq, hash, bytes FROM feed WHERE doc_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
            &[&id.to_string(), &to_sql(after), &to_sql(upto)],
        )?
        .iter()
        .map(|r| {
            Ok(DocEntry {
                seq: unsigned(r.try_get(0)?)?,
                hash: digest(r.try_get(1)?)?,
                bytes: r.try_get(2)?,
            })
        })
        .collect()
    }

    fn blob_refs(&self, hash: &str) -> Result<Vec<DocId>, Error> {
        let s = self.pool.get()?;
        s.query("SELECT doc_id FROM blob_refs WHERE hash = $1 ORDER BY named", &[&hash])?
            .iter()
            .map(|r| parse(r.try_get(0)?))
            .collect()
    }

    fn pending(&self, work: &str) -> Result<bool, Error> {
        let s = self.pool.get()?;
        Ok(s.query_opt("SELECT 1 FROM pending_work WHERE name = $1", &[&work])?
            .is_some())
    }

    fn docs_of_type(&self, doc_type: DocKind) -> Result<Vec<DocId>, Error> {
        let s = self.pool.get()?;
        s.query(
            "SELECT id FROM docs WHERE doc_type = $1 ORDER BY id COLLATE \"C\"",
            &[&doc_type.as_str()],
        )?
        .iter()
        .map(|r| parse(r.try_get(0)?))
        .collect()
    }

    fn stats(&self) -> Result<StoreStats, Error> {
        let s = self.pool.get()?;
        let row = s.query_one(
            "SELECT (SELECT count(*) FROM devices), (SELECT count(*) FROM devices WHERE revoked_at IS NOT NULL),
                    (SELECT count(*) FROM groups), (SELECT count(*) FROM docs), (SELECT count(*) FROM feed)",
            &[],
        )?;
        Ok(StoreStats {
            devices: unsigned(row.try_get(0)?)?,
            revoked_devices: unsigned(row.try_get(1)?)?,
            groups: unsigned(row.try_get(2)?)?,
            documents: unsigned(row.try_get(3)?)?,
            changes: unsigned(row.try_get(4)?)?,
        })
    }

    /// Nothing to do: PostgreSQL keeps its own write-ahead log and checkpoints it itself.
    fn checkpoint(&self, _truncate: bool) -> Result<Checkpoint, Error> {
        Ok(Checkpoint {
            complete: true,
            log_pages: 0,
            copied_pages: 0,
        })
    }

    fn write(&self, writes: &[Write]) -> Result<Vec<u64>, Error> {
        self.commit(writes, true)
    }

    /// Committed without waiting for PostgreSQL to flush its write-ahead log
    /// (`synchronous_commit = off` for this transaction alone): visible at once, to every
    /// instance, and durable after the next [`RelayStore::sync_log`]. The writers' turn then ends
    /// at the commit instead of after a flush, and one flush serves every upload waiting.
    fn write_unsynced(&self, writes: &[Write]) -> Result<Vec<u64>, Error> {
        self.commit(writes, false)
    }

    fn syncs_later(&self) -> bool {
        true
    }

    /// A transaction that writes to the log commits with the database's `synchronous_commit`
    /// (on by default) and returns only once the log is flushed up to its commit record: every
    /// commit before it, whichever instance made it, is then durable too (the log is one
    /// sequence). What it writes is a transactional message in the log, which touches no table
    /// and so waits for no lock (a transaction that only took an id would commit without a
    /// flush). Flushes requested at once are one flush in PostgreSQL as well.
    fn sync_log(&self) -> Result<(), Error> {
        let s = self.pool.get()?;
        // One round trip. Should any of it fail, the connection may be left inside the
        // transaction: it is not used again.
        let flushed = s.batch("BEGIN; SELECT pg_logical_emit_message(true, 'jinlin', 'flush'); COMMIT");
        if flushed.is_err() {
            s.discard();
        }
        flushed
    }

    fn cluster(&self) -> Option<&dyn ClusterStore> {
        Some(self)
    }
}

impl PostgresStore {
    /// One transaction for `writes` and their journal entry; `durable`: the commit waits for
    /// the log's flush (the database's `synchronous_commit`), else not
    /// ([`RelayStore::write_unsynced`]).
    fn commit(&self, writes: &[Write], durable: bool) -> Result<Vec<u64>, Error> {
        let s = self.pool.get()?;
        let tx = if durable {
            s.transaction()?
        } else {
            s.transaction_with("BEGIN; SET LOCAL synchronous_commit = off")?
        };
        let mut seqs = Vec::new();
        for w in writes {
            match w {
                Write::PutDevice(d) => {
                    tx.execute(
                        "INSERT INTO devices (member_id, name, token_hash, created_at, revoked_at, revoked_by)
                         VALUES ($1, $2, $3, $4, $5, $6)
                         ON CONFLICT (member_id) DO UPDATE SET name = excluded.name,
                         token_hash = excluded.token_hash, created_at = excluded.created_at,
                         revoked_at = excluded.revoked_at, revoked_by = excluded.revoked_by",
                        &[
                            &d.member_id.to_string(),
                            &d.name,
                            &&d.token_hash[..],
                            &d.created_at,
                            &d.revoked_at,
                            &d.revoked_by.map(|m| m.to_string()),
                        ],
                    )?;
                }
                Write::RevokeDevice { member, by, at } => {
                    tx.execute(
                        "UPDATE devices SET revoked_at = $2, revoked_by = $3 WHERE member_id = $1 AND revoked_at IS NULL",
                        &[&member.to_string(), at, &by.to_string()],
                    )?;
                    tx.execute(
                        "UPDATE member_settings SET push_kind = NULL, push_token = NULL WHERE member_id = $1",
                        &[&member.to_string()],
                    )?;
                }
                Write::PutDeviceKey { member, key, at } => {
                    tx.execute(
                        "INSERT INTO device_keys (member_id, public_key, created_at) VALUES ($1, $2, $3)
                         ON CONFLICT (member_id) DO NOTHING",
                        &[&member.to_string(), &&key[..], at],
                    )?;
                }
                Write::PutGroup(g) => {
                    tx.execute(
                        "INSERT INTO groups (id, kind, parent, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
                        &[
                            &g.id.to_string(),
                            &g.kind.as_str(),
                            &g.parent.map(|p| p.to_string()),
                            &g.created_by.to_string(),
                            &g.created_at,
                        ],
                    )?;
                }
                Write::PutMembership { member, membership, at } => {
                    tx.execute(
                        "INSERT INTO memberships (member_id, group_id, role, joined_at) VALUES ($1, $2, $3, $4)
                         ON CONFLICT (member_id, group_id) DO UPDATE SET role = excluded.role",
                        &[
                            &member.to_string(),
                            &membership.group_id.to_string(),
                            &membership.role.as_str(),
                            at,
                        ],
                    )?;
                }
                Write::PutInvite(i) => {
                    tx.execute(
                        "INSERT INTO invites
                         (code_hash, group_id, role, uses_left, expires_at, created_by, created_at, revoked_at, building)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                         ON CONFLICT (code_hash) DO UPDATE SET group_id = excluded.group_id,
                         role = excluded.role, uses_left = excluded.uses_left, expires_at = excluded.expires_at,
                         created_by = excluded.created_by, created_at = excluded.created_at,
                         revoked_at = excluded.revoked_at, building = excluded.building",
                        &[
                            &&i.code_hash[..],
                            &i.group_id.to_string(),
                            &i.role.as_str(),
                            &i64::from(i.uses_left),
                            &i.expires_at,
                            &i.created_by.to_string(),
                            &i.created_at,
                            &i.revoked_at,
                            &i.building,
                        ],
                    )?;
                }
                Write::PutDoc(d) => {
                    tx.execute(
                        "INSERT INTO docs (id, doc_type, group_id, created_at) VALUES ($1, $2, $3, $4)",
                        &[
                            &d.id.to_string(),
                            &d.doc_type.as_str(),
                            &d.group_id.to_string(),
                            &d.created_at,
                        ],
                    )?;
                }
                Write::AppendChange(c) => {
                    let row = tx.query_one(
                        "WITH next AS (UPDATE feed_head SET seq = seq + 1 RETURNING seq)
                         INSERT INTO feed (seq, doc_id, group_id, hash, bytes)
                         SELECT next.seq, $1, $2, $3, $4 FROM next RETURNING seq",
                        &[&c.doc_id.to_string(), &c.group_id.to_string(), &&c.hash[..], &c.bytes],
                    )?;
                    seqs.push(unsigned(row.try_get(0)?)?);
                }
                Write::Snapshot { doc_id, bytes } => {
                    tx.execute(
                        "UPDATE docs SET snapshot = $2,
                         snapshot_seq = (SELECT coalesce(max(seq), 0) FROM feed WHERE doc_id = $1) WHERE id = $1",
                        &[&doc_id.to_string(), bytes],
                    )?;
                }
                Write::SaveDispatch(d) => alerts::save_dispatch_in(&tx, d)?,
                Write::BlobRef { hash, doc_id } => {
                    tx.execute(
                        "INSERT INTO blob_refs (hash, doc_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                        &[hash, &doc_id.to_string()],
                    )?;
                }
                Write::Done(work) => {
                    tx.execute("DELETE FROM pending_work WHERE name = $1", &[work])?;
                }
                Write::SnapshotAt { doc_id, bytes, seq } => {
                    tx.execute(
                        "UPDATE docs SET snapshot = $2, snapshot_seq = $3 WHERE id = $1 AND snapshot_seq < $3",
                        &[&doc_id.to_string(), bytes, &to_sql(*seq)],
                    )?;
                }
            }
        }
        cluster::append(&tx, self.instance, &self.channel, &Journal::of(writes, &seqs))?;
        tx.commit()?;
        Ok(seqs)
    }
}

#[cfg(test)]
mod tests {
    use super::PostgresStore;
    use crate::store::conformance::postgres_schema;
    use crate::store::{RelayStore, Write};

    /// How far PostgreSQL's log is written (`insert`) or flushed to disk (`flush`).
    fn log_position(store: &PostgresStore, which: &str) -> String {
        let session = store.pool.get().expect("session");
        let row = session
            .query_one(&format!("SELECT pg_current_wal_{which}_lsn()::text"), &[])
            .expect("position");
        row.get(0)
    }

    fn flushed_past(store: &PostgresStore, position: &str) -> bool {
        let session = store.pool.get().expect("session");
        let row = session
            .query_one(
                "SELECT pg_current_wal_flush_lsn() >= $1::text::pg_lsn",
                &[&position.to_string()],
            )
            .expect("compare");
        row.get(0)
    }

    #[test]
    fn syncing_the_log_flushes_it_past_every_commit_made_without_waiting_on_any_instance() {
        let Some(url) = postgres_schema() else { return };
        let (a, b) = (
            PostgresStore::open(&url).expect("open"),
            PostgresStore::open(&url).expect("open again"),
        );
        a.write_unsynced(&[Write::Done("blob_refs".into())]).expect("unsynced");
        let committed = log_position(&a, "insert");
        // Seen at once by another instance, before any flush.
        assert!(!b.pending("blob_refs").expect("pending"), "visible at once");
        // Either instance's sync covers it: the log is one sequence.
        b.sync_log().expect("sync");
        assert!(
            flushed_past(&a, &committed),
            "flushed past {committed}: {}",
            log_position(&a, "flush")
        );
    }
}
