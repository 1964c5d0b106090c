//! The shape of the outcomes part of the query, per dialect, over the standard library: Spark
//! plans every `UNION ALL` branch as its own scan of the inlined CTEs (a minute for 200 cases
//! in local mode), so its outcomes are one projection unpivoted with `inline`.

use ward_core::Host;
use ward_core::eval::ir::Program;
use ward_export::{Dialect, ExportOptions, export_sql};

fn stdlib() -> std::sync::Arc<Program> {
    let mut host = Host::default();
    ward_stdlib::load_into(&mut host);
    host.program().expect("the standard library compiles")
}

fn query(prog: &Program, dialect: Dialect) -> String {
    let opts = ExportOptions {
        dialect,
        table: "cases".into(),
        as_of: ward_core::time::parse_instant("2026-12-03").expect("a date"),
        allow_expired: false,
    };
    export_sql(prog, &opts).expect("the standard library exports")
}

/// The outcomes: what follows the CTEs.
fn outcomes(q: &str) -> &str {
    let at = q
        .find("\n  FROM w_rules\n)\n")
        .expect("the w_effective CTE");
    &q[at + "\n  FROM w_rules\n)\n".len()..]
}

#[test]
fn spark_unpivots_one_projection_with_inline() {
    let prog = stdlib();
    let q = query(&prog, Dialect::Spark);
    let out = outcomes(&q);
    assert!(!out.contains("UNION ALL"), "no UNION ALL in Spark's query");
    assert_eq!(out.matches("FROM w_effective").count(), 1);
    assert_eq!(out.matches("named_struct(").count(), prog.obligations.len());
    // The first line and the last, with the obligations in between elided: the typed level
    // and rule are what lets an obligation whose level is NULL unify with the rest.
    let lines: Vec<&str> = out.lines().collect();
    let first_struct = lines[2].split(", 'status'").next().unwrap_or_default();
    insta::assert_snapshot!(
        "spark_outcomes",
        format!(
            "{}\n{}\n{first_struct}, …\n…\n{}",
            lines[0],
            lines[1],
            lines[lines.len() - 1]
        )
    );
    assert!(out.contains("'level', CAST((CASE"));
    assert!(out.contains("'rule', CAST((CASE"));
}

#[test]
fn duckdb_and_postgres_keep_the_portable_union() {
    let prog = stdlib();
    for d in [Dialect::DuckDb, Dialect::Postgres] {
        let q = query(&prog, d);
        let out = outcomes(&q);
        assert_eq!(
            out.matches("\nUNION ALL\n").count(),
            prog.obligations.len() - 1
        );
        assert!(!out.contains("inline("));
    }
}

#[test]
fn postgres_set_equality_is_containment_both_ways_and_unknown_on_an_unknown_set() {
    // The library compares `activity.stages` with a set literal (research-only devices).
    let q = query(&stdlib(), Dialect::Postgres);
    let at = q.find(" @> ").expect("a set equality in the query");
    let start = q[..at].rfind("(CASE WHEN ").expect("its CASE");
    let test = &q[start..at + 200];
    assert!(test.contains("IS NULL THEN NULL ELSE ("), "{test}");
    assert!(test.matches(" @> ").count() >= 2, "{test}");
}
