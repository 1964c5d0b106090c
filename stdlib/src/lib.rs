//! The national guidance, as Ward modules, embedded in the binary so that `ward eval` works
//! from any directory with no set-up, with the documents it cites and their registry
//! (`guidance/documents.toml`: each document's id, title, publisher, version and address).

/// A guidance document carried in the binary.
#[derive(Clone, Copy, Debug)]
pub struct Embedded {
    /// Below `stdlib/`: `guidance/000_789ceead711778a6.txt`.
    pub path: &'static str,
    /// The file name sources cite it by.
    pub file: &'static str,
    pub id: &'static str,
    pub title: &'static str,
    pub publisher: &'static str,
    pub version: Option<&'static str>,
    pub url: Option<&'static str>,
    pub text: &'static str,
}

impl Embedded {
    /// The compiler's description of the document.
    pub fn info(&self) -> ward_core::citations::DocumentInfo {
        ward_core::citations::DocumentInfo {
            file: self.file.to_string(),
            id: self.id.to_string(),
            title: self.title.to_string(),
            publisher: self.publisher.to_string(),
            version: self.version.map(str::to_string),
            url: self.url.map(str::to_string),
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The standard library's package name: every module is `nhs.…`.
pub const PACKAGE: &str = "nhs";

/// The library's version (from `stdlib/ward.toml`). An installed, signed library is used
/// instead of this one only when its version is newer.
pub fn version() -> &'static str {
    LIBRARY_VERSION
}

/// The public keys this `ward` trusts to sign standard-library packages, as (path below
/// `stdlib/`, text of the `.pub` file). `ward_project::stdlib_package::keys` reads them.
pub fn trusted_keys() -> &'static [(&'static str, &'static str)] {
    TRUSTED_KEYS
}

/// Each module as (path below `stdlib/`, text), for example `("nhs/data/dpia.ward", "…")`.
pub fn modules() -> &'static [(&'static str, &'static str)] {
    MODULES
}

/// The guidance documents the library cites, in file-name order.
pub fn documents() -> &'static [Embedded] {
    DOCUMENTS
}

/// The module name of a stdlib path: `nhs/data/dpia.ward` → `nhs.data.dpia`.
pub fn module_name(path: &str) -> String {
    path.trim_end_matches(".ward").replace('/', ".")
}

/// Put the embedded library into `host`: each module under its name, at `stdlib/<path>`, with
/// the standard library's origin, and each guidance document its sources cite. The CLI, the
/// language server, the test suites and benchmarks all load it this way.
pub fn load_into(host: &mut ward_core::Host) {
    for (path, text) in modules() {
        host.set_file(
            &module_name(path),
            &format!("stdlib/{path}"),
            text.to_string(),
            ward_core::Origin::stdlib(),
        );
    }
    for d in documents() {
        host.set_document(d.info(), d.text.to_string());
    }
}
