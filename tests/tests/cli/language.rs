//! What the command line prints for people is in Simplified Chinese unless it is told otherwise:
//! `--lang`, then `JINLIN_LANG`, then the locale (a zh_* locale or none is Chinese, any other
//! English). `--json` prints the same in every language.

use jinlin_tests::{jinlin_in, jinlin_json};
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
