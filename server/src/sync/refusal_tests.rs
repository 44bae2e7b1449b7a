//! Every reason the relay refuses an upload with is an entry of the model's table of refusals
//! (`jinlin_model::refusal`), so a phone says it in its reader's language: no refusal here is
//! written as a literal.

use std::path::{Path, PathBuf};

use jinlin_model::Language;
use jinlin_model::refusal::{self, Refusal};

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

#[test]
fn every_upload_refusal_of_the_relay_is_in_the_table_of_refusals() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // Written in pieces, so that this file does not find itself.
    let refusing = [
        concat!("reject", "("),
        concat!("refuse", "("),
        concat!("reason", ":"),
        concat!("Forbidden", "("),
    ];
    let named = [concat!("&str", " =")];
    let mut checks: Vec<(PathBuf, &[&str])> = Vec::new();
    for path in sources(&src.join("sync")) {
        checks.push((path.clone(), &named[..]));
        checks.push((path, &refusing[..]));
    }
    checks.push((src.join("grid/assignments.rs"), &named[..]));
    checks.extend(sources(&src.join("access")).into_iter().map(|p| (p, &refusing[..])));
    let mut found = Vec::new();
    for (path, calls) in checks {
        let text = std::fs::read_to_string(&path).expect("read a source");
        for call in calls {
            for (at, _) in text.match_indices(call) {
                let rest = text[at + call.len()..].trim_start();
                if rest.starts_with('"') || rest.starts_with("&format!") || rest.starts_with("format!") {
                    found.push(format!("{}:{}", path.display(), text[..at].lines().count()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "refusals written as literals (add them to model/src/refusal/table.rs): {found:#?}"
    );
}

#[test]
fn the_relays_named_refusals_are_said_in_chinese() {
    for reason in [
        super::NO_SUCH_DOCUMENT,
        super::STAFF_OF_PARENT,
        super::LEADER_MOVES_HOUSEHOLD,
        super::checks::PROPOSE,
        crate::grid::assignments::ASSIGNEE_MAY_NOT_READ,
        crate::grid::assignments::UNKNOWN_ASSIGNEE,
        crate::grid::assignments::UNKNOWN_TEAM,
    ] {
        assert!(refusal::code(reason).is_some(), "{reason}");
        assert_ne!(refusal::render(reason, Language::ZhHans), reason);
    }
    assert_eq!(
        refusal::render(&Refusal::GroupsPerDay.with(&[&20]), Language::ZhHans),
        "本设备今天新建的群组已达上限（20 个），请明天再试"
    );
}
