//! What a command prints: one JSON value with `--json`, a short friendly text without. Errors
//! go to stderr (as one JSON object with `--json`), and the exit code says what kind of failure
//! it was.

use std::io::Write;
use std::process::ExitCode;

use jinlin_core::Error;
use serde::Serialize;
use serde_json::Value;

use crate::lang::t;

/// Exit code for an error (bad input, not allowed, relay refused).
pub const EXIT_ERROR: u8 = 1;
/// Exit code when the relay cannot be reached.
pub const EXIT_OFFLINE: u8 = 3;
/// Exit code when the command did its work but the relay refused something (`sync`): the output
/// is printed as usual and names the refusals.
pub const EXIT_REFUSED: u8 = 4;

/// A command's result, in both forms.
#[derive(Debug)]
pub struct Output {
    /// Printed with `--json`.
    pub json: Value,
    /// Printed otherwise.
    pub text: String,
    /// The exit code after printing (0, or [`EXIT_REFUSED`]).
    pub exit: u8,
}

impl Output {
    /// An output from any serializable value and its human text.
    pub fn new(json: impl Serialize, text: impl Into<String>) -> anyhow::Result<Output> {
        Ok(Output {
            json: serde_json::to_value(json)?,
            text: text.into(),
            exit: 0,
        })
    }

    /// Nothing to print (a command that streamed its output already).
    pub fn silent() -> Output {
        Output {
            json: Value::Null,
            text: String::new(),
            exit: 0,
        }
    }

    /// The same output, ending the process with `exit`.
    pub fn exit_with(mut self, exit: u8) -> Output {
        self.exit = exit;
        self
    }

    /// Adds a key to a JSON object output (other JSON values are left alone).
    pub fn with(mut self, key: &str, value: impl Serialize) -> anyhow::Result<Output> {
        if let Value::Object(map) = &mut self.json {
            map.insert(key.to_string(), serde_json::to_value(value)?);
        }
        Ok(self)
    }
}

/// Prints the output on stdout. A closed pipe (`| head`) is not an error.
pub fn print(out: &Output, json: bool) {
    if json && out.json.is_null() {
        return;
    }
    let text = if json {
        json_line(out.json.clone())
    } else {
        out.text.trim_end().to_string()
    };
    if text.is_empty() {
        return;
    }
    line(&text);
}

/// A JSON value as one line, with every time also as RFC 3339 in UTC: beside each `at` and
/// `…_at` key that holds milliseconds since 1970 (kept as it was: scripts read it), the same time
/// as text under the key with `_rfc3339` added (`"created_at": 1795413600000,
/// "created_at_rfc3339": "2026-11-23T06:00:00.000Z"`).
pub fn json_line(mut value: Value) -> String {
    rfc3339_times(&mut value);
    value.to_string()
}

fn rfc3339_times(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let mut texts = Vec::new();
            for (key, v) in map.iter_mut() {
                let is_time = key == "at" || key.ends_with("_at");
                match v.as_i64() {
                    Some(ms) if is_time => texts.push((format!("{key}_rfc3339"), jinlin_model::dates::rfc3339(ms))),
                    _ => rfc3339_times(v),
                }
            }
            for (key, text) in texts {
                map.insert(key, Value::String(text));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rfc3339_times),
        _ => {}
    }
}

/// Prints one line on stdout, ignoring a closed pipe.
pub fn line(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}").and_then(|()| stdout.flush());
}

/// What a failed command leaves on this device when the relay cannot be reached: only `sync`
/// has something kept to send later; every other command that needs the relay changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreached {
    /// What this device wrote stays and goes with the next sync.
    ChangesWait,
    /// The command did nothing; it can simply be run again.
    NothingChanged,
    /// `request decline`: the request is hidden here, but the alert has not passed on.
    HiddenHere,
}

/// A command that needs the relay was run with `--offline`: refused before anything is written.
#[derive(Debug)]
pub struct NeedsRelay;

impl std::fmt::Display for NeedsRelay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&t!("needs-relay"))
    }
}

impl std::error::Error for NeedsRelay {}

/// Prints an error on stderr and returns the exit code for it.
pub fn fail(err: &anyhow::Error, json: bool, unreached: Unreached) -> ExitCode {
    let (code, exit) = classify(err);
    let message = sentence(err, unreached);
    let mut stderr = std::io::stderr().lock();
    let _ = if json {
        let body = serde_json::json!({ "error": code, "message": message });
        writeln!(stderr, "{body}")
    } else {
        writeln!(stderr, "jinlin: {message}")
    };
    ExitCode::from(exit)
}

/// The error with its causes, in one line. An unreachable relay is told honestly: what this
/// command leaves behind, not a general promise.
fn sentence(err: &anyhow::Error, unreached: Unreached) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let s = match cause.downcast_ref::<Error>() {
            Some(Error::Offline(reason)) => unreachable(reason, unreached),
            // The relay's refusal of a call, in this run's language (`--json`: English, as
            // the relay wrote it).
            Some(Error::Relay { status, message }) => t!(
                "relay-refused",
                reason = crate::lang::refusal(message),
                status = status.to_string()
            ),
            // A check on this phone (a mistyped date, a price out of range): the model's
            // table says it in this run's language too.
            Some(Error::InvalidInput(reason)) => crate::lang::refusal(reason),
            _ => cause.to_string(),
        };
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ")
}

/// "The relay could not be reached" and what that means for this command.
fn unreachable(reason: &str, unreached: Unreached) -> String {
    let what = match unreached {
        Unreached::ChangesWait => t!("unreached-changes-wait"),
        Unreached::NothingChanged => t!("unreached-nothing-changed"),
        Unreached::HiddenHere => t!("unreached-hidden-here"),
    };
    t!("unreached", reason = reason, what = what)
}

/// A short machine-readable code and the exit code for an error.
fn classify(err: &anyhow::Error) -> (&'static str, u8) {
    if err.downcast_ref::<NeedsRelay>().is_some() {
        return ("needs_relay", EXIT_ERROR);
    }
    let Some(core) = err.downcast_ref::<Error>() else {
        return ("error", EXIT_ERROR);
    };
    let code = match core {
        Error::Offline(_) => return ("offline", EXIT_OFFLINE),
        Error::Relay { status: 401, .. } => "unauthorized",
        Error::Relay { status: 404, .. } => "not_found",
        Error::Relay { status: 403, .. } => "forbidden",
        Error::Relay { status: 409, .. } => "conflict",
        Error::Relay { status: 410, .. } => "gone",
        Error::Relay { status: 413, .. } => "too_large",
        Error::Relay { .. } => "relay",
        Error::UnknownRequest(_) | Error::UnknownGroup(_) => "not_found",
        Error::NotAllowed(_) => "not_allowed",
        Error::NoIdentity => "not_registered",
        Error::CorruptStore { .. } | Error::NewerStore { .. } | Error::CorruptDocument { .. } | Error::Sql(_) => {
            "store"
        }
        Error::Protocol(_) => "protocol",
        Error::Peer(_) => "peer",
        _ => "invalid",
    };
    (code, EXIT_ERROR)
}
