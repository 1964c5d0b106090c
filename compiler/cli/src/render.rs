//! Diagnostics for people: the compiler's plain-data diagnostics rendered with miette (source
//! excerpt, labels, help), in colour only on a terminal without `NO_COLOR`.

use std::fmt;
use std::io::Write;

use std::sync::Arc;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};
use ward_core::{Diagnostic, Host, Severity, SourceFile};

#[derive(Debug)]
struct Rendered {
    message: String,
    code: &'static str,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: Source,
    related: Vec<Rendered>,
}

/// The text an excerpt is cut from.
#[derive(Debug)]
enum Source {
    Named(NamedSource<String>),
    Indexed(Arc<Indexed>),
}

/// A policy file with its line starts, shared by all of its diagnostics. miette finds a
/// span's lines by scanning the text from the start, so ten thousand diagnostics in a large
/// file took quadratic time (and a copy of the text each); here it scans only the lines
/// around the span.
#[derive(Debug)]
struct Indexed {
    name: String,
    text: String,
    starts: Vec<usize>,
}

impl Indexed {
    fn new(name: String, text: String) -> Indexed {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Indexed { name, text, starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }
}

impl SourceCode for Indexed {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        // A window of whole lines around the span, with a line to spare on each side.
        let first = self.line_of(start).saturating_sub(before + 1);
        let last = self.line_of(end) + after + 2;
        let from = self.starts[first];
        let to = self.starts.get(last).copied().unwrap_or(self.text.len());
        let inner = SourceSpan::new((start - from).into(), span.len());
        let c = self.text.as_bytes()[from..to].read_span(&inner, before, after)?;
        let data: &'a [u8] = &self.text.as_bytes()[from + c.span().offset()..][..c.span().len()];
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            SourceSpan::new((from + c.span().offset()).into(), c.span().len()),
            c.line() + first,
            c.column(),
            c.line_count() + first,
        )))
    }
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl MietteDiagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        match &self.source {
            Source::Named(s) => Some(s),
            Source::Indexed(s) => Some(&**s),
        }
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn MietteDiagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn MietteDiagnostic),
        ))
    }
}

fn span(text: &str, s: ward_syntax::Span) -> SourceSpan {
    let start = (s.start as usize).min(text.len());
    let end = (s.end as usize).clamp(start, text.len());
    SourceSpan::new(start.into(), end - start)
}

fn to_miette(host: &Host, file: SourceFile, source: &Arc<Indexed>, d: &Diagnostic) -> Rendered {
    let db = host.db();
    let text = &source.text;
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        (!d.label.is_empty()).then(|| d.label.clone()),
        span(text, d.span),
    )];
    let mut related = Vec::new();
    for r in &d.related {
        match r.module.as_ref().and_then(|m| host.file(m)) {
            Some(other) if other != file => {
                let otext = other.text(db).clone();
                related.push(Rendered {
                    message: r.label.clone(),
                    code: d.code,
                    severity: miette::Severity::Advice,
                    help: None,
                    labels: vec![LabeledSpan::new_with_span(
                        Some(r.label.clone()),
                        span(&otext, r.span),
                    )],
                    source: Source::Named(NamedSource::new(other.path(db), otext)),
                    related: vec![],
                });
            }
            _ => labels.push(LabeledSpan::new_with_span(
                Some(r.label.clone()),
                span(text, r.span),
            )),
        }
    }
    Rendered {
        message: d.message.clone(),
        code: d.code,
        severity: match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        },
        help: d.help.clone(),
        labels,
        source: Source::Indexed(source.clone()),
        related,
    }
}

/// The longest source line shown in an excerpt. miette cannot draw a label past column
/// 65,535 (it panics), and nobody reads such a line; a diagnostic on a longer line is shown
/// as a location instead ([`plain`]).
const MAX_EXCERPT_LINE: usize = 10_000;

/// Whether every span's lines are short enough to draw.
fn drawable(text: &str, spans: impl IntoIterator<Item = ward_syntax::Span>) -> bool {
    spans.into_iter().all(|s| {
        let start = (s.start as usize).min(text.len());
        let end = (s.end as usize).clamp(start, text.len());
        let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let to = text[end..].find('\n').map_or(text.len(), |i| end + i);
        text[from..to]
            .split('\n')
            .all(|l| l.len() <= MAX_EXCERPT_LINE)
    })
}

/// A diagnostic as `path:line:column` and its words, for lines too long to draw.
fn plain(path: &str, text: &str, d: &Diagnostic) -> String {
    let index = ward_syntax::LineIndex::new(text);
    let at = index.line_col((d.span.start as usize).min(text.len()));
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut s = format!(
        "{kind}[{}]: {}\n  at {path}:{}:{} ({}; the line is too long to show)\n",
        d.code,
        d.message,
        at.line + 1,
        at.col + 1,
        d.label
    );
    if let Some(h) = &d.help {
        s.push_str(&format!("  help: {h}\n"));
    }
    s
}

/// Render diagnostics; returns (errors, warnings) counted.
pub fn diagnostics(
    out: &mut dyn Write,
    host: &Host,
    diags: &[(SourceFile, Vec<Diagnostic>)],
    color: bool,
) -> (usize, usize) {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let (mut errors, mut warnings) = (0, 0);
    for (file, ds) in diags {
        let source = Arc::new(Indexed::new(
            file.path(host.db()).clone(),
            file.text(host.db()).clone(),
        ));
        for d in ds {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            let text = file.text(host.db());
            let same_file = d.related.iter().filter(|r| match r.module.as_ref() {
                Some(m) => host.file(m) == Some(*file),
                None => true,
            });
            if !drawable(
                text,
                std::iter::once(d.span).chain(same_file.map(|r| r.span)),
            ) {
                let _ = writeln!(out, "{}", plain(file.path(host.db()), text, d));
                continue;
            }
            let r = to_miette(host, *file, &source, d);
            let mut s = String::new();
            if handler.render_report(&mut s, &r).is_err() {
                s = format!("{}: {}\n", file.path(host.db()), d.message);
            }
            let _ = writeln!(out, "{s}");
        }
    }
    (errors, warnings)
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A problem with packages: a file error with its span (rendered like a policy diagnostic),
/// or a message.
pub fn problem(out: &mut dyn Write, cwd: &std::path::Path, p: &ward_project::Problem, color: bool) {
    match p {
        ward_project::Problem::Message { message, help }
        | ward_project::Problem::Warning { message, help } => {
            let kind = if p.is_warning() { "warning" } else { "error" };
            let _ = writeln!(out, "{kind}: {message}");
            if let Some(h) = help {
                let _ = writeln!(out, "  help: {h}");
            }
        }
        ward_project::Problem::File(e) => {
            let theme = if color {
                GraphicalTheme::unicode()
            } else {
                GraphicalTheme::unicode_nocolor()
            };
            let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
            let name = ward_project::paths::display_path(cwd, &e.path);
            let long = e
                .span
                .clone()
                .is_some_and(|r| !drawable(&e.text, [ward_syntax::Span::new(r.start, r.end)]));
            let labels = e
                .span
                .clone()
                .filter(|_| !long)
                .map(|r| {
                    let start = r.start.min(e.text.len());
                    let end = r.end.clamp(start, e.text.len());
                    vec![LabeledSpan::new_primary_with_span(
                        Some(e.label.clone()),
                        SourceSpan::new(start.into(), end - start),
                    )]
                })
                .unwrap_or_default();
            // Without a span no excerpt names the file, so the message does.
            let message = match e.span {
                Some(_) if !long => e.message.clone(),
                _ => format!("{name}: {}", e.message),
            };
            let r = Rendered {
                message,
                code: ward_project::FileError::CODE,
                severity: miette::Severity::Error,
                help: e.help.clone(),
                labels,
                source: Source::Named(NamedSource::new(name, e.text.clone())),
                related: vec![],
            };
            let mut s = String::new();
            if handler.render_report(&mut s, &r).is_err() {
                s = format!("error: {}", e.message);
            }
            let _ = writeln!(out, "{s}");
        }
    }
}
