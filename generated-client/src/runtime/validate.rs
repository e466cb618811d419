//! `validate()` of generated models: the spec's constraints, every violation with its JSON
//! path, checked before a request is sent.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use super::error::ArgumentError;

/// One broken constraint: where (a JSON path such as `schedule.endHour` or
/// `partitionFields[1].order`) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every constraint a value breaks, not only the first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all: Vec<String> = self.violations.iter().map(Violation::to_string).collect();
        f.write_str(&all.join("; "))
    }
}

/// The spec's constraints (pattern, minimum/maximum, lengths, item counts) of a model.
/// Generated for every model; operations call it on request bodies before sending.
pub trait Validate {
    /// Appends the violations of `self`, found at `path`, to `out`.
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        let _ = (path, out);
    }

    /// `Ok` when every constraint holds, otherwise all violations.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut violations = Vec::new();
        self.validate_at("", &mut violations);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations })
        }
    }
}

macro_rules! nothing_to_validate {
    ($($t:ty),*) => { $(impl Validate for $t {})* };
}
nothing_to_validate!(
    String, str, bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, serde_json::Value,
    serde_json::Map<String, serde_json::Value>, chrono::DateTime<chrono::Utc>, chrono::NaiveDate
);

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_at(path, out);
        }
    }
}

impl<T: Validate> Validate for [T] {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(&format!("{path}[{i}]"), out);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        self.as_slice().validate_at(path, out);
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        for (key, value) in self {
            value.validate_at(&join_path(path, key), out);
        }
    }
}

impl<T: Validate> Validate for HashMap<String, T> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        for (key, value) in self {
            value.validate_at(&join_path(path, key), out);
        }
    }
}

/// Validates `value`, the property `name` of the object at `path`; an absent `Option` has
/// nothing to check.
pub fn validate_field<T: Validate + ?Sized>(
    value: &T,
    path: &str,
    name: &str,
    out: &mut Vec<Violation>,
) {
    value.validate_at(&join_path(path, name), out);
}

/// `base.field`, or `field` at the top.
pub fn join_path(base: &str, field: &str) -> String {
    if base.is_empty() {
        field.to_owned()
    } else {
        format!("{base}.{field}")
    }
}

/// One check per constraint keyword; each appends a [`Violation`] when it fails.
pub mod check {
    use super::Violation;

    fn fail(at: &str, out: &mut Vec<Violation>, message: String) {
        out.push(Violation {
            path: at.to_owned(),
            message,
        });
    }

    pub fn pattern(at: &str, value: &str, pattern: &'static str, out: &mut Vec<Violation>) {
        if !super::super::matches_pattern(pattern, value) {
            fail(
                at,
                out,
                format!("`{value}` does not match the pattern {pattern}"),
            );
        }
    }

    pub fn min_length(at: &str, value: &str, min: usize, out: &mut Vec<Violation>) {
        let len = value.chars().count();
        if len < min {
            fail(
                at,
                out,
                format!("is {len} characters long, the minimum is {min}"),
            );
        }
    }

    pub fn max_length(at: &str, value: &str, max: usize, out: &mut Vec<Violation>) {
        let len = value.chars().count();
        if len > max {
            fail(
                at,
                out,
                format!("is {len} characters long, the maximum is {max}"),
            );
        }
    }

    pub fn min_items(at: &str, len: usize, min: usize, out: &mut Vec<Violation>) {
        if len < min {
            fail(at, out, format!("has {len} items, the minimum is {min}"));
        }
    }

    pub fn max_items(at: &str, len: usize, max: usize, out: &mut Vec<Violation>) {
        if len > max {
            fail(at, out, format!("has {len} items, the maximum is {max}"));
        }
    }

    pub fn unique_items<T: PartialEq>(at: &str, items: &[T], out: &mut Vec<Violation>) {
        let repeated = (1..items.len()).find(|&i| items[..i].contains(&items[i]));
        if let Some(i) = repeated {
            fail(
                at,
                out,
                format!("items must be unique, item {i} repeats an earlier one"),
            );
        }
    }

    pub fn minimum(at: &str, value: f64, min: f64, out: &mut Vec<Violation>) {
        if value < min {
            fail(at, out, format!("is {value}, the minimum is {min}"));
        }
    }

    pub fn exclusive_minimum(at: &str, value: f64, min: f64, out: &mut Vec<Violation>) {
        if value <= min {
            fail(
                at,
                out,
                format!("is {value}, it must be greater than {min}"),
            );
        }
    }

    pub fn maximum(at: &str, value: f64, max: f64, out: &mut Vec<Violation>) {
        if value > max {
            fail(at, out, format!("is {value}, the maximum is {max}"));
        }
    }

    pub fn exclusive_maximum(at: &str, value: f64, max: f64, out: &mut Vec<Violation>) {
        if value >= max {
            fail(at, out, format!("is {value}, it must be less than {max}"));
        }
    }

    pub fn one_of(at: &str, value: f64, allowed: &[f64], out: &mut Vec<Violation>) {
        if !allowed.contains(&value) {
            fail(
                at,
                out,
                format!("is {value}, which is not one of {allowed:?}"),
            );
        }
    }
}

/// Turns parameter violations into the error an operation returns before sending anything.
pub fn ensure_valid(violations: Vec<Violation>) -> Result<(), ArgumentError> {
    let Some(first) = violations.first() else {
        return Ok(());
    };
    // The parameter is named by the error itself; messages of further violations keep theirs.
    let parameter = first.path.clone();
    let messages: Vec<String> = violations
        .iter()
        .map(|v| {
            if v.path == parameter {
                v.message.clone()
            } else {
                v.to_string()
            }
        })
        .collect();
    Err(ArgumentError::new(parameter, messages.join("; ")))
}

/// Validates a request body; a violation is an `InvalidArgument` naming `body`.
pub fn validate_body<T: Validate + ?Sized>(body: &T) -> Result<(), ArgumentError> {
    body.validate()
        .map_err(|e| ArgumentError::new("body", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn violations_carry_their_paths() {
        let mut out = Vec::new();
        check::minimum("schedule.endHour", -1.0, 0.0, &mut out);
        check::max_items("roles", 3, 2, &mut out);
        check::pattern("groupId", "xyz", "^([a-f0-9]{24})$", &mut out);
        assert_eq!(out.len(), 3);
        assert_eq!(
            out[0].to_string(),
            "schedule.endHour: is -1, the minimum is 0"
        );
        let err = ensure_valid(out).unwrap_err();
        assert_eq!(err.parameter, "schedule.endHour");
        assert!(err
            .message
            .starts_with("is -1, the minimum is 0; roles: has 3 items"));
    }
}
