//! Hand-written runtime shared by every generated operation.
//!
//! Generated code describes each call as an [`OperationRequest`] and hands it to
//! [`Client::send_json`] or [`Client::send_empty`]; everything else (authentication, retries,
//! error decoding, tracing) lives here. Nothing in this module knows about a particular
//! OpenAPI document: spec-specific facts such as the base URL, the media types, the error
//! body type and where error bodies keep their code are passed in by generated code.

mod auth;
mod body;
mod call;
mod client;
mod cookie;
mod decode;
mod deprecation;
mod encode;
mod enums;
mod error;
mod error_body;
mod multipart;
pub mod object;
mod pages;
mod path;
mod request;
mod response;
mod retry;
mod tagged;
mod transport;
mod validate;

/// The crates generated code names, re-exported so a crate that compiles generated code (e.g.
/// from a build script, with `Options::deps_path` set to this module) depends on the runtime
/// alone and always gets the versions the runtime was built with.
pub mod deps {
    pub use chrono;
    pub use serde;
    pub use serde_json;
}

pub use auth::Credentials;
pub use body::{json_body, remove_keys, strip_field, ReadOnlyFields};
pub use call::Call;
pub use client::{BuildError, Client, ClientBuilder};
pub use cookie::cookie_header;
pub use encode::{binary_body, form_body, text_body, Binary};
pub use enums::string_enum;
pub use error::{ApiFailure, ArgumentError, Error};
pub use error_body::ErrorFields;
pub use multipart::{FilePart, Multipart};
pub use object::serde_struct;
pub use pages::{paginate, ItemStream, Page};
pub use path::{matches_pattern, PathBuilder};
pub use request::{BodyContent, OnceBody, OperationRequest, RequestBody};
pub use reqwest::Method;
pub use retry::RetryPolicy;
pub use tagged::{param_text, serialize_tagged, Tagged};
pub use validate::{
    check, ensure_valid, join_path, validate_body, validate_field, Validate, ValidationError,
    Violation,
};
