//! The frame every dashboard page shares: the document head, the navigation between pages, the
//! language switch and sign-out, and the headers every page is answered with (a strict content
//! security policy: no inline script, nothing from another origin; no caching; no framing).
//! Pages are written with `maud`, which escapes every value put into them: text a person typed
//! can only ever show as text.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::desk::{CSRF_FIELD, Desk};
use super::i18n::Lang;

/// The pages, in the order the navigation lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// Who needs help now.
    Now,
    /// Household needs and service orders.
    Orders,
    /// Households not visited in time.
    Coverage,
    /// Photo reports.
    Reports,
    /// Members, invites, devices.
    Members,
    /// Charts and the CSV export.
    Stats,
    /// Proposals and notices.
    Votes,
}

impl Nav {
    const ALL: [Nav; 7] = [
        Nav::Now,
        Nav::Orders,
        Nav::Coverage,
        Nav::Reports,
        Nav::Members,
        Nav::Stats,
        Nav::Votes,
    ];

    /// The page's address.
    pub fn path(self) -> &'static str {
        match self {
            Nav::Now => "/dashboard/now",
            Nav::Orders => "/dashboard/orders",
            Nav::Coverage => "/dashboard/coverage",
            Nav::Reports => "/dashboard/reports",
            Nav::Members => "/dashboard/members",
            Nav::Stats => "/dashboard/stats",
            Nav::Votes => "/dashboard/votes",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Nav::Now => "nav_now",
            Nav::Orders => "nav_orders",
            Nav::Coverage => "nav_coverage",
            Nav::Reports => "nav_reports",
            Nav::Members => "nav_members",
            Nav::Stats => "nav_stats",
            Nav::Votes => "nav_votes",
        }
    }
}

/// The hidden field carrying the session's CSRF token, for every form that posts.
pub fn csrf_field(desk: &Desk) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(desk.session.csrf); }
}

/// A whole page: `body` inside the frame. `desk` is the signed-in member (none on sign-in).
pub fn page(lang: Lang, desk: Option<(&Desk, &str)>, current: Option<Nav>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (lang.t("title")) }
                link rel="stylesheet" href="/dashboard/assets/dashboard.css";
                script src="/dashboard/assets/dashboard.js" defer {}
            }
            body data-csrf=[desk.map(|(d, _)| d.session.csrf.as_str())] {
                header.top {
                    span.brand { (lang.t("title")) }
                    @if let Some((desk, name)) = desk {
                        nav {
                            @for n in Nav::ALL {
                                a href=(n.path()) class=[(Some(n) == current).then_some("here")] { (lang.t(n.key())) }
                            }
                        }
                        span.who { (lang.t("signed_in_as")) (name) }
                        form.inline method="post" action="/dashboard/signout" {
                            (csrf_field(desk))
                            button type="submit" id="sign-out" { (lang.t("sign_out")) }
                        }
                    }
                    a.lang href={ "?lang=" (lang.other().code()) } id="lang-switch" { (lang.t("lang_switch")) }
                }
                main { (body) }
            }
        }
    }
}

/// A page as an answer, with the dashboard's headers.
pub fn respond(status: StatusCode, markup: Markup) -> Response {
    let mut res = (status, axum::response::Html(markup.into_string())).into_response();
    secure_headers(res.headers_mut());
    res
}

/// The headers every dashboard answer carries.
pub fn secure_headers(h: &mut axum::http::HeaderMap) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
}

/// A page that says what went wrong, in the frame.
pub fn error_page(lang: Lang, desk: Option<(&Desk, &str)>, status: StatusCode, message: &str) -> Response {
    respond(
        status,
        page(
            lang,
            desk,
            None,
            html! {
                h1 { (lang.t("error_title")) }
                p.error { (message) }
            },
        ),
    )
}

/// "3 min ago", "2 h ago", in the page's language.
pub fn ago(lang: Lang, now: jinlin_model::Millis, then: jinlin_model::Millis) -> String {
    let minutes = now.saturating_sub(then).max(0) / 60_000;
    match minutes {
        0 => lang.t("just_now").to_string(),
        1..=59 => format!("{minutes} {}", lang.t("minutes_ago")),
        60..=2879 => format!("{} {}", minutes / 60, lang.t("hours_ago")),
        _ => format!("{} {}", minutes / 1440, lang.t("days_ago")),
    }
}
