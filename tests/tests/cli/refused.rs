//! A refusal on the command line: `sync` exits 4 with the refusals in its one JSON value (3
//! stays "relay out of reach"), `refused` lists them, a later command does not claim the relay
//! is out of reach, `signout` is not held up by them, and `group create` refuses an estate inside
//! a building before saving anything. The relay's reason is printed in the reader's language;
//! `--json` keeps the relay's own words.

use automerge::transaction::Transactable;
use automerge::{ROOT, ReadDoc};
use jinlin_core::{DocId, MemberId, Role, Skill};
use jinlin_tests::{Phone, Relay, jinlin, jinlin_json, tree};

/// The relay's reason when a member writes into another member's entry of a group, and how a
/// Chinese reader reads it.
const NOT_YOUR_ENTRY: &str = "a member edits only their own entry, and never their role";
const NOT_YOUR_ENTRY_ZH: &str = "成员只能修改自己的资料，不能改自己的角色";

/// A hostile phone's change: `writer` sets `member`'s unit in `group`, an entry not theirs.
fn write_neighbours_unit(writer: &Phone, group: DocId, member: MemberId, unit: &str) {
    writer.write_past_the_rules(group, |doc| {
        let (_, members) = doc.get(ROOT, "members").expect("read").expect("members");
        let (_, entry) = doc
            .get(&members, member.to_string())
            .expect("read")
            .expect("the neighbour's entry");
        doc.put(&entry, "unit", unit).expect("put");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_residents_write_to_a_neighbours_entry_is_refused_and_said_in_chinese_while_json_keeps_the_relays_words()
 {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let wang = Phone::registered("Grandma Wang", "3", &relay).await;
    let zhou = Phone::registered("Zhou", "3", &relay).await;
    let hood = tree(&sun).await;
    wang.join(&sun.invite(hood.b3, Role::Resident).await).await;
    zhou.join(&sun.invite(hood.b3, Role::Resident).await).await;
    zhou.sync().await;
    let wang_id = wang.identity().expect("identity").expect("registered").member_id;
    let h = zhou.home();

    // In Chinese, the reason is Chinese, and the relay's English is not printed.
    write_neighbours_unit(&zhou, hood.b3, wang_id, "404");
    let run = jinlin(h, &["--lang", "zh", "sync"]).await;
    assert_eq!(run.code, Some(4), "{run:?}");
    assert!(run.stdout.contains(NOT_YOUR_ENTRY_ZH), "{run:?}");
    assert!(!run.stdout.contains(NOT_YOUR_ENTRY), "{run:?}");
    let listed = jinlin(h, &["--lang", "zh", "refused"]).await;
    assert!(listed.ok() && listed.stdout.contains(NOT_YOUR_ENTRY_ZH), "{listed:?}");
    let listed = jinlin(h, &["--lang", "en", "refused"]).await;
    assert!(listed.ok() && listed.stdout.contains(NOT_YOUR_ENTRY), "{listed:?}");

    // `--json` keeps the relay's words exactly, whatever the language asked for.
    write_neighbours_unit(&zhou, hood.b3, wang_id, "405");
    let run = jinlin(h, &["--lang", "zh", "--json", "sync"]).await;
    assert_eq!(run.code, Some(4), "{run:?}");
    let report: serde_json::Value = serde_json::from_str(run.stdout.trim()).expect("one JSON value");
    assert_eq!(report["rejected"][0]["reason"], NOT_YOUR_ENTRY, "{report}");
    let listed = jinlin_json(h, &["--lang", "zh", "refused"]).await;
    let refused = listed["refused"].as_array().expect("a list");
    assert_eq!(refused.len(), 2, "{listed}");
    assert!(refused.iter().all(|r| r["reason"] == NOT_YOUR_ENTRY), "{listed}");

    // Nobody else's phone ever saw the hostile unit.
    sun.sync().await;
    let b3 = sun.group(hood.b3).expect("building 3");
    assert_ne!(b3.member(wang_id).and_then(|m| m.unit.clone()).as_deref(), Some("404"));
    assert_ne!(b3.member(wang_id).and_then(|m| m.unit.clone()).as_deref(), Some("405"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jinlin_sync_exits_4_naming_the_refusal_and_nothing_stays_stuck() {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let li = Phone::registered("Li", "3", &relay).await;
    let hood = tree(&sun).await;
    li.join(&sun.invite(hood.b3, Role::Staff).await).await;
    let li_id = li.identity().expect("identity").expect("registered").member_id;
    let request = sun.raise_ride(hood.b3, 1);
    sun.sync().await;
    sun.set_role(hood.b3, li_id, Role::Volunteer).expect("demote");
    sun.sync().await;
    // Li's phone still thinks Li is staff of the building.
    li.add_team(hood.b3, "Night drivers", Some(Skill::Driver))
        .expect("saved on the phone");
    let h = li.home();

    let run = jinlin(h, &["--json", "sync"]).await;
    assert_eq!(run.code, Some(4), "{run:?}");
    let report: serde_json::Value = serde_json::from_str(run.stdout.trim()).expect("one JSON value");
    assert_eq!(report["rejected"][0]["doc_id"], hood.b3.to_string());
    assert!(
        report["rejected"][0]["reason"]
            .as_str()
            .expect("reason")
            .contains("staff"),
        "{report}"
    );
    assert_eq!(report["rejected"][0]["set_aside"], 1);
    assert_eq!(report["pending"], 0);

    let run = jinlin(h, &["sync"]).await;
    assert_eq!(run.code, Some(0), "refused once, not again: {run:?}");
    assert!(!run.stdout.contains("waiting"), "{run:?}");

    let listed = jinlin_json(h, &["refused"]).await;
    let refused = listed["refused"].as_array().expect("a list");
    assert_eq!(refused.len(), 1, "{listed}");
    assert_eq!(refused[0]["doc_type"], "group");
    assert!(refused[0]["reason"].as_str().expect("reason").contains("staff"));
    let text = jinlin(h, &["refused"]).await;
    assert!(text.ok() && text.stdout.contains("staff"), "{text:?}");

    // The relay is reachable: a later change says it was sent, never "out of reach".
    let run = jinlin(h, &["request", "comment", &request.to_string(), "I can drive at night"]).await;
    assert!(run.ok(), "{run:?}");
    assert!(run.stdout.contains("sent to the relay"), "{run:?}");
    assert!(!run.stdout.contains("out of reach"), "{run:?}");

    // Another refused change during a command's quick sync is said as a refusal: staff again,
    // and made a volunteer again while Li's phone is offline.
    sun.set_role(hood.b3, li_id, Role::Staff).expect("promote");
    sun.sync().await;
    assert_eq!(jinlin(h, &["sync"]).await.code, Some(0));
    sun.set_role(hood.b3, li_id, Role::Volunteer).expect("demote");
    sun.sync().await;
    li.add_team(hood.b3, "Errands", None).expect("saved on the phone");
    let run = jinlin(h, &["request", "comment", &request.to_string(), "Call me"]).await;
    assert!(run.ok(), "{run:?}");
    assert!(run.stdout.contains("refused"), "{run:?}");
    assert!(!run.stdout.contains("out of reach"), "{run:?}");

    let out = jinlin_json(h, &["signout"]).await;
    assert_eq!(
        (out["signed_out"].clone(), out["unsent"].clone()),
        (true.into(), 0.into()),
        "{out}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jinlin_group_create_refuses_an_estate_inside_a_building_and_saves_nothing() {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let hood = tree(&sun).await;
    let h = sun.home();
    let b3 = hood.b3.to_string();
    let run = jinlin(
        h,
        &[
            "--json",
            "group",
            "create",
            "Inner Estate",
            "--kind",
            "estate",
            "--parent",
            &b3,
        ],
    )
    .await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    let err: serde_json::Value = serde_json::from_str(run.stderr.trim()).expect("a JSON error");
    assert!(
        err["message"].as_str().expect("message").contains("cannot sit inside"),
        "{err}"
    );
    let who = jinlin_json(h, &["whoami"]).await;
    assert_eq!(who["pending"], 0, "nothing waits to be sent");
    assert_eq!(sun.groups().expect("groups").len(), 4, "nothing written");
}
