//! The language's words, stated once: the parser splits files into items at [`ITEM`], and the
//! editor completes and refuses to rename to these.

/// Words that start a top-level item.
pub const ITEM: &[&str] = &[
    "module",
    "use",
    "enum",
    "record",
    "fact",
    "def",
    "source",
    "obligation",
    "rule",
    "test",
    "jurisdiction",
];

/// The grammar's reserved words (the `keyword` rule of `ward.pest`): never an identifier.
pub const RESERVED: &[&str] = &[
    "and", "or", "not", "in", "has", "is", "where", "then", "when", "true", "false", "any", "all",
    "if", "else", "today",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_words_are_what_the_grammar_refuses_as_identifiers() {
        use crate::parse::{Rule, WardParser};
        use pest::Parser;
        let whole = |text: &str| {
            WardParser::parse(Rule::ident, text)
                .is_ok_and(|mut p| p.next().is_some_and(|ident| ident.as_str() == text))
        };
        for kw in RESERVED {
            assert!(
                !whole(kw),
                "`{kw}` is an identifier: the grammar and RESERVED disagree"
            );
            assert!(whole(&format!("{kw}_x")), "`{kw}_x` is an identifier");
        }
        // And nothing else is reserved: the item keywords are identifiers to the grammar.
        for word in ITEM {
            assert!(whole(word), "`{word}` is not an identifier");
        }
    }
}
