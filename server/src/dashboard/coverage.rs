//! The Grid coverage page: households not visited within their tier's interval (the model's
//! `VisitIntervals::due`, with the intervals of the nearest group up the tree that sets its
//! own), per building: how many are covered, and which doors to knock on next; and each grid
//! worker's visits in the last seven days. Only households the member keeps, by the one
//! access policy (a building leader: their own building's).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use jinlin_model::docs::household::HouseholdView;
use jinlin_model::kinds::RiskTier;
use jinlin_model::{DocId, DocKind, MemberId, Millis, VisitIntervals};
use maud::{Markup, html};

use super::desk::Desk;
use super::layout::{Nav, ago, page, respond};
use super::now::failed;
use super::views::View;
use crate::AppState;
use crate::error::AppError;
use crate::relay::Relay;

/// A week, for "visits this week".
pub const WEEK_MS: Millis = 7 * 86_400_000;

/// One building's coverage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildingCoverage {
    /// The building.
    pub building: String,
    /// Households registered.
    pub total: usize,
    /// Reached within their interval.
    pub covered: usize,
    /// Covered households of each tier, and all of each tier (red, yellow, blue).
    pub by_tier: [(usize, usize); 3],
}

/// What the page shows.
#[derive(Debug, Clone, Default)]
pub struct CoveragePage {
    /// Per building, in order.
    pub buildings: Vec<BuildingCoverage>,
    /// Households due for a visit, in walking order.
    pub due: Vec<HouseholdView>,
    /// Visits in the last seven days per worker (name), most first.
    pub week: Vec<(String, usize)>,
}

fn tier_index(t: RiskTier) -> usize {
    match t {
        RiskTier::Red => 0,
        RiskTier::Yellow => 1,
        RiskTier::Blue => 2,
    }
}

impl Relay {
    /// The intervals that apply to households of `group`: the nearest group up the tree that
    /// sets its own, else the defaults.
    pub(crate) fn intervals_of(&self, group: DocId) -> VisitIntervals {
        let tree = self.tree();
        let mut at = Some(group);
        while let Some(g) = at {
            if let Some(view) = self.desk_group(g)
                && view.visit_intervals != VisitIntervals::default()
            {
                return view.visit_intervals;
            }
            at = tree.get(g).and_then(|n| n.parent);
        }
        VisitIntervals::default()
    }

    /// The coverage `member` reads.
    pub fn coverage_page(&self, member: MemberId) -> Result<CoveragePage, AppError> {
        let access = self.access(member)?;
        let now = self.now();
        let mut buildings: BTreeMap<String, BuildingCoverage> = BTreeMap::new();
        let mut page = CoveragePage::default();
        let mut week: BTreeMap<String, usize> = BTreeMap::new();
        for v in self.desk_docs(&access, DocKind::Household)? {
            let View::Household(h) = v.as_ref() else { continue };
            let due = self.intervals_of(h.group_id).due(h.tier, h.last_contact_at, now);
            let b = buildings.entry(h.building.clone()).or_insert_with(|| BuildingCoverage {
                building: h.building.clone(),
                ..Default::default()
            });
            b.total += 1;
            let t = &mut b.by_tier[tier_index(h.tier)];
            t.1 += 1;
            if !due {
                b.covered += 1;
                t.0 += 1;
            } else {
                page.due.push(h.clone());
            }
            for visit in h.visits.iter().filter(|v| now - v.at < WEEK_MS) {
                *week.entry(visit.worker_name.clone()).or_default() += 1;
            }
        }
        page.buildings = buildings.into_values().collect();
        page.due
            .sort_by(|a, b| (&a.building, a.floor, &a.unit).cmp(&(&b.building, b.floor, &b.unit)));
        page.week = week.into_iter().collect();
        page.week.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(page)
    }
}

fn body(desk: &Desk, now: Millis, p: &CoveragePage) -> Markup {
    let lang = desk.lang;
    html! {
        h1 { (lang.t("coverage_title")) }
        table id="coverage-buildings" {
            thead { tr {
                th { (lang.t("building")) }
                th { (lang.t("covered")) }
                @for t in RiskTier::ALL { th { (lang.t(&format!("tier_{t}"))) } }
            } }
            tbody {
                @for b in &p.buildings {
                    tr.overdue[b.covered < b.total] {
                        td { (b.building) }
                        td { (b.covered) " / " (b.total) }
                        @for (covered, all) in b.by_tier { td { (covered) " / " (all) } }
                    }
                }
            }
        }
        h2 { (lang.t("coverage_due")) }
        @if p.due.is_empty() { p.empty { (lang.t("none")) } }
        table id="coverage-due" {
            tbody {
                @for h in &p.due {
                    tr.overdue {
                        td { (h.building) "-" (h.unit) }
                        td { (lang.t(&format!("tier_{}", h.tier))) }
                        td { (h.residents.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ")) }
                        td { (lang.t("last_visit")) ": "
                            @match h.last_contact_at { Some(at) => { (ago(lang, now, at)) } None => { (lang.t("never")) } } }
                    }
                }
            }
        }
        h2 { (lang.t("visits_week")) }
        table id="coverage-week" {
            tbody {
                @for (name, n) in &p.week { tr { td { (name) } td { (n) } } }
            }
        }
    }
}

/// `GET /dashboard/coverage`.
pub async fn page_coverage(State(state): State<AppState>, desk: Desk) -> Response {
    let member = desk.member();
    match state.blocking(move |r| r.coverage_page(member)).await {
        Ok(p) => {
            let now = state.relay().now();
            let markup = html! { section id="coverage" data-events="/dashboard/events" data-reload="household" { (body(&desk, now, &p)) } };
            respond(
                StatusCode::OK,
                page(desk.lang, Some((&desk, &desk.device.name)), Some(Nav::Coverage), markup),
            )
        }
        Err(e) => failed(&desk, &e),
    }
}
