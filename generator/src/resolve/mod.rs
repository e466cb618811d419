//! spec -> [`Ir`]: every `$ref`, name, `allOf` merge and union shape is decided here, once.

mod bodies;
mod flat;
mod groups;
mod operations;
mod params;
mod post;
mod schema;
mod unions;

use crate::diagnostics::{Pointer, SpecError, SpecResult, Warnings};
use crate::ir::{Ir, TypeDef, TypeId, TypeRef};
use crate::naming::{self, Scope};
use crate::Options;
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::collections::{BTreeMap, HashMap, HashSet};

pub use flat::SchemaRef;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Resolves the whole spec. Each component schema and each operation is resolved on its own,
/// so one run reports every one that is broken (the first problem of each), not only the first.
pub fn resolve(
    spec: &OpenAPI,
    options: &Options,
    warnings: &Warnings,
) -> Result<Ir, Vec<SpecError>> {
    let mut resolver = Resolver::new(spec, options, warnings);
    let mut errors = Vec::new();
    let components = spec.components.as_ref();
    for name in components.iter().flat_map(|c| c.schemas.keys()) {
        // A union variant is built as the union's payload (without the tag), never alone.
        let name = resolver
            .variant_of
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.clone());
        if resolver.failed.contains(&name) {
            continue;
        }
        if let Err(e) = resolver.resolve_component(&name, &component_pointer(&name)) {
            errors.push(e);
        }
    }
    let mut operations = operations::resolve_operations(&mut resolver, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let oauth = operations::oauth_schemes(spec);
    let mut types: Vec<TypeDef> = resolver.types.into_iter().flatten().collect();
    post::box_recursive_fields(&mut types);
    post::mark_usage(&mut types, &operations);
    post::settle_optionality(&mut types);
    let groups = groups::assign(spec, &mut operations, &mut types);
    Ok(Ir {
        title: spec.info.title.clone(),
        description: spec.info.description.clone(),
        default_base_url: spec
            .servers
            .first()
            .map(|s| s.url.trim_end_matches('/').to_owned()),
        types,
        operations,
        oauth_client_credentials: oauth,
        groups,
    })
}

pub(crate) struct Resolver<'s> {
    spec: &'s OpenAPI,
    options: &'s Options,
    warnings: &'s Warnings,
    /// Slots are reserved before a type is built so recursive references can name it.
    types: Vec<Option<TypeDef>>,
    /// Schema pointer -> its named type; an inline schema reached twice (say through two
    /// `allOf` children of one base) resolves to one type.
    by_pointer: HashMap<String, TypeId>,
    /// Component name -> Rust type name, claimed up front in spec order so component names
    /// never depend on where inline schemas happen to appear.
    component_names: HashMap<String, String>,
    type_names: Scope,
    /// Components being resolved as aliases (no type of their own): a repeat is a cycle.
    alias_stack: Vec<String>,
    /// Variant component -> the discriminated union that maps to it.
    variant_of: BTreeMap<String, String>,
    /// Components whose resolution failed (the error is already reported): a cycle through
    /// several of them is one error, not one per member.
    failed: HashSet<String>,
}

impl<'s> Resolver<'s> {
    fn new(spec: &'s OpenAPI, options: &'s Options, warnings: &'s Warnings) -> Self {
        let mut type_names = Scope::default();
        let mut component_names = HashMap::new();
        for name in spec.components.iter().flat_map(|c| c.schemas.keys()) {
            component_names.insert(name.clone(), type_names.claim(&naming::type_name(name)));
        }
        let mut resolver = Resolver {
            spec,
            options,
            warnings,
            types: Vec::new(),
            by_pointer: HashMap::new(),
            component_names,
            type_names,
            alias_stack: Vec::new(),
            variant_of: BTreeMap::new(),
            failed: HashSet::new(),
        };
        resolver.variant_of = unions::variant_parents(&resolver);
        resolver
    }

    pub(crate) fn spec(&self) -> &'s OpenAPI {
        self.spec
    }

    pub(crate) fn options(&self) -> &'s Options {
        self.options
    }

    /// Records that the construct at `at` is generated in a weaker form than the spec asks for
    /// (it is returned beside the files; `--deny-warnings` makes it an error).
    pub(crate) fn warn(&self, at: &Pointer, message: impl Into<String>) {
        self.warnings.warn(at, message);
    }

    fn component(&self, name: &str) -> Option<&'s ReferenceOr<Schema>> {
        self.spec.components.as_ref()?.schemas.get(name)
    }

    /// The component name a `$ref` points at, or an error naming where the ref stands.
    fn ref_target(&self, reference: &str, at: &Pointer) -> SpecResult<&'s str> {
        let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) else {
            let what = if reference.starts_with('#') {
                "only references into #/components/schemas are supported here"
            } else {
                "external references (to other files or URLs) are not supported"
            };
            return Err(SpecError::new(at, format!("{what}: `{reference}`")));
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        match self
            .spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get_key_value(&name))
        {
            Some((key, _)) => Ok(key.as_str()),
            None => Err(SpecError::new(
                at,
                format!("`$ref: {reference}` points at a schema that does not exist"),
            )),
        }
    }

    /// Follows `$ref` chains to an inline schema, with the pointer where it is defined.
    fn deref(&self, schema: SchemaRef<'s>, at: &Pointer) -> SpecResult<(&'s Schema, Pointer)> {
        let mut current = schema;
        let mut at = at.clone();
        let mut seen = Vec::new();
        loop {
            match current {
                SchemaRef::Inline(s) => return Ok((s, at)),
                SchemaRef::Ref(r) => {
                    let name = self.ref_target(r, &at)?;
                    if seen.contains(&name) {
                        return Err(SpecError::new(
                            &at,
                            format!("`$ref` cycle through `{name}`"),
                        ));
                    }
                    seen.push(name);
                    at = component_pointer(name);
                    current = self
                        .component(name)
                        .map(SchemaRef::from)
                        .expect("ref_target checked the component exists");
                }
            }
        }
    }

    fn reserve(&mut self, pointer: &Pointer) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(None);
        self.by_pointer.insert(pointer.as_str().to_owned(), id);
        id
    }

    fn fill(&mut self, id: TypeId, def: TypeDef) {
        self.types[id.0] = Some(def);
    }

    fn inline_name(&mut self, hint: &str) -> String {
        self.type_names.claim(&naming::type_name(hint))
    }

    /// Resolves a `$ref` used at `at`; references to a union's variant resolve to the union, so
    /// the tag is always on the wire.
    pub(crate) fn resolve_ref(&mut self, reference: &str, at: &Pointer) -> SpecResult<TypeRef> {
        let name = self.ref_target(reference, at)?;
        let name = self
            .variant_of
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned());
        self.resolve_component(&name, at)
    }

    fn resolve_component(&mut self, name: &str, used_at: &Pointer) -> SpecResult<TypeRef> {
        let pointer = component_pointer(name);
        if let Some(id) = self.by_pointer.get(pointer.as_str()) {
            return Ok(TypeRef::Named(*id));
        }
        if self.alias_stack.iter().any(|n| n == name) {
            return Err(SpecError::new(
                &pointer,
                format!("schema `{name}` is defined only in terms of itself"),
            ));
        }
        let schema = self
            .component(name)
            .ok_or_else(|| SpecError::new(used_at, format!("no schema named `{name}`")))?;
        let type_name = self.component_names[name].clone();
        self.alias_stack.push(name.to_owned());
        let result =
            self.resolve_named_schema(schema.into(), &pointer, schema::Name::Claimed(type_name));
        self.alias_stack.pop();
        if result.is_err() {
            self.failed.insert(name.to_owned());
        }
        result
    }
}

pub(crate) fn component_pointer(name: &str) -> Pointer {
    Pointer::root().join(&["components", "schemas", name])
}
