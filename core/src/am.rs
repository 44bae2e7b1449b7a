//! Small readers over Automerge values. Documents can come from any version of Jinlin and from
//! any device, so every read is lenient: a missing or mistyped field reads as absent, never as a
//! panic.

use automerge::{ObjId, ObjType, ReadDoc, ScalarValue, Value, ValueRef};

/// The object at `key` of `obj`, if it is a map or list.
pub fn obj(doc: &impl ReadDoc, parent: &ObjId, key: &str) -> Option<ObjId> {
    match doc.get(parent, key) {
        Ok(Some((Value::Object(ObjType::Map | ObjType::List), id))) => Some(id),
        _ => None,
    }
}

fn scalar(doc: &impl ReadDoc, parent: &ObjId, key: &str) -> Option<ScalarValue> {
    match doc.get(parent, key) {
        Ok(Some((Value::Scalar(s), _))) => Some(s.into_owned()),
        _ => None,
    }
}

/// The string at `key`, if any.
pub fn str(doc: &impl ReadDoc, parent: &ObjId, key: &str) -> Option<String> {
    match scalar(doc, parent, key)? {
        ScalarValue::Str(s) => Some(s.to_string()),
        _ => None,
    }
}

/// The integer (or timestamp) at `key`, if any.
pub fn int(doc: &impl ReadDoc, parent: &ObjId, key: &str) -> Option<i64> {
    match scalar(doc, parent, key)? {
        ScalarValue::Int(i) | ScalarValue::Timestamp(i) => Some(i),
        ScalarValue::Uint(u) => i64::try_from(u).ok(),
        _ => None,
    }
}

/// The float at `key`, if any.
pub fn float(doc: &impl ReadDoc, parent: &ObjId, key: &str) -> Option<f64> {
    match scalar(doc, parent, key)? {
        ScalarValue::F64(f) => Some(f),
        ScalarValue::Int(i) => Some(i as f64),
        _ => None,
    }
}

/// The boolean at `key`; absent reads as false.
pub fn bool(doc: &impl ReadDoc, parent: &ObjId, key: &str) -> bool {
    matches!(scalar(doc, parent, key), Some(ScalarValue::Boolean(true)))
}

/// The keys of the map at `obj`.
pub fn keys(doc: &impl ReadDoc, obj: &ObjId) -> Vec<String> {
    doc.keys(obj).collect()
}

/// The strings in the list at `obj` (one pass over the list).
pub fn str_list(doc: &impl ReadDoc, obj: &ObjId) -> Vec<String> {
    doc.list_range(obj, ..)
        .filter_map(|item| Value::from(item.value).into_string().ok())
        .collect()
}

/// The map objects in the list at `obj` (one pass over the list).
pub fn obj_list(doc: &impl ReadDoc, obj: &ObjId) -> Vec<ObjId> {
    doc.list_range(obj, ..)
        .filter(|item| matches!(item.value, ValueRef::Object(ObjType::Map)))
        .map(|item| item.id())
        .collect()
}

/// A map's entries, read in one pass: one seek into the document for the whole map instead of
/// one per key. It matters where many maps are read at once (a thousand member entries of a
/// group read ten times faster). The readers are as lenient as the ones above.
#[derive(Debug, Default)]
pub struct Entries(Vec<(String, Value<'static>, Option<ObjId>)>);

impl Entries {
    /// The entries of the map at `obj` (none if it is not a map).
    pub fn read(doc: &impl ReadDoc, obj: &ObjId) -> Self {
        Entries(
            doc.map_range(obj, ..)
                .map(|item| {
                    let id = matches!(item.value, ValueRef::Object(_)).then(|| item.id());
                    (item.key.into_owned(), Value::from(item.value), id)
                })
                .collect(),
        )
    }

    fn value(&self, key: &str) -> Option<&Value<'static>> {
        self.0.iter().find(|(k, _, _)| k == key).map(|(_, v, _)| v)
    }

    /// The string at `key`, if any.
    pub fn str(&self, key: &str) -> Option<String> {
        self.value(key)?.as_str().map(str::to_string)
    }

    /// The integer (or timestamp) at `key`, if any.
    pub fn int(&self, key: &str) -> Option<i64> {
        match self.value(key)?.as_scalar()? {
            ScalarValue::Int(i) | ScalarValue::Timestamp(i) => Some(*i),
            ScalarValue::Uint(u) => i64::try_from(*u).ok(),
            _ => None,
        }
    }

    /// The map or list at `key`, if any.
    pub fn obj(&self, key: &str) -> Option<ObjId> {
        self.0
            .iter()
            .find(|(k, v, _)| k == key && matches!(v, Value::Object(ObjType::Map | ObjType::List)))
            .and_then(|(_, _, id)| id.clone())
    }
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    use super::*;

    #[test]
    fn a_map_read_in_one_pass_reads_like_field_by_field() {
        let mut doc = AutoCommit::new();
        let m = doc.put_object(ROOT, "m", ObjType::Map).expect("map");
        doc.put(&m, "name", "Wang Fang").expect("put");
        doc.put(&m, "joined_at", 42i64).expect("put");
        doc.put(&m, "unit", 7i64).expect("put");
        let list = doc.put_object(&m, "skills", ObjType::List).expect("list");
        doc.insert(&list, 0, "driver").expect("insert");
        doc.insert(&list, 1, 3i64).expect("insert");
        doc.insert(&list, 2, "nurse").expect("insert");

        let e = Entries::read(&doc, &m);
        for key in ["name", "joined_at", "unit", "skills", "absent"] {
            assert_eq!(e.str(key), str(&doc, &m, key), "{key}");
            assert_eq!(e.int(key), int(&doc, &m, key), "{key}");
            assert_eq!(e.obj(key), obj(&doc, &m, key), "{key}");
        }
        // A mistyped field reads as absent; a list keeps only its strings.
        assert_eq!(e.str("unit"), None);
        assert_eq!(str_list(&doc, &list), ["driver", "nurse"]);
        // Not a map: no entries, no panic.
        assert_eq!(Entries::read(&doc, &list).str("name"), None);
    }
}
