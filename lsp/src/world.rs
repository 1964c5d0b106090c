//! The server's mutable state: the compiler's [`Host`] plus what an editor adds to it — which
//! file on disk or which URI each module came from, which documents are open and at which
//! version, and which files are the read-only copy of the embedded standard library.
//!
//! Only this module writes to the database. Every write bumps [`World::revision`]; readers
//! take an [`Analysis`] snapshot and never touch the `World` again, so a write (which waits
//! for every snapshot to be dropped) can never deadlock against a reader.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use smol_str::SmolStr;
use tower_lsp_server::ls_types::Uri;
use ward_core::{Host, Origin};
use ward_project::discover::discover_projects;
use ward_project::naming::module_name_for;

use crate::analysis::Snapshot;
use crate::convert;
pub use crate::files::{DocKey, FileInfo, Files, Rejected};

/// A directory loaded as a Ward package (it has a `ward.toml`, or is a folder of loose files).
#[derive(Clone, Debug)]
struct ProjectDir {
    dir: PathBuf,
    manifest: Option<ward_project::Manifest>,
    origin: Origin,
}

/// One content change of `didChange`: a replacement of a UTF-16 range, or of the whole text.
#[derive(Clone, Debug)]
pub struct Edit {
    pub range: Option<(ward_syntax::LineCol, ward_syntax::LineCol)>,
    pub text: String,
}

/// The outcome of a document notification, for the server to act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The workspace changed; diagnostics need publishing.
    Changed,
    /// An older version than the one already applied: dropped.
    Stale,
    /// Nothing to do (an unknown document, or no change).
    Ignored,
}

pub struct World {
    host: Host,
    files: Arc<Files>,
    projects: Vec<ProjectDir>,
    /// Where paths the project loader reports are relative to.
    cwd: PathBuf,
    revision: u64,
    untitled: u32,
}

impl World {
    /// Load the standard library and every Ward package found in `roots` (workspace folders).
    /// Returns the world and the loader's problems, as messages.
    pub fn load(roots: &[PathBuf], stdlib_dir: Option<&Path>) -> (World, Vec<String>) {
        let mut dirs = Vec::new();
        let mut problems: Vec<String> = Vec::new();
        for r in roots {
            let (found, trouble) = discover_projects(r);
            problems.extend(trouble.iter().map(describe_problem));
            for d in found {
                if !dirs.contains(&d) {
                    dirs.push(d);
                }
            }
        }
        let cwd = roots
            .first()
            .cloned()
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
        // Dependencies are fetched where the `ward` command fetches them.
        let cache = ward_project::cache::cache_dir();
        // The library the `ward` command would use: an installed, signed package (verified
        // again here) or the built-in copy.
        let library = ward_project::stdlib::Choice::Installed(
            ward_project::stdlib_package::Installation::for_user(),
        );
        let mut project = ward_project::load_workspace(&cwd, &cache, &library, &dirs);
        problems.extend(project.problems.iter().map(describe_problem));
        // Date-dependent checks (an exception's review coming due) as the CLI makes them.
        project.host.set_today(Some(ward_project::clock::today()));
        let world = World::from_host(project.host, &cwd, &dirs, stdlib_dir);
        (world, problems)
    }

    /// Build the file table for a host whose file paths are relative to `cwd` (the project
    /// loader's convention); stdlib files not on disk are mapped into `stdlib_dir`.
    pub fn from_host(host: Host, cwd: &Path, dirs: &[PathBuf], stdlib_dir: Option<&Path>) -> World {
        let mut files = Files::default();
        for (module, &sf) in host.files() {
            let shown = sf.path(host.db());
            let origin = sf.origin(host.db());
            let on_disk = ward_project::paths::normalize(&cwd.join(shown));
            let (path, read_only) = if origin.is_stdlib() && !on_disk.is_file() {
                let rel = shown.strip_prefix("stdlib/").unwrap_or(shown);
                (stdlib_dir.map(|d| d.join(rel)), true)
            } else {
                (Some(on_disk), false)
            };
            let uri = match path.as_deref().and_then(convert::path_to_uri) {
                Some(u) => u,
                None => convert::synthetic_uri(module),
            };
            files.insert(FileInfo {
                module: module.clone(),
                uri,
                path,
                read_only,
                version: None,
                in_project: true,
            });
        }
        files.guidance = guidance_copies(&host, stdlib_dir);
        let mut projects: Vec<ProjectDir> = dirs
            .iter()
            .map(|d| {
                let manifest = ward_project::manifest::read(d).ok().flatten();
                let fallback = match &manifest {
                    Some(m) if m.claims_stdlib() => Origin::stdlib(),
                    Some(m) => Origin::root(&m.name, &m.version.to_string()),
                    None => Origin::root(&dir_name(d), "0.0.0"),
                };
                let origin = host
                    .files()
                    .find(|(_, sf)| {
                        ward_project::paths::normalize(&cwd.join(sf.path(host.db()))).starts_with(d)
                    })
                    .map(|(_, sf)| sf.origin(host.db()).clone())
                    .unwrap_or(fallback);
                ProjectDir {
                    dir: d.clone(),
                    manifest,
                    origin,
                }
            })
            .collect();
        // The deepest directory first, so a nested package wins over its parent folder.
        projects.sort_by_key(|p| std::cmp::Reverse(p.dir.components().count()));
        World {
            host,
            files: Arc::new(files),
            projects,
            cwd: cwd.to_path_buf(),
            revision: 0,
            untitled: 0,
        }
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Move the revision forward to at least `at_least` (when this world replaces another).
    pub fn bump_revision(&mut self, at_least: u64) {
        self.revision = self.revision.max(at_least);
    }

    pub fn host(&self) -> &Host {
        &self.host
    }

    pub fn files(&self) -> &Files {
        &self.files
    }

    /// A cheap, read-only view of the current state for one request.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot::new(
            ward_ide::Analysis::new(self.host.db().clone(), self.host.workspace()),
            self.files.clone(),
            self.revision,
        )
    }

    /// The open documents, to carry over when the workspace is loaded again.
    pub fn open_documents(&self) -> Vec<(Uri, i32, String)> {
        let mut out: Vec<(Uri, i32, String)> = self
            .files
            .iter()
            .filter_map(|i| {
                let v = i.version?;
                let text = self.host.file(&i.module)?.text(self.host.db()).clone();
                Some((i.uri.clone(), v, text))
            })
            .collect();
        for r in self.files.rejected() {
            out.push((r.uri.clone(), r.version, r.text.clone()));
        }
        out
    }

    /// `textDocument/didOpen`.
    pub fn open(&mut self, uri: &Uri, version: i32, text: String) -> Applied {
        let key = DocKey::of(uri);
        if let Some(module) = self.files.module_of(&key).cloned() {
            let info = self.files.get(&module).cloned();
            if let Some(mut info) = info {
                if info.version.is_some_and(|v| v >= version) {
                    return Applied::Stale;
                }
                info.version = Some(version);
                info.uri = uri.clone();
                // The standard library's copy is read-only: the embedded text stays the truth.
                if !info.read_only {
                    self.set_text(&module, text);
                }
                Arc::make_mut(&mut self.files).insert(info);
                self.revision += 1;
                return Applied::Changed;
            }
        }
        if let Some(r) = self.files.rejected.get(&key)
            && r.version >= version
        {
            return Applied::Stale;
        }
        match self.classify(&key, &text) {
            Ok((module, origin, in_project)) => {
                let path = match &key {
                    DocKey::Path(p) => Some(p.clone()),
                    DocKey::Uri(_) => None,
                };
                let shown = path
                    .as_deref()
                    .map(|p| self.shown_path(p))
                    .unwrap_or_else(|| uri.as_str().to_string());
                self.host.set_file(&module, &shown, text, origin);
                Arc::make_mut(&mut self.files).insert(FileInfo {
                    module,
                    uri: uri.clone(),
                    path,
                    read_only: false,
                    version: Some(version),
                    in_project,
                });
                Arc::make_mut(&mut self.files).rejected.remove(&key);
            }
            Err(why) => {
                Arc::make_mut(&mut self.files).rejected.insert(
                    key,
                    Rejected {
                        uri: uri.clone(),
                        version,
                        text,
                        why,
                    },
                );
            }
        }
        self.revision += 1;
        Applied::Changed
    }

    /// `textDocument/didChange`: apply the edits of one version. Full-text changes are what
    /// the server asks for; ranged ones are applied too, so a client that sends them anyway
    /// still works. A change to a document never opened is taken as its opening when it
    /// carries the full text.
    pub fn change(&mut self, uri: &Uri, version: i32, changes: Vec<Edit>) -> Applied {
        // A server left running over midnight moves to the new day on the next edit.
        self.host.set_today(Some(ward_project::clock::today()));
        let key = DocKey::of(uri);
        let Some(module) = self.files.module_of(&key).cloned() else {
            if let Some(edit) = changes.into_iter().rfind(|e| e.range.is_none()) {
                return self.open(uri, version, edit.text);
            }
            return Applied::Ignored;
        };
        let Some(info) = self.files.get(&module).cloned() else {
            return Applied::Ignored;
        };
        if info.read_only {
            return Applied::Ignored;
        }
        match info.version {
            Some(v) if v >= version => return Applied::Stale,
            None if changes.iter().any(|e| e.range.is_some()) => return Applied::Ignored,
            _ => {}
        }
        let mut text = self
            .host
            .file(&module)
            .map(|f| f.text(self.host.db()).clone())
            .unwrap_or_default();
        for edit in changes {
            match edit.range {
                None => text = edit.text,
                Some((from, to)) => {
                    let index = ward_syntax::LineIndex::new(&text);
                    let a = index.from_utf16(&text, from);
                    let b = index.from_utf16(&text, to);
                    text.replace_range(a.min(b)..a.max(b), &edit.text);
                }
            }
        }
        self.set_text(&module, text);
        let mut info = info;
        info.version = Some(version);
        Arc::make_mut(&mut self.files).insert(info);
        self.revision += 1;
        Applied::Changed
    }

    /// `textDocument/didClose`: a project file goes back to its text on disk; a stray file
    /// leaves the workspace.
    pub fn close(&mut self, uri: &Uri) -> Applied {
        let key = DocKey::of(uri);
        if Arc::make_mut(&mut self.files)
            .rejected
            .remove(&key)
            .is_some()
        {
            self.revision += 1;
            return Applied::Changed;
        }
        let Some(module) = self.files.module_of(&key).cloned() else {
            return Applied::Ignored;
        };
        let Some(mut info) = self.files.get(&module).cloned() else {
            return Applied::Ignored;
        };
        if !info.in_project {
            self.host.remove_file(&module);
            Arc::make_mut(&mut self.files).remove(&module);
            self.revision += 1;
            return Applied::Changed;
        }
        info.version = None;
        if !info.read_only
            && let Some(text) = info.path.as_deref().and_then(read_text)
        {
            self.set_text(&module, text);
        }
        Arc::make_mut(&mut self.files).insert(info);
        self.revision += 1;
        Applied::Changed
    }

    /// `workspace/didChangeWatchedFiles`: a file created, changed or deleted on disk. Open
    /// documents are the editor's business and are left alone.
    pub fn disk_changed(&mut self, path: &Path, deleted: bool) -> Applied {
        if path.extension().and_then(|e| e.to_str()) != Some("ward") {
            return Applied::Ignored;
        }
        let key = DocKey::Path(path.to_path_buf());
        if let Some(module) = self.files.module_of(&key).cloned() {
            let Some(info) = self.files.get(&module).cloned() else {
                return Applied::Ignored;
            };
            if info.version.is_some() || info.read_only {
                return Applied::Ignored;
            }
            if deleted || !path.is_file() {
                self.host.remove_file(&module);
                Arc::make_mut(&mut self.files).remove(&module);
            } else if let Some(text) = read_text(path) {
                self.set_text(&module, text);
            }
            self.revision += 1;
            return Applied::Changed;
        }
        if deleted || !self.projects.iter().any(|p| path.starts_with(&p.dir)) {
            return Applied::Ignored;
        }
        let Some(text) = read_text(path) else {
            return Applied::Ignored;
        };
        let Ok((module, origin, in_project)) = self.classify(&key, &text) else {
            return Applied::Ignored;
        };
        let Some(uri) = convert::path_to_uri(path) else {
            return Applied::Ignored;
        };
        let shown = self.shown_path(path);
        self.host.set_file(&module, &shown, text, origin);
        Arc::make_mut(&mut self.files).insert(FileInfo {
            module,
            uri,
            path: Some(path.to_path_buf()),
            read_only: false,
            version: None,
            in_project,
        });
        self.revision += 1;
        Applied::Changed
    }

    fn set_text(&mut self, module: &str, text: String) {
        let Some(sf) = self.host.file(module) else {
            return;
        };
        let db = self.host.db();
        let (path, origin) = (sf.path(db).clone(), sf.origin(db).clone());
        self.host.set_file(module, &path, text, origin);
    }

    fn shown_path(&self, p: &Path) -> String {
        ward_project::paths::display_path(&self.cwd, p)
    }

    /// The module name, origin and project membership a newly opened document gets, or why
    /// it cannot join the workspace.
    fn classify(&mut self, key: &DocKey, text: &str) -> Result<(SmolStr, Origin, bool), String> {
        let header = header_module(text);
        let (module, origin, in_project) = match key {
            DocKey::Path(p) => match self.projects.iter().find(|d| p.starts_with(&d.dir)) {
                Some(d) => {
                    let rel = p.strip_prefix(&d.dir).unwrap_or(p);
                    let name = match &d.manifest {
                        Some(m) => ward_project::naming::module_name(m, p),
                        None => module_name_for(rel),
                    };
                    let Some(m) = name else {
                        return Err(format!(
                            "`{}` is not a module name: use letters, digits and underscores in the file's path (below the package's `src`)",
                            rel.display()
                        ));
                    };
                    let mut origin = d.origin.clone();
                    if let Some(man) = &d.manifest {
                        origin.exported = man.exports_module(&m);
                    }
                    (m, origin, true)
                }
                None => {
                    // A file outside every loaded package: its own directory is its package,
                    // unless the header names the module.
                    let stem = Path::new(p.file_name().unwrap_or_default());
                    let m = header
                        .clone()
                        .or_else(|| module_name_for(stem))
                        .unwrap_or_else(|| sanitise(stem));
                    let package = p.parent().map(dir_name).unwrap_or_default();
                    (m, Origin::root(&package, "0.0.0"), false)
                }
            },
            DocKey::Uri(_) => {
                let m = header.unwrap_or_else(|| {
                    self.untitled += 1;
                    format!("untitled_{}", self.untitled)
                });
                (m, Origin::root("untitled", "0.0.0"), false)
            }
        };
        if let Some(existing) = self.files.get(&module) {
            if existing.read_only && existing.version.is_none() {
                return Err(format!(
                    "module `{module}` is part of the standard library and cannot be replaced"
                ));
            }
            let shown = existing
                .path
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| existing.uri.as_str().to_string());
            return Err(format!("module `{module}` is already defined by {shown}"));
        }
        Ok((SmolStr::new(module), origin, in_project))
    }
}

/// A loader problem as one line for the editor's log.
/// The guidance documents whose text is the embedded library's, at their copy in
/// `stdlib_dir`. A document an installed library changed has no copy there, and no link.
fn guidance_copies(host: &Host, stdlib_dir: Option<&Path>) -> BTreeMap<String, PathBuf> {
    let Some(dir) = stdlib_dir else {
        return BTreeMap::new();
    };
    let (db, ws) = (host.db(), host.workspace());
    ward_stdlib::documents()
        .iter()
        .filter(|d| {
            ward_core::citations::document_named(db, ws, d.file)
                .is_some_and(|x| x.text(db) == d.text)
        })
        .map(|d| (d.file.to_string(), dir.join(d.path)))
        .collect()
}

fn describe_problem(p: &ward_project::Problem) -> String {
    use ward_project::Problem;
    let (message, help) = match p {
        Problem::File(e) => (
            format!("{}: {}", e.path.display(), e.message),
            e.help.clone(),
        ),
        Problem::Message { message, help } | Problem::Warning { message, help } => {
            (message.clone(), help.clone())
        }
    };
    match help {
        Some(h) => format!("{message} (help: {h})"),
        None => message,
    }
}

/// `module a.b` at the top of a text, if present.
fn header_module(text: &str) -> Option<String> {
    let parsed = ward_syntax::parse(text);
    parsed.module.items.iter().find_map(|i| match &i.kind {
        ward_syntax::ast::ItemKind::Module(m) => Some(m.path.text()),
        _ => None,
    })
}

fn sanitise(stem: &Path) -> String {
    let s: String = stem
        .with_extension("")
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        s
    } else {
        format!("_{s}")
    }
}

fn dir_name(d: &Path) -> String {
    d.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "local".into())
}

/// A policy file from disk, through the project's bounded reader: a pipe, a device or a file
/// over the size limit is never read (so a watched-file event cannot hang the server).
fn read_text(p: &Path) -> Option<String> {
    ward_project::fsread::read_policy(p)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}
