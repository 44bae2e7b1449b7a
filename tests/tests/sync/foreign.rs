//! Foreign Automerge writers: a member's app built on the official JavaScript Automerge adds a
//! comment with plain JS strings (Automerge Text objects, not Jinlin's scalar strings) and
//! uploads the change through the real relay as that member. The relay's write rules read Text
//! as the string it holds, so the comment is accepted and every phone of the neighbourhood
//! shows it as written; one in someone else's name is refused for that reason.
//!
//! The JavaScript side is `tests/js/comment.cjs`, with the library `scripts/js-deps.sh` installs
//! (`scripts/test-all.sh` runs it first). Without node or the library these tests say so and
//! skip, unless `JINLIN_REQUIRE_JS` is set.

use jinlin_model::DocKind;
use std::path::PathBuf;

use jinlin_core::{DocId, MemberId, Role};
use jinlin_model::protocol::{AckResult, DocChanges, PROTOCOL_VERSION, SyncRequest};
use jinlin_tests::{Phone, Relay, tree};
use serde_bytes::ByteBuf;

/// The comment's change, as the JavaScript library writes it, or `None` (with a message) when
/// node or the library is missing.
fn js_comment(saved: &[u8], writer: MemberId, author: MemberId, name: &str, text: &str) -> Option<Vec<u8>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf();
    let modules = std::env::var_os("JINLIN_JS_TOOLS")
        .map_or_else(|| root.join("target/js-tools"), PathBuf::from)
        .join("node_modules");
    let required = std::env::var_os("JINLIN_REQUIRE_JS").is_some();
    if !modules.join("@automerge/automerge").exists() {
        assert!(
            !required,
            "JINLIN_REQUIRE_JS is set but {} lacks @automerge/automerge",
            modules.display()
        );
        eprintln!("skipped: run scripts/js-deps.sh to install the JavaScript Automerge library");
        return None;
    }
    let dir = tempfile::tempdir().expect("dir");
    let (doc, out) = (dir.path().join("request.automerge"), dir.path().join("change.bin"));
    std::fs::write(&doc, saved).expect("write the saved document");
    let run = std::process::Command::new("node")
        .arg(root.join("tests/js/comment.cjs"))
        .arg(&doc)
        .arg(&out)
        .args([writer.to_string(), author.to_string(), name.into(), text.into()])
        .arg("1760000000000")
        .env("NODE_PATH", &modules)
        .output();
    match run {
        Ok(run) => {
            assert!(
                run.status.success(),
                "node failed: {}",
                String::from_utf8_lossy(&run.stderr)
            );
            Some(std::fs::read(&out).expect("the change"))
        }
        Err(e) => {
            assert!(!required, "JINLIN_REQUIRE_JS is set but node does not run: {e}");
            eprintln!("skipped: node does not run ({e})");
            None
        }
    }
}

/// Uploads one change to a request as `phone`'s member, the way its app would.
async fn upload(phone: &Phone, request: DocId, group: DocId, change: Vec<u8>) -> (AckResult, Option<String>) {
    let req = SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: Vec::new(),
        docs: vec![DocChanges {
            doc_id: request,
            doc_type: DocKind::Request,
            group_id: group,
            changes: vec![ByteBuf::from(change)],
            saved: None,
        }],
        accept_saved: false,
        signatures: Vec::new(),
    };
    let (answer, _, _) = phone.client().exchange(&req).await.expect("sync");
    let ack = answer.acks.into_iter().next().expect("an ack");
    (ack.result, ack.change)
}

fn member(phone: &Phone) -> MemberId {
    phone.identity().expect("identity").expect("registered").member_id
}

#[tokio::test]
async fn a_comment_written_with_javascript_automerge_strings_reaches_every_neighbour_as_written() {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let wang = Phone::registered("Grandma Wang", "3", &relay).await;
    let li = Phone::registered("Li", "3", &relay).await;
    let chen = Phone::registered("Chen", "5", &relay).await;
    let hood = tree(&sun).await;
    wang.join(&sun.invite(hood.b3, Role::Resident).await).await;
    li.join(&sun.invite(hood.b3, Role::Volunteer).await).await;
    chen.join(&sun.invite(hood.b5, Role::Volunteer).await).await;
    // Asked of the whole estate: both buildings read it.
    let ride = wang.raise_ride(hood.estate, 1);
    wang.sync().await;
    li.sync().await;

    let saved = li.save_doc(ride).expect("save").expect("Li holds the request");
    let text = "五分钟后到 — on my way";
    let Some(change) = js_comment(&saved, member(&li), member(&li), "Li", text) else {
        return;
    };
    let (result, _) = upload(&li, ride, hood.estate, change).await;
    assert_eq!(
        result,
        AckResult::Stored,
        "the relay accepts Text where a string is read"
    );

    for phone in [&wang, &li, &chen, &sun] {
        phone.sync().await;
        let comments = phone.request(ride).expect("request").comments;
        assert_eq!(comments.len(), 1, "{} sees the comment: {comments:?}", phone.name);
        let c = &comments[0];
        assert_eq!(
            (c.author_id, c.author_name.as_str(), c.text.as_str()),
            (member(&li), "Li", text)
        );
        assert_eq!(c.at, 1_760_000_000_000);
    }
    // A comment written by the phone itself still goes beside it.
    li.comment(ride, "Downstairs now").expect("comment");
    assert!(li.sync().await.rejected.is_empty());
    wang.sync().await;
    assert_eq!(wang.request(ride).expect("request").comments.len(), 2);
}

#[tokio::test]
async fn a_javascript_comment_in_someone_elses_name_is_refused_for_that_reason_and_named() {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let wang = Phone::registered("Grandma Wang", "3", &relay).await;
    let chen = Phone::registered("Chen", "5", &relay).await;
    let hood = tree(&sun).await;
    wang.join(&sun.invite(hood.b3, Role::Resident).await).await;
    chen.join(&sun.invite(hood.b5, Role::Volunteer).await).await;
    let ride = wang.raise_ride(hood.estate, 1);
    wang.sync().await;
    chen.sync().await;

    let saved = chen.save_doc(ride).expect("save").expect("Chen holds the request");
    let Some(change) = js_comment(&saved, member(&chen), member(&wang), "Grandma Wang", "never mind") else {
        return;
    };
    let hash = jinlin_model::untrusted::change(&change).expect("a change").hash();
    let (result, named) = upload(&chen, ride, hood.estate, change).await;
    match result {
        AckResult::Rejected { reason } => assert!(reason.contains("author's name"), "{reason}"),
        other => panic!("accepted a comment in someone else's name: {other:?}"),
    }
    assert_eq!(named, Some(hash.to_string()), "the refusal names the change");
    wang.sync().await;
    assert!(wang.request(ride).expect("request").comments.is_empty());
}
