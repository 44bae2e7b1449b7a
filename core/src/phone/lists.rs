//! What a neighbour's phone lists, the rules every shell shares:
//! - *nearby*: open requests from neighbours that this member can still help with, nearest
//!   first, minus the ones declined on this phone;
//! - *declining* ("not me, not now"): hides a request from the nearby list; refused for one's
//!   own request and while signed up. The declined ids are kept in the store's settings;
//! - *follow-ups*: the requests this member signed up for and has not finished, the volunteer's
//!   visit list;
//! - *alert-worthy*: an arrival that should alert this phone: urgent, open, someone else's, not
//!   declined here.

use jinlin_model::refusal::Refusal;
use std::collections::BTreeSet;

use crate::{Device, DocId, Error, RequestFilter, RequestView, Result, Status};

/// The setting under which declined request ids are kept (the name phones have always used, so
/// their earlier declines stay).
pub const DECLINED_SETTING: &str = "ffi.declined";

/// What a decline did.
#[derive(Debug)]
pub struct Declined {
    /// The request, as it stands on this phone (now off its nearby list).
    pub request: RequestView,
    /// Whether the relay heard, so the alert passed on.
    pub relay: RelayHeard,
}

/// Whether the relay heard a decline.
#[derive(Debug)]
pub enum RelayHeard {
    /// The relay took it: the alert passed to the next nearest neighbour.
    Heard,
    /// This phone is not registered with a relay; the decline stays on this phone.
    NotRegistered,
    /// The relay could not be reached, or refused (this member was never alerted, say).
    NotHeard(Error),
}

/// Requests declined on this phone.
pub fn declined(device: &Device) -> Result<BTreeSet<DocId>> {
    Ok(device.setting(DECLINED_SETTING)?.unwrap_or_default())
}

/// Hides `id` from the nearby list and returns it. Refused, writing nothing, for one's own
/// request and while this member is signed up. Declining twice is harmless.
pub fn hide(device: &Device, id: DocId) -> Result<RequestView> {
    let view = device.request(id)?;
    let me = device.identity()?.ok_or(Error::NoIdentity)?.member_id;
    if view.is_requester(me) {
        return Err(Error::NotAllowed(Refusal::OwnRequestCancel.en()));
    }
    if view.signup_of(me).is_some() {
        return Err(Error::NotAllowed(Refusal::SignedUpWithdraw.en()));
    }
    let mut set = declined(device)?;
    if set.insert(id) {
        device.set_setting(DECLINED_SETTING, &set)?;
    }
    Ok(view)
}

/// Open requests from others, nearest first, that this member has not declined. Requests it has
/// signed up for stay listed, so the screen can show where it stands.
pub fn nearby(device: &Device) -> Result<Vec<RequestView>> {
    let me = device.identity()?.map(|i| i.member_id);
    let declined = declined(device)?;
    let open = device.list_requests(&RequestFilter {
        group: None,
        status: Some(Status::Open),
    })?;
    Ok(open
        .into_iter()
        .filter(|r| !declined.contains(&r.id))
        .filter(|r| me.is_none_or(|m| !r.is_requester(m)))
        .collect())
}

/// Requests this member has an active sign-up on that are not yet done or cancelled: in
/// progress first, then open, each nearest first.
pub fn follow_ups(device: &Device) -> Result<Vec<RequestView>> {
    let Some(me) = device.identity()?.map(|i| i.member_id) else {
        return Ok(Vec::new());
    };
    let mut mine: Vec<RequestView> = device
        .list_requests(&RequestFilter::default())?
        .into_iter()
        .filter(|r| !r.status.is_final() && r.signup_of(me).is_some())
        .collect();
    mine.sort_by_key(|r| r.status != Status::InProgress);
    Ok(mine)
}

/// The request, if its arrival should alert this phone: urgent, open, raised by someone else,
/// and not declined here.
pub fn alert_worthy(device: &Device, id: DocId) -> Option<RequestView> {
    let view = device.request(id).ok()?;
    let me = device.identity().ok().flatten().map(|i| i.member_id);
    let mine = me.is_some_and(|m| view.is_requester(m));
    let declined = declined(device).ok()?.contains(&id);
    (view.urgent && view.status == Status::Open && !mine && !declined).then_some(view)
}

#[cfg(test)]
mod tests {
    use crate::{GroupKind, NewRequest, RequestKind};

    use super::*;

    fn two_neighbours() -> (tempfile::TempDir, Device, DocId) {
        let dir = tempfile::tempdir().expect("tempdir");
        let device = Device::open(dir.path().join("d.db")).expect("open");
        device.set_identity("Helper", Some("3"), None).expect("identity");
        let group = device.create_group("Estate", GroupKind::Estate, None).expect("group");
        (dir, device, group)
    }

    /// Hands every document of `from` to `to`, as a sync through the relay would.
    fn copy_all(from: &Device, to: &Device) {
        for id in from.unsynced_docs().expect("docs") {
            let (meta, changes) = from.changes_for_relay(id).expect("read").expect("held");
            to.apply_remote(id, meta.doc_type, meta.group_id, changes)
                .expect("apply");
        }
    }

    fn urgent(group: DocId, text: &str) -> NewRequest {
        let mut r = NewRequest::new(group, RequestKind::Hospital, text);
        r.urgent = true;
        r
    }

    #[test]
    fn a_declined_request_leaves_the_nearby_list_and_only_that_one() {
        let (dir, asker, group) = two_neighbours();
        let a = asker
            .raise(NewRequest::new(group, RequestKind::Errand, "milk"))
            .expect("raise");
        let b = asker
            .raise(NewRequest::new(group, RequestKind::Repair, "lamp"))
            .expect("raise");
        let helper = Device::open(dir.path().join("helper.db")).expect("open");
        helper.set_identity("Other", Some("3"), None).expect("identity");
        copy_all(&asker, &helper);
        let ids = |v: Vec<RequestView>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();
        assert!(
            nearby(&asker).expect("nearby").is_empty(),
            "one's own requests are not nearby"
        );
        assert_eq!(ids(nearby(&helper).expect("nearby")).len(), 2);
        hide(&helper, a).expect("decline");
        hide(&helper, a).expect("declining twice is harmless");
        assert_eq!(ids(nearby(&helper).expect("nearby")), vec![b]);
    }

    #[test]
    fn declining_ones_own_request_or_one_signed_up_for_is_refused_and_writes_nothing() {
        let (_dir, device, group) = two_neighbours();
        let id = device
            .raise(NewRequest::new(group, RequestKind::Errand, "milk"))
            .expect("raise");
        assert!(matches!(hide(&device, id), Err(Error::NotAllowed(_))));
        let mut for_a_neighbour = NewRequest::new(group, RequestKind::Repair, "lamp");
        for_a_neighbour.on_behalf_of = Some("Old Mr Zhao".into());
        let helped = device.raise(for_a_neighbour).expect("raise");
        device.accept(helped).expect("accept");
        assert!(matches!(hide(&device, helped), Err(Error::NotAllowed(_))));
        assert!(declined(&device).expect("read").is_empty(), "nothing written");
    }

    #[test]
    fn an_urgent_request_from_a_neighbour_alerts_unless_declined_here() {
        let (dir, asker, group) = two_neighbours();
        let ride = asker.raise(urgent(group, "ride now")).expect("raise");
        let bread = asker
            .raise(NewRequest::new(group, RequestKind::Errand, "bread"))
            .expect("raise");
        let fall = asker.raise(urgent(group, "fell down")).expect("raise");
        let helper = Device::open(dir.path().join("helper.db")).expect("open");
        helper.set_identity("Other", Some("3"), None).expect("identity");
        copy_all(&asker, &helper);
        assert!(alert_worthy(&asker, ride).is_none(), "one's own request does not alert");
        assert!(
            alert_worthy(&helper, bread).is_none(),
            "a routine request does not alert"
        );
        assert!(alert_worthy(&helper, ride).is_some());
        hide(&helper, fall).expect("decline");
        assert!(
            alert_worthy(&helper, fall).is_none(),
            "a declined request does not alert"
        );
    }

    #[test]
    fn follow_ups_are_the_unfinished_requests_i_signed_up_for() {
        let (_dir, device, group) = two_neighbours();
        let mine = device
            .raise(NewRequest::new(group, RequestKind::Errand, "milk"))
            .expect("raise");
        // Raised for neighbours without a phone: one does not sign up for one's own request.
        let for_a_neighbour = |kind, text: &str| {
            let mut new = NewRequest::new(group, kind, text);
            new.on_behalf_of = Some("Old Mr Zhao".into());
            device.raise(new).expect("raise")
        };
        let helped = for_a_neighbour(RequestKind::Repair, "lamp");
        let other = for_a_neighbour(RequestKind::Legal, "lease");
        device.accept(helped).expect("accept");
        device.accept(other).expect("accept");
        device.complete(other).expect("done");
        let list: Vec<DocId> = follow_ups(&device).expect("list").into_iter().map(|r| r.id).collect();
        assert_eq!(list, vec![helped]);
        assert!(!list.contains(&mine));
    }
}
