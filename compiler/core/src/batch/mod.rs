//! Batch evaluation: one case per line in (JSON), one compact result per line out. Each line
//! is independent, so callers may evaluate lines in parallel and print them in input order.
//!
//! A result line carries, for every obligation that applies or is undetermined, its id,
//! status, level and verb, its earliest due date (or stated time limit), and for an
//! undetermined one the missing facts, fewest first, and any weaker rule that applies
//! meanwhile (`also_applies`). Lapsed local exceptions that held are listed per line
//! (`lapsed_exceptions`, with `honoured` under `--allow-expired`). A bad line gives an
//! `errors` line with the path of every bad field; it never stops the batch.
//!
//! The compact form ([`Form::Compact`], `compact`) says only which duties apply, are
//! undetermined or forbid, grouped by level, and which are overdue.
//! [`evaluate_chunk`] evaluates many lines on every core into a few large output blocks.

mod chunk;
mod compact;

use std::fmt::Write;

pub use chunk::{Block, Input, LineError, evaluate_chunk};

use crate::eval::case::{self, Case};
use crate::eval::deadline::rule_deadlines;
use crate::eval::eval::Evaluator;
use crate::eval::explain::{Explainer, Why};
use crate::eval::fact_path::path_text;
use crate::eval::ir::Program;
use crate::eval::outcome::{Options, Status, evaluate_with};
use crate::hir::Instant;

pub(crate) fn push_json_str(out: &mut String, s: &str) {
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// What a result line carries beyond id, status, level, verb and due date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineOptions {
    /// The missing facts of undetermined obligations, fewest first (costs an explanation per
    /// undetermined obligation).
    pub missing: bool,
    /// Honour lapsed local exceptions (`--allow-expired`).
    pub allow_expired: bool,
    /// Each obligation's deciding rule as `"rule"` (`--rules`, full form only): the rule whose
    /// status and level the obligation has. Off by default, so the line stays as it was.
    pub rules: bool,
    /// Which result line to write.
    pub form: Form,
}

/// The shape of a result line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Form {
    /// Every obligation that applies or is undetermined, with status, level, verb and due date.
    #[default]
    Full,
    /// Obligation ids grouped by level under `applies`, `undetermined` and `forbids`, and the
    /// `overdue` ones; about a quarter of the size of the full line.
    Compact,
}

/// The result line for an already-loaded case.
pub fn evaluate_case(
    prog: &Program,
    c: &Case,
    as_of: Instant,
    line: usize,
    opts: LineOptions,
) -> String {
    // A typical result line is 2–4 KB; one allocation up front rather than growing.
    let mut out = String::with_capacity(4096);
    let _ = write!(out, "{{\"line\":{line}");
    obligations(&mut out, prog, c, as_of, opts);
    out.push_str("}\n");
    out
}

/// The fields of a compact result line (`,"applies":{…},"undetermined":{…}`, then `forbids`,
/// `overdue` and `lapsed_exceptions` when there is something in them), each with its leading
/// comma, for a caller that writes the opening of the object itself (`ward serve`'s
/// `?view=compact`: the case's hash and date in place of the line number).
pub fn compact_fields(
    out: &mut String,
    prog: &Program,
    c: &Case,
    as_of: Instant,
    allow_expired: bool,
) {
    let opts = LineOptions {
        allow_expired,
        form: Form::Compact,
        ..LineOptions::default()
    };
    compact::obligations(out, prog, c, as_of, opts);
}

/// One evaluated line: the JSON result, and the problems if the line was not a valid case.
pub struct LineResult {
    pub json: String,
    pub errors: Vec<case::CaseError>,
}

/// Evaluate one line of a batch file. `line` is 1-based, for the result and for errors.
pub fn evaluate_line(
    prog: &Program,
    text: &str,
    as_of: Instant,
    line: usize,
    opts: LineOptions,
) -> String {
    evaluate(prog, text, as_of, line, opts).json
}

/// A batch line as a case. The fast loader handles valid lines; anything it refuses goes
/// through the checked loader, which says exactly what is wrong.
pub fn load_line(prog: &Program, text: &str) -> Result<Case, Vec<case::CaseError>> {
    if let Some(c) = crate::eval::fast_json::load(prog, text) {
        Ok(c)
    } else if text.len() > crate::limits::MAX_CASE_BYTES {
        Err(vec![case::CaseError {
            path: String::new(),
            message: "the line is too large".into(),
            help: None,
        }])
    } else {
        case::load(prog, text, case::Format::Json)
    }
}

/// Evaluate one line, keeping its errors as data for the caller to report.
pub fn evaluate(
    prog: &Program,
    text: &str,
    as_of: Instant,
    line: usize,
    opts: LineOptions,
) -> LineResult {
    // A typical result line is 2–4 KB; one allocation up front rather than growing.
    let mut json = String::with_capacity(4096);
    let errors = evaluate_into(&mut json, prog, text, as_of, line, opts);
    LineResult { json, errors }
}

/// Append one line's result to `out`, returning its errors (empty for a valid case).
pub fn evaluate_into(
    out: &mut String,
    prog: &Program,
    text: &str,
    as_of: Instant,
    line: usize,
    opts: LineOptions,
) -> Vec<case::CaseError> {
    let _ = write!(out, "{{\"line\":{line}");
    match load_line(prog, text) {
        Ok(c) => {
            obligations(out, prog, &c, as_of, opts);
            out.push_str("}\n");
            Vec::new()
        }
        Err(errors) => {
            failed(out, &errors);
            errors
        }
    }
}

/// The result for a line that could not be read as text (too long, not UTF-8): the batch
/// reports it and goes on.
pub fn unreadable(line: usize, message: &str) -> LineResult {
    let mut json = String::new();
    let errors = unreadable_into(&mut json, line, message);
    LineResult { json, errors }
}

/// Append the result for an unreadable line to `out`, returning its one error.
pub fn unreadable_into(out: &mut String, line: usize, message: &str) -> Vec<case::CaseError> {
    let _ = write!(out, "{{\"line\":{line}");
    let errors = vec![case::CaseError {
        path: String::new(),
        message: message.to_string(),
        help: None,
    }];
    failed(out, &errors);
    errors
}

/// Close a line's result with its errors.
fn failed(out: &mut String, errors: &[case::CaseError]) {
    out.push_str(",\"errors\":[");
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"path\":");
        push_json_str(out, &e.path);
        out.push_str(",\"message\":");
        push_json_str(out, &e.message);
        out.push('}');
    }
    out.push_str("]}\n");
}

fn obligations(out: &mut String, prog: &Program, c: &Case, as_of: Instant, opts: LineOptions) {
    if opts.form == Form::Compact {
        compact::obligations(out, prog, c, as_of, opts);
        return;
    }
    let mut ev = Evaluator::new(prog, c, as_of);
    let outcome = evaluate_with(
        &mut ev,
        Options {
            allow_expired: opts.allow_expired,
        },
    );
    out.push_str(",\"obligations\":[");
    let mut first = true;
    // One evaluator serves deadlines and explanations, so its caches are computed once.
    let mut ex = Explainer::missing_only_from(ev);
    for (oi, o) in prog.obligations.iter().enumerate() {
        let oo = outcome.obligations[oi];
        if oo.status == Status::DoesNotApply {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        let rule = oo.rule.map(|r| &prog.rules[r as usize]);
        // Obligation ids are kebab-case by the grammar (`obl_id`): nothing in them needs
        // escaping, and this is the hottest string of the line.
        debug_assert!(
            o.id.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        out.push_str("{\"id\":\"");
        out.push_str(&o.id);
        out.push_str("\",\"status\":\"");
        out.push_str(oo.status.as_str());
        out.push('"');
        if let Some(r) = rule {
            out.push_str(",\"level\":\"");
            out.push_str(r.level.keyword());
            out.push_str("\",\"verb\":\"");
            out.push_str(r.verb.keyword());
            out.push('"');
            if opts.rules {
                out.push_str(",\"rule\":");
                push_json_str(out, &r.name);
            }
        }
        match oo.status {
            Status::Applies => {
                let due = earliest_due(&mut ex.ev, prog, oi, &outcome);
                if let Some((date, text)) = due {
                    out.push_str(",\"due\":");
                    match date {
                        Some(d) => {
                            push_json_str(out, &crate::time::format_instant(d));
                            out.push_str(if d.secs < as_of.secs {
                                ",\"overdue\":true"
                            } else {
                                ",\"overdue\":false"
                            });
                        }
                        None => push_json_str(out, &text),
                    }
                }
            }
            Status::Undetermined if opts.missing => {
                let whys: Vec<Why> = outcome
                    .open_rules(prog, oi)
                    .into_iter()
                    .map(|r| ex.rule_effective(r, &outcome))
                    .collect();
                out.push_str(",\"missing\":[");
                for (i, p) in Why::junction(whys, true)
                    .ranked_missing()
                    .iter()
                    .enumerate()
                {
                    if i > 0 {
                        out.push(',');
                    }
                    push_json_str(out, &path_text(prog, p));
                }
                out.push(']');
            }
            Status::Undetermined | Status::DoesNotApply => {}
        }
        if oo.applying.is_some() {
            out.push_str(",\"also_applies\":[");
            for (i, r) in outcome.applying_rules(prog, oi).into_iter().enumerate() {
                let rule = &prog.rules[r as usize];
                if i > 0 {
                    out.push(',');
                }
                out.push_str("{\"rule\":");
                push_json_str(out, &rule.name);
                out.push_str(",\"level\":\"");
                out.push_str(rule.level.keyword());
                out.push_str("\",\"verb\":\"");
                out.push_str(rule.verb.keyword());
                out.push_str("\"}");
            }
            out.push(']');
        }
        out.push('}');
    }
    out.push(']');
    lapsed_exceptions(out, prog, &outcome);
}

/// The earliest due date of an applying obligation (a dated deadline before one stated only
/// in words), over the rules that apply and have deadlines.
pub(crate) fn earliest_due(
    ev: &mut Evaluator<'_>,
    prog: &Program,
    oi: usize,
    outcome: &crate::eval::Outcome,
) -> Option<(Option<Instant>, String)> {
    let mut due: Option<(Option<Instant>, String)> = None;
    for &r in &prog.obligations[oi].rules {
        if outcome.rules[r as usize].effective != Some(true)
            || prog.rules[r as usize].deadlines.is_empty()
        {
            continue;
        }
        for d in rule_deadlines(ev, prog, r, outcome) {
            let better = match (&due, d.date) {
                (None, _) => true,
                (Some((None, _)), Some(_)) => true,
                (Some((Some(a), _)), Some(b)) => b.secs < a.secs,
                _ => false,
            };
            if better {
                due = Some((d.date, d.text));
            }
        }
    }
    due
}

/// The lapsed exceptions that held in this case (rare: nothing is written without one).
pub(crate) fn lapsed_exceptions(out: &mut String, prog: &Program, outcome: &crate::eval::Outcome) {
    let held: Vec<u32> = outcome
        .lapsed
        .iter()
        .copied()
        .filter(|&e| outcome.rules[e as usize].effective == Some(true))
        .filter(|&e| prog.rules.iter().any(|t| t.excepted_by.contains(&e)))
        .collect();
    if held.is_empty() {
        return;
    }
    out.push_str(",\"lapsed_exceptions\":[");
    for (i, &e) in held.iter().enumerate() {
        let r = &prog.rules[e as usize];
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"rule\":");
        push_json_str(out, &r.name);
        out.push_str(",\"review\":");
        push_json_str(out, r.review.as_deref().unwrap_or(""));
        out.push_str(if outcome.options.allow_expired {
            ",\"honoured\":true}"
        } else {
            ",\"honoured\":false}"
        });
    }
    out.push(']');
}
