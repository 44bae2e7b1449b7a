//! The messages, as Fluent files compiled into the binary (`cli/locales/zh-Hans.ftl`,
//! `cli/locales/en.ftl`), read once into one bundle per language. A message missing from the
//! chosen language is said in the other; a key in neither is printed as itself, so a mistake
//! shows rather than panics (the tests below keep both files whole and in step with the code).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use jinlin_model::Language;

/// The Chinese messages.
const ZH_HANS: &str = include_str!("../../locales/zh-Hans.ftl");
/// The English messages.
const EN: &str = include_str!("../../locales/en.ftl");

/// A message's argument: text, or a number (which also picks plural forms).
pub struct Arg(FluentValue<'static>);

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg(FluentValue::from(v.to_string()))
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg(FluentValue::from(v))
    }
}

impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg(FluentValue::from(v.clone()))
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Self {
                Arg(FluentValue::from(v))
            }
        }
    )*};
}
number_args!(u8, u16, u32, u64, usize, i32, i64, f64);

/// The bundle of `language`'s messages.
fn bundle(language: Language) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
    let [zh, en] = BUNDLES.get_or_init(|| [load(Language::ZhHans, ZH_HANS), load(Language::En, EN)]);
    match language {
        Language::ZhHans => zh,
        Language::En => en,
    }
}

/// One language's bundle; a file that does not parse keeps the messages that do.
fn load(language: Language, source: &str) -> FluentBundle<FluentResource> {
    let id = language.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // A terminal shows the bidirectional isolation marks Fluent puts around arguments.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
    let _ = bundle.add_resource(resource);
    bundle
}

/// The message `key` in this run's language, with `args`.
pub fn text(key: &str, args: &[(&str, Arg)]) -> String {
    let language = super::current();
    let other = match language {
        Language::ZhHans => Language::En,
        Language::En => Language::ZhHans,
    };
    say(language, key, args)
        .or_else(|| say(other, key, args))
        .unwrap_or_else(|| key.to_string())
}

/// The message `key` (or its `attribute`, like `.long`) in this run's language, else in the
/// other; `None` when neither has it.
pub fn lookup(key: &str, attribute: Option<&str>) -> Option<String> {
    let language = super::current();
    let other = match language {
        Language::ZhHans => Language::En,
        Language::En => Language::ZhHans,
    };
    say_in(language, key, attribute).or_else(|| say_in(other, key, attribute))
}

/// The message `key`, or its `attribute`, in `language`, without arguments.
pub(super) fn say_in(language: Language, key: &str, attribute: Option<&str>) -> Option<String> {
    let bundle = bundle(language);
    let message = bundle.get_message(key)?;
    let pattern = match attribute {
        Some(name) => message.get_attribute(name)?.value(),
        None => message.value()?,
    };
    let mut errors = Vec::new();
    Some(bundle.format_pattern(pattern, None, &mut errors).into_owned())
}

/// The message `key` in `language`, if it has it.
fn say(language: Language, key: &str, args: &[(&str, Arg)]) -> Option<String> {
    let bundle = bundle(language);
    let pattern = bundle.get_message(key)?.value()?;
    let mut fluent_args = FluentArgs::new();
    for (name, Arg(value)) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use jinlin_model::kinds::{
        BallotKind, BoardStatus, Electorate, NeedStatus, OrderStatus, ProposalStatus, ReportStatus, RiskTier, TeamKind,
        Threshold, VisitOutcome,
    };
    use jinlin_model::{GroupKind, RequestKind, Role, SignupState, Skill, Status};

    use super::*;

    /// The message keys a Fluent file defines (`key = …` at the start of a line).
    fn keys(source: &str) -> BTreeSet<String> {
        source
            .lines()
            .filter_map(|line| line.split_once(" ="))
            .map(|(key, _)| key)
            .filter(|key| key.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter(|key| key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .map(str::to_string)
            .collect()
    }

    /// The keys the code names with the `t!` macro, in every file under `dir`.
    fn used(dir: &Path, found: &mut BTreeSet<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                used(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let code = std::fs::read_to_string(&path).unwrap_or_default();
                // The macro's name stands alone: `format!` is not `t!`.
                let pieces: Vec<&str> = code.split("t!(").collect();
                for pair in pieces.windows(2) {
                    let alone = !pair[0].ends_with(|c: char| c.is_alphanumeric() || c == '_');
                    let key = pair[1].trim_start().strip_prefix('"').and_then(|k| k.split_once('"'));
                    let key = key.filter(|(k, _)| k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
                    if let (true, Some((key, _))) = (alone, key) {
                        found.insert(key.to_string());
                    }
                }
            }
        }
    }

    #[test]
    fn both_languages_parse_whole() {
        for (name, source) in [("zh-Hans", ZH_HANS), ("en", EN)] {
            if let Err((_, errors)) = FluentResource::try_new(source.to_string()) {
                panic!("{name}.ftl does not parse: {errors:?}");
            }
        }
    }

    #[test]
    fn every_key_is_in_both_languages() {
        let (zh, en) = (keys(ZH_HANS), keys(EN));
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(
            only_zh.is_empty() && only_en.is_empty(),
            "only in zh-Hans.ftl: {only_zh:?}; only in en.ftl: {only_en:?}"
        );
        assert!(zh.len() > 40, "the files were read: {}", zh.len());
    }

    #[test]
    fn every_key_the_code_names_is_written_and_every_written_key_is_used() {
        let mut in_code = BTreeSet::new();
        used(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut in_code);
        // The vocabularies' words are named by `lang::word`, one per value.
        fn all<T>(values: &[T], word: fn(&T) -> &'static str) -> Vec<&'static str> {
            values.iter().map(word).collect()
        }
        let vocabularies = [
            ("kind", all(RequestKind::ALL, RequestKind::as_str)),
            ("status", all(Status::ALL, Status::as_str)),
            ("role", all(Role::ALL, Role::as_str)),
            ("group", all(GroupKind::ALL, GroupKind::as_str)),
            ("order", all(OrderStatus::ALL, OrderStatus::as_str)),
            ("signup", all(SignupState::ALL, SignupState::as_str)),
            ("board", all(BoardStatus::ALL, BoardStatus::as_str)),
            ("need", all(NeedStatus::ALL, NeedStatus::as_str)),
            ("report", all(ReportStatus::ALL, ReportStatus::as_str)),
            ("proposal", all(ProposalStatus::ALL, ProposalStatus::as_str)),
            ("outcome", all(VisitOutcome::ALL, VisitOutcome::as_str)),
            ("tier", all(RiskTier::ALL, RiskTier::as_str)),
            ("team", all(TeamKind::ALL, TeamKind::as_str)),
            ("skill", all(Skill::ALL, Skill::as_str)),
            ("ballot", all(BallotKind::ALL, BallotKind::as_str)),
            ("electorate", all(Electorate::ALL, Electorate::as_str)),
            ("threshold", all(Threshold::ALL, Threshold::as_str)),
            // The fields a visit's history names (`model/src/docs/household`), `_` as `-`.
            ("field", vec!["note", "outcome", "follow-up"]),
        ];
        for (vocabulary, values) in vocabularies {
            in_code.extend(values.iter().map(|v| format!("word-{vocabulary}-{v}")));
        }
        // The help of every command and argument is named by `help.rs`, by the command tree.
        in_code.extend(super::super::help::every_key().into_iter().map(|(key, _)| key));
        let written = keys(ZH_HANS);
        let missing: Vec<_> = in_code.difference(&written).collect();
        let unused: Vec<_> = written.difference(&in_code).collect();
        assert!(missing.is_empty(), "named in the code, written nowhere: {missing:?}");
        assert!(unused.is_empty(), "written, never named: {unused:?}");
    }

    #[test]
    fn a_status_or_role_reads_the_same_in_a_listing_and_in_a_refusals_sentence() {
        // The model's refusals fill statuses into sentences with words of their own
        // (`jinlin_model::refusal::word`); they must be the words a listing shows.
        fn all<T>(values: &[T], word: fn(&T) -> &'static str) -> Vec<&'static str> {
            values.iter().map(word).collect()
        }
        let vocabularies = [
            ("order", all(OrderStatus::ALL, OrderStatus::as_str)),
            ("board", all(BoardStatus::ALL, BoardStatus::as_str)),
            ("need", all(NeedStatus::ALL, NeedStatus::as_str)),
            ("report", all(ReportStatus::ALL, ReportStatus::as_str)),
            ("role", all(Role::ALL, Role::as_str)),
            ("group", all(GroupKind::ALL, GroupKind::as_str)),
            ("ballot", all(BallotKind::ALL, BallotKind::as_str)),
        ];
        let mut compared = 0;
        for (vocabulary, values) in vocabularies {
            for value in values {
                let refusal = jinlin_model::refusal::word(value, Language::ZhHans);
                if refusal == value {
                    continue; // a word no refusal sentence fills
                }
                let key = format!("word-{vocabulary}-{value}");
                assert_eq!(say_in(Language::ZhHans, &key, None).as_deref(), Some(refusal), "{key}");
                compared += 1;
            }
        }
        assert!(compared >= 25, "the vocabularies were compared: {compared}");
    }

    #[test]
    fn arguments_are_put_in_without_isolation_marks_and_numbers_pick_plurals() {
        let zh = say(Language::ZhHans, "request-need", &[("slots", Arg::from(1i64))]).expect("zh");
        let en1 = say(Language::En, "request-need", &[("slots", Arg::from(1i64))]).expect("en");
        let en2 = say(Language::En, "request-need", &[("slots", Arg::from(2i64))]).expect("en");
        assert!(!zh.contains('\u{2068}') && !en1.contains('\u{2068}'), "{zh} {en1}");
        assert_ne!(en1, en2, "one and two are worded apart in English");
        assert!(zh.contains('1'), "{zh}");
    }

    #[test]
    fn a_key_written_nowhere_prints_as_itself() {
        assert_eq!(text("no-such-message", &[]), "no-such-message");
    }
}
