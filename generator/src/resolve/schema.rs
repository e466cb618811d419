//! Schemas -> types: structs (with `allOf` merged), string enums, scalars, arrays and maps.

use super::flat::{flatten, is_annotation_only, Flat, SchemaRef};
use super::{unions, Resolver};
use crate::diagnostics::{Pointer, SpecError, SpecResult};
use crate::ir::{
    Additional, Bound, Constraints, Docs, EnumVariant, Field, StringEnum, Struct, TypeDef, TypeId,
    TypeKind, TypeRef,
};
use crate::naming::{self, Scope};
use openapiv3::{AdditionalProperties, Schema, SchemaData};

/// How a new named type gets its Rust name.
pub(crate) enum Name {
    /// Claimed up front (components).
    Claimed(String),
    /// Derived from the place the inline schema stands, claimed only if a type is made.
    Hint(String),
}

impl Name {
    fn hint(&self) -> &str {
        match self {
            Name::Claimed(s) | Name::Hint(s) => s,
        }
    }
}

/// One property gathered from a schema and the `allOf` parts it merges.
pub(crate) struct PropSource<'s> {
    pub json_name: &'s str,
    pub schema: SchemaRef<'s>,
    pub pointer: Pointer,
    /// Type name of the schema that defines the property; inline property types are named
    /// after it, so a base shared by several `allOf` children yields one type.
    pub owner: String,
}

#[derive(Default)]
pub(crate) struct Collected<'s> {
    pub props: Vec<PropSource<'s>>,
    pub required: Vec<&'s str>,
    pub additional: Option<(&'s AdditionalProperties, Pointer)>,
}

impl<'s> Resolver<'s> {
    /// A schema at `at` that may become a named type of its own.
    pub(crate) fn resolve_schema(
        &mut self,
        schema: SchemaRef<'s>,
        at: &Pointer,
        hint: &str,
    ) -> SpecResult<TypeRef> {
        match schema {
            SchemaRef::Ref(r) => self.resolve_ref(r, at),
            SchemaRef::Inline(_) => {
                if let Some(id) = self.by_pointer.get(at.as_str()) {
                    return Ok(TypeRef::Named(*id));
                }
                self.resolve_named_schema(schema, at, Name::Hint(hint.to_owned()))
            }
        }
    }

    pub(super) fn resolve_named_schema(
        &mut self,
        schema: SchemaRef<'s>,
        at: &Pointer,
        name: Name,
    ) -> SpecResult<TypeRef> {
        let schema = match schema {
            SchemaRef::Ref(r) => return self.resolve_ref(r, at),
            SchemaRef::Inline(s) => s,
        };
        let data = &schema.schema_data;
        let flat = flatten(schema);
        if flat.has_not {
            return Err(SpecError::new(at, "`not` schemas are not supported"));
        }
        if data.discriminator.is_some() {
            let id = self.reserve(at);
            let type_name = self.claim(name);
            let kind = unions::build_tagged(self, data, &flat, at, &type_name)?;
            return Ok(self.define(id, type_name, at, data, kind));
        }
        let alternatives = if flat.one_of.is_empty() {
            &flat.any_of
        } else {
            &flat.one_of
        };
        if !alternatives.is_empty() {
            let keyword = if flat.one_of.is_empty() {
                "anyOf"
            } else {
                "oneOf"
            };
            if alternatives.len() == 1 && flat.properties.is_empty() {
                return self.resolve_schema(
                    alternatives[0],
                    &at.join(&[keyword, "0"]),
                    name.hint(),
                );
            }
            let id = self.reserve(at);
            let type_name = self.claim(name);
            let kind = unions::build_untagged(self, alternatives, keyword, at, &type_name)?;
            return Ok(self.define(id, type_name, at, data, kind));
        }
        if flat.typ == Some("string") && !flat.enumeration.is_empty() {
            let id = self.reserve(at);
            let type_name = self.claim(name);
            let kind = TypeKind::Enum(string_enum(&flat, data));
            return Ok(self.define(id, type_name, at, data, kind));
        }
        if !flat.all_of.is_empty() && flat.properties.is_empty() && flat.all_of.len() == 1 {
            // `allOf: [$ref]` beside a description is the usual way to document a reference.
            return self.resolve_schema(flat.all_of[0], &at.join(&["allOf", "0"]), name.hint());
        }
        if !flat.all_of.is_empty() || (flat.is_object_like() && !flat.properties.is_empty()) {
            let id = self.reserve(at);
            let type_name = self.claim(name);
            let collected = self.collect(schema, at, &type_name, &mut Vec::new())?;
            let st = self.build_struct(collected, None, &type_name)?;
            return Ok(self.define(id, type_name, at, data, TypeKind::Struct(st)));
        }
        self.resolve_unnamed(&flat, at, name.hint())
    }

    /// Scalars, arrays and maps: Rust types that need no definition.
    fn resolve_unnamed(
        &mut self,
        flat: &Flat<'s>,
        at: &Pointer,
        hint: &str,
    ) -> SpecResult<TypeRef> {
        Ok(match flat.typ {
            Some("string") => match flat.format {
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                _ => TypeRef::String,
            },
            Some("integer") => match flat.format {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            Some("number") => match flat.format {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            Some("boolean") => TypeRef::Bool,
            Some("array") => match flat.items {
                Some(items) => {
                    let item =
                        self.resolve_schema(items, &at.push("items"), &format!("{hint}Item"))?;
                    TypeRef::Vec(Box::new(item))
                }
                None => {
                    self.warn(
                        at,
                        "an array without `items` is typed as `Vec<serde_json::Value>`",
                    );
                    TypeRef::Vec(Box::new(TypeRef::Json))
                }
            },
            Some("object") => match flat.additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let s: SchemaRef<'s> = (&**s).into();
                    let value_at = at.push("additionalProperties");
                    if self.is_free_form(s, &value_at)? {
                        TypeRef::JsonObject
                    } else {
                        let value = self.resolve_schema(s, &value_at, &format!("{hint}Value"))?;
                        TypeRef::Map(Box::new(value))
                    }
                }
                _ => TypeRef::JsonObject,
            },
            None if flat.is_object_like() => TypeRef::JsonObject,
            None => {
                // `{}` says "any value" on purpose; constraints without a type are lost.
                let constrained = flat.format.is_some()
                    || flat.pattern.is_some()
                    || !flat.enumeration.is_empty()
                    || flat.minimum.is_some()
                    || flat.maximum.is_some()
                    || flat.min_length.is_some()
                    || flat.max_length.is_some();
                if constrained {
                    self.warn(
                        at,
                        "a schema with constraints but no `type` is typed as `serde_json::Value`; the constraints are not checked",
                    );
                }
                TypeRef::Json
            }
            Some(other) => {
                return Err(SpecError::new(
                    &at.push("type"),
                    format!("`type: {other}` is not an OpenAPI 3.0 type"),
                ))
            }
        })
    }

    /// `{}`, `{type: object}` without properties: any JSON object will do.
    fn is_free_form(&self, s: SchemaRef<'s>, at: &Pointer) -> SpecResult<bool> {
        let (schema, _) = self.deref(s, at)?;
        let flat = flatten(schema);
        Ok(is_annotation_only(&schema.schema_data, &flat)
            || (flat.typ == Some("object")
                && flat.properties.is_empty()
                && flat.all_of.is_empty()
                && !matches!(flat.additional, Some(AdditionalProperties::Schema(_)))))
    }

    fn claim(&mut self, name: Name) -> String {
        match name {
            Name::Claimed(n) => n,
            Name::Hint(h) => self.inline_name(&h),
        }
    }

    fn define(
        &mut self,
        id: TypeId,
        name: String,
        at: &Pointer,
        data: &SchemaData,
        kind: TypeKind,
    ) -> TypeRef {
        self.fill(
            id,
            TypeDef {
                name,
                pointer: at.clone(),
                docs: docs_of(data),
                kind,
                in_request: false,
                in_response: false,
                group: None,
            },
        );
        TypeRef::Named(id)
    }

    /// Gathers properties of `schema` and of every `allOf` part, parents first. A part that is
    /// a discriminated union's parent contributes its properties only: its `oneOf` leads back
    /// to the variant being built.
    pub(crate) fn collect(
        &self,
        schema: &'s Schema,
        at: &Pointer,
        owner: &str,
        visiting: &mut Vec<Pointer>,
    ) -> SpecResult<Collected<'s>> {
        let mut out = Collected::default();
        self.collect_into(schema, at, owner, visiting, &mut out)?;
        Ok(out)
    }

    fn collect_into(
        &self,
        schema: &'s Schema,
        at: &Pointer,
        owner: &str,
        visiting: &mut Vec<Pointer>,
        out: &mut Collected<'s>,
    ) -> SpecResult<()> {
        if visiting.contains(at) {
            return Ok(());
        }
        visiting.push(at.clone());
        let flat = flatten(schema);
        for (i, part) in flat.all_of.iter().enumerate() {
            let part_at = at.join(&["allOf", &i.to_string()]);
            let (part_schema, defined_at) = self.deref(*part, &part_at)?;
            let part_owner = match part {
                SchemaRef::Ref(r) => self.component_names[self.ref_target(r, &part_at)?].clone(),
                SchemaRef::Inline(_) => owner.to_owned(),
            };
            self.collect_into(part_schema, &defined_at, &part_owner, visiting, out)?;
        }
        for (json_name, prop) in &flat.properties {
            let pointer = at.join(&["properties", json_name]);
            let source = PropSource {
                json_name,
                schema: *prop,
                pointer,
                owner: owner.to_owned(),
            };
            match out.props.iter().position(|p| p.json_name == *json_name) {
                Some(i) => {
                    self.check_compatible(&out.props[i], &source)?;
                    out.props[i] = source;
                }
                None => out.props.push(source),
            }
        }
        for r in &flat.required {
            if !out.required.contains(r) {
                out.required.push(r);
            }
        }
        if let Some(a) = flat.additional {
            out.additional = Some((a, at.push("additionalProperties")));
        }
        visiting.pop();
        Ok(())
    }

    /// An `allOf` may restate a property (to document it better) but not change its type.
    fn check_compatible(&self, old: &PropSource<'s>, new: &PropSource<'s>) -> SpecResult<()> {
        let (a, _) = self.deref(old.schema, &old.pointer)?;
        let (b, _) = self.deref(new.schema, &new.pointer)?;
        let (ta, tb) = (flatten(a).typ, flatten(b).typ);
        if let (Some(ta), Some(tb)) = (ta, tb) {
            if ta != tb {
                return Err(SpecError::new(
                    &new.pointer,
                    format!(
                        "`allOf` parts disagree on the type of property `{}`: `{ta}` at {} and `{tb}` here",
                        new.json_name, old.pointer
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Fields from collected properties; `skip` leaves out a union's tag property.
    pub(crate) fn build_struct(
        &mut self,
        collected: Collected<'s>,
        skip: Option<&str>,
        type_name: &str,
    ) -> SpecResult<Struct> {
        let mut rust_names = Scope::with_reserved(&["additional_properties"]);
        let mut fields = Vec::new();
        for prop in collected.props.iter().filter(|p| Some(p.json_name) != skip) {
            let (target, _) = self.deref(prop.schema, &prop.pointer)?;
            let data = match prop.schema {
                SchemaRef::Inline(s) => &s.schema_data,
                SchemaRef::Ref(_) => &target.schema_data,
            };
            let read_only = data.read_only || target.schema_data.read_only;
            let write_only = data.write_only || target.schema_data.write_only;
            let in_required = collected.required.contains(&prop.json_name);
            let hint = format!("{}_{}", prop.owner, prop.json_name);
            let ty = self.resolve_schema(prop.schema, &prop.pointer, &hint)?;
            let flat = flatten(target);
            let mut docs = docs_of(data);
            docs.deprecated |= target.schema_data.deprecated;
            fields.push(Field {
                rust_name: rust_names.claim(&naming::snake_name(prop.json_name)),
                json_name: prop.json_name.to_owned(),
                spec_required: in_required,
                nullable: data.nullable,
                required: false,
                serialize_null: false,
                read_only,
                write_only,
                docs,
                constraints: constraints_of(self, &flat, &prop.pointer)?,
                default: data
                    .default
                    .clone()
                    .or_else(|| target.schema_data.default.clone()),
                format: extra_format(&flat),
                ty,
            });
        }
        let additional = match collected.additional {
            Some((AdditionalProperties::Any(false), _)) => Additional::Forbidden,
            Some((AdditionalProperties::Schema(s), at)) => {
                let s: SchemaRef<'s> = (&**s).into();
                if self.is_free_form(s, &at)? {
                    Additional::Any
                } else {
                    Additional::Typed(self.resolve_schema(s, &at, &format!("{type_name}Value"))?)
                }
            }
            _ => Additional::Any,
        };
        Ok(Struct { fields, additional })
    }
}

pub(crate) fn docs_of(data: &SchemaData) -> Docs {
    Docs {
        title: data.title.clone(),
        description: data.description.clone(),
        deprecated: data.deprecated,
        external_url: data.external_docs.as_ref().map(|d| d.url.clone()),
    }
}

fn string_enum(flat: &Flat<'_>, data: &SchemaData) -> StringEnum {
    let mut names = Scope::default();
    let values: Vec<String> = flat
        .enumeration
        .iter()
        .filter_map(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        })
        .collect();
    let variants: Vec<EnumVariant> = values
        .iter()
        .map(|value| EnumVariant {
            rust_name: names.claim(&naming::variant_name(value)),
            value: value.clone(),
        })
        .collect();
    let default = data
        .default
        .as_ref()
        .and_then(|d| d.as_str())
        .and_then(|d| values.iter().position(|v| v == d));
    StringEnum {
        unknown_variant: names.claim("Unknown"),
        variants,
        default,
    }
}

/// Formats the Rust type does not already express, worth a line in the docs.
fn extra_format(flat: &Flat<'_>) -> Option<String> {
    match flat.format {
        Some("date-time" | "date" | "int32" | "int64" | "float" | "double") | None => None,
        Some(other) => Some(other.to_owned()),
    }
}

pub(crate) fn constraints_of<'s>(
    resolver: &Resolver<'s>,
    flat: &Flat<'s>,
    at: &Pointer,
) -> SpecResult<Constraints> {
    let bound = |value: Option<f64>, exclusive| value.map(|value| Bound { value, exclusive });
    let allowed = match flat.typ {
        Some("string") | Some("boolean") => Vec::new(),
        _ => flat
            .enumeration
            .iter()
            .filter(|v| !v.is_null())
            .cloned()
            .collect(),
    };
    let items = match (flat.typ, flat.items) {
        (Some("array"), Some(items)) => element_constraints(resolver, items, &at.push("items"))?,
        _ => None,
    };
    let values = match (flat.typ, flat.additional) {
        (Some("object"), Some(AdditionalProperties::Schema(s))) => {
            element_constraints(resolver, (&**s).into(), &at.push("additionalProperties"))?
        }
        _ => None,
    };
    Ok(Constraints {
        pattern: flat.pattern.map(str::to_owned),
        minimum: bound(flat.minimum, flat.exclusive_minimum),
        maximum: bound(flat.maximum, flat.exclusive_maximum),
        min_length: flat.min_length,
        max_length: flat.max_length,
        min_items: flat.min_items,
        max_items: flat.max_items,
        unique_items: flat.unique_items,
        allowed,
        items,
        values,
    })
}

/// Constraints on the elements of an array or the values of a map, when they are scalars
/// (string enums become Rust enums, objects validate themselves).
fn element_constraints<'s>(
    resolver: &Resolver<'s>,
    element: SchemaRef<'s>,
    at: &Pointer,
) -> SpecResult<Option<Box<Constraints>>> {
    let (schema, element_at) = resolver.deref(element, at)?;
    let flat = flatten(schema);
    let scalar = match flat.typ {
        Some("string") => flat.enumeration.is_empty(),
        Some("integer" | "number") => true,
        _ => false,
    };
    if !scalar {
        return Ok(None);
    }
    let c = constraints_of(resolver, &flat, &element_at)?;
    Ok((!c.is_empty()).then(|| Box::new(c)))
}
