//! The photo report's write rules: its field table, who may take which step, and what each rule
//! lets a member write. Steps are only ever added: nobody deletes or rewrites one, each is taken
//! in its author's own name, and only those who keep the report's registry (grid workers, staff,
//! the building's leader) move a report on; the one it is assigned to may mark it fixed. Phones
//! check the same before writing (`Device::report_step`).

use crate::refusal::Refusal;
use automerge::{AutoCommit, Patch, ROOT};

use crate::clock::Millis;
use crate::docs::fields::{Field, Violation, Writer, Written, deny, new_list_entries, row_for};
use crate::docs::report;
use crate::kinds::ReportStatus;
use crate::read;

/// Who may write a report field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Written when the report is made, never changed.
    Fixed,
    /// The reporter.
    Reporter,
    /// The step list itself: never replaced or removed.
    Steps,
    /// One step: only added, by those who may take it (see [`may_take`]).
    Step,
    /// A new step's author: the member taking it.
    OwnName,
}

/// Every field of a report and its rule.
pub const FIELDS: &[Field<Rule>] = &[
    Field {
        path: &["schema"],
        rule: Rule::Reporter,
    },
    Field {
        path: &["type"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["id"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["group"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["created_at"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["reporter"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["text"],
        rule: Rule::Reporter,
    },
    Field {
        path: &["place"],
        rule: Rule::Reporter,
    },
    Field {
        path: &["photos"],
        rule: Rule::Reporter,
    },
    Field {
        path: &["steps"],
        rule: Rule::Steps,
    },
    Field {
        path: &["steps", "*"],
        rule: Rule::Step,
    },
    Field {
        path: &["steps", "*", "by"],
        rule: Rule::OwnName,
    },
];

/// Who may add a field the table does not name: the reporter.
pub const UNKNOWN: Rule = Rule::Reporter;

/// Whether a member may mark a report `step`: those who keep its registry (`keeper`) take every
/// step; the member it is assigned to (`assignee`) may also mark it fixed.
pub fn may_take(step: ReportStatus, keeper: bool, assignee: bool) -> bool {
    match step {
        ReportStatus::Fixed => keeper || assignee,
        _ => keeper,
    }
}

/// Whether a report that is `status` may be marked `step` next.
pub fn follows(status: ReportStatus, step: ReportStatus) -> bool {
    match step {
        ReportStatus::Raised => false,
        ReportStatus::Assigned => status != ReportStatus::Closed,
        ReportStatus::Fixed => matches!(status, ReportStatus::Assigned | ReportStatus::Raised),
        ReportStatus::Checked => status == ReportStatus::Fixed,
        ReportStatus::Closed => status != ReportStatus::Closed,
    }
}

/// Checks a new report: made in its author's name.
pub fn check_new(after: &AutoCommit, writer: &Writer<'_>) -> Result<(), Violation> {
    let who = read::obj(after, &ROOT, "reporter").and_then(|r| read::str(after, &r, "member"));
    if who != Some(writer.member.to_string()) {
        return deny(Refusal::CreatedInOwnName);
    }
    // Steps made with the report are its author's, and only those they may take.
    let keeper = (writer.keeps)(
        read::obj(after, &ROOT, "place")
            .and_then(|p| read::str(after, &p, "building"))
            .as_deref(),
    );
    new_steps(&AutoCommit::new(), after, writer, ReportStatus::Raised, keeper, false)
}

/// Every step the batch adds is in the writer's name and one they may take.
fn new_steps(
    before: &AutoCommit,
    after: &AutoCommit,
    writer: &Writer<'_>,
    seen: ReportStatus,
    keeper: bool,
    assignee: bool,
) -> Result<(), Violation> {
    let mut status = seen;
    for step in new_list_entries(before, after, "steps") {
        if read::str(after, &step, "by").is_some_and(|by| by != writer.member.to_string()) {
            return deny(Refusal::ReportStepOwnName);
        }
        let word = read::str(after, &step, "step").unwrap_or_default();
        let taken = match word.as_str() {
            // An older word for assigning again.
            "reopened" => ReportStatus::Assigned,
            other => match other.parse() {
                Ok(s) => s,
                Err(_) => return deny(Refusal::ReportStepKinds),
            },
        };
        if !may_take(taken, keeper, assignee) {
            return deny(Refusal::ReportMovers);
        }
        if !follows(status, taken) {
            return deny(Refusal::ReportInOrder);
        }
        status = taken;
    }
    Ok(())
}

/// How far ahead of the relay's clock a new step's time may be. Phones write their own clock,
/// which may be off; a day is more than an honest phone is off by. The status is the step
/// latest in time, so a step dated years ahead would otherwise decide it for good.
pub const STEP_AHEAD_MAX: Millis = 86_400_000;

/// Checks that every step `after` adds to `before` carries the time it was taken, no later than
/// [`STEP_AHEAD_MAX`] after `now` (the relay's clock).
pub fn steps_in_time(before: &AutoCommit, after: &AutoCommit, now: Millis) -> Result<(), Violation> {
    for step in new_list_entries(before, after, "steps") {
        match read::int(after, &step, "at") {
            Some(at) if at <= now.saturating_add(STEP_AHEAD_MAX) => {}
            Some(_) => return deny(Refusal::ReportStepAhead),
            None => return deny(Refusal::ReportStepTime),
        }
    }
    Ok(())
}

/// Checks every patch of a batch on an existing report, then every step it adds, in order from
/// the report's status as the batch's author saw it (`seen`: the report at the changes the batch
/// builds on).
pub fn check(
    before: &AutoCommit,
    seen: &AutoCommit,
    after: &AutoCommit,
    patches: &[(Patch, Vec<String>)],
    writer: &Writer<'_>,
) -> Result<(), Violation> {
    let view = report::read(before).map_err(|e| Violation(e.to_string()))?;
    let reporter = view.reporter.member_id == Some(writer.member);
    for (patch, path) in patches {
        let w = Written {
            before,
            after,
            patch,
            path,
        };
        match row_for(FIELDS, path).map_or(UNKNOWN, |f| f.rule) {
            Rule::Fixed => return deny(Refusal::ReportFixed),
            Rule::Reporter if reporter => {}
            Rule::Reporter => return deny(Refusal::ReportEdits),
            Rule::Steps => return deny(Refusal::ReportStepsAdded),
            Rule::Step if (path.len() == 2 && w.inserts()) || (path.len() > 2 && w.in_new_object()) => {}
            Rule::Step => return deny(Refusal::ReportStepsAdded),
            Rule::OwnName if w.in_new_object() && w.writes_id_of(writer.member) => {}
            Rule::OwnName => return deny(Refusal::ReportStepOwnName),
        }
    }
    let keeper = (writer.keeps)(view.place.building.as_deref());
    let assignee = view.assignee == Some(writer.member);
    let seen = report::read(seen).map_or(view.status, |v| v.status);
    new_steps(before, after, writer, seen, keeper, assignee)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Place;
    use crate::docs::fields::paths_written;
    use crate::docs::request::Actor;
    use crate::ids::{DocId, MemberId};

    #[test]
    fn every_field_a_reports_changes_write_has_its_rule() {
        let (resident, worker) = (MemberId::random(), MemberId::random());
        let place = Place {
            building: Some("3".into()),
            unit: Some("1202".into()),
            lat: Some(24.48),
            lon: Some(118.08),
        };
        let reporter = Actor {
            id: resident,
            name: "Wang",
        };
        let mut doc = report::create(
            DocId::random(),
            DocId::random(),
            "Dark stairwell",
            &place,
            &["b".repeat(64)],
            reporter,
            1,
        )
        .expect("report");
        let me = Actor {
            id: worker,
            name: "Sun",
        };
        report::add_step(&mut doc, me, ReportStatus::Assigned, Some(worker), Some("On it"), 2).expect("assign");
        report::add_step(&mut doc, me, ReportStatus::Fixed, None, None, 3).expect("fix");
        for path in paths_written(&mut doc) {
            assert!(row_for(FIELDS, &path).is_some(), "no rule for {path:?}");
        }
    }

    #[test]
    fn a_new_report_cannot_arrive_already_closed_by_someone_else() {
        use crate::docs::guard::check_upload;
        use crate::kinds::DocKind;

        let (resident, worker) = (MemberId::random(), MemberId::random());
        let me = Actor {
            id: resident,
            name: "Wang",
        };
        let make = || {
            report::create(
                DocId::random(),
                DocId::random(),
                "Dark stairwell",
                &Place::default(),
                &[],
                me,
                1,
            )
            .expect("report")
        };
        let upload = |mut doc: AutoCommit| {
            let changes = doc.get_changes(&[]);
            check_upload(
                &mut AutoCommit::new(),
                DocKind::Report,
                &Writer::member(resident),
                &changes,
            )
        };
        assert_eq!(upload(make()), Ok(()));
        let mut closed = make();
        let them = Actor {
            id: worker,
            name: "Sun",
        };
        report::add_step(&mut closed, them, ReportStatus::Closed, None, None, 2).expect("step");
        assert!(upload(closed).is_err());
        let mut own = make();
        report::add_step(&mut own, me, ReportStatus::Closed, None, None, 2).expect("step");
        assert!(
            upload(own).is_err(),
            "a resident keeps no registry and closes no report"
        );
    }

    #[test]
    fn the_assignee_marks_a_report_fixed_and_only_keepers_take_the_other_steps() {
        assert!(may_take(ReportStatus::Fixed, false, true));
        assert!(!may_take(ReportStatus::Closed, false, true));
        assert!(!may_take(ReportStatus::Assigned, false, false));
        assert!(may_take(ReportStatus::Closed, true, false));
        assert!(follows(ReportStatus::Fixed, ReportStatus::Checked));
        assert!(!follows(ReportStatus::Closed, ReportStatus::Closed));
    }
}
