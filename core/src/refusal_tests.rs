//! The phone's own checks a person reads (an unknown id, a missing photo, a step only staff
//! take) are entries of the model's table of refusals (`jinlin_model::refusal`), like the
//! relay's, so the apps and the command line say them in the reader's language: no
//! `InvalidInput`, `NotAllowed` or error `reason` here or in the mobile bindings (`ffi/src`) is
//! written as a literal. Failures of the device itself (no randomness, TLS or HTTP set-up, an index that
//! cannot be written) are not a person's doing and are shown as a general error; they are
//! allowed by the start of their text.

use std::path::{Path, PathBuf};

use jinlin_model::Language;
use jinlin_model::refusal::{self, Refusal};

/// The starts of the device's own failures, which no person can act on.
const DEVICE_FAILURES: &[&str] = &[
    "\"no randomness",
    "\"cannot set up",
    "\"cannot index",
    "\"bad live channel URL",
    "\"the relay's certificate authority",
    "\"cannot read this device's trusted certificates",
    "\"cannot start the background runtime",
    // Tests' own text, never shown: ffi/src/error.rs's mistyped code, and ffi/src/messages.rs's
    // example of text no entry matches.
    "\"an invite code has 10 letters",
    "\"a home is a latitude and a longitude",
    // ffi/src/error.rs's test that the voice note's size keeps its English words.
    "\"the voice note is 2000000 bytes",
];

/// The sources of `dir`, recursively.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).expect("read the sources").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}

/// Whether the `reason` field that `before` ends at is one a person reads: of an error the apps
/// show with it (`InvalidInput`, `NotAllowed`, `Relay`, `Peer`) or of a refused change
/// (`Rejection`), not of a damaged store or document, which the apps say in their own words.
fn said_to_a_person(before: &str) -> bool {
    let Some(open) = before.rfind('{') else {
        return false;
    };
    let name = before[..open].trim_end();
    ["InvalidInput", "NotAllowed", "Relay", "Peer", "Rejection"]
        .iter()
        .any(|n| name.ends_with(n))
}

#[test]
fn no_check_of_the_phone_a_person_reads_is_written_outside_the_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Written in pieces, so that this file does not find itself.
    let calls = [
        concat!("InvalidInput", "("),
        concat!("NotAllowed", "("),
        concat!("reason", ":"),
    ];
    let mut found = Vec::new();
    for path in sources(&root.join("src"))
        .into_iter()
        .chain(sources(&root.join("../ffi/src")))
    {
        let text = std::fs::read_to_string(&path).expect("read a source");
        for call in calls {
            for (at, _) in text.match_indices(call) {
                if call.starts_with("reason") && !said_to_a_person(&text[..at]) {
                    continue;
                }
                let mut rest = text[at + call.len()..].trim_start();
                for wrapper in ["&format!(", "format!("] {
                    if let Some(inner) = rest.strip_prefix(wrapper) {
                        rest = inner.trim_start();
                    }
                }
                if rest.starts_with('"') && !DEVICE_FAILURES.iter().any(|d| rest.starts_with(d)) {
                    let line = text[..at].lines().count();
                    found.push(format!(
                        "{}:{line}: {}",
                        path.display(),
                        rest.chars().take(60).collect::<String>()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "checks written as literals (add them to model/src/refusal/table.rs): {found:#?}"
    );
}

#[test]
fn the_phones_own_checks_are_said_in_chinese_and_in_english() {
    let cases = [
        (Refusal::NoReportHere.with(&[&"r1"]), "本设备上没有上报 r1"),
        (
            Refusal::PhotoAddedFirst.en().to_string(),
            "照片要先存到本设备上，才能附上",
        ),
        (
            Refusal::GroupGoesIn.with(&[&"estate", &"building"]),
            "楼栋里面不能再建小区：楼栋建在小区或社区里，小区建在社区里",
        ),
        (
            Refusal::TeamsShareName.with(&[&2, &"\"Night drivers\""]),
            "有 2 支服务队都叫 \"Night drivers\"；请给出服务队的编号",
        ),
        (
            Refusal::OwnRequestCancel.en().to_string(),
            "这是您自己发出的求助；请直接取消它",
        ),
    ];
    for (reason, zh) in cases {
        assert_eq!(refusal::render(&reason, Language::ZhHans), zh);
        assert_eq!(refusal::render(&reason, Language::En), reason);
    }
    // The longer sentence wins over the shorter one it starts with.
    let nested = Refusal::GroupGoesIn.with(&[&"estate", &"building"]);
    assert_eq!(refusal::code(&nested), Some("phone.group_goes_in"));
    assert_eq!(
        nested,
        "a estate cannot sit inside a building: a building goes in an estate or a community, an estate in a community"
    );
}
