//! Rules: conditions, conclusions, deadlines, and the checks that keep local
//! policy from weakening the law.

use smol_str::SmolStr;
use ward_syntax::ast::{self, DeadlineKind, ExprKind, Level, RuleClauseKind, Verb};
use ward_syntax::format::expr_flat;

use super::Cx;
use crate::diagnostic::Diagnostic;
use crate::hir::{ExprId, HDeadline, HDeadlineKind, HKind, HRule};
use crate::interface::Sig;
use crate::modules::module_index;
use crate::symbols::Symbol;
use crate::ty::{ItemRef, Ty};

impl Cx<'_> {
    pub(super) fn rule(&mut self, item: &ast::Item, d: &ast::RuleDecl) {
        let me = self.item_ref(&d.name.text);
        self.symbols.define(d.name.span, Symbol::Item(me.clone()));
        let level_given = d
            .clauses
            .iter()
            .any(|c| matches!(c.kind, RuleClauseKind::Level(..)));
        let level = self.rule_level(d);
        let mut for_each = None;
        let mut labels = Vec::new();
        let mut exception_paths = Vec::new();
        let mut justification = None;
        let mut review = None;
        let mut has_cites = false;
        let mut pushed_local = false;
        for c in &d.clauses {
            match &c.kind {
                RuleClauseKind::For { var, collection } => {
                    if for_each.is_some() {
                        self.error(
                            Diagnostic::error(
                                "ward::duplicate-clause",
                                c.span,
                                "a rule has at most one `for`",
                            )
                            .label("second `for`")
                            .help("quantify inside the condition instead: `any x in … where …`"),
                        );
                        continue;
                    }
                    let coll = self.expr(collection, None);
                    let ty = self.hir.expr(coll).ty.clone();
                    let el = match &ty {
                        Ty::List(el) | Ty::Set(el) => (**el).clone(),
                        Ty::Any => Ty::Any,
                        other => {
                            self.error(
                                Diagnostic::error(
                                    "ward::type-mismatch",
                                    collection.span,
                                    format!("`for` goes through a list, but this is `{other}`"),
                                )
                                .label("not a list"),
                            );
                            Ty::Any
                        }
                    };
                    let local = self.bind_local(var, el);
                    pushed_local = true;
                    for_each = Some((local, coll));
                }
                RuleClauseKind::Cites(_) => has_cites = true,
                RuleClauseKind::Level(..) => {}
                RuleClauseKind::Label(l) => labels.push(SmolStr::new(&l.text)),
                RuleClauseKind::Exception(p) => exception_paths.push(p),
                RuleClauseKind::Justification(t) => {
                    if justification.replace(t.value.clone()).is_some() {
                        self.error(
                            Diagnostic::error(
                                "ward::duplicate-clause",
                                c.span,
                                "the justification is given twice",
                            )
                            .label("second justification"),
                        );
                    }
                }
                RuleClauseKind::Review(date) => {
                    if crate::time::parse_instant(&date.text).is_none() {
                        self.error(
                            Diagnostic::error(
                                "ward::date",
                                date.span,
                                format!("`{}` is not a date", date.text),
                            )
                            .label("not a calendar date"),
                        );
                    }
                    if review.replace(date.text.clone()).is_some() {
                        self.error(
                            Diagnostic::error(
                                "ward::duplicate-clause",
                                c.span,
                                "the review date is given twice",
                            )
                            .label("second review date"),
                        );
                    }
                }
            }
        }
        if !has_cites {
            self.error(
                Diagnostic::error("ward::missing-citation", d.name.span, format!("rule `{}` cites no source", d.name.text))
                    .label("no `cites`")
                    .help("every rule says which guidance it encodes: `cites <source> at \"<sub-heading>\"`"),
            );
        }
        let cond = self.expr(&d.when, Some(&Ty::Bool));
        let cond_text = match &d.when.kind {
            ExprKind::Logic {
                op: ast::LogicOp::And,
                operands,
            } => operands.iter().map(expr_flat).collect(),
            _ => vec![expr_flat(&d.when)],
        };
        let or_written = matches!(
            d.when.kind,
            ExprKind::Logic {
                op: ast::LogicOp::Or,
                ..
            }
        );
        let (cond, cond_text) = self.with_under(cond, cond_text, or_written);
        let obligation = self.obligation_id(&d.then.obligation);
        let deadlines = d
            .then
            .deadlines
            .iter()
            .map(|dl| self.deadline(dl))
            .collect();
        if pushed_local {
            self.locals.pop();
        }

        let verb = d.then.verb;
        if verb == Verb::Recommend && level == Level::Required {
            self.error(
                Diagnostic::error(
                    "ward::level",
                    d.then.verb_span,
                    "a recommendation cannot be legally required",
                )
                .label("`recommend` at `level required`")
                .help("write `require` for a legal duty, or lower the level to `recommended`"),
            );
        }
        if verb == Verb::Waive && exception_paths.is_empty() {
            self.error(
                Diagnostic::error(
                    "ward::waive",
                    d.then.verb_span,
                    "`waive` only makes sense in an exception",
                )
                .label("waives nothing")
                .help("add `exception to <rule>`: the rule whose conclusion this one sets aside"),
            );
        }
        if !self.origin.is_stdlib() && level_given && level != Level::Local {
            self.error(
                Diagnostic::error(
                    "ward::local-level",
                    d.name.span,
                    format!("local policy cannot state a `{}` rule", level.keyword()),
                )
                .label("outside the national library")
                .help("only the national standard library states legal duties, best practice and recommendations; a trust's or region's rule is `level local`"),
            );
        }

        let has_exception_clause = !exception_paths.is_empty();
        let mut exception_to = Vec::new();
        for p in exception_paths {
            let accept = |s: &Sig| matches!(s, Sig::Rule(_) | Sig::Label(_));
            let Some((target, sig)) = self.resolve_path(p, "rule", accept) else {
                continue;
            };
            let targets: Vec<ItemRef> = match sig {
                Sig::Label(rules) => rules
                    .iter()
                    .map(|r| ItemRef::new(target.module.clone(), r.as_str()))
                    .collect(),
                _ => vec![target],
            };
            for t in targets {
                if t == me {
                    self.error(
                        Diagnostic::error(
                            "ward::exception-cycle",
                            p.span,
                            "a rule cannot be an exception to itself",
                        )
                        .label("itself"),
                    );
                    continue;
                }
                if let Some(Sig::Rule(ts)) = self.sig_of(&t) {
                    self.exception_target(p, &me, obligation.as_deref(), verb, &t, &ts);
                }
                exception_to.push(t);
            }
        }
        // Checked whatever the rule's `exception to` clause says: an exception may set aside
        // the rules it names, but never lets local policy forbid a duty the law may require.
        if !self.origin.is_stdlib()
            && verb == Verb::Forbid
            && let Some(id) = obligation.as_deref()
        {
            self.local_forbid(d, id, &exception_to, has_exception_clause);
        }
        if !self.origin.is_stdlib()
            && !exception_to.is_empty()
            && (justification.is_none() || review.is_none())
        {
            let missing = match (justification.is_none(), review.is_none()) {
                (true, true) => "a justification and a review date",
                (true, false) => "a justification",
                _ => "a review date",
            };
            self.error(
                Diagnostic::error(
                    "ward::local-exception",
                    d.name.span,
                    format!("local exception `{}` needs {missing}", d.name.text),
                )
                .label("unjustified local exception")
                .help("say why and when it will be looked at again: `justification \"…\"` and `review 2027-06-30`"),
            );
        }

        let _ = item;
        self.hir.rules.push(HRule {
            name: SmolStr::new(&d.name.text),
            doc: item.docs.text(),
            for_each,
            cites: self
                .cites
                .get(d.name.text.as_str())
                .cloned()
                .unwrap_or_default(),
            level,
            labels,
            exception_to,
            justification,
            review,
            cond,
            cond_text,
            for_text: d.clauses.iter().find_map(|c| match &c.kind {
                RuleClauseKind::For { var, collection } => {
                    Some(format!("{} in {}", var.text, expr_flat(collection)))
                }
                _ => None,
            }),
            verb,
            obligation: obligation.unwrap_or_else(|| SmolStr::new(d.then.obligation.text())),
            deadlines,
        });
    }

    /// Check the module's `under` condition once, at module scope (no rule's `for` local is
    /// in scope), keeping its conjuncts for [`Cx::with_under`].
    pub(super) fn module_under(&mut self, e: &ast::Expr) {
        let id = self.expr(e, Some(&Ty::Bool));
        let parts = match &self.hir.expr(id).kind {
            HKind::And(xs) => xs.clone(),
            _ => vec![id],
        };
        let text = match &e.kind {
            ExprKind::Logic {
                op: ast::LogicOp::And,
                operands,
            } if operands.len() == parts.len() => operands.iter().map(expr_flat).collect(),
            _ => vec![expr_flat(e)],
        };
        self.under = Some((parts, text));
    }

    /// A rule's condition with the module's `under` conjuncts before its own: one flat `and`,
    /// exactly as if each rule had written them first, so evaluation, explanations and
    /// reports are the same either way.
    fn with_under(
        &mut self,
        cond: ExprId,
        text: Vec<String>,
        or_written: bool,
    ) -> (ExprId, Vec<String>) {
        let Some((under, under_text)) = self.under.clone() else {
            return (cond, text);
        };
        let own = match &self.hir.expr(cond).kind {
            HKind::And(xs) if xs.len() == text.len() => xs.clone(),
            _ => vec![cond],
        };
        let mut own_text = if own.len() == text.len() {
            text
        } else {
            vec![text.join(" and ")]
        };
        // Written out after the shared conjuncts, an `or` would need its parentheses.
        if let [one] = own_text.as_mut_slice()
            && or_written
        {
            *one = format!("({one})");
        }
        let parts = under.into_iter().chain(own).collect();
        let id = self.hir.push(HKind::And(parts), Ty::Bool);
        (id, under_text.into_iter().chain(own_text).collect())
    }

    /// Local policy forbidding a duty that another package requires or recommends would
    /// override it without saying so: that takes an exception (with its justification) to each
    /// rule it overrides, and is never allowed against the law: not for a duty a `required`
    /// rule may conclude, nor for a weaker form of one (forbidding "consider a DPIA" forbids
    /// the DPIA the law may require), whatever the rule's `exception to` clause says.
    fn local_forbid(
        &mut self,
        d: &ast::RuleDecl,
        id: &str,
        excepted: &[ItemRef],
        has_exception_clause: bool,
    ) {
        let Some(g) = self.globals else { return };
        let index = module_index(self.db, self.ws);
        let other_package = |r: &ItemRef| {
            index.get(&r.module).is_some_and(|f| {
                let o = f.origin(self.db);
                o.package != self.origin.package || o.kind != self.origin.kind
            })
        };
        // The obligation and every stronger form of it (`strengthens`, followed to its end).
        let mut forms: Vec<&str> = vec![id];
        for (other, _) in &g.obligations {
            let mut at = other.as_str();
            for _ in 0..=g.obligations.len() {
                let Some(next) = g
                    .obligations
                    .get(at)
                    .and_then(|(_, o)| o.strengthens.as_deref())
                else {
                    break;
                };
                if next == id {
                    forms.push(other.as_str());
                    break;
                }
                at = next;
            }
        }
        let law = forms.iter().find_map(|&form| {
            g.concluded_by
                .get(form)
                .into_iter()
                .flatten()
                .find_map(|(r, l, v)| {
                    (*v == Verb::Require && *l == Some(Level::Required) && other_package(r))
                        .then(|| (form, r.clone()))
                })
        });
        if let Some((form, r)) = law {
            let message = if form == id {
                format!(
                    "`{}` forbids `{id}`, which `{}` makes a legal requirement",
                    d.name.text,
                    r.qualified()
                )
            } else {
                format!(
                    "`{}` forbids `{id}`, whose stronger form `{form}` `{}` makes a legal requirement",
                    d.name.text,
                    r.qualified()
                )
            };
            let help = if has_exception_clause {
                "an `exception to` clause cannot change this: local policy may add duties or strengthen recommendations, but never forbid, waive or override a duty the law may require"
            } else {
                "local policy may add duties or strengthen recommendations, but never forbid, waive or override a duty the law may require"
            };
            self.error(
                Diagnostic::error("ward::cannot-waive-law", d.then.verb_span, message)
                    .label("forbids a duty the law may require")
                    .help(help),
            );
            return;
        }
        let others: Vec<ItemRef> = g
            .concluded_by
            .get(id)
            .into_iter()
            .flatten()
            .filter(|(r, _, v)| {
                *v != Verb::Forbid && *v != Verb::Waive && other_package(r) && !excepted.contains(r)
            })
            .map(|(r, _, _)| r.clone())
            .collect();
        let Some(first) = others.first() else {
            return;
        };
        self.error(
            Diagnostic::error(
                "ward::local-override",
                d.then.verb_span,
                format!(
                    "`{}` forbids `{id}`, which `{}` asks for",
                    d.name.text,
                    first.qualified()
                ),
            )
            .label("overrides another package's rule")
            .help(format!(
                "to set national guidance aside locally, write an exception: `exception to {}` with a `justification` and a `review` date",
                first.name
            )),
        );
    }

    /// A cited document's published title, as people know it, if the host supplied it.
    pub(super) fn document_title(&self, file: &str) -> Option<&str> {
        crate::citations::document_named(self.db, self.ws, file)
            .map(|d| d.info(self.db).title.as_str())
    }

    fn deadline(&mut self, d: &ast::Deadline) -> HDeadline {
        let text = match &d.kind {
            DeadlineKind::Within { period, anchor } => format!(
                "within {} of {}",
                ward_syntax::format::expr_flat(period),
                ward_syntax::format::expr_flat(anchor)
            ),
            DeadlineKind::Before(t) => format!("before {}", t.value),
            DeadlineKind::Due(t) => t.value.clone(),
            DeadlineKind::Every {
                period,
                from: Some(f),
            } => format!(
                "every {} from {}",
                ward_syntax::format::expr_flat(period),
                ward_syntax::format::expr_flat(f)
            ),
            DeadlineKind::Every { period, from: None } => {
                format!("every {}", ward_syntax::format::expr_flat(period))
            }
        };
        let kind = match &d.kind {
            DeadlineKind::Within { period, anchor } => HDeadlineKind::Within {
                period: self.expr(period, Some(&Ty::Duration)),
                anchor: self.expr(anchor, Some(&Ty::Date)),
            },
            DeadlineKind::Before(t) | DeadlineKind::Due(t) => {
                HDeadlineKind::Stated(t.value.clone())
            }
            DeadlineKind::Every { period, from } => HDeadlineKind::Every {
                period: self.expr(period, Some(&Ty::Duration)),
                from: from.as_ref().map(|f| self.expr(f, Some(&Ty::Date))),
            },
        };
        HDeadline { kind, text }
    }
}
