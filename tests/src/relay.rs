//! [`Relay`]: the one relay under test, for every end-to-end and relay test. A real
//! `jinlin-relay` on 127.0.0.1 with its own data directory that outlives restarts, its settings
//! changed as a test needs (kept for each restart), and, when a test steps time by hand, a
//! [`ManualClock`] shared with the relay. With `JINLIN_TEST_DATABASE_URL` set, each relay keeps
//! its data in a fresh schema of that PostgreSQL database instead of an SQLite file
//! (scripts/with-postgres.sh starts a server and sets it).

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use jinlin_core::{ManualClock, Millis};
use jinlin_relay::{DatabaseUrl, Settings};
use tempfile::TempDir;

/// Changes made to the relay's settings, each time it starts.
type Configure = Arc<dyn Fn(&mut Settings) + Send + Sync>;

/// A relay serving on loopback.
pub struct Relay {
    running: Option<jinlin_relay::Running>,
    data: Arc<TempDir>,
    database: Option<DatabaseUrl>,
    clock: Option<ManualClock>,
    configure: Configure,
}

impl std::fmt::Debug for Relay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relay")
            .field("running", &self.running)
            .field("data", &self.data.path())
            .field("database", &self.database)
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

impl Relay {
    /// Starts a relay on a free port with a fresh data directory, on the system clock.
    pub async fn start() -> Relay {
        Relay::start_with(|_| {}).await
    }

    /// Starts a relay on a free port with a fresh data directory and settings changed by
    /// `configure` (a small response budget, say).
    pub async fn start_with(configure: impl Fn(&mut Settings) + Send + Sync + 'static) -> Relay {
        Relay::launch(None, Arc::new(configure)).await
    }

    /// Starts a relay whose time is a hand-set clock at `at`, stepped with [`Relay::advance`].
    pub async fn clocked(at: Millis) -> Relay {
        Relay::clocked_with(at, |_| {}).await
    }

    /// A relay on a hand-set clock at `at`, with settings changed by `configure`.
    pub async fn clocked_with(at: Millis, configure: impl Fn(&mut Settings) + Send + Sync + 'static) -> Relay {
        Relay::launch(Some(ManualClock::new(at)), Arc::new(configure)).await
    }

    async fn launch(clock: Option<ManualClock>, configure: Configure) -> Relay {
        let mut relay = Relay {
            running: None,
            data: Arc::new(tempfile::tempdir().expect("relay data dir")),
            database: fresh_database().await,
            clock,
            configure,
        };
        let running = relay
            .spawn("127.0.0.1:0".parse().expect("addr"))
            .await
            .expect("relay starts");
        relay.running = Some(running);
        relay
    }

    /// Another instance of this relay, as a district runs several behind a load balancer: its
    /// own address, memory and data directory (attachments), the same database and hand-set
    /// clock. Panics for a relay on SQLite, which one process owns.
    pub async fn another_instance(&self) -> Relay {
        assert!(self.on_postgres(), "several instances share a PostgreSQL database");
        let mut relay = Relay {
            running: None,
            data: Arc::new(tempfile::tempdir().expect("relay data dir")),
            database: self.database.clone(),
            clock: self.clock.clone(),
            configure: self.configure.clone(),
        };
        relay.running = Some(
            relay
                .spawn("127.0.0.1:0".parse().expect("addr"))
                .await
                .expect("another instance starts"),
        );
        relay
    }

    /// Starts a relay on a hand-set clock at `at` in a fresh PostgreSQL schema, for tests of
    /// several instances; `None` (the test then passes, saying why) without
    /// `JINLIN_TEST_DATABASE_URL`, as [`Relay::postgres_for_test`].
    pub async fn clocked_on_postgres(at: Millis) -> Option<Relay> {
        Relay::postgres_for_test().await?;
        let relay = Relay::clocked(at).await;
        assert!(relay.on_postgres());
        Some(relay)
    }

    async fn spawn(&self, addr: SocketAddr) -> Option<jinlin_relay::Running> {
        let mut settings = Settings::new(self.data.path());
        settings.database = self.database.clone();
        if let Some(clock) = &self.clock {
            settings = settings.with_clock(Arc::new(clock.clone()));
        }
        (self.configure)(&mut settings);
        match jinlin_relay::spawn(addr, settings).await {
            Ok(running) => Some(running),
            Err(e) => {
                // A port still held, or a relay that cannot open its data: say which.
                eprintln!("the relay did not start on {addr}: {e}");
                None
            }
        }
    }

    /// A fresh PostgreSQL schema for a test that needs one; `None` (the test then passes, saying
    /// why) without `JINLIN_TEST_DATABASE_URL`, unless `JINLIN_REQUIRE_POSTGRES` is set.
    pub async fn postgres_for_test() -> Option<DatabaseUrl> {
        let database = fresh_database().await;
        if database.is_none() {
            assert!(
                std::env::var_os("JINLIN_REQUIRE_POSTGRES").is_none(),
                "JINLIN_REQUIRE_POSTGRES is set but JINLIN_TEST_DATABASE_URL is not"
            );
            eprintln!("no JINLIN_TEST_DATABASE_URL: the relay on PostgreSQL is not tested");
        }
        database
    }

    /// Whether its data is in PostgreSQL rather than an SQLite file in [`Relay::data_dir`].
    pub fn on_postgres(&self) -> bool {
        self.database.is_some()
    }

    /// The relay's base URL.
    pub fn url(&self) -> String {
        self.running().url()
    }

    /// Where it keeps its database.
    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    /// The running server.
    pub fn running(&self) -> &jinlin_relay::Running {
        self.running.as_ref().expect("relay is running")
    }

    /// The relay itself, to look at what it holds (who is online, its alerts).
    pub fn relay(&self) -> &Arc<jinlin_relay::Relay> {
        self.running().state().relay()
    }

    /// The relay's store, to look at what it keeps.
    pub fn store(&self) -> &dyn jinlin_relay::store::RelayStore {
        self.relay().store()
    }

    /// The relay's hand-set clock; panics for a relay on the system clock.
    pub fn clock(&self) -> &ManualClock {
        self.clock.as_ref().expect("a relay started with a hand-set clock")
    }

    /// Steps the relay's clock by `ms` and lets its alert timer look at it.
    pub fn advance(&self, ms: Millis) {
        self.clock().advance(ms);
        self.relay().alerts().wake_timer();
    }

    /// The relay's `/metrics` text.
    pub async fn metrics(&self) -> String {
        reqwest::get(format!("{}/metrics", self.url()))
            .await
            .expect("metrics")
            .text()
            .await
            .expect("text")
    }

    /// Stops the relay and starts it again on the same port and data directory.
    pub async fn restart(self) -> Relay {
        self.restart_after(|_| {}).await
    }

    /// Stops the relay, runs `between` on its data directory (to make it look like an older
    /// relay's, say), and starts it again on the same port.
    pub async fn restart_after(mut self, between: impl FnOnce(&Path)) -> Relay {
        self.reboot_after(between).await;
        self
    }

    /// Stops the relay and starts it again in place, on the same port and data directory.
    pub async fn reboot(&mut self) {
        self.reboot_after(|_| {}).await;
    }

    async fn reboot_after(&mut self, between: impl FnOnce(&Path)) {
        let addr = self.go_down().await;
        between(self.data.path());
        self.back_up(addr).await;
    }

    /// Stops the relay as a power cut would (its address then refuses connections); returns
    /// where it listened, for [`Relay::back_up`].
    pub async fn go_down(&mut self) -> std::net::SocketAddr {
        let running = self.running.take().expect("relay is running");
        let addr = running.addr();
        running.stop().await.expect("relay stops cleanly");
        addr
    }

    /// Starts the relay again where it listened before [`Relay::go_down`], on its data.
    pub async fn back_up(&mut self, addr: std::net::SocketAddr) {
        // The port was just released; binding it again may take a moment on a busy machine.
        for _ in 0..50 {
            if let Some(running) = self.spawn(addr).await {
                self.running = Some(running);
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the relay could not listen on {addr} again");
    }

    /// Stops the relay; its address then refuses connections.
    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await.expect("relay stops cleanly");
        }
    }
}

/// A fresh schema of the PostgreSQL database named by `JINLIN_TEST_DATABASE_URL`, if it is set.
pub async fn fresh_database() -> Option<DatabaseUrl> {
    let url = DatabaseUrl::new(std::env::var("JINLIN_TEST_DATABASE_URL").ok()?);
    let id: String = jinlin_model::DocId::random()
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let schema = format!("relay_{id}");
    let made = tokio::task::spawn_blocking(move || url.create_schema(&schema))
        .await
        .expect("schema task");
    Some(made.expect("a schema for the relay under test"))
}
