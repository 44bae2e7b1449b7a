//! The Votes and notices page. Community votes, notices and the needs board have no document
//! kind on the relay yet, so the page says what will come instead of showing anything made up.
//! When those kinds exist, their pages replace this one (one module each, beside `orders.rs`).

use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::desk::Desk;
use super::layout::{Nav, page, respond};

/// `GET /dashboard/coming`.
pub async fn page_coming(desk: Desk) -> Response {
    let lang = desk.lang;
    let body = html! {
        h1 { (lang.t("coming_title")) }
        p { (lang.t("coming_text")) }
    };
    respond(
        StatusCode::OK,
        page(lang, Some((&desk, &desk.device.name)), Some(Nav::Coming), body),
    )
}
