//! The access matrix's field dimension: for every row of every document kind's field table, a
//! member writes that field in an entry or document that is someone else's, by hand-built
//! Automerge changes uploaded past the app. The tables themselves are walked, so a field added to
//! a kind is attacked here the day it is added (the test fails until the neighbourhood below
//! holds an example of it).
//!
//! The neighbourhood: Lianhua Community → East Estate → Building 3. Ping (resident) raised a
//! request that Lan (volunteer) signed up to and commented on, and rated it once it was done; Ping reported a broken light
//! that Gao (grid worker) assigned to Lan; Gao registered a household, logged and corrected a
//! visit and raised a need; Lan is in the building's team, which takes orders from the
//! building's service menu: Ping ordered a lift to the clinic, Sun dispatched it, Lan accepted
//! it and marked it done, and Ping rated it. Sun put a bench by the door to the building's vote,
//! and Ping discussed it and voted; Sun put Ping's report on the building's board as a need, Lan
//! claimed it for the team, noted progress and resolved it, Sun confirmed it and Ping rated it;
//! Sun posted a pinned notice with a photo, which Ping read. The intruders live in building 3
//! too: Hua, a volunteer on no team, writes the group, the request, the report, the order, the
//! proposal, the need and the notice; Mei, the building's leader,
//! who keeps the household registry, writes the household.
//!
//! Every write is refused, with nothing stored, except the fields the household's table gives
//! every keeper, which Mei may write, and does.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, Prop, ROOT, ReadDoc, ScalarValue, Value};
use jinlin_core::{DocId, NewRequest, Place, RequestKind, Role};
use jinlin_model::DocKind;
use jinlin_model::docs::group::menu::NewMenuItem;
use jinlin_model::docs::household::{NewHousehold, NewVisit, Resident, VisitEdit};
use jinlin_model::docs::need::NewNeed;
use jinlin_model::docs::notice::NewNotice;
use jinlin_model::docs::order::NewOrder;
use jinlin_model::docs::proposal::NewProposal;
use jinlin_model::docs::{group, household, need, notice, order, proposal, report, request};
use jinlin_model::kinds::{BallotKind, Electorate, NeedSource, ReportStatus, RiskTier, Skill, Threshold, VisitOutcome};
use jinlin_model::protocol::{AckResult, DocChanges, PROTOCOL_VERSION, SyncRequest};
use serde_bytes::ByteBuf;

use jinlin_tests::{Phone, Relay, Tree, tree};

use crate::common::{HostileRelay, client};

/// The household fields a keeper of the household who leads its building (Mei) may write: not
/// its building, which would move it out of her reach into another leader's.
const KEEPER_MAY_WRITE: &[&[&str]] = &[
    &["schema"],
    &["unit"],
    &["tier"],
    &["flags"],
    &["residents"],
    &["voters"],
    &["visits"],
    &["visits", "*"],
    &["needs"],
    &["needs", "*"],
];

/// The paths of a field table.
fn fields<R>(rows: &'static [jinlin_model::docs::fields::Field<R>]) -> Vec<&'static [&'static str]> {
    rows.iter().map(|f| f.path).collect()
}

fn member(phone: &Phone) -> String {
    phone.identity().expect("identity").expect("set").member_id.to_string()
}

/// Writes the field at `path` in `doc` (a `*` takes an entry that is not `intruder`'s): an
/// object is deleted, a number or anything else overwritten.
fn forge(doc: &mut AutoCommit, path: &[&str], intruder: &str) {
    let mut obj = ROOT;
    for (i, key) in path.iter().enumerate() {
        let prop = if *key == "*" {
            if matches!(doc.object_type(&obj), Ok(ObjType::List)) {
                assert!(doc.length(&obj) > 0, "{path:?}: the neighbourhood has no entry here");
                Prop::Seq(0)
            } else {
                let victim = doc.keys(&obj).find(|k| k != intruder);
                Prop::Map(victim.unwrap_or_else(|| panic!("{path:?}: the neighbourhood has no entry here")))
            }
        } else {
            Prop::Map((*key).to_string())
        };
        let found = doc.get(&obj, prop.clone()).expect("read");
        if i + 1 < path.len() {
            obj = match found {
                Some((Value::Object(_), id)) => id,
                _ => panic!("{path:?}: the neighbourhood has no {key:?} here"),
            };
            continue;
        }
        match found {
            Some((Value::Object(_), _)) => doc.delete(&obj, prop).expect("delete"),
            Some((Value::Scalar(s), _)) if matches!(s.as_ref(), ScalarValue::Int(_)) => {
                let n = s.as_i64().unwrap_or(0);
                doc.put(&obj, prop, n.wrapping_add(1)).expect("put")
            }
            _ => doc.put(&obj, prop, "forged").expect("put"),
        }
    }
}

/// `phone` writes the field at `path` of document `id` past its own checks and uploads it; the
/// relay's answer.
async fn attack(phone: &Phone, id: DocId, kind: DocKind, group: DocId, path: &[&str]) -> AckResult {
    let bytes = phone.save_doc(id).expect("read").expect("the document");
    let mut doc = AutoCommit::load(&bytes).expect("load");
    let me = phone.identity().expect("identity").expect("set").member_id;
    doc.set_actor(me.actor());
    let heads = doc.get_heads();
    forge(&mut doc, path, &me.to_string());
    doc.commit();
    let changes = doc.get_changes(&heads);
    assert!(!changes.is_empty(), "{path:?} wrote nothing");
    let upload = SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: Vec::new(),
        docs: vec![DocChanges {
            doc_id: id,
            doc_type: kind,
            group_id: group,
            changes: changes.iter().map(|c| ByteBuf::from(c.raw_bytes().to_vec())).collect(),
            saved: None,
        }],
        accept_saved: false,
        signatures: Vec::new(),
    };
    let (answer, _, _) = client(phone).exchange(&upload).await.expect("the relay answers");
    answer.acks[0].result.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_field_of_every_document_kind_is_refused_to_a_member_writing_it_for_someone_else() {
    let relay = Relay::start().await;
    let sun = relay.phone("Sun", "1", "001").await;
    let ping = relay.phone("Ping", "3", "1202").await;
    let lan = relay.phone("Lan", "3", "1101").await;
    let hua = relay.phone("Hua", "3", "901").await;
    let mei = relay.phone("Mei", "3", "101").await;
    let gao = relay.phone("Gao", "1", "002").await;
    let Tree { community, b3, .. } = tree(&sun).await;
    ping.join(&sun.invite(b3, Role::Resident).await).await;
    let volunteers = sun.invite(b3, Role::Volunteer).await;
    lan.join(&volunteers).await;
    hua.join(&volunteers).await;
    mei.join(&sun.invite_leader(b3, "3").await).await;
    gao.join(&sun.invite(community, Role::GridWorker).await).await;

    // Lan's entry, with everything a member entry holds, and the building's team.
    lan.set_profile(b3, &[Skill::Driver], Some("3"), Some("1101"))
        .expect("profile");
    lan.sync().await;
    sun.sync().await;
    let team = sun.add_team(b3, "Drivers", Some(Skill::Driver)).expect("team");
    sun.sync().await;
    lan.sync().await;
    let lan_id = lan.identity().expect("identity").expect("set").member_id;
    lan.set_team_member(b3, &team, lan_id, true).expect("join the team");
    lan.sync().await;

    // Ping's request, with Lan's sign-up and comment, and every field a request can hold.
    let errand = ping
        .raise(NewRequest::new(b3, RequestKind::Errand, "Bring the medicine"))
        .expect("raise");
    ping.sync().await;
    lan.sync().await;
    lan.accept(errand).expect("accept");
    lan.comment(errand, "On my way at six").expect("comment");
    lan.sync().await;
    ping.sync().await;
    ping.start(errand).expect("start");
    ping.complete(errand).expect("done");
    ping.rate_request(errand, 5, "Lan was quick").expect("rate");
    ping.sync().await;

    // Ping's report, assigned by Gao to Lan.
    let light = ping
        .raise_report(b3, "The stairwell light is out", Place::default(), &[])
        .expect("report");
    ping.sync().await;
    gao.sync().await;
    gao.report_step(light, ReportStatus::Assigned, Some(lan_id), Some("Lan has a ladder"))
        .expect("assign");
    gao.sync().await;

    // Gao's household, with his visit (corrected once) and the need he raised at the door.
    let home = gao
        .add_household(NewHousehold {
            group_id: b3,
            building: "3".into(),
            unit: "1202".into(),
            residents: vec![Resident {
                name: "Grandma Wang".into(),
                phone: Some("13800000000".into()),
            }],
            tier: RiskTier::Red,
            flags: Vec::new(),
        })
        .expect("household");
    let visit = gao
        .log_visit(
            home,
            &NewVisit {
                outcome: Some(VisitOutcome::Met),
                note: Some("Knee pain".into()),
                needs: vec!["Deliver blood-pressure medicine".into()],
                resolved_on_the_spot: Vec::new(),
                follow_up: None,
                gps: None,
                photos: Vec::new(),
            },
        )
        .expect("visit");
    gao.edit_visit(home, &visit, &VisitEdit::Outcome(VisitOutcome::NotHome))
        .expect("edit");
    gao.sync().await;

    // Ping's order from the building's menu, dispatched by Sun to the team, accepted and done by
    // Lan, and rated by Ping: every field an order can hold.
    let item = NewMenuItem {
        title: "A lift to the clinic".into(),
        description: "Door to door".into(),
        team: team.clone(),
        price_fen: Some(500),
        unit: Some("per trip".into()),
        hours: Some("8:00-18:00".into()),
        direct: false,
    };
    let item = sun.add_menu_item(b3, &item).expect("menu item");
    sun.sync().await;
    ping.sync().await;
    let new = NewOrder {
        preferred_time: Some("Monday 9:00".into()),
        note: "The clinic on Hubin Road".into(),
        on_behalf_of: None,
    };
    let lift = ping.place_order(b3, &item, &new).expect("order");
    ping.sync().await;
    sun.sync().await;
    sun.dispatch_order(lift, &team).expect("dispatch");
    sun.sync().await;
    lan.sync().await;
    lan.accept_order(lift).expect("accept");
    lan.sync().await;
    lan.finish_order(lift).expect("done");
    lan.sync().await;
    ping.sync().await;
    ping.rate_order(lift, 5, "Kind and on time").expect("rate");
    ping.sync().await;
    // Sun puts a proposal to the building's members, Ping discusses it and votes: every field a
    // proposal holds but the early close, which Hua tries to write anyway.
    let now = sun.now();
    let vote = sun
        .propose(
            b3,
            &NewProposal {
                title: "A bench by the door".into(),
                text: "For those who wait for the lift".into(),
                photos: Vec::new(),
                ballot: BallotKind::YesNo,
                options: Vec::new(),
                most: 1,
                electorate: Electorate::Members,
                quorum_pct: 50,
                threshold: Threshold::Majority,
                opens_at: now,
                closes_at: now + 7 * 86_400_000,
                early_close: true,
                secret: false,
            },
        )
        .expect("proposal");
    sun.sync().await;
    ping.sync().await;
    ping.comment_proposal(vote, "Yes please").expect("comment");
    ping.vote(vote, &["yes".to_string()]).expect("ballot");
    ping.sync().await;
    // Ping's report on the building's board: claimed by Lan for the team, resolved, confirmed
    // and rated; and Sun's pinned notice with a photo, read by Ping.
    sun.sync().await;
    let board_need = sun
        .post_need(
            b3,
            &NewNeed {
                source: Some(NeedSource::Report),
                source_ref: Some(light.to_string()),
                title: "Stairwell light".into(),
                details: "A ladder is needed".into(),
                ..NewNeed::default()
            },
        )
        .expect("need");
    sun.sync().await;
    lan.sync().await;
    lan.claim_need(board_need, Some(team.as_str())).expect("claim");
    lan.sync().await;
    lan.note_need_progress(board_need, "Bought a bulb").expect("progress");
    lan.resolve_claimed_need(board_need, "New bulb").expect("resolve");
    lan.sync().await;
    sun.sync().await;
    sun.confirm_need(board_need).expect("confirm");
    sun.sync().await;
    ping.sync().await;
    ping.rate_need(board_need, 5, "Bright again").expect("rate");
    ping.sync().await;
    let photo = sun.add_blob(b3, b"a photo of the lift").expect("photo");
    let notice_id = sun
        .post_notice(
            b3,
            &NewNotice {
                title: "Lift inspection".into(),
                body: "Tuesday 9:00".into(),
                photo: Some(photo),
                pinned_until: Some(sun.now() + 86_400_000),
            },
        )
        .expect("notice");
    sun.sync().await;
    ping.sync().await;
    ping.read_notice(notice_id).expect("read");
    ping.sync().await;
    for p in [&hua, &mei] {
        p.sync().await;
    }
    assert!(mei.household(home).is_ok(), "the building's leader keeps the household");

    let targets = [
        (DocKind::Group, b3, &hua, fields(group::rules::FIELDS)),
        (DocKind::Request, errand, &hua, fields(request::rules::FIELDS)),
        (DocKind::Report, light, &hua, fields(report::rules::FIELDS)),
        (DocKind::Household, home, &mei, fields(household::rules::FIELDS)),
        (DocKind::Order, lift, &hua, fields(order::rules::FIELDS)),
        (DocKind::Proposal, vote, &hua, fields(proposal::rules::FIELDS)),
        (DocKind::Need, board_need, &hua, fields(need::rules::FIELDS)),
        (DocKind::Notice, notice_id, &hua, fields(notice::rules::FIELDS)),
    ];
    let mut refused = Vec::new();
    let mut wrongly_stored = Vec::new();
    let mut allowed = Vec::new();
    for (kind, id, intruder, paths) in &targets {
        let intruder_id = member(intruder);
        for path in paths {
            let may = *kind == DocKind::Household && KEEPER_MAY_WRITE.contains(path);
            if may {
                allowed.push((*kind, *id, *intruder, *path));
                continue;
            }
            let before = relay.stats().changes;
            let ack = attack(intruder, *id, *kind, b3, path).await;
            match ack {
                AckResult::Rejected { .. } => refused.push((*kind, path.join("."))),
                other => wrongly_stored.push(format!("{kind} {} by {intruder_id}: {other:?}", path.join("."))),
            }
            assert_eq!(relay.stats().changes, before, "nothing of a refused batch is stored");
        }
    }
    assert!(
        wrongly_stored.is_empty(),
        "written for someone else: {wrongly_stored:#?}"
    );
    let rows: usize = targets.iter().map(|t| t.3.len()).sum();
    assert_eq!(
        refused.len() + allowed.len(),
        rows,
        "every row of every table is attacked"
    );
    assert!(refused.len() >= 60, "{} rows refused", refused.len());

    // What the household's table gives every keeper, the building's leader may write (entries
    // before the lists that hold them, each on top of the last).
    allowed.sort_by_key(|a| std::cmp::Reverse(a.3.len()));
    for (kind, id, intruder, path) in allowed {
        let ack = attack(intruder, id, kind, b3, path).await;
        assert_eq!(ack, AckResult::Stored, "a keeper writes {}", path.join("."));
        intruder.sync().await;
    }

    // The others' documents stand as they were on their own phones.
    ping.sync().await;
    let seen = ping.request(errand).expect("errand");
    assert_eq!(seen.text, "Bring the medicine");
    assert_eq!(seen.signups.len(), 1);
    assert_eq!(seen.comments.len(), 1);
    assert_eq!(ping.report(light).expect("report").steps.len(), 1);
    let ordered = ping.order(lift).expect("order");
    assert_eq!(ordered.rating.as_ref().map(|r| r.stars), Some(5));
    assert_eq!(ordered.accepted_by().map(|a| a.member_id), Some(lan_id));
    lan.sync().await;
    let b3_now = lan.group(b3).expect("group");
    let lan_entry = b3_now.member(lan_id).expect("Lan's entry");
    assert_eq!(
        (lan_entry.role, lan_entry.unit.as_deref()),
        (Role::Volunteer, Some("1101"))
    );
    assert_eq!(b3_now.teams[0].members, vec![lan_id]);
    relay.assert_healthy().await;
}
