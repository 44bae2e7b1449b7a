//! The relay's refusal of a call (an invite code used up, a resident trying a staff-only step, a
//! device cut off) is printed in the reader's language; `--json` keeps the relay's own words.

use jinlin_core::Role;
use jinlin_tests::{Phone, Relay, jinlin, jinlin_json, tree};

const USED_UP: &str = "this invite code has been used up";
const USED_UP_ZH: &str = "这个邀请码的使用次数已经用完";
const REVOKES: &str = "only staff of this group (or of a group above it) revoke a member's device";
const REVOKES_ZH: &str = "只有本群组（或上级群组）的社区工作人员才能停用成员的设备";
const SIGNED_OUT: &str = "a valid bearer token is required";
const SIGNED_OUT_ZH: &str = "本设备没有登录，或登录已失效；请重新登录";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_with_a_used_up_invite_code_is_refused_in_chinese_while_json_keeps_the_relays_words() {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let wang = Phone::registered("Grandma Wang", "3", &relay).await;
    let zhou = Phone::registered("Zhou", "3", &relay).await;
    let hood = tree(&sun).await;
    let b3 = hood.b3.to_string();
    let invite = jinlin_json(
        sun.home(),
        &["group", "invite", &b3, "--role", "resident", "--uses", "1"],
    )
    .await;
    let code = invite["code"].as_str().expect("code").to_string();
    let joined = jinlin_json(wang.home(), &["group", "join", &code]).await;
    assert_eq!(joined["role"], "resident", "{joined}");

    // In Chinese, the reason is Chinese and the relay's English is not printed.
    let run = jinlin(zhou.home(), &["--lang", "zh", "group", "join", &code]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains(USED_UP_ZH), "{run:?}");
    assert!(!run.stderr.contains(USED_UP), "{run:?}");

    // In English, the relay's sentence.
    let run = jinlin(zhou.home(), &["--lang", "en", "group", "join", &code]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains(USED_UP), "{run:?}");

    // `--json` keeps the relay's words, whatever the language asked for.
    let run = jinlin(zhou.home(), &["--lang", "zh", "--json", "group", "join", &code]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    let err: serde_json::Value = serde_json::from_str(run.stderr.trim()).expect("a JSON error");
    let message = err["message"].as_str().expect("message");
    assert!(message.contains(USED_UP), "{err}");
    assert!(!message.contains(USED_UP_ZH), "{err}");

    // Nothing was joined.
    let groups = jinlin_json(zhou.home(), &["group", "list"]).await;
    assert!(!groups.to_string().contains(&b3), "{groups}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_revoking_a_neighbours_device_reads_why_not_in_chinese_and_a_cut_off_phone_reads_it_too() {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let wang = Phone::registered("Grandma Wang", "3", &relay).await;
    let zhou = Phone::registered("Zhou", "3", &relay).await;
    let hood = tree(&sun).await;
    wang.join(&sun.invite(hood.b3, Role::Resident).await).await;
    zhou.join(&sun.invite(hood.b3, Role::Resident).await).await;
    let wang_id = wang
        .identity()
        .expect("identity")
        .expect("registered")
        .member_id
        .to_string();
    let b3 = hood.b3.to_string();

    // A resident may not cut off a neighbour's phone: said in Chinese, and in English on ask.
    let run = jinlin(zhou.home(), &["--lang", "zh", "group", "revoke-device", &b3, &wang_id]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains(REVOKES_ZH), "{run:?}");
    assert!(!run.stderr.contains(REVOKES), "{run:?}");
    let run = jinlin(zhou.home(), &["--lang", "en", "group", "revoke-device", &b3, &wang_id]).await;
    assert!(run.stderr.contains(REVOKES), "{run:?}");
    let err = jinlin(zhou.home(), &["--json", "group", "revoke-device", &b3, &wang_id]).await;
    let err: serde_json::Value = serde_json::from_str(err.stderr.trim()).expect("a JSON error");
    assert!(err["message"].as_str().expect("message").contains(REVOKES), "{err}");

    // Staff may; the phone cut off is told so in Chinese.
    let revoked = jinlin_json(sun.home(), &["group", "revoke-device", &b3, &wang_id]).await;
    assert_eq!(revoked["revoked"], true, "{revoked}");
    let run = jinlin(wang.home(), &["--lang", "zh", "sync"]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains(SIGNED_OUT_ZH), "{run:?}");
    assert!(!run.stderr.contains(SIGNED_OUT), "{run:?}");
    let run = jinlin(wang.home(), &["--json", "sync"]).await;
    let err: serde_json::Value = serde_json::from_str(run.stderr.trim()).expect("a JSON error");
    assert!(err["message"].as_str().expect("message").contains(SIGNED_OUT), "{err}");
}
