//! Small readers over Automerge values. Documents can come from any version of Jinlin and from
//! any device, so every read is lenient: a missing or mistyped field reads as absent, never as a
//! panic.

use automerge::{ObjId, ObjType, ReadDoc, ScalarValue, Value};

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

/// The strings in the list at `obj`.
pub fn str_list(doc: &impl ReadDoc, obj: &ObjId) -> Vec<String> {
    (0..doc.length(obj))
        .filter_map(|i| match doc.get(obj, i) {
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Str(s) => Some(s.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The map objects in the list at `obj`.
pub fn obj_list(doc: &impl ReadDoc, obj: &ObjId) -> Vec<ObjId> {
    (0..doc.length(obj))
        .filter_map(|i| match doc.get(obj, i) {
            Ok(Some((Value::Object(ObjType::Map), id))) => Some(id),
            _ => None,
        })
        .collect()
}
