//! A member who writes into someone else's sign-up, by hand-building the change and uploading it
//! past the app: the relay refuses the batch, stores none of it, and no other phone ever sees it.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};
use jinlin_core::{NewRequest, RequestKind, SignupState};
use jinlin_model::DocKind;
use jinlin_model::protocol::{AckResult, DocChanges, PROTOCOL_VERSION, SyncRequest};
use serde_bytes::ByteBuf;

use jinlin_tests::Relay;

use crate::common::{HostileRelay, client, estate};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_writing_into_someone_elses_signup_is_refused_and_never_reaches_another_phone() {
    let relay = Relay::start().await;
    let ping = relay.phone("Ping", "3", "101").await;
    let lan = relay.phone("Lan", "3", "102").await;
    let hua = relay.phone("Hua", "5", "201").await;
    let group = estate(&ping, &[&lan, &hua]).await;
    let ride = ping
        .raise(NewRequest::new(group, RequestKind::Errand, "Bring the medicine"))
        .expect("raise");
    ping.sync().await;
    lan.sync().await;
    lan.accept(ride).expect("accept");
    lan.sync().await;
    hua.sync().await;
    let before = relay.stats();

    // Hua withdraws Lan's sign-up and adds one in Lan's name, writing as herself.
    let bytes = hua.save_doc(ride).expect("read").expect("the request");
    let mut doc = AutoCommit::load(&bytes).expect("load");
    let hua_id = hua.identity().expect("identity").expect("set").member_id;
    let lan_id = lan.identity().expect("identity").expect("set").member_id;
    doc.set_actor(hua_id.actor());
    let heads = doc.get_heads();
    let (_, signups) = doc.get(ROOT, "signups").expect("read").expect("signups");
    let lans = doc.keys(&signups).next().expect("Lan's sign-up");
    let (_, entry) = doc.get(&signups, lans.as_str()).expect("read").expect("entry");
    doc.put(&entry, "withdrawn_at", 1_i64).expect("put");
    let forged = doc.put_object(&signups, "forged", ObjType::Map).expect("put");
    doc.put(&forged, "member", lan_id.to_string()).expect("put");
    doc.put(&forged, "name", "Lan").expect("put");
    doc.put(&forged, "at", 2_i64).expect("put");
    doc.commit();
    let changes = doc.get_changes(&heads);
    assert!(!changes.is_empty());
    let upload = SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: Vec::new(),
        docs: vec![DocChanges {
            doc_id: ride,
            doc_type: DocKind::Request,
            group_id: group,
            changes: changes.iter().map(|c| ByteBuf::from(c.raw_bytes().to_vec())).collect(),
            saved: None,
        }],
        accept_saved: false,
        signatures: Vec::new(),
    };
    let (answer, _, _) = client(&hua).exchange(&upload).await.expect("the relay answers");
    assert!(
        matches!(&answer.acks[0].result, AckResult::Rejected { .. }),
        "the forged batch is refused: {:?}",
        answer.acks[0].result
    );
    let after = relay.stats();
    assert_eq!(after.changes, before.changes, "nothing of the batch is stored");

    for phone in [&ping, &lan] {
        phone.sync().await;
        let view = phone.request(ride).expect("request");
        assert_eq!(view.signups.len(), 1, "as {} sees it", phone.name);
        assert_eq!(view.signups[0].member_id, lan_id);
        assert_eq!(
            view.signups[0].state,
            SignupState::Confirmed,
            "as {} sees it",
            phone.name
        );
    }
    relay.assert_healthy().await;
}

/// Ping's errand in an estate Hua also belongs to (Ping in building 3, Hua in building 5), with
/// an optional first comment of Ping's; both phones synced.
struct Errand {
    relay: Relay,
    ping: jinlin_tests::Phone,
    hua: jinlin_tests::Phone,
    group: jinlin_core::DocId,
    ride: jinlin_core::DocId,
}

impl Errand {
    async fn new(first_comment: Option<&str>) -> Errand {
        let relay = Relay::start().await;
        let ping = relay.phone("Ping", "3", "101").await;
        let hua = relay.phone("Hua", "5", "201").await;
        let group = estate(&ping, &[&hua]).await;
        let ride = ping
            .raise(NewRequest::new(group, RequestKind::Errand, "Bring the medicine"))
            .expect("raise");
        if let Some(text) = first_comment {
            ping.comment(ride, text).expect("comment");
        }
        ping.sync().await;
        hua.sync().await;
        Errand {
            relay,
            ping,
            hua,
            group,
            ride,
        }
    }

    fn hua_id(&self) -> jinlin_core::MemberId {
        self.hua.identity().expect("identity").expect("set").member_id
    }

    /// Hua's copy of the errand, writing as Hua past her phone's checks, and its heads.
    fn hua_copy(&self) -> (AutoCommit, Vec<automerge::ChangeHash>) {
        let bytes = self.hua.save_doc(self.ride).expect("read").expect("the request");
        let mut doc = AutoCommit::load(&bytes).expect("load");
        doc.set_actor(self.hua_id().actor());
        let heads = doc.get_heads();
        (doc, heads)
    }

    /// Uploads what Hua wrote to `doc` since `heads`; returns the relay's answer for it.
    async fn upload(&self, doc: &mut AutoCommit, heads: &[automerge::ChangeHash]) -> AckResult {
        doc.commit();
        let changes = doc.get_changes(heads);
        assert!(!changes.is_empty());
        let upload = SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: Vec::new(),
            docs: vec![DocChanges {
                doc_id: self.ride,
                doc_type: DocKind::Request,
                group_id: self.group,
                changes: changes.iter().map(|c| ByteBuf::from(c.raw_bytes().to_vec())).collect(),
                saved: None,
            }],
            accept_saved: false,
            signatures: Vec::new(),
        };
        let (answer, _, _) = client(&self.hua).exchange(&upload).await.expect("the relay answers");
        answer.acks[0].result.clone()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_wipes_replaces_or_rewrites_other_peoples_comments() {
    let e = Errand::new(Some("The pharmacy closes at nine")).await;
    let hua_id = e.hua_id();

    // Replace the whole thread with an empty one.
    let (mut doc, heads) = e.hua_copy();
    doc.put_object(ROOT, "comments", ObjType::List).expect("put");
    let replaced = e.upload(&mut doc, &heads).await;
    // Delete the thread (after which nobody could comment).
    let (mut doc, heads) = e.hua_copy();
    doc.delete(ROOT, "comments").expect("delete");
    let deleted = e.upload(&mut doc, &heads).await;
    // Put a new entry over Ping's, in her name.
    let (mut doc, heads) = e.hua_copy();
    let (_, thread) = doc.get(ROOT, "comments").expect("read").expect("thread");
    let over = doc.put_object(&thread, 0, ObjType::Map).expect("put");
    doc.put(&over, "author", hua_id.to_string()).expect("put");
    doc.put(&over, "name", "Ping").expect("put");
    doc.put(&over, "text", "Never mind, I don't need it").expect("put");
    let overwritten = e.upload(&mut doc, &heads).await;
    // Edit the text of Ping's entry in place.
    let (mut doc, heads) = e.hua_copy();
    let (_, thread) = doc.get(ROOT, "comments").expect("read").expect("thread");
    let (_, hers) = doc.get(&thread, 0).expect("read").expect("her comment");
    doc.put(&hers, "text", "Never mind").expect("put");
    let edited = e.upload(&mut doc, &heads).await;
    // Add a comment of her own, signed with Ping's name.
    let (mut doc, heads) = e.hua_copy();
    let (_, thread) = doc.get(ROOT, "comments").expect("read").expect("thread");
    let mine = doc.insert_object(&thread, 1, ObjType::Map).expect("insert");
    doc.put(&mine, "author", hua_id.to_string()).expect("put");
    doc.put(&mine, "name", "Ping").expect("put");
    doc.put(&mine, "text", "Cancel it, I am fine").expect("put");
    doc.put(&mine, "at", 5_i64).expect("put");
    let signed_as_ping = e.upload(&mut doc, &heads).await;
    for (what, ack) in [
        ("replaced", replaced),
        ("deleted", deleted),
        ("overwritten", overwritten),
        ("edited", edited),
        ("signed with another's name", signed_as_ping),
    ] {
        assert!(matches!(ack, AckResult::Rejected { .. }), "the thread {what}: {ack:?}");
    }

    // Ping's comment stands on every phone, and anyone can still comment.
    e.ping.sync().await;
    let thread = e.ping.request(e.ride).expect("ride").comments;
    assert_eq!(thread.len(), 1);
    assert_eq!(thread[0].text, "The pharmacy closes at nine");
    e.hua.comment(e.ride, "I can go at eight").expect("comment");
    assert!(e.hua.sync().await.rejected.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_adds_fields_the_schema_does_not_know_to_someone_elses_request() {
    let e = Errand::new(None).await;
    let (mut doc, heads) = e.hua_copy();
    doc.put(ROOT, "status", "garbage").expect("put");
    doc.put(ROOT, "junk", "x".repeat(1_000)).expect("put");
    let ack = e.upload(&mut doc, &heads).await;
    assert!(matches!(ack, AckResult::Rejected { .. }), "{ack:?}");
    e.ping.sync().await;
    assert_eq!(e.ping.request(e.ride).expect("ride").status, jinlin_core::Status::Open);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_longer_than_a_phone_allows_is_not_stored() {
    let e = Errand::new(None).await;
    let (mut doc, heads) = e.hua_copy();
    // A comment of her own, shaped as the phone writes one, but 3 MB long.
    let (_, thread) = doc.get(ROOT, "comments").expect("read").expect("thread");
    let entry = doc.insert_object(&thread, 0, ObjType::Map).expect("insert");
    doc.put(&entry, "author", e.hua_id().to_string()).expect("put");
    doc.put(&entry, "name", "Hua").expect("put");
    doc.put(&entry, "text", "x".repeat(3 * 1024 * 1024)).expect("put");
    doc.put(&entry, "at", 1_i64).expect("put");
    let ack = e.upload(&mut doc, &heads).await;
    assert!(
        matches!(&ack, AckResult::Rejected { reason } if reason.contains("longer than 2000")),
        "{ack:?}"
    );
    e.ping.sync().await;
    assert!(e.ping.request(e.ride).expect("ride").comments.is_empty());
    e.relay.assert_healthy().await;
}
