//! Which file everything goes to: operations by their first tag, and each model to the one
//! tag whose operations use it, or to the shared module when several (or none) do. A reader
//! looking at one tag finds its operations and the types only they touch side by side; public
//! paths do not depend on this (the parent modules re-export everything).

use super::post::{named_in, named_in_body};
use crate::ir::{Group, GroupId, Operation, TypeDef, TypeId, TypeKind, SHARED_MODULE};
use crate::naming::{self, Scope};
use openapiv3::OpenAPI;
use std::collections::BTreeMap;

/// Module of the operations without a tag.
const UNTAGGED: &str = "untagged";

pub fn assign(spec: &OpenAPI, operations: &mut [Operation], types: &mut [TypeDef]) -> Vec<Group> {
    // Group names live beside the operation modules they re-export, so they must not clash.
    let op_modules: Vec<&str> = operations.iter().map(|o| o.module_name.as_str()).collect();
    let mut reserved = op_modules.clone();
    reserved.extend([SHARED_MODULE, "models", "operations"]);
    let mut scope = Scope::with_reserved(&reserved);
    let mut by_tag: BTreeMap<Option<String>, String> = BTreeMap::new();
    for op in operations.iter() {
        if !by_tag.contains_key(&op.tag) {
            let base = op
                .tag
                .as_deref()
                .map_or(UNTAGGED.to_owned(), naming::snake_name);
            by_tag.insert(op.tag.clone(), scope.claim(&base));
        }
    }
    // Sorted by module name, so file order never depends on the order of the spec.
    let mut groups: Vec<Group> = by_tag
        .into_iter()
        .map(|(tag, module)| Group {
            description: tag.as_deref().and_then(|t| tag_description(spec, t)),
            module,
            tag,
        })
        .collect();
    groups.sort_by(|a, b| a.module.cmp(&b.module));
    for op in operations.iter_mut() {
        let index = groups.iter().position(|g| g.tag == op.tag);
        op.group = GroupId(index.expect("every tag has a group"));
    }
    let mut owner: Vec<Owner> = vec![Owner::None; types.len()];
    for op in operations.iter() {
        let mut stack = Vec::new();
        for p in op
            .path_params
            .iter()
            .chain(&op.query_params)
            .chain(&op.header_params)
        {
            named_in(&p.ty, &mut stack);
        }
        if let Some(body) = &op.body {
            named_in_body(&body.kind, &mut stack);
        }
        for ty in op.success.ty.iter().chain(&op.error_type) {
            named_in(ty, &mut stack);
        }
        let mut seen = vec![false; types.len()];
        while let Some(id) = stack.pop() {
            if std::mem::replace(&mut seen[id.0], true) {
                continue;
            }
            owner[id.0] = owner[id.0].with(op.group);
            targets(&types[id.0], &mut stack);
        }
    }
    for (def, owner) in types.iter_mut().zip(owner) {
        def.group = match owner {
            Owner::One(g) => Some(g),
            Owner::None | Owner::Several => None,
        };
    }
    groups
}

#[derive(Debug, Clone, Copy)]
enum Owner {
    None,
    One(GroupId),
    Several,
}

impl Owner {
    fn with(self, group: GroupId) -> Owner {
        match self {
            Owner::None => Owner::One(group),
            Owner::One(g) if g == group => self,
            _ => Owner::Several,
        }
    }
}

/// Named types a type mentions.
fn targets(def: &TypeDef, out: &mut Vec<TypeId>) {
    match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| named_in(&f.ty, out));
            if let crate::ir::Additional::Typed(t) = &s.additional {
                named_in(t, out);
            }
        }
        TypeKind::Tagged(u) => out.extend(u.variants.iter().map(|v| v.payload)),
        TypeKind::Untagged(u) => u.variants.iter().for_each(|v| named_in(&v.ty, out)),
        TypeKind::Enum(_) => {}
    }
}

fn tag_description(spec: &OpenAPI, tag: &str) -> Option<String> {
    spec.tags
        .iter()
        .find(|t| t.name == tag)
        .and_then(|t| t.description.clone())
}
