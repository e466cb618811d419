//! Which overlays `cargo xtask codegen` applies: those in the `overlays/` directory beside the
//! spec (`spec/overlays/` for the Atlas spec) in file-name order, then each `--overlay FILE` in
//! the order given. Overlays belong to the spec they correct, so `--spec other.yaml` picks up
//! `other.yaml`'s neighbours, never the Atlas corrections.

use crate::{display_name, XtaskError};
use std::path::{Path, PathBuf};

pub const OVERLAY_DIR: &str = "overlays";

pub fn overlays_for(
    spec: &Path,
    extra: &[PathBuf],
    root: &Path,
) -> Result<Vec<generator::Overlay>, XtaskError> {
    let dir = spec
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join(OVERLAY_DIR);
    let mut overlays = generator::overlay::read_dir(&dir, &display_name(&dir, root))?;
    for path in extra {
        overlays.push(generator::Overlay::read(path, display_name(path, root))?);
    }
    Ok(overlays)
}
