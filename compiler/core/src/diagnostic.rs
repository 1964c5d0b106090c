//! Diagnostics as plain data. Rendering (miette in the CLI, LSP diagnostics in the server)
//! happens at the edges; nothing in the compiler formats for a terminal.

use ward_syntax::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A secondary location: "first defined here", "the required rule".
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Related {
    /// The module the span is in; `None` means the diagnostic's own module.
    pub module: Option<String>,
    pub span: Span,
    pub label: String,
}

/// A machine-applicable edit offered with a diagnostic (the "did you mean" fix).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    pub title: String,
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable code such as `ward::unknown-name`, for documentation and suppression.
    pub code: &'static str,
    pub message: String,
    pub span: Span,
    pub label: String,
    pub help: Option<String>,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span,
            label: String::new(),
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Diagnostic {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn related(
        mut self,
        module: Option<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        self.related.push(Related {
            module,
            span,
            label: label.into(),
        });
        self
    }

    pub fn fix(mut self, fix: Option<Fix>) -> Diagnostic {
        self.fix = fix;
        self
    }

    /// Offer to replace `span` with the suggestion, if there is one.
    pub fn replace_with(self, span: Span, suggestion: Option<&str>) -> Diagnostic {
        self.fix(suggestion.map(|s| Fix {
            title: format!("Replace with `{s}`"),
            span,
            replacement: s.to_string(),
        }))
    }

    /// "did you mean `…`?" as the help line, with the fix that makes the replacement.
    pub fn did_you_mean(self, span: Span, suggestion: Option<&str>) -> Diagnostic {
        self.maybe_help(suggestion.map(|s| format!("did you mean `{s}`?")))
            .replace_with(span, suggestion)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl From<&ward_syntax::SyntaxError> for Diagnostic {
    fn from(e: &ward_syntax::SyntaxError) -> Diagnostic {
        Diagnostic::error("ward::syntax", e.span, e.message.clone())
            .label(e.label.clone())
            .maybe_help(e.help.clone())
    }
}

/// The closest candidate to a misspelt name, for "did you mean …?".
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let cl = c.to_ascii_lowercase();
        let mut score = strsim::normalized_damerau_levenshtein(&lower, &cl);
        if cl == lower {
            score = 1.0;
        } else if (cl.contains(&lower) || lower.contains(&cl)) && lower.len().min(cl.len()) >= 3 {
            score = score.max(0.75);
        }
        if score >= 0.6 && best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        let names = ["organisation", "technology", "data", "activity"];
        assert_eq!(did_you_mean("organsation", names), Some("organisation"));
        assert_eq!(did_you_mean("tech", names), Some("technology"));
        assert_eq!(did_you_mean("zebra", names), None);
    }
}
