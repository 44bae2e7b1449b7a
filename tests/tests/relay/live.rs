//! The live channel: changes reach other members' sockets at once.

use std::time::Duration;

use automerge::Change;
use futures_util::StreamExt;
use jinlin_core::{DocId, GroupKind, Role};
use jinlin_model::protocol::{self, LiveMessage};
use reqwest::Method;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use jinlin_tests::Relay;
use jinlin_tests::wire::{START, WireDevice, hospital_ride};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub(crate) async fn connect(relay: &Relay, token: Option<&str>) -> Result<Socket, tungstenite::Error> {
    let mut req = format!("{}/v1/live", relay.url().replace("http://", "ws://"))
        .into_client_request()
        .expect("request");
    if let Some(t) = token {
        req.headers_mut()
            .insert("Authorization", format!("Bearer {t}").parse().expect("header"));
    }
    tokio_tungstenite::connect_async(req).await.map(|(ws, _)| ws)
}

pub(crate) async fn live(relay: &Relay, device: &WireDevice) -> Socket {
    let ws = connect(relay, device.client.token.as_deref())
        .await
        .expect("live connects");
    // Let the relay subscribe before the test makes changes.
    tokio::time::sleep(Duration::from_millis(100)).await;
    ws
}

/// The next frame, within five seconds.
pub(crate) async fn next(ws: &mut Socket) -> LiveMessage {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .expect("a frame within 5 s")
            .expect("socket open")
            .expect("frame");
        match msg {
            Message::Binary(b) => return protocol::decode(&b).expect("live frame decodes"),
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("unexpected frame {other:?}"),
        }
    }
}

/// The code the socket is closed with, waiting up to 2 s (`None`: it ended without a close
/// frame).
pub(crate) async fn close_code(ws: &mut Socket) -> Option<u16> {
    tokio::time::timeout(Duration::from_secs(2), async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Close(frame))) => return frame.map(|f| u16::from(f.code)),
                Some(Ok(_)) => continue,
                None | Some(Err(_)) => return None,
            }
        }
    })
    .await
    .expect("the socket closes within 2 s")
}

/// A ride that is not urgent: it alerts nobody, so its change is the next frame.
pub(crate) fn ride(group: DocId) -> jinlin_core::NewRequest {
    let mut r = hospital_ride(group, 1);
    r.urgent = false;
    r
}

async fn nothing_within(ws: &mut Socket, ms: u64) {
    if let Ok(Some(Ok(Message::Binary(b)))) = tokio::time::timeout(Duration::from_millis(ms), ws.next()).await {
        panic!("unexpected frame {:?}", protocol::decode::<LiveMessage>(&b));
    }
}

#[tokio::test]
async fn a_change_reaches_another_members_live_socket() {
    let relay = Relay::clocked(START).await;
    let requester = relay.device("Wang Fang").await;
    let volunteer = relay.device("Zhao Lei").await;
    let community = requester.create_group("Lianhua", GroupKind::Community, None).await;
    requester.admit(&volunteer, community, Role::Volunteer).await;
    volunteer.sync().await;
    let mut ws = live(&relay, &volunteer).await;

    let request = requester.device.raise(ride(community)).expect("raise");
    requester.sync().await;
    let LiveMessage::Changes { doc, cursor, .. } = next(&mut ws).await else {
        panic!("expected changes");
    };
    assert_eq!(doc.doc_id, request);
    assert_eq!(doc.group_id, community);
    assert!(cursor > 0);
    let changes: Vec<Change> = doc
        .changes
        .iter()
        .map(|b| Change::from_bytes(b.to_vec()).expect("change"))
        .collect();
    volunteer
        .device
        .apply_remote(doc.doc_id, doc.doc_type, doc.group_id, changes)
        .expect("apply");
    assert_eq!(volunteer.request(request).expect("request arrived live").id, request);
}

#[tokio::test]
async fn an_alerted_member_receives_the_urgent_request_once_in_the_alert() {
    let relay = Relay::clocked(START).await;
    let requester = relay.device("Wang Fang").await;
    let volunteer = relay.device("Zhao Lei").await;
    let away = relay.device("Away Neighbour").await;
    let community = requester.create_group("Lianhua", GroupKind::Community, None).await;
    requester.admit(&volunteer, community, Role::Volunteer).await;
    requester.admit(&away, community, Role::Volunteer).await;
    let unavailable = away
        .client
        .json(
            Method::PUT,
            "/v1/me/availability",
            &serde_json::json!({"available": false}),
        )
        .await;
    assert!(unavailable.status.is_success(), "{}", unavailable.status);
    let mut ws = live(&relay, &volunteer).await;
    let mut away_ws = live(&relay, &away).await;

    let request = requester.device.raise(hospital_ride(community, 1)).expect("raise");
    requester.sync().await;
    let LiveMessage::Alert { alert, doc, .. } = next(&mut ws).await else {
        panic!("expected the alert");
    };
    assert_eq!((alert.request, doc.doc_id), (request, request));
    // The alert carried the whole request: no second copy follows it.
    nothing_within(&mut ws, 300).await;
    volunteer
        .device
        .apply_remote(
            doc.doc_id,
            doc.doc_type,
            doc.group_id,
            doc.changes
                .iter()
                .map(|b| Change::from_bytes(b.to_vec()).expect("change"))
                .collect(),
        )
        .expect("apply");
    assert!(volunteer.request(request).expect("request in the alert").urgent);
    // A member who reads the group but was not alerted gets the change as usual.
    let LiveMessage::Changes { doc, .. } = next(&mut away_ws).await else {
        panic!("expected the change");
    };
    assert_eq!(doc.doc_id, request);
}

#[tokio::test]
async fn a_live_socket_needs_a_valid_token() {
    let relay = Relay::clocked(START).await;
    for token in [None, Some("0".repeat(64))] {
        match connect(&relay, token.as_deref()).await {
            Err(tungstenite::Error::Http(res)) => assert_eq!(res.status(), 401),
            other => panic!("expected 401, got {:?}", other.map(|_| ())),
        }
    }
}

#[tokio::test]
async fn a_device_gets_back_only_what_the_relay_added_to_its_upload() {
    let relay = Relay::clocked(START).await;
    let requester = relay.device("Wang Fang").await;
    let volunteer = relay.device("Zhao Lei").await;
    let community = requester.create_group("Lianhua", GroupKind::Community, None).await;
    requester.admit(&volunteer, community, Role::Volunteer).await;
    let request = requester.device.raise(hospital_ride(community, 1)).expect("raise");
    requester.sync().await;
    volunteer.sync().await;
    let mut ws = live(&relay, &volunteer).await;

    volunteer.device.comment(request, "Coming").expect("comment");
    volunteer.sync().await;
    nothing_within(&mut ws, 300).await;

    volunteer.device.accept(request).expect("accept");
    volunteer.sync().await;
    let LiveMessage::Changes { doc, .. } = next(&mut ws).await else {
        panic!("expected changes");
    };
    let change = Change::from_bytes(doc.changes[0].to_vec()).expect("change");
    assert_eq!(doc.changes.len(), 1);
    assert_eq!(
        change.actor_id(),
        &jinlin_model::ids::relay_actor(),
        "only the relay's numbering"
    );
}

#[tokio::test]
async fn a_member_who_joins_is_told_to_resync_and_then_receives_the_groups_changes() {
    let relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let newcomer = relay.device("Newcomer").await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let mut staff_ws = live(&relay, &staff).await;
    let mut ws = live(&relay, &newcomer).await;

    staff.admit(&newcomer, community, Role::Resident).await;
    assert!(matches!(next(&mut ws).await, LiveMessage::Resync { .. }));
    // The member entry the relay wrote reaches both the staff member and the newcomer.
    for socket in [&mut staff_ws, &mut ws] {
        let LiveMessage::Changes { doc, .. } = next(socket).await else {
            panic!("expected the member entry");
        };
        assert_eq!(doc.doc_id, community);
    }

    let request = staff.device.raise(ride(community)).expect("raise");
    staff.sync().await;
    let LiveMessage::Changes { doc, .. } = next(&mut ws).await else {
        panic!("expected changes");
    };
    assert_eq!(doc.doc_id, request);
}

#[tokio::test]
async fn a_non_member_hears_nothing_of_a_group() {
    let relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let outsider = relay.device("Outsider").await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let mut ws = live(&relay, &outsider).await;
    staff.device.raise(hospital_ride(community, 1)).expect("raise");
    staff.sync().await;
    nothing_within(&mut ws, 500).await;
}

#[tokio::test]
async fn live_connections_are_counted_and_closed_when_the_relay_stops() {
    let relay = Relay::clocked(START).await;
    let device = relay.device("Chen Jie").await;
    let mut ws = live(&relay, &device).await;
    assert!(relay.metrics().await.contains("\njinlin_live_connections 1\n"));
    relay.stop().await;
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ws.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => continue,
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the socket was closed");
}
