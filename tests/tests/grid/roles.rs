//! The household registry is the relay's to guard: a resident's phone receives no household
//! document, by sync or on the live channel, and cannot upload one; each refusal reads exactly
//! like a document that does not exist.

use automerge::AutoCommit;
use jinlin_core::{DocId, Event};
use jinlin_model::DocKind;
use jinlin_model::docs::household::{self, NewHousehold, NewVisit, Resident};
use jinlin_model::docs::request::Actor;
use jinlin_model::kinds::{RiskTier, VisitOutcome};
use jinlin_model::protocol::{AckResult, DocChanges, PROTOCOL_VERSION, SyncRequest};
use jinlin_relay::sync::NO_SUCH_DOCUMENT;
use jinlin_tests::{Phone, eventually};
use serde_bytes::ByteBuf;

use crate::patch::{household, patch};

fn changes(id: DocId, group: DocId, doc: &mut AutoCommit) -> DocChanges {
    DocChanges {
        doc_id: id,
        doc_type: DocKind::Household,
        group_id: group,
        changes: doc
            .get_changes(&[])
            .into_iter()
            .map(|mut c| ByteBuf::from(c.bytes().into_owned()))
            .collect(),
        saved: None,
    }
}

fn forged_household(phone: &Phone, group: DocId) -> (DocId, AutoCommit) {
    let me = phone.identity().expect("identity").expect("has one");
    let id = DocId::random();
    let doc = household::create(
        id,
        &NewHousehold {
            group_id: group,
            building: "3".into(),
            unit: "101".into(),
            residents: vec![Resident {
                name: "Someone".into(),
                phone: None,
            }],
            tier: RiskTier::Blue,
            flags: Vec::new(),
        },
        Actor {
            id: me.member_id,
            name: &me.name,
        },
        0,
    )
    .expect("doc");
    (id, doc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_residents_phone_never_receives_household_documents() {
    let p = patch().await;
    let home = household(&p.worker, p.group, "3", "1202", RiskTier::Red);
    p.worker.sync().await;

    // By sync, from the very start of the group's feed.
    let report = p.resident.sync().await;
    assert!(p.resident.households(None, None).expect("list").is_empty());
    assert!(p.resident.household(home).is_err());
    let answer = p
        .resident
        .client()
        .exchange(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: Vec::new(),
            docs: Vec::new(),
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await
        .expect("sync answer")
        .0;
    assert!(answer.docs.iter().all(|d| d.doc_type != DocKind::Household));
    assert!(
        answer.docs.iter().any(|d| d.doc_type == DocKind::Group),
        "the group itself still arrives"
    );
    assert!(report.rejected.is_empty());

    // Live: a visit and a request go up together; the request arrives, the visit never does.
    let mut events = p.resident.subscribe();
    let _live = p.resident.go_live().await;
    p.worker
        .log_visit(
            home,
            &NewVisit {
                outcome: Some(VisitOutcome::Met),
                ..NewVisit::default()
            },
        )
        .expect("visit");
    let ride = p.worker.raise_ride(p.group, 1);
    p.worker.sync().await;
    assert!(
        eventually(|| p.resident.request(ride).is_ok()).await,
        "live channel delivers"
    );
    assert!(p.resident.household(home).is_err());
    let saw_household =
        std::iter::from_fn(|| events.try_recv().ok()).any(|e| matches!(e, Event::HouseholdChanged { .. }));
    assert!(!saw_household);

    // The grid worker still has it all.
    assert_eq!(p.second_worker.sync().await.rejected.len(), 0);
    assert_eq!(p.second_worker.household(home).expect("worker reads").visits.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_residents_phone_cannot_upload_a_household_and_is_told_it_does_not_exist() {
    let p = patch().await;
    let client = p.resident.client();

    // A new household in the resident's own group.
    let (id, mut doc) = forged_household(&p.resident, p.group);
    let (answer, _, _) = client
        .exchange(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: Vec::new(),
            docs: vec![changes(id, p.group, &mut doc)],
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await
        .expect("answer");
    assert_eq!(
        answer.acks[0].result,
        AckResult::Rejected {
            reason: NO_SUCH_DOCUMENT.into()
        }
    );

    // The same answer as a household in a group that does not exist.
    let nowhere = DocId::random();
    let (id2, mut doc2) = forged_household(&p.resident, nowhere);
    let (elsewhere, _, _) = client
        .exchange(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: Vec::new(),
            docs: vec![changes(id2, nowhere, &mut doc2)],
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await
        .expect("answer");
    assert_eq!(elsewhere.acks[0].result, answer.acks[0].result);

    // A grid worker's household stays out of the resident's reach, written to or not.
    let real = household(&p.worker, p.group, "3", "1202", RiskTier::Red);
    p.worker.sync().await;
    let me = p.resident.identity().expect("identity").expect("has one");
    let mut own = AutoCommit::new().with_actor(me.member_id.actor());
    {
        use automerge::transaction::Transactable;
        own.put(automerge::ROOT, "tier", "blue").expect("put");
    }
    let (answer, _, _) = client
        .exchange(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: Vec::new(),
            docs: vec![changes(real, p.group, &mut own)],
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await
        .expect("answer");
    assert_eq!(
        answer.acks[0].result,
        AckResult::Rejected {
            reason: NO_SUCH_DOCUMENT.into()
        }
    );
    p.second_worker.sync().await;
    assert_eq!(p.second_worker.household(real).expect("household").tier, RiskTier::Red);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_building_leader_keeps_only_the_households_of_their_own_building() {
    let p = patch().await;
    let leader = Phone::registered("Leader Qian", "3", &p.relay).await;
    let code = p.staff.invite(p.group, jinlin_core::Role::BuildingLeader).await;
    leader.join(&code).await;
    let mine = household(&p.worker, p.group, "3", "1202", RiskTier::Red);
    let theirs = household(&p.worker, p.group, "5", "101", RiskTier::Red);
    p.worker.sync().await;

    leader.sync().await;
    assert!(leader.household(mine).is_ok(), "their own building's household arrives");
    assert!(leader.household(theirs).is_err(), "another building's never does");

    // They may register one in their building, not in another.
    let own = household(&leader, p.group, "3", "301", RiskTier::Yellow);
    assert!(leader.sync().await.rejected.is_empty());
    p.second_worker.sync().await;
    assert!(p.second_worker.household(own).is_ok());

    let me = leader.identity().expect("identity").expect("has one");
    let id = DocId::random();
    let mut doc = household::create(
        id,
        &NewHousehold {
            group_id: p.group,
            building: "5".into(),
            unit: "202".into(),
            residents: Vec::new(),
            tier: RiskTier::Blue,
            flags: Vec::new(),
        },
        Actor {
            id: me.member_id,
            name: &me.name,
        },
        0,
    )
    .expect("doc");
    let (answer, _, _) = leader
        .client()
        .exchange(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: Vec::new(),
            docs: vec![changes(id, p.group, &mut doc)],
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await
        .expect("answer");
    assert_eq!(
        answer.acks[0].result,
        AckResult::Rejected {
            reason: NO_SUCH_DOCUMENT.into()
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_made_grid_worker_receives_the_registry_on_the_next_sync() {
    let p = patch().await;
    let home = household(&p.worker, p.group, "3", "1202", RiskTier::Red);
    p.worker.sync().await;
    p.resident.sync().await;
    assert!(p.resident.household(home).is_err());

    let code = p.staff.invite(p.group, jinlin_core::Role::GridWorker).await;
    p.resident.join(&code).await;
    p.resident.sync().await;
    assert!(
        p.resident.household(home).is_ok(),
        "the registry arrives with the new role"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_building_leader_cannot_move_a_household_to_another_building_and_nothing_is_stored() {
    use automerge::transaction::Transactable;

    let p = patch().await;
    let leader = Phone::registered("Leader Qian", "3", &p.relay).await;
    leader
        .join(&p.staff.invite(p.group, jinlin_core::Role::BuildingLeader).await)
        .await;
    let home = household(&p.worker, p.group, "3", "1202", RiskTier::Red);
    let elsewhere = household(&p.worker, p.group, "5", "101", RiskTier::Red);
    p.worker.sync().await;
    leader.sync().await;

    // Their own visits to it are welcome.
    leader
        .log_visit(
            home,
            &NewVisit {
                outcome: Some(VisitOutcome::Met),
                ..NewVisit::default()
            },
        )
        .expect("visit");
    assert!(leader.sync().await.rejected.is_empty());
    let held = leader.heads(home).expect("heads");

    // Moving it to building 5, written on the leader's own copy: refused whole, stored nowhere.
    let me = leader.identity().expect("identity").expect("has one");
    let saved = leader.save_doc(home).expect("save").expect("held");
    let mut doc = AutoCommit::load(&saved).expect("load").with_actor(me.member_id.actor());
    doc.put(automerge::ROOT, "building", "5").expect("put");
    doc.put(automerge::ROOT, "tier", "blue").expect("put");
    doc.commit();
    let forged: Vec<ByteBuf> = doc
        .get_changes(&held)
        .into_iter()
        .map(|c| ByteBuf::from(c.raw_bytes().to_vec()))
        .collect();
    assert_eq!(forged.len(), 1);
    let upload = |id: DocId, changes: Vec<ByteBuf>| SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: Vec::new(),
        docs: vec![DocChanges::new(id, DocKind::Household, p.group, changes)],
        accept_saved: false,
        signatures: Vec::new(),
    };
    let (answer, _, _) = leader.client().exchange(&upload(home, forged)).await.expect("answer");
    assert_eq!(
        answer.acks[0].result,
        AckResult::Rejected {
            reason: jinlin_relay::sync::LEADER_MOVES_HOUSEHOLD.into()
        }
    );
    p.second_worker.sync().await;
    let seen = p.second_worker.household(home).expect("household");
    assert_eq!(
        (seen.building.as_str(), seen.tier, seen.visits.len()),
        ("3", RiskTier::Red, 1)
    );
    assert_eq!(
        p.second_worker.heads(home).expect("heads"),
        held,
        "nothing of it was stored"
    );

    // Nor can they move another building's household into theirs: it does not exist for them.
    let mut into = AutoCommit::new().with_actor(me.member_id.actor());
    into.put(automerge::ROOT, "building", "3").expect("put");
    into.commit();
    let changes = into
        .get_changes(&[])
        .into_iter()
        .map(|c| ByteBuf::from(c.raw_bytes().to_vec()))
        .collect();
    let (answer, _, _) = leader
        .client()
        .exchange(&upload(elsewhere, changes))
        .await
        .expect("answer");
    assert_eq!(
        answer.acks[0].result,
        AckResult::Rejected {
            reason: NO_SUCH_DOCUMENT.into()
        }
    );
    p.second_worker.sync().await;
    assert_eq!(p.second_worker.household(elsewhere).expect("household").building, "5");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_building_leader_cannot_break_a_household_of_their_building() {
    use automerge::transaction::Transactable;

    let p = patch().await;
    let leader = Phone::registered("Leader Qian", "3", &p.relay).await;
    leader
        .join(&p.staff.invite(p.group, jinlin_core::Role::BuildingLeader).await)
        .await;
    let home = household(&p.worker, p.group, "3", "1202", RiskTier::Red);
    let other = household(&p.worker, p.group, "3", "1203", RiskTier::Yellow);
    p.worker.sync().await;
    leader.sync().await;
    let held = leader.heads(home).expect("heads");
    let me = leader.identity().expect("identity").expect("has one");
    let upload = |changes: Vec<ByteBuf>| SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: Vec::new(),
        docs: vec![DocChanges::new(home, DocKind::Household, p.group, changes)],
        accept_saved: false,
        signatures: Vec::new(),
    };
    // Deleting its type (no phone could read it), or giving it another household's id (it would
    // replace that one in every keeper's list).
    for forge in [
        Box::new(|doc: &mut AutoCommit| doc.delete(automerge::ROOT, "type").expect("delete"))
            as Box<dyn Fn(&mut AutoCommit)>,
        Box::new(move |doc: &mut AutoCommit| doc.put(automerge::ROOT, "id", other.to_string()).expect("put")),
    ] {
        let saved = leader.save_doc(home).expect("save").expect("held");
        let mut doc = AutoCommit::load(&saved).expect("load").with_actor(me.member_id.actor());
        forge(&mut doc);
        doc.commit();
        let forged: Vec<ByteBuf> = doc
            .get_changes(&held)
            .into_iter()
            .map(|c| ByteBuf::from(c.raw_bytes().to_vec()))
            .collect();
        let (answer, _, _) = leader.client().exchange(&upload(forged)).await.expect("answer");
        assert!(
            matches!(&answer.acks[0].result, AckResult::Rejected { reason } if reason.contains("identity")),
            "{:?}",
            answer.acks
        );
    }
    p.second_worker.sync().await;
    assert_eq!(
        p.second_worker.heads(home).expect("heads"),
        held,
        "nothing of it was stored"
    );
    assert_eq!(p.second_worker.household(other).expect("the other").unit, "1203");
}
