//! Module names: a package's name, then the file's path below the package's `src`, with dots.
//! This is the only place a path becomes a module name.

use std::path::Path;

use crate::manifest::Manifest;

pub use ward_core::db::module_name_for;

/// The module name of a file of a package: `north_region/ai_assurance.ward` in package
/// `north_region` → `north_region.ai_assurance`.
pub fn module_name(m: &Manifest, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(&m.src).ok()?;
    let base = module_name_for(rel)?;
    Some(format!("{}.{base}", m.name))
}
