//! The dispatcher's settings for one request: the relay's configured ones, in the time zone of
//! the request's group, or of the nearest group above it that names one (a community usually
//! names it once for all its estates and buildings). Night escalation and quiet hours are
//! judged by that zone's clock at the moment of the step, daylight saving included; where no
//! group names a zone, the configured offset (UTC+8 unless set) applies. A paired neighbour's
//! daily deadline is read on the same clock.

use jinlin_model::dispatch::DispatchConfig;
use jinlin_model::{DocId, Millis};

use crate::doc_cache::DocCache;
use crate::relay::Relay;

impl Relay {
    /// The dispatcher's settings for a request in `group` at `now` (under the writer lock: group
    /// documents come from the cache).
    pub(crate) fn dispatch_config(&self, cache: &mut DocCache, group: DocId, now: Millis) -> DispatchConfig {
        let tree = self.tree();
        let zone = std::iter::once(group)
            .chain(tree.ancestors(group))
            .find_map(|g| match self.load(cache, g) {
                Ok(cached) => cached.group_view().ok().and_then(|v| v.time_zone.clone()),
                Err(e) => {
                    tracing::warn!(group = %g, error = %e, "group document not loaded for its time zone");
                    None
                }
            });
        self.alerts.config.in_zone(zone.as_deref(), now)
    }

    /// The dispatcher's settings for `group` at `now`, taking the writer lock for a moment (the
    /// caller holds no lock: the check-in book is taken after the writer, never before).
    pub(crate) fn config_in(&self, group: DocId, now: Millis) -> DispatchConfig {
        self.dispatch_config(&mut self.docs(), group, now)
    }
}
