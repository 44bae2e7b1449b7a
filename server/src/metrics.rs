//! Counters for `GET /metrics`, in the OpenMetrics text format (which Prometheus reads):
//! requests by route template and status, sync bytes in and out, live connections and frames,
//! and the store's counts of devices, groups, documents and changes. The counters and their text
//! are `prometheus-client`'s; this module names them and reads the store's counts at each scrape.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::store::StoreStats;

/// The media type of [`Metrics::render`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The labels of one answered request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: u16,
}

/// The store's counts, read again at each scrape.
#[derive(Debug, Default)]
struct StoreGauges {
    devices: Gauge,
    revoked_devices: Gauge,
    groups: Gauge,
    documents: Gauge,
    changes: Gauge,
}

/// The relay's counters.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    store: StoreGauges,
    /// Bytes of sync request bodies received.
    pub sync_bytes_in: Counter,
    /// Bytes of sync response bodies sent.
    pub sync_bytes_out: Counter,
    /// Sync calls answered.
    pub syncs: Counter,
    /// Changes accepted from devices (the relay's own not counted).
    pub changes_in: Counter,
    /// Open live connections.
    pub live_connections: Gauge,
    /// Live frames sent.
    pub live_frames: Counter,
    /// Bytes of live frames sent.
    pub live_bytes_out: Counter,
    /// Resync frames sent to live connections that fell behind or whose access changed.
    pub live_resyncs: Counter,
    /// Microseconds the writer lock was held (its share of the time says whether uploads queue
    /// for the writer or for something else).
    pub writer_held: Counter,
    /// Syncs of the store's log the relay asked for, each making every commit before it durable
    /// (`durable.rs`); against the changes stored, how many uploads one sync served.
    pub log_syncs: Counter,
    /// Uploaded documents whose write rules were checked outside the writer lock, and the
    /// writer kept that check (`sync/precheck.rs`).
    pub prechecks_kept: Counter,
    /// Such checks the writer made again: the document had changed meanwhile.
    pub prechecks_stale: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut m = Metrics {
            registry: Registry::default(),
            requests: Family::default(),
            store: StoreGauges::default(),
            sync_bytes_in: Counter::default(),
            sync_bytes_out: Counter::default(),
            syncs: Counter::default(),
            changes_in: Counter::default(),
            live_connections: Gauge::default(),
            live_frames: Counter::default(),
            live_bytes_out: Counter::default(),
            live_resyncs: Counter::default(),
            writer_held: Counter::default(),
            log_syncs: Counter::default(),
            prechecks_kept: Counter::default(),
            prechecks_stale: Counter::default(),
        };
        let r = &mut m.registry;
        // Counters are registered without `_total`; the text adds it to their samples.
        r.register(
            "jinlin_http_requests",
            "HTTP requests answered, by route template and status.",
            m.requests.clone(),
        );
        r.register(
            "jinlin_sync_bytes_in",
            "Bytes of sync request bodies received.",
            m.sync_bytes_in.clone(),
        );
        r.register(
            "jinlin_sync_bytes_out",
            "Bytes of sync response bodies sent.",
            m.sync_bytes_out.clone(),
        );
        r.register("jinlin_syncs", "Sync calls answered.", m.syncs.clone());
        r.register(
            "jinlin_changes_received",
            "Changes from devices the relay stored.",
            m.changes_in.clone(),
        );
        r.register(
            "jinlin_live_frames",
            "Frames sent on live connections.",
            m.live_frames.clone(),
        );
        r.register(
            "jinlin_live_bytes_out",
            "Bytes sent on live connections.",
            m.live_bytes_out.clone(),
        );
        r.register(
            "jinlin_live_resyncs",
            "Resync frames sent on live connections.",
            m.live_resyncs.clone(),
        );
        r.register(
            "jinlin_writer_held_microseconds",
            "Microseconds the writer lock was held, taking the writers' turn included.",
            m.writer_held.clone(),
        );
        r.register(
            "jinlin_log_syncs",
            "Syncs of the store's log, each making every commit before it durable.",
            m.log_syncs.clone(),
        );
        r.register(
            "jinlin_upload_prechecks_kept",
            "Uploaded documents checked outside the writer lock, whose check the writer kept.",
            m.prechecks_kept.clone(),
        );
        r.register(
            "jinlin_upload_prechecks_stale",
            "Uploaded documents checked outside the writer lock and checked again under it.",
            m.prechecks_stale.clone(),
        );
        r.register(
            "jinlin_live_connections",
            "Open live connections.",
            m.live_connections.clone(),
        );
        r.register(
            "jinlin_devices",
            "Registered devices, revoked ones included.",
            m.store.devices.clone(),
        );
        r.register(
            "jinlin_devices_revoked",
            "Devices revoked (signed out or cut off by staff).",
            m.store.revoked_devices.clone(),
        );
        r.register("jinlin_groups", "Groups.", m.store.groups.clone());
        r.register(
            "jinlin_documents",
            "Documents the relay holds.",
            m.store.documents.clone(),
        );
        r.register(
            "jinlin_changes",
            "Changes in the relay's feed.",
            m.store.changes.clone(),
        );
        m
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, route: &str, status: u16) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_string(),
                status,
            })
            .inc();
    }

    /// Adds `n` to a counter.
    pub fn add(counter: &Counter, n: u64) {
        counter.inc_by(n);
    }

    /// The exposition text, with the store's counts as of `stats`.
    pub fn render(&self, stats: &StoreStats) -> String {
        let gauge = |g: &Gauge, n: u64| {
            g.set(i64::try_from(n).unwrap_or(i64::MAX));
        };
        gauge(&self.store.devices, stats.devices);
        gauge(&self.store.revoked_devices, stats.revoked_devices);
        gauge(&self.store.groups, stats.groups);
        gauge(&self.store.documents, stats.documents);
        gauge(&self.store.changes, stats.changes);
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_route_template_and_status() {
        let m = Metrics::default();
        m.request("/v1/groups/{group_id}/invites", 201);
        m.request("/v1/groups/{group_id}/invites", 201);
        m.request("/v1/sync", 400);
        Metrics::add(&m.sync_bytes_in, 42);
        let text = m.render(&StoreStats {
            documents: 3,
            ..StoreStats::default()
        });
        assert!(text.contains("jinlin_http_requests_total{route=\"/v1/groups/{group_id}/invites\",status=\"201\"} 2"));
        assert!(text.contains("jinlin_http_requests_total{route=\"/v1/sync\",status=\"400\"} 1"));
        assert!(text.contains("\njinlin_sync_bytes_in_total 42\n"));
        assert!(text.contains("\njinlin_documents 3\n"));
        assert!(text.contains("# TYPE jinlin_live_connections gauge"));
        assert!(text.ends_with("# EOF\n"), "a complete OpenMetrics exposition");
    }

    #[test]
    fn a_route_label_is_escaped() {
        let m = Metrics::default();
        m.request("/v1/\"odd\"", 404);
        let text = m.render(&StoreStats::default());
        assert!(text.contains("route=\"/v1/\\\"odd\\\"\",status=\"404\"} 1"), "{text}");
    }
}
