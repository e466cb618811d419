//! Async Rust client for the MongoDB Atlas Administration API v2.
//!
//! The models and operations are generated from `spec/atlas-admin-v2.yaml` by
//! `cargo xtask codegen`; the runtime (HTTP, authentication, retries, errors, pagination)
//! is hand-written and knows nothing about any particular schema.

pub mod runtime;

// prettyplease formats the generated files; rustfmt must leave them as generated.
#[rustfmt::skip]
pub mod generated;

pub use generated::*;
pub use runtime::*;
