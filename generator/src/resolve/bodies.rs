//! Request bodies: which media type is sent, and how (JSON, text, bytes, form, multipart).

use super::flat::{flatten, SchemaRef};
use super::schema::{constraints_of, docs_of};
use super::Resolver;
use crate::diagnostics::{Pointer, SpecError, SpecResult};
use crate::ir::{Body, BodyKind, Constraints, Part, PartKind, TypeKind, TypeRef};
use crate::naming::{self, Scope};
use openapiv3::{MediaType, RequestBody};

pub(super) const NO_SCHEMA: &str = "a JSON body without a `schema` is typed as `serde_json::Value`";

/// `application/json`, `application/problem+json`, `application/vnd.atlas.2023-01-01+json`.
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The newest JSON media type of a content map (versioned vendor types sort by date).
pub(super) fn pick_json<V>(content: &indexmap::IndexMap<String, V>) -> Option<(&String, &V)> {
    content
        .iter()
        .filter(|(k, _)| is_json(k))
        .max_by(|a, b| a.0.cmp(b.0))
}

/// Non-JSON media types in order of preference: the most structured form wins.
fn rank(media_type: &str) -> u8 {
    match essence(media_type).as_str() {
        "application/x-www-form-urlencoded" => 0,
        "multipart/form-data" => 1,
        e if e.starts_with("text/") => 2,
        _ => 3,
    }
}

/// JSON when offered (the other media types are then not generated); otherwise the first
/// media type by [`rank`], in spec order among equals.
pub(super) fn resolve_body<'s>(
    r: &mut Resolver<'s>,
    body: &'s RequestBody,
    at: &Pointer,
    type_hint: &str,
) -> SpecResult<Body> {
    let chosen = pick_json(&body.content).or_else(|| {
        body.content
            .iter()
            .enumerate()
            .min_by_key(|(i, (k, _))| (rank(k), *i))
            .map(|(_, entry)| entry)
    });
    let Some((media_type, content)) = chosen else {
        return Err(SpecError::new(
            &at.push("content"),
            "a request body needs at least one media type",
        ));
    };
    // Other JSON entries are versions of the same body; anything else is a way of sending it
    // this client does not offer, which the user should hear about.
    for ignored in body.content.keys().filter(|k| *k != media_type) {
        if !(is_json(media_type) && is_json(ignored)) {
            r.warn(
                &at.join(&["content", ignored]),
                format!("media type ignored: the request body is sent as `{media_type}`"),
            );
        }
    }
    let content_at = at.join(&["content", media_type]);
    let schema_at = content_at.push("schema");
    let hint = format!("{type_hint}Request");
    let kind = if is_json(media_type) {
        BodyKind::Json(match &content.schema {
            Some(s) => r.resolve_schema(s.into(), &schema_at, &hint)?,
            None => {
                r.warn(&content_at, NO_SCHEMA);
                TypeRef::Json
            }
        })
    } else {
        match rank(media_type) {
            0 => BodyKind::Form(object_type(r, content, &schema_at, &hint)?),
            1 => BodyKind::Multipart(parts(r, content, &content_at, &hint)?),
            2 => BodyKind::Text,
            _ => BodyKind::Binary,
        }
    };
    Ok(Body {
        media_type: media_type.clone(),
        kind,
        required: body.required,
    })
}

/// A form's fields come from an object schema.
fn object_type<'s>(
    r: &mut Resolver<'s>,
    content: &'s MediaType,
    at: &Pointer,
    hint: &str,
) -> SpecResult<TypeRef> {
    let schema = content
        .schema
        .as_ref()
        .ok_or_else(|| SpecError::new(at, "a form body needs a schema describing its fields"))?;
    let ty = r.resolve_schema(schema.into(), at, hint)?;
    let is_struct = matches!(
        &ty,
        TypeRef::Named(id) if matches!(r.types[id.0].as_ref().map(|t| &t.kind), Some(TypeKind::Struct(_)))
    ) || matches!(ty, TypeRef::JsonObject | TypeRef::Map(_));
    if !is_struct {
        return Err(SpecError::new(
            at,
            "a form body's schema must be an object: its properties are the form's fields",
        ));
    }
    Ok(ty)
}

/// One part per property of the multipart body's object schema, `allOf` merged.
fn parts<'s>(
    r: &mut Resolver<'s>,
    content: &'s MediaType,
    content_at: &Pointer,
    hint: &str,
) -> SpecResult<Vec<Part>> {
    let schema_at = content_at.push("schema");
    let schema = content.schema.as_ref().ok_or_else(|| {
        SpecError::new(
            &schema_at,
            "a multipart body needs a schema describing its parts",
        )
    })?;
    let (target, target_at) = r.deref(schema.into(), &schema_at)?;
    let collected = r.collect(target, &target_at, hint, &mut Vec::new())?;
    if collected.props.is_empty() {
        return Err(SpecError::new(
            &schema_at,
            "a multipart body's schema must be an object with properties: each is a part",
        ));
    }
    let mut names = Scope::default();
    let mut out = Vec::new();
    for prop in &collected.props {
        let (prop_schema, prop_at) = r.deref(prop.schema, &prop.pointer)?;
        let flat = flatten(prop_schema);
        let content_type = content
            .encoding
            .get(prop.json_name)
            .and_then(|e| e.content_type.clone());
        let repeated_item = match (flat.typ, flat.items) {
            (Some("array"), Some(items)) => Some(items),
            _ => None,
        };
        // Arrays of files or scalars are one part per element; arrays of objects one JSON part.
        let (element, element_at, repeated) = match repeated_item {
            Some(items) => {
                let items_at = prop_at.push("items");
                let (item_schema, _) = r.deref(items, &items_at)?;
                let item_flat = flatten(item_schema);
                if item_flat.is_object_like() {
                    (prop.schema, prop.pointer.clone(), false)
                } else {
                    (items, items_at, true)
                }
            }
            None => (prop.schema, prop.pointer.clone(), false),
        };
        let (element_schema, element_target_at) = r.deref(element, &element_at)?;
        let element_flat = flatten(element_schema);
        let is_file = element_flat.typ == Some("string") && element_flat.format == Some("binary");
        let wants_json = content_type.as_deref().is_some_and(is_json);
        let kind = if is_file && !wants_json {
            PartKind::File
        } else {
            let ty = r.resolve_schema(
                element,
                &element_at,
                &format!("{}_{}", prop.owner, prop.json_name),
            )?;
            if !wants_json && is_text(r, &ty) {
                PartKind::Text(ty)
            } else {
                PartKind::Json(ty)
            }
        };
        // A repeated part keeps the array's own constraints (`maxItems`, ...) with its items'.
        let constraints = match &kind {
            PartKind::File => Constraints::default(),
            _ if repeated => constraints_of(r, &flat, &prop_at)?,
            _ => constraints_of(r, &element_flat, &element_target_at)?,
        };
        let data = match prop.schema {
            SchemaRef::Inline(s) => &s.schema_data,
            SchemaRef::Ref(_) => &prop_schema.schema_data,
        };
        out.push(Part {
            rust_name: names.claim(&naming::snake_name(prop.json_name)),
            api_name: prop.json_name.to_owned(),
            kind,
            repeated,
            required: collected.required.contains(&prop.json_name),
            docs: docs_of(data),
            constraints,
            content_type,
        });
    }
    Ok(out)
}

/// Scalars and string enums are written as text; untagged unions of them too.
fn is_text(r: &Resolver<'_>, ty: &TypeRef) -> bool {
    super::params::is_scalar(r, ty)
}
