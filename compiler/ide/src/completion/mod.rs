//! Completion: keywords, names in scope, fields after `.`, enum values where an enum is
//! expected, obligation ids after a verb (the current package's first), sources after
//! `cites`, modules after `use`.
//!
//! The context is read from the characters before the cursor ([`context`]), and names are
//! resolved against the last good analysis: this module's interface, its imports, and the
//! workspace's global tables. Items from modules not yet imported come with the `use` that
//! imports them.

mod context;
mod item;
mod paths;

use smol_str::SmolStr;
use ward_core::SourceFile;
use ward_core::check::HOLDERS;
use ward_core::interface::Sig;
use ward_core::scope::Binding;
use ward_core::ty::ItemRef;
use ward_syntax::Span;
use ward_syntax::keywords::ITEM as ITEM_KEYWORDS;

use crate::imports::add_use;
use crate::{Analysis, FilePosition};
use context::{Context, trailing_path};
pub use item::{CompletionConfig, CompletionItem, CompletionKind, CompletionTrigger};

const EXPR_KEYWORDS: &[&str] = &[
    "and", "or", "not", "in", "has", "is", "any", "all", "where", "if", "then", "else", "count",
    "present", "today", "true", "false", "unknown", "known", "empty",
];
const RULE_CLAUSES: &[&str] = &[
    "cites",
    "level",
    "for",
    "label",
    "exception to",
    "justification",
    "review",
    "when",
    "then",
];
const SOURCE_FIELDS: &[&str] = &[
    "document", "section", "from", "covers", "label", "reviewed", "note", "url",
];
const LEVELS: &[&str] = &["required", "best_practice", "recommended", "local"];
const VERBS: &[&str] = &["require", "recommend", "forbid", "waive"];
const TYPES: &[&str] = &["bool", "int", "decimal", "text", "date", "duration"];

pub(crate) fn completions(
    a: &Analysis,
    at: FilePosition,
    trigger: CompletionTrigger,
    config: &CompletionConfig,
) -> Option<Vec<CompletionItem>> {
    let text = a.text(at.file);
    let cx = Context::new(text, at.offset);
    if cx.in_comment_or_string {
        return None;
    }
    let mut c = Collector {
        a,
        file: at.file,
        items: Vec::new(),
        config: config.clone(),
    };
    let slot = c.complete(&cx);
    if trigger == CompletionTrigger::Character(' ') && !slot {
        return None;
    }
    // Replace the word being typed, so that ids with hyphens are replaced whole.
    let replace = Span::new(cx.word_start, cx.offset);
    for item in &mut c.items {
        item.replace = replace;
    }
    Some(c.items)
}

struct Collector<'a> {
    a: &'a Analysis,
    file: SourceFile,
    items: Vec<CompletionItem>,
    config: CompletionConfig,
}

impl Collector<'_> {
    /// Collect what may come next; `true` when the cursor is in a slot that expects one kind
    /// of thing (an obligation id after a verb, a source after `cites`, a field after `.`…).
    fn complete(&mut self, cx: &Context<'_>) -> bool {
        let head = cx.head.trim_end();
        let words = cx.last_words();
        let line_trimmed = cx.line.trim_start();

        // `use nhs.` and `use nhs.case.{`: modules and their items.
        if line_trimmed.starts_with("use ") {
            self.use_path(cx.head);
            return true;
        }
        // `record.` and `module.`: fields, enum values, items.
        if cx.head.ends_with('.') {
            let path = trailing_path(&cx.head[..cx.head.len() - 1]);
            self.members(cx, &path);
            return true;
        }
        let last = words.first().copied().unwrap_or("");
        let before_last = words.get(1).copied().unwrap_or("");
        if (VERBS.contains(&last) && matches!(before_last, "then" | "expect"))
            || matches!(last, "strengthens")
            || (matches!(last, "no" | "undetermined") && before_last == "expect")
        {
            self.obligations();
            return true;
        }
        if last == "expect" {
            self.keywords(&["require", "recommend", "forbid", "no", "undetermined"]);
            return true;
        }
        if last == "then" && line_trimmed.starts_with("then") && cx.item_keyword() == Some("rule") {
            self.keywords(VERBS);
            return true;
        }
        if last == "cites" || (cx.line.contains("cites ") && head.ends_with(',')) {
            self.items_of_kind(|s| matches!(s, Sig::Source(_)), CompletionKind::Source);
            return true;
        }
        if last == "to" && before_last == "exception" {
            self.items_of_kind(
                |s| matches!(s, Sig::Rule(_) | Sig::Label(_)),
                CompletionKind::Rule,
            );
            return true;
        }
        if last == "level" {
            self.keywords(LEVELS);
            return true;
        }
        if last == "held_by" {
            self.keywords(HOLDERS);
            return true;
        }
        if last == "label" && cx.item_keyword() == Some("source") {
            self.keywords(&["required", "best_practice", "none"]);
            return true;
        }
        if last == "covers" || (line_trimmed.starts_with("covers ") && head.ends_with(',')) {
            if let Some((e, _)) = self.a.globals().jurisdiction_enum.clone() {
                self.variants(&e);
                return true;
            }
            return true;
        }
        if head.ends_with(':') || head.ends_with("list<") || head.ends_with("set<") {
            self.keywords(TYPES);
            self.keywords(&["list", "set"]);
            self.items_of_kind(
                |s| matches!(s, Sig::Enum(_) | Sig::Record(_)),
                CompletionKind::Record,
            );
            return true;
        }
        if let Some(e) = self.expected_enum(cx) {
            self.variants(&e);
            return true;
        }
        if head.is_empty() && cx.line.len() == cx.offset - cx.word_start {
            // The start of a line, not indented: a new item.
            self.keywords(ITEM_KEYWORDS);
            return false;
        }
        self.in_scope(cx);
        self.keywords(EXPR_KEYWORDS);
        match cx.item_keyword() {
            Some("rule") if words.is_empty() => self.keywords(RULE_CLAUSES),
            Some("source") if words.is_empty() => self.keywords(SOURCE_FIELDS),
            Some("test") if words.is_empty() => self.keywords(&["given", "expect"]),
            _ => {}
        }
        false
    }

    fn push(
        &mut self,
        label: String,
        kind: CompletionKind,
        detail: Option<String>,
        doc: Option<String>,
    ) {
        if self.items.iter().any(|i| i.label == label) {
            return;
        }
        self.items
            .push(CompletionItem::new(label, kind, detail, doc));
    }

    fn keywords(&mut self, words: &[&str]) {
        for w in words {
            self.push(w.to_string(), CompletionKind::Keyword, None, None);
        }
    }

    fn kind_of(sig: &Sig) -> CompletionKind {
        match sig {
            Sig::Enum(_) => CompletionKind::Enum,
            Sig::Record(_) => CompletionKind::Record,
            Sig::Fact(_) => CompletionKind::Fact,
            Sig::Def(_) => CompletionKind::Def,
            Sig::Source(_) => CompletionKind::Source,
            Sig::Obligation(_) => CompletionKind::Obligation,
            Sig::Rule(_) => CompletionKind::Rule,
            Sig::Label(_) => CompletionKind::Label,
        }
    }

    fn detail_of(sig: &Sig, name: &str) -> String {
        match sig {
            Sig::Fact(f) => format!("fact {name}: {}", f.ty),
            Sig::Def(d) => format!("def {name}: {}", d.ty),
            Sig::Source(s) => format!("source: {}", s.section),
            Sig::Obligation(o) => o.title.clone(),
            Sig::Rule(r) => format!("rule: {} {}", r.verb.keyword(), r.obligation),
            other => other.kind_name().to_string(),
        }
    }

    /// The doc comment of an item, from the module's checked program.
    fn doc_of(&self, r: &ItemRef) -> Option<String> {
        let hir = self.a.hir(self.a.file_of(&r.module)?);
        let name = r.name.as_str();
        let doc = hir
            .facts
            .iter()
            .find(|x| x.name == name)
            .map(|x| &x.doc)
            .or_else(|| hir.defs.iter().find(|x| x.name == name).map(|x| &x.doc))
            .or_else(|| hir.records.iter().find(|x| x.name == name).map(|x| &x.doc))
            .or_else(|| hir.enums.iter().find(|x| x.name == name).map(|x| &x.doc))
            .or_else(|| hir.sources.iter().find(|x| x.name == name).map(|x| &x.doc))
            .or_else(|| hir.rules.iter().find(|x| x.name == name).map(|x| &x.doc))
            .or_else(|| {
                hir.obligations
                    .iter()
                    .find(|x| x.id == name)
                    .map(|x| &x.doc)
            })?;
        Some(doc.clone())
    }

    fn item(&mut self, name: &str, r: &ItemRef, sig: &Sig) {
        let doc = self.doc_of(r);
        self.push(
            name.to_string(),
            Self::kind_of(sig),
            Some(Self::detail_of(sig, &r.name)),
            doc,
        );
    }

    /// Local items and imports whose signature `accept`s, then the same from modules not yet
    /// imported, with the `use` that imports them.
    fn items_of_kind(&mut self, accept: impl Fn(&Sig) -> bool, _kind: CompletionKind) {
        let a = self.a;
        let me = a.module_name(self.file).clone();
        for (name, sig) in &a.interface(self.file).items {
            if accept(sig) {
                self.item(name, &ItemRef::new(me.clone(), name.clone()), sig);
            }
        }
        for (name, imp) in &a.scope(self.file).names {
            if let Binding::Item(r) = &imp.binding
                && let Some(sig) = a.sig(r)
                && accept(sig)
            {
                self.item(name, r, sig);
            }
        }
        for (module, f) in a.all_modules() {
            if f == self.file {
                continue;
            }
            for (name, sig) in &a.interface(f).items {
                if accept(sig) && !self.items.iter().any(|i| i.label == name.as_str()) {
                    self.importable(name, &ItemRef::new(module.clone(), name.clone()), sig);
                }
            }
        }
    }

    /// An item from a module not imported here: completing it adds the `use`.
    fn importable(&mut self, name: &str, r: &ItemRef, sig: &Sig) {
        let Some(edit) = add_use(self.a, self.file, &r.module, Some(name)) else {
            return;
        };
        let doc = self.doc_of(r);
        let mut item = CompletionItem::new(
            name.to_string(),
            Self::kind_of(sig),
            Some(format!("{} (use {})", Self::detail_of(sig, name), r.module)),
            doc,
        );
        item.additional_edits = vec![edit];
        // Names already in scope sort first.
        item.sort_text = Some(format!("~{name}"));
        self.items.push(item);
    }

    /// Every obligation id: the current package's first, then other packages', then the
    /// standard library's, each group in name order.
    fn obligations(&mut self) {
        let a = self.a;
        let mine = self.file.origin(a.db());
        let mut obligations: Vec<_> = a
            .globals()
            .obligations
            .iter()
            .map(|(id, (r, o))| {
                let origin = a.file_of(&r.module).map(|f| f.origin(a.db()));
                let rank = match origin {
                    Some(o) if o.package == mine.package && o.kind == mine.kind => 0,
                    Some(o) if !o.is_stdlib() => 1,
                    _ => 2,
                };
                (rank, id.clone(), r.clone(), o.clone())
            })
            .collect();
        obligations.sort_by(|x, y| (x.0, &x.1).cmp(&(y.0, &y.1)));
        for (rank, id, r, o) in obligations {
            let doc = self.doc_of(&ItemRef::new(r.module.clone(), id.clone()));
            let detail = format!("{} · held by {}", o.title, o.held_by);
            let before = self.items.len();
            self.push(
                id.to_string(),
                CompletionKind::Obligation,
                Some(detail),
                doc,
            );
            if let Some(item) = self.items.get_mut(before) {
                item.sort_text = Some(format!("{rank}{id}"));
            }
        }
    }

    fn variants(&mut self, e: &ItemRef) {
        let Some(Sig::Enum(es)) = self.a.sig(e).cloned() else {
            return;
        };
        let docs: Vec<(SmolStr, String)> = self
            .a
            .file_of(&e.module)
            .and_then(|f| self.a.hir(f).enums.iter().find(|x| x.name == e.name))
            .map(|h| {
                h.variants
                    .iter()
                    .map(|v| (v.name.clone(), v.doc.clone()))
                    .collect()
            })
            .unwrap_or_default();
        for v in &es.variants {
            let doc = docs
                .iter()
                .find(|(n, _)| *n == v.name)
                .map(|(_, d)| d.clone());
            self.push(
                v.name.to_string(),
                CompletionKind::EnumValue,
                Some(e.name.to_string()),
                doc,
            );
        }
    }

    fn fields(&mut self, rec: &ItemRef) {
        let Some(Sig::Record(rs)) = self.a.sig(rec).cloned() else {
            return;
        };
        let docs: Vec<(SmolStr, String)> = self
            .a
            .file_of(&rec.module)
            .and_then(|f| self.a.hir(f).records.iter().find(|x| x.name == rec.name))
            .map(|h| {
                h.fields
                    .iter()
                    .map(|f| (f.name.clone(), f.doc.clone()))
                    .collect()
            })
            .unwrap_or_default();
        for f in &rs.fields {
            let mut doc = docs
                .iter()
                .find(|(n, _)| *n == f.name)
                .map(|(_, d)| d.clone())
                .unwrap_or_default();
            if let Some(ask) = &f.ask {
                doc = format!("{doc}\n\n**Asked:** “{ask}”").trim().to_string();
            }
            self.push(
                f.name.to_string(),
                CompletionKind::Field,
                Some(format!("{}: {}", f.name, f.ty)),
                Some(doc),
            );
        }
    }

    fn in_scope(&mut self, cx: &Context<'_>) {
        let a = self.a;
        for name in self.binders(cx) {
            self.push(
                name,
                CompletionKind::Fact,
                Some("bound variable".into()),
                None,
            );
        }
        let me = a.module_name(self.file).clone();
        let local: Vec<(SmolStr, Sig)> = a
            .interface(self.file)
            .items
            .iter()
            .map(|(n, s)| (n.clone(), s.clone()))
            .collect();
        for (name, sig) in local {
            if matches!(sig, Sig::Fact(_) | Sig::Def(_) | Sig::Enum(_)) {
                self.item(&name, &ItemRef::new(me.clone(), name.clone()), &sig);
            }
        }
        let imports: Vec<(SmolStr, Binding)> = a
            .scope(self.file)
            .names
            .iter()
            .map(|(n, i)| (n.clone(), i.binding.clone()))
            .collect();
        for (name, binding) in imports {
            match binding {
                Binding::Module(m) => self.push(
                    name.to_string(),
                    CompletionKind::Module,
                    Some(format!("module {m}")),
                    None,
                ),
                Binding::Item(r) => {
                    if let Some(sig) = a.sig(&r).cloned() {
                        self.item(&name, &r, &sig);
                    }
                }
            }
        }
        // Facts of other modules, imported on completion: facts are what policy is written in.
        let facts: Vec<(SmolStr, ItemRef)> = a
            .globals()
            .facts
            .iter()
            .map(|(n, (r, _, _))| (n.clone(), r.clone()))
            .collect();
        for (name, r) in facts {
            if r.module != me
                && !self.items.iter().any(|i| i.label == name.as_str())
                && let Some(sig) = a.sig(&r).cloned()
            {
                self.importable(&name, &r, &sig);
            }
        }
        if self.config.snippets && cx.item_keyword() == Some("rule") {
            let mut item = CompletionItem::new(
                "any … in … where …".into(),
                CompletionKind::Snippet,
                None,
                None,
            );
            item.insert = Some("any ${1:x} in ${2:collection} where ${3:condition}".into());
            item.is_snippet = true;
            self.items.push(item);
        }
    }

    /// `use nhs.` → the next segment of module names; `use nhs.case.{` → the module's items.
    fn use_path(&mut self, head: &str) {
        let rest = head
            .trim_start()
            .strip_prefix("use")
            .unwrap_or("")
            .trim_start();
        if let Some(open) = rest.find(".{") {
            let module = rest[..open].trim();
            if let Some(f) = self.a.file_of(module) {
                let items: Vec<(SmolStr, Sig)> = self
                    .a
                    .interface(f)
                    .items
                    .iter()
                    .map(|(n, s)| (n.clone(), s.clone()))
                    .collect();
                for (name, sig) in items {
                    self.item(&name, &ItemRef::new(module, name.clone()), &sig);
                }
            }
            return;
        }
        let typed = rest.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
        let prefix = typed.trim_end_matches('.');
        let mut next: Vec<String> = Vec::new();
        for (name, _) in self.a.all_modules() {
            if name == *self.a.module_name(self.file) {
                continue;
            }
            let tail = if prefix.is_empty() {
                Some(name.as_str())
            } else {
                name.strip_prefix(prefix).and_then(|t| t.strip_prefix('.'))
            };
            if let Some(t) = tail {
                let seg = t.split('.').next().unwrap_or(t).to_string();
                if !seg.is_empty() && !next.contains(&seg) {
                    next.push(seg);
                }
            }
        }
        for seg in next {
            self.push(seg, CompletionKind::Module, None, None);
        }
        if !prefix.is_empty()
            && let Some(f) = self.a.file_of(prefix)
        {
            let items: Vec<(SmolStr, Sig)> = self
                .a
                .interface(f)
                .items
                .iter()
                .map(|(n, s)| (n.clone(), s.clone()))
                .collect();
            for (name, sig) in items {
                self.item(&name, &ItemRef::new(prefix, name.clone()), &sig);
            }
        }
    }
}
