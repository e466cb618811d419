//! Decisions that need the whole type graph: where recursion needs a `Box`, and which types
//! travel in request bodies.

use crate::ir::{BodyKind, Operation, PartKind, TypeDef, TypeId, TypeKind, TypeRef};

/// Named types a type holds by value (no `Vec`/map/`Box` in between).
fn direct_targets(def: &TypeDef) -> Vec<TypeId> {
    fn direct(ty: &TypeRef) -> Option<TypeId> {
        match ty {
            TypeRef::Named(id) => Some(*id),
            _ => None,
        }
    }
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
        TypeKind::Tagged(u) => u.variants.iter().map(|v| v.payload).collect(),
        TypeKind::Untagged(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

fn reaches(types: &[TypeDef], from: TypeId, to: TypeId) -> bool {
    let mut stack = vec![from];
    let mut seen = vec![false; types.len()];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if !std::mem::replace(&mut seen[id.0], true) {
            stack.extend(direct_targets(&types[id.0]));
        }
    }
    false
}

/// Boxes, in spec order, each by-value edge that closes a cycle, until none is left.
pub fn box_recursive_fields(types: &mut [TypeDef]) {
    for i in 0..types.len() {
        let me = TypeId(i);
        let edges: Vec<usize> = match &types[i].kind {
            TypeKind::Struct(s) => (0..s.fields.len()).collect(),
            TypeKind::Untagged(u) => (0..u.variants.len()).collect(),
            _ => Vec::new(),
        };
        for e in edges {
            let target = match &types[i].kind {
                TypeKind::Struct(s) => s.fields[e].ty.clone(),
                TypeKind::Untagged(u) => u.variants[e].ty.clone(),
                _ => unreachable!("edges come from structs and untagged unions only"),
            };
            let TypeRef::Named(target_id) = target else {
                continue;
            };
            if reaches(types, target_id, me) {
                let boxed = TypeRef::Boxed(Box::new(target));
                match &mut types[i].kind {
                    TypeKind::Struct(s) => s.fields[e].ty = boxed,
                    TypeKind::Untagged(u) => u.variants[e].ty = boxed,
                    _ => {}
                }
            }
        }
    }
}

pub(super) fn named_in(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => named_in(t, out),
        _ => {}
    }
}

/// Named types a request body is built from.
pub(super) fn named_in_body(kind: &BodyKind, out: &mut Vec<TypeId>) {
    match kind {
        BodyKind::Multipart(parts) => {
            for part in parts {
                if let PartKind::Text(ty) | PartKind::Json(ty) = &part.kind {
                    named_in(ty, out);
                }
            }
        }
        kind => kind.model().into_iter().for_each(|ty| named_in(ty, out)),
    }
}

/// Marks every type reachable from request bodies and from responses.
pub fn mark_usage(types: &mut [TypeDef], operations: &[Operation]) {
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    for op in operations {
        if let Some(body) = &op.body {
            named_in_body(&body.kind, &mut requests);
        }
        if let Some(ty) = &op.success.ty {
            named_in(ty, &mut responses);
        }
        if let Some(ty) = &op.error_type {
            named_in(ty, &mut responses);
        }
    }
    mark(types, requests, |t| &mut t.in_request);
    mark(types, responses, |t| &mut t.in_response);
}

fn mark(types: &mut [TypeDef], mut stack: Vec<TypeId>, flag: fn(&mut TypeDef) -> &mut bool) {
    while let Some(id) = stack.pop() {
        let def = &mut types[id.0];
        if std::mem::replace(flag(def), true) {
            continue;
        }
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| named_in(&f.ty, &mut stack)),
            TypeKind::Tagged(u) => stack.extend(u.variants.iter().map(|v| v.payload)),
            TypeKind::Untagged(u) => u.variants.iter().for_each(|v| named_in(&v.ty, &mut stack)),
            TypeKind::Enum(_) => {}
        }
    }
}

/// A required property is a plain field unless a side of the wire may leave it out: a
/// `readOnly` one in a type that is sent, a `writeOnly` one in a type that is received.
pub fn settle_optionality(types: &mut [TypeDef]) {
    for def in types {
        let (in_request, in_response) = (def.in_request, def.in_response);
        if let TypeKind::Struct(s) = &mut def.kind {
            for f in &mut s.fields {
                let omitted = (f.read_only && in_request) || (f.write_only && in_response);
                f.required = f.spec_required && !f.nullable && !omitted;
                f.serialize_null = f.spec_required && f.nullable;
            }
        }
    }
}
