//! Generates the client of an OpenAPI document into `OUT_DIR` as one file for `include!`.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let spec = "../../generator/tests/fixtures/operations.yaml";
    println!("cargo:rerun-if-changed={spec}");
    let options = generator::Options::new("operations.yaml").runtime_crate("generated_client");
    let files = generator::generate_from_path(spec.as_ref(), &options)?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("api.rs");
    std::fs::write(out, generator::bundle(&files)?)?;
    Ok(())
}
