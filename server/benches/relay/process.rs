//! The release `jinlin-relay` binary as a child process on 127.0.0.1:0 with a fresh data
//! directory, for the benchmarks: where it listens (from the first line it prints), its
//! resident memory and CPU time (from `/proc`), and its log. It is killed when dropped.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::Duration;

use anyhow::Context;

/// The relay binary in its own data directory.
pub struct RelayProcess {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl RelayProcess {
    /// Starts it without rate limits (a load test comes from one address), logging at `log`
    /// (`RUST_LOG`). With `pipe_log` its log is returned to read; otherwise it goes to this
    /// process's stderr.
    pub fn start(log: &str, pipe_log: bool) -> anyhow::Result<(Self, Option<ChildStderr>)> {
        Self::start_on(log, pipe_log, None)
    }

    /// The same, keeping its data in the PostgreSQL database at `database` if given (several
    /// instances may share one).
    pub fn start_on(log: &str, pipe_log: bool, database: Option<&str>) -> anyhow::Result<(Self, Option<ChildStderr>)> {
        let dir = tempfile::tempdir()?;
        let mut command = Command::new(env!("CARGO_BIN_EXE_jinlin-relay"));
        if let Some(url) = database {
            command.env("JINLIN_DATABASE_URL", url);
        }
        let mut child = command
            // A load test comes from one address: no rate limits, and room for every device's
            // connection.
            .args(["--no-rate-limits", "--max-connections-per-address", "65536"])
            .args(["--listen", "127.0.0.1:0", "--data"])
            .arg(dir.path())
            .env("RUST_LOG", log)
            .stdout(Stdio::piped())
            .stderr(if pipe_log { Stdio::piped() } else { Stdio::inherit() })
            .spawn()
            .context("starting jinlin-relay")?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().context("stdout")?).read_line(&mut line)?;
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .with_context(|| format!("unexpected first line {line:?}"))?
            .parse()?;
        let log = child.stderr.take();
        Ok((RelayProcess { child, addr, _dir: dir }, log))
    }

    /// (VmRSS, VmHWM) in MiB.
    pub fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .map(|kib| kib / 1024.0)
                .unwrap_or(f64::NAN)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    /// CPU time it has used so far.
    pub fn cpu(&self) -> Duration {
        cpu_time(self.child.id())
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// CPU time every process named `postgres` on this machine has used so far (the database
/// server's own share of a run).
pub fn postgres_cpu() -> Duration {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return Duration::ZERO;
    };
    procs
        .filter_map(Result::ok)
        .filter_map(|p| p.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
        .filter(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == "postgres"))
        .map(cpu_time)
        .sum()
}

/// CPU time process `pid` has used so far: the sum over its threads of the scheduler's run time
/// (`/proc/PID/task/*/schedstat`, in nanoseconds; threads that ended are not counted).
pub fn cpu_time(pid: u32) -> Duration {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Duration::ZERO;
    };
    let ns: u64 = tasks
        .filter_map(Result::ok)
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()))
        .sum();
    Duration::from_nanos(ns)
}
