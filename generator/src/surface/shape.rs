//! A fingerprint of the JSON a type stands for, blind to Rust names: a schema renamed without
//! other change keeps its shape, so the change report can tell "renamed" from "retyped".

use crate::ir::{Additional, Ir, TypeKind, TypeRef};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

pub const BYTES: u64 = 1;
pub const EMPTY: u64 = 2;
/// Stands for a type met again while its own shape is being computed.
const RECURSIVE: u64 = 3;

pub struct Shapes<'a> {
    ir: &'a Ir,
    /// `None`: not computed yet; `Some(RECURSIVE)` while in progress.
    named: Vec<Option<u64>>,
}

impl<'a> Shapes<'a> {
    pub fn new(ir: &'a Ir) -> Self {
        Shapes {
            ir,
            named: vec![None; ir.types.len()],
        }
    }

    pub fn of(&mut self, ty: &TypeRef) -> u64 {
        let mut h = DefaultHasher::new();
        match ty {
            TypeRef::Named(id) => return self.named(id.0),
            TypeRef::Vec(t) => ("vec", self.of(t)).hash(&mut h),
            TypeRef::Map(t) => ("map", self.of(t)).hash(&mut h),
            // A box is a Rust detail; the JSON is the same.
            TypeRef::Boxed(t) => return self.of(t),
            scalar => format!("{scalar:?}").hash(&mut h),
        }
        h.finish()
    }

    fn named(&mut self, index: usize) -> u64 {
        if let Some(done) = self.named[index] {
            return done;
        }
        self.named[index] = Some(RECURSIVE);
        let ir = self.ir;
        let mut h = DefaultHasher::new();
        match &ir.types[index].kind {
            TypeKind::Struct(s) => {
                "object".hash(&mut h);
                for f in &s.fields {
                    (&f.json_name, f.spec_required, f.nullable, self.of(&f.ty)).hash(&mut h);
                }
                match &s.additional {
                    Additional::Forbidden => 0u64.hash(&mut h),
                    Additional::Any => 1u64.hash(&mut h),
                    Additional::Typed(t) => self.of(t).hash(&mut h),
                }
            }
            TypeKind::Enum(e) => {
                "enum".hash(&mut h);
                e.variants.iter().for_each(|v| v.value.hash(&mut h));
            }
            TypeKind::Tagged(u) => {
                ("tagged", &u.tag).hash(&mut h);
                for v in &u.variants {
                    (&v.tag_value, self.named(v.payload.0)).hash(&mut h);
                }
            }
            TypeKind::Untagged(u) => {
                "untagged".hash(&mut h);
                for v in &u.variants {
                    self.of(&v.ty).hash(&mut h);
                }
            }
        }
        let shape = h.finish();
        self.named[index] = Some(shape);
        shape
    }
}
