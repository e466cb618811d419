//! The resolved model: everything the emitters need, decided once. No `$ref`s, no raw spec.

use crate::diagnostics::Pointer;

/// Index of a [`TypeDef`] in [`Ir::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

#[derive(Debug, Clone, Default)]
pub struct Ir {
    pub title: String,
    pub description: Option<String>,
    pub default_base_url: Option<String>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    pub oauth_client_credentials: Vec<OAuthScheme>,
    /// One per tag of the operations, by module name: where operations and models are filed.
    pub groups: Vec<Group>,
}

/// The operations of one tag, and the models only they use: one file of each.
#[derive(Debug, Clone)]
pub struct Group {
    /// Module name, unique among groups and operation modules.
    pub module: String,
    /// `None` for the operations without a tag.
    pub tag: Option<String>,
    pub description: Option<String>,
}

/// Module of the models that operations of several groups (or none) use.
pub const SHARED_MODULE: &str = "shared";

/// Index of a [`Group`] in [`Ir::groups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(pub usize);

/// A Rust type expression used by a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    DateTime,
    Date,
    /// Any JSON value.
    Json,
    /// A free-form JSON object.
    JsonObject,
    Named(TypeId),
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// Breaks an infinitely sized recursion.
    Boxed(Box<TypeRef>),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub external_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub pointer: Pointer,
    pub docs: Docs,
    pub kind: TypeKind,
    /// Reachable from a request body (decides constructors and optionality).
    pub in_request: bool,
    /// Reachable from a response body.
    pub in_response: bool,
    /// The one group whose operations use the type; `None` when several or none do.
    pub group: Option<GroupId>,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    Tagged(TaggedUnion),
    Untagged(UntaggedUnion),
}

#[derive(Debug, Clone, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    pub additional: Additional,
}

/// What happens to JSON properties the schema does not list.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Additional {
    /// `additionalProperties: false`: dropped.
    Forbidden,
    /// Unspecified or `true`: kept as raw JSON so a round trip loses nothing.
    #[default]
    Any,
    Typed(TypeRef),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub rust_name: String,
    pub json_name: String,
    pub ty: TypeRef,
    /// In the schema's `required` list.
    pub spec_required: bool,
    pub nullable: bool,
    /// `false` means `Option<ty>`; decided once usage is known (see `resolve::post`).
    pub required: bool,
    /// A required but `nullable` property: `None` is sent as `null`, not left out.
    pub serialize_null: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub docs: Docs,
    pub constraints: Constraints,
    pub default: Option<serde_json::Value>,
    /// The spec's `format` where the Rust type does not already say it (`email`, `uuid`, ...).
    pub format: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub pattern: Option<String>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
    /// Allowed values of a non-string enum (strings become Rust enums instead).
    pub allowed: Vec<serde_json::Value>,
    /// Constraints on the elements of an array of scalars.
    pub items: Option<Box<Constraints>>,
    /// Constraints on the values of a map of scalars (`additionalProperties`).
    pub values: Option<Box<Constraints>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

#[derive(Debug, Clone)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that holds values this client does not know.
    pub unknown_variant: String,
    pub default: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub rust_name: String,
    pub value: String,
}

/// An internally tagged union (`discriminator`).
#[derive(Debug, Clone)]
pub struct TaggedUnion {
    pub tag: String,
    pub variants: Vec<TaggedVariant>,
    pub unknown_variant: String,
}

#[derive(Debug, Clone)]
pub struct TaggedVariant {
    pub rust_name: String,
    pub tag_value: String,
    /// A struct without the tag field.
    pub payload: TypeId,
}

/// `oneOf`/`anyOf` without a discriminator: serde tries the variants in order.
#[derive(Debug, Clone)]
pub struct UntaggedUnion {
    pub variants: Vec<UntaggedVariant>,
}

#[derive(Debug, Clone)]
pub struct UntaggedVariant {
    pub rust_name: String,
    pub ty: TypeRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub operation_id: String,
    pub fn_name: String,
    /// Name of the module holding the operation's constants and parameter struct.
    pub module_name: String,
    pub method: Method,
    pub path: String,
    pub path_parts: Vec<PathPart>,
    pub path_params: Vec<Param>,
    pub query_params: Vec<Param>,
    pub header_params: Vec<Param>,
    /// Sent together in one `Cookie` header.
    pub cookie_params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Success,
    pub errors: Vec<ErrorResponse>,
    /// The error body type shared by every error response, if there is one.
    pub error_type: Option<TypeRef>,
    pub summary: Option<String>,
    pub docs: Docs,
    /// The `x-sunset` date: when the API plans to remove the operation.
    pub sunset: Option<String>,
    pub pagination: Option<Pagination>,
    /// The spec's first tag, which files the operation.
    pub tag: Option<String>,
    /// Set with [`Ir::groups`].
    pub group: GroupId,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// Index into [`Operation::path_params`].
    Param(usize),
}

#[derive(Debug, Clone)]
pub struct Param {
    pub rust_name: String,
    pub api_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Docs,
    pub constraints: Constraints,
    pub default: Option<serde_json::Value>,
    pub format: Option<String>,
    /// How an array is written (the spec's `style`, or its default for the location).
    pub style: Style,
    /// `explode: true` arrays in `form` style are repeated keys; otherwise items are joined.
    pub explode: bool,
}

/// OpenAPI parameter styles the client writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Query and cookie default: `a=1&a=2` exploded, `a=1,2` not.
    Form,
    /// Path and header default: `1,2`.
    Simple,
    /// Query: `a=1%202`.
    SpaceDelimited,
    /// Query: `a=1|2`.
    PipeDelimited,
}

impl Style {
    /// What joins the items of a non-exploded array.
    pub fn separator(self) -> &'static str {
        match self {
            Style::Form | Style::Simple => ",",
            Style::SpaceDelimited => " ",
            Style::PipeDelimited => "|",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Body {
    /// The media type sent as `Content-Type` (without a boundary for multipart).
    pub media_type: String,
    pub kind: BodyKind,
    pub required: bool,
}

/// How the body is written; JSON wins whenever the operation offers it.
#[derive(Debug, Clone)]
pub enum BodyKind {
    /// JSON (`application/json`, `+json`): the schema's type.
    Json(TypeRef),
    /// `text/*`: a string.
    Text,
    /// Any other media type: bytes, or a stream of unknown size.
    Binary,
    /// `application/x-www-form-urlencoded`: the schema's type, one field per property.
    Form(TypeRef),
    /// `multipart/form-data`: one part per property of the schema.
    Multipart(Vec<Part>),
}

impl BodyKind {
    /// The model type the body is built from, if it has one.
    pub fn model(&self) -> Option<&TypeRef> {
        match self {
            BodyKind::Json(ty) | BodyKind::Form(ty) => Some(ty),
            _ => None,
        }
    }
}

/// One property of a `multipart/form-data` body.
#[derive(Debug, Clone)]
pub struct Part {
    pub rust_name: String,
    pub api_name: String,
    pub kind: PartKind,
    /// An array in the schema: one part per element.
    pub repeated: bool,
    pub required: bool,
    pub docs: Docs,
    /// Of the value, or of each element when `repeated`.
    pub constraints: Constraints,
    /// The spec's `encoding.<name>.contentType`, if given.
    pub content_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// `format: binary`: bytes with a file name and content type.
    File,
    /// A scalar or string enum, written as text.
    Text(TypeRef),
    /// Anything else (or a part whose encoding says so), written as JSON.
    Json(TypeRef),
}

#[derive(Debug, Clone)]
pub struct Success {
    pub status: String,
    pub media_type: Option<String>,
    /// `None`: no JSON body (e.g. 204).
    pub ty: Option<TypeRef>,
    /// A non-JSON body (CSV, gzip, ...), returned as raw bytes.
    pub bytes: bool,
}

#[derive(Debug, Clone)]
pub struct ErrorResponse {
    pub status: String,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct Pagination {
    pub page_type: TypeId,
    pub item: TypeRef,
    pub results_field: String,
    pub total_field: Option<String>,
    /// Rust names of the parameters in the operation's parameter struct.
    pub page_size_param: String,
    pub page_num_param: String,
}

#[derive(Debug, Clone)]
pub struct OAuthScheme {
    pub scheme_name: String,
    pub token_url: String,
    pub description: Option<String>,
}
