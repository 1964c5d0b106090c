//! Links from citations to the guidance text: the document, its section's heading, and the
//! sub-heading a rule's `at` names, each shown with the document line it opens at.

use expect_test::expect;

use crate::support::{load, place};

const PILOTS: &str = r#"//- /trust/pilots.ward
use nhs.case.{organisation}

/// NICE's advice on piloting, as the trust reads it.
source piloting_guide {
  document "000_789ceead711778a6.txt"
  section "Piloting digital technologies in a health or care service"
  from "National Institute for Health and Care Excellence (NICE)"
  label best_practice
}

/// A document the host does not have: nothing to open.
source elsewhere {
  document "not-supplied.txt"
  section "Anything"
  label none
}

obligation trust-pilot-plan "Plan the pilot with the service" held_by adopter

rule pilot_plan {
  cites piloting_guide at "Planning a pilot study"
  cites piloting_guide
  level local
  when organisation.nation = england
  then require trust-pilot-plan
}
"#;

#[test]
fn document_section_and_at_open_the_cited_lines() {
    let fx = load(PILOTS);
    let file = fx.file("trust.pilots");
    let links = fx.analysis().guidance_links(file).unwrap();
    let db = fx.host.db();
    let shown: Vec<String> = links
        .iter()
        .map(|l| {
            let doc = ward_core::citations::document_named(db, fx.host.workspace(), &l.document)
                .expect("a link names a supplied document");
            let line = doc.text(db).lines().nth(l.line).unwrap_or("");
            format!(
                "{} → line {}: {line}\n  {}",
                place(&fx, file, l.span),
                l.line + 1,
                l.tooltip
            )
        })
        .collect();
    expect![[r#"
        trust.pilots 5:12-5:38 `"000_789ceead711778a6.txt"` → line 1: 
          Open All adopters' guidance
        trust.pilots 6:11-6:70 `"Piloting digital technologies in a health or care service"` → line 513: # Piloting digital technologies in a health or care service
          Open All adopters' guidance at “Piloting digital technologies in a health or care service”
        trust.pilots 21:27-21:51 `"Planning a pilot study"` → line 546: ## Planning a pilot study
          Open All adopters' guidance at “Piloting digital technologies in a health or care service” › “Planning a pilot study”"#]].assert_eq(&shown.join("\n"));
}

#[test]
fn the_standard_library_links_its_own_citations() {
    let fx = load("//- /trust/empty.ward\n");
    let analysis = fx.analysis();
    let file = analysis
        .file("nhs.adopters.implementation.piloting")
        .unwrap()
        .expect("the library has its piloting module");
    let links = analysis.guidance_links(file).unwrap();
    let ats = links.iter().filter(|l| l.tooltip.contains(" › ")).count();
    // The document, the section, and one link per `cites … at`.
    let cites_at = file.text(fx.host.db()).matches("cites piloting at").count();
    assert!(cites_at > 0);
    assert_eq!(ats, cites_at);
    assert_eq!(links.len(), 2 + cites_at);
}
