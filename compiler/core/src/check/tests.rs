//! In-language tests: `given` facts are checked like a case file (paths against the declared
//! facts, values against their types), and `expect` names real obligations.

use std::collections::HashMap;

use smol_str::SmolStr;
use ward_syntax::ast::{self, ExpectKind};

use super::Cx;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::hir::{HExpect, HTest};
use crate::symbols::Symbol;
use crate::ty::Ty;

impl Cx<'_> {
    pub(super) fn test(&mut self, item_index: u32, d: &ast::TestDecl) {
        let Some(globals) = self.globals else { return };
        let as_of = d.as_of.as_ref().and_then(|a| {
            let at = crate::time::parse_instant(&a.text);
            if at.is_none() {
                self.error(
                    Diagnostic::error("ward::date", a.span, format!("`{}` is not a date", a.text))
                        .label("not a date"),
                );
            }
            at
        });
        let mut given = Vec::new();
        let mut seen: HashMap<String, ward_syntax::Span> = HashMap::new();
        for a in &d.given {
            let written = a
                .path
                .iter()
                .map(|n| n.text.as_str())
                .collect::<Vec<_>>()
                .join(".");
            if let Some(prev) = seen.insert(written.clone(), a.span) {
                self.error(
                    Diagnostic::error("ward::given", a.span, format!("`{written}` is given twice"))
                        .label("given again")
                        .related(None, prev, "first given here"),
                );
                continue;
            }
            let head = &a.path[0];
            let Some((fact_ref, fact_ty, _)) = globals.facts.get(head.text.as_str()).cloned()
            else {
                let s = if self.may_suggest(globals.facts.len()) {
                    did_you_mean(&head.text, globals.facts.keys().map(|k| k.as_str()))
                } else {
                    None
                };
                self.error(
                    Diagnostic::error(
                        "ward::unknown-fact",
                        head.span,
                        format!("no fact is called `{}`", head.text),
                    )
                    .label("unknown fact")
                    .did_you_mean(head.span, s),
                );
                continue;
            };
            self.symbols.refer(head.span, Symbol::Item(fact_ref));
            let mut ty = fact_ty;
            let mut path = Vec::new();
            let mut ok = true;
            for seg in &a.path[1..] {
                match self.record_sig(&ty) {
                    Some((r, rs)) => match rs.field(&seg.text) {
                        Some(i) => {
                            self.symbols
                                .refer(seg.span, Symbol::Field(r.clone(), SmolStr::new(&seg.text)));
                            ty = rs.fields[i].ty.clone();
                            path.push(SmolStr::new(&seg.text));
                        }
                        None => {
                            let s =
                                did_you_mean(&seg.text, rs.fields.iter().map(|f| f.name.as_str()));
                            self.error(
                                Diagnostic::error(
                                    "ward::unknown-field",
                                    seg.span,
                                    format!("`{}` has no field `{}`", r.name, seg.text),
                                )
                                .label("unknown field")
                                .did_you_mean(seg.span, s),
                            );
                            ok = false;
                            break;
                        }
                    },
                    None => {
                        let help = matches!(ty, Ty::List(_)).then(|| {
                            "give the whole list: `data.flows = [{ purpose = research }]`"
                                .to_string()
                        });
                        self.error(
                            Diagnostic::error(
                                "ward::given",
                                seg.span,
                                format!("a `{ty}` has no field `{}`", seg.text),
                            )
                            .label("no such field")
                            .maybe_help(help),
                        );
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            self.in_given = true;
            let value = self.expr(&a.value, Some(&ty));
            self.in_given = false;
            given.push((SmolStr::new(&head.text), path, value));
        }
        let mut expects = Vec::new();
        for e in &d.expects {
            let line = e.span.start;
            match &e.kind {
                ExpectKind::Applies {
                    verb,
                    obligation,
                    level,
                    due,
                } => {
                    let Some(id) = self.obligation_id(obligation) else {
                        continue;
                    };
                    let due = due.as_ref().and_then(|d| {
                        let at = crate::time::parse_instant(&d.text);
                        if at.is_none() {
                            self.error(
                                Diagnostic::error(
                                    "ward::date",
                                    d.span,
                                    format!("`{}` is not a date", d.text),
                                )
                                .label("not a date"),
                            );
                        }
                        at
                    });
                    expects.push(HExpect::Applies {
                        obligation: id,
                        verb: *verb,
                        level: *level,
                        due,
                        line,
                    });
                }
                ExpectKind::DoesNotApply { obligation } => {
                    if let Some(id) = self.obligation_id(obligation) {
                        expects.push(HExpect::DoesNotApply {
                            obligation: id,
                            line,
                        });
                    }
                }
                ExpectKind::Undetermined {
                    obligation,
                    missing,
                } => {
                    let Some(id) = self.obligation_id(obligation) else {
                        continue;
                    };
                    for m in missing {
                        let head = m.text.split(['.', '[']).next().unwrap_or("");
                        if !globals.facts.contains_key(head) {
                            self.error(
                                Diagnostic::error(
                                    "ward::unknown-fact",
                                    m.span,
                                    format!("no fact is called `{head}`"),
                                )
                                .label("unknown fact"),
                            );
                        }
                    }
                    expects.push(HExpect::Undetermined {
                        obligation: id,
                        missing: missing.iter().map(|m| m.text.clone()).collect(),
                        line,
                    });
                }
            }
        }
        if d.expects.is_empty() {
            self.error(
                Diagnostic::warning("ward::empty-test", d.name.span, format!("test {:?} expects nothing", d.name.value))
                    .label("no `expect`")
                    .help("add `expect require <obligation>`, `expect no <obligation>` or `expect undetermined <obligation>`"),
            );
        }
        self.hir.tests.push(HTest {
            name: d.name.value.clone(),
            as_of,
            given,
            expects,
            item_index,
        });
    }
}
