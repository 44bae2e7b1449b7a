//! [`RelayProcess`]: the `jinlin-relay` binary run as an operator runs it, for what only a real
//! process shows (a SIGKILL that leaves no chance to flush, a SIGTERM that must stop it cleanly).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::cli::workspace_bin;

/// The relay binary, listening on a free loopback port over the data directory it was given.
/// Dropping it kills the process.
#[derive(Debug)]
pub struct RelayProcess {
    /// The running process.
    pub child: Child,
    /// Its base URL.
    pub url: String,
}

impl RelayProcess {
    /// Starts the binary on port 0 over `data` and reads the address it prints.
    pub fn start(data: &Path) -> RelayProcess {
        RelayProcess::spawn(RelayProcess::command(data))
    }

    /// Starts the binary on port 0 keeping its data in the PostgreSQL database at `url` (given
    /// as an operator would, in `JINLIN_DATABASE_URL`), with attachments in `data`.
    pub fn start_on_database(data: &Path, url: &str) -> RelayProcess {
        let mut command = RelayProcess::command(data);
        command.env("JINLIN_DATABASE_URL", url);
        RelayProcess::spawn(command)
    }

    /// The binary's command line, listening on port 0 over `data`.
    pub fn command(data: &Path) -> Command {
        let mut command = Command::new(workspace_bin("jinlin-relay"));
        command.args(["--listen", "127.0.0.1:0", "--data"]).arg(data);
        command
    }

    /// Starts the binary from `command` (made by [`RelayProcess::command`], with more flags) and
    /// reads the address it prints.
    pub fn spawn(mut command: Command) -> RelayProcess {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("relay binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("a line");
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        assert!(addr.starts_with("127.0.0.1:"), "{addr}");
        RelayProcess {
            child,
            url: format!("http://{addr}"),
        }
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
