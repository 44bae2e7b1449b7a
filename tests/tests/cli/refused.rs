//! A refusal on the command line: `sync` exits 4 with the refusals in its one JSON value (3
//! stays "relay out of reach"), `refused` lists them, a later command does not claim the relay
//! is out of reach, `signout` is not held up by them, and `group create` refuses an estate inside
//! a building before saving anything.

use jinlin_core::{Role, Skill};
use jinlin_tests::{Phone, Relay, jinlin, jinlin_json, tree};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jinlin_sync_exits_4_naming_the_refusal_and_nothing_stays_stuck() {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let li = Phone::registered("Li", "3", &relay).await;
    let hood = tree(&sun).await;
    li.join(&sun.invite(hood.b3, Role::Staff).await).await;
    let li_id = li.identity().expect("identity").expect("registered").member_id;
    let request = sun.raise_ride(hood.b3, 1);
    sun.sync().await;
    sun.set_role(hood.b3, li_id, Role::Volunteer).expect("demote");
    sun.sync().await;
    // Li's phone still thinks Li is staff of the building.
    li.add_team(hood.b3, "Night drivers", Some(Skill::Driver))
        .expect("saved on the phone");
    let h = li.home();

    let run = jinlin(h, &["--json", "sync"]).await;
    assert_eq!(run.code, Some(4), "{run:?}");
    let report: serde_json::Value = serde_json::from_str(run.stdout.trim()).expect("one JSON value");
    assert_eq!(report["rejected"][0]["doc_id"], hood.b3.to_string());
    assert!(
        report["rejected"][0]["reason"]
            .as_str()
            .expect("reason")
            .contains("staff"),
        "{report}"
    );
    assert_eq!(report["rejected"][0]["set_aside"], 1);
    assert_eq!(report["pending"], 0);

    let run = jinlin(h, &["sync"]).await;
    assert_eq!(run.code, Some(0), "refused once, not again: {run:?}");
    assert!(!run.stdout.contains("waiting"), "{run:?}");

    let listed = jinlin_json(h, &["refused"]).await;
    let refused = listed["refused"].as_array().expect("a list");
    assert_eq!(refused.len(), 1, "{listed}");
    assert_eq!(refused[0]["doc_type"], "group");
    assert!(refused[0]["reason"].as_str().expect("reason").contains("staff"));
    let text = jinlin(h, &["refused"]).await;
    assert!(text.ok() && text.stdout.contains("staff"), "{text:?}");

    // The relay is reachable: a later change says it was sent, never "out of reach".
    let run = jinlin(h, &["request", "comment", &request.to_string(), "I can drive at night"]).await;
    assert!(run.ok(), "{run:?}");
    assert!(run.stdout.contains("sent to the relay"), "{run:?}");
    assert!(!run.stdout.contains("out of reach"), "{run:?}");

    // Another refused change during a command's quick sync is said as a refusal: staff again,
    // and made a volunteer again while Li's phone is offline.
    sun.set_role(hood.b3, li_id, Role::Staff).expect("promote");
    sun.sync().await;
    assert_eq!(jinlin(h, &["sync"]).await.code, Some(0));
    sun.set_role(hood.b3, li_id, Role::Volunteer).expect("demote");
    sun.sync().await;
    li.add_team(hood.b3, "Errands", None).expect("saved on the phone");
    let run = jinlin(h, &["request", "comment", &request.to_string(), "Call me"]).await;
    assert!(run.ok(), "{run:?}");
    assert!(run.stdout.contains("refused"), "{run:?}");
    assert!(!run.stdout.contains("out of reach"), "{run:?}");

    let out = jinlin_json(h, &["signout"]).await;
    assert_eq!(
        (out["signed_out"].clone(), out["unsent"].clone()),
        (true.into(), 0.into()),
        "{out}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jinlin_group_create_refuses_an_estate_inside_a_building_and_saves_nothing() {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let hood = tree(&sun).await;
    let h = sun.home();
    let b3 = hood.b3.to_string();
    let run = jinlin(
        h,
        &[
            "--json",
            "group",
            "create",
            "Inner Estate",
            "--kind",
            "estate",
            "--parent",
            &b3,
        ],
    )
    .await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    let err: serde_json::Value = serde_json::from_str(run.stderr.trim()).expect("a JSON error");
    assert!(
        err["message"].as_str().expect("message").contains("cannot sit inside"),
        "{err}"
    );
    let who = jinlin_json(h, &["whoami"]).await;
    assert_eq!(who["pending"], 0, "nothing waits to be sent");
    assert_eq!(sun.groups().expect("groups").len(), 4, "nothing written");
}
