//! The relay binary on PostgreSQL, as an operator runs it: with `JINLIN_DATABASE_URL` (or
//! `--database`) everything but attachments lives in the database, so a relay started again
//! with a new, empty data directory still has what it acknowledged; a database it cannot reach
//! stops it at once with a message naming the database but never its password. (Every other
//! relay test runs on PostgreSQL too when `JINLIN_TEST_DATABASE_URL` is set: `Relay::start`.)

use jinlin_core::{GroupKind, Role};
use jinlin_model::protocol::AckResult;

use jinlin_tests::Relay;
use jinlin_tests::cli::workspace_bin;
use jinlin_tests::process::RelayProcess;
use jinlin_tests::wire::{START, hospital_ride};

#[tokio::test]
async fn a_relay_on_postgres_keeps_what_it_acknowledged_when_its_data_directory_is_new() {
    let Some(database) = Relay::postgres_for_test().await else {
        return;
    };
    let first = tempfile::tempdir().expect("dir");
    let mut process = RelayProcess::start_on_database(first.path(), database.as_str());
    let helper = Relay::clocked(START).await;
    let mut staff = helper.device_at("Ms Sun", &process.url).await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let request = staff.device.raise(hospital_ride(community, 1)).expect("raise");
    let res = staff.sync().await;
    assert!(res.acks.iter().all(|a| a.result == AckResult::Stored));
    assert!(
        !first.path().join(jinlin_relay::DB_FILE).exists(),
        "no SQLite file beside a relay on PostgreSQL"
    );

    // SIGKILL, and a new machine: an empty data directory, the same database.
    process.child.kill().expect("kill");
    process.child.wait().expect("wait");
    let second = tempfile::tempdir().expect("dir");
    let again = RelayProcess::start_on_database(second.path(), database.as_str());
    staff.client.url.clone_from(&again.url);
    let newcomer = helper.device_at("Li", &again.url).await;
    staff.admit(&newcomer, community, Role::Resident).await;
    newcomer.sync().await;
    assert!(
        newcomer.request(request).is_ok(),
        "the acknowledged request is in the database"
    );
}

#[test]
fn a_relay_that_cannot_reach_its_database_stops_with_a_message_that_hides_the_password() {
    let data = tempfile::tempdir().expect("dir");
    let out = std::process::Command::new(workspace_bin("jinlin-relay"))
        .args(["--listen", "127.0.0.1:0", "--data"])
        .arg(data.path())
        .args(["--database", "postgres://jinlin:not-for-logs@127.0.0.1:1/jinlin"])
        .output()
        .expect("relay binary runs");
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stdout.contains("listening on"), "{stdout}");
    assert!(
        stderr.contains("postgres://jinlin@127.0.0.1:1/jinlin could not be opened"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("not-for-logs"),
        "the password stays out of messages: {stderr}"
    );
    assert!(
        !data.path().join(jinlin_relay::DB_FILE).exists(),
        "no SQLite file instead"
    );
}

#[tokio::test]
async fn a_community_moved_from_sqlite_to_postgres_keeps_everything_and_phones_carry_on_from_their_cursors() {
    let Some(database) = Relay::postgres_for_test().await else {
        return;
    };
    // A community on the embedded SQLite store: staff, an estate, a building, a neighbour there
    // who has read the staff's request.
    let data = tempfile::tempdir().expect("dir");
    let mut process = RelayProcess::start(data.path());
    let helper = Relay::clocked(START).await;
    let mut staff = helper.device_at("Ms Sun", &process.url).await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let estate = staff
        .create_group("Lianhua No. 2", GroupKind::Estate, Some(community))
        .await;
    let building = staff
        .create_group("Building 7", GroupKind::Building, Some(estate))
        .await;
    let mut lan = helper.device_at("Lan", &process.url).await;
    staff.admit(&lan, building, Role::Resident).await;
    let before = staff.device.raise(hospital_ride(building, 1)).expect("raise");
    staff.sync().await;
    lan.sync().await;
    assert!(lan.request(before).is_ok());
    let relay_key = relay_key_of(&staff).await;
    process.child.kill().expect("kill");
    process.child.wait().expect("wait");

    let migrate = |url: &str| {
        std::process::Command::new(workspace_bin("jinlin-relay"))
            .arg("migrate")
            .arg("--from")
            .arg(data.path())
            .args(["--to", url])
            .output()
            .expect("relay binary runs")
    };
    let out = migrate(database.as_str());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains(": 2 devices, 3 groups, 4 documents"), "{stdout}");

    // The same data directory (its attachments) on the database.
    let moved = RelayProcess::start_on_database(data.path(), database.as_str());
    staff.client.url.clone_from(&moved.url);
    lan.client.url.clone_from(&moved.url);
    let res = lan.sync().await;
    assert!(
        res.docs.iter().all(|d| d.doc_id != before),
        "the neighbour is not sent again what she already had"
    );
    assert_eq!(
        relay_key_of(&staff).await,
        relay_key,
        "the relay's key moves with it: phones that pinned it keep trusting it"
    );
    let after = lan
        .device
        .raise(jinlin_core::NewRequest::new(
            building,
            jinlin_core::RequestKind::Errand,
            "Could someone pick up my medicine?",
        ))
        .expect("raise");
    let res = lan.sync().await;
    assert!(res.acks.iter().all(|a| a.result == AckResult::Stored), "{:?}", res.acks);
    staff.sync().await;
    assert!(
        staff.request(after).is_ok(),
        "a change after the move reaches the staff"
    );
    let mei = helper.device_at("Mei", &moved.url).await;
    staff.admit(&mei, building, Role::Resident).await;
    mei.sync().await;
    assert!(
        mei.request(before).is_ok() && mei.request(after).is_ok(),
        "a newcomer reads what was written before and after the move"
    );

    // A second move into a database that holds a relay's data is refused.
    let again = migrate(database.as_str());
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already holds a relay's data"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

/// The relay key a registration's answer names (registering again with the device's own token).
async fn relay_key_of(device: &jinlin_tests::wire::WireDevice) -> Option<String> {
    let again = jinlin_model::protocol::RegisterRequest {
        member_id: device.member_id,
        name: "Ms Sun".into(),
        token: device.client.token.clone(),
        device_key: None,
    };
    let answer: jinlin_model::protocol::RegisterResponse = device
        .client
        .json(reqwest::Method::POST, "/v1/devices", &again)
        .await
        .expect_status(reqwest::StatusCode::OK)
        .parse();
    assert!(answer.relay_key.is_some());
    answer.relay_key
}
