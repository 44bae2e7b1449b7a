//! The household document's write rules: its field table, and what each rule lets a keeper of
//! the registry write. Who keeps which household at all is the access policy's question (see
//! `keepers.rs`); these rules say what a keeper may write: never the household's identity, and
//! visits, edits and needs only in their own name, which never changes afterwards.

use crate::refusal::Refusal;
use automerge::{AutoCommit, Patch, ROOT};

use crate::docs::fields::{Field, Violation, Writer, Written, deny, row_for};
use crate::read;

/// Who may write a household field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Written when the household is registered, never changed.
    Fixed,
    /// Any keeper of the household.
    Keeper,
    /// A keeper, in an entry they add, and the value is their own member id (who logged a
    /// visit, raised a need, made an edit).
    OwnName,
}

/// Every field of a household and its rule.
pub const FIELDS: &[Field<Rule>] = &[
    Field {
        path: &["schema"],
        rule: Rule::Keeper,
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
        path: &["created_by"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["building"],
        rule: Rule::Keeper,
    },
    Field {
        path: &["unit"],
        rule: Rule::Keeper,
    },
    Field {
        path: &["tier"],
        rule: Rule::Keeper,
    },
    Field {
        path: &["flags"],
        rule: Rule::Keeper,
    },
    Field {
        path: &["residents"],
        rule: Rule::Keeper,
    },
    // The adult members linked to the household, who cast its ballot (`voters.rs`).
    Field {
        path: &["voters"],
        rule: Rule::Keeper,
    },
    Field {
        path: &["visits"],
        rule: Rule::Keeper,
    },
    Field {
        path: &["visits", "*"],
        rule: Rule::Keeper,
    },
    Field {
        path: &["visits", "*", "worker"],
        rule: Rule::OwnName,
    },
    Field {
        path: &["visits", "*", "edits", "*", "by"],
        rule: Rule::OwnName,
    },
    Field {
        path: &["needs"],
        rule: Rule::Keeper,
    },
    Field {
        path: &["needs", "*"],
        rule: Rule::Keeper,
    },
    Field {
        path: &["needs", "*", "raised_by"],
        rule: Rule::OwnName,
    },
];

/// Who may add a field the table does not name: any keeper.
pub const UNKNOWN: Rule = Rule::Keeper;

/// Checks a new household: registered in its author's name.
pub fn check_new(after: &AutoCommit, writer: &Writer<'_>) -> Result<(), Violation> {
    let me = Some(writer.member.to_string());
    if read::str(after, &ROOT, "created_by") != me {
        return deny(Refusal::CreatedInOwnName);
    }
    // Visits, edits and needs made with the household are its author's.
    let entries = |key: &str| -> Vec<automerge::ObjId> {
        read::obj(after, &ROOT, key)
            .map(|m| {
                read::keys(after, &m)
                    .iter()
                    .filter_map(|k| read::obj(after, &m, k))
                    .collect()
            })
            .unwrap_or_default()
    };
    let someone_else =
        |obj: &automerge::ObjId, field: &str| read::str(after, obj, field).is_some_and(|v| Some(v) != me);
    for visit in entries("visits") {
        let edits = read::obj(after, &visit, "edits")
            .map(|l| read::obj_list(after, &l))
            .unwrap_or_default();
        if someone_else(&visit, "worker") || edits.iter().any(|e| someone_else(e, "by")) {
            return deny(Refusal::EntryOwnName);
        }
    }
    if entries("needs").iter().any(|n| someone_else(n, "raised_by")) {
        return deny(Refusal::EntryOwnName);
    }
    Ok(())
}

/// Checks every patch of a batch on an existing household.
pub fn check(
    before: &AutoCommit,
    after: &AutoCommit,
    patches: &[(Patch, Vec<String>)],
    writer: &Writer<'_>,
) -> Result<(), Violation> {
    for (patch, path) in patches {
        let w = Written {
            before,
            after,
            patch,
            path,
        };
        match row_for(FIELDS, path).map_or(UNKNOWN, |f| f.rule) {
            Rule::Fixed => return deny(Refusal::HouseholdFixed),
            Rule::Keeper => {}
            // Who logged a visit, made an edit or raised a need is written once, with the entry:
            // nobody, not even with their own id, takes over someone else's.
            Rule::OwnName if !w.in_new_object() => {
                return deny(Refusal::HouseholdWhoFixed);
            }
            Rule::OwnName if w.writes_id_of(writer.member) => {}
            Rule::OwnName if path.first().is_some_and(|k| k == "visits") && path.len() > 3 => {
                return deny(Refusal::EditOwnName);
            }
            Rule::OwnName => return deny(Refusal::EntryOwnName),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Date;
    use crate::docs::fields::paths_written;
    use crate::docs::household::{self, Assignee, NewHousehold, NewVisit, Resident, VisitEdit};
    use crate::docs::request::Actor;
    use crate::ids::{DocId, MemberId};
    use crate::kinds::{HouseholdFlag, RiskTier, VisitOutcome};

    #[test]
    fn every_field_a_households_changes_write_has_its_rule() {
        let worker = MemberId::random();
        let me = Actor {
            id: worker,
            name: "Sun",
        };
        let new = NewHousehold {
            group_id: DocId::random(),
            building: "3".into(),
            unit: "1202".into(),
            residents: vec![Resident {
                name: "Grandma Wang".into(),
                phone: Some("13800000000".into()),
            }],
            tier: RiskTier::Red,
            flags: vec![HouseholdFlag::LivesAlone],
        };
        let mut doc = household::create(DocId::random(), &new, me, 1).expect("household");
        household::set_registry(
            &mut doc,
            None,
            Some(RiskTier::Yellow),
            Some(&[HouseholdFlag::LivesAlone]),
        )
        .expect("registry");
        let follow_up = Date::at(0, 480);
        let visit = household::log_visit(
            &mut doc,
            me,
            &NewVisit {
                outcome: Some(VisitOutcome::Met),
                note: Some("Knee pain".into()),
                needs: vec!["A ride to the clinic".into(), "Groceries".into()],
                resolved_on_the_spot: vec!["Groceries".into()],
                follow_up: Some(follow_up),
                gps: Some((24.48, 118.08)),
                photos: vec!["a".repeat(64)],
            },
            2,
        )
        .expect("visit");
        household::edit_visit(&mut doc, me, &visit, &VisitEdit::Note(Some("Knee better".into())), 3).expect("edit");
        let view = household::read(&doc).expect("read");
        let open = view
            .needs
            .iter()
            .find(|n| n.resolved_at.is_none() && !n.on_the_spot)
            .expect("an open need");
        household::assign_need(&mut doc, &open.id, &Assignee::Member(worker), Some(follow_up), 4).expect("assign");
        household::resolve_need(&mut doc, me, &open.id, Some("Driven there"), 5).expect("resolve");
        for path in paths_written(&mut doc) {
            assert!(row_for(FIELDS, &path).is_some(), "no rule for {path:?}");
        }
    }

    #[test]
    fn a_new_household_cannot_arrive_with_a_visit_in_someone_elses_name() {
        use crate::docs::guard::check_upload;
        use crate::kinds::DocKind;

        let (worker, other) = (MemberId::random(), MemberId::random());
        let new = NewHousehold {
            group_id: DocId::random(),
            building: "3".into(),
            unit: "1202".into(),
            residents: Vec::new(),
            tier: RiskTier::Red,
            flags: Vec::new(),
        };
        let me = Actor {
            id: worker,
            name: "Sun",
        };
        let visit = NewVisit {
            outcome: Some(VisitOutcome::Met),
            needs: vec!["Groceries".into()],
            ..NewVisit::default()
        };
        let upload = |mut doc: AutoCommit| {
            let changes = doc.get_changes(&[]);
            check_upload(
                &mut AutoCommit::new(),
                DocKind::Household,
                &Writer::member(worker),
                &changes,
            )
        };
        let mut own = household::create(DocId::random(), &new, me, 1).expect("household");
        household::log_visit(&mut own, me, &visit, 2).expect("visit");
        assert_eq!(upload(own), Ok(()));
        let mut theirs = household::create(DocId::random(), &new, me, 1).expect("household");
        let them = Actor { id: other, name: "Li" };
        household::log_visit(&mut theirs, them, &visit, 2).expect("visit");
        assert!(upload(theirs).is_err());
    }

    #[test]
    fn a_keeper_cannot_take_over_someone_elses_visit_by_writing_their_own_id_into_it() {
        use automerge::transaction::Transactable;

        use crate::docs::guard::check_upload;
        use crate::kinds::DocKind;
        use crate::read;

        let (worker, other) = (MemberId::random(), MemberId::random());
        let new = NewHousehold {
            group_id: DocId::random(),
            building: "3".into(),
            unit: "1202".into(),
            residents: Vec::new(),
            tier: RiskTier::Red,
            flags: Vec::new(),
        };
        let me = Actor {
            id: worker,
            name: "Sun",
        };
        let mut doc = household::create(DocId::random(), &new, me, 1).expect("household");
        let visit = NewVisit {
            outcome: Some(VisitOutcome::Met),
            needs: vec!["Groceries".into()],
            ..NewVisit::default()
        };
        household::log_visit(&mut doc, me, &visit, 2).expect("visit");
        doc.commit();
        let heads = doc.get_heads();
        let mut theirs = doc.fork().with_actor(other.actor());
        let visits = read::obj(&theirs, &ROOT, "visits").expect("visits");
        let v = read::obj(&theirs, &visits, &read::keys(&theirs, &visits)[0]).expect("visit");
        theirs.put(&v, "worker", other.to_string()).expect("write");
        let needs = read::obj(&theirs, &ROOT, "needs").expect("needs");
        let n = read::obj(&theirs, &needs, &read::keys(&theirs, &needs)[0]).expect("need");
        let changes = theirs.get_changes(&heads);
        let err = check_upload(&mut doc, DocKind::Household, &Writer::member(other), &changes).expect_err("refused");
        assert_eq!(err.0, "who logged a visit, made an edit or raised a need never changes");

        let mut theirs = doc.fork().with_actor(other.actor());
        theirs.put(&n, "raised_by", other.to_string()).expect("write");
        let changes = theirs.get_changes(&heads);
        assert!(check_upload(&mut doc, DocKind::Household, &Writer::member(other), &changes).is_err());

        // Logging a visit of one's own, in one's own name, still goes.
        let mut theirs = doc.fork().with_actor(other.actor());
        let mine = Actor { id: other, name: "Li" };
        household::log_visit(&mut theirs, mine, &visit, 3).expect("visit");
        let changes = theirs.get_changes(&heads);
        assert_eq!(
            check_upload(&mut doc, DocKind::Household, &Writer::member(other), &changes),
            Ok(())
        );
    }
}
