//! Shared by the generator's integration tests.

use std::path::{Path, PathBuf};

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `*.yaml` files of a folder under `tests/`, sorted so snapshot order is stable.
pub fn yaml_files(folder: &str) -> Vec<PathBuf> {
    let dir = manifest_dir().join("tests").join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

pub fn stem(path: &Path) -> String {
    path.file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

/// Generates from a fixture with a machine-independent source name.
pub fn generate(path: &Path) -> Result<generator::GeneratedFiles, generator::Error> {
    let name = format!(
        "tests/{}/{}",
        path.parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy(),
        path.file_name().unwrap().to_string_lossy()
    );
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    generator::generate(&text, &generator::Options::new(name))
}
