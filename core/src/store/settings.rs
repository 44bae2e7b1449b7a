//! The device's settings: small JSON values under a key in the `meta` table (its identity, its
//! relay, its installation, declines...), read and written inside the store's transactions.

use jinlin_model::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, params};

/// A setting, if set; a value that does not read as `T` is a damaged store.
pub fn get<T: serde::de::DeserializeOwned>(c: &Connection, key: &str) -> Result<Option<T>> {
    let json: Option<String> = c
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?;
    json.map(|j| {
        serde_json::from_str(&j).map_err(|e| Error::CorruptStore {
            path: "meta".into(),
            reason: format!("setting {key}: {e}"),
        })
    })
    .transpose()
}

pub fn put<T: serde::Serialize>(c: &Connection, key: &str, value: &T) -> Result<()> {
    let json = serde_json::to_string(value).map_err(|e| Error::InvalidInput(e.to_string()))?;
    c.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        params![key, json],
    )?;
    Ok(())
}

/// Forgets a setting (nothing happens if it is not there).
pub fn remove(conn: &Connection, key: &str) -> Result<()> {
    conn.execute("DELETE FROM meta WHERE key = ?1", [key])?;
    Ok(())
}
