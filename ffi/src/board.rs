//! The needs board and notices from the phone's side (认领, 让邻知事, 邀邻评事): the board of open
//! needs, a resident's small wish, claiming (for oneself or a team), progress, resolving, staff's
//! confirmation, the rating; notices with the pinned ones first, one's own read, and staff's
//! count of households that read one. Records map from the core's views; the core refuses each
//! step to whoever may not take it, and these calls pass that refusal on as `NotAllowed`.

use std::time::SystemTime;

use jinlin_core::{Device, DocId};
use jinlin_model::docs::need::{NeedView as CoreNeed, NewNeed};
use jinlin_model::docs::notice::{NewNotice, NoticeView as CoreNotice};
use jinlin_model::kinds::NeedSource;
use jinlin_model::refusal::Refusal;

use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::kinds::BoardStatus;
use crate::numbers::to_i32;
use crate::time::{from_optional, to_system_time};
use crate::views::{SignupView, doc_id, parse_id};

/// A need to put on the board ([`JinlinClient::post_need`]).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewBoardNeed {
    /// A short title.
    pub title: String,
    /// What the household agreed to share, or the asker's words.
    pub details: String,
    /// The building, when it may be shown.
    pub building: Option<String>,
    /// Staff: the photo report it comes from (its reporter is the one who asked).
    pub from_report: Option<String>,
    /// Staff: the household it comes from (named by id only; nothing else of it is copied).
    pub from_household: Option<String>,
    /// Staff: the member who asked (who rates it).
    pub requester: Option<String>,
    /// How many claimants it takes (at least one).
    pub slots: i64,
    /// Staff: it was fixed on the spot (counted, never claimed).
    pub on_the_spot: bool,
}

/// A need on the board.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NeedView {
    /// The need.
    pub id: String,
    /// The group whose board it is on.
    pub group_id: String,
    /// Its title.
    pub title: String,
    /// What may be shared about it.
    pub details: String,
    /// The building, when it may be shown.
    pub building: Option<String>,
    /// Where it stands.
    pub status: BoardStatus,
    /// Who asked.
    pub requester_name: String,
    /// How many claimants it takes.
    pub slots: i32,
    /// The claims: standing, standby, tentative.
    pub claims: Vec<SignupView>,
    /// The rating's stars, once rated.
    pub stars: Option<i64>,
    /// Posted at.
    pub created_at: SystemTime,
}

impl From<CoreNeed> for NeedView {
    fn from(v: CoreNeed) -> Self {
        Self {
            id: v.id.to_string(),
            group_id: v.group_id.to_string(),
            title: v.title,
            details: v.details,
            building: v.building,
            status: v.status.into(),
            requester_name: v.requester.name,
            slots: to_i32(v.slots),
            claims: v.claims.into_iter().map(|c| c.signup.into()).collect(),
            stars: v.rating.map(|r| r.stars),
            created_at: to_system_time(v.created_at),
        }
    }
}

/// A notice.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NoticeView {
    /// The notice.
    pub id: String,
    /// The group it was posted to.
    pub group_id: String,
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// Its photo's hash, if any (fetch it like a report's).
    pub photo: Option<String>,
    /// Shown first until then.
    pub pinned_until: Option<SystemTime>,
    /// Who posted it.
    pub posted_by: String,
    /// Posted at.
    pub created_at: SystemTime,
    /// How many members have read it.
    pub reads: i32,
}

impl From<CoreNotice> for NoticeView {
    fn from(v: CoreNotice) -> Self {
        Self {
            id: v.id.to_string(),
            group_id: v.group_id.to_string(),
            title: v.title,
            body: v.body,
            photo: v.photo,
            pinned_until: v.pinned_until.map(to_system_time),
            posted_by: v.posted_by.name,
            created_at: to_system_time(v.created_at),
            reads: to_i32(v.read_by.len()),
        }
    }
}

/// How many households have read a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct NoticeReads {
    /// Households with a member who read it.
    pub households_read: i32,
    /// Households on the registry.
    pub households: i32,
    /// Members who read it.
    pub members_read: i32,
}

impl JinlinClient {
    pub(crate) async fn on_need<F>(&self, need_id: String, f: F) -> Result<NeedView, JinlinError>
    where
        F: FnOnce(&Device, DocId) -> jinlin_core::Result<()> + Send + 'static,
    {
        self.with_device(move |d| {
            let id = doc_id(&need_id)?;
            f(d, id)?;
            Ok(d.board_need(id)?.into())
        })
        .await
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl JinlinClient {
    /// The board: open needs of a group and the groups inside it (all if none), newest first.
    pub async fn board(&self, group_id: Option<String>) -> Result<Vec<NeedView>, JinlinError> {
        self.with_device(move |d| {
            let group = group_id.as_deref().map(doc_id).transpose()?;
            Ok(d.board(group)?.into_iter().map(Into::into).collect())
        })
        .await
    }

    /// Posts a small wish (微心愿) to a group's board; staff's is on the board at once.
    pub async fn post_wish(&self, group_id: String, title: String, details: String) -> Result<NeedView, JinlinError> {
        self.with_device(move |d| {
            let new = NewNeed {
                title,
                details,
                ..NewNeed::default()
            };
            let id = d.post_need(doc_id(&group_id)?, &new)?;
            Ok(d.board_need(id)?.into())
        })
        .await
    }

    /// Puts a need on a group's board, as the command line's `need post`: a small wish from
    /// anyone, or, from staff, a photo report's or a household's need (the report's reporter is
    /// the one who asked), one taking several claimants, or one fixed on the spot. A resident
    /// naming a report or a household is refused and nothing is written.
    pub async fn post_need(&self, group_id: String, need: NewBoardNeed) -> Result<NeedView, JinlinError> {
        self.with_device(move |d| {
            let (source, source_ref) = match (&need.from_report, &need.from_household) {
                (Some(r), _) => (NeedSource::Report, Some(doc_id(r)?.to_string())),
                (None, Some(h)) => (NeedSource::Visit, Some(doc_id(h)?.to_string())),
                (None, None) if need.on_the_spot => (NeedSource::Visit, None),
                (None, None) => (NeedSource::Wish, None),
            };
            let slots = if need.slots < 1 {
                return Err(JinlinError::from(jinlin_core::Error::InvalidInput(
                    Refusal::NeedClaimant.into(),
                )));
            } else {
                need.slots
            };
            let new = NewNeed {
                source: Some(source),
                source_ref,
                title: need.title,
                details: need.details,
                building: need.building,
                requester: need.requester.as_deref().map(parse_id).transpose()?,
                requester_name: None,
                slots,
                on_the_spot: need.on_the_spot,
            };
            let id = d.post_need(doc_id(&group_id)?, &new)?;
            Ok(d.board_need(id)?.into())
        })
        .await
    }

    /// Claims a need, for oneself or for a team one is on.
    pub async fn claim_need(&self, need_id: String, team_id: Option<String>) -> Result<NeedView, JinlinError> {
        self.on_need(need_id, move |d, id| d.claim_need(id, team_id.as_deref()).map(drop))
            .await
    }

    /// A claimant whose claim stands notes progress.
    pub async fn note_need_progress(&self, need_id: String, note: String) -> Result<NeedView, JinlinError> {
        self.on_need(need_id, move |d, id| d.note_need_progress(id, &note))
            .await
    }

    /// A claimant whose claim stands marks the need resolved.
    pub async fn resolve_claimed_need(&self, need_id: String, resolution: String) -> Result<NeedView, JinlinError> {
        self.on_need(need_id, move |d, id| d.resolve_claimed_need(id, &resolution))
            .await
    }

    /// Staff confirm a resolved need.
    pub async fn confirm_need(&self, need_id: String) -> Result<NeedView, JinlinError> {
        self.on_need(need_id, |d, id| d.confirm_need(id)).await
    }

    /// The one who asked rates the confirmed need once, 1 to 5 stars.
    pub async fn rate_need(&self, need_id: String, stars: i64, comment: String) -> Result<NeedView, JinlinError> {
        self.on_need(need_id, move |d, id| d.rate_need(id, stars, &comment))
            .await
    }

    /// The notices a member sees on opening (of a group and the groups above it, or all): pinned
    /// first.
    pub async fn notices(&self, group_id: Option<String>) -> Result<Vec<NoticeView>, JinlinError> {
        self.with_device(move |d| {
            let group = group_id.as_deref().map(doc_id).transpose()?;
            Ok(d.notices(group)?.into_iter().map(Into::into).collect())
        })
        .await
    }

    /// Staff and building leaders post a notice, pinned until `pinned_until` if
    /// given; a photo is a hash from `add_photo`.
    pub async fn post_notice(
        &self,
        group_id: String,
        title: String,
        body: String,
        photo: Option<String>,
        pinned_until: Option<SystemTime>,
    ) -> Result<NoticeView, JinlinError> {
        let pinned_until = from_optional(pinned_until)?;
        self.with_device(move |d| {
            let new = NewNotice {
                title,
                body,
                photo,
                pinned_until,
            };
            let id = d.post_notice(doc_id(&group_id)?, &new)?;
            Ok(d.notice(id)?.into())
        })
        .await
    }

    /// Records that this member read the notice (once).
    pub async fn read_notice(&self, notice_id: String) -> Result<NoticeView, JinlinError> {
        self.with_device(move |d| {
            let id = doc_id(&notice_id)?;
            d.read_notice(id)?;
            Ok(d.notice(id)?.into())
        })
        .await
    }

    /// Staff: how many households have read a notice.
    pub async fn notice_reads(&self, notice_id: String) -> Result<NoticeReads, JinlinError> {
        self.with_device(move |d| {
            let c = d.notice_reads(doc_id(&notice_id)?)?;
            Ok(NoticeReads {
                households_read: to_i32(c.households_read),
                households: to_i32(c.households),
                members_read: to_i32(c.members_read),
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use jinlin_core::{Device, GroupKind, ManualClock};

    use super::*;
    use crate::testing::block_on;

    /// Staff of the Lianhua community on a phone whose clock stands at 1 s, with no relay.
    fn staff_of_a_community() -> (tempfile::TempDir, Arc<JinlinClient>, String) {
        let dir = tempfile::tempdir().expect("dir");
        let device = Device::open_with_clock(dir.path().join("phone.db"), Arc::new(ManualClock::new(1_000)))
            .expect("open the store");
        device.set_identity("Ms Sun", Some("1"), None).expect("identity");
        let client = JinlinClient::over(device, "http://127.0.0.1:9");
        let group = client
            .device()
            .create_group("Lianhua", GroupKind::Community, None)
            .expect("group")
            .to_string();
        (dir, client, group)
    }

    #[test]
    fn staff_post_a_wish_to_the_board_and_a_pinned_notice_through_the_bindings() {
        let (_dir, client, group) = staff_of_a_community();
        let need = block_on(client.post_wish(group.clone(), "Fix a shelf".into(), String::new())).expect("need");
        assert_eq!(need.status, BoardStatus::Open, "staff's need is on the board at once");
        assert_eq!(block_on(client.board(Some(group.clone()))).expect("board").len(), 1);
        assert!(
            matches!(
                block_on(client.confirm_need(need.id.clone())),
                Err(JinlinError::InvalidInput { .. })
            ),
            "nobody resolved it yet"
        );
        block_on(client.post_notice(group.clone(), "Old".into(), String::new(), None, None)).expect("notice");
        block_on(client.post_notice(
            group.clone(),
            "Pinned".into(),
            String::new(),
            None,
            Some(to_system_time(5_000)),
        ))
        .expect("notice");
        let list = block_on(client.notices(Some(group))).expect("notices");
        assert_eq!(list[0].title, "Pinned");
        let read = block_on(client.read_notice(list[1].id.clone())).expect("read");
        assert_eq!(read.reads, 1);
        assert_eq!(
            list[0].pinned_until,
            Some(to_system_time(5_000)),
            "pinned to the millisecond"
        );
    }

    #[test]
    fn a_notice_pinned_until_before_1970_is_refused_and_nothing_is_written() {
        let (_dir, client, group) = staff_of_a_community();
        let before_1970 = SystemTime::UNIX_EPOCH - std::time::Duration::from_secs(86_400);
        let posted = block_on(client.post_notice(group.clone(), "Old".into(), String::new(), None, Some(before_1970)));
        assert!(matches!(posted, Err(JinlinError::InvalidInput { .. })), "{posted:?}");
        assert!(
            block_on(client.notices(Some(group))).expect("notices").is_empty(),
            "nothing is written"
        );
    }
}
