//! A household among hostile replicas: four keepers of the registry (grid workers, staff, the
//! building's leader) log visits, edit their own visits, assign and resolve needs and change
//! the registry through the app, and the replicas chosen hostile also log a visit, an edit or a
//! need in someone else's name, rewrite or delete who logged a visit, or change the
//! household's identity. Every batch goes through a guarded relay.
//!
//! On the relay's copy, after every batch it takes: the household's identity never changes;
//! a visit, edit or need that names who logged, made or raised it names the member who wrote
//! it, and that name never changes or goes once stored.

use automerge::transaction::Transactable;
use std::collections::HashMap;

use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc};
use jinlin_core::DocId;
use jinlin_model::dates::Date;
use jinlin_model::docs::household::{self, Assignee, NewHousehold, NewVisit, Resident, VisitEdit};
use jinlin_model::docs::request::Actor;
use jinlin_model::kinds::{DocKind, HouseholdFlag, RiskTier, VisitOutcome};
use jinlin_model::read;
use proptest::prelude::*;

use crate::guarded::{Guarded, fail, hostile_write, member, writer_of, written};

const PEOPLE: usize = 4;
const NAMES: [&str; PEOPLE] = ["worker", "staff", "leader", "second worker"];
const FIXED: [&str; 5] = ["type", "id", "group", "created_at", "created_by"];

#[derive(Debug, Clone)]
enum Op {
    Visit(usize, u8),
    /// `who` edits the note of their own latest visit.
    Edit(usize),
    Assign(usize, usize),
    Resolve(usize),
    Tier(usize, u8),
    Sync(usize),
    Raw(usize, Raw, usize),
}

#[derive(Debug, Clone, Copy)]
enum Raw {
    VisitAsSomeoneElse,
    EditAsSomeoneElse,
    NeedAsSomeoneElse,
    RewriteWorker,
    DeleteWorker,
    ChangeCreator,
    ChangeGroup,
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..PEOPLE;
    let raw = prop_oneof![
        Just(Raw::VisitAsSomeoneElse),
        Just(Raw::EditAsSomeoneElse),
        Just(Raw::NeedAsSomeoneElse),
        Just(Raw::RewriteWorker),
        Just(Raw::DeleteWorker),
        Just(Raw::ChangeCreator),
        Just(Raw::ChangeGroup),
    ];
    prop_oneof![
        3 => (who.clone(), any::<u8>()).prop_map(|(a, n)| Op::Visit(a, n)),
        2 => who.clone().prop_map(Op::Edit),
        1 => (who.clone(), who.clone()).prop_map(|(a, b)| Op::Assign(a, b)),
        1 => who.clone().prop_map(Op::Resolve),
        1 => (who.clone(), any::<u8>()).prop_map(|(a, n)| Op::Tier(a, n)),
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
    let new = NewHousehold {
        group_id: DocId::from_bytes([7; 16]),
        building: "3".into(),
        unit: "1202".into(),
        residents: vec![Resident {
            name: "Grandma Wang".into(),
            phone: None,
        }],
        tier: RiskTier::Red,
        flags: vec![HouseholdFlag::LivesAlone],
    };
    household::create(DocId::from_bytes([5; 16]), &new, actor(0), 0).expect("household")
}

fn visit(doc: &mut AutoCommit, i: usize, n: u8, now: i64) -> jinlin_core::Result<()> {
    let v = NewVisit {
        outcome: Some([VisitOutcome::Met, VisitOutcome::NotHome, VisitOutcome::Refused][n as usize % 3]),
        note: n.is_multiple_of(2).then(|| "Knee pain".to_string()),
        needs: n
            .is_multiple_of(3)
            .then(|| "A ride to the clinic".to_string())
            .into_iter()
            .collect(),
        follow_up: n.is_multiple_of(4).then(|| Date::at(0, 480)),
        ..NewVisit::default()
    };
    household::log_visit(doc, actor(i), &v, now).map(|_| ())
}

fn own_latest_visit(doc: &AutoCommit, i: usize) -> Option<String> {
    let view = household::read(doc).ok()?;
    view.visits.into_iter().find(|v| v.worker_id == member(i)).map(|v| v.id)
}

fn open_need(doc: &AutoCommit) -> Option<String> {
    household::read(doc)
        .ok()?
        .needs
        .into_iter()
        .find(|n| n.resolved_at.is_none())
        .map(|n| n.id)
}

fn raw(doc: &mut AutoCommit, who: usize, what: Raw, whose: usize, now: i64) -> Result<(), automerge::AutomergeError> {
    let (Some(visits), Some(needs)) = (read::obj(doc, &ROOT, "visits"), read::obj(doc, &ROOT, "needs")) else {
        return Ok(());
    };
    let some_visit = read::keys(doc, &visits)
        .into_iter()
        .next()
        .and_then(|k| read::obj(doc, &visits, &k));
    match what {
        Raw::VisitAsSomeoneElse => {
            let v = doc.put_object(&visits, format!("visit-{who}-{now}"), ObjType::Map)?;
            doc.put(&v, "at", now)?;
            doc.put(&v, "worker", member(whose).to_string())?;
            doc.put(&v, "outcome", "met")?;
        }
        Raw::EditAsSomeoneElse => {
            if let Some(edits) = some_visit.and_then(|v| read::obj(doc, &v, "edits")) {
                let e = doc.insert_object(&edits, doc.length(&edits), ObjType::Map)?;
                doc.put(&e, "by", member(whose).to_string())?;
                doc.put(&e, "field", "note")?;
                doc.put(&e, "at", now)?;
            }
        }
        Raw::NeedAsSomeoneElse => {
            let n = doc.put_object(&needs, format!("need-{who}-{now}"), ObjType::Map)?;
            doc.put(&n, "text", "Groceries")?;
            doc.put(&n, "raised_at", now)?;
            doc.put(&n, "raised_by", member(whose).to_string())?;
        }
        Raw::RewriteWorker => {
            if let Some(v) = some_visit {
                doc.put(&v, "worker", member(whose).to_string())?;
            }
        }
        Raw::DeleteWorker => {
            if let Some(v) = some_visit {
                doc.delete(&v, "worker")?;
            }
        }
        Raw::ChangeCreator => doc.put(ROOT, "created_by", member(whose).to_string())?,
        Raw::ChangeGroup => doc.put(ROOT, "group", DocId::from_bytes([1; 16]).to_string())?,
    }
    Ok(())
}

/// Who each visit, edit and need was first stored as being by, by its object.
type Seen = HashMap<ObjId, String>;

/// The owner field of every map in `container` is written by the member it names, and never
/// changes once stored (a keeper may replace the whole entry, never who it is by).
fn named_by_writer(
    doc: &AutoCommit,
    container: &ObjId,
    field: &str,
    what: &str,
    seen: &mut Seen,
) -> Result<(), TestCaseError> {
    for entry in read::keys(doc, container)
        .iter()
        .filter_map(|k| read::obj(doc, container, k))
    {
        owned(doc, entry, field, what, seen)?;
    }
    Ok(())
}

fn owned(doc: &AutoCommit, entry: ObjId, field: &str, what: &str, seen: &mut Seen) -> Result<(), TestCaseError> {
    let Some((who, by)) = written(doc, &entry, field) else {
        prop_assert!(!seen.contains_key(&entry), "who a {} is by was deleted", what);
        return Ok(());
    };
    prop_assert_eq!(who.parse().ok(), by, "a {} in someone else's name", what);
    let first = seen.entry(entry).or_insert_with(|| who.clone());
    prop_assert_eq!(&*first, &who, "who a {} is by was rewritten", what);
    Ok(())
}

fn relay_holds(doc: &AutoCommit, origin: &AutoCommit, seen: &mut Seen) -> Result<(), TestCaseError> {
    for key in FIXED {
        prop_assert_eq!(
            read::str(doc, &ROOT, key),
            read::str(origin, &ROOT, key),
            "the household's {} changed",
            key
        );
        prop_assert_eq!(
            read::int(doc, &ROOT, key),
            read::int(origin, &ROOT, key),
            "the household's {} changed",
            key
        );
    }
    let visits = read::obj(doc, &ROOT, "visits").ok_or_else(|| fail("the visits are gone"))?;
    named_by_writer(doc, &visits, "worker", "visit", seen)?;
    for v in read::keys(doc, &visits)
        .iter()
        .filter_map(|k| read::obj(doc, &visits, k))
    {
        if let Some(edits) = read::obj(doc, &v, "edits") {
            for e in read::obj_list(doc, &edits) {
                if let Some((_, by)) = written(doc, &e, "by") {
                    prop_assert_eq!(writer_of(&e), by, "an edit made by someone other than its author");
                }
                owned(doc, e, "by", "edit", seen)?;
            }
        }
    }
    let needs = read::obj(doc, &ROOT, "needs").ok_or_else(|| fail("the needs are gone"))?;
    named_by_writer(doc, &needs, "raised_by", "need", seen)?;
    household::read(doc).map_err(fail)?;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, max_shrink_iters: 2000, ..ProptestConfig::default() })]

    #[test]
    fn hostile_keepers_never_get_a_forbidden_household_write_past_the_relay_and_honest_ones_converge(
        hostile in prop::collection::vec(any::<bool>(), PEOPLE),
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let origin = origin();
        let mut net = Guarded::new(DocKind::Household, origin.clone(), PEOPLE, |_, _| true, |_| {});
        let mut seen = Seen::new();
        let mut clock = 0;
        for op in &ops {
            clock += 1000;
            let now = clock;
            let docs = &mut net.replicas;
            let _ = match *op {
                Op::Visit(i, n) => visit(&mut docs[i], i, n, now),
                Op::Edit(i) => match own_latest_visit(&docs[i], i) {
                    Some(v) => household::edit_visit(&mut docs[i], actor(i), &v, &VisitEdit::Note(Some(format!("note {now}"))), now),
                    None => Ok(()),
                },
                Op::Assign(i, to) => match open_need(&docs[i]) {
                    Some(n) => household::assign_need(&mut docs[i], &n, &Assignee::Member(member(to)), None, now),
                    None => Ok(()),
                },
                Op::Resolve(i) => match open_need(&docs[i]) {
                    Some(n) => household::resolve_need(&mut docs[i], actor(i), &n, Some("done"), now),
                    None => Ok(()),
                },
                Op::Tier(i, n) => household::set_registry(&mut docs[i], None, Some([RiskTier::Red, RiskTier::Yellow, RiskTier::Blue][n as usize % 3]), None),
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
