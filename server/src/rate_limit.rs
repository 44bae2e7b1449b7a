//! Rate limits on the doors a stranger can knock on: registration and invite redemption. Each
//! route keeps token buckets per client address and per presented device token; a call that
//! finds its bucket empty is answered 429 with `Retry-After` and never reaches the handler, so
//! guessing invite codes or flooding the relay with devices costs time.
//!
//! Buckets live in memory (a restart refills them) and are forgotten once full again.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::presented_token;
use crate::error::error_response;
use crate::store::Digest;

/// The routes that are limited.
pub const LIMITED: [&str; 2] = ["/v1/devices", "/v1/invites/redeem"];

/// What the limiter's middleware returns.
type Checked = std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>>;

/// The limiter as a layer for the whole router; it acts on [`LIMITED`] routes only.
pub fn layer() -> axum::middleware::FromFnLayer<impl Fn(Request, Next) -> Checked + Clone, (), (Request,)> {
    let limiter = Limiter::default();
    axum::middleware::from_fn(move |req: Request, next: Next| -> Checked {
        let limiter = limiter.clone();
        Box::pin(limiter.check(req, next))
    })
}

/// Calls one client address may make in a burst, and how fast they come back.
pub const PER_ADDRESS: Rate = Rate {
    burst: 60,
    every: Duration::from_secs(1),
};
/// Calls one device (one token) may make in a burst, and how fast they come back.
pub const PER_DEVICE: Rate = Rate {
    burst: 10,
    every: Duration::from_secs(6),
};

/// A bucket's size and the time one call takes to come back.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    /// Calls allowed at once.
    pub burst: u32,
    /// One call comes back after this long.
    pub every: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Address(&'static str, IpAddr),
    Device(&'static str, Digest),
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of one route.
#[derive(Debug, Clone, Default)]
pub struct Limiter {
    buckets: Arc<Mutex<HashMap<Key, Bucket>>>,
}

impl Limiter {
    /// Takes one call from `key`'s bucket; `Err(wait)` if it is empty.
    fn take(&self, key: Key, rate: Rate, now: Instant) -> Result<(), Duration> {
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(()); // a poisoned lock must not lock everyone out
        };
        let burst = f64::from(rate.burst);
        let per_sec = 1.0 / rate.every.as_secs_f64();
        let b = buckets.entry(key).or_insert(Bucket { tokens: burst, at: now });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * per_sec).min(burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - b.tokens) / per_sec))
        }
    }

    /// Forgets buckets that are full again, so the map does not grow without end.
    fn sweep(&self, now: Instant) {
        if let Ok(mut buckets) = self.buckets.lock()
            && buckets.len() > 10_000
        {
            buckets.retain(|k, b| {
                let rate = match k {
                    Key::Address(..) => PER_ADDRESS,
                    Key::Device(..) => PER_DEVICE,
                };
                now.duration_since(b.at) < rate.every * rate.burst
            });
        }
    }

    /// Middleware: lets the call through or answers 429.
    pub async fn check(self, req: Request, next: Next) -> Response {
        let route = match req.extensions().get::<MatchedPath>().map(MatchedPath::as_str) {
            Some(r) if r == LIMITED[0] => LIMITED[0],
            Some(r) if r == LIMITED[1] => LIMITED[1],
            _ => return next.run(req).await,
        };
        let now = Instant::now();
        self.sweep(now);
        let address = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let device = presented_token(req.headers());
        let mut verdict = Ok(());
        if let Some(ip) = address {
            verdict = self.take(Key::Address(route, ip), PER_ADDRESS, now);
        }
        if let (Ok(()), Some(hash)) = (verdict, device) {
            verdict = self.take(Key::Device(route, hash), PER_DEVICE, now);
        }
        match verdict {
            Ok(()) => next.run(req).await,
            Err(wait) => too_many(wait),
        }
    }
}

fn too_many(wait: Duration) -> Response {
    let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
    tracing::debug!(retry_after = secs, "rate limited");
    let mut res = error_response(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        format!("too many attempts; try again in {secs} s"),
    )
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        res.headers_mut().insert(RETRY_AFTER, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_empties_after_its_burst_and_refills_with_time() {
        let limiter = Limiter::default();
        let rate = Rate {
            burst: 3,
            every: Duration::from_secs(2),
        };
        let key = Key::Address("/v1/devices", IpAddr::from([10, 0, 0, 1]));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take(key, rate, t0).is_ok());
        }
        let wait = limiter.take(key, rate, t0).expect_err("empty");
        assert!(wait <= Duration::from_secs(2) && wait > Duration::ZERO);
        assert!(limiter.take(key, rate, t0 + Duration::from_secs(2)).is_ok());
        let other = Key::Address("/v1/devices", IpAddr::from([10, 0, 0, 2]));
        assert!(
            limiter.take(other, rate, t0).is_ok(),
            "another address has its own bucket"
        );
    }
}
