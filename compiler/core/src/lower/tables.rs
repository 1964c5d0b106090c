//! The tables of a lowered program: modules, types, facts and their slots, and the index of
//! every named item. They are all built before any expression is lowered, because lowering an
//! expression turns each name it uses into one of these indices.

use smol_str::SmolStr;

use crate::db::Db;
use crate::eval::ir::*;
use crate::modules::ModuleIndex;
use crate::program::GlobalTables;
use crate::ty::{ItemRef, Ty};

use super::{Lx, SelfKind, SlotDefault, sha256_hex};

impl Lx<'_> {
    /// Each module's name, hash and origin.
    pub(super) fn module_infos(&mut self, db: &dyn Db, index: &ModuleIndex) {
        for (m, &f) in &index.modules {
            let origin = f.origin(db);
            self.prog.modules.push(ModuleInfo {
                name: m.to_string(),
                hash: sha256_hex(f.text(db).as_bytes()),
                origin: origin.kind,
                package: origin.package.to_string(),
                version: origin.version.to_string(),
            });
        }
    }

    /// Enums with their variants, and records with their fields.
    pub(super) fn types(&mut self, names: &[SmolStr]) {
        for (mi, hir) in self.hirs.clone().iter().enumerate() {
            for e in &hir.enums {
                let id = self.prog.enums.len() as u32;
                self.enum_ids
                    .insert(ItemRef::new(names[mi].clone(), e.name.clone()), id);
                let unknown_mask = e
                    .variants
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.means_unknown)
                    .fold(0u64, |m, (i, _)| m | (1u64 << i));
                self.prog.enums.push(EnumInfo {
                    name: e.name.to_string(),
                    doc: e.doc.clone(),
                    variants: e.variants.iter().map(|v| v.name.to_string()).collect(),
                    variant_docs: e.variants.iter().map(|v| v.doc.clone()).collect(),
                    unknown_mask,
                });
            }
            for r in &hir.records {
                let id = self.prog.records.len() as u32;
                self.record_ids
                    .insert(ItemRef::new(names[mi].clone(), r.name.clone()), id);
                self.prog.records.push(RecordInfo {
                    name: r.name.to_string(),
                    doc: r.doc.clone(),
                    fields: vec![],
                });
            }
        }
        for (mi, hir) in self.hirs.clone().iter().enumerate() {
            for r in &hir.records {
                let id = self.record_ids[&ItemRef::new(names[mi].clone(), r.name.clone())];
                let fields = r
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(fi, f)| {
                        if let Some(d) = f.default {
                            self.field_defaults.insert((id, fi as u16), (mi, d));
                        }
                        FieldInfo {
                            name: f.name.to_string(),
                            ty: self.rty(&f.ty),
                            ask: f.ask.clone(),
                            doc: f.doc.clone(),
                            has_default: f.default.is_some(),
                        }
                    })
                    .collect();
                self.prog.records[id as usize].fields = fields;
            }
        }
    }

    /// Facts and their slots; returns the field defaults still to lower per slot.
    pub(super) fn facts(&mut self, names: &[SmolStr]) -> Vec<SlotDefault> {
        let mut slot_defaults: Vec<SlotDefault> = Vec::new();
        for (mi, hir) in self.hirs.clone().iter().enumerate() {
            for f in &hir.facts {
                let id = self.prog.facts.len() as u32;
                self.fact_ids
                    .insert(ItemRef::new(names[mi].clone(), f.name.clone()), id);
                let ty = self.rty(&f.ty);
                let first = self.prog.slots.len() as SlotId;
                match &ty {
                    RTy::Record(r) => {
                        let rec = self.prog.records[*r as usize].clone();
                        for (fi, field) in rec.fields.iter().enumerate() {
                            let slot = self.prog.slots.len() as SlotId;
                            if let Some(&(dm, de)) = self.field_defaults.get(&(*r, fi as u16)) {
                                slot_defaults.push((slot, dm, de, SelfKind::Slots(first)));
                            }
                            self.prog.slots.push(SlotInfo {
                                path: format!("{}.{}", f.name, field.name),
                                ty: field.ty.clone(),
                                ask: field.ask.clone(),
                                default: None,
                                fact: id,
                            });
                        }
                    }
                    _ => {
                        if let Some(d) = f.default {
                            slot_defaults.push((first, mi, d, SelfKind::None));
                        }
                        self.prog.slots.push(SlotInfo {
                            path: f.name.to_string(),
                            ty: ty.clone(),
                            ask: f.ask.clone(),
                            default: None,
                            fact: id,
                        });
                    }
                }
                self.prog.facts.push(FactInfo {
                    name: f.name.to_string(),
                    ty,
                    ask: f.ask.clone(),
                    doc: f.doc.clone(),
                    optional: f.optional,
                    first_slot: first,
                });
            }
        }
        slot_defaults
    }

    /// Names of everything else, before any expression is lowered.
    pub(super) fn item_ids(&mut self, names: &[SmolStr], globals: &GlobalTables) {
        for (mi, hir) in self.hirs.clone().iter().enumerate() {
            for d in &hir.defs {
                let id = self.prog.defs.len() as u32;
                self.def_ids
                    .insert(ItemRef::new(names[mi].clone(), d.name.clone()), id);
                let name = format!("{}.{}", names[mi], d.name);
                self.def_is_bool.insert(name.clone(), d.ty == Ty::Bool);
                self.prog.defs.push(DefInfo { name, node: 0 });
            }
            for s in &hir.sources {
                let id = self.prog.sources.len() as u32;
                self.source_ids
                    .insert(ItemRef::new(names[mi].clone(), s.name.clone()), id);
                let covers_mask = globals
                    .jurisdiction_enum
                    .as_ref()
                    .map(|(_, es)| {
                        s.covers
                            .iter()
                            .filter_map(|c| es.variant(c))
                            .fold(0u64, |m, i| m | (1u64 << i))
                    })
                    .unwrap_or(0);
                self.prog.sources.push(SourceInfo {
                    name: format!("{}.{}", names[mi], s.name),
                    document: s.document.clone(),
                    section: s.section.clone(),
                    from: s.from.clone(),
                    covers: s.covers.iter().map(|c| c.to_string()).collect(),
                    covers_mask,
                    label: s.label,
                    reviewed: s.reviewed.clone(),
                    note: s.note.clone(),
                    url: s.url.clone(),
                    doc: s.doc.clone(),
                });
            }
            for o in &hir.obligations {
                let id = self.prog.obligations.len() as u32;
                self.obligation_ids.insert(o.id.clone(), id);
                self.prog.obligations.push(ObligationInfo {
                    id: o.id.to_string(),
                    title: o.title.clone(),
                    held_by: o.held_by.to_string(),
                    doc: o.doc.clone(),
                    module: mi as u32,
                    rules: vec![],
                });
            }
            for r in &hir.rules {
                let id = self.rule_ids.len() as u32;
                self.rule_ids
                    .insert(ItemRef::new(names[mi].clone(), r.name.clone()), id);
            }
        }
    }

    /// The jurisdiction slot.
    pub(super) fn jurisdiction(&mut self, globals: &GlobalTables) {
        if let (Some((fact, field)), Some((en, _))) =
            (&globals.jurisdiction, &globals.jurisdiction_enum)
            && let (Some(&f), Some(&e)) = (self.fact_ids.get(fact), self.enum_ids.get(en))
        {
            let fi = &self.prog.facts[f as usize];
            if let RTy::Record(r) = fi.ty
                && let Some(i) = self.prog.records[r as usize]
                    .fields
                    .iter()
                    .position(|x| x.name == *field)
            {
                self.prog.jurisdiction = Some((fi.first_slot + i as u32, e));
            }
        }
    }

    pub(super) fn rty(&self, t: &Ty) -> RTy {
        match t {
            Ty::Bool => RTy::Bool,
            Ty::Int => RTy::Int,
            Ty::Decimal => RTy::Decimal,
            Ty::Text => RTy::Text,
            Ty::Date => RTy::Date,
            Ty::Duration => RTy::Duration,
            Ty::Enum(r) => RTy::Enum(self.enum_ids.get(r).copied().unwrap_or(0)),
            Ty::Record(r) => RTy::Record(self.record_ids.get(r).copied().unwrap_or(0)),
            Ty::List(el) => RTy::List(Box::new(self.rty(el))),
            Ty::Set(el) => RTy::Set(Box::new(self.rty(el))),
            Ty::Any => RTy::Bool,
        }
    }
}
