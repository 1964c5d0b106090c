//! The report's words for people: levels, holders and fact values as a governance board
//! reads them ("legally required", "the adopting organisation", "pilot, live use"), so every
//! rendering (text, Markdown, HTML, `ward explain`) says them the same way.

use serde_json::Value as Json;

use super::FactEntry;

/// A level in words: `required` is "legally required".
pub fn level_words(level: &str) -> &'static str {
    match level {
        "required" => "legally required",
        "best_practice" => "best practice",
        "recommended" => "recommended",
        _ => "local policy",
    }
}

/// Who holds a duty, in words (`held_by` is a keyword of the language).
pub fn holder_words(held_by: &str) -> String {
    match held_by {
        "adopter" => "the adopting organisation".into(),
        "developer" => "the developer".into(),
        "both" => "the adopting organisation and the developer, together".into(),
        "commissioner" => "the commissioner".into(),
        "sponsor" => "the research sponsor".into(),
        "any" => "every organisation the case describes".into(),
        other => other.replace('_', " "),
    }
}

/// A value as a reader sees it: enum values with spaces, lists joined, unknown as "unknown".
pub fn value_words(v: &Json) -> String {
    match v {
        Json::Null => "unknown".into(),
        Json::String(s) => s.replace('_', " "),
        Json::Array(xs) if xs.is_empty() => "none".into(),
        Json::Array(xs) if xs.iter().all(|x| x.is_object()) => match xs.len() {
            1 => "1 entry".into(),
            n => format!("{n} entries"),
        },
        Json::Array(xs) => xs.iter().map(value_words).collect::<Vec<_>>().join(", "),
        Json::Object(m) => format!("a record of {} fields", m.len()),
        other => other.to_string(),
    }
}

/// The facts worth showing: a whole record or list of records is left out when a field of it
/// is also shown (the field says what mattered).
pub fn readable_facts(facts: &[FactEntry]) -> Vec<&FactEntry> {
    facts
        .iter()
        .filter(|f| {
            let whole = matches!(&f.value, Json::Object(_))
                || matches!(&f.value, Json::Array(xs) if xs.iter().any(Json::is_object));
            !whole
                || !facts.iter().any(|g| {
                    g.fact.len() > f.fact.len()
                        && g.fact.starts_with(&f.fact)
                        && matches!(g.fact.as_bytes()[f.fact.len()], b'.' | b'[')
                })
        })
        .collect()
}

/// One fact in a sentence: "organisation.nation is england (by default)".
pub fn fact_words(f: &FactEntry) -> String {
    let default = if f.default { " (by default)" } else { "" };
    format!("{} is {}{default}", f.fact, value_words(&f.value))
}

/// Facts in a sentence, the readable ones only.
pub fn facts_words(facts: &[FactEntry]) -> String {
    readable_facts(facts)
        .into_iter()
        .map(fact_words)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_left_out_when_its_field_is_shown() {
        let facts = vec![
            FactEntry {
                fact: "data.flows".into(),
                value: serde_json::json!([{"recipient": "developer"}]),
                default: false,
            },
            FactEntry {
                fact: "data.flows[0].recipient".into(),
                value: serde_json::json!("developer"),
                default: false,
            },
        ];
        assert_eq!(facts_words(&facts), "data.flows[0].recipient is developer");
        assert_eq!(
            holder_words("both"),
            "the adopting organisation and the developer, together"
        );
        assert_eq!(level_words("required"), "legally required");
    }
}
