//! The Votes and notices page, and its proposals (议事): every proposal the signed-in member may
//! read (the one access policy, as for every page), open ones first: its group, ballot kind,
//! close, and turnout so far ("12 of 40 households"); a closed one with its result, computed by
//! the model's one tally function, as every phone computes it. A secret vote shows only what
//! the relay sealed into it after the close (never a voter's choice); a closed secret vote not
//! yet sealed is sealed when the page is first read, as it is when a phone first asks. The
//! notices below are `notices.rs`'s.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use jinlin_model::docs::proposal::ProposalView;
use jinlin_model::docs::proposal::tally::{Tally, tally};
use jinlin_model::kinds::{Electorate, ProposalStatus};
use jinlin_model::{DocId, DocKind, MemberId, Millis, dates};
use maud::{Markup, html};

use super::desk::Desk;
use super::layout::{Nav, page, respond};
use super::notices::{self, NoticesPage};
use super::now::failed;
use super::orders::offset;
use super::views::View;
use crate::AppState;
use crate::error::AppError;
use crate::relay::Relay;

/// A proposal as the page shows it.
#[derive(Debug, Clone)]
pub struct ProposalRow {
    /// The proposal.
    pub proposal: ProposalView,
    /// The name of the group it is put to.
    pub group: String,
    /// When the vote closes, in the group's local time.
    pub closes: String,
    /// Where it stands now.
    pub status: ProposalStatus,
    /// The result (or the standing so far).
    pub tally: Tally,
}

impl Relay {
    /// The proposals `member` reads, open ones first (closing soonest first), then closed ones
    /// (latest closed first).
    pub fn proposals_page(&self, member: MemberId) -> Result<Vec<ProposalRow>, AppError> {
        let access = self.access(member)?;
        let now = self.now();
        let mut rows = Vec::new();
        for v in self.desk_docs(&access, DocKind::Proposal)? {
            let View::Proposal(p) = v.as_ref() else { continue };
            let group = self.desk_group(p.group_id);
            rows.push(ProposalRow {
                group: group.as_ref().map(|g| g.name.clone()).unwrap_or_default(),
                closes: dates::local(p.close_time(), offset(group.as_deref(), now)),
                status: p.status(now),
                tally: tally(p, now),
                proposal: p.clone(),
            });
        }
        rows.sort_by_key(|r| {
            let closed = r.status == ProposalStatus::Closed;
            let close = r.proposal.close_time();
            (closed, if closed { -close } else { close })
        });
        Ok(rows)
    }

    /// The closed secret votes `member` reads that the relay has not sealed yet.
    pub fn unsealed_for_desk(&self, member: MemberId) -> Result<Vec<DocId>, AppError> {
        let access = self.access(member)?;
        let now = self.now();
        Ok(self
            .desk_docs(&access, DocKind::Proposal)?
            .iter()
            .filter_map(|v| match v.as_ref() {
                View::Proposal(p) if p.secret && p.sealed.is_none() && p.status(now) == ProposalStatus::Closed => {
                    Some(p.id)
                }
                _ => None,
            })
            .collect())
    }
}

fn unit_word(p: &ProposalView) -> &'static str {
    match p.electorate {
        Electorate::Households => "households",
        _ => "voters",
    }
}

fn proposals(desk: &Desk, rows: &[ProposalRow]) -> Markup {
    let lang = desk.lang;
    html! {
        h2 { (lang.t("proposals_title")) }
        @if rows.is_empty() { p.empty { (lang.t("none")) } }
        @for row in rows {
            @let p = &row.proposal;
            @let t = &row.tally;
            @let closed = row.status == ProposalStatus::Closed;
            article.proposal.closed[closed] data-id=(p.id.to_string()) {
                header {
                    span.badge.status { (lang.t(&format!("proposal_{}", row.status))) }
                    @if p.secret { span.badge { (lang.t("secret_ballot")) } }
                    span { (lang.t(&format!("ballot_{}", p.ballot))) }
                    span.ago { (lang.t(if closed { "closed_at" } else { "closes_at" })) " " (row.closes) }
                }
                p.text { (p.title) }
                p.who { (lang.t("group")) ": " (row.group) }
                @if p.secret && p.sealed.is_none() {
                    p.turnout { (lang.t("secret_turnout")) }
                } @else {
                    p.turnout {
                        (lang.t("turnout")) ": " (t.voted) " " (lang.t("of")) " " (t.electorate) " "
                        (lang.t(unit_word(p))) " (" (t.turnout_pct) "%)"
                    }
                }
                @if closed && (!p.secret || p.sealed.is_some()) {
                    ul.counts {
                        @for c in &t.counts { li { (c.option) ": " (c.votes) } }
                    }
                    p.result {
                        span.quorum { @if t.quorum_met { (lang.t("quorum_met")) } @else { (lang.t("quorum_not_met")) } }
                        " · "
                        span.verdict { @if t.passed { (lang.t("passed")) } @else { (lang.t("not_passed")) } }
                        @if !t.carried.is_empty() { " · " (lang.t("carried")) ": " (t.carried.join(", ")) }
                    }
                }
            }
        }
    }
}

/// `GET /dashboard/votes`.
pub async fn page_votes(State(state): State<AppState>, desk: Desk) -> Response {
    let member = desk.member();
    let sealed = async {
        let unsealed = state.blocking(move |r| r.unsealed_for_desk(member)).await?;
        if !unsealed.is_empty() {
            state
                .writing(move |r| {
                    for id in unsealed {
                        r.seal_secret(member, id)?;
                        r.dashboard().views().forget(id);
                    }
                    Ok(())
                })
                .await?;
        }
        Ok::<_, AppError>(())
    };
    if let Err(e) = sealed.await {
        return failed(&desk, &e);
    }
    let read = state
        .blocking(move |r| Ok((r.proposals_page(member)?, r.notices_page(member)?)))
        .await;
    match read {
        Ok((rows, notes)) => {
            let body = body(&desk, &rows, &notes, state.relay().now());
            respond(
                StatusCode::OK,
                page(desk.lang, Some((&desk, &desk.device.name)), Some(Nav::Votes), body),
            )
        }
        Err(e) => failed(&desk, &e),
    }
}

fn body(desk: &Desk, rows: &[ProposalRow], notes: &NoticesPage, now: Millis) -> Markup {
    html! {
        section id="votes" data-events="/dashboard/events" data-reload="proposal notice household group" {
            (proposals(desk, rows))
            (notices::section(desk, notes, now))
        }
    }
}
