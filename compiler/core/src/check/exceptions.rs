//! Exceptions: an `exception to` target must be the same duty (or a declared stronger form)
//! and never a required rule of another package, and a module's exceptions must not loop.

use std::collections::HashMap;

use smol_str::SmolStr;
use ward_syntax::ast::{self, Level, Verb};

use super::Cx;
use crate::diagnostic::Diagnostic;
use crate::interface::{RuleSig, Sig};
use crate::modules::module_index;
use crate::ty::ItemRef;

impl Cx<'_> {
    /// Check one `exception to` target: same duty (or a declared stronger form), and never a
    /// required rule of another package.
    pub(super) fn exception_target(
        &mut self,
        p: &ast::Path,
        me: &ItemRef,
        my_obligation: Option<&str>,
        verb: Verb,
        target: &ItemRef,
        ts: &RuleSig,
    ) {
        let target_origin = module_index(self.db, self.ws)
            .get(&target.module)
            .map(|f| f.origin(self.db).clone());
        let other_package = target_origin
            .as_ref()
            .is_some_and(|o| o.package != self.origin.package || o.kind != self.origin.kind);
        if other_package && ts.level == Some(Level::Required) {
            let citation = ts
                .cites
                .first()
                .and_then(|c| match self.sig_of(c) {
                    Some(Sig::Source(s)) => Some(s.citation(self.document_title(&s.document))),
                    _ => None,
                })
                .unwrap_or_else(|| "its cited guidance".into());
            self.error(
                Diagnostic::error(
                    "ward::cannot-waive-law",
                    p.span,
                    format!(
                        "`{}` would weaken `{}`, which is legally required",
                        me.name,
                        target.qualified()
                    ),
                )
                .label("exception to a required rule")
                .help(format!(
                    "`{}` encodes {citation}; local policy may add duties or strengthen recommendations, but never waive or override the law",
                    target.qualified()
                )),
            );
            return;
        }
        let Some(mine) = my_obligation else { return };
        if verb == Verb::Waive || ts.obligation == mine {
            if verb == Verb::Waive && ts.obligation != mine {
                self.error(
                    Diagnostic::error(
                        "ward::exception-obligation",
                        p.span,
                        format!(
                            "`{}` waives `{mine}`, but `{}` concludes about `{}`",
                            me.name, target.name, ts.obligation
                        ),
                    )
                    .label("different obligation")
                    .help(format!(
                        "waive the excepted rule's obligation: `then waive {}`",
                        ts.obligation
                    )),
                );
            }
            return;
        }
        let strengthens = self
            .globals
            .and_then(|g| g.obligations.get(mine))
            .and_then(|(_, o)| o.strengthens.clone());
        if strengthens.as_deref() == Some(ts.obligation.as_str()) {
            return;
        }
        self.error(
            Diagnostic::error(
                "ward::exception-obligation",
                p.span,
                format!(
                    "`{}` concludes about `{mine}`, but the rule it excepts, `{}`, concludes about `{}`",
                    me.name, target.name, ts.obligation
                ),
            )
            .label("exception to a rule of another obligation")
            .help(format!(
                "an exception overrides a rule about the same duty; if `{mine}` is a stronger form of `{}`, declare `obligation {mine} … strengthens {}`",
                ts.obligation, ts.obligation
            )),
        );
    }

    /// Exceptions among this module's rules must not loop.
    pub(super) fn exception_cycles(&mut self) {
        let rules: Vec<(SmolStr, Vec<ItemRef>)> = self
            .hir
            .rules
            .iter()
            .map(|r| (r.name.clone(), r.exception_to.clone()))
            .collect();
        let pos: HashMap<&str, usize> = rules
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (n.as_str(), i))
            .collect();
        let edges: Vec<Vec<usize>> = rules
            .iter()
            .map(|(_, ts)| {
                ts.iter()
                    .filter(|t| t.module == self.module)
                    .filter_map(|t| pos.get(t.name.as_str()).copied())
                    .collect()
            })
            .collect();
        for scc in crate::modules::strongly_connected(&edges) {
            if scc.len() < 2 {
                continue;
            }
            let mut names: Vec<&str> = scc.iter().map(|&i| rules[i].0.as_str()).collect();
            names.sort_unstable();
            for &i in &scc {
                let name = &rules[i].0;
                let span = self
                    .items
                    .iter()
                    .find_map(|it| match &it.kind {
                        ast::ItemKind::Rule(r) if r.name.text == name.as_str() => Some(r.name.span),
                        _ => None,
                    })
                    .unwrap_or_default();
                self.error(
                    Diagnostic::error("ward::exception-cycle", span, format!("rule `{name}` is part of an exception cycle"))
                        .label("excepts, through others, itself")
                        .help(format!(
                            "{} except each other in a loop, so none can be decided; one must be the general rule",
                            names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                        )),
                );
            }
        }
    }
}
