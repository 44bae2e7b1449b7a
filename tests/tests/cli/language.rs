//! What the command line prints for people is in Simplified Chinese unless it is told otherwise:
//! `--lang`, then `JINLIN_LANG`, then the locale (a zh_* locale or none is Chinese, any other
//! English). `--json` prints the same in every language.

use jinlin_tests::{jinlin, jinlin_in, jinlin_json};
use tempfile::TempDir;

const CHINESE: &str = "本设备还没有身份";
const ENGLISH: &str = "This device has no identity yet";

#[tokio::test]
async fn a_person_reads_chinese_unless_the_flag_jinlin_lang_or_a_non_chinese_locale_says_english() {
    let home = TempDir::new().expect("home");
    for (args, env, expected) in [
        (&[][..], &[][..], CHINESE),
        (&[], &[("LANG", "zh_CN.UTF-8")], CHINESE),
        (&[], &[("LANG", "C.UTF-8")], ENGLISH),
        (&[], &[("LANG", "en_US.UTF-8")], ENGLISH),
        (&[], &[("LANG", "en_US.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")], CHINESE),
        (&[], &[("JINLIN_LANG", "en"), ("LANG", "zh_CN.UTF-8")], ENGLISH),
        (&["--lang", "zh"], &[("JINLIN_LANG", "en")], CHINESE),
        (&["--lang", "en"], &[], ENGLISH),
    ] {
        let mut all = args.to_vec();
        all.push("whoami");
        let run = jinlin_in(home.path(), &all, env).await;
        assert!(run.ok(), "{all:?} {env:?}: {run:?}");
        assert!(run.stdout.contains(expected), "{all:?} {env:?}: {}", run.stdout);
    }
}

#[tokio::test]
async fn an_unknown_language_is_refused_with_a_clear_error() {
    let home = TempDir::new().expect("home");
    for (args, env) in [
        (&["--lang", "fr", "whoami"][..], &[][..]),
        (&["whoami"], &[("JINLIN_LANG", "klingon")]),
    ] {
        let run = jinlin_in(home.path(), args, env).await;
        assert_eq!(run.code, Some(1), "{run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
        assert!(run.stderr.contains("zh") && run.stderr.contains("en"), "{run:?}");
        assert!(!run.stderr.contains("panicked"), "{run:?}");
    }
}

#[tokio::test]
async fn json_is_the_same_in_every_language() {
    let home = TempDir::new().expect("home");
    let english = jinlin_json(home.path(), &["whoami"]).await;
    for env in [&[][..], &[("LANG", "zh_CN.UTF-8")], &[("JINLIN_LANG", "zh")]] {
        let run = jinlin_in(home.path(), &["--json", "whoami"], env).await;
        assert_eq!(run.json(), english, "{env:?}");
    }
    let offline = jinlin_in(home.path(), &["--json", "--offline", "sync"], &[]).await;
    let said: serde_json::Value = serde_json::from_str(offline.stderr.trim()).expect("one JSON error");
    assert!(
        said["message"]
            .as_str()
            .is_some_and(|m| m.contains("--offline") && m.is_ascii()),
        "an error's message under --json is as it always was: {said}"
    );
}

#[tokio::test]
async fn help_is_in_chinese_unless_english_is_chosen_and_then_as_it_always_was() {
    let home = TempDir::new().expect("home");
    let zh = jinlin_in(home.path(), &["--help"], &[]).await;
    assert!(zh.ok(), "{zh:?}");
    for heading in ["用法：", "命令：", "选项："] {
        assert!(zh.stdout.contains(heading), "{heading}: {}", zh.stdout);
    }
    assert!(zh.stdout.starts_with("jinlin：命令行上的近邻设备"), "{}", zh.stdout);
    assert!(zh.stdout.contains("用您的名字把本设备登记到一个中继"), "{}", zh.stdout);
    assert!(
        !zh.stdout.contains("Usage:") && !zh.stdout.contains("Print help"),
        "{}",
        zh.stdout
    );
    let args = jinlin_in(home.path(), &["group", "invite", "--help"], &[]).await;
    assert!(
        args.stdout.contains("参数：") && args.stdout.contains("邀请码能用几次"),
        "{}",
        args.stdout
    );
    assert!(
        args.stdout.contains("［默认：24h］") && !args.stdout.contains("[default:"),
        "{}",
        args.stdout
    );
    let en = jinlin_in(home.path(), &["--lang", "en", "group", "invite", "--help"], &[]).await;
    assert!(
        en.stdout
            .contains("How long the code is valid: 30m, 24h, 7d... [default: 24h]"),
        "{}",
        en.stdout
    );

    for (args, env) in [
        (&["--lang", "en", "--help"][..], &[][..]),
        (&["--help"], &[("LANG", "en_US.UTF-8")]),
    ] {
        let en = jinlin_in(home.path(), args, env).await;
        assert!(en.ok(), "{en:?}");
        assert!(
            en.stdout.starts_with("jinlin: a command-line Jinlin device\n\nUsage: "),
            "{}",
            en.stdout
        );
        for line in [
            "Commands:",
            "  register   Register this device with a relay under your name",
            "Options:",
            "  -h, --help          Print help",
        ] {
            assert!(en.stdout.contains(line), "{line}: {}", en.stdout);
        }
    }
}

#[tokio::test]
async fn the_demo_stories_are_described_in_the_readers_language() {
    let home = TempDir::new().expect("home");
    let zh = jinlin_in(home.path(), &["demo", "--help"], &[]).await;
    assert!(zh.ok(), "{zh:?}");
    for line in [
        "可以用：",
        "- urgent：孕妇夜里独自在家",
        "- checkin：错过了一次“我很好”",
        "- community：服务目录",
    ] {
        assert!(zh.stdout.contains(line), "{line}: {}", zh.stdout);
    }
    for english in ["Possible values", "A pregnant woman", "The service menu"] {
        assert!(!zh.stdout.contains(english), "{english}: {}", zh.stdout);
    }
    let short = jinlin_in(home.path(), &["demo", "-h"], &[]).await;
    assert!(
        short.stdout.contains("［可以用：signups, urgent, checkin, community］"),
        "{}",
        short.stdout
    );

    let en = jinlin_in(home.path(), &["--lang", "en", "demo", "--help"], &[]).await;
    assert!(en.ok(), "{en:?}");
    for line in [
        "Possible values:",
        "- urgent:    A pregnant woman alone at night",
        "- community: The service menu",
    ] {
        assert!(en.stdout.contains(line), "{line}: {}", en.stdout);
    }
}

#[tokio::test]
async fn a_usage_error_is_said_in_the_chosen_language_and_exits_2() {
    let home = TempDir::new().expect("home");
    let zh = jinlin_in(home.path(), &["request", "list", "--bogus"], &[]).await;
    assert_eq!(zh.code, Some(2), "{zh:?}");
    assert!(zh.stderr.starts_with("错误：无法识别的参数 '--bogus'"), "{}", zh.stderr);
    assert!(
        zh.stderr.contains("用法：") && zh.stderr.contains("'--help'"),
        "{}",
        zh.stderr
    );
    let en = jinlin_in(home.path(), &["--lang", "en", "request", "list", "--bogus"], &[]).await;
    assert_eq!(en.code, Some(2), "{en:?}");
    assert!(
        en.stderr.starts_with("error: unexpected argument '--bogus' found"),
        "{}",
        en.stderr
    );
    assert!(en.stderr.contains("Usage: "), "{}", en.stderr);
    // With --json the error is as scripts have always read it.
    let json = jinlin_in(home.path(), &["--json", "request", "list", "--bogus"], &[]).await;
    assert!(json.stderr.starts_with("error: unexpected argument"), "{}", json.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listing_says_each_status_in_words_and_json_keeps_the_code() {
    let tree = crate::tree::Tree::new().await;
    let home = tree.resident5.home();
    let b5 = tree.b5.to_string();
    jinlin_json(
        home,
        &["report", "raise", "--group", &b5, "--text", "The lift is stuck"],
    )
    .await;

    let zh = jinlin_in(home, &["report", "list"], &[]).await;
    assert!(zh.ok(), "{zh:?}");
    assert!(zh.stdout.contains("[已上报]"), "{}", zh.stdout);
    assert!(!zh.stdout.contains("raised"), "{}", zh.stdout);
    let en = jinlin(home, &["report", "list"]).await;
    assert!(en.stdout.contains("[raised]"), "{}", en.stdout);
    let json = jinlin_in(home, &["--json", "report", "list"], &[]).await.json();
    assert_eq!(json[0]["status"], "raised", "{json}");

    // A need raised at the door, and the visit's outcome and the household's tier.
    let worker = tree.worker.home();
    let hid = &tree.old_mr_zhaos_household().await;
    jinlin_json(
        worker,
        &[
            "visit",
            "log",
            hid,
            "--outcome",
            "not-home",
            "--need",
            "Deliver medicine",
        ],
    )
    .await;
    let zh = jinlin_in(worker, &["household", "show", hid], &[]).await;
    assert!(zh.ok(), "{zh:?}");
    for word in ["不在家", "[已记录]"] {
        assert!(zh.stdout.contains(word), "{word}: {}", zh.stdout);
    }
    assert!(
        !zh.stdout.contains("not-home") && !zh.stdout.contains("recorded"),
        "{}",
        zh.stdout
    );
    let json = jinlin_in(worker, &["--json", "need", "list"], &[]).await.json();
    assert_eq!(json[0]["status"], "recorded", "{json}");
}
