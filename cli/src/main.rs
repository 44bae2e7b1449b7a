//! `jinlin`: a Jinlin device on the command line, for people trying Jinlin and for scripts.
//!
//! `jinlin [--home DIR] [--json] COMMAND`. Every change is written locally first and works
//! offline; `sync` exchanges with the relay, `watch` streams live events, `demo` tells the whole
//! hospital-ride story on a relay of its own. With `--json` each command prints exactly one JSON
//! value on stdout (times in milliseconds, each with an RFC 3339 `…_rfc3339` twin) and exits;
//! only the streams `watch` and `request alerts ID --follow` print one JSON object per line.
//! People read Simplified Chinese or English (`--lang`, `JINLIN_LANG`, the locale: `lang/`).
//! Errors go to stderr with a non-zero exit code (3 when the relay cannot be reached; 4 when
//! `sync` ran but the relay refused something).
//! `src/README.md` maps the files.

mod args;
mod board_args;
mod cmd;
mod duration;
mod grid_args;
mod home;
mod ids;
mod lang;
mod mdns;
mod output;
mod service_args;
mod show;
mod vote_args;

use std::process::ExitCode;

use clap::FromArgMatches;

use crate::args::Cli;
use crate::output::Unreached;

fn main() -> ExitCode {
    // The language is chosen before the arguments are read, so a value they refuse (a duration)
    // is said in it too. `--json` is a contract: its values, error messages included, stay as
    // they always were.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let (flag, json) = lang::choice::flags(&args);
    match lang::choice::from_env(flag.as_deref()) {
        Ok(language) => lang::set(if json { jinlin_model::Language::En } else { language }),
        Err(e) => return output::fail(&e.into(), json, Unreached::NothingChanged),
    }
    // The help, clap's headings and its usage errors are in the chosen language too.
    let parsed = lang::help::command()
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            lang::help::print_error(&e);
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    init_logging();
    let json = cli.json;
    // Only `sync` has changes that wait when the relay is out of reach, and a decline is kept
    // on this device; the rest did nothing.
    let unreached = match &cli.command {
        args::Command::Sync => Unreached::ChangesWait,
        args::Command::Request(args::RequestCommand::Decline { .. }) => Unreached::HiddenHere,
        _ => Unreached::NothingChanged,
    };
    let dir = match home::resolve(cli.home) {
        Ok(dir) => dir,
        Err(e) => return output::fail(&e, json, unreached),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return output::fail(&e.into(), json, unreached),
    };
    let outcome = runtime.block_on(cmd::run(cli.command, &dir, cli.offline, json));
    // Background tasks (a live channel, an embedded relay) must not keep the process alive.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    match outcome {
        Ok(out) => {
            output::print(&out, json);
            ExitCode::from(out.exit)
        }
        Err(e) => output::fail(&e, json, unreached),
    }
}

/// Diagnostics go to stderr, quiet unless `JINLIN_LOG` asks (e.g. `JINLIN_LOG=debug`).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("JINLIN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
