//! Urgent help reaches the nearest neighbours first and widens until enough people are coming.
//! The dispatcher is driven with a hand-set clock: no test sleeps.

use automerge::AutoCommit;
use jinlin_core::{DocId, MemberId, RequestKind, RequestView, Role, Skill};
use jinlin_model::dispatch::{Candidate, Dispatch, DispatchConfig, Effect, QuietHours};
use jinlin_model::docs::group::nearness::Nearness;
use jinlin_model::docs::request::{self, Actor, NewRequest};
use jinlin_model::ids;

/// 2026-11-22 14:00 in UTC+8 (day).
const DAY: i64 = 1_795_327_200_000;
/// 2026-11-23 02:00 in UTC+8 (night).
const NIGHT: i64 = DAY + 12 * 3_600_000;

fn m(n: u8) -> MemberId {
    MemberId::from_bytes([n; 16])
}

fn who(n: u8, nearness: Nearness, skills: &[Skill]) -> Candidate {
    Candidate {
        member: m(n),
        role: Role::Volunteer,
        skills: skills.to_vec(),
        nearness,
        distance_m: None,
        available: true,
        quiet: None,
        medical_through_quiet: true,
    }
}

struct Req {
    doc: AutoCommit,
}

impl Req {
    fn new(kind: RequestKind, slots: i64) -> Req {
        let mut r = NewRequest::new(DocId::random(), kind, "Cannot breathe well, please take me to hospital");
        r.urgent = true;
        r.slots = slots;
        let doc = request::create(
            DocId::random(),
            &r,
            Actor {
                id: m(1),
                name: "requester",
            },
            DAY,
        )
        .expect("create");
        Req { doc }
    }
    fn accept(&mut self, n: u8) {
        self.doc.set_actor(m(n).actor());
        request::accept(
            &mut self.doc,
            Actor {
                id: m(n),
                name: "volunteer",
            },
            DAY,
        )
        .expect("accept");
        self.doc.commit();
        self.doc.set_actor(ids::relay_actor());
        request::record_relay_order(&mut self.doc).expect("order");
        self.doc.commit();
    }
    fn withdraw(&mut self, n: u8) {
        self.doc.set_actor(m(n).actor());
        request::withdraw(
            &mut self.doc,
            Actor {
                id: m(n),
                name: "volunteer",
            },
            DAY,
        )
        .expect("withdraw");
        self.doc.commit();
    }
    fn view(&self) -> RequestView {
        request::read(&self.doc).expect("view")
    }
}

fn alerted(effects: &[Effect]) -> Vec<MemberId> {
    effects
        .iter()
        .filter_map(|e| {
            if let Effect::Alert { member, .. } = e {
                Some(*member)
            } else {
                None
            }
        })
        .collect()
}

fn wake(effects: &[Effect]) -> Option<i64> {
    effects
        .iter()
        .find_map(|e| if let Effect::WakeAt { at } = e { Some(*at) } else { None })
}

fn neighbourhood() -> Vec<Candidate> {
    vec![
        who(1, Nearness::SameBuilding, &[]), // the requester herself
        who(2, Nearness::SameBuilding, &[]),
        who(3, Nearness::SameBuilding, &[Skill::Nurse]),
        who(10, Nearness::SameEstate, &[Skill::Driver]),
        who(11, Nearness::SameEstate, &[Skill::Driver]),
        who(12, Nearness::SameEstate, &[]),
        who(20, Nearness::Community, &[Skill::Driver]),
        Candidate {
            role: Role::GridWorker,
            available: false,
            ..who(30, Nearness::Community, &[])
        },
    ]
}

#[test]
fn the_first_wave_is_the_building_plus_the_nearest_drivers_of_the_estate() {
    let req = Req::new(RequestKind::Hospital, 1);
    let mut people = neighbourhood();
    people[4].distance_m = Some(120.0);
    people[3].distance_m = Some(800.0);
    let cfg = DispatchConfig {
        skilled_first: 1,
        ..DispatchConfig::default()
    };
    let (_, effects) = Dispatch::start(&req.view(), &people, &cfg, DAY);
    assert_eq!(
        alerted(&effects),
        vec![m(2), m(3), m(11)],
        "the building, then the single nearest driver (120 m)"
    );
    assert_eq!(wake(&effects), Some(DAY + 60_000), "a wave lasts 60 s by day");
}

#[test]
fn with_nobody_coming_the_alert_widens_to_the_estate_then_the_community_with_grid_workers_and_staff() {
    let req = Req::new(RequestKind::Hospital, 1);
    let people = neighbourhood();
    let cfg = DispatchConfig::default();
    let (mut d, first) = Dispatch::start(&req.view(), &people, &cfg, DAY);
    assert_eq!(alerted(&first), vec![m(2), m(3), m(10), m(11)]);

    assert_eq!(
        d.on_tick(&req.view(), &people, &cfg, DAY + 59_999),
        vec![Effect::WakeAt { at: DAY + 60_000 }],
        "not yet"
    );
    let second = d.on_tick(&req.view(), &people, &cfg, DAY + 60_000);
    assert_eq!(alerted(&second), vec![m(12)], "wave 2: the rest of the estate");
    let third = d.on_tick(&req.view(), &people, &cfg, DAY + 120_000);
    assert_eq!(
        alerted(&third),
        vec![m(20), m(30)],
        "wave 3: the community, and grid workers even when not marked available"
    );
    assert_eq!(d.wave, 3);
}

#[test]
fn at_night_each_wave_lasts_thirty_seconds() {
    let req = Req::new(RequestKind::Hospital, 1);
    let (mut d, effects) = Dispatch::start(&req.view(), &neighbourhood(), &DispatchConfig::default(), NIGHT);
    assert_eq!(wake(&effects), Some(NIGHT + 30_000));
    let next = d.on_tick(
        &req.view(),
        &neighbourhood(),
        &DispatchConfig::default(),
        NIGHT + 30_000,
    );
    assert_eq!(alerted(&next), vec![m(12)]);
}

#[test]
fn a_decline_passes_the_alert_to_the_next_nearest_at_once() {
    let req = Req::new(RequestKind::Hospital, 1);
    let people = neighbourhood();
    let cfg = DispatchConfig::default();
    let (mut d, _) = Dispatch::start(&req.view(), &people, &cfg, DAY);
    let handed = d.on_decline(m(10), &req.view(), &people, &cfg, DAY + 5_000);
    assert_eq!(alerted(&handed), vec![m(12)]);
    assert!(
        !d.grants_read(m(10)),
        "a member who declined no longer reads the request"
    );
    assert!(
        d.on_decline(m(10), &req.view(), &people, &cfg, DAY + 6_000).is_empty(),
        "declining twice changes nothing"
    );
    assert!(
        d.on_decline(m(20), &req.view(), &people, &cfg, DAY + 6_000).is_empty(),
        "only those alerted can decline"
    );
}

#[test]
fn quiet_hours_hold_back_alerts_except_urgent_hospital_rides_unless_turned_off() {
    let night_quiet = Some(QuietHours::parse("22:00-07:00").expect("quiet"));
    let mut people = neighbourhood();
    people[1].quiet = night_quiet; // member 2 lets medical emergencies through (the default)
    people[2].quiet = night_quiet;
    people[2].medical_through_quiet = false; // member 3 turned that off

    let ride = Req::new(RequestKind::Hospital, 1);
    let (_, effects) = Dispatch::start(&ride.view(), &people, &DispatchConfig::default(), NIGHT);
    let got = alerted(&effects);
    assert!(got.contains(&m(2)) && !got.contains(&m(3)), "{got:?}");

    let errand = Req::new(RequestKind::Errand, 1);
    let (_, effects) = Dispatch::start(&errand.view(), &people, &DispatchConfig::default(), NIGHT);
    let got = alerted(&effects);
    assert!(
        !got.contains(&m(2)) && !got.contains(&m(3)),
        "an errand waits for the morning: {got:?}"
    );

    let (_, effects) = Dispatch::start(&errand.view(), &people, &DispatchConfig::default(), DAY);
    assert!(alerted(&effects).contains(&m(2)), "quiet hours end in the morning");
}

#[test]
fn unavailable_members_are_not_alerted() {
    let mut people = neighbourhood();
    people[1].available = false;
    let req = Req::new(RequestKind::Hospital, 1);
    let (_, effects) = Dispatch::start(&req.view(), &people, &DispatchConfig::default(), DAY);
    assert!(!alerted(&effects).contains(&m(2)));
}

#[test]
fn once_the_slots_are_filled_everyone_else_alerted_hears_no_longer_needed() {
    let mut req = Req::new(RequestKind::Hospital, 2);
    let people = neighbourhood();
    let cfg = DispatchConfig::default();
    let (mut d, _) = Dispatch::start(&req.view(), &people, &cfg, DAY);
    req.accept(3);
    assert!(
        d.on_request_changed(&req.view(), &people, &cfg, DAY).is_empty(),
        "one of two slots filled: keep going"
    );
    req.accept(10);
    let mut told: Vec<MemberId> = d
        .on_request_changed(&req.view(), &people, &cfg, DAY)
        .iter()
        .filter_map(|e| {
            if let Effect::NoLongerNeeded { member } = e {
                Some(*member)
            } else {
                None
            }
        })
        .collect();
    told.sort();
    assert_eq!(told, vec![m(2), m(11)], "the two who are coming are not told");
    assert!(d.finished);
    assert!(
        d.on_tick(&req.view(), &people, &cfg, DAY + 600_000).is_empty(),
        "no more waves"
    );
    assert!(
        !d.grants_read(m(2)),
        "the alert no longer lets outsiders read the request"
    );
}

#[test]
fn a_dispatch_saved_and_restored_resumes_its_timer() {
    let req = Req::new(RequestKind::Hospital, 1);
    let people = neighbourhood();
    let cfg = DispatchConfig::default();
    let (d, _) = Dispatch::start(&req.view(), &people, &cfg, DAY);
    let saved = serde_json::to_string(&d).expect("save");
    let mut restored: Dispatch = serde_json::from_str(&saved).expect("restore");
    assert_eq!(restored, d);
    assert_eq!(
        alerted(&restored.on_tick(&req.view(), &people, &cfg, DAY + 61_000)),
        vec![m(12)]
    );
}

#[test]
fn distances_are_great_circle_metres() {
    let d = jinlin_model::dispatch::distance_m((24.4798, 118.0894), (24.4898, 118.0894));
    assert!((d - 1112.0).abs() < 5.0, "{d}");
}

#[test]
fn when_the_only_confirmed_volunteer_withdraws_the_next_circle_is_alerted_at_once() {
    let mut req = Req::new(RequestKind::Hospital, 1);
    let people = neighbourhood();
    let cfg = DispatchConfig::default();
    let (mut d, first) = Dispatch::start(&req.view(), &people, &cfg, DAY);
    assert_eq!(alerted(&first), vec![m(2), m(3), m(10), m(11)]);
    req.accept(10);
    d.on_request_changed(&req.view(), &people, &cfg, DAY + 5_000);
    assert!(d.finished, "one slot, one confirmed");

    req.withdraw(10);
    assert!(d.reopens(&req.view()));
    let effects = d.on_request_changed(&req.view(), &people, &cfg, DAY + 10_000);
    assert!(!d.finished, "the dispatch is open again");
    assert_eq!(
        alerted(&effects),
        vec![m(12)],
        "wave 2 goes out at once, not a minute later"
    );
    assert_eq!(d.wave, 2);
    assert_eq!(wake(&effects), Some(DAY + 70_000), "and has its own minute");
}

#[test]
fn a_withdrawal_with_someone_on_standby_moves_them_up_and_alerts_nobody() {
    let mut req = Req::new(RequestKind::Hospital, 1);
    let people = neighbourhood();
    let cfg = DispatchConfig::default();
    let (mut d, _) = Dispatch::start(&req.view(), &people, &cfg, DAY);
    req.accept(10);
    req.accept(11);
    d.on_request_changed(&req.view(), &people, &cfg, DAY);
    req.withdraw(10);
    assert!(!d.reopens(&req.view()), "the driver on standby is confirmed now");
    assert!(d.on_request_changed(&req.view(), &people, &cfg, DAY).is_empty());
    assert!(d.finished);
}

#[test]
fn with_every_circle_reached_a_reopened_dispatch_alerts_again_those_stood_down_but_not_the_one_who_withdrew() {
    let mut req = Req::new(RequestKind::Hospital, 1);
    let people = neighbourhood();
    let cfg = DispatchConfig::default();
    let (mut d, _) = Dispatch::start(&req.view(), &people, &cfg, DAY);
    d.on_tick(&req.view(), &people, &cfg, DAY + 60_000);
    d.on_tick(&req.view(), &people, &cfg, DAY + 120_000);
    assert_eq!(d.wave, 3);
    let declined = d.on_decline(m(2), &req.view(), &people, &cfg, DAY + 121_000);
    assert!(alerted(&declined).is_empty(), "nobody left to pass it to");
    req.accept(20);
    let stood_down = d.on_request_changed(&req.view(), &people, &cfg, DAY + 130_000);
    assert!(!stood_down.is_empty());
    req.withdraw(20);
    let mut again = alerted(&d.on_request_changed(&req.view(), &people, &cfg, DAY + 140_000));
    again.sort();
    assert_eq!(
        again,
        vec![m(3), m(10), m(11), m(12), m(30)],
        "not the requester, not the one who declined, not the driver who withdrew"
    );
    assert!(!d.finished);
}
