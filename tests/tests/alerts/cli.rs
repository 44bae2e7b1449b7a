//! The command line for urgent alerts: `demo urgent`, `me availability`, `me quiet-hours`,
//! `request decline`, and `request alerts --follow` following the receipts of an urgent raise;
//! the one button needs no group id, and the alert says where to go.

use jinlin_core::{DocId, RequestFilter};
use jinlin_model::protocol::{PushKind, PushRegistration};
use jinlin_tests::{eventually, jinlin, jinlin_json};

use crate::push::FakePush;
use crate::support::{DAY, Hood};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jinlin_demo_urgent_tells_the_whole_story_and_ends_with_two_coming() {
    let dir = tempfile::tempdir().expect("home");
    let out = jinlin_json(dir.path(), &["demo", "urgent"]).await;
    let r = &out["receipts"];
    assert_eq!(
        (r["coming"].as_u64(), r["declined"].as_u64()),
        (Some(2), Some(1)),
        "{out}"
    );
    assert!(out["steps"].as_array().expect("steps").len() >= 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alert_settings_and_declines_work_from_the_command_line() {
    let hood = Hood::new(DAY).await;
    let li = hood.get("Li").phone.home().to_path_buf();
    assert_eq!(
        jinlin_json(&li, &["me", "availability", "off"]).await["available"],
        false
    );
    assert_eq!(jinlin_json(&li, &["me", "availability", "on"]).await["available"], true);
    let quiet = jinlin_json(&li, &["me", "quiet-hours", "22:00-07:00", "--no-medical"]).await;
    assert_eq!(quiet["medical_through"], false);
    assert!(jinlin(&li, &["me", "quiet-hours", "off"]).await.ok());
    let bad = jinlin(&li, &["me", "quiet-hours", "25:00-07:00"]).await;
    assert_eq!(bad.code, Some(1), "{bad:?}");
    let home = jinlin_json(&li, &["me", "home", "24.4798,118.0894"]).await;
    assert_eq!(
        (home["home"]["lat"].as_f64(), home["home"]["lon"].as_f64()),
        (Some(24.4798), Some(118.0894))
    );
    let bad = jinlin(&li, &["me", "home", "-95,118"]).await;
    assert_eq!(bad.code, Some(1), "{bad:?}");
    assert!(bad.stderr.contains("LAT,LON"), "{bad:?}");
    assert_eq!(
        jinlin_json(&li, &["me", "home", "off"]).await["home"],
        serde_json::Value::Null
    );

    let grandma = hood.get("Grandma Wang").phone.home().to_path_buf();
    let b3 = hood.b3.to_string();
    let args = [
        "--json",
        "request",
        "raise",
        "--group",
        b3.as_str(),
        "--kind",
        "hospital",
        "--urgent",
        "--at",
        "24.4798,118.0894",
        "--text",
        "Please drive me to hospital",
    ];
    // With --json the raise prints its one value and returns; the waves are followed apart.
    let raised = jinlin(&grandma, &args).await.json();
    assert_eq!(raised["place"]["lat"].as_f64(), Some(24.4798), "{raised}");
    let ride = raised["id"].as_str().expect("id").to_string();
    let follow_args = ["--json", "request", "alerts", ride.as_str(), "--follow"];
    let followed = jinlin(&grandma, &follow_args);
    // Following the waves: decline from Li's and accept from Zhou's while it runs.
    let hood_ref = &hood;
    let helpers = async {
        let zhou = &hood_ref.get("Zhou").phone;
        let ride = loop {
            zhou.sync().await;
            if let Some(r) = zhou.list_requests(&Default::default()).expect("list").first() {
                break r.id;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        };
        hood_ref.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;
        let declined = jinlin_json(&li, &["request", "decline", &ride.to_string()]).await;
        assert_eq!(declined["declined"], true);
        zhou.accept(ride).expect("accept");
        zhou.sync().await;
    };
    let (run, ()) = tokio::join!(followed, helpers);
    assert!(run.ok(), "{run:?}");
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(lines.iter().all(|l| l["event"] == "receipts"), "{lines:?}");
    let last = lines.last().expect("receipts");
    assert_eq!(
        (last["event"].as_str(), last["coming"].as_u64()),
        (Some("receipts"), Some(1))
    );
    assert!(
        lines.iter().any(|l| l["declined"] == 1),
        "the decline shows as it happens"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_one_button_goes_to_her_own_building_without_a_group_id_and_the_alert_says_building_and_unit() {
    let fake = FakePush::start().await;
    let mut hood = Hood::with_push(DAY, fake.settings()).await;
    // Zhou's phone sleeps: his alerts come as notifications, whose title is all he reads.
    let zhou = hood.people.iter().position(|n| n.phone.name == "Zhou").expect("Zhou");
    hood.people[zhou]
        .phone
        .client()
        .register_push(&PushRegistration {
            kind: PushKind::Apns,
            token: "zhou-iphone".into(),
        })
        .await
        .expect("push");
    hood.people[zhou].live = None;
    let zhou_id = hood.people[zhou].phone.identity().expect("id").expect("me").member_id;
    let relay = hood.relay.relay().clone();
    assert!(eventually(|| !relay.alerts().is_online(zhou_id)).await);

    // Grandma Wang's phone holds Building 3, East Estate and the community: no --group.
    let grandma = hood.get("Grandma Wang").phone.home().to_path_buf();
    let raised = jinlin_json(
        &grandma,
        &[
            "request",
            "raise",
            "--kind",
            "hospital",
            "--urgent",
            "--no-wait",
            "--text",
            "Please drive me",
        ],
    )
    .await;
    assert_eq!(raised["group_id"], hood.b3.to_string(), "her own building: {raised}");
    assert_eq!(
        (&raised["place"]["building"], &raised["place"]["unit"]),
        (&serde_json::Value::from("3"), &serde_json::Value::from("101"))
    );
    let ride: DocId = raised["id"].as_str().expect("id").parse().expect("request id");
    hood.expect_alerted(ride, &["Li", "Wu", "Chen"]).await;
    assert!(eventually(|| fake.with_data("request", &ride.to_string()).is_some()).await);
    let pushed = fake.with_data("request", &ride.to_string()).expect("pushed");
    assert_eq!(
        pushed["aps"]["alert"]["title"], "急！Grandma Wang需要送医，在3号楼101室",
        "Chinese until she says otherwise"
    );
    assert_eq!(pushed["data"]["place"], "building 3, unit 101");

    // Li raises it for a neighbour without a phone: the alert goes to where she lives.
    let li = hood.get("Li").phone.home().to_path_buf();
    let for_wu = jinlin_json(
        &li,
        &[
            "request",
            "raise",
            "--kind",
            "hospital",
            "--urgent",
            "--no-wait",
            "--for",
            "Grandma Wu",
            "--building",
            "5",
            "--unit",
            "301",
            "--text",
            "She fell on the stairs",
        ],
    )
    .await;
    assert_eq!(for_wu["group_id"], hood.b3.to_string(), "Li's own building");
    assert_eq!(for_wu["requester"]["name"], "Grandma Wu");
    let wu_ride: DocId = for_wu["id"].as_str().expect("id").parse().expect("request id");
    assert!(eventually(|| fake.with_data("request", &wu_ride.to_string()).is_some()).await);
    let pushed = fake.with_data("request", &wu_ride.to_string()).expect("pushed");
    assert_eq!(pushed["aps"]["alert"]["title"], "急！Grandma Wu需要送医，在5号楼301室");
    assert_eq!(
        (&pushed["data"]["building"], &pushed["data"]["unit"]),
        (&serde_json::Value::from("5"), &serde_json::Value::from("301"))
    );

    // For a neighbour, nowhere is refused before anything is written; a request that is not
    // urgent still asks which group.
    let before = hood
        .get("Li")
        .phone
        .list_requests(&RequestFilter::default())
        .expect("list")
        .len();
    let nowhere = jinlin(
        &li,
        &[
            "request",
            "raise",
            "--kind",
            "hospital",
            "--urgent",
            "--no-wait",
            "--for",
            "Grandma Wu",
            "--text",
            "Help",
        ],
    )
    .await;
    assert_eq!(nowhere.code, Some(1), "{nowhere:?}");
    assert!(nowhere.stderr.contains("--building"), "{nowhere:?}");
    let calm = jinlin(
        &li,
        &["request", "raise", "--kind", "errand", "--text", "Buy some rice"],
    )
    .await;
    assert_eq!(calm.code, Some(1), "{calm:?}");
    assert!(calm.stderr.contains("--group"), "{calm:?}");
    let after = hood
        .get("Li")
        .phone
        .list_requests(&RequestFilter::default())
        .expect("list")
        .len();
    assert_eq!(before, after, "nothing was written");
}
