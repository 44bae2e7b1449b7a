//! Staff's tools on the needs board and notices, as the command line's `need show / publish /
//! unclaim / withdraw / figures` and `notice withdraw`: one need with its claims, the board in
//! any status, putting a resident's small wish on the board, a claimant stepping back (the first
//! on standby moves up), taking a need off the board, the board's figures, and taking a notice
//! down. The core refuses each step to whoever may not take it (`NotAllowed`, nothing written).

use jinlin_model::docs::need::figures::{Counts as CoreCounts, Figures as CoreFigures};

use crate::board::NeedView;
use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::kinds::BoardStatus;
use crate::numbers::to_i64;
use crate::views::doc_id;

/// How many needs went how far.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NeedCounts {
    /// Collected (from visits, reports and wishes).
    pub collected: i64,
    /// Fixed on the spot.
    pub on_the_spot: i64,
    /// Claimed.
    pub claimed: i64,
    /// Resolved.
    pub resolved: i64,
    /// Confirmed by staff.
    pub confirmed: i64,
}

/// The counts of one month (`YYYY-MM`) or one team.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NeedCountsOf {
    /// The month, or the team's id.
    pub key: String,
    /// The team's name; empty for a month.
    pub name: String,
    /// Its counts.
    pub counts: NeedCounts,
}

/// What a community reports of its board.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NeedFigures {
    /// Every need.
    pub total: NeedCounts,
    /// Per month, oldest first.
    pub months: Vec<NeedCountsOf>,
    /// Per team.
    pub teams: Vec<NeedCountsOf>,
}

fn counts(c: &CoreCounts) -> NeedCounts {
    NeedCounts {
        collected: to_i64(c.collected),
        on_the_spot: to_i64(c.on_the_spot),
        claimed: to_i64(c.claimed),
        resolved: to_i64(c.resolved),
        confirmed: to_i64(c.confirmed),
    }
}

impl From<CoreFigures> for NeedFigures {
    fn from(f: CoreFigures) -> Self {
        Self {
            total: counts(&f.total),
            months: f
                .months
                .iter()
                .map(|m| NeedCountsOf {
                    key: m.month.clone(),
                    name: String::new(),
                    counts: counts(&m.counts),
                })
                .collect(),
            teams: f
                .teams
                .iter()
                .map(|t| NeedCountsOf {
                    key: t.team.clone(),
                    name: t.name.clone(),
                    counts: counts(&t.counts),
                })
                .collect(),
        }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl JinlinClient {
    /// One need of the board with its claims and progress.
    pub async fn need(&self, need_id: String) -> Result<NeedView, JinlinError> {
        self.with_device(move |d| Ok(d.board_need(doc_id(&need_id)?)?.into()))
            .await
    }

    /// The board of a group (all when `None`) with one status (`None`: every need, whatever its status).
    pub async fn board_needs(
        &self,
        group_id: Option<String>,
        status: Option<BoardStatus>,
    ) -> Result<Vec<NeedView>, JinlinError> {
        self.with_device(move |d| {
            let group = group_id.as_deref().map(doc_id).transpose()?;
            Ok(d.board_needs(group, status.map(Into::into))?
                .into_iter()
                .map(Into::into)
                .collect())
        })
        .await
    }

    /// Staff: puts a resident's small wish on the board.
    pub async fn publish_need(&self, need_id: String) -> Result<NeedView, JinlinError> {
        self.on_need(need_id, |d, id| d.list_need(id)).await
    }

    /// Withdraws this member's claim; the first on standby moves up.
    pub async fn unclaim_need(&self, need_id: String) -> Result<NeedView, JinlinError> {
        self.on_need(need_id, |d, id| d.withdraw_claim(id)).await
    }

    /// Staff: takes a need off the board (or a resident withdraws her own wish).
    pub async fn withdraw_need(&self, need_id: String) -> Result<NeedView, JinlinError> {
        self.on_need(need_id, |d, id| d.cancel_board_need(id)).await
    }

    /// The board's figures for a group: needs collected, fixed on the spot, claimed, resolved and
    /// confirmed, per month and per team.
    pub async fn need_figures(&self, group_id: String) -> Result<NeedFigures, JinlinError> {
        self.with_device(move |d| Ok(d.need_figures(doc_id(&group_id)?)?.into()))
            .await
    }

    /// Staff, or whoever posted it: takes a notice down.
    pub async fn withdraw_notice(&self, notice_id: String) -> Result<(), JinlinError> {
        self.with_device(move |d| Ok(d.withdraw_notice(doc_id(&notice_id)?)?))
            .await
    }
}
