//! The canonical formatter behind `ward fmt` and the language server's formatting.
//!
//! It prints the syntax tree back with two-space indentation and a 100-column budget, and puts
//! every `//` comment back: a comment is emitted before the next line-level node that follows
//! it (item, field, clause, operand of a broken condition) or at the end of the line it ended.
//! A file with syntax errors is not formatted, so nothing the parser skipped can be lost.

use crate::ast::*;
use crate::line_index::LineIndex;
use crate::parse::{Comment, SyntaxError, parse};

const WIDTH: usize = 100;
const INDENT: usize = 2;

/// Format a file, or return its syntax errors unchanged. The result keeps the file's line
/// endings (`\n` or `\r\n`, as its first line has).
pub fn format(text: &str) -> Result<String, Vec<SyntaxError>> {
    let parsed = parse(text);
    if !parsed.errors.is_empty() {
        return Err(parsed.errors);
    }
    let mut p = Printer {
        text,
        lines: LineIndex::new(text),
        comments: parsed.comments,
        next: 0,
        out: String::with_capacity(text.len() + 64),
    };
    p.module(&parsed.module);
    let mut out = crate::LineEnding::of(text).apply(p.out);
    // A byte-order mark is kept: formatting changes layout, never the file's encoding.
    if text.starts_with(crate::parse::BOM) && !out.starts_with(crate::parse::BOM) {
        out.insert(0, crate::parse::BOM);
    }
    Ok(out)
}

struct Printer<'a> {
    text: &'a str,
    lines: LineIndex,
    comments: Vec<Comment>,
    next: usize,
    out: String,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn path(p: &Path) -> String {
    p.text()
}

fn type_expr(t: &TypeExpr) -> String {
    match t {
        TypeExpr::Named(p) => path(p),
        TypeExpr::List(inner, _) => format!("list<{}>", type_expr(inner)),
        TypeExpr::Set(inner, _) => format!("set<{}>", type_expr(inner)),
    }
}

/// An expression on one line, exactly as the tree says (parentheses are tree nodes).
pub fn expr_flat(e: &Expr) -> String {
    let mut s = String::new();
    write_flat(e, &mut s);
    s
}

fn write_flat(e: &Expr, s: &mut String) {
    match &e.kind {
        ExprKind::Bool(b) => s.push_str(if *b { "true" } else { "false" }),
        ExprKind::Int(n) => s.push_str(&n.to_string()),
        ExprKind::Decimal(d) | ExprKind::Date(d) | ExprKind::DateTime(d) => s.push_str(d),
        ExprKind::Text(t) => s.push_str(&escape(t)),
        ExprKind::Duration { amount, unit } => {
            s.push_str(&format!("{amount} {}", unit.keyword(*amount)))
        }
        ExprKind::Today => s.push_str("today"),
        ExprKind::Name(n) => s.push_str(&n.text),
        ExprKind::Field { base, field } => {
            write_flat(base, s);
            s.push('.');
            s.push_str(&field.text);
        }
        ExprKind::Paren(inner) => {
            s.push('(');
            write_flat(inner, s);
            s.push(')');
        }
        ExprKind::Not(inner) => {
            s.push_str("not ");
            write_flat(inner, s);
        }
        ExprKind::Neg(inner) => {
            s.push('-');
            write_flat(inner, s);
        }
        ExprKind::Logic { op, operands } => {
            let sep = match op {
                LogicOp::And => " and ",
                LogicOp::Or => " or ",
            };
            for (i, o) in operands.iter().enumerate() {
                if i > 0 {
                    s.push_str(sep);
                }
                write_flat(o, s);
            }
        }
        ExprKind::Arith { op, lhs, rhs } => {
            write_flat(lhs, s);
            s.push_str(match op {
                ArithOp::Add => " + ",
                ArithOp::Sub => " - ",
                ArithOp::Mul => " * ",
                ArithOp::Div => " / ",
            });
            write_flat(rhs, s);
        }
        ExprKind::Compare { op, lhs, rhs } => {
            write_flat(lhs, s);
            s.push(' ');
            s.push_str(op.symbol());
            s.push(' ');
            write_flat(rhs, s);
        }
        ExprKind::In { negated, lhs, rhs } => {
            write_flat(lhs, s);
            s.push_str(if *negated { " not in " } else { " in " });
            write_flat(rhs, s);
        }
        ExprKind::Has { mode, lhs, rhs } => {
            write_flat(lhs, s);
            s.push_str(match mode {
                HasMode::One => " has ",
                HasMode::Any => " has any ",
                HasMode::All => " has all ",
            });
            write_flat(rhs, s);
        }
        ExprKind::Is { test, operand } => {
            write_flat(operand, s);
            s.push_str(match test {
                IsTest::Empty => " is empty",
                IsTest::NotEmpty => " is not empty",
                IsTest::Unknown => " is unknown",
                IsTest::Known => " is known",
            });
        }
        ExprKind::Quant {
            kind,
            var,
            collection,
            filter,
        } => {
            s.push_str(match kind {
                Quantifier::Any => "any ",
                Quantifier::All => "all ",
            });
            s.push_str(&var.text);
            s.push_str(" in ");
            write_flat(collection, s);
            if let Some(f) = filter {
                s.push_str(" where ");
                write_flat(f, s);
            }
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            s.push_str("if ");
            write_flat(cond, s);
            s.push_str(" then ");
            write_flat(then, s);
            s.push_str(" else ");
            write_flat(otherwise, s);
        }
        ExprKind::Call { func, args } => {
            s.push_str(&func.text);
            s.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_flat(a, s);
            }
            s.push(')');
        }
        ExprKind::Set(items) => {
            s.push('{');
            for (i, a) in items.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_flat(a, s);
            }
            s.push('}');
        }
        ExprKind::List(items) => {
            s.push('[');
            for (i, a) in items.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_flat(a, s);
            }
            s.push(']');
        }
        ExprKind::Record(fields) => {
            s.push_str("{ ");
            for (i, (n, v)) in fields.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                s.push_str(&n.text);
                s.push_str(" = ");
                write_flat(v, s);
            }
            s.push_str(" }");
        }
    }
}

fn citation(c: &Citation) -> String {
    match &c.at {
        Some(at) => format!("{} at {}", path(&c.source), escape(&at.value)),
        None => path(&c.source),
    }
}

fn level(l: Level) -> &'static str {
    l.keyword()
}

impl Printer<'_> {
    fn col(&self) -> usize {
        self.out.len() - self.out.rfind('\n').map(|i| i + 1).unwrap_or(0)
    }

    fn newline(&mut self) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        self.out.push('\n');
    }

    fn indent(&mut self, n: usize) {
        for _ in 0..n {
            self.out.push(' ');
        }
    }

    fn blank_between(&self, a: u32, b: u32) -> bool {
        let a = (a as usize).min(self.text.len());
        let b = (b as usize).min(self.text.len()).max(a);
        self.text[a..b].matches('\n').count() >= 2
    }

    /// Emit, on their own lines, the comments that start before `pos`.
    fn leading(&mut self, pos: u32, indent: usize) {
        while let Some(c) = self.comments.get(self.next) {
            if c.span.start >= pos {
                break;
            }
            let c = c.clone();
            self.next += 1;
            self.indent(indent);
            self.out.push_str(c.text.trim_end());
            self.newline();
            let following = self
                .comments
                .get(self.next)
                .map(|n| n.span.start)
                .unwrap_or(pos)
                .min(pos);
            if self.blank_between(c.span.end, following) && following == pos {
                self.newline();
            }
        }
    }

    /// Append a comment that sits on the same source line after `end` (and before `until`,
    /// where the next node begins).
    fn trailing_before(&mut self, end: u32, until: u32) {
        if let Some(c) = self.comments.get(self.next) {
            let same_line = self.lines.line_col(c.span.start as usize).line
                == self.lines.line_col(end as usize).line;
            if c.span.start >= end && c.span.start < until && same_line {
                let text = c.text.trim_end().to_string();
                self.next += 1;
                self.out.push(' ');
                self.out.push_str(&text);
            }
        }
    }

    fn trailing(&mut self, end: u32) {
        self.trailing_before(end, u32::MAX);
    }

    fn has_comment_within(&self, span: Span) -> bool {
        self.comments[self.next..]
            .iter()
            .any(|c| c.span.start >= span.start && c.span.start < span.end)
    }

    fn docs(&mut self, docs: &Docs, indent: usize) {
        for line in &docs.lines {
            self.indent(indent);
            self.out.push_str("///");
            self.out.push_str(line);
            self.newline();
        }
    }

    fn module(&mut self, m: &Module) {
        let mut prev: Option<(&Item, usize)> = None;
        for item in &m.items {
            if let Some((p, p_start)) = prev {
                let p_text = &self.out[p_start..];
                let multi = p_text.trim_end().contains('\n');
                let separate = multi
                    || !p.docs.is_empty()
                    || !item.docs.is_empty()
                    || p.keyword() != item.keyword()
                    || self.blank_between(p.span.end, item.span.start)
                    || self.comments[self.next..]
                        .iter()
                        .any(|c| c.span.start < item.span.start);
                if separate {
                    self.newline();
                }
            }
            self.leading(item.span.start, 0);
            self.docs(&item.docs, 0);
            let this_start = self.out.len();
            self.item(item);
            self.trailing(item.span.end);
            self.newline();
            prev = Some((item, this_start));
        }
        // Comments after the last item.
        if self.next < self.comments.len() {
            if !self.out.is_empty() {
                self.newline();
            }
            self.leading(u32::MAX, 0);
        }
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn item(&mut self, item: &Item) {
        match &item.kind {
            ItemKind::Module(d) => self.out.push_str(&format!("module {}", path(&d.path))),
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

    /// A `given` value; long lists put one element per line.
    fn value(&mut self, v: &Expr, indent: usize) {
        let flat = expr_flat(v);
        if self.col() + flat.len() <= WIDTH {
            self.out.push_str(&flat);
            return;
        }
        match &v.kind {
            ExprKind::List(items) | ExprKind::Set(items) => {
                let (open, close) = if matches!(v.kind, ExprKind::List(_)) {
                    ('[', ']')
                } else {
                    ('{', '}')
                };
                self.out.push(open);
                self.newline();
                for it in items {
                    self.indent(indent + INDENT);
                    self.value(it, indent + INDENT);
                    self.out.push(',');
                    self.newline();
                }
                self.indent(indent);
                self.out.push(close);
            }
            ExprKind::Record(fields) => {
                self.out.push('{');
                self.newline();
                for (n, fv) in fields {
                    self.indent(indent + INDENT);
                    self.out.push_str(&n.text);
                    self.out.push_str(" = ");
                    self.value(fv, indent + INDENT);
                    self.out.push(',');
                    self.newline();
                }
                self.indent(indent);
                self.out.push('}');
            }
            _ => self.out.push_str(&flat),
        }
    }

    /// An expression starting at the current column; breaks `and`/`or` chains that do not fit
    /// or that contain comments, one operand per line.
    fn expr(&mut self, e: &Expr, indent: usize) {
        let flat = expr_flat(e);
        let commented = self.has_comment_within(e.span);
        if self.col() + flat.len() <= WIDTH && !commented {
            self.out.push_str(&flat);
            return;
        }
        match &e.kind {
            ExprKind::Logic { op, operands } => {
                let kw = match op {
                    LogicOp::And => "and ",
                    LogicOp::Or => "or ",
                };
                for (i, o) in operands.iter().enumerate() {
                    if i > 0 {
                        self.newline();
                        self.leading(o.span.start, indent + INDENT);
                        self.indent(indent + INDENT);
                        self.out.push_str(kw);
                    }
                    self.expr(o, indent + INDENT);
                    if let Some(next) = operands.get(i + 1) {
                        self.trailing_before(o.span.end, next.span.start);
                    }
                }
            }
            ExprKind::Paren(inner) if matches!(inner.kind, ExprKind::Logic { .. }) => {
                self.out.push('(');
                self.newline();
                self.leading(inner.span.start, indent + INDENT);
                self.indent(indent + INDENT);
                self.expr(inner, indent + INDENT);
                self.trailing(inner.span.end);
                self.newline();
                self.leading(e.span.end - 1, indent + INDENT);
                self.indent(indent);
                self.out.push(')');
            }
            ExprKind::Not(inner) if matches!(inner.kind, ExprKind::Paren(_)) => {
                self.out.push_str("not ");
                self.expr(inner, indent);
            }
            ExprKind::Quant {
                kind,
                var,
                collection,
                filter: Some(f),
            } => {
                self.out.push_str(match kind {
                    Quantifier::Any => "any ",
                    Quantifier::All => "all ",
                });
                self.out
                    .push_str(&format!("{} in {} where", var.text, expr_flat(collection)));
                self.newline();
                self.leading(f.span.start, indent + INDENT);
                self.indent(indent + INDENT);
                self.expr(f, indent + INDENT);
            }
            _ => self.out.push_str(&flat),
        }
    }
}
