//! Every refusal the relay answers a call with (an [`AppError`]'s sentence, an error body's
//! `message`) is an entry of the model's table of refusals (`jinlin_model::refusal`), so the
//! phones, the command line and the dashboard say it in their reader's language while the wire
//! keeps the English. A refusal written here as a literal or a `format!` fails the scan below;
//! the few sentences only an operator reads are allowed by name, with the reason.

use std::path::{Path, PathBuf};

use jinlin_model::Language;
use jinlin_model::protocol::MAX_BODY_BYTES;
use jinlin_model::refusal::{self, Refusal};

use crate::error::{AppError, Error};

/// Sentences a person using Jinlin never reads, each with why. Found by file and by the start
/// of the text, so that a new refusal beside them is still caught.
const OPERATORS_ONLY: &[(&str, &str, &str)] = &[(
    "operator.rs",
    "\"metrics are served to this machine only",
    "read by whoever runs the relay's metrics scraper, never by a phone, the CLI or the desk",
)];

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

/// Whether `text` (what follows a refusing call) starts with a sentence written in place.
fn literal(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with('"') || text.starts_with("format!") || text.starts_with("&format!")
}

/// The arguments of a call, from just after its `(`, split at its top-level commas, and what
/// follows its `)`.
fn arguments(rest: &str) -> (Vec<&str>, &str) {
    let (mut depth, mut start, mut args) = (0usize, 0usize, Vec::new());
    let mut in_str = false;
    let mut prev = ' ';
    for (i, c) in rest.char_indices() {
        match c {
            '"' if prev != '\\' => in_str = !in_str,
            '(' | '[' | '{' if !in_str => depth += 1,
            ')' | ']' | '}' if !in_str => {
                if depth == 0 {
                    args.push(&rest[start..i]);
                    return (args, &rest[i + 1..]);
                }
                depth -= 1;
            }
            ',' if !in_str && depth == 0 => {
                args.push(&rest[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        prev = c;
    }
    (args, "")
}

/// Every place in `text` a refusal is written in place, as line numbers.
fn literal_refusals(text: &str) -> Vec<(usize, String)> {
    // Written in pieces, so that this file does not find itself.
    let refusing = [
        concat!("Forbidden", "("),
        concat!("Conflict", "("),
        concat!("BadRequest", "("),
        concat!("NotFound", "("),
        concat!("TooManyRequests", "("),
        concat!("message", ":"),
    ];
    let mut found = Vec::new();
    let line = |at: usize| text[..at].lines().count();
    for call in refusing {
        for (at, _) in text.match_indices(call) {
            let rest = &text[at + call.len()..];
            if literal(rest) {
                found.push((line(at), rest.trim_start().chars().take(60).collect()));
            }
        }
    }
    // `error_response(status, code, message)`.
    for (at, _) in text.match_indices(concat!("error_response", "(")) {
        let (args, _) = arguments(&text[at + 15..]);
        if let Some(message) = args.get(2)
            && literal(message)
        {
            found.push((line(at), message.trim().chars().take(60).collect()));
        }
    }
    // A status with a text as the answer (not a status with its code, as `AppError` maps them).
    for (at, _) in text.match_indices(concat!("(StatusCode", "::")) {
        let (args, after) = arguments(&text[at + 1..]);
        if let Some(message) = args.get(1)
            && literal(message)
            && after.trim_start().starts_with(".into_response")
        {
            found.push((line(at), message.trim().chars().take(60).collect()));
        }
    }
    found.sort();
    found
}

#[test]
fn no_refusal_of_the_relay_is_written_outside_the_table() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    let mut allowed_seen = vec![false; OPERATORS_ONLY.len()];
    for path in sources(&src) {
        // This file's own examples of what the scan finds.
        if path.ends_with("src/refusal_tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read a source");
        for (line, start) in literal_refusals(&text) {
            let allowed = OPERATORS_ONLY
                .iter()
                .position(|(file, begins, _)| path.ends_with(file) && start.starts_with(begins));
            if let Some(i) = allowed {
                allowed_seen[i] = true;
            } else {
                found.push(format!("{}:{line}: {start}", path.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "refusals written as literals (add them to model/src/refusal/table.rs): {found:#?}"
    );
    for (seen, (file, begins, _)) in allowed_seen.iter().zip(OPERATORS_ONLY) {
        assert!(
            seen,
            "{file}: {begins} is allowed but no longer there; drop it from the list"
        );
    }
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
                let rest = &text[at + call.len()..];
                if literal(rest) {
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
fn the_scan_finds_a_refusal_written_in_place() {
    let text = r#"
        return Err(AppError::BadRequest("no such thing".into()));
        Err(AppError::Conflict(format!("taken by {x}")))
        error_response(StatusCode::CONFLICT, "wrong", format!("at {at}"));
        (StatusCode::PAYLOAD_TOO_LARGE, "too large").into_response()
        Err(AppError::BadRequest(Refusal::ChooseRole.into()))
        AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
        error_response(StatusCode::CONFLICT, "wrong", Refusal::ContinueFrom.with(&[&at]));
    "#;
    let lines: Vec<usize> = literal_refusals(text).into_iter().map(|(l, _)| l).collect();
    assert_eq!(lines, [2, 3, 4, 5]);
}

/// What a phone, the command line or the desk is told when a call is refused, as the relay
/// sends it.
fn answers() -> Vec<String> {
    let mut said: Vec<String> = [
        AppError::Unauthorized,
        AppError::TooLarge,
        AppError::NotFound(Refusal::NoSuchInvite.en()),
        AppError::Gone {
            code: "invite_used_up",
            message: Refusal::InviteUsedUp.en(),
        },
        AppError::Forbidden(Refusal::WidenStaff.into()),
        AppError::Forbidden(Refusal::RevokesDevice.into()),
        AppError::TooManyRequests(Refusal::InvitesPerDay.en()),
        AppError::BadRequest(Refusal::InviteUses.with(&[&crate::invites::MAX_USES, &0])),
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    // An internal failure is told in general words, never its details.
    let failed = AppError::Internal(Error::Task("a task panicked".into()));
    assert_eq!(failed.status_and_code().1, "internal");
    said.push(Refusal::RelayFailed.en().to_string());
    said
}

#[test]
fn the_relays_answers_keep_their_english_words_on_the_wire() {
    let said = answers();
    assert_eq!(said[0], "a valid bearer token is required");
    assert_eq!(
        said[1],
        format!("the request body is larger than the relay accepts ({MAX_BODY_BYTES} bytes)")
    );
    assert_eq!(said[2], "no such invite code");
    assert_eq!(said[3], "this invite code has been used up");
    assert_eq!(said[7], "uses must be between 1 and 1000, not 0");
}

#[test]
fn every_answer_of_the_relay_to_a_call_is_said_in_chinese_and_in_english() {
    for reason in answers() {
        assert!(refusal::code(&reason).is_some(), "{reason}");
        assert_eq!(refusal::render(&reason, Language::En), reason);
        let zh = refusal::render(&reason, Language::ZhHans);
        assert_ne!(zh, reason);
        assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
    }
    assert_eq!(
        refusal::render(&AppError::TooLarge.to_string(), Language::ZhHans),
        format!("发送的内容太大，服务器最多接收 {MAX_BODY_BYTES} 字节")
    );
    assert_eq!(
        refusal::render(&Refusal::AttachmentTooLarge.with(&[&1000, &2000]), Language::ZhHans),
        "照片或附件最大只能是 1000 字节，这个有 2000 字节"
    );
    // Every entry of the relay's answers to calls, in both languages.
    let start = Refusal::ALL
        .iter()
        .position(|r| *r == Refusal::NoSuchGroup)
        .expect("the relay's answers");
    for &r in &Refusal::ALL[start..] {
        let args: Vec<String> = (0..r.en().matches("{}").count()).map(|i| (7 + i).to_string()).collect();
        let shown: Vec<&dyn std::fmt::Display> = args.iter().map(|a| a as &dyn std::fmt::Display).collect();
        let sent = r.with(&shown);
        assert_eq!(refusal::render(&sent, Language::En), sent, "{}", r.code());
        let zh = refusal::render(&sent, Language::ZhHans);
        assert_ne!(zh, sent, "{}", r.code());
        assert!(args.iter().all(|a| zh.contains(a.as_str())), "{}: {zh}", r.code());
    }
}
