//! The command line's words: Simplified Chinese first, English second. Every sentence a person
//! reads is a message in `cli/locales/zh-Hans.ftl` and `cli/locales/en.ftl` (Fluent), looked up by
//! key with the `t!` macro; `--json` output never goes through here, so scripts read the same keys and
//! values in any language. Which language is [`choice`]'s rule (`--lang`, `JINLIN_LANG`, the
//! locale), set once at start ([`set`]); the messages are [`words`]'.

pub mod choice;
pub mod help;
mod words;

use std::sync::OnceLock;

use jinlin_model::Language;

pub use words::{Arg, lookup, text};

/// The language chosen for this run (Chinese until [`set`]).
static LANGUAGE: OnceLock<Language> = OnceLock::new();

/// Chooses this run's language, once; later calls change nothing.
pub fn set(language: Language) {
    let _ = LANGUAGE.set(language);
}

/// This run's language.
pub fn current() -> Language {
    LANGUAGE.get().copied().unwrap_or_default()
}

/// A vocabulary's word (a request kind, a status, a role, a group kind, an order's status…) in
/// this run's language: the message `word-{vocabulary}-{value}`. A value with no message (a
/// spelling a newer Jinlin added) is printed as it is. Human output only: `--json` keeps the codes.
pub fn word(vocabulary: &str, value: &str) -> String {
    lookup(&format!("word-{vocabulary}-{value}"), None).unwrap_or_else(|| value.to_string())
}

/// A refusal of the relay or of a write rule (its English sentence, as the relay sent it) in this
/// run's language, by the model's table of refusals ([`jinlin_model::refusal`]); text the table
/// does not have is printed as the relay wrote it. Human output only: `--json` keeps the relay's
/// words (and runs in English, where this is the text itself).
pub fn refusal(reason: &str) -> String {
    jinlin_model::refusal::render(reason, current())
}

/// A message in this run's language, by its key, with the message's arguments as `name = value`
/// after it (text or numbers; numbers choose plural forms).
macro_rules! t {
    ($key:literal) => {
        $crate::lang::text($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::lang::text($key, &[$((stringify!($name), $crate::lang::Arg::from($value))),+])
    };
}
pub(crate) use t;
