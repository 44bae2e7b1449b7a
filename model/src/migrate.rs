//! The migration runner both stores use, the phone's and the relay's: numbered SQL scripts applied
//! in order, each in a transaction of its own, with the version reached kept in
//! `PRAGMA user_version`. A database a newer build migrated further is refused, not damaged.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Brings `conn` up to the last of `migrations` (migration `i` makes version `i + 1`), each in
/// a transaction of its own with the version it reaches; refuses a database a newer build has
/// migrated further ([`Error::NewerStore`]). The relay's store migrates the same way.
pub fn apply(conn: &mut Connection, migrations: &[(&str, &str)]) -> Result<()> {
    let latest = migrations.len() as i64;
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > latest {
        return Err(Error::NewerStore {
            found,
            supported: latest,
        });
    }
    for (i, (name, sql)) in migrations.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
        tracing::info!(migration = name, "applied store migration");
    }
    Ok(())
}
