//! Test lowering: each `test` of a module becomes a prebuilt case with its expectations, so
//! `ward test` evaluates it like any case file, without parsing its `given` again. It is kept
//! sparse ([`Given`]): the slots the test knows, made a full case when the test runs.

use smol_str::SmolStr;

use crate::check::check_module;
use crate::db::{Db, Workspace};
use crate::eval::case::Case;
use crate::eval::ir::*;
use crate::eval::value::Value;
use crate::hir::{ExprId, HExpect};
use crate::modules::ModuleIndex;

use super::Lx;

impl Lx<'_> {
    /// Every test of every module.
    pub(super) fn tests(&mut self, db: &dyn Db, ws: Workspace, index: &ModuleIndex) {
        for (mi, (m, &f)) in index.modules.iter().enumerate() {
            let items = &crate::parsed(db, f).module.items;
            for t in &check_module(db, ws, f).hir.tests {
                let case = self.given_case(mi, &t.given);
                let expectations = t
                    .expects
                    .iter()
                    .filter_map(|e| {
                        let (exp, line) = match e {
                            HExpect::Applies {
                                obligation,
                                verb,
                                level,
                                due,
                                line,
                            } => (
                                Expectation::Applies {
                                    obligation: *self.obligation_ids.get(obligation)?,
                                    verb: *verb,
                                    level: *level,
                                    due: *due,
                                },
                                *line,
                            ),
                            HExpect::DoesNotApply { obligation, line } => (
                                Expectation::DoesNotApply {
                                    obligation: *self.obligation_ids.get(obligation)?,
                                },
                                *line,
                            ),
                            HExpect::Undetermined {
                                obligation,
                                missing,
                                line,
                            } => (
                                Expectation::Undetermined {
                                    obligation: *self.obligation_ids.get(obligation)?,
                                    missing: missing.clone(),
                                },
                                *line,
                            ),
                        };
                        Some((exp, line))
                    })
                    .collect();
                let offset = items
                    .get(t.item_index as usize)
                    .map(|i| i.span.start)
                    .unwrap_or(0);
                let _ = m;
                self.prog.tests.push(TestInfo {
                    name: t.name.clone(),
                    module: mi as u32,
                    expectations,
                    offset,
                    as_of: t.as_of,
                    given: Given::of(&case),
                });
            }
        }
    }

    /// A test's `given` as a case.
    fn given_case(&self, mi: usize, given: &[(SmolStr, Vec<SmolStr>, ExprId)]) -> Case {
        let mut case = Case::empty(&self.prog);
        for (fact, path, value) in given {
            let Some(fi) = self.prog.fact_by_name(fact) else {
                continue;
            };
            let Some(v) = self.constant(mi, *value) else {
                continue;
            };
            case.present[fi] = true;
            let info = &self.prog.facts[fi];
            match (&info.ty, path.as_slice()) {
                (RTy::Record(_), []) => {
                    if let Value::Record(fields) = v {
                        for (i, fv) in fields.iter().enumerate() {
                            case.slots[info.first_slot as usize + i] = fv.clone();
                        }
                    }
                }
                (RTy::Record(r), [field, rest @ ..]) => {
                    let rec = &self.prog.records[*r as usize];
                    let Some(i) = rec.fields.iter().position(|f| f.name == *field) else {
                        continue;
                    };
                    let slot = info.first_slot as usize + i;
                    let mut ty = &rec.fields[i].ty;
                    let current = std::mem::take(&mut case.slots[slot]);
                    case.slots[slot] = self.set_nested(current, &mut ty, rest, v);
                }
                (_, []) => case.slots[info.first_slot as usize] = v,
                _ => {}
            }
        }
        case
    }

    /// Set `path` inside a (possibly unknown) record value.
    fn set_nested(&self, current: Value, ty: &mut &RTy, path: &[SmolStr], v: Value) -> Value {
        let [field, rest @ ..] = path else { return v };
        let RTy::Record(r) = ty else { return current };
        let rec = &self.prog.records[*r as usize];
        let Some(i) = rec.fields.iter().position(|f| f.name == *field) else {
            return current;
        };
        let mut fields: Vec<Value> = match current {
            Value::Record(fs) => fs.to_vec(),
            _ => vec![Value::Unknown; rec.fields.len()],
        };
        let mut inner_ty = &rec.fields[i].ty;
        fields[i] = self.set_nested(std::mem::take(&mut fields[i]), &mut inner_ty, rest, v);
        Value::Record(fields.into())
    }
}
