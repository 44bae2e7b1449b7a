//! The needs board (认领) on the Needs and orders page: the needs the signed-in member may read
//! (the one access policy), wishes waiting for staff, open, claimed and resolved ones, each with
//! its claimants and the team they claimed it for; and each group's figures, computed by the
//! model's one function (`need::figures`), as every phone computes them. Withdrawn needs are
//! left out.

use jinlin_model::docs::need::NeedView;
use jinlin_model::docs::need::figures::{Counts, figures};
use jinlin_model::kinds::BoardStatus;
use jinlin_model::{DocKind, GroupView, MemberId};
use maud::{Markup, html};
use std::sync::Arc;

use super::desk::Desk;
use super::views::View;
use crate::error::AppError;
use crate::relay::Relay;

/// A need on the board with its group.
#[derive(Debug, Clone)]
pub struct BoardRow {
    /// The need.
    pub need: NeedView,
    /// Its group (team names).
    pub group: Option<Arc<GroupView>>,
}

/// What the board section shows.
#[derive(Debug, Clone, Default)]
pub struct BoardPage {
    /// Needs by where they stand: wishes, open, claimed, then resolved (newest first within).
    pub needs: Vec<BoardRow>,
    /// Each group's figures, by the group's name.
    pub figures: Vec<(String, Counts)>,
}

fn rank(s: BoardStatus) -> u8 {
    match s {
        BoardStatus::Wish => 0,
        BoardStatus::Open => 1,
        BoardStatus::Claimed => 2,
        BoardStatus::Resolved => 3,
        _ => 4,
    }
}

impl Relay {
    /// The board `member` reads.
    pub fn board_page(&self, member: MemberId) -> Result<BoardPage, AppError> {
        let access = self.access(member)?;
        let mut needs: Vec<NeedView> = self
            .desk_docs(&access, DocKind::Need)?
            .iter()
            .filter_map(|v| match v.as_ref() {
                View::Need(n) => Some(n.clone()),
                _ => None,
            })
            .collect();
        let mut page = BoardPage::default();
        let mut groups: Vec<_> = needs.iter().map(|n| n.group_id).collect();
        groups.sort();
        groups.dedup();
        for g in groups {
            if let Some(view) = self.desk_group(g) {
                page.figures.push((view.name.clone(), figures(&needs, &view).total));
            }
        }
        page.figures.sort_by(|a, b| a.0.cmp(&b.0));
        needs.retain(|n| n.status != BoardStatus::Withdrawn);
        needs.sort_by(|a, b| {
            rank(a.status)
                .cmp(&rank(b.status))
                .then(b.created_at.cmp(&a.created_at))
        });
        page.needs = needs
            .into_iter()
            .map(|n| BoardRow {
                group: self.desk_group(n.group_id),
                need: n,
            })
            .collect();
        Ok(page)
    }
}

/// The board section of the Needs and orders page.
pub fn section(desk: &Desk, page: &BoardPage) -> Markup {
    let lang = desk.lang;
    html! {
        h2 { (lang.t("board_title")) }
        @for (group, c) in &page.figures {
            p.figures {
                (group) ": " (lang.t("stats_collected")) " " (c.collected) " · "
                (lang.t("stats_on_spot")) " " (c.on_the_spot) " · "
                (lang.t("board_claimed")) " " (c.claimed) " · "
                (lang.t("board_resolved")) " " (c.resolved) " · "
                (lang.t("board_confirmed")) " " (c.confirmed)
            }
        }
        @if page.needs.is_empty() { p.empty { (lang.t("none")) } }
        @for row in &page.needs {
            @let n = &row.need;
            article.board-need data-id=(n.id.to_string()) {
                header {
                    span.badge.status { (lang.t(&format!("board_{}", n.status))) }
                    @if let Some(b) = &n.building { span { (lang.t("building")) " " (b) } }
                }
                p.text { (n.title) @if !n.details.is_empty() { " — " (n.details) } }
                @let claimants: Vec<_> = n.claimants().collect();
                @if !claimants.is_empty() {
                    p.who {
                        (lang.t("claimed_by")) ": "
                        @for (i, c) in claimants.iter().enumerate() {
                            @if i > 0 { ", " }
                            span.claimant { (c.signup.member_name) }
                            @if let Some(t) = &c.team {
                                " (" (row.group.as_ref().and_then(|g| g.team(t)).map_or(t.as_str(), |t| t.name.as_str())) ")"
                            }
                        }
                    }
                }
                @if let Some(r) = &n.resolution { p.who { (lang.t("resolution")) ": " (r) } }
            }
        }
    }
}
