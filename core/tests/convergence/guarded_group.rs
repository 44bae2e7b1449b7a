//! A group among hostile replicas: staff, a resident, a volunteer and a building leader act
//! through the app (staff add teams, change roles and put people on teams; members edit their
//! own entry and join or leave teams), and the replicas chosen hostile (never staff) also
//! promote themselves, edit someone else's entry, add a member, put someone else on a team,
//! move their building as a leader, rename the group or delete its member list. Every batch
//! goes through a guarded relay.
//!
//! On the relay's copy, after every batch it takes: the group's identity never changes; roles
//! and join times are written by staff only; every other field of an entry by its member or
//! staff, a building leader's building by staff only; a member is on a team only by their own
//! hand or staff's; only staff write anything else.

use automerge::transaction::Transactable;
use std::collections::HashMap;

use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc};
use jinlin_core::{DocId, GroupKind, MemberId, Role, Skill};
use jinlin_model::docs::group::{self, MemberEntry};
use jinlin_model::kinds::DocKind;
use jinlin_model::read;
use proptest::prelude::*;

use crate::guarded::{Guarded, fail, member, writer_of, written};

const PEOPLE: usize = 4;
const STAFF: usize = 0;
const NAMES: [&str; PEOPLE] = ["staff", "resident", "volunteer", "leader"];
const ROLES: [Role; PEOPLE] = [Role::Staff, Role::Resident, Role::Volunteer, Role::BuildingLeader];

#[derive(Debug, Clone)]
enum Op {
    /// Staff make a team.
    AddTeam,
    /// Staff change someone's role (never to staff).
    SetRole(usize, Role),
    /// `who` puts `whom` on the first team, or takes them off.
    Team(usize, usize, bool),
    /// A member edits their own entry (unit, skills; their building unless a leader).
    Profile(usize, u8),
    Sync(usize),
    Raw(usize, Raw, usize),
}

#[derive(Debug, Clone, Copy)]
enum Raw {
    PromoteSelf,
    EditSomeoneElse,
    AddMember,
    TeamSomeoneElse,
    MoveBuilding,
    Rename,
    DeleteMembers,
    ChangeId,
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..PEOPLE;
    let raw = prop_oneof![
        Just(Raw::PromoteSelf),
        Just(Raw::EditSomeoneElse),
        Just(Raw::AddMember),
        Just(Raw::TeamSomeoneElse),
        Just(Raw::MoveBuilding),
        Just(Raw::Rename),
        Just(Raw::DeleteMembers),
        Just(Raw::ChangeId),
    ];
    let role = prop_oneof![
        Just(Role::Resident),
        Just(Role::Volunteer),
        Just(Role::BuildingLeader),
        Just(Role::GridWorker)
    ];
    prop_oneof![
        1 => Just(Op::AddTeam),
        1 => (1..PEOPLE, role).prop_map(|(m, r)| Op::SetRole(m, r)),
        3 => (who.clone(), who.clone(), any::<bool>()).prop_map(|(a, b, on)| Op::Team(a, b, on)),
        2 => (who.clone(), any::<u8>()).prop_map(|(a, n)| Op::Profile(a, n)),
        6 => who.clone().prop_map(Op::Sync),
        3 => (1..PEOPLE, raw, who).prop_map(|(a, r, b)| Op::Raw(a, r, b)),
    ]
}

fn entry(i: usize, role: Role, building: &str) -> MemberEntry {
    MemberEntry {
        name: NAMES[i].into(),
        role,
        skills: vec![Skill::Driver],
        building: Some(building.into()),
        unit: Some(format!("{}01", i + 2)),
    }
}

fn origin() -> AutoCommit {
    let mut doc = group::create(
        DocId::from_bytes([7; 16]),
        GroupKind::Building,
        "Building 3",
        Some(DocId::from_bytes([6; 16])),
        member(STAFF),
        &entry(STAFF, Role::Staff, "3"),
        0,
    )
    .expect("group");
    for (i, role) in ROLES.iter().enumerate().skip(1) {
        group::put_member(&mut doc, member(i), &entry(i, *role, "3"), 0).expect("member");
    }
    doc
}

fn first_team(doc: &AutoCommit) -> Option<String> {
    group::read(doc).ok()?.teams.first().map(|t| t.id.clone())
}

/// A member's own edit, as the phone makes it (`Device::set_profile`).
fn profile(doc: &mut AutoCommit, i: usize, n: u8) -> jinlin_core::Result<()> {
    let view = group::read(doc)?;
    let Some(me) = view.member(member(i)) else {
        return Ok(());
    };
    let building = if me.role == Role::BuildingLeader {
        me.building.clone()
    } else {
        Some(format!("{}", n % 3 + 1))
    };
    let mut e = entry(i, me.role, building.as_deref().unwrap_or("3"));
    e.building = building;
    e.unit = Some(format!("{}{:02}", n % 20 + 1, n % 4));
    e.skills = if n.is_multiple_of(2) {
        vec![Skill::Driver]
    } else {
        vec![Skill::Nurse, Skill::Driver]
    };
    group::put_member(doc, member(i), &e, 0)
}

fn raw(doc: &mut AutoCommit, who: usize, what: Raw, whose: usize) -> Result<(), automerge::AutomergeError> {
    let Some(members) = read::obj(doc, &ROOT, "members") else {
        return Ok(());
    };
    let entry_of = |doc: &AutoCommit, i: usize| read::obj(doc, &members, &member(i).to_string());
    match what {
        Raw::PromoteSelf => {
            if let Some(e) = entry_of(doc, who) {
                doc.put(&e, "role", "staff")?;
            }
        }
        Raw::EditSomeoneElse => {
            if let Some(e) = entry_of(doc, whose) {
                doc.put(&e, "name", "someone else")?;
            }
        }
        Raw::AddMember => {
            let e = doc.put_object(
                &members,
                MemberId::from_bytes([0x40 + whose as u8; 16]).to_string(),
                ObjType::Map,
            )?;
            doc.put(&e, "name", "a friend")?;
            doc.put(&e, "role", "volunteer")?;
        }
        Raw::TeamSomeoneElse => {
            if let Some(team) = first_team(doc) {
                let teams = read::obj(doc, &ROOT, "teams").expect("teams");
                if let Some(m) = read::obj(doc, &teams, &team).and_then(|t| read::obj(doc, &t, "members")) {
                    doc.put(&m, member(whose).to_string(), 1)?;
                }
            }
        }
        Raw::MoveBuilding => {
            if let Some(e) = entry_of(doc, who) {
                doc.put(&e, "building", "9")?;
            }
        }
        Raw::Rename => doc.put(ROOT, "name", "Ours now")?,
        Raw::DeleteMembers => doc.delete(ROOT, "members")?,
        Raw::ChangeId => doc.put(ROOT, "id", DocId::from_bytes([1; 16]).to_string())?,
    }
    Ok(())
}

/// For each member entry at the last check: whether they were a building leader, and the write
/// that set their building.
type Seen = HashMap<String, (bool, Option<ObjId>)>;

fn relay_holds(doc: &AutoCommit, origin: &AutoCommit, seen: &mut Seen) -> Result<(), TestCaseError> {
    for key in ["type", "id", "created_at", "name", "kind", "parent"] {
        prop_assert_eq!(
            read::str(doc, &ROOT, key),
            read::str(origin, &ROOT, key),
            "the group's {} changed",
            key
        );
        prop_assert_eq!(
            read::int(doc, &ROOT, key),
            read::int(origin, &ROOT, key),
            "the group's {} changed",
            key
        );
    }
    let staff = Some(member(STAFF));
    let members = read::obj(doc, &ROOT, "members").ok_or_else(|| fail("the member list is gone"))?;
    prop_assert_eq!(writer_of(&members), staff, "the member list was replaced");
    let view = group::read(doc).map_err(fail)?;
    for key in read::keys(doc, &members) {
        let Some(e) = read::obj(doc, &members, &key) else {
            continue;
        };
        let own: Option<MemberId> = key.parse().ok();
        prop_assert_eq!(writer_of(&e), staff, "a member entry made by someone other than staff");
        for field in read::keys(doc, &e) {
            let (_, by) = written(doc, &e, &field).unwrap_or_default();
            let by_staff = by == staff;
            let ok = match field.as_str() {
                "role" | "joined_at" => by_staff,
                _ => by_staff || by == own,
            };
            prop_assert!(ok, "{} of a member entry written by {:?}", field, by);
        }
        // A building leader's building moves only by staff's hand.
        let building = doc.get(&e, "building").map_err(fail)?.map(|(_, id)| id);
        let leader = own
            .and_then(|m| view.member(m))
            .is_some_and(|m| m.role == Role::BuildingLeader);
        if let Some((true, before)) = seen.get(&key)
            && *before != building
        {
            prop_assert_eq!(
                building.as_ref().and_then(writer_of),
                staff,
                "a building leader's building moved by someone other than staff"
            );
        }
        seen.insert(key, (leader, building));
    }
    if let Some(teams) = read::obj(doc, &ROOT, "teams") {
        for t in read::keys(doc, &teams) {
            let Some(team) = read::obj(doc, &teams, &t) else {
                continue;
            };
            prop_assert_eq!(writer_of(&team), staff, "a team made by someone other than staff");
            let Some(on) = read::obj(doc, &team, "members") else {
                continue;
            };
            for key in read::keys(doc, &on) {
                let (_, by) = written(doc, &on, &key).unwrap_or_default();
                prop_assert!(
                    by == staff || by == key.parse().ok(),
                    "someone else put a member on a team"
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, max_shrink_iters: 2000, ..ProptestConfig::default() })]

    #[test]
    fn hostile_members_never_get_a_forbidden_group_write_past_the_relay_and_honest_ones_converge(
        hostile in prop::collection::vec(any::<bool>(), PEOPLE),
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let origin = origin();
        let mut seen = Seen::new();
        let mut net = Guarded::new(DocKind::Group, origin.clone(), PEOPLE, |_, _| false, |_| {});
        for op in &ops {
            let docs = &mut net.replicas;
            let _ = match *op {
                Op::AddTeam => group::add_team(&mut docs[STAFF], member(STAFF), "Drivers", Some(Skill::Driver)).map(|_| ()),
                Op::SetRole(m, role) => group::set_role(&mut docs[STAFF], member(STAFF), member(m), role),
                Op::Team(who, whom, on) => match first_team(&docs[who]) {
                    Some(team) => group::set_team_member(&mut docs[who], member(who), &team, member(whom), on, 5),
                    None => Ok(()),
                },
                Op::Profile(i, n) => profile(&mut docs[i], i, n),
                Op::Sync(i) => {
                    net.sync(i)?;
                    relay_holds(&net.relay, &origin, &mut seen)?;
                    Ok(())
                }
                Op::Raw(i, what, whose) if hostile[i] => {
                    crate::guarded::hostile_write(&mut net, i, |doc| raw(doc, i, what, whose));
                    Ok(())
                }
                Op::Raw(..) => Ok(()),
            };
        }
        net.settle(|relay| relay_holds(relay, &origin, &mut seen))?;
        net.converged()?;
    }
}
