//! The guidance text behind a citation: the opening of a cited section (or of the sub-heading
//! or FAQ answer that `at` names), for hover. Headings are matched the way the compiler's
//! citation check matches them, so every citation that checks has an excerpt.

use ward_core::citations::plain;

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

/// At most this many characters of guidance text.
const LIMIT: usize = 700;

/// The opening paragraphs of `section` in `document` (after the sub-heading or answer `at`,
/// when given), or `None` when the document has no such heading.
pub fn excerpt(document: &str, section: &str, at: Option<&str>) -> Option<String> {
    let lines: Vec<&str> = document.lines().collect();
    let start = lines.iter().position(|l| plain(l) == section)?;
    let mut begin = start + 1;
    if let Some(at) = at.filter(|a| !a.is_empty())
        && let Some(i) = lines[start..].iter().position(|l| plain(l).starts_with(at))
    {
        let line = lines[start + i];
        // A sub-heading is skipped; an FAQ answer quoted by its opening words is kept.
        begin = if plain(line) == at || line.trim_start().starts_with('#') {
            start + i + 1
        } else {
            start + i
        };
    }
    let mut paragraphs: Vec<String> = Vec::new();
    let mut total = 0;
    for line in &lines[begin..] {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if paragraphs.is_empty() && is_metadata(t) {
            continue;
        }
        if t.starts_with('#') {
            break;
        }
        let mut text = t.replace("**", "");
        // Links keep their words: `[ICO's guide](#)` reads as `ICO's guide`.
        text = strip_links(&text);
        if total + text.chars().count() > LIMIT {
            let room = LIMIT.saturating_sub(total).max(80);
            let cut: String = text.chars().take(room).collect();
            let cut = match cut.rfind(' ') {
                Some(i) if i > room / 2 => cut[..i].to_string(),
                _ => cut,
            };
            paragraphs.push(format!("{cut}…"));
            break;
        }
        total += text.chars().count();
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

    const DOC: &str = "# Doc\n\n## Step 2: Consider doing a DPIA\n\n### This is **required** guidance\n\nIt is legally required and it is an essential activity.\n\n### From:\n\n- HRA\n\nLast reviewed: 13 January 2023\n\n## **Reviewed by:** Panel\n\nBefore you start, consider a DPIA. See [ICO's guide](#).\n\nA DPIA is required by law.\n\n## How to do it:\n\n1. Use the template\n\n# Step 3\n\nOther.\n";

    #[test]
    fn skips_the_metadata_and_stops_at_the_next_heading() {
        let e = excerpt(DOC, "Step 2: Consider doing a DPIA", None).unwrap();
        assert_eq!(
            e,
            "Before you start, consider a DPIA. See ICO's guide.\n\nA DPIA is required by law."
        );
    }

    #[test]
    fn starts_at_the_sub_heading_or_answer() {
        assert_eq!(
            excerpt(DOC, "Step 2: Consider doing a DPIA", Some("How to do it:")).unwrap(),
            "1. Use the template"
        );
        assert_eq!(
            excerpt(
                DOC,
                "Step 2: Consider doing a DPIA",
                Some("A DPIA is required")
            )
            .unwrap(),
            "A DPIA is required by law."
        );
        assert!(excerpt(DOC, "No such heading", None).is_none());
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        let long = format!("## S\n\n{}\n", "word ".repeat(400));
        let e = excerpt(&long, "S", None).unwrap();
        assert!(e.ends_with('…') && e.chars().count() <= LIMIT + 1);
    }
}
