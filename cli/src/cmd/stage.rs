//! What every demo shares: the narrator that tells the story as it happens (or gathers it for
//! `--json`), a relay of its own on loopback with its data in a temporary folder (on a hand-set
//! clock where the story waits), and waiting for what the live channel brings.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use jinlin_core::ManualClock;

use crate::output;

/// Tells the story as it happens (or gathers it for `--json`).
pub(crate) struct Narrator {
    pub(crate) json: bool,
    pub(crate) steps: Vec<String>,
}

impl Narrator {
    /// A narrator with nothing told yet.
    pub(crate) fn new(json: bool) -> Narrator {
        Narrator {
            json,
            steps: Vec::new(),
        }
    }

    pub(crate) fn say(&mut self, text: impl Into<String>) {
        let text = text.into();
        if !self.json {
            output::line(&text);
        }
        self.steps.push(text);
    }
}

/// A demo's relay, on loopback, and the temporary folder it and the phones keep their data in.
pub(crate) struct Stage {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) relay: jinlin_relay::Running,
}

impl Stage {
    /// Starts the relay, on `clock` if the story steps time by hand.
    pub(crate) async fn open(clock: Option<&ManualClock>) -> Result<Stage> {
        let dir = tempfile::tempdir().context("cannot make a temporary folder")?;
        let mut settings = jinlin_relay::Settings::new(dir.path().join("relay"));
        if let Some(clock) = clock {
            settings = settings.with_clock(Arc::new(clock.clone()));
        }
        let addr = "127.0.0.1:0".parse().context("loopback address")?;
        let relay = jinlin_relay::spawn(addr, settings).await?;
        Ok(Stage { dir, relay })
    }
}

/// Waits (at most ten seconds) until `check` holds; `what` says what never happened if not.
pub(crate) async fn wait_for(mut check: impl FnMut() -> bool, what: &str) -> Result<()> {
    for _ in 0..500 {
        if check() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    bail!("{what} did not happen in time")
}
