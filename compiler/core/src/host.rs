//! The host owns the database and the workspace and applies changes to them. The CLI, the
//! language server and the tests all drive the compiler through it, so none of them builds
//! inputs by hand.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use indexmap::IndexMap;
use salsa::Setter;
use smol_str::SmolStr;

use crate::citations::{Document, DocumentInfo};
use crate::db::{Database, Origin, SourceFile, Workspace};
use crate::diagnostic::Diagnostic;
use crate::eval::ir::Program;

pub struct Host {
    db: Database,
    ws: Workspace,
    files: IndexMap<SmolStr, SourceFile>,
    /// The cited documents, by file name.
    documents: IndexMap<String, Document>,
    /// A program compiled before this host existed from exactly its present inputs (the
    /// embedded library, compiled when `ward` was built): what [`Host::program`] answers
    /// until any input changes, so nothing is parsed or checked for it.
    precompiled: Option<Precompiled>,
}

/// A precompiled program and the section headings its sources declare, worked out once when
/// it is set (every citation a report quotes looks them up).
struct Precompiled {
    program: Arc<Program>,
    sections: BTreeMap<String, BTreeSet<String>>,
}

impl Default for Host {
    fn default() -> Host {
        Host::new(Database::default())
    }
}

impl Host {
    pub fn new(db: Database) -> Host {
        let ws = Workspace::new(&db, Vec::new(), Vec::new(), None);
        Host {
            db,
            ws,
            files: IndexMap::new(),
            documents: IndexMap::new(),
            precompiled: None,
        }
    }

    pub fn db(&self) -> &Database {
        &self.db
    }

    pub fn db_mut(&mut self) -> &mut Database {
        // The caller may change any input through it.
        self.precompiled = None;
        &mut self.db
    }

    pub fn workspace(&self) -> Workspace {
        self.ws
    }

    pub fn file(&self, module: &str) -> Option<SourceFile> {
        self.files.get(module).copied()
    }

    pub fn files(&self) -> impl Iterator<Item = (&SmolStr, &SourceFile)> {
        self.files.iter()
    }

    /// Add a module, or update it if its text, path or origin changed.
    pub fn set_file(
        &mut self,
        module: &str,
        path: &str,
        text: String,
        origin: Origin,
    ) -> SourceFile {
        self.precompiled = None;
        if let Some(&f) = self.files.get(module) {
            if f.text(&self.db) != &text {
                f.set_text(&mut self.db).to(text);
            }
            if f.path(&self.db) != path {
                f.set_path(&mut self.db).to(path.to_string());
            }
            if f.origin(&self.db) != &origin {
                f.set_origin(&mut self.db).to(origin);
            }
            return f;
        }
        let f = SourceFile::new(
            &self.db,
            SmolStr::new(module),
            path.to_string(),
            text,
            origin,
        );
        self.files.insert(SmolStr::new(module), f);
        self.sync_workspace();
        f
    }

    pub fn remove_file(&mut self, module: &str) -> bool {
        let removed = self.files.shift_remove(module).is_some();
        if removed {
            self.precompiled = None;
            self.sync_workspace();
        }
        removed
    }

    /// Set the day date-dependent checks are made against (the CLI passes its date; nothing in
    /// the compiler reads the clock). `None` turns those checks off.
    pub fn set_today(&mut self, today: Option<crate::hir::Instant>) {
        if *self.ws.today(&self.db) != today {
            self.precompiled = None;
            self.ws.set_today(&mut self.db).to(today);
        }
    }

    /// Add a guidance document that sources may cite, or update it.
    pub fn set_document(&mut self, info: DocumentInfo, text: String) -> Document {
        self.precompiled = None;
        if let Some(&d) = self.documents.get(&info.file) {
            if d.text(&self.db) != &text {
                d.set_text(&mut self.db).to(text);
            }
            if d.info(&self.db) != &info {
                d.set_info(&mut self.db).to(info);
            }
            return d;
        }
        let file = info.file.clone();
        let d = Document::new(&self.db, info, text);
        self.documents.insert(file, d);
        let documents: Vec<Document> = self.documents.values().copied().collect();
        self.ws.set_documents(&mut self.db).to(documents);
        d
    }

    /// What a cited document is (title, publisher, address), by the file name sources use.
    pub fn document_info(&self, file: &str) -> Option<&DocumentInfo> {
        self.documents.get(file).map(|d| d.info(&self.db))
    }

    fn sync_workspace(&mut self) {
        let files: Vec<SourceFile> = self.files.values().copied().collect();
        self.ws.set_files(&mut self.db).to(files);
    }

    /// Every diagnostic, by file.
    pub fn diagnostics(&self) -> Vec<(SourceFile, Vec<Diagnostic>)> {
        crate::program::all_diagnostics(&self.db, self.ws)
    }

    /// The compiled program, if the workspace has no errors.
    pub fn program(&self) -> Option<Arc<Program>> {
        if let Some(p) = &self.precompiled {
            return Some(p.program.clone());
        }
        crate::lower::compile(&self.db, self.ws).clone()
    }

    /// Answer [`Host::program`] with `program` until the next change to any input. The caller
    /// vouches that it is what compiling the present inputs gives: `ward_project` passes the
    /// embedded library's build-time compilation, only when the host holds that library alone
    /// and its content hash is the one the compilation was made from.
    pub fn set_precompiled(&mut self, program: Arc<Program>) {
        let sections = crate::citations::program_sections(&program);
        self.precompiled = Some(Precompiled { program, sections });
    }

    /// Whether [`Host::program`] answers from a precompiled program (nothing compiled here).
    pub fn is_precompiled(&self) -> bool {
        self.precompiled.is_some()
    }

    /// The section headings the precompiled program's sources declare, by document: what
    /// `citations::declared_sections` gives for the same inputs, with nothing parsed.
    pub fn precompiled_sections(&self) -> Option<&BTreeMap<String, BTreeSet<String>>> {
        self.precompiled.as_ref().map(|p| &p.sections)
    }
}
