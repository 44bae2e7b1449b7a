//! What goes over the wire: a phone back online catches up in one round trip, a resent batch
//! changes nothing, an unreachable relay leaves everything as it was, and oversized bodies get a
//! clear answer.

use jinlin_core::sync::Session;
use jinlin_core::{DocId, Error, RequestFilter};
use jinlin_model::DocKind;
use jinlin_model::protocol::{DocChanges, MAX_BODY_BYTES, PROTOCOL_VERSION, SyncRequest};
use jinlin_tests::{Phone, Relay, community};
use serde_bytes::ByteBuf;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_back_online_sends_and_receives_everything_in_one_round_trip() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    let group = community(&grandma, &[&chen]).await;
    // While Chen is offline, Grandma raises five requests; Chen raises two of his own.
    let theirs: Vec<DocId> = (0..5).map(|_| grandma.raise_ride(group, 1)).collect();
    grandma.sync().await;
    let mine: Vec<DocId> = (0..2).map(|_| chen.raise_ride(group, 1)).collect();

    let report = chen.sync().await;
    assert_eq!(report.round_trips, 1, "{report:?}");
    assert_eq!((report.sent_docs, report.pending), (2, 0));
    for id in theirs.iter().chain(&mine) {
        assert!(chen.request(*id).is_ok());
    }
    // Nothing changed since: the next sync is one small round trip that moves nothing.
    let idle = chen.sync().await;
    assert_eq!((idle.round_trips, idle.received_changes, idle.sent_changes), (1, 0, 0));
    assert!(idle.bytes_received < 1024, "{idle:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sending_the_same_batch_again_changes_nothing() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    let group = community(&grandma, &[&chen]).await;
    let ride = grandma.raise_ride(group, 1);

    let replica: &jinlin_core::Device = &grandma;
    let mut session = Session::new();
    let out = session.next_request(replica).expect("build").expect("request");
    let client = grandma.client();
    let (first, _, _) = client.exchange(&out.request).await.expect("first");
    let (again, _, _) = client.exchange(&out.request).await.expect("again");
    assert_eq!(first.acks, again.acks, "the same verdict twice");
    session.receive(replica, &out, again).expect("apply");

    let got = chen.sync().await;
    let view = chen.request(ride).expect("request");
    assert_eq!(view.text, "Please drive me to the maternity hospital");
    let before = chen.save_doc(ride).expect("save");
    let none = chen.sync().await;
    assert_eq!(
        none.received_changes, 0,
        "the resend added nothing to the feed ({got:?})"
    );
    assert_eq!(chen.save_doc(ride).expect("save"), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_against_an_unreachable_relay_fails_as_offline_and_changes_nothing() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let group = community(&grandma, &[]).await;
    relay.stop().await;

    let ride = grandma.raise_ride(group, 1);
    let before = (
        grandma.save_doc(ride).expect("save"),
        grandma.unsynced_docs().expect("pending"),
        grandma.list_requests(&RequestFilter::default()).expect("list"),
    );
    let err = grandma.try_sync().await.expect_err("refused");
    assert!(matches!(err, Error::Offline(_)), "{err}");
    assert!(err.to_string().contains("kept on this device"), "{err}");
    let after = (
        grandma.save_doc(ride).expect("save"),
        grandma.unsynced_docs().expect("pending"),
        grandma.list_requests(&RequestFilter::default()).expect("list"),
    );
    assert_eq!(before, after);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_over_the_relays_body_limit_is_refused_before_it_is_sent() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let group = community(&grandma, &[]).await;
    let huge = SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: vec![],
        docs: vec![DocChanges {
            doc_id: DocId::random(),
            doc_type: DocKind::Request,
            group_id: group,
            changes: vec![ByteBuf::from(vec![7u8; MAX_BODY_BYTES + 1])],
            saved: None,
        }],
        accept_saved: false,
        signatures: Vec::new(),
    };
    let err = grandma.client().exchange(&huge).await.expect_err("refused");
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert!(err.to_string().contains("nothing was sent"), "{err}");
    assert!(grandma.sync().await.rejected.is_empty(), "the phone syncs on as before");
}
