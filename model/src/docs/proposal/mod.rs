//! The proposal document (议事): a proposal put to an estate or a building, with its text and
//! attachments, a discussion, a deliberation period and then a vote. A ballot is yes/no/abstain,
//! one of N options or several of N; the electorate is every member on the roll or one
//! household one vote; a quorum (turnout) and a threshold (majority, two thirds) decide
//! whether it passes ([`tally`]).
//!
//! Layout (root map), schema version 1:
//! ```text
//! schema: 1   type: "proposal"   id, group: uuid strings   created_at
//! author: {member, name}   title, text   photos: [sha256]
//! ballot: "yes-no"|"one-of"|"several-of"   options: [text]   most: n
//! electorate: "members"|"households"   roll: {<unit>: {label, voters: {<member>: true}}}
//! quorum_pct: 0..=100   threshold: "majority"|"two-thirds"
//! opens_at, closes_at   early_close: bool
//! comments: [{author, name, text, at}]
//! ballots: {<ballot id>: {voter, unit, choices: [n], at}}
//! received: {<ballot id>: millis}                         (the relay's receipt times)
//! close_asked_by?, close_asked_at?                         (staff, when early_close allows)
//! closed_early_at?                                         (the relay's receipt of that)
//! secret: bool   sealed?: {at, voted: {<unit>: true}, ballots: [{choices, receipt}]}  (the relay's)
//! ```
//! A secret proposal's ballots never enter the document: see [`secret`].
//! The roll is fixed when the proposal is made (households from the registry with their
//! linked adult members, or the members of the group and the groups inside it). A ballot is a
//! new entry each time: a voter changing their mind, or a second member of their household,
//! adds one, and the latest the relay received before the close counts. The relay stamps each
//! ballot's receipt time as it arrives and refuses a ballot that reaches it after the close,
//! with a reason the voter's phone keeps (`jinlin refused`). Every container is made with the
//! proposal, so concurrent writers never race to create one.

pub mod rules;
pub mod secret;
pub mod tally;
pub mod view;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc};

use crate::clock::Millis;
use crate::docs::request::Actor;
use crate::docs::request::view::{CommentView, Person};
use crate::error::{Error, Result};
use crate::ids::{DocId, MemberId};
use crate::kinds::{BallotKind, DocKind, Electorate, ProposalStatus, Threshold};
use crate::read::{self, Fields};
use crate::refusal::Refusal;
use crate::validate;
pub use tally::{Tally, tally};
pub use view::{BallotView, ProposalView, RollUnit};

/// The proposal schema this build writes and fully understands.
pub const SCHEMA_VERSION: i64 = 1;

/// The most options a proposal offers.
pub const MAX_OPTIONS: usize = 20;

/// The options of a yes-or-no ballot, by position.
pub const YES_NO: [&str; 3] = ["yes", "no", "abstain"];

/// What its author fills in to put a proposal to a group.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProposal {
    /// Its title.
    pub title: String,
    /// What is proposed, in full.
    pub text: String,
    /// Attachments already stored on the phone, by content hash.
    pub photos: Vec<String>,
    /// How a ballot is filled in.
    pub ballot: BallotKind,
    /// The options (ignored for yes-or-no).
    pub options: Vec<String>,
    /// How many options one several-of ballot may choose (ignored otherwise).
    pub most: u32,
    /// Who votes.
    pub electorate: Electorate,
    /// The turnout needed, in percent.
    pub quorum_pct: u32,
    /// The share needed to pass.
    pub threshold: Threshold,
    /// When voting opens.
    pub opens_at: Millis,
    /// When the vote closes.
    pub closes_at: Millis,
    /// Whether staff may close it early.
    pub early_close: bool,
    /// A secret ballot: ballots go to the relay alone, and the document holds only the sealed
    /// result ([`secret`]).
    pub secret: bool,
}

/// Puts a proposal to `group`, written by `me`, with the roll the device gathered.
pub fn create(
    id: DocId,
    group: DocId,
    new: &NewProposal,
    roll: &[RollUnit],
    me: Actor<'_>,
    now: Millis,
) -> Result<AutoCommit> {
    let title = validate::text("title", &new.title, validate::MAX_NAME)?;
    let text = validate::text("proposal text", &new.text, validate::MAX_TEXT)?;
    let options: Vec<String> = match new.ballot {
        BallotKind::YesNo => YES_NO.iter().map(|s| s.to_string()).collect(),
        _ => new
            .options
            .iter()
            .map(|o| validate::text("option", o, validate::MAX_NAME))
            .collect::<Result<_>>()?,
    };
    if new.ballot != BallotKind::YesNo && !(2..=MAX_OPTIONS).contains(&options.len()) {
        return Err(Error::InvalidInput(Refusal::OptionRange.with(&[
            &new.ballot,
            &MAX_OPTIONS,
            &options.len(),
        ])));
    }
    let most = match new.ballot {
        BallotKind::SeveralOf if (1..=options.len() as u32).contains(&new.most) => new.most,
        BallotKind::SeveralOf => {
            return Err(Error::InvalidInput(
                Refusal::ChooseRange.with(&[&options.len(), &new.most]),
            ));
        }
        _ => 1,
    };
    if new.quorum_pct > 100 {
        return Err(Error::InvalidInput(Refusal::QuorumPercent.into()));
    }
    if new.closes_at <= new.opens_at || new.closes_at <= now {
        return Err(Error::InvalidInput(Refusal::CloseAfterOpen.into()));
    }
    if roll.is_empty() {
        return Err(Error::InvalidInput(Refusal::EmptyRoll.into()));
    }
    for p in &new.photos {
        crate::photo::check_hash(p)?;
    }

    let mut doc = AutoCommit::new().with_actor(me.id.actor());
    doc.put(ROOT, "schema", SCHEMA_VERSION)?;
    doc.put(ROOT, "type", DocKind::Proposal.as_str())?;
    doc.put(ROOT, "id", id.to_string())?;
    doc.put(ROOT, "group", group.to_string())?;
    doc.put(ROOT, "created_at", now)?;
    let author = doc.put_object(ROOT, "author", ObjType::Map)?;
    doc.put(&author, "member", me.id.to_string())?;
    doc.put(&author, "name", me.name)?;
    doc.put(ROOT, "title", title)?;
    doc.put(ROOT, "text", text)?;
    let photos = doc.put_object(ROOT, "photos", ObjType::List)?;
    for (i, p) in new.photos.iter().enumerate() {
        doc.insert(&photos, i, p.as_str())?;
    }
    doc.put(ROOT, "ballot", new.ballot.as_str())?;
    let list = doc.put_object(ROOT, "options", ObjType::List)?;
    for (i, o) in options.iter().enumerate() {
        doc.insert(&list, i, o.as_str())?;
    }
    doc.put(ROOT, "most", i64::from(most))?;
    doc.put(ROOT, "electorate", new.electorate.as_str())?;
    let units = doc.put_object(ROOT, "roll", ObjType::Map)?;
    for u in roll {
        let label = validate::text("roll label", &u.label, validate::MAX_NAME)?;
        let unit = doc.put_object(&units, u.key.as_str(), ObjType::Map)?;
        doc.put(&unit, "label", label)?;
        let voters = doc.put_object(&unit, "voters", ObjType::Map)?;
        for v in &u.voters {
            doc.put(&voters, v.to_string(), true)?;
        }
    }
    doc.put(ROOT, "quorum_pct", i64::from(new.quorum_pct))?;
    doc.put(ROOT, "threshold", new.threshold.as_str())?;
    doc.put(ROOT, "opens_at", new.opens_at)?;
    doc.put(ROOT, "closes_at", new.closes_at)?;
    doc.put(ROOT, "early_close", new.early_close)?;
    doc.put(ROOT, "secret", new.secret)?;
    doc.put_object(ROOT, "comments", ObjType::List)?;
    doc.put_object(ROOT, "ballots", ObjType::Map)?;
    doc.put_object(ROOT, "received", ObjType::Map)?;
    Ok(doc)
}

fn container(doc: &AutoCommit, key: &str) -> Result<ObjId> {
    read::obj(doc, &ROOT, key).ok_or_else(|| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_default(),
        reason: format!("missing {key}"),
    })
}

fn parse<T: std::str::FromStr>(s: Option<String>) -> Option<T> {
    s?.parse().ok()
}

/// Reads the document into the view every device shows.
pub fn read(doc: &impl ReadDoc) -> Result<ProposalView> {
    let corrupt = |reason: &str| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_else(|| "(no id)".into()),
        reason: reason.to_string(),
    };
    let root = Fields::of(doc, &ROOT);
    if root.str("type").as_deref() != Some(DocKind::Proposal.as_str()) {
        return Err(corrupt("not a proposal document"));
    }
    let id = parse(root.str("id")).ok_or_else(|| corrupt("missing id"))?;
    let group_id = parse(root.str("group")).ok_or_else(|| corrupt("missing group"))?;
    let ballot = parse(root.str("ballot")).ok_or_else(|| corrupt("unknown ballot kind"))?;
    let electorate = parse(root.str("electorate")).ok_or_else(|| corrupt("unknown electorate"))?;
    let threshold = parse(root.str("threshold")).ok_or_else(|| corrupt("unknown threshold"))?;
    let schema = root.int("schema").unwrap_or(0);
    let author = root.obj("author").map(|a| Fields::of(doc, &a));
    let roll = root.obj("roll").map(|m| roll(doc, &m)).unwrap_or_default();
    let received: std::collections::HashMap<String, Millis> = root
        .obj("received")
        .map(|m| {
            let f = Fields::of(doc, &m);
            f.keys().filter_map(|k| Some((k.to_string(), f.int(k)?))).collect()
        })
        .unwrap_or_default();
    let mut ballots: Vec<BallotView> = root
        .obj("ballots")
        .map(|m| {
            read::keys(doc, &m)
                .into_iter()
                .filter_map(|key| {
                    let e = read::obj(doc, &m, &key)?;
                    let f = Fields::of(doc, &e);
                    Some(BallotView {
                        voter: parse(f.str("voter"))?,
                        unit: f.str("unit")?,
                        choices: f.obj("choices").map(|c| read_choices(doc, &c)).unwrap_or_default(),
                        at: f.int("at").unwrap_or(0),
                        received_at: received.get(&key).copied(),
                        id: key,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    ballots.sort_by(|a, b| {
        (a.received_at.is_none(), a.received_at, a.at, &a.id).cmp(&(
            b.received_at.is_none(),
            b.received_at,
            b.at,
            &b.id,
        ))
    });
    Ok(ProposalView {
        id,
        group_id,
        author: Person {
            member_id: author.as_ref().and_then(|a| parse(a.str("member"))),
            name: author.and_then(|a| a.str("name")).unwrap_or_default(),
        },
        title: root.str("title").unwrap_or_default(),
        text: root.str("text").unwrap_or_default(),
        photos: root.obj("photos").map(|l| read::str_list(doc, &l)).unwrap_or_default(),
        ballot,
        options: root.obj("options").map(|l| read::str_list(doc, &l)).unwrap_or_default(),
        most: root.int("most").and_then(|n| u32::try_from(n).ok()).unwrap_or(1),
        electorate,
        roll,
        quorum_pct: root.int("quorum_pct").and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
        threshold,
        opens_at: root.int("opens_at").unwrap_or(0),
        closes_at: root.int("closes_at").ok_or_else(|| corrupt("missing closes_at"))?,
        early_close: root.bool("early_close"),
        secret: root.bool("secret"),
        sealed: secret::read_sealed(doc),
        close_asked_by: parse(root.str("close_asked_by")),
        closed_early_at: root.int("closed_early_at"),
        comments: root.obj("comments").map(|l| comments(doc, &l)).unwrap_or_default(),
        ballots,
        created_at: root.int("created_at").unwrap_or(0),
        schema,
        newer_schema: schema > SCHEMA_VERSION,
    })
}

fn roll(doc: &impl ReadDoc, map: &ObjId) -> Vec<RollUnit> {
    let mut out: Vec<RollUnit> = read::keys(doc, map)
        .into_iter()
        .filter_map(|key| {
            let u = read::obj(doc, map, &key)?;
            let mut voters: Vec<MemberId> = read::obj(doc, &u, "voters")
                .map(|v| read::keys(doc, &v).iter().filter_map(|k| k.parse().ok()).collect())
                .unwrap_or_default();
            voters.sort();
            Some(RollUnit {
                label: read::str(doc, &u, "label").unwrap_or_default(),
                key,
                voters,
            })
        })
        .collect();
    out.sort_by(|a, b| a.label.cmp(&b.label).then(a.key.cmp(&b.key)));
    out
}

pub(crate) fn read_choices(doc: &impl ReadDoc, list: &ObjId) -> Vec<u32> {
    (0..doc.length(list))
        .filter_map(|i| match doc.get(list, i) {
            Ok(Some((automerge::Value::Scalar(s), _))) => match s.as_ref() {
                automerge::ScalarValue::Int(n) => u32::try_from(*n).ok(),
                automerge::ScalarValue::Uint(n) => u32::try_from(*n).ok(),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn comments(doc: &impl ReadDoc, list: &ObjId) -> Vec<CommentView> {
    let mut out: Vec<CommentView> = read::obj_list(doc, list)
        .into_iter()
        .filter_map(|c| {
            Some(CommentView {
                author_id: parse(read::str(doc, &c, "author"))?,
                author_name: read::str(doc, &c, "name").unwrap_or_default(),
                text: read::str(doc, &c, "text")?,
                at: read::int(doc, &c, "at").unwrap_or(0),
            })
        })
        .collect();
    out.sort_by_key(|c| c.at);
    out
}

/// Whether `choices` fill in a ballot of `view` correctly: positions of its options, no
/// repeats, one choice (several-of: 1 to `most`). The reason, when not.
pub fn ballot_problem(view: &ProposalView, choices: &[u32]) -> Option<String> {
    let mut seen = choices.to_vec();
    seen.sort_unstable();
    seen.dedup();
    if seen.len() != choices.len() {
        return Some(Refusal::ChoiceOnce.into());
    }
    if choices.iter().any(|&c| c as usize >= view.options.len()) {
        return Some(Refusal::OptionCount.with(&[&view.options.len()]));
    }
    let most = if view.ballot == BallotKind::SeveralOf {
        view.most
    } else {
        1
    };
    if choices.is_empty() || choices.len() as u32 > most {
        return Some(match view.ballot {
            BallotKind::SeveralOf => Refusal::ChooseSeveral.with(&[&most]),
            _ => Refusal::ChooseOne.into(),
        });
    }
    None
}

/// Whether `me` may cast a ballot choosing `choices` at `now` (the phone's clock on the phone,
/// the relay's on the relay): voting is open, they are on the roll, the choices fill the ballot.
/// Returns the unit they vote for.
pub fn may_vote<'v>(view: &'v ProposalView, me: MemberId, choices: &[u32], now: Millis) -> Result<&'v RollUnit> {
    match view.status(now) {
        ProposalStatus::Voting if view.sealed.is_none() => {}
        ProposalStatus::Discussion => return Err(Error::InvalidInput(Refusal::VotingNotOpen.into())),
        _ => return Err(Error::InvalidInput(closed_reason(view.close_time(), now))),
    }
    let Some(unit) = view.unit_of(me) else {
        return Err(Error::NotAllowed(
            "only a member on the roll votes (for a household: an adult member linked to it)",
        ));
    };
    if let Some(problem) = ballot_problem(view, choices) {
        return Err(Error::InvalidInput(problem));
    }
    Ok(unit)
}

/// Why a ballot reaching the relay at `now` is not counted, the vote having closed at `close`.
pub fn closed_reason(close: Millis, now: Millis) -> String {
    Refusal::ClosedAt.with(&[&crate::dates::rfc3339(close), &crate::dates::rfc3339(now)])
}

/// Adds a comment to the discussion; allowed until the vote closes and after.
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

/// Casts `me`'s ballot for the unit they are on the roll for: a new entry, which replaces
/// their unit's earlier ballot once the relay receives it. Refused outside the voting period
/// (by this device's clock; the relay's decides) and for anyone not on the roll. Returns the
/// ballot's key.
pub fn cast(doc: &mut AutoCommit, me: MemberId, choices: &[u32], now: Millis) -> Result<String> {
    let view = read(doc)?;
    if view.secret {
        return Err(Error::InvalidInput(Refusal::SecretBallot.into()));
    }
    let unit = may_vote(&view, me, choices, now)?.key.clone();
    let ballots = container(doc, "ballots")?;
    let id = DocId::random().to_string();
    let entry = doc.put_object(&ballots, id.as_str(), ObjType::Map)?;
    doc.put(&entry, "voter", me.to_string())?;
    doc.put(&entry, "unit", unit.as_str())?;
    let list = doc.put_object(&entry, "choices", ObjType::List)?;
    for (i, c) in choices.iter().enumerate() {
        doc.insert(&list, i, i64::from(*c))?;
    }
    doc.put(&entry, "at", now)?;
    Ok(id)
}

/// Staff close the vote early, when the proposal allows it. It closes when the relay receives
/// this, not at the phone's time: ballots the relay received before then still count.
pub fn close_early(doc: &mut AutoCommit, me: MemberId, staff: bool, now: Millis) -> Result<()> {
    let view = read(doc)?;
    if !staff {
        return Err(Error::NotAllowed("only staff close a vote early"));
    }
    if !view.early_close {
        return Err(Error::InvalidInput(Refusal::ClosesOnTime.into()));
    }
    if view.close_asked_by.is_some() || view.status(now) == ProposalStatus::Closed {
        return Err(Error::InvalidInput(Refusal::VoteClosed.into()));
    }
    doc.put(ROOT, "close_asked_by", me.to_string())?;
    doc.put(ROOT, "close_asked_at", now)?;
    Ok(())
}

/// The relay's part: stamps every ballot it has not seen with `now`, its receipt time, and an
/// early close with the time it received it. Returns how many stamps it wrote.
pub fn record_receipts(doc: &mut AutoCommit, now: Millis) -> Result<usize> {
    let view = read(doc)?;
    let received = container(doc, "received")?;
    let mut n = 0;
    for b in view.ballots.iter().filter(|b| b.received_at.is_none()) {
        doc.put(&received, b.id.as_str(), now)?;
        n += 1;
    }
    if view.close_asked_by.is_some() && view.closed_early_at.is_none() {
        doc.put(ROOT, "closed_early_at", now)?;
        n += 1;
    }
    Ok(n)
}
