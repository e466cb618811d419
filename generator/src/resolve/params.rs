//! Parameters: their types and constraints, and the path template they fill.

use super::flat::{flatten, SchemaRef};
use super::schema::docs_of;
use super::Resolver;
use crate::diagnostics::{Pointer, SpecError, SpecResult};
use crate::ir::{Docs, Param, PathPart, Style, TypeKind, TypeRef};
use crate::naming::{self, Scope};
use openapiv3::{Parameter, ParameterData, ParameterSchemaOrContent, PathStyle, QueryStyle};

pub(super) fn resolve_param<'s>(
    r: &mut Resolver<'s>,
    data: &'s ParameterData,
    at: &Pointer,
    type_hint: &str,
    style: Style,
    names: &mut Scope,
) -> SpecResult<Param> {
    let ParameterSchemaOrContent::Schema(schema) = &data.format else {
        return Err(SpecError::new(
            at,
            "parameters described by `content` are not supported; use `schema`",
        ));
    };
    let schema_at = at.push("schema");
    // Shared parameters name their types after themselves, so all operations share one type.
    let hint = if at.as_str().starts_with("#/components/") {
        data.name.clone()
    } else {
        format!("{type_hint}_{}", data.name)
    };
    let schema_ref: SchemaRef<'_> = schema.into();
    let ty = r.resolve_schema(schema_ref, &schema_at, &hint)?;
    let (target, target_at) = r.deref(schema_ref, &schema_at)?;
    let flat = flatten(target);
    Ok(Param {
        rust_name: names.claim(&naming::snake_name(&data.name)),
        api_name: data.name.clone(),
        ty,
        required: data.required,
        docs: Docs {
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            ..docs_of(&target.schema_data)
        },
        constraints: super::schema::constraints_of(r, &flat, &target_at)?,
        default: target.schema_data.default.clone(),
        format: flat
            .format
            .filter(|f| {
                !matches!(
                    *f,
                    "int32" | "int64" | "date-time" | "date" | "double" | "float"
                )
            })
            .map(str::to_owned),
        // Only `form` explodes by default (OpenAPI 3.0, Parameter Object).
        explode: data.explode.unwrap_or(style == Style::Form),
        style,
    })
}

/// A pattern written for the encoded form of a path value (`%2[fF]subscriptions`, Atlas's
/// Azure endpoint ids) rewritten for the raw value (`/subscriptions`). A `%` followed by two
/// hex digits, each possibly a class of one digit's cases like `[fF]`, is that character.
pub(super) fn decode_percent_escapes(pattern: &str) -> String {
    fn hex_unit(s: &str) -> Option<(u8, usize)> {
        let c = s.chars().next()?;
        if c.is_ascii_hexdigit() {
            return Some((c.to_digit(16)? as u8, 1));
        }
        let class = s.strip_prefix('[')?;
        let end = class.find(']')?;
        let digits: Vec<u32> = class[..end]
            .chars()
            .map(|c| c.to_digit(16))
            .collect::<Option<_>>()?;
        let first = *digits.first()?;
        digits
            .iter()
            .all(|d| *d == first)
            .then_some((first as u8, end + 2))
    }
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let decoded = hex_unit(after)
            .and_then(|(hi, n1)| hex_unit(&after[n1..]).map(|(lo, n2)| ((hi << 4) | lo, n1 + n2)));
        match decoded {
            Some((byte, len)) if byte.is_ascii() && !byte.is_ascii_control() => {
                let c = byte as char;
                if c.is_ascii_alphanumeric() || c == '/' || c == '-' || c == '_' || c == ' ' {
                    out.push(c);
                } else {
                    out.push('\\');
                    out.push(c);
                }
                rest = &after[len..];
            }
            _ => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub(super) fn in_path_order(
    params: Vec<Param>,
    parts: Vec<PathPart>,
) -> (Vec<Param>, Vec<PathPart>) {
    let order: Vec<usize> = parts
        .iter()
        .filter_map(|p| match p {
            PathPart::Param(i) => Some(*i),
            PathPart::Literal(_) => None,
        })
        .collect();
    let mut slots: Vec<Option<Param>> = params.into_iter().map(Some).collect();
    let mut ordered = Vec::with_capacity(slots.len());
    let mut new_index = vec![0; slots.len()];
    for &old in &order {
        if let Some(p) = slots[old].take() {
            new_index[old] = ordered.len();
            ordered.push(p);
        }
    }
    let parts = parts
        .into_iter()
        .map(|p| match p {
            PathPart::Param(old) => PathPart::Param(new_index[old]),
            literal => literal,
        })
        .collect();
    (ordered, parts)
}

/// A value written as one piece of text: a scalar, a string enum, or an untagged union of
/// those (a name-or-id), whichever variant it holds.
pub(super) fn is_scalar(r: &Resolver<'_>, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => match r.types[id.0].as_ref().map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Untagged(u)) => u.variants.iter().all(|v| is_scalar(r, &v.ty)),
            _ => false,
        },
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64 => true,
        TypeRef::Date | TypeRef::DateTime => true,
        _ => false,
    }
}

/// What a path segment can hold: a scalar or an array of them (`simple` style).
pub(super) fn is_path_value(r: &Resolver<'_>, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Vec(item) => is_scalar(r, item),
        ty => is_scalar(r, ty),
    }
}

/// The parameter's style, or an error for the styles the client cannot write.
pub(super) fn style_of(param: &Parameter, at: &Pointer) -> SpecResult<Style> {
    let unsupported = |style: &str| {
        Err(SpecError::new(
            &at.push("style"),
            format!("parameter style `{style}` is not supported (form, simple, spaceDelimited and pipeDelimited are)"),
        ))
    };
    match param {
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => Ok(Style::Form),
            QueryStyle::SpaceDelimited => Ok(Style::SpaceDelimited),
            QueryStyle::PipeDelimited => Ok(Style::PipeDelimited),
            QueryStyle::DeepObject => unsupported("deepObject"),
        },
        Parameter::Path { style, .. } => match style {
            PathStyle::Simple => Ok(Style::Simple),
            PathStyle::Label => unsupported("label"),
            PathStyle::Matrix => unsupported("matrix"),
        },
        Parameter::Header { .. } => Ok(Style::Simple),
        Parameter::Cookie { .. } => Ok(Style::Form),
    }
}

pub(super) fn parse_path(path: &str, params: &[Param], at: &Pointer) -> SpecResult<Vec<PathPart>> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| c + open).ok_or_else(|| {
            SpecError::new(at, format!("unclosed `{{` in path template `{path}`"))
        })?;
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        let index = params.iter().position(|p| p.api_name == name).ok_or_else(|| {
            SpecError::new(
                at,
                format!("path template `{path}` uses `{{{name}}}` but no path parameter `{name}` is declared"),
            )
        })?;
        parts.push(PathPart::Param(index));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    for p in params {
        if !parts.contains(&PathPart::Param(
            params
                .iter()
                .position(|q| q.api_name == p.api_name)
                .unwrap_or(0),
        )) {
            return Err(SpecError::new(
                &at.push("parameters"),
                format!(
                    "path parameter `{}` does not appear in the path template `{path}`",
                    p.api_name
                ),
            ));
        }
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::decode_percent_escapes;

    #[test]
    fn percent_escapes_in_path_patterns_are_decoded() {
        assert_eq!(
            decode_percent_escapes("^%2[fF]subscriptions%2F[0-9]+%2fx$"),
            "^/subscriptions/[0-9]+/x$"
        );
        assert_eq!(decode_percent_escapes("^a%3Ab%25$"), "^a\\:b\\%$");
        assert_eq!(decode_percent_escapes("^100%$"), "^100%$");
        assert_eq!(decode_percent_escapes("^%[0-9]$"), "^%[0-9]$");
    }
}
