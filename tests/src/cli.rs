//! The built `jinlin` binary, run as a person or a script would: `--home` a phone's directory,
//! its output and exit code read back ([`Run`]) for the command-line contract.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The `jinlin` binary, built (or brought up to date) once per test run.
pub fn jinlin_bin() -> &'static Path {
    workspace_bin("jinlin")
}

/// One of the workspace's binaries (`jinlin`, `jinlin-relay`), all built (or brought up to date)
/// once per test run.
pub fn workspace_bin(name: &str) -> &'static Path {
    static PROFILE_DIR: OnceLock<PathBuf> = OnceLock::new();
    let profile_dir = PROFILE_DIR.get_or_init(|| {
        // The test runs from target/<profile>/deps/; the binaries sit in target/<profile>/.
        let exe = std::env::current_exe().expect("test executable");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>")
            .to_path_buf();
        // The same selection and targets as `cargo test --workspace`, so the features of every
        // dependency match and nothing is built a second time (`-p jinlin-cli` alone resolved
        // them differently and doubled the target directory).
        // Without the variables cargo sets for a running test (`CARGO_MANIFEST_DIR`,
        // `CARGO_PKG_*`, ...): build scripts that watch them would otherwise run again here, and
        // once more in the next `cargo test`.
        let mut build = std::process::Command::new(env!("CARGO"));
        build
            .args(["build", "--quiet", "--workspace", "--bins", "--tests"])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        for (key, _) in std::env::vars_os() {
            if key.to_str().is_some_and(set_for_a_running_test) {
                build.env_remove(key);
            }
        }
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("cargo runs");
        assert!(status.success(), "building the workspace's binaries failed");
        profile_dir
    });
    let bin = profile_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.exists(), "{} was not built", bin.display());
    Box::leak(bin.into_boxed_path())
}

/// Whether cargo sets `key` for the test it runs, rather than the person who ran cargo.
fn set_for_a_running_test(key: &str) -> bool {
    key == "CARGO_MANIFEST_DIR"
        || key == "CARGO_MANIFEST_PATH"
        || key == "CARGO_CRATE_NAME"
        || key == "CARGO_PRIMARY_PACKAGE"
        || key == "CARGO_TARGET_TMPDIR"
        || key.starts_with("CARGO_PKG_")
        || key.starts_with("CARGO_BIN_")
}

/// What one `jinlin` run printed.
#[derive(Debug)]
pub struct Run {
    /// Exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Whether it exited with 0.
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }

    /// Stdout as exactly one JSON value; panics with the run's output otherwise.
    pub fn json(&self) -> serde_json::Value {
        assert!(self.ok(), "jinlin failed: {self:?}");
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}): {:?}", self.stdout))
    }
}

/// Runs `jinlin --home HOME ARGS...`, in English (`JINLIN_LANG=en`, whatever the machine's
/// locale) unless `ARGS` says `--lang`; [`jinlin_in`] runs it under a locale of the test's own.
pub async fn jinlin(home: &Path, args: &[&str]) -> Run {
    jinlin_in(home, args, &[("JINLIN_LANG", "en")]).await
}

/// Runs `jinlin --home HOME ARGS...` with only the language variables in `env` set (of
/// `JINLIN_LANG`, `LC_ALL`, `LC_MESSAGES` and `LANG`).
pub async fn jinlin_in(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = tokio::process::Command::new(jinlin_bin());
    for name in ["JINLIN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    let out = command
        .arg("--home")
        .arg(home)
        .args(args)
        .env_remove("JINLIN_HOME")
        .env_remove("JINLIN_LOG")
        .kill_on_drop(true)
        .output()
        .await
        .expect("jinlin runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `jinlin --home HOME --json ARGS...` and parses its output.
pub async fn jinlin_json(home: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    jinlin(home, &all).await.json()
}
