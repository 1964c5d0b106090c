//! `ward test`: run the in-language tests of a compiled program and report which rules no
//! test made fire.

use crate::eval::explain::{Explainer, Why};
use crate::eval::fact_path::path_text;
use crate::eval::ir::{Expectation, Program};
use crate::eval::outcome::{ObligationOutcome, Status, evaluate};
use crate::hir::Instant;
use crate::time::format_instant;

/// Tests without `as of` are evaluated as at this date, so that results never depend on the
/// day they are run.
pub const DEFAULT_TEST_DATE: &str = "2026-01-01";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// Byte offset of the failing `expect` in its module.
    pub offset: u32,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestResult {
    pub module: String,
    pub name: String,
    pub offset: u32,
    pub failures: Vec<Failure>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TestRun {
    pub results: Vec<TestResult>,
    /// Rules (by index) of the selected modules whose condition held in no test.
    pub unexercised: Vec<u32>,
}

impl TestRun {
    pub fn passed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.failures.is_empty())
            .count()
    }
    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }
}

fn describe(prog: &Program, o: ObligationOutcome) -> String {
    let shape = |r: u32| {
        let r = &prog.rules[r as usize];
        format!("{} at {}", r.verb.keyword(), r.level.keyword())
    };
    match (o.status, o.rule) {
        (Status::Applies, Some(r)) => format!("applies ({})", shape(r)),
        (Status::Undetermined, Some(r)) => {
            let mut s = format!("is undetermined ({})", shape(r));
            if let Some(a) = o.applying {
                s.push_str(&format!(
                    ", while a weaker rule applies ({}, `{}`)",
                    shape(a),
                    prog.rules[a as usize].name
                ));
            }
            s
        }
        (Status::DoesNotApply, _) => "does not apply".to_string(),
        (s, _) => format!("is {}", s.as_str().replace('_', " ")),
    }
}

/// Run the tests of the modules `select` accepts.
pub fn run(prog: &Program, select: &dyn Fn(&str) -> bool) -> TestRun {
    let default_date = crate::time::parse_instant(DEFAULT_TEST_DATE).expect("a valid date");
    let mut exercised = vec![false; prog.rules.len()];
    let mut run = TestRun::default();
    for t in &prog.tests {
        let module = &prog.modules[t.module as usize].name;
        if !select(module) {
            continue;
        }
        let as_of: Instant = t.as_of.unwrap_or(default_date);
        let case = t.given.case(prog);
        let outcome = evaluate(prog, &case, as_of);
        for (i, r) in outcome.rules.iter().enumerate() {
            if r.cond == Some(true) {
                exercised[i] = true;
            }
        }
        let mut failures = Vec::new();
        for (exp, offset) in &t.expectations {
            let fail = |message: String| Failure {
                offset: *offset,
                message,
            };
            match exp {
                Expectation::Applies {
                    obligation,
                    verb,
                    level,
                    due,
                } => {
                    let o = outcome.obligations[*obligation as usize];
                    let id = &prog.obligations[*obligation as usize].id;
                    let rule = o.rule.map(|r| &prog.rules[r as usize]);
                    let ok_status = o.status == Status::Applies;
                    let ok_verb = rule.is_some_and(|r| r.verb == *verb);
                    let ok_level = level.is_none_or(|l| rule.is_some_and(|r| r.level == l));
                    if !(ok_status && ok_verb && ok_level) {
                        let wanted = match level {
                            Some(l) => format!("{} at {}", verb.keyword(), l.keyword()),
                            None => verb.keyword().to_string(),
                        };
                        let mut msg = format!(
                            "expected `{id}` to apply ({wanted}), but it {}",
                            describe(prog, o)
                        );
                        if o.status == Status::Undetermined {
                            let missing = missing_of(prog, &case, as_of, &outcome, *obligation);
                            msg.push_str(&format!("; missing: {}", missing.join(", ")));
                        }
                        failures.push(fail(msg));
                        continue;
                    }
                    if let Some(due) = due {
                        let report =
                            crate::report::build(prog, &case, as_of, &outcome, Default::default());
                        let got = report
                            .obligations
                            .iter()
                            .find(|e| &e.id == id)
                            .and_then(|e| e.due.clone());
                        if got.as_deref() != Some(format_instant(*due).as_str()) {
                            failures.push(fail(format!(
                                "expected `{id}` to be due {}, but it is due {}",
                                format_instant(*due),
                                got.unwrap_or_else(|| "at no computed date".into())
                            )));
                        }
                    }
                }
                Expectation::DoesNotApply { obligation } => {
                    let o = outcome.obligations[*obligation as usize];
                    if o.status != Status::DoesNotApply {
                        let id = &prog.obligations[*obligation as usize].id;
                        failures.push(fail(format!(
                            "expected `{id}` not to apply, but it {}",
                            describe(prog, o)
                        )));
                    }
                }
                Expectation::Undetermined {
                    obligation,
                    missing,
                } => {
                    let o = outcome.obligations[*obligation as usize];
                    let id = &prog.obligations[*obligation as usize].id;
                    if o.status != Status::Undetermined {
                        failures.push(fail(format!(
                            "expected `{id}` to be undetermined, but it {}",
                            describe(prog, o)
                        )));
                        continue;
                    }
                    let got = missing_of(prog, &case, as_of, &outcome, *obligation);
                    let absent: Vec<&String> =
                        missing.iter().filter(|m| !got.contains(m)).collect();
                    if !absent.is_empty() {
                        failures.push(fail(format!(
                            "expected `{id}` to be missing {}, but it is missing {}",
                            absent
                                .iter()
                                .map(|s| s.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                            got.join(", ")
                        )));
                    }
                }
            }
        }
        run.results.push(TestResult {
            module: module.clone(),
            name: t.name.clone(),
            offset: t.offset,
            failures,
        });
    }
    run.unexercised = prog
        .rules
        .iter()
        .enumerate()
        .filter(|(i, r)| select(&prog.modules[r.module as usize].name) && !exercised[*i])
        .map(|(i, _)| i as u32)
        .collect();
    run
}

fn missing_of(
    prog: &Program,
    case: &crate::eval::Case,
    as_of: Instant,
    outcome: &crate::eval::Outcome,
    obligation: u32,
) -> Vec<String> {
    let mut ex = Explainer::missing_only(prog, case, as_of);
    let whys: Vec<Why> = outcome
        .open_rules(prog, obligation as usize)
        .into_iter()
        .map(|r| ex.rule_effective(r, outcome))
        .collect();
    Why::junction(whys, true)
        .ranked_missing()
        .iter()
        .map(|p| path_text(prog, p))
        .collect()
}
