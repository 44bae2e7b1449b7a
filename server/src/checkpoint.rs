//! The background checkpoint: every [`CHECKPOINT_EVERY`] the store's write-ahead log is copied
//! into the database file beside the writer ([`RelayStore::checkpoint`]), and once more, emptying
//! the log, when the relay stops. Commits then only append to the log; none of them (an urgent
//! request's least of all) waits while megabytes are copied and synced.
//!
//! [`RelayStore::checkpoint`]: crate::store::RelayStore::checkpoint

use std::sync::Arc;
use std::time::Duration;

use crate::relay::Relay;

/// How often the log is checkpointed.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// Checkpoints every [`CHECKPOINT_EVERY`] until shutdown, then empties the log.
pub async fn run_checkpoints(relay: Arc<Relay>) {
    let mut shutdown = relay.shutdown_signal();
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let truncate = tokio::select! {
            _ = every.tick() => false,
            _ = shutdown.changed() => true,
        };
        let r = relay.clone();
        match tokio::task::spawn_blocking(move || r.store.checkpoint(truncate)).await {
            Ok(Ok(c)) if !c.complete => {
                tracing::debug!(log = c.log_pages, copied = c.copied_pages, "checkpoint partly done");
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "checkpoint failed; the next one tries again"),
            Err(e) => tracing::warn!(error = %e, "checkpoint task failed"),
        }
        if truncate {
            return;
        }
    }
}
