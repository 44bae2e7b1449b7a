//! `--help` and clap's own messages in the run's language. The command line is clap's, built from
//! the derive in `args.rs` (whose doc comments are the English help), then walked: each command's
//! `about` becomes the message `help-<command path>` and each argument's help the message
//! `help-<command path>--<argument id>` (a `.long` attribute, where there is one, is the long
//! form `--help` shows), so both languages live in `cli/locales/` beside the rest. The headings
//! (Usage, Commands, Arguments, Options) come from a help template per command, clap's own
//! `--help`, `--version` and `help` words from `help-builtin-*`, and a usage error is worded
//! here from clap's error kind and context ([`print_error`]). Names, flags and values stay as
//! they are: only what a person reads changes.

use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Command, CommandFactory};

use super::lookup;
use crate::args::{Cli, DemoStory};
use crate::lang::t;

/// `demo`'s stories, each described in the run's language when `--help` lists them (clap reads
/// the possible values as it writes the help, after the language is chosen).
impl clap::ValueEnum for DemoStory {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            DemoStory::Signups,
            DemoStory::Urgent,
            DemoStory::Checkin,
            DemoStory::Community,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let (name, help) = match self {
            DemoStory::Signups => ("signups", t!("help-demo--story--signups")),
            DemoStory::Urgent => ("urgent", t!("help-demo--story--urgent")),
            DemoStory::Checkin => ("checkin", t!("help-demo--story--checkin")),
            DemoStory::Community => ("community", t!("help-demo--story--community")),
        };
        Some(clap::builder::PossibleValue::new(name).help(help))
    }
}

/// The key of a command's help: `help`, then each subcommand's name (`help-group-create`).
pub fn command_key(path: &[String]) -> String {
    let mut key = String::from("help");
    for name in path {
        key.push('-');
        key.push_str(name);
    }
    key
}

/// The key of an argument's help: its command's key, `--`, then the argument's id with `-` for
/// `_` (`help-group-invite--expires-in`). A global argument's key is the top command's.
pub fn arg_key(path: &[String], id: &str) -> String {
    format!("{}--{}", command_key(path), id.replace('_', "-"))
}

/// The command line as clap reads it, every word a person reads in this run's language.
pub fn command() -> Command {
    let mut cmd = Cli::command();
    words(&mut cmd, &mut Vec::new());
    // Building adds clap's own `--help`, `--version` and `help` and copies the global arguments
    // into every subcommand; they are worded after.
    cmd.build();
    finish(&mut cmd);
    cmd
}

/// Every command's and argument's help from the messages, from `cmd` down.
fn words(cmd: &mut Command, path: &mut Vec<String>) {
    let key = command_key(path);
    let mut this = std::mem::take(cmd);
    if let Some(about) = lookup(&key, None) {
        this = this.about(about);
    }
    if let Some(long) = lookup(&key, Some("long")) {
        this = this.long_about(long);
    }
    this = this.mut_args(|mut arg| {
        let key = if arg.is_global_set() {
            arg_key(&[], arg.get_id().as_str())
        } else {
            arg_key(path, arg.get_id().as_str())
        };
        if let Some(help) = lookup(&key, None) {
            arg = arg.help(help);
        }
        if let Some(long) = lookup(&key, Some("long")) {
            arg = arg.long_help(long);
        }
        arg
    });
    *cmd = this;
    for sub in cmd.get_subcommands_mut() {
        path.push(sub.get_name().to_string());
        words(sub, path);
        path.pop();
    }
}

/// Clap's own flags and `help` command in words, and the headings through a help template, from
/// the built `cmd` down.
fn finish(cmd: &mut Command) {
    let has = |cmd: &Command, id: &str| cmd.get_arguments().any(|a| a.get_id() == id);
    let mut this = std::mem::take(cmd);
    if has(&this, "help") {
        this = this.mut_arg("help", |arg| {
            if arg.get_long_help().is_some() {
                arg.help(t!("help-builtin-help-more"))
                    .long_help(t!("help-builtin-help-summary"))
            } else {
                arg.help(t!("help-builtin-help"))
            }
        });
    }
    if has(&this, "version") {
        this = this.mut_arg("version", |arg| arg.help(t!("help-builtin-version")));
    }
    if this.get_name() == "help" {
        this = this.about(t!("help-builtin-command"));
        if has(&this, "subcommand") {
            this = this.mut_arg("subcommand", |arg| arg.help(t!("help-builtin-command--subcommand")));
        }
    }
    if super::current() == jinlin_model::Language::ZhHans {
        this = this.mut_args(notes);
    }
    let template = template(&this);
    this = this.help_template(template);
    *cmd = this;
    for sub in cmd.get_subcommands_mut() {
        finish(sub);
    }
}

/// Clap's notes after an argument's help (`[default: …]`, `[env: …]`, `[possible values: …]`)
/// in Chinese words: clap's own are hidden and the same notes written into the help. Possible
/// values that have help of their own are listed, one a line with it, in the long help, as
/// clap lists them in English.
fn notes(arg: clap::Arg) -> clap::Arg {
    let mut arg = arg;
    let mut notes = Vec::new();
    let takes_values = arg.get_action().takes_values();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy())
        .map(|v| {
            if v.contains(char::is_whitespace) {
                format!("{v:?}")
            } else {
                v.into_owned()
            }
        })
        .collect();
    if takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        notes.push(t!("help-note-default", value = defaults.join(" ")));
        arg = arg.hide_default_value(true);
    }
    if let Some(name) = arg.get_env().map(|n| n.to_string_lossy().into_owned())
        && !arg.is_hide_env_set()
    {
        notes.push(t!("help-note-env", name = name));
        arg = arg.hide_env(true);
    }
    let values: Vec<_> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let mut listed = None;
    if !values.is_empty() && !arg.is_hide_possible_values_set() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        notes.push(t!("help-note-values", values = names.join(", ")));
        if values.iter().any(|v| v.get_help().is_some()) {
            let lines: Vec<String> = values
                .iter()
                .map(|v| {
                    let help = v.get_help().map(|h| h.to_string()).unwrap_or_default();
                    t!("help-note-value", value = v.get_name(), help = help)
                })
                .collect();
            listed = Some(format!("{}\n{}", t!("help-note-values-heading"), lines.join("\n")));
        }
        arg = arg.hide_possible_values(true);
    }
    if notes.is_empty() {
        return arg;
    }
    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    if let Some(listed) = listed {
        let long = arg.get_long_help().map_or_else(|| help.clone(), |h| h.to_string());
        arg = arg.long_help(format!("{long}\n\n{listed}"));
    }
    arg.help(format!("{help}{}", notes.concat()))
}

/// Clap's own help layout, its headings in words: the commands, the arguments, the options, each
/// where there are any to show.
fn template(cmd: &Command) -> String {
    let styles = cmd.get_styles();
    let (header, usage) = (styles.get_header(), styles.get_usage());
    let heading = |words: String| format!("{header}{words}{header:#}");
    let mut sections = Vec::new();
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        sections.push(format!("{}\n{{subcommands}}", heading(t!("help-heading-commands"))));
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        sections.push(format!("{}\n{{positionals}}", heading(t!("help-heading-arguments"))));
    }
    if cmd.get_arguments().any(|a| !a.is_positional() && !a.is_hide_set()) {
        sections.push(format!("{}\n{{options}}", heading(t!("help-heading-options"))));
    }
    // English has a space after "Usage:", Chinese none after "用法："; only the word is styled.
    let words = t!("help-heading-usage");
    let (word, gap) = words.split_at(words.trim_end().len());
    let usage = format!("{usage}{word}{usage:#}{gap}");
    if sections.is_empty() {
        format!("{{before-help}}{{about-with-newline}}\n{usage}{{usage}}{{after-help}}")
    } else {
        format!(
            "{{before-help}}{{about-with-newline}}\n{usage}{{usage}}\n\n{}{{after-help}}",
            sections.join("\n\n")
        )
    }
}

/// Prints a parse's outcome that is not a command to run: help and the version as clap writes
/// them (their words are already this run's), a usage error in this run's language.
pub fn print_error(e: &clap::Error) {
    let said = matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if said || super::current() == jinlin_model::Language::En {
        let _ = e.print();
    } else {
        eprint!("{}", usage_error(e));
    }
}

/// A context value as text: one string, or several joined.
fn value(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(s) => Some(s.join(", ")),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        _ => None,
    }
}

/// A usage error in this run's language: what was wrong, the suggestions, the usage and where
/// to read more. A message clap has no context for keeps its own words after the translated
/// lead.
fn usage_error(e: &clap::Error) -> String {
    let arg = value(e, ContextKind::InvalidArg).unwrap_or_default();
    let given = value(e, ContextKind::InvalidValue).unwrap_or_default();
    let sub = value(e, ContextKind::InvalidSubcommand).unwrap_or_default();
    let actual = value(e, ContextKind::ActualNumValues).unwrap_or_default();
    let lead = t!("usage-error");
    let headline = match e.kind() {
        ErrorKind::UnknownArgument => Some(t!("usage-error-unknown-argument", arg = &arg)),
        ErrorKind::InvalidSubcommand => Some(t!("usage-error-unknown-command", command = &sub)),
        ErrorKind::InvalidValue if given.is_empty() => Some(t!("usage-error-no-value", arg = &arg)),
        ErrorKind::InvalidValue => Some(t!("usage-error-invalid-value", arg = &arg, value = &given)),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default();
            Some(t!(
                "usage-error-invalid-value-why",
                arg = &arg,
                value = &given,
                why = why
            ))
        }
        ErrorKind::MissingRequiredArgument => match e.get(ContextKind::InvalidArg) {
            Some(ContextValue::Strings(args)) => {
                let mut text = t!("usage-error-missing");
                for a in args {
                    let _ = write!(text, "\n  {a}");
                }
                Some(text)
            }
            _ => None,
        },
        ErrorKind::MissingSubcommand => Some(t!("usage-error-no-command", command = &sub)),
        ErrorKind::ArgumentConflict => match value(e, ContextKind::PriorArg) {
            Some(prior) if prior != arg => Some(t!("usage-error-conflict", arg = &arg, other = prior)),
            _ => Some(t!("usage-error-repeated", arg = &arg)),
        },
        ErrorKind::NoEquals => Some(t!("usage-error-no-equals", arg = &arg)),
        ErrorKind::TooManyValues => Some(t!("usage-error-too-many", arg = &arg, value = &given)),
        ErrorKind::TooFewValues => Some(t!(
            "usage-error-too-few",
            arg = &arg,
            expected = value(e, ContextKind::MinValues).unwrap_or_default(),
            actual = &actual
        )),
        ErrorKind::WrongNumberOfValues => Some(t!(
            "usage-error-too-few",
            arg = &arg,
            expected = value(e, ContextKind::ExpectedNumValues).unwrap_or_default(),
            actual = &actual
        )),
        ErrorKind::InvalidUtf8 => Some(t!("usage-error-utf8")),
        _ => None,
    };
    let Some(headline) = headline else {
        // No context to word it from: clap's sentence after the translated lead.
        let text = e.render().to_string();
        let text = text.strip_prefix("error: ").unwrap_or(&text).to_string();
        return format!("{lead}{}", tail(&text));
    };
    let mut text = format!("{lead}{headline}");
    let valid = match e.kind() {
        ErrorKind::MissingSubcommand => e.get(ContextKind::ValidSubcommand),
        _ => e.get(ContextKind::ValidValue),
    };
    if let Some(ContextValue::Strings(values)) = valid
        && !values.is_empty()
    {
        let _ = write!(text, "\n  {}", t!("usage-error-choices", values = values.join(", ")));
    }
    let mut tips = Vec::new();
    for kind in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        match e.get(kind) {
            Some(ContextValue::String(similar)) => tips.push(t!("usage-error-similar", similar = similar)),
            Some(ContextValue::Strings(similar)) => {
                let similar = similar.join("', '");
                tips.push(t!("usage-error-similar", similar = similar));
            }
            _ => {}
        }
    }
    if let Some(ContextValue::StyledStrs(suggestions)) = e.get(ContextKind::Suggested) {
        tips.extend(suggestions.iter().map(|s| t!("usage-error-tip", tip = s.to_string())));
    }
    if !tips.is_empty() {
        text.push('\n');
        for tip in tips {
            let _ = write!(text, "\n  {tip}");
        }
    }
    if let Some(usage) = value(e, ContextKind::Usage) {
        let _ = write!(text, "\n\n{}", tail(&usage));
    }
    let _ = writeln!(text, "\n\n{}", t!("usage-error-more"));
    text
}

/// Clap's usage and closing lines in this run's words.
fn tail(text: &str) -> String {
    let more = "For more information, try '--help'.";
    text.lines()
        .map(|line| {
            if let Some(usage) = line.strip_prefix("Usage: ") {
                format!("{}{usage}", t!("help-heading-usage"))
            } else if line == more {
                t!("usage-error-more")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

/// Every command and argument a person can read help for, as the derive writes them (the tree
/// before clap adds its own), with its key, and the help the doc comments give it.
#[cfg(test)]
pub(super) fn every_key() -> Vec<(String, String)> {
    fn walk(cmd: &Command, path: &mut Vec<String>, found: &mut Vec<(String, String)>) {
        let said = |s: Option<&clap::builder::StyledStr>| s.map(|s| s.to_string()).unwrap_or_default();
        found.push((command_key(path), said(cmd.get_about())));
        for arg in cmd.get_arguments() {
            if !arg.is_global_set() || path.is_empty() {
                found.push((arg_key(path, arg.get_id().as_str()), said(arg.get_help())));
            }
        }
        for sub in cmd.get_subcommands() {
            path.push(sub.get_name().to_string());
            walk(sub, path, found);
            path.pop();
        }
    }
    let mut found = Vec::new();
    walk(&Cli::command(), &mut Vec::new(), &mut found);
    found
}

#[cfg(test)]
mod tests {
    use jinlin_model::Language;

    use super::super::words::say_in;
    use super::*;

    #[test]
    fn every_command_and_argument_has_help_in_both_languages() {
        let all = every_key();
        assert!(all.len() > 100, "the tree was walked: {}", all.len());
        for language in [Language::ZhHans, Language::En] {
            let missing: Vec<_> = all
                .iter()
                .filter(|(key, _)| say_in(language, key, None).is_none_or(|s| s.trim().is_empty()))
                .map(|(key, _)| key)
                .collect();
            assert!(missing.is_empty(), "no help in {}.ftl: {missing:?}", language.tag());
        }
    }

    #[test]
    fn the_english_help_is_what_the_doc_comments_say() {
        // A doc comment changed in args.rs (or a *_args.rs) changes its line in en.ftl too.
        let differ: Vec<_> = every_key()
            .into_iter()
            .filter(|(key, doc)| say_in(Language::En, key, None).as_deref() != Some(doc.as_str()))
            .map(|(key, doc)| format!("{key} = {doc}"))
            .collect();
        assert!(
            differ.is_empty(),
            "en.ftl differs from the doc comments:\n{}",
            differ.join("\n")
        );
    }

    #[test]
    fn the_headings_and_about_lines_are_in_the_chosen_language() {
        // The language is per process; this test reads both bundles directly instead.
        for (language, usage, commands) in [
            (Language::ZhHans, "用法：", "命令："),
            (Language::En, "Usage: ", "Commands:"),
        ] {
            assert_eq!(say_in(language, "help-heading-usage", None).as_deref(), Some(usage));
            assert_eq!(
                say_in(language, "help-heading-commands", None).as_deref(),
                Some(commands)
            );
        }
    }
}
