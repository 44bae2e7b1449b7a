//! The query tables: one row per group, request and every other kind, holding the view as JSON next to the
//! columns lists filter and sort on. They are written in the same transaction as the document,
//! so a list never loads documents and never disagrees with them.

use jinlin_model::DocKind;
use rusqlite::{Connection, params};

use automerge::AutoCommit;

use crate::store::grid_index;
use jinlin_model::docs::household::HouseholdView;
use jinlin_model::docs::need::NeedView;
use jinlin_model::docs::notice::NoticeView;
use jinlin_model::docs::order::OrderView;
use jinlin_model::docs::proposal::ProposalView;
use jinlin_model::docs::report::ReportView;
use jinlin_model::docs::{group, household, need, notice, order, proposal, report, request};
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::kinds::Status;
use jinlin_model::{GroupView, RequestView};

/// A document read into the view its query-table rows hold. Reading is pure work on the
/// document, so it can happen before (and beside) the transaction that writes the rows.
#[derive(Debug, Clone)]
pub enum DocView {
    /// A help request.
    Request(RequestView),
    /// A group.
    Group(GroupView),
    /// A photo report.
    Report(ReportView),
    /// A household.
    Household(HouseholdView),
    /// An order of a menu item.
    Order(OrderView),
    /// A proposal put to a vote.
    Proposal(ProposalView),
    /// A need on the board.
    Need(NeedView),
    /// A notice.
    Notice(NoticeView),
}

impl DocView {
    /// Reads a document of `doc_type`; `None` when it does not read as one yet (its first
    /// changes still on their way).
    pub fn read(doc_type: DocKind, doc: &AutoCommit) -> Option<DocView> {
        let view = match doc_type {
            DocKind::Request => request::read(doc).map(DocView::Request),
            DocKind::Group => group::read(doc).map(DocView::Group),
            DocKind::Report => report::read(doc).map(DocView::Report),
            DocKind::Household => household::read(doc).map(DocView::Household),
            DocKind::Order => order::read(doc).map(DocView::Order),
            DocKind::Proposal => proposal::read(doc).map(DocView::Proposal),
            DocKind::Need => need::read(doc).map(DocView::Need),
            DocKind::Notice => notice::read(doc).map(DocView::Notice),
        };
        match view {
            Ok(v) => Some(v),
            Err(e) => {
                tracing::debug!(error = %e, %doc_type, "document not indexed yet");
                None
            }
        }
    }

    /// Writes its rows.
    pub fn put(&self, conn: &Connection) -> Result<()> {
        match self {
            DocView::Request(v) => put_request(conn, v),
            DocView::Group(v) => put_group(conn, v),
            DocView::Report(v) => crate::store::reports::put(conn, v),
            DocView::Household(v) => grid_index::put_household(conn, v),
            DocView::Order(v) => crate::store::orders::put(conn, v),
            DocView::Proposal(v) => crate::store::proposals::put(conn, v),
            DocView::Need(v) => crate::store::board::put_need(conn, v),
            DocView::Notice(v) => crate::store::board::put_notice(conn, v),
        }
    }
}

/// Rewrites the query-table rows of a document of `doc_type`. A document that does not read as
/// its type yet is left unindexed until it does.
pub fn reindex(conn: &Connection, doc_type: DocKind, doc: &AutoCommit) -> Result<()> {
    match DocView::read(doc_type, doc) {
        Some(view) => view.put(conn),
        None => Ok(()),
    }
}

/// Removes every query-table row of a document (a document this device no longer holds, or
/// one about to be indexed again from scratch).
pub fn remove(conn: &Connection, id: DocId) -> Result<()> {
    let id = id.to_string();
    for sql in [
        "DELETE FROM requests WHERE id = ?1",
        "DELETE FROM groups WHERE id = ?1",
        "DELETE FROM reports WHERE id = ?1",
        "DELETE FROM orders WHERE id = ?1",
        "DELETE FROM proposals WHERE id = ?1",
        "DELETE FROM board_needs WHERE id = ?1",
        "DELETE FROM notices WHERE id = ?1",
        "DELETE FROM households WHERE id = ?1",
        "DELETE FROM visits WHERE household_id = ?1",
        "DELETE FROM needs WHERE household_id = ?1",
    ] {
        conn.prepare_cached(sql)?.execute([&id])?;
    }
    Ok(())
}

/// Writes (or replaces) a request's row.
pub fn put_request(conn: &Connection, view: &RequestView) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO requests (id, group_id, status, urgent, building, created_at, view_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        view.id.to_string(),
        view.group_id.to_string(),
        view.status.as_str(),
        view.urgent,
        view.place.building,
        view.created_at,
        to_json(view)?,
    ])?;
    Ok(())
}

/// Writes (or replaces) a group's row.
pub fn put_group(conn: &Connection, view: &GroupView) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO groups (id, kind, name, parent, view_json) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        view.id.to_string(),
        view.kind.as_str(),
        view.name,
        view.parent.map(|p| p.to_string()),
        to_json(view)?
    ])?;
    Ok(())
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::InvalidInput(format!("cannot index view: {e}")))
}

fn from_json<T: serde::de::DeserializeOwned>(id: &str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::CorruptDocument {
        id: id.to_string(),
        reason: format!("index row: {e}"),
    })
}

/// One request's view, from the index.
pub fn request(conn: &Connection, id: DocId) -> Result<Option<RequestView>> {
    let mut stmt = conn.prepare_cached("SELECT view_json FROM requests WHERE id = ?1")?;
    let mut rows = stmt.query([id.to_string()])?;
    match rows.next()? {
        Some(r) => Ok(Some(from_json(&id.to_string(), &r.get::<_, String>(0)?)?)),
        None => Ok(None),
    }
}

/// Requests in any of `groups` (all groups if empty) with the given status (any if `None`).
pub fn requests(conn: &Connection, groups: &[DocId], status: Option<Status>) -> Result<Vec<RequestView>> {
    let groups_json = serde_json::to_string(&groups.iter().map(ToString::to_string).collect::<Vec<_>>())
        .map_err(|e| Error::InvalidInput(e.to_string()))?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, view_json FROM requests
         WHERE (?1 = 0 OR group_id IN (SELECT value FROM json_each(?2)))
           AND (?3 IS NULL OR status = ?3)",
    )?;
    let rows = stmt.query_map(
        params![groups.len() as i64, groups_json, status.map(|s| s.as_str())],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )?;
    rows.map(|r| {
        let (id, json) = r?;
        from_json(&id, &json)
    })
    .collect()
}

/// One group's view, from the index.
pub fn group(conn: &Connection, id: DocId) -> Result<Option<GroupView>> {
    let mut stmt = conn.prepare_cached("SELECT view_json FROM groups WHERE id = ?1")?;
    let mut rows = stmt.query([id.to_string()])?;
    match rows.next()? {
        Some(r) => Ok(Some(from_json(&id.to_string(), &r.get::<_, String>(0)?)?)),
        None => Ok(None),
    }
}

/// Every group this device holds.
pub fn groups(conn: &Connection) -> Result<Vec<GroupView>> {
    let mut stmt = conn.prepare_cached("SELECT id, view_json FROM groups ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.map(|r| {
        let (id, json) = r?;
        from_json(&id, &json)
    })
    .collect()
}
