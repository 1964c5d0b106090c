//! Text to syntax tree, recovering at every top-level item.
//!
//! pest stops at the first error and builds no partial tree, so a file is first cut into
//! items (`chunks`): a new item starts on any line whose first word is an item keyword
//! followed by a name. Each chunk is parsed on its own; a chunk that fails contributes one
//! diagnostic and no item, and the rest of the file is still checked. Parsing never fails:
//! it returns the tree it could build together with its errors.

use pest::Parser as _;
use pest::iterators::Pair;

use crate::ast::*;
use crate::keywords::ITEM as ITEM_KEYWORDS;
use crate::{chunks, limits};

#[derive(pest_derive::Parser)]
#[grammar = "ward.pest"]
pub(crate) struct WardParser;

/// A syntax error: plain data, rendered by the CLI (miette) or the language server.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

/// A `//` comment, kept so that the formatter can put it back.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Comment {
    pub span: Span,
    pub text: String,
}

/// The result of parsing one file: the items that parsed, every syntax error, every comment.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Parsed {
    pub module: Module,
    pub errors: Vec<SyntaxError>,
    pub comments: Vec<Comment>,
}

/// Parse a whole file. Never panics and never fails; see the module docs.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed {
        comments: scan_comments(text),
        ..Parsed::default()
    };
    parsed.module.docs = parsed
        .comments
        .iter()
        .take_while(|c| c.text.starts_with("//!"))
        .map(|c| c.text.trim_start_matches("//!").to_string())
        .collect();
    if text.len() > limits::MAX_SOURCE_BYTES {
        parsed.errors.push(SyntaxError {
            span: Span::new(0, 0),
            message: format!(
                "this file is {} bytes; Ward reads policy files of up to {} bytes",
                text.len(),
                limits::MAX_SOURCE_BYTES
            ),
            label: "file too large".into(),
            help: Some("split the policy into several modules".into()),
        });
        return parsed;
    }
    for chunk in chunks::chunks(text) {
        let src = &text[chunk.clone()];
        if let Some(err) = limits::check_nesting(src, chunk.start) {
            parsed.errors.push(err);
            continue;
        }
        match WardParser::parse(Rule::item_entry, src) {
            Ok(pairs) => build_item(pairs, chunk.start, &mut parsed),
            Err(e) => recover(src, chunk.start, e, &mut parsed),
        }
    }
    parsed
}

fn build_item(mut pairs: pest::iterators::Pairs<'_, Rule>, offset: usize, parsed: &mut Parsed) {
    let entry = pairs.next().expect("item_entry always yields one pair");
    let item_pair = entry
        .into_inner()
        .find(|p| p.as_rule() == Rule::item)
        .expect("item_entry contains an item");
    let mut b = Builder {
        offset,
        errors: &mut parsed.errors,
    };
    if let Some(item) = b.item(item_pair) {
        parsed.module.items.push(item);
    }
}

/// A chunk that failed: if it is a complete item followed by stray text (a word being typed
/// below a rule), keep the item and report the stray text; otherwise report the chunk's error.
fn recover(src: &str, offset: usize, error: pest::error::Error<Rule>, parsed: &mut Parsed) {
    for cut in chunks::recovery_cuts(src) {
        if let Ok(pairs) = WardParser::parse(Rule::item_entry, &src[..cut]) {
            build_item(pairs, offset, parsed);
            let rest = &src[cut..];
            match WardParser::parse(Rule::item_entry, rest) {
                Err(e) => parsed.errors.push(convert_error(e, rest, offset + cut)),
                // The stray text is an item after all (one `opens_item` did not see): keep it.
                Ok(pairs) => build_item(pairs, offset + cut, parsed),
            }
            return;
        }
    }
    parsed.errors.push(convert_error(error, src, offset));
}

/// Find every `//` comment outside string literals (doc comments `///` excluded).
fn scan_comments(text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let mut in_str = false;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if in_str => i += 1,
                b'"' => in_str = !in_str,
                b'/' if !in_str && bytes.get(i + 1) == Some(&b'/') => {
                    let body = line[i..].trim_end_matches(['\n', '\r']);
                    let is_doc = body.starts_with("///") && !body.starts_with("////");
                    if !is_doc {
                        out.push(Comment {
                            span: Span::new(pos + i, pos + i + body.len()),
                            text: body.to_string(),
                        });
                    }
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        pos += line.len();
    }
    out
}

// ------------------------------------------------------------------ errors

/// The words a user sees for a grammar rule in "expected …" messages.
fn describe_rule(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        EOI => "the end of the item",
        item | item_entry => {
            "an item (rule, obligation, source, fact, def, enum, record, test, use)"
        }
        doc => "a doc comment",
        ident | name_any | path_seg | qual_name | given_path | missing_path => "a name",
        obl_id => "an obligation id",
        string => "a string in double quotes",
        date_lit => "a date (YYYY-MM-DD)",
        datetime_lit => "a date-time (YYYY-MM-DDThh:mm:ssZ)",
        int_lit | decimal_lit => "a number",
        duration_lit => "a duration (such as `72 hours`)",
        unit => "a unit (minutes, hours, days, weeks, months, years)",
        bool_lit => "true or false",
        level => "a level (required, best_practice, recommended or local)",
        label_none => "none",
        verb => "require, recommend, forbid or waive",
        type_expr | list_type | set_type | named_type => "a type",
        expr | or_expr | and_expr | not_expr | cmp_expr | add_expr | mul_expr | unary | postfix
        | primary | paren | quantifier | if_expr | call | set_lit | list_lit | today => {
            "an expression"
        }
        quant_kind => "any or all",
        or_op | and_op | cmp_op | in_op | not_in_op | has_op | has_any_op | has_all_op | is_op
        | add_op | mul_op | cmp_tail => "an operator",
        not_op | neg_op => "an expression",
        field_access => "`.` and a field name",
        is_test | is_not_empty | is_empty | is_unknown | is_known => {
            "empty, not empty, unknown or known"
        }
        rule_clause | for_clause | cites_clause | level_clause | label_clause
        | exception_clause | justification_clause | review_clause => {
            "a rule clause (cites, level, label, exception to, for, justification, review)"
        }
        citation => "a source name",
        when_clause => "`when`",
        then_clause => "`then`",
        conclusion => "require, recommend, forbid or waive",
        deadline | within_clause | before_clause | every_clause | due_clause => {
            "a deadline (within … of …, before \"…\", every …, due \"…\")"
        }
        source_field | src_document | src_section | src_from | src_covers | src_label
        | src_reviewed | src_note | src_url => {
            "a source field (document, section, from, covers, label, reviewed, note, url)"
        }
        field_decl => "a field (`name: type`)",
        variant => "an enum value",
        unknown_marker => "`= unknown`",
        ask_clause => "`ask`",
        default_clause => "`default`",
        optional_kw => "`optional`",
        use_group => "`.{`",
        use_alias => "`as`",
        strengthens => "`strengthens`",
        as_of => "`as of`",
        given_block => "`given {`",
        assignment => "a fact assignment (`path = value`)",
        expect_clause | expectation | expect_applies | expect_no | expect_undetermined => {
            "`expect`"
        }
        value | record_value | set_value | list_value | neg_value | field_value => "a value",
        module_decl | use_decl | enum_decl | record_decl | fact_decl | def_decl | source_decl
        | obligation_decl | rule_decl | test_decl | jurisdiction_decl => "an item",
        kw_as => "`as`",
        kw_ask => "`ask`",
        kw_at => "`at`",
        kw_before => "`before`",
        kw_cites => "`cites`",
        kw_covers => "`covers`",
        kw_def => "`def`",
        kw_default => "`default`",
        kw_document => "`document`",
        kw_due => "`due`",
        kw_else => "`else`",
        kw_enum => "`enum`",
        kw_every => "`every`",
        kw_exception => "`exception`",
        kw_expect => "`expect`",
        kw_fact => "`fact`",
        kw_for => "`for`",
        kw_from => "`from`",
        kw_given => "`given`",
        kw_held_by => "`held_by`",
        kw_if => "`if`",
        kw_in => "`in`",
        kw_jurisdiction => "`jurisdiction`",
        kw_justification => "`justification`",
        kw_label => "`label`",
        kw_level => "`level`",
        kw_list => "`list`",
        kw_missing => "`missing`",
        kw_module => "`module`",
        kw_no => "`no`",
        kw_note => "`note`",
        kw_obligation => "`obligation`",
        kw_of => "`of`",
        kw_optional => "`optional`",
        kw_record => "`record`",
        kw_review => "`review`",
        kw_reviewed => "`reviewed`",
        kw_rule => "`rule`",
        kw_section => "`section`",
        kw_set => "`set`",
        kw_source => "`source`",
        kw_strengthens => "`strengthens`",
        kw_test => "`test`",
        kw_then => "`then`",
        kw_to => "`to`",
        kw_undetermined => "`undetermined`",
        kw_unknown => "`unknown`",
        kw_url => "`url`",
        kw_use => "`use`",
        kw_when => "`when`",
        kw_where => "`where`",
        kw_within => "`within`",
        WHITESPACE | COMMENT | ident_char | keyword | doc_text | string_inner => return None,
    })
}

fn join_alternatives(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// What the text holds at `pos`, for "found …" in messages.
fn found_at(src: &str, pos: usize) -> String {
    let rest = &src[pos.min(src.len())..];
    let rest = rest.trim_start();
    if rest.is_empty() {
        return "the end of the item".into();
    }
    let word: String = if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect()
    } else if let Some(inner) = rest.strip_prefix('"') {
        // The quoted string up to its closing quote, or a short prefix if it never closes.
        let chars = inner
            .find('"')
            .map(|i| inner[..i].chars().count() + 2)
            .unwrap_or(20);
        rest.chars().take(chars.min(40)).collect()
    } else {
        let two: String = rest.chars().take(2).collect();
        if ["==", "&&", "||", "!=", "<=", ">=", "=>"].contains(&two.as_str()) {
            two
        } else {
            rest.chars().take(1).collect()
        }
    };
    format!("`{word}`")
}

/// The item keyword a chunk starts with, for the help line.
fn chunk_keyword(src: &str) -> Option<&'static str> {
    src.lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .and_then(|l| {
            ITEM_KEYWORDS.iter().copied().find(|kw| {
                l.strip_prefix(kw)
                    .is_some_and(|r| r.starts_with([' ', '\t']))
            })
        })
}

fn item_template(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "rule" => {
            "a rule reads `rule <name> cites <source> level <level> { when <condition> then require <obligation> }`"
        }
        "obligation" => {
            "an obligation reads `obligation <id> \"<title>\" held_by <adopter|developer|both|commissioner|any>`"
        }
        "source" => {
            "a source reads `source <name> { document \"…\" section \"…\" from \"…\" covers england label required reviewed 2023-01-13 }`"
        }
        "fact" => "a fact reads `fact <name>: <type> ask \"<question>\"`",
        "def" => "a derived value reads `def <name> = <expression>`",
        "enum" => "an enum reads `enum <Name> { first, second, third }`",
        "record" => "a record reads `record <Name> { field: type ask \"<question>\" }`",
        "test" => {
            "a test reads `test \"<name>\" { given { <fact> = <value> } expect require <obligation> }`"
        }
        "use" => "an import reads `use <module>` or `use <module>.{name, other}`",
        "module" => "a module header reads `module <name>.<name>`",
        "jurisdiction" => "a jurisdiction reads `jurisdiction <fact>.<field>`",
        _ => return None,
    })
}

fn convert_error(e: pest::error::Error<Rule>, src: &str, offset: usize) -> SyntaxError {
    use pest::error::{ErrorVariant, InputLocation};
    let (start, end) = match e.location {
        InputLocation::Pos(p) => (p, p),
        InputLocation::Span((s, e)) => (s, e),
    };
    let found = found_at(src, start);
    // Point at the offending word rather than at the gap before it.
    let skip = src[start.min(src.len())..].len() - src[start.min(src.len())..].trim_start().len();
    let tok_start = (start + skip).min(src.len());
    let tok_len = match found.as_str() {
        "the end of the item" => 0,
        f => f.trim_matches('`').len(),
    };
    let tok_end = (tok_start + tok_len).max(end).min(src.len());
    let span = Span::new(offset + tok_start, offset + tok_end);

    let (message, label, mut help) = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut wanted: Vec<&str> = Vec::new();
            for r in positives {
                if let Some(d) = describe_rule(*r)
                    && !wanted.contains(&d)
                {
                    wanted.push(d);
                }
            }
            // "an operator" is noise next to a more specific wish.
            if wanted.len() > 1 {
                wanted.retain(|w| *w != "an operator" && *w != "`.` and a field name");
            }
            let expected = if wanted.is_empty() {
                "something else".to_string()
            } else {
                join_alternatives(&wanted)
            };
            let help = if positives.contains(&Rule::then_clause) {
                Some("a rule's body reads `when <condition> then require <obligation>`".to_string())
            } else if positives.contains(&Rule::kw_held_by) {
                Some("say who holds the duty: `held_by adopter`, `held_by developer`, …".into())
            } else {
                None
            };
            (
                format!("expected {expected}, found {found}"),
                format!("expected {expected}"),
                help,
            )
        }
        ErrorVariant::CustomError { message } => (message.clone(), message.clone(), None),
    };
    let trimmed = found.trim_matches('`');
    let doubled = start > 0 && src.get(start - 1..start + 1) == Some("==");
    let trimmed = if doubled { "==" } else { trimmed };
    let special = match trimmed {
        "==" => Some("Ward compares with a single `=`: `organisation.nation = england`"),
        "&&" => Some("write `and` to combine conditions"),
        "||" => Some("write `or` to combine alternatives"),
        "!" => Some("write `not` to negate a condition"),
        _ => None,
    };
    if let Some(s) = special {
        help = Some(s.to_string());
    }
    if help.is_none() {
        help = chunk_keyword(src)
            .and_then(item_template)
            .map(str::to_string);
    }
    SyntaxError {
        span,
        message,
        label,
        help,
    }
}

// ------------------------------------------------------------------ tree building

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

struct Builder<'e> {
    offset: usize,
    errors: &'e mut Vec<SyntaxError>,
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

    fn item(&mut self, p: Pair<'_, Rule>) -> Option<Item> {
        let mut parts: Vec<_> = kids(p).collect();
        let docs = self.docs(&mut parts);
        let decl = parts.pop()?;
        let span = match docs.span {
            Some(d) => d.cover(self.span(&decl)),
            None => self.span(&decl),
        };
        let kind = match decl.as_rule() {
            Rule::module_decl => ItemKind::Module(ModuleDecl {
                path: self.path(kids(decl).next()?),
            }),
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

    // -------------------------------------------------------------- expressions

    fn expr(&mut self, p: Pair<'_, Rule>) -> Option<Expr> {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::expr | Rule::primary => self.expr(kids(p).next()?),
            Rule::or_expr | Rule::and_expr => {
                let op = if p.as_rule() == Rule::or_expr {
                    LogicOp::Or
                } else {
                    LogicOp::And
                };
                let mut operands = Vec::new();
                for c in kids(p) {
                    if !matches!(c.as_rule(), Rule::or_op | Rule::and_op) {
                        operands.push(self.expr(c)?);
                    }
                }
                if operands.len() == 1 {
                    operands.pop()
                } else {
                    Some(Expr {
                        kind: ExprKind::Logic { op, operands },
                        span,
                    })
                }
            }
            Rule::not_expr => {
                let mut it = kids(p);
                let first = it.next()?;
                if first.as_rule() == Rule::not_op {
                    let inner = self.expr(it.next()?)?;
                    Some(Expr {
                        kind: ExprKind::Not(Box::new(inner)),
                        span,
                    })
                } else {
                    self.expr(first)
                }
            }
            Rule::cmp_expr => {
                let mut it = kids(p);
                let lhs = self.expr(it.next()?)?;
                let Some(tail) = it.next() else {
                    return Some(lhs);
                };
                let mut t = kids(tail);
                let op = t.next()?;
                let op_rule = op.as_rule();
                if op_rule == Rule::is_op {
                    let test = match kids(t.next()?).next()?.as_rule() {
                        Rule::is_empty => IsTest::Empty,
                        Rule::is_not_empty => IsTest::NotEmpty,
                        Rule::is_unknown => IsTest::Unknown,
                        _ => IsTest::Known,
                    };
                    return Some(Expr {
                        kind: ExprKind::Is {
                            test,
                            operand: Box::new(lhs),
                        },
                        span,
                    });
                }
                let rhs = Box::new(self.expr(t.next()?)?);
                let lhs = Box::new(lhs);
                let kind = match op_rule {
                    Rule::cmp_op => {
                        let op = match op.as_str() {
                            "=" => CompareOp::Eq,
                            "!=" => CompareOp::Ne,
                            "<" => CompareOp::Lt,
                            "<=" => CompareOp::Le,
                            ">" => CompareOp::Gt,
                            _ => CompareOp::Ge,
                        };
                        ExprKind::Compare { op, lhs, rhs }
                    }
                    Rule::in_op => ExprKind::In {
                        negated: false,
                        lhs,
                        rhs,
                    },
                    Rule::not_in_op => ExprKind::In {
                        negated: true,
                        lhs,
                        rhs,
                    },
                    Rule::has_op => ExprKind::Has {
                        mode: HasMode::One,
                        lhs,
                        rhs,
                    },
                    Rule::has_any_op => ExprKind::Has {
                        mode: HasMode::Any,
                        lhs,
                        rhs,
                    },
                    _ => ExprKind::Has {
                        mode: HasMode::All,
                        lhs,
                        rhs,
                    },
                };
                Some(Expr { kind, span })
            }
            Rule::add_expr | Rule::mul_expr => {
                // Left-associative, built iteratively so that long chains cost no recursion.
                let mut it = kids(p);
                let mut acc = self.expr(it.next()?)?;
                while let Some(op) = it.next() {
                    let rhs = self.expr(it.next()?)?;
                    let op = match op.as_str() {
                        "+" => ArithOp::Add,
                        "-" => ArithOp::Sub,
                        "*" => ArithOp::Mul,
                        _ => ArithOp::Div,
                    };
                    let span = acc.span.cover(rhs.span);
                    acc = Expr {
                        kind: ExprKind::Arith {
                            op,
                            lhs: Box::new(acc),
                            rhs: Box::new(rhs),
                        },
                        span,
                    };
                }
                Some(acc)
            }
            Rule::unary => {
                let mut it = kids(p);
                let first = it.next()?;
                if first.as_rule() == Rule::neg_op {
                    let inner = self.expr(it.next()?)?;
                    Some(Expr {
                        kind: ExprKind::Neg(Box::new(inner)),
                        span,
                    })
                } else {
                    self.expr(first)
                }
            }
            Rule::postfix => {
                let mut it = kids(p);
                let mut acc = self.expr(it.next()?)?;
                for f in it {
                    let field = self.name(kids(f).next()?);
                    let span = acc.span.cover(field.span);
                    acc = Expr {
                        kind: ExprKind::Field {
                            base: Box::new(acc),
                            field,
                        },
                        span,
                    };
                }
                Some(acc)
            }
            Rule::paren => {
                let inner = self.expr(kids(p).next()?)?;
                Some(Expr {
                    kind: ExprKind::Paren(Box::new(inner)),
                    span,
                })
            }
            Rule::quantifier => {
                let mut it = kids(p);
                let kind = if it.next()?.as_str() == "any" {
                    Quantifier::Any
                } else {
                    Quantifier::All
                };
                let var = self.name(it.next()?);
                let collection = Box::new(self.expr(it.next()?)?);
                let filter = match it.next() {
                    Some(f) => Some(Box::new(self.expr(f)?)),
                    None => None,
                };
                Some(Expr {
                    kind: ExprKind::Quant {
                        kind,
                        var,
                        collection,
                        filter,
                    },
                    span,
                })
            }
            Rule::if_expr => {
                let mut it = kids(p);
                let cond = Box::new(self.expr(it.next()?)?);
                let then = Box::new(self.expr(it.next()?)?);
                let otherwise = Box::new(self.expr(it.next()?)?);
                Some(Expr {
                    kind: ExprKind::If {
                        cond,
                        then,
                        otherwise,
                    },
                    span,
                })
            }
            Rule::call => {
                let mut it = kids(p);
                let func = self.name(it.next()?);
                let mut args = Vec::new();
                for a in it {
                    args.push(self.expr(a)?);
                }
                Some(Expr {
                    kind: ExprKind::Call { func, args },
                    span,
                })
            }
            Rule::set_lit | Rule::list_lit => {
                let is_set = p.as_rule() == Rule::set_lit;
                let mut items = Vec::new();
                for a in kids(p) {
                    items.push(self.expr(a)?);
                }
                let kind = if is_set {
                    ExprKind::Set(items)
                } else {
                    ExprKind::List(items)
                };
                Some(Expr { kind, span })
            }
            Rule::ident => Some(Expr {
                kind: ExprKind::Name(self.name(p)),
                span,
            }),
            Rule::today => Some(Expr {
                kind: ExprKind::Today,
                span,
            }),
            _ => self.literal(p),
        }
    }

    /// Literals shared by expressions and `given` values.
    fn literal(&mut self, p: Pair<'_, Rule>) -> Option<Expr> {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::bool_lit => ExprKind::Bool(p.as_str() == "true"),
            Rule::int_lit => match p.as_str().parse::<i64>() {
                Ok(n) => ExprKind::Int(n),
                Err(_) => {
                    self.error(
                        span,
                        format!("the number {} is too large", p.as_str()),
                        "too large",
                        Some(format!(
                            "whole numbers range from {} to {}",
                            i64::MIN,
                            i64::MAX
                        )),
                    );
                    ExprKind::Int(0)
                }
            },
            Rule::decimal_lit => ExprKind::Decimal(p.as_str().to_string()),
            Rule::string => ExprKind::Text(self.text(p).value),
            Rule::date_lit => ExprKind::Date(p.as_str().to_string()),
            Rule::datetime_lit => ExprKind::DateTime(p.as_str().to_string()),
            Rule::duration_lit => {
                let written = p.as_str().to_string();
                let mut it = kids(p);
                let n = it.next()?;
                let amount = match n.as_str().parse::<i64>() {
                    Ok(a) if a <= limits::MAX_DURATION_AMOUNT => a,
                    _ => {
                        self.error(
                            span,
                            format!("the duration {written} is too long"),
                            "too long",
                            Some(format!(
                                "durations are at most {} of a unit",
                                limits::MAX_DURATION_AMOUNT
                            )),
                        );
                        0
                    }
                };
                let unit = Unit::from_keyword(it.next()?.as_str())?;
                ExprKind::Duration { amount, unit }
            }
            _ => return None,
        };
        Some(Expr { kind, span })
    }

    /// A value in a test's `given` block.
    fn value(&mut self, p: Pair<'_, Rule>) -> Option<Expr> {
        let span = self.span(&p);
        let inner = if p.as_rule() == Rule::value {
            kids(p).next()?
        } else {
            p
        };
        match inner.as_rule() {
            Rule::record_value => {
                let mut fields = Vec::new();
                for fv in kids(inner) {
                    let mut it = kids(fv);
                    let name = self.name(it.next()?);
                    let v = self.value(it.next()?)?;
                    fields.push((name, v));
                }
                Some(Expr {
                    kind: ExprKind::Record(fields),
                    span,
                })
            }
            Rule::set_value | Rule::list_value => {
                let is_set = inner.as_rule() == Rule::set_value;
                let mut items = Vec::new();
                for v in kids(inner) {
                    items.push(self.value(v)?);
                }
                let kind = if is_set {
                    ExprKind::Set(items)
                } else {
                    ExprKind::List(items)
                };
                Some(Expr { kind, span })
            }
            Rule::neg_value => {
                let v = self.literal(kids(inner).next()?)?;
                Some(Expr {
                    kind: ExprKind::Neg(Box::new(v)),
                    span,
                })
            }
            Rule::name_any => Some(Expr {
                kind: ExprKind::Name(self.name(inner)),
                span,
            }),
            _ => self.literal(inner),
        }
    }
}
