//! Quotas: one stranger once made 360 groups and 2,000 invite codes. A device may create so many
//! groups and invite codes a day; past that the relay refuses with a reason, and other devices are
//! not affected. Photo uploads left unfinished count against their member's quota and expire, so
//! they cannot fill the relay's disk.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use jinlin_core::{Clock, DocId, GroupKind, ManualClock, Role, SystemClock};
use jinlin_model::protocol::CreateInvite;
use jinlin_relay::grid::uploads::UploadLimits;
use jinlin_tests::{Phone, Tree};

use jinlin_tests::Relay;

use crate::common::{HostileRelay, client};

async fn strict() -> Relay {
    Relay::start_with(move |s| {
        s.limits.groups_per_day = 2;
        s.limits.invites_per_day = 3;
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_creates_only_so_many_groups_a_day() {
    let relay = strict().await;
    let stranger = relay.phone("Stranger", "9", "901").await;
    for i in 0..2 {
        stranger
            .create_group(&format!("Group {i}"), GroupKind::Community, None)
            .expect("group");
    }
    let report = stranger.sync().await;
    assert!(report.rejected.is_empty(), "{report:?}");
    let third = stranger
        .create_group("One too many", GroupKind::Community, None)
        .expect("the phone keeps it");
    let report = stranger.sync().await;
    assert_eq!(report.rejected.len(), 1, "{report:?}");
    assert!(report.rejected[0].reason.contains("as many groups today"), "{report:?}");
    assert_eq!(report.rejected[0].doc_id, third);
    assert_eq!(relay.stats().groups, 2, "the relay keeps two");

    // Someone else is not held back by the stranger's quota.
    let office = relay.phone("Office", "1", "101").await;
    office
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    assert!(office.sync().await.rejected.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_makes_only_so_many_invite_codes_a_day() {
    let relay = strict().await;
    let staff = relay.phone("Office", "1", "101").await;
    let group = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    let report = staff.sync().await;
    assert!(report.rejected.is_empty());
    let terms = CreateInvite {
        role: Role::Resident,
        uses: 1,
        expires_in_secs: 600,
        building: None,
    };
    for _ in 0..3 {
        client(&staff).create_invite(group, &terms).await.expect("invite");
    }
    let refused = client(&staff).create_invite(group, &terms).await;
    assert!(
        matches!(&refused, Err(jinlin_core::Error::Relay { status: 429, message, .. }) if message.contains("invite codes today")),
        "{refused:?}"
    );
}

/// Bytes of unfinished uploads a member may hold on the relays below.
const QUOTA: u64 = 1_000;
/// How long an upload may stay unfinished on the relays below.
const EXPIRY: Duration = Duration::from_secs(3_600);

/// A relay on a test clock with small upload limits, and a neighbourhood tree with a resident of
/// building 3 and one of building 5.
async fn uploads_relay() -> (Relay, ManualClock, Tree, Phone, Phone) {
    let relay = Relay::clocked_with(SystemClock.now_ms(), |s| {
        s.limits.uploads = UploadLimits {
            unfinished_bytes_per_member: QUOTA,
            expire_after: EXPIRY,
        };
    })
    .await;
    let clock = relay.clock().clone();
    let staff = relay.phone("Office", "1", "101").await;
    let tree = jinlin_tests::tree(&staff).await;
    let resident = relay.phone("Mei", "3", "301").await;
    resident.join(&staff.invite(tree.b3, Role::Resident).await).await;
    let neighbour = relay.phone("Lan", "5", "502").await;
    neighbour.join(&staff.invite(tree.b5, Role::Resident).await).await;
    (relay, clock, tree, resident, neighbour)
}

/// A photo of `len` bytes, different for each `seed`, and its blob name.
fn photo(seed: u8, len: usize) -> (Vec<u8>, String) {
    let bytes: Vec<u8> = (0..len).map(|i| seed.wrapping_add(i as u8)).collect();
    let hash = jinlin_model::photo::hash_of(&bytes);
    (bytes, hash)
}

/// Sends `chunk` of a blob of `length` bytes at `offset`, over HTTP as a phone does.
async fn send_chunk(
    relay: &Relay,
    phone: &Phone,
    group: DocId,
    hash: &str,
    offset: usize,
    length: usize,
    chunk: &[u8],
) -> reqwest::Response {
    reqwest::Client::new()
        .patch(format!("{}/v1/groups/{group}/blobs/{hash}", relay.url()))
        .bearer_auth(phone.settings().token)
        .header("upload-offset", offset.to_string())
        .header("upload-length", length.to_string())
        .body(chunk.to_vec())
        .send()
        .await
        .expect("upload")
}

/// What the relay says it holds of a blob: (`Upload-Offset`, `Upload-Complete`).
async fn held(relay: &Relay, phone: &Phone, group: DocId, hash: &str) -> (u64, String) {
    let res = reqwest::Client::new()
        .head(format!("{}/v1/groups/{group}/blobs/{hash}", relay.url()))
        .bearer_auth(phone.settings().token)
        .send()
        .await
        .expect("status");
    assert_eq!(res.status(), 200);
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    (
        header("upload-offset").parse().expect("offset"),
        header("upload-complete"),
    )
}

/// Bytes of unfinished uploads on the relay's disk, and how many files of any kind they leave.
fn unfinished_on_disk(data: &Path) -> (u64, usize) {
    let mut bytes = 0;
    let mut files = 0;
    for group in std::fs::read_dir(data.join("blobs")).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(group.path()).into_iter().flatten().flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if name.ends_with(".part") {
                bytes += file.metadata().expect("size").len();
            }
            if name.contains(".part") {
                files += 1;
            }
        }
    }
    (bytes, files)
}

async fn error_of(res: reqwest::Response) -> (u16, Option<String>, serde_json::Value) {
    let status = res.status().as_u16();
    let retry_after = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    (status, retry_after, res.json().await.expect("a JSON error"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_leaving_uploads_unfinished_is_stopped_at_the_quota_and_the_relay_holds_no_more() {
    let (relay, _clock, tree, resident, neighbour) = uploads_relay().await;
    let photos: Vec<_> = (0..3).map(|n| photo(n, 900)).collect();
    for (bytes, hash) in &photos[..2] {
        let res = send_chunk(&relay, &resident, tree.b3, hash, 0, 900, &bytes[..400]).await;
        assert_eq!(res.status(), 204, "half a photo is kept");
    }
    // A third half-sent photo would take the resident past 1,000 unfinished bytes.
    let (bytes, hash) = &photos[2];
    let refused = send_chunk(&relay, &resident, tree.b3, hash, 0, 900, &bytes[..400]).await;
    let (status, retry_after, body) = error_of(refused).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"], "too_many", "{body}");
    let message = body["message"].as_str().expect("message");
    assert!(
        message.contains("unfinished uploads") && message.contains("1000"),
        "{message}"
    );
    let wait: u64 = retry_after.expect("Retry-After").parse().expect("seconds");
    assert!(
        wait > 0 && wait <= EXPIRY.as_secs(),
        "room frees when the oldest expires: {wait}"
    );
    assert_eq!(
        held(&relay, &resident, tree.b3, hash).await,
        (0, "?0".into()),
        "nothing kept"
    );
    // An attachment larger than the quota can never be held unfinished: a clear 413.
    let (big, big_hash) = photo(9, 1_500);
    let (status, _, body) =
        error_of(send_chunk(&relay, &resident, tree.b3, &big_hash, 0, 1_500, &big[..100]).await).await;
    assert_eq!((status, body["error"].as_str()), (413, Some("too_large")), "{body}");
    assert_eq!(
        unfinished_on_disk(relay.data_dir()).0,
        800,
        "no more than the quota is held"
    );

    // The quota is the resident's: a neighbour in another building still uploads.
    let (theirs, their_hash) = photo(20, 900);
    let res = send_chunk(&relay, &neighbour, tree.b5, &their_hash, 0, 900, &theirs[..400]).await;
    assert_eq!(res.status(), 204);

    // Finishing a photo frees its share: the third now goes up.
    let (first, first_hash) = &photos[0];
    let res = send_chunk(&relay, &resident, tree.b3, first_hash, 400, 900, &first[400..]).await;
    assert_eq!(res.status(), 204);
    assert_eq!(held(&relay, &resident, tree.b3, first_hash).await, (900, "?1".into()));
    let res = send_chunk(&relay, &resident, tree.b3, hash, 0, 900, &bytes[..400]).await;
    assert_eq!(res.status(), 204, "room again after finishing one");
    relay.assert_healthy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_left_unfinished_past_its_expiry_is_removed_and_its_bytes_freed() {
    let (relay, clock, tree, resident, neighbour) = uploads_relay().await;
    let (left, left_hash) = photo(1, 900);
    let res = send_chunk(&relay, &resident, tree.b3, &left_hash, 0, 900, &left[..600]).await;
    assert_eq!(res.status(), 204);
    let (done, done_hash) = photo(2, 700);
    let res = send_chunk(&relay, &resident, tree.b3, &done_hash, 0, 700, &done[..300]).await;
    assert_eq!(res.status(), 204);
    let res = send_chunk(&relay, &resident, tree.b3, &done_hash, 300, 700, &done[300..]).await;
    assert_eq!(res.status(), 204, "this one is finished");

    clock.advance(EXPIRY.as_millis() as i64 - 1);
    assert_eq!(
        held(&relay, &resident, tree.b3, &left_hash).await,
        (600, "?0".into()),
        "not yet"
    );
    clock.advance(1);
    // The next upload (anyone's) clears what has expired.
    let (theirs, their_hash) = photo(3, 500);
    let res = send_chunk(&relay, &neighbour, tree.b5, &their_hash, 0, 500, &theirs).await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        unfinished_on_disk(relay.data_dir()),
        (0, 0),
        "the partial file and its note are gone"
    );
    assert_eq!(held(&relay, &resident, tree.b3, &left_hash).await, (0, "?0".into()));
    let (status, _, body) =
        error_of(send_chunk(&relay, &resident, tree.b3, &left_hash, 600, 900, &left[600..]).await).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("wrong_offset")),
        "start again: {body}"
    );

    // The finished photo stays whole.
    assert_eq!(held(&relay, &resident, tree.b3, &done_hash).await, (700, "?1".into()));
    let stored = std::fs::read(
        relay
            .data_dir()
            .join("blobs")
            .join(tree.b3.to_string())
            .join(&done_hash),
    );
    assert_eq!(stored.expect("finished blob"), done);
    relay.assert_healthy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_relay_still_counts_who_left_uploads_unfinished() {
    let clock = ManualClock::new(SystemClock.now_ms());
    let data = tempfile::tempdir().expect("relay dir");
    let settings = || {
        let mut s = jinlin_relay::Settings::new(data.path()).with_clock(Arc::new(clock.clone()));
        s.limits.uploads = UploadLimits {
            unfinished_bytes_per_member: QUOTA,
            expire_after: EXPIRY,
        };
        s
    };
    let addr = "127.0.0.1:0".parse().expect("addr");
    let running = jinlin_relay::spawn(addr, settings()).await.expect("relay");
    let resident = Phone::new("Mei", "3");
    jinlin_core::net::client::register(
        &resident.device,
        &running.url(),
        "Mei",
        Some("3"),
        Some("301"),
        jinlin_tests::test_options(),
    )
    .await
    .expect("register");
    let group = resident
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    resident.sync().await;
    let (bytes, hash) = photo(4, 900);
    let url = |running: &jinlin_relay::Running| format!("{}/v1/groups/{group}/blobs/{hash}", running.url());
    let http = reqwest::Client::new();
    let chunk = |url: String, offset: usize, part: &[u8]| {
        http.patch(url)
            .bearer_auth(resident.settings().token)
            .header("upload-offset", offset.to_string())
            .header("upload-length", "900")
            .body(part.to_vec())
            .send()
    };
    assert_eq!(
        chunk(url(&running), 0, &bytes[..800]).await.expect("upload").status(),
        204
    );
    running.stop().await.expect("stop");

    let running = jinlin_relay::spawn(addr, settings()).await.expect("relay again");
    let (other, other_hash) = photo(5, 900);
    let other_url = format!("{}/v1/groups/{group}/blobs/{other_hash}", running.url());
    let refused = chunk(other_url, 0, &other[..300]).await.expect("upload");
    assert_eq!(
        refused.status(),
        429,
        "the 800 bytes left before the restart still count"
    );
    clock.advance(EXPIRY.as_millis() as i64);
    let resumed = chunk(url(&running), 800, &bytes[800..]).await.expect("upload");
    assert_eq!(resumed.status(), 409, "expired while the relay was down: start again");
    assert_eq!(unfinished_on_disk(data.path()), (0, 0));
    running.stop().await.expect("stop");
}
