//! The shared harness's [`Relay`] with what the hostile tests read from it (its store's counts,
//! its health), phones registered there, and an estate they join.

use jinlin_core::net::client::RelayClient;
use jinlin_core::{DocId, GroupKind, Role};
use jinlin_relay::store::StoreStats;
use jinlin_tests::{Phone, Relay, admit};

/// What the hostile tests ask of the shared [`Relay`] beyond the harness.
pub trait HostileRelay {
    /// Devices, groups, documents and changes the relay holds.
    fn stats(&self) -> StoreStats;
    /// Asserts that `/healthz` answers.
    async fn assert_healthy(&self);
    /// A phone registered here under `name`.
    async fn phone(&self, name: &str, building: &str, unit: &str) -> Phone;
}

impl HostileRelay for Relay {
    fn stats(&self) -> StoreStats {
        self.store().stats().expect("stats")
    }

    async fn assert_healthy(&self) {
        let res = reqwest::get(format!("{}/healthz", self.url())).await.expect("healthz");
        assert_eq!(res.status(), 200, "the relay stays healthy");
    }

    async fn phone(&self, name: &str, building: &str, unit: &str) -> Phone {
        let phone = Phone::new(name, building);
        phone
            .phone
            .register(&self.url(), name, Some(building), Some(unit))
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
    for p in others {
        admit(staff, p, group, Role::Volunteer).await;
    }
    group
}
