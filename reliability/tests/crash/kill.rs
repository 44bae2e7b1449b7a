//! Starting a harness's child process, killing it with SIGKILL after a while, and reading the
//! `ack` lines it printed before it died.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Runs `cmd`; if `wait_first_line`, waits for its first line of output; then sleeps `delay`,
/// kills it and returns everything it printed.
pub fn run_and_kill(mut cmd: Command, wait_first_line: bool, delay: Duration) -> String {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("spawn");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut out = String::new();
    if wait_first_line {
        stdout.read_line(&mut out).expect("first line");
    }
    std::thread::sleep(delay);
    child.kill().expect("SIGKILL");
    stdout.read_to_string(&mut out).expect("read");
    let _ = child.wait();
    out
}
