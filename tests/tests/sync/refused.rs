//! A change the relay refuses never poisons a phone: it leaves the outbox for the refused list
//! with the relay's reason, the document is rebuilt without it (keeping everything the relay
//! holds), later changes to the same document go, and nothing waits on it. Staff of a building
//! lose their role while their phone is offline; the change they make as if still staff is the
//! one the relay refuses, a thing the phone could not know.

use jinlin_core::{GroupKind, Role, Skill};
use jinlin_model::DocKind;
use jinlin_tests::{Phone, Relay, tree};

#[tokio::test]
async fn a_refused_change_leaves_the_outbox_with_the_relays_reason_and_later_changes_still_go() {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let li = Phone::registered("Li", "3", &relay).await;
    let wang = Phone::registered("Grandma Wang", "3", &relay).await;
    let hood = tree(&sun).await;
    li.join(&sun.invite(hood.b3, Role::Staff).await).await;
    wang.join(&sun.invite(hood.b3, Role::Resident).await).await;
    let li_id = li.identity().expect("identity").expect("registered").member_id;

    // Accepted first: Li's own entry in the building.
    li.set_profile(hood.b3, &[Skill::Driver], Some("3"), Some("1202"))
        .expect("profile");
    li.sync().await;

    // The community's staff make Li a volunteer while Li's phone is offline; Li, still staff
    // as far as the phone knows, adds a team (staff only) and raises a request.
    sun.sync().await;
    sun.set_role(hood.b3, li_id, Role::Volunteer).expect("demote");
    sun.sync().await;
    li.add_team(hood.b3, "Night drivers", Some(Skill::Driver))
        .expect("saved on the phone");
    let request = li.raise_ride(hood.b3, 1);

    let report = li.sync().await;
    assert_eq!(report.rejected.len(), 1, "{report:?}");
    assert_eq!(report.rejected[0].doc_id, hood.b3);
    assert!(report.rejected[0].reason.contains("staff"), "{report:?}");
    assert_eq!(report.rejected[0].set_aside, 1);
    assert_eq!(report.pending, 0, "nothing waits on a refusal");
    assert!(li.unsynced_docs().expect("outbox").is_empty());

    let refused = li.refused().expect("refused");
    assert_eq!(refused.len(), 1);
    assert_eq!((refused[0].doc_id, refused[0].doc_type), (hood.b3, DocKind::Group));
    assert_eq!(refused[0].reason, report.rejected[0].reason);

    // Li's phone shows the building as the relay holds it: no team, Li a volunteer with the
    // profile the relay accepted before.
    let b3 = li.group(hood.b3).expect("building 3");
    assert!(b3.teams.is_empty(), "{:?}", b3.teams);
    let me = b3.member(li_id).expect("Li");
    assert_eq!((me.role, me.unit.as_deref()), (Role::Volunteer, Some("1202")));

    // The request in the same sync went; neighbours in the building see it.
    wang.sync().await;
    assert!(wang.request(request).is_ok(), "the request reached the building");

    // A later change to the same document is not blocked by the refused one.
    li.set_profile(hood.b3, &[Skill::Driver], Some("3"), Some("1203"))
        .expect("profile");
    let report = li.sync().await;
    assert!(report.rejected.is_empty(), "{report:?}");
    assert_eq!(report.pending, 0);
    sun.sync().await;
    let seen = sun.group(hood.b3).expect("building 3");
    assert_eq!(seen.member(li_id).and_then(|m| m.unit.clone()).as_deref(), Some("1203"));
    assert!(seen.teams.is_empty(), "the refused team never reached anyone");
}

#[tokio::test]
async fn an_estate_inside_a_building_is_refused_on_the_phone_before_anything_is_written() {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let hood = tree(&sun).await;
    let groups = sun.groups().expect("groups").len();
    let err = sun
        .create_group("Inner Estate", GroupKind::Estate, Some(hood.b3))
        .expect_err("an estate cannot sit inside a building");
    assert!(err.to_string().contains("cannot sit inside"), "{err}");
    assert_eq!(sun.groups().expect("groups").len(), groups, "nothing written");
    assert!(
        sun.unsynced_docs().expect("outbox").is_empty(),
        "nothing waits to be sent"
    );
    // A building inside the estate is still fine.
    sun.create_group("Building 7", GroupKind::Building, Some(hood.estate))
        .expect("a building in an estate");
    assert!(sun.sync().await.rejected.is_empty());
}

#[tokio::test]
async fn a_group_inside_one_where_the_phone_is_not_staff_is_refused_before_anything_is_written() {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let li = Phone::registered("Li", "3", &relay).await;
    let hood = tree(&sun).await;
    li.join(&sun.invite(hood.b3, Role::Volunteer).await).await;
    let err = li
        .create_group("Building 9", GroupKind::Building, Some(hood.estate))
        .expect_err("a volunteer of building 3 does not run the estate");
    assert!(err.to_string().contains("only staff of the parent"), "{err}");
    assert!(
        li.unsynced_docs().expect("outbox").is_empty(),
        "nothing waits to be sent"
    );
    // Staff of the community run every group below it.
    li.set_role(hood.b3, sun.identity().expect("id").expect("me").member_id, Role::Staff)
        .expect_err("and a volunteer changes no roles");
    sun.create_group("Building 9", GroupKind::Building, Some(hood.estate))
        .expect("staff of the community create inside the estate");
    assert!(sun.sync().await.rejected.is_empty());
}
