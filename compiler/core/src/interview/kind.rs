//! What kind of answer a fact takes, from its runtime type: a choice list (with each value's
//! doc comment as its description), a multi-select, yes/no, a date, a list of records to add
//! one at a time. Every kind also allows "don't know", which leaves the fact unknown.

use serde::Serialize;

use crate::eval::explain::{FactPath, Step};
use crate::eval::ir::{Program, RTy};

/// One value of a choice list.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Choice {
    /// As written in a case file: `medical_device`.
    pub value: String,
    /// The value's doc comment, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// The kind of answer a question takes.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    /// Yes or no.
    Boolean,
    /// One of `choices`.
    Choice {
        choices: Vec<Choice>,
    },
    /// Any number of `choices` (none is an answer too: the empty set).
    MultiChoice {
        choices: Vec<Choice>,
    },
    Integer,
    Decimal,
    Text,
    /// A date, stored as ISO 8601 (`2026-11-22`).
    Date,
    /// A length of time such as `72 hours` or `12 months`.
    Duration,
    /// Several values of one kind (a set or list of non-enum scalars).
    Values {
        item: Box<Answer>,
    },
    /// A list of records, entered one at a time ("add another?"); none is the empty list.
    Records {
        record: String,
        #[serde(skip_serializing_if = "String::is_empty")]
        help: String,
    },
    /// Whether an optional record is there at all (`change`: is a change under way?).
    Presence {
        record: String,
    },
}

fn choices(prog: &Program, e: u32) -> Vec<Choice> {
    let info = &prog.enums[e as usize];
    info.variants
        .iter()
        .enumerate()
        // Values that mean "unknown" are the "don't know" answer, not a choice.
        .filter(|(i, _)| info.unknown_mask & (1u64 << i) == 0)
        .map(|(i, v)| Choice {
            value: v.clone(),
            help: info.variant_docs.get(i).filter(|d| !d.is_empty()).cloned(),
        })
        .collect()
}

/// The answer a value of type `ty` takes.
pub fn answer_kind(prog: &Program, ty: &RTy) -> Answer {
    match ty {
        RTy::Bool => Answer::Boolean,
        RTy::Int => Answer::Integer,
        RTy::Decimal => Answer::Decimal,
        RTy::Text => Answer::Text,
        RTy::Date => Answer::Date,
        RTy::Duration => Answer::Duration,
        RTy::Enum(e) => Answer::Choice {
            choices: choices(prog, *e),
        },
        RTy::Set(el) | RTy::List(el) => match &**el {
            RTy::Enum(e) => Answer::MultiChoice {
                choices: choices(prog, *e),
            },
            RTy::Record(r) => {
                let rec = &prog.records[*r as usize];
                Answer::Records {
                    record: rec.name.clone(),
                    help: rec.doc.clone(),
                }
            }
            other => Answer::Values {
                item: Box::new(answer_kind(prog, other)),
            },
        },
        RTy::Record(r) => Answer::Presence {
            record: prog.records[*r as usize].name.clone(),
        },
    }
}

/// The doc comment of the fact or field at a path (empty when it has none), and its type.
pub fn path_help<'p>(prog: &'p Program, p: &FactPath) -> (&'p str, &'p RTy) {
    let slot = &prog.slots[p.slot as usize];
    let fact = &prog.facts[slot.fact as usize];
    let mut ty = &slot.ty;
    let mut doc = match &fact.ty {
        RTy::Record(r) => prog.records[*r as usize]
            .fields
            .get((p.slot - fact.first_slot) as usize)
            .map(|f| f.doc.as_str())
            .unwrap_or(""),
        _ => fact.doc.as_str(),
    };
    for step in &p.steps {
        match (step, ty) {
            (Step::Index(_), RTy::List(el) | RTy::Set(el)) => ty = el,
            (Step::Field(f), RTy::Record(r)) => {
                let field = &prog.records[*r as usize].fields[*f as usize];
                doc = &field.doc;
                ty = &field.ty;
            }
            _ => {}
        }
    }
    (doc, ty)
}
