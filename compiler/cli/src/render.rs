//! Diagnostics for people: the compiler's plain-data diagnostics rendered with miette (source
//! excerpt, labels, help), in colour only on a terminal without `NO_COLOR`.

use std::fmt;
use std::io::Write;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    NamedSource, SourceSpan,
};
use ward_core::{Diagnostic, Host, Severity, SourceFile};

#[derive(Debug)]
struct Rendered {
    message: String,
    code: &'static str,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: NamedSource<String>,
    related: Vec<Rendered>,
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
        Some(&self.source)
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

fn to_miette(host: &Host, file: SourceFile, d: &Diagnostic) -> Rendered {
    let db = host.db();
    let text = file.text(db).clone();
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        (!d.label.is_empty()).then(|| d.label.clone()),
        span(&text, d.span),
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
                    source: NamedSource::new(other.path(db), otext),
                    related: vec![],
                });
            }
            _ => labels.push(LabeledSpan::new_with_span(
                Some(r.label.clone()),
                span(&text, r.span),
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
        source: NamedSource::new(file.path(db), text),
        related,
    }
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
        for d in ds {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            let r = to_miette(host, *file, d);
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
            let labels = e
                .span
                .clone()
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
                Some(_) => e.message.clone(),
                None => format!("{name}: {}", e.message),
            };
            let r = Rendered {
                message,
                code: ward_project::FileError::CODE,
                severity: miette::Severity::Error,
                help: e.help.clone(),
                labels,
                source: NamedSource::new(name, e.text.clone()),
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
