//! The plumbing every generated string enum shares, written once.

/// Implements a generated string enum from its table of variants and wire values:
/// `as_str`, `From<&str>` (which keeps values it does not know in the `unknown:` variant),
/// `FromStr`, `Display`, `Serialize`, `Deserialize`, and `Validate` and `ReadOnlyFields`
/// (nothing to check, nothing to strip).
///
/// Equality, hashing and order compare the wire values, so `Unknown("X")` equals the variant
/// whose value is `X`, and sorting is by wire value. Derives would compare variants, and cost
/// five more expansions per enum.
#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum {
    ($name:ident { $($variant:ident = $value:literal),* $(,)? } unknown: $unknown:ident) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::$unknown(other.to_owned()),
                }
            }
        }

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

        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::std::cmp::Eq for $name {}

        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }

        impl ::std::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<::std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl ::std::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
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

        impl $crate::runtime::Validate for $name {}

        impl $crate::runtime::ReadOnlyFields for $name {}
    };
}

pub use crate::__string_enum as string_enum;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    #[derive(Debug, Clone)]
    enum Status {
        Queued,
        Failed,
        Unknown(String),
    }

    crate::runtime::string_enum!(Status {
        Queued = "QUEUED",
        Failed = "FAILED",
    } unknown: Unknown);

    #[test]
    fn values_round_trip_and_unknown_ones_are_kept() {
        assert_eq!(Status::from("QUEUED").as_str(), "QUEUED");
        assert!(matches!(Status::from("NEW"), Status::Unknown(v) if v == "NEW"));
        let json = serde_json::to_string(&vec![Status::Failed, Status::from("NEW")]).unwrap();
        assert_eq!(json, r#"["FAILED","NEW"]"#);
        let back: Vec<Status> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, vec![Status::Failed, Status::Unknown("NEW".into())]);
        assert_eq!("FAILED".parse::<Status>().unwrap().to_string(), "FAILED");
    }

    #[test]
    fn equality_and_order_go_by_wire_value() {
        assert_eq!(Status::Unknown("QUEUED".into()), Status::Queued);
        assert_ne!(Status::Failed, Status::Queued);
        let set: BTreeSet<Status> = [Status::Queued, Status::Failed, Status::Unknown("A".into())]
            .into_iter()
            .collect();
        let order: Vec<&str> = set.iter().map(Status::as_str).collect();
        assert_eq!(order, ["A", "FAILED", "QUEUED"]);
    }
}
