//! Hover on a test's name: what the case in its `given` block decides, and the questions that
//! would settle what it leaves open — the compiler's next-questions query, in the order
//! `ward ask` would put them. So a policy author sees, while writing a test, which facts the
//! case still lacks for the duties it leaves undetermined.

use std::fmt::Write;

use ward_core::SourceFile;
use ward_core::interview::{Reason, next_questions};
use ward_syntax::ast::ItemKind;

use crate::hover::HoverResult;
use crate::{Analysis, FilePosition};

/// How many questions the hover lists.
const SHOWN: usize = 5;

pub(crate) fn hover(a: &Analysis, at: FilePosition) -> Option<HoverResult> {
    let (item_start, name) = test_named_at(a, at.file, at.offset)?;
    let mut out = format!("```ward\ntest \"{}\"\n```\n\n", name.value);
    let Some(prog) = ward_core::lower::compile(a.db(), a.workspace()).clone() else {
        out.push_str("The workspace has errors: fix them to see what this test's case decides.");
        return Some(HoverResult {
            span: name.span,
            markdown: out,
        });
    };
    let module = a.module_name(at.file);
    let test = prog.tests.iter().find(|t| {
        prog.modules[t.module as usize].name == module.as_str() && t.offset == item_start
    })?;
    let as_of = test
        .as_of
        .or_else(|| ward_core::time::parse_instant(ward_core::testing::DEFAULT_TEST_DATE))?;
    let next = next_questions(&prog, &test.given.case(&prog), as_of, &[]);
    let p = next.progress;
    let _ = writeln!(
        out,
        "With this case, {} of {} duties are decided and {} undetermined.\n",
        p.settled, p.total, p.undetermined
    );
    let open: Vec<_> = next
        .questions
        .iter()
        .filter(|q| matches!(q.reason, Reason::Undetermined | Reason::Presence))
        .take(SHOWN)
        .collect();
    if open.is_empty() {
        out.push_str("No question would settle more: every duty the case can decide is decided.");
    } else {
        out.push_str("What would settle the rest, best first:\n\n");
        for q in open {
            let ask = q
                .ask
                .as_deref()
                .map(|s| format!(" — {s}"))
                .unwrap_or_default();
            let levels = q.levels.join(", ");
            let _ = writeln!(
                out,
                "- `{}`{ask} ({} {}; {levels})",
                q.path,
                q.duties.len(),
                if q.duties.len() == 1 {
                    "duty"
                } else {
                    "duties"
                },
            );
        }
    }
    Some(HoverResult {
        span: name.span,
        markdown: out,
    })
}

/// The test whose name the offset is on: its item's start and its name.
fn test_named_at(
    a: &Analysis,
    file: SourceFile,
    offset: usize,
) -> Option<(u32, ward_syntax::ast::Text)> {
    a.parsed(file)
        .module
        .items
        .iter()
        .find_map(|item| match &item.kind {
            ItemKind::Test(t)
                if (t.name.span.start as usize) <= offset && offset < t.name.span.end as usize =>
            {
                Some((item.span.start, t.name.clone()))
            }
            _ => None,
        })
}
