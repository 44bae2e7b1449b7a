//! `GET /dashboard/events`: the pages' live stream (server-sent events). It follows the relay's
//! live broadcast (`live.rs`) and tells the browser `change` (with the document's kind) for every
//! stored change in a document the signed-in member reads, by the one access policy, as a
//! phone's live channel does; the page then fetches its list again. When the session ends
//! (signed out, expired, or the approving phone revoked) it says `signedout` and closes.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt as _;
use futures_util::stream::{self, Stream};
use jinlin_model::MemberId;
use tokio::sync::broadcast::{self, error::RecvError};

use super::desk::Desk;
use super::session::{SESSION_COOKIE, cookie};
use super::views::View;
use crate::AppState;
use crate::access::{Access, DocRef, Standing};
use crate::error::Error;
use crate::live::LiveEvent;

struct Follow {
    state: AppState,
    member: MemberId,
    secret: String,
    standing: Standing,
    events: broadcast::Receiver<LiveEvent>,
    done: bool,
}

impl Follow {
    async fn signed_in(&self) -> bool {
        let secret = self.secret.clone();
        self.state
            .blocking(move |r| Ok(r.desks().session(&secret, r.now()).is_some()))
            .await
            .unwrap_or(false)
    }

    /// Whether the member reads the document of this batch (a building leader's household by
    /// its building, read from the document only then).
    async fn reads(&self, doc: DocRef) -> bool {
        let access = Access::new(self.standing.clone(), self.state.relay().alerts());
        struct NeedsBuilding;
        match access.may_read(&doc, || Err(NeedsBuilding)) {
            Ok(r) => r,
            Err(NeedsBuilding) => {
                let building = self
                    .state
                    .blocking(move |r| {
                        Ok(match r.desk_view(doc.id, doc.kind)?.as_deref() {
                            Some(View::Household(h)) => Some(h.building.clone()),
                            _ => None,
                        })
                    })
                    .await;
                match building {
                    Ok(b) => access.may_read(&doc, || Ok::<_, Error>(b)).unwrap_or(false),
                    Err(_) => false,
                }
            }
        }
    }

    /// The next event for the browser, or `None` when the stream is over.
    async fn next(mut self) -> Option<(Event, Follow)> {
        if self.done {
            return None;
        }
        loop {
            let event = self.events.recv().await;
            if !self.signed_in().await {
                self.done = true;
                return Some((Event::default().event("signedout").data("signed out"), self));
            }
            match event {
                Ok(LiveEvent::Changes(batch)) => {
                    let doc = DocRef {
                        id: batch.doc_id,
                        kind: batch.doc_type,
                        group: batch.group_id,
                    };
                    if self.reads(doc).await {
                        let e = Event::default().event("change").data(batch.doc_type.as_str());
                        return Some((e, self));
                    }
                }
                Ok(LiveEvent::AccessChanged(who)) => {
                    if who.is_some_and(|w| w != self.member) {
                        continue;
                    }
                    let member = self.member;
                    if let Ok(s) = self.state.blocking(move |r| Ok(r.standing(member)?)).await {
                        self.standing = s;
                    }
                    return Some((Event::default().event("change").data("access"), self));
                }
                Ok(LiveEvent::Revoked(who)) => {
                    if who == self.member {
                        self.done = true;
                        return Some((Event::default().event("signedout").data("revoked"), self));
                    }
                }
                Ok(LiveEvent::Resync) | Err(RecvError::Lagged(_)) => {
                    return Some((Event::default().event("change").data("resync"), self));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

/// `GET /dashboard/events`.
pub async fn events(State(state): State<AppState>, desk: Desk, headers: HeaderMap) -> Response {
    let relay = state.relay().clone();
    // Subscribe before reading access, so nothing committed in between is missed.
    let events = relay.subscribe();
    let member = desk.member();
    let standing = match state.blocking(move |r| Ok(r.standing(member)?)).await {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    let follow = Follow {
        state,
        member,
        secret: cookie(&headers, SESSION_COOKIE).unwrap_or_default(),
        standing,
        events,
        done: false,
    };
    let first = Event::default().event("hello").data("live");
    let stream = stream::once(async move { first }).chain(stream::unfold(follow, Follow::next));
    sse(stream)
}

fn sse(stream: impl Stream<Item = Event> + Send + 'static) -> Response {
    Sse::new(stream.map(Ok::<_, Infallible>))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}
