//! Change notifications. Every write, local or received, is announced after it has committed, so
//! a listener that reads in response sees it.

use jinlin_model::DocKind;
use serde::Serialize;
use tokio::sync::broadcast;

use jinlin_model::ids::DocId;

/// Where a change came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Made on this device.
    Local,
    /// Received from the relay.
    Remote,
}

/// Something changed on this device.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Event {
    /// A request was raised or changed.
    RequestChanged {
        /// The request.
        id: DocId,
        /// Its group.
        group_id: DocId,
        /// Where the change came from.
        origin: Origin,
    },
    /// A group was created or changed.
    GroupChanged {
        /// The group.
        id: DocId,
        /// Where the change came from.
        origin: Origin,
    },
    /// A household's registry entry, visits or needs changed.
    HouseholdChanged {
        /// The household.
        id: DocId,
        /// Its group.
        group_id: DocId,
        /// Where the change came from.
        origin: Origin,
    },
    /// A photo report was raised or moved on.
    ReportChanged {
        /// The report.
        id: DocId,
        /// Its group.
        group_id: DocId,
        /// Where the change came from.
        origin: Origin,
    },
    /// An order was placed or moved on (dispatched, accepted, declined, done, rated).
    OrderChanged {
        /// The order.
        id: DocId,
        /// Its group.
        group_id: DocId,
        /// Where the change came from.
        origin: Origin,
    },
    /// A proposal was put to a vote, discussed, voted on, or its vote closed early.
    ProposalChanged {
        /// The proposal.
        id: DocId,
        /// Its group.
        group_id: DocId,
        /// Where the change came from.
        origin: Origin,
    },
    /// A need on the board was posted or moved on (listed, claimed, resolved, confirmed, rated).
    NeedChanged {
        /// The need.
        id: DocId,
        /// Its group.
        group_id: DocId,
        /// Where the change came from.
        origin: Origin,
    },
    /// A notice was posted, changed or read.
    NoticeChanged {
        /// The notice.
        id: DocId,
        /// Its group.
        group_id: DocId,
        /// Where the change came from.
        origin: Origin,
    },
    /// This member is alerted: urgent help is needed nearby (the request is on this device).
    Alerted {
        /// The request.
        id: DocId,
        /// Its group.
        group_id: DocId,
        /// The wave of the alert (0: from a neighbour's phone, before the relay has it).
        wave: u8,
    },
    /// Enough people are coming: the alert about this request is over (or, for a need of the
    /// board, someone else's claim reached the relay first).
    NoLongerNeeded {
        /// The request, or the need.
        id: DocId,
    },
    /// A person paired with this member has not checked in today: knock on her door.
    CheckinMissed {
        /// Who, where, and in which circle this member was alerted.
        alert: jinlin_model::checkin::wire::CheckinAlert,
    },
    /// The alarm about a missed check-in is over.
    CheckinOver {
        /// The pairing.
        pairing: DocId,
    },
    /// The connection to the relay changed.
    SyncState {
        /// True while the relay can be reached.
        online: bool,
        /// Documents with changes not yet acknowledged by the relay.
        pending: usize,
    },
}

impl Event {
    /// The event announcing a change to a document of `doc_type`.
    pub fn changed(doc_type: DocKind, id: DocId, group_id: DocId, origin: Origin) -> Event {
        match doc_type {
            DocKind::Group => Event::GroupChanged { id, origin },
            DocKind::Household => Event::HouseholdChanged { id, group_id, origin },
            DocKind::Report => Event::ReportChanged { id, group_id, origin },
            DocKind::Request => Event::RequestChanged { id, group_id, origin },
            DocKind::Order => Event::OrderChanged { id, group_id, origin },
            DocKind::Proposal => Event::ProposalChanged { id, group_id, origin },
            DocKind::Need => Event::NeedChanged { id, group_id, origin },
            DocKind::Notice => Event::NoticeChanged { id, group_id, origin },
        }
    }
}

/// A receiver of [`Event`]s; dropping it unsubscribes.
pub type Subscription = broadcast::Receiver<Event>;

/// How many events a slow subscriber may fall behind before it misses some (and is told so).
pub const EVENT_BUFFER: usize = 1024;
