use std::collections::HashSet;
use std::path::Path;

use super::*;

/// How many things the English sentence of `r` has filled in.
fn places(r: Refusal) -> usize {
    r.en().matches("{}").count()
}

/// The sentence of `r` as a relay sends it, filled with 7, 8, 9... in order.
fn sent(r: Refusal) -> (String, Vec<String>) {
    let args: Vec<String> = (0..places(r)).map(|i| (7 + i).to_string()).collect();
    let shown: Vec<&dyn Display> = args.iter().map(|a| a as &dyn Display).collect();
    (r.with(&shown), args)
}

#[test]
fn every_refusal_has_its_own_code_its_own_english_sentence_and_a_chinese_one() {
    let mut codes = HashSet::new();
    let mut sentences = HashSet::new();
    for &r in Refusal::ALL {
        assert!(codes.insert(r.code()), "two refusals share the code {}", r.code());
        assert!(sentences.insert(r.en()), "two refusals share the sentence {:?}", r.en());
        assert!(
            r.code().chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.'),
            "{}",
            r.code()
        );
        assert!(
            r.zh().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{} has no Chinese: {:?}",
            r.code(),
            r.zh()
        );
        assert!(r.en().is_ascii(), "{}: the English sentence is plain ASCII", r.code());
        let zh_places = r.zh().matches('{').count();
        assert_eq!(
            zh_places,
            places(r),
            "{}: the Chinese says everything the English does",
            r.code()
        );
    }
}

#[test]
fn every_refusal_renders_in_chinese_and_in_english_as_the_relay_sent_it() {
    for &r in Refusal::ALL {
        let (reason, args) = sent(r);
        assert_eq!(render(&reason, Language::En), reason, "{}", r.code());
        assert_eq!(render(&reason, Language::ZhHans), fill(r.zh(), &args), "{}", r.code());
        assert_eq!(Refusal::find(&reason), Some((r, args)), "{}", r.code());
        assert_eq!(code(&reason), Some(r.code()));
    }
}

#[test]
fn a_formatted_reason_is_said_in_chinese_with_its_number() {
    let reason = Refusal::TextTooLong.with(&[&3000]);
    assert_eq!(reason, "a text longer than 3000 characters is not stored");
    assert_eq!(render(&reason, Language::ZhHans), "文字超过 3000 个字，不能保存");
    let late = crate::docs::proposal::closed_reason(1_700_000_000_000, 1_700_010_800_000);
    let said = render(&late, Language::ZhHans);
    assert!(said.starts_with("投票已在 2023-11-14T22:13:20"), "{said}");
    assert!(said.contains("2023-11-15T01:13:20"), "{said}");
}

#[test]
fn a_kind_of_group_or_a_role_in_a_reason_is_said_in_chinese_too() {
    let reason = Refusal::GroupInside.with(&[&"estate", &"building"]);
    assert_eq!(reason, "a estate cannot sit inside a building");
    assert_eq!(render(&reason, Language::ZhHans), "楼栋里面不能再建小区");
    let reason = Refusal::CannotInvite.with(&[&"building-leader", &"staff"]);
    assert_eq!(render(&reason, Language::ZhHans), "楼栋长不能邀请社区工作人员");
}

#[test]
fn text_no_entry_matches_is_shown_as_the_relay_wrote_it() {
    for reason in [
        "a refusal from a newer relay",
        "",
        "a text longer than  characters is not stored",
        "no such document, really",
    ] {
        assert_eq!(render(reason, Language::ZhHans), reason);
        assert_eq!(render(reason, Language::En), reason);
        assert_eq!(code(reason), None, "{reason:?}");
    }
}

#[test]
fn a_write_rule_refusal_reaches_the_reader_in_chinese() {
    let refused = crate::docs::fields::deny::<()>(Refusal::RequestCancels).expect_err("refused");
    assert_eq!(refused.0, "only the requester cancels");
    assert_eq!(render(&refused.0, Language::ZhHans), "只有求助人本人才能取消求助");
}

#[test]
fn a_mistyped_date_is_refused_in_the_readers_language() {
    let Err(crate::error::Error::InvalidInput(reason)) = crate::dates::Date::parse("2026-13-40") else {
        panic!("2026-13-40 is no date");
    };
    assert_eq!(reason, "\"2026-13-40\" is not a date; write it as YYYY-MM-DD");
    assert_eq!(code(&reason), Some("date.format"));
    assert_eq!(
        render(&reason, Language::ZhHans),
        "\"2026-13-40\" 不是有效的日期；请写成 年-月-日 的格式，例如 2026-05-01"
    );
    assert_eq!(render(&reason, Language::En), reason);
}

#[test]
fn a_six_star_rating_is_refused_in_the_readers_language() {
    let mut doc = automerge::AutoCommit::new();
    let me = crate::ids::MemberId::random();
    let Err(crate::error::Error::InvalidInput(reason)) = crate::docs::rating::write(&mut doc, me, 6, "", 1) else {
        panic!("six stars are more than a rating has");
    };
    assert_eq!(reason, "a rating is 1 to 5 stars, not 6");
    assert_eq!(code(&reason), Some("rating.stars_range"));
    assert_eq!(render(&reason, Language::ZhHans), "评价是 1 到 5 颗星，不能是 6 颗");
}

#[test]
fn a_mistyped_invite_code_is_refused_in_the_readers_language() {
    let not_a_code = crate::invite_code::InviteCode::parse("hello").expect_err("not a code");
    let reason = crate::error::Error::from(not_a_code).to_string();
    assert_eq!(
        reason,
        not_a_code.to_string(),
        "the same words whichever error carries them"
    );
    assert_eq!(code(&reason), Some("invite.code_form"));
    assert!(render(&reason, Language::ZhHans).starts_with("邀请码是 10 位字母和数字"));
}

#[test]
fn what_was_tried_and_the_status_that_refused_it_are_said_in_chinese() {
    use crate::kinds::{BoardStatus, OrderStatus, ReportStatus};
    let order = Refusal::OrderWrongStatus.with(&[&"cancel", &OrderStatus::Done]);
    assert_eq!(order, "cannot cancel an order that is done");
    assert_eq!(render(&order, Language::ZhHans), "这张服务单现在是“已完成”，不能取消");
    let need = Refusal::NeedWrongStatus.with(&[&"withdraw a claim on", &BoardStatus::Resolved]);
    assert_eq!(render(&need, Language::ZhHans), "这条需求现在是“已解决”，不能撤回认领");
    let report = Refusal::ReportWrongStep.with(&[&ReportStatus::Raised, &ReportStatus::Closed]);
    assert_eq!(
        render(&report, Language::ZhHans),
        "这条上报现在是“已上报”，不能标为“已结案”"
    );
    let ballot = Refusal::OptionRange.with(&[&crate::kinds::BallotKind::OneOf, &20, &1]);
    assert_eq!(
        render(&ballot, Language::ZhHans),
        "单选投票要有 2 到 20 个选项，不能是 1 个"
    );
}

#[test]
fn every_status_of_an_order_a_need_or_a_report_is_said_in_chinese() {
    use crate::kinds::{BoardStatus, OrderStatus, ReportStatus};
    let statuses = OrderStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .chain(BoardStatus::ALL.iter().map(|s| s.as_str()))
        .chain(ReportStatus::ALL.iter().map(|s| s.as_str()));
    // What `docs/order/mod.rs` and `docs/need/mod.rs` say was tried: every `wrong("...")`.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/docs");
    let mut tried = Vec::new();
    for file in ["order/mod.rs", "need/mod.rs"] {
        let text = std::fs::read_to_string(src.join(file)).expect("read a source");
        for (at, _) in text.match_indices("wrong(\"") {
            let rest = &text[at + "wrong(\"".len()..];
            tried.push(rest[..rest.find('"').expect("a closing quote")].to_string());
        }
    }
    assert!(tried.len() >= 12, "only {tried:?} found");
    for w in statuses.chain(tried.iter().map(String::as_str)) {
        let said = word(w, Language::ZhHans);
        assert!(
            said.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{w:?} is said {said:?}"
        );
    }
}

/// What a scan of the model's sources for refusals written as literals found.
struct Scan {
    /// How many sources it read.
    files: usize,
    /// How many calls it looked at.
    calls: usize,
    /// Every call given a string literal or a `format!` instead of an entry of the table, as
    /// `file:line: its first words`.
    literals: Vec<String>,
}

/// Where in `text` one of `calls` is given a string literal or a `format!` (of a literal) instead
/// of an entry of the table, as `(line, its first words)`; a literal starting with one of
/// `allowed` is let through. Also returns how many calls there are.
fn literals_in(text: &str, calls: &[&str], allowed: &[&str]) -> (usize, Vec<(usize, String)>) {
    let mut seen = 0;
    let mut found = Vec::new();
    for call in calls {
        for (at, _) in text.match_indices(call) {
            seen += 1;
            let mut rest = text[at + call.len()..].trim_start();
            for wrapper in ["&format!(", "format!("] {
                if let Some(inner) = rest.strip_prefix(wrapper) {
                    rest = inner.trim_start();
                }
            }
            if rest.starts_with('"') && !allowed.iter().any(|a| rest.starts_with(a)) {
                let line = text[..at].matches('\n').count() + 1;
                found.push((line, rest.lines().next().unwrap_or_default().chars().take(60).collect()));
            }
        }
    }
    (seen, found)
}

/// Every call of `calls` in the sources under `src` (but those whose path contains `skip`) that
/// is given a literal, see [`literals_in`].
fn scan(src: &Path, calls: &[&str], skip: &str, allowed: &[&str]) -> Scan {
    let mut scan = Scan {
        files: 0,
        calls: 0,
        literals: Vec::new(),
    };
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read the sources").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.to_string_lossy().contains(skip) {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read a source");
            let (calls, found) = literals_in(&text, calls, allowed);
            scan.files += 1;
            scan.calls += calls;
            for (line, words) in found {
                scan.literals.push(format!("{}:{line}: {words}", path.display()));
            }
        }
    }
    scan
}

/// The model's sources, but this table and its tests (which name the calls they look for).
fn model_sources(calls: &[&str], allowed: &[&str]) -> Scan {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let scan = scan(&src, calls, "src/refusal/", allowed);
    assert!(
        scan.files >= 60,
        "the scan read only {} sources under {}: is it looking in the right place?",
        scan.files,
        src.display()
    );
    scan
}

#[test]
fn no_write_rule_refuses_with_a_sentence_outside_the_table() {
    // Written in pieces, so that the calls are named here without being made.
    let calls = [concat!("deny", "("), concat!("Violation", "(")];
    let scan = model_sources(&calls, &[]);
    assert!(scan.calls >= 100, "only {} refusals of write rules found", scan.calls);
    assert!(
        scan.literals.is_empty(),
        "refusals written as literals (add them to model/src/refusal/table.rs): {:#?}",
        scan.literals
    );
}

/// The starts of the `InvalidInput` texts that are no one's input: the system's own failure,
/// passed on in its words (`peer/credential.rs`).
const NOT_A_PERSONS_DOING: &[&str] = &["\"no randomness"];

#[test]
fn no_check_of_what_is_typed_or_chosen_refuses_with_a_sentence_outside_the_table() {
    let calls = [concat!("InvalidInput", "(")];
    let scan = model_sources(&calls, NOT_A_PERSONS_DOING);
    assert!(
        scan.calls >= 50,
        "only {} InvalidInput sites found in the model: the scan is not seeing them",
        scan.calls
    );
    assert!(
        scan.literals.is_empty(),
        "InvalidInput written as a literal (add its sentence to model/src/refusal/table.rs and use \
         Refusal::X.into() or Refusal::X.with(&[..])): {:#?}",
        scan.literals
    );
}

#[test]
fn the_scan_finds_a_literal_or_a_format_where_an_entry_belongs() {
    let call = concat!("InvalidInput", "(");
    let text = format!(
        "fn a() {{\n    Err(Error::{call}Refusal::DateForm.into())\n}}\n\
         fn b() {{\n    Err(Error::{call}\n        \"a literal\".into(),\n    )\n}}\n\
         fn c() {{ Err(Error::{call}format!(\"{{x}} is not\"))) }}\n\
         fn d() {{ Err(Error::{call}format!(\"no randomness: {{e}}\"))) }}\n"
    );
    let (calls, found) = literals_in(&text, &[call], NOT_A_PERSONS_DOING);
    assert_eq!(calls, 4);
    assert_eq!(
        found,
        vec![
            (5, "\"a literal\".into(),".to_string()),
            (9, "\"{x} is not\"))) }".to_string())
        ]
    );
}
