//! The documents the `guard` target writes into: one of each kind, made with the model's own
//! changes by a small cast of members, so every rule has someone it allows and someone it
//! refuses. The same five members write every kind:
//!
//! | member    | request                 | group           | household        | report            | order                 | need            | notice   |
//! |-----------|-------------------------|-----------------|------------------|-------------------|-----------------------|-----------------|----------|
//! | requester | raised it               | resident        | —                | reported it       | ordered it            | asked for it    | —        |
//! | volunteer | confirmed, commented    | volunteer, team | logged a visit   | assigned to fix it| accepted it (the team)| claimed it      | read it  |
//! | neighbour | on standby              | building leader | —                | keeps building 3  | —                     | —               | —        |
//! | staff     | —                       | staff (created) | registered, visit| keeps every one   | —                     | posted it       | posted it|
//! | outsider  | —                       | not a member    | —                | —                 | —                     | —               | —        |
//!
//! The proposal: staff put it to households; the requester and the volunteer vote for 3-1202, the
//! neighbour for 3-301; the requester voted and the relay stamped it; the neighbour commented.
//!
//! The guard is given no group for an order, a need or a notice (who is on which team, who leads
//! the building) and nobody as staff, so the rules that need them refuse.
//!
//! Map keys made of random ids (sign-ups, teams, visits) are offered to the fuzzer in an order
//! read from their content, so an input picks the same entry in every process.

use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value};
use jinlin_model::Place;
use jinlin_model::dates::Date;
use jinlin_model::docs::group::view::MenuItemView;
use jinlin_model::docs::group::{self, MemberEntry};
use jinlin_model::docs::household::{self, NewHousehold, NewVisit, Resident, VisitEdit};
use jinlin_model::docs::need::{self, NewNeed};
use jinlin_model::docs::notice::{self, NewNotice};
use jinlin_model::docs::order::{self, NewOrder};
use jinlin_model::docs::proposal::{self, NewProposal, RollUnit};
use jinlin_model::docs::report;
use jinlin_model::docs::request::{self, Actor, NewRequest};
use jinlin_model::ids::{self, DocId, MemberId};
use jinlin_model::kinds::{
    BallotKind, DocKind, Electorate, GroupKind, HouseholdFlag, NeedSource, ReportStatus, RequestKind, RiskTier, Role,
    Skill, Threshold, VisitOutcome,
};

/// How many members write.
pub const WRITERS: usize = 5;
/// Their names, in member order.
pub const NAMES: [&str; WRITERS] = ["requester", "volunteer", "neighbour", "staff", "outsider"];
pub const REQUESTER: usize = 0;
pub const VOLUNTEER: usize = 1;
pub const NEIGHBOUR: usize = 2;
pub const STAFF: usize = 3;

/// The `i`th member.
pub fn member(i: usize) -> MemberId {
    MemberId::from_bytes([0x10 + i as u8; 16])
}

fn actor(i: usize) -> Actor<'static> {
    Actor {
        id: member(i),
        name: NAMES[i],
    }
}

/// Whether member `i` keeps the registry for `building` (the report's keepers).
pub fn keeps(i: usize, building: Option<&str>) -> bool {
    i == STAFF || (i == NEIGHBOUR && building == Some("3"))
}

fn place() -> Place {
    Place {
        building: Some("3".into()),
        unit: Some("1202".into()),
        lat: Some(24.48),
        lon: Some(118.08),
    }
}

/// A new document of `kind` made by member `i` with the app's own change (what a creating batch
/// starts from), or `None` where the member cannot make one.
pub fn created(kind: DocKind, i: usize) -> Option<AutoCommit> {
    let doc = match kind {
        DocKind::Request => {
            let mut new = NewRequest::new(DocId::from_bytes([2; 16]), RequestKind::Hospital, "To the hospital");
            new.place = place();
            request::create(DocId::from_bytes([1; 16]), &new, actor(i), 1_000)
        }
        DocKind::Group => group::create(
            DocId::from_bytes([3; 16]),
            GroupKind::Building,
            "Building 3",
            Some(DocId::from_bytes([4; 16])),
            member(i),
            &entry(i, Role::Staff),
            1_000,
        ),
        DocKind::Household => household::create(
            DocId::from_bytes([5; 16]),
            &NewHousehold {
                group_id: DocId::from_bytes([3; 16]),
                building: "3".into(),
                unit: "1202".into(),
                residents: vec![Resident {
                    name: "Grandma Wang".into(),
                    phone: Some("13800000000".into()),
                }],
                tier: RiskTier::Red,
                flags: vec![HouseholdFlag::LivesAlone],
            },
            actor(i),
            1_000,
        ),
        DocKind::Report => report::create(
            DocId::from_bytes([6; 16]),
            DocId::from_bytes([3; 16]),
            "Dark stairwell",
            &place(),
            &["b".repeat(64)],
            actor(i),
            1_000,
        ),
        DocKind::Order => order::create(
            DocId::from_bytes([7; 16]),
            DocId::from_bytes([3; 16]),
            &bulb(),
            &NewOrder {
                preferred_time: Some("Saturday".into()),
                note: "The stairwell bulb".into(),
                on_behalf_of: None,
            },
            actor(i),
            1_000,
        ),
        DocKind::Proposal => proposal::create(
            DocId::from_bytes([8; 16]),
            DocId::from_bytes([3; 16]),
            &NewProposal {
                title: "Replace the lifts".into(),
                text: "Three quotes".into(),
                photos: Vec::new(),
                ballot: BallotKind::YesNo,
                options: Vec::new(),
                most: 1,
                electorate: Electorate::Households,
                quorum_pct: 50,
                threshold: Threshold::Majority,
                opens_at: 0,
                closes_at: 1_000_000_000,
                early_close: true,
                secret: false,
            },
            &[
                RollUnit {
                    key: "3-1202".into(),
                    label: "3-1202".into(),
                    voters: vec![member(REQUESTER), member(VOLUNTEER)],
                },
                RollUnit {
                    key: "3-301".into(),
                    label: "3-301".into(),
                    voters: vec![member(NEIGHBOUR)],
                },
            ],
            actor(i),
            1_000,
        ),
        // Posted as the staff member would post it, onto the board (or as a wish by anyone else).
        DocKind::Need => need::create(
            DocId::from_bytes([8; 16]),
            DocId::from_bytes([3; 16]),
            &NewNeed {
                source: Some(if i == STAFF {
                    NeedSource::Report
                } else {
                    NeedSource::Wish
                }),
                title: "Leaking pipe".into(),
                details: "Under the sink".into(),
                requester: Some(member(REQUESTER)),
                requester_name: Some(NAMES[REQUESTER].into()),
                ..NewNeed::default()
            },
            actor(i),
            i == STAFF,
            1_000,
        ),
        DocKind::Notice => notice::create(
            DocId::from_bytes([9; 16]),
            DocId::from_bytes([3; 16]),
            &NewNotice {
                title: "Water off on Tuesday".into(),
                body: "9:00 to 12:00".into(),
                photo: None,
                pinned_until: Some(5_000),
            },
            actor(i),
            true,
            1_000,
        ),
    };
    doc.ok()
}

/// The menu item orders are for: the drivers' team takes it directly.
fn bulb() -> MenuItemView {
    MenuItemView {
        id: "bulb".into(),
        title: "Change a bulb".into(),
        description: String::new(),
        team: "drivers".into(),
        price_fen: Some(500),
        unit: None,
        hours: None,
        direct: true,
        withdrawn_at: None,
    }
}

fn entry(i: usize, role: Role) -> MemberEntry {
    MemberEntry {
        name: NAMES[i].into(),
        role,
        skills: vec![Skill::Driver],
        building: Some("3".into()),
        unit: Some(format!("{}01", i + 2)),
    }
}

/// The document of `kind` as the cast left it.
pub fn base(kind: DocKind) -> AutoCommit {
    let mut doc = match kind {
        DocKind::Request => {
            let mut doc = created(kind, REQUESTER).expect("raise");
            request::accept(&mut doc, actor(VOLUNTEER), 2_000).expect("accept");
            request::accept(&mut doc, actor(NEIGHBOUR), 3_000).expect("accept");
            let mut relay = doc.fork().with_actor(ids::relay_actor());
            request::record_relay_order(&mut relay).expect("order");
            doc.merge(&mut relay).expect("merge");
            request::comment(&mut doc, actor(VOLUNTEER), "On my way", 4_000).expect("comment");
            doc
        }
        DocKind::Group => {
            let mut doc = created(kind, STAFF).expect("group");
            group::put_member(&mut doc, member(0), &entry(0, Role::Resident), 2_000).expect("member");
            group::put_member(&mut doc, member(1), &entry(1, Role::Volunteer), 2_000).expect("member");
            group::put_member(&mut doc, member(2), &entry(2, Role::BuildingLeader), 2_000).expect("member");
            let team = group::add_team(&mut doc, member(STAFF), "Drivers", Some(Skill::Driver)).expect("team");
            group::set_team_member(&mut doc, member(1), &team, member(1), true, 3_000).expect("join");
            doc
        }
        DocKind::Household => {
            let mut doc = created(kind, STAFF).expect("household");
            let visit = household::log_visit(
                &mut doc,
                actor(STAFF),
                &NewVisit {
                    outcome: Some(VisitOutcome::Met),
                    note: Some("Knee pain".into()),
                    needs: vec!["A ride to the clinic".into()],
                    resolved_on_the_spot: vec!["Groceries".into()],
                    follow_up: Some(Date::at(0, 480)),
                    gps: None,
                    photos: Vec::new(),
                },
                2_000,
            )
            .expect("visit");
            household::edit_visit(
                &mut doc,
                actor(STAFF),
                &visit,
                &VisitEdit::Note(Some("Better".into())),
                3_000,
            )
            .expect("edit");
            household::log_visit(
                &mut doc,
                actor(VOLUNTEER),
                &NewVisit {
                    outcome: Some(VisitOutcome::NotHome),
                    ..NewVisit::default()
                },
                4_000,
            )
            .expect("visit");
            doc
        }
        DocKind::Order => {
            let mut doc = created(kind, REQUESTER).expect("order");
            let mut crew = group::read(&base(DocKind::Group)).expect("group");
            if let Some(t) = crew.teams.first_mut() {
                t.id = "drivers".into();
            }
            order::accept(&mut doc, actor(VOLUNTEER), &crew, 2_000).expect("accept");
            let mut relay = doc.fork().with_actor(ids::relay_actor());
            request::record_relay_order(&mut relay).expect("order");
            doc.merge(&mut relay).expect("merge");
            doc
        }
        DocKind::Proposal => {
            let mut doc = created(kind, STAFF).expect("proposal");
            proposal::comment(&mut doc, actor(NEIGHBOUR), "Every floor?", 2_000).expect("comment");
            proposal::cast(&mut doc, member(REQUESTER), &[0], 3_000).expect("ballot");
            let mut relay = doc.fork().with_actor(ids::relay_actor());
            proposal::record_receipts(&mut relay, 3_500).expect("receipts");
            doc.merge(&mut relay).expect("merge");
            doc
        }
        DocKind::Need => {
            let mut doc = created(kind, STAFF).expect("need");
            let crew = group::read(&base(DocKind::Group)).expect("group");
            need::claim(&mut doc, actor(VOLUNTEER), None, &crew, 2_000).expect("claim");
            let mut relay = doc.fork().with_actor(ids::relay_actor());
            request::record_relay_order(&mut relay).expect("order");
            doc.merge(&mut relay).expect("merge");
            doc
        }
        DocKind::Notice => {
            let mut doc = created(kind, STAFF).expect("notice");
            notice::mark_read(&mut doc, member(VOLUNTEER), 2_000).expect("read");
            doc
        }
        DocKind::Report => {
            let mut doc = created(kind, REQUESTER).expect("report");
            report::add_step(
                &mut doc,
                actor(STAFF),
                ReportStatus::Assigned,
                Some(member(VOLUNTEER)),
                None,
                2_000,
            )
            .expect("assign");
            doc
        }
    };
    doc.commit();
    doc
}

/// The keys of the map `obj`, ordered by what they hold (then by key): the same order whatever
/// random ids the entries have.
pub fn ordered_keys(doc: &AutoCommit, obj: &ObjId) -> Vec<String> {
    let mut keys: Vec<(String, String)> = doc
        .keys(obj)
        .map(|k| {
            let summary = match doc.get(obj, k.as_str()) {
                Ok(Some((Value::Object(ObjType::Map), id))) => summary(doc, &id),
                Ok(Some((Value::Scalar(s), _))) => scalar_text(&s),
                _ => String::new(),
            };
            // Ids made by the model are random; member ids and words are not.
            let stable = if k.len() == 36 && !is_member_key(&k) {
                String::new()
            } else {
                k.clone()
            };
            (format!("{stable}\u{0}{summary}"), k)
        })
        .collect();
    keys.sort();
    keys.into_iter().map(|(_, k)| k).collect()
}

fn is_member_key(k: &str) -> bool {
    (0..WRITERS).any(|i| member(i).to_string() == k)
}

fn summary(doc: &AutoCommit, obj: &ObjId) -> String {
    doc.map_range(obj, ..)
        .map(|item| match Value::from(item.value) {
            Value::Scalar(s) => format!("{}={};", item.key, scalar_text(&s)),
            Value::Object(t) => format!("{}:{t:?};", item.key),
        })
        .collect()
}

fn scalar_text(s: &ScalarValue) -> String {
    format!("{s}")
}
