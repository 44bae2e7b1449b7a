//! A relay on loopback whose store the tests can count, and three registered phones in one
//! estate.

use jinlin_core::net::client::{self, RelayClient};
use jinlin_core::{DocId, GroupKind, Role};
use jinlin_relay::store::StoreStats;
use jinlin_tests::{Phone, test_options};

/// A relay serving on a free port with its own data directory.
pub struct TestRelay {
    pub running: jinlin_relay::Running,
    /// Kept so the data outlives the relay.
    _data: tempfile::TempDir,
}

impl TestRelay {
    pub async fn start() -> TestRelay {
        Self::start_with(|s| s).await
    }

    /// A relay with its settings adjusted by `adjust` (an operator token, say).
    pub async fn start_with(adjust: impl FnOnce(jinlin_relay::Settings) -> jinlin_relay::Settings) -> TestRelay {
        let data = tempfile::tempdir().expect("relay dir");
        let running = jinlin_relay::spawn(
            "127.0.0.1:0".parse().expect("addr"),
            adjust(jinlin_relay::Settings::new(data.path())),
        )
        .await
        .expect("relay");
        TestRelay { running, _data: data }
    }

    pub fn url(&self) -> String {
        self.running.url()
    }

    /// Where the relay keeps its data.
    pub fn data_dir(&self) -> &std::path::Path {
        self._data.path()
    }

    /// Devices, groups, documents and changes the relay holds.
    pub fn stats(&self) -> StoreStats {
        self.running.state().relay().store().stats().expect("stats")
    }

    /// Asserts that `/healthz` answers.
    pub async fn assert_healthy(&self) {
        let res = reqwest::get(format!("{}/healthz", self.url())).await.expect("healthz");
        assert_eq!(res.status(), 200, "the relay stays healthy");
    }

    /// A phone registered here under `name`.
    pub async fn phone(&self, name: &str, building: &str, unit: &str) -> Phone {
        let phone = Phone::new(name, building);
        client::register(
            &phone.device,
            &self.url(),
            name,
            Some(building),
            Some(unit),
            test_options(),
        )
        .await
        .expect("register");
        phone
    }
}

/// A phone's client for the relay.
pub fn client(phone: &Phone) -> RelayClient {
    phone.client()
}

/// `staff` creates an estate and the others join it as volunteers; everyone syncs.
pub async fn estate(staff: &Phone, others: &[&Phone]) -> DocId {
    let group = staff
        .create_group("Hostile Estate", GroupKind::Estate, None)
        .expect("group");
    staff.sync().await;
    let code = staff.invite(group, Role::Volunteer).await;
    for p in others {
        p.join(&code).await;
    }
    group
}
