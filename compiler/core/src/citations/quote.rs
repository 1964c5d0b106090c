//! The words of guidance behind a located citation: the opening paragraphs of the section,
//! or of the sub-heading or answer `at` names, as plain text for a hover or a report.

use crate::citations::document::plain;
use crate::citations::locate::Located;
use crate::db::Db;

/// At most this many characters of guidance text.
pub const LIMIT: usize = 700;

/// Lines that describe a section rather than say what it says: its label, issuing bodies,
/// coverage and review date (shown from the source declaration instead).
fn is_metadata(line: &str) -> bool {
    let t = line.trim();
    let p = plain(t);
    t.starts_with('#')
        || t.starts_with("- ")
        || p.starts_with("Last reviewed")
        || p.starts_with("Last updated")
        || p.starts_with("It is legally required")
        || p.contains("Reviewed by:")
}

/// The opening paragraphs (at most three, at most [`LIMIT`] characters) of what `located`
/// points at, stopping at the next marked-up heading or the end of the section. `None` when
/// there is no text there.
pub fn quote(db: &dyn Db, located: &Located) -> Option<String> {
    let text = located.document.text(db);
    let lines = crate::citations::document::lines(db, located.document);
    let raw = |i: usize| &text[lines[i].start..lines[i].end];
    let mut paragraphs: Vec<String> = Vec::new();
    let mut total = 0;
    for i in located.text..located.end.min(lines.len()) {
        let t = raw(i).trim();
        if t.is_empty() {
            continue;
        }
        if paragraphs.is_empty() && is_metadata(t) {
            continue;
        }
        if t.starts_with('#') {
            break;
        }
        // Links keep their words: `[ICO's guide](#)` reads as `ICO's guide`.
        let text = strip_links(&t.replace("**", ""));
        let len = text.chars().count();
        if total + len > LIMIT {
            let room = LIMIT.saturating_sub(total).max(80);
            let cut: String = text.chars().take(room).collect();
            let cut = match cut.rfind(' ') {
                Some(i) if i > room / 2 => cut[..i].to_string(),
                _ => cut,
            };
            paragraphs.push(format!("{cut}…"));
            break;
        }
        total += len;
        paragraphs.push(text);
        if paragraphs.len() == 3 {
            break;
        }
    }
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

/// `[words](target)` → `words`.
fn strip_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|e| close + e) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::citations::{DocumentInfo, locate};
    use crate::{Host, Origin};

    const DOC: &str = "# Doc\n\n## Step 2: Consider doing a DPIA\n\n### This is **required** guidance\n\nIt is legally required and it is an essential activity.\n\n### From:\n\n- HRA\n\nLast reviewed: 13 January 2023\n\n## **Reviewed by:** Panel\n\nBefore you start, consider a DPIA. See [ICO's guide](#).\n\nA DPIA is required by law.\n\n## How to do it:\n\n1. Use the template\n\n# Step 3\n\nOther.\n";

    fn host(doc: &str, sections: &[&str]) -> Host {
        let mut host = Host::default();
        host.set_document(DocumentInfo::unnamed("doc.txt"), doc.to_string());
        let mut text = String::new();
        for (i, s) in sections.iter().enumerate() {
            text.push_str(&format!(
                "source s{i} {{\n  document \"doc.txt\"\n  section \"{s}\"\n  label none\n}}\n\n"
            ));
        }
        host.set_file("m", "m.ward", text, Origin::root("t", "1.0.0"));
        host
    }

    fn quoted(host: &Host, section: &str, at: Option<&str>) -> Option<String> {
        let found = locate(host.db(), host.workspace(), "doc.txt", section, at).ok()?;
        quote(host.db(), &found)
    }

    #[test]
    fn skips_the_metadata_and_stops_at_the_next_heading() {
        let h = host(DOC, &["Step 2: Consider doing a DPIA", "Step 3"]);
        assert_eq!(
            quoted(&h, "Step 2: Consider doing a DPIA", None).unwrap(),
            "Before you start, consider a DPIA. See ICO's guide.\n\nA DPIA is required by law."
        );
    }

    #[test]
    fn starts_at_the_sub_heading_or_answer() {
        let h = host(DOC, &["Step 2: Consider doing a DPIA", "Step 3"]);
        let s = "Step 2: Consider doing a DPIA";
        assert_eq!(
            quoted(&h, s, Some("How to do it:")).unwrap(),
            "1. Use the template"
        );
        assert_eq!(
            quoted(&h, s, Some("A DPIA is required")).unwrap(),
            "A DPIA is required by law."
        );
        assert!(quoted(&h, "No such heading", None).is_none());
        // `at` is looked for inside the section only.
        assert!(quoted(&h, s, Some("Other")).is_none());
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        let long = format!("## S\n\n{}\n", "word ".repeat(400));
        let h = host(&long, &["S"]);
        let e = quoted(&h, "S", None).unwrap();
        assert!(e.ends_with('…') && e.chars().count() <= LIMIT + 1);
    }
}
