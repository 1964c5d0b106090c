//! Printing items: each kind of top-level item, with its fields, clauses and tests, laid out
//! one line-level node per line so comments can be put back between them.

use crate::ast::*;

use super::flat::{citation, escape, expr_flat, level, path, type_expr};
use super::{INDENT, Printer, WIDTH};

impl Printer<'_> {
    pub(super) fn item(&mut self, item: &Item) {
        match &item.kind {
            ItemKind::Module(d) => {
                self.out.push_str(&format!("module {}", path(&d.path)));
                if let Some(e) = &d.under {
                    self.newline();
                    self.leading(e.span.start, INDENT);
                    self.indent(INDENT);
                    self.out.push_str("under ");
                    self.expr(e, INDENT);
                }
            }
            ItemKind::Jurisdiction(d) => self
                .out
                .push_str(&format!("jurisdiction {}", path(&d.path))),
            ItemKind::Use(d) => {
                self.out.push_str("use ");
                self.out.push_str(&path(&d.path));
                if let Some(names) = &d.names {
                    let names: Vec<_> = names.iter().map(|n| n.text.as_str()).collect();
                    let one = format!(".{{{}}}", names.join(", "));
                    if self.col() + one.len() <= WIDTH {
                        self.out.push_str(&one);
                    } else {
                        self.out.push_str(".{");
                        self.newline();
                        for n in names {
                            self.indent(INDENT);
                            self.out.push_str(n);
                            self.out.push(',');
                            self.newline();
                        }
                        self.out.push('}');
                    }
                }
                if let Some(a) = &d.alias {
                    self.out.push_str(&format!(" as {}", a.text));
                }
            }
            ItemKind::Enum(d) => self.enum_decl(d),
            ItemKind::Record(d) => {
                self.out.push_str(&format!("record {} {{", d.name.text));
                self.newline();
                for (i, f) in d.fields.iter().enumerate() {
                    self.leading(f.span.start, INDENT);
                    self.docs(&f.docs, INDENT);
                    self.indent(INDENT);
                    self.field_like(
                        &f.name.text,
                        &f.ty,
                        f.ask.as_ref(),
                        false,
                        f.default.as_ref(),
                        INDENT,
                    );
                    let next = d
                        .fields
                        .get(i + 1)
                        .map(|n| n.docs.span.unwrap_or(n.span).start)
                        .unwrap_or(item.span.end);
                    self.trailing_before(f.span.end, next);
                    self.newline();
                }
                self.leading(item.span.end, INDENT);
                self.out.push('}');
            }
            ItemKind::Fact(d) => {
                self.out.push_str("fact ");
                self.field_like(
                    &d.name.text,
                    &d.ty,
                    d.ask.as_ref(),
                    d.optional,
                    d.default.as_ref(),
                    0,
                );
            }
            ItemKind::Def(d) => {
                self.out.push_str("def ");
                self.out.push_str(&d.name.text);
                if let Some(t) = &d.ty {
                    self.out.push_str(": ");
                    self.out.push_str(&type_expr(t));
                }
                self.out.push_str(" =");
                let flat = expr_flat(&d.body);
                if self.col() + 1 + flat.len() <= WIDTH && !self.has_comment_within(d.body.span) {
                    self.out.push(' ');
                    self.out.push_str(&flat);
                } else {
                    self.newline();
                    self.indent(INDENT);
                    self.expr(&d.body, INDENT);
                }
            }
            ItemKind::Source(d) => {
                self.out.push_str(&format!("source {} {{", d.name.text));
                self.newline();
                for (i, f) in d.fields.iter().enumerate() {
                    self.leading(f.span.start, INDENT);
                    self.indent(INDENT);
                    let next = d
                        .fields
                        .get(i + 1)
                        .map(|n| n.span.start)
                        .unwrap_or(item.span.end);
                    let line = match &f.kind {
                        SourceFieldKind::Document(t) => format!("document {}", escape(&t.value)),
                        SourceFieldKind::Section(t) => format!("section {}", escape(&t.value)),
                        SourceFieldKind::From(ts) => format!(
                            "from {}",
                            ts.iter()
                                .map(|t| escape(&t.value))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        SourceFieldKind::Covers(ns) => format!(
                            "covers {}",
                            ns.iter()
                                .map(|n| n.text.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        SourceFieldKind::Label(l) => {
                            format!("label {}", l.map(level).unwrap_or("none"))
                        }
                        SourceFieldKind::Reviewed(d) => format!("reviewed {}", d.text),
                        SourceFieldKind::Note(t) => format!("note {}", escape(&t.value)),
                        SourceFieldKind::Url(t) => format!("url {}", escape(&t.value)),
                    };
                    self.out.push_str(&line);
                    self.trailing_before(f.span.end, next);
                    self.newline();
                }
                self.leading(item.span.end, INDENT);
                self.out.push('}');
            }
            ItemKind::Obligation(d) => {
                self.out.push_str(&format!(
                    "obligation {} {} held_by {}",
                    d.id.text,
                    escape(&d.title.value),
                    d.held_by.text
                ));
                if let Some(s) = &d.strengthens {
                    self.out.push_str(&format!(" strengthens {}", path(s)));
                }
            }
            ItemKind::Rule(d) => self.rule(d, item.span),
            ItemKind::Test(d) => self.test(d, item.span),
        }
    }

    fn enum_decl(&mut self, d: &EnumDecl) {
        let flat: Vec<String> = d
            .variants
            .iter()
            .map(|v| {
                if v.means_unknown {
                    format!("{} = unknown", v.name.text)
                } else {
                    v.name.text.clone()
                }
            })
            .collect();
        let one_line = format!("enum {} {{ {} }}", d.name.text, flat.join(", "));
        let span = d
            .variants
            .first()
            .map(|f| f.span.cover(d.variants.last().unwrap().span));
        let simple = d.variants.iter().all(|v| v.docs.is_empty())
            && one_line.len() <= WIDTH
            && span.is_none_or(|s| {
                !self.has_comment_within(Span::new(s.start as usize, s.end as usize + 2))
            });
        if simple {
            self.out.push_str(&one_line);
            return;
        }
        self.out.push_str(&format!("enum {} {{", d.name.text));
        self.newline();
        for (i, (v, text)) in d.variants.iter().zip(flat).enumerate() {
            self.leading(v.span.start, INDENT);
            self.docs(&v.docs, INDENT);
            self.indent(INDENT);
            self.out.push_str(&text);
            self.out.push(',');
            let next = d
                .variants
                .get(i + 1)
                .map(|n| n.docs.span.unwrap_or(n.span).start)
                .unwrap_or(u32::MAX);
            self.trailing_before(v.span.end, next);
            self.newline();
        }
        if let Some(last) = d.variants.last() {
            // Comments between the last variant and the closing brace.
            let close = self.text[last.span.end as usize..]
                .find('}')
                .map(|i| last.span.end as usize + i);
            if let Some(close) = close {
                self.leading(close as u32, INDENT);
            }
        }
        self.out.push('}');
    }

    /// `name: type ask "…" default …` for record fields and facts, broken over lines if long.
    fn field_like(
        &mut self,
        name: &str,
        ty: &TypeExpr,
        ask: Option<&Text>,
        optional: bool,
        default: Option<&Default>,
        indent: usize,
    ) {
        let head = format!("{name}: {}", type_expr(ty));
        let mut parts = Vec::new();
        if let Some(a) = ask {
            parts.push(format!("ask {}", escape(&a.value)));
        }
        if optional {
            parts.push("optional".to_string());
        }
        let default_flat = default.map(|d| match &d.when {
            Some(w) => format!("default {} when {}", expr_flat(&d.value), expr_flat(w)),
            None => format!("default {}", expr_flat(&d.value)),
        });
        if let Some(d) = &default_flat {
            parts.push(d.clone());
        }
        let one = std::iter::once(head.clone())
            .chain(parts.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ");
        let commented = default.is_some_and(|d| {
            self.has_comment_within(d.value.span)
                || d.when
                    .as_ref()
                    .is_some_and(|w| self.has_comment_within(w.span))
        });
        if self.col() + one.len() <= WIDTH && !commented {
            self.out.push_str(&one);
            return;
        }
        self.out.push_str(&head);
        if let Some(a) = ask {
            self.newline();
            self.indent(indent + INDENT);
            self.out.push_str(&format!("ask {}", escape(&a.value)));
        }
        if optional {
            self.newline();
            self.indent(indent + INDENT);
            self.out.push_str("optional");
        }
        if let Some(d) = default {
            self.newline();
            self.indent(indent + INDENT);
            self.out.push_str("default ");
            self.expr(&d.value, indent + INDENT);
            if let Some(w) = &d.when {
                self.out.push_str(" when ");
                self.expr(w, indent + INDENT);
            }
        }
    }

    fn rule(&mut self, d: &RuleDecl, span: Span) {
        self.out.push_str(&format!("rule {} {{", d.name.text));
        self.newline();
        // Where each line-level node starts, so a trailing comment goes to the node it follows.
        let mut starts: Vec<u32> = d.clauses.iter().map(|c| c.span.start).collect();
        starts.push(d.when.span.start);
        starts.push(d.then.span.start);
        starts.sort_unstable();
        let next_after = |end: u32| {
            starts
                .iter()
                .copied()
                .find(|&s| s >= end)
                .unwrap_or(span.end)
        };
        for c in &d.clauses {
            self.leading(c.span.start, INDENT);
            self.indent(INDENT);
            match &c.kind {
                RuleClauseKind::For { var, collection } => {
                    self.out.push_str(&format!("for {} in ", var.text));
                    self.expr(collection, INDENT);
                }
                RuleClauseKind::Cites(cites) => {
                    let all: Vec<String> = cites.iter().map(citation).collect();
                    let one = format!("cites {}", all.join(", "));
                    if INDENT + one.len() <= WIDTH || cites.len() == 1 {
                        self.out.push_str(&one);
                    } else {
                        self.out.push_str("cites ");
                        for (i, c) in all.iter().enumerate() {
                            if i > 0 {
                                self.out.push(',');
                                self.newline();
                                self.indent(INDENT * 3);
                            }
                            self.out.push_str(c);
                        }
                    }
                }
                RuleClauseKind::Level(l, _) => self.out.push_str(&format!("level {}", level(*l))),
                RuleClauseKind::Label(n) => self.out.push_str(&format!("label {}", n.text)),
                RuleClauseKind::Exception(p) => {
                    self.out.push_str(&format!("exception to {}", path(p)))
                }
                RuleClauseKind::Justification(t) => self
                    .out
                    .push_str(&format!("justification {}", escape(&t.value))),
                RuleClauseKind::Review(d) => self.out.push_str(&format!("review {}", d.text)),
            }
            self.trailing_before(c.span.end, next_after(c.span.end));
            self.newline();
        }
        self.leading(d.when.span.start, INDENT);
        self.indent(INDENT);
        self.out.push_str("when ");
        self.expr(&d.when, INDENT);
        self.trailing_before(d.when.span.end, next_after(d.when.span.end));
        self.newline();
        self.leading(d.then.span.start, INDENT);
        self.indent(INDENT);
        self.conclusion(&d.then);
        self.trailing(d.then.span.end);
        self.newline();
        self.leading(span.end, INDENT);
        self.out.push('}');
    }

    fn conclusion(&mut self, c: &Conclusion) {
        let head = format!("then {} {}", c.verb.keyword(), path(&c.obligation));
        let deadlines: Vec<String> = c
            .deadlines
            .iter()
            .map(|d| match &d.kind {
                DeadlineKind::Within { period, anchor } => {
                    format!("within {} of {}", expr_flat(period), expr_flat(anchor))
                }
                DeadlineKind::Before(t) => format!("before {}", escape(&t.value)),
                DeadlineKind::Due(t) => format!("due {}", escape(&t.value)),
                DeadlineKind::Every {
                    period,
                    from: Some(f),
                } => {
                    format!("every {} from {}", expr_flat(period), expr_flat(f))
                }
                DeadlineKind::Every { period, from: None } => {
                    format!("every {}", expr_flat(period))
                }
            })
            .collect();
        let one = std::iter::once(head.clone())
            .chain(deadlines.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ");
        if self.col() + one.len() <= WIDTH {
            self.out.push_str(&one);
            return;
        }
        self.out.push_str(&head);
        for d in deadlines {
            self.newline();
            self.indent(INDENT * 2);
            self.out.push_str(&d);
        }
    }

    fn test(&mut self, d: &TestDecl, span: Span) {
        self.out
            .push_str(&format!("test {}", escape(&d.name.value)));
        if let Some(a) = &d.as_of {
            self.out.push_str(&format!(" as of {}", a.text));
        }
        self.out.push_str(" {");
        self.newline();
        self.leading(d.given_span.start, INDENT);
        self.indent(INDENT);
        self.out.push_str("given {");
        self.newline();
        for (i, a) in d.given.iter().enumerate() {
            self.leading(a.span.start, INDENT * 2);
            self.indent(INDENT * 2);
            let lhs = a
                .path
                .iter()
                .map(|n| n.text.as_str())
                .collect::<Vec<_>>()
                .join(".");
            self.out.push_str(&lhs);
            self.out.push_str(" = ");
            self.value(&a.value, INDENT * 2);
            let next = d
                .given
                .get(i + 1)
                .map(|n| n.span.start)
                .unwrap_or(d.given_span.end);
            self.trailing_before(a.span.end, next);
            self.newline();
        }
        self.leading(d.given_span.end, INDENT * 2);
        self.indent(INDENT);
        self.out.push('}');
        self.trailing(d.given_span.end);
        self.newline();
        for (i, e) in d.expects.iter().enumerate() {
            self.leading(e.span.start, INDENT);
            self.indent(INDENT);
            let line = match &e.kind {
                ExpectKind::Applies {
                    verb,
                    obligation,
                    level: l,
                    due,
                } => {
                    let mut s = format!("expect {} {}", verb.keyword(), path(obligation));
                    if let Some(l) = l {
                        s.push_str(&format!(" at {}", level(*l)));
                    }
                    if let Some(d) = due {
                        s.push_str(&format!(" due {}", d.text));
                    }
                    s
                }
                ExpectKind::DoesNotApply { obligation } => {
                    format!("expect no {}", path(obligation))
                }
                ExpectKind::Undetermined {
                    obligation,
                    missing,
                } => {
                    let mut s = format!("expect undetermined {}", path(obligation));
                    if !missing.is_empty() {
                        let m: Vec<_> = missing.iter().map(|n| n.text.as_str()).collect();
                        s.push_str(&format!(" missing {}", m.join(", ")));
                    }
                    s
                }
            };
            self.out.push_str(&line);
            let next = d
                .expects
                .get(i + 1)
                .map(|n| n.span.start)
                .unwrap_or(span.end);
            self.trailing_before(e.span.end, next);
            self.newline();
        }
        self.leading(span.end, INDENT);
        self.out.push('}');
    }
}
