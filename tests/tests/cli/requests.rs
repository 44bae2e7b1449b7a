//! Requests as people read them from the command line, across the Lianhua tree: open requests
//! before finished ones, the comment thread in time order, times as local dates and times for
//! people and RFC 3339 in JSON; and a requester cannot sign up for her own request, neither on
//! her phone nor by going around it to the relay.

use automerge::transaction::Transactable as _;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc as _};
use jinlin_core::{DocId, SignupId};
use jinlin_model::DocKind;
use jinlin_model::protocol::{AckResult, DocChanges, PROTOCOL_VERSION, SyncRequest};
use jinlin_tests::{jinlin, jinlin_json};
use serde_bytes::ByteBuf;

use crate::tree::Tree;

fn id_of(value: &serde_json::Value) -> String {
    value["id"].as_str().expect("id").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_requester_cannot_sign_up_for_her_own_request_on_the_phone_or_at_the_relay() {
    let tree = Tree::new().await;
    let grandma = &tree.leader3;
    let b3 = tree.b3.to_string();
    let raised = jinlin_json(
        grandma.home(),
        &["request", "raise", "--group", &b3, "--kind", "errand", "--text", "Rice"],
    )
    .await;
    let id = id_of(&raised);
    let run = jinlin(grandma.home(), &["request", "accept", &id]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("your own request"), "{run:?}");
    let shown = jinlin_json(grandma.home(), &["request", "show", &id]).await;
    assert_eq!(shown["signups"], serde_json::json!([]));

    // Going around the phone: a sign-up of her own, written straight into the document.
    let doc_id: DocId = id.parse().expect("doc id");
    let me = grandma.identity().expect("identity").expect("has one");
    let saved = grandma.save_doc(doc_id).expect("read").expect("held");
    let mut doc = AutoCommit::load(&saved).expect("load").with_actor(me.member_id.actor());
    let heads = doc.get_heads();
    let signups = match doc.get(ROOT, "signups").expect("read") {
        Some((_, obj)) => obj,
        None => panic!("a request has sign-ups"),
    };
    let entry = doc
        .put_object(&signups, SignupId::random().to_string(), ObjType::Map)
        .expect("entry");
    doc.put(&entry, "member", me.member_id.to_string()).expect("member");
    doc.put(&entry, "name", me.name.as_str()).expect("name");
    doc.put(&entry, "at", 1_i64).expect("at");
    let changes = doc
        .get_changes(&heads)
        .into_iter()
        .map(|c| ByteBuf::from(c.raw_bytes().to_vec()))
        .collect();
    let (answer, _, _) = grandma
        .client()
        .exchange(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: Vec::new(),
            docs: vec![DocChanges {
                doc_id,
                doc_type: DocKind::Request,
                group_id: tree.b3,
                changes,
                saved: None,
            }],
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await
        .expect("answer");
    match &answer.acks[0].result {
        AckResult::Rejected { reason } => assert!(reason.contains("own request"), "{reason}"),
        other => panic!("the relay took a requester's own sign-up: {other:?}"),
    }
    // Nobody else ever sees it.
    let volunteer = &tree.volunteer3;
    volunteer.sync().await;
    assert!(volunteer.request(doc_id).expect("request").signups.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_requests_list_before_finished_ones_and_the_thread_reads_in_time_order_with_local_times() {
    let tree = Tree::new().await;
    let grandma = tree.leader3.home();
    let li = tree.volunteer3.home();
    let b3 = tree.b3.to_string();
    let raise = |kind: &'static str, text: &'static str, urgent: bool| {
        let b3 = b3.clone();
        async move {
            let mut args = vec![
                "request",
                "raise",
                "--group",
                b3.as_str(),
                "--kind",
                kind,
                "--text",
                text,
            ];
            if urgent {
                args.push("--urgent");
            }
            id_of(&jinlin_json(grandma, &args).await)
        }
    };
    // An urgent ride that is soon done, then an everyday errand that stays open.
    let ride = raise("hospital", "Please drive me to hospital", true).await;
    let errand = raise("errand", "Rice and eggs", false).await;
    jinlin(li, &["sync"]).await;
    jinlin_json(li, &["request", "accept", &ride]).await;
    jinlin_json(li, &["request", "done", &ride]).await;
    jinlin(grandma, &["sync"]).await;
    for home in [grandma, li] {
        let list = jinlin_json(home, &["request", "list"]).await;
        let order: Vec<&str> = list
            .as_array()
            .expect("list")
            .iter()
            .map(|r| r["id"].as_str().expect("id"))
            .collect();
        assert_eq!(order, vec![errand.as_str(), ride.as_str()], "open first, then done");
        let text = jinlin(home, &["request", "list"]).await.stdout;
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with(&errand[..8]) && lines[1].starts_with(&ride[..8]),
            "{text}"
        );
    }

    // Comments written offline on both phones: Li's first, Grandma's later (after another
    // change of hers), read in the order they were written wherever they are read.
    jinlin_json(li, &["request", "accept", &errand]).await;
    jinlin(grandma, &["sync"]).await;
    jinlin_json(li, &["--offline", "request", "comment", &errand, "I can go at six"]).await;
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    jinlin_json(grandma, &["--offline", "request", "start", &errand]).await;
    jinlin_json(
        grandma,
        &["--offline", "request", "comment", &errand, "Six is fine, thank you"],
    )
    .await;
    for home in [li, grandma, li, grandma] {
        assert!(jinlin(home, &["sync"]).await.ok());
    }
    let view = tree.volunteer3.request(errand.parse().expect("id")).expect("request");
    for home in [grandma, li] {
        let shown = jinlin_json(home, &["request", "show", &errand]).await;
        let texts: Vec<&str> = shown["comments"]
            .as_array()
            .expect("comments")
            .iter()
            .map(|c| c["text"].as_str().expect("text"))
            .collect();
        assert_eq!(texts, vec!["I can go at six", "Six is fine, thank you"]);
        // JSON times keep their milliseconds (the contract) and add RFC 3339 in UTC beside them;
        // people read local dates and times (UTC+8 here).
        assert_eq!(shown["created_at"].as_i64(), Some(view.created_at), "{shown}");
        assert_eq!(
            shown["created_at_rfc3339"].as_str(),
            Some(jinlin_model::dates::rfc3339(view.created_at).as_str()),
            "{shown}"
        );
        assert!(
            shown["comments"][0]["at_rfc3339"]
                .as_str()
                .is_some_and(|t| t.ends_with('Z')),
            "{shown}"
        );
        let card = jinlin(home, &["request", "show", &errand]).await.stdout;
        let raised_at = jinlin_model::dates::local(view.created_at, jinlin_model::dates::DEFAULT_OFFSET_MINUTES);
        assert!(card.contains(&format!("at {raised_at}")), "{card}");
        let first = jinlin_model::dates::local(view.comments[0].at, jinlin_model::dates::DEFAULT_OFFSET_MINUTES);
        assert!(card.contains(&format!("{first} Li: I can go at six")), "{card}");
        assert!(
            !card.contains(&view.created_at.to_string()),
            "no raw milliseconds: {card}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_urgent_request_without_words_carries_its_kind_and_a_routine_one_is_refused() {
    let tree = Tree::new().await;
    let grandma = &tree.leader3;
    let b3 = tree.b3.to_string();
    // The one button: no sentence, in anyone's language. The JSON keeps its keys: text is "".
    let ride = jinlin_json(
        grandma.home(),
        &[
            "request",
            "raise",
            "--group",
            &b3,
            "--kind",
            "hospital",
            "--urgent",
            "--no-wait",
        ],
    )
    .await;
    assert_eq!(ride["kind"], "hospital");
    assert_eq!(ride["urgent"], true);
    assert_eq!(ride["text"], "");
    let shown = jinlin(grandma.home(), &["request", "show", &id_of(&ride)]).await;
    assert!(shown.ok(), "{shown:?}");
    assert!(shown.stdout.contains("Please take me to hospital"), "{}", shown.stdout);

    // A routine request says what it needs: refused, and nothing is raised.
    let run = jinlin(
        grandma.home(),
        &["request", "raise", "--group", &b3, "--kind", "errand"],
    )
    .await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("request text must not be empty"), "{run:?}");
    let list = jinlin_json(grandma.home(), &["request", "list"]).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
}
