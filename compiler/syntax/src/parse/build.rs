//! Tree building: pest's pairs become the syntax tree of [`crate::ast`], one builder method per
//! item. Expressions, literals and values are built in `expr`. A builder records the errors
//! the grammar cannot see (a bad date, a bad escape) and keeps building.

mod expr;

use pest::iterators::Pair;

use super::{Rule, SyntaxError};
use crate::ast::*;

/// The length of `text` once trailing whitespace and trailing `//` comments are removed.
fn trimmed_len(text: &str) -> usize {
    let mut t = text.trim_end();
    loop {
        let line_start = t.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line = &t[line_start..];
        let bytes = line.as_bytes();
        let mut in_str = false;
        let mut cut = None;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if in_str => i += 1,
                b'"' => in_str = !in_str,
                b'/' if !in_str && bytes.get(i + 1) == Some(&b'/') => {
                    cut = Some(i);
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        match cut {
            Some(c) if !line[c..].starts_with("///") || line[c..].starts_with("////") => {
                t = t[..line_start + c].trim_end();
            }
            _ => return t.len(),
        }
    }
}

fn is_keyword_rule(r: Rule) -> bool {
    use Rule::*;
    matches!(
        r,
        kw_as
            | kw_ask
            | kw_at
            | kw_before
            | kw_cites
            | kw_covers
            | kw_def
            | kw_default
            | kw_document
            | kw_due
            | kw_else
            | kw_enum
            | kw_every
            | kw_exception
            | kw_expect
            | kw_fact
            | kw_for
            | kw_from
            | kw_given
            | kw_held_by
            | kw_if
            | kw_in
            | kw_jurisdiction
            | kw_justification
            | kw_label
            | kw_level
            | kw_list
            | kw_missing
            | kw_module
            | kw_under
            | kw_no
            | kw_note
            | kw_obligation
            | kw_of
            | kw_optional
            | kw_record
            | kw_review
            | kw_reviewed
            | kw_rule
            | kw_section
            | kw_set
            | kw_source
            | kw_strengthens
            | kw_test
            | kw_then
            | kw_to
            | kw_undetermined
            | kw_unknown
            | kw_url
            | kw_use
            | kw_when
            | kw_where
            | kw_within
    )
}

/// The meaningful children of a pair: keywords are only punctuation to the tree.
fn kids(p: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    p.into_inner().filter(|c| !is_keyword_rule(c.as_rule()))
}

pub(super) struct Builder<'e> {
    pub(super) offset: usize,
    pub(super) errors: &'e mut Vec<SyntaxError>,
}

impl Builder<'_> {
    /// The span of a pair without the whitespace and comments pest lets it swallow at its end.
    fn span(&self, p: &Pair<'_, Rule>) -> Span {
        let s = p.as_span();
        let len = trimmed_len(p.as_str());
        Span::new(self.offset + s.start(), self.offset + s.start() + len)
    }

    fn name(&self, p: Pair<'_, Rule>) -> Name {
        Name {
            span: self.span(&p),
            text: p.as_str().to_string(),
        }
    }

    fn path(&self, p: Pair<'_, Rule>) -> Path {
        let span = self.span(&p);
        let segments = p.into_inner().map(|s| self.name(s)).collect();
        Path { segments, span }
    }

    fn error(&mut self, span: Span, message: String, label: &str, help: Option<String>) {
        self.errors.push(SyntaxError {
            span,
            message,
            label: label.to_string(),
            help,
        });
    }

    fn text(&mut self, p: Pair<'_, Rule>) -> Text {
        let span = self.span(&p);
        let raw = p.into_inner().next().map(|i| i.as_str()).unwrap_or("");
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => value.push('\n'),
                Some('t') => value.push('\t'),
                Some('"') => value.push('"'),
                Some('\\') => value.push('\\'),
                Some(other) => {
                    self.error(
                        span,
                        format!("unknown escape `\\{other}` in a string"),
                        "unknown escape",
                        Some("strings may use \\\" \\\\ \\n and \\t".into()),
                    );
                    value.push(other);
                }
                None => {}
            }
        }
        Text { value, span }
    }

    fn date(&self, p: Pair<'_, Rule>) -> DateLit {
        DateLit {
            span: self.span(&p),
            text: p.as_str().to_string(),
        }
    }

    fn docs(&self, pairs: &mut Vec<Pair<'_, Rule>>) -> Docs {
        let mut docs = Docs::default();
        while pairs.first().is_some_and(|p| p.as_rule() == Rule::doc) {
            let d = pairs.remove(0);
            let span = self.span(&d);
            docs.span = Some(docs.span.map_or(span, |s| s.cover(span)));
            let text = d.into_inner().next().map(|t| t.as_str()).unwrap_or("");
            docs.lines.push(text.trim_end().to_string());
        }
        docs
    }

    pub(super) fn item(&mut self, p: Pair<'_, Rule>) -> Option<Item> {
        let mut parts: Vec<_> = kids(p).collect();
        let docs = self.docs(&mut parts);
        let decl = parts.pop()?;
        let span = match docs.span {
            Some(d) => d.cover(self.span(&decl)),
            None => self.span(&decl),
        };
        let kind = match decl.as_rule() {
            Rule::module_decl => {
                let mut parts = kids(decl);
                let path = self.path(parts.next()?);
                let under = match parts.next() {
                    Some(e) => Some(self.expr(e)?),
                    None => None,
                };
                ItemKind::Module(ModuleDecl { path, under })
            }
            Rule::use_decl => ItemKind::Use(self.use_decl(decl)?),
            Rule::enum_decl => ItemKind::Enum(self.enum_decl(decl)?),
            Rule::record_decl => ItemKind::Record(self.record_decl(decl)?),
            Rule::fact_decl => ItemKind::Fact(self.fact_decl(decl)?),
            Rule::def_decl => ItemKind::Def(self.def_decl(decl)?),
            Rule::source_decl => ItemKind::Source(self.source_decl(decl)?),
            Rule::obligation_decl => ItemKind::Obligation(self.obligation_decl(decl)?),
            Rule::rule_decl => ItemKind::Rule(self.rule_decl(decl)?),
            Rule::test_decl => ItemKind::Test(self.test_decl(decl)?),
            Rule::jurisdiction_decl => ItemKind::Jurisdiction(JurisdictionDecl {
                path: self.path(kids(decl).next()?),
            }),
            _ => return None,
        };
        Some(Item { docs, kind, span })
    }

    fn use_decl(&mut self, p: Pair<'_, Rule>) -> Option<UseDecl> {
        let mut it = kids(p);
        let path = self.path(it.next()?);
        let mut names = None;
        let mut alias = None;
        for part in it {
            match part.as_rule() {
                Rule::use_group => names = Some(kids(part).map(|n| self.name(n)).collect()),
                Rule::use_alias => alias = kids(part).next().map(|n| self.name(n)),
                _ => {}
            }
        }
        Some(UseDecl { path, names, alias })
    }

    fn enum_decl(&mut self, p: Pair<'_, Rule>) -> Option<EnumDecl> {
        let mut it = kids(p);
        let name = self.name(it.next()?);
        let mut variants = Vec::new();
        for v in it {
            let span = self.span(&v);
            let mut parts: Vec<_> = kids(v).collect();
            let docs = self.docs(&mut parts);
            let mut parts = parts.into_iter();
            let vname = self.name(parts.next()?);
            let means_unknown = parts.next().is_some();
            variants.push(Variant {
                docs,
                name: vname,
                means_unknown,
                span,
            });
        }
        Some(EnumDecl { name, variants })
    }

    fn record_decl(&mut self, p: Pair<'_, Rule>) -> Option<RecordDecl> {
        let mut it = kids(p);
        let name = self.name(it.next()?);
        let mut fields = Vec::new();
        for f in it {
            let span = self.span(&f);
            let mut parts: Vec<_> = kids(f).collect();
            let docs = self.docs(&mut parts);
            let mut parts = parts.into_iter();
            let fname = self.name(parts.next()?);
            let ty = self.type_expr(parts.next()?)?;
            let mut ask = None;
            let mut default = None;
            for part in parts {
                match part.as_rule() {
                    Rule::ask_clause => ask = Some(self.text(kids(part).next()?)),
                    Rule::default_clause => default = Some(self.default(part)?),
                    _ => {}
                }
            }
            fields.push(FieldDecl {
                docs,
                name: fname,
                ty,
                ask,
                default,
                span,
            });
        }
        Some(RecordDecl { name, fields })
    }

    fn fact_decl(&mut self, p: Pair<'_, Rule>) -> Option<FactDecl> {
        let mut it = kids(p);
        let name = self.name(it.next()?);
        let ty = self.type_expr(it.next()?)?;
        let mut decl = FactDecl {
            name,
            ty,
            ask: None,
            optional: false,
            default: None,
        };
        for part in it {
            match part.as_rule() {
                Rule::ask_clause => decl.ask = Some(self.text(kids(part).next()?)),
                Rule::optional_kw => decl.optional = true,
                Rule::default_clause => decl.default = Some(self.default(part)?),
                _ => {}
            }
        }
        Some(decl)
    }

    fn default(&mut self, p: Pair<'_, Rule>) -> Option<Default> {
        let mut it = kids(p);
        let value = self.expr(it.next()?)?;
        let when = match it.next() {
            Some(w) => Some(self.expr(w)?),
            None => None,
        };
        Some(Default { value, when })
    }

    fn def_decl(&mut self, p: Pair<'_, Rule>) -> Option<DefDecl> {
        let mut it = kids(p);
        let name = self.name(it.next()?);
        let mut ty = None;
        let mut body = None;
        for part in it {
            match part.as_rule() {
                Rule::type_expr => ty = self.type_expr(part),
                Rule::expr => body = self.expr(part),
                _ => {}
            }
        }
        Some(DefDecl {
            name,
            ty,
            body: body?,
        })
    }

    fn source_decl(&mut self, p: Pair<'_, Rule>) -> Option<SourceDecl> {
        let mut it = kids(p);
        let name = self.name(it.next()?);
        let mut fields = Vec::new();
        for f in it {
            let span = self.span(&f);
            let inner = kids(f).next()?;
            let rule = inner.as_rule();
            let mut parts = kids(inner);
            let kind = match rule {
                Rule::src_document => SourceFieldKind::Document(self.text(parts.next()?)),
                Rule::src_section => SourceFieldKind::Section(self.text(parts.next()?)),
                Rule::src_from => SourceFieldKind::From(parts.map(|s| self.text(s)).collect()),
                Rule::src_covers => SourceFieldKind::Covers(parts.map(|s| self.name(s)).collect()),
                Rule::src_label => {
                    let l = parts.next()?;
                    SourceFieldKind::Label(Level::from_keyword(l.as_str()))
                }
                Rule::src_reviewed => SourceFieldKind::Reviewed(self.date(parts.next()?)),
                Rule::src_note => SourceFieldKind::Note(self.text(parts.next()?)),
                Rule::src_url => SourceFieldKind::Url(self.text(parts.next()?)),
                _ => continue,
            };
            fields.push(SourceField { kind, span });
        }
        Some(SourceDecl { name, fields })
    }

    fn obligation_decl(&mut self, p: Pair<'_, Rule>) -> Option<ObligationDecl> {
        let mut it = kids(p);
        let id = self.name(it.next()?);
        let title = self.text(it.next()?);
        let held_by = self.name(it.next()?);
        let strengthens = it.next().and_then(|s| kids(s).next()).map(|q| self.path(q));
        Some(ObligationDecl {
            id,
            title,
            held_by,
            strengthens,
        })
    }

    fn rule_decl(&mut self, p: Pair<'_, Rule>) -> Option<RuleDecl> {
        let mut it = kids(p);
        let name = self.name(it.next()?);
        let mut clauses = Vec::new();
        let mut when = None;
        let mut then = None;
        for part in it {
            match part.as_rule() {
                Rule::rule_clause => {
                    let span = self.span(&part);
                    let c = kids(part).next()?;
                    let rule = c.as_rule();
                    let c_span = self.span(&c);
                    let mut parts = kids(c);
                    let kind = match rule {
                        Rule::for_clause => RuleClauseKind::For {
                            var: self.name(parts.next()?),
                            collection: self.expr(parts.next()?)?,
                        },
                        Rule::cites_clause => {
                            let mut cites = Vec::new();
                            for cite in parts {
                                let mut cp = kids(cite);
                                let source = self.path(cp.next()?);
                                let at = cp.next().map(|t| self.text(t));
                                cites.push(Citation { source, at });
                            }
                            RuleClauseKind::Cites(cites)
                        }
                        Rule::level_clause => {
                            let l = parts.next()?;
                            let ls = self.span(&l);
                            RuleClauseKind::Level(Level::from_keyword(l.as_str())?, ls)
                        }
                        Rule::label_clause => RuleClauseKind::Label(self.name(parts.next()?)),
                        Rule::exception_clause => {
                            RuleClauseKind::Exception(self.path(parts.next()?))
                        }
                        Rule::justification_clause => {
                            RuleClauseKind::Justification(self.text(parts.next()?))
                        }
                        Rule::review_clause => RuleClauseKind::Review(self.date(parts.next()?)),
                        _ => {
                            let _ = c_span;
                            continue;
                        }
                    };
                    clauses.push(RuleClause { kind, span });
                }
                Rule::when_clause => when = self.expr(kids(part).next()?),
                Rule::then_clause => then = self.conclusion(kids(part).next()?),
                _ => {}
            }
        }
        Some(RuleDecl {
            name,
            clauses,
            when: when?,
            then: then?,
        })
    }

    fn conclusion(&mut self, p: Pair<'_, Rule>) -> Option<Conclusion> {
        let span = self.span(&p);
        let mut it = kids(p);
        let v = it.next()?;
        let verb_span = self.span(&v);
        let verb = Verb::from_keyword(v.as_str())?;
        let obligation = self.path(it.next()?);
        let mut deadlines = Vec::new();
        for d in it {
            let dspan = self.span(&d);
            let inner = kids(d).next()?;
            let rule = inner.as_rule();
            let mut parts = kids(inner);
            let kind = match rule {
                Rule::within_clause => DeadlineKind::Within {
                    period: self.expr(parts.next()?)?,
                    anchor: self.expr(parts.next()?)?,
                },
                Rule::before_clause => DeadlineKind::Before(self.text(parts.next()?)),
                Rule::due_clause => DeadlineKind::Due(self.text(parts.next()?)),
                Rule::every_clause => {
                    let period = self.expr(parts.next()?)?;
                    let from = match parts.next() {
                        Some(f) => Some(self.expr(f)?),
                        None => None,
                    };
                    DeadlineKind::Every { period, from }
                }
                _ => continue,
            };
            deadlines.push(Deadline { kind, span: dspan });
        }
        Some(Conclusion {
            verb,
            verb_span,
            obligation,
            deadlines,
            span,
        })
    }

    fn test_decl(&mut self, p: Pair<'_, Rule>) -> Option<TestDecl> {
        let mut it = kids(p);
        let name = self.text(it.next()?);
        let mut as_of = None;
        let mut given = Vec::new();
        let mut given_span = Span::default();
        let mut expects = Vec::new();
        for part in it {
            match part.as_rule() {
                Rule::as_of => as_of = kids(part).next().map(|d| self.date(d)),
                Rule::given_block => {
                    given_span = self.span(&part);
                    for a in kids(part) {
                        let span = self.span(&a);
                        let mut ap = kids(a);
                        let path = kids(ap.next()?).map(|n| self.name(n)).collect();
                        let value = self.value(ap.next()?)?;
                        given.push(Assignment { path, value, span });
                    }
                }
                Rule::expect_clause => {
                    let span = self.span(&part);
                    let e = kids(kids(part).next()?).next()?;
                    let rule = e.as_rule();
                    let mut ep = kids(e);
                    let kind = match rule {
                        Rule::expect_applies => {
                            let verb = Verb::from_keyword(ep.next()?.as_str())?;
                            let obligation = self.path(ep.next()?);
                            let mut level = None;
                            let mut due = None;
                            for x in ep {
                                match x.as_rule() {
                                    Rule::level => level = Level::from_keyword(x.as_str()),
                                    Rule::date_lit | Rule::datetime_lit => due = Some(self.date(x)),
                                    _ => {}
                                }
                            }
                            ExpectKind::Applies {
                                verb,
                                obligation,
                                level,
                                due,
                            }
                        }
                        Rule::expect_no => ExpectKind::DoesNotApply {
                            obligation: self.path(ep.next()?),
                        },
                        Rule::expect_undetermined => {
                            let obligation = self.path(ep.next()?);
                            let missing = ep.map(|m| self.name(m)).collect();
                            ExpectKind::Undetermined {
                                obligation,
                                missing,
                            }
                        }
                        _ => continue,
                    };
                    expects.push(Expect { kind, span });
                }
                _ => {}
            }
        }
        Some(TestDecl {
            name,
            as_of,
            given,
            given_span,
            expects,
        })
    }

    fn type_expr(&mut self, p: Pair<'_, Rule>) -> Option<TypeExpr> {
        let inner = kids(p).next()?;
        let span = self.span(&inner);
        Some(match inner.as_rule() {
            Rule::list_type => TypeExpr::List(Box::new(self.type_expr(kids(inner).next()?)?), span),
            Rule::set_type => TypeExpr::Set(Box::new(self.type_expr(kids(inner).next()?)?), span),
            Rule::named_type => TypeExpr::Named(self.path(inner)),
            _ => return None,
        })
    }
}
