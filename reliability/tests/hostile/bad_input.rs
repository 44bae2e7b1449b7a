//! Bad bytes at every door of the relay, from one table: each gets its expected 4xx with a JSON
//! error body, the relay stays healthy, and it stores nothing.

use futures_util::{SinkExt, StreamExt};
use jinlin_model::DocKind;
use jinlin_model::protocol::{ErrorBody, MAX_BODY_BYTES, PROTOCOL_VERSION, SyncRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};

use jinlin_tests::Relay;

use crate::common::HostileRelay;

/// One bad call: what it is, where it goes, its content type, its body, whether it carries a
/// good token, and the status it must get.
struct Case {
    what: &'static str,
    path: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
    token: bool,
    status: u16,
}

fn cbor<T: serde::Serialize>(value: &T) -> Vec<u8> {
    jinlin_model::protocol::encode(value)
}

fn cases() -> Vec<Case> {
    let future = SyncRequest {
        version: PROTOCOL_VERSION + 41,
        cursors: Vec::new(),
        docs: Vec::new(),
        accept_saved: false,
        signatures: Vec::new(),
    };
    let case = |what, path, content_type, body: Vec<u8>, token, status| Case {
        what,
        path,
        content_type,
        body,
        token,
        status,
    };
    vec![
        case(
            "an oversized sync body",
            "/v1/sync",
            "application/cbor",
            vec![0; MAX_BODY_BYTES + 1],
            true,
            413,
        ),
        case(
            "malformed CBOR",
            "/v1/sync",
            "application/cbor",
            vec![0xff, 0x00, 0x13, 0x37],
            true,
            400,
        ),
        case(
            "an empty sync body",
            "/v1/sync",
            "application/cbor",
            Vec::new(),
            true,
            400,
        ),
        case(
            "a sync body of the wrong shape",
            "/v1/sync",
            "application/cbor",
            cbor(&vec![1u8, 2, 3]),
            true,
            400,
        ),
        case(
            "an unknown protocol version",
            "/v1/sync",
            "application/cbor",
            cbor(&future),
            true,
            400,
        ),
        case(
            "a sync without a token",
            "/v1/sync",
            "application/cbor",
            cbor(&future),
            false,
            401,
        ),
        case(
            "an oversized registration",
            "/v1/devices",
            "application/json",
            vec![b' '; MAX_BODY_BYTES + 1],
            false,
            413,
        ),
        case(
            "registration as plain text",
            "/v1/devices",
            "text/plain",
            b"{}".to_vec(),
            false,
            400,
        ),
        case(
            "malformed registration JSON",
            "/v1/devices",
            "application/json",
            b"{\"member_id\":".to_vec(),
            false,
            400,
        ),
        case(
            "registration with a bad member id",
            "/v1/devices",
            "application/json",
            br#"{"member_id":"nope","name":"x"}"#.to_vec(),
            false,
            422,
        ),
        case(
            "registration with an empty name",
            "/v1/devices",
            "application/json",
            br#"{"member_id":"7f1c7d2e-8d2a-4c3e-9d55-1f0c2b3a4d5e","name":"  "}"#.to_vec(),
            false,
            400,
        ),
        case(
            "invite redemption in CBOR",
            "/v1/invites/redeem",
            "application/cbor",
            cbor(&future),
            true,
            400,
        ),
        case(
            "an invite code that does not exist",
            "/v1/invites/redeem",
            "application/json",
            br#"{"code":"ZZZZ-ZZZZ"}"#.to_vec(),
            true,
            404,
        ),
        case(
            "an unknown endpoint",
            "/v2/sync",
            "application/cbor",
            cbor(&future),
            true,
            404,
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_bodies_get_a_clear_4xx_and_the_relay_stays_healthy_and_stores_nothing() {
    let relay = Relay::start().await;
    let phone = relay.phone("Ping", "3", "101").await;
    let token = phone.settings().token;
    let before = relay.stats();
    let http = reqwest::Client::new();
    for case in cases() {
        if case.body.len() > MAX_BODY_BYTES {
            // The relay answers as soon as it reads the declared length, before the body; a
            // client still writing would see a broken pipe, so this one speaks raw HTTP.
            let (status, body) = declare_oversized(&relay.url(), case.path, case.content_type, &token).await;
            assert_eq!(status, case.status, "{}: {body}", case.what);
            let error: ErrorBody = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{}: {e}: {body}", case.what));
            assert_eq!(error.error, "too_large", "{}", case.what);
            relay.assert_healthy().await;
            continue;
        }
        let mut req = http
            .post(format!("{}{}", relay.url(), case.path))
            .header("content-type", case.content_type)
            .body(case.body);
        if case.token {
            req = req.bearer_auth(&token);
        }
        let res = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{}: no answer: {e}", case.what));
        let status = res.status().as_u16();
        let body = res.text().await.unwrap_or_default();
        // Registration with an unreadable member id may be refused as 400 or 422; both say why.
        let expected = if case.status == 422 {
            [400, 422]
        } else {
            [case.status; 2]
        };
        assert!(expected.contains(&status), "{}: got {status} {body}", case.what);
        let error: ErrorBody = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("{}: not a JSON error body ({e}): {body}", case.what));
        assert!(!error.message.is_empty(), "{}: the error says why", case.what);
        relay.assert_healthy().await;
    }
    let after = relay.stats();
    assert_eq!(after.devices, before.devices, "no device was registered");
    assert_eq!(after.documents, before.documents, "no document was stored");
    assert_eq!(after.changes, before.changes, "no change was stored");
}

/// Sends the head of a POST declaring a body one byte over the limit, and reads the answer.
async fn declare_oversized(url: &str, path: &str, content_type: &str, token: &str) -> (u16, String) {
    let addr = url.trim_start_matches("http://");
    let mut tcp = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: {content_type}\r\nauthorization: Bearer {token}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        MAX_BODY_BYTES + 1
    );
    tcp.write_all(head.as_bytes()).await.expect("write");
    tcp.write_all(&[0u8; 1024]).await.expect("write");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), tcp.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_on_the_live_channel_and_the_raw_socket_breaks_nothing() {
    let relay = Relay::start().await;
    let phone = relay.phone("Ping", "3", "101").await;
    let before = relay.stats();
    let ws_url = format!("{}/v1/live", relay.url().replace("http://", "ws://"));

    // Without a token the upgrade itself is refused.
    match tokio_tungstenite::connect_async(ws_url.as_str()).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => assert_eq!(res.status(), 401),
        other => panic!("a live connection without a token is refused, not {other:?}"),
    }

    // With one, garbage frames are ignored and the connection still closes cleanly.
    let mut req = ws_url.as_str().into_client_request().expect("request");
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {}", phone.settings().token).parse().expect("header"),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("live connects");
    for frame in [
        Message::Binary(vec![0xff; 4096].into()),
        Message::Text("{\"type\":\"changes\",\"doc\":\"x\"}".into()),
        Message::Binary(
            cbor(&SyncRequest {
                version: 99,
                cursors: Vec::new(),
                docs: Vec::new(),
                accept_saved: false,
                signatures: Vec::new(),
            })
            .into(),
        ),
    ] {
        ws.send(frame).await.expect("send");
    }
    ws.send(Message::Close(None)).await.expect("close");
    while let Some(Ok(msg)) = ws.next().await {
        if msg.is_close() {
            break;
        }
    }

    // Not HTTP at all: the connection is answered 400 or closed, and the relay carries on.
    let addr = relay.url().trim_start_matches("http://").to_string();
    let mut raw = tokio::net::TcpStream::connect(addr).await.expect("connect");
    raw.write_all(b"\x16\x03\x01\x02\x00garbage\r\n\r\n")
        .await
        .expect("write");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), raw.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(answer.is_empty() || text.starts_with("HTTP/1.1 400"), "{text}");

    relay.assert_healthy().await;
    let after = relay.stats();
    assert_eq!(
        (after.documents, after.changes),
        (before.documents, before.changes),
        "nothing stored"
    );
}

/// Bytes the fuzzer found that make Automerge's document loader panic.
const LOADER_PANIC: &[u8] = include_bytes!("inputs/automerge-load-panic.bin");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bytes_that_crash_the_document_loader_are_refused_as_a_change_and_the_relay_carries_on() {
    let relay = Relay::start().await;
    let phone = relay.phone("Ping", "3", "101").await;
    let group = phone
        .create_group("Fuzz Estate", jinlin_core::GroupKind::Estate, None)
        .expect("group");
    phone.sync().await;
    let before = relay.stats();
    for doc_id in [group, jinlin_core::DocId::random()] {
        let req = SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: Vec::new(),
            docs: vec![jinlin_model::protocol::DocChanges {
                doc_id,
                doc_type: DocKind::Request,
                group_id: group,
                changes: vec![serde_bytes::ByteBuf::from(LOADER_PANIC.to_vec())],
                saved: None,
            }],
            accept_saved: false,
            signatures: Vec::new(),
        };
        let res = reqwest::Client::new()
            .post(format!("{}/v1/sync", relay.url()))
            .bearer_auth(phone.settings().token)
            .header("content-type", "application/cbor")
            .body(cbor(&req))
            .send()
            .await
            .expect("answer");
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());
        let answer: jinlin_model::protocol::SyncResponse =
            jinlin_model::protocol::decode(&res.bytes().await.expect("body")).expect("decode");
        assert!(
            matches!(
                answer.acks[0].result,
                jinlin_model::protocol::AckResult::Rejected { .. }
            ),
            "{:?}",
            answer.acks[0].result
        );
    }
    relay.assert_healthy().await;
    assert_eq!(relay.stats().changes, before.changes, "nothing stored");
}
