//! Helpers for the end-to-end tests: a real relay on 127.0.0.1 with its own data directory,
//! phones that each keep their own SQLite store and sync over real HTTP and WebSocket, and the
//! built `jinlin` binary for the command-line contract.
//!
//! Tests read as the story they check: a phone [`Phone::raise`]s, another [`Phone::sync`]s, and
//! [`states`] says who is confirmed.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use jinlin_core::net::client::{self, ClientOptions, RelayClient, RelaySettings};
use jinlin_core::net::live::{self, LiveHandle, LiveOptions};
use jinlin_core::sync::SyncReport;
use jinlin_core::{Device, DocId, GroupKind, NewRequest, RequestKind, RequestView, Role, SignupState};
use jinlin_model::protocol::CreateInvite;
use tempfile::TempDir;

/// How long a test waits for something that should happen at once (a live push, say).
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A relay serving on loopback, with a data directory that outlives restarts.
#[derive(Debug)]
pub struct Relay {
    running: Option<jinlin_relay::Running>,
    data: Arc<TempDir>,
}

impl Relay {
    /// Starts a relay on a free port with a fresh data directory.
    pub async fn start() -> Relay {
        let data = Arc::new(tempfile::tempdir().expect("relay data dir"));
        Self::start_at(data, "127.0.0.1:0".parse().expect("addr")).await
    }

    /// Starts a relay on a free port with a fresh data directory and settings changed by
    /// `configure` (a small response budget, say).
    pub async fn start_with(configure: impl FnOnce(&mut jinlin_relay::Settings)) -> Relay {
        let data = Arc::new(tempfile::tempdir().expect("relay data dir"));
        let mut settings = jinlin_relay::Settings::new(data.path());
        configure(&mut settings);
        let running = jinlin_relay::spawn("127.0.0.1:0".parse().expect("addr"), settings)
            .await
            .expect("relay starts");
        Relay {
            running: Some(running),
            data,
        }
    }

    async fn start_at(data: Arc<TempDir>, addr: SocketAddr) -> Relay {
        let settings = jinlin_relay::Settings::new(data.path());
        let running = jinlin_relay::spawn(addr, settings).await.expect("relay starts");
        Relay {
            running: Some(running),
            data,
        }
    }

    /// The relay's base URL.
    pub fn url(&self) -> String {
        self.running().url()
    }

    /// Where it keeps its database.
    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    fn running(&self) -> &jinlin_relay::Running {
        self.running.as_ref().expect("relay is running")
    }

    /// Stops the relay and starts it again on the same port and data directory.
    pub async fn restart(self) -> Relay {
        self.restart_after(|_| {}).await
    }

    /// Stops the relay, runs `between` on its data directory (to make it look like an older
    /// relay's, say), and starts it again on the same port.
    pub async fn restart_after(mut self, between: impl FnOnce(&Path)) -> Relay {
        let addr = self.running().addr();
        let running = self.running.take().expect("relay is running");
        running.stop().await.expect("relay stops cleanly");
        between(self.data.path());
        let data = Arc::clone(&self.data);
        // The port was just released; binding it again may take a moment on a busy machine.
        for _ in 0..50 {
            let settings = jinlin_relay::Settings::new(data.path());
            if let Ok(running) = jinlin_relay::spawn(addr, settings).await {
                return Relay {
                    running: Some(running),
                    data,
                };
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

/// A phone: a device with its own store in its own directory.
#[derive(Debug)]
pub struct Phone {
    /// The device.
    pub device: Arc<Device>,
    /// The name its owner goes by.
    pub name: String,
    dir: TempDir,
}

impl std::ops::Deref for Phone {
    type Target = Device;
    fn deref(&self) -> &Device {
        &self.device
    }
}

/// Client options for tests: retries, but quick ones.
pub fn test_options() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(20),
        request_timeout: Duration::from_secs(20),
        attempts: 3,
        first_retry: Duration::from_millis(50),
        max_retry: Duration::from_millis(200),
    }
}

impl Phone {
    /// A phone that has never been online.
    pub fn new(name: &str, building: &str) -> Phone {
        let dir = tempfile::tempdir().expect("phone dir");
        let device = Device::open(dir.path().join("jinlin.db")).expect("open store");
        device
            .set_identity(name, Some(building), Some("101"))
            .expect("identity");
        Phone {
            device: Arc::new(device),
            name: name.to_string(),
            dir,
        }
    }

    /// A phone registered with `relay`.
    pub async fn registered(name: &str, building: &str, relay: &Relay) -> Phone {
        let phone = Phone::new(name, building);
        client::register(
            &phone.device,
            &relay.url(),
            name,
            Some(building),
            Some("101"),
            test_options(),
        )
        .await
        .expect("register");
        phone
    }

    /// A second phone made from a copy of this one's home, taken while this one stays open (a
    /// backup restored onto a new phone while the old one lives): every file of the folder,
    /// the SQLite write-ahead log included.
    pub fn copied(&self, name: &str) -> Phone {
        let dir = tempfile::tempdir().expect("phone dir");
        for entry in std::fs::read_dir(self.home()).expect("list the home") {
            let entry = entry.expect("home entry");
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy a file of the home");
        }
        let device = Device::open(dir.path().join("jinlin.db")).expect("open the copied store");
        Phone {
            device: Arc::new(device),
            name: name.to_string(),
            dir,
        }
    }

    /// The directory its store lives in (a `jinlin --home`).
    pub fn home(&self) -> &Path {
        self.dir.path()
    }

    /// Its relay client.
    pub fn client(&self) -> RelayClient {
        RelayClient::for_device(&self.device, test_options())
            .expect("settings")
            .expect("registered")
    }

    /// Its relay settings.
    pub fn settings(&self) -> RelaySettings {
        RelaySettings::load(&self.device)
            .expect("settings")
            .expect("registered")
    }

    /// Syncs; panics if it fails.
    pub async fn sync(&self) -> SyncReport {
        client::sync(&self.device, &self.client()).await.expect("sync")
    }

    /// Syncs, returning the outcome.
    pub async fn try_sync(&self) -> jinlin_core::Result<SyncReport> {
        client::sync(&self.device, &self.client()).await
    }

    /// Opens the live channel and waits until it is online and caught up.
    pub async fn go_live(&self) -> LiveHandle {
        let options = LiveOptions {
            first_retry: Duration::from_millis(50),
            max_retry: Duration::from_millis(500),
            send_after: Duration::from_millis(20),
            ..LiveOptions::default()
        };
        let handle = live::spawn(Arc::clone(&self.device), self.client(), options);
        assert!(
            handle.wait_online(PATIENCE).await,
            "{} goes live: {:?}",
            self.name,
            handle.status()
        );
        handle
    }

    /// Makes an invite code to `group` for `role`, valid for a day (a building leader's leads
    /// building "3").
    pub async fn invite(&self, group: DocId, role: Role) -> String {
        let building = (role == Role::BuildingLeader).then_some("3");
        self.invite_to(group, role, building).await
    }

    /// Makes an invite code for the leader of `building` in `group`.
    pub async fn invite_leader(&self, group: DocId, building: &str) -> String {
        self.invite_to(group, Role::BuildingLeader, Some(building)).await
    }

    async fn invite_to(&self, group: DocId, role: Role, building: Option<&str>) -> String {
        self.client()
            .create_invite(
                group,
                &CreateInvite {
                    role,
                    uses: 5,
                    expires_in_secs: 86_400,
                    building: building.map(String::from),
                },
            )
            .await
            .expect("invite")
            .code
    }

    /// Joins with a code and syncs to receive the group.
    pub async fn join(&self, code: &str) {
        let (_, synced) = client::join(&self.device, &self.client(), code, None, None)
            .await
            .expect("join");
        synced.expect("sync after joining");
    }

    /// Raises a one-volunteer urgent hospital ride in `group`.
    pub fn raise_ride(&self, group: DocId, slots: i64) -> DocId {
        let mut req = NewRequest::new(
            group,
            RequestKind::Hospital,
            "Please drive me to the maternity hospital",
        );
        req.urgent = true;
        req.slots = slots;
        self.device.raise(req).expect("raise")
    }

    /// Who is signed up to `request`, as this phone sees it.
    pub fn states(&self, request: DocId) -> Vec<(String, SignupState)> {
        states(&self.device.request(request).expect("request on this phone"))
    }
}

/// A community with `staff` as its staff and `others` as volunteers, everyone synced.
pub async fn community(staff: &Phone, others: &[&Phone]) -> DocId {
    let group = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    staff.sync().await;
    let code = staff.invite(group, Role::Volunteer).await;
    for phone in others {
        phone.join(&code).await;
    }
    group
}

/// A neighbourhood's groups: a community, an estate inside it, and two buildings of the estate.
#[derive(Debug, Clone, Copy)]
pub struct Tree {
    /// Lianhua Community.
    pub community: DocId,
    /// East Estate, inside the community.
    pub estate: DocId,
    /// Building 3 of the estate.
    pub b3: DocId,
    /// Building 5 of the estate.
    pub b5: DocId,
}

/// Creates the [`Tree`] with `staff` as its staff, synced.
pub async fn tree(staff: &Phone) -> Tree {
    let community = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("community");
    let estate = staff
        .create_group("East Estate", GroupKind::Estate, Some(community))
        .expect("estate");
    let b3 = staff
        .create_group("Building 3", GroupKind::Building, Some(estate))
        .expect("building 3");
    let b5 = staff
        .create_group("Building 5", GroupKind::Building, Some(estate))
        .expect("building 5");
    staff.sync().await;
    Tree {
        community,
        estate,
        b3,
        b5,
    }
}

/// The sign-ups of a request as (name, state), in the view's order.
pub fn states(view: &RequestView) -> Vec<(String, SignupState)> {
    view.signups.iter().map(|s| (s.member_name.clone(), s.state)).collect()
}

/// Waits until `check` holds, at most [`PATIENCE`]. Returns whether it did.
pub async fn eventually(mut check: impl FnMut() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if check() {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A local port nothing listens on.
pub fn dead_relay_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}")
}

// ---- the command line ----

/// The `jinlin` binary, built (or brought up to date) once per test run.
pub fn jinlin_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        // The test runs from target/<profile>/deps/; the binary sits in target/<profile>/.
        let exe = std::env::current_exe().expect("test executable");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>")
            .to_path_buf();
        // The same selection and targets as `cargo test --workspace`, so the features of every
        // dependency match and nothing is built a second time (`-p jinlin-cli` alone resolved
        // them differently and doubled the target directory).
        let mut build = std::process::Command::new(env!("CARGO"));
        build
            .args(["build", "--quiet", "--workspace", "--bins", "--tests"])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("cargo runs");
        assert!(status.success(), "building jinlin failed");
        let bin = profile_dir.join(format!("jinlin{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} was not built", bin.display());
        bin
    })
}

/// What one `jinlin` run printed.
#[derive(Debug)]
pub struct Run {
    /// Exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Whether it exited with 0.
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }

    /// Stdout as exactly one JSON value; panics with the run's output otherwise.
    pub fn json(&self) -> serde_json::Value {
        assert!(self.ok(), "jinlin failed: {self:?}");
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}): {:?}", self.stdout))
    }
}

/// Runs `jinlin --home HOME ARGS...`.
pub async fn jinlin(home: &Path, args: &[&str]) -> Run {
    let out = tokio::process::Command::new(jinlin_bin())
        .arg("--home")
        .arg(home)
        .args(args)
        .env_remove("JINLIN_HOME")
        .env_remove("JINLIN_LOG")
        .kill_on_drop(true)
        .output()
        .await
        .expect("jinlin runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `jinlin --home HOME --json ARGS...` and parses its output.
pub async fn jinlin_json(home: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    jinlin(home, &all).await.json()
}
