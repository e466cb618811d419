//! The client's public surface as data, built from the resolved [`Ir`]: what a caller can
//! name, build, call and match, plus what each item means on the wire. [`render`] prints it one
//! line per item (the checked-in `API.txt`); [`crate::api_diff`] compares two of them.

pub(crate) mod render;
mod shape;

pub use render::render;

use crate::ir::{Additional, Body, BodyKind, Ir, Operation, Param, TypeDef, TypeKind, TypeRef};
use std::collections::BTreeMap;

/// Every public type and operation, keyed by Rust name so output is sorted and stable.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Surface {
    /// The base URL `Client::builder()` starts from.
    pub base_url: Option<String>,
    /// `Credentials` constructors from OAuth2 client-credentials schemes, with their token URL.
    pub credentials: BTreeMap<String, String>,
    pub types: BTreeMap<String, TypeItem>,
    pub operations: BTreeMap<String, OpItem>,
}

/// A Rust type as a caller writes it, and a fingerprint of the JSON it stands for: two types
/// with different names but equal shapes (a renamed schema) are the same on the wire.
#[derive(Debug, Clone)]
pub struct Ty {
    pub rust: String,
    pub shape: u64,
}

/// Types are equal when callers write them the same: a change inside a named type is that
/// type's change, reported once with it, not again at every use. The shape only judges a
/// change of name.
impl PartialEq for Ty {
    fn eq(&self, other: &Self) -> bool {
        self.rust == other.rust
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Struct,
    Enum,
    TaggedUnion,
    UntaggedUnion,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Struct => "struct",
            Kind::Enum => "enum",
            Kind::TaggedUnion => "union",
            Kind::UntaggedUnion => "untagged union",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeItem {
    pub kind: Kind,
    pub deprecated: bool,
    /// Reachable from a request body: callers build values of it.
    pub sent: bool,
    pub received: bool,
    /// The discriminator property of a tagged union.
    pub tag: Option<String>,
    /// Arguments of the generated `new` (structs that are sent and have required fields).
    pub constructor: Option<Vec<String>>,
    /// Whether the type derives `Default` (so `..Default::default()` fills new fields).
    pub default: bool,
    pub members: BTreeMap<String, Member>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Member {
    Field(FieldItem),
    /// A string enum value; keyed by its wire value.
    Value {
        rust_name: String,
    },
    /// A tagged union variant; keyed by its tag value.
    Variant {
        rust_name: String,
        payload: Ty,
    },
    /// An untagged union variant; keyed by its Rust name. Serde tries the variants in order,
    /// so the position (from 1) is part of the wire behaviour.
    Untagged {
        ty: Ty,
        position: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldItem {
    /// The field's type as declared, `Option<..>` included.
    pub ty: Ty,
    /// The JSON property; `*` for the map of properties the schema does not list.
    pub wire: String,
    /// A plain field rather than an `Option` (what a struct literal or `new` must give).
    pub required: bool,
    /// In the schema's `required` list: the server may refuse a request without it.
    pub spec_required: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OpItem {
    pub operation_id: String,
    pub method: String,
    pub path: String,
    /// The media type asked for (`Accept`): for Atlas, the API version.
    pub accept: String,
    pub content_type: Option<String>,
    /// The method's arguments in order, `body` and `params` included.
    pub args: Vec<(String, String)>,
    /// Every parameter, keyed by Rust name.
    pub params: BTreeMap<String, ParamItem>,
    pub body: Option<BodyItem>,
    pub result: Ty,
    /// The decoded error body, `E` in the method's `Error<E>`.
    pub error: Ty,
    pub deprecated: bool,
    /// The item type of the `*_stream` page walker, if the operation has one.
    pub stream: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParamItem {
    pub location: &'static str,
    pub wire: String,
    pub ty: Ty,
    /// A method argument; otherwise a field of the operation's `Params`.
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BodyItem {
    pub ty: Ty,
    /// The method argument's type (mirrors the emitter's `bodies::argument`).
    pub arg: String,
    pub required: bool,
}

/// A JSON or form body is its model type; text, bytes and multipart have fixed Rust types
/// (a multipart body's parts are not compared yet).
fn body_item(ir: &Ir, shapes: &mut shape::Shapes, op: &Operation, b: &Body) -> BodyItem {
    let fixed = |rust: String, shape: u64| Ty { rust, shape };
    let (ty, arg) = match &b.kind {
        BodyKind::Json(t) | BodyKind::Form(t) => {
            let t = ty(ir, shapes, t, false);
            let arg = format!("&{}", t.rust);
            (t, arg)
        }
        BodyKind::Text => (fixed("str".to_owned(), shape::TEXT), "&str".to_owned()),
        BodyKind::Binary => (
            fixed("Binary".to_owned(), shape::BYTES),
            "impl Into<Binary>".to_owned(),
        ),
        BodyKind::Multipart(_) => {
            let rust = format!("{}::Body", op.module_name);
            (fixed(rust.clone(), shape::MULTIPART), format!("&{rust}"))
        }
    };
    let arg = match (&b.kind, b.required) {
        (_, true) => arg,
        (BodyKind::Binary, false) => "Option<Binary>".to_owned(),
        (_, false) => format!("Option<{arg}>"),
    };
    BodyItem {
        ty,
        arg,
        required: b.required,
    }
}

/// The public surface of the client generated from the text of an OpenAPI 3.0 document.
pub fn from_spec(spec_text: &str, options: &crate::Options) -> Result<Surface, crate::Error> {
    Ok(surface(&crate::resolve_spec(spec_text, options)?.0))
}

/// The contents of the generated `API.txt`: the same header as the code (spec, overlays, "do
/// not edit"), so every generated file opens alike, then [`render`].
pub fn file(ir: &Ir, code_header: &str) -> String {
    format!(
        "{code_header}\n// the client's public API, one line per item\n{}",
        render(&surface(ir))
    )
}

/// The public surface of the client generated from `ir`.
pub fn surface(ir: &Ir) -> Surface {
    let mut shapes = shape::Shapes::new(ir);
    let mut types: BTreeMap<String, TypeItem> = ir
        .types
        .iter()
        .map(|def| (def.name.clone(), type_item(ir, &mut shapes, def)))
        .collect();
    // A type in a query or header parameter is sent too (the IR marks body types only).
    for op in &ir.operations {
        for p in op
            .query_params
            .iter()
            .chain(&op.header_params)
            .chain(&op.cookie_params)
        {
            if let Some(t) = named(&p.ty) {
                if let Some(item) = types.get_mut(&ir.types[t].name) {
                    item.sent = true;
                }
            }
        }
    }
    let operations = ir
        .operations
        .iter()
        .map(|op| (op.fn_name.clone(), op_item(ir, &mut shapes, op)))
        .collect();
    let credentials = ir
        .oauth_client_credentials
        .iter()
        .map(|s| {
            let name = crate::naming::snake_name(&s.scheme_name);
            (name, s.token_url.clone())
        })
        .collect();
    Surface {
        base_url: ir.default_base_url.clone(),
        credentials,
        types,
        operations,
    }
}

/// The generated type a parameter holds, directly or as array items.
fn named(ty: &TypeRef) -> Option<usize> {
    match ty {
        TypeRef::Named(id) => Some(id.0),
        TypeRef::Vec(t) | TypeRef::Boxed(t) => named(t),
        _ => None,
    }
}

/// `ty` as a caller writes it, generated types without their module path.
pub(crate) fn rust_type(ir: &Ir, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::DateTime => "DateTime<Utc>".to_owned(),
        TypeRef::Date => "NaiveDate".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".to_owned(),
        TypeRef::Named(id) => ir.types[id.0].name.clone(),
        TypeRef::Vec(t) => format!("Vec<{}>", rust_type(ir, t)),
        TypeRef::Map(t) => format!("BTreeMap<String, {}>", rust_type(ir, t)),
        TypeRef::Boxed(t) => format!("Box<{}>", rust_type(ir, t)),
    }
}

fn ty(ir: &Ir, shapes: &mut shape::Shapes, t: &TypeRef, optional: bool) -> Ty {
    let rust = rust_type(ir, t);
    Ty {
        rust: if optional {
            format!("Option<{rust}>")
        } else {
            rust
        },
        shape: shapes.of(t),
    }
}

fn type_item(ir: &Ir, shapes: &mut shape::Shapes, def: &TypeDef) -> TypeItem {
    let mut item = TypeItem {
        kind: Kind::Struct,
        deprecated: def.docs.deprecated,
        sent: def.in_request,
        received: def.in_response,
        tag: None,
        constructor: None,
        default: false,
        members: BTreeMap::new(),
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                let field = FieldItem {
                    ty: ty(ir, shapes, &f.ty, !f.required),
                    wire: f.json_name.clone(),
                    required: f.required,
                    spec_required: f.spec_required,
                    read_only: f.read_only,
                    write_only: f.write_only,
                    deprecated: f.docs.deprecated,
                };
                item.members
                    .insert(f.rust_name.clone(), Member::Field(field));
            }
            let additional = match &s.additional {
                Additional::Forbidden => None,
                Additional::Any => Some(TypeRef::JsonObject),
                Additional::Typed(t) => Some(TypeRef::Map(Box::new(t.clone()))),
            };
            if let Some(t) = additional {
                let field = FieldItem {
                    ty: ty(ir, shapes, &t, false),
                    wire: "*".to_owned(),
                    required: false,
                    spec_required: false,
                    read_only: false,
                    write_only: false,
                    deprecated: false,
                };
                item.members
                    .insert("additional_properties".to_owned(), Member::Field(field));
            }
            let required: Vec<String> = s
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.rust_name.clone())
                .collect();
            item.default = required.is_empty();
            item.constructor = (def.in_request && !required.is_empty()).then_some(required);
        }
        TypeKind::Enum(e) => {
            item.kind = Kind::Enum;
            item.default = e.default.is_some();
            for v in &e.variants {
                let rust_name = v.rust_name.clone();
                item.members
                    .insert(v.value.clone(), Member::Value { rust_name });
            }
        }
        TypeKind::Tagged(u) => {
            item.kind = Kind::TaggedUnion;
            item.tag = Some(u.tag.clone());
            for v in &u.variants {
                let payload = ty(ir, shapes, &TypeRef::Named(v.payload), false);
                let rust_name = v.rust_name.clone();
                item.members
                    .insert(v.tag_value.clone(), Member::Variant { rust_name, payload });
            }
        }
        TypeKind::Untagged(u) => {
            item.kind = Kind::UntaggedUnion;
            for (position, v) in u.variants.iter().enumerate() {
                let ty = ty(ir, shapes, &v.ty, false);
                let variant = Member::Untagged {
                    ty,
                    position: position + 1,
                };
                item.members.insert(v.rust_name.clone(), variant);
            }
        }
    }
    item
}

/// The type of a required parameter as a method argument (mirrors the emitter's `arg_type`).
fn arg_type(ir: &Ir, t: &TypeRef) -> String {
    match t {
        TypeRef::String => "&str".to_owned(),
        TypeRef::Vec(inner) => format!("&[{}]", rust_type(ir, inner)),
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => {
            rust_type(ir, t)
        }
        other => format!("&{}", rust_type(ir, other)),
    }
}

fn op_item(ir: &Ir, shapes: &mut shape::Shapes, op: &Operation) -> OpItem {
    let located = op
        .path_params
        .iter()
        .map(|p| (p, "path"))
        .chain(op.query_params.iter().map(|p| (p, "query")))
        .chain(op.header_params.iter().map(|p| (p, "header")))
        .chain(op.cookie_params.iter().map(|p| (p, "cookie")));
    let mut params = BTreeMap::new();
    let mut args = Vec::new();
    let mut optional = false;
    for (p, location) in located {
        let required = p.required || location == "path";
        params.insert(
            p.rust_name.clone(),
            param_item(ir, shapes, p, location, required),
        );
        if required {
            args.push((p.rust_name.clone(), arg_type(ir, &p.ty)));
        } else {
            optional = true;
        }
    }
    let body = op.body.as_ref().map(|b| body_item(ir, shapes, op, b));
    if let Some(b) = &body {
        args.push(("body".to_owned(), b.arg.clone()));
    }
    if optional {
        args.push(("params".to_owned(), format!("&{}::Params", op.module_name)));
    }
    let result = match (&op.success.ty, op.success.bytes) {
        (Some(t), _) => ty(ir, shapes, t, false),
        (None, true) => Ty {
            rust: "Vec<u8>".to_owned(),
            shape: shape::BYTES,
        },
        (None, false) => Ty {
            rust: "()".to_owned(),
            shape: shape::EMPTY,
        },
    };
    let error = match &op.error_type {
        Some(t) => ty(ir, shapes, t, false),
        None => ty(ir, shapes, &TypeRef::Json, false),
    };
    OpItem {
        operation_id: op.operation_id.clone(),
        method: op.method.as_str().to_owned(),
        path: op.path.clone(),
        accept: crate::emit::accept(op),
        content_type: op.body.as_ref().map(|b| b.media_type.clone()),
        args,
        params,
        body,
        result,
        error,
        deprecated: op.docs.deprecated,
        stream: op.pagination.as_ref().map(|p| rust_type(ir, &p.item)),
    }
}

fn param_item(
    ir: &Ir,
    shapes: &mut shape::Shapes,
    p: &Param,
    location: &'static str,
    required: bool,
) -> ParamItem {
    ParamItem {
        location,
        wire: p.api_name.clone(),
        ty: ty(ir, shapes, &p.ty, !required),
        required,
    }
}
