//! The policy a server answers with: compiled once from a loaded project, then only read.
//! Everything a request needs is computed here, at load time, so a request never touches the
//! salsa database except to quote guidance for an explanation (behind a mutex: the database
//! is not shared between threads).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use ward_core::Host;
use ward_core::citations::DocumentInfo;
use ward_core::eval::Program;
use ward_core::report::StdlibEntry;
use ward_core::report::guidance::Guidance;

/// A compiled policy and what the service says about it.
pub struct Policy {
    pub prog: Arc<Program>,
    /// `sha256:` over every module's name and content hash: the identity every response carries.
    pub hash: String,
    pub stdlib: StdlibEntry,
    pub info: PolicyInfo,
    /// The case schema (JSON Schema 2020-12) for this policy.
    pub schema: serde_json::Value,
    /// The OpenAPI document, with this policy's case schema in it.
    pub openapi: String,
    documents: HashMap<String, DocumentInfo>,
    host: Mutex<Host>,
}

/// `GET /v1/policy`: the packages the policy is made of, with versions and hashes.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PolicyInfo {
    /// `sha256:…`, the same as the `Ward-Policy-Hash` header.
    pub hash: String,
    pub ward_version: String,
    pub stdlib: StdlibInfo,
    pub packages: Vec<PackageInfo>,
    pub obligations: usize,
    pub facts: usize,
}

/// The standard library's identity, as reports give it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct StdlibInfo {
    pub version: String,
    pub hash: String,
    /// Whether it is the library built into this binary.
    pub embedded: bool,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PackageInfo {
    pub name: String,
    pub version: String,
    /// `stdlib`, `dependency` or `local`.
    pub origin: String,
    /// `sha256:` over the package's modules.
    pub hash: String,
    pub modules: Vec<ModuleHash>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ModuleHash {
    pub name: String,
    pub hash: String,
}

impl Policy {
    /// The policy of a host whose program compiled. `stdlib` is the loader's identity of the
    /// library (for reports).
    pub fn new(host: Host, prog: Arc<Program>, stdlib: StdlibEntry) -> Policy {
        let hash = digest(prog.modules.iter().map(|m| (&m.name, &m.hash)));
        let mut packages: Vec<PackageInfo> = Vec::new();
        for m in &prog.modules {
            let origin = match m.origin {
                ward_core::db::OriginKind::Stdlib => "stdlib",
                ward_core::db::OriginKind::Dependency => "dependency",
                ward_core::db::OriginKind::Root => "local",
            };
            let entry = ModuleHash {
                name: m.name.clone(),
                hash: m.hash.clone(),
            };
            match packages
                .iter_mut()
                .find(|p| p.name == m.package && p.origin == origin)
            {
                Some(p) => p.modules.push(entry),
                None => packages.push(PackageInfo {
                    name: m.package.clone(),
                    version: m.version.clone(),
                    origin: origin.into(),
                    hash: String::new(),
                    modules: vec![entry],
                }),
            }
        }
        for p in &mut packages {
            p.hash = digest(p.modules.iter().map(|m| (&m.name, &m.hash)));
        }
        let info = PolicyInfo {
            hash: hash.clone(),
            ward_version: env!("CARGO_PKG_VERSION").to_string(),
            stdlib: StdlibInfo {
                version: stdlib.version.clone(),
                hash: stdlib.hash.clone(),
                embedded: stdlib.embedded,
            },
            packages,
            obligations: prog.obligations.len(),
            facts: prog.facts.len(),
        };
        let schema = ward_core::schema::case_schema(&prog);
        let ids: Vec<&str> = prog.obligations.iter().map(|o| o.id.as_str()).collect();
        let openapi = crate::openapi::document(&schema, &ids);
        let documents = cited_documents(&host, &prog);
        Policy {
            prog,
            hash,
            stdlib,
            info,
            schema,
            openapi,
            documents,
            host: Mutex::new(host),
        }
    }
}

/// The documents the program's rules cite, by file name (the report names each citation).
fn cited_documents(host: &Host, prog: &Program) -> HashMap<String, DocumentInfo> {
    let mut out = HashMap::new();
    for s in &prog.sources {
        if let Some(info) = host.document_info(&s.document) {
            out.insert(s.document.clone(), info.clone());
        }
    }
    out
}

impl Guidance for Policy {
    fn document(&self, file: &str) -> Option<DocumentInfo> {
        self.documents.get(file).cloned()
    }

    fn quote(&self, document: &str, section: &str, at: Option<&str>) -> Option<String> {
        // A poisoned lock means a quote panicked once; the host itself is still readable.
        let host = self.host.lock().unwrap_or_else(|e| e.into_inner());
        host.quote(document, section, at)
    }
}

/// `sha256:` over `name hash` lines, in order.
fn digest<'a>(items: impl Iterator<Item = (&'a String, &'a String)>) -> String {
    let mut h = Sha256::new();
    for (name, hash) in items {
        h.update(name.as_bytes());
        h.update(b" ");
        h.update(hash.as_bytes());
        h.update(b"\n");
    }
    let bytes = h.finalize();
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    for b in bytes.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Load and compile the policy as `ward eval` does (the library `stdlib` chooses plus the
/// `--policy` directories); the error lists what failed, one problem or diagnostic a line.
pub fn load(
    cwd: &std::path::Path,
    cache: &std::path::Path,
    stdlib: &ward_project::stdlib::Choice,
    policies: &[std::path::PathBuf],
) -> Result<Policy, String> {
    let p = ward_project::load_for_eval(cwd, cache, stdlib, policies);
    let mut lines = Vec::new();
    for m in &p.problems {
        if m.is_warning() {
            continue;
        }
        lines.push(match m {
            ward_project::Problem::File(e) => format!("{}: {}", e.path.display(), e.message),
            ward_project::Problem::Message { message, .. }
            | ward_project::Problem::Warning { message, .. } => message.clone(),
        });
    }
    if !lines.is_empty() {
        return Err(format!(
            "the policy could not be loaded:\n  {}",
            lines.join("\n  ")
        ));
    }
    let Some(prog) = p.host.program() else {
        for (f, ds) in p.host.diagnostics() {
            for d in ds.iter().filter(|d| d.is_error()) {
                lines.push(format!(
                    "{}: {} [{}]",
                    f.path(p.host.db()),
                    d.message,
                    d.code
                ));
            }
        }
        return Err(format!(
            "the policy has {} errors; nothing is served:\n  {}",
            lines.len(),
            lines.join("\n  ")
        ));
    };
    let stdlib = p.stdlib.entry(cwd);
    Ok(Policy::new(p.host, prog, stdlib))
}
