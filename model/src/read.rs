//! Small readers over Automerge values. Documents can come from any version of Jinlin and from
//! any device, so every read is lenient: a missing or mistyped field reads as absent, never as a
//! panic. A string may be a scalar string (what Jinlin writes) or an Automerge Text object (what
//! other Automerge writers make of a plain string, the official JavaScript library among them):
//! both read as the same string.
//!
//! Each single read (`str`, `int`, ...) is a lookup in the document, a few microseconds each.
//! [`Fields`] reads a whole map in one pass, for readers that take a dozen fields from one map
//! (a visit, a need): same answers, a fraction of the time.

use automerge::{ObjId, ObjType, ReadDoc, ScalarValue, ScalarValueRef, Value, ValueRef};

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

/// The string at `key`, if any: a scalar string, or the content of a Text object.
pub fn str(doc: &impl ReadDoc, parent: &ObjId, key: &str) -> Option<String> {
    match doc.get(parent, key) {
        Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
            ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        },
        Ok(Some((Value::Object(ObjType::Text), text))) => doc.text(&text).ok(),
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

/// The strings in the list at `obj` (one pass over the list), scalar strings and Text objects.
pub fn str_list(doc: &impl ReadDoc, obj: &ObjId) -> Vec<String> {
    doc.list_range(obj, ..)
        .filter_map(|item| match item.value {
            ValueRef::Object(ObjType::Text) => doc.text(item.id()).ok(),
            value => Value::from(value).into_string().ok(),
        })
        .collect()
}

/// The map objects in the list at `obj` (one pass over the list).
pub fn obj_list(doc: &impl ReadDoc, obj: &ObjId) -> Vec<ObjId> {
    doc.list_range(obj, ..)
        .filter(|item| matches!(item.value, ValueRef::Object(ObjType::Map)))
        .map(|item| item.id())
        .collect()
}

/// The entries of one map, read in a single pass over it. Its readers answer exactly as the
/// single reads above do for the same map.
#[derive(Debug, Default)]
pub struct Fields {
    entries: Vec<(String, Field)>,
}

#[derive(Debug)]
enum Field {
    Str(String),
    Int(i64),
    Timestamp(i64),
    Uint(u64),
    F64(f64),
    Bool(bool),
    Object(ObjType, ObjId),
    Other,
}

impl Fields {
    /// Reads the map at `obj` (nothing, if it is not a map).
    pub fn of(doc: &impl ReadDoc, obj: &ObjId) -> Fields {
        let entries = doc
            .map_range(obj, ..)
            .map(|item| {
                let field = match &item.value {
                    ValueRef::Object(ObjType::Text) => Field::Str(doc.text(item.id()).unwrap_or_default()),
                    ValueRef::Object(t) => Field::Object(*t, item.id()),
                    ValueRef::Scalar(s) => match s {
                        ScalarValueRef::Str(s) => Field::Str(s.to_string()),
                        ScalarValueRef::Int(i) => Field::Int(*i),
                        ScalarValueRef::Timestamp(i) => Field::Timestamp(*i),
                        ScalarValueRef::Uint(u) => Field::Uint(*u),
                        ScalarValueRef::F64(f) => Field::F64(*f),
                        ScalarValueRef::Boolean(b) => Field::Bool(*b),
                        _ => Field::Other,
                    },
                };
                (item.key.into_owned(), field)
            })
            .collect();
        Fields { entries }
    }

    fn get(&self, key: &str) -> Option<&Field> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, f)| f)
    }

    /// The keys, in the document's order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// Like [`str`].
    pub fn str(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Field::Str(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// Like [`int`].
    pub fn int(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Field::Int(i) | Field::Timestamp(i) => Some(*i),
            Field::Uint(u) => i64::try_from(*u).ok(),
            _ => None,
        }
    }

    /// Like [`float`].
    pub fn float(&self, key: &str) -> Option<f64> {
        match self.get(key)? {
            Field::F64(f) => Some(*f),
            Field::Int(i) => Some(*i as f64),
            _ => None,
        }
    }

    /// Like [`bool`].
    pub fn bool(&self, key: &str) -> bool {
        matches!(self.get(key), Some(Field::Bool(true)))
    }

    /// Like [`obj`].
    pub fn obj(&self, key: &str) -> Option<ObjId> {
        match self.get(key)? {
            Field::Object(ObjType::Map | ObjType::List, id) => Some(id.clone()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT, ScalarValue};

    use super::*;

    #[test]
    fn reading_a_map_in_one_pass_answers_as_reading_each_field() {
        let mut doc = AutoCommit::new();
        let values: Vec<(&str, ScalarValue)> = vec![
            ("s", ScalarValue::Str("text".into())),
            ("i", ScalarValue::Int(-7)),
            ("t", ScalarValue::Timestamp(1_760_000_000_000)),
            ("u", ScalarValue::Uint(42)),
            ("big", ScalarValue::Uint(u64::MAX)),
            ("f", ScalarValue::F64(31.2)),
            ("yes", ScalarValue::Boolean(true)),
            ("no", ScalarValue::Boolean(false)),
            ("null", ScalarValue::Null),
            ("bytes", ScalarValue::Bytes(vec![1, 2])),
            ("counter", ScalarValue::counter(3)),
        ];
        for (k, v) in &values {
            doc.put(ROOT, *k, v.clone()).expect("put");
        }
        doc.put_object(ROOT, "map", ObjType::Map).expect("map");
        doc.put_object(ROOT, "list", ObjType::List).expect("list");
        doc.put_object(ROOT, "text_obj", ObjType::Text).expect("text");
        let fields = Fields::of(&doc, &ROOT);
        let mut names: Vec<String> = values.iter().map(|(k, _)| k.to_string()).collect();
        names.extend(["map", "list", "text_obj", "missing"].map(String::from));
        for k in &names {
            assert_eq!(fields.str(k), str(&doc, &ROOT, k), "str {k}");
            assert_eq!(fields.int(k), int(&doc, &ROOT, k), "int {k}");
            assert_eq!(fields.float(k), float(&doc, &ROOT, k), "float {k}");
            assert_eq!(fields.bool(k), bool(&doc, &ROOT, k), "bool {k}");
            assert_eq!(fields.obj(k), obj(&doc, &ROOT, k), "obj {k}");
        }
        let mut listed: Vec<&str> = fields.keys().collect();
        listed.sort();
        let mut all = super::keys(&doc, &ROOT);
        all.sort();
        assert_eq!(listed, all.iter().map(String::as_str).collect::<Vec<_>>());
        let list = obj(&doc, &ROOT, "list").expect("list");
        assert_eq!(Fields::of(&doc, &list).keys().count(), 0, "a list is no map");
    }

    #[test]
    fn a_text_object_reads_as_the_string_it_holds_wherever_a_string_is_read() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "scalar", "Rice and eggs").expect("put");
        let text = doc.put_object(ROOT, "text", ObjType::Text).expect("text");
        doc.splice_text(&text, 0, 0, "Rice and eggs").expect("splice");
        let list = doc.put_object(ROOT, "list", ObjType::List).expect("list");
        doc.insert(&list, 0, "driver").expect("insert");
        let item = doc.insert_object(&list, 1, ObjType::Text).expect("text item");
        doc.splice_text(&item, 0, 0, "nurse").expect("splice");
        assert_eq!(str(&doc, &ROOT, "text").as_deref(), Some("Rice and eggs"));
        assert_eq!(str(&doc, &ROOT, "text"), str(&doc, &ROOT, "scalar"));
        assert_eq!(Fields::of(&doc, &ROOT).str("text").as_deref(), Some("Rice and eggs"));
        assert_eq!(str_list(&doc, &list), ["driver", "nurse"]);
    }
}
