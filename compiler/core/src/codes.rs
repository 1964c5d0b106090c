//! Every diagnostic code Ward reports, with its severity and a one-line summary for the policy
//! author who meets it.
//!
//! The codes themselves stay string literals where each diagnostic is made (so a new check
//! touches one place); this registry is what documents them. `docs/diagnostics.md` is
//! generated from it, and the tests in `tests/tests/codes.rs` fail when a code is used in the
//! compiler, the CLI or the language server but missing here, listed here but used nowhere, or
//! without a fixture in `tests/fixtures/diagnostics/codes/`. Adding a code is one line below
//! (and one fixture).

use crate::diagnostic::Severity;

/// One diagnostic code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code {
    /// `ward::…`, as reported.
    pub name: &'static str,
    /// The severity it is reported with.
    pub severity: Severity,
    /// What it means, in a line, for a governance-team policy author.
    pub summary: &'static str,
}

/// Codes about one part of the language, in the order the documentation shows them.
#[derive(Clone, Copy, Debug)]
pub struct Group {
    pub title: &'static str,
    pub codes: &'static [Code],
}

const fn error(name: &'static str, summary: &'static str) -> Code {
    Code {
        name,
        severity: Severity::Error,
        summary,
    }
}

const fn warning(name: &'static str, summary: &'static str) -> Code {
    Code {
        name,
        severity: Severity::Warning,
        summary,
    }
}

/// Every code, grouped. One line each: `rustfmt` would spread them over four.
#[rustfmt::skip]
pub const GROUPS: &[Group] = &[
    Group {
        title: "Syntax and files",
        codes: &[
            error("ward::syntax", "The text is not valid Ward: a missing brace, a misspelt keyword or a stray character. Parsing resumes at the next item, so later mistakes are still reported."),
            error("ward::module-name", "The file's `module` header names a different module from the one its path gives."),
            error("ward::limit", "The policy is bigger than Ward allows: an enum of more than 64 values, or derived values that refer to each other more than 128 deep."),
        ],
    },
    Group {
        title: "Imports",
        codes: &[
            error("ward::unknown-module", "A `use` names a module, or an item of a module, that does not exist."),
            error("ward::self-import", "A module imports itself."),
            error("ward::import-cycle", "Modules import each other in a loop; imports must run one way."),
            error("ward::duplicate-import", "The same name is imported twice into one module."),
            error("ward::alias-group", "A group import (`use a.{x, y}`) is given an `as` name, which only a single module can have."),
            error("ward::missing-import", "A name is written with its module (`case.organisation`) but that module is not imported here."),
            warning("ward::unused-import", "A name is imported but nothing in the module uses it."),
        ],
    },
    Group {
        title: "Names",
        codes: &[
            error("ward::unknown-name", "A name is used that nothing in scope defines; a close spelling is suggested."),
            error("ward::wrong-kind", "A name refers to the wrong kind of thing, such as a rule where a source is expected."),
            error("ward::duplicate-definition", "Two items share a name (or a fact or obligation id is declared in two modules, or an enum lists a value twice)."),
            error("ward::not-a-value", "A type, rule, source or module is used where a value is expected."),
            error("ward::unknown-function", "A call names a function Ward does not have (it has `count` and `present`)."),
        ],
    },
    Group {
        title: "Facts, records and enums",
        codes: &[
            error("ward::unknown-field", "A record has no field of that name."),
            error("ward::unknown-value", "An enum has no value of that name, or the value stands for \"unknown\" and cannot be compared (ask `is unknown`)."),
            error("ward::type", "A type cannot be built: a set of records or lists, or a record that contains itself."),
            error("ward::empty-enum", "An enum lists no values."),
            error("ward::optional", "`optional` is given on a fact that is not a record; any fact may already be left out of a case."),
            error("ward::jurisdiction", "`jurisdiction` must name an enum field of a record fact, such as `organisation.nation`."),
            warning("ward::unused-fact", "A fact, or a field of a record fact, is never used by any rule, derived value or default."),
        ],
    },
    Group {
        title: "Expressions and types",
        codes: &[
            error("ward::type-mismatch", "A value of one type is used where another is expected, such as an enum value in a yes/no condition."),
            error("ward::number", "A number is too large for Ward to hold exactly."),
            error("ward::date", "A date (in a rule, a source, a review or a test) is not a real calendar date."),
            error("ward::arity", "A function is called with the wrong number of arguments."),
            error("ward::present", "`present(…)` is asked of something that is not an `optional` fact."),
            error("ward::record-literal", "A record value `{ field = … }` outside a test's `given`; the parser reads record values only there, so no policy text reports it."),
            error("ward::quantifier", "`all x in …` is written without a `where` condition."),
            warning("ward::quantifier-scope", "An `or` after `where` is part of the condition tested for each element, which may not be what was meant; add brackets to say which."),
        ],
    },
    Group {
        title: "Derived values",
        codes: &[
            error("ward::def-cycle", "Derived values (or field defaults) depend on each other in a loop, so none can be worked out."),
        ],
    },
    Group {
        title: "Sources and citations",
        codes: &[
            error("ward::source", "A source does not name its `document` or its `section`."),
            error("ward::duplicate-field", "A source gives the same field (`section`, `label`, …) twice."),
            error("ward::citation", "A source cites a section heading, or a rule cites a sub-heading, that is not in the document Ward carries."),
        ],
    },
    Group {
        title: "Obligations",
        codes: &[
            error("ward::unknown-obligation", "A rule or test names an obligation id nothing declares."),
            error("ward::holder", "`held_by` names someone other than `adopter`, `developer`, `both`, `commissioner`, `sponsor` or `any`."),
            error("ward::strengthens-cycle", "Obligations `strengthens` each other in a loop."),
        ],
    },
    Group {
        title: "Rules and levels",
        codes: &[
            error("ward::missing-level", "A rule does not say its level (`required`, `best_practice`, `recommended` or `local`)."),
            error("ward::missing-citation", "A rule does not cite the guidance it encodes (`cites …`)."),
            error("ward::duplicate-clause", "A rule gives a clause that may appear once (level, `for`, justification, review date) twice."),
            error("ward::level", "A rule at `level required` only recommends; a recommendation is not the law."),
            error("ward::local-level", "Local policy states a `required`, `best_practice` or `recommended` rule; only the national library can, so local rules are `level local`."),
            error("ward::waive", "A rule `waive`s a duty without being an exception to another rule, so it waives nothing."),
        ],
    },
    Group {
        title: "Exceptions and local policy",
        codes: &[
            error("ward::exception-cycle", "Rules are exceptions to each other (or to themselves) in a loop, so none can be decided."),
            error("ward::exception-obligation", "An exception is about a different duty from the rule it excepts."),
            error("ward::local-exception", "A local exception lacks its `justification` or its `review` date."),
            error("ward::cannot-waive-law", "Local policy tries to set aside or forbid a duty the law requires; a trust cannot waive the law."),
            error("ward::local-override", "A local `forbid` would override another rule that asks for the same duty without being an exception to it."),
            warning("ward::review-due", "A local exception's review date is within 30 days."),
            warning("ward::review-lapsed", "A local exception's review date has passed; it no longer sets anything aside."),
        ],
    },
    Group {
        title: "Tests",
        codes: &[
            error("ward::unknown-fact", "A test's `given` sets a fact nothing declares."),
            error("ward::given", "A test's `given` sets a fact twice, reaches into a field a value does not have, or gives something that is not a value."),
            warning("ward::empty-test", "A test has no `expect`, so it checks nothing."),
        ],
    },
    Group {
        title: "Packages and the editor",
        codes: &[
            error("ward::package", "A `ward.toml` or `ward.lock` is malformed or names something that cannot be used; the message points at the bad value."),
            error("ward::package-visibility", "A module is imported from a package that is not a dependency, or that does not export it."),
            warning("ward::not-in-workspace", "The editor opened a file it cannot add to the workspace (its path is not a module name, or its module is already defined), so it is not checked."),
        ],
    },
];

/// Codes no fixture in `tests/fixtures/diagnostics/codes/` can produce, with where each is
/// tested instead (or why it cannot be). Keep this short: a code belongs here only if no
/// policy, manifest or lock written to disk makes `ward check` report it.
pub const WITHOUT_FIXTURE: &[(&str, &str)] = &[
    (
        "ward::record-literal",
        "no text can cause it: the parser reads record values only in a test's `given`, so the check guards syntax trees built otherwise",
    ),
    (
        "ward::not-in-workspace",
        "reported by the language server alone, for an open document it cannot add to the workspace; `lsp/tests/protocol.rs` tests it",
    ),
];

/// Every code, in documentation order.
pub fn all() -> impl Iterator<Item = &'static Code> {
    GROUPS.iter().flat_map(|g| g.codes.iter())
}

/// The registry entry for `name` (`ward::…`).
pub fn lookup(name: &str) -> Option<&'static Code> {
    all().find(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for c in all() {
            assert!(seen.insert(c.name), "{} is listed twice", c.name);
            let rest = c.name.strip_prefix("ward::").unwrap_or_else(|| {
                panic!("{} should start with `ward::`", c.name);
            });
            assert!(
                rest.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{} should be kebab-case",
                c.name
            );
            assert!(
                !c.summary.contains('\n') && c.summary.ends_with('.'),
                "{}: the summary is one sentence-ended line",
                c.name
            );
        }
        assert_eq!(
            lookup("ward::syntax").map(|c| c.severity),
            Some(Severity::Error)
        );
    }
}
