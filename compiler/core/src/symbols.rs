//! Where each name is declared and used in a module: the index behind hover, go to definition,
//! references, rename and semantic tokens. Spans are byte ranges in the module's text.

use smol_str::SmolStr;
use ward_syntax::Span;

use crate::ty::ItemRef;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Symbol {
    Module(SmolStr),
    Item(ItemRef),
    /// A field of a record type.
    Field(ItemRef, SmolStr),
    /// A value of an enum type.
    Variant(ItemRef, SmolStr),
    Obligation(SmolStr),
    /// A bound variable, identified by the span of its binding occurrence.
    Local(Span),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub span: Span,
    pub symbol: Symbol,
    /// The binding or declaring occurrence, rather than a use.
    pub is_definition: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SymbolIndex {
    pub occurrences: Vec<Occurrence>,
}

impl SymbolIndex {
    pub fn define(&mut self, span: Span, symbol: Symbol) {
        self.occurrences.push(Occurrence {
            span,
            symbol,
            is_definition: true,
        });
    }
    pub fn refer(&mut self, span: Span, symbol: Symbol) {
        self.occurrences.push(Occurrence {
            span,
            symbol,
            is_definition: false,
        });
    }
    /// The innermost occurrence covering `offset`.
    pub fn at(&self, offset: usize) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .filter(|o| o.span.contains(offset))
            .min_by_key(|o| o.span.len())
    }
}
