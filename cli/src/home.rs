//! Where a command-line device lives: its home directory and the core's `Phone` over the store
//! inside it, which every command drives.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context as _, Result, anyhow};
use jinlin_core::Phone;
use jinlin_core::net::client::{ClientOptions, RelayClient, RelaySettings};
use jinlin_core::sync::SyncReport;

use crate::lang::t;
use crate::output::NeedsRelay;

/// The store file inside a home.
pub const STORE_FILE: &str = "jinlin.db";

/// Finds the home: `--home` (or `$JINLIN_HOME`, which clap folds into it), then `~/.jinlin`.
pub fn resolve(home: Option<PathBuf>) -> Result<PathBuf> {
    match home {
        Some(h) if !h.as_os_str().is_empty() => Ok(h),
        _ => std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| Path::new(&h).join(".jinlin"))
            .ok_or_else(|| anyhow!(t!("home-none"))),
    }
}

/// One command's device and settings.
#[derive(Debug)]
pub struct Home {
    /// The phone: its device, relay client and live channel.
    pub phone: Phone,
    /// Never contact the relay after a change.
    pub offline: bool,
    /// The relay's reasons for what it refused in this command's quick sync.
    refused: Mutex<Vec<String>>,
}

impl Home {
    /// Opens (creating if needed) the device in `dir`.
    pub fn open(dir: &Path, offline: bool) -> Result<Home> {
        std::fs::create_dir_all(dir).with_context(|| t!("cannot-create", path = dir.display().to_string()))?;
        let phone = Phone::open(dir.join(STORE_FILE))?;
        Ok(Home {
            phone,
            offline,
            refused: Mutex::new(Vec::new()),
        })
    }

    /// The relay settings, if registered.
    pub fn relay(&self) -> Result<Option<RelaySettings>> {
        Ok(self.phone.relay_settings()?)
    }

    /// A client for the relay; fails with a clear message when the device is not registered, or
    /// when `--offline` forbids contacting the relay (the command needs it, so it does nothing).
    pub fn client(&self, options: ClientOptions) -> Result<RelayClient> {
        if self.offline {
            return Err(NeedsRelay.into());
        }
        self.phone
            .client_with(options)?
            .ok_or_else(|| anyhow!(t!("home-unregistered")))
    }

    /// A full sync; fails when the relay cannot be reached.
    pub async fn sync(&self) -> Result<SyncReport> {
        self.client(ClientOptions::default())?;
        Ok(self.phone.sync().await?)
    }

    /// After a change: a quick sync if registered and not `--offline`. A failure is not an
    /// error (the change is saved and waits); returns whether everything reached the relay (a
    /// refusal is kept for [`Home::refused_reasons`]).
    pub async fn try_sync(&self) -> bool {
        if self.offline {
            return false;
        }
        if !matches!(self.phone.relay_settings(), Ok(Some(_))) {
            return false;
        }
        match self.phone.sync_with(ClientOptions::quick()).await {
            Ok(report) => {
                let reasons = report
                    .rejected
                    .iter()
                    .filter(|r| r.set_aside > 0)
                    .map(|r| r.reason.clone());
                if let Ok(mut refused) = self.refused.lock() {
                    refused.extend(reasons);
                }
                report.pending == 0 && report.rejected.is_empty()
            }
            Err(e) => {
                tracing::debug!(error = %e, "best-effort sync failed");
                false
            }
        }
    }

    /// What the relay refused in this command's quick sync, as its reasons.
    pub fn refused_reasons(&self) -> Vec<String> {
        self.refused.lock().map(|r| r.clone()).unwrap_or_default()
    }
}
