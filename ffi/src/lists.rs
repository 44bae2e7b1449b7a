//! The lists the app screens show, computed here once for both shells:
//! - *nearby*: open requests from neighbours that this member can still help with, nearest
//!   first, minus the ones declined on this device;
//! - *follow-ups*: the requests this member signed up for and has not finished, the volunteer's
//!   visit list.
//!
//! Declining is local to the device ("not me, not now"): it hides a request from the nearby
//! list and tells nobody. The declined ids are kept in the store's settings.

use std::collections::BTreeSet;

use jinlin_core::{Device, DocId, RequestFilter, RequestView, Status};

use crate::error::JinlinError;

/// The setting under which declined request ids are kept.
pub const DECLINED_SETTING: &str = "ffi.declined";

/// Requests this device declined.
pub fn declined(device: &Device) -> Result<BTreeSet<DocId>, JinlinError> {
    Ok(device.setting(DECLINED_SETTING)?.unwrap_or_default())
}

/// Hides `id` from the nearby list. Refused while this member is signed up (withdraw instead)
/// and for one's own request.
pub fn decline(device: &Device, id: DocId) -> Result<(), JinlinError> {
    let view = device.request(id)?;
    let me = device.identity()?.ok_or(JinlinError::NotRegistered)?.member_id;
    if view.is_requester(me) {
        return Err(JinlinError::NotAllowed {
            reason: "this is your own request; cancel it instead".into(),
        });
    }
    if view.signup_of(me).is_some() {
        return Err(JinlinError::NotAllowed {
            reason: "you have signed up for this request; withdraw instead".into(),
        });
    }
    let mut set = declined(device)?;
    if set.insert(id) {
        device.set_setting(DECLINED_SETTING, &set)?;
    }
    Ok(())
}

/// Open requests from others, nearest first, that this member has not declined. Requests it has
/// signed up for stay listed, so the screen can show where it stands.
pub fn nearby(device: &Device) -> Result<Vec<RequestView>, JinlinError> {
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
pub fn follow_ups(device: &Device) -> Result<Vec<RequestView>, JinlinError> {
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

#[cfg(test)]
mod tests {
    use jinlin_core::{GroupKind, NewRequest, RequestKind};

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
        decline(&helper, a).expect("decline");
        decline(&helper, a).expect("declining twice is harmless");
        assert_eq!(ids(nearby(&helper).expect("nearby")), vec![b]);
    }

    #[test]
    fn declining_ones_own_request_is_not_allowed() {
        let (_dir, device, group) = two_neighbours();
        let id = device
            .raise(NewRequest::new(group, RequestKind::Errand, "milk"))
            .expect("raise");
        assert!(matches!(decline(&device, id), Err(JinlinError::NotAllowed { .. })));
        assert!(declined(&device).expect("read").is_empty(), "nothing written");
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
