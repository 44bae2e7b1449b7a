//! Query tables for the grid worker: households, visits and needs, rewritten from the household
//! document in the same transaction as each change to it.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use jinlin_model::clock::Millis;
use jinlin_model::docs::household::{HouseholdView, NeedView, VisitView};
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::kinds::{HouseholdFlag, NeedStatus, RiskTier};

/// A household without its visit log: what lists and the walk show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdSummary {
    /// The household.
    pub id: DocId,
    /// Its group.
    pub group_id: DocId,
    /// Building.
    pub building: String,
    /// Unit.
    pub unit: String,
    /// Floor, where the unit number tells it.
    pub floor: Option<i64>,
    /// Residents' names.
    pub residents: Vec<String>,
    /// Risk tier.
    pub tier: RiskTier,
    /// Flags.
    pub flags: Vec<HouseholdFlag>,
    /// The last visit that reached the household.
    pub last_contact_at: Option<Millis>,
    /// Needs not yet resolved.
    pub open_needs: usize,
    /// Visits logged.
    pub visits: usize,
}

impl From<&HouseholdView> for HouseholdSummary {
    fn from(h: &HouseholdView) -> Self {
        HouseholdSummary {
            id: h.id,
            group_id: h.group_id,
            building: h.building.clone(),
            unit: h.unit.clone(),
            floor: h.floor,
            residents: h.residents.iter().map(|r| r.name.clone()).collect(),
            tier: h.tier,
            flags: h.flags.clone(),
            last_contact_at: h.last_contact_at,
            open_needs: h.needs.iter().filter(|n| n.status != NeedStatus::Resolved).count(),
            visits: h.visits.len(),
        }
    }
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::InvalidInput(format!("cannot index: {e}")))
}

/// Parses a JSON column.
pub fn parse<T: serde::de::DeserializeOwned>(id: &str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::CorruptDocument {
        id: id.to_string(),
        reason: format!("index row: {e}"),
    })
}

/// Runs `stmt`, whose rows are (id, view as JSON), and decodes every view.
pub fn json_rows<T: serde::de::DeserializeOwned>(
    stmt: &mut rusqlite::Statement<'_>,
    params: impl rusqlite::Params,
) -> Result<Vec<T>> {
    let rows = stmt.query_map(params, |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.map(|r| {
        let (id, j) = r?;
        parse(&id, &j)
    })
    .collect()
}

/// Rewrites the rows of one household.
pub fn put_household(conn: &Connection, h: &HouseholdView) -> Result<()> {
    let id = h.id.to_string();
    let group = h.group_id.to_string();
    conn.prepare_cached(
        "INSERT OR REPLACE INTO households (id, group_id, building, unit, floor, tier, last_contact_at, summary_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        group,
        h.building,
        h.unit,
        h.floor,
        h.tier.as_str(),
        h.last_contact_at,
        json(&HouseholdSummary::from(h))?
    ])?;
    conn.prepare_cached("DELETE FROM visits WHERE household_id = ?1")?
        .execute([&id])?;
    conn.prepare_cached("DELETE FROM needs WHERE household_id = ?1")?
        .execute([&id])?;
    let mut visit = conn.prepare_cached(
        "INSERT OR REPLACE INTO visits (id, household_id, group_id, at, worker_id, follow_up, view_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for v in &h.visits {
        visit.execute(params![
            v.id,
            id,
            group,
            v.at,
            v.worker_id.to_string(),
            v.follow_up,
            json(v)?
        ])?;
    }
    let mut need = conn.prepare_cached(
        "INSERT OR REPLACE INTO needs (id, household_id, group_id, status, due, view_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for n in &h.needs {
        need.execute(params![n.id, id, group, n.status.as_str(), n.due, json(n)?])?;
    }
    Ok(())
}

fn group_clause(groups: &[DocId]) -> Result<(i64, String)> {
    let list: Vec<String> = groups.iter().map(ToString::to_string).collect();
    Ok((
        groups.len() as i64,
        serde_json::to_string(&list).map_err(|e| Error::InvalidInput(e.to_string()))?,
    ))
}

/// Households in `groups` (all if empty), in walking order: building, floor, unit.
pub fn households(conn: &Connection, groups: &[DocId], building: Option<&str>) -> Result<Vec<HouseholdSummary>> {
    let (n, list) = group_clause(groups)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, summary_json FROM households
         WHERE (?1 = 0 OR group_id IN (SELECT value FROM json_each(?2))) AND (?3 IS NULL OR building = ?3)
         ORDER BY building, floor, unit, id",
    )?;
    json_rows(&mut stmt, params![n, list, building])
}

/// Households whose last contact is older than their tier's interval (or never), in walking
/// order. `intervals_ms` gives red, yellow and blue.
pub fn due(conn: &Connection, groups: &[DocId], now: Millis, intervals_ms: [i64; 3]) -> Result<Vec<HouseholdSummary>> {
    let (n, list) = group_clause(groups)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, summary_json FROM households
         WHERE (?1 = 0 OR group_id IN (SELECT value FROM json_each(?2)))
           AND (last_contact_at IS NULL OR last_contact_at +
                CASE tier WHEN 'red' THEN ?4 WHEN 'yellow' THEN ?5 ELSE ?6 END <= ?3)
         ORDER BY building, floor, unit, id",
    )?;
    json_rows(
        &mut stmt,
        params![n, list, now, intervals_ms[0], intervals_ms[1], intervals_ms[2]],
    )
}

/// Visits, newest first: of one household, or by one worker, or all in `groups`.
pub fn visits(
    conn: &Connection,
    groups: &[DocId],
    household: Option<DocId>,
    worker: Option<&str>,
    limit: i64,
) -> Result<Vec<VisitView>> {
    let (n, list) = group_clause(groups)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, view_json FROM visits
         WHERE (?1 = 0 OR group_id IN (SELECT value FROM json_each(?2)))
           AND (?3 IS NULL OR household_id = ?3) AND (?4 IS NULL OR worker_id = ?4)
         ORDER BY at DESC, id LIMIT ?5",
    )?;
    json_rows(
        &mut stmt,
        params![n, list, household.map(|h| h.to_string()), worker, limit],
    )
}

/// Visits with a follow-up date and no later visit to the same household, soonest first.
pub fn open_follow_ups(conn: &Connection, groups: &[DocId]) -> Result<Vec<VisitView>> {
    let (n, list) = group_clause(groups)?;
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.view_json FROM visits v
         WHERE v.follow_up IS NOT NULL AND (?1 = 0 OR v.group_id IN (SELECT value FROM json_each(?2)))
           AND NOT EXISTS (SELECT 1 FROM visits later WHERE later.household_id = v.household_id AND later.at > v.at)
         ORDER BY v.follow_up, v.id",
    )?;
    json_rows(&mut stmt, params![n, list])
}

/// Needs in `groups`, by status (any if `None`), by due date then age.
pub fn needs(conn: &Connection, groups: &[DocId], status: Option<NeedStatus>) -> Result<Vec<NeedView>> {
    let (n, list) = group_clause(groups)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, view_json FROM needs
         WHERE (?1 = 0 OR group_id IN (SELECT value FROM json_each(?2))) AND (?3 IS NULL OR status = ?3)
         ORDER BY due IS NULL, due, id",
    )?;
    json_rows(&mut stmt, params![n, list, status.map(|s| s.as_str())])
}

/// The household a need belongs to.
pub fn household_of_need(conn: &Connection, need: &str) -> Result<Option<DocId>> {
    let mut stmt = conn.prepare_cached("SELECT household_id FROM needs WHERE id = ?1")?;
    let mut rows = stmt.query([need])?;
    match rows.next()? {
        Some(r) => Ok(Some(r.get::<_, String>(0)?.parse()?)),
        None => Ok(None),
    }
}
