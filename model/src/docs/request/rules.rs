//! The request document's write rules: its field table, and what each rule lets a member write.
//! The relay applies them to every uploaded batch (`docs/guard.rs`); the changes in
//! `request/mod.rs` never write anything these rules refuse.

use crate::refusal::Refusal;
use automerge::{AutoCommit, Patch, ROOT, ReadDoc};

use crate::docs::fields::{Field, Violation, Writer, Written, deny, row_for};
use crate::docs::request;
use crate::docs::request::standing::Standing;
use crate::ids::MemberId;
use crate::kinds::SignupState;
use crate::read;

/// Who may write a request field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Written when the request is raised, never changed.
    Fixed,
    /// Written only by the relay (the arrival order of sign-ups).
    Relay,
    /// The requester (or whoever raised it on her behalf).
    Requester,
    /// The sign-up list itself: never replaced or removed.
    Signups,
    /// One sign-up: only by the member it names (and it keeps naming them), never deleted, never
    /// by the requester.
    Signup,
    /// The comment thread: never replaced or removed.
    Thread,
    /// One comment: only inserted, its fields written once, in its author's name.
    Comment,
    /// Moving the request on: the requester or a confirmed volunteer.
    Mover,
    /// The rating: the requester, once, after the request is done.
    Rating,
    /// The voice note: the requester, within its bounds (`voice.rs`).
    Voice,
}

/// Every field of a request and its rule.
pub const FIELDS: &[Field<Rule>] = &[
    Field {
        path: &["schema"],
        rule: Rule::Requester,
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
        path: &["requester"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["raised_by"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["kind"],
        rule: Rule::Requester,
    },
    Field {
        path: &["urgent"],
        rule: Rule::Requester,
    },
    Field {
        path: &["text"],
        rule: Rule::Requester,
    },
    Field {
        path: &["slots"],
        rule: Rule::Requester,
    },
    Field {
        path: &["place"],
        rule: Rule::Requester,
    },
    Field {
        path: &["signups"],
        rule: Rule::Signups,
    },
    Field {
        path: &["signups", "*"],
        rule: Rule::Signup,
    },
    Field {
        path: &["relay_order"],
        rule: Rule::Relay,
    },
    Field {
        path: &["picks"],
        rule: Rule::Requester,
    },
    Field {
        path: &["comments"],
        rule: Rule::Thread,
    },
    Field {
        path: &["comments", "*"],
        rule: Rule::Comment,
    },
    Field {
        path: &["cancelled_at"],
        rule: Rule::Requester,
    },
    Field {
        path: &["cancelled_by"],
        rule: Rule::Requester,
    },
    Field {
        path: &["started_at"],
        rule: Rule::Mover,
    },
    Field {
        path: &["started_by"],
        rule: Rule::Mover,
    },
    Field {
        path: &["done_at"],
        rule: Rule::Mover,
    },
    Field {
        path: &["done_by"],
        rule: Rule::Mover,
    },
    Field {
        path: &["rating"],
        rule: Rule::Rating,
    },
    Field {
        path: &["rating", "*"],
        rule: Rule::Rating,
    },
    Field {
        path: &["voice"],
        rule: Rule::Voice,
    },
];

/// Who may add a field the table does not name (`status = "garbage"`, megabytes of junk): the
/// requester, to her own request; nobody else.
pub const UNKNOWN: Rule = Rule::Requester;

/// Checks a new request: raised in its author's name, with no relay order and no picks.
pub fn check_new(after: &AutoCommit, writer: &Writer<'_>) -> Result<(), Violation> {
    let raised = read::obj(after, &ROOT, "raised_by").and_then(|r| read::str(after, &r, "member"));
    if raised != Some(writer.member.to_string()) {
        return deny(Refusal::RequestOwnName);
    }
    let empty = |k| read::obj(after, &ROOT, k).is_some_and(|o| after.length(&o) == 0);
    if !empty("relay_order") || !empty("picks") {
        return deny(Refusal::RequestNewNoOrder);
    }
    // Nobody else has signed up to or commented on a request before it exists: what a creating
    // batch brings along is its author's own (a neighbour who raised a request for someone
    // without a phone may sign up to drive, offline, in the same batch).
    // An entry that is not a map is no one's sign-up, and no later write could make it one.
    let me = Some(writer.member.to_string());
    let signups = match read::obj(after, &ROOT, "signups") {
        Some(s) => read::keys(after, &s)
            .into_iter()
            .map(|k| read::obj(after, &s, &k))
            .collect::<Option<Vec<_>>>(),
        None => Some(Vec::new()),
    };
    let Some(signups) = signups else {
        return deny(Refusal::RequestNewNoSignup);
    };
    if signups.iter().any(|e| read::str(after, e, "member") != me) {
        return deny(Refusal::RequestNewNoSignup);
    }
    let requester = read::obj(after, &ROOT, "requester").and_then(|r| read::str(after, &r, "member"));
    if !signups.is_empty() && requester == me {
        return deny(Refusal::RequestOwnSignup);
    }
    let (comments, items) = read::obj(after, &ROOT, "comments")
        .map(|l| (read::obj_list(after, &l), after.length(&l)))
        .unwrap_or_default();
    if comments.len() != items || comments.iter().any(|c| read::str(after, c, "author") != me) {
        return deny(Refusal::CommentOwnName);
    }
    voice(after)
}

/// A voice note must name its sound within the bounds (a minute, a megabyte).
fn voice(after: &AutoCommit) -> Result<(), Violation> {
    request::voice::read_checked(after).map_err(|e| Violation(e.to_string()))?;
    Ok(())
}

/// Checks every patch of a batch on an existing request.
pub fn check(
    before: &AutoCommit,
    after: &AutoCommit,
    patches: &[(Patch, Vec<String>)],
    writer: &Writer<'_>,
) -> Result<(), Violation> {
    // Who asked, the status and the sign-ups; not the comments, which grow with the thread.
    let view = request::standing::standing(before).map_err(|e| Violation(e.to_string()))?;
    let confirmed = |v: &Standing| {
        v.signup_of(writer.member)
            .is_some_and(|s| s.state == SignupState::Confirmed)
    };
    let mut confirmed_after: Option<bool> = None;
    for (patch, path) in patches {
        let w = Written {
            before,
            after,
            patch,
            path,
        };
        let rule = row_for(FIELDS, path).map_or(UNKNOWN, |f| f.rule);
        let requester = view.is_requester(writer.member);
        match rule {
            Rule::Fixed => return deny(Refusal::RequestFixed),
            Rule::Relay => return deny(Refusal::RequestRelayNumbers),
            Rule::Requester if requester => {}
            Rule::Requester if path.first().is_some_and(|k| k == "picks") => {
                return deny(Refusal::RequestPicks);
            }
            Rule::Requester if path.first().is_some_and(|k| k.starts_with("cancelled")) => {
                return deny(Refusal::RequestCancels);
            }
            Rule::Requester if row_for(FIELDS, path).is_none() => {
                return deny(Refusal::RequestAddsTo);
            }
            Rule::Requester => return deny(Refusal::RequestEdits),
            Rule::Signups => return deny(Refusal::SignupsNotReplaced),
            Rule::Signup => signup(&w, view.requester.member_id, writer)?,
            Rule::Thread => return deny(Refusal::CommentNotChanged),
            Rule::Comment => comment(&w, writer)?,
            Rule::Rating if !requester => return deny(Refusal::RequestRates),
            // Done before the batch, or by it (the requester marks it done and rates it in one
            // go, offline; the done stamp answers to its own rule).
            Rule::Rating
                if view.status != crate::kinds::Status::Done
                    && request::status(after) != crate::kinds::Status::Done =>
            {
                return deny(Refusal::RequestRatedWhenDone);
            }
            Rule::Rating => crate::docs::rating::check(&w, writer)?,
            Rule::Voice if !requester => return deny(Refusal::RequestVoice),
            Rule::Voice => voice(after)?,
            Rule::Mover => {
                let after_ok = *confirmed_after
                    .get_or_insert_with(|| request::standing::standing(after).is_ok_and(|v| confirmed(&v)));
                if !(requester || confirmed(&view) || after_ok) {
                    return deny(Refusal::RequestMovesOn);
                }
            }
        }
    }
    Ok(())
}

/// A sign-up is written only by the member it names, is never deleted, and a requester does not
/// sign up for her own request. An order's acceptances are sign-ups under the same rule.
pub(crate) fn signup(w: &Written<'_>, requester: Option<MemberId>, writer: &Writer<'_>) -> Result<(), Violation> {
    let Some(id) = w.key(1) else {
        return deny(Refusal::SignupsNotReplaced);
    };
    let me = writer.member.to_string();
    let owner = |doc: &AutoCommit| {
        read::obj(doc, &ROOT, "signups")
            .and_then(|s| read::obj(doc, &s, id))
            .and_then(|e| read::str(doc, &e, "member"))
    };
    let was = owner(w.before);
    if requester == Some(writer.member) && was.is_none() && owner(w.after).is_some() {
        return deny(Refusal::RequestOwnSignup);
    }
    // A sign-up written names its writer afterwards too: an entry naming nobody would drop out of
    // the line and could be claimed, relay number and all, by whoever names themselves in it.
    if was.is_some_and(|m| m != me) || owner(w.after).is_none_or(|m| m != me) || (w.deletes() && w.path.len() == 2) {
        return deny(Refusal::OwnSignupOnly);
    }
    Ok(())
}

/// A comment is only ever inserted (never put over another or deleted), and a new comment's
/// fields are written once, with its author's id and the name they go by. A new comment names
/// its author: one naming nobody would stand in the thread unsigned (readers leave it out).
pub(crate) fn comment(w: &Written<'_>, writer: &Writer<'_>) -> Result<(), Violation> {
    // A comment is a map of its own fields: a bare value in the list has no author to check.
    let shape_ok = match w.path.len() {
        2 => w.inserts_maps() && w.new_maps_name(writer.member, "author"),
        _ => w.in_new_object(),
    };
    let author_ok = w.key(2) != Some("author") || w.writes_id_of(writer.member);
    let name_ok = w.key(2) != Some("name") || (writer.name)().is_none_or(|name| w.string() == Some(name));
    if shape_ok && author_ok && name_ok {
        Ok(())
    } else {
        deny(Refusal::CommentNotChanged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Place;
    use crate::docs::fields::paths_written;
    use crate::docs::request::{Actor, NewRequest};
    use crate::ids::{DocId, SignupId};
    use crate::kinds::RequestKind;

    fn actor(id: MemberId, name: &str) -> Actor<'_> {
        Actor { id, name }
    }

    #[test]
    fn every_field_a_requests_changes_write_has_its_rule() {
        let (wang, li, zhao) = (MemberId::random(), MemberId::random(), MemberId::random());
        let mut new = NewRequest::new(DocId::random(), RequestKind::Hospital, "To the hospital");
        new.urgent = true;
        new.slots = 2;
        new.on_behalf_of = Some("Grandma Wang".into());
        new.place = Place {
            building: Some("3".into()),
            unit: Some("1202".into()),
            lat: Some(24.48),
            lon: Some(118.08),
        };
        let mut finished = request::create(DocId::random(), &new, actor(wang, "Wang"), 1).expect("raise");
        let mut cancelled = finished.fork();
        request::accept(&mut finished, actor(li, "Li"), 2).expect("accept");
        request::accept(&mut finished, actor(zhao, "Zhao"), 3).expect("accept");
        request::withdraw(&mut finished, actor(zhao, "Zhao"), 4).expect("withdraw");
        request::record_relay_order(&mut finished).expect("order");
        request::pick(&mut finished, actor(wang, "Wang"), li, 5).expect("pick");
        request::comment(&mut finished, actor(li, "Li"), "On my way", 6).expect("comment");
        request::start(&mut finished, actor(li, "Li"), 7).expect("start");
        request::complete(&mut finished, actor(li, "Li"), 8).expect("done");
        request::rate(&mut finished, actor(wang, "Wang"), 5, "Li drove carefully", 9).expect("rate");
        let note = request::voice::VoiceNote {
            blob: crate::photo::hash_of(b"voice"),
            media: crate::kinds::AudioType::Aac,
            duration_ms: 8_000,
            bytes: 30_000,
        };
        request::voice::put(&mut cancelled, &note).expect("voice");
        request::cancel(&mut cancelled, actor(wang, "Wang"), 9).expect("cancel");
        for doc in [&mut finished, &mut cancelled] {
            for path in paths_written(doc) {
                assert!(row_for(FIELDS, &path).is_some(), "no rule for {path:?}");
            }
        }
    }

    #[test]
    fn a_new_request_cannot_arrive_with_someone_elses_sign_up_or_comment() {
        use automerge::transaction::Transactable;

        use crate::docs::guard::check_upload;
        use crate::kinds::DocKind;

        let (wang, li) = (MemberId::random(), MemberId::random());
        let new = NewRequest::new(DocId::random(), RequestKind::Hospital, "To the hospital");
        let raise = || request::create(DocId::random(), &new, actor(wang, "Wang"), 1).expect("raise");
        let upload = |mut doc: AutoCommit| {
            let changes = doc.get_changes(&[]);
            check_upload(
                &mut AutoCommit::new(),
                DocKind::Request,
                &Writer::member(wang),
                &changes,
            )
        };
        assert_eq!(upload(raise()), Ok(()));
        let mut signed = raise();
        let signups = read::obj(&signed, &ROOT, "signups").expect("signups");
        let e = signed
            .put_object(&signups, SignupId::random().to_string(), automerge::ObjType::Map)
            .expect("entry");
        signed.put(&e, "member", li.to_string()).expect("member");
        assert_eq!(
            upload(signed).expect_err("refused").0,
            "a new request carries no one else's sign-up"
        );
        let mut said = raise();
        request::comment(&mut said, actor(li, "Li"), "Cancel it", 2).expect("comment");
        assert!(upload(said).is_err());
        // Entries that are no one's: a bare value among the sign-ups or the comments.
        let mut junk = raise();
        let signups = read::obj(&junk, &ROOT, "signups").expect("signups");
        junk.put(&signups, "teams", automerge::ScalarValue::Timestamp(5321))
            .expect("bare value");
        assert_eq!(
            upload(junk).expect_err("refused").0,
            "a new request carries no one else's sign-up"
        );
        let mut junk = raise();
        let comments = read::obj(&junk, &ROOT, "comments").expect("comments");
        junk.insert(&comments, 0, "Cancel it").expect("bare comment");
        assert_eq!(
            upload(junk).expect_err("refused").0,
            "a comment is written in its author's name"
        );
    }

    #[test]
    fn a_sign_up_cannot_be_left_naming_nobody_for_someone_else_to_claim() {
        use automerge::transaction::Transactable;

        use crate::docs::guard::check_upload;
        use crate::kinds::DocKind;

        let (wang, li, zhao) = (MemberId::random(), MemberId::random(), MemberId::random());
        let new = NewRequest::new(DocId::random(), RequestKind::Hospital, "To the hospital");
        let mut doc = request::create(DocId::random(), &new, actor(wang, "Wang"), 1).expect("raise");
        let id = request::accept(&mut doc, actor(li, "Li"), 2).expect("accept");
        request::record_relay_order(&mut doc).expect("order");
        doc.commit();
        let heads = doc.get_heads();
        let upload = |write: &dyn Fn(&mut AutoCommit), who: MemberId, doc: &mut AutoCommit| {
            let mut theirs = doc.fork().with_actor(who.actor());
            write(&mut theirs);
            let changes = theirs.get_changes(&heads);
            check_upload(doc, DocKind::Request, &Writer::member(who), &changes)
        };
        let entry = |doc: &AutoCommit| {
            let signups = read::obj(doc, &ROOT, "signups").expect("signups");
            (read::obj(doc, &signups, &id.to_string()).expect("entry"), signups)
        };
        // Li leaves her confirmed sign-up naming nobody, for a friend to name himself in it.
        let orphan = |d: &mut AutoCommit| {
            let (e, _) = entry(d);
            d.delete(&e, "member").expect("delete");
        };
        let err = upload(&orphan, li, &mut doc).expect_err("refused");
        assert_eq!(err.0, "a member writes only their own sign-up");
        // Nor is a sign-up key filled with something that names nobody.
        let junk = |d: &mut AutoCommit| {
            let (_, signups) = entry(d);
            d.put(&signups, zhao.to_string(), 0).expect("put");
        };
        assert!(upload(&junk, zhao, &mut doc).is_err());
        // Withdrawing her own sign-up still goes.
        let withdraw = |d: &mut AutoCommit| request::withdraw(d, actor(li, "Li"), 3).expect("withdraw");
        assert_eq!(upload(&withdraw, li, &mut doc), Ok(()));
        // A bare value dropped into the comments names no author: refused, while a comment of
        // her own goes.
        let bare = |d: &mut AutoCommit| {
            let comments = read::obj(d, &ROOT, "comments").expect("comments");
            d.insert(&comments, 0, automerge::ScalarValue::Timestamp(202))
                .expect("insert");
        };
        assert_eq!(
            upload(&bare, zhao, &mut doc).expect_err("refused").0,
            "a comment is written in its author's name and never changed by others"
        );
        // Nor a comment that names no author: it would stand in the thread unsigned.
        let unsigned = |d: &mut AutoCommit| {
            let comments = read::obj(d, &ROOT, "comments").expect("comments");
            let c = d.insert_object(&comments, 0, automerge::ObjType::Map).expect("comment");
            d.put(&c, "text", "Anyone home?").expect("text");
        };
        assert_eq!(
            upload(&unsigned, zhao, &mut doc).expect_err("refused").0,
            "a comment is written in its author's name and never changed by others"
        );
        let own = |d: &mut AutoCommit| request::comment(d, actor(zhao, "Zhao"), "On my way", 4).expect("comment");
        assert_eq!(upload(&own, zhao, &mut doc), Ok(()));
    }

    #[test]
    fn a_requester_who_marks_her_request_done_and_rates_it_offline_uploads_both_at_once() {
        use crate::docs::guard::check_upload;
        use crate::kinds::DocKind;

        let (wang, li) = (MemberId::random(), MemberId::random());
        let new = NewRequest::new(DocId::random(), RequestKind::Errand, "Rice");
        let mut doc = request::create(DocId::random(), &new, actor(wang, "Wang"), 1).expect("raise");
        request::accept(&mut doc, actor(li, "Li"), 2).expect("accept");
        request::record_relay_order(&mut doc).expect("order");
        doc.commit();
        let heads = doc.get_heads();
        let mut hers = doc.fork().with_actor(wang.actor());
        request::complete(&mut hers, actor(wang, "Wang"), 3).expect("done");
        request::rate(&mut hers, actor(wang, "Wang"), 5, "Thank you", 4).expect("rate");
        let changes = hers.get_changes(&heads);
        assert_eq!(
            check_upload(&mut doc, DocKind::Request, &Writer::member(wang), &changes),
            Ok(())
        );
        // Rating alone, before anyone marked it done, is refused.
        let mut early = doc.fork().with_actor(wang.actor());
        crate::docs::rating::write(&mut early, wang, 5, "", 5).expect("written past the check");
        let changes = early.get_changes(&heads);
        assert_eq!(
            check_upload(&mut doc, DocKind::Request, &Writer::member(wang), &changes)
                .expect_err("refused")
                .0,
            "help is rated after it is done"
        );
    }
}
