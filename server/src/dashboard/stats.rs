//! The Statistics page, drawn on the relay as SVG (no chart library, nothing fetched): requests
//! per week by kind over the last eight weeks, the time to the first volunteer (median and
//! 90th percentile), household needs collected against fixed on the spot and resolved later,
//! and visit coverage by risk tier. The same figures download as CSV
//! (`/dashboard/stats.csv`). Only documents the signed-in member reads are counted.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jinlin_model::dates::{DEFAULT_OFFSET_MINUTES, Date};
use jinlin_model::kinds::{NeedStatus, RiskTier};
use jinlin_model::{DocKind, MemberId, Millis, RequestKind};
use maud::{Markup, html};

use super::desk::Desk;
use super::i18n::Lang;
use super::layout::{Nav, page, respond, secure_headers};
use super::now::failed;
use super::views::View;
use crate::AppState;
use crate::error::AppError;
use crate::relay::Relay;

/// Weeks the request chart covers.
pub const WEEKS: usize = 8;
const WEEK_MS: Millis = 7 * 86_400_000;

/// The page's figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// The day each week starts (`MM-DD`, UTC+8), oldest first.
    pub weeks: Vec<String>,
    /// Requests raised per week (oldest first) and kind.
    pub per_week: Vec<Vec<(RequestKind, usize)>>,
    /// Minutes from raising to the first volunteer: median and 90th percentile, over the
    /// requests that had one.
    pub first_volunteer: Option<(f64, f64)>,
    /// Requests counted for that.
    pub answered: usize,
    /// Needs collected, fixed on the spot, resolved later.
    pub needs: (usize, usize, usize),
    /// Covered and all households per tier (red, yellow, blue).
    pub coverage: [(usize, usize); 3],
}

/// The `p`-th percentile (0 to 1) of sorted `values`, nearest rank.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted.get(rank.min(sorted.len()) - 1).copied()
}

impl Relay {
    /// The figures over what `member` reads.
    pub fn stats(&self, member: MemberId) -> Result<Stats, AppError> {
        let access = self.access(member)?;
        let now = self.now();
        let mut stats = Stats {
            weeks: (0..WEEKS)
                .map(|i| {
                    let start = now - (WEEKS - i) as i64 * WEEK_MS;
                    let day = Date::at(start, DEFAULT_OFFSET_MINUTES).to_string();
                    day.get(5..).unwrap_or(&day).to_string()
                })
                .collect(),
            per_week: vec![RequestKind::ALL.iter().map(|k| (*k, 0)).collect(); WEEKS],
            ..Default::default()
        };
        let mut waits = Vec::new();
        for v in self.desk_docs(&access, DocKind::Request)? {
            let View::Request(r) = v.as_ref() else { continue };
            let age = now - r.created_at;
            if age >= 0 && (age / WEEK_MS) < WEEKS as i64 {
                let week = WEEKS - 1 - (age / WEEK_MS) as usize;
                if let Some(slot) = stats.per_week[week].iter_mut().find(|(k, _)| *k == r.kind) {
                    slot.1 += 1;
                }
            }
            if let Some(first) = r.signups.iter().map(|s| s.at).min() {
                waits.push((first - r.created_at).max(0) as f64 / 60_000.0);
            }
        }
        waits.sort_by(f64::total_cmp);
        stats.answered = waits.len();
        stats.first_volunteer = percentile(&waits, 0.5).zip(percentile(&waits, 0.9));
        let coverage = self.coverage_page(member)?;
        for b in &coverage.buildings {
            for (i, (c, a)) in b.by_tier.iter().enumerate() {
                stats.coverage[i].0 += c;
                stats.coverage[i].1 += a;
            }
        }
        for v in self.desk_docs(&access, DocKind::Household)? {
            let View::Household(h) = v.as_ref() else { continue };
            for n in &h.needs {
                stats.needs.0 += 1;
                if n.on_the_spot {
                    stats.needs.1 += 1;
                } else if n.status == NeedStatus::Resolved {
                    stats.needs.2 += 1;
                }
            }
        }
        Ok(stats)
    }
}

const COLOURS: [&str; 6] = ["#1f5fa8", "#b3261e", "#2e7d32", "#8e24aa", "#ef6c00", "#5f5b66"];

/// One drawn piece of a stacked bar.
struct Piece {
    x: f64,
    y: f64,
    height: f64,
    colour: &'static str,
    title: String,
}

/// A bar chart: one bar per label, each bar stacked from its parts (named by `names`).
fn bars(title: &str, labels: &[String], parts: &[Vec<usize>], names: &[String]) -> Markup {
    let (w, h, pad) = (640.0_f64, 200.0_f64, 30.0_f64);
    let max = parts.iter().map(|p| p.iter().sum::<usize>()).max().unwrap_or(0).max(1) as f64;
    let step = (w - pad) / labels.len().max(1) as f64;
    let width = step * 0.7;
    let mut pieces = Vec::new();
    for (i, bar) in parts.iter().enumerate() {
        let x = pad + i as f64 * step + step * 0.15;
        let mut top = h;
        for (j, n) in bar.iter().enumerate().filter(|(_, n)| **n > 0) {
            let height = *n as f64 / max * (h - 20.0);
            top -= height;
            pieces.push(Piece {
                x,
                y: top,
                height,
                colour: COLOURS[j % COLOURS.len()],
                title: format!("{}: {n}", names.get(j).map_or(labels[i].as_str(), String::as_str)),
            });
        }
    }
    html! {
        figure.chart {
            figcaption { (title) }
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (w) " " (h + 40.0) } role="img" aria-label=(title) {
                line x1=(pad) y1=(h) x2=(w) y2=(h) stroke="#999" {}
                text x="0" y="24" font-size="12" { (max as usize) }
                @for p in &pieces {
                    rect x=(format!("{:.1}", p.x)) y=(format!("{:.1}", p.y)) width=(format!("{width:.1}"))
                        height=(format!("{:.1}", p.height)) fill=(p.colour) { title { (p.title) } }
                }
                @for (i, label) in labels.iter().enumerate() {
                    text x=(format!("{:.1}", pad + i as f64 * step + step * 0.15)) y=(h + 16.0) font-size="12" { (label) }
                }
                @for (j, name) in names.iter().enumerate() {
                    rect x=(pad + j as f64 * 100.0) y=(h + 26.0) width="10" height="10" fill=(COLOURS[j % COLOURS.len()]) {}
                    text x=(pad + j as f64 * 100.0 + 14.0) y=(h + 35.0) font-size="11" { (name) }
                }
            }
        }
    }
}

fn body(lang: Lang, s: &Stats) -> Markup {
    let kinds: Vec<String> = RequestKind::ALL
        .iter()
        .map(|k| lang.t(&format!("kind_{k}")).to_string())
        .collect();
    let per_week: Vec<Vec<usize>> = s.per_week.iter().map(|w| w.iter().map(|(_, n)| *n).collect()).collect();
    let tiers: Vec<String> = RiskTier::ALL
        .iter()
        .map(|t| lang.t(&format!("tier_{t}")).to_string())
        .collect();
    let coverage: Vec<Vec<usize>> = s.coverage.iter().map(|(c, a)| vec![*c, a - c]).collect();
    let needs_labels = vec![
        lang.t("stats_collected").to_string(),
        lang.t("stats_on_spot").to_string(),
        lang.t("stats_resolved").to_string(),
    ];
    let needs = vec![vec![s.needs.0], vec![s.needs.1], vec![s.needs.2]];
    html! {
        h1 { (lang.t("stats_title")) " " a.button href="/dashboard/stats.csv" id="stats-csv" { (lang.t("export_csv")) } }
        (bars(lang.t("stats_per_week"), &s.weeks, &per_week, &kinds))
        h2 { (lang.t("stats_first")) }
        p id="stats-first" {
            @match s.first_volunteer {
                Some((median, p90)) => {
                    (lang.t("stats_median")) " " (format!("{median:.0}")) " min · "
                    (lang.t("stats_p90")) " " (format!("{p90:.0}")) " min (" (s.answered) ")"
                }
                None => { (lang.t("none")) }
            }
        }
        (bars(lang.t("stats_needs"), &needs_labels, &needs, &[]))
        (bars(lang.t("stats_coverage"), &tiers, &coverage, &[lang.t("stats_coverage").to_string()]))
    }
}

/// The figures as CSV: `figure,key,value` rows.
pub fn csv(s: &Stats) -> String {
    let mut out = String::from("figure,key,value\n");
    for (i, week) in s.per_week.iter().enumerate() {
        for (kind, n) in week {
            let week = s.weeks.get(i).map_or("", String::as_str);
            out.push_str(&format!("requests_week_from_{week},{kind},{n}\n"));
        }
    }
    if let Some((median, p90)) = s.first_volunteer {
        out.push_str(&format!("first_volunteer_minutes,median,{median:.1}\n"));
        out.push_str(&format!("first_volunteer_minutes,p90,{p90:.1}\n"));
    }
    out.push_str(&format!("needs,collected,{}\n", s.needs.0));
    out.push_str(&format!("needs,fixed_on_the_spot,{}\n", s.needs.1));
    out.push_str(&format!("needs,resolved_later,{}\n", s.needs.2));
    for (t, (c, a)) in RiskTier::ALL.iter().zip(s.coverage) {
        out.push_str(&format!("coverage_{t},covered,{c}\ncoverage_{t},households,{a}\n"));
    }
    out
}

/// `GET /dashboard/stats`.
pub async fn page_stats(State(state): State<AppState>, desk: Desk) -> Response {
    let member = desk.member();
    match state.blocking(move |r| r.stats(member)).await {
        Ok(s) => respond(
            StatusCode::OK,
            page(
                desk.lang,
                Some((&desk, &desk.device.name)),
                Some(Nav::Stats),
                body(desk.lang, &s),
            ),
        ),
        Err(e) => failed(&desk, &e),
    }
}

/// `GET /dashboard/stats.csv`.
pub async fn stats_csv(State(state): State<AppState>, desk: Desk) -> Response {
    let member = desk.member();
    match state.blocking(move |r| r.stats(member)).await {
        Ok(s) => {
            let mut res = csv(&s).into_response();
            secure_headers(res.headers_mut());
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            h.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"jinlin-stats.csv\""),
            );
            res
        }
        Err(e) => failed(&desk, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_by_nearest_rank() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), Some(5.0));
        assert_eq!(percentile(&v, 0.9), Some(9.0));
        assert_eq!(percentile(&[3.0], 0.9), Some(3.0));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn the_csv_has_every_figure() {
        let s = Stats {
            weeks: (0..WEEKS).map(|i| format!("11-{:02}", i + 1)).collect(),
            per_week: vec![vec![(RequestKind::Errand, 2)]; WEEKS],
            first_volunteer: Some((4.0, 12.0)),
            answered: 3,
            needs: (5, 2, 1),
            coverage: [(1, 2), (0, 1), (3, 3)],
        };
        let text = csv(&s);
        assert!(text.starts_with("figure,key,value\n"));
        assert!(text.contains("requests_week_from_11-08,errand,2\n"));
        assert!(text.contains("first_volunteer_minutes,p90,12.0\n"));
        assert!(text.contains("needs,fixed_on_the_spot,2\n"));
        assert!(text.contains("coverage_red,covered,1\ncoverage_red,households,2\n"));
    }
}
