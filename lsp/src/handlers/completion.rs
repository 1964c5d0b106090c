//! `textDocument/completion`: keywords, names in scope, fields after `.`, enum values where an
//! enum is expected, obligation ids after a verb, sources after `cites`, modules after `use`.
//!
//! The text being typed rarely parses (`organisation.` is not an expression yet), so the
//! context is read from the characters before the cursor, and names are resolved against the
//! last good analysis: this module's interface, its imports, and the workspace's global
//! tables. Items from modules not yet imported come with the `use` that imports them.

use smol_str::SmolStr;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, InsertTextFormat, MarkupContent, MarkupKind, TextEdit,
};
use ward_core::SourceFile;
use ward_core::check::HOLDERS;
use ward_core::interface::Sig;
use ward_core::scope::Binding;
use ward_core::ty::{ItemRef, Ty};

use super::code_action::add_use;
use super::locate;
use crate::analysis::Analysis;
use crate::convert::LineMap;
use crate::server::ClientFeatures;

use ward_syntax::keywords::ITEM as ITEM_KEYWORDS;
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

pub fn completion(
    a: &Analysis,
    params: CompletionParams,
    features: &ClientFeatures,
) -> Result<Option<CompletionResponse>> {
    let at = params.text_document_position;
    let Some((file, offset)) = locate(a, &at.text_document.uri, at.position) else {
        return Ok(None);
    };
    let text = a.text(file);
    let cx = Context::new(text, offset);
    if cx.in_comment_or_string {
        return Ok(None);
    }
    let mut c = Collector {
        a,
        file,
        items: Vec::new(),
        features: features.clone(),
    };
    c.complete(&cx);
    // Replace the word being typed, so that ids with hyphens are replaced whole.
    let map = LineMap::new(text);
    let range = map.range(ward_syntax::Span::new(cx.word_start, offset));
    for item in &mut c.items {
        let new_text = item
            .insert_text
            .take()
            .unwrap_or_else(|| item.label.clone());
        item.text_edit = Some(CompletionTextEdit::Edit(TextEdit { range, new_text }));
    }
    Ok(Some(CompletionResponse::Array(c.items)))
}

/// What the text before the cursor says about what may come next.
struct Context<'t> {
    text: &'t str,
    offset: usize,
    /// The line up to the cursor.
    line: &'t str,
    /// The line up to the word being typed.
    head: &'t str,
    word_start: usize,
    in_comment_or_string: bool,
    /// The item the cursor is in: where it starts and its keyword.
    item: Option<(usize, &'static str)>,
}

impl<'t> Context<'t> {
    fn new(text: &'t str, offset: usize) -> Context<'t> {
        let offset = offset.min(text.len());
        let line_start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line = &text[line_start..offset];
        // The word may contain hyphens only where an obligation id is expected, but taking
        // them always is harmless: `a - b` has spaces around the operator.
        let word_len = line
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .map(char::len_utf8)
            .sum::<usize>();
        let head = &line[..line.len() - word_len];
        Context {
            text,
            offset,
            line,
            head,
            word_start: offset - word_len,
            in_comment_or_string: in_comment_or_string(line),
            item: enclosing_item(text, line_start),
        }
    }

    /// The words of the head of the line, last first.
    fn last_words(&self) -> Vec<&'t str> {
        self.head
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '(')
            .filter(|w| !w.is_empty())
            .rev()
            .collect()
    }

    fn item_keyword(&self) -> Option<&'static str> {
        self.item.map(|(_, k)| k)
    }
}

fn in_comment_or_string(line: &str) -> bool {
    let mut in_str = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_str => {
                chars.next();
            }
            '"' => in_str = !in_str,
            '/' if !in_str && chars.peek() == Some(&'/') => return true,
            _ => {}
        }
    }
    in_str
}

/// The start and keyword of the item whose text contains `line_start`: the nearest line at or
/// above it that opens an item (the parser's own rule: an item keyword and then a name).
fn enclosing_item(text: &str, line_start: usize) -> Option<(usize, &'static str)> {
    let mut end = line_start;
    loop {
        let start = text[..end].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line = text[start..].lines().next().unwrap_or("");
        let t = line.trim_start();
        for kw in ITEM_KEYWORDS {
            if let Some(rest) = t.strip_prefix(kw)
                && rest.starts_with([' ', '\t'])
                && rest
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '"')
            {
                return Some((start, kw));
            }
        }
        if start == 0 {
            return None;
        }
        end = start - 1;
    }
}

/// The dotted path that ends the text: `data.flows` in `any f in data.flows`.
fn trailing_path(s: &str) -> Vec<&str> {
    let len = s
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .map(char::len_utf8)
        .sum::<usize>();
    let path = &s[s.len() - len..];
    path.split('.').filter(|p| !p.is_empty()).collect()
}

/// What a path names, as far as completion cares.
enum Target {
    Value(Ty),
    Module(SmolStr),
    Enum(ItemRef),
}

struct Collector<'a> {
    a: &'a Analysis,
    file: SourceFile,
    items: Vec<CompletionItem>,
    features: ClientFeatures,
}

impl Collector<'_> {
    fn complete(&mut self, cx: &Context<'_>) {
        let head = cx.head.trim_end();
        let words = cx.last_words();
        let line_trimmed = cx.line.trim_start();

        // `use nhs.` and `use nhs.case.{`: modules and their items.
        if line_trimmed.starts_with("use ") {
            return self.use_path(cx.head);
        }
        // `record.` and `module.`: fields, enum values, items.
        if cx.head.ends_with('.') {
            let path = trailing_path(&cx.head[..cx.head.len() - 1]);
            return self.members(cx, &path);
        }
        let last = words.first().copied().unwrap_or("");
        let before_last = words.get(1).copied().unwrap_or("");
        if (VERBS.contains(&last) && matches!(before_last, "then" | "expect"))
            || matches!(last, "strengthens")
            || (matches!(last, "no" | "undetermined") && before_last == "expect")
        {
            return self.obligations();
        }
        if last == "expect" {
            return self.keywords(&["require", "recommend", "forbid", "no", "undetermined"]);
        }
        if last == "then" && line_trimmed.starts_with("then") && cx.item_keyword() == Some("rule") {
            return self.keywords(VERBS);
        }
        if last == "cites" || (cx.line.contains("cites ") && head.ends_with(',')) {
            return self.items_of_kind(
                |s| matches!(s, Sig::Source(_)),
                CompletionItemKind::REFERENCE,
            );
        }
        if last == "to" && before_last == "exception" {
            return self.items_of_kind(
                |s| matches!(s, Sig::Rule(_) | Sig::Label(_)),
                CompletionItemKind::METHOD,
            );
        }
        if last == "level" {
            return self.keywords(LEVELS);
        }
        if last == "held_by" {
            return self.keywords(HOLDERS);
        }
        if last == "label" && cx.item_keyword() == Some("source") {
            return self.keywords(&["required", "best_practice", "none"]);
        }
        if last == "covers" || (line_trimmed.starts_with("covers ") && head.ends_with(',')) {
            if let Some((e, _)) = self.a.globals().jurisdiction_enum.clone() {
                return self.variants(&e);
            }
            return;
        }
        if head.ends_with(':') || head.ends_with("list<") || head.ends_with("set<") {
            self.keywords(TYPES);
            self.keywords(&["list", "set"]);
            return self.items_of_kind(
                |s| matches!(s, Sig::Enum(_) | Sig::Record(_)),
                CompletionItemKind::STRUCT,
            );
        }
        if let Some(e) = self.expected_enum(cx) {
            return self.variants(&e);
        }
        if head.is_empty() && cx.line.len() == cx.offset - cx.word_start {
            // The start of a line, not indented: a new item.
            return self.keywords(ITEM_KEYWORDS);
        }
        self.in_scope(cx);
        self.keywords(EXPR_KEYWORDS);
        match cx.item_keyword() {
            Some("rule") if words.is_empty() => self.keywords(RULE_CLAUSES),
            Some("source") if words.is_empty() => self.keywords(SOURCE_FIELDS),
            Some("test") if words.is_empty() => self.keywords(&["given", "expect"]),
            _ => {}
        }
    }

    fn push(
        &mut self,
        label: String,
        kind: CompletionItemKind,
        detail: Option<String>,
        doc: Option<String>,
    ) {
        if self.items.iter().any(|i| i.label == label) {
            return;
        }
        self.items.push(CompletionItem {
            label,
            kind: Some(kind),
            detail,
            documentation: doc.filter(|d| !d.trim().is_empty()).map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            ..CompletionItem::default()
        });
    }

    fn keywords(&mut self, words: &[&str]) {
        for w in words {
            self.push(w.to_string(), CompletionItemKind::KEYWORD, None, None);
        }
    }

    fn kind_of(sig: &Sig) -> CompletionItemKind {
        match sig {
            Sig::Enum(_) => CompletionItemKind::ENUM,
            Sig::Record(_) => CompletionItemKind::STRUCT,
            Sig::Fact(_) => CompletionItemKind::VARIABLE,
            Sig::Def(_) => CompletionItemKind::FUNCTION,
            Sig::Source(_) => CompletionItemKind::REFERENCE,
            Sig::Obligation(_) => CompletionItemKind::EVENT,
            Sig::Rule(_) => CompletionItemKind::METHOD,
            Sig::Label(_) => CompletionItemKind::CONSTANT,
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
        let hir = self.a.hir(self.a.file(&r.module)?);
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
    fn items_of_kind(&mut self, accept: impl Fn(&Sig) -> bool, _kind: CompletionItemKind) {
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
        for (module, f) in a.modules() {
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
        self.items.push(CompletionItem {
            label: name.to_string(),
            kind: Some(Self::kind_of(sig)),
            detail: Some(format!("{} (use {})", Self::detail_of(sig, name), r.module)),
            documentation: doc.filter(|d| !d.trim().is_empty()).map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            additional_text_edits: Some(vec![edit]),
            // Names already in scope sort first.
            sort_text: Some(format!("~{name}")),
            ..CompletionItem::default()
        });
    }

    fn obligations(&mut self) {
        let obligations: Vec<_> = self
            .a
            .globals()
            .obligations
            .iter()
            .map(|(id, (r, o))| (id.clone(), r.clone(), o.clone()))
            .collect();
        for (id, r, o) in obligations {
            let doc = self.doc_of(&ItemRef::new(r.module.clone(), id.clone()));
            let detail = format!("{} · held by {}", o.title, o.held_by);
            self.push(id.to_string(), CompletionItemKind::EVENT, Some(detail), doc);
        }
    }

    fn variants(&mut self, e: &ItemRef) {
        let Some(Sig::Enum(es)) = self.a.sig(e).cloned() else {
            return;
        };
        let docs: Vec<(SmolStr, String)> = self
            .a
            .file(&e.module)
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
                CompletionItemKind::ENUM_MEMBER,
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
            .file(&rec.module)
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
                CompletionItemKind::FIELD,
                Some(format!("{}: {}", f.name, f.ty)),
                Some(doc),
            );
        }
    }

    fn members(&mut self, cx: &Context<'_>, path: &[&str]) {
        match self.resolve(cx, path, 0) {
            Some(Target::Value(Ty::Record(r))) => {
                let before = self.items.len();
                self.fields(&r);
                // A fact named without its `use` (outside a test's `given`, where facts need
                // none): choosing a field imports it.
                if let Some(first) = path.first()
                    && let Some(edit) = self.missing_fact_import(cx, first)
                {
                    for item in &mut self.items[before..] {
                        item.additional_text_edits = Some(vec![edit.clone()]);
                    }
                }
            }
            Some(Target::Value(_)) | None => {}
            Some(Target::Enum(e)) => self.variants(&e),
            Some(Target::Module(m)) => {
                if let Some(f) = self.a.file(&m) {
                    let items: Vec<(SmolStr, Sig)> = self
                        .a
                        .interface(f)
                        .items
                        .iter()
                        .map(|(n, s)| (n.clone(), s.clone()))
                        .collect();
                    for (name, sig) in items {
                        self.item(&name, &ItemRef::new(m.clone(), name.clone()), &sig);
                    }
                }
            }
        }
    }

    /// What a dotted path means at the cursor.
    fn resolve(&self, cx: &Context<'_>, path: &[&str], depth: usize) -> Option<Target> {
        let a = self.a;
        let (first, rest) = path.split_first()?;
        let me = a.module_name(self.file).clone();
        let mut target = if let Some(coll) = self.binder(cx, first).filter(|_| depth < 8) {
            let coll: Vec<&str> = coll.iter().map(String::as_str).collect();
            match self.resolve(cx, &coll, depth + 1)? {
                Target::Value(ty) => Target::Value(ty.element()?.clone()),
                _ => return None,
            }
        } else if let Some(sig) = a.interface(self.file).get(first) {
            Self::target_of(&ItemRef::new(me, *first), sig)?
        } else if let Some(imp) = a.scope(self.file).names.get(*first) {
            match &imp.binding {
                Binding::Module(m) => Target::Module(m.clone()),
                Binding::Item(r) => Self::target_of(r, a.sig(r)?)?,
            }
        } else if let Some((_, ty, _)) = a.globals().facts.get(*first) {
            // In a test's `given`, facts are named without imports.
            Target::Value(ty.clone())
        } else {
            return None;
        };
        for seg in rest {
            target = match target {
                Target::Value(Ty::Record(r)) => match a.sig(&r)? {
                    Sig::Record(rs) => Target::Value(rs.fields.get(rs.field(seg)?)?.ty.clone()),
                    _ => return None,
                },
                Target::Module(m) => {
                    let f = a.file(&m)?;
                    let sig = a.interface(f).get(seg)?;
                    Self::target_of(&ItemRef::new(m.clone(), *seg), sig)?
                }
                _ => return None,
            };
        }
        Some(target)
    }

    /// The `use` a fact named at the head of a path still needs here, if any.
    fn missing_fact_import(&self, cx: &Context<'_>, name: &str) -> Option<TextEdit> {
        let a = self.a;
        if cx.item_keyword() == Some("test")
            || self.binder(cx, name).is_some()
            || a.interface(self.file).get(name).is_some()
            || a.scope(self.file).names.contains_key(name)
        {
            return None;
        }
        let (r, _, _) = a.globals().facts.get(name)?;
        add_use(a, self.file, &r.module, Some(name))
    }

    fn target_of(r: &ItemRef, sig: &Sig) -> Option<Target> {
        match sig {
            Sig::Fact(f) => Some(Target::Value(f.ty.clone())),
            Sig::Def(d) => Some(Target::Value(d.ty.clone())),
            Sig::Enum(_) => Some(Target::Enum(r.clone())),
            _ => None,
        }
    }

    /// The collection a variable named `name` ranges over, if a quantifier or `for` in the
    /// current item binds it before the cursor.
    fn binder(&self, cx: &Context<'_>, name: &str) -> Option<Vec<String>> {
        let (start, _) = cx.item?;
        let words = words(&cx.text[start..cx.offset]);
        let mut found = None;
        for w in words.windows(4) {
            if matches!(w[0], "any" | "all" | "for") && w[1] == name && w[2] == "in" {
                found = Some(
                    w[3].split('.')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                );
            }
        }
        found
    }

    /// Every variable bound before the cursor in the current item.
    fn binders(&self, cx: &Context<'_>) -> Vec<String> {
        let Some((start, _)) = cx.item else {
            return vec![];
        };
        let words = words(&cx.text[start..cx.word_start]);
        words
            .windows(3)
            .filter(|w| matches!(w[0], "any" | "all" | "for") && w[2] == "in")
            .map(|w| w[1].to_string())
            .collect()
    }

    /// The enum whose value may come next: after `=`, `!=`, `in {`, `has`, `has any {`, ….
    fn expected_enum(&self, cx: &Context<'_>) -> Option<ItemRef> {
        let mut head = cx.head.trim_end();
        // Inside a set literal: look before its opening brace.
        if let Some(open) = unclosed_brace(head) {
            head = head[..open].trim_end();
        }
        let (lhs, element) =
            if let Some(h) = head.strip_suffix("!=").or_else(|| head.strip_suffix('=')) {
                if h.ends_with(['<', '>', '=', '!']) {
                    return None;
                }
                (h, false)
            } else if let Some(h) = head
                .strip_suffix(" not in")
                .or_else(|| head.strip_suffix(" in"))
            {
                (h, false)
            } else if let Some(h) = head
                .strip_suffix(" has any")
                .or_else(|| head.strip_suffix(" has all"))
                .or_else(|| head.strip_suffix(" has"))
            {
                (h, true)
            } else {
                return None;
            };
        let path = trailing_path(lhs.trim_end());
        if path.is_empty() {
            return None;
        }
        let ty = match self.resolve(cx, &path, 0)? {
            Target::Value(ty) => ty,
            _ => return None,
        };
        let ty = if element { ty.element()?.clone() } else { ty };
        // `x = {a, b}` compares sets; `x in {…}` lists scalars.
        match ty.element().cloned().unwrap_or(ty) {
            Ty::Enum(e) => Some(e),
            _ => None,
        }
    }

    fn in_scope(&mut self, cx: &Context<'_>) {
        let a = self.a;
        for name in self.binders(cx) {
            self.push(
                name,
                CompletionItemKind::VARIABLE,
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
                    CompletionItemKind::MODULE,
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
        if self.features.snippets && cx.item_keyword() == Some("rule") {
            self.items.push(CompletionItem {
                label: "any … in … where …".into(),
                kind: Some(CompletionItemKind::SNIPPET),
                insert_text: Some("any ${1:x} in ${2:collection} where ${3:condition}".into()),
                insert_text_format: Some(InsertTextFormat::SNIPPET),
                ..CompletionItem::default()
            });
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
            if let Some(f) = self.a.file(module) {
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
        for (name, _) in self.a.modules() {
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
            self.push(seg, CompletionItemKind::MODULE, None, None);
        }
        if !prefix.is_empty()
            && let Some(f) = self.a.file(prefix)
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

/// The byte position of the last `{` not closed before the end of `s`.
fn unclosed_brace(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in s.char_indices().rev() {
        match c {
            '}' => depth += 1,
            '{' if depth == 0 => return Some(i),
            '{' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The words and dotted paths of a text, outside strings and comments.
fn words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if b.is_ascii_alphanumeric() || b == b'_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.')
            {
                i += 1;
            }
            out.push(&s[start..i]);
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_context_before_the_cursor() {
        let text = "rule r {\n  when organisation.nat";
        let cx = Context::new(text, text.len());
        assert_eq!(cx.head, "  when organisation.");
        assert_eq!(cx.item, Some((0, "rule")));
        assert!(!cx.in_comment_or_string);
        assert!(Context::new("  note \"a £ b", 13).in_comment_or_string);
        assert!(Context::new("x // a comment", 14).in_comment_or_string);
    }

    #[test]
    fn finds_paths_words_and_braces() {
        assert_eq!(trailing_path("any f in data.flows"), vec!["data", "flows"]);
        assert_eq!(
            words("any f in \"a b\" x.y // z w"),
            vec!["any", "f", "in", "x.y"]
        );
        assert_eq!(unclosed_brace("x in {a, {b}, "), Some(5));
        assert_eq!(unclosed_brace("x in {a}"), None);
    }
}
