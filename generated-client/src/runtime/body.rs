//! JSON request bodies, with read-only properties removed.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use serde_json::Value;

use super::error::ArgumentError;
use super::request::RequestBody;

/// Removes the JSON properties a type declares `readOnly`, recursively.
///
/// Models are shared between requests and responses, so a value read from the server and sent
/// back would echo server-owned fields that the API rejects or ignores. Generated models remove
/// their own read-only keys (see [`remove_keys`]) and forward to each nested property (see
/// [`strip_field`]); the impls provided here cover primitives (no-ops) and containers
/// (forwarding to their elements).
pub trait ReadOnlyFields {
    /// Removes read-only properties from `json`, which is `self` serialized.
    ///
    /// The default removes nothing, for types without read-only properties.
    fn strip_read_only(&self, json: &mut Value) {
        let _ = json;
    }
}

/// Serializes `body` to JSON with read-only properties removed.
///
/// Fails (as an argument error on `body`) only when the value cannot be represented in JSON,
/// e.g. a map with non-string keys or a non-finite float.
pub fn json_body<T: serde::Serialize + ReadOnlyFields + ?Sized>(
    content_type: &'static str,
    body: &T,
) -> Result<RequestBody, ArgumentError> {
    let mut json = serde_json::to_value(body)
        .map_err(|e| ArgumentError::new("body", format!("cannot be serialized to JSON: {e}")))?;
    body.strip_read_only(&mut json);
    let bytes = serde_json::to_vec(&json)
        .map_err(|e| ArgumentError::new("body", format!("cannot be serialized to JSON: {e}")))?;
    Ok(RequestBody::bytes(content_type, bytes))
}

/// Removes `keys` from `json` if it is an object; a helper for generated
/// [`ReadOnlyFields`] impls.
pub fn remove_keys(json: &mut Value, keys: &[&str]) {
    if let Value::Object(map) = json {
        for key in keys {
            map.remove(*key);
        }
    }
}

/// Lets `field` strip its own read-only properties from `json[key]`; a helper for generated
/// [`ReadOnlyFields`] impls, called once per non-read-only property.
pub fn strip_field<T: ReadOnlyFields + ?Sized>(json: &mut Value, key: &str, field: &T) {
    if let Some(nested) = json.get_mut(key) {
        field.strip_read_only(nested);
    }
}

macro_rules! no_read_only_fields {
    ($($ty:ty),* $(,)?) => {
        $(
            /// Has no properties, so there is nothing to remove.
            impl ReadOnlyFields for $ty {
                fn strip_read_only(&self, _json: &mut Value) {}
            }
        )*
    };
}

no_read_only_fields!(
    String,
    str,
    bool,
    char,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    (),
    Value,
    serde_json::Map<String, Value>,
    serde_json::Number,
    chrono::DateTime<chrono::Utc>,
    chrono::DateTime<chrono::FixedOffset>,
    chrono::NaiveDate,
    chrono::NaiveDateTime,
);

impl<T: ReadOnlyFields + ?Sized> ReadOnlyFields for &T {
    fn strip_read_only(&self, json: &mut Value) {
        (**self).strip_read_only(json);
    }
}

impl<T: ReadOnlyFields + ?Sized> ReadOnlyFields for Box<T> {
    fn strip_read_only(&self, json: &mut Value) {
        (**self).strip_read_only(json);
    }
}

impl<T: ReadOnlyFields> ReadOnlyFields for Option<T> {
    fn strip_read_only(&self, json: &mut Value) {
        if let Some(value) = self {
            value.strip_read_only(json);
        }
    }
}

impl<T: ReadOnlyFields> ReadOnlyFields for [T] {
    fn strip_read_only(&self, json: &mut Value) {
        if let Value::Array(items) = json {
            for (item, item_json) in self.iter().zip(items.iter_mut()) {
                item.strip_read_only(item_json);
            }
        }
    }
}

impl<T: ReadOnlyFields> ReadOnlyFields for Vec<T> {
    fn strip_read_only(&self, json: &mut Value) {
        self.as_slice().strip_read_only(json);
    }
}

impl<T: ReadOnlyFields> ReadOnlyFields for BTreeMap<String, T> {
    fn strip_read_only(&self, json: &mut Value) {
        for (key, value) in self {
            strip_field(json, key, value);
        }
    }
}

impl<T: ReadOnlyFields, S: BuildHasher> ReadOnlyFields for HashMap<String, T, S> {
    fn strip_read_only(&self, json: &mut Value) {
        for (key, value) in self {
            strip_field(json, key, value);
        }
    }
}
