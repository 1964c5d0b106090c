//! A module's imports: what each `use` binds, checked against the module index and the
//! imported modules' interfaces.

use indexmap::IndexMap;
use smol_str::SmolStr;
use ward_syntax::Span;
use ward_syntax::ast::ItemKind;

use crate::check::interface;
use crate::db::{Db, SourceFile, Workspace};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::modules::{import_cycles, module_index};
use crate::parsed;
use crate::symbols::{Symbol, SymbolIndex};
use crate::ty::ItemRef;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Binding {
    Module(SmolStr),
    Item(ItemRef),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub binding: Binding,
    /// The span of the name as written in the `use` (for "unused import" warnings).
    pub span: Span,
    /// The span of the whole `use` item.
    pub item_span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Scope {
    pub names: IndexMap<SmolStr, Import>,
    pub diagnostics: Vec<Diagnostic>,
    pub symbols: SymbolIndex,
}

/// Resolve every `use` of a file.
#[salsa::tracked(returns(ref))]
pub fn scope(db: &dyn Db, ws: Workspace, file: SourceFile) -> Scope {
    let index = module_index(db, ws);
    let this = file.module(db).clone();
    let cycles = import_cycles(db, ws);
    let mut out = Scope::default();
    for item in &parsed(db, file).module.items {
        let ItemKind::Use(u) = &item.kind else {
            continue;
        };
        let segs: Vec<&str> = u.path.segments.iter().map(|s| s.text.as_str()).collect();
        let Some((module, n)) = index.longest_module_prefix(&segs) else {
            let first = &u.path.segments[0];
            let written = u.path.text();
            let suggestion = did_you_mean(&written, index.names());
            out.diagnostics.push(
                Diagnostic::error(
                    "ward::unknown-module",
                    u.path.span,
                    format!("there is no module `{written}`"),
                )
                .label("unknown module")
                .did_you_mean(u.path.span, suggestion),
            );
            let _ = first;
            continue;
        };
        let module_span = u.path.segments[0].span.cover(u.path.segments[n - 1].span);
        out.symbols
            .refer(module_span, Symbol::Module(module.clone()));
        if module == this {
            out.diagnostics.push(
                Diagnostic::error(
                    "ward::self-import",
                    u.path.span,
                    "a module cannot import itself",
                )
                .label("this module"),
            );
            continue;
        }
        if let Some((_, _, cycle)) = cycles.iter().find(|(f, t, _)| *f == this && *t == module) {
            out.diagnostics.push(
                Diagnostic::error(
                    "ward::import-cycle",
                    u.path.span,
                    format!("importing `{module}` here makes an import cycle"),
                )
                .label("closes the cycle")
                .help(format!(
                    "the modules {} import each other; move what they share into a module both can import",
                    cycle.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
                )),
            );
            continue;
        }
        let target = index.get(&module).expect("prefix came from the index");
        let (mine, theirs) = (file.origin(db), target.origin(db));
        match mine.may_import(theirs) {
            Ok(()) => {}
            Err(why) => {
                let (message, help) = if why == "private" {
                    (
                        format!(
                            "module `{module}` is private to package `{}`",
                            theirs.package
                        ),
                        format!(
                            "package `{}` does not list it in `exports` in its ward.toml",
                            theirs.package
                        ),
                    )
                } else {
                    (
                        format!(
                            "package `{}` does not depend on `{}`",
                            mine.package, theirs.package
                        ),
                        format!(
                            "add `{}` to `[dependencies]` in ward.toml, then run `ward update`",
                            theirs.package
                        ),
                    )
                };
                out.diagnostics.push(
                    Diagnostic::error("ward::package-visibility", u.path.span, message)
                        .label("not importable here")
                        .help(help),
                );
                continue;
            }
        }
        let iface = interface(db, ws, target);
        let rest = &u.path.segments[n..];
        let bind = |out: &mut Scope, name: SmolStr, binding: Binding, span: Span| {
            if let Some(prev) = out.names.get(&name) {
                out.diagnostics.push(
                    Diagnostic::error(
                        "ward::duplicate-import",
                        span,
                        format!("`{name}` is imported twice"),
                    )
                    .label("imported again here")
                    .related(None, prev.span, "first imported here"),
                );
                return;
            }
            out.names.insert(
                name,
                Import {
                    binding,
                    span,
                    item_span: item.span,
                },
            );
        };
        match (rest, &u.names) {
            ([], None) => {
                let name = u
                    .alias
                    .as_ref()
                    .map(|a| SmolStr::new(&a.text))
                    .unwrap_or_else(|| SmolStr::new(module.rsplit('.').next().unwrap_or(&module)));
                let span = u
                    .alias
                    .as_ref()
                    .map(|a| a.span)
                    .unwrap_or(u.path.last().span);
                bind(&mut out, name, Binding::Module(module.clone()), span);
            }
            ([], Some(names)) => {
                if let Some(a) = &u.alias {
                    out.diagnostics.push(
                        Diagnostic::error("ward::alias-group", a.span, "a group import cannot be renamed")
                            .label("alias of a group")
                            .help("rename one module with `use a.b as c`, or import names with `use a.b.{x, y}`"),
                    );
                }
                for nm in names {
                    match iface.get(&nm.text) {
                        Some(_) => {
                            let r = ItemRef::new(module.clone(), nm.text.as_str());
                            out.symbols.refer(nm.span, Symbol::Item(r.clone()));
                            bind(&mut out, SmolStr::new(&nm.text), Binding::Item(r), nm.span);
                        }
                        None => out
                            .diagnostics
                            .push(unknown_member(&module, nm.span, &nm.text, iface)),
                    }
                }
            }
            ([item_name], None) => match iface.get(&item_name.text) {
                Some(_) => {
                    let r = ItemRef::new(module.clone(), item_name.text.as_str());
                    out.symbols.refer(item_name.span, Symbol::Item(r.clone()));
                    let name = u.alias.as_ref().map(|a| &a.text).unwrap_or(&item_name.text);
                    let span = u.alias.as_ref().map(|a| a.span).unwrap_or(item_name.span);
                    bind(&mut out, SmolStr::new(name), Binding::Item(r), span);
                }
                None => out.diagnostics.push(unknown_member(
                    &module,
                    item_name.span,
                    &item_name.text,
                    iface,
                )),
            },
            (more, _) => {
                let span = more[0].span.cover(more[more.len() - 1].span);
                let written = more
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<Vec<_>>()
                    .join(".");
                out.diagnostics.push(
                    Diagnostic::error(
                        "ward::unknown-module",
                        span,
                        format!("`{module}` has no module or item `{written}`"),
                    )
                    .label("not found")
                    .help(format!(
                        "import names from `{module}` with `use {module}.{{…}}`"
                    )),
                );
            }
        }
    }
    out
}

pub fn unknown_member(
    module: &str,
    span: Span,
    name: &str,
    iface: &crate::interface::Interface,
) -> Diagnostic {
    let suggestion = did_you_mean(name, iface.items.keys().map(|k| k.as_str()));
    Diagnostic::error(
        "ward::unknown-name",
        span,
        format!("`{module}` has no item `{name}`"),
    )
    .label("not declared there")
    .did_you_mean(span, suggestion)
}
