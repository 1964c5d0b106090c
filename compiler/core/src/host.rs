//! The host owns the database and the workspace and applies changes to them. The CLI, the
//! language server and the tests all drive the compiler through it, so none of them builds
//! inputs by hand.

use std::sync::Arc;

use indexmap::IndexMap;
use salsa::Setter;
use smol_str::SmolStr;

use crate::db::{Database, Origin, SourceFile, Workspace};
use crate::diagnostic::Diagnostic;
use crate::eval::ir::Program;

pub struct Host {
    db: Database,
    ws: Workspace,
    files: IndexMap<SmolStr, SourceFile>,
}

impl Default for Host {
    fn default() -> Host {
        Host::new(Database::default())
    }
}

impl Host {
    pub fn new(db: Database) -> Host {
        let ws = Workspace::new(&db, Vec::new(), None);
        Host {
            db,
            ws,
            files: IndexMap::new(),
        }
    }

    pub fn db(&self) -> &Database {
        &self.db
    }

    pub fn db_mut(&mut self) -> &mut Database {
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
            self.sync_workspace();
        }
        removed
    }

    /// Set the day date-dependent checks are made against (the CLI passes its date; nothing in
    /// the compiler reads the clock). `None` turns those checks off.
    pub fn set_today(&mut self, today: Option<crate::hir::Instant>) {
        if *self.ws.today(&self.db) != today {
            self.ws.set_today(&mut self.db).to(today);
        }
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
        crate::lower::compile(&self.db, self.ws).clone()
    }
}
