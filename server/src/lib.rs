//! Jinlin's relay: the small server phones meet through when they are online.
//!
//! It keeps every group's and request's Automerge document with an append-only change feed in
//! SQLite, decides who may read what (groups nest community → estate → building), numbers
//! sign-ups in the order they arrive, and pushes changes to online devices over a WebSocket.
//! The wire protocol is `jinlin_model::protocol`; `docs/PROTOCOL.md` explains it.
//!
//! Use [`AppState::open`] and [`launch`] (or [`spawn`] in tests and the demo):
//! ```no_run
//! # async fn run() -> Result<(), jinlin_relay::Error> {
//! let settings = jinlin_relay::Settings::new("./jinlin-data");
//! let running = jinlin_relay::spawn(([127, 0, 0, 1], 0).into(), settings).await?;
//! println!("relay at {}", running.url());
//! running.stop().await?;
//! # Ok(()) }
//! ```
//! `src/README.md` maps each file to its concern.

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use jinlin_model::{Clock, SystemClock};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub mod access;
pub mod alerts;

pub mod auth;
pub mod checkin;
pub mod checkpoint;
pub mod client;
pub mod cluster;
pub mod compact;
pub mod dashboard;
pub mod devices;
pub mod doc_cache;
pub mod durable;
pub mod error;
pub mod feed;
pub mod grid;
pub mod http;
pub mod invites;
pub mod live;
pub mod metrics;
pub mod operator;
pub mod peer;
pub mod presence;
pub mod relay;
pub mod revocation;
pub mod serve;
pub mod shelf;
pub mod store;
pub mod sync;
pub mod votes;
// Rate limits and error messages without personal values (reliability); panic-proof decoding
// of uploaded changes is `jinlin_model::untrusted`.
pub mod rate_limit;
pub mod redact;

#[cfg(test)]
mod refusal_tests;

pub use error::{AppError, Error};
pub use http::{Limits, router};
pub use relay::Relay;
pub use store::{DatabaseUrl, PostgresStore, RelayStore, SqliteStore};

/// The database file inside the data directory.
pub const DB_FILE: &str = "relay.db";
/// Live events buffered per connection before it is told to resync.
pub const LIVE_BUFFER: usize = 1024;

/// How to run a relay.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the relay keeps its database (created if missing) and its attachments.
    pub data_dir: PathBuf,
    /// A PostgreSQL database to keep everything but attachments in, instead of the SQLite file
    /// in `data_dir`.
    pub database: Option<DatabaseUrl>,
    /// Where time comes from (tests step it by hand to expire invites).
    pub clock: Arc<dyn Clock>,
    /// Request timeout and concurrency.
    pub limits: Limits,
    /// Live events buffered before a slow connection is told to resync.
    pub live_buffer: usize,
    /// Urgent alerts: wave sizes and timings.
    pub dispatch: jinlin_model::dispatch::DispatchConfig,
    /// Push adapters for offline phones.
    pub push: alerts::push::PushSettings,
    /// Who may read `/metrics` (this machine only, unless an operator token is set).
    pub metrics: operator::MetricsAccess,
    /// Reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` the relay believes.
    pub trusted_proxies: client::TrustedProxies,
}

impl Settings {
    /// Defaults, with the data in `data_dir`.
    pub fn new(data_dir: impl AsRef<Path>) -> Self {
        Settings {
            data_dir: data_dir.as_ref().to_path_buf(),
            database: None,
            clock: Arc::new(SystemClock),
            limits: Limits::default(),
            live_buffer: LIVE_BUFFER,
            dispatch: Default::default(),
            push: Default::default(),
            metrics: operator::MetricsAccess::LocalOnly,
            trusted_proxies: client::TrustedProxies::none(),
        }
    }

    /// The same settings reading time from `clock`.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }
}

/// What every handler shares: the relay and the router's limits.
#[derive(Debug, Clone)]
pub struct AppState {
    relay: Arc<Relay>,
    limits: Limits,
    /// Writers wait here, first come first served, before they take the relay's writer lock.
    turns: Arc<tokio::sync::Mutex<()>>,
    blobs: Arc<grid::photos::BlobStore>,
    metrics_access: operator::MetricsAccess,
    trusted_proxies: Arc<client::TrustedProxies>,
}

impl AppState {
    /// Opens the relay in `settings.data_dir` (SQLite, created if missing), or on
    /// `settings.database` when one is given. Blocks.
    pub fn open(settings: &Settings) -> Result<AppState, Error> {
        std::fs::create_dir_all(&settings.data_dir)?;
        let store: Arc<dyn RelayStore> = match &settings.database {
            Some(url) => Arc::new(PostgresStore::open(url)?),
            None => Arc::new(SqliteStore::open(settings.data_dir.join(DB_FILE))?),
        };
        Self::with_store(store, settings)
    }

    /// A relay over any store. Blocks.
    pub fn with_store(store: Arc<dyn RelayStore>, settings: &Settings) -> Result<AppState, Error> {
        let mut relay = Relay::new(store, settings.clock.clone(), settings.live_buffer)?;
        relay.set_response_budget(settings.limits.response_budget);
        relay.set_quotas(relay::Quotas {
            groups_per_day: settings.limits.groups_per_day,
            invites_per_day: settings.limits.invites_per_day,
        });
        relay.backfill_blob_refs()?;
        let pusher = alerts::push::Pusher::new(settings.push.clone()).map_err(|e| Error::Task(e.to_string()))?;
        relay.configure_alerts(settings.dispatch, Some(pusher));
        Ok(AppState {
            relay: Arc::new(relay),
            limits: settings.limits,
            turns: Arc::new(tokio::sync::Mutex::new(())),
            blobs: Arc::new(grid::photos::BlobStore::new(
                &settings.data_dir,
                settings.clock.clone(),
                settings.limits.uploads,
            )),
            metrics_access: settings.metrics,
            trusted_proxies: Arc::new(settings.trusted_proxies.clone()),
        })
    }

    /// The relay.
    pub fn relay(&self) -> &Arc<Relay> {
        &self.relay
    }

    /// Where attachments are kept.
    pub fn blobs(&self) -> Arc<grid::photos::BlobStore> {
        self.blobs.clone()
    }

    /// Who may read `/metrics`.
    pub fn metrics_access(&self) -> operator::MetricsAccess {
        self.metrics_access
    }

    /// The reverse proxies the relay believes about the client's address.
    pub fn trusted_proxies(&self) -> Arc<client::TrustedProxies> {
        self.trusted_proxies.clone()
    }

    /// The router's limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Runs a blocking operation that writes. Writers take turns in arrival order while
    /// waiting asynchronously, so a burst of uploads neither starves anyone nor ties up a
    /// blocking thread per waiting writer.
    pub async fn writing<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Relay) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let _turn = self.turns.lock().await;
        self.blocking(f).await
    }

    /// Runs a blocking operation that writes, in its turn as [`AppState::writing`] does, and
    /// then, on the same thread and with the turn already passed on, one that reads what it
    /// wrote. A sync's upload and answer go this way: one trip to a blocking thread instead of
    /// two, while the next writer starts as soon as this one's write is done.
    pub async fn writing_then<W: Send + 'static, T: Send + 'static>(
        &self,
        write: impl FnOnce(&Relay) -> Result<W, AppError> + Send + 'static,
        read: impl FnOnce(&Relay, W) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let turn = self.turns.clone().lock_owned().await;
        self.blocking(move |relay| {
            let written = write(relay);
            drop(turn);
            read(relay, written?)
        })
        .await
    }

    /// Runs a blocking relay operation off the async threads.
    pub async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Relay) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let relay = self.relay.clone();
        tokio::task::spawn_blocking(move || f(&relay))
            .await
            .map_err(|e| AppError::Internal(Error::Task(e.to_string())))?
    }
}

/// Serves the relay on `listener` until `shutdown` resolves, then closes live connections and
/// lets requests in flight finish.
pub async fn launch(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let relay = state.relay().clone();
    let stopping = relay.clone();
    // Urgent alerts: escalation timers (open dispatches resume here after a restart) and pushes.
    tokio::spawn(alerts::run_timers(relay.clone()));
    tokio::spawn(cluster::run_cluster(relay.clone()));
    tokio::spawn(alerts::run_pushes(relay.clone()));
    tokio::spawn(alerts::run_receipts(relay.clone()));
    // The dashboard's read views are dropped as their documents change.
    tokio::spawn(dashboard::views::run_invalidation(relay.clone()));
    // The write-ahead log goes into the database file in the background, and is emptied at the end.
    let checkpoints = tokio::spawn(checkpoint::run_checkpoints(relay.clone()));
    // Unfinished uploads past their expiry are removed even when no upload arrives.
    let sweeps = tokio::spawn(grid::photos::run_sweeps(state.blobs()));
    // Connections are capped and timed (see `serve.rs`); the client's address feeds the rate
    // limits.
    let connections = state.limits().connections;
    let proxies = state.trusted_proxies();
    let served = serve::serve(
        listener,
        router(state),
        connections,
        proxies,
        async move {
            shutdown.await;
            stopping.begin_shutdown();
        },
        Duration::from_secs(5),
    )
    .await;
    sweeps.abort();
    served?;
    // Live connections were told to close; give them a moment to say goodbye.
    for _ in 0..50 {
        if relay.metrics.live_connections.get() <= 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if tokio::time::timeout(Duration::from_secs(5), checkpoints).await.is_err() {
        tracing::warn!("the last checkpoint did not finish; the log is replayed at the next start");
    }
    Ok(())
}

/// A relay serving in the background (for tests and the command line's demo).
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    state: AppState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), Error>>>,
}

/// Opens a relay with `settings` and serves it on `listen` (port 0 picks a free port) in the
/// background.
pub async fn spawn(listen: SocketAddr, settings: Settings) -> Result<Running, Error> {
    let state = tokio::task::spawn_blocking(move || AppState::open(&settings))
        .await
        .map_err(|e| Error::Task(e.to_string()))??;
    let listener = TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(launch(listener, state.clone(), async move {
        let _ = stopped.await;
    }));
    Ok(Running {
        addr,
        state,
        stop: Some(stop),
        task: Some(task),
    })
}

impl Running {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Its state.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Shuts it down gracefully and waits until it has stopped.
    pub async fn stop(mut self) -> Result<(), Error> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(|e| Error::Task(e.to_string()))?,
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
