//! Moving a community's relay from its SQLite file to PostgreSQL (`jinlin-relay migrate --from
//! DIR --to URL`), when a district outgrows one machine.
//!
//! Both engines keep the same tables with the same column names (PostgreSQL's in its own types),
//! so the move is table by table: the SQLite file is brought to the latest schema, read in one
//! read transaction (a consistent snapshot), and written into an empty, migrated PostgreSQL
//! database in one transaction, so a move that fails writes nothing. The tables are PostgreSQL's
//! own list, not one kept here: a table either engine gains is moved the day it is added, and a
//! table one engine has and the other lacks stops the move with its name instead of being left
//! behind. Feed positions are kept, so phones continue from their cursors without fetching
//! anything twice; counters (the feed head, serial columns) continue after the moved rows.
//! Attachments stay in the data directory, which the relay keeps using.

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use tokio_postgres::types::ToSql;

use super::pool::Tx;
use super::{DatabaseUrl, PostgresStore};
use crate::error::Error;
use crate::store::sqlite::SqliteStore;

/// Tables copied first, in this order, because others refer to them.
const FIRST: [&str; 3] = ["devices", "groups", "docs"];
/// PostgreSQL's own bookkeeping, not a relay table.
const SCHEMA_TABLE: &str = "jinlin_schema";
/// The feed's last position: a row SQLite keeps in its `sqlite_sequence`.
const FEED_HEAD: &str = "feed_head";
/// What several instances share (`cluster.rs`, `presence.rs`), which SQLite does not keep: the
/// journal and who is live where. A moved community starts with them empty.
const JOURNAL: [&str; 4] = ["journal", "journal_head", "relay_instances", "presence"];
/// SQLite's own tables.
const SQLITE_INTERNAL: &str = "sqlite_";

/// What a move copied: each table with its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moved {
    /// `(table, rows)`, in the order copied.
    pub tables: Vec<(String, u64)>,
}

impl Moved {
    /// Rows copied from `table`.
    pub fn rows(&self, table: &str) -> u64 {
        self.tables.iter().find(|(t, _)| t == table).map_or(0, |(_, n)| *n)
    }
}

/// A column of a PostgreSQL table and its type.
struct Column {
    name: String,
    kind: String,
}

/// Copies the relay database `sqlite_file` into the empty PostgreSQL database at `url`.
/// Refuses a database that already holds a relay's data. Blocks.
pub fn import_sqlite(sqlite_file: &Path, url: &DatabaseUrl) -> Result<Moved, Error> {
    if !sqlite_file.is_file() {
        return Err(Error::Move(format!(
            "{} does not exist: name the relay's data directory (the one holding {})",
            sqlite_file.display(),
            crate::DB_FILE
        )));
    }
    // Brings the file to this build's schema, as the relay would on start.
    drop(SqliteStore::open(sqlite_file)?);
    let source = Connection::open_with_flags(sqlite_file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    source.execute_batch("BEGIN")?;
    let target = PostgresStore::open(url)?;
    let session = target.pool.get()?;
    let tx = session.transaction()?;
    let held: i64 = tx
        .query_one(
            "SELECT (SELECT count(*) FROM devices) + (SELECT count(*) FROM groups) + (SELECT count(*) FROM docs)",
            &[],
        )?
        .get(0);
    if held > 0 {
        return Err(Error::Move(format!(
            "{} already holds a relay's data; move into an empty database",
            target.place()
        )));
    }
    let tables = ordered_tables(&tx)?;
    check_same_tables(&source, &tables)?;
    let mut moved = Moved::default();
    for table in &tables {
        let rows = copy_table(&source, &tx, table)?;
        moved.tables.push((table.clone(), rows));
    }
    continue_counters(&tx, &tables)?;
    tx.commit()?;
    Ok(moved)
}

/// PostgreSQL's relay tables, those others refer to first.
fn ordered_tables(tx: &Tx<'_>) -> Result<Vec<String>, Error> {
    let rows = tx.query(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
        &[],
    )?;
    let mut names: Vec<String> = rows
        .iter()
        .map(|r| r.get::<_, String>(0))
        .filter(|t| t != SCHEMA_TABLE && t != FEED_HEAD && !JOURNAL.contains(&t.as_str()))
        .collect();
    names.sort_by_key(|t| FIRST.iter().position(|f| f == t).unwrap_or(FIRST.len()));
    Ok(names)
}

/// Stops the move when the engines' table lists differ.
fn check_same_tables(source: &Connection, tables: &[String]) -> Result<(), Error> {
    let mut stmt = source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
    let names: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    for name in &names {
        if !name.starts_with(SQLITE_INTERNAL) && !tables.contains(name) {
            return Err(Error::Move(format!(
                "the SQLite database has a table {name:?} that PostgreSQL lacks; update the relay"
            )));
        }
    }
    for table in tables {
        if !names.contains(table) {
            return Err(Error::Move(format!(
                "PostgreSQL has a table {table:?} that the SQLite database lacks; update the relay"
            )));
        }
    }
    Ok(())
}

/// Copies every row of `table`; the rows copied.
fn copy_table(source: &Connection, tx: &Tx<'_>, table: &str) -> Result<u64, Error> {
    let columns: Vec<Column> = tx
        .query(
            "SELECT column_name::text, data_type::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            &[&table],
        )?
        .iter()
        .map(|r| Column {
            name: r.get(0),
            kind: r.get(1),
        })
        .collect();
    // Rows a migration put in (work owed at start) are replaced by the file's own.
    tx.execute(&format!("DELETE FROM {}", quoted(table)), &[])?;
    let names = columns.iter().map(|c| quoted(&c.name)).collect::<Vec<_>>().join(", ");
    let select = format!("SELECT {names} FROM {}", quoted(table));
    let mut stmt = source.prepare(&select).map_err(|e| {
        Error::Move(format!(
            "table {table:?} differs between the engines ({e}); update the relay"
        ))
    })?;
    let placeholders = (1..=columns.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let insert = format!("INSERT INTO {} ({names}) VALUES ({placeholders})", quoted(table));
    let mut rows = stmt.query([])?;
    let mut copied = 0u64;
    while let Some(row) = rows.next()? {
        let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::with_capacity(columns.len());
        for (i, column) in columns.iter().enumerate() {
            values.push(value(row.get_ref(i)?, column, table)?);
        }
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(AsRef::as_ref).collect();
        tx.execute(&insert, &params)?;
        copied += 1;
    }
    Ok(copied)
}

/// One SQLite value as the PostgreSQL column's type.
fn value(v: ValueRef<'_>, column: &Column, table: &str) -> Result<Box<dyn ToSql + Sync>, Error> {
    let mismatch = || {
        Error::Move(format!(
            "{table}.{} holds a value PostgreSQL's {} cannot take",
            column.name, column.kind
        ))
    };
    Ok(match (column.kind.as_str(), v) {
        ("bigint", ValueRef::Null) => Box::new(None::<i64>),
        ("bigint", ValueRef::Integer(n)) => Box::new(Some(n)),
        ("integer", ValueRef::Null) => Box::new(None::<i32>),
        ("integer", ValueRef::Integer(n)) => Box::new(Some(i32::try_from(n).map_err(|_| mismatch())?)),
        ("boolean", ValueRef::Null) => Box::new(None::<bool>),
        ("boolean", ValueRef::Integer(n)) => Box::new(Some(n != 0)),
        ("double precision", ValueRef::Null) => Box::new(None::<f64>),
        ("double precision", ValueRef::Real(x)) => Box::new(Some(x)),
        ("double precision", ValueRef::Integer(n)) => Box::new(Some(n as f64)),
        ("bytea", ValueRef::Null) => Box::new(None::<Vec<u8>>),
        ("bytea", ValueRef::Blob(b)) => Box::new(Some(b.to_vec())),
        ("text", ValueRef::Null) => Box::new(None::<String>),
        ("text", ValueRef::Text(t)) => Box::new(Some(String::from_utf8(t.to_vec()).map_err(|_| mismatch())?)),
        _ => return Err(mismatch()),
    })
}

/// Sets the feed head and every serial column past the rows moved, so new rows continue after
/// them.
fn continue_counters(tx: &Tx<'_>, tables: &[String]) -> Result<(), Error> {
    tx.execute(
        "UPDATE feed_head SET seq = (SELECT COALESCE(max(seq), 0) FROM feed)",
        &[],
    )?;
    for table in tables {
        let serials = tx.query(
            "SELECT column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 AND column_default LIKE 'nextval(%'",
            &[table],
        )?;
        for row in serials {
            let column: String = row.get(0);
            tx.query(
                &format!(
                    "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(max({c}), 0) + 1, false) FROM {t}",
                    c = quoted(&column),
                    t = quoted(table)
                ),
                &[table, &column],
            )?;
        }
    }
    Ok(())
}

/// An identifier quoted for SQL (table and column names come from the catalogue, never from a
/// user, but are quoted all the same).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
