//! The language server: the protocol's lifecycle and document notifications, and the
//! dispatch of every request to its handler on a snapshot.
//!
//! Threading, in one paragraph: the [`World`] sits behind a mutex. A notification that
//! changes a document writes to it at once, before its first `.await`, so edits apply in the
//! order they arrive; versions are checked as well, so a stale `didChange` is dropped even if
//! the transport reorders it. A request takes a snapshot under the lock, lets go of the lock,
//! and runs its handler on a blocking thread; a later write cancels it (salsa unwinds the
//! snapshot's queries) and the request answers `ContentModified`. Diagnostics are computed the
//! same way after each write and published only if no newer write has happened since, each
//! with the document version it was computed from.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use serde_json::json;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::analysis::Snapshot;
use crate::framing;
use crate::handlers;
use crate::world::{Applied, Edit, World};

/// The stack of each of the server's threads: requests check and explain programs up to
/// the compiler's limits, which recursion at that depth needs (see `ward_cli::STACK_BYTES`).
pub const STACK_BYTES: usize = 128 * 1024 * 1024;

/// What the client said it supports, as far as the handlers care.
#[derive(Clone, Debug, Default)]
pub struct ClientFeatures {
    pub snippets: bool,
    pub hierarchical_symbols: bool,
    pub watch_files: bool,
}

/// What a URI's diagnostics were last published as: the document version and the list.
type Published = (Option<i32>, Vec<Diagnostic>);

pub struct Backend {
    client: Client,
    state: Arc<State>,
}

struct State {
    world: Mutex<Option<World>>,
    roots: Mutex<Vec<PathBuf>>,
    stdlib_dir: OnceLock<Option<PathBuf>>,
    features: OnceLock<ClientFeatures>,
    /// What each URI was last sent: its version and diagnostics.
    published: tokio::sync::Mutex<HashMap<Uri, Published>>,
    shutdown: AtomicBool,
}

/// Serve the protocol on standard input and output until the client says `exit`. Returns
/// the process exit code: 0 after an orderly `shutdown`, 1 otherwise.
pub async fn serve_stdio() -> i32 {
    let (stdin, stdout) = (tokio::io::stdin(), tokio::io::stdout());
    let state = Arc::new(State {
        world: Mutex::new(None),
        roots: Mutex::new(Vec::new()),
        stdlib_dir: OnceLock::new(),
        features: OnceLock::new(),
        published: tokio::sync::Mutex::new(HashMap::new()),
        shutdown: AtomicBool::new(false),
    });
    let shared = state.clone();
    let (service, socket) = LspService::new(move |client| Backend {
        client,
        state: shared,
    });
    // The library reads and writes in-memory pipes; the frame pumps own the real streams.
    let (to_server, server_in) = tokio::io::duplex(64 * 1024);
    let (server_out, from_server) = tokio::io::duplex(64 * 1024);
    let (frames_tx, frames_rx) = tokio::sync::mpsc::channel(64);
    let input = tokio::spawn(framing::pump::input(stdin, to_server, frames_tx.clone()));
    let output = tokio::spawn(framing::pump::output(from_server, frames_tx));
    let writer = tokio::spawn(framing::pump::write(frames_rx, stdout));
    Server::new(server_in, server_out, socket)
        .serve(service)
        .await;
    // After `exit` the input may stay open; what the server wrote is still sent in full.
    input.abort();
    let _ = output.await;
    let _ = writer.await;
    if state.shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Backend {
    /// A snapshot of the current state, or `None` before `initialize` has loaded the workspace.
    fn snapshot(&self) -> Option<Snapshot> {
        lock(&self.state.world).as_ref().map(World::snapshot)
    }

    /// Apply a change to the world, synchronously (see the module docs), and schedule the
    /// diagnostics it calls for.
    fn write(&self, f: impl FnOnce(&mut World) -> Applied) {
        let applied = {
            let mut guard = lock(&self.state.world);
            match guard.as_mut() {
                Some(w) => f(w),
                None => Applied::Ignored,
            }
        };
        if applied == Applied::Changed {
            self.schedule_diagnostics();
        }
    }

    fn features(&self) -> ClientFeatures {
        self.state.features.get().cloned().unwrap_or_default()
    }

    /// Run a request handler on a snapshot, on a blocking thread. A handler that a write
    /// cancelled answers `ContentModified` itself (the IDE layer reports the cancellation).
    async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Snapshot) -> Result<T> + Send + 'static,
    {
        let Some(snap) = self.snapshot() else {
            return Err(Error::invalid_request());
        };
        match tokio::task::spawn_blocking(move || f(&snap)).await {
            Ok(result) => result,
            Err(_panicked) => Err(Error {
                message: "the Ward language server failed on this request; see its log".into(),
                ..Error::internal_error()
            }),
        }
    }

    /// Compute every file's diagnostics on a snapshot and publish what changed, unless a
    /// newer write has happened by then (its own run will publish).
    fn schedule_diagnostics(&self) {
        let Some(snap) = self.snapshot() else { return };
        let state = self.state.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            let revision = snap.revision();
            let computed =
                tokio::task::spawn_blocking(move || handlers::diagnostics::compute(&snap)).await;
            let Ok(Ok(batch)) = computed else { return };
            let mut published = state.published.lock().await;
            let current = lock(&state.world).as_ref().map(World::revision);
            if current != Some(revision) {
                return;
            }
            let mut seen = std::collections::HashSet::new();
            for (uri, version, diags) in batch {
                seen.insert(uri.clone());
                let entry = (version, diags);
                if published.get(&uri) == Some(&entry) {
                    continue;
                }
                client
                    .publish_diagnostics(uri.clone(), entry.1.clone(), entry.0)
                    .await;
                published.insert(uri, entry);
            }
            let gone: Vec<Uri> = published
                .keys()
                .filter(|u| !seen.contains(*u))
                .cloned()
                .collect();
            for uri in gone {
                client
                    .publish_diagnostics(uri.clone(), Vec::new(), None)
                    .await;
                published.remove(&uri);
            }
        });
    }

    /// Load the workspace folders again (after `ward.toml` or the folders changed), keeping
    /// the open documents' text.
    async fn reload(&self) {
        let roots = lock(&self.state.roots).clone();
        let stdlib = self.state.stdlib_dir.get().cloned().flatten();
        let state = self.state.clone();
        let problems = tokio::task::spawn_blocking(move || {
            let (mut world, problems) = World::load(&roots, stdlib.as_deref());
            let open = lock(&state.world)
                .as_ref()
                .map(World::open_documents)
                .unwrap_or_default();
            for (uri, version, text) in open {
                world.open(&uri, version, text);
            }
            let mut guard = lock(&state.world);
            // Keep revisions increasing, so a diagnostics run of the old world is not
            // mistaken for one of the new.
            let old = guard.as_ref().map(World::revision).unwrap_or(0);
            world.bump_revision(old + 1);
            *guard = Some(world);
            problems
        })
        .await
        .unwrap_or_default();
        self.report_problems(problems).await;
        self.schedule_diagnostics();
    }

    async fn report_problems(&self, problems: Vec<String>) {
        for p in &problems {
            self.client.log_message(MessageType::WARNING, p).await;
        }
        if let Some(first) = problems.first() {
            let more = match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more; see the log)", n - 1),
            };
            self.client
                .show_message(MessageType::WARNING, format!("Ward: {first}{more}"))
                .await;
        }
    }
}

/// The workspace folders of `initialize`, falling back to the deprecated root URI and path.
#[allow(deprecated)]
fn roots_of(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| crate::convert::uri_to_path(&f.uri))
        .collect();
    if roots.is_empty() {
        if let Some(p) = params
            .root_uri
            .as_ref()
            .and_then(crate::convert::uri_to_path)
        {
            roots.push(p);
        } else if let Some(p) = params.root_path.as_ref() {
            roots.push(PathBuf::from(p));
        }
    }
    roots
}

fn features_of(caps: &ClientCapabilities) -> ClientFeatures {
    let td = caps.text_document.as_ref();
    ClientFeatures {
        snippets: td
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false),
        hierarchical_symbols: td
            .and_then(|t| t.document_symbol.as_ref())
            .and_then(|s| s.hierarchical_document_symbol_support)
            .unwrap_or(false),
        watch_files: caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false),
    }
}

pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(handlers::completion::trigger_characters()),
            resolve_provider: Some(false),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: handlers::semantic_tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: Some(false),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let _ = self.state.features.set(features_of(&params.capabilities));
        let roots = roots_of(&params);
        *lock(&self.state.roots) = roots.clone();
        let state = self.state.clone();
        let problems = tokio::task::spawn_blocking(move || {
            let stdlib = state
                .stdlib_dir
                .get_or_init(crate::stdlib_cache::materialise)
                .clone();
            let (world, problems) = World::load(&roots, stdlib.as_deref());
            *lock(&state.world) = Some(world);
            problems
        })
        .await
        .map_err(|_| Error::internal_error())?;
        for p in problems {
            self.client.log_message(MessageType::WARNING, p).await;
        }
        // The client shows the library's copy read-only; it learns where the copy is here
        // rather than guessing from the folder's name.
        let stdlib_dir = self.state.stdlib_dir.get().cloned().flatten();
        let experimental = stdlib_dir.map(|d| json!({ "wardStdlibDir": d.display().to_string() }));
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                experimental,
                ..capabilities()
            },
            server_info: Some(ServerInfo {
                name: "ward-lsp".into(),
                version: Some(ward_core::VERSION.into()),
            }),
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.features().watch_files {
            let options = json!({
                "watchers": [
                    { "globPattern": "**/*.ward" },
                    { "globPattern": "**/ward.toml" }
                ]
            });
            let registration = Registration {
                id: "ward-watched-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: Some(options),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                self.client
                    .log_message(
                        MessageType::INFO,
                        format!("file watching not registered: {e}"),
                    )
                    .await;
            }
        }
        self.schedule_diagnostics();
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.write(|w| w.open(&doc.uri, doc.version, doc.text));
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let doc = params.text_document;
        let edits = params
            .content_changes
            .into_iter()
            .map(|c| Edit {
                range: c.range.map(|r| {
                    let lc = |p: Position| ward_syntax::LineCol {
                        line: p.line,
                        col: p.character,
                    };
                    (lc(r.start), lc(r.end))
                }),
                text: c.text,
            })
            .collect();
        self.write(|w| w.change(&doc.uri, doc.version, edits));
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.write(|w| w.close(&params.text_document.uri));
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut manifest_changed = false;
        for change in &params.changes {
            let Some(path) = crate::convert::uri_to_path(&change.uri) else {
                continue;
            };
            if path.file_name().is_some_and(|n| n == "ward.toml") {
                manifest_changed = true;
                continue;
            }
            let deleted = change.typ == FileChangeType::DELETED;
            self.write(|w| w.disk_changed(&path, deleted));
        }
        if manifest_changed {
            self.reload().await;
        }
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        {
            let mut roots = lock(&self.state.roots);
            for removed in &params.event.removed {
                if let Some(p) = crate::convert::uri_to_path(&removed.uri) {
                    roots.retain(|r| r != &p);
                }
            }
            for added in &params.event.added {
                if let Some(p) = crate::convert::uri_to_path(&added.uri)
                    && !roots.contains(&p)
                {
                    roots.push(p);
                }
            }
        }
        self.reload().await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.run(move |a| handlers::hover::hover(a, params)).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.run(move |a| handlers::definition::definition(a, params))
            .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.run(move |a| handlers::references::references(a, params))
            .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.run(move |a| handlers::rename::prepare(a, params))
            .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.run(move |a| handlers::rename::rename(a, params)).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let features = self.features();
        self.run(move |a| handlers::completion::completion(a, params, &features))
            .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let features = self.features();
        self.run(move |a| handlers::symbols::document_symbols(a, params, &features))
            .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.run(move |a| handlers::symbols::workspace_symbols(a, params))
            .await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        match self
            .run(move |a| handlers::formatting::formatting(a, params))
            .await?
        {
            Ok(edits) => Ok(edits),
            // Say why nothing happened: the editor shows no change otherwise.
            Err(reason) => {
                self.client
                    .show_message(MessageType::WARNING, format!("Ward: {reason}"))
                    .await;
                Ok(None)
            }
        }
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.run(move |a| handlers::semantic_tokens::full(a, params))
            .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.run(move |a| handlers::code_action::code_actions(a, params))
            .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.run(move |a| handlers::folding::folding_ranges(a, params))
            .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.run(move |a| handlers::document_link::document_links(a, params))
            .await
    }
}
