//! The grid worker's day on one device: registry, visits, needs, the walk.

use jinlin_core::{Error, GroupKind};
use jinlin_model::dates::Date;
use jinlin_model::docs::household::{Assignee, NewHousehold, NewVisit, Resident, VisitEdit};
use jinlin_model::kinds::{HouseholdFlag, NeedStatus, RiskTier, VisitOutcome};

use crate::support::{clock, device};

const DAY: i64 = 86_400_000;

fn household(group: jinlin_core::DocId, building: &str, unit: &str, tier: RiskTier) -> NewHousehold {
    NewHousehold {
        group_id: group,
        building: building.into(),
        unit: unit.into(),
        residents: vec![Resident {
            name: format!("Resident of {unit}"),
            phone: Some("13800000000".into()),
        }],
        tier,
        flags: vec![HouseholdFlag::Elderly],
    }
}

fn met(note: &str) -> NewVisit {
    NewVisit {
        outcome: Some(VisitOutcome::Met),
        note: Some(note.into()),
        ..NewVisit::default()
    }
}

#[test]
fn households_are_due_by_tier_in_building_and_floor_order() {
    let c = clock();
    let worker = device("Worker", "1", &c);
    let g = worker
        .create_group("Garden Estate", GroupKind::Estate, None)
        .expect("group");
    let high = worker
        .add_household(household(g, "2", "1201", RiskTier::Red))
        .expect("h");
    let low = worker
        .add_household(household(g, "2", "301", RiskTier::Blue))
        .expect("h");
    let other = worker
        .add_household(household(g, "1", "502", RiskTier::Yellow))
        .expect("h");
    let due: Vec<_> = worker
        .due_households(Some(g))
        .expect("due")
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(
        due,
        vec![other, low, high],
        "never visited: all due, building 1 first, then floor 3 before floor 12"
    );

    for h in [high, low, other] {
        worker.log_visit(h, &met("all well")).expect("visit");
    }
    assert!(worker.due_households(Some(g)).expect("due").is_empty());
    c.advance(8 * DAY);
    let due: Vec<_> = worker
        .due_households(Some(g))
        .expect("due")
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(due, vec![high], "after 8 days only the red household (7 days) is due");
    c.advance(7 * DAY);
    assert_eq!(
        worker.due_households(Some(g)).expect("due").len(),
        2,
        "after 15 days the yellow one too"
    );

    let cover = worker.coverage(Some(g)).expect("coverage");
    assert_eq!(cover.len(), 2);
    assert_eq!(
        (cover[0].building.as_str(), cover[0].visited, cover[0].total),
        ("1", 0, 1)
    );
    assert_eq!(
        (cover[1].building.as_str(), cover[1].visited, cover[1].total),
        ("2", 1, 2)
    );
}

#[test]
fn nobody_home_does_not_count_as_a_visit() {
    let c = clock();
    let worker = device("Worker", "1", &c);
    let g = worker
        .create_group("Garden Estate", GroupKind::Estate, None)
        .expect("group");
    let h = worker
        .add_household(household(g, "2", "1201", RiskTier::Red))
        .expect("h");
    worker
        .log_visit(
            h,
            &NewVisit {
                outcome: Some(VisitOutcome::NotHome),
                ..NewVisit::default()
            },
        )
        .expect("visit");
    assert_eq!(worker.due_households(Some(g)).expect("due").len(), 1);
}

#[test]
fn needs_raised_at_the_door_are_assigned_resolved_and_listed_when_overdue() {
    let c = clock();
    let worker = device("Worker", "1", &c);
    let g = worker
        .create_group("Garden Estate", GroupKind::Estate, None)
        .expect("group");
    let h = worker
        .add_household(household(g, "2", "1201", RiskTier::Red))
        .expect("h");
    let mut v = met("heater broken, needs medicine");
    v.needs = vec![
        "Blood pressure medicine from the pharmacy".into(),
        "Fix the heater".into(),
    ];
    v.resolved_on_the_spot = vec!["Explain the welfare application".into()];
    v.follow_up = Some(Date::parse("2025-10-20").expect("date"));
    worker.log_visit(h, &v).expect("visit");

    let needs = worker.needs(Some(g), None, false).expect("needs");
    assert_eq!(needs.len(), 3);
    let spot = needs.iter().find(|n| n.on_the_spot).expect("on the spot");
    assert_eq!(spot.status, NeedStatus::Resolved);
    let heater = needs.iter().find(|n| n.text == "Fix the heater").expect("heater");
    worker.add_team(g, "repair", None).expect("team");
    worker
        .assign_need(
            &heater.id,
            &Assignee::Team("repair".into()),
            Some(Date::parse("2025-10-01").expect("d")),
        )
        .expect("assign");
    let overdue = worker.needs(Some(g), None, true).expect("overdue");
    assert_eq!(overdue.len(), 1, "the heater was due on 2025-10-01");
    assert_eq!(overdue[0].status, NeedStatus::Assigned);
    worker
        .resolve_need(&heater.id, Some("New thermostat"))
        .expect("resolve");
    assert!(worker.needs(Some(g), None, true).expect("overdue").is_empty());
    assert_eq!(
        worker
            .needs(Some(g), Some(NeedStatus::Recorded), false)
            .expect("open")
            .len(),
        1
    );

    let follow = worker.open_follow_ups(Some(g)).expect("follow-ups");
    assert_eq!(follow.len(), 1);
    c.advance(DAY);
    worker.log_visit(h, &met("came back")).expect("visit");
    assert!(
        worker.open_follow_ups(Some(g)).expect("follow-ups").is_empty(),
        "a later visit closes the follow-up"
    );
}

#[test]
fn an_edited_visit_keeps_its_history() {
    let c = clock();
    let worker = device("Worker", "1", &c);
    let g = worker
        .create_group("Garden Estate", GroupKind::Estate, None)
        .expect("group");
    let h = worker
        .add_household(household(g, "2", "1201", RiskTier::Red))
        .expect("h");
    let visit = worker.log_visit(h, &met("all well")).expect("visit");
    c.advance(3_600_000);
    worker
        .edit_visit(
            h,
            &visit,
            &VisitEdit::Note(Some("all well; stairs light broken".into())),
        )
        .expect("edit");
    worker
        .edit_visit(h, &visit, &VisitEdit::Outcome(VisitOutcome::Refused))
        .expect("edit");

    let v = worker
        .household(h)
        .expect("h")
        .visits
        .into_iter()
        .find(|v| v.id == visit)
        .expect("visit");
    assert_eq!(v.note.as_deref(), Some("all well; stairs light broken"));
    assert_eq!(v.edits.len(), 2);
    assert_eq!(v.edits[0].field, "note");
    assert_eq!(v.edits[0].old.as_deref(), Some("all well"));
    assert_eq!(v.edits[0].by_name, "Worker");
    assert_eq!(v.edits[1].old.as_deref(), Some("met"));
    assert_eq!(v.edits[1].new.as_deref(), Some("refused"));
}

#[test]
fn a_resident_cannot_keep_the_household_registry() {
    let c = clock();
    let worker = device("Worker", "1", &c);
    let g = worker
        .create_group("Garden Estate", GroupKind::Estate, None)
        .expect("group");
    let resident = device("Resident", "1", &c);
    let err = resident
        .add_household(household(g, "2", "1201", RiskTier::Red))
        .expect_err("not a member");
    assert!(matches!(err, Error::UnknownGroup(_)), "{err}");
    assert!(worker.log_visit(jinlin_core::DocId::random(), &met("x")).is_err());
    let h = worker
        .add_household(household(g, "2", "1201", RiskTier::Red))
        .expect("h");
    let err = worker.log_visit(h, &NewVisit::default()).expect_err("no outcome");
    assert!(err.to_string().contains("outcome"), "{err}");
}

#[test]
fn the_building_leader_keeps_only_their_own_building() {
    use jinlin_core::{GroupKind::*, Role::*};
    use jinlin_model::docs::household::keepers::may_keep_registry;
    assert!(may_keep_registry(GridWorker, Estate, Some("2"), None));
    assert!(may_keep_registry(Staff, Community, Some("9"), Some("1")));
    assert!(may_keep_registry(BuildingLeader, Estate, Some("2"), Some("2")));
    assert!(!may_keep_registry(BuildingLeader, Estate, Some("3"), Some("2")));
    assert!(!may_keep_registry(Resident, Building, Some("2"), Some("2")));
    assert!(!may_keep_registry(Volunteer, Estate, Some("2"), Some("2")));
}

#[test]
fn staff_set_a_groups_visit_intervals_and_the_due_list_follows_them() {
    let c = clock();
    let staff = device("Office", "1", &c);
    let estate = staff
        .create_group("Garden Estate", GroupKind::Estate, None)
        .expect("group");
    let building = staff
        .create_group("Building 2", GroupKind::Building, Some(estate))
        .expect("building");
    let red = staff
        .add_household(household(building, "2", "1201", RiskTier::Red))
        .expect("h");
    staff.log_visit(red, &met("all well")).expect("visit");
    c.advance(4 * DAY);
    assert!(
        staff.due_households(Some(estate)).expect("due").is_empty(),
        "red: 7 days by default"
    );

    // The estate's staff visit red households every 3 days; the building inside it follows.
    staff
        .set_visit_intervals(
            estate,
            jinlin_model::VisitIntervals {
                red: 3,
                yellow: 10,
                blue: 21,
            },
        )
        .expect("intervals");
    let due: Vec<_> = staff
        .due_households(Some(estate))
        .expect("due")
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(
        due,
        vec![red],
        "4 days after the last visit, a 3-day red household is due"
    );
    assert_eq!(staff.group(estate).expect("group").visit_intervals.red, 3);

    // Nonsense is refused and nothing changes.
    let zero = jinlin_model::VisitIntervals {
        red: 0,
        yellow: 10,
        blue: 21,
    };
    assert!(matches!(
        staff.set_visit_intervals(estate, zero),
        Err(Error::InvalidInput(_))
    ));
    assert_eq!(staff.group(estate).expect("group").visit_intervals.red, 3);
}
