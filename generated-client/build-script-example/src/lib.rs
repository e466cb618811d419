//! A client generated at build time by `build.rs`, over the runtime of `generated-client`.

/// Models and operations of the API, generated from its spec.
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}
