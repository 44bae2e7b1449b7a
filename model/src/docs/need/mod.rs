//! A need on the community's board (认领): collected at a household's door by a grid worker,
//! raised in a resident's photo report, or posted by a resident as a small wish (微心愿). Staff
//! put it on the board; members, or team members for their team, claim it; the claimant marks
//! progress and resolution; staff confirm; the one who asked rates it (邀邻评事).
//!
//! Layout (root map), schema version 1:
//! ```text
//! schema: 1   type: "need"   id, group: uuid strings   created_at
//! source: "visit"|"report"|"wish"   source_ref?    (the report's or household's id, nothing more)
//! title, details, building?          (only what the household agreed to share)
//! requester: {member?, name}   posted_by: {member, name}   slots: n
//! listed_at?, listed_by?                                  (put on the board by staff)
//! signups: {<signup id>: {member, name, at, team?, withdrawn_at?}}   (claims)
//! relay_order: {<signup id>: n}                                       (the relay's)
//! progress: {<key>: {by, name, at, note}}
//! done_at?, done_by?, resolution?      (resolved by a claimant)
//! confirmed_at?, confirmed_by?         (confirmed by staff)
//! on_the_spot: bool                    (fixed at the door: posted resolved and confirmed)
//! cancelled_at?, cancelled_by?         (taken off the board)
//! rating: {stars?, comment?, at?, by?}
//! ```
//! Claims are sign-ups with `slots` places, numbered by the relay exactly like a request's
//! (`request::signups`, `request::record_relay_order`): two neighbours claiming offline resolve
//! to the first to reach the relay on every phone, the other on standby. A household's need
//! reaches the board only as the text staff write for it: the household document stays with
//! its keepers, and the board entry names it by id alone. Every container is made when the need
//! is posted, so concurrent writers never race to create one.

pub mod figures;
pub mod rules;
pub mod view;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc};

use crate::clock::Millis;
use crate::docs::request::signups;
use crate::docs::request::{self, Actor};
use crate::error::{Error, Result};
use crate::ids::{DocId, MemberId, SignupId};
use crate::kinds::{BoardStatus, DocKind, NeedSource, SignupState};
use crate::read;
use crate::refusal::Refusal;
use crate::validate;
use crate::{GroupView, Person};
pub use view::{ClaimView, NeedView, ProgressView};

/// The need schema this build writes and fully understands.
pub const SCHEMA_VERSION: i64 = 1;

/// What is filled in to post a need.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewNeed {
    /// Where it came from.
    pub source: Option<NeedSource>,
    /// The report's or the household's id (never the household's details).
    pub source_ref: Option<String>,
    /// A short title ("Leaking pipe under the sink").
    pub title: String,
    /// What the household agreed to share, or the resident's words.
    pub details: String,
    /// The building, when it may be shown.
    pub building: Option<String>,
    /// Who asked (the one who rates it), when they have a device; staff name them.
    pub requester: Option<MemberId>,
    /// The name shown for who asked.
    pub requester_name: Option<String>,
    /// How many claimants it takes (1 unless it says more).
    pub slots: i64,
    /// Fixed at the door: posted resolved and confirmed.
    pub on_the_spot: bool,
}

/// Posts a need, written by `me`. Staff post it onto the board at once (a household's or a
/// report's need, or a need fixed on the spot); a resident's small wish waits for staff to put
/// it on the board.
pub fn create(id: DocId, group: DocId, new: &NewNeed, me: Actor<'_>, staff: bool, now: Millis) -> Result<AutoCommit> {
    let source = new.source.unwrap_or(NeedSource::Wish);
    if source != NeedSource::Wish && !staff {
        return Err(Error::NotAllowed(
            "only staff put a household's or a report's need on the board",
        ));
    }
    if new.on_the_spot && !staff {
        return Err(Error::NotAllowed("only staff record a need fixed on the spot"));
    }
    let title = validate::text("title", &new.title, validate::MAX_NAME)?;
    let details = validate::optional("details", Some(&new.details), validate::MAX_TEXT)?.unwrap_or_default();
    let building = validate::optional("building", new.building.as_deref(), validate::MAX_NAME)?;
    let source_ref = validate::optional("source", new.source_ref.as_deref(), validate::MAX_NAME)?;
    let slots = validate::slots(if new.slots == 0 { 1 } else { new.slots })?;
    let (requester, requester_name) = match source {
        NeedSource::Wish => (Some(me.id), me.name.to_string()),
        _ => (
            new.requester,
            validate::optional("name", new.requester_name.as_deref(), validate::MAX_NAME)?.unwrap_or_default(),
        ),
    };

    let mut doc = AutoCommit::new().with_actor(me.id.actor());
    doc.put(ROOT, "schema", SCHEMA_VERSION)?;
    doc.put(ROOT, "type", DocKind::Need.as_str())?;
    doc.put(ROOT, "id", id.to_string())?;
    doc.put(ROOT, "group", group.to_string())?;
    doc.put(ROOT, "created_at", now)?;
    doc.put(ROOT, "source", source.as_str())?;
    if let Some(r) = source_ref {
        doc.put(ROOT, "source_ref", r)?;
    }
    doc.put(ROOT, "title", title)?;
    doc.put(ROOT, "details", details)?;
    if let Some(b) = building {
        doc.put(ROOT, "building", b)?;
    }
    let req = doc.put_object(ROOT, "requester", ObjType::Map)?;
    if let Some(m) = requester {
        doc.put(&req, "member", m.to_string())?;
    }
    doc.put(&req, "name", requester_name)?;
    let by = doc.put_object(ROOT, "posted_by", ObjType::Map)?;
    doc.put(&by, "member", me.id.to_string())?;
    doc.put(&by, "name", me.name)?;
    doc.put(ROOT, "slots", i64::from(slots))?;
    doc.put(ROOT, "on_the_spot", new.on_the_spot)?;
    for key in ["signups", "relay_order", "progress", "rating"] {
        doc.put_object(ROOT, key, ObjType::Map)?;
    }
    if staff {
        doc.put(ROOT, "listed_at", now)?;
        doc.put(ROOT, "listed_by", me.id.to_string())?;
    }
    if new.on_the_spot {
        doc.put(ROOT, "done_at", now)?;
        doc.put(ROOT, "done_by", me.id.to_string())?;
        doc.put(ROOT, "confirmed_at", now)?;
        doc.put(ROOT, "confirmed_by", me.id.to_string())?;
    }
    Ok(doc)
}

fn container(doc: &AutoCommit, key: &str) -> Result<ObjId> {
    read::obj(doc, &ROOT, key).ok_or_else(|| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_default(),
        reason: format!("missing {key}"),
    })
}

/// Reads the document into the view every device shows.
pub fn read(doc: &impl ReadDoc) -> Result<NeedView> {
    let corrupt = |reason: &str| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_else(|| "(no id)".into()),
        reason: reason.to_string(),
    };
    if read::str(doc, &ROOT, "type").as_deref() != Some(DocKind::Need.as_str()) {
        return Err(corrupt("not a need document"));
    }
    let id = parse(read::str(doc, &ROOT, "id")).ok_or_else(|| corrupt("missing id"))?;
    let group_id = parse(read::str(doc, &ROOT, "group")).ok_or_else(|| corrupt("missing group"))?;
    let schema = read::int(doc, &ROOT, "schema").unwrap_or(0);
    let slots = read::int(doc, &ROOT, "slots")
        .unwrap_or(1)
        .clamp(1, validate::MAX_SLOTS) as u32;
    let claims: Vec<ClaimView> = {
        let records = request::signup_records(doc);
        let teams = claim_teams(doc);
        signups::view(&records, slots)
            .into_iter()
            .map(|s| ClaimView {
                team: teams.iter().find(|(id, _)| *id == s.id).map(|(_, t)| t.clone()),
                signup: s,
            })
            .collect()
    };
    let rating = crate::docs::rating::read(doc);
    let listed_at = read::int(doc, &ROOT, "listed_at");
    let done_at = read::int(doc, &ROOT, "done_at");
    let confirmed_at = read::int(doc, &ROOT, "confirmed_at");
    let cancelled_at = read::int(doc, &ROOT, "cancelled_at");
    let claimed = claims.iter().any(|c| c.signup.state == SignupState::Confirmed);
    let status = if rating.is_some() && confirmed_at.is_some() {
        BoardStatus::Rated
    } else if confirmed_at.is_some() {
        BoardStatus::Confirmed
    } else if done_at.is_some() {
        BoardStatus::Resolved
    } else if cancelled_at.is_some() {
        BoardStatus::Withdrawn
    } else if listed_at.is_none() {
        BoardStatus::Wish
    } else if claimed {
        BoardStatus::Claimed
    } else {
        BoardStatus::Open
    };
    Ok(NeedView {
        id,
        group_id,
        source: read::str(doc, &ROOT, "source")
            .and_then(|s| s.parse().ok())
            .unwrap_or(NeedSource::Wish),
        source_ref: read::str(doc, &ROOT, "source_ref"),
        title: read::str(doc, &ROOT, "title").unwrap_or_default(),
        details: read::str(doc, &ROOT, "details").unwrap_or_default(),
        building: read::str(doc, &ROOT, "building"),
        status,
        requester: person(doc, "requester"),
        posted_by: person(doc, "posted_by"),
        slots,
        claims,
        progress: progress(doc),
        created_at: read::int(doc, &ROOT, "created_at").unwrap_or(0),
        listed_at,
        done_at,
        done_by: parse(read::str(doc, &ROOT, "done_by")),
        resolution: read::str(doc, &ROOT, "resolution"),
        confirmed_at,
        on_the_spot: read::bool(doc, &ROOT, "on_the_spot"),
        cancelled_at,
        rating,
        schema,
        newer_schema: schema > SCHEMA_VERSION,
    })
}

fn parse<T: std::str::FromStr>(s: Option<String>) -> Option<T> {
    s?.parse().ok()
}

fn person(doc: &impl ReadDoc, key: &str) -> Person {
    let p = read::obj(doc, &ROOT, key);
    Person {
        member_id: p.as_ref().and_then(|p| parse(read::str(doc, p, "member"))),
        name: p.and_then(|p| read::str(doc, &p, "name")).unwrap_or_default(),
    }
}

/// The team each claim was made for, by sign-up id.
fn claim_teams(doc: &impl ReadDoc) -> Vec<(SignupId, String)> {
    let Some(map) = read::obj(doc, &ROOT, "signups") else {
        return Vec::new();
    };
    read::keys(doc, &map)
        .into_iter()
        .filter_map(|key| {
            let team = read::str(doc, &read::obj(doc, &map, &key)?, "team")?;
            Some((key.parse().ok()?, team))
        })
        .collect()
}

/// The claimant's progress notes, oldest first.
fn progress(doc: &impl ReadDoc) -> Vec<ProgressView> {
    let Some(map) = read::obj(doc, &ROOT, "progress") else {
        return Vec::new();
    };
    let mut out: Vec<ProgressView> = read::keys(doc, &map)
        .into_iter()
        .filter_map(|key| {
            let e = read::obj(doc, &map, &key)?;
            Some(ProgressView {
                by: parse(read::str(doc, &e, "by"))?,
                name: read::str(doc, &e, "name").unwrap_or_default(),
                at: read::int(doc, &e, "at").unwrap_or(0),
                note: read::str(doc, &e, "note").unwrap_or_default(),
                id: key,
            })
        })
        .collect();
    out.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    out
}

fn wrong(action: &'static str, view: &NeedView) -> Error {
    Error::InvalidInput(Refusal::NeedWrongStatus.with(&[&action, &view.status]))
}

/// Staff put a resident's small wish on the board.
pub fn list(doc: &mut AutoCommit, me: MemberId, staff: bool, now: Millis) -> Result<()> {
    if !staff {
        return Err(Error::NotAllowed("only staff put a need on the board"));
    }
    let view = read(doc)?;
    if view.status != BoardStatus::Wish {
        return Err(wrong("put on the board", &view));
    }
    doc.put(ROOT, "listed_at", now)?;
    doc.put(ROOT, "listed_by", me.to_string())?;
    Ok(())
}

/// A member claims the need, for themselves or for `team` of `group` (a team they are on).
/// Tentative until the relay has seen it; the first claims to reach the relay take its places.
pub fn claim(
    doc: &mut AutoCommit,
    me: Actor<'_>,
    team: Option<&str>,
    group: &GroupView,
    now: Millis,
) -> Result<SignupId> {
    let view = read(doc)?;
    if !matches!(view.status, BoardStatus::Open | BoardStatus::Claimed) {
        return Err(wrong("claim", &view));
    }
    if view.requester.member_id == Some(me.id) {
        return Err(Error::NotAllowed("nobody claims their own need"));
    }
    if view.claim_of(me.id).is_some() {
        return Err(Error::AlreadySignedUp);
    }
    if let Some(team) = team
        && !group.team(team).is_some_and(|t| t.has(me.id))
    {
        return Err(Error::NotAllowed("a need is claimed for a team only by a member of it"));
    }
    let signups = container(doc, "signups")?;
    let id = SignupId::random();
    let entry = doc.put_object(&signups, id.to_string(), ObjType::Map)?;
    doc.put(&entry, "member", me.id.to_string())?;
    doc.put(&entry, "name", me.name)?;
    doc.put(&entry, "at", now)?;
    if let Some(team) = team {
        doc.put(&entry, "team", team)?;
    }
    Ok(id)
}

/// A claimant withdraws their claim before the need is resolved; the first on standby moves up.
pub fn withdraw(doc: &mut AutoCommit, me: MemberId, now: Millis) -> Result<()> {
    let view = read(doc)?;
    if !matches!(view.status, BoardStatus::Open | BoardStatus::Claimed) {
        return Err(wrong("withdraw a claim on", &view));
    }
    let signups = container(doc, "signups")?;
    let mine: Vec<String> = request::signup_records(doc)
        .into_iter()
        .filter(|r| r.member == me && r.withdrawn_at.is_none())
        .map(|r| r.id.to_string())
        .collect();
    if mine.is_empty() {
        return Err(Error::InvalidInput(Refusal::NotClaimed.into()));
    }
    for key in mine {
        if let Some(e) = read::obj(doc, &signups, &key) {
            doc.put(&e, "withdrawn_at", now)?;
        }
    }
    Ok(())
}

fn standing_claimant(view: &NeedView, me: MemberId) -> Result<()> {
    if view.standing_claim_of(me).is_none() {
        return Err(Error::NotAllowed("only a claimant whose claim stands moves a need on"));
    }
    Ok(())
}

/// A claimant whose claim stands notes progress.
pub fn note_progress(doc: &mut AutoCommit, me: Actor<'_>, note: &str, now: Millis) -> Result<()> {
    let view = read(doc)?;
    if view.status != BoardStatus::Claimed {
        return Err(wrong("note progress on", &view));
    }
    standing_claimant(&view, me.id)?;
    let note = validate::text("progress note", note, validate::MAX_TEXT)?;
    let map = container(doc, "progress")?;
    let e = doc.put_object(&map, DocId::random().to_string(), ObjType::Map)?;
    doc.put(&e, "by", me.id.to_string())?;
    doc.put(&e, "name", me.name)?;
    doc.put(&e, "at", now)?;
    doc.put(&e, "note", note)?;
    Ok(())
}

/// A claimant whose claim stands marks the need resolved, saying how.
pub fn resolve(doc: &mut AutoCommit, me: MemberId, resolution: &str, now: Millis) -> Result<()> {
    let view = read(doc)?;
    if view.status != BoardStatus::Claimed {
        return Err(wrong("resolve", &view));
    }
    standing_claimant(&view, me)?;
    let resolution = validate::optional("resolution", Some(resolution), validate::MAX_TEXT)?;
    doc.put(ROOT, "done_at", now)?;
    doc.put(ROOT, "done_by", me.to_string())?;
    doc.put(ROOT, "resolution", resolution.unwrap_or_default())?;
    Ok(())
}

/// Staff confirm a resolved need.
pub fn confirm(doc: &mut AutoCommit, me: MemberId, staff: bool, now: Millis) -> Result<()> {
    if !staff {
        return Err(Error::NotAllowed("only staff confirm a need is resolved"));
    }
    let view = read(doc)?;
    if view.status != BoardStatus::Resolved {
        return Err(wrong("confirm", &view));
    }
    doc.put(ROOT, "confirmed_at", now)?;
    doc.put(ROOT, "confirmed_by", me.to_string())?;
    Ok(())
}

/// Staff take a need off the board, or the resident withdraws their own wish, before it is
/// resolved.
pub fn cancel(doc: &mut AutoCommit, me: MemberId, staff: bool, now: Millis) -> Result<()> {
    let view = read(doc)?;
    let own_wish = view.status == BoardStatus::Wish && view.requester.member_id == Some(me);
    if !(staff || own_wish) {
        return Err(Error::NotAllowed("only staff take a need off the board"));
    }
    if !matches!(
        view.status,
        BoardStatus::Wish | BoardStatus::Open | BoardStatus::Claimed
    ) {
        return Err(wrong("take off the board", &view));
    }
    doc.put(ROOT, "cancelled_at", now)?;
    doc.put(ROOT, "cancelled_by", me.to_string())?;
    Ok(())
}

/// The one who asked rates the need once staff confirmed it: 1 to 5 stars and a comment, once.
pub fn rate(doc: &mut AutoCommit, me: MemberId, stars: i64, comment: &str, now: Millis) -> Result<()> {
    let view = read(doc)?;
    if view.requester.member_id != Some(me) {
        return Err(Error::NotAllowed("only the one who asked rates a need"));
    }
    if !matches!(view.status, BoardStatus::Confirmed | BoardStatus::Rated) {
        return Err(wrong("rate", &view));
    }
    crate::docs::rating::write(doc, me, stars, comment, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::order::rules::tests::group_with;

    fn post(staff: MemberId, slots: i64) -> AutoCommit {
        let new = NewNeed {
            source: Some(NeedSource::Report),
            title: "Leaking pipe".into(),
            slots,
            ..NewNeed::default()
        };
        create(
            DocId::random(),
            DocId::random(),
            &new,
            Actor { id: staff, name: "Sun" },
            true,
            1,
        )
        .expect("need")
    }

    #[test]
    fn offline_claims_resolve_to_the_first_to_reach_the_relay() {
        let (sun, li, chen) = (MemberId::random(), MemberId::random(), MemberId::random());
        let group = group_with(&[]);
        let mut doc = post(sun, 1);
        let mut other = doc.fork();
        claim(&mut other, Actor { id: chen, name: "Chen" }, None, &group, 3).expect("claim");
        claim(&mut doc, Actor { id: li, name: "Li" }, None, &group, 2).expect("claim");
        // Chen's phone reaches the relay first, though Li claimed earlier by her clock.
        let relay = at_relay(&other, &doc);
        let view = read(&relay).expect("view");
        assert_eq!(view.status, BoardStatus::Claimed);
        let standing: Vec<_> = view.claimants().map(|c| c.signup.member_name.clone()).collect();
        assert_eq!(standing, vec!["Chen".to_string()]);
        assert_eq!(view.claims[1].signup.state, SignupState::Standby);
    }

    /// The relay's copy: `first` arrives and is numbered, then `second`.
    fn at_relay(first: &AutoCommit, second: &AutoCommit) -> AutoCommit {
        let mut relay = first.clone();
        request::record_relay_order(&mut relay).expect("order");
        relay.merge(&mut second.clone()).expect("merge");
        request::record_relay_order(&mut relay).expect("order");
        relay
    }

    #[test]
    fn a_need_taking_two_claimants_confirms_both() {
        let (sun, li, chen) = (MemberId::random(), MemberId::random(), MemberId::random());
        let group = group_with(&[]);
        let mut doc = post(sun, 2);
        claim(&mut doc, Actor { id: li, name: "Li" }, None, &group, 2).expect("claim");
        claim(&mut doc, Actor { id: chen, name: "Chen" }, None, &group, 3).expect("claim");
        request::record_relay_order(&mut doc).expect("order");
        let view = read(&doc).expect("view");
        assert_eq!(view.claimants().count(), 2);
        resolve(&mut doc, chen, "Replaced the seal", 4).expect("either claimant resolves");
    }

    #[test]
    fn a_resident_neither_posts_to_the_board_nor_confirms() {
        let wang = MemberId::random();
        let new = NewNeed {
            source: Some(NeedSource::Visit),
            title: "Grab rail".into(),
            ..NewNeed::default()
        };
        let me = Actor { id: wang, name: "Wang" };
        assert!(create(DocId::random(), DocId::random(), &new, me, false, 1).is_err());
        let mut doc = post(MemberId::random(), 1);
        assert!(matches!(confirm(&mut doc, wang, false, 2), Err(Error::NotAllowed(_))));
    }
}
