//! The national guidance, as Ward modules, embedded in the binary so that `ward eval` works
//! from any directory with no set-up.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The standard library's package name: every module is `nhs.…`.
pub const PACKAGE: &str = "nhs";

/// Each module as (path below `stdlib/`, text), for example `("nhs/data/dpia.ward", "…")`.
pub fn modules() -> &'static [(&'static str, &'static str)] {
    MODULES
}

/// The text of a guidance document the library cites, by file name.
pub fn document(file_name: &str) -> Option<&'static str> {
    DOCUMENTS
        .iter()
        .find(|(p, _)| p.rsplit('/').next() == Some(file_name))
        .map(|(_, t)| *t)
}

/// The module name of a stdlib path: `nhs/data/dpia.ward` → `nhs.data.dpia`.
pub fn module_name(path: &str) -> String {
    path.trim_end_matches(".ward").replace('/', ".")
}

/// Put the embedded library into `host`: each module under its name, at `stdlib/<path>`, with
/// the standard library's origin. The CLI, the language server's tests and benchmarks, and the
/// test suites all load it this way.
pub fn load_into(host: &mut ward_core::Host) {
    for (path, text) in modules() {
        host.set_file(
            &module_name(path),
            &format!("stdlib/{path}"),
            text.to_string(),
            ward_core::Origin::stdlib(),
        );
    }
}
