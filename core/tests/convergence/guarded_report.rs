//! A photo report among hostile replicas: the reporter, a grid worker (keeps every building),
//! the building's leader (keeps building 3) and a volunteer move the report on through the app,
//! each only with the steps the phone lets them take, and the replicas chosen hostile also take
//! steps in someone else's name or that they may not take, rewrite or delete a step, delete the
//! step list, or change who reported or what. Every batch goes through a guarded relay.
//!
//! On the relay's copy, after every batch it takes: the report's identity never changes and
//! only the reporter writes its text; steps only ever grow, each made and signed by one member
//! who may take it (keepers any step; the fix also whoever it was assigned to).

use std::collections::HashSet;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc};
use jinlin_core::{DocId, MemberId};
use jinlin_model::Place;
use jinlin_model::docs::report::{self, rules::may_take};
use jinlin_model::docs::request::Actor;
use jinlin_model::kinds::{DocKind, ReportStatus};
use jinlin_model::read;
use proptest::prelude::*;

use crate::guarded::{Guarded, fail, hostile_write, member, only_grew, writer_of, written};

const PEOPLE: usize = 4;
const REPORTER: usize = 0;
const NAMES: [&str; PEOPLE] = ["reporter", "grid worker", "leader", "volunteer"];
const STEPS: [ReportStatus; 4] = [
    ReportStatus::Assigned,
    ReportStatus::Fixed,
    ReportStatus::Checked,
    ReportStatus::Closed,
];

fn keeps(i: usize, building: Option<&str>) -> bool {
    i == 1 || (i == 2 && building == Some("3"))
}

#[derive(Debug, Clone)]
enum Op {
    /// `who` takes step `STEPS[n]`, assigning to `whom` when it assigns.
    Step(usize, usize, usize),
    Sync(usize),
    Raw(usize, Raw, usize),
}

#[derive(Debug, Clone, Copy)]
enum Raw {
    StepAsSomeoneElse,
    StepNotTheirs,
    RewriteStep,
    DeleteStep,
    DeleteSteps,
    ChangeReporter,
    ChangeText,
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..PEOPLE;
    let raw = prop_oneof![
        Just(Raw::StepAsSomeoneElse),
        Just(Raw::StepNotTheirs),
        Just(Raw::RewriteStep),
        Just(Raw::DeleteStep),
        Just(Raw::DeleteSteps),
        Just(Raw::ChangeReporter),
        Just(Raw::ChangeText),
    ];
    prop_oneof![
        4 => (who.clone(), 0..STEPS.len(), who.clone()).prop_map(|(a, s, b)| Op::Step(a, s, b)),
        6 => who.clone().prop_map(Op::Sync),
        3 => (who.clone(), raw, who).prop_map(|(a, r, b)| Op::Raw(a, r, b)),
    ]
}

fn actor(i: usize) -> Actor<'static> {
    Actor {
        id: member(i),
        name: NAMES[i],
    }
}

fn origin() -> AutoCommit {
    let place = Place {
        building: Some("3".into()),
        unit: Some("1202".into()),
        lat: None,
        lon: None,
    };
    report::create(
        DocId::from_bytes([4; 16]),
        DocId::from_bytes([7; 16]),
        "Dark stairwell",
        &place,
        &[],
        actor(REPORTER),
        0,
    )
    .expect("report")
}

/// A step as the phone takes it (`Device::report_step`): only one the member may take.
fn step(doc: &mut AutoCommit, i: usize, s: ReportStatus, to: usize, now: i64) -> jinlin_core::Result<()> {
    let view = report::read(doc)?;
    if !may_take(
        s,
        keeps(i, view.place.building.as_deref()),
        view.assignee == Some(member(i)),
    ) {
        return Ok(());
    }
    let assignee = (s == ReportStatus::Assigned).then(|| member(to));
    report::add_step(doc, actor(i), s, assignee, None, now)
}

fn raw(doc: &mut AutoCommit, who: usize, what: Raw, whose: usize, now: i64) -> Result<(), automerge::AutomergeError> {
    let Some(steps) = read::obj(doc, &ROOT, "steps") else {
        return Ok(());
    };
    let new_step = |doc: &mut AutoCommit, by: usize, word: &str| -> Result<(), automerge::AutomergeError> {
        let s = doc.insert_object(&steps, doc.length(&steps), ObjType::Map)?;
        doc.put(&s, "step", word)?;
        doc.put(&s, "by", member(by).to_string())?;
        doc.put(&s, "name", NAMES[by])?;
        doc.put(&s, "at", now)?;
        Ok(())
    };
    match what {
        Raw::StepAsSomeoneElse => new_step(doc, whose, "closed")?,
        Raw::StepNotTheirs => new_step(doc, who, ["closed", "assigned", "checked"][whose % 3])?,
        Raw::RewriteStep => {
            if let Some(s) = read::obj_list(doc, &steps).first() {
                doc.put(s, "step", "closed")?;
            }
        }
        Raw::DeleteStep => {
            if doc.length(&steps) > 0 {
                doc.delete(&steps, 0)?;
            }
        }
        Raw::DeleteSteps => doc.delete(ROOT, "steps")?,
        Raw::ChangeReporter => {
            let r = doc.put_object(ROOT, "reporter", ObjType::Map)?;
            doc.put(&r, "member", member(who).to_string())?;
        }
        Raw::ChangeText => doc.put(ROOT, "text", "Nothing wrong")?,
    }
    Ok(())
}

/// The relay's copy as the last check saw it.
#[derive(Default)]
struct Seen {
    steps: Vec<(ObjId, Option<String>, Option<String>)>,
    assignees: HashSet<MemberId>,
}

fn relay_holds(doc: &AutoCommit, origin: &AutoCommit, seen: &mut Seen) -> Result<(), TestCaseError> {
    for key in ["type", "id", "group", "created_at"] {
        prop_assert_eq!(
            read::str(doc, &ROOT, key),
            read::str(origin, &ROOT, key),
            "the report's {} changed",
            key
        );
        prop_assert_eq!(
            read::int(doc, &ROOT, key),
            read::int(origin, &ROOT, key),
            "the report's {} changed",
            key
        );
    }
    let view = report::read(doc).map_err(fail)?;
    let first = report::read(origin).map_err(fail)?;
    prop_assert_eq!(&view.reporter, &first.reporter, "the reporter changed");
    let (_, text_by) = written(doc, &ROOT, "text").unwrap_or_default();
    prop_assert_eq!(
        text_by,
        Some(member(REPORTER)),
        "someone other than the reporter wrote the text"
    );
    let list = read::obj(doc, &ROOT, "steps").ok_or_else(|| fail("the steps are gone"))?;
    prop_assert_eq!(writer_of(&list), Some(member(REPORTER)), "the step list was replaced");
    let now: Vec<_> = read::obj_list(doc, &list)
        .into_iter()
        .map(|s| {
            let (word, by) = (read::str(doc, &s, "step"), read::str(doc, &s, "by"));
            (s, word, by)
        })
        .collect();
    prop_assert!(only_grew(&seen.steps, &now), "a step was changed or removed");
    let building = view.place.building.as_deref();
    for (s, word, by) in &now {
        let maker = writer_of(s);
        prop_assert_eq!(
            by.as_ref().and_then(|b| b.parse().ok()),
            maker,
            "a step in someone else's name"
        );
        for field in read::keys(doc, s) {
            let (_, wrote) = written(doc, s, &field).unwrap_or_default();
            prop_assert_eq!(wrote, maker, "a step's {} written by someone else", field);
        }
        let Some(maker) = maker else { continue };
        let taken: ReportStatus = match word.as_deref() {
            Some("reopened") => ReportStatus::Assigned,
            w => w
                .and_then(|w| w.parse().ok())
                .ok_or_else(|| fail("a step with no known word"))?,
        };
        let who = (0..PEOPLE)
            .find(|&i| member(i) == maker)
            .ok_or_else(|| fail("a step by a stranger"))?;
        let assigned = seen.assignees.contains(&maker) || view.assignee == Some(maker);
        prop_assert!(
            may_take(taken, keeps(who, building), assigned),
            "{} took a {} step",
            NAMES[who],
            taken
        );
        if let Some(a) = read::str(doc, s, "assignee").and_then(|a| a.parse().ok()) {
            seen.assignees.insert(a);
        }
    }
    seen.steps = now;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, max_shrink_iters: 2000, ..ProptestConfig::default() })]

    #[test]
    fn hostile_replicas_never_get_a_forbidden_report_step_past_the_relay_and_honest_ones_converge(
        hostile in prop::collection::vec(any::<bool>(), PEOPLE),
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let origin = origin();
        let mut net = Guarded::new(DocKind::Report, origin.clone(), PEOPLE, keeps, |_| {});
        let mut seen = Seen::default();
        let mut clock = 0;
        for op in &ops {
            clock += 1000;
            let now = clock;
            let _ = match *op {
                Op::Step(i, s, to) => step(&mut net.replicas[i], i, STEPS[s], to, now),
                Op::Sync(i) => {
                    net.sync(i)?;
                    relay_holds(&net.relay, &origin, &mut seen)?;
                    Ok(())
                }
                Op::Raw(i, what, whose) if hostile[i] => {
                    hostile_write(&mut net, i, |doc| raw(doc, i, what, whose, now));
                    Ok(())
                }
                Op::Raw(..) => Ok(()),
            };
        }
        net.settle(|relay| relay_holds(relay, &origin, &mut seen))?;
        net.converged()?;
    }
}
