//! The store's schema: numbered migrations kept in `migrations/NNN_name.sql`, applied in order
//! inside one transaction each, with the version in `PRAGMA user_version`.

use rusqlite::Connection;

use jinlin_model::error::Result;

/// Every migration, in order. Migration `i` brings the schema to version `i + 1`.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("001_init", include_str!("migrations/001_init.sql")),
    ("002_grid", include_str!("migrations/002_grid.sql")),
    ("003_reports_blobs", include_str!("migrations/003_reports_blobs.sql")),
    ("004_catch_up", include_str!("migrations/004_catch_up.sql")),
    (
        "005_refused_changes",
        include_str!("migrations/005_refused_changes.sql"),
    ),
    ("006_orders", include_str!("migrations/006_orders.sql")),
    ("007_board_notices", include_str!("migrations/007_board_notices.sql")),
    ("008_proposals", include_str!("migrations/008_proposals.sql")),
    ("009_peer_keys", include_str!("migrations/009_peer_keys.sql")),
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings the database up to [`latest`]; refuses a database from a newer build.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    jinlin_model::migrate::apply(conn, MIGRATIONS)
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

    #[test]
    fn a_database_left_at_any_older_version_migrates_to_what_a_fresh_one_is() {
        let mut fresh = Connection::open_in_memory().expect("open");
        migrate(&mut fresh).expect("migrate");
        for old in 1..=MIGRATIONS.len() {
            let mut db = Connection::open_in_memory().expect("open");
            for (_, sql) in &MIGRATIONS[..old] {
                db.execute_batch(sql).expect("old schema");
            }
            db.pragma_update(None, "user_version", old as i64).expect("version");
            migrate(&mut db).expect("upgrade");
            assert_eq!(dump(&db), dump(&fresh), "upgraded from version {old}");
        }
    }

    #[test]
    fn a_database_from_a_newer_build_is_refused() {
        let mut conn = Connection::open_in_memory().expect("open");
        conn.pragma_update(None, "user_version", latest() + 1).expect("version");
        assert!(matches!(
            migrate(&mut conn),
            Err(jinlin_model::Error::NewerStore { .. })
        ));
    }
}
