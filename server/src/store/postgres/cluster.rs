//! The PostgreSQL engine shared by several relay instances ([`ClusterStore`]): the journal
//! appended in each commit's own transaction, the writers' turns as a session advisory lock
//! (released by PostgreSQL when an instance dies with its connection), `LISTEN/NOTIFY` as the
//! wake-up, and who is live on which instance (presence, with each instance's last sign of
//! life). Lock key and channel are the schema's, so relays in different schemas of one
//! database (tests, or several small districts) never wait for each other.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::pool::{Pooled, Session};
use super::{PostgresStore, unsigned};
use crate::error::Error;
use crate::store::journal::{ClusterStore, Journal, JournalEntry, Turn};
use jinlin_model::{MemberId, Millis};

/// The database's clock in milliseconds since the Unix epoch, as SQL.
const NOW_MS: &str = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

/// The key of the writers' advisory lock, from the schema's name.
const LOCK_KEY: &str = "hashtext('jinlin writer ' || current_schema())";

/// Appends `journal` to the journal inside `tx` and wakes the other instances when it commits.
pub(super) fn append(tx: &Session, origin: u64, channel: &str, journal: &Journal) -> Result<(), Error> {
    if journal.is_empty() {
        return Ok(());
    }
    let body = serde_json::to_string(journal).map_err(|e| Error::Task(format!("a journal entry: {e}")))?;
    // One statement, one round trip inside the writers' turn: the entry, then the wake-up
    // (delivered when the transaction commits).
    tx.query_one(
        "WITH next AS (UPDATE journal_head SET id = id + 1 RETURNING id),
         entry AS (INSERT INTO journal (id, origin, at, body)
                   SELECT next.id, $1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint, $2 FROM next
                   RETURNING id)
         SELECT pg_notify($3, '')::text FROM entry",
        &[&(origin as i64), &body, &channel],
    )?;
    Ok(())
}

/// The channel the instances of the current schema wake each other on.
pub(super) fn channel_of(session: &Session) -> Result<String, Error> {
    let schema: String = session.query_one("SELECT current_schema()::text", &[])?.try_get(0)?;
    let mut channel = format!("jinlin {schema}");
    channel.truncate(63);
    Ok(channel)
}

struct Held<'a> {
    session: Option<Pooled<'a>>,
    head: u64,
}

impl Turn for Held<'_> {
    fn head(&self) -> Option<u64> {
        Some(self.head)
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if let Some(session) = self.session.take()
            && session
                .query_one(&format!("SELECT pg_advisory_unlock({LOCK_KEY})"), &[])
                .is_err()
        {
            // Closing the connection ends the turn for certain.
            session.discard();
        }
    }
}

/// Stops the listener when dropped.
struct Listening(Arc<AtomicBool>);

impl Drop for Listening {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

impl ClusterStore for PostgresStore {
    fn instance(&self) -> u64 {
        self.instance
    }

    fn turn(&self) -> Result<Box<dyn Turn + '_>, Error> {
        let session = self.pool.get()?;
        // Sent together, answered in order: the head is read by a statement of its own, which
        // begins once the lock is held, so it sees every commit made before the turn was ours.
        let (_, head) = session.query_one_then(
            &format!("SELECT pg_advisory_lock({LOCK_KEY})::text"),
            "SELECT id FROM journal_head",
        )?;
        let head = unsigned(head.try_get(0)?)?;
        Ok(Box::new(Held {
            session: Some(session),
            head,
        }))
    }

    fn journal_head(&self) -> Result<u64, Error> {
        let s = self.pool.get()?;
        unsigned(s.query_one("SELECT id FROM journal_head", &[])?.try_get(0)?)
    }

    fn journal_after(&self, after: u64, limit: usize) -> Result<Vec<JournalEntry>, Error> {
        let s = self.pool.get()?;
        let rows = s.query(
            "SELECT id, origin, at, body FROM journal WHERE id > $1 ORDER BY id LIMIT $2",
            &[
                &(after.min(i64::MAX as u64) as i64),
                &(limit.min(i64::MAX as usize) as i64),
            ],
        )?;
        rows.iter()
            .map(|r| {
                let body: String = r.try_get(3)?;
                let origin: i64 = r.try_get(1)?;
                Ok(JournalEntry {
                    id: unsigned(r.try_get(0)?)?,
                    origin: origin as u64,
                    at: r.try_get(2)?,
                    journal: serde_json::from_str(&body).map_err(|e| Error::CorruptDocument {
                        id: "journal".into(),
                        reason: e.to_string(),
                    })?,
                })
            })
            .collect()
    }

    fn prune_journal(&self, kept: Duration) -> Result<u64, Error> {
        let s = self.pool.get()?;
        let kept = kept.as_millis().min(i64::MAX as u128) as i64;
        s.execute(
            "DELETE FROM journal WHERE at <= (extract(epoch FROM clock_timestamp()) * 1000)::bigint - $1",
            &[&kept],
        )
    }

    fn publish_presence(&self, joined: &[MemberId], left: &[MemberId]) -> Result<Millis, Error> {
        let s = self.pool.get()?;
        let tx = s.transaction()?;
        let instance = self.instance as i64;
        let at: i64 = tx
            .query_one(
                &format!(
                    "INSERT INTO relay_instances (instance, seen_at) VALUES ($1, {NOW_MS})
                     ON CONFLICT (instance) DO UPDATE SET seen_at = excluded.seen_at
                     RETURNING seen_at"
                ),
                &[&instance],
            )?
            .try_get(0)?;
        if !left.is_empty() {
            let left: Vec<String> = left.iter().map(MemberId::to_string).collect();
            tx.execute(
                "DELETE FROM presence WHERE instance = $1 AND member_id = ANY($2)",
                &[&instance, &left],
            )?;
        }
        if !joined.is_empty() {
            let joined: Vec<String> = joined.iter().map(MemberId::to_string).collect();
            tx.execute(
                "INSERT INTO presence (instance, member_id) SELECT $1, m FROM unnest($2::text[]) AS t (m)
                 ON CONFLICT DO NOTHING",
                &[&instance, &joined],
            )?;
        }
        tx.commit()?;
        Ok(at)
    }

    fn present_elsewhere(&self, members: &[MemberId], fresh: Duration) -> Result<HashSet<MemberId>, Error> {
        if members.is_empty() {
            return Ok(HashSet::new());
        }
        let s = self.pool.get()?;
        let wanted: Vec<String> = members.iter().map(MemberId::to_string).collect();
        let fresh = fresh.as_millis().min(i64::MAX as u128) as i64;
        let rows = s.query(
            &format!(
                "SELECT DISTINCT p.member_id FROM presence p JOIN relay_instances i ON i.instance = p.instance
                 WHERE p.member_id = ANY($1) AND p.instance <> $2 AND i.seen_at > {NOW_MS} - $3"
            ),
            &[&wanted, &(self.instance as i64), &fresh],
        )?;
        rows.iter()
            .map(|r| {
                let m: String = r.try_get(0)?;
                m.parse().map_err(|_| Error::CorruptDocument {
                    id: "presence".into(),
                    reason: format!("not a member id: {m}"),
                })
            })
            .collect()
    }

    fn prune_presence(&self, kept: Duration) -> Result<u64, Error> {
        let s = self.pool.get()?;
        let tx = s.transaction()?;
        let kept = kept.as_millis().min(i64::MAX as u128) as i64;
        let gone = tx.execute(
            &format!(
                "DELETE FROM presence WHERE instance IN
                 (SELECT instance FROM relay_instances WHERE seen_at <= {NOW_MS} - $1)"
            ),
            &[&kept],
        )?;
        tx.execute(
            &format!("DELETE FROM relay_instances WHERE seen_at <= {NOW_MS} - $1"),
            &[&kept],
        )?;
        tx.commit()?;
        Ok(gone)
    }

    fn listen(&self, wake: Box<dyn Fn() + Send + Sync>) -> Result<Box<dyn Send + Sync>, Error> {
        let stop = Arc::new(AtomicBool::new(false));
        self.pool
            .spawn_listener(self.channel.clone(), wake, stop.clone(), Duration::from_secs(1))?;
        Ok(Box::new(Listening(stop)))
    }
}
