//! Serde plumbing shared by generated code: internally tagged unions that keep unknown tags,
//! and parameter values as text.

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::decode::decode_nested;

/// A parameter value as it goes into a query string or header: strings as they are, numbers
/// and booleans as written in JSON, anything else as compact JSON.
pub fn param_text<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => format!("<unserializable: {e}>"),
    }
}

/// A JSON object read for an internally tagged union: its tag, and the whole object.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    tag_name: &'static str,
    tag: Option<String>,
    value: serde_json::Value,
}

impl Tagged {
    /// Reads any JSON value, noting the string at `tag_name` when it is an object that has one.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
        tag_name: &'static str,
    ) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let tag = value
            .get(tag_name)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        Ok(Tagged {
            tag_name,
            tag,
            value,
        })
    }

    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The variant's payload: the object without its tag.
    ///
    /// A failure names the path of the failing value inside the payload, which the client joins
    /// to the path of the union itself.
    pub fn payload<T: DeserializeOwned, E: serde::de::Error>(self) -> Result<T, E> {
        let mut value = self.value;
        if let Some(object) = value.as_object_mut() {
            object.remove(self.tag_name);
        }
        decode_nested(value).map_err(E::custom)
    }

    /// The object exactly as received (for tags this client does not know).
    pub fn into_value(self) -> serde_json::Value {
        self.value
    }
}

/// Writes `payload` (a variant's payload as JSON) as an object with the tag first, as the API
/// does. Generated code converts the payload first, so this is instantiated once per
/// serializer rather than once per serializer and variant.
pub fn serialize_tagged<S: Serializer>(
    serializer: S,
    tag_name: &str,
    tag_value: Option<&str>,
    payload: Result<serde_json::Value, serde_json::Error>,
) -> Result<S::Ok, S::Error> {
    let tag_value = tag_value.unwrap_or_default();
    let serde_json::Value::Object(fields) = payload.map_err(S::Error::custom)? else {
        return Err(S::Error::custom(format!(
            "the payload of `{tag_name}: {tag_value}` is not an object"
        )));
    };
    let mut object = serde_json::Map::with_capacity(fields.len() + 1);
    object.insert(
        tag_name.to_owned(),
        serde_json::Value::String(tag_value.to_owned()),
    );
    object.extend(fields.into_iter().filter(|(k, _)| k != tag_name));
    object.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_payload_drops_the_tag_and_unknown_keeps_it() {
        let json = serde_json::json!({"type": "DAILY", "endHour": 3});
        let tagged = Tagged::deserialize(json.clone(), "type").unwrap();
        assert_eq!(tagged.tag(), Some("DAILY"));
        let payload: serde_json::Map<String, serde_json::Value> =
            tagged.clone().payload::<_, serde_json::Error>().unwrap();
        assert!(!payload.contains_key("type"));
        assert_eq!(tagged.into_value(), json);
        let written = serialize_tagged(
            serde_json::value::Serializer,
            "type",
            Some("DAILY"),
            serde_json::to_value(&payload),
        )
        .unwrap();
        assert_eq!(written, json);
    }
}
