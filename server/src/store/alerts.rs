//! What urgent alerts keep on disk: members' alert settings, each request's dispatch (the core's
//! `Dispatch` as JSON, so escalation timers survive a restart) and one row per alerted member
//! with the delivery, seen and decline receipts. [`AlertStore`] is part of every relay store.

use jinlin_model::dispatch::{Dispatch, QuietHours};
use jinlin_model::protocol::PushKind;
use jinlin_model::{DocId, Language, MemberId, Millis, Role};

use super::DispatchWrite;
use crate::error::Error;

/// A member's alert settings.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberSettings {
    /// The member.
    pub member: MemberId,
    /// May be alerted.
    pub available: bool,
    /// Quiet hours, if any.
    pub quiet: Option<QuietHours>,
    /// Urgent medical requests come through quiet hours.
    pub medical_through: bool,
    /// Where to push when offline.
    pub push: Option<(PushKind, String)>,
    /// Where the member lives (latitude, longitude), if they said.
    pub home: Option<(f64, f64)>,
    /// The language the member reads pushes in (Chinese unless they said).
    pub language: Language,
}

impl MemberSettings {
    /// The settings of a member who set nothing: available, no quiet hours, no push, Chinese.
    pub fn default_for(member: MemberId) -> Self {
        MemberSettings {
            member,
            available: true,
            quiet: None,
            medical_through: true,
            push: None,
            home: None,
            language: Language::ZhHans,
        }
    }

    /// The language as a store keeps it: its tag, or NULL for Chinese (as for every member
    /// before languages were kept).
    pub fn stored_language(&self) -> Option<&'static str> {
        (!self.language.is_default()).then(|| self.language.tag())
    }

    /// A stored language: NULL, or a tag this relay does not speak, is Chinese.
    pub fn read_language(tag: Option<&str>) -> Language {
        tag.and_then(Language::from_tag).unwrap_or_default()
    }
}

/// A dispatch as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDispatch {
    /// The request's group.
    pub group_id: DocId,
    /// The state machine.
    pub dispatch: Dispatch,
    /// The request is final: nothing more happens and no one reads it by alert.
    pub closed: bool,
    /// When it started.
    pub started_at: Millis,
}

/// A member alerted about a request (a new row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertRow {
    /// Who.
    pub member: MemberId,
    /// In which wave.
    pub wave: u8,
}

/// Receipt counts for one request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReceiptCounts {
    /// Alerted.
    pub alerted: u32,
    /// Delivered to a phone.
    pub delivered: u32,
    /// Seen.
    pub seen: u32,
    /// Declined.
    pub declined: u32,
}

/// Storage for urgent alerts.
pub trait AlertStore {
    /// A member's settings (the defaults if none were set).
    fn member_settings(&self, member: MemberId) -> Result<MemberSettings, Error>;
    /// The settings of those of `members` who set something, by member (an urgent wave's
    /// candidates: a community, not the whole district the store may hold).
    fn members_settings(
        &self,
        members: &[MemberId],
    ) -> Result<std::collections::HashMap<MemberId, MemberSettings>, Error>;
    /// Replaces a member's settings.
    fn put_member_settings(&self, settings: &MemberSettings) -> Result<(), Error>;
    /// Forgets `member`'s push registration if it is still `kind` and `token` (the push service
    /// said the token is gone); a newer registration is kept. Whether it was forgotten.
    fn forget_push(&self, member: MemberId, kind: PushKind, token: &str) -> Result<bool, Error>;
    /// The direct members of a group whose devices are not revoked, with their roles.
    fn group_members(&self, group: DocId) -> Result<Vec<(MemberId, Role)>, Error>;
    /// Every dispatch whose request is not closed.
    fn open_dispatches(&self) -> Result<Vec<StoredDispatch>, Error>;
    /// Whether a dispatch was ever started for a request.
    fn has_dispatch(&self, request: DocId) -> Result<bool, Error>;
    /// Saves a dispatch step: the dispatch, the members it just alerted, those whose alert
    /// ended and a decline, in one transaction.
    fn save_dispatch(&self, step: &DispatchWrite) -> Result<(), Error>;
    /// Records that an alert reached the member's phone, and how. False if there is no alert.
    fn mark_delivered(&self, request: DocId, member: MemberId, via: &str, at: Millis) -> Result<bool, Error>;
    /// Records several deliveries in one transaction.
    fn mark_delivered_many(&self, receipts: &[(DocId, MemberId, String)], at: Millis) -> Result<(), Error>;
    /// Records that the member saw the alert. False if there is no alert.
    fn mark_seen(&self, request: DocId, member: MemberId, at: Millis) -> Result<bool, Error>;
    /// Whether `member` was ever alerted about `request`.
    fn was_alerted(&self, request: DocId, member: MemberId) -> Result<bool, Error>;
    /// Whether `member` was alerted about `request` and did not decline: a sign-up of theirs is
    /// welcome, even one made offline after the others were stood down.
    fn may_answer(&self, request: DocId, member: MemberId) -> Result<bool, Error>;
    /// Every alerted member who signed up, with the request and its group: they keep reading
    /// the request wherever it sits.
    fn alert_readers(&self) -> Result<Vec<(MemberId, DocId, DocId)>, Error>;
    /// Receipt counts.
    fn receipts(&self, request: DocId) -> Result<ReceiptCounts, Error>;
}
