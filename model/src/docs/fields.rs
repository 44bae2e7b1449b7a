//! Field tables: every document kind lists each field it has, with the rule that says who may
//! create, change or delete it (`docs/<kind>/rules.rs`). The guard ([`super::guard`]) looks up
//! the row of every path a batch writes and applies its rule; a path no row names is a field this
//! build does not know, and each kind says who may add those. A test per kind writes every
//! change the kind's folder can make and checks that each path it writes has its row, so a new
//! field cannot be added without its rule.
//!
//! A row's path is matched against the keys from the document's root to what a patch writes;
//! `*` stands for any key or list index (a member id, a sign-up id, a position). The longest row
//! that is a prefix of the written path applies.

use automerge::{AutoCommit, ObjId, ObjType, Patch, PatchAction, Prop, ReadDoc};

use crate::ids::MemberId;
use crate::read;
use crate::refusal::Refusal;

/// Why a batch was refused: the English sentence of a [`Refusal`] (filled in, for one with
/// something in it), or an error reading the document, as the relay sends it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refused: {0}")]
pub struct Violation(pub String);

/// Refuses with `why`: an entry of the table of refusals ([`crate::refusal`]), so the reader's
/// phone says it in the reader's language.
pub fn deny<T>(why: Refusal) -> Result<T, Violation> {
    Err(why.into())
}

impl From<Refusal> for Violation {
    fn from(why: Refusal) -> Self {
        Violation(why.en().to_string())
    }
}

/// One row of a field table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field<R: 'static> {
    /// Keys from the root; `*` is any key or index.
    pub path: &'static [&'static str],
    /// Who may write it.
    pub rule: R,
}

/// The row of `table` for a written `path`: the longest row that is a prefix of it.
pub fn row_for<'t, R>(table: &'t [Field<R>], path: &[String]) -> Option<&'t Field<R>> {
    table
        .iter()
        .filter(|f| {
            f.path.len() <= path.len() && f.path.iter().zip(path).all(|(want, key)| *want == "*" || want == key)
        })
        .max_by_key(|f| f.path.len())
}

/// Who writes a batch, as the rules need to know them. The relay fills it in from its access
/// policy; the callbacks are asked only when a rule needs them.
pub struct Writer<'a> {
    /// The member whose actor wrote every change of the batch.
    pub member: MemberId,
    /// Whether they keep the registry of the document's group for a building (grid workers,
    /// staff, that building's leader): who moves a photo report on.
    pub keeps: &'a dyn Fn(Option<&str>) -> bool,
    /// The name they go by in the document's group (or a group above), when known: the name a
    /// comment of theirs carries.
    pub name: &'a dyn Fn() -> Option<String>,
    /// Whether they are staff of the document's group or of a group above it: who publishes
    /// the menu and dispatches orders.
    pub staff: &'a dyn Fn() -> bool,
    /// The document's group as it stands (its teams and service menu), when known: who is on
    /// the team an order is dispatched to.
    pub group: &'a dyn Fn() -> Option<crate::GroupView>,
}

impl std::fmt::Debug for Writer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("member", &self.member)
            .finish_non_exhaustive()
    }
}

impl<'a> Writer<'a> {
    /// A writer who keeps no registry, is not staff, and whose name and group are not known
    /// (tests, and callers without a group to ask).
    pub fn member(member: MemberId) -> Writer<'static> {
        Writer {
            member,
            keeps: &|_| false,
            name: &|| None,
            staff: &|| false,
            group: &|| None,
        }
    }
}

/// One patch of a batch, as the rules read it.
#[derive(Debug)]
pub struct Written<'a> {
    /// The document before the batch.
    pub before: &'a AutoCommit,
    /// The document after it.
    pub after: &'a AutoCommit,
    /// The patch.
    pub patch: &'a Patch,
    /// Keys from the root to what it writes.
    pub path: &'a [String],
}

impl Written<'_> {
    /// The key at `depth` of the path.
    pub fn key(&self, depth: usize) -> Option<&str> {
        self.path.get(depth).map(String::as_str)
    }

    /// Whether the patch writes inside an object the batch made (a new entry's fields).
    pub fn in_new_object(&self) -> bool {
        self.patch.obj != automerge::ROOT && self.before.object_type(&self.patch.obj).is_err()
    }

    /// Whether the patch inserts into a list.
    pub fn inserts(&self) -> bool {
        matches!(self.patch.action, PatchAction::Insert { .. })
    }

    /// Whether the patch inserts only new maps into a list (entries whose fields follow).
    pub fn inserts_maps(&self) -> bool {
        matches!(&self.patch.action, PatchAction::Insert { values, .. }
            if values.iter().all(|(v, _, _)| matches!(v, automerge::Value::Object(automerge::ObjType::Map))))
    }

    /// Whether every map the patch inserts holds `member`'s id under `key` once the batch is
    /// applied (an entry signed by its writer); true for a patch that inserts no map.
    pub fn new_maps_name(&self, member: MemberId, key: &str) -> bool {
        let PatchAction::Insert { values, .. } = &self.patch.action else {
            return true;
        };
        let me = member.to_string();
        values
            .iter()
            .filter(|(v, _, _)| matches!(v, automerge::Value::Object(automerge::ObjType::Map)))
            .all(|(_, id, _)| crate::read::str(self.after, id, key).as_deref() == Some(me.as_str()))
    }

    /// Whether the patch deletes a key or list items.
    pub fn deletes(&self) -> bool {
        matches!(
            self.patch.action,
            PatchAction::DeleteMap { .. } | PatchAction::DeleteSeq { .. }
        )
    }

    /// The string the patch leaves where it writes, read from the document after the batch: a
    /// scalar string, or the whole content of a Text object (how other Automerge writers store a
    /// plain string; its patches put the object, then splice its characters).
    pub fn string(&self) -> Option<String> {
        written_str(self.after, self.patch)
    }

    /// Whether the patch writes `member`'s id.
    pub fn writes_id_of(&self, member: MemberId) -> bool {
        self.string() == Some(member.to_string())
    }
}

/// The keys from the root to what the patch writes.
pub fn path_of(p: &Patch) -> Vec<String> {
    let mut out: Vec<String> = p
        .path
        .iter()
        .map(|(_, prop)| match prop {
            Prop::Map(k) => k.clone(),
            Prop::Seq(i) => i.to_string(),
        })
        .collect();
    match &p.action {
        PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => out.push(key.clone()),
        PatchAction::PutSeq { index, .. }
        | PatchAction::Insert { index, .. }
        | PatchAction::DeleteSeq { index, .. } => out.push(index.to_string()),
        _ => {}
    }
    out
}

/// Every path a document's history writes, from its first change: what the coverage tests of
/// the field tables walk.
pub fn paths_written(doc: &mut AutoCommit) -> Vec<Vec<String>> {
    let heads = doc.get_heads();
    doc.diff(&[], &heads).iter().map(path_of).collect()
}

/// See [`Written::string`].
pub fn written_str(after: &AutoCommit, p: &Patch) -> Option<String> {
    match &p.action {
        PatchAction::PutMap { key, .. } => read::str(after, &p.obj, key),
        PatchAction::SpliceText { .. } | PatchAction::DeleteSeq { .. }
            if after.object_type(&p.obj).is_ok_and(|t| t == ObjType::Text) =>
        {
            after.text(&p.obj).ok()
        }
        _ => None,
    }
}

/// The entries of the list at `key` in the root made by the batch (absent before), in order.
pub fn new_list_entries(before: &AutoCommit, after: &AutoCommit, key: &str) -> Vec<ObjId> {
    let Some(list) = read::obj(after, &automerge::ROOT, key) else {
        return Vec::new();
    };
    (0..after.length(&list))
        .filter_map(|i| match after.get(&list, i) {
            Ok(Some((automerge::Value::Object(_), id))) => Some(id),
            _ => None,
        })
        .filter(|id| before.object_type(id).is_err())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum R {
        A,
        B,
        C,
    }

    const TABLE: &[Field<R>] = &[
        Field {
            path: &["members"],
            rule: R::A,
        },
        Field {
            path: &["members", "*"],
            rule: R::B,
        },
        Field {
            path: &["members", "*", "role"],
            rule: R::C,
        },
    ];

    fn path(keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn the_longest_matching_row_decides_and_an_unknown_field_has_none() {
        assert_eq!(row_for(TABLE, &path(&["members"])).map(|f| f.rule), Some(R::A));
        assert_eq!(
            row_for(TABLE, &path(&["members", "m1", "name"])).map(|f| f.rule),
            Some(R::B)
        );
        assert_eq!(
            row_for(TABLE, &path(&["members", "m1", "role"])).map(|f| f.rule),
            Some(R::C)
        );
        assert_eq!(row_for(TABLE, &path(&["status"])), None);
    }
}
