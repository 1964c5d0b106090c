//! Syntax errors in the user's words: pest reports grammar rules expected at a position, and
//! this file turns that into "expected …, found …" with a span and, where it helps, a template
//! of the item being written. Kept apart from parsing because it is all about wording.

use super::{Rule, SyntaxError};
use crate::ast::Span;
use crate::keywords::ITEM as ITEM_KEYWORDS;

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
        kw_under => "`under`",
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

pub(super) fn convert_error(e: pest::error::Error<Rule>, src: &str, offset: usize) -> SyntaxError {
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
