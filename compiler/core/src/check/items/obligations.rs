//! Obligations and rule signatures: the duties rules answer, each rule's shape for other
//! modules' exceptions, the labels rules share, and the level a rule states.

use smol_str::SmolStr;
use ward_syntax::ast::{self, Level, RuleClauseKind};

use super::HOLDERS;
use crate::check::Cx;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::hir::HObligation;
use crate::interface::{ObligationSig, RuleSig, Sig};
use crate::symbols::Symbol;

impl Cx<'_> {
    pub(super) fn obligation_decl(&mut self, item: &ast::Item, d: &ast::ObligationDecl) {
        if !self.local_is(&d.id.text, item) {
            return;
        }
        self.symbols
            .define(d.id.span, Symbol::Obligation(SmolStr::new(&d.id.text)));
        if !HOLDERS.contains(&d.held_by.text.as_str()) {
            let s = did_you_mean(&d.held_by.text, HOLDERS.iter().copied());
            self.error(
                Diagnostic::error(
                    "ward::holder",
                    d.held_by.span,
                    format!("`{}` is not a holder of duties", d.held_by.text),
                )
                .label("unknown holder")
                .help(format!(
                    "{}a duty is held by one of: {}",
                    s.map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default(),
                    HOLDERS.join(", ")
                ))
                .replace_with(d.held_by.span, s),
            );
        }
        let strengthens = d.strengthens.as_ref().map(|p| SmolStr::new(p.text()));
        self.sigs.insert(
            SmolStr::new(&d.id.text),
            Sig::Obligation(ObligationSig {
                title: d.title.value.clone(),
                held_by: SmolStr::new(&d.held_by.text),
                strengthens: strengthens.clone(),
            }),
        );
        self.hir.obligations.push(HObligation {
            id: SmolStr::new(&d.id.text),
            doc: item.docs.text(),
            title: d.title.value.clone(),
            held_by: SmolStr::new(&d.held_by.text),
            strengthens,
        });
    }

    /// `strengthens` names an obligation anywhere in the program (second pass).
    pub(super) fn obligation_body(&mut self, d: &ast::ObligationDecl) {
        if let Some(p) = &d.strengthens {
            self.obligation_id(p);
        }
    }

    /// A rule's shape, for other modules' exceptions (the body is checked in the second pass).
    pub(super) fn rule_sig(&mut self, item: &ast::Item, d: &ast::RuleDecl) {
        if !self.local_is(&d.name.text, item) {
            return;
        }
        let mut level = None;
        let mut labels = Vec::new();
        let mut cites = Vec::new();
        for c in &d.clauses {
            match &c.kind {
                RuleClauseKind::Level(l, _) => level = level.or(Some(*l)),
                RuleClauseKind::Label(l) => labels.push(SmolStr::new(&l.text)),
                RuleClauseKind::Cites(cs) => {
                    for cite in cs {
                        if let Some((r, _)) = self
                            .resolve_path(&cite.source, "source", |s| matches!(s, Sig::Source(_)))
                        {
                            cites.push(r.clone());
                            self.cites
                                .entry(SmolStr::new(&d.name.text))
                                .or_default()
                                .push(crate::hir::HCitation {
                                    source: r,
                                    at: cite.at.as_ref().map(|a| a.value.clone()),
                                });
                        }
                    }
                }
                _ => {}
            }
        }
        let sig = RuleSig {
            obligation: SmolStr::new(d.then.obligation.text()),
            verb: d.then.verb,
            level,
            labels,
            cites,
        };
        self.sigs.insert(SmolStr::new(&d.name.text), Sig::Rule(sig));
    }

    pub(super) fn labels(&mut self) {
        let mut labels: indexmap::IndexMap<SmolStr, Vec<SmolStr>> = indexmap::IndexMap::new();
        for (name, sig) in &self.sigs {
            if let Sig::Rule(r) = sig {
                for l in &r.labels {
                    labels.entry(l.clone()).or_default().push(name.clone());
                }
            }
        }
        for (l, rules) in labels {
            if !self.sigs.contains_key(&l) {
                self.sigs.insert(l, Sig::Label(rules));
            }
        }
    }

    /// The level a rule states, or the error for a missing one.
    pub(crate) fn rule_level(&mut self, d: &ast::RuleDecl) -> Level {
        let mut level = None;
        for c in &d.clauses {
            if let RuleClauseKind::Level(l, span) = &c.kind {
                if level.is_some() {
                    self.error(
                        Diagnostic::error(
                            "ward::duplicate-clause",
                            *span,
                            "the level is given twice",
                        )
                        .label("second level"),
                    );
                } else {
                    level = Some(*l);
                }
            }
        }
        level.unwrap_or_else(|| {
            self.error(
                Diagnostic::error("ward::missing-level", d.name.span, format!("rule `{}` does not say its level", d.name.text))
                    .label("no `level`")
                    .help("add `level required`, `level best_practice`, `level recommended` or `level local`"),
            );
            Level::Recommended
        })
    }

    /// Resolve an obligation id (global: ids are how every module refers to a duty).
    pub(crate) fn obligation_id(&mut self, p: &ast::Path) -> Option<SmolStr> {
        let g = self.globals?;
        let id = p.text();
        if g.obligations.contains_key(id.as_str()) {
            self.symbols
                .refer(p.span, Symbol::Obligation(SmolStr::new(&id)));
            return Some(SmolStr::new(id));
        }
        let s = if self.may_suggest(g.obligations.len()) {
            did_you_mean(&id, g.obligations.keys().map(|k| k.as_str()))
        } else {
            None
        };
        self.error(
            Diagnostic::error(
                "ward::unknown-obligation",
                p.span,
                format!("no obligation has the id `{id}`"),
            )
            .label("unknown obligation")
            .help(match s {
                Some(s) => format!("did you mean `{s}`?"),
                None => "declare it with `obligation <id> \"<title>\" held_by adopter`".into(),
            })
            .replace_with(p.span, s),
        );
        None
    }
}
