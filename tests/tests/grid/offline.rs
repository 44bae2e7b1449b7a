//! Work done offline on two phones: both workers' visits to the same household survive the
//! merge, and an edit keeps who changed what, from what, and when, on every phone.

use jinlin_model::docs::household::{NewVisit, VisitEdit};
use jinlin_model::kinds::{RiskTier, VisitOutcome};

use crate::patch::{household, member, patch};

fn visit(note: &str) -> NewVisit {
    NewVisit {
        outcome: Some(VisitOutcome::Met),
        note: Some(note.into()),
        ..NewVisit::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_logging_visits_to_one_household_offline_both_keep_theirs() {
    let p = patch().await;
    let home = household(&p.worker, p.group, "3", "1202", RiskTier::Red);
    p.worker.sync().await;
    p.second_worker.sync().await;

    // Both in the stairwell, no signal.
    let a = p.worker.log_visit(home, &visit("Morning round")).expect("first");
    let b = p.second_worker.log_visit(home, &visit("Brought rice")).expect("second");

    p.worker.sync().await;
    p.second_worker.sync().await;
    p.worker.sync().await;
    for phone in [&p.worker, &p.second_worker] {
        let mut ids: Vec<String> = phone
            .household(home)
            .expect("household")
            .visits
            .iter()
            .map(|v| v.id.clone())
            .collect();
        ids.sort();
        let mut want = vec![a.clone(), b.clone()];
        want.sort();
        assert_eq!(ids, want, "{} holds both visits", phone.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_visit_keeps_its_history_on_every_phone() {
    let p = patch().await;
    let home = household(&p.worker, p.group, "3", "1202", RiskTier::Red);
    let v = p.worker.log_visit(home, &visit("Door locked")).expect("visit");
    p.worker
        .edit_visit(home, &v, &VisitEdit::Note(Some("Met the daughter".into())))
        .expect("edit");
    p.worker
        .edit_visit(home, &v, &VisitEdit::Outcome(VisitOutcome::NotHome))
        .expect("edit");
    p.worker.sync().await;
    p.second_worker.sync().await;

    // Another worker may not rewrite someone else's visit.
    assert!(
        p.second_worker
            .edit_visit(home, &v, &VisitEdit::Note(Some("overwritten".into())))
            .is_err()
    );

    let seen = p.second_worker.household(home).expect("household");
    let visit = seen.visits.iter().find(|x| x.id == v).expect("visit");
    assert_eq!(visit.note.as_deref(), Some("Met the daughter"));
    assert_eq!(visit.outcome, VisitOutcome::NotHome);
    let history: Vec<(&str, Option<&str>, Option<&str>)> = visit
        .edits
        .iter()
        .map(|e| (e.field.as_str(), e.old.as_deref(), e.new.as_deref()))
        .collect();
    assert_eq!(
        history,
        vec![
            ("note", Some("Door locked"), Some("Met the daughter")),
            ("outcome", Some("met"), Some("not-home")),
        ]
    );
    assert!(
        visit
            .edits
            .iter()
            .all(|e| e.by == member(&p.worker) && e.by_name == "Worker Li" && e.at > 0)
    );
}
