//! The access matrix, from one table: every endpoint of the relay against no token, a bad
//! token, a revoked device, a registered device that is no member, a member with the wrong role,
//! staff, and the operator's metrics token, each with its expected status. The table must name
//! every route the relay serves (read from its source), so a new endpoint cannot slip by. A
//! non-member cannot tell a group, a document, an invite or a member that exists from one that
//! does not: both answers are the same, status and body.

use jinlin_model::DocKind;
use std::collections::BTreeSet;

use jinlin_core::{DocId, MemberId, NewRequest, RequestKind, Role};
use jinlin_model::protocol::{AckResult, DocChanges, PROTOCOL_VERSION, SyncRequest};
use jinlin_relay::operator::MetricsAccess;
use serde_bytes::ByteBuf;

use jinlin_tests::Relay;

use crate::common::{HostileRelay, client, estate};

const OPERATOR: &str = "operator-scrape-token-for-the-matrix";

/// Who calls.
#[derive(Debug, Clone, Copy)]
enum Caller {
    NoToken,
    BadToken,
    Revoked,
    NonMember,
    Volunteer,
    Staff,
    Operator,
}

const CALLERS: [Caller; 7] = [
    Caller::NoToken,
    Caller::BadToken,
    Caller::Revoked,
    Caller::NonMember,
    Caller::Volunteer,
    Caller::Staff,
    Caller::Operator,
];

/// One endpoint: method, route template, the path called, a body, and the status for each
/// caller in [`CALLERS`] order.
struct Row {
    method: &'static str,
    route: &'static str,
    path: String,
    body: Body,
    expect: [u16; 7],
}

#[derive(Clone)]
enum Body {
    None,
    Json(serde_json::Value),
    Cbor(Vec<u8>),
    /// A registration of a member id made afresh for each call.
    FreshDevice,
    /// One whole attachment: `Upload-Offset: 0`, `Upload-Length`, the bytes.
    Blob(Vec<u8>),
}

/// Every `(method, route)` the relay's router serves, read from its source files.
fn served_routes() -> BTreeSet<(String, String)> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src");
    let mut files = Vec::new();
    let mut dirs = vec![src];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("relay source").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut out = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("relay source");
        for part in text.split(".route(").skip(1) {
            let Some(path) = part.trim_start().strip_prefix('"').and_then(|p| p.split('"').next()) else {
                continue;
            };
            // The method routers up to the end of this `.route(...)` call.
            let mut depth = 1;
            let end = part
                .char_indices()
                .find(|(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(part.len(), |(i, _)| i);
            let call = &part[..end];
            for method in ["get", "post", "put", "delete", "patch", "head"] {
                let named = call
                    .match_indices(&format!("{method}("))
                    .any(|(i, _)| i == 0 || !call[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
                if named {
                    out.insert((method.to_uppercase(), path.to_string()));
                }
            }
        }
    }
    assert!(out.len() >= 20, "the route reader found too few routes: {out:?}");
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_answers_each_kind_of_caller_as_the_access_table_says() {
    let relay = Relay::start_with(move |s| {
        s.metrics = MetricsAccess::new(Some(OPERATOR)).expect("operator token");
    })
    .await;
    let staff = relay.phone("Ping", "3", "101").await;
    let volunteer = relay.phone("Lan", "3", "102").await;
    let stranger = relay.phone("Hua", "5", "201").await;
    let revoked = relay.phone("Wei", "3", "103").await;
    let target = relay.phone("Jun", "3", "104").await;
    let group = estate(&staff, &[&volunteer, &revoked, &target]).await;
    let code = staff.invite(group, Role::Volunteer).await;
    let request = staff
        .raise(NewRequest::new(group, RequestKind::Errand, "Water the plants"))
        .expect("raise");
    staff.sync().await;
    let photo = b"a photo of the stairwell".to_vec();
    let photo_hash = jinlin_model::photo::hash_of(&photo);
    let other_photo = b"another photo".to_vec();
    let other_hash = jinlin_model::photo::hash_of(&other_photo);
    let http = reqwest::Client::new();
    let upload = http
        .patch(format!("{}/v1/groups/{group}/blobs/{photo_hash}", relay.url()))
        .bearer_auth(staff.settings().token)
        .header("upload-offset", "0")
        .header("upload-length", photo.len().to_string())
        .body(photo.clone())
        .send()
        .await
        .expect("upload");
    assert_eq!(upload.status(), 204);
    // Jun lives alone in building 3, paired with the staff member; the volunteer is no party.
    let building = staff
        .create_group("Building 3", jinlin_core::GroupKind::Building, Some(group))
        .expect("building");
    staff.sync().await;
    let new_pairing = serde_json::json!({
        "group_id": building,
        "person": target.settings().member_id,
        "name": "Jun",
        "building": "3",
        "neighbours": [{"member": staff.settings().member_id, "name": "Ping"}],
        "deadline": "10:00",
    });
    let pairing = client(&staff)
        .create_pairing(&serde_json::from_value(new_pairing.clone()).expect("a pairing"))
        .await
        .expect("pair")
        .pairing
        .id;
    // Made again in the table's row, for the volunteer (Jun's phone is cut off by then).
    let mut another_pairing = new_pairing.clone();
    another_pairing["person"] = serde_json::json!(volunteer.settings().member_id);
    let now_ms = jinlin_model::Clock::now_ms(&jinlin_model::SystemClock);
    // The lost phone: staff cut it off.
    let revoked_token = revoked.settings().token;
    client(&staff)
        .revoke_device(group, revoked.settings().member_id)
        .await
        .expect("revoke");

    let empty_sync = jinlin_model::protocol::encode(&SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: Vec::new(),
        docs: Vec::new(),
        accept_saved: false,
        signatures: Vec::new(),
    });
    let invite = serde_json::json!({"role": "volunteer", "uses": 1, "expires_in_secs": 600});
    let row = |method, route, path: String, body, expect| Row {
        method,
        route,
        path,
        body,
        expect,
    };
    const AUTHED_ONLY: [u16; 7] = [401, 401, 401, 200, 200, 200, 401];
    const SETTING: [u16; 7] = [401, 401, 401, 204, 204, 204, 401];
    const NO_ALERT: [u16; 7] = [401, 401, 401, 404, 404, 404, 401];
    const NOT_A_PARTY: [u16; 7] = [401, 401, 401, 404, 404, 200, 401];
    let blobs = "/v1/groups/{group_id}/blobs/{hash}";
    let rows = vec![
        row("GET", "/healthz", "/healthz".into(), Body::None, [200; 7]),
        row(
            "GET",
            "/metrics",
            "/metrics".into(),
            Body::None,
            [401, 401, 401, 401, 401, 401, 200],
        ),
        row("POST", "/v1/devices", "/v1/devices".into(), Body::FreshDevice, [201; 7]),
        row(
            "POST",
            "/v1/devices",
            "/v1/devices".into(),
            Body::Json(serde_json::json!({
                "member_id": revoked.settings().member_id, "name": "Wei", "token": revoked_token.clone()
            })),
            [410; 7],
        ),
        row("GET", "/v1/groups", "/v1/groups".into(), Body::None, AUTHED_ONLY),
        row(
            "GET",
            "/v1/credentials",
            "/v1/credentials".into(),
            Body::None,
            AUTHED_ONLY,
        ),
        row(
            "POST",
            "/v1/groups/{group_id}/invites",
            format!("/v1/groups/{group}/invites"),
            Body::Json(invite.clone()),
            [401, 401, 401, 404, 403, 201, 401],
        ),
        row(
            "POST",
            "/v1/invites/redeem",
            "/v1/invites/redeem".into(),
            Body::Json(serde_json::json!({"code": "NOPE-NOPE"})),
            [401, 401, 401, 404, 404, 404, 401],
        ),
        row(
            "POST",
            "/v1/sync",
            "/v1/sync".into(),
            Body::Cbor(empty_sync),
            AUTHED_ONLY,
        ),
        row(
            "DELETE",
            "/v1/invites/{code}",
            format!("/v1/invites/{code}"),
            Body::None,
            [401, 401, 401, 404, 404, 204, 401],
        ),
        row(
            "GET",
            "/v1/live",
            "/v1/live".into(),
            Body::None,
            [401, 401, 401, 400, 400, 400, 401],
        ),
        row(
            "DELETE",
            "/v1/groups/{group_id}/devices/{member_id}",
            format!("/v1/groups/{group}/devices/{}", target.settings().member_id),
            Body::None,
            [401, 401, 401, 404, 403, 204, 401],
        ),
        row(
            "HEAD",
            blobs,
            format!("/v1/groups/{group}/blobs/{photo_hash}"),
            Body::None,
            [401, 401, 401, 404, 200, 200, 401],
        ),
        // A photo no document names yet is read by staff and grid workers of its group only
        // (`blob_access.rs`): to a volunteer it does not exist.
        row(
            "GET",
            blobs,
            format!("/v1/groups/{group}/blobs/{photo_hash}"),
            Body::None,
            [401, 401, 401, 404, 404, 200, 401],
        ),
        row(
            "PATCH",
            blobs,
            format!("/v1/groups/{group}/blobs/{other_hash}"),
            Body::Blob(other_photo.clone()),
            [401, 401, 401, 404, 204, 204, 401],
        ),
        row(
            "PUT",
            blobs,
            format!("/v1/groups/{group}/blobs/{other_hash}"),
            Body::Blob(other_photo.clone()),
            [401, 401, 401, 404, 204, 204, 401],
        ),
        row(
            "POST",
            "/v1/requests/{id}/decline",
            format!("/v1/requests/{request}/decline"),
            Body::None,
            NO_ALERT,
        ),
        row(
            "POST",
            "/v1/alerts/{id}/seen",
            format!("/v1/alerts/{request}/seen"),
            Body::None,
            NO_ALERT,
        ),
        row(
            "GET",
            "/v1/requests/{id}/alerts",
            format!("/v1/requests/{request}/alerts"),
            Body::None,
            [401, 401, 401, 404, 404, 200, 401],
        ),
        row(
            "PUT",
            "/v1/me/availability",
            "/v1/me/availability".into(),
            Body::Json(serde_json::json!({"available": true})),
            SETTING,
        ),
        row(
            "PUT",
            "/v1/me/quiet-hours",
            "/v1/me/quiet-hours".into(),
            Body::Json(serde_json::json!({"start": "22:00", "end": "07:00", "medical_through": true})),
            SETTING,
        ),
        row(
            "PUT",
            "/v1/me/home",
            "/v1/me/home".into(),
            Body::Json(serde_json::json!({"lat": 24.4798, "lon": 118.0894})),
            SETTING,
        ),
        row(
            "PUT",
            "/v1/me/push",
            "/v1/me/push".into(),
            Body::Json(serde_json::json!({"kind": "webhook", "token": "gateway-address"})),
            SETTING,
        ),
        row(
            "PUT",
            "/v1/me/language",
            "/v1/me/language".into(),
            Body::Json(serde_json::json!({"language": "en"})),
            SETTING,
        ),
        // Paired neighbours: staff of the building (or above) pair; a pairing exists only for its
        // parties and those who look after the building.
        row(
            "POST",
            "/v1/pairings",
            "/v1/pairings".into(),
            Body::Json(another_pairing),
            NOT_A_PARTY,
        ),
        row("GET", "/v1/pairings", "/v1/pairings".into(), Body::None, AUTHED_ONLY),
        row(
            "GET",
            "/v1/pairings/{id}",
            format!("/v1/pairings/{pairing}"),
            Body::None,
            NOT_A_PARTY,
        ),
        row(
            "POST",
            "/v1/pairings/{id}/accept",
            format!("/v1/pairings/{pairing}/accept"),
            Body::None,
            NOT_A_PARTY,
        ),
        row(
            "PUT",
            "/v1/pairings/{id}/deadline",
            format!("/v1/pairings/{pairing}/deadline"),
            Body::Json(serde_json::json!({"deadline": "09:00"})),
            NOT_A_PARTY,
        ),
        row(
            "PUT",
            "/v1/pairings/{id}/pause",
            format!("/v1/pairings/{pairing}/pause"),
            Body::Json(serde_json::json!({"until": null})),
            NOT_A_PARTY,
        ),
        row(
            "POST",
            "/v1/pairings/{id}/answer",
            format!("/v1/pairings/{pairing}/answer"),
            Body::Json(serde_json::json!({"answer": "fine"})),
            [401, 401, 401, 404, 404, 409, 401],
        ),
        row(
            "POST",
            "/v1/checkins",
            "/v1/checkins".into(),
            Body::Json(serde_json::json!({"signed_at": now_ms})),
            AUTHED_ONLY,
        ),
        // Secret ballots and the seal: a proposal nobody here can read is one that does not
        // exist, for every caller with a token.
        row(
            "POST",
            "/v1/proposals/{id}/ballots",
            format!("/v1/proposals/{}/ballots", DocId::random()),
            Body::Json(serde_json::json!({"choices": [0], "receipt": "00".repeat(32)})),
            NO_ALERT,
        ),
        row(
            "POST",
            "/v1/proposals/{id}/seal",
            format!("/v1/proposals/{}/seal", DocId::random()),
            Body::None,
            NO_ALERT,
        ),
        row("GET", "", "/v1/nowhere".into(), Body::None, [404; 7]),
        // The dashboard signs in with a session cookie, not a token: without one, a page sends
        // the browser to sign in (followed here: 200) and a POST is refused.
        row("GET", "/dashboard", "/dashboard".into(), Body::None, [200; 7]),
        row("GET", "/dashboard/", "/dashboard/".into(), Body::None, [200; 7]),
        row(
            "GET",
            "/dashboard/signin",
            "/dashboard/signin".into(),
            Body::None,
            [200; 7],
        ),
        row(
            "GET",
            "/dashboard/signin/status",
            "/dashboard/signin/status".into(),
            Body::None,
            [200; 7],
        ),
        row(
            "GET",
            "/dashboard/events",
            "/dashboard/events".into(),
            Body::None,
            [200; 7],
        ),
        row("GET", "/dashboard/now", "/dashboard/now".into(), Body::None, [200; 7]),
        row(
            "GET",
            "/dashboard/now/list",
            "/dashboard/now/list".into(),
            Body::None,
            [200; 7],
        ),
        row(
            "GET",
            "/dashboard/orders",
            "/dashboard/orders".into(),
            Body::None,
            [200; 7],
        ),
        row(
            "GET",
            "/dashboard/coverage",
            "/dashboard/coverage".into(),
            Body::None,
            [200; 7],
        ),
        row(
            "GET",
            "/dashboard/reports",
            "/dashboard/reports".into(),
            Body::None,
            [200; 7],
        ),
        row(
            "GET",
            "/dashboard/members",
            "/dashboard/members".into(),
            Body::None,
            [200; 7],
        ),
        row(
            "GET",
            "/dashboard/stats",
            "/dashboard/stats".into(),
            Body::None,
            [200; 7],
        ),
        row(
            "GET",
            "/dashboard/stats.csv",
            "/dashboard/stats.csv".into(),
            Body::None,
            [200; 7],
        ),
        row(
            "GET",
            "/dashboard/votes",
            "/dashboard/votes".into(),
            Body::None,
            [200; 7],
        ),
        row(
            "GET",
            "/dashboard/assets/dashboard.css",
            "/dashboard/assets/dashboard.css".into(),
            Body::None,
            [200; 7],
        ),
        row(
            "GET",
            "/dashboard/assets/dashboard.js",
            "/dashboard/assets/dashboard.js".into(),
            Body::None,
            [200; 7],
        ),
        row(
            "GET",
            "/dashboard/photos/{group}/{hash}",
            format!("/dashboard/photos/{group}/{photo_hash}"),
            Body::None,
            [200; 7],
        ),
        row(
            "POST",
            "/dashboard/signout",
            "/dashboard/signout".into(),
            Body::None,
            [401; 7],
        ),
        row(
            "POST",
            "/dashboard/requests/{id}/widen",
            format!("/dashboard/requests/{request}/widen"),
            Body::None,
            [401; 7],
        ),
        row(
            "POST",
            "/dashboard/orders/{id}/dispatch",
            format!("/dashboard/orders/{request}/dispatch"),
            Body::None,
            [401; 7],
        ),
        row(
            "POST",
            "/dashboard/needs/{household}/{need}/assign",
            format!("/dashboard/needs/{request}/need/assign"),
            Body::None,
            [401; 7],
        ),
        row(
            "POST",
            "/dashboard/notices",
            "/dashboard/notices".into(),
            Body::None,
            [401; 7],
        ),
        row(
            "POST",
            "/dashboard/members/{group}/invite",
            format!("/dashboard/members/{group}/invite"),
            Body::None,
            [401; 7],
        ),
        row(
            "POST",
            "/dashboard/members/{group}/{member}/revoke",
            format!("/dashboard/members/{group}/{}/revoke", target.settings().member_id),
            Body::None,
            [401; 7],
        ),
        // A code no browser shows: the same answer for every device, staff or not.
        row(
            "POST",
            "/v1/dashboard/approve",
            "/v1/dashboard/approve".into(),
            Body::Json(serde_json::json!({"code": "ABCD-EFGH"})),
            NO_ALERT,
        ),
        // Last: signing out cuts off each caller that can sign out.
        row("DELETE", "/v1/devices/me", "/v1/devices/me".into(), Body::None, SETTING),
    ];

    let listed: BTreeSet<(String, String)> = rows
        .iter()
        .filter(|r| !r.route.is_empty())
        .map(|r| (r.method.to_string(), r.route.to_string()))
        .collect();
    let missing: Vec<_> = served_routes().difference(&listed).cloned().collect();
    assert!(missing.is_empty(), "routes missing from the access table: {missing:?}");

    // The existence checks first: the last row signs everyone out.
    existence_is_never_revealed(&relay, &staff, &stranger, group).await;

    let tokens = [
        None,
        Some("0".repeat(64)),
        Some(revoked_token.clone()),
        Some(stranger.settings().token),
        Some(volunteer.settings().token),
        Some(staff.settings().token),
        Some(OPERATOR.to_string()),
    ];
    let mut calls = 0;
    for row in &rows {
        for ((caller, expected), token) in CALLERS.iter().zip(row.expect).zip(&tokens) {
            let method = reqwest::Method::from_bytes(row.method.as_bytes()).expect("method");
            let mut req = http.request(method, format!("{}{}", relay.url(), row.path));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            req = match &row.body {
                Body::None => req,
                Body::Json(v) => req.json(v),
                Body::Cbor(b) => req.header("content-type", "application/cbor").body(b.clone()),
                Body::FreshDevice => req.json(&serde_json::json!({
                    "member_id": MemberId::random(), "name": "Newcomer", "token": jinlin_core::net::client::new_token().expect("token")
                })),
                Body::Blob(b) => req
                    .header("upload-offset", "0")
                    .header("upload-length", b.len().to_string())
                    .body(b.clone()),
            };
            let res = req.send().await.expect("answer");
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            assert_eq!(status, expected, "{} {} as {caller:?}: {body}", row.method, row.path);
            calls += 1;
        }
    }
    eprintln!(
        "access matrix: {} endpoints ({} routes) × {} callers = {calls} calls",
        rows.len(),
        listed.len(),
        CALLERS.len()
    );
    let stats = relay.stats();
    assert_eq!(
        stats.revoked_devices, 5,
        "the lost phone, the staff's target, and three who signed out"
    );
}

/// A stranger learns nothing: nothing of the estate in its sync, and the same answer for what
/// exists as for what does not (a group, an invite, a document, a member).
async fn existence_is_never_revealed(
    relay: &Relay,
    staff: &jinlin_tests::Phone,
    stranger: &jinlin_tests::Phone,
    group: DocId,
) {
    let http = reqwest::Client::new();
    let (answer, _, _) = client(stranger)
        .exchange(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: vec![jinlin_model::protocol::GroupCursor {
                group_id: group,
                cursor: 0,
                catch_up: None,
            }],
            docs: Vec::new(),
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await
        .expect("sync");
    assert!(
        answer.docs.is_empty() && answer.memberships.is_empty(),
        "a stranger receives nothing"
    );
    assert!(
        answer.cursors.iter().all(|c| c.group_id != group),
        "not even a cursor for the estate"
    );

    let same = |path_a: String, path_b: String, method: &'static str, body: Option<serde_json::Value>| {
        let http = http.clone();
        let url = relay.url();
        let token = stranger.settings().token;
        async move {
            let mut answers = Vec::new();
            for path in [&path_a, &path_b] {
                let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
                let mut req = http.request(m, format!("{url}{path}")).bearer_auth(&token);
                if let Some(b) = &body {
                    req = req.json(b);
                }
                let res = req.send().await.expect("answer");
                answers.push((res.status().as_u16(), res.text().await.unwrap_or_default()));
            }
            assert_eq!(
                answers[0], answers[1],
                "{method} {path_a}: an existing and a missing one answer alike"
            );
        }
    };
    let invite = serde_json::json!({"role": "volunteer", "uses": 1, "expires_in_secs": 600});
    same(
        format!("/v1/groups/{group}/invites"),
        format!("/v1/groups/{}/invites", DocId::random()),
        "POST",
        Some(invite),
    )
    .await;
    let live_code = staff.invite(group, Role::Volunteer).await;
    same(
        format!("/v1/invites/{live_code}"),
        "/v1/invites/QQQQ-QQQQ".into(),
        "DELETE",
        None,
    )
    .await;
    let member = staff.settings().member_id;
    same(
        format!("/v1/groups/{group}/devices/{member}"),
        format!("/v1/groups/{}/devices/{member}", DocId::random()),
        "DELETE",
        None,
    )
    .await;

    // Writing into a request of the estate, and into one that does not exist.
    let request = staff
        .raise(NewRequest::new(group, RequestKind::Errand, "Feed the cat"))
        .expect("raise");
    staff.sync().await;
    let full = staff.save_doc(request).expect("save").expect("doc");
    let mut whole = automerge::AutoCommit::load(&full).expect("load");
    let all: Vec<ByteBuf> = whole
        .get_changes(&[])
        .iter()
        .map(|c| ByteBuf::from(c.raw_bytes().to_vec()))
        .collect();
    let mut acks = Vec::new();
    for id in [request, DocId::random()] {
        let req = SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: Vec::new(),
            docs: vec![DocChanges {
                doc_id: id,
                doc_type: DocKind::Request,
                group_id: group,
                changes: all.clone(),
                saved: None,
            }],
            accept_saved: false,
            signatures: Vec::new(),
        };
        let (answer, _, _) = client(stranger).exchange(&req).await.expect("sync");
        acks.push(answer.acks[0].result.clone());
    }
    assert_eq!(
        acks[0], acks[1],
        "an existing document and a missing one are refused alike"
    );
    assert!(matches!(acks[0], AckResult::Rejected { .. }));
    same(
        format!("/v1/requests/{request}/alerts"),
        format!("/v1/requests/{}/alerts", DocId::random()),
        "GET",
        None,
    )
    .await;
}
