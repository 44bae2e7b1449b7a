//! An order as a shell shows it: where it stands (ordered, dispatched, accepted, done, rated,
//! cancelled), which team has it, who accepted, and the resident's rating. Every device computes
//! the same view from the same document; it serializes to the JSON the command line prints.

use serde::{Deserialize, Serialize};

use crate::clock::Millis;
pub use crate::docs::rating::RatingView;
use crate::docs::request::signups::SignupView;
use crate::docs::request::view::Person;
use crate::ids::{DocId, MemberId};
use crate::kinds::{OrderStatus, SignupState};

/// One dispatch of an order to a team: by staff, or the order itself when the menu item lets the
/// team take it directly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DispatchView {
    /// The dispatch's key in the document.
    pub id: String,
    /// The team it went to.
    pub team: String,
    /// Who dispatched it (the resident, for an item the team takes directly).
    pub by: Option<MemberId>,
    /// When.
    pub at: Millis,
    /// When the team declined it, passing it back to staff.
    pub declined_at: Option<Millis>,
    /// Who on the team declined it.
    pub declined_by: Option<MemberId>,
}

/// A resident's order of a menu item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderView {
    /// The order.
    pub id: DocId,
    /// The group whose menu it was ordered from.
    pub group_id: DocId,
    /// The menu item (its key in the group document).
    pub item: String,
    /// The item's title when ordered.
    pub title: String,
    /// The item's team when ordered.
    pub item_team: String,
    /// The price in fen when ordered; `None` is free.
    pub price_fen: Option<i64>,
    /// What the price is for.
    pub unit: Option<String>,
    /// Whether the team may take it directly, without staff dispatching it.
    pub direct: bool,
    /// Where it stands.
    pub status: OrderStatus,
    /// Who the service is for.
    pub requester: Person,
    /// Who placed the order (a neighbour placing it for someone without a phone).
    pub ordered_by: Person,
    /// When the resident would like it done, in their words.
    pub preferred_time: Option<String>,
    /// The resident's note.
    pub note: String,
    /// The team that has it now, if any.
    pub team: Option<String>,
    /// Every dispatch, oldest first.
    pub dispatches: Vec<DispatchView>,
    /// Acceptances of the current dispatch: the confirmed one first, then standby, then
    /// tentative ones the relay has not numbered yet.
    pub acceptances: Vec<SignupView>,
    /// Ordered at.
    pub created_at: Millis,
    /// Marked done at.
    pub done_at: Option<Millis>,
    /// Cancelled at.
    pub cancelled_at: Option<Millis>,
    /// The rating, once given.
    pub rating: Option<RatingView>,
    /// Schema version the document was written with.
    pub schema: i64,
    /// True when a newer version of Jinlin wrote this document.
    pub newer_schema: bool,
}

impl OrderView {
    /// The team member whose acceptance stands, if any.
    pub fn accepted_by(&self) -> Option<&SignupView> {
        self.acceptances.iter().find(|s| s.state == SignupState::Confirmed)
    }

    /// `member`'s acceptance of the current dispatch, if they have an active one.
    pub fn acceptance_of(&self, member: MemberId) -> Option<&SignupView> {
        self.acceptances.iter().find(|s| s.member_id == member)
    }

    /// Whether `member` ordered it or it is for them.
    pub fn is_requester(&self, member: MemberId) -> bool {
        self.requester.member_id == Some(member) || self.ordered_by.member_id == Some(member)
    }

    /// The dispatch that stands now (the latest), if any.
    pub fn current_dispatch(&self) -> Option<&DispatchView> {
        self.dispatches.last()
    }
}
