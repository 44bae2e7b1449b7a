//! The PostgreSQL engine's migration runner: numbered SQL scripts applied in order, each in a
//! transaction of its own (PostgreSQL's schema changes are transactional), with the version
//! reached kept in the table `jinlin_schema`. Relays starting at once on one database take turns
//! (a transaction-scoped advisory lock), and a database a newer build migrated further is
//! refused, not damaged, as the SQLite stores do (`jinlin_model::migrate`).

use super::pool::Session;
use crate::error::Error;

/// The advisory lock the migrating relay holds (any fixed number; "JinLin" in ASCII).
const MIGRATION_LOCK: i64 = 0x4a69_6e4c_696e;

/// Brings the database up to the last of `migrations` (migration `i` makes version `i + 1`).
pub(super) fn apply(session: &Session, migrations: &[(&str, &str)]) -> Result<(), Error> {
    let latest = migrations.len() as i64;
    loop {
        let tx = session.transaction()?;
        tx.batch(&format!(
            "SELECT pg_advisory_xact_lock({MIGRATION_LOCK});
             CREATE TABLE IF NOT EXISTS jinlin_schema (version BIGINT NOT NULL)"
        ))?;
        let found: i64 = tx
            .query_opt("SELECT max(version) FROM jinlin_schema", &[])?
            .and_then(|row| row.get::<_, Option<i64>>(0))
            .unwrap_or(0);
        if found > latest {
            return Err(Error::NewerStore {
                found,
                supported: latest,
            });
        }
        let Some((name, sql)) = usize::try_from(found).ok().and_then(|i| migrations.get(i)) else {
            tx.commit()?;
            break;
        };
        tx.batch(sql)?;
        tx.batch(&format!(
            "DELETE FROM jinlin_schema; INSERT INTO jinlin_schema (version) VALUES ({})",
            found + 1
        ))?;
        tx.commit()?;
        tracing::info!(migration = name, "applied store migration");
    }
    session.forget_statements();
    Ok(())
}
