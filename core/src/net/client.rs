//! The HTTP client for the relay: the only place that speaks HTTP. It moves the messages of
//! [`jinlin_model::protocol`] and leaves every decision to [`crate::sync`].
//!
//! - Every call has a connect timeout, a timeout on silence (so a slow but working link is
//!   not cut off) and a generous overall timeout. By default a relay that accepts the connection
//!   but does not answer, or stops halfway through its answer, is given up on after 10 s of
//!   silence; with the retries below a call gives up within about 45 s.
//! - Connection failures, 5xx and 429 are retried with exponential backoff and full jitter; a call
//!   that is not safe to repeat (redeem, making an invite) is retried only when it never reached
//!   the relay. Registration carries the device's own token, which makes it safe to repeat.
//! - An unreachable relay is [`Error::Offline`]; a refusal is [`Error::Relay`] with the relay's
//!   own sentence from its JSON [`ErrorBody`].
//! - A sync applies a response only once the whole of it has arrived and decoded, so a failed
//!   sync leaves local data as it was.

use jinlin_model::refusal::Refusal;
use std::time::Duration;

use backon::{BackoffBuilder as _, ExponentialBackoff, ExponentialBuilder};

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};

use crate::device::Device;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::{DocId, MemberId};
use jinlin_model::invite_code::InviteCode;
use jinlin_model::protocol::{
    self, CBOR, CreateInvite, Credentials, ErrorBody, Invite, MAX_BODY_BYTES, Membership, RedeemInvite,
    RegisterRequest, RegisterResponse, SyncRequest, SyncResponse,
};

/// The setting under which a device keeps its relay and token.
pub const RELAY_SETTING: &str = "relay";
/// The setting under which a device keeps the token of a registration the relay has not
/// answered yet, so that sending it again is the same registration.
pub const PENDING_RELAY_SETTING: &str = "relay_pending";

/// Random bytes in a device's token.
pub const TOKEN_BYTES: usize = 32;

/// A fresh token: [`TOKEN_BYTES`] random bytes from the operating system, as 64 hex digits.
pub fn new_token() -> Result<String> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| Error::InvalidInput(format!("no randomness for a token: {e}")))?;
    Ok(hex::encode(bytes))
}

/// Where a registered device syncs, and its secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelaySettings {
    /// The relay's base URL (`http://host:port`).
    pub url: String,
    /// The bearer token the relay issued.
    pub token: String,
    /// The member the token belongs to.
    pub member_id: MemberId,
}

impl std::fmt::Debug for RelaySettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelaySettings")
            .field("url", &self.url)
            .field("token", &"<secret>")
            .field("member_id", &self.member_id)
            .finish()
    }
}

impl RelaySettings {
    /// The device's relay settings, if it has registered.
    pub fn load(device: &Device) -> Result<Option<RelaySettings>> {
        device.setting(RELAY_SETTING)
    }

    /// Stores them on the device.
    pub fn save(&self, device: &Device) -> Result<()> {
        device.set_setting(RELAY_SETTING, self)
    }

    /// The registration sent but not yet answered, if any.
    pub fn load_pending(device: &Device) -> Result<Option<RelaySettings>> {
        device.setting(PENDING_RELAY_SETTING)
    }
}

/// Longest silence from the relay before one attempt is given up on. A working relay answers in
/// well under a second, so a relay that accepts and never answers (or stalls halfway through an
/// answer) costs seconds, not minutes: 4 attempts with backoff give up within about 45 s.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How hard to try.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClientOptions {
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Longest silence while waiting for (or reading) an answer: a slow link that keeps
    /// delivering is fine, a stalled one is not.
    pub read_timeout: Duration,
    /// Time allowed for a whole call, however slow the link.
    pub request_timeout: Duration,
    /// Attempts per call, the first included.
    pub attempts: u32,
    /// Delay before the first retry; it doubles each time.
    pub first_retry: Duration,
    /// Longest delay between attempts.
    pub max_retry: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(10),
            read_timeout: READ_TIMEOUT,
            request_timeout: Duration::from_secs(600),
            attempts: 4,
            first_retry: Duration::from_millis(250),
            max_retry: Duration::from_secs(4),
        }
    }
}

impl ClientOptions {
    /// One quick attempt: for a best-effort sync that must not keep a person waiting.
    pub fn quick() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(2),
            read_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            attempts: 1,
            ..Self::default()
        }
    }
}

/// Exponential backoff with full jitter: attempt `n` waits a random time between zero and
/// `first * 2^n`, capped at `max`, so phones that lost the relay together do not come back in
/// lockstep. The capped schedule is backon's; the jitter spreads each wait over all of it.
#[derive(Debug)]
pub struct Backoff {
    schedule: ExponentialBuilder,
    ceilings: ExponentialBackoff,
    max: Duration,
}

impl Backoff {
    /// A backoff starting at `first` and never exceeding `max`.
    pub fn new(first: Duration, max: Duration) -> Self {
        let schedule = ExponentialBuilder::default()
            .with_min_delay(first)
            .with_max_delay(max.max(first))
            .with_factor(2.0)
            .without_max_times();
        Backoff {
            schedule,
            ceilings: schedule.build(),
            max: max.max(first),
        }
    }

    /// The next delay: anywhere from zero up to this attempt's ceiling.
    pub fn next_delay(&mut self) -> Duration {
        // The schedule has no limit on attempts; past its end the cap is the ceiling.
        let ceiling = self.ceilings.next().unwrap_or(self.max);
        ceiling.mul_f64(fastrand::f64())
    }

    /// Starts over from the first delay.
    pub fn reset(&mut self) {
        self.ceilings = self.schedule.build();
    }
}

/// A client for one relay, optionally holding a device's token.
#[derive(Clone)]
pub struct RelayClient {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
    options: ClientOptions,
    /// The relay's own certificate authority (PEM), trusted instead of the platform's.
    ca_pem: Option<std::sync::Arc<str>>,
}

impl std::fmt::Debug for RelayClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelayClient")
            .field("base", &self.base)
            .field("token", &self.token.as_ref().map(|_| "<secret>"))
            .field("options", &self.options)
            .finish()
    }
}

/// Whether a call may be repeated after it might have reached the relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repeat {
    /// Repeating changes nothing (sync, reads, revoke).
    Safe,
    /// Repeat only when the call certainly never arrived.
    OnlyIfUnsent,
}

impl RelayClient {
    /// A client for the relay at `url` (`http://` or `https://`), without a token.
    pub fn new(url: &str) -> Result<Self> {
        Self::with_options(url, ClientOptions::default())
    }

    /// Like [`RelayClient::new`], with explicit timeouts and retries.
    pub fn with_options(url: &str, options: ClientOptions) -> Result<Self> {
        Self::with_ca(url, options, None)
    }

    /// Like [`RelayClient::with_options`], trusting only the relay's own certificate authority
    /// (PEM) when one is given (see [`crate::net::tls`]).
    pub fn with_ca(url: &str, options: ClientOptions, ca_pem: Option<&str>) -> Result<Self> {
        let base = normalize_url(url)?;
        let mut builder = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .read_timeout(options.read_timeout)
            .timeout(options.request_timeout)
            .user_agent(concat!("jinlin/", env!("CARGO_PKG_VERSION")));
        // reqwest's own default is the platform's trust store; anything else (the relay's own
        // authority, or the bundled roots on Android) goes through the same settings as the
        // live channel.
        if ca_pem.is_some() || crate::net::tls::DEFAULT_TRUST != crate::net::tls::DefaultTrust::Platform {
            builder = builder.tls_backend_preconfigured(crate::net::tls::client_config(ca_pem)?);
        }
        let http = builder
            .build()
            .map_err(|e| Error::InvalidInput(format!("cannot set up the HTTP client: {e}")))?;
        Ok(RelayClient {
            http,
            base,
            token: None,
            options,
            ca_pem: ca_pem.map(std::sync::Arc::from),
        })
    }

    /// The client for a registered device, or `None` if it has not registered.
    pub fn for_device(device: &Device, options: ClientOptions) -> Result<Option<Self>> {
        let ca = relay_ca(device)?;
        match RelaySettings::load(device)? {
            Some(s) => Ok(Some(Self::with_ca(&s.url, options, ca.as_deref())?.with_token(s.token))),
            None => Ok(None),
        }
    }

    /// The relay's own certificate authority, if the device was given one.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// The same client, authenticating with `token`.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The relay's base URL, without a trailing slash.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// The bearer token, if any.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The options in force.
    pub fn options(&self) -> ClientOptions {
        self.options
    }

    /// `GET /healthz`.
    pub async fn health(&self) -> Result<()> {
        self.call(Method::GET, "/healthz", None, Repeat::Safe).await.map(|_| ())
    }

    /// `POST /v1/devices`: registers a member id and returns its token. With the device's own
    /// token in `req` the call is idempotent, so it is retried like a read; without one (the
    /// relay makes the token) only when it never reached the relay.
    pub async fn register(&self, req: &RegisterRequest) -> Result<RegisterResponse> {
        let repeat = if req.token.is_some() {
            Repeat::Safe
        } else {
            Repeat::OnlyIfUnsent
        };
        let body = self.json_call(Method::POST, "/v1/devices", Some(req), repeat).await?;
        from_json(&body)
    }

    /// `GET /v1/credentials`: fresh membership credentials for peer-to-peer sync.
    pub async fn credentials(&self) -> Result<Credentials> {
        let body = self
            .json_call::<()>(Method::GET, "/v1/credentials", None, Repeat::Safe)
            .await?;
        from_json(&body)
    }

    /// `DELETE /v1/devices/me`: revokes this client's token for good (sign out).
    pub async fn sign_out(&self) -> Result<()> {
        self.json_call::<()>(Method::DELETE, "/v1/devices/me", None, Repeat::Safe)
            .await
            .map(|_| ())
    }

    /// `DELETE /v1/groups/{group}/devices/{member}`: as staff of `group`, cuts off the device of
    /// `member`, a member of that group or of one below it (a lost or handed-on phone).
    pub async fn revoke_device(&self, group: DocId, member: MemberId) -> Result<()> {
        let path = format!("/v1/groups/{group}/devices/{member}");
        self.json_call::<()>(Method::DELETE, &path, None, Repeat::Safe)
            .await
            .map(|_| ())
    }

    /// `POST /v1/groups/{id}/invites`: makes an invite code.
    pub async fn create_invite(&self, group: DocId, req: &CreateInvite) -> Result<Invite> {
        let path = format!("/v1/groups/{group}/invites");
        let body = self
            .json_call(Method::POST, &path, Some(req), Repeat::OnlyIfUnsent)
            .await?;
        from_json(&body)
    }

    /// `POST /v1/invites/redeem`: joins a group with a code.
    pub async fn redeem(&self, req: &RedeemInvite) -> Result<Membership> {
        let body = self
            .json_call(Method::POST, "/v1/invites/redeem", Some(req), Repeat::OnlyIfUnsent)
            .await?;
        from_json(&body)
    }

    /// `DELETE /v1/invites/{code}`: revokes an invite code.
    pub async fn revoke_invite(&self, code: &str) -> Result<()> {
        let code = InviteCode::parse(code)?;
        let path = format!("/v1/invites/{code}");
        self.json_call::<()>(Method::DELETE, &path, None, Repeat::Safe)
            .await
            .map(|_| ())
    }

    /// `GET /v1/groups`: the device's memberships.
    pub async fn memberships(&self) -> Result<Vec<Membership>> {
        let body = self
            .json_call::<()>(Method::GET, "/v1/groups", None, Repeat::Safe)
            .await?;
        from_json(&body)
    }

    /// A request to `path` carrying the device's token, for calls with their own headers
    /// (attachments: `blob_sync.rs`). Sent once, without retries.
    pub(crate) fn raw_request(&self, method: Method, path: &str) -> Result<reqwest::RequestBuilder> {
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(token) = &self.token {
            let value = HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|_| Error::InvalidInput(Refusal::StoredTokenMalformed.into()))?;
            req = req.header(AUTHORIZATION, value);
        }
        Ok(req)
    }

    /// `POST /v1/sync`: one round trip. Returns the response and the body sizes both ways.
    pub async fn exchange(&self, req: &SyncRequest) -> Result<(SyncResponse, usize, usize)> {
        let body = protocol::encode(req);
        let sent = body.len();
        if sent > MAX_BODY_BYTES {
            return Err(Error::InvalidInput(
                Refusal::SyncOverLimit.with(&[&sent, &MAX_BODY_BYTES]),
            ));
        }
        let answer = self
            .call(Method::POST, "/v1/sync", Some((CBOR, body)), Repeat::Safe)
            .await?;
        let response = protocol::decode::<SyncResponse>(&answer)?;
        Ok((response, sent, answer.len()))
    }

    pub(crate) async fn json_call<T: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: Option<&T>,
        repeat: Repeat,
    ) -> Result<Vec<u8>> {
        let body = body
            .map(|b| serde_json::to_vec(b).map_err(|e| Error::InvalidInput(e.to_string())))
            .transpose()?
            .map(|b| ("application/json", b));
        self.call(method, path, body, repeat).await
    }

    /// Sends one call, retrying as the options and `repeat` allow. Returns the response body.
    async fn call(&self, method: Method, path: &str, body: Option<(&str, Vec<u8>)>, repeat: Repeat) -> Result<Vec<u8>> {
        let url = format!("{}{}", self.base, path);
        let mut backoff = Backoff::new(self.options.first_retry, self.options.max_retry);
        let mut attempt = 1;
        loop {
            let mut req = self.http.request(method.clone(), &url);
            if let Some(token) = &self.token {
                let value = HeaderValue::from_str(&format!("Bearer {token}"))
                    .map_err(|_| Error::InvalidInput(Refusal::StoredTokenMalformed.into()))?;
                req = req.header(AUTHORIZATION, value);
            }
            if let Some((kind, bytes)) = &body {
                req = req.header(CONTENT_TYPE, *kind).body(bytes.clone());
            }
            let silence = self.options.read_timeout;
            let outcome = match req.send().await {
                Ok(resp) => read_response(resp, silence).await,
                Err(e) => Err(Failure::Transport {
                    unsent: e.is_connect(),
                    message: describe(&e, silence),
                }),
            };
            let failure = match outcome {
                Ok(bytes) => return Ok(bytes),
                Err(f) => f,
            };
            let retry_after = failure.retry_after();
            let retry = attempt < self.options.attempts
                && match &failure {
                    Failure::Transport { unsent, .. } => *unsent || repeat == Repeat::Safe,
                    // 429 and 503 say the call was not processed, so any call may repeat.
                    Failure::Status { status, .. } => {
                        *status == StatusCode::TOO_MANY_REQUESTS
                            || *status == StatusCode::SERVICE_UNAVAILABLE
                            || (status.is_server_error() && repeat == Repeat::Safe)
                    }
                    Failure::Body(_) => repeat == Repeat::Safe,
                };
            if !retry {
                return Err(failure.into_error(attempt));
            }
            let delay = backoff
                .next_delay()
                .max(retry_after.unwrap_or_default())
                .min(self.options.max_retry);
            tracing::debug!(path, attempt, ?delay, "relay call failed; retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
}

/// Why one attempt failed.
#[derive(Debug)]
enum Failure {
    /// No answer: no connection, a timeout, a dropped connection.
    Transport { unsent: bool, message: String },
    /// The relay answered with an error status.
    Status {
        status: StatusCode,
        message: String,
        retry_after: Option<Duration>,
    },
    /// The answer broke off midway.
    Body(String),
}

impl Failure {
    fn retry_after(&self) -> Option<Duration> {
        match self {
            Failure::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    fn into_error(self, attempts: u32) -> Error {
        match self {
            Failure::Transport { message, .. } | Failure::Body(message) if attempts > 1 => {
                Error::Offline(format!("{message}; gave up after {attempts} attempts"))
            }
            Failure::Transport { message, .. } | Failure::Body(message) => Error::Offline(message),
            Failure::Status { status, message, .. } => Error::Relay {
                status: status.as_u16(),
                message,
            },
        }
    }
}

async fn read_response(resp: reqwest::Response, silence: Duration) -> Result<Vec<u8>, Failure> {
    let status = resp.status();
    let retry_after = resp
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let bytes = resp.bytes().await.map_err(|e| Failure::Body(describe(&e, silence)))?;
    if status.is_success() {
        return Ok(bytes.to_vec());
    }
    let message = match serde_json::from_slice::<ErrorBody>(&bytes) {
        Ok(body) => body.message,
        Err(_) => status.canonical_reason().unwrap_or("unexpected answer").to_string(),
    };
    Err(Failure::Status {
        status,
        message,
        retry_after,
    })
}

/// The error and its causes in one line ("error sending request: ...: Connection refused").
/// `silence` is the read timeout, named when it is what gave up.
fn describe(e: &reqwest::Error, silence: Duration) -> String {
    let mut out = if e.is_timeout() {
        format!("the relay did not answer in time (silent for {} s)", silence.as_secs())
    } else if e.is_connect() {
        "cannot connect".to_string()
    } else {
        "the connection failed".to_string()
    };
    let mut source = std::error::Error::source(e);
    let mut last = None;
    while let Some(s) = source {
        last = Some(s.to_string());
        source = s.source();
    }
    if let Some(cause) = last {
        out.push_str(": ");
        out.push_str(&cause);
    }
    out
}

pub(crate) fn from_json<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| Error::Protocol(format!("unexpected answer from the relay: {e}")))
}

/// Checks a relay URL and drops any trailing slash.
pub fn normalize_url(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or_else(|| Error::InvalidInput(Refusal::RelayUrlScheme.with(&[&format_args!("{url:?}")])))?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err(Error::InvalidInput(
            Refusal::NotRelayUrl.with(&[&format_args!("{url:?}")]),
        ));
    }
    Ok(url.to_string())
}

// ---- what a device does with a relay ----

/// Registers the device with the relay at `url` under `name` (with an optional home), and keeps
/// the token. The identity is made or updated locally first, so the device works offline even
/// if the relay cannot be reached.
///
/// The device makes its token itself and keeps it before sending, so a registration whose answer
/// was lost is simply sent again (the client retries it, and so may the caller) and the relay
/// answers it as the same registration: a lost answer never locks the device out. A device
/// already registered there sends the token it has, so registering again only updates the name.
pub async fn register(
    device: &Device,
    url: &str,
    name: &str,
    building: Option<&str>,
    unit: Option<&str>,
    options: ClientOptions,
) -> Result<RelaySettings> {
    let ca = relay_ca(device)?;
    let mut client = RelayClient::with_ca(url, options, ca.as_deref())?;
    let identity = device.set_identity(name, building, unit)?;
    let mine = |s: &RelaySettings| s.url == client.url() && s.member_id == identity.member_id;
    let current = RelaySettings::load(device)?.filter(mine);
    let pending = RelaySettings::load_pending(device)?.filter(mine);
    let token = match (&current, pending) {
        (Some(current), _) => current.token.clone(),
        (None, Some(pending)) => pending.token,
        (None, None) => {
            let token = new_token()?;
            // Kept before it is sent: whatever happens to the answer, the device knows its token.
            device.set_setting(
                PENDING_RELAY_SETTING,
                &RelaySettings {
                    url: client.url().to_string(),
                    token: token.clone(),
                    member_id: identity.member_id,
                },
            )?;
            token
        }
    };
    if let Some(current) = &current {
        client = client.with_token(current.token.clone());
    }
    let device_key = hex::encode(device.peer_key()?.public());
    let answer = client
        .register(&RegisterRequest {
            member_id: identity.member_id,
            name: identity.name.clone(),
            token: Some(token),
            device_key: Some(device_key),
        })
        .await?;
    if answer.member_id != identity.member_id {
        return Err(Error::Protocol("the relay registered a different member id".into()));
    }
    pin_relay_key(device, &answer)?;
    // The answer's token is the one to use: this device's own, or one an older relay made.
    let settings = RelaySettings {
        url: client.url().to_string(),
        token: answer.token,
        member_id: answer.member_id,
    };
    settings.save(device)?;
    device.remove_setting(PENDING_RELAY_SETTING)?;
    Ok(settings)
}

/// Pins the relay key a registration's answer names (an older relay names none): from then on
/// this phone trusts only credentials that key signed.
pub(crate) fn pin_relay_key(device: &Device, answer: &RegisterResponse) -> Result<()> {
    let Some(text) = &answer.relay_key else {
        return Ok(());
    };
    let key = jinlin_model::peer::credential::parse_key(text)
        .ok_or_else(|| Error::Protocol("the relay's key is not an Ed25519 public key".into()))?;
    device.pin_relay_key(&key)
}

/// The relay's own certificate authority (PEM) this device trusts, if any.
pub fn relay_ca(device: &Device) -> Result<Option<String>> {
    device.setting(crate::net::tls::RELAY_CA_SETTING)
}

/// Makes this device trust only `ca_pem` (the relay's own certificate authority) for its relay,
/// or, with `None`, the platform's trust store again. Checked before it is kept.
pub fn set_relay_ca(device: &Device, ca_pem: Option<&str>) -> Result<()> {
    match ca_pem {
        Some(pem) => {
            crate::net::tls::parse_ca(pem)?;
            device.set_setting(crate::net::tls::RELAY_CA_SETTING, &pem.to_string())
        }
        None => device.remove_setting(crate::net::tls::RELAY_CA_SETTING),
    }
}

/// Signs this device out of its relay: the relay revokes its token for good (its open live
/// channel closes, nothing more is pushed to it) and the device forgets it. What the device
/// wrote stays, on the relay and on the device; send what is waiting before (a sync). A token the
/// relay no longer accepts counts as signed out already.
pub async fn sign_out(device: &Device, client: &RelayClient) -> Result<()> {
    match client.sign_out().await {
        Ok(()) | Err(Error::Relay { status: 401, .. }) => {}
        Err(e) => return Err(e),
    }
    device.remove_setting(RELAY_SETTING)?;
    device.remove_setting(PENDING_RELAY_SETTING)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_urls_are_checked_and_trimmed() {
        assert_eq!(
            normalize_url(" http://127.0.0.1:8787/ ").ok().as_deref(),
            Some("http://127.0.0.1:8787")
        );
        assert!(normalize_url("127.0.0.1:8787").is_err());
        assert!(normalize_url("ftp://x").is_err());
        assert!(normalize_url("http://").is_err());
    }

    #[test]
    fn backoff_waits_anywhere_up_to_a_doubling_ceiling_and_stays_under_its_cap() {
        let ceilings = [100, 200, 400, 800, 800, 800, 800, 800].map(Duration::from_millis);
        let mut waits = vec![Vec::new(); ceilings.len()];
        for _ in 0..200 {
            let mut b = Backoff::new(Duration::from_millis(100), Duration::from_millis(800));
            for (n, ceiling) in ceilings.iter().enumerate() {
                let d = b.next_delay();
                assert!(d <= *ceiling, "attempt {n} waited {d:?}, over {ceiling:?}");
                waits[n].push(d);
            }
        }
        // Full jitter: the same attempt waits anything from near zero to near its ceiling, so
        // phones cut off together spread out rather than come back in step.
        for (n, ceiling) in ceilings.iter().enumerate() {
            assert!(
                waits[n].iter().any(|d| *d < *ceiling / 4),
                "attempt {n}: {:?}",
                waits[n]
            );
            assert!(
                waits[n].iter().any(|d| *d > *ceiling * 3 / 4),
                "attempt {n}: {:?}",
                waits[n]
            );
        }
        let mean = |n: usize| waits[n].iter().sum::<Duration>() / 200;
        assert!(mean(3) > mean(0) * 4, "later attempts wait longer on average");
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_millis(800));
        for _ in 0..5 {
            b.next_delay();
        }
        b.reset();
        assert!((0..50).all(|_| {
            b.reset();
            b.next_delay() <= Duration::from_millis(100)
        }));
    }

    #[test]
    fn settings_never_print_the_token() {
        let s = RelaySettings {
            url: "http://x".into(),
            token: "s3cret".into(),
            member_id: MemberId::random(),
        };
        assert!(!format!("{s:?}").contains("s3cret"));
    }
}
