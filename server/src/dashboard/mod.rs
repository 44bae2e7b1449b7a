//! The community desk: a web dashboard the relay serves at `/dashboard` for community staff,
//! grid workers and building leaders. Server-rendered HTML (`maud`, escaping every value) with a
//! little JavaScript, both embedded in the binary: nothing to build, nothing fetched from
//! outside, so it works on a LAN without internet. Chinese by default, English by `?lang=en`.
//!
//! A browser signs in by pairing with a phone ([`pairing`], [`session`]); each page takes the
//! signed-in [`desk::Desk`], reads only what the one access policy lets that member read
//! ([`views`]), and writes every action as that member through the upload path ([`write`]).
//! Every POST carries the session's CSRF token ([`csrf`]). Pages update live from
//! the relay's broadcast ([`events`]). One module per page: [`now`], [`orders`] (with the needs [`board`]), [`coverage`],
//! [`reports`], [`members`], [`stats`], and [`votes`] for proposals with [`notices`].

pub mod board;
pub mod coverage;
pub mod csrf;
pub mod desk;
pub mod events;
pub mod i18n;
pub mod layout;
pub mod members;
pub mod notices;
pub mod now;
pub mod orders;
pub mod pairing;
pub mod qr;
pub mod reports;
pub mod session;
pub mod stats;
pub mod views;
pub mod votes;
pub mod write;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::AppState;

/// The dashboard's shared state on the relay: sign-ins and read views.
#[derive(Debug)]
pub struct Dashboard {
    desks: session::Desks,
    views: views::ViewCache,
}

impl Dashboard {
    /// The dashboard's state, its sign-ins kept in `store`.
    pub fn new(store: std::sync::Arc<dyn crate::store::RelayStore>) -> Dashboard {
        Dashboard {
            desks: session::Desks::new(store),
            views: Default::default(),
        }
    }

    /// Pairings and sessions.
    pub fn desks(&self) -> &session::Desks {
        &self.desks
    }

    /// Documents read for pages.
    pub fn views(&self) -> &views::ViewCache {
        &self.views
    }
}

const CSS: &str = include_str!("assets/dashboard.css");
const JS: &str = include_str!("assets/dashboard.js");

/// The dashboard's routes (the phone's approval call is `POST /v1/dashboard/approve`, in
/// `http/mod.rs`).
pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(pairing::root))
        .route("/dashboard/", get(pairing::root))
        .route("/dashboard/signin", get(pairing::signin))
        .route("/dashboard/signin/status", get(pairing::status))
        .route("/dashboard/signout", post(pairing::signout))
        .route("/dashboard/events", get(events::events))
        .route("/dashboard/now", get(now::page_now))
        .route("/dashboard/now/list", get(now::fragment))
        .route("/dashboard/requests/{id}/widen", post(now::widen))
        .route("/dashboard/orders", get(orders::page_orders))
        .route("/dashboard/orders/{id}/dispatch", post(orders::dispatch))
        .route("/dashboard/needs/{household}/{need}/assign", post(orders::assign))
        .route("/dashboard/coverage", get(coverage::page_coverage))
        .route("/dashboard/reports", get(reports::page_reports))
        .route("/dashboard/photos/{group}/{hash}", get(reports::photo))
        .route("/dashboard/members", get(members::page_members))
        .route("/dashboard/members/{group}/invite", post(members::invite))
        .route("/dashboard/members/{group}/{member}/revoke", post(members::revoke))
        .route("/dashboard/stats", get(stats::page_stats))
        .route("/dashboard/stats.csv", get(stats::stats_csv))
        .route("/dashboard/votes", get(votes::page_votes))
        .route("/dashboard/notices", post(notices::post))
        .route("/dashboard/assets/dashboard.css", get(css))
        .route("/dashboard/assets/dashboard.js", get(js))
        .layer(middleware::from_fn(remember_lang))
        .layer(middleware::from_fn_with_state(state, csrf::csrf_guard))
}

async fn css() -> Response {
    asset("text/css; charset=utf-8", CSS)
}

async fn js() -> Response {
    asset("text/javascript; charset=utf-8", JS)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut res = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    layout::secure_headers(res.headers_mut());
    res
}

/// `?lang=` on any page is remembered in a cookie, so the next page keeps the language.
async fn remember_lang(req: Request, next: Next) -> Response {
    let asked = req.uri().query().and_then(|q| {
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| i18n::Lang::parse(v))
    });
    let secure = session::over_https(req.headers());
    let mut res = next.run(req).await;
    if let Some(lang) = asked {
        let c = session::set_cookie(i18n::LANG_COOKIE, lang.code(), 365 * 24 * 3600, secure, false);
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}
