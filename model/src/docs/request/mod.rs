//! The help-request document: its layout in Automerge, how it is read into a [`RequestView`],
//! and the changes a device or the relay may make to it.
//!
//! Layout (root map), schema version 1:
//! ```text
//! schema: 1              type: "request"           id, group: uuid strings
//! kind, urgent, text, slots, created_at            (text: "" for an urgent request with no words
//!                                                   of its own; `standard.rs`)
//! requester: {member?, name}                       raised_by: {member, name}
//! place: {building?, unit?, lat?, lon?}
//! signups: {<signup id>: {member, name, at, withdrawn_at?}}
//! relay_order: {<signup id>: n}                    (written only by the relay)
//! picks: {<signup id>: at}                         (written only by the requester)
//! started_at?, done_at?, cancelled_at? (+ _by)     comments: [{author, name, text, at}]
//! rating?: {stars, comment, by, at}                (the requester's, once done; `docs/rating.rs`)
//! voice?: {blob, media, duration_ms, bytes}        (the requester's voice note; `voice.rs`)
//! ```
//! Every container is made when the request is raised, so concurrent writers never race to
//! create one. Status is derived from the three timestamps: done beats cancelled, both beat
//! in progress, so "done wins over a concurrent cancel" holds in any merge order. Fields this
//! version does not know are left untouched: writes only ever touch the keys named here.

pub mod signups;
pub mod standard;
pub mod standing;
pub mod view;
pub mod voice;

pub mod rules;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc};

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::ids::{DocId, MemberId, SignupId};
use crate::kinds::{DocKind, RequestKind, SignupState, Status};
use crate::read;
use crate::refusal::Refusal;
use crate::validate;
use crate::{CommentView, Person, Place, RequestView};
use signups::SignupRecord;

/// The request schema this build writes and fully understands.
pub const SCHEMA_VERSION: i64 = 1;

/// What a person fills in to ask for help.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRequest {
    /// The group to ask in.
    pub group_id: DocId,
    /// What kind of help.
    pub kind: RequestKind,
    /// Urgent: alert the nearest neighbours at once.
    pub urgent: bool,
    /// What is needed, in the requester's own words; may be empty for an urgent request, whose
    /// kind, urgency and place then say it all (`standard.rs`).
    pub text: String,
    /// How many volunteers (at least 1).
    pub slots: i64,
    /// The neighbour's name, when raised on behalf of someone without a phone.
    pub on_behalf_of: Option<String>,
    /// Where; defaults to the requester's home building and unit.
    pub place: Place,
}

impl NewRequest {
    /// A one-volunteer, non-urgent request with no place given.
    pub fn new(group_id: DocId, kind: RequestKind, text: impl Into<String>) -> Self {
        Self {
            group_id,
            kind,
            urgent: false,
            text: text.into(),
            slots: 1,
            on_behalf_of: None,
            place: Place::default(),
        }
    }
}

/// Who is acting: the device's member and display name.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// The member.
    pub id: MemberId,
    /// Their display name.
    pub name: &'a str,
}

/// Builds a new request document written by `me`. An urgent request may have no text: its kind,
/// urgency and place are its words, and each reader's phone says them in its own language.
pub fn create(id: DocId, req: &NewRequest, me: Actor<'_>, now: Millis) -> Result<AutoCommit> {
    let text = if req.urgent && req.text.trim().is_empty() {
        String::new()
    } else {
        validate::text("request text", &req.text, validate::MAX_TEXT)?
    };
    let slots = validate::slots(req.slots)?;
    let on_behalf = validate::optional("neighbour's name", req.on_behalf_of.as_deref(), validate::MAX_NAME)?;
    let building = validate::optional("building", req.place.building.as_deref(), validate::MAX_NAME)?;
    let unit = validate::optional("unit", req.place.unit.as_deref(), validate::MAX_NAME)?;
    validate::coordinates(req.place.lat, req.place.lon)?;

    let mut doc = AutoCommit::new().with_actor(me.id.actor());
    doc.put(ROOT, "schema", SCHEMA_VERSION)?;
    doc.put(ROOT, "type", DocKind::Request.as_str())?;
    doc.put(ROOT, "id", id.to_string())?;
    doc.put(ROOT, "group", req.group_id.to_string())?;
    doc.put(ROOT, "kind", req.kind.as_str())?;
    doc.put(ROOT, "urgent", req.urgent)?;
    doc.put(ROOT, "text", text)?;
    doc.put(ROOT, "slots", i64::from(slots))?;
    doc.put(ROOT, "created_at", now)?;
    let requester = doc.put_object(ROOT, "requester", ObjType::Map)?;
    match &on_behalf {
        Some(name) => doc.put(&requester, "name", name.as_str())?,
        None => {
            doc.put(&requester, "member", me.id.to_string())?;
            doc.put(&requester, "name", me.name)?;
        }
    }
    let raised_by = doc.put_object(ROOT, "raised_by", ObjType::Map)?;
    doc.put(&raised_by, "member", me.id.to_string())?;
    doc.put(&raised_by, "name", me.name)?;
    let place = doc.put_object(ROOT, "place", ObjType::Map)?;
    if let Some(b) = building {
        doc.put(&place, "building", b)?;
    }
    if let Some(u) = unit {
        doc.put(&place, "unit", u)?;
    }
    if let (Some(lat), Some(lon)) = (req.place.lat, req.place.lon) {
        doc.put(&place, "lat", lat)?;
        doc.put(&place, "lon", lon)?;
    }
    for key in ["signups", "relay_order", "picks"] {
        doc.put_object(ROOT, key, ObjType::Map)?;
    }
    doc.put_object(ROOT, "comments", ObjType::List)?;
    Ok(doc)
}

/// Reads the document into the view every device shows.
pub fn read(doc: &impl ReadDoc) -> Result<RequestView> {
    let corrupt = |reason: &str| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_else(|| "(no id)".into()),
        reason: reason.to_string(),
    };
    if read::str(doc, &ROOT, "type").as_deref() != Some(DocKind::Request.as_str()) {
        return Err(corrupt("not a request document"));
    }
    let id = parse_id(read::str(doc, &ROOT, "id")).ok_or_else(|| corrupt("missing id"))?;
    let group_id = parse_id(read::str(doc, &ROOT, "group")).ok_or_else(|| corrupt("missing group"))?;
    let schema = read::int(doc, &ROOT, "schema").unwrap_or(0);
    let slots = read::int(doc, &ROOT, "slots")
        .unwrap_or(1)
        .clamp(1, validate::MAX_SLOTS) as u32;

    let records = signup_records(doc);
    let view = signups::view(&records, slots);
    let mut withdrawn: Vec<MemberId> = records
        .iter()
        .filter(|r| r.withdrawn_at.is_some() && !view.iter().any(|s| s.member_id == r.member))
        .map(|r| r.member)
        .collect();
    withdrawn.sort();
    withdrawn.dedup();
    // In time order: comments written offline on two phones merge in list order, not time.
    let mut comments: Vec<CommentView> = read::obj(doc, &ROOT, "comments")
        .map(|list| {
            read::obj_list(doc, &list)
                .into_iter()
                .filter_map(|c| {
                    Some(CommentView {
                        author_id: parse_id(read::str(doc, &c, "author"))?,
                        author_name: read::str(doc, &c, "name").unwrap_or_default(),
                        text: read::str(doc, &c, "text")?,
                        at: read::int(doc, &c, "at").unwrap_or(0),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    comments.sort_by_key(|c| c.at);
    let place = read::obj(doc, &ROOT, "place")
        .map(|p| Place {
            building: read::str(doc, &p, "building"),
            unit: read::str(doc, &p, "unit"),
            lat: read::float(doc, &p, "lat"),
            lon: read::float(doc, &p, "lon"),
        })
        .unwrap_or_default();

    Ok(RequestView {
        id,
        group_id,
        kind: RequestKind::lenient(&read::str(doc, &ROOT, "kind").unwrap_or_default()),
        urgent: read::bool(doc, &ROOT, "urgent"),
        text: read::str(doc, &ROOT, "text").unwrap_or_default(),
        status: status(doc),
        slots,
        requester: person(doc, "requester"),
        raised_by: person(doc, "raised_by"),
        place,
        signups: view,
        withdrawn,
        comments,
        created_at: read::int(doc, &ROOT, "created_at").unwrap_or(0),
        started_at: read::int(doc, &ROOT, "started_at"),
        done_at: read::int(doc, &ROOT, "done_at"),
        cancelled_at: read::int(doc, &ROOT, "cancelled_at"),
        rating: crate::docs::rating::read(doc),
        voice: voice::read(doc),
        schema,
        newer_schema: schema > SCHEMA_VERSION,
    })
}

fn parse_id<T: std::str::FromStr>(s: Option<String>) -> Option<T> {
    s?.parse().ok()
}

fn person(doc: &impl ReadDoc, key: &str) -> Person {
    match read::obj(doc, &ROOT, key) {
        Some(p) => Person {
            member_id: parse_id(read::str(doc, &p, "member")),
            name: read::str(doc, &p, "name").unwrap_or_default(),
        },
        None => Person {
            member_id: None,
            name: String::new(),
        },
    }
}

/// Whether the request is urgent, without reading the rest of it (the relay asks after every
/// upload to a request, whatever its comments).
pub fn is_urgent(doc: &impl ReadDoc) -> bool {
    read::bool(doc, &ROOT, "urgent")
}

/// The status, derived from the timestamps: done > cancelled > in progress > open.
pub fn status(doc: &impl ReadDoc) -> Status {
    if read::int(doc, &ROOT, "done_at").is_some() {
        Status::Done
    } else if read::int(doc, &ROOT, "cancelled_at").is_some() {
        Status::Cancelled
    } else if read::int(doc, &ROOT, "started_at").is_some() {
        Status::InProgress
    } else {
        Status::Open
    }
}

/// Every sign-up in the document, with the relay's order and the requester's picks joined in.
pub fn signup_records(doc: &impl ReadDoc) -> Vec<SignupRecord> {
    let (Some(signups), order, picks) = (
        read::obj(doc, &ROOT, "signups"),
        read::obj(doc, &ROOT, "relay_order"),
        read::obj(doc, &ROOT, "picks"),
    ) else {
        return Vec::new();
    };
    read::keys(doc, &signups)
        .into_iter()
        .filter_map(|key| {
            let entry = read::obj(doc, &signups, &key)?;
            Some(SignupRecord {
                id: key.parse().ok()?,
                member: parse_id(read::str(doc, &entry, "member"))?,
                name: read::str(doc, &entry, "name").unwrap_or_default(),
                at: read::int(doc, &entry, "at").unwrap_or(0),
                withdrawn_at: read::int(doc, &entry, "withdrawn_at"),
                relay_order: order.as_ref().and_then(|o| read::int(doc, o, &key)),
                picked_at: picks.as_ref().and_then(|p| read::int(doc, p, &key)),
            })
        })
        .collect()
}

fn container(doc: &AutoCommit, key: &str) -> Result<ObjId> {
    read::obj(doc, &ROOT, key).ok_or_else(|| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_default(),
        reason: format!("missing {key}"),
    })
}

fn not_final(view: &RequestView) -> Result<()> {
    if view.status.is_final() {
        Err(Error::RequestFinal(view.status))
    } else {
        Ok(())
    }
}

/// `me` signs up to help. Refused on a final request or if `me` already has an active sign-up.
pub fn accept(doc: &mut AutoCommit, me: Actor<'_>, now: Millis) -> Result<SignupId> {
    let view = read(doc)?;
    not_final(&view)?;
    // The one who needs the help does not help themselves (raising for a neighbour without a
    // phone does not make it your own request).
    if view.requester.member_id == Some(me.id) {
        return Err(Error::NotAllowed("you cannot sign up for your own request"));
    }
    if view.signup_of(me.id).is_some() {
        return Err(Error::AlreadySignedUp);
    }
    let signups = container(doc, "signups")?;
    let id = SignupId::random();
    let entry = doc.put_object(&signups, id.to_string(), ObjType::Map)?;
    doc.put(&entry, "member", me.id.to_string())?;
    doc.put(&entry, "name", me.name)?;
    doc.put(&entry, "at", now)?;
    Ok(id)
}

/// `me` withdraws their own active sign-up(s).
pub fn withdraw(doc: &mut AutoCommit, me: Actor<'_>, now: Millis) -> Result<()> {
    let view = read(doc)?;
    not_final(&view)?;
    let mine: Vec<SignupId> = signup_records(doc)
        .into_iter()
        .filter(|r| r.member == me.id && r.withdrawn_at.is_none())
        .map(|r| r.id)
        .collect();
    if mine.is_empty() {
        return Err(Error::NoSignup);
    }
    let signups = container(doc, "signups")?;
    for id in mine {
        if let Some(entry) = read::obj(doc, &signups, &id.to_string()) {
            doc.put(&entry, "withdrawn_at", now)?;
        }
    }
    Ok(())
}

/// The requester picks a volunteer by hand; the pick overrides relay order.
pub fn pick(doc: &mut AutoCommit, me: Actor<'_>, volunteer: MemberId, now: Millis) -> Result<()> {
    let view = read(doc)?;
    not_final(&view)?;
    if !view.is_requester(me.id) {
        return Err(Error::NotAllowed("only the requester picks volunteers by hand"));
    }
    let signup = view.signup_of(volunteer).ok_or(Error::NoSignup)?;
    if signup.picked {
        return Ok(());
    }
    let picked = view.signups.iter().filter(|s| s.picked).count();
    if picked >= view.slots as usize {
        return Err(Error::InvalidInput(Refusal::SlotsFilledByHand.with(&[&view.slots])));
    }
    let picks = container(doc, "picks")?;
    doc.put(&picks, signup.id.to_string(), now)?;
    Ok(())
}

/// Marks the request in progress: a confirmed volunteer or the requester, on an open request.
pub fn start(doc: &mut AutoCommit, me: Actor<'_>, now: Millis) -> Result<()> {
    let view = read(doc)?;
    not_final(&view)?;
    if view.status != Status::Open {
        return Err(Error::WrongStatus {
            action: "start",
            status: view.status,
        });
    }
    confirmed_or_requester(
        &view,
        me.id,
        "only a confirmed volunteer or the requester starts a request",
    )?;
    put_stamp(doc, "started", me, now)
}

/// Marks the request done: a confirmed volunteer or the requester.
pub fn complete(doc: &mut AutoCommit, me: Actor<'_>, now: Millis) -> Result<()> {
    let view = read(doc)?;
    not_final(&view)?;
    confirmed_or_requester(
        &view,
        me.id,
        "only a confirmed volunteer or the requester marks a request done",
    )?;
    put_stamp(doc, "done", me, now)
}

/// Cancels the request: only the requester or whoever raised it for them.
pub fn cancel(doc: &mut AutoCommit, me: Actor<'_>, now: Millis) -> Result<()> {
    let view = read(doc)?;
    not_final(&view)?;
    if !view.is_requester(me.id) {
        return Err(Error::NotAllowed("only the requester cancels a request"));
    }
    put_stamp(doc, "cancelled", me, now)
}

/// Adds a comment. Comments are allowed on final requests too ("thank you").
pub fn comment(doc: &mut AutoCommit, me: Actor<'_>, text: &str, now: Millis) -> Result<()> {
    let text = validate::text("comment", text, validate::MAX_TEXT)?;
    read(doc)?;
    let list = container(doc, "comments")?;
    let at = doc.length(&list);
    let c = doc.insert_object(&list, at, ObjType::Map)?;
    doc.put(&c, "author", me.id.to_string())?;
    doc.put(&c, "name", me.name)?;
    doc.put(&c, "text", text)?;
    doc.put(&c, "at", now)?;
    Ok(())
}

/// The one who asked (or raised it for them) rates the done request, once: 1 to 5 stars and a
/// comment (邀邻评事).
pub fn rate(doc: &mut AutoCommit, me: Actor<'_>, stars: i64, comment: &str, now: Millis) -> Result<()> {
    let view = read(doc)?;
    if !view.is_requester(me.id) {
        return Err(Error::NotAllowed("only the one who asked rates the help"));
    }
    if view.status != Status::Done {
        return Err(Error::WrongStatus {
            action: "rate",
            status: view.status,
        });
    }
    crate::docs::rating::write(doc, me.id, stars, comment, now)
}

fn confirmed_or_requester(view: &RequestView, me: MemberId, why: &'static str) -> Result<()> {
    let confirmed = view.signup_of(me).is_some_and(|s| s.state == SignupState::Confirmed);
    if confirmed || view.is_requester(me) {
        Ok(())
    } else {
        Err(Error::NotAllowed(why))
    }
}

fn put_stamp(doc: &mut AutoCommit, what: &str, me: Actor<'_>, now: Millis) -> Result<()> {
    doc.put(ROOT, format!("{what}_at"), now)?;
    doc.put(ROOT, format!("{what}_by"), me.id.to_string())?;
    Ok(())
}

/// The relay's part: gives every sign-up that has no arrival number yet the next one, in the
/// order the relay first sees them. Sign-ups reaching a final request are left unnumbered (a
/// final request takes no new sign-ups). Returns how many were numbered.
pub fn record_relay_order(doc: &mut AutoCommit) -> Result<usize> {
    if status(doc).is_final() {
        return Ok(0);
    }
    let records = signup_records(doc);
    let first = records.iter().filter_map(|r| r.relay_order).max().unwrap_or(0) + 1;
    let mut fresh: Vec<&SignupRecord> = records.iter().filter(|r| r.relay_order.is_none()).collect();
    fresh.sort_by_key(|r| (r.at, r.id));
    let order = container(doc, "relay_order")?;
    for (number, r) in (first..).zip(&fresh) {
        doc.put(&order, r.id.to_string(), number)?;
    }
    Ok(fresh.len())
}
