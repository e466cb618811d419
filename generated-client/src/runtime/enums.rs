//! The plumbing every generated string enum shares, written once.

/// Implements `FromStr`, `Display`, `Serialize` and `Deserialize` for a generated string enum
/// from its inherent `as_str` and its `From<&str>` (which keeps values it does not know), so
/// each enum's generated code is only its variants and their wire values.
#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum {
    ($name:ident) => {
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::runtime::deps::serde::Serialize for $name {
            fn serialize<S: $crate::runtime::deps::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::runtime::deps::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::runtime::deps::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as $crate::runtime::deps::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                Ok(Self::from(value.as_ref()))
            }
        }
    };
}

pub use crate::__string_enum as string_enum;
