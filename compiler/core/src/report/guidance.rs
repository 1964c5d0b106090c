//! Citations as people read them: the document's title and public address instead of its
//! file name, and (for `ward explain`) the words of the guidance cited. The compiler reads no
//! files, so the host that holds the documents answers, through [`Guidance`].

use super::explain::Explanation;
use super::{CitationEntry, Report};
use crate::citations::{DocumentInfo, locate, locate_among, quote};
use crate::host::Host;

/// What a report needs to know about the documents it cites.
pub trait Guidance {
    fn document(&self, file: &str) -> Option<DocumentInfo>;
    /// The opening words of the cited section (or of its sub-heading `at`).
    fn quote(&self, document: &str, section: &str, at: Option<&str>) -> Option<String>;
}

impl Guidance for Host {
    fn document(&self, file: &str) -> Option<DocumentInfo> {
        self.document_info(file).cloned()
    }

    fn quote(&self, document: &str, section: &str, at: Option<&str>) -> Option<String> {
        let (db, ws) = (self.db(), self.workspace());
        // A precompiled host knows its sections from the program, and parses nothing for them.
        let located = match self.precompiled_sections() {
            Some(sections) => locate_among(db, ws, sections, document, section, at),
            None => locate(db, ws, document, section, at),
        };
        quote(db, &located.ok()?)
    }
}

fn name(c: &mut CitationEntry, g: &dyn Guidance) {
    if let Some(info) = g.document(&c.document) {
        c.title = Some(info.title);
        if c.url.is_none() {
            c.url = info.url;
        }
    }
}

/// Give every citation in the report its document's title and address.
pub fn name_documents(report: &mut Report, g: &dyn Guidance) {
    for o in &mut report.obligations {
        for c in &mut o.citations {
            name(c, g);
        }
    }
    for b in &mut report.beyond_coverage {
        for c in &mut b.obligation.citations {
            name(c, g);
        }
    }
    for n in &mut report.coverage_notes {
        for c in &mut n.sections {
            name(c, g);
        }
    }
}

/// The same for an explanation, with the text each citation cites.
pub fn name_and_quote(e: &mut Explanation, g: &dyn Guidance) {
    let all = e
        .obligation
        .citations
        .iter_mut()
        .chain(e.rules.iter_mut().flat_map(|r| r.citations.iter_mut()));
    for c in all {
        name(c, g);
        c.text = g.quote(&c.document, &c.section, c.at.as_deref());
    }
}
