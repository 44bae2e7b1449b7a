//! A grid worker's first login: the whole community arrives, each document whole in its
//! compacted saved form rather than as the thousands of changes that wrote it, and the new phone
//! ends with exactly what the worker who wrote it holds. Also when the download is spread over
//! several answers and the community keeps changing between them, and for a building leader,
//! who still receives only their own building's households.

use std::collections::HashSet;

use automerge::{AutoCommit, ChangeHash};
use jinlin_core::net::client::RelayClient;
use jinlin_core::sync::{Session, SyncReport};
use jinlin_core::{DocId, GroupKind, NewRequest, Place, RequestKind, Role};
use jinlin_model::docs::household::{NewHousehold, NewVisit, Resident};
use jinlin_model::kinds::{RiskTier, VisitOutcome};
use jinlin_model::protocol::{DocChanges, PROTOCOL_VERSION, RedeemInvite, SyncRequest};
use jinlin_tests::{Phone, Relay};

/// Registers `count` households (buildings "3" and "5" in turn), each visited `visits` times.
fn populate(worker: &Phone, group: DocId, count: usize, visits: usize) -> Vec<DocId> {
    let ids: Vec<DocId> = (0..count)
        .map(|i| {
            worker
                .add_household(NewHousehold {
                    group_id: group,
                    building: if i % 2 == 0 { "3" } else { "5" }.into(),
                    unit: format!("{}{:02}", i / 4 + 1, i % 4 + 1),
                    residents: vec![Resident {
                        name: format!("Resident {i}"),
                        phone: Some(format!("138{i:08}")),
                    }],
                    tier: [RiskTier::Red, RiskTier::Yellow, RiskTier::Blue][i % 3],
                    flags: Vec::new(),
                })
                .expect("household")
        })
        .collect();
    for round in 0..visits {
        for (i, id) in ids.iter().enumerate() {
            visit(
                worker,
                *id,
                &format!("Round {round}: all well, asked about the lift repair"),
                i + round,
            );
        }
    }
    ids
}

fn visit(worker: &Phone, household: DocId, note: &str, n: usize) {
    worker
        .log_visit(
            household,
            &NewVisit {
                outcome: Some(if n.is_multiple_of(3) {
                    VisitOutcome::NotHome
                } else {
                    VisitOutcome::Met
                }),
                note: Some(note.into()),
                needs: if n.is_multiple_of(7) {
                    vec!["Deliver medicine".into()]
                } else {
                    Vec::new()
                },
                ..NewVisit::default()
            },
        )
        .expect("visit");
}

/// Asserts that `phone` holds the registry of `of` exactly as `author` does: lists, due list,
/// needs, every household's view and its Automerge heads.
fn same_registry(phone: &Phone, author: &Phone, households: &[DocId]) {
    assert_eq!(
        phone.households(None, None).expect("list"),
        author.households(None, None).expect("list")
    );
    assert_eq!(
        phone.due_households(None).expect("due"),
        author.due_households(None).expect("due")
    );
    assert_eq!(
        phone.visits(None, None, 100_000).expect("visits"),
        author.visits(None, None, 100_000).expect("visits")
    );
    assert_eq!(
        phone.needs(None, None, false).expect("needs"),
        author.needs(None, None, false).expect("needs")
    );
    for id in households {
        assert_eq!(
            phone.household(*id).expect("household"),
            author.household(*id).expect("household")
        );
        assert_eq!(phone.heads(*id).expect("heads"), author.heads(*id).expect("heads"));
    }
}

/// A community with its staff and one grid worker who has registered and visited `count`
/// households, everything uploaded.
async fn community(relay: &Relay, count: usize, visits: usize) -> (DocId, Phone, Phone, Vec<DocId>) {
    let staff = Phone::registered("Staff He", "1", relay).await;
    let worker = Phone::registered("Worker Li", "1", relay).await;
    let group = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    staff.sync().await;
    worker.join(&staff.invite(group, Role::GridWorker).await).await;
    let ids = populate(&worker, group, count, visits);
    assert!(worker.sync().await.rejected.is_empty());
    staff.sync().await;
    (group, staff, worker, ids)
}

/// The change hashes an answer's document carries, saved form included.
/// A new grid worker's phone that has redeemed its invite but not synced, and its relay client
/// (to drive the sync by hand).
async fn invited_worker(
    relay: &Relay,
    staff: &Phone,
    group: DocId,
    name: &str,
    building: &str,
) -> (Phone, RelayClient) {
    let phone = Phone::registered(name, building, relay).await;
    let client = phone.client();
    client
        .redeem(&RedeemInvite {
            code: staff.invite(group, Role::GridWorker).await,
            building: None,
            unit: None,
        })
        .await
        .expect("redeem");
    (phone, client)
}

fn hashes(doc: &DocChanges) -> Vec<ChangeHash> {
    let mut out = Vec::new();
    if let Some(saved) = &doc.saved {
        let mut loaded = AutoCommit::load(saved).expect("a saved form loads");
        out.extend(loaded.get_changes(&[]).iter().map(|c| c.hash()));
    }
    out.extend(
        doc.changes
            .iter()
            .map(|b| automerge::Change::from_bytes(b.to_vec()).expect("change").hash()),
    );
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_grid_worker_receives_the_whole_community_in_saved_form_and_holds_what_its_author_holds() {
    let relay = Relay::start().await;
    let (group, staff, worker, ids) = community(&relay, 40, 6).await;
    let resident = Phone::registered("Resident Zhao", "3", &relay).await;
    resident.join(&staff.invite(group, Role::Resident).await).await;
    let report = resident
        .raise_report(group, "The stairwell light on floor 12 is out", Place::default(), &[])
        .expect("report");
    let errand = resident
        .raise(NewRequest::new(
            group,
            RequestKind::Errand,
            "Medicine from the pharmacy",
        ))
        .expect("request");
    resident.sync().await;
    worker.sync().await;

    let newcomer = Phone::registered("Worker Sun", "2", &relay).await;
    let (_, synced) = jinlin_core::net::round::join(
        &newcomer,
        &newcomer.client(),
        &staff.invite(group, Role::GridWorker).await,
        None,
        None,
    )
    .await
    .expect("join");
    let first: SyncReport = synced.expect("first sync");
    // The worker learns of the newcomer's member entry, the last change to the group.
    worker.sync().await;

    same_registry(&newcomer, &worker, &ids);
    assert_eq!(
        newcomer.report(report).expect("report"),
        worker.report(report).expect("report")
    );
    assert_eq!(
        newcomer.request(errand).expect("request"),
        worker.request(errand).expect("request")
    );
    assert_eq!(
        newcomer.group(group).expect("group"),
        worker.group(group).expect("group")
    );
    assert!(
        first.received_saved >= ids.len(),
        "every household arrives whole: {first:?}"
    );
    assert!(
        first.received_changes <= 10,
        "not the {} changes that wrote them: {first:?}",
        ids.len() * 7
    );

    // The same download as an older phone receives it, change by change.
    let (_older, client) = invited_worker(&relay, &staff, group, "Worker Zhou", "4").await;
    let (answer, _, as_changes) = client
        .exchange(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: Vec::new(),
            docs: Vec::new(),
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await
        .expect("answer");
    assert!(!answer.more);
    assert!(
        answer.docs.iter().all(|d| d.saved.is_none()),
        "an older phone gets no saved forms"
    );
    assert!(
        (first.bytes_received as f64) < 0.6 * as_changes as f64,
        "saved forms are much smaller: {} bytes against {as_changes}",
        first.bytes_received
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_login_spread_over_several_answers_sends_nothing_twice_and_takes_changes_made_between_them() {
    // An answer of at most 6 KiB of Automerge data: a few households each.
    let relay = Relay::start_with(|s| s.limits.response_budget = 6 * 1024).await;
    let (group, staff, worker, mut ids) = community(&relay, 30, 5).await;

    let (newcomer, client) = invited_worker(&relay, &staff, group, "Worker Sun", "2").await;

    let (early, late) = (ids[0], ids[ids.len() - 1]);
    let mut added = None;
    let mut seen: HashSet<(DocId, ChangeHash)> = HashSet::new();
    let mut whole_on_page: Vec<(usize, DocId)> = Vec::new();
    let mut as_changes: Vec<DocId> = Vec::new();
    let replica: &jinlin_core::Device = &newcomer;
    let mut session = Session::new();
    let mut page = 0;
    while let Some(out) = session.next_request(replica).expect("request") {
        let (answer, sent, received) = client.exchange(&out.request).await.expect("answer");
        session.count_bytes(sent, received);
        page += 1;
        for doc in &answer.docs {
            for hash in hashes(doc) {
                assert!(seen.insert((doc.doc_id, hash)), "a change of {} came twice", doc.doc_id);
            }
            if doc.saved.is_some() {
                whole_on_page.push((page, doc.doc_id));
            }
            if !doc.changes.is_empty() {
                as_changes.push(doc.doc_id);
            }
        }
        session.receive(replica, &out, answer).expect("applied");
        if page == 1 {
            // Between two answers the worker keeps working: a visit to a household the newcomer
            // already holds, one to a household still to come, and a new household.
            assert!(
                whole_on_page.iter().any(|(_, id)| *id == early),
                "the first household came first"
            );
            assert!(!whole_on_page.iter().any(|(_, id)| *id == late));
            visit(&worker, early, "Came back: the lift works again", 1);
            visit(&worker, late, "Came back: the daughter visits on Sundays", 2);
            let new = populate(&worker, group, 1, 0)[0];
            added = Some(new);
            assert!(worker.sync().await.rejected.is_empty());
        }
    }
    let report = session.finish(replica).expect("finish");
    ids.extend(added);

    assert!(report.round_trips >= 4, "spread over several answers: {report:?}");
    assert!(
        whole_on_page.iter().any(|(p, _)| *p > 2),
        "whole documents on later pages too"
    );
    assert!(
        whole_on_page.iter().any(|(_, id)| *id == late),
        "the later household came whole"
    );
    for id in [early, late] {
        assert!(
            as_changes.contains(&id),
            "the visit made between answers came as a change"
        );
    }
    same_registry(&newcomer, &worker, &ids);
    let cursors = newcomer
        .store()
        .read(jinlin_core::store::cursors::all)
        .expect("cursors");
    assert!(
        cursors.iter().all(|c| c.catch_up.is_none()),
        "the download is over: {cursors:?}"
    );

    // A second sync has nothing more to bring.
    let again = newcomer.sync().await;
    assert_eq!(
        (again.received_changes, again.received_saved, again.round_trips),
        (0, 0, 1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_building_leader_logging_in_receives_only_their_buildings_households_whole() {
    let relay = Relay::start_with(|s| s.limits.response_budget = 6 * 1024).await;
    let (group, staff, worker, ids) = community(&relay, 24, 4).await;
    let leader = Phone::registered("Leader Qian", "3", &relay).await;
    let (_, synced) = jinlin_core::net::round::join(
        &leader,
        &leader.client(),
        &staff.invite(group, Role::BuildingLeader).await,
        Some("3"),
        None,
    )
    .await
    .expect("join");
    let report = synced.expect("first sync");
    assert!(report.round_trips >= 2, "{report:?}");

    let (mine, theirs): (Vec<DocId>, Vec<DocId>) = ids
        .iter()
        .partition(|id| worker.household(**id).expect("household").building == "3");
    assert!(
        (mine.len()..=mine.len() + 1).contains(&report.received_saved),
        "their households (and the group) whole, nothing else: {report:?}"
    );
    assert_eq!(
        leader.households(None, None).expect("list"),
        worker.households(None, Some("3")).expect("list")
    );
    for id in &mine {
        assert_eq!(
            leader.household(*id).expect("household"),
            worker.household(*id).expect("household")
        );
    }
    for id in &theirs {
        assert!(
            leader.household(*id).is_err(),
            "another building's household never arrives"
        );
    }
}
