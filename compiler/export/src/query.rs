//! The whole program as one query: each rule's condition, its effective value after its
//! exceptions (`outcome::evaluate_with`), and each obligation's status, level and deciding
//! rule (`outcome::decide`), one row per case and obligation.

use ward_core::eval::ir::{Program, RuleInfo};
use ward_core::hir::Instant;
use ward_syntax::ast::Verb;

use crate::dialect::Dialect;
use crate::expr::{Emitter, Untranslatable};

/// A rule that could not be translated, named, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportError {
    pub rule: String,
    pub reason: String,
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "rule `{}` cannot be translated to SQL: {}",
            self.rule, self.reason
        )
    }
}

#[derive(Clone, Debug)]
pub struct ExportOptions {
    pub dialect: Dialect,
    pub table: String,
    /// The evaluation date: it decides which exceptions have lapsed, as `ward eval --as-of`.
    pub as_of: Instant,
    /// Honour lapsed exceptions (`ward eval --allow-expired`).
    pub allow_expired: bool,
}

/// The SQL query, or every rule that cannot be translated.
pub fn export_sql(prog: &Program, opts: &ExportOptions) -> Result<String, Vec<ExportError>> {
    let d = opts.dialect;
    let mut em = Emitter::new(prog, d);
    let mut errors = Vec::new();
    let mut conds: Vec<String> = vec![String::new(); prog.rules.len()];
    for (i, rule) in prog.rules.iter().enumerate() {
        match rule_cond(&mut em, rule) {
            Ok(s) => conds[i] = s,
            Err(Untranslatable(reason)) => errors.push(ExportError {
                rule: rule.name.clone(),
                reason,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Effective values, in evaluation order (every exception before what it excepts).
    let mut eff: Vec<String> = vec![String::new(); prog.rules.len()];
    for &ri in &prog.rule_order {
        let rule = &prog.rules[ri as usize];
        let cond = d.ident(&cond_col(ri));
        if rule.excepted_by.is_empty() {
            eff[ri as usize] = cond;
            continue;
        }
        let live: Vec<u32> = rule
            .excepted_by
            .iter()
            .copied()
            .filter(|&e| {
                opts.allow_expired
                    || !prog.rules[e as usize]
                        .review_at
                        .is_some_and(|r| ward_core::review::lapsed(r, opts.as_of))
            })
            .collect();
        if live.is_empty() {
            eff[ri as usize] = cond;
            continue;
        }
        // Any exception that certainly holds sets the rule aside (a waiver waives it, any
        // other supersedes it); otherwise an unknown waiver leaves it unknown.
        let holds: Vec<String> = live
            .iter()
            .map(|&e| format!("({}) IS TRUE", eff[e as usize]))
            .collect();
        let waivers: Vec<String> = live
            .iter()
            .filter(|&&e| prog.rules[e as usize].verb == Verb::Waive)
            .map(|&e| format!("({})", eff[e as usize]))
            .collect();
        let rest = if waivers.is_empty() {
            cond
        } else {
            format!("({cond} AND NOT ({}))", waivers.join(" OR "))
        };
        eff[ri as usize] = format!(
            "(CASE WHEN {} THEN FALSE ELSE {rest} END)",
            holds.join(" OR ")
        );
    }
    let mut out = String::new();
    out.push_str(&header(prog, opts));
    out.push_str("WITH w_rules AS (\n  SELECT ");
    out.push_str(&d.ident("case_id"));
    for (i, c) in conds.iter().enumerate() {
        out.push_str(&format!(",\n    {c} AS {}", d.ident(&cond_col(i as u32))));
    }
    out.push_str(&format!(
        "\n  FROM {}\n),\nw_effective AS (\n  SELECT ",
        opts.table
    ));
    out.push_str(&d.ident("case_id"));
    for (i, e) in eff.iter().enumerate() {
        out.push_str(&format!(",\n    {e} AS {}", d.ident(&eff_col(i as u32))));
    }
    out.push_str("\n  FROM w_rules\n)\n");
    out.push_str(&outcomes(prog, d));
    Ok(out)
}

/// One row per case and obligation. Spark inlines the CTEs into every branch of a `UNION ALL`
/// and plans and runs each branch as its own scan (a local run of the standard library spent
/// a minute on 200 cases), so there the outcomes are one projection unpivoted with `inline`;
/// DuckDB and Postgres take the portable `UNION ALL`.
fn outcomes(prog: &Program, d: Dialect) -> String {
    let id = d.ident("case_id");
    let names = ["obligation", "status", "level", "rule"].map(|n| d.ident(n));
    let [ob, st, lv, ru] = &names;
    if prog.obligations.is_empty() {
        return format!(
            "SELECT {id}, NULL AS {ob}, NULL AS {st}, NULL AS {lv}, NULL AS {ru} FROM w_effective WHERE FALSE\n"
        );
    }
    let rows = prog.obligations.iter().map(|o| {
        let (status, rule, level) = decide(prog, d, &o.rules);
        (d.text(&o.id), status, level, rule)
    });
    if d == Dialect::Spark {
        // Typed, so that an obligation whose level is always NULL unifies with the others.
        let structs: Vec<String> = rows
            .map(|(oid, status, level, rule)| {
                format!(
                    "\n    named_struct('obligation', {oid}, 'status', {status}, 'level', CAST({level} AS STRING), 'rule', CAST({rule} AS STRING))"
                )
            })
            .collect();
        return format!(
            "SELECT {id}, o.{ob}, o.{st}, o.{lv}, o.{ru} FROM w_effective\nLATERAL VIEW inline(array({}\n)) o AS {}\n",
            structs.join(","),
            names.join(", ")
        );
    }
    let selects: Vec<String> = rows
        .map(|(oid, status, level, rule)| {
            format!(
                "SELECT {id}, {oid} AS {ob}, {status} AS {st}, {level} AS {lv}, {rule} AS {ru} FROM w_effective"
            )
        })
        .collect();
    format!("{}\n", selects.join("\nUNION ALL\n"))
}

fn cond_col(r: u32) -> String {
    format!("c{r}")
}
fn eff_col(r: u32) -> String {
    format!("e{r}")
}

/// A rule's condition; for a `for` rule, true when some element satisfies it, unknown when
/// none does and some might, as the evaluator counts matching elements.
fn rule_cond(em: &mut Emitter<'_>, rule: &RuleInfo) -> Result<String, Untranslatable> {
    match rule.for_each {
        None => em.expr(rule.cond),
        Some(coll) => em.quantify(true, 0, coll, Some(rule.cond)),
    }
}

/// The module hashes as a comment header, for audit: results can name the policy text.
fn header(prog: &Program, opts: &ExportOptions) -> String {
    let mut h = format!(
        "-- ward export sql --dialect {} (as of {})\n",
        opts.dialect.name(),
        ward_core::time::format_instant(opts.as_of)
    );
    for m in &prog.modules {
        h.push_str(&format!("-- module {} {}\n", m.name, m.hash));
    }
    h
}

/// `outcome::decide` as nested `CASE`s over the rules strongest first: the first rule that
/// certainly applies decides, unless an earlier rule that might apply ranks above it.
fn decide(prog: &Program, d: Dialect, order: &[u32]) -> (String, String, String) {
    let pick = |f: &dyn Fn(&str, Option<u32>) -> String| walk(prog, d, order, 0, None, f);
    let status = pick(&|s, _| d.text(s));
    let rule = pick(&|_, r| match r {
        Some(r) => d.text(&prog.rules[r as usize].name),
        None => "NULL".into(),
    });
    let level = pick(&|_, r| match r {
        Some(r) => d.text(prog.rules[r as usize].level.keyword()),
        None => "NULL".into(),
    });
    (status, rule, level)
}

fn walk(
    prog: &Program,
    d: Dialect,
    order: &[u32],
    at: usize,
    open: Option<u32>,
    leaf: &dyn Fn(&str, Option<u32>) -> String,
) -> String {
    let Some(&r) = order.get(at) else {
        return match open {
            Some(o) => leaf("undetermined", Some(o)),
            None => leaf("does_not_apply", None),
        };
    };
    let e = d.ident(&eff_col(r));
    let applies = match open {
        Some(o) if prog.rules[o as usize].rank > prog.rules[r as usize].rank => {
            leaf("undetermined", Some(o))
        }
        _ => leaf("applies", Some(r)),
    };
    let on_false = walk(prog, d, order, at + 1, open, leaf);
    if open.is_some() {
        // Once a rule is open, a later unknown rule changes nothing.
        return format!("(CASE WHEN {e} IS TRUE THEN {applies} ELSE {on_false} END)");
    }
    let on_null = walk(prog, d, order, at + 1, Some(r), leaf);
    format!(
        "(CASE WHEN {e} IS TRUE THEN {applies} WHEN {e} IS NULL THEN {on_null} ELSE {on_false} END)"
    )
}
