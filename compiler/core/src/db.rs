//! The salsa database: inputs (source files and the workspace that lists them) and the
//! database type the CLI, the language server and the tests share.
//!
//! A module's name is given by the host when the file is added (its path below the package
//! root, dots for slashes), so the compiler itself never reads the file system.

use std::sync::{Arc, Mutex};

use smol_str::SmolStr;

/// Where a module comes from: the embedded national library, a dependency, or the project
/// being checked. Local-policy rules are judged by this (they may not weaken the law).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum OriginKind {
    Stdlib,
    Dependency,
    Root,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    pub kind: OriginKind,
    pub package: SmolStr,
    pub version: SmolStr,
    /// The packages this module's package declares as dependencies (the standard library is
    /// always available): the only packages whose modules it may import.
    pub dependencies: Vec<SmolStr>,
    /// Whether other packages may import this module (`exports` in `ward.toml`).
    pub exported: bool,
}

impl Origin {
    pub fn stdlib() -> Origin {
        Origin {
            kind: OriginKind::Stdlib,
            package: "nhs".into(),
            version: crate::VERSION.into(),
            dependencies: Vec::new(),
            exported: true,
        }
    }
    /// A module of the project being checked; it may import any package.
    pub fn root(package: &str, version: &str) -> Origin {
        Origin {
            kind: OriginKind::Root,
            package: package.into(),
            version: version.into(),
            dependencies: Vec::new(),
            exported: true,
        }
    }
    pub fn dependency(package: &str, version: &str) -> Origin {
        Origin {
            kind: OriginKind::Dependency,
            ..Origin::root(package, version)
        }
    }
    pub fn with_dependencies(mut self, deps: Vec<SmolStr>, exported: bool) -> Origin {
        self.dependencies = deps;
        self.exported = exported;
        self
    }
    pub fn is_stdlib(&self) -> bool {
        self.kind == OriginKind::Stdlib
    }
    /// May a module of this origin import one of `other`?
    pub fn may_import(&self, other: &Origin) -> Result<(), &'static str> {
        if other.package == self.package && other.kind == self.kind {
            return Ok(());
        }
        if !other.exported {
            return Err("private");
        }
        if other.is_stdlib() || self.dependencies.is_empty() && self.kind == OriginKind::Root {
            return Ok(());
        }
        if self.dependencies.contains(&other.package) {
            Ok(())
        } else {
            Err("undeclared")
        }
    }
}

/// One `.ward` file.
#[salsa::input(debug)]
pub struct SourceFile {
    #[returns(ref)]
    pub module: SmolStr,
    /// A path for messages: `stdlib/nhs/data/dpia.ward`, `policies/trust/ai.ward`.
    #[returns(ref)]
    pub path: String,
    #[returns(ref)]
    pub text: String,
    #[returns(ref)]
    pub origin: Origin,
}

/// The set of files that make up the program being checked, the guidance documents their
/// sources cite, and the day it is checked on.
#[salsa::input(debug)]
pub struct Workspace {
    #[returns(ref)]
    pub files: Vec<SourceFile>,
    #[returns(ref)]
    pub documents: Vec<crate::citations::Document>,
    /// "Today", supplied by the caller (the compiler never reads the clock): checks that depend
    /// on the date, such as an exception's coming review, run only when it is set.
    pub today: Option<crate::hir::Instant>,
}

#[salsa::db]
pub trait Db: salsa::Database {
    /// Called by some queries when they execute, so tests can prove what was (not) re-run.
    fn record_execution(&self, _query: &'static str, _module: &str) {}
}

/// The one database implementation. Cloning it is how a snapshot is taken.
#[salsa::db]
#[derive(Clone, Default)]
pub struct Database {
    storage: salsa::Storage<Self>,
    log: Option<Arc<Mutex<Vec<String>>>>,
}

impl Database {
    /// A database that records which queries run (for incrementality tests).
    pub fn with_execution_log() -> Database {
        Database {
            storage: salsa::Storage::default(),
            log: Some(Arc::default()),
        }
    }

    /// Take the executions recorded since the last call, as `query(module)` strings.
    pub fn take_executions(&self) -> Vec<String> {
        self.log
            .as_ref()
            .map(|l| std::mem::take(&mut *l.lock().unwrap()))
            .unwrap_or_default()
    }
}

#[salsa::db]
impl salsa::Database for Database {}

#[salsa::db]
impl Db for Database {
    fn record_execution(&self, query: &'static str, module: &str) {
        if let Some(log) = &self.log {
            log.lock().unwrap().push(format!("{query}({module})"));
        }
    }
}

/// The module name for a file at `relative` (below its package root): `nhs/data/dpia.ward`
/// → `nhs.data.dpia`. `None` when a segment is not a valid name.
pub fn module_name_for(relative: &std::path::Path) -> Option<String> {
    let stem = relative.with_extension("");
    let mut parts = Vec::new();
    for c in stem.components() {
        let s = c.as_os_str().to_str()?;
        let valid = s.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '_')
            && s.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
        if !valid {
            return None;
        }
        parts.push(s.to_string());
    }
    (!parts.is_empty()).then(|| parts.join("."))
}
