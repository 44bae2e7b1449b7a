//! The Reports page: residents' photo reports from raised to checked (closed ones left out),
//! each with its photos and the steps it went through. Photos are served to the signed-in
//! member at `/dashboard/photos/{group}/{sha256}` only when they may read a document that
//! names the photo (`access/photos.rs`, the rule the phone's download follows).

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jinlin_model::docs::report::ReportView;
use jinlin_model::kinds::ReportStatus;
use jinlin_model::photo::check_hash;
use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, DocKind, MemberId, Millis};
use maud::{Markup, html};

use super::desk::Desk;
use super::layout::{Nav, ago, page, respond, secure_headers};
use super::now::failed;
use super::views::{GroupNames, View};
use crate::AppState;
use crate::error::AppError;
use crate::relay::Relay;

/// A report with its group's name.
#[derive(Debug, Clone)]
pub struct ReportRow {
    /// The report.
    pub report: ReportView,
    /// Its group's name.
    pub group: String,
}

impl Relay {
    /// The reports `member` reads, not yet closed, by their progress then age.
    pub fn reports_page(&self, member: MemberId) -> Result<Vec<ReportRow>, AppError> {
        let access = self.access(member)?;
        let mut names = GroupNames::default();
        let mut rows = Vec::new();
        for v in self.desk_docs(&access, DocKind::Report)? {
            let View::Report(r) = v.as_ref() else { continue };
            if r.status == ReportStatus::Closed {
                continue;
            }
            rows.push(ReportRow {
                group: names.name(self, r.group_id),
                report: r.clone(),
            });
        }
        rows.sort_by_key(|r| (r.report.status, r.report.created_at));
        Ok(rows)
    }
}

fn body(desk: &Desk, now: Millis, rows: &[ReportRow]) -> Markup {
    let lang = desk.lang;
    html! {
        h1 { (lang.t("reports_title")) }
        @if rows.is_empty() { p.empty { (lang.t("none")) } }
        @for row in rows {
            @let r = &row.report;
            article.report data-id=(r.id.to_string()) {
                header {
                    span.badge.status { (lang.t(&format!("report_{}", r.status))) }
                    span.group { (row.group) }
                    span.ago { (ago(lang, now, r.created_at)) }
                }
                p.text { (r.text) }
                p.who {
                    (r.reporter.name)
                    @if let Some(place) = r.place.words() { " · " (place) }
                }
                @if !r.photos.is_empty() {
                    div.photos {
                        @for p in &r.photos {
                            img src={ "/dashboard/photos/" (r.group_id.to_string()) "/" (p) } alt="" loading="lazy";
                        }
                    }
                }
                @if !r.steps.is_empty() {
                    p.muted {
                        @for (i, s) in r.steps.iter().enumerate() {
                            @if i > 0 { " → " }
                            (lang.t(&format!("report_{}", s.step))) " (" (s.by_name) ")"
                        }
                    }
                }
            }
        }
    }
}

/// `GET /dashboard/reports`.
pub async fn page_reports(State(state): State<AppState>, desk: Desk) -> Response {
    let member = desk.member();
    match state.blocking(move |r| r.reports_page(member)).await {
        Ok(rows) => {
            let now = state.relay().now();
            let markup = html! { section id="reports" data-events="/dashboard/events" data-reload="report" { (body(&desk, now, &rows)) } };
            respond(
                StatusCode::OK,
                page(desk.lang, Some((&desk, &desk.device.name)), Some(Nav::Reports), markup),
            )
        }
        Err(e) => failed(&desk, &e),
    }
}

/// The image type of `bytes` by its first bytes (photos are JPEG, PNG or WebP).
fn image_type(bytes: &[u8]) -> &'static str {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => "image/webp",
        _ => "application/octet-stream",
    }
}

/// `GET /dashboard/photos/{group}/{sha256}`.
pub async fn photo(State(state): State<AppState>, desk: Desk, Path((group, hash)): Path<(String, String)>) -> Response {
    const NONE: AppError = AppError::NotFound(Refusal::NoSuchPhoto.en());
    let Ok(group) = group.parse::<DocId>() else {
        return NONE.into_response();
    };
    if check_hash(&hash).is_err() {
        return NONE.into_response();
    }
    let member = desk.member();
    let name = hash.clone();
    let allowed = state
        .blocking(move |r| Ok(r.may_read_blob(member, group, &name)?))
        .await;
    if !matches!(allowed, Ok(true)) {
        return NONE.into_response();
    }
    let blobs = state.blobs();
    let bytes = tokio::task::spawn_blocking(move || blobs.read(group, &hash)).await;
    match bytes {
        Ok(Ok(Some(bytes))) => {
            let kind = image_type(&bytes);
            let mut res = bytes.into_response();
            secure_headers(res.headers_mut());
            res.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            res
        }
        Ok(Ok(None)) => NONE.into_response(),
        Ok(Err(e)) => AppError::Internal(e).into_response(),
        Err(e) => AppError::Internal(crate::error::Error::Task(e.to_string())).into_response(),
    }
}
