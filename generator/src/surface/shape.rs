//! A fingerprint of the JSON a type stands for, blind to Rust names: a schema renamed without
//! other change keeps its shape, so the change report can tell "renamed" from "retyped".
//!
//! Named types are expanded to a fixed depth rather than until a cycle is met, so the
//! fingerprint of a recursive type does not depend on where the walk entered it.

use crate::ir::{Additional, Ir, TypeKind, TypeRef};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

pub const BYTES: u64 = 1;
pub const EMPTY: u64 = 2;
pub const TEXT: u64 = 3;
pub const MULTIPART: u64 = 4;
/// How many named types deep two shapes must agree to count as the same JSON.
const DEPTH: usize = 6;

pub struct Shapes<'a> {
    ir: &'a Ir,
    named: HashMap<(usize, usize), u64>,
}

impl<'a> Shapes<'a> {
    pub fn new(ir: &'a Ir) -> Self {
        Shapes {
            ir,
            named: HashMap::new(),
        }
    }

    pub fn of(&mut self, ty: &TypeRef) -> u64 {
        self.at(ty, DEPTH)
    }

    fn at(&mut self, ty: &TypeRef, depth: usize) -> u64 {
        let mut h = DefaultHasher::new();
        match ty {
            TypeRef::Named(id) => return self.named(id.0, depth),
            TypeRef::Vec(t) => ("vec", self.at(t, depth)).hash(&mut h),
            TypeRef::Map(t) => ("map", self.at(t, depth)).hash(&mut h),
            // A box is a Rust detail; the JSON is the same.
            TypeRef::Boxed(t) => return self.at(t, depth),
            scalar => format!("{scalar:?}").hash(&mut h),
        }
        h.finish()
    }

    fn named(&mut self, index: usize, depth: usize) -> u64 {
        if let Some(done) = self.named.get(&(index, depth)) {
            return *done;
        }
        let ir = self.ir;
        let mut h = DefaultHasher::new();
        let kind = &ir.types[index].kind;
        if depth == 0 {
            std::mem::discriminant(kind).hash(&mut h);
            return h.finish();
        }
        let inner = depth - 1;
        match kind {
            TypeKind::Struct(s) => {
                "object".hash(&mut h);
                for f in &s.fields {
                    let t = self.at(&f.ty, inner);
                    (&f.json_name, f.spec_required, f.nullable, t).hash(&mut h);
                }
                match &s.additional {
                    Additional::Forbidden => 0u64.hash(&mut h),
                    Additional::Any => 1u64.hash(&mut h),
                    Additional::Typed(t) => self.at(t, inner).hash(&mut h),
                }
            }
            TypeKind::Enum(e) => {
                "enum".hash(&mut h);
                e.variants.iter().for_each(|v| v.value.hash(&mut h));
            }
            TypeKind::Tagged(u) => {
                ("tagged", &u.tag).hash(&mut h);
                for v in &u.variants {
                    (&v.tag_value, self.named(v.payload.0, inner)).hash(&mut h);
                }
            }
            TypeKind::Untagged(u) => {
                "untagged".hash(&mut h);
                for v in &u.variants {
                    self.at(&v.ty, inner).hash(&mut h);
                }
            }
        }
        let shape = h.finish();
        self.named.insert((index, depth), shape);
        shape
    }
}
