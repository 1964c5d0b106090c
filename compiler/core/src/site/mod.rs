//! `ward doc`: a static site of the loaded policy — the standard library and local packages —
//! with a page per obligation, per fact and per module, and an index with a search box. A pure
//! function of the lowered program (and the documents' titles): the CLI writes the pages.
//! Pages are minijinja templates like the HTML report, share its stylesheet, load nothing
//! from elsewhere, and link to each other by relative paths.

use minijinja::{Environment, context};
use serde::Serialize;

use crate::eval::ir::{Program, RTy};
use crate::report::guidance::Guidance;
use crate::report::words::{holder_words, level_words};

/// One page: its path below the site's root (`obligation/dpia.html`) and its HTML.
pub struct Page {
    pub path: String,
    pub html: String,
}

#[derive(Serialize)]
struct Link {
    href: String,
    text: String,
    kind: &'static str,
    note: String,
}

#[derive(Serialize)]
struct RuleView {
    name: String,
    level: String,
    verb: String,
    doc: String,
    for_each: Option<String>,
    conditions: Vec<String>,
    deadlines: Vec<String>,
    exceptions: Vec<String>,
    justification: Option<String>,
    review: Option<String>,
    cites: Vec<CiteView>,
    module: Link,
}

#[derive(Serialize)]
struct CiteView {
    document: String,
    section: String,
    at: Option<String>,
    url: Option<String>,
}

#[derive(Serialize)]
struct FieldView {
    name: String,
    ty: String,
    ask: String,
    doc: String,
}

fn type_text(prog: &Program, ty: &RTy) -> String {
    match ty {
        RTy::Bool => "bool".into(),
        RTy::Int => "int".into(),
        RTy::Decimal => "decimal".into(),
        RTy::Text => "text".into(),
        RTy::Date => "date".into(),
        RTy::Duration => "duration".into(),
        RTy::Enum(e) => {
            let info = &prog.enums[*e as usize];
            format!("{} ({})", info.name, info.variants.join(", "))
        }
        RTy::Record(r) => prog.records[*r as usize].name.clone(),
        RTy::List(el) => format!("list<{}>", type_text(prog, el)),
        RTy::Set(el) => format!("set<{}>", type_text(prog, el)),
    }
}

/// A name as a file name: letters, digits, `-`, `_` and `.` only.
fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn module_link(prog: &Program, m: u32) -> Link {
    let info = &prog.modules[m as usize];
    Link {
        href: format!("../module/{}.html", slug(&info.name)),
        text: info.name.clone(),
        kind: "module",
        note: format!("{} {}", info.package, info.version),
    }
}

fn rule_view(prog: &Program, g: &dyn Guidance, r: u32) -> RuleView {
    let rule = &prog.rules[r as usize];
    RuleView {
        name: rule.name.clone(),
        level: level_words(rule.level.keyword()).into(),
        verb: rule.verb.keyword().into(),
        doc: rule.doc.clone(),
        for_each: rule.for_text.clone(),
        conditions: rule.conditions.iter().map(|c| c.text.clone()).collect(),
        deadlines: rule.deadlines.iter().map(|d| d.text.clone()).collect(),
        exceptions: rule
            .excepted_by
            .iter()
            .map(|&e| prog.rules[e as usize].name.clone())
            .collect(),
        justification: rule.justification.clone(),
        review: rule.review.clone(),
        cites: rule
            .citations
            .iter()
            .map(|c| {
                let s = &prog.sources[c.source as usize];
                let info = g.document(&s.document);
                CiteView {
                    document: info
                        .as_ref()
                        .map(|i| i.title.clone())
                        .unwrap_or_else(|| s.document.clone()),
                    section: s.section.clone(),
                    at: c.at.clone(),
                    url: s.url.clone().or_else(|| info.and_then(|i| i.url)),
                }
            })
            .collect(),
        module: module_link(prog, rule.module),
    }
}

fn env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    for (name, text) in [
        ("base.html", include_str!("base.html")),
        ("index.html", include_str!("index.html")),
        ("obligation.html", include_str!("obligation.html")),
        ("fact.html", include_str!("fact.html")),
        ("module.html", include_str!("module.html")),
    ] {
        env.add_template(name, text)
            .expect("the embedded templates parse (a unit test renders each)");
    }
    env
}

fn render(env: &Environment<'_>, name: &str, ctx: minijinja::Value) -> String {
    match env.get_template(name).and_then(|t| t.render(ctx)) {
        Ok(s) => s,
        Err(e) => format!(
            "<!DOCTYPE html><html lang=\"en-GB\"><title>error</title><p>the {name} template failed: {e}</p></html>"
        ),
    }
}

/// Every page of the site.
pub fn site(prog: &Program, g: &dyn Guidance, version: &str) -> Vec<Page> {
    let env = env();
    let css = crate::report::templates::CSS;
    let mut pages = Vec::new();
    let mut index: Vec<Link> = Vec::new();
    for o in &prog.obligations {
        let path = format!("obligation/{}.html", slug(&o.id));
        let rules: Vec<RuleView> = o.rules.iter().map(|&r| rule_view(prog, g, r)).collect();
        let level = o
            .rules
            .first()
            .map(|&r| level_words(prog.rules[r as usize].level.keyword()))
            .unwrap_or("no rule");
        index.push(Link {
            href: path.clone(),
            text: o.title.clone(),
            kind: "obligation",
            note: format!("{} ({level})", o.id),
        });
        let html = render(
            &env,
            "obligation.html",
            context! {
                css, version, root => "../", title => &o.title, id => &o.id, holder => holder_words(&o.held_by),
                doc => &o.doc, level, rules, module => module_link(prog, o.module),
            },
        );
        pages.push(Page { path, html });
    }
    for f in &prog.facts {
        let path = format!("fact/{}.html", slug(&f.name));
        let fields: Vec<FieldView> = match &f.ty {
            RTy::Record(r) => prog.records[*r as usize]
                .fields
                .iter()
                .map(|x| FieldView {
                    name: format!("{}.{}", f.name, x.name),
                    ty: type_text(prog, &x.ty),
                    ask: x.ask.clone().unwrap_or_default(),
                    doc: x.doc.clone(),
                })
                .collect(),
            _ => vec![],
        };
        index.push(Link {
            href: path.clone(),
            text: f.name.clone(),
            kind: "fact",
            note: f.ask.clone().unwrap_or_default(),
        });
        let html = render(
            &env,
            "fact.html",
            context! {
                css, version, root => "../", title => &f.name, ty => type_text(prog, &f.ty), ask => &f.ask,
                doc => &f.doc, optional => f.optional, fields,
            },
        );
        pages.push(Page { path, html });
    }
    for (mi, m) in prog.modules.iter().enumerate() {
        let path = format!("module/{}.html", slug(&m.name));
        let obligations: Vec<Link> = prog
            .obligations
            .iter()
            .filter(|o| o.module as usize == mi)
            .map(|o| Link {
                href: format!("../obligation/{}.html", slug(&o.id)),
                text: o.title.clone(),
                kind: "obligation",
                note: o.id.clone(),
            })
            .collect();
        let rules: Vec<Link> = prog
            .rules
            .iter()
            .filter(|r| r.module as usize == mi)
            .map(|r| {
                let o = &prog.obligations[r.obligation as usize];
                Link {
                    href: format!("../obligation/{}.html", slug(&o.id)),
                    text: r.name.clone(),
                    kind: "rule",
                    note: format!("{} {}", r.verb.keyword(), o.id),
                }
            })
            .collect();
        index.push(Link {
            href: path.clone(),
            text: m.name.clone(),
            kind: "module",
            note: format!("{} {}", m.package, m.version),
        });
        let html = render(
            &env,
            "module.html",
            context! {
                css, version, root => "../", title => &m.name, package => &m.package, module_version => &m.version,
                origin => format!("{:?}", m.origin).to_lowercase(), hash => &m.hash, obligations, rules,
            },
        );
        pages.push(Page { path, html });
    }
    let html = render(
        &env,
        "index.html",
        context! {
            css, version, root => "", title => "Ward policy reference", entries => index,
            counts => context! { obligations => prog.obligations.len(), facts => prog.facts.len(), modules => prog.modules.len() },
        },
    );
    pages.push(Page {
        path: "index.html".into(),
        html,
    });
    pages
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_templates_parse() {
        let env = super::env();
        for name in ["index.html", "obligation.html", "fact.html", "module.html"] {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
        assert_eq!(super::slug("nhs.a/b c"), "nhs.a_b_c");
    }
}
