//! Discriminated unions in the three shapes Atlas uses (a parent with `oneOf` + mapping whose
//! variants `allOf` it; a parent with a mapping and no `oneOf`; a mapping to standalone
//! schemas repeating the tag), a discriminator without mapping, and untagged `oneOf`/`anyOf`.

use super::flat::{flatten, Flat, SchemaRef};
use super::{component_pointer, Resolver, SCHEMA_PREFIX};
use crate::diagnostics::{Pointer, SpecError, SpecResult};
use crate::ir::{
    TaggedUnion, TaggedVariant, TypeDef, TypeKind, TypeRef, UntaggedUnion, UntaggedVariant,
};
use crate::naming::{self, Scope};
use openapiv3::{ReferenceOr, SchemaData};
use std::collections::BTreeMap;

/// One variant of a discriminated union before its payload is built.
struct VariantTarget<'s> {
    tag_value: String,
    component: String,
    /// Where the variant is named (a mapping entry or a `oneOf` item), for errors.
    named_at: Pointer,
    schema: SchemaRef<'s>,
}

/// A mapping value is a `$ref` string or, as OpenAPI allows, a bare schema name.
fn mapping_target(value: &str) -> &str {
    value.strip_prefix(SCHEMA_PREFIX).unwrap_or(value)
}

fn variant_targets<'s>(
    resolver: &Resolver<'s>,
    union_name: &str,
    data: &'s SchemaData,
    flat: &Flat<'s>,
    at: &Pointer,
) -> SpecResult<Vec<VariantTarget<'s>>> {
    let discriminator = data
        .discriminator
        .as_ref()
        .expect("only called for discriminated schemas");
    let mut out: Vec<VariantTarget<'s>> = Vec::new();
    for (tag_value, target) in &discriminator.mapping {
        let named_at = at.join(&["discriminator", "mapping", tag_value]);
        let component = mapping_target(target);
        let schema = resolver.component(component).ok_or_else(|| {
            SpecError::new(&named_at, format!("discriminator mapping `{tag_value}` points at `{target}`, which does not exist"))
        })?;
        out.push(VariantTarget {
            tag_value: tag_value.clone(),
            component: component.to_owned(),
            named_at,
            schema: schema.into(),
        });
    }
    for (i, part) in flat.one_of.iter().chain(&flat.any_of).enumerate() {
        let keyword = if flat.one_of.is_empty() {
            "anyOf"
        } else {
            "oneOf"
        };
        let named_at = at.join(&[keyword, &i.to_string()]);
        let SchemaRef::Ref(r) = part else {
            return Err(SpecError::new(
                &named_at,
                "a discriminated union's variants must be `$ref`s to named schemas",
            ));
        };
        let component = resolver.ref_target(r, &named_at)?;
        if out.iter().all(|v| v.component != component) {
            out.push(VariantTarget {
                tag_value: component.to_owned(),
                component: component.to_owned(),
                named_at,
                schema: (*part),
            });
        }
    }
    if out.is_empty() {
        // No mapping, no oneOf: the variants are the schemas that `allOf` this one.
        for (name, schema) in resolver.spec().components.iter().flat_map(|c| &c.schemas) {
            if let ReferenceOr::Item(s) = schema {
                let parent_ref = format!("{SCHEMA_PREFIX}{union_name}");
                if flatten(s)
                    .all_of
                    .iter()
                    .any(|p| matches!(p, SchemaRef::Ref(r) if *r == parent_ref))
                {
                    out.push(VariantTarget {
                        tag_value: name.clone(),
                        component: name.clone(),
                        named_at: component_pointer(name),
                        schema: schema.into(),
                    });
                }
            }
        }
    }
    if out.is_empty() {
        return Err(SpecError::new(
            &at.push("discriminator"),
            "a discriminator needs a mapping, a `oneOf`, or schemas that `allOf` this one",
        ));
    }
    Ok(out)
}

/// Variant component -> union component, so direct references to a variant can be redirected
/// to its union (the tag then stays on the wire).
pub(super) fn variant_parents(resolver: &Resolver<'_>) -> BTreeMap<String, String> {
    let mut parents = BTreeMap::new();
    for (name, schema) in resolver.spec().components.iter().flat_map(|c| &c.schemas) {
        let ReferenceOr::Item(s) = schema else {
            continue;
        };
        if s.schema_data.discriminator.is_none() {
            continue;
        }
        let flat = flatten(s);
        if let Ok(targets) = variant_targets(
            resolver,
            name,
            &s.schema_data,
            &flat,
            &component_pointer(name),
        ) {
            for t in targets.into_iter().filter(|t| t.component != *name) {
                parents.entry(t.component).or_insert_with(|| name.clone());
            }
        }
    }
    parents
}

pub(super) fn build_tagged<'s>(
    resolver: &mut Resolver<'s>,
    data: &'s SchemaData,
    flat: &Flat<'s>,
    at: &Pointer,
    type_name: &str,
) -> SpecResult<TypeKind> {
    let union_component = at
        .as_str()
        .strip_prefix(SCHEMA_PREFIX)
        .unwrap_or(type_name)
        .to_owned();
    let tag = data
        .discriminator
        .as_ref()
        .expect("checked by caller")
        .property_name
        .clone();
    let parent_has_tag = flat.properties.iter().any(|(n, _)| *n == tag);
    let mut names = Scope::default();
    let mut variants = Vec::new();
    for target in variant_targets(resolver, &union_component, data, flat, at)? {
        if target.component == union_component {
            return Err(SpecError::new(
                &target.named_at,
                "a discriminated union cannot list itself as a variant",
            ));
        }
        let payload_at = component_pointer(&target.component);
        let payload = match resolver.by_pointer.get(payload_at.as_str()) {
            Some(id) => *id,
            None => {
                let (schema, defined_at) = match target.schema {
                    SchemaRef::Inline(s) => (s, payload_at.clone()),
                    SchemaRef::Ref(_) => resolver.deref(target.schema, &target.named_at)?,
                };
                let id = resolver.reserve(&payload_at);
                let payload_name = resolver.component_names[&target.component].clone();
                let collected =
                    resolver.collect(schema, &defined_at, &payload_name, &mut Vec::new())?;
                if !parent_has_tag && collected.props.iter().all(|p| p.json_name != tag) {
                    return Err(SpecError::new(
                        &defined_at,
                        format!("variant `{}` of `{type_name}` has no `{tag}` property, which the discriminator names", target.component),
                    ));
                }
                let st = resolver.build_struct(collected, Some(&tag), &payload_name)?;
                resolver.fill(
                    id,
                    TypeDef {
                        name: payload_name,
                        pointer: defined_at,
                        docs: super::schema::docs_of(&schema.schema_data),
                        kind: TypeKind::Struct(st),
                        in_request: false,
                        in_response: false,
                        group: None,
                    },
                );
                id
            }
        };
        variants.push(TaggedVariant {
            rust_name: names.claim(&naming::variant_name(&target.tag_value)),
            tag_value: target.tag_value,
            payload,
        });
    }
    Ok(TypeKind::Tagged(TaggedUnion {
        tag,
        unknown_variant: names.claim("Unknown"),
        variants,
    }))
}

pub(super) fn build_untagged<'s>(
    resolver: &mut Resolver<'s>,
    alternatives: &[SchemaRef<'s>],
    keyword: &str,
    at: &Pointer,
    type_name: &str,
) -> SpecResult<TypeKind> {
    let mut names = Scope::default();
    let mut variants = Vec::new();
    for (i, alt) in alternatives.iter().enumerate() {
        let alt_at = at.join(&[keyword, &i.to_string()]);
        let ty = resolver.resolve_schema(*alt, &alt_at, &format!("{type_name}Variant{i}"))?;
        let base = match (&ty, alt) {
            (_, SchemaRef::Ref(r)) => naming::type_name(mapping_target(r)),
            (TypeRef::Named(id), _) => resolver.types[id.0]
                .as_ref()
                .map_or_else(|| format!("Variant{i}"), |t| t.name.clone()),
            (other, _) => scalar_variant_name(other).to_owned(),
        };
        variants.push(UntaggedVariant {
            rust_name: names.claim(&base),
            ty,
        });
    }
    Ok(TypeKind::Untagged(UntaggedUnion { variants }))
}

fn scalar_variant_name(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "String",
        TypeRef::Bool => "Bool",
        TypeRef::I32 | TypeRef::I64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Vec(_) => "List",
        TypeRef::Map(_) | TypeRef::JsonObject => "Object",
        _ => "Value",
    }
}
