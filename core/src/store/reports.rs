//! The photo reports' query table: one row per report with its view, written with the report
//! document in the same transaction, and the list a shell shows.

use jinlin_model::docs::report::ReportView;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::kinds::ReportStatus;
use rusqlite::{Connection, params};

use crate::store::grid_index::json_rows;

/// Writes (or replaces) a report's row.
pub fn put(conn: &Connection, view: &ReportView) -> Result<()> {
    let json = serde_json::to_string(view).map_err(|e| Error::InvalidInput(e.to_string()))?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO reports (id, group_id, status, reporter, created_at, view_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        view.id.to_string(),
        view.group_id.to_string(),
        view.status.as_str(),
        view.reporter.member_id.map(|m| m.to_string()),
        view.created_at,
        json
    ])?;
    Ok(())
}

/// Reports in a group (all groups if `None`), by status, newest first.
pub fn list(conn: &Connection, group: Option<DocId>, status: Option<ReportStatus>) -> Result<Vec<ReportView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, view_json FROM reports WHERE (?1 IS NULL OR group_id = ?1) AND (?2 IS NULL OR status = ?2)
         ORDER BY created_at DESC, id",
    )?;
    json_rows(
        &mut stmt,
        params![group.map(|g| g.to_string()), status.map(|s| s.as_str())],
    )
}
