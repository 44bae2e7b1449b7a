//! The access matrix, from one table: every endpoint of the relay against no token, a bad
//! token, a registered device that is no member, a member with the wrong role, and staff, each
//! with its expected status. A non-member cannot tell a group, a document or an invite that
//! exists from one that does not: both answers are the same, status and body.

use jinlin_core::protocol::{AckResult, DocChanges, PROTOCOL_VERSION, SyncRequest};
use jinlin_core::{DocId, NewRequest, RequestKind, Role};
use serde_bytes::ByteBuf;

use crate::common::{TestRelay, client, estate};

/// Who calls.
#[derive(Debug, Clone, Copy)]
enum Caller {
    NoToken,
    BadToken,
    NonMember,
    Volunteer,
    Staff,
}

const CALLERS: [Caller; 5] = [
    Caller::NoToken,
    Caller::BadToken,
    Caller::NonMember,
    Caller::Volunteer,
    Caller::Staff,
];

/// One endpoint: method, path, JSON or CBOR body, and the status for each caller in
/// [`CALLERS`] order.
struct Row {
    method: &'static str,
    path: String,
    body: Body,
    expect: [u16; 5],
}

enum Body {
    None,
    Json(serde_json::Value),
    Cbor(Vec<u8>),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_answers_each_kind_of_caller_as_the_access_table_says() {
    let relay = TestRelay::start().await;
    let staff = relay.phone("Ping", "3", "101").await;
    let volunteer = relay.phone("Lan", "3", "102").await;
    let stranger = relay.phone("Hua", "5", "201").await;
    let group = estate(&staff, &[&volunteer]).await;
    let code = staff.invite(group, Role::Volunteer).await;
    let empty_sync = jinlin_core::protocol::encode(&SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: Vec::new(),
        docs: Vec::new(),
        accept_saved: false,
    });
    let invite = serde_json::json!({"role": "volunteer", "uses": 1, "expires_in_secs": 600});
    let rows = vec![
        Row {
            method: "GET",
            path: "/healthz".into(),
            body: Body::None,
            expect: [200; 5],
        },
        Row {
            method: "GET",
            path: "/v1/groups".into(),
            body: Body::None,
            expect: [401, 401, 200, 200, 200],
        },
        Row {
            method: "POST",
            path: format!("/v1/groups/{group}/invites"),
            body: Body::Json(invite.clone()),
            expect: [401, 401, 404, 403, 201],
        },
        Row {
            method: "POST",
            path: "/v1/invites/redeem".into(),
            body: Body::Json(serde_json::json!({"code": "NOPE-NOPE"})),
            expect: [401, 401, 404, 404, 404],
        },
        Row {
            method: "POST",
            path: "/v1/sync".into(),
            body: Body::Cbor(empty_sync),
            expect: [401, 401, 200, 200, 200],
        },
        Row {
            method: "DELETE",
            path: format!("/v1/invites/{code}"),
            body: Body::None,
            expect: [401, 401, 404, 404, 204],
        },
        Row {
            method: "GET",
            path: "/v1/live".into(),
            body: Body::None,
            expect: [401, 401, 400, 400, 400],
        },
        Row {
            method: "GET",
            path: "/v1/nowhere".into(),
            body: Body::None,
            expect: [404; 5],
        },
    ];
    let http = reqwest::Client::new();
    for row in &rows {
        for (caller, expected) in CALLERS.iter().zip(row.expect) {
            let token = match caller {
                Caller::NoToken => None,
                Caller::BadToken => Some("0".repeat(64)),
                Caller::NonMember => Some(stranger.settings().token),
                Caller::Volunteer => Some(volunteer.settings().token),
                Caller::Staff => Some(staff.settings().token),
            };
            let method = reqwest::Method::from_bytes(row.method.as_bytes()).expect("method");
            let mut req = http.request(method, format!("{}{}", relay.url(), row.path));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            req = match &row.body {
                Body::None => req,
                Body::Json(v) => req.json(v),
                Body::Cbor(b) => req.header("content-type", "application/cbor").body(b.clone()),
            };
            let res = req.send().await.expect("answer");
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            assert_eq!(status, expected, "{} {} as {caller:?}: {body}", row.method, row.path);
        }
    }

    // The stranger's view: nothing of the estate in its sync, and no difference between what
    // exists and what does not.
    let (answer, _, _) = client(&stranger)
        .exchange(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: vec![jinlin_core::protocol::GroupCursor {
                group_id: group,
                cursor: 0,
                catch_up: None,
            }],
            docs: Vec::new(),
            accept_saved: false,
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

    let http_same = |path_a: String, path_b: String, method: &'static str, body: Option<serde_json::Value>| {
        let http = http.clone();
        let url = relay.url();
        let token = stranger.settings().token;
        async move {
            let mut answers = Vec::new();
            for path in [path_a, path_b] {
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
                "{method}: an existing and a missing one answer alike"
            );
        }
    };
    http_same(
        format!("/v1/groups/{group}/invites"),
        format!("/v1/groups/{}/invites", DocId::random()),
        "POST",
        Some(invite.clone()),
    )
    .await;
    let live_code = staff.invite(group, Role::Volunteer).await;
    http_same(
        format!("/v1/invites/{live_code}"),
        "/v1/invites/QQQQ-QQQQ".into(),
        "DELETE",
        None,
    )
    .await;

    // Writing into a request of the estate, and into one that does not exist.
    let request = staff
        .raise(NewRequest::new(group, RequestKind::Errand, "Water the plants"))
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
                doc_type: jinlin_core::request_doc::DOC_TYPE.into(),
                group_id: group,
                changes: all.clone(),
                saved: None,
            }],
            accept_saved: false,
        };
        let (answer, _, _) = client(&stranger).exchange(&req).await.expect("sync");
        acks.push(answer.acks[0].result.clone());
    }
    assert_eq!(
        acks[0], acks[1],
        "an existing document and a missing one are refused alike"
    );
    assert!(matches!(acks[0], AckResult::Rejected { .. }));
}
