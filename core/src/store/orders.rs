//! The orders' query table: one row per order with its view, written with the order document in
//! the same transaction, and the lists a shell shows (a resident's own orders, staff's queue, a
//! team's orders).

use jinlin_model::docs::order::OrderView;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::kinds::OrderStatus;
use rusqlite::{Connection, params};

use crate::store::grid_index::json_rows;

/// Writes (or replaces) an order's row.
pub fn put(conn: &Connection, view: &OrderView) -> Result<()> {
    let json = serde_json::to_string(view).map_err(|e| Error::InvalidInput(e.to_string()))?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO orders (id, group_id, status, requester, ordered_by, team, created_at, view_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        view.id.to_string(),
        view.group_id.to_string(),
        view.status.as_str(),
        view.requester.member_id.map(|m| m.to_string()),
        view.ordered_by.member_id.map(|m| m.to_string()),
        view.team,
        view.created_at,
        json
    ])?;
    Ok(())
}

/// Orders in a group (all groups if `None`), by status, newest first.
pub fn list(conn: &Connection, group: Option<DocId>, status: Option<OrderStatus>) -> Result<Vec<OrderView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, view_json FROM orders WHERE (?1 IS NULL OR group_id = ?1) AND (?2 IS NULL OR status = ?2)
         ORDER BY created_at DESC, id",
    )?;
    json_rows(
        &mut stmt,
        params![group.map(|g| g.to_string()), status.map(|s| s.as_str())],
    )
}
