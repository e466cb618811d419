//! Page walking for list operations: a `*_stream` method per operation and the `Page`
//! implementation of its response type.

use super::docs::code;
use super::operations::{arg_type, error_type};
use super::{deprecated, ident, Context};
use crate::ir::{Operation, TypeKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn stream_method(cx: &Context<'_>, op: &Operation) -> TokenStream {
    let rt = &cx.runtime;
    let pagination = op
        .pagination
        .as_ref()
        .expect("only called for paginated operations");
    let fn_name = ident(&op.fn_name);
    let stream_name = format_ident!("{}_stream", op.fn_name);
    let module = ident(&op.module_name);
    let item = cx.ty(&pagination.item, &quote!(models::));
    let error_ty = error_type(cx, op);
    let size = ident(&pagination.page_size_param);
    let num = ident(&pagination.page_num_param);
    let size_param = op
        .query_params
        .iter()
        .find(|p| p.rust_name == pagination.page_size_param);
    let default_size = size_param
        .and_then(|p| p.default.as_ref())
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(100);
    let default_size_lit = proc_macro2::Literal::u64_unsuffixed(default_size);
    let num_ty = op
        .query_params
        .iter()
        .find(|p| p.rust_name == pagination.page_num_param)
        .map(|p| cx.ty(&p.ty, &quote!()))
        .unwrap_or(quote!(i64));
    let mut args = Vec::new();
    let mut call_args = Vec::new();
    for p in op.path_params.iter().chain(
        op.query_params
            .iter()
            .chain(&op.header_params)
            .chain(&op.cookie_params)
            .filter(|p| p.required),
    ) {
        let n = ident(&p.rust_name);
        let t = arg_type(cx, &p.ty);
        let t = match t.to_string().strip_prefix('&') {
            Some(rest) => {
                let rest: TokenStream = rest
                    .parse()
                    .expect("a type without its leading & is still a type");
                quote!(&'a #rest)
            }
            None => t,
        };
        args.push(quote!(#n: #t));
        call_args.push(quote!(#n));
    }
    let doc = format!(
        " Every item of {}, page after page: a stream that asks for the next page when the previous one is used up and ends on a short page or at `{}`. Starts at `params.{}` (default 1) with `params.{}` items per page (default {default_size}).",
        code(&op.operation_id),
        pagination.total_field.as_deref().unwrap_or("the last page"),
        pagination.page_num_param,
        pagination.page_size_param,
    );
    let deprecated = deprecated(op.docs.deprecated);
    let allow_deprecated = if op.docs.deprecated {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    };
    quote! {
        #[doc = #doc]
        #deprecated
        pub fn #stream_name<'a>(&'a self, #(#args,)* params: &#module::Params) -> #rt::ItemStream<'a, #item, #error_ty> {
            let per_page = params.#size.unwrap_or(#default_size_lit);
            let first = params.#num.unwrap_or(1);
            let params = params.clone();
            #allow_deprecated
            #rt::paginate(per_page.max(1) as u32, first.max(1) as u32, move |page| {
                let params = #module::Params {
                    #size: Some(per_page),
                    #num: Some(page as #num_ty),
                    ..params.clone()
                };
                self.#fn_name(#(#call_args,)* &params)
            })
        }
    }
}

pub fn page_impl(cx: &Context<'_>, op: &Operation) -> TokenStream {
    let rt = &cx.runtime;
    let pagination = op
        .pagination
        .as_ref()
        .expect("filtered to paginated operations");
    let def = cx.def(pagination.page_type);
    let page = ident(&def.name);
    let item = cx.ty(&pagination.item, &quote!(models::));
    let TypeKind::Struct(st) = &def.kind else {
        return quote!();
    };
    let field = |name: &str| st.fields.iter().find(|f| f.rust_name == name);
    let results = ident(&pagination.results_field);
    let items = match field(&pagination.results_field) {
        Some(f) if f.required => quote!(self.#results),
        _ => quote!(self.#results.unwrap_or_default()),
    };
    let total = match pagination.total_field.as_deref().and_then(field) {
        Some(f) => {
            let n = ident(&f.rust_name);
            if f.required {
                quote!(u64::try_from(self.#n).ok())
            } else {
                quote!(self.#n.and_then(|n| u64::try_from(n).ok()))
            }
        }
        None => quote!(None),
    };
    quote! {
        impl #rt::Page for models::#page {
            type Item = #item;

            fn total_count(&self) -> Option<u64> {
                #total
            }

            fn into_items(self) -> Vec<Self::Item> {
                #items
            }
        }
    }
}
