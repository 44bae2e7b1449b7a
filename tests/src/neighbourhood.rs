//! A neighbourhood for alert and check-in tests: the shared [`Relay`] on 127.0.0.1 with a hand-set clock,
//! and phones with their own stores and live channels, in a community with one estate and two
//! buildings:
//!
//! ```text
//! Lianhua Community ── staff Ms Sun (unavailable), grid worker Gao (unavailable), volunteer He
//!   └ East Estate
//!       ├ Building 3 ── Grandma Wang (requester), Li, Wu
//!       └ Building 5 ── Chen and Zhou (drivers), Ma
//! ```

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use crate::{Phone, Relay, Tree, admit, eventually, tree};
use jinlin_core::net::live::LiveHandle;
use jinlin_core::{DocId, Event, Millis, Role, Skill};
use jinlin_model::dispatch::DispatchConfig;
use jinlin_model::protocol::{AlertReceipts, QuietHoursSetting};
use jinlin_relay::alerts::push::PushSettings;

/// 2026-11-23 14:00 in UTC+8: day.
pub const DAY: Millis = 1_795_413_600_000;
/// 2026-11-23 23:30 in UTC+8: night.
pub const NIGHT: Millis = DAY + 9 * 3_600_000 + 30 * 60_000;

/// What a phone heard about alerts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    Alert {
        request: DocId,
        wave: u8,
    },
    NoLongerNeeded {
        request: DocId,
    },
    /// A paired person missed her check-in: this phone was alerted in circle `step`.
    CheckinMissed {
        pairing: DocId,
        step: u8,
    },
    /// The alarm about her is over.
    CheckinOver {
        pairing: DocId,
    },
}

/// A phone with its live channel and what it heard.
#[derive(Debug)]
pub struct Neighbour {
    pub phone: Phone,
    pub heard: Arc<Mutex<Vec<Heard>>>,
    pub live: Option<LiveHandle>,
}

impl Neighbour {
    pub fn alerted(&self, request: DocId) -> Option<u8> {
        self.heard.lock().expect("log").iter().find_map(|h| match h {
            Heard::Alert { request: r, wave } if *r == request => Some(*wave),
            _ => None,
        })
    }

    pub fn stood_down(&self, request: DocId) -> bool {
        self.heard
            .lock()
            .expect("log")
            .contains(&Heard::NoLongerNeeded { request })
    }

    /// The circle this phone was alerted in about pairing `pairing`'s missed check-in.
    pub fn checkin_alerted(&self, pairing: DocId) -> Option<u8> {
        self.heard.lock().expect("log").iter().find_map(|h| match h {
            Heard::CheckinMissed { pairing: p, step } if *p == pairing => Some(*step),
            _ => None,
        })
    }

    /// Whether this phone heard that the alarm about `pairing` is over.
    pub fn checkin_over(&self, pairing: DocId) -> bool {
        self.heard
            .lock()
            .expect("log")
            .contains(&Heard::CheckinOver { pairing })
    }

    /// `phone`, noting every alert it hears from now on.
    pub fn listening(phone: Phone) -> Neighbour {
        let n = Neighbour {
            phone,
            heard: Arc::new(Mutex::new(Vec::new())),
            live: None,
        };
        listen(&n);
        n
    }

    /// How many alerts about `request` this phone heard.
    pub fn alerts_about(&self, request: DocId) -> usize {
        self.heard
            .lock()
            .expect("log")
            .iter()
            .filter(|h| matches!(h, Heard::Alert { request: r, .. } if *r == request))
            .count()
    }

    pub async fn go_live(&mut self) {
        self.live = Some(self.phone.go_live().await);
    }
}

#[derive(Debug)]
pub struct Hood {
    pub relay: Relay,
    pub community: DocId,
    pub b3: DocId,
    pub people: Vec<Neighbour>,
}

pub const ALL: [&str; 9] = ["Ms Sun", "Gao", "He", "Grandma Wang", "Li", "Wu", "Chen", "Zhou", "Ma"];

impl Hood {
    /// The neighbourhood, everyone synced and live, the relay's clock at `at`.
    pub async fn new(at: Millis) -> Hood {
        Self::with_push(at, PushSettings::default()).await
    }

    pub async fn with_push(at: Millis, push: PushSettings) -> Hood {
        Self::with(at, push, DispatchConfig::default()).await
    }

    pub async fn with(at: Millis, push: PushSettings, dispatch: DispatchConfig) -> Hood {
        Self::build(at, push, dispatch, false).await
    }

    /// The neighbourhood with every phone's own clock on the relay's hand-set one (a check-in
    /// signs the time it was tapped, and the tests step that time).
    pub async fn on_one_clock(at: Millis) -> Hood {
        Self::build(at, PushSettings::default(), DispatchConfig::default(), true).await
    }

    async fn build(at: Millis, push: PushSettings, dispatch: DispatchConfig, one_clock: bool) -> Hood {
        let relay = Relay::clocked_with(at, move |s| {
            s.push = push.clone();
            s.dispatch = dispatch;
        })
        .await;
        let register = |name: &'static str, building: &'static str| {
            let relay = &relay;
            async move {
                if one_clock {
                    Phone::registered_on_relay_clock(name, building, relay).await
                } else {
                    Phone::registered(name, building, relay).await
                }
            }
        };
        let sun = register("Ms Sun", "1").await;
        let Tree { community, b3, b5, .. } = tree(&sun).await;
        let mut people = Vec::new();
        for (name, building, group, role, skills) in [
            ("Gao", "1", community, Role::GridWorker, vec![]),
            ("He", "9", community, Role::Volunteer, vec![Skill::Driver]),
            ("Grandma Wang", "3", b3, Role::Resident, vec![]),
            ("Li", "3", b3, Role::Volunteer, vec![]),
            ("Wu", "3", b3, Role::Volunteer, vec![]),
            ("Chen", "5", b5, Role::Volunteer, vec![Skill::Driver]),
            ("Zhou", "5", b5, Role::Volunteer, vec![Skill::Driver]),
            ("Ma", "5", b5, Role::Volunteer, vec![]),
        ] {
            let p = register(name, building).await;
            admit(&sun, &p, group, role).await;
            if !skills.is_empty() {
                p.set_profile(group, &skills, Some(building), Some("101"))
                    .expect("profile");
                p.sync().await;
            }
            people.push(p);
        }
        // The office and the grid worker are not on call; duty brings them in the last wave.
        sun.client().set_availability(false).await.expect("availability");
        people[0].client().set_availability(false).await.expect("availability");
        people.insert(0, sun);
        let mut hood = Hood {
            relay,
            community,
            b3,
            people: people
                .into_iter()
                .map(|phone| Neighbour {
                    phone,
                    heard: Arc::new(Mutex::new(Vec::new())),
                    live: None,
                })
                .collect(),
        };
        for n in &mut hood.people {
            listen(n);
            n.go_live().await;
        }
        hood.wait_all_online().await;
        hood
    }

    pub fn get(&self, name: &str) -> &Neighbour {
        self.people.iter().find(|n| n.phone.name == name).expect("neighbour")
    }

    /// `name`'s phone loses its signal: its live channel closes (it syncs only when told to).
    pub async fn offline(&mut self, name: &str) {
        let n = self
            .people
            .iter_mut()
            .find(|n| n.phone.name == name)
            .expect("neighbour");
        n.live = None;
        let member = n.phone.identity().expect("id").expect("identity").member_id;
        let relay = self.relay.relay().clone();
        assert!(
            eventually(|| !relay.alerts().is_online(member)).await,
            "{name} is offline"
        );
    }

    /// `name`'s phone has signal again: live channel open, connected.
    pub async fn online(&mut self, name: &str) {
        let n = self
            .people
            .iter_mut()
            .find(|n| n.phone.name == name)
            .expect("neighbour");
        n.go_live().await;
        self.wait_all_online().await;
    }

    /// Waits until the relay counts every live phone as connected.
    pub async fn wait_all_online(&self) {
        let relay = self.relay.relay().clone();
        let members: Vec<_> = self
            .people
            .iter()
            .filter(|n| n.live.is_some())
            .map(|n| n.phone.identity().expect("id").expect("identity").member_id)
            .collect();
        assert!(
            eventually(|| members.iter().all(|m| relay.alerts().is_online(*m))).await,
            "every phone reconnects"
        );
    }

    /// Who has been alerted about `request`, by name.
    pub fn alerted(&self, request: DocId) -> BTreeSet<String> {
        self.people
            .iter()
            .filter(|n| n.alerted(request).is_some())
            .map(|n| n.phone.name.clone())
            .collect()
    }

    /// Waits until exactly `names` have been alerted.
    pub async fn expect_alerted(&self, request: DocId, names: &[&str]) {
        let want: BTreeSet<String> = names.iter().map(|s| s.to_string()).collect();
        let ok = eventually(|| self.alerted(request) == want).await;
        assert!(ok, "alerted {:?}, expected {:?}", self.alerted(request), want);
    }

    /// Who has heard "no longer needed".
    pub fn stood_down(&self, request: DocId) -> BTreeSet<String> {
        self.people
            .iter()
            .filter(|n| n.stood_down(request))
            .map(|n| n.phone.name.clone())
            .collect()
    }

    pub async fn receipts(&self, who: &str, request: DocId) -> jinlin_core::Result<AlertReceipts> {
        self.get(who).phone.client().alert_receipts(request).await
    }

    pub async fn quiet(&self, who: &str, medical_through: bool) {
        let q = QuietHoursSetting {
            start: "22:00".into(),
            end: "07:00".into(),
            medical_through,
        };
        self.get(who)
            .phone
            .client()
            .set_quiet_hours(Some(&q))
            .await
            .expect("quiet hours");
    }
}

fn listen(n: &Neighbour) {
    let mut events = n.phone.subscribe();
    let log = n.heard.clone();
    tokio::spawn(async move {
        while let Ok(e) = events.recv().await {
            let heard = match e {
                Event::Alerted { id, wave, .. } => Heard::Alert { request: id, wave },
                Event::NoLongerNeeded { id } => Heard::NoLongerNeeded { request: id },
                Event::CheckinMissed { alert } => Heard::CheckinMissed {
                    pairing: alert.pairing,
                    step: alert.step,
                },
                Event::CheckinOver { pairing } => Heard::CheckinOver { pairing },
                _ => continue,
            };
            log.lock().expect("log").push(heard);
        }
    });
}
