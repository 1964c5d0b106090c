//! What a dotted path, a bound variable or the left of a comparison means at the cursor:
//! fields after `supplier.`, items after `module.`, the enum whose values may come after `=`.
//! Resolved against the module's interface, its imports and the global tables, since the
//! text being typed does not parse yet.

use smol_str::SmolStr;
use ward_core::interface::Sig;
use ward_core::scope::Binding;
use ward_core::ty::{ItemRef, Ty};

use super::Collector;
use super::context::{Context, trailing_path, unclosed_brace, words};
use crate::TextEdit;
use crate::imports::add_use;

/// What a path names, as far as completion cares.
pub(super) enum Target {
    Value(Ty),
    Module(SmolStr),
    Enum(ItemRef),
}

impl Collector<'_> {
    pub(super) fn members(&mut self, cx: &Context<'_>, path: &[&str]) {
        match self.resolve(cx, path, 0) {
            Some(Target::Value(Ty::Record(r))) => {
                let before = self.items.len();
                self.fields(&r);
                // A fact named without its `use` (outside a test's `given`, where facts need
                // none): choosing a field imports it.
                if let Some(first) = path.first()
                    && let Some(edit) = self.missing_fact_import(cx, first)
                {
                    for item in &mut self.items[before..] {
                        item.additional_edits = vec![edit.clone()];
                    }
                }
            }
            Some(Target::Value(_)) | None => {}
            Some(Target::Enum(e)) => self.variants(&e),
            Some(Target::Module(m)) => {
                if let Some(f) = self.a.file_of(&m) {
                    let items: Vec<(SmolStr, Sig)> = self
                        .a
                        .interface(f)
                        .items
                        .iter()
                        .map(|(n, s)| (n.clone(), s.clone()))
                        .collect();
                    for (name, sig) in items {
                        self.item(&name, &ItemRef::new(m.clone(), name.clone()), &sig);
                    }
                }
            }
        }
    }

    /// What a dotted path means at the cursor.
    pub(super) fn resolve(&self, cx: &Context<'_>, path: &[&str], depth: usize) -> Option<Target> {
        let a = self.a;
        let (first, rest) = path.split_first()?;
        let me = a.module_name(self.file).clone();
        let mut target = if let Some(coll) = self.binder(cx, first).filter(|_| depth < 8) {
            let coll: Vec<&str> = coll.iter().map(String::as_str).collect();
            match self.resolve(cx, &coll, depth + 1)? {
                Target::Value(ty) => Target::Value(ty.element()?.clone()),
                _ => return None,
            }
        } else if let Some(sig) = a.interface(self.file).get(first) {
            Self::target_of(&ItemRef::new(me, *first), sig)?
        } else if let Some(imp) = a.scope(self.file).names.get(*first) {
            match &imp.binding {
                Binding::Module(m) => Target::Module(m.clone()),
                Binding::Item(r) => Self::target_of(r, a.sig(r)?)?,
            }
        } else if let Some((_, ty, _)) = a.globals().facts.get(*first) {
            // In a test's `given`, facts are named without imports.
            Target::Value(ty.clone())
        } else {
            return None;
        };
        for seg in rest {
            target = match target {
                Target::Value(Ty::Record(r)) => match a.sig(&r)? {
                    Sig::Record(rs) => Target::Value(rs.fields.get(rs.field(seg)?)?.ty.clone()),
                    _ => return None,
                },
                Target::Module(m) => {
                    let f = a.file_of(&m)?;
                    let sig = a.interface(f).get(seg)?;
                    Self::target_of(&ItemRef::new(m.clone(), *seg), sig)?
                }
                _ => return None,
            };
        }
        Some(target)
    }

    /// The `use` a fact named at the head of a path still needs here, if any.
    pub(super) fn missing_fact_import(&self, cx: &Context<'_>, name: &str) -> Option<TextEdit> {
        let a = self.a;
        if cx.item_keyword() == Some("test")
            || self.binder(cx, name).is_some()
            || a.interface(self.file).get(name).is_some()
            || a.scope(self.file).names.contains_key(name)
        {
            return None;
        }
        let (r, _, _) = a.globals().facts.get(name)?;
        add_use(a, self.file, &r.module, Some(name))
    }

    pub(super) fn target_of(r: &ItemRef, sig: &Sig) -> Option<Target> {
        match sig {
            Sig::Fact(f) => Some(Target::Value(f.ty.clone())),
            Sig::Def(d) => Some(Target::Value(d.ty.clone())),
            Sig::Enum(_) => Some(Target::Enum(r.clone())),
            _ => None,
        }
    }

    /// The collection a variable named `name` ranges over, if a quantifier or `for` in the
    /// current item binds it before the cursor.
    pub(super) fn binder(&self, cx: &Context<'_>, name: &str) -> Option<Vec<String>> {
        let (start, _) = cx.item?;
        let words = words(&cx.text[start..cx.offset]);
        let mut found = None;
        for w in words.windows(4) {
            if matches!(w[0], "any" | "all" | "for") && w[1] == name && w[2] == "in" {
                found = Some(
                    w[3].split('.')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                );
            }
        }
        found
    }

    /// Every variable bound before the cursor in the current item.
    pub(super) fn binders(&self, cx: &Context<'_>) -> Vec<String> {
        let Some((start, _)) = cx.item else {
            return vec![];
        };
        let words = words(&cx.text[start..cx.word_start]);
        words
            .windows(3)
            .filter(|w| matches!(w[0], "any" | "all" | "for") && w[2] == "in")
            .map(|w| w[1].to_string())
            .collect()
    }

    /// The enum whose value may come next: after `=`, `!=`, `in {`, `has`, `has any {`, ….
    pub(super) fn expected_enum(&self, cx: &Context<'_>) -> Option<ItemRef> {
        let mut head = cx.head.trim_end();
        // Inside a set literal: look before its opening brace.
        if let Some(open) = unclosed_brace(head) {
            head = head[..open].trim_end();
        }
        let (lhs, element) =
            if let Some(h) = head.strip_suffix("!=").or_else(|| head.strip_suffix('=')) {
                if h.ends_with(['<', '>', '=', '!']) {
                    return None;
                }
                (h, false)
            } else if let Some(h) = head
                .strip_suffix(" not in")
                .or_else(|| head.strip_suffix(" in"))
            {
                (h, false)
            } else if let Some(h) = head
                .strip_suffix(" has any")
                .or_else(|| head.strip_suffix(" has all"))
                .or_else(|| head.strip_suffix(" has"))
            {
                (h, true)
            } else {
                return None;
            };
        let path = trailing_path(lhs.trim_end());
        if path.is_empty() {
            return None;
        }
        let ty = match self.resolve(cx, &path, 0)? {
            Target::Value(ty) => ty,
            _ => return None,
        };
        let ty = if element { ty.element()?.clone() } else { ty };
        // `x = {a, b}` compares sets; `x in {…}` lists scalars.
        match ty.element().cloned().unwrap_or(ty) {
            Ty::Enum(e) => Some(e),
            _ => None,
        }
    }
}
