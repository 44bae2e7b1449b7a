//! [`Phone`]: a phone under test, the core's [`jinlin_core::Phone`] (the very object the command
//! line and the mobile bindings drive) over its own store in its own directory, with quick
//! timeouts, and short calls that read as the story a test tells.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use jinlin_core::net::client::{ClientOptions, RelayClient, RelaySettings};
use jinlin_core::net::live::{LiveHandle, LiveOptions};
use jinlin_core::store::docs;
use jinlin_core::sync::SyncReport;
use jinlin_core::{Device, DocId, NewRequest, RequestKind, Role, SignupState};
use jinlin_model::protocol::CreateInvite;
use tempfile::TempDir;

use crate::{PATIENCE, Relay, states};

/// A phone: the core's [`jinlin_core::Phone`] (the same object the command line and the mobile
/// bindings drive) over its own store in its own directory, with quick timeouts.
#[derive(Debug)]
pub struct Phone {
    /// The core's phone.
    pub phone: jinlin_core::Phone,
    /// The device underneath.
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

/// Live-channel timings for tests: quick reconnects, changes sent at once.
pub fn test_live_options() -> LiveOptions {
    LiveOptions {
        first_retry: Duration::from_millis(50),
        max_retry: Duration::from_millis(500),
        send_after: Duration::from_millis(20),
        ..LiveOptions::default()
    }
}

impl Phone {
    /// A phone over the store in `dir`, with the tests' timings.
    fn over(device: Device, name: &str, dir: TempDir) -> Phone {
        let device = Arc::new(device);
        Phone {
            phone: jinlin_core::Phone::over(Arc::clone(&device)).with_options(test_options(), test_live_options()),
            device,
            name: name.to_string(),
            dir,
        }
    }

    /// A phone that has never been online.
    pub fn new(name: &str, building: &str) -> Phone {
        let dir = tempfile::tempdir().expect("phone dir");
        let device = Device::open(dir.path().join("jinlin.db")).expect("open store");
        device
            .set_identity(name, Some(building), Some("101"))
            .expect("identity");
        Phone::over(device, name, dir)
    }

    /// A phone registered with the relay at `url`.
    pub async fn registered_at(name: &str, building: &str, url: &str) -> Phone {
        let phone = Phone::new(name, building);
        phone
            .phone
            .register(url, name, Some(building), Some("101"))
            .await
            .expect("register");
        phone
    }

    /// A phone registered with `relay`.
    pub async fn registered(name: &str, building: &str, relay: &Relay) -> Phone {
        Phone::registered_at(name, building, &relay.url()).await
    }

    /// A phone registered with `relay` whose own clock is the relay's hand-set one (its time
    /// moves when the test steps the relay's).
    pub async fn registered_on_relay_clock(name: &str, building: &str, relay: &Relay) -> Phone {
        let dir = tempfile::tempdir().expect("phone dir");
        let device =
            Device::open_with_clock(dir.path().join("jinlin.db"), Arc::new(relay.clock().clone())).expect("open store");
        device
            .set_identity(name, Some(building), Some("101"))
            .expect("identity");
        let phone = Phone::over(device, name, dir);
        phone
            .phone
            .register(&relay.url(), name, Some(building), Some("101"))
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
        Phone::over(device, name, dir)
    }

    /// The directory its store lives in (a `jinlin --home`).
    pub fn home(&self) -> &Path {
        self.dir.path()
    }

    /// Its relay client.
    pub fn client(&self) -> RelayClient {
        self.phone.client().expect("registered")
    }

    /// Its relay settings.
    pub fn settings(&self) -> RelaySettings {
        self.phone.relay_settings().expect("settings").expect("registered")
    }

    /// Syncs; panics if it fails.
    pub async fn sync(&self) -> SyncReport {
        self.phone.sync().await.expect("sync")
    }

    /// Syncs, returning the outcome.
    pub async fn try_sync(&self) -> jinlin_core::Result<SyncReport> {
        self.phone.sync().await
    }

    /// Opens the live channel and waits until it is online and caught up.
    pub async fn go_live(&self) -> LiveHandle {
        let handle = self.phone.go_live().expect("registered");
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
        self.phone
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
        let (_, synced) = self.phone.join(code, None, None).await.expect("join");
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

    /// Writes into document `id` as a hostile phone would: `edit` changes the stored document
    /// directly, in this member's name but past the phone's own checks, and the change waits in
    /// the outbox for the next sync like any other.
    pub fn write_past_the_rules(&self, id: DocId, edit: impl FnOnce(&mut automerge::AutoCommit)) {
        let me = self.device.identity().expect("identity").expect("registered").member_id;
        let now = self.device.now();
        self.device
            .store()
            .write(|tx| {
                let (mut doc, meta) = docs::load(tx, id)?.expect("a document on this phone");
                doc.set_actor(me.actor());
                let before = doc.get_heads();
                edit(&mut doc);
                doc.commit();
                docs::append(tx, &meta, &mut doc, &before, true, now)?;
                Ok(())
            })
            .expect("written");
    }
}
