//! Rate limits on the doors a stranger can knock on: registration and invite redemption. Each
//! route keeps token buckets per client address and per presented device token (`governor`'s
//! keyed limiters); a call that finds its bucket empty is answered 429 with `Retry-After` and
//! never reaches the handler, so guessing invite codes or flooding the relay with devices costs
//! time.
//!
//! The client address is the one [`crate::client`] judged, so phones behind a trusted reverse
//! proxy each have their own bucket.
//!
//! Buckets live in memory (a restart refills them) and are forgotten once full again, so the
//! memory they take stays bounded however many addresses knock.

use jinlin_model::refusal::Refusal;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{MatchedPath, Request};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, MonotonicClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::HashMapStateStore;
use governor::{Quota, RateLimiter};

use crate::auth::presented_token;
use crate::client::Client;
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

/// Past this many remembered buckets, the full ones are forgotten.
const REMEMBERED: usize = 10_000;

impl Rate {
    fn quota(self) -> Quota {
        let burst = NonZeroU32::new(self.burst).unwrap_or(NonZeroU32::MIN);
        Quota::with_period(self.every)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst)
    }
}

/// The buckets of one kind of key, on `clock`.
type Buckets<K, C> = RateLimiter<K, HashMapStateStore<K>, C, NoOpMiddleware<<C as Clock>::Instant>>;

/// The buckets of the limited routes: one set per client address, one per device token.
#[derive(Debug, Clone)]
pub struct Limiter<C: Clock + Clone = MonotonicClock> {
    by_address: Arc<Buckets<(&'static str, IpAddr), C>>,
    by_device: Arc<Buckets<(&'static str, Digest), C>>,
    clock: C,
}

impl Default for Limiter {
    fn default() -> Self {
        Limiter::with_rates(PER_ADDRESS, PER_DEVICE, MonotonicClock)
    }
}

impl<C: Clock + Clone> Limiter<C> {
    /// Buckets of the given sizes, timed by `clock`.
    fn with_rates(per_address: Rate, per_device: Rate, clock: C) -> Self {
        Limiter {
            by_address: Arc::new(RateLimiter::hashmap_with_clock(per_address.quota(), clock.clone())),
            by_device: Arc::new(RateLimiter::hashmap_with_clock(per_device.quota(), clock.clone())),
            clock,
        }
    }

    /// Takes one call from the buckets of this route's caller; `Err(wait)` if one is empty.
    fn take(&self, route: &'static str, address: Option<IpAddr>, device: Option<Digest>) -> Result<(), Duration> {
        if let Some(ip) = address {
            self.by_address
                .check_key(&(route, ip))
                .map_err(|not_until| not_until.wait_time_from(self.clock.now()))?;
        }
        if let Some(hash) = device {
            self.by_device
                .check_key(&(route, hash))
                .map_err(|not_until| not_until.wait_time_from(self.clock.now()))?;
        }
        Ok(())
    }

    /// Forgets buckets that are full again, so memory does not grow without end.
    fn sweep(&self) {
        if self.by_address.len() > REMEMBERED {
            self.by_address.retain_recent();
            self.by_address.shrink_to_fit();
        }
        if self.by_device.len() > REMEMBERED {
            self.by_device.retain_recent();
            self.by_device.shrink_to_fit();
        }
    }

    /// How many buckets are remembered.
    #[cfg(test)]
    fn remembered(&self) -> usize {
        self.by_address.len() + self.by_device.len()
    }
}

impl Limiter {
    /// Middleware: lets the call through or answers 429.
    pub async fn check(self, req: Request, next: Next) -> Response {
        let route = match req.extensions().get::<MatchedPath>().map(MatchedPath::as_str) {
            Some(r) if r == LIMITED[0] => LIMITED[0],
            Some(r) if r == LIMITED[1] => LIMITED[1],
            _ => return next.run(req).await,
        };
        self.sweep();
        let address = req.extensions().get::<Client>().map(|c| c.addr);
        let device = presented_token(req.headers());
        match self.take(route, address, device) {
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
        Refusal::TooManyAttempts.with(&[&secs]),
    )
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        res.headers_mut().insert(RETRY_AFTER, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use governor::clock::FakeRelativeClock;

    use super::*;

    const ROUTE: &str = "/v1/devices";

    fn limiter(clock: &FakeRelativeClock) -> Limiter<FakeRelativeClock> {
        let rate = Rate {
            burst: 3,
            every: Duration::from_secs(2),
        };
        Limiter::with_rates(rate, rate, clock.clone())
    }

    #[test]
    fn a_bucket_empties_after_its_burst_and_refills_with_time() {
        let clock = FakeRelativeClock::default();
        let limiter = limiter(&clock);
        let ip = Some(IpAddr::from([10, 0, 0, 1]));
        for _ in 0..3 {
            assert!(limiter.take(ROUTE, ip, None).is_ok());
        }
        let wait = limiter.take(ROUTE, ip, None).expect_err("empty");
        assert!(wait <= Duration::from_secs(2) && wait > Duration::ZERO, "{wait:?}");
        clock.advance(Duration::from_secs(2));
        assert!(limiter.take(ROUTE, ip, None).is_ok());
        assert!(
            limiter.take(ROUTE, Some(IpAddr::from([10, 0, 0, 2])), None).is_ok(),
            "another address has its own bucket"
        );
        assert!(
            limiter.take(LIMITED[1], ip, None).is_ok(),
            "another route has its own bucket"
        );
    }

    #[test]
    fn one_device_token_is_limited_whatever_address_it_comes_from() {
        let clock = FakeRelativeClock::default();
        let limiter = limiter(&clock);
        let device = Some([7u8; 32]);
        for n in 0..3u8 {
            assert!(limiter.take(ROUTE, Some(IpAddr::from([10, 0, 0, n])), device).is_ok());
        }
        assert!(limiter.take(ROUTE, Some(IpAddr::from([10, 0, 0, 9])), device).is_err());
    }

    #[test]
    fn buckets_full_again_are_forgotten_so_memory_stays_bounded() {
        let clock = FakeRelativeClock::default();
        let limiter = limiter(&clock);
        for n in 0..=REMEMBERED as u32 {
            assert!(limiter.take(ROUTE, Some(IpAddr::from(n.to_be_bytes())), None).is_ok());
        }
        assert!(limiter.remembered() > REMEMBERED);
        clock.advance(Duration::from_secs(60));
        limiter.sweep();
        assert_eq!(limiter.remembered(), 0);
    }
}
