//! Privacy: a whole scenario runs with distinctive marker strings as names, homes, a phone
//! number, request and comment texts, a pairing with its check-in, and as the values of bad
//! requests. The relay, logging at debug level, never writes a marker to its log, never echoes
//! one in an error body, and keeps no token in its database, only their hashes.

use jinlin_core::net::round;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use jinlin_core::net::client;
use jinlin_core::{GroupKind, NewRequest, RequestKind, Role};
use jinlin_model::checkin::PairedNeighbour;
use jinlin_model::checkin::pairing::NewPairing;
use jinlin_model::protocol::{CreateInvite, PROTOCOL_VERSION};
use jinlin_tests::{Phone, test_options};

const NAME: &str = "Qiuyue-N4M3";
const BUILDING: &str = "Bldg-B7X9";
const UNIT: &str = "Unit-U8Q2";
const PHONE: &str = "13800138123";
const TEXT: &str = "Insulin-T3X7";
const COMMENT: &str = "Stairs-C5Y1";
const MARKERS: [&str; 6] = [NAME, BUILDING, UNIT, PHONE, TEXT, COMMENT];

fn assert_no_marker(what: &str, text: &str) {
    for m in MARKERS {
        assert!(!text.contains(m), "{what} contains the marker {m:?}: {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_name_home_phone_number_or_text_reaches_the_logs_or_errors_and_tokens_are_only_hashed() {
    let data = tempfile::tempdir().expect("relay dir");
    let log_path = data.path().join("relay.log");
    let log = std::fs::File::create(&log_path).expect("log file");
    let mut child = Command::new(jinlin_tests::cli::workspace_bin("jinlin-relay"))
        .args(["--listen", "127.0.0.1:0", "--data"])
        .arg(data.path().join("db"))
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log))
        .spawn()
        .expect("spawn the relay");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    let url = format!("http://{}", line.trim().trim_start_matches("listening on "));

    // The story: a staff member, a neighbour who joins with her home, a request with a phone
    // number, a comment, an acceptance.
    let staff = Phone::new(NAME, BUILDING);
    let neighbour = Phone::new(&format!("{NAME} Lan"), BUILDING);
    let mut tokens = Vec::new();
    for p in [&staff, &neighbour] {
        let s = client::register(&p.device, &url, &p.name, Some(BUILDING), Some(UNIT), test_options())
            .await
            .expect("register");
        tokens.push(s.token);
    }
    let group = staff
        .create_group(&format!("{NAME} Estate"), GroupKind::Estate, None)
        .expect("group");
    staff.sync().await;
    let invite = staff
        .client()
        .create_invite(
            group,
            &CreateInvite {
                role: Role::Volunteer,
                uses: 1,
                expires_in_secs: 600,
                building: None,
            },
        )
        .await
        .expect("invite");
    let (_, synced) = round::join(
        &neighbour.device,
        &neighbour.client(),
        &invite.code,
        Some(BUILDING),
        Some(UNIT),
    )
    .await
    .expect("join");
    synced.expect("sync");
    let mut req = NewRequest::new(group, RequestKind::Errand, format!("{TEXT}, call {PHONE}"));
    req.slots = 1;
    let id = staff.raise(req).expect("raise");
    staff.comment(id, &format!("{COMMENT} {PHONE}")).expect("comment");
    staff.sync().await;
    neighbour.sync().await;
    neighbour.accept(id).expect("accept");
    neighbour.sync().await;
    staff.sync().await;

    // She is paired with the staff member (her name, her place, his number) and checks in.
    let building = staff
        .create_group(&format!("{NAME} Building"), GroupKind::Building, Some(group))
        .expect("building");
    staff.sync().await;
    let member = |p: &Phone| p.identity().expect("identity").expect("registered").member_id;
    let pairing = staff
        .client()
        .create_pairing(&NewPairing {
            group_id: building,
            person: Some(member(&neighbour)),
            proxy: None,
            household: None,
            name: NAME.into(),
            building: BUILDING.into(),
            unit: Some(UNIT.into()),
            neighbours: vec![PairedNeighbour {
                member: member(&staff),
                name: NAME.into(),
                phone: Some(PHONE.into()),
                language: jinlin_model::sms::SmsLanguage::ZhHans,
            }],
            deadline: "10:00".into(),
            grace_minutes: None,
            wait_minutes: None,
        })
        .await
        .expect("pair")
        .pairing
        .id;
    neighbour.client().accept_pairing(pairing).await.expect("her side");
    staff.client().accept_pairing(pairing).await.expect("his side");
    neighbour.phone.check_in(Some(test_options())).await.expect("check in");

    // Bad calls whose bodies carry the markers.
    let http = reqwest::Client::new();
    let bad: Vec<(&str, &str, String, &str)> = vec![
        (
            "/v1/devices",
            "application/json",
            format!(r#"{{"member_id":"{NAME}","name":"{NAME}"}}"#),
            "",
        ),
        (
            "/v1/devices",
            "application/json",
            format!(
                r#"{{"member_id":"7f1c7d2e-8d2a-4c3e-9d55-1f0c2b3a4d5e","name":"{}"}}"#,
                NAME.repeat(40)
            ),
            "",
        ),
        (
            "/v1/devices",
            "application/json",
            format!(r#"{{"member_id":7,"name":"{PHONE}"}}"#),
            "",
        ),
        (
            "/v1/invites/redeem",
            "application/json",
            format!(r#"{{"code":"{BUILDING}","unit":"{UNIT}"}}"#),
            &tokens[1],
        ),
        (
            "/v1/invites/redeem",
            "application/json",
            format!(r#"{{"code":"{}","building":7,"unit":"{UNIT}"}}"#, invite.code),
            &tokens[1],
        ),
        (
            "/v1/invites/redeem",
            "application/json",
            format!(r#"{{"code":{PHONE},"building":"{BUILDING}"}}"#),
            &tokens[1],
        ),
        (
            "/v1/groups/{NAME}/invites",
            "application/json",
            format!(r#"{{"role":"{UNIT}"}}"#),
            &tokens[0],
        ),
        (
            "/v1/pairings",
            "application/json",
            format!(r#"{{"group_id":"{NAME}","name":"{NAME}","building":"{BUILDING}"}}"#),
            &tokens[0],
        ),
        (
            "/v1/checkins",
            "application/json",
            format!(r#"{{"signed_at":"{PHONE}"}}"#),
            &tokens[1],
        ),
    ];
    let mut answers = Vec::new();
    for (path, content_type, body, token) in &bad {
        let path = path.replace("{NAME}", NAME);
        let mut req = http
            .post(format!("{url}{path}"))
            .header("content-type", *content_type)
            .body(body.clone());
        if !token.is_empty() {
            req = req.bearer_auth(token);
        }
        let res = req.send().await.expect("answer");
        assert!(res.status().is_client_error(), "{path} {body}: {}", res.status());
        answers.push(res.text().await.unwrap_or_default());
    }
    // CBOR whose fields hold markers of the wrong type.
    let sync_bodies = [
        jinlin_model::protocol::encode(&(TEXT, PHONE)),
        jinlin_model::protocol::encode(&std::collections::BTreeMap::from([
            ("version", TEXT),
            ("cursors", UNIT),
        ])),
        jinlin_model::protocol::encode(&std::collections::BTreeMap::from([
            ("version", serde_json::json!(PROTOCOL_VERSION)),
            ("cursors", serde_json::json!([{"group_id": NAME, "cursor": COMMENT}])),
            ("docs", serde_json::json!([])),
        ])),
    ];
    for body in sync_bodies {
        let res = http
            .post(format!("{url}/v1/sync"))
            .header("content-type", "application/cbor")
            .bearer_auth(&tokens[0])
            .body(body)
            .send()
            .await
            .expect("answer");
        assert_eq!(res.status(), 400);
        answers.push(res.text().await.unwrap_or_default());
    }
    for a in &answers {
        assert_no_marker("an error body", a);
    }

    child.kill().expect("kill");
    let _ = child.wait();
    let logged = std::fs::read_to_string(&log_path).expect("log");
    assert!(logged.contains("DEBUG"), "the relay logged at debug level");
    assert_no_marker("the relay's log", &logged);

    for entry in std::fs::read_dir(data.path().join("db")).expect("db dir") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        for t in &tokens {
            assert!(!text.contains(t.as_str()), "{} holds a token in clear", path.display());
            assert!(
                !text.contains(&t.to_uppercase()),
                "{} holds a token in clear",
                path.display()
            );
        }
    }
}
