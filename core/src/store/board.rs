//! The board's and the notices' query tables: one row per need and per notice with its view,
//! written with the document in the same transaction, and the lists a shell shows (the board of
//! open needs, a group's needs by status, a group's notices).

use jinlin_model::docs::need::NeedView;
use jinlin_model::docs::notice::NoticeView;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::kinds::BoardStatus;
use rusqlite::{Connection, params};

use crate::store::grid_index::json_rows;

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::InvalidInput(e.to_string()))
}

/// JSON list of `groups` for `json_each`, and whether it names any (none: every group).
fn scope(groups: &[DocId]) -> Result<(i64, String)> {
    let list: Vec<String> = groups.iter().map(ToString::to_string).collect();
    Ok((groups.len() as i64, to_json(&list)?))
}

/// Writes (or replaces) a need's row.
pub fn put_need(conn: &Connection, view: &NeedView) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO board_needs (id, group_id, status, requester, created_at, view_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        view.id.to_string(),
        view.group_id.to_string(),
        view.status.as_str(),
        view.requester.member_id.map(|m| m.to_string()),
        view.created_at,
        to_json(view)?
    ])?;
    Ok(())
}

/// Needs in `groups` (all if empty), of one status or all, newest first.
pub fn needs(conn: &Connection, groups: &[DocId], status: Option<BoardStatus>) -> Result<Vec<NeedView>> {
    let (n, list) = scope(groups)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, view_json FROM board_needs
         WHERE (?1 = 0 OR group_id IN (SELECT value FROM json_each(?2))) AND (?3 IS NULL OR status = ?3)
         ORDER BY created_at DESC, id",
    )?;
    json_rows(&mut stmt, params![n, list, status.map(|s| s.as_str())])
}

/// Writes (or replaces) a notice's row.
pub fn put_notice(conn: &Connection, view: &NoticeView) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO notices (id, group_id, pinned_until, withdrawn, created_at, view_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        view.id.to_string(),
        view.group_id.to_string(),
        view.pinned_until,
        view.withdrawn_at.is_some(),
        view.created_at,
        to_json(view)?
    ])?;
    Ok(())
}

/// Notices in `groups` (all if empty) not withdrawn, newest first.
pub fn notices(conn: &Connection, groups: &[DocId]) -> Result<Vec<NoticeView>> {
    let (n, list) = scope(groups)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, view_json FROM notices
         WHERE (?1 = 0 OR group_id IN (SELECT value FROM json_each(?2))) AND withdrawn = 0
         ORDER BY created_at DESC, id",
    )?;
    json_rows(&mut stmt, params![n, list])
}
