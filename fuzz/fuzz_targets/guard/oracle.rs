//! The reference oracle of the `guard` target: reads a document before and after a batch the
//! guard accepted, as two plain trees (every object with its Automerge id, so a replaced
//! container shows as changed even when it holds the same values), and says what the batch did
//! that its writer's row of the field table forbids. It is written apart from the guard: it
//! compares states instead of reading patches, and it knows the rules as the tables state them
//! (`model/src/docs/<kind>/rules.rs`), not how the guard applies them.

use std::collections::BTreeMap;

use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value};
use jinlin_model::docs::report::rules::may_take;
use jinlin_model::docs::{group, need, order, proposal, report, request};
use jinlin_model::ids::MemberId;
use jinlin_model::kinds::{BoardStatus, DocKind, OrderStatus, ReportStatus, Role, SignupState};

/// A document as a tree of values.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Scalar(ScalarValue),
    Map(ObjId, BTreeMap<String, Node>),
    List(ObjId, Vec<Node>),
    Text(ObjId, String),
}

/// The whole document as a tree.
pub fn tree(doc: &AutoCommit) -> Node {
    object(doc, ROOT, ObjType::Map)
}

fn object(doc: &AutoCommit, id: ObjId, ty: ObjType) -> Node {
    let value = |v: Value<'_>, child: ObjId| match v {
        Value::Scalar(s) => Node::Scalar(s.into_owned()),
        Value::Object(t) => object(doc, child, t),
    };
    match ty {
        ObjType::Map | ObjType::Table => {
            let entries = doc
                .map_range(&id, ..)
                .map(|item| (item.key.to_string(), value(Value::from(item.value.clone()), item.id())))
                .collect();
            Node::Map(id, entries)
        }
        ObjType::List => {
            let items = doc
                .list_range(&id, ..)
                .map(|item| value(Value::from(item.value.clone()), item.id()))
                .collect();
            Node::List(id, items)
        }
        ObjType::Text => Node::Text(id.clone(), doc.text(&id).unwrap_or_default()),
    }
}

impl Node {
    fn id(&self) -> Option<&ObjId> {
        match self {
            Node::Map(id, _) | Node::List(id, _) | Node::Text(id, _) => Some(id),
            Node::Scalar(_) => None,
        }
    }

    fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(_, m) => m.get(key),
            Node::List(_, l) => l.get(key.parse::<usize>().ok()?),
            _ => None,
        }
    }

    fn at(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |n, k| n.get(k))
    }

    /// The string it holds, scalar or Text (as the model reads strings).
    fn string(&self) -> Option<String> {
        match self {
            Node::Scalar(ScalarValue::Str(s)) => Some(s.to_string()),
            Node::Text(_, s) => Some(s.clone()),
            _ => None,
        }
    }

    /// Its keys (a map's keys, a list's indices).
    fn keys(&self) -> Vec<String> {
        match self {
            Node::Map(_, m) => m.keys().cloned().collect(),
            Node::List(_, l) => (0..l.len()).map(|i| i.to_string()).collect(),
            _ => Vec::new(),
        }
    }
}

fn string_at(n: Option<&Node>, key: &str) -> Option<String> {
    n?.get(key)?.string()
}

/// The keys whose values differ between two maps (added, removed or changed).
fn changed(before: Option<&Node>, after: Option<&Node>) -> Vec<String> {
    let mut keys: Vec<String> = before.map(Node::keys).unwrap_or_default();
    keys.extend(after.map(Node::keys).unwrap_or_default());
    keys.sort();
    keys.dedup();
    keys.retain(|k| before.and_then(|b| b.get(k)) != after.and_then(|a| a.get(k)));
    keys
}

/// Whether the container is the same object before and after (not replaced, not removed).
fn same_object(before: Option<&Node>, after: Option<&Node>) -> bool {
    match (before, after) {
        (Some(b), Some(a)) => b.id().is_some() && b.id() == a.id(),
        (None, _) => true,
        (Some(_), None) => false,
    }
}

/// The items a list gained, when every item it had is still there, unchanged and in order;
/// otherwise why not.
fn grown<'a>(before: Option<&Node>, after: Option<&'a Node>, what: &str) -> Result<Vec<&'a Node>, String> {
    if !same_object(before, after) {
        return Err(format!("the {what} list was replaced or removed"));
    }
    let old: &[Node] = match before {
        Some(Node::List(_, l)) => l,
        _ => &[],
    };
    let new: &[Node] = match after {
        Some(Node::List(_, l)) => l,
        _ => &[],
    };
    let mut kept = 0;
    let mut added = Vec::new();
    for item in new {
        if kept < old.len() && *item == old[kept] {
            kept += 1;
        } else {
            added.push(item);
        }
    }
    if kept < old.len() {
        return Err(format!("an existing {what} was changed or removed"));
    }
    Ok(added)
}

/// Who wrote the batch.
pub struct Ctx<'a> {
    pub member: MemberId,
    /// The name the guard was told they go by, if it was.
    pub name: Option<&'a str>,
    /// Whether they keep the registry for a building.
    pub keeps: &'a dyn Fn(Option<&str>) -> bool,
    /// Whether the batch creates the document.
    pub creating: bool,
}

impl Ctx<'_> {
    fn is_me(&self, s: Option<String>) -> bool {
        s == Some(self.member.to_string())
    }
}

/// What an accepted batch did that the field table of `kind` forbids its writer, if anything.
pub fn forbidden(kind: DocKind, before: &AutoCommit, after: &AutoCommit, ctx: &Ctx<'_>) -> Result<(), String> {
    let (b, a) = (tree(before), tree(after));
    match kind {
        DocKind::Request => request_rules(&b, &a, before, after, ctx),
        DocKind::Group => group_rules(&b, &a, before, ctx),
        DocKind::Household => household_rules(&b, &a, ctx),
        DocKind::Report => report_rules(&b, &a, before, after, ctx),
        DocKind::Order => order_rules(&b, &a, before, ctx),
        DocKind::Proposal => proposal_rules(&b, &a, before, ctx),
        DocKind::Need => need_rules(&b, &a, before, ctx),
        DocKind::Notice => notice_rules(&b, &a, ctx),
    }
}

fn fixed(b: &Node, a: &Node, keys: &[&str], ctx: &Ctx<'_>) -> Result<(), String> {
    if ctx.creating {
        return Ok(());
    }
    for k in keys {
        if b.get(k) != a.get(k) {
            return Err(format!("the fixed field {k} changed"));
        }
    }
    Ok(())
}

/// Comments (on a request or a proposal) only grow, and a new one names its writer and no one
/// else, by id and by name.
fn own_comments(b: &Node, a: &Node, ctx: &Ctx<'_>) -> Result<(), String> {
    for c in grown(b.get("comments"), a.get("comments"), "comment")? {
        let author = c.get("author").and_then(Node::string);
        if !ctx.is_me(author) {
            return Err("a comment names no author, or someone else".into());
        }
        let name = c.get("name").and_then(Node::string);
        if let (Some(name), Some(mine)) = (name, ctx.name)
            && name != mine
        {
            return Err("a comment carries a name its writer does not go by".into());
        }
    }
    Ok(())
}

fn request_rules(b: &Node, a: &Node, before: &AutoCommit, after: &AutoCommit, ctx: &Ctx<'_>) -> Result<(), String> {
    const FIXED: [&str; 6] = ["type", "id", "group", "created_at", "requester", "raised_by"];
    fixed(b, a, &FIXED, ctx)?;
    let me = ctx.member;
    let confirmed = |doc: &AutoCommit| {
        request::read(doc).is_ok_and(|v| v.signup_of(me).is_some_and(|s| s.state == SignupState::Confirmed))
    };
    let (requester, asked) = if ctx.creating {
        if !ctx.is_me(string_at(a.get("raised_by"), "member")) {
            return Err("a request raised in someone else's name".into());
        }
        let asker = string_at(a.get("requester"), "member");
        if asker.is_some() && !ctx.is_me(asker) {
            return Err("a request raised as asked by someone else".into());
        }
        (true, true)
    } else {
        let view = request::read(before).map_err(|e| format!("base unreadable: {e}"))?;
        (view.is_requester(me), view.requester.member_id == Some(me))
    };
    for key in changed(Some(b), Some(a)) {
        match key.as_str() {
            k if FIXED.contains(&k) => {}
            "relay_order" if ctx.creating => {
                if a.get(key.as_str()).is_some_and(|o| !o.keys().is_empty()) {
                    return Err("a new request carries a relay order".into());
                }
            }
            "relay_order" => return Err("a member wrote the relay order".into()),
            "signups" => {
                if !same_object(b.get("signups"), a.get("signups")) {
                    return Err("the sign-up list was replaced or removed".into());
                }
                for id in changed(b.get("signups"), a.get("signups")) {
                    let (was, is) = (b.at(&["signups", &id]), a.at(&["signups", &id]));
                    if is.is_none() {
                        return Err("a sign-up was deleted".into());
                    }
                    if string_at(was, "member").is_some_and(|m| m != me.to_string()) {
                        return Err("someone else's sign-up was written".into());
                    }
                    if !ctx.is_me(string_at(is, "member")) {
                        return Err("a sign-up was left not naming its writer".into());
                    }
                    if asked && string_at(was, "member").is_none() {
                        return Err("the requester signed up for their own request".into());
                    }
                }
            }
            "comments" => own_comments(b, a, ctx)?,
            "started_at" | "started_by" | "done_at" | "done_by" => {
                if !(requester || confirmed(before) || confirmed(after)) {
                    return Err("someone neither requester nor confirmed moved the request on".into());
                }
            }
            _ if requester => {}
            other => return Err(format!("{other} written by someone other than the requester")),
        }
    }
    Ok(())
}

fn group_rules(b: &Node, a: &Node, before: &AutoCommit, ctx: &Ctx<'_>) -> Result<(), String> {
    fixed(b, a, &["type", "id", "created_at"], ctx)?;
    if ctx.creating {
        // The creator is staff of what they create: the table lets staff write everything.
        return Ok(());
    }
    let view = group::read(before).map_err(|e| format!("base unreadable: {e}"))?;
    let mine = view.member(ctx.member);
    if mine.is_some_and(|m| m.role == Role::Staff) {
        return Ok(());
    }
    let leader = mine.is_some_and(|m| m.role == Role::BuildingLeader);
    let me = ctx.member.to_string();
    for key in changed(Some(b), Some(a)) {
        match key.as_str() {
            "members" => {
                if !same_object(b.get("members"), a.get("members")) {
                    return Err("a non-staff member replaced the member list".into());
                }
                for m in changed(b.get("members"), a.get("members")) {
                    let (was, is) = (b.at(&["members", &m]), a.at(&["members", &m]));
                    if m != me || was.is_none() || !same_object(was, is) {
                        return Err("a non-staff member wrote an entry other than their own".into());
                    }
                    for f in changed(was, is) {
                        match f.as_str() {
                            "role" | "joined_at" => return Err(format!("a member wrote their own {f}")),
                            "building" if leader => return Err("a building leader moved building".into()),
                            _ => {}
                        }
                    }
                }
            }
            "teams" => {
                if !same_object(b.get("teams"), a.get("teams")) {
                    return Err("a non-staff member replaced the teams".into());
                }
                for t in changed(b.get("teams"), a.get("teams")) {
                    let (was, is) = (b.at(&["teams", &t]), a.at(&["teams", &t]));
                    if was.is_none() || !same_object(was, is) {
                        return Err("a non-staff member made or removed a team".into());
                    }
                    for f in changed(was, is) {
                        if f != "members"
                            || !same_object(was.and_then(|w| w.get("members")), is.and_then(|i| i.get("members")))
                        {
                            return Err(format!("a non-staff member changed a team's {f}"));
                        }
                        let (wm, im) = (was.and_then(|w| w.get("members")), is.and_then(|i| i.get("members")));
                        for who in changed(wm, im) {
                            if who != me {
                                return Err("a member put someone else on a team".into());
                            }
                            if mine.is_none() {
                                return Err("someone not a member of the group joined its team".into());
                            }
                        }
                    }
                }
            }
            other => return Err(format!("a non-staff member changed the group's {other}")),
        }
    }
    Ok(())
}

/// Every concrete path matching `pattern` (`*` any key) in `n`.
fn expand(n: &Node, pattern: &[&str]) -> Vec<Vec<String>> {
    let Some((first, rest)) = pattern.split_first() else {
        return vec![Vec::new()];
    };
    let keys = if *first == "*" {
        n.keys()
    } else {
        vec![first.to_string()]
    };
    keys.into_iter()
        .filter_map(|k| n.get(&k).map(|child| (k, child)))
        .flat_map(|(k, child)| {
            expand(child, rest).into_iter().map(move |mut p| {
                p.insert(0, k.clone());
                p
            })
        })
        .collect()
}

fn household_rules(b: &Node, a: &Node, ctx: &Ctx<'_>) -> Result<(), String> {
    fixed(b, a, &["type", "id", "group", "created_at", "created_by"], ctx)?;
    if ctx.creating && !ctx.is_me(a.get("created_by").and_then(Node::string)) {
        return Err("a household registered in someone else's name".into());
    }
    const OWN: [&[&str]; 3] = [
        &["visits", "*", "worker"],
        &["visits", "*", "edits", "*", "by"],
        &["needs", "*", "raised_by"],
    ];
    for pattern in OWN {
        for path in expand(a, pattern) {
            let p: Vec<&str> = path.iter().map(String::as_str).collect();
            let (was, is) = (b.at(&p), a.at(&p));
            if was != is && !ctx.is_me(is.and_then(Node::string)) {
                return Err(format!("{} written with someone else's id", p.join("/")));
            }
        }
        for path in expand(b, pattern) {
            let p: Vec<&str> = path.iter().map(String::as_str).collect();
            let parent = &p[..p.len() - 1];
            if a.at(&p).is_none() && a.at(parent).is_some() && same_object(b.at(parent), a.at(parent)) {
                return Err(format!("{} deleted", p.join("/")));
            }
        }
    }
    Ok(())
}

fn report_rules(b: &Node, a: &Node, before: &AutoCommit, after: &AutoCommit, ctx: &Ctx<'_>) -> Result<(), String> {
    const FIXED: [&str; 5] = ["type", "id", "group", "created_at", "reporter"];
    fixed(b, a, &FIXED, ctx)?;
    let (reporter, building, assignee) = if ctx.creating {
        if !ctx.is_me(string_at(a.get("reporter"), "member")) {
            return Err("a report made in someone else's name".into());
        }
        let building = report::read(after).ok().and_then(|v| v.place.building);
        (true, building, None)
    } else {
        let view = report::read(before).map_err(|e| format!("base unreadable: {e}"))?;
        (
            view.reporter.member_id == Some(ctx.member),
            view.place.building,
            view.assignee,
        )
    };
    let keeper = (ctx.keeps)(building.as_deref());
    let assigned = assignee == Some(ctx.member);
    for key in changed(Some(b), Some(a)) {
        match key.as_str() {
            k if FIXED.contains(&k) => {}
            "steps" => {
                for step in grown(b.get("steps"), a.get("steps"), "step")? {
                    let by = step.get("by").and_then(Node::string);
                    if by.is_some() && !ctx.is_me(by) {
                        return Err("a step taken in someone else's name".into());
                    }
                    if let Some(word) = step.get("step").and_then(Node::string) {
                        let taken = match word.as_str() {
                            "reopened" => ReportStatus::Assigned,
                            w => w.parse().map_err(|_| format!("a step with the unknown word {w:?}"))?,
                        };
                        if !may_take(taken, keeper, assigned) {
                            return Err(format!("a step {taken} taken by someone who may not take it"));
                        }
                    }
                }
            }
            _ if reporter => {}
            other => return Err(format!("{other} written by someone other than the reporter")),
        }
    }
    Ok(())
}

/// An order, for a writer the guard was told is not staff and for whom it knows no team: only
/// the resident who ordered edits, cancels before acceptance and rates once after done; only the
/// one whose acceptance stands marks it done; nobody dispatches, accepts or declines.
fn order_rules(b: &Node, a: &Node, before: &AutoCommit, ctx: &Ctx<'_>) -> Result<(), String> {
    const FIXED: [&str; 12] = [
        "type",
        "id",
        "group",
        "created_at",
        "item",
        "title",
        "team",
        "direct",
        "price_fen",
        "unit",
        "requester",
        "ordered_by",
    ];
    fixed(b, a, &FIXED, ctx)?;
    if ctx.creating {
        return if ctx.is_me(string_at(a.get("ordered_by"), "member")) {
            Ok(())
        } else {
            Err("an order placed in someone else's name".into())
        };
    }
    let view = order::read(before).map_err(|e| format!("base unreadable: {e}"))?;
    let requester = view.is_requester(ctx.member);
    let accepter = view.accepted_by().is_some_and(|s| s.member_id == ctx.member);
    for key in changed(Some(b), Some(a)) {
        match key.as_str() {
            k if FIXED.contains(&k) => {}
            "relay_order" => return Err("the relay's numbering written by a device".into()),
            "dispatches" | "signups" => return Err(format!("{key} written by someone on no known team and not staff")),
            "cancelled_at" | "cancelled_by"
                if requester && matches!(view.status, OrderStatus::Ordered | OrderStatus::Dispatched) => {}
            "cancelled_at" | "cancelled_by" => {
                return Err("cancelled by someone who may not, or after acceptance".into());
            }
            "done_at" | "done_by" if accepter && view.status == OrderStatus::Accepted => {}
            "done_at" | "done_by" => return Err("marked done by someone whose acceptance does not stand".into()),
            "rating" => {
                let had = b.get("rating").is_some_and(|r| !r.keys().is_empty());
                if !requester
                    || view.status != OrderStatus::Done
                    || had
                    || !same_object(b.get("rating"), a.get("rating"))
                {
                    return Err("rated by someone other than the one who asked, before done, or twice".into());
                }
            }
            _ if requester => {}
            other => return Err(format!("{other} written by someone other than the one who ordered")),
        }
    }
    Ok(())
}

/// A proposal: its terms never change; comments and ballots only grow, each in its writer's
/// name, a ballot for a unit of the roll its writer votes for; the relay's receipts and early
/// close are never a device's; nobody here is staff, so nobody closes early; anything else is
/// its author's.
fn proposal_rules(b: &Node, a: &Node, before: &AutoCommit, ctx: &Ctx<'_>) -> Result<(), String> {
    const FIXED: [&str; 19] = [
        "type",
        "id",
        "group",
        "created_at",
        "author",
        "title",
        "text",
        "photos",
        "ballot",
        "options",
        "most",
        "electorate",
        "roll",
        "quorum_pct",
        "threshold",
        "opens_at",
        "closes_at",
        "early_close",
        "secret",
    ];
    fixed(b, a, &FIXED, ctx)?;
    if ctx.creating {
        return if ctx.is_me(string_at(a.get("author"), "member")) {
            Ok(())
        } else {
            Err("a proposal made in someone else's name".into())
        };
    }
    let view = proposal::read(before).map_err(|e| format!("base unreadable: {e}"))?;
    let author = view.author.member_id == Some(ctx.member);
    for key in changed(Some(b), Some(a)) {
        match key.as_str() {
            k if FIXED.contains(&k) => {}
            "received" | "closed_early_at" | "sealed" => {
                return Err("the relay's receipts or seal written by a device".into());
            }
            "close_asked_by" | "close_asked_at" => return Err("a vote closed early by someone who is not staff".into()),
            "comments" => own_comments(b, a, ctx)?,
            "ballots" => {
                if !same_object(b.get("ballots"), a.get("ballots")) {
                    return Err("the ballots were replaced or removed".into());
                }
                let (old, new) = (b.get("ballots"), a.get("ballots"));
                for k in changed(old, new) {
                    if old.and_then(|o| o.get(&k)).is_some() {
                        return Err("a ballot was changed or removed".into());
                    }
                    let cast = new.and_then(|n| n.get(&k));
                    let unit = string_at(cast, "unit").unwrap_or_default();
                    let on_roll = view.unit(&unit).is_some_and(|u| u.voters.contains(&ctx.member));
                    if !ctx.is_me(string_at(cast, "voter")) || !on_roll {
                        return Err(
                            "a ballot in someone else's name, or for a unit its writer does not vote for".into(),
                        );
                    }
                }
            }
            _ if author => {}
            other => return Err(format!("{other} written by someone other than its author")),
        }
    }
    Ok(())
}

/// Nobody is staff to the guard here: a need is posted only as one's own wish, and on an
/// existing need only the wisher edits her wish, a member writes their own claim, a standing
/// claimant notes progress and resolves, and the one who asked rates it once it is confirmed.
fn need_rules(b: &Node, a: &Node, before: &AutoCommit, ctx: &Ctx<'_>) -> Result<(), String> {
    const FIXED: [&str; 9] = [
        "type",
        "id",
        "group",
        "created_at",
        "source",
        "source_ref",
        "requester",
        "posted_by",
        "on_the_spot",
    ];
    fixed(b, a, &FIXED, ctx)?;
    if ctx.creating {
        let wish = a.get("source").and_then(Node::string).as_deref() == Some("wish");
        return if ctx.is_me(string_at(a.get("posted_by"), "member"))
            && ctx.is_me(string_at(a.get("requester"), "member"))
            && wish
            && a.get("listed_at").is_none()
        {
            Ok(())
        } else {
            Err("a need posted by someone not staff that is not their own wish".into())
        };
    }
    let view = need::read(before).map_err(|e| format!("base unreadable: {e}"))?;
    let me = ctx.member;
    let asker = view.requester.member_id == Some(me);
    let own_wish = asker && view.status == BoardStatus::Wish;
    let standing = view.standing_claim_of(me).is_some() && view.status == BoardStatus::Claimed;
    for key in changed(Some(b), Some(a)) {
        match key.as_str() {
            k if FIXED.contains(&k) => {}
            "relay_order" => return Err("a member wrote the relay order".into()),
            "listed_at" | "listed_by" | "confirmed_at" | "confirmed_by" => {
                return Err(format!("{key} written by someone not staff"));
            }
            "signups" => {
                if !same_object(b.get("signups"), a.get("signups")) {
                    return Err("the claims were replaced or removed".into());
                }
                for id in changed(b.get("signups"), a.get("signups")) {
                    let (was, is) = (b.at(&["signups", &id]), a.at(&["signups", &id]));
                    if is.is_none() || string_at(was, "member").is_some_and(|m| m != me.to_string()) {
                        return Err("someone else's claim was written or a claim deleted".into());
                    }
                    if !ctx.is_me(string_at(is, "member")) || (asker && was.is_none()) {
                        return Err("a claim not in its writer's name, or by the one who asked".into());
                    }
                    if was.is_none() && !matches!(view.status, BoardStatus::Open | BoardStatus::Claimed) {
                        return Err("a claim of a need not on the board".into());
                    }
                    if is.and_then(|e| e.get("team")).is_some() {
                        return Err("a claim for a team nobody knows the writer is on".into());
                    }
                }
            }
            "progress" => {
                if !standing || !same_object(b.get("progress"), a.get("progress")) {
                    return Err("progress noted by someone whose claim does not stand".into());
                }
                for id in changed(b.get("progress"), a.get("progress")) {
                    if b.at(&["progress", &id]).is_some() {
                        return Err("a progress note was changed".into());
                    }
                }
            }
            "done_at" | "done_by" | "resolution" if standing => {}
            "done_at" | "done_by" | "resolution" => {
                return Err("resolved by someone whose claim does not stand".into());
            }
            "rating" => {
                let had = b.get("rating").is_some_and(|r| !r.keys().is_empty());
                if !asker
                    || view.status != BoardStatus::Confirmed
                    || had
                    || !same_object(b.get("rating"), a.get("rating"))
                {
                    return Err("rated by someone other than the one who asked, before confirmed, or twice".into());
                }
            }
            _ if own_wish => {}
            other => return Err(format!("{other} written by someone not staff on a need on the board")),
        }
    }
    Ok(())
}

/// Nobody is staff or a building leader to the guard here: no notice is posted, and on an
/// existing notice its poster edits it and any member writes only their own read, once.
fn notice_rules(b: &Node, a: &Node, ctx: &Ctx<'_>) -> Result<(), String> {
    const FIXED: [&str; 5] = ["type", "id", "group", "created_at", "posted_by"];
    fixed(b, a, &FIXED, ctx)?;
    if ctx.creating {
        return Err("a notice posted by someone who may not post".into());
    }
    let author = ctx.is_me(string_at(b.get("posted_by"), "member"));
    for key in changed(Some(b), Some(a)) {
        match key.as_str() {
            k if FIXED.contains(&k) => {}
            "reads" => {
                if !same_object(b.get("reads"), a.get("reads")) {
                    return Err("the reads were replaced or removed".into());
                }
                for k in changed(b.get("reads"), a.get("reads")) {
                    if k != ctx.member.to_string() || b.at(&["reads", &k]).is_some() {
                        return Err("a read written for someone else, or twice".into());
                    }
                }
            }
            _ if author => {}
            other => return Err(format!("{other} written by someone other than the poster")),
        }
    }
    Ok(())
}
