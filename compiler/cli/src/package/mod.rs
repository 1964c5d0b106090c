//! Packages: `ward.toml` manifests, the `ward.lock` lockfile, and resolution of path and git
//! dependencies. Module names are rooted in the package name (`north_region.ai_assurance`), so
//! two packages cannot collide; the standard library is an implicit, versioned dependency.

pub mod lock;
pub mod manifest;
pub mod resolve;

pub use manifest::{FileError, Manifest};
pub use resolve::{Mode, Problem, Resolved};

/// The module name of a file of a package: the package name, then the path below `src`.
pub fn module_name(m: &Manifest, file: &std::path::Path) -> Option<String> {
    let rel = file.strip_prefix(&m.src).ok()?;
    let base = ward_core::db::module_name_for(rel)?;
    Some(format!("{}.{base}", m.name))
}
