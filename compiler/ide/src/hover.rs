//! Hover: what a name is — its type and doc comment — and, for rules and obligations, what
//! the guidance says: the level, the issuing body, the nations the cited section covers, the
//! document by its title, and the opening of the cited text.

use std::fmt::Write;

use ward_core::SourceFile;
use ward_core::citations;
use ward_core::hir::{HRule, HSource};
use ward_core::interface::Sig;
use ward_core::symbols::Symbol;
use ward_core::ty::ItemRef;
use ward_syntax::Span;
use ward_syntax::ast::Level;

use crate::semantics::slice;
use crate::{Analysis, FilePosition};

/// A hover: the span of the name and its description, in markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    pub span: Span,
    pub markdown: String,
}

pub(crate) fn hover(a: &Analysis, at: FilePosition) -> Option<HoverResult> {
    if let Some(h) = crate::test_hover::hover(a, at) {
        return Some(h);
    }
    let occ = a.occurrence_at(at.file, at.offset)?;
    let markdown = describe(a, at.file, &occ.symbol, occ.span)?;
    Some(HoverResult {
        span: occ.span,
        markdown,
    })
}

/// The hover text of a symbol, as markdown.
pub(crate) fn describe(
    a: &Analysis,
    file: SourceFile,
    symbol: &Symbol,
    span: ward_syntax::Span,
) -> Option<String> {
    let mut out = String::new();
    match symbol {
        Symbol::Module(m) => {
            code(&mut out, &format!("module {m}"));
            let f = a.file_of(m)?;
            let docs: Vec<String> = a
                .parsed(f)
                .module
                .docs
                .iter()
                .map(|l| l.strip_prefix(' ').unwrap_or(l).to_string())
                .collect();
            para(&mut out, docs.join("\n").trim());
        }
        Symbol::Item(r) => item(a, r, &mut out)?,
        Symbol::Field(rec, name) => {
            let Some(Sig::Record(rs)) = a.sig(rec) else {
                return None;
            };
            let field = rs.fields.iter().find(|f| &f.name == name)?;
            code(&mut out, &format!("{}.{}: {}", rec.name, name, field.ty));
            let hir = a.hir(a.file_of(&rec.module)?);
            if let Some(hf) = hir
                .records
                .iter()
                .find(|x| x.name == rec.name)
                .and_then(|x| x.fields.iter().find(|f| &f.name == name))
            {
                para(&mut out, &hf.doc);
            }
            if let Some(ask) = &field.ask {
                para(&mut out, &format!("**Asked:** “{ask}”"));
            }
            if field.has_default {
                para(&mut out, "Has a default when a case leaves it out.");
            }
            declared_in(&mut out, &rec.module);
        }
        Symbol::Variant(en, name) => {
            code(&mut out, &format!("{}.{}", en.name, name));
            let hir = a.hir(a.file_of(&en.module)?);
            if let Some(v) = hir
                .enums
                .iter()
                .find(|x| x.name == en.name)
                .and_then(|x| x.variants.iter().find(|v| &v.name == name))
            {
                para(&mut out, &v.doc);
                if v.means_unknown {
                    para(
                        &mut out,
                        "A case may say this value; it then behaves as an unknown fact.",
                    );
                }
            }
            declared_in(&mut out, &en.module);
        }
        Symbol::Obligation(id) => obligation(a, id, &mut out)?,
        Symbol::Local(binder) => {
            let name = slice(a.text(file), *binder);
            let name = if name.is_empty() {
                slice(a.text(file), span)
            } else {
                name
            };
            match a.type_of(file, symbol) {
                Some(ty) => code(&mut out, &format!("{name}: {ty}")),
                None => code(&mut out, name),
            }
            para(&mut out, "A bound variable: each element in turn.");
        }
    }
    Some(out.trim_end().to_string())
}

fn item(a: &Analysis, r: &ItemRef, out: &mut String) -> Option<()> {
    let sig = a.sig(r)?;
    let file = a.file_of(&r.module)?;
    let hir = a.hir(file);
    match sig {
        Sig::Fact(fs) => {
            let optional = if fs.optional { " optional" } else { "" };
            code(out, &format!("fact {}: {}{optional}", r.name, fs.ty));
            if let Some(h) = hir.facts.iter().find(|x| x.name == r.name) {
                para(out, &h.doc);
            }
            if let Some(ask) = &fs.ask {
                para(out, &format!("**Asked:** “{ask}”"));
            }
        }
        Sig::Def(d) => {
            code(out, &format!("def {}: {}", r.name, d.ty));
            if let Some(h) = hir.defs.iter().find(|x| x.name == r.name) {
                para(out, &h.doc);
            }
        }
        Sig::Record(rs) => {
            let mut body = format!("record {} {{\n", r.name);
            for f in rs.fields.iter().take(12) {
                let _ = writeln!(body, "  {}: {}", f.name, f.ty);
            }
            if rs.fields.len() > 12 {
                let _ = writeln!(body, "  // … {} more", rs.fields.len() - 12);
            }
            body.push('}');
            code(out, &body);
            if let Some(h) = hir.records.iter().find(|x| x.name == r.name) {
                para(out, &h.doc);
            }
        }
        Sig::Enum(es) => {
            let names: Vec<&str> = es.variants.iter().map(|v| v.name.as_str()).collect();
            let shown = if names.len() > 10 {
                format!("{}, …", names[..10].join(", "))
            } else {
                names.join(", ")
            };
            code(out, &format!("enum {} {{ {shown} }}", r.name));
            if let Some(h) = hir.enums.iter().find(|x| x.name == r.name) {
                para(out, &h.doc);
            }
        }
        Sig::Source(_) => {
            code(out, &format!("source {}", r.name));
            let s = hir.sources.iter().find(|x| x.name == r.name)?;
            para(out, &s.doc);
            source_block(a, out, s, None, true);
        }
        Sig::Obligation(_) => return obligation(a, &r.name, out),
        Sig::Rule(_) => {
            let rule = hir.rules.iter().find(|x| x.name == r.name)?;
            code(out, &format!("rule {}", r.name));
            para(out, &rule.doc);
            rule_summary(a, rule, out);
            let mut shown = 0;
            for c in &rule.cites {
                if let Some(s) = find_source(a, &c.source) {
                    source_block(a, out, s, c.at.as_deref(), shown == 0);
                    shown += 1;
                }
            }
        }
        Sig::Label(rules) => {
            code(out, &format!("label {}", r.name));
            let names: Vec<String> = rules.iter().map(|n| format!("`{n}`")).collect();
            para(
                out,
                &format!(
                    "A label shared by the rules {}: an exception to it excepts them all.",
                    names.join(", ")
                ),
            );
        }
    }
    declared_in(out, &r.module);
    Some(())
}

fn rule_summary(a: &Analysis, rule: &HRule, out: &mut String) {
    let title = a
        .globals()
        .obligations
        .get(rule.obligation.as_str())
        .map(|(_, o)| format!(" ({})", o.title))
        .unwrap_or_default();
    para(
        out,
        &format!(
            "**Level:** {} · **Concludes:** {} `{}`{title}",
            rule.level.keyword(),
            rule.verb.keyword(),
            rule.obligation
        ),
    );
    if !rule.exception_to.is_empty() {
        let names: Vec<String> = rule
            .exception_to
            .iter()
            .map(|r| format!("`{}`", r.name))
            .collect();
        para(out, &format!("**Exception to:** {}", names.join(", ")));
    }
    if let Some(j) = &rule.justification {
        let review = rule
            .review
            .as_deref()
            .map(|r| format!(" · **Review by:** {r}"))
            .unwrap_or_default();
        para(out, &format!("**Justification:** {j}{review}"));
    }
}

fn obligation(a: &Analysis, id: &str, out: &mut String) -> Option<()> {
    let (r, sig) = a.globals().obligations.get(id)?;
    let file = a.file_of(&r.module)?;
    let strengthens = sig
        .strengthens
        .as_ref()
        .map(|s| format!(" strengthens {s}"))
        .unwrap_or_default();
    code(
        out,
        &format!(
            "obligation {id} \"{}\" held_by {}{strengthens}",
            sig.title, sig.held_by
        ),
    );
    if let Some(h) = a.hir(file).obligations.iter().find(|o| o.id == id) {
        para(out, &h.doc);
    }
    if let Some(s) = &sig.strengthens {
        para(out, &format!("A stronger form of `{s}`."));
    }
    let rules = a.rules_concluding(id);
    // A requirement beats a recommendation; then required, best practice, local, recommended.
    let rank = |l: Level| match l {
        Level::Required => 0,
        Level::BestPractice => 1,
        Level::Local => 2,
        Level::Recommended => 3,
    };
    if let Some(level) = rules.iter().map(|(_, r)| r.level).min_by_key(|l| rank(*l)) {
        para(
            out,
            &format!(
                "**Level:** {} (the strongest of its rules)",
                level.keyword()
            ),
        );
    }
    if !rules.is_empty() {
        let mut list = String::from("**Rules:**");
        for (f, rule) in &rules {
            let _ = write!(
                list,
                "\n- `{}` — {}, level {} ({})",
                rule.name,
                rule.verb.keyword(),
                rule.level.keyword(),
                a.module_name(*f)
            );
        }
        para(out, &list);
    }
    let mut seen: Vec<(ItemRef, Option<String>)> = Vec::new();
    for (_, rule) in &rules {
        for c in &rule.cites {
            if !seen.iter().any(|(s, at)| s == &c.source && at == &c.at) {
                seen.push((c.source.clone(), c.at.clone()));
            }
        }
    }
    for (i, (source, at)) in seen.iter().enumerate().take(3) {
        if let Some(s) = find_source(a, source) {
            source_block(a, out, s, at.as_deref(), i == 0);
        }
    }
    declared_in(out, &r.module);
    Some(())
}

fn find_source<'a>(a: &'a Analysis, r: &ItemRef) -> Option<&'a HSource> {
    a.hir(a.file_of(&r.module)?)
        .sources
        .iter()
        .find(|s| s.name == r.name)
}

/// The citation of a source: the document by its title, the section, issuing bodies,
/// nations, label, and (with `excerpt`) the words of the cited text, located by the
/// compiler's one citation lookup.
fn source_block(a: &Analysis, out: &mut String, s: &HSource, at: Option<&str>, excerpt: bool) {
    let (db, ws) = (a.db(), a.workspace());
    out.push_str("---\n\n");
    let document = citations::document_named(db, ws, &s.document);
    let info = document.map(|d| d.info(db));
    let sub = at.map(|a| format!(" › “{a}”")).unwrap_or_default();
    para(
        out,
        &format!("**Cites** `{}`: “{}”{sub}", s.name, s.section),
    );
    let mut facts = Vec::new();
    if !s.from.is_empty() {
        facts.push(format!("**Issued by:** {}", s.from.join(", ")));
    }
    if !s.covers.is_empty() {
        facts.push(format!("**Covers:** {}", s.covers.join(", ")));
    }
    match s.label {
        Some(l) => facts.push(format!("**Guidance label:** {}", l.keyword())),
        None => facts.push("**Guidance label:** none".into()),
    }
    if let Some(r) = &s.reviewed {
        facts.push(format!("**Reviewed:** {r}"));
    }
    // The document as people know it; a file name only when the host knows nothing more.
    match info {
        Some(i) => {
            let about: Vec<&str> = [Some(i.publisher.as_str()), i.version.as_deref()]
                .into_iter()
                .flatten()
                .filter(|x| !x.is_empty())
                .collect();
            let about = if about.is_empty() {
                String::new()
            } else {
                format!(" ({})", about.join(", "))
            };
            facts.push(format!("**Document:** *{}*{about}", i.title));
        }
        None => facts.push(format!("**Document:** `{}`", s.document)),
    }
    para(out, &facts.join(" · "));
    if let Some(note) = &s.note {
        para(out, &format!("*{note}*"));
    }
    if excerpt
        && let Ok(found) = citations::locate(db, ws, &s.document, &s.section, at)
        && let Some(text) = citations::quote(db, &found)
    {
        let quoted: Vec<String> = text
            .lines()
            .map(|l| {
                if l.is_empty() {
                    ">".to_string()
                } else {
                    format!("> {l}")
                }
            })
            .collect();
        para(out, &quoted.join("\n"));
    }
    if let Some(url) = s.url.as_ref().or(info.and_then(|i| i.url.as_ref())) {
        para(out, &format!("[Read the guidance]({url})"));
    }
}

fn code(out: &mut String, text: &str) {
    let _ = write!(out, "```ward\n{text}\n```\n\n");
}

fn para(out: &mut String, text: &str) {
    if !text.trim().is_empty() {
        out.push_str(text.trim_end());
        out.push_str("\n\n");
    }
}

fn declared_in(out: &mut String, module: &str) {
    let _ = write!(out, "*Declared in* `{module}`\n\n");
}
