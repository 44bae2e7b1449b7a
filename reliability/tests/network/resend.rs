//! The same upload sent twice, byte for byte, as a phone does when an answer is lost: the second
//! time the relay acknowledges it and stores nothing more.

use jinlin_core::net::client::{self, RelayClient};
use jinlin_core::net::round;
use jinlin_core::{NewRequest, RequestKind};
use jinlin_model::protocol::{AckResult, DocChanges, PROTOCOL_VERSION, SyncRequest};
use jinlin_tests::{Phone, Relay, test_options};
use serde_bytes::ByteBuf;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resent_batch_is_acknowledged_and_changes_nothing() {
    let relay = Relay::start().await;
    let phone = Phone::new("Ping", "3");
    let settings = client::register(
        &phone.device,
        &relay.url(),
        "Ping",
        Some("3"),
        Some("101"),
        test_options(),
    )
    .await
    .expect("register");
    let group = phone
        .create_group("Resend Estate", jinlin_core::GroupKind::Estate, None)
        .expect("group");
    let client = RelayClient::with_options(&relay.url(), test_options())
        .expect("client")
        .with_token(settings.token);
    round::sync(&phone.device, &client).await.expect("sync the group");
    // Raised for a neighbour without a phone, so that the phone itself may sign up.
    let mut new = NewRequest::new(group, RequestKind::Errand, "Carry the rice up");
    new.on_behalf_of = Some("Grandma Wang".into());
    let ride = phone.raise(new).expect("raise");
    phone.accept(ride).expect("sign up");
    let (meta, changes) = phone.changes_for_relay(ride).expect("read").expect("the request");
    let request = SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: Vec::new(),
        docs: vec![DocChanges {
            doc_id: ride,
            doc_type: meta.doc_type,
            group_id: meta.group_id,
            changes: changes
                .into_iter()
                .map(|mut c| ByteBuf::from(c.bytes().to_vec()))
                .collect(),
            saved: None,
        }],
        accept_saved: false,
        signatures: Vec::new(),
    };
    let stats = || relay.store().stats().expect("stats");

    let (first, _, _) = client.exchange(&request).await.expect("first upload");
    assert_eq!(first.acks[0].result, AckResult::Stored);
    let after_first = stats();
    for _ in 0..3 {
        let (again, _, _) = client.exchange(&request).await.expect("resent upload");
        assert_eq!(again.acks[0].result, AckResult::Stored, "a resend is acknowledged");
        let now = stats();
        assert_eq!(now.changes, after_first.changes, "a resend adds no change to the feed");
        assert_eq!(now.documents, after_first.documents);
    }
    round::sync(&phone.device, &client).await.expect("sync");
    let view = phone.request(ride).expect("request");
    assert_eq!(view.signups.len(), 1, "one sign-up stays one sign-up");
    relay.stop().await;
}
