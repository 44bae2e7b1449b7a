//! Who is calling: the client's address and whether it reached us over HTTPS, as seen through the
//! reverse proxies the operator trusts.
//!
//! Behind a load balancer every connection comes from the balancer's address, so without this
//! every phone would share one rate-limit bucket and one per-address connection allowance, and
//! `/metrics` (served to "this machine only") would be served to anyone the local balancer
//! forwards. The operator names the proxies it trusts (`--trusted-proxy 10.0.0.0/8`); for a
//! connection from one of them the relay reads `X-Forwarded-For` from the right, skipping the
//! trusted hops, and takes the first address it does not trust as the client: a client can
//! prepend whatever it likes to that header, but cannot forge what a trusted proxy appended.
//! `X-Forwarded-Proto: https` from a trusted proxy marks the call as HTTPS. From any other peer
//! both headers are ignored.
//!
//! [`layer`] puts a [`Client`] into every request's extensions; everything that needs the
//! client's address (rate limits, the metrics door, the dashboard's cookies) reads it there.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

/// The header a proxy appends the address it received the call from to.
pub const FORWARDED_FOR: &str = "x-forwarded-for";
/// The header a proxy names the scheme the client used in.
pub const FORWARDED_PROTO: &str = "x-forwarded-proto";
/// Addresses read from one `X-Forwarded-For`; a longer chain is cut (its left part is the
/// client's own claim anyway).
const MAX_HOPS: usize = 32;

/// The reverse proxies whose forwarding headers the relay believes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// An entry of `--trusted-proxy` that is neither an address nor a network.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an address or network (write 10.0.0.5, 10.0.0.0/8 or fd00::/8)")]
pub struct BadProxy(String);

impl FromStr for TrustedProxies {
    type Err = BadProxy;

    /// A comma-separated list of addresses and networks; empty entries are skipped.
    fn from_str(text: &str) -> Result<Self, BadProxy> {
        let mut nets = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let net = match part.parse::<IpNet>() {
                Ok(net) => net,
                Err(_) => IpNet::from(part.parse::<IpAddr>().map_err(|_| BadProxy(part.to_string()))?),
            };
            nets.push(net);
        }
        Ok(TrustedProxies(nets))
    }
}

impl TrustedProxies {
    /// No proxy is trusted: the TCP peer is the client.
    pub fn none() -> Self {
        TrustedProxies::default()
    }

    /// Adds the proxies of `other`.
    pub fn extend(&mut self, other: TrustedProxies) {
        self.0.extend(other.0);
    }

    /// Whether any proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `ip` is a trusted proxy.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind a call that reached us from `peer` with `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> Client {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return Client {
                addr: peer,
                https: false,
            };
        }
        // Every X-Forwarded-For line, in order, as one chain: client, proxy 1, proxy 2, ...
        let chain: Vec<&str> = headers
            .get_all(FORWARDED_FOR)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut addr = peer;
        for hop in chain.iter().rev().take(MAX_HOPS) {
            // Something we cannot read is not an address we can bucket: stay with the last hop
            // we could (a trusted one), rather than believe anything further left.
            let Some(ip) = parse_hop(hop) else { break };
            addr = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        let https = headers
            .get(FORWARDED_PROTO)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next_back())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
        Client { addr, https }
    }
}

/// One hop of `X-Forwarded-For`: an address, possibly with a port (`1.2.3.4:5678`,
/// `[2001:db8::1]:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    hop.parse::<SocketAddr>().ok().map(|s| s.ip().to_canonical())
}

/// The caller, as the relay judges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client {
    /// The client's address (the TCP peer unless a trusted proxy said otherwise).
    pub addr: IpAddr,
    /// Whether a trusted proxy says the client used HTTPS.
    pub https: bool,
}

/// Middleware: adds the [`Client`] of every request that has a TCP peer.
pub fn layer(
    proxies: Arc<TrustedProxies>,
) -> axum::middleware::FromFnLayer<impl Fn(Request, Next) -> Judged + Clone, (), (Request,)> {
    axum::middleware::from_fn(move |mut req: Request, next: Next| -> Judged {
        let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        if let Some(peer) = peer {
            let client = proxies.client(peer, req.headers());
            req.extensions_mut().insert(client);
        }
        Box::pin(next.run(req))
    })
}

/// What the middleware returns.
pub type Judged = std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>>;

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    fn headers(lines: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in lines {
            h.append(*name, HeaderValue::from_str(value).expect("header"));
        }
        h
    }

    #[test]
    fn without_trusted_proxies_the_forwarding_headers_are_ignored() {
        let proxies = TrustedProxies::none();
        let h = headers(&[(FORWARDED_FOR, "203.0.113.9"), (FORWARDED_PROTO, "https")]);
        let client = proxies.client(ip("10.0.0.5"), &h);
        assert_eq!(
            client,
            Client {
                addr: ip("10.0.0.5"),
                https: false
            }
        );
    }

    #[test]
    fn behind_a_trusted_balancer_each_phone_has_its_own_address() {
        let proxies: TrustedProxies = "10.0.0.0/8".parse().expect("list");
        let a = proxies.client(ip("10.0.0.5"), &headers(&[(FORWARDED_FOR, "203.0.113.9")]));
        let b = proxies.client(ip("10.0.0.5"), &headers(&[(FORWARDED_FOR, "198.51.100.7")]));
        assert_eq!(a.addr, ip("203.0.113.9"));
        assert_eq!(b.addr, ip("198.51.100.7"));
    }

    #[test]
    fn a_client_cannot_choose_its_address_by_prepending_to_the_header() {
        let proxies: TrustedProxies = "10.0.0.0/8, 192.168.1.1".parse().expect("list");
        // The phone sent "X-Forwarded-For: 1.1.1.1"; the outer proxy appended the phone's real
        // address, the inner one the outer one's.
        let h = headers(&[(FORWARDED_FOR, "1.1.1.1, 203.0.113.9, 192.168.1.1")]);
        assert_eq!(proxies.client(ip("10.0.0.5"), &h).addr, ip("203.0.113.9"));
        // Several header lines are one chain.
        let h = headers(&[(FORWARDED_FOR, "1.1.1.1"), (FORWARDED_FOR, "203.0.113.9:4711")]);
        assert_eq!(proxies.client(ip("10.0.0.5"), &h).addr, ip("203.0.113.9"));
    }

    #[test]
    fn a_garbled_forwarding_header_leaves_the_call_with_the_proxys_address() {
        let proxies: TrustedProxies = "10.0.0.0/8".parse().expect("list");
        let h = headers(&[(FORWARDED_FOR, "not-an-address")]);
        assert_eq!(proxies.client(ip("10.0.0.5"), &h).addr, ip("10.0.0.5"));
        assert_eq!(proxies.client(ip("10.0.0.5"), &HeaderMap::new()).addr, ip("10.0.0.5"));
    }

    #[test]
    fn https_is_believed_only_from_a_trusted_proxy() {
        let proxies: TrustedProxies = "127.0.0.1".parse().expect("list");
        let h = headers(&[(FORWARDED_FOR, "203.0.113.9"), (FORWARDED_PROTO, "https")]);
        assert!(proxies.client(ip("127.0.0.1"), &h).https);
        assert!(!proxies.client(ip("10.9.9.9"), &h).https);
    }

    #[test]
    fn ipv4_mapped_peers_match_ipv4_networks() {
        let proxies: TrustedProxies = "10.0.0.0/8".parse().expect("list");
        assert!(proxies.trusts(ip("::ffff:10.1.2.3")));
    }

    #[test]
    fn a_proxy_list_with_a_typo_is_refused_with_the_entry_named() {
        let err = "10.0.0.0/8, 10.0.0.300".parse::<TrustedProxies>().expect_err("typo");
        assert!(err.to_string().contains("10.0.0.300"), "{err}");
        assert!("".parse::<TrustedProxies>().expect("empty").is_empty());
    }
}
