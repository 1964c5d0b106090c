//! What every in-process test shares: a host with the embedded standard library, the
//! fixture loader, and plain-text renderings of the IDE layer's answers (module, 1-based
//! line:column, and the text a span covers), so that expectations read like the editor.

use ward_core::Host;
use ward_ide::fixture::Fixture;
use ward_ide::{FileSpan, SourceChange, SourceFile, Span, TextEdit};

/// The protocol tests' trust package, as a fixture: `trust.common` (a record, an enum, two
/// derived values) and `trust.ai` (an obligation and a rule citing the library). Tests put
/// `$0` into it with [`marked`].
pub const TRUST: &str = r#"//- /trust/common.ward
//! Shared vocabulary of the trust's local policy.

/// How the trust's panel rated the supplier’s assurance.
enum Assurance { full, partial, none_given }

/// What the trust records about a supplier.
record Supplier {
  /// The supplier’s assurance, as the trust's panel rated it.
  assurance: Assurance ask "How did the panel rate the supplier’s assurance?"
  /// The contract value in pounds (£).
  contract_value: int ask "What is the contract value in £?"
}

/// The supplier of the technology.
fact supplier: Supplier ask "Tell us about the supplier."

/// A supplier whose assurance falls short of full.
def weak_assurance = supplier.assurance in {partial, none_given}

/// A contract the board must approve.
def large_contract = supplier.contract_value > 10000
//- /trust/ai.ward
//! The trust's AI policy: suppliers of AI tools are reviewed before a pilot.

use nhs.case.{organisation, technology}
use nhs.adopters.data.step_2_dpia.{step_2_dpia}
use trust.common.{weak_assurance, large_contract}

/// Review the supplier’s assurance before an AI pilot.
obligation trust-supplier-review "Review the supplier’s £ assurance" held_by adopter strengthens dpia-consider

/// A supplier with weak assurance is reviewed before any AI pilot; so is any large contract.
rule supplier_review {
  cites step_2_dpia
  level local
  when organisation.nation = england
    and technology.traits has ai
    and (weak_assurance or large_contract)
  then require trust-supplier-review before "the pilot starts"
}

test "a weakly assured AI supplier is reviewed" {
  given {
    organisation.nation = england
    technology.traits = {ai}
    supplier.assurance = partial
  }
  expect require trust-supplier-review at local
}
"#;

/// [`TRUST`] with `$0` before the `n`-th (0-based) occurrence of `needle` in `module`, moved
/// right by `offset` bytes.
pub fn marked(module: &str, needle: &str, n: usize, offset: usize) -> String {
    let header = format!("//- /{}.ward\n", module.replace('.', "/"));
    let start = TRUST.find(&header).expect("a module of the fixture") + header.len();
    let at = TRUST[start..]
        .match_indices(needle)
        .nth(n)
        .map(|(i, _)| start + i + offset)
        .unwrap_or_else(|| panic!("no occurrence {n} of `{needle}` in {module}"));
    format!("{}$0{}", &TRUST[..at], &TRUST[at..])
}

/// Load a fixture over the embedded standard library.
pub fn load(fixture: &str) -> Fixture {
    let mut host = Host::default();
    ward_stdlib::load_into(&mut host);
    Fixture::load(host, fixture)
}

/// `module 3:5-3:19 \`text\``: where a span is, as an editor shows it. In the standard
/// library, whose text other work changes, only the module and the text.
pub fn place(fx: &Fixture, file: SourceFile, span: Span) -> String {
    let db = fx.host.db();
    let text = file.text(db);
    if file.origin(db).is_stdlib() {
        return format!(
            "{} `{}`",
            file.module(db),
            text.get(span.range()).unwrap_or("")
        );
    }
    let index = ward_syntax::LineIndex::new(text);
    let (l1, c1) = index.human(text, span.start as usize);
    let (l2, c2) = index.human(text, span.end as usize);
    format!(
        "{} {l1}:{c1}-{l2}:{c2} `{}`",
        file.module(db),
        text.get(span.range()).unwrap_or("")
    )
}

pub fn at(fx: &Fixture, f: FileSpan) -> String {
    place(fx, f.file, f.span)
}

/// A module's text with edits applied (last first, so earlier spans stay valid).
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut out = text.to_string();
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
    for e in sorted {
        out.replace_range(e.span.range(), &e.new_text);
    }
    out
}

/// Each edit of a change as `module 1:2-1:5 \`old\` → \`new\``.
pub fn change(fx: &Fixture, change: &SourceChange) -> String {
    let mut out = Vec::new();
    for (file, edits) in &change.edits {
        for e in edits {
            out.push(format!("{} → `{}`", place(fx, *file, e.span), e.new_text));
        }
    }
    out.join("\n")
}

/// [`TRUST`] with the first `old` replaced by `new` (which may hold the `$0` cursor).
pub fn replaced(old: &str, new: &str) -> String {
    assert!(TRUST.contains(old), "`{old}` is not in the fixture");
    TRUST.replacen(old, new, 1)
}
