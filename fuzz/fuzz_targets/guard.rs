//! The write-rules guard against raw Automerge writes: from the fuzzer's bytes, a member of a
//! small cast (requester, volunteer, neighbour, staff, outsider; see `guard/bases.rs`) takes a
//! document of one of the four kinds, made with the model's own changes, and writes into it
//! what no app would: puts, deletes, inserts and text splices at any path, with member ids,
//! status words, numbers or new containers, from one or two installations at once (concurrent
//! changes in one batch), or creates a document and writes into it in the same batch. The
//! batch goes to `check_upload`, as the relay sends every upload.
//!
//! Promises checked: the guard never panics and never changes the document it is given; and
//! whenever it accepts a batch, a reference oracle written apart from it (`guard/oracle.rs`)
//! finds nothing in the result that the kind's field table forbids that writer.
#![no_main]

#[path = "guard/bases.rs"]
mod bases;
#[path = "guard/oracle.rs"]
mod oracle;

use std::cell::RefCell;
use std::collections::HashSet;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, Change, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value};
use jinlin_model::docs::fields::path_of;
use jinlin_model::docs::guard::{Writer, check_upload};
use jinlin_model::kinds::DocKind;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

use bases::{NAMES, WRITERS, member};

thread_local! {
    /// The base documents, made once per process (the model's changes take random ids; the
    /// target reads them in a content order, see `bases::ordered_keys`).
    static BASES: RefCell<Vec<(DocKind, AutoCommit)>> =
        RefCell::new(DocKind::ALL.iter().map(|&k| (k, bases::base(k))).collect());
}

/// Keys offered besides those a map has: the layouts' words, and member ids.
const WORDS: &[&str] = &[
    "member",
    "name",
    "at",
    "withdrawn_at",
    "author",
    "text",
    "by",
    "step",
    "assignee",
    "worker",
    "raised_by",
    "role",
    "building",
    "unit",
    "skills",
    "joined_at",
    "members",
    "edits",
    "note",
    "relay_order",
    "picks",
    "started_at",
    "started_by",
    "done_at",
    "done_by",
    "cancelled_at",
    "type",
    "id",
    "group",
    "slots",
    "steps",
    "comments",
    "signups",
    "visits",
    "needs",
    "teams",
    "schema",
    "created_by",
    "reporter",
    "dispatches",
    "declined_at",
    "rating",
    "stars",
    "ordered_by",
];

/// String values offered.
const VALUES: &[&str] = &[
    "assigned",
    "fixed",
    "checked",
    "closed",
    "reopened",
    "raised",
    "staff",
    "building-leader",
    "grid-worker",
    "3",
    "7",
    "",
    "request",
    "group",
    "household",
    "report",
    "order",
];

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let kind = *u.choose(DocKind::ALL)?;
    let who = u.int_in_range(0..=WRITERS - 1)?;
    let creating = u.ratio(1u8, 6)?;
    let named = u.arbitrary::<bool>()?;
    let mut before = if creating {
        AutoCommit::new()
    } else {
        BASES
            .with(|b| {
                b.borrow_mut()
                    .iter_mut()
                    .find(|(k, _)| *k == kind)
                    .map(|(_, d)| d.fork())
            })
            .expect("every kind has a base")
    };
    let base_heads = before.get_heads();
    let me = member(who);
    // Two installations of the writer: the member's own actor and one more.
    let mut first = if creating {
        match bases::created(kind, who) {
            Some(doc) => doc,
            None => return Ok(()),
        }
    } else {
        before.fork().with_actor(me.actor())
    };
    first.commit();
    let mut second = first.fork().with_actor(me.installation_actor(&[7; 8]));
    let mut writes = 0;
    while !u.is_empty() && writes < 12 {
        let doc = if u.ratio(1u8, 4)? { &mut second } else { &mut first };
        write(u, doc, who)?;
        doc.commit();
        writes += 1;
    }
    let mut changes: Vec<Change> = first.get_changes(&base_heads);
    changes.extend(second.get_changes(&base_heads));
    let mut seen = HashSet::new();
    changes.retain(|c| seen.insert(c.hash()));

    let keeps = move |building: Option<&str>| bases::keeps(who, building);
    let name = move || named.then(|| NAMES[who].to_string());
    let writer = Writer {
        member: me,
        keeps: &keeps,
        name: &name,
        staff: &|| false,
        group: &|| None,
    };
    let verdict = check_upload(&mut before, kind, &writer, &changes);
    assert_eq!(
        before.get_heads(),
        base_heads,
        "the guard changed the document it was given"
    );
    if verdict.is_ok() {
        let mut after = before.fork();
        after.apply_changes(changes).expect("accepted changes apply");
        let ctx = oracle::Ctx {
            member: me,
            name: named.then_some(NAMES[who]),
            keeps: &keeps,
            creating,
        };
        if let Err(broken) = oracle::forbidden(kind, &before, &after, &ctx) {
            let heads = after.get_heads();
            let writes: Vec<String> = after
                .diff(&base_heads, &heads)
                .iter()
                .map(|p| format!("{:?} {:?}", path_of(p), p.action))
                .collect();
            panic!(
                "the guard accepted a {kind} batch{} by the {} that {broken}; it wrote:\n{}",
                if creating { " creating the document" } else { "" },
                NAMES[who],
                writes.join("\n")
            );
        }
    }
    Ok(())
}

/// One raw write somewhere in `doc`.
fn write(u: &mut Unstructured<'_>, doc: &mut AutoCommit, who: usize) -> Result<()> {
    let mut obj = ROOT;
    for _ in 0..5 {
        let children = children(doc, &obj);
        if children.is_empty() || !u.ratio(3u8, 4)? {
            break;
        }
        obj = u.choose(&children)?.clone();
    }
    // Refusals by Automerge itself (an index past the end) are no write at all.
    let _ = match doc.object_type(&obj) {
        Ok(ObjType::Map | ObjType::Table) => {
            let mut keys = bases::ordered_keys(doc, &obj);
            keys.extend(WORDS.iter().map(|w| w.to_string()));
            keys.extend((0..WRITERS).map(|i| member(i).to_string()));
            let key = match u.int_in_range(0..=9u8)? {
                0 => format!("k{}", u.int_in_range(0..=3u8)?),
                _ => u.choose(&keys)?.clone(),
            };
            match u.int_in_range(0..=5u8)? {
                0 => doc.delete(&obj, key.as_str()),
                1 => {
                    let ty = object_type(u)?;
                    doc.put_object(&obj, key.as_str(), ty)
                        .and_then(|o| fill(u, doc, &o, ty, who))
                }
                _ => {
                    let v = scalar(u, who)?;
                    doc.put(&obj, key.as_str(), v)
                }
            }
        }
        Ok(ObjType::List) => {
            let len = doc.length(&obj);
            let at = u.int_in_range(0..=len)?;
            match u.int_in_range(0..=4u8)? {
                0 => doc.delete(&obj, at),
                1 => {
                    let ty = object_type(u)?;
                    doc.insert_object(&obj, at, ty).and_then(|o| fill(u, doc, &o, ty, who))
                }
                2 => {
                    let v = scalar(u, who)?;
                    doc.put(&obj, at, v)
                }
                _ => {
                    let v = scalar(u, who)?;
                    doc.insert(&obj, at, v)
                }
            }
        }
        Ok(ObjType::Text) => {
            let len = doc.length(&obj);
            let at = u.int_in_range(0..=len)?;
            let del = u.int_in_range(0..=(len - at) as isize)?;
            let s = string(u, who)?;
            doc.splice_text(&obj, at, del, &s).map(|_| ())
        }
        Err(_) => Ok(()),
    };
    Ok(())
}

/// Starts a new container the way another writer might: a map with a member and a step, a
/// list, or a text holding a string.
fn fill(
    u: &mut Unstructured<'_>,
    doc: &mut AutoCommit,
    o: &ObjId,
    ty: ObjType,
    who: usize,
) -> std::result::Result<(), automerge::AutomergeError> {
    let Ok(n) = u.int_in_range(0..=3u8) else { return Ok(()) };
    for _ in 0..n {
        match ty {
            ObjType::Map | ObjType::Table => {
                let (Ok(key), Ok(v)) = (u.choose(WORDS), scalar(u, who)) else {
                    return Ok(());
                };
                doc.put(o, *key, v)?;
            }
            ObjType::List => {
                let Ok(v) = scalar(u, who) else { return Ok(()) };
                let at = doc.length(o);
                doc.insert(o, at, v)?;
            }
            ObjType::Text => {
                let Ok(s) = string(u, who) else { return Ok(()) };
                let at = doc.length(o);
                doc.splice_text(o, at, 0, &s)?;
            }
        }
    }
    Ok(())
}

/// The containers directly inside `obj`, in a stable order.
fn children(doc: &AutoCommit, obj: &ObjId) -> Vec<ObjId> {
    match doc.object_type(obj) {
        Ok(ObjType::Map | ObjType::Table) => bases::ordered_keys(doc, obj)
            .into_iter()
            .filter_map(|k| match doc.get(obj, k.as_str()) {
                Ok(Some((Value::Object(_), id))) => Some(id),
                _ => None,
            })
            .collect(),
        Ok(ObjType::List) => (0..doc.length(obj))
            .filter_map(|i| match doc.get(obj, i) {
                Ok(Some((Value::Object(_), id))) => Some(id),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn object_type(u: &mut Unstructured<'_>) -> Result<ObjType> {
    Ok(*u.choose(&[ObjType::Map, ObjType::List, ObjType::Text])?)
}

/// A member's id (the writer's own most often), a layout word or a short text.
fn string(u: &mut Unstructured<'_>, who: usize) -> Result<String> {
    Ok(match u.int_in_range(0..=5u8)? {
        0 | 1 => member(who).to_string(),
        2 => member(u.int_in_range(0..=WRITERS - 1)?).to_string(),
        3 => "x".repeat(u.int_in_range(0..=3usize)? * 1_000),
        _ => u.choose(VALUES)?.to_string(),
    })
}

fn scalar(u: &mut Unstructured<'_>, who: usize) -> Result<ScalarValue> {
    Ok(match u.int_in_range(0..=5u8)? {
        0 => ScalarValue::Int(u.arbitrary()?),
        1 => ScalarValue::Boolean(u.arbitrary()?),
        2 => ScalarValue::Null,
        3 => ScalarValue::Timestamp(u.int_in_range(0..=10_000)?),
        _ => ScalarValue::Str(string(u, who)?.into()),
    })
}
