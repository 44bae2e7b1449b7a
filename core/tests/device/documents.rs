//! Documents in the field: versions from newer apps, and groups with members and skill teams.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT, ReadDoc};
use jinlin_core::{Error, GroupKind, Role, Skill};
use jinlin_model::DocKind;
use jinlin_model::docs::group;

use crate::support::{MiniRelay, clock, community, device, hospital_ride};

#[test]
fn a_document_from_a_newer_app_version_is_kept_whole_shown_as_far_as_understood_and_synced_on() {
    let c = clock();
    let (mei, old_phone, third) = (
        device("Mei", "3", &c),
        device("Old Phone", "3", &c),
        device("Third", "3", &c),
    );
    let group = community(&mei, &[&old_phone, &third]);
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    let mut relay = MiniRelay::default();
    relay.sync_all(&[&mei]);

    // A newer app writes schema 2 with a field this build does not know, and a new kind.
    let (_, changes) = mei.changes_for_relay(req).expect("c").expect("doc");
    let mut newer = AutoCommit::new();
    newer.apply_changes(changes).expect("apply");
    newer.set_actor(automerge::ActorId::from(&[7u8; 16][..]));
    newer.put(ROOT, "schema", 2).expect("schema");
    newer.put(ROOT, "wheelchair_needed", true).expect("new field");
    newer.put(ROOT, "kind", "oxygen-delivery").expect("new kind");
    newer.commit();
    old_phone
        .apply_remote(req, DocKind::Request, group, newer.get_changes(&[]))
        .expect("receive");

    let view = old_phone.request(req).expect("view");
    assert!(view.newer_schema);
    assert_eq!(
        view.kind,
        jinlin_core::RequestKind::Other,
        "an unknown kind shows as other"
    );
    assert_eq!(view.text, "Please drive me to the maternity hospital");

    // The old phone acts on it, and the unknown field travels on untouched.
    old_phone.accept(req).expect("accept");
    let whole = old_phone.save_doc(req).expect("save").expect("doc");
    let changes = AutoCommit::load(&whole).expect("load").get_changes(&[]);
    third
        .apply_remote(req, DocKind::Request, group, changes)
        .expect("pass on");
    let saved = third.save_doc(req).expect("save").expect("doc");
    let mut doc = AutoCommit::load(&saved).expect("load");
    assert_eq!(jinlin_model::read::int(&doc, &ROOT, "schema"), Some(2));
    assert!(jinlin_model::read::bool(&doc, &ROOT, "wheelchair_needed"));
    assert_eq!(doc.get_heads().len(), 1);
    assert_eq!(third.request(req).expect("v").signups.len(), 1);
}

#[test]
fn a_document_that_is_not_automerge_is_an_error_and_leaves_the_store_untouched() {
    let c = clock();
    let mei = device("Mei", "3", &c);
    let group = community(&mei, &[]);
    let bogus = automerge::Change::from_bytes(b"\x85\x6f\x4a\x83garbage".to_vec());
    assert!(
        bogus.is_err(),
        "the decoder refuses garbage before it reaches the store"
    );
    let err = jinlin_model::docs::request::read(&AutoCommit::new()).expect_err("empty doc is not a request");
    assert!(matches!(err, Error::CorruptDocument { .. }));
    assert!(mei.list_requests(&Default::default()).expect("list").is_empty());
    let _ = group;
}

#[test]
fn a_group_holds_members_with_roles_skills_and_homes_and_skill_teams() {
    let c = clock();
    let staff = device("Staff Huang", "1", &c);
    let g = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    let me = staff.identity().expect("id").expect("some").member_id;
    staff
        .set_profile(g, &[Skill::Driver, Skill::Nurse], Some("1"), Some("302"))
        .expect("profile");
    let team = staff.add_team(g, "Legal aid", Some(Skill::Legal)).expect("team");
    staff.set_team_member(g, &team, me, true).expect("join team");

    let view = staff.group(g).expect("group");
    assert_eq!(view.kind, GroupKind::Community);
    let m = view.member(me).expect("member");
    assert_eq!(m.role, Role::Staff);
    assert_eq!(m.skills, vec![Skill::Driver, Skill::Nurse]);
    assert_eq!(m.unit.as_deref(), Some("302"));
    assert_eq!(view.teams.len(), 1);
    assert_eq!(view.teams[0].members, vec![me]);
}

#[test]
fn only_staff_change_roles_and_teams() {
    let c = clock();
    let (staff, resident) = (device("Staff", "1", &c), device("Resident", "1", &c));
    let g = staff
        .create_group("Lianhua", GroupKind::Community, None)
        .expect("group");
    let mut relay = MiniRelay::default();
    relay.sync_all(&[&staff, &resident]);
    let rid = resident.identity().expect("id").expect("some").member_id;

    // The relay adds members on invite; here the staff device writes the entry directly.
    let (_, changes) = staff.changes_for_relay(g).expect("c").expect("d");
    let mut doc = AutoCommit::new();
    doc.apply_changes(changes).expect("apply");
    doc.set_actor(jinlin_model::ids::relay_actor());
    let entry = group::MemberEntry {
        name: "Resident".into(),
        role: Role::Resident,
        skills: vec![],
        building: None,
        unit: None,
    };
    group::put_member(&mut doc, rid, &entry, 0).expect("member");
    doc.commit();
    resident
        .apply_remote(g, DocKind::Group, g, doc.get_changes(&[]))
        .expect("receive");
    assert!(doc.get(ROOT, "members").expect("get").is_some());

    assert!(matches!(
        resident.set_role(g, rid, Role::Staff),
        Err(Error::NotAllowed(_))
    ));
    assert!(matches!(
        resident.add_team(g, "Repair", Some(Skill::Electrician)),
        Err(Error::NotAllowed(_))
    ));
    resident
        .set_profile(g, &[Skill::Electrician], Some("1"), None)
        .expect("own profile is fine");
    assert_eq!(
        resident.group(g).expect("g").member(rid).expect("m").skills,
        vec![Skill::Electrician]
    );
}
