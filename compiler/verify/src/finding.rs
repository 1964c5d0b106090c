//! What `ward verify` and `ward diff` report: findings, each with the witness case that shows
//! it, whether the real evaluator confirmed that witness, and any written reason to keep it.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A rule that no case makes apply.
    NeverFires,
    /// An exception that no case makes apply.
    ExceptionNeverFires,
    /// An exception that applies whenever its base rule's condition holds: the base is dead.
    ExceptionAlwaysFires,
    /// One case makes an obligation both required and forbidden.
    Conflict,
    /// A derived value that no case makes known.
    NeverKnown,
    /// With the local packages, a national duty can come out weaker for some case.
    Weakens,
    /// With the local packages, a national duty can come out stronger for some case.
    Strengthens,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::NeverFires,
        Kind::ExceptionNeverFires,
        Kind::ExceptionAlwaysFires,
        Kind::Conflict,
        Kind::NeverKnown,
        Kind::Weakens,
        Kind::Strengthens,
    ];

    /// The name used in output and in `verify allow` lines (`never-fires`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::NeverFires => "never-fires",
            Kind::ExceptionNeverFires => "exception-never-fires",
            Kind::ExceptionAlwaysFires => "exception-always-fires",
            Kind::Conflict => "conflict",
            Kind::NeverKnown => "never-known",
            Kind::Weakens => "weakens",
            Kind::Strengthens => "strengthens",
        }
    }

    /// Whether the finding fails `ward verify` (unless allowed). A local duty made stronger
    /// than the national one is what local policy is for.
    pub fn fails(self) -> bool {
        self != Kind::Strengthens
    }

    pub fn from_name(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    /// The rule, obligation or derived value it is about.
    pub subject: String,
    pub message: String,
    /// A case file (YAML) that shows it.
    pub witness: String,
    /// The real evaluator, run on the witness, shows what the message says.
    pub confirmed: bool,
    /// The written reason it is kept (`verify allow KIND: reason` in the doc comment).
    pub allowed: Option<String>,
}

/// `verify allow KIND: reason` lines of a doc comment: the kinds kept on purpose, with why.
/// A line that names no known kind or gives no reason is returned as an error.
pub fn allows(doc: &str) -> (Vec<(Kind, String)>, Vec<String>) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for line in doc.lines() {
        let Some(rest) = line.trim().strip_prefix("verify allow ") else {
            continue;
        };
        match rest.split_once(':') {
            Some((k, reason)) if !reason.trim().is_empty() => match Kind::from_name(k.trim()) {
                Some(kind) => ok.push((kind, reason.trim().to_string())),
                None => bad.push(format!(
                    "`verify allow {}`: no such finding (the kinds are {})",
                    k.trim(),
                    Kind::ALL.map(|k| k.name()).join(", ")
                )),
            },
            _ => bad.push(format!(
                "`{}`: write `verify allow KIND: the reason it is kept`",
                line.trim()
            )),
        }
    }
    (ok, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_lines_are_read_with_their_reasons() {
        let (ok, bad) = allows(
            "Some doc.\nverify allow never-fires: kept for Wales\nverify allow nope: x\nverify allow conflict:",
        );
        assert_eq!(ok, vec![(Kind::NeverFires, "kept for Wales".to_string())]);
        assert_eq!(bad.len(), 2);
    }
}
