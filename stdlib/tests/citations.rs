//! Every source names a section heading that exists in its document, every `at` names a
//! heading (or, for the FAQ, the opening words of an answer) inside that section, and where a
//! document writes a heading more than once, the citation is located at the section itself —
//! never at a table of contents or a breadcrumb. All through `ward_core::citations::locate`,
//! the one lookup the checker and the editor's hover use too.

use ward_core::Host;
use ward_core::citations::{self, Located, locate, quote};

fn load() -> Host {
    let mut host = Host::default();
    ward_stdlib::load_into(&mut host);
    host
}

#[test]
fn the_standard_library_compiles() {
    let host = load();
    let errors: Vec<String> = host
        .diagnostics()
        .into_iter()
        .flat_map(|(f, ds)| {
            let path = f.path(host.db()).clone();
            ds.into_iter()
                .filter(|d| d.is_error())
                .map(move |d| format!("{path}: {}", d.message))
        })
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn every_citation_names_text_in_its_document() {
    let host = load();
    let (db, ws) = (host.db(), host.workspace());
    let prog = host.program().expect("the standard library compiles");
    let mut problems = Vec::new();
    for s in &prog.sources {
        if let Err(why) = locate(db, ws, &s.document, &s.section, None) {
            problems.push(format!(
                "{}: `{}` \"{}\": {why:?}",
                s.name, s.document, s.section
            ));
        }
    }
    for r in &prog.rules {
        for c in &r.citations {
            let s = &prog.sources[c.source as usize];
            if let Err(why) = locate(db, ws, &s.document, &s.section, c.at.as_deref()) {
                problems.push(format!(
                    "{}: \"{}\" at {:?}: {why:?}",
                    r.name, s.section, c.at
                ));
            }
        }
    }
    // The checker's citation check agrees.
    for (f, d) in citations::check_citations(db, ws) {
        problems.push(format!("{}: {}", f.path(db), d.message));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_cited_document_has_a_title_and_an_id() {
    let host = load();
    let prog = host.program().expect("the standard library compiles");
    for s in &prog.sources {
        let info = host
            .document_info(&s.document)
            .unwrap_or_else(|| panic!("{}: `{}` is not embedded", s.name, s.document));
        assert_eq!(info.file, s.document);
        assert!(!info.title.contains(".txt") && !info.title.is_empty());
        assert!(!info.id.contains('_') && !info.id.contains('.'));
    }
    let ids: Vec<&str> = ward_stdlib::documents().iter().map(|d| d.id).collect();
    assert_eq!(
        ids,
        ["adopters-guidance", "faq-dtac", "good-practice-guide"]
    );
}

/// Where a source (by its qualified name) has its section: the 1-based line of its heading (as an editor shows it).
fn section_line(host: &Host, source: &str, at: Option<&str>) -> (usize, Located) {
    let prog = host.program().expect("the standard library compiles");
    let s = prog
        .sources
        .iter()
        .find(|s| s.name == source)
        .unwrap_or_else(|| panic!("no source `{source}`"));
    let found = locate(host.db(), host.workspace(), &s.document, &s.section, at)
        .unwrap_or_else(|e| panic!("{source} at {at:?}: {e:?}"));
    (found.heading + 1, found)
}

/// The sources whose section heading their document writes more than once.
fn repeated_headings(host: &Host) -> Vec<String> {
    let prog = host.program().expect("the standard library compiles");
    let (db, ws) = (host.db(), host.workspace());
    let mut out: Vec<String> = prog
        .sources
        .iter()
        .filter(|s| {
            let doc = citations::document_named(db, ws, &s.document).unwrap();
            citations::lines(db, doc)
                .iter()
                .filter(|l| l.plain == s.section)
                .count()
                > 1
        })
        .map(|s| s.name.to_string())
        .collect();
    out.sort();
    out
}

/// Each source with a repeated heading: the line its section truly starts on, and the words
/// the document writes first under it.
const REPEATED: &[(&str, usize, &str)] = &[
    (
        "nhs.good_practice.p12_commercial_strategy.commercial_strategy",
        466,
        "Innovators must take into account",
    ),
    (
        "nhs.good_practice.p08_cybersecurity.cybersecurity",
        310,
        "Make security integral to the design",
    ),
    (
        "nhs.good_practice.p07_data_transparency.data_transparency",
        249,
        "Be fair, transparent and accountable",
    ),
    (
        "nhs.good_practice.p11_evidence.evidence",
        436,
        "When building or developing the technology",
    ),
    (
        "nhs.adopters.data.gdpr_introduction.gdpr_introduction",
        1353,
        "If you are using personal data",
    ),
    (
        "nhs.good_practice.p10_interoperability.interoperability",
        356,
        "Ensure that the product makes the best possible use",
    ),
    (
        "nhs.good_practice.p01_ethics.p01_ethics",
        52,
        "Review the Data Ethics Framework",
    ),
    (
        "nhs.good_practice.p02_value_proposition.p02_value_proposition",
        73,
        "Ensure that the product is designed to achieve",
    ),
    (
        "nhs.good_practice.p03_usability_accessibility.p03_usability_accessibility",
        117,
        "Ensure that the product is easy to use",
    ),
    (
        "nhs.good_practice.p04_technical_assurance.p04_technical_assurance",
        150,
        "Ensure that the product is appropriately tested",
    ),
    (
        "nhs.good_practice.p05_clinical_safety.p05_clinical_safety",
        176,
        "Ensure that the product is clinically safe",
    ),
    (
        "nhs.good_practice.p06_data_protection.p06_data_protection",
        209,
        "Demonstrate that the product collects",
    ),
    (
        "nhs.good_practice.p09_regulation.regulation",
        326,
        "Ensure that the product meets all relevant regulatory",
    ),
];

#[test]
fn the_table_lists_every_repeated_heading() {
    let host = load();
    let mut listed: Vec<String> = REPEATED.iter().map(|(s, _, _)| s.to_string()).collect();
    listed.sort();
    assert_eq!(repeated_headings(&host), listed);
}

/// One test per repeated heading: the section is where the document's text for it is, and
/// every `at` the library cites it with lies inside that section.
macro_rules! repeated_heading {
    ($($test:ident: $source:literal;)*) => {$(
        #[test]
        fn $test() {
            let host = load();
            let &(_, line, opening) = REPEATED.iter().find(|(s, _, _)| *s == $source).unwrap();
            let (heading, found) = section_line(&host, $source, None);
            assert_eq!(heading, line, "`{}` is located at line {heading}", $source);
            let text = quote(host.db(), &found).unwrap();
            assert!(text.starts_with(opening), "`{}` quotes: {text}", $source);
            let prog = host.program().unwrap();
            let source = prog.sources.iter().position(|s| s.name == $source).unwrap();
            for r in &prog.rules {
                for c in r.citations.iter().filter(|c| c.source as usize == source) {
                    let (at_heading, at) = section_line(&host, $source, c.at.as_deref());
                    assert_eq!(at_heading, line, "{} at {:?}", r.name, c.at);
                    assert!(at.at.is_none_or(|a| a > at.heading && a < at.end));
                }
            }
        }
    )*};
}

repeated_heading! {
    commercial_strategy_is_principle_12: "nhs.good_practice.p12_commercial_strategy.commercial_strategy";
    cybersecurity_is_principle_8: "nhs.good_practice.p08_cybersecurity.cybersecurity";
    data_transparency_is_principle_7: "nhs.good_practice.p07_data_transparency.data_transparency";
    evidence_is_principle_11: "nhs.good_practice.p11_evidence.evidence";
    gdpr_introduction_is_the_marked_heading_not_a_breadcrumb: "nhs.adopters.data.gdpr_introduction.gdpr_introduction";
    interoperability_is_principle_10: "nhs.good_practice.p10_interoperability.interoperability";
    ethics_is_principle_1: "nhs.good_practice.p01_ethics.p01_ethics";
    value_proposition_is_principle_2: "nhs.good_practice.p02_value_proposition.p02_value_proposition";
    usability_is_principle_3: "nhs.good_practice.p03_usability_accessibility.p03_usability_accessibility";
    technical_assurance_is_principle_4: "nhs.good_practice.p04_technical_assurance.p04_technical_assurance";
    clinical_safety_is_principle_5: "nhs.good_practice.p05_clinical_safety.p05_clinical_safety";
    data_protection_is_principle_6: "nhs.good_practice.p06_data_protection.p06_data_protection";
    regulation_is_principle_9: "nhs.good_practice.p09_regulation.regulation";
}

#[test]
fn principle_5s_rationale_is_principle_5s() {
    // The example: hovering a rule that cites principle 5's "Rationale" showed
    // principle 1's text.
    let host = load();
    let (_, found) = section_line(
        &host,
        "nhs.good_practice.p05_clinical_safety.p05_clinical_safety",
        Some("Rationale"),
    );
    let text = quote(host.db(), &found).unwrap();
    assert!(
        text.starts_with("All digital health technologies must be clinically safe to use."),
        "{text}"
    );
    let (_, first) = section_line(
        &host,
        "nhs.good_practice.p01_ethics.p01_ethics",
        Some("Rationale"),
    );
    assert_ne!(first.at, found.at);
}
