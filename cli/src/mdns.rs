//! Finding neighbours' phones on a local network with mDNS/DNS-SD (`mdns-sd`): `peer listen`
//! announces itself as a `_jinlin._tcp` service, `peer discover` looks for such services. The
//! announcement names no one: its instance name is random and it carries only the peer
//! protocol's version; who a phone belongs to is learnt in the handshake, from its credential.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Context, Result};
use mdns_sd::{ServiceDaemon, ServiceEvent, ServiceInfo};
use serde::Serialize;

use crate::lang::t;

/// The DNS-SD service type of a phone listening for neighbours.
pub const SERVICE: &str = "_jinlin._tcp.local.";

/// A phone found on the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    /// Its announced instance name.
    pub name: String,
    /// Where it listens, `HOST:PORT` for each of its addresses.
    pub addrs: Vec<String>,
}

/// An announcement that lasts until dropped.
pub struct Announced {
    daemon: ServiceDaemon,
    fullname: String,
}

impl Drop for Announced {
    fn drop(&mut self) {
        let _ = self.daemon.unregister(&self.fullname);
        let _ = self.daemon.shutdown();
    }
}

/// Announces a phone listening on `host:port` (all of this machine's addresses for 0.0.0.0).
pub fn announce(host: &str, port: u16) -> Result<Announced> {
    let daemon = ServiceDaemon::new().context(t!("mdns-unavailable"))?;
    let random = jinlin_model::ids::DocId::random().to_string();
    let instance = format!("jinlin-{}", &random[..8]);
    let hostname = format!("{instance}.local.");
    let properties = [("v", jinlin_model::peer::frame::PEER_VERSION.to_string())];
    let info = if host == "0.0.0.0" || host == "::" {
        ServiceInfo::new(SERVICE, &instance, &hostname, "", port, &properties[..])?.enable_addr_auto()
    } else {
        ServiceInfo::new(SERVICE, &instance, &hostname, host, port, &properties[..])?
    };
    let fullname = info.get_fullname().to_string();
    daemon.register(info).context(t!("mdns-announcing"))?;
    Ok(Announced { daemon, fullname })
}

/// The phones announcing themselves within `wait`.
pub async fn discover(wait: Duration) -> Result<Vec<Found>> {
    let daemon = ServiceDaemon::new().context(t!("mdns-unavailable"))?;
    let events = daemon.browse(SERVICE).context(t!("mdns-looking"))?;
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    let deadline = tokio::time::Instant::now() + wait;
    while let Ok(Ok(event)) = tokio::time::timeout_at(deadline, events.recv_async()).await {
        if let ServiceEvent::ServiceResolved(info) = event {
            let mut addrs: Vec<String> = info
                .get_addresses()
                .iter()
                .map(|ip| std::net::SocketAddr::new(*ip, info.get_port()).to_string())
                .collect();
            addrs.sort();
            let name = info
                .get_fullname()
                .trim_end_matches(SERVICE)
                .trim_end_matches('.')
                .to_string();
            found.insert(name.clone(), Found { name, addrs });
        }
    }
    let _ = daemon.shutdown();
    Ok(found.into_values().collect())
}
