//! The proposals' query table: one row per proposal with its view, written with the proposal
//! document in the same transaction, and the list a shell shows (a group's proposals, newest
//! first).

use jinlin_model::docs::proposal::ProposalView;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use rusqlite::{Connection, params};

use crate::store::grid_index::json_rows;

/// Writes (or replaces) a proposal's row.
pub fn put(conn: &Connection, view: &ProposalView) -> Result<()> {
    let json = serde_json::to_string(view).map_err(|e| Error::InvalidInput(e.to_string()))?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO proposals (id, group_id, closes_at, created_at, view_json)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        view.id.to_string(),
        view.group_id.to_string(),
        view.close_time(),
        view.created_at,
        json
    ])?;
    Ok(())
}

/// Proposals put to any of `groups` (all groups if empty), newest first.
pub fn list(conn: &Connection, groups: &[DocId]) -> Result<Vec<ProposalView>> {
    let groups = serde_json::to_string(&groups.iter().map(|g| g.to_string()).collect::<Vec<_>>())
        .map_err(|e| Error::InvalidInput(e.to_string()))?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, view_json FROM proposals
         WHERE ?1 = '[]' OR group_id IN (SELECT value FROM json_each(?1))
         ORDER BY created_at DESC, id",
    )?;
    json_rows(&mut stmt, params![groups])
}

/// One proposal's view as its row holds it (what a shell shows, the result included, without
/// loading the document).
pub fn get(conn: &Connection, id: DocId) -> Result<Option<ProposalView>> {
    let mut stmt = conn.prepare_cached("SELECT id, view_json FROM proposals WHERE id = ?1")?;
    Ok(json_rows(&mut stmt, params![id.to_string()])?.into_iter().next())
}
