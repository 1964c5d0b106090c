//! The report's shape: what `ward eval --format json` writes, field for field. The JSON form
//! is a stable contract: fields are added, never renamed or removed (the example cases'
//! snapshots hold it).

use serde::Serialize;
use serde_json::Value as Json;

use super::beyond;
use super::{Meta, OpenQuestion};

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Report {
    pub ward_version: String,
    /// Which standard library the report was made with; set by whoever loaded it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stdlib: Option<StdlibEntry>,
    pub as_of: String,
    /// `--allow-expired`: local exceptions past their review date were honoured.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub allow_expired: bool,
    pub modules: Vec<ModuleEntry>,
    pub obligations: Vec<ObligationEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coverage_notes: Vec<CoverageEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub local_exceptions: Vec<LocalException>,
    /// The case file's `meta:` block (title, reference, who prepared it, date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `sha256:` of the case file's bytes, set by whoever read it (the audit trail).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_hash: Option<String>,
    /// The questions that would settle the undetermined duties, each fact once, those that
    /// could settle most duties first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub open_questions: Vec<OpenQuestion>,
    /// Legally required duties whose guidance covers other nations but whose law is UK-wide
    /// (see `report::beyond`): listed in the body, marked, not only in a coverage note.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub beyond_coverage: Vec<beyond::BeyondCoverage>,
}

/// The identity of the standard library a report was made with: its content hash, and whether
/// that is the library built into this `ward`. The compiler reads no files, so the project
/// loader computes it and the caller puts it in the report.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct StdlibEntry {
    pub embedded: bool,
    pub hash: String,
    pub embedded_hash: String,
    pub version: String,
    /// Where it was loaded from, when that was not the built-in copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For a library installed from a signed package: the key that signed it, `id (name)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<String>,
}

impl StdlibEntry {
    /// The line a report opens with when the library is not the one built into this `ward`:
    /// a signed, installed update (named with its version, hash and signer), or a replaced one.
    pub fn banner(&self) -> Option<String> {
        if let Some(signer) = &self.signed_by {
            let from = self
                .path
                .as_deref()
                .map(|p| format!(" installed from {p}"))
                .unwrap_or_default();
            return Some(format!(
                "standard library: nhs {} ({}){from}, signed by {signer}; the library built into this ward is {}",
                self.version, self.hash, self.embedded_hash
            ));
        }
        if self.embedded {
            return None;
        }
        let from = self
            .path
            .as_deref()
            .map(|p| format!(" from {p}"))
            .unwrap_or_default();
        Some(format!(
            "STANDARD LIBRARY REPLACED: nhs {}{from} ({}) is not the national library built into this ward ({}); these results are not those of the national guidance",
            self.version, self.hash, self.embedded_hash
        ))
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ModuleEntry {
    pub name: String,
    pub hash: String,
    pub origin: &'static str,
    pub package: String,
    pub version: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ObligationEntry {
    pub id: String,
    pub status: &'static str,
    pub level: &'static str,
    pub title: String,
    pub held_by: String,
    /// `require`, `recommend` or `forbid`: what the deciding rule asks.
    pub verb: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<DeadlineEntry>,
    pub rules: Vec<String>,
    pub citations: Vec<CitationEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<FactEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub superseded: Vec<Supersession>,
    /// For an undetermined obligation: weaker rules that certainly apply meanwhile (a local
    /// recommendation beside an undetermined legal duty). `status` and `level` stay those of
    /// the stronger rule, so the legal duty is never reported weaker than it may be.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_applies: Vec<AlsoApplies>,
    /// Local exceptions to this obligation's rules whose review date has passed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lapsed_exceptions: Vec<LapsedException>,
    /// Where the deciding rule comes from: the national library, a shared package, local policy.
    pub source: OriginEntry,
    /// For a duty that does not apply (with `--all`): the first decisive condition that fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_not: Option<String>,
    /// Why a duty that applies is one to act on now: `overdue`, `event` (a clock started by an
    /// incident or a letter) or `before_stage` (legally required before a stage already
    /// reached). See `report::urgency`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub act_now: Option<&'static str>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DeadlineEntry {
    pub text: String,
    /// `within` (from an event), `every` (a period) or `stated` (in words).
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub overdue: bool,
    /// Its date is after 9999-12-31, the last date Ward computes with.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub beyond_range: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CitationEntry {
    pub document: String,
    pub section: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    pub from: Vec<String>,
    pub covers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<String>,
    /// The document's title as published (set from the host's registry).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The public address of the section or document, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The words of the guidance cited (`ward explain` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct FactEntry {
    pub fact: String,
    pub value: Json,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Question {
    pub fact: String,
    pub ask: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Supersession {
    pub rule: String,
    pub by: String,
    /// `superseded` (a stronger form applies) or `waived` (an exception sets it aside).
    pub how: &'static str,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct AlsoApplies {
    pub rule: String,
    pub level: &'static str,
    pub verb: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<FactEntry>,
    pub source: OriginEntry,
}

/// A rule whose exception lapsed: the exception held, but its review date had passed.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LapsedException {
    /// The rule the exception would set aside or supersede.
    pub rule: String,
    /// The lapsed exception.
    pub by: String,
    pub review: String,
    /// `true` only under `--allow-expired`: the exception was applied anyway.
    pub honoured: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct OriginEntry {
    pub origin: &'static str,
    pub package: String,
    pub version: String,
    pub module: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CoverageEntry {
    pub nation: String,
    pub covers: Vec<String>,
    pub note: String,
    pub sections: Vec<CitationEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applied_anyway: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outside_coverage: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LocalException {
    pub rule: String,
    pub excepts: Vec<String>,
    pub obligation: String,
    pub justification: String,
    pub review: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub review_overdue: bool,
    /// `active`, `due_soon` (review within 30 days) or `lapsed` (review date passed).
    pub state: &'static str,
    /// Whether the exception was applied: always, unless it lapsed (then only under
    /// `--allow-expired`).
    pub honoured: bool,
    pub source: OriginEntry,
}
