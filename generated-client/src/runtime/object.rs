//! Generated structs to and from JSON objects: one visitor for all of them.
//!
//! serde's derives on a struct that keeps unknown properties (`#[serde(flatten)]`) expand to
//! about 360 lines per struct, which made serde most of the compile time of a large client.
//! [`serde_struct!`](crate::runtime::serde_struct) expands to one small `match` and one list of
//! entries per struct instead; everything else is here, written once.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Error, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize};

/// A struct read from a JSON object, field by field (implemented by
/// [`serde_struct!`](crate::runtime::serde_struct)).
pub trait FromObject<'de>: Sized {
    fn from_object<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a [`FromObject`] type named `name`: a JSON object, anything
/// else is an "invalid type" error naming the struct.
pub fn deserialize<'de, T: FromObject<'de>, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(name, PhantomData))
}

// The name is a field rather than an associated const of `FromObject`: one const per struct
// was one more item for the compiler to check, hundreds of times over.
struct ObjectVisitor<T>(&'static str, PhantomData<T>);

impl<'de, T: FromObject<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_object(map)
    }
}

/// Reads the value of a known property into its slot; a property given twice is an error, as
/// with serde's derive.
pub fn fill<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    name: &'static str,
    map: &mut A,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a property after the whole object was read: an absent `Option` is `None`,
/// any other absent value is a "missing field" error (serde's derive does the same).
pub fn take<'de, T: Deserialize<'de>, E: Error>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing).map_err(|_| E::missing_field(name)),
    }
}

/// Where the properties a struct does not list go: kept as JSON, kept typed
/// (`additionalProperties: {schema}`), or read and dropped (`additionalProperties: false`,
/// which serde's derive also tolerates).
pub trait Rest<'de>: Default {
    fn read<A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error>;

    /// Writes the kept properties after the struct's own.
    fn write<M: SerializeMap>(&self, _map: &mut M) -> Result<(), M::Error> {
        Ok(())
    }
}

impl<'de> Rest<'de> for serde_json::Map<String, serde_json::Value> {
    fn read<A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error> {
        self.insert(key, map.next_value()?);
        Ok(())
    }

    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        self.iter()
            .try_for_each(|(key, value)| map.serialize_entry(key, value))
    }
}

impl<'de, T: Deserialize<'de> + Serialize> Rest<'de> for BTreeMap<String, T> {
    fn read<A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error> {
        self.insert(key, map.next_value()?);
        Ok(())
    }

    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        self.iter()
            .try_for_each(|(key, value)| map.serialize_entry(key, value))
    }
}

/// Unknown properties of a struct that keeps none.
#[derive(Default)]
pub struct Ignored;

impl<'de> Rest<'de> for Ignored {
    fn read<A: MapAccess<'de>>(&mut self, _key: String, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>()?;
        Ok(())
    }
}

/// A deserializer for an absent property: `None` for an `Option`, an error for anything else.
struct Missing;

impl<'de> Deserializer<'de> for Missing {
    // Whatever the error says, the caller reports the field as missing.
    type Error = serde::de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(Self::Error::custom("missing"))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// Implements `Serialize` and `Deserialize` for a generated struct from its table of fields:
/// `field: Type = "jsonName"`, followed by `skip_none` for an `Option` left out when empty, and
/// after the table `rest: field` for the field that keeps every other property.
///
/// Each listed property is read into its field and any other one into `rest` (or dropped when
/// there is none); writing gives the fields in table order, then the rest. The types are
/// repeated here so the compiler checks each struct's code without inferring anything.
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_struct {
    (
        $name:ident { $($field:ident: $ty:ty = $json:literal $($skip:ident)?),* $(,)? }
        $(rest: $rest:ident)?
    ) => {
        impl $crate::runtime::deps::serde::Serialize for $name {
            fn serialize<S: $crate::runtime::deps::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                use $crate::runtime::deps::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                $($crate::__serde_struct!(@write map, self.$field, $json $(, $skip)?);)*
                $($crate::runtime::object::Rest::write(&self.$rest, &mut map)?;)?
                map.end()
            }
        }

        impl<'de> $crate::runtime::deps::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::runtime::deps::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::object::deserialize(deserializer, stringify!($name))
            }
        }

        impl<'de> $crate::runtime::object::FromObject<'de> for $name {
            fn from_object<A: $crate::runtime::deps::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field: ::std::option::Option<$ty> = None;)*
                let mut rest = $crate::__serde_struct!(@rest $($rest)?);
                // One `?` per property and one per field that can be missing: every early return
                // drops every slot, so fewer of them make much smaller MIR for wide structs.
                while let Some(key) = map.next_key::<::std::string::String>()? {
                    match key.as_str() {
                        $($json => $crate::runtime::object::fill::<$ty, A>(&mut $field, $json, &mut map),)*
                        _ => $crate::runtime::object::Rest::read(&mut rest, key, &mut map),
                    }?;
                }
                Ok(Self {
                    $($field: $crate::__serde_struct!(@take $field, $ty, $json, A $(, $skip)?),)*
                    $($rest: rest,)?
                })
            }
        }
    };
    (@write $map:ident, $value:expr, $json:literal) => {
        $map.serialize_entry($json, &$value)?
    };
    (@write $map:ident, $value:expr, $json:literal, skip_none) => {
        if let Some(value) = &$value {
            $map.serialize_entry($json, value)?;
        }
    };
    (@take $field:ident, $ty:ty, $json:literal, $access:ident) => {
        $crate::runtime::object::take::<$ty, $access::Error>($field, $json)?
    };
    // A `skip_none` field is an `Option`: absent is `None`, nothing can be missing.
    (@take $field:ident, $ty:ty, $json:literal, $access:ident, skip_none) => {
        $field.unwrap_or_default()
    };
    (@rest $rest:ident) => { ::std::default::Default::default() };
    (@rest) => { $crate::runtime::object::Ignored };
}

pub use crate::__serde_struct as serde_struct;

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct Archive {
        name: String,
        days: Option<i32>,
        nullable: Option<String>,
        map: Option<bool>,
        additional_properties: serde_json::Map<String, serde_json::Value>,
    }

    crate::runtime::serde_struct!(Archive {
        name: String = "name",
        days: Option<i32> = "expireAfterDays" skip_none,
        nullable: Option<String> = "nullable",
        map: Option<bool> = "map" skip_none,
    } rest: additional_properties);

    #[derive(Debug, PartialEq)]
    struct Closed {
        key: i64,
    }

    crate::runtime::serde_struct!(Closed { key: i64 = "key" });

    #[derive(Debug, PartialEq)]
    struct Typed {
        additional_properties: std::collections::BTreeMap<String, i32>,
    }

    crate::runtime::serde_struct!(Typed {} rest: additional_properties);

    #[test]
    fn known_properties_fill_fields_and_unknown_ones_are_kept() {
        let archive: Archive = serde_json::from_value(json!({
            "name": "a", "expireAfterDays": 3, "nullable": null, "other": [1], "map": true
        }))
        .unwrap();
        assert_eq!(archive.name, "a");
        assert_eq!(archive.days, Some(3));
        assert_eq!(archive.nullable, None);
        assert_eq!(archive.map, Some(true));
        assert_eq!(
            serde_json::Value::Object(archive.additional_properties),
            json!({"other": [1]})
        );
    }

    #[test]
    fn absent_options_are_none_and_absent_values_are_missing() {
        let archive: Archive = serde_json::from_value(json!({"name": "a"})).unwrap();
        assert_eq!((archive.days, archive.map), (None, None));
        let error = serde_json::from_value::<Archive>(json!({"days": 1})).unwrap_err();
        assert_eq!(error.to_string(), "missing field `name`");
    }

    #[test]
    fn errors_read_like_serde_derive() {
        let error = serde_json::from_str::<Archive>(r#"{"name": "a", "name": "b"}"#).unwrap_err();
        assert!(
            error.to_string().starts_with("duplicate field `name`"),
            "{error}"
        );
        let error = serde_json::from_str::<Archive>(r#"["a"]"#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid type: sequence, expected struct Archive"),
            "{error}"
        );
        let error = serde_json::from_str::<Archive>(r#"{"name": "a", "expireAfterDays": "x"}"#)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"invalid type: string "x", expected i32 at line 1 column 36"#
        );
    }

    #[test]
    fn closed_structs_drop_unknown_properties_and_typed_rest_is_typed() {
        let closed: Closed = serde_json::from_value(json!({"key": 1, "x": {"y": 2}})).unwrap();
        assert_eq!(closed, Closed { key: 1 });
        let typed: Typed = serde_json::from_value(json!({"a": 1, "b": 2})).unwrap();
        assert_eq!(typed.additional_properties.len(), 2);
        assert!(serde_json::from_value::<Typed>(json!({"a": "x"})).is_err());
    }

    #[test]
    fn writing_gives_fields_in_order_then_the_rest_and_skips_empty_options() {
        let text = r#"{"name":"a","nullable":null,"expireAfterDays":3,"z":1,"b":[true]}"#;
        let archive: Archive = serde_json::from_str(text).unwrap();
        assert_eq!(
            serde_json::to_string(&archive).unwrap(),
            r#"{"name":"a","expireAfterDays":3,"nullable":null,"z":1,"b":[true]}"#
        );
        let closed = serde_json::to_value(Closed { key: 7 }).unwrap();
        assert_eq!(closed, json!({"key": 7}));
        let typed: Typed = serde_json::from_value(json!({"b": 2, "a": 1})).unwrap();
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            json!({"a": 1, "b": 2})
        );
    }

    #[derive(Debug, PartialEq)]
    struct Odd {
        quoted: Option<String>,
        generic: i32,
    }

    crate::runtime::serde_struct!(Odd {
        quoted: Option<String> = "say \"hi\", {x}" skip_none,
        generic: i32 = "map<a, b>",
    });

    #[test]
    fn json_names_are_used_exactly_as_written() {
        let json = json!({"say \"hi\", {x}": "yes", "map<a, b>": 2});
        let odd: Odd = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(odd.quoted.as_deref(), Some("yes"));
        assert_eq!(serde_json::to_value(&odd).unwrap(), json);
    }

    #[test]
    fn the_path_of_a_nested_failure_is_kept() {
        let body = br#"{"name": "a", "other": 1, "expireAfterDays": true}"#;
        let failure = crate::runtime::decode::decode_json::<Archive>(body).unwrap_err();
        assert_eq!(failure.path, "expireAfterDays");
    }
}
