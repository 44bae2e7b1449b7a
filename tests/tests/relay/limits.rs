//! Bad input gets a clear error, writes nothing, and leaves the relay healthy.

use jinlin_core::GroupKind;
use jinlin_model::protocol::{self, MAX_BODY_BYTES, SyncRequest};
use reqwest::StatusCode;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use jinlin_tests::Relay;
use jinlin_tests::wire::{START, hospital_ride};

/// Posts `body` to /v1/sync with chunked transfer encoding over a plain socket; returns the
/// status and the response text.
async fn post_chunked(url: &str, token: &str, body: &[u8]) -> (u16, String) {
    let addr = url.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST /v1/sync HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/cbor\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await.expect("head");
    for chunk in body.chunks(64 * 1024) {
        let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
        framed.extend_from_slice(chunk);
        framed.extend_from_slice(b"\r\n");
        // The relay may answer and close before the whole body is sent.
        if socket.write_all(&framed).await.is_err() {
            break;
        }
    }
    let _ = socket.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = socket.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    (status, text)
}

fn changes(metrics: &str) -> String {
    metrics
        .lines()
        .find(|l| l.starts_with("jinlin_changes "))
        .expect("jinlin_changes")
        .to_string()
}

#[tokio::test]
async fn an_oversized_body_gets_413_and_nothing_is_stored() {
    let relay = Relay::clocked(START).await;
    let device = relay.device("Chen Jie").await;
    let community = device.create_group("Lianhua", GroupKind::Community, None).await;
    device.device.raise(hospital_ride(community, 1)).expect("raise");
    let before = changes(&relay.metrics().await);

    let (mut req, _) = device.outgoing();
    req.docs[0]
        .changes
        .push(serde_bytes::ByteBuf::from(vec![7u8; MAX_BODY_BYTES]));
    let answer = device.client.post_bytes("/v1/sync", protocol::encode(&req)).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.error_code(), "too_large");

    // The same without a length up front (chunked): the relay stops reading and says the same.
    let (status, body) = post_chunked(
        &relay.url(),
        device.client.token.as_deref().expect("token"),
        &protocol::encode(&req),
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("\"too_large\""), "{body}");

    assert_eq!(changes(&relay.metrics().await), before);
    assert_eq!(
        device.device.unsynced_docs().expect("unsynced").len(),
        1,
        "still to send"
    );
    device.sync().await;
    assert!(device.device.unsynced_docs().expect("unsynced").is_empty());
}

#[tokio::test]
async fn a_malformed_or_other_version_body_gets_400_and_the_relay_stays_healthy() {
    let relay = Relay::clocked(START).await;
    let device = relay.device("Chen Jie").await;
    let garbage = device
        .client
        .post_bytes("/v1/sync", b"\xff\x00 not cbor".to_vec())
        .await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
    assert_eq!(garbage.error_code(), "bad_request");
    let future = protocol::encode(&SyncRequest {
        version: 99,
        cursors: vec![],
        docs: vec![],
        accept_saved: false,
        signatures: Vec::new(),
    });
    let other_version = device.client.post_bytes("/v1/sync", future).await;
    assert_eq!(other_version.status, StatusCode::BAD_REQUEST);
    let body: protocol::ErrorBody = other_version.parse();
    assert!(body.message.contains("version 99"), "{}", body.message);

    let health = reqwest::get(format!("{}/healthz", relay.url())).await.expect("healthz");
    assert_eq!(health.status(), StatusCode::OK);
    device.create_group("Still works", GroupKind::Community, None).await;
}

#[tokio::test]
async fn unknown_endpoints_and_methods_answer_with_json_errors() {
    let relay = Relay::clocked(START).await;
    let client = relay.client();
    let missing = client.get("/v2/nothing").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.error_code(), "not_found");
    let wrong_method = client.get("/v1/sync").await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.error_code(), "method_not_allowed");
}

#[tokio::test]
async fn metrics_count_requests_by_route_bytes_and_documents() {
    let relay = Relay::clocked(START).await;
    let device = relay.device("Chen Jie").await;
    let community = device.create_group("Lianhua", GroupKind::Community, None).await;
    device.device.raise(hospital_ride(community, 1)).expect("raise");
    device.sync().await;
    let text = relay.metrics().await;
    assert!(
        text.contains("jinlin_http_requests_total{route=\"/v1/sync\",status=\"200\"} 2"),
        "{text}"
    );
    assert!(text.contains("jinlin_http_requests_total{route=\"/v1/devices\",status=\"201\"} 1"));
    assert!(text.contains("\njinlin_documents 2\n"));
    assert!(text.contains("\njinlin_groups 1\n"));
    let bytes_in = text
        .lines()
        .find_map(|l| l.strip_prefix("jinlin_sync_bytes_in_total "))
        .and_then(|v| v.parse::<u64>().ok())
        .expect("bytes in");
    assert!(bytes_in > 100);
    assert!(text.contains("# TYPE jinlin_live_connections gauge"));
}
