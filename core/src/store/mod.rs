//! The device's local store: one SQLite file in WAL mode, one writer connection and one reader.
//!
//! Every write runs in an `IMMEDIATE` transaction, so writers in other processes on the same file
//! queue behind it instead of failing, and `synchronous = FULL` makes a write durable by the
//! time the call returns.

pub mod blobs;
pub mod board;
pub mod cursors;
pub mod docs;
pub mod grid_index;
pub mod index;
pub mod orders;
pub mod peer;
pub mod proposals;
pub mod received;
pub mod refused;
pub mod reports;
pub mod schema;
pub mod settings;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use jinlin_model::error::{Error, Result};

/// The SQLite store behind a device.
#[derive(Debug)]
pub struct Store {
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::CorruptStore {
                path: path.display().to_string(),
                reason: format!("cannot create its folder: {e}"),
            })?;
        }
        let corrupt = |e: rusqlite::Error| corrupt_store(&path, e);
        let mut writer = Connection::open(&path).map_err(corrupt)?;
        configure(&writer).map_err(corrupt)?;
        schema::migrate(&mut writer).map_err(|e| match e {
            Error::Sql(e) => corrupt_store(&path, e),
            other => other,
        })?;
        let reader = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(corrupt)?;
        configure(&reader).map_err(corrupt)?;
        Ok(Store {
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            path,
        })
    }

    /// The file the store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one write transaction; commits if it returns `Ok`, rolls back otherwise.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` on the reader connection.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        f(&lock(&self.reader))
    }
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding the lock cannot leave SQLite half-written (the transaction rolls
    // back on drop), so a poisoned lock is safe to take over.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    // Every statement on the write path stays prepared (the default keeps 16).
    conn.set_prepared_statement_cache_capacity(64);
    // journal_mode returns a row; also the first statement that touches the file, so a file that
    // is not a database fails here.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "store is not in WAL mode");
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "journal_size_limit", 4 * 1024 * 1024)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    Ok(())
}

fn corrupt_store(path: &Path, e: rusqlite::Error) -> Error {
    let reason = match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => "not a database file".to_string(),
        Some(ErrorCode::DatabaseCorrupt) => "the file is corrupted".to_string(),
        Some(ErrorCode::CannotOpen) => "the file cannot be opened".to_string(),
        _ => e.to_string(),
    };
    Error::CorruptStore {
        path: path.display().to_string(),
        reason,
    }
}
