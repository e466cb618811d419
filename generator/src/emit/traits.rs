//! Runtime traits for each model: `Validate` (the spec's constraints, every violation with its
//! path) and `ReadOnlyFields` (so a `readOnly` property is never sent).

use super::{ident, Context};
use crate::ir::{Constraints, Field, Ir, TypeDef, TypeKind, TypeRef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub fn emit_traits(cx: &Context<'_>, def: &TypeDef) -> TokenStream {
    let validate = validate_impl(cx, def);
    let read_only = if def.in_request {
        read_only_impl(cx, def)
    } else {
        quote!()
    };
    quote!(#validate #read_only)
}

/// Per type, whether it has a constraint anywhere inside: the least fixed point, so a cycle
/// of types without constraints validates nothing.
pub fn validating_types(ir: &Ir) -> Vec<bool> {
    fn named(ty: &TypeRef, validates: &[bool]) -> bool {
        match ty {
            TypeRef::Named(id) => validates[id.0],
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => named(t, validates),
            _ => false,
        }
    }
    let mut validates = vec![false; ir.types.len()];
    loop {
        let mut changed = false;
        for (i, def) in ir.types.iter().enumerate() {
            if validates[i] {
                continue;
            }
            let now = match &def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .any(|f| !f.constraints.is_empty() || named(&f.ty, &validates)),
                TypeKind::Tagged(u) => u.variants.iter().any(|v| validates[v.payload.0]),
                TypeKind::Untagged(u) => u.variants.iter().any(|v| named(&v.ty, &validates)),
                TypeKind::Enum(_) => false,
            };
            if now {
                validates[i] = true;
                changed = true;
            }
        }
        if !changed {
            return validates;
        }
    }
}

/// `value: &T` as an `f64`, without a cast clippy would flag.
fn as_f64(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::F64 => quote!(*value),
        TypeRef::I32 | TypeRef::F32 => quote!(f64::from(*value)),
        _ => quote!(*value as f64),
    }
}

/// Checks of a scalar bound to `value: &T` at path `at`.
fn scalar_checks(cx: &Context<'_>, c: &Constraints, ty: &TypeRef) -> TokenStream {
    let rt = &cx.runtime;
    let mut checks = Vec::new();
    if matches!(ty, TypeRef::String) {
        if let Some(p) = &c.pattern {
            checks.push(quote!(#rt::check::pattern(&at, value, #p, out);));
        }
        if let Some(n) = c.min_length {
            checks.push(quote!(#rt::check::min_length(&at, value, #n, out);));
        }
        if let Some(n) = c.max_length {
            checks.push(quote!(#rt::check::max_length(&at, value, #n, out);));
        }
    }
    if matches!(
        ty,
        TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64
    ) {
        let v = as_f64(ty);
        if let Some(b) = c.minimum {
            let n = Literal::f64_unsuffixed(b.value);
            let f = if b.exclusive {
                quote!(exclusive_minimum)
            } else {
                quote!(minimum)
            };
            checks.push(quote!(#rt::check::#f(&at, #v, #n, out);));
        }
        if let Some(b) = c.maximum {
            let n = Literal::f64_unsuffixed(b.value);
            let f = if b.exclusive {
                quote!(exclusive_maximum)
            } else {
                quote!(maximum)
            };
            checks.push(quote!(#rt::check::#f(&at, #v, #n, out);));
        }
        let allowed: Vec<Literal> = c
            .allowed
            .iter()
            .filter_map(serde_json::Value::as_f64)
            .map(Literal::f64_unsuffixed)
            .collect();
        if !allowed.is_empty() {
            checks.push(quote!(#rt::check::one_of(&at, #v, &[#(#allowed),*], out);));
        }
    }
    quote!(#(#checks)*)
}

/// Checks of a value bound to `value: &T` at path `at`, reported into `out`.
pub fn value_checks(cx: &Context<'_>, ty: &TypeRef, c: &Constraints) -> TokenStream {
    let rt = &cx.runtime;
    let mut body = constraint_checks(cx, ty, c);
    if cx.validates(ty) {
        body.push(quote!(#rt::Validate::validate_at(value, &at, out);));
    }
    quote!(#(#body)*)
}

/// The spec's constraints on a value bound to `value: &T` at path `at`, without what its own
/// type checks.
fn constraint_checks(cx: &Context<'_>, ty: &TypeRef, c: &Constraints) -> Vec<TokenStream> {
    let rt = &cx.runtime;
    let mut body = Vec::new();
    match ty {
        TypeRef::Vec(item) => {
            if let Some(n) = c.min_items {
                body.push(quote!(#rt::check::min_items(&at, value.len(), #n, out);));
            }
            if let Some(n) = c.max_items {
                body.push(quote!(#rt::check::max_items(&at, value.len(), #n, out);));
            }
            if c.unique_items {
                body.push(quote!(#rt::check::unique_items(&at, value, out);));
            }
            if let Some(items) = &c.items {
                let inner = scalar_checks(cx, items, item);
                if !inner.is_empty() {
                    body.push(quote! {
                        for (i, value) in value.iter().enumerate() {
                            let at = format!("{at}[{i}]");
                            #inner
                        }
                    });
                }
            }
        }
        TypeRef::Map(value_ty) => {
            if let Some(values) = &c.values {
                let inner = scalar_checks(cx, values, value_ty);
                if !inner.is_empty() {
                    body.push(quote! {
                        for (key, value) in value.iter() {
                            let at = #rt::join_path(&at, key);
                            #inner
                        }
                    });
                }
            }
        }
        ty => {
            let inner = scalar_checks(cx, c, ty);
            if !inner.is_empty() {
                body.push(inner);
            }
        }
    }
    body
}

/// Whether the only check of a value is its own type's `validate_at`.
fn only_nested(cx: &Context<'_>, ty: &TypeRef, c: &Constraints) -> bool {
    cx.validates(ty) && constraint_checks(cx, ty, c).is_empty()
}

/// Checks of one field; `None` when the field has nothing to check.
fn field_checks(cx: &Context<'_>, f: &Field) -> Option<TokenStream> {
    let rt = &cx.runtime;
    let checks = value_checks(cx, &f.ty, &f.constraints);
    if checks.is_empty() {
        return None;
    }
    let name = ident(&f.rust_name);
    let json = &f.json_name;
    if only_nested(cx, &f.ty, &f.constraints) {
        // The common case, one line: a field whose type checks itself (`Option` skips `None`).
        return Some(quote!(#rt::validate_field(&self.#name, path, #json, out);));
    }
    let inner = quote! {
        let at = #rt::join_path(path, #json);
        #checks
    };
    Some(if f.required {
        quote!({ let value = &self.#name; #inner })
    } else {
        quote!(if let Some(value) = &self.#name { #inner })
    })
}

/// A `match` over the variants that have something to do (`if let` for a single one, as
/// clippy prefers); `None` when no variant has.
fn dispatch(arms: Vec<(TokenStream, TokenStream)>, exhaustive: bool) -> Option<TokenStream> {
    match arms.as_slice() {
        [] => None,
        [(pattern, body)] if !exhaustive => Some(quote!(if let #pattern = self { #body; })),
        _ => {
            let arms = arms.iter().map(|(p, b)| quote!(#p => #b,));
            let rest = (!exhaustive).then(|| quote!(_ => {}));
            Some(quote!(match self { #(#arms)* #rest }))
        }
    }
}

fn validate_impl(cx: &Context<'_>, def: &TypeDef) -> TokenStream {
    let rt = &cx.runtime;
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let checks: Vec<TokenStream> = s
                .fields
                .iter()
                .filter_map(|f| field_checks(cx, f))
                .collect();
            if checks.is_empty() {
                None
            } else {
                Some(quote!(#(#checks)*))
            }
        }
        TypeKind::Tagged(u) => {
            let arms: Vec<_> = u
                .variants
                .iter()
                .filter(|v| cx.validates(&TypeRef::Named(v.payload)))
                .map(|v| {
                    let n = ident(&v.rust_name);
                    (
                        quote!(Self::#n(payload)),
                        quote!(#rt::Validate::validate_at(payload, path, out)),
                    )
                })
                .collect();
            dispatch(arms, false)
        }
        TypeKind::Untagged(u) => {
            let arms: Vec<_> = u
                .variants
                .iter()
                .filter(|v| cx.validates(&v.ty))
                .map(|v| {
                    let n = ident(&v.rust_name);
                    (
                        quote!(Self::#n(value)),
                        quote!(#rt::Validate::validate_at(value, path, out)),
                    )
                })
                .collect();
            let all = arms.len() == u.variants.len();
            dispatch(arms, all)
        }
        // The runtime's `string_enum!` implements it, with nothing to check.
        TypeKind::Enum(_) => return quote!(),
    };
    match body {
        None => quote!(impl #rt::Validate for #name {}),
        Some(body) => quote! {
            impl #rt::Validate for #name {
                fn validate_at(&self, path: &str, out: &mut Vec<#rt::Violation>) {
                    #body
                }
            }
        },
    }
}

fn read_only_impl(cx: &Context<'_>, def: &TypeDef) -> TokenStream {
    let rt = &cx.runtime;
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let removes: Vec<TokenStream> = s
                .fields
                .iter()
                .filter(|f| f.read_only)
                .map(|f| {
                    let json = &f.json_name;
                    quote!(object.remove(#json);)
                })
                .collect();
            let nested: Vec<TokenStream> = s
                .fields
                .iter()
                .filter(|f| !f.read_only && cx.may_hold_read_only(&f.ty))
                .map(|f| {
                    let json = &f.json_name;
                    let n = ident(&f.rust_name);
                    quote! {
                        if let Some(value) = object.get_mut(#json) {
                            #rt::ReadOnlyFields::strip_read_only(&self.#n, value);
                        }
                    }
                })
                .collect();
            if removes.is_empty() && nested.is_empty() {
                None
            } else {
                Some(quote! {
                    let Some(object) = json.as_object_mut() else { return };
                    #(#removes)*
                    #(#nested)*
                })
            }
        }
        TypeKind::Tagged(u) => {
            let arms: Vec<_> = u
                .variants
                .iter()
                .filter(|v| cx.may_hold_read_only(&TypeRef::Named(v.payload)))
                .map(|v| {
                    let n = ident(&v.rust_name);
                    (
                        quote!(Self::#n(payload)),
                        quote!(#rt::ReadOnlyFields::strip_read_only(payload, json)),
                    )
                })
                .collect();
            dispatch(arms, false)
        }
        TypeKind::Untagged(u) => {
            let arms: Vec<_> = u
                .variants
                .iter()
                .filter(|v| cx.may_hold_read_only(&v.ty))
                .map(|v| {
                    let n = ident(&v.rust_name);
                    (
                        quote!(Self::#n(value)),
                        quote!(#rt::ReadOnlyFields::strip_read_only(value, json)),
                    )
                })
                .collect();
            let all = arms.len() == u.variants.len();
            dispatch(arms, all)
        }
        // The runtime's `string_enum!` implements it, with nothing to strip.
        TypeKind::Enum(_) => return quote!(),
    };
    let serde_json = &cx.serde_json;
    match body {
        None => quote!(impl #rt::ReadOnlyFields for #name {}),
        Some(body) => quote! {
            impl #rt::ReadOnlyFields for #name {
                fn strip_read_only(&self, json: &mut #serde_json::Value) {
                    #body
                }
            }
        },
    }
}
