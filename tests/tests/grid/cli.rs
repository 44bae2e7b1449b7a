//! The grid worker's day from the command line with `--json`: one JSON value on stdout per
//! command, bad input refused with a non-zero exit and nothing written.

use jinlin_tests::{jinlin, jinlin_json};

use crate::patch::patch;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_grid_commands_run_a_day_with_json_output() {
    let p = patch().await;
    let worker = p.worker.home();
    let group = p.group.to_string();

    let added = jinlin_json(
        worker,
        &[
            "household",
            "add",
            "--group",
            &group,
            "--building",
            "3",
            "--unit",
            "1202",
            "--name",
            "Household 3-1202",
            "--phone",
            "13800000000",
            "--tier",
            "red",
            "--flag",
            "lives-alone",
            "--flag",
            "elderly",
        ],
    )
    .await;
    let id = added["id"].as_str().expect("household id").to_string();
    assert_eq!(added["tier"], "red");
    assert_eq!(added["synced"], true);

    let list = jinlin_json(worker, &["household", "list", "--building", "3"]).await;
    assert_eq!(list.as_array().expect("list").len(), 1);
    let due = jinlin_json(worker, &["visit", "due", "--group", &group]).await;
    assert_eq!(due[0]["id"], id.as_str());

    // Bad input is refused and writes nothing.
    let bad_date = jinlin(
        worker,
        &[
            "--json",
            "visit",
            "log",
            &id,
            "--outcome",
            "met",
            "--follow-up",
            "2030-13-45",
        ],
    )
    .await;
    assert!(!bad_date.ok());
    assert!(bad_date.stdout.trim().is_empty());
    let bad_outcome = jinlin(worker, &["--json", "visit", "log", &id, "--outcome", "maybe"]).await;
    assert!(!bad_outcome.ok());
    let missing_photo = jinlin(
        worker,
        &[
            "--json",
            "visit",
            "log",
            &id,
            "--outcome",
            "met",
            "--photo",
            "/nonexistent/photo.jpg",
        ],
    )
    .await;
    assert!(!missing_photo.ok());
    assert!(missing_photo.stderr.contains("photo"));
    let visits = jinlin_json(worker, &["visit", "list", "--household", &id]).await;
    assert!(visits.as_array().expect("visits").is_empty(), "nothing was written");

    let photo_path = worker.join("door.jpg");
    std::fs::write(&photo_path, b"a photo of the door").expect("photo file");
    let photo = photo_path.to_str().expect("path");
    let visit = jinlin_json(
        worker,
        &[
            "visit",
            "log",
            &id[..8],
            "--outcome",
            "met",
            "--note",
            "Knee pain",
            "--need",
            "Deliver medicine",
            "--resolved",
            "Fix the door light",
            "--follow-up",
            "2030-01-15",
            "--gps",
            "31.23,121.47",
            "--photo",
            photo,
        ],
    )
    .await;
    let visit_id = visit["id"].as_str().expect("visit id").to_string();
    let hash = visit["photos"][0].as_str().expect("photo hash").to_string();
    assert!(
        jinlin_json(worker, &["visit", "due"])
            .await
            .as_array()
            .expect("due")
            .is_empty()
    );
    let follow_ups = jinlin_json(worker, &["visit", "follow-ups"]).await;
    assert_eq!(follow_ups[0]["id"], visit_id.as_str());
    let coverage = jinlin_json(worker, &["visit", "coverage"]).await;
    assert_eq!(coverage[0]["visited"], 1);
    assert_eq!(coverage[0]["total"], 1);

    let edited = jinlin_json(
        worker,
        &["visit", "edit", &id, &visit_id, "--note", "Knee pain, daughter visits"],
    )
    .await;
    assert_eq!(edited["note"], "Knee pain, daughter visits");
    let history = jinlin_json(worker, &["visit", "history", &id, &visit_id]).await;
    assert_eq!(history[0]["old"], "Knee pain");
    assert_eq!(history[0]["by_name"], "Worker Li");

    let open = jinlin_json(worker, &["need", "list", "--status", "recorded"]).await;
    let need = open[0]["id"].as_str().expect("need id").to_string();
    let staff_id = p
        .staff
        .identity()
        .expect("identity")
        .expect("one")
        .member_id
        .to_string();
    let assigned = jinlin_json(
        worker,
        &["need", "assign", &need, "--member", &staff_id, "--due", "2030-01-10"],
    )
    .await;
    assert_eq!(assigned["status"], "assigned");
    let resolved = jinlin_json(worker, &["need", "resolve", &need, "--note", "Delivered"]).await;
    assert_eq!(resolved["status"], "resolved");
    assert!(
        jinlin_json(worker, &["need", "list", "--overdue"])
            .await
            .as_array()
            .expect("list")
            .is_empty()
    );

    // A resident's report, moved on by the worker.
    let resident = p.resident.home();
    let raised = jinlin_json(
        resident,
        &[
            "report",
            "raise",
            "--group",
            &group,
            "--text",
            "Leaking pipe",
            "--photo",
            photo,
        ],
    )
    .await;
    let report = raised["id"].as_str().expect("report id").to_string();
    jinlin_json(worker, &["sync"]).await;
    let worker_id = p
        .worker
        .identity()
        .expect("identity")
        .expect("one")
        .member_id
        .to_string();
    for (args, status) in [
        (
            vec!["report", "assign", report.as_str(), "--to", worker_id.as_str()],
            "assigned",
        ),
        (vec!["report", "fix", report.as_str()], "fixed"),
        (vec!["report", "check", report.as_str()], "checked"),
        (vec!["report", "close", report.as_str()], "closed"),
    ] {
        assert_eq!(jinlin_json(worker, &args).await["status"], status);
    }
    jinlin_json(resident, &["sync"]).await;
    assert_eq!(
        jinlin_json(resident, &["report", "show", &report]).await["status"],
        "closed"
    );
    assert!(!jinlin(resident, &["--json", "household", "show", &id]).await.ok());

    // Staff fetch the visit's photo only when they ask for it.
    let out = p.staff.home().join("door-copy.jpg");
    let got = jinlin_json(
        p.staff.home(),
        &["photo", "get", &hash, "--out", out.to_str().expect("path")],
    )
    .await;
    assert_eq!(got["fetched"], true);
    assert_eq!(std::fs::read(&out).expect("written"), b"a photo of the door");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_raised_at_a_gps_fix_reaches_staff_with_it_and_a_bad_fix_writes_nothing() {
    let p = patch().await;
    let resident = p.resident.home();
    let group = p.group.to_string();
    let group = group.as_str();
    let raise = |at: &'static str| {
        [
            "--json",
            "report",
            "raise",
            "--group",
            group,
            "--text",
            "Leaking pipe",
            "--at",
            at,
        ]
    };

    for bad in ["91,118.09", "24.48", "north,east"] {
        let refused = jinlin(resident, &raise(bad)).await;
        assert!(!refused.ok(), "{bad}");
        assert!(refused.stdout.trim().is_empty(), "{bad}");
    }
    let none = jinlin_json(resident, &["report", "list"]).await;
    assert!(none.as_array().expect("reports").is_empty(), "nothing was written");

    let raised = jinlin(resident, &raise("-33.8568,151.2153")).await.json();
    assert_eq!(raised["place"]["lat"].as_f64(), Some(-33.8568), "{raised}");
    assert_eq!(raised["place"]["lon"].as_f64(), Some(151.2153), "{raised}");
    let report = raised["id"].as_str().expect("report id").to_string();

    jinlin_json(p.staff.home(), &["sync"]).await;
    let seen = jinlin_json(p.staff.home(), &["report", "show", &report]).await;
    assert_eq!(seen["place"]["lat"].as_f64(), Some(-33.8568), "{seen}");
    assert_eq!(seen["place"]["lon"].as_f64(), Some(151.2153), "{seen}");
}
