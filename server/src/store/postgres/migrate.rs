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

#[cfg(test)]
mod tests {
    use super::super::{DatabaseUrl, MIGRATIONS, PostgresStore};
    use crate::error::Error;
    use crate::store::conformance::postgres_schema;
    use crate::store::{RelayStore, Write};

    fn set_version(url: &DatabaseUrl, version: i64) {
        let store = PostgresStore::open(url).expect("open");
        let session = store.pool.get().expect("session");
        session
            .batch(&format!("UPDATE jinlin_schema SET version = {version}"))
            .expect("version");
    }

    #[test]
    fn relays_starting_at_once_on_a_new_database_migrate_it_once_and_a_restart_keeps_the_data() {
        let Some(url) = postgres_schema() else { return };
        let opened: Vec<Result<PostgresStore, Error>> = std::thread::scope(|s| {
            let starts: Vec<_> = (0..4).map(|_| s.spawn(|| PostgresStore::open(&url))).collect();
            starts.into_iter().map(|t| t.join().expect("start")).collect()
        });
        let stores: Vec<PostgresStore> = opened.into_iter().collect::<Result<_, _>>().expect("every relay opens");
        stores[0].write(&[Write::Done("blob_refs".into())]).expect("write");
        drop(stores);
        let again = PostgresStore::open(&url).expect("reopen");
        assert!(!again.pending("blob_refs").expect("pending"), "the data stayed");
        let session = again.pool.get().expect("session");
        let rows = session
            .query("SELECT version FROM jinlin_schema", &[])
            .expect("version");
        let versions: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
        assert_eq!(versions, vec![MIGRATIONS.len() as i64]);
    }

    #[test]
    fn a_database_from_a_newer_relay_is_refused() {
        let Some(url) = postgres_schema() else { return };
        set_version(&url, MIGRATIONS.len() as i64 + 1);
        let refused = PostgresStore::open(&url).expect_err("refused");
        assert!(matches!(refused, Error::NewerStore { .. }), "{refused}");
        assert!(refused.to_string().contains("update the relay"), "{refused}");
    }

    #[test]
    fn a_malformed_or_unreachable_database_url_is_a_clear_error() {
        let malformed = PostgresStore::open(&DatabaseUrl::new("postgres://[::1")).expect_err("malformed");
        assert!(malformed.to_string().contains("database URL"), "{malformed}");
        let closed = PostgresStore::open(&DatabaseUrl::new("postgres://jinlin:secret@127.0.0.1:1/jinlin"))
            .expect_err("nothing listens on port 1");
        let message = closed.to_string();
        assert!(message.contains("postgres://jinlin@127.0.0.1:1/jinlin"), "{message}");
        assert!(!message.contains("secret"), "{message}");
        let bad_schema = DatabaseUrl::new("postgres://127.0.0.1:1/x")
            .create_schema("x'); DROP TABLE devices;--")
            .expect_err("refused before connecting");
        assert!(bad_schema.to_string().contains("lowercase letters"), "{bad_schema}");
    }
}
