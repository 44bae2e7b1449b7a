//! Counters for `GET /metrics`, written out by hand in the Prometheus text format: requests by
//! route template and status, sync bytes in and out, live connections and frames, and the
//! store's counts of devices, groups, documents and changes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use crate::store::StoreStats;

/// The relay's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    /// Bytes of sync request bodies received.
    pub sync_bytes_in: AtomicU64,
    /// Bytes of sync response bodies sent.
    pub sync_bytes_out: AtomicU64,
    /// Sync calls answered.
    pub syncs: AtomicU64,
    /// Changes accepted from devices (the relay's own not counted).
    pub changes_in: AtomicU64,
    /// Open live connections.
    pub live_connections: AtomicI64,
    /// Live frames sent.
    pub live_frames: AtomicU64,
    /// Bytes of live frames sent.
    pub live_bytes_out: AtomicU64,
    /// Resync frames sent to live connections that fell behind or whose access changed.
    pub live_resyncs: AtomicU64,
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, route: &str, status: u16) {
        let mut map = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        *map.entry((route.to_string(), status)).or_insert(0) += 1;
    }

    /// Adds `n` to a counter.
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    /// The exposition text.
    pub fn render(&self, stats: &StoreStats) -> String {
        let mut out = String::new();
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        out.push_str("# HELP jinlin_http_requests_total HTTP requests answered, by route template and status.\n");
        out.push_str("# TYPE jinlin_http_requests_total counter\n");
        {
            let map = self.requests.lock().unwrap_or_else(|p| p.into_inner());
            for ((route, status), n) in map.iter() {
                let _ = writeln!(
                    out,
                    "jinlin_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        let counters = [
            (
                "jinlin_sync_bytes_in_total",
                "Bytes of sync request bodies received.",
                load(&self.sync_bytes_in),
            ),
            (
                "jinlin_sync_bytes_out_total",
                "Bytes of sync response bodies sent.",
                load(&self.sync_bytes_out),
            ),
            ("jinlin_syncs_total", "Sync calls answered.", load(&self.syncs)),
            (
                "jinlin_changes_received_total",
                "Changes from devices the relay stored.",
                load(&self.changes_in),
            ),
            (
                "jinlin_live_frames_total",
                "Frames sent on live connections.",
                load(&self.live_frames),
            ),
            (
                "jinlin_live_bytes_out_total",
                "Bytes sent on live connections.",
                load(&self.live_bytes_out),
            ),
            (
                "jinlin_live_resyncs_total",
                "Resync frames sent on live connections.",
                load(&self.live_resyncs),
            ),
        ];
        for (name, help, value) in counters {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}");
        }
        let gauges = [
            (
                "jinlin_live_connections",
                "Open live connections.",
                self.live_connections.load(Ordering::Relaxed).max(0) as u64,
            ),
            (
                "jinlin_devices",
                "Registered devices, revoked ones included.",
                stats.devices,
            ),
            (
                "jinlin_devices_revoked",
                "Devices revoked (signed out or cut off by staff).",
                stats.revoked_devices,
            ),
            ("jinlin_groups", "Groups.", stats.groups),
            ("jinlin_documents", "Documents the relay holds.", stats.documents),
            ("jinlin_changes", "Changes in the relay's feed.", stats.changes),
        ];
        for (name, help, value) in gauges {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}");
        }
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
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
    }
}
