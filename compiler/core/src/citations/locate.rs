//! Where a citation's text is in its document.
//!
//! A section heading may appear more than once in a document: 13 of the library's 51 sources
//! cite one that does. The good practice guide lists its twelve principles in a table of
//! contents before their text, so "5. Clinical safety" is written twice; the adopters'
//! guidance repeats "Complying with the UK GDPR Steps 1 - 7: an introduction" as a breadcrumb
//! above each of the steps it introduces. Context tells the section from its copies:
//!
//! - An occurrence the document marks up as a heading (`# …`) is the section.
//! - Otherwise an occurrence is a navigation entry, not the section, when nothing but blank
//!   lines separates it from the next heading (an empty section: a line of a contents list, a
//!   breadcrumb), or when it follows another heading and the same heading occurs again later
//!   (the last line of a contents list). A heading is a line the document marks up, or one
//!   that some source declares as a section of the document. When every occurrence is a
//!   navigation entry, they are all tried.
//! - A section runs from its heading to the next heading any source declares for the same
//!   document; an `at` must be found inside it, and picks, among the occurrences left, the one
//!   whose text contains it. Without `at`, the first occurrence left is the section.
//!
//! So principle 5's "Rationale" is the one under the second "5. Clinical safety", never
//! principle 1's.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::interface;
use crate::citations::document::{Document, Line, document_named, lines};
use crate::db::{Db, Workspace};
use crate::eval::ir::Program;
use crate::interface::Sig;
use crate::modules::module_index;

/// Where a citation's text is: line indices into [`lines`] of its document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub document: Document,
    /// The line of the section's heading.
    pub heading: usize,
    /// The line `at` names, when the citation has one.
    pub at: Option<usize>,
    /// Where the cited text begins: after the heading or sub-heading, or at the answer whose
    /// opening words `at` quotes.
    pub text: usize,
    /// The first line after the section.
    pub end: usize,
}

/// Why a citation could not be located.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotFound {
    /// The host supplied no document of that name.
    Document,
    /// The document has no such heading.
    Section,
    /// The section has no such sub-heading or opening words.
    At,
}

/// Every section heading the workspace's sources declare, by document file name: where one
/// section ends, the next begins. Read from interfaces, so body edits leave it alone.
#[salsa::tracked(returns(ref))]
pub fn declared_sections(db: &dyn Db, ws: Workspace) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for &f in module_index(db, ws).modules.values() {
        for sig in interface(db, ws, f).items.values() {
            if let Sig::Source(s) = sig {
                out.entry(s.document.clone())
                    .or_default()
                    .insert(s.section.clone());
            }
        }
    }
    out
}

/// The key of one [`locate`] query.
#[salsa::interned(debug)]
struct Citation<'db> {
    #[returns(ref)]
    document: String,
    #[returns(ref)]
    section: String,
    #[returns(ref)]
    at: Option<String>,
}

/// Where `section` (and, with `at`, the sub-heading or answer it names) is in `document`.
pub fn locate(
    db: &dyn Db,
    ws: Workspace,
    document: &str,
    section: &str,
    at: Option<&str>,
) -> Result<Located, NotFound> {
    let key = Citation::new(
        db,
        document.to_string(),
        section.to_string(),
        at.filter(|a| !a.is_empty()).map(str::to_string),
    );
    locate_query(db, ws, key).clone()
}

#[salsa::tracked(returns(ref))]
fn locate_query<'db>(
    db: &'db dyn Db,
    ws: Workspace,
    key: Citation<'db>,
) -> Result<Located, NotFound> {
    db.record_execution("locate", key.section(db));
    located(
        db,
        ws,
        declared_sections(db, ws),
        key.document(db),
        key.section(db),
        key.at(db).as_deref(),
    )
}

/// Every section heading the sources of a compiled program declare, by document file name:
/// what [`declared_sections`] gives for the workspace it was compiled from (each source is
/// lowered with its document and section as declared), read from the program alone.
pub fn program_sections(prog: &Program) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in &prog.sources {
        out.entry(s.document.clone())
            .or_default()
            .insert(s.section.clone());
    }
    out
}

/// [`locate`] with the declared sections given ([`program_sections`] of the program a host
/// answers with when it was precompiled), so that no module is parsed: the same rules over
/// the same lines.
pub fn locate_among(
    db: &dyn Db,
    ws: Workspace,
    declared: &BTreeMap<String, BTreeSet<String>>,
    document: &str,
    section: &str,
    at: Option<&str>,
) -> Result<Located, NotFound> {
    located(
        db,
        ws,
        declared,
        document,
        section,
        at.filter(|a| !a.is_empty()),
    )
}

fn located(
    db: &dyn Db,
    ws: Workspace,
    declared: &BTreeMap<String, BTreeSet<String>>,
    document: &str,
    section: &str,
    at_words: Option<&str>,
) -> Result<Located, NotFound> {
    let doc = document_named(db, ws, document).ok_or(NotFound::Document)?;
    let empty = BTreeSet::new();
    let declared = declared.get(document).unwrap_or(&empty);
    let lines = lines(db, doc);
    let (heading, at, end) = resolve(lines, declared, section, at_words)?;
    // A sub-heading is skipped; an answer quoted by its opening words is kept.
    let text = match (at, at_words) {
        (Some(i), Some(words)) if lines[i].marked || lines[i].plain == words => i + 1,
        (Some(i), _) => i,
        (None, _) => heading + 1,
    };
    Ok(Located {
        document: doc,
        heading,
        at,
        text,
        end,
    })
}

/// The rules of the module documentation, over a document's lines: `(heading, at, end)`.
fn resolve(
    lines: &[Line],
    declared: &BTreeSet<String>,
    section: &str,
    at: Option<&str>,
) -> Result<(usize, Option<usize>, usize), NotFound> {
    let occurrences: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].plain == section)
        .collect();
    if occurrences.is_empty() {
        return Err(NotFound::Section);
    }
    let is_heading = |i: usize| lines[i].marked || declared.contains(&lines[i].plain);
    let next = |i: usize| (i + 1..lines.len()).find(|&j| !lines[j].is_blank());
    let previous = |i: usize| (0..i).rev().find(|&j| !lines[j].is_blank());
    let is_navigation = |i: usize| {
        let empty = next(i).is_none_or(is_heading);
        let ends_a_list =
            previous(i).is_some_and(is_heading) && occurrences.iter().any(|&later| later > i);
        !lines[i].marked && (empty || ends_a_list)
    };
    let sections: Vec<usize> = occurrences
        .iter()
        .copied()
        .filter(|&i| !is_navigation(i))
        .collect();
    let candidates = if sections.is_empty() {
        occurrences
    } else {
        sections
    };
    let end_of = |i: usize| {
        (i + 1..lines.len())
            .find(|&j| declared.contains(&lines[j].plain))
            .unwrap_or(lines.len())
    };
    let Some(at) = at else {
        let heading = candidates[0];
        return Ok((heading, None, end_of(heading)));
    };
    for &heading in &candidates {
        let end = end_of(heading);
        let body = heading + 1..end;
        // A sub-heading written exactly, else the first line that opens with the words.
        let found = body
            .clone()
            .find(|&j| lines[j].plain == at)
            .or_else(|| body.clone().find(|&j| lines[j].plain.starts_with(at)));
        if let Some(j) = found {
            return Ok((heading, Some(j), end));
        }
    }
    Err(NotFound::At)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::citations::document::plain;

    fn lines_of(text: &str) -> Vec<Line> {
        let mut start = 0;
        text.split_inclusive('\n')
            .map(|raw| {
                let body = raw.trim_end_matches('\n');
                let l = Line {
                    start,
                    end: start + body.len(),
                    plain: plain(body),
                    marked: body.trim_start().starts_with('#'),
                };
                start += raw.len();
                l
            })
            .collect()
    }

    fn declared(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    const GUIDE: &str = "Contents\n\n1. Ethics\n2. Safety\n\n1. Ethics\n\nRationale\n\nEthics text.\n\n2. Safety\n\nRationale\n\nSafety text.\n";

    #[test]
    fn a_contents_entry_is_not_the_section() {
        let lines = lines_of(GUIDE);
        let d = declared(&["1. Ethics", "2. Safety"]);
        let (heading, at, end) = resolve(&lines, &d, "2. Safety", Some("Rationale")).unwrap();
        assert_eq!((heading, end), (11, lines.len()));
        assert_eq!(lines[at.unwrap() + 2].plain, "Safety text.");
        let (heading, _, end) = resolve(&lines, &d, "1. Ethics", None).unwrap();
        assert_eq!((heading, end), (5, 11));
    }

    #[test]
    fn a_breadcrumb_is_not_the_section_but_a_marked_heading_is() {
        let text = "Data\n\n# Intro\n\nIntro text.\n\nData\n\nIntro\n\n# Step 1\n\nStep text.\n";
        let lines = lines_of(text);
        let d = declared(&["Intro", "Step 1"]);
        let (heading, at, _) = resolve(&lines, &d, "Intro", Some("Intro text")).unwrap();
        assert_eq!((heading, at), (2, Some(4)));
        assert_eq!(
            resolve(&lines, &d, "Intro", Some("Step text")),
            Err(NotFound::At)
        );
    }

    #[test]
    fn missing_headings_and_sub_headings() {
        let lines = lines_of(GUIDE);
        let d = declared(&["1. Ethics", "2. Safety"]);
        assert_eq!(
            resolve(&lines, &d, "3. Nothing", None),
            Err(NotFound::Section)
        );
        assert_eq!(
            resolve(&lines, &d, "1. Ethics", Some("Safety text")),
            Err(NotFound::At)
        );
        // Only a contents entry: still located (there is nothing better).
        let only = lines_of("Contents\n\n1. Ethics\n2. Safety\n");
        assert_eq!(resolve(&only, &d, "2. Safety", None), Ok((3, None, 4)));
    }

    #[test]
    fn the_last_line_of_a_contents_list_is_not_the_section() {
        // As in the good practice guide: the list's last entry is followed by other text.
        let text = "1. Ethics\n2. Safety\n\nCopyright.\n\n1. Ethics\n\nEthics text.\n\n2. Safety\n\nSafety text.\n";
        let lines = lines_of(text);
        let d = declared(&["1. Ethics", "2. Safety"]);
        assert_eq!(
            resolve(&lines, &d, "2. Safety", None),
            Ok((9, None, lines.len()))
        );
        assert_eq!(resolve(&lines, &d, "1. Ethics", None), Ok((5, None, 9)));
    }
}
