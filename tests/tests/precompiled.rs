//! The precompiled standard library (`ward-stdlib-compiled`): the program the build stored is
//! the one the compiler makes of the embedded modules now, it is used only for the built-in
//! library alone, and every report made from it is byte for byte the report a fresh
//! compilation gives, in every format: for every example case (through `ward eval`, which
//! uses it) and for 2,000 generated cases (in process).

use std::sync::Arc;

use ward_core::eval::{self, Format, Program, case};
use ward_core::hir::Instant;
use ward_core::report::{self, Report};
use ward_project::stdlib::{Choice, Identity};
use ward_tests::random_case::{Rng, random_case};
use ward_tests::{AS_OF, case_files, root, stdlib_host, ward};

/// The embedded library compiled here and now, and the host holding it (for document titles).
fn fresh() -> (ward_core::Host, Arc<Program>) {
    let host = stdlib_host(ward_core::Database::default());
    let prog = host.program().expect("the embedded library compiles");
    (host, prog)
}

fn as_of() -> Instant {
    ward_core::time::parse_instant(AS_OF).expect("a date")
}

/// The report `ward eval` makes of `text`, from `prog`, with the built-in library's identity.
fn report_of(prog: &Program, host: &ward_core::Host, text: &str, format: Format) -> Report {
    let c = case::load(prog, text, format).expect("a valid case");
    let outcome = eval::evaluate_opts(prog, &c, as_of(), eval::Options::default());
    let mut rep = report::build(
        prog,
        &c,
        as_of(),
        &outcome,
        report::Options { include_all: false },
    );
    rep.stdlib = Some(Identity::builtin().entry(&root()));
    rep.meta = report::meta::read(text, format).expect("valid meta");
    rep.case_hash = Some(report::meta::case_hash(text.as_bytes()));
    report::guidance::name_documents(&mut rep, host);
    rep
}

/// The renderings `ward eval --format …` prints, by format name: JSON and text, and with
/// `all` Markdown and HTML too.
fn renderings(rep: &Report, all: bool) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("json", report::to_json(rep) + "\n"),
        ("text", report::text::render(rep)),
    ];
    if all {
        out.push(("markdown", report::templates::markdown(rep)));
        out.push(("html", report::templates::html(rep)));
    }
    out
}

#[test]
fn the_stored_program_is_a_fresh_compilation_of_the_embedded_library() {
    let (_, prog) = fresh();
    let stored = ward_stdlib_compiled::decode().expect("the stored program reads back");
    assert!(
        stored == *prog,
        "the stored program differs from a fresh compilation"
    );
    // Byte for byte too: equality of decimals would not see a lost scale.
    let again = ward_stdlib_compiled::encode(&prog).expect("the program stores");
    assert!(
        again == ward_stdlib_compiled::bytes(),
        "the stored bytes differ from a fresh compilation's"
    );
    assert_eq!(
        ward_stdlib_compiled::KEY,
        ward_project::stdlib::embedded_hash()
    );
}

#[test]
fn only_the_builtin_library_alone_is_precompiled() {
    let cache = std::env::temp_dir().join("ward-tests-cache");
    let load = |stdlib: &Choice, policies: &[std::path::PathBuf]| {
        ward_project::load_for_eval(&root(), &cache, stdlib, policies)
    };
    let alone = load(&Choice::Embedded, &[]);
    assert!(alone.problems.is_empty());
    assert!(alone.host.is_precompiled(), "the built-in library alone");
    // A local package: the program is compiled, with the package in it.
    let with_policy = load(&Choice::Embedded, &["policies/trust".into()]);
    assert!(!with_policy.host.is_precompiled(), "with --policy");
    assert!(with_policy.host.program().is_some());
    // A copy of the library named with --stdlib is compiled, even with the same content.
    let dir = load(&Choice::Dir("stdlib".into()), &[]);
    assert!(dir.problems.is_empty());
    assert!(
        dir.stdlib.embedded,
        "the copy is the built-in library's content"
    );
    assert!(!dir.host.is_precompiled(), "with --stdlib");
    // Any other hash is never given the stored program.
    assert!(ward_stdlib_compiled::program_for("sha256:0000").is_none());
    assert!(ward_stdlib_compiled::program_for(ward_stdlib_compiled::KEY).is_some());
    // Adding a module after the library drops the stored program.
    let mut host = alone.host;
    host.set_file(
        "extra",
        "extra.ward",
        "module extra\n".into(),
        ward_core::Origin::root("extra", "0.0.0"),
    );
    assert!(!host.is_precompiled());
}

#[test]
fn every_example_case_reports_the_same_in_every_format() {
    let (host, prog) = fresh();
    let mut checked = 0;
    for path in case_files("policies/cases") {
        let rel = path.strip_prefix(root()).unwrap().display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let rep = report_of(&prog, &host, &text, Format::from_path(&path));
        for (format, expected) in renderings(&rep, true) {
            let run = ward(&["eval", &rel, "--as-of", AS_OF, "--format", format]);
            assert_eq!(run.code, 0, "{rel}: {}", run.stderr);
            assert!(
                run.stdout == expected,
                "{rel} --format {format}: `ward eval` (precompiled) differs from a fresh compilation"
            );
            checked += 1;
        }
    }
    assert!(checked >= 4 * 10, "only {checked} reports compared");
}

#[test]
fn generated_cases_report_the_same_in_every_format() {
    let (host, prog) = fresh();
    let stored = ward_stdlib_compiled::decode().expect("the stored program reads back");
    for seed in 0..2_000u64 {
        let text = random_case(&prog, &mut Rng::new(seed)).to_string();
        let a = report_of(&prog, &host, &text, Format::Json);
        let b = report_of(&stored, &host, &text, Format::Json);
        assert!(
            a == b,
            "seed {seed}: the precompiled program reports differently\n{text}"
        );
        // The renderings are functions of the report; JSON and text are compared for every
        // case, Markdown and HTML (templates, slow in a test build) for every tenth.
        let all = seed % 10 == 0;
        for ((format, a), (_, b)) in renderings(&a, all).into_iter().zip(renderings(&b, all)) {
            assert!(
                a == b,
                "seed {seed}, --format {format}: the precompiled program reports differently\n{text}"
            );
        }
    }
}

#[test]
fn quotes_come_out_the_same_without_parsing_the_library() {
    use ward_core::report::guidance::Guidance;
    let (host, prog) = fresh();
    assert_eq!(
        &ward_core::citations::program_sections(&prog),
        ward_core::citations::declared_sections(host.db(), host.workspace()),
        "the program's sources declare the sections the modules do"
    );
    // The built-in library as every load puts it into a host, with a log of what runs.
    let mut stored_host = ward_core::Host::new(ward_core::Database::with_execution_log());
    ward_project::stdlib::select(&Choice::Embedded, &root())
        .expect("the built-in library is selected")
        .load_into(&mut stored_host);
    assert!(stored_host.is_precompiled());
    let mut cited: Vec<(usize, Option<String>)> =
        (0..prog.sources.len()).map(|s| (s, None)).collect();
    for r in &prog.rules {
        for c in &r.citations {
            cited.push((c.source as usize, c.at.clone()));
        }
    }
    let mut quoted = 0;
    for (s, at) in cited {
        let s = &prog.sources[s];
        let fresh = host.quote(&s.document, &s.section, at.as_deref());
        let stored = stored_host.quote(&s.document, &s.section, at.as_deref());
        assert_eq!(fresh, stored, "{} {:?} at {at:?}", s.document, s.section);
        quoted += usize::from(fresh.is_some());
    }
    assert!(quoted > 50, "only {quoted} citations quoted");
    // Nothing of the library was resolved or checked, for the program or for the quotes.
    assert!(stored_host.program().is_some());
    let ran = stored_host.db().take_executions();
    assert!(
        ran.iter()
            .all(|q| !q.starts_with("signatures(") && !q.starts_with("check_module(")),
        "{ran:?}"
    );
}
