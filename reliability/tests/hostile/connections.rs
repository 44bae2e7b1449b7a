//! Connections that starve the relay: clients that connect and send nothing, headers sent a byte
//! at a time, more sockets than the relay has file descriptors, a live-channel message that never
//! ends, and one device opening live channel after live channel. The relay drops or refuses them
//! and `/healthz` keeps answering.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use jinlin_relay::serve::ConnectionLimits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::{Frame, FrameHeader};

use jinlin_tests::Relay;

use crate::common::HostileRelay;

/// A relay whose silences are short enough for a test to wait out.
async fn strict(max_connections: usize, max_per_address: usize) -> Relay {
    Relay::start_with(move |s| {
        s.limits.connections = ConnectionLimits {
            max_connections,
            max_per_address,
            first_byte_timeout: Duration::from_secs(1),
            header_timeout: Duration::from_secs(2),
        };
    })
    .await
}

fn addr(relay: &Relay) -> SocketAddr {
    relay.running().addr()
}

/// Whether the relay closes `tcp` within `limit` (reads end or fail).
async fn closed_within(tcp: &mut TcpStream, limit: Duration) -> bool {
    let mut buf = [0u8; 1024];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, tcp.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

/// `/healthz` over a connection from another loopback address (127.0.0.2), as a second client.
async fn healthz_from_elsewhere(relay: &Relay) -> u16 {
    let socket = TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.2:0".parse().expect("addr"))
        .expect("bind 127.0.0.2");
    let mut tcp = socket.connect(addr(relay)).await.expect("connect");
    tcp.write_all(b"GET /healthz HTTP/1.1\r\nhost: relay\r\nconnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_connects_and_sends_nothing_is_dropped_within_seconds() {
    let relay = strict(64, 64).await;
    let mut silent = TcpStream::connect(addr(&relay)).await.expect("connect");
    assert!(
        closed_within(&mut silent, Duration::from_secs(5)).await,
        "a silent connection is closed"
    );
    relay.assert_healthy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_sent_a_byte_at_a_time_do_not_hold_a_connection() {
    let relay = strict(64, 64).await;
    let mut slow = TcpStream::connect(addr(&relay)).await.expect("connect");
    let started = Instant::now();
    let request = b"GET /healthz HTTP/1.1\r\nhost: relay\r\nx-padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let mut dropped = false;
    for byte in request.iter() {
        if slow.write_all(&[*byte]).await.is_err() {
            dropped = true;
            break;
        }
        let mut buf = [0u8; 256];
        match tokio::time::timeout(Duration::from_millis(300), slow.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                dropped = true;
                break;
            }
            Ok(Ok(_)) => {
                // An answer: the connection is being closed with a timeout status.
                dropped = true;
                break;
            }
            Err(_) => {}
        }
        if started.elapsed() > Duration::from_secs(10) {
            break;
        }
    }
    assert!(dropped, "a request dribbled byte by byte is cut off");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "within the header timeout: {:?}",
        started.elapsed()
    );
    relay.assert_healthy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_idle_connections_is_refused_past_the_cap_and_healthz_keeps_answering() {
    // Silences long enough that nobody is dropped for it during the flood.
    let relay = Relay::start_with(move |s| {
        s.limits.connections = ConnectionLimits {
            max_connections: 64,
            max_per_address: 32,
            first_byte_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(30),
        };
    })
    .await;
    // 300 connections from one address that send nothing (no token needed to open a socket).
    let mut flood = Vec::new();
    for _ in 0..300 {
        flood.push(TcpStream::connect(addr(&relay)).await.expect("connect"));
    }
    let mut held = 0;
    let mut refused = 0;
    for tcp in &mut flood {
        let mut answer = Vec::new();
        match tokio::time::timeout(Duration::from_millis(200), tcp.read_to_end(&mut answer)).await {
            Ok(_) if !answer.is_empty() => {
                let text = String::from_utf8_lossy(&answer);
                assert!(text.starts_with("HTTP/1.1 503"), "{text}");
                assert!(text.to_lowercase().contains("retry-after"), "{text}");
                refused += 1;
            }
            Ok(_) => panic!("a connection was closed without an answer"),
            Err(_) => held += 1,
        }
    }
    assert_eq!(held, 32, "one address holds its share and no more");
    assert_eq!(refused, 268, "the rest are refused at once with 503");
    // Another client still gets in: the relay has not run out of anything.
    assert_eq!(healthz_from_elsewhere(&relay).await, 200);
    // Once the flood goes away, this address is served again.
    drop(flood);
    tokio::time::sleep(Duration::from_millis(300)).await;
    relay.assert_healthy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_relay_caps_open_connections_below_its_file_descriptors() {
    let limits = ConnectionLimits {
        max_connections: 1_000_000,
        ..ConnectionLimits::default()
    };
    let cap = limits.effective_max();
    // The number of files this process may open, as /proc states it (Linux).
    let soft: Option<u64> = std::fs::read_to_string("/proc/self/limits").ok().and_then(|l| {
        l.lines()
            .find(|line| line.starts_with("Max open files"))
            .and_then(|line| line.split_whitespace().nth(3))
            .and_then(|s| s.parse().ok())
    });
    if let Some(soft) = soft {
        assert!(
            cap as u64 <= soft.saturating_sub(jinlin_relay::serve::RESERVED_FDS as u64),
            "cap {cap} leaves room below the limit of {soft} open files"
        );
    }
    assert!(cap >= 1);
}

async fn live_request(relay: &Relay, token: &str) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    let url = format!("{}/v1/live", relay.url().replace("http://", "ws://"));
    let mut req = url.as_str().into_client_request().expect("request");
    req.headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().expect("header"));
    req
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_message_that_never_ends_closes_the_socket_instead_of_filling_memory() {
    let relay = strict(64, 64).await;
    let phone = relay.phone("Fragments", "3", "101").await;
    let (mut ws, _) = tokio_tungstenite::connect_async(live_request(&relay, &phone.settings().token).await)
        .await
        .expect("live connects");
    // A binary message in 16 KiB fragments, never finished: 60 MiB if the relay kept taking it.
    let mut closed = false;
    for i in 0..3_840u32 {
        let header = FrameHeader {
            is_final: false,
            opcode: if i == 0 {
                OpCode::Data(Data::Binary)
            } else {
                OpCode::Data(Data::Continue)
            },
            ..FrameHeader::default()
        };
        let frame = Frame::from_payload(header, vec![0x5a; 16 * 1024].into());
        if ws.send(Message::Frame(frame)).await.is_err() {
            closed = true;
            break;
        }
    }
    if !closed {
        closed = tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                match ws.next().await {
                    None | Some(Err(_)) => return true,
                    Some(Ok(Message::Close(_))) => return true,
                    Some(Ok(_)) => {}
                }
            }
        })
        .await
        .unwrap_or(false);
    }
    assert!(closed, "the relay closes the socket");
    relay.assert_healthy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_device_may_hold_only_a_few_live_channels() {
    let relay = strict(64, 64).await;
    let phone = relay.phone("Sockets", "3", "101").await;
    let token = phone.settings().token;
    let mut open = Vec::new();
    for _ in 0..4 {
        let (ws, _) = tokio_tungstenite::connect_async(live_request(&relay, &token).await)
            .await
            .expect("live connects");
        open.push(ws);
    }
    let member = phone.identity().expect("id").expect("identity").member_id;
    let alerts = relay.running().state().relay().clone();
    assert!(
        jinlin_tests::eventually(|| alerts.alerts().live_count(member) == 4).await,
        "four are open"
    );
    match tokio_tungstenite::connect_async(live_request(&relay, &token).await).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => assert_eq!(res.status(), 429),
        other => panic!("a fifth live channel is refused with 429, not {:?}", other.map(|_| ())),
    }
    drop(open.pop());
    assert!(jinlin_tests::eventually(|| alerts.alerts().live_count(member) == 3).await);
    tokio_tungstenite::connect_async(live_request(&relay, &token).await)
        .await
        .expect("one closed, one may open");
}
