//! A neighbourhood for command-line tests: the Lianhua community, its East Estate, and buildings 3
//! and 5 inside it. Staff and a grid worker look after the whole community; each building has a
//! leader, building 3 a volunteer and building 5 a resident. Everyone is registered and synced, and
//! each person's home can be driven with `jinlin --home`.

use jinlin_core::{DocId, Role};
use jinlin_tests::{Phone, Relay, jinlin_json};

/// Everyone in the tree.
pub struct Tree {
    pub relay: Relay,
    pub community: DocId,
    pub estate: DocId,
    pub b3: DocId,
    pub b5: DocId,
    pub staff: Phone,
    pub worker: Phone,
    pub leader3: Phone,
    pub volunteer3: Phone,
    pub leader5: Phone,
    pub resident5: Phone,
}

impl Tree {
    /// Starts a relay and sets up the tree.
    pub async fn new() -> Tree {
        Self::over(Relay::start().await).await
    }

    /// The tree on a relay whose clock is set by hand, starting at `at`.
    pub async fn clocked(at: jinlin_core::Millis) -> Tree {
        Self::over(Relay::clocked(at).await).await
    }

    async fn over(relay: Relay) -> Tree {
        let staff = Phone::registered("Ms Sun", "1", &relay).await;
        let jinlin_tests::Tree {
            community,
            estate,
            b3,
            b5,
        } = jinlin_tests::tree(&staff).await;
        let mut people = Vec::new();
        for (name, building, group, role) in [
            ("Gao", "1", community, Role::GridWorker),
            ("Grandma Wang", "3", b3, Role::BuildingLeader),
            ("Li", "3", b3, Role::Volunteer),
            ("Chen", "5", b5, Role::BuildingLeader),
            ("Ma", "5", b5, Role::Resident),
        ] {
            let phone = Phone::registered(name, building, &relay).await;
            let code = if role == Role::BuildingLeader {
                staff.invite_leader(group, building).await
            } else {
                staff.invite(group, role).await
            };
            phone.join(&code).await;
            people.push(phone);
        }
        staff.sync().await;
        for p in &people {
            p.sync().await;
        }
        let mut people = people.into_iter();
        let mut next = || people.next().expect("person");
        Tree {
            worker: next(),
            leader3: next(),
            volunteer3: next(),
            leader5: next(),
            resident5: next(),
            relay,
            community,
            estate,
            b3,
            b5,
            staff,
        }
    }
}

impl Tree {
    /// The grid worker adds Old Mr Zhao's household, unit 1202 of building 3, with `jinlin
    /// household add`; its id.
    pub async fn old_mr_zhaos_household(&self) -> String {
        let b3 = self.b3.to_string();
        let household = jinlin_json(
            self.worker.home(),
            &[
                "household",
                "add",
                "--group",
                &b3,
                "--building",
                "3",
                "--unit",
                "1202",
                "--name",
                "Old Mr Zhao",
            ],
        )
        .await;
        household["id"].as_str().expect("household id").to_string()
    }
}

/// A phone's member id as text.
pub fn member_id(phone: &Phone) -> String {
    phone
        .identity()
        .expect("identity")
        .expect("has one")
        .member_id
        .to_string()
}
