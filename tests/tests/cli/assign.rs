//! Handing a need or a report to someone, from the command line, across the Lianhua tree: only
//! to a member who may read what is handed over, never to an unknown member id or an invented
//! team; refused on the phone before anything is written. Members are named as `group members`
//! prints them: by name or by the start of their id, and a name two people share is a clear
//! error that lists them. The relay refuses the same assignments when a phone goes around its
//! own check.

use jinlin_core::MemberId;
use jinlin_model::DocKind;
use jinlin_model::docs::household::{self, Assignee, NewHousehold, NewVisit, Resident};
use jinlin_model::docs::report;
use jinlin_model::docs::request::Actor;
use jinlin_model::kinds::{ReportStatus, RiskTier, VisitOutcome};
use jinlin_model::protocol::{AckResult, DocChanges, PROTOCOL_VERSION, SyncRequest};
use jinlin_relay::grid::assignments::{ASSIGNEE_MAY_NOT_READ, UNKNOWN_ASSIGNEE, UNKNOWN_TEAM};
use jinlin_tests::{Phone, jinlin, jinlin_json};

use crate::tree::{Tree, member_id};

/// Runs a command that must be refused: exit 1, nothing on stdout, `says` on stderr.
async fn refused(phone: &Phone, args: &[&str], says: &str) {
    let run = jinlin(phone.home(), args).await;
    assert_eq!(run.code, Some(1), "{args:?}: {run:?}");
    assert!(run.stdout.is_empty(), "{args:?}: {run:?}");
    assert!(run.stderr.contains(says), "{args:?} should say {says:?}: {run:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_need_goes_only_to_someone_who_may_read_its_household_or_a_team_that_exists() {
    let tree = Tree::new().await;
    let worker = &tree.worker;
    let hid = tree.old_mr_zhaos_household().await;
    let visit = jinlin_json(
        worker.home(),
        &["visit", "log", &hid, "--outcome", "met", "--need", "Deliver medicine"],
    )
    .await;
    assert_eq!(visit["synced"], true);
    let needs = jinlin_json(worker.home(), &["need", "list"]).await;
    let need = needs[0]["id"].as_str().expect("need id").to_string();

    let unknown = "00000000-0000-4000-8000-000000000000";
    let cases: &[(&[&str], &str)] = &[
        // A volunteer of building 3 may not read the households there.
        (&["need", "assign", &need, "--member", "Li"], "may read its household"),
        // Building 5's leader may not read a household of building 3.
        (&["need", "assign", &need, "--member", "Chen"], "may read its household"),
        (&["need", "assign", &need, "--member", unknown], "no member"),
        (
            &["need", "assign", &need, "--member", "Nobody"],
            "no member here is called",
        ),
        (&["need", "assign", &need, "--team", "plumbers"], "no team"),
    ];
    for (args, says) in cases {
        refused(worker, args, says).await;
    }
    let still = jinlin_json(worker.home(), &["need", "list"]).await;
    assert_eq!(still[0]["status"], "recorded", "nothing was written: {still}");
    assert_eq!(jinlin_json(worker.home(), &["whoami"]).await["pending"], 0);

    // Building 3's leader, by name; then staff, by the start of their id.
    let to_leader = jinlin_json(worker.home(), &["need", "assign", &need, "--member", "grandma wang"]).await;
    assert_eq!(to_leader["assignee"], member_id(&tree.leader3).as_str());
    assert_eq!(to_leader["status"], "assigned");
    let staff = member_id(&tree.staff);
    let to_staff = jinlin_json(worker.home(), &["need", "assign", &need, "--member", &staff[..8]]).await;
    assert_eq!(to_staff["assignee"], staff.as_str());

    // A team of the community above the household's building, by its name.
    let team = tree.staff.add_team(tree.community, "Repairs", None).expect("team");
    tree.staff.sync().await;
    worker.sync().await;
    let to_team = jinlin_json(worker.home(), &["need", "assign", &need, "--team", "repairs"]).await;
    assert_eq!(to_team["team"], team.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_goes_only_to_someone_who_may_read_it_and_a_shared_name_lists_who_is_meant() {
    let tree = Tree::new().await;
    // A second Li, a volunteer in building 5.
    let li5 = Phone::registered("Li", "5", &tree.relay).await;
    let code = tree.staff.invite(tree.b5, jinlin_core::Role::Volunteer).await;
    li5.join(&code).await;
    tree.staff.sync().await;

    let b5 = tree.b5.to_string();
    let raised = jinlin_json(
        tree.resident5.home(),
        &["report", "raise", "--group", &b5, "--text", "The lift is stuck"],
    )
    .await;
    assert_eq!(raised["synced"], true);
    let report = raised["id"].as_str().expect("id").to_string();
    let worker = &tree.worker;
    worker.sync().await;

    let li3 = member_id(&tree.volunteer3);
    let unknown = "00000000-0000-4000-8000-000000000000";
    let cases: &[(&[&str], &str)] = &[
        // Building 3's volunteer does not read building 5's reports.
        (&["report", "assign", &report, "--to", &li3[..8]], "may read it"),
        (&["report", "assign", &report, "--to", unknown], "no member"),
    ];
    for (args, says) in cases {
        refused(worker, args, says).await;
    }
    // Two people are called Li: the error lists both, with the start of each id.
    let run = jinlin(worker.home(), &["report", "assign", &report, "--to", "Li"]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    let li5_id = member_id(&li5);
    assert!(run.stderr.contains("2 members are called"), "{run:?}");
    assert!(
        run.stderr.contains(&li3[..8]) && run.stderr.contains(&li5_id[..8]),
        "{run:?}"
    );
    let shown = jinlin_json(worker.home(), &["report", "show", &report]).await;
    assert_eq!(shown["status"], "raised", "nothing was written: {shown}");

    // Building 5's Li reads the report: by the start of the id, as `group members` prints it.
    let members = jinlin(worker.home(), &["group", "members", &b5]).await;
    assert!(members.stdout.contains(&li5_id[..8]), "{members:?}");
    let assigned = jinlin_json(worker.home(), &["report", "assign", &report, "--to", &li5_id[..8]]).await;
    assert_eq!(assigned["assignee"], li5_id.as_str());
    assert_eq!(assigned["synced"], true);
    // Building 5's leader, by name, reads it too.
    let again = jinlin_json(worker.home(), &["report", "assign", &report, "--to", "Chen"]).await;
    assert_eq!(again["assignee"], member_id(&tree.leader5).as_str());
}

/// Sends `doc`'s changes since `heads` straight to the relay, as a phone that skipped its own
/// checks would, and returns the relay's verdict.
async fn upload_around_the_phone(
    phone: &Phone,
    id: jinlin_core::DocId,
    doc_type: DocKind,
    group: jinlin_core::DocId,
    doc: &mut automerge::AutoCommit,
    heads: &[automerge::ChangeHash],
) -> AckResult {
    let changes = doc
        .get_changes(heads)
        .into_iter()
        .map(|c| serde_bytes::ByteBuf::from(c.raw_bytes().to_vec()))
        .collect();
    let (answer, _, _) = phone
        .client()
        .exchange(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: Vec::new(),
            docs: vec![DocChanges {
                doc_id: id,
                doc_type,
                group_id: group,
                changes,
                saved: None,
            }],
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await
        .expect("answer");
    answer.acks[0].result.clone()
}

/// The phone's document, to be changed around its checks.
fn held(phone: &Phone, id: jinlin_core::DocId) -> automerge::AutoCommit {
    let me = phone.identity().expect("identity").expect("has one");
    let saved = phone.save_doc(id).expect("read").expect("held");
    automerge::AutoCommit::load(&saved)
        .expect("load")
        .with_actor(me.member_id.actor())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_relay_refuses_an_assignment_that_went_around_the_phones_check() {
    let tree = Tree::new().await;
    let worker = &tree.worker;
    let h = worker
        .add_household(NewHousehold {
            group_id: tree.b3,
            building: "3".into(),
            unit: "1202".into(),
            residents: vec![Resident {
                name: "Old Mr Zhao".into(),
                phone: None,
            }],
            tier: RiskTier::Red,
            flags: Vec::new(),
        })
        .expect("household");
    let visit = NewVisit {
        outcome: Some(VisitOutcome::Met),
        needs: vec!["Deliver medicine".into()],
        ..NewVisit::default()
    };
    worker.log_visit(h, &visit).expect("visit");
    worker.sync().await;
    let need = worker.needs(None, None, false).expect("needs")[0].id.clone();
    let member = |p: &Phone| p.identity().expect("identity").expect("has one").member_id;
    let stranger: MemberId = "00000000-0000-4000-8000-000000000000".parse().expect("id");

    for (to, reason) in [
        (Assignee::Member(member(&tree.volunteer3)), ASSIGNEE_MAY_NOT_READ),
        (Assignee::Member(member(&tree.leader5)), ASSIGNEE_MAY_NOT_READ),
        (Assignee::Member(stranger), UNKNOWN_ASSIGNEE),
        (Assignee::Team("plumbers".into()), UNKNOWN_TEAM),
    ] {
        let mut doc = held(worker, h);
        let heads = doc.get_heads();
        household::assign_need(&mut doc, &need, &to, None, 1).expect("written");
        let verdict = upload_around_the_phone(worker, h, DocKind::Household, tree.b3, &mut doc, &heads).await;
        assert_eq!(verdict, AckResult::Rejected { reason: reason.into() }, "{to:?}");
    }
    // Building 3's leader reads the household: that one is stored.
    let mut doc = held(worker, h);
    let heads = doc.get_heads();
    household::assign_need(&mut doc, &need, &Assignee::Member(member(&tree.leader3)), None, 1).expect("written");
    let verdict = upload_around_the_phone(worker, h, DocKind::Household, tree.b3, &mut doc, &heads).await;
    assert_eq!(verdict, AckResult::Stored);

    // A report of building 5 handed to building 3's volunteer.
    let report = tree
        .resident5
        .raise_report(tree.b5, "The lift is stuck", Default::default(), &[])
        .expect("report");
    tree.resident5.sync().await;
    worker.sync().await;
    let me = worker.identity().expect("identity").expect("has one");
    let mut doc = held(worker, report);
    let heads = doc.get_heads();
    report::add_step(
        &mut doc,
        Actor {
            id: me.member_id,
            name: &me.name,
        },
        ReportStatus::Assigned,
        Some(member(&tree.volunteer3)),
        None,
        1,
    )
    .expect("written");
    let verdict = upload_around_the_phone(worker, report, DocKind::Report, tree.b5, &mut doc, &heads).await;
    assert_eq!(
        verdict,
        AckResult::Rejected {
            reason: ASSIGNEE_MAY_NOT_READ.into()
        }
    );
    tree.leader5.sync().await;
    assert_eq!(
        tree.leader5.report(report).expect("report").assignee,
        None,
        "nobody else sees it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mistyped_follow_up_date_is_refused_in_the_readers_language_and_nothing_is_logged() {
    let tree = Tree::new().await;
    let worker = &tree.worker;
    let hid = tree.old_mr_zhaos_household().await;
    let log = |lang: &'static str| {
        let hid = hid.clone();
        async move {
            jinlin(
                worker.home(),
                &[
                    "--lang",
                    lang,
                    "visit",
                    "log",
                    &hid,
                    "--outcome",
                    "met",
                    "--follow-up",
                    "2026-13-40",
                ],
            )
            .await
        }
    };
    let zh = log("zh").await;
    assert_eq!(zh.code, Some(1), "{zh:?}");
    assert!(
        zh.stderr
            .contains("\"2026-13-40\" 不是有效的日期；请写成 年-月-日 的格式"),
        "{zh:?}"
    );
    assert!(!zh.stderr.contains("is not a date"), "{zh:?}");
    let en = log("en").await;
    assert_eq!(en.code, Some(1), "{en:?}");
    assert!(
        en.stderr
            .contains("\"2026-13-40\" is not a date; write it as YYYY-MM-DD"),
        "{en:?}"
    );
    let visits = jinlin_json(worker.home(), &["visit", "list", "--household", &hid]).await;
    assert_eq!(visits.as_array().map(Vec::len), Some(0), "nothing logged: {visits}");
}
