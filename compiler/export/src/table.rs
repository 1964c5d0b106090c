//! The cases table: one row per case, a `case_id` column and one column per fact (a record
//! fact as a struct, a list of records as an array of structs, an enum as its value's name).

use ward_core::eval::ir::{Program, RTy};

use crate::dialect::Dialect;

/// The column that lists the facts a case file gave (`given fact` reads it).
pub const GIVEN: &str = "given";

/// The SQL type of a Ward type, or why it has none yet.
pub fn sql_type(prog: &Program, d: Dialect, ty: &RTy) -> Result<String, String> {
    Ok(match ty {
        RTy::Bool => d.ty_bool().into(),
        RTy::Int => d.ty_int().into(),
        RTy::Decimal => d.ty_decimal().into(),
        RTy::Text | RTy::Enum(_) => d.ty_text().into(),
        RTy::List(t) | RTy::Set(t) => d.ty_array(&sql_type(prog, d, t)?),
        RTy::Record(r) => {
            let info = &prog.records[*r as usize];
            if d == Dialect::Postgres {
                d.ident(&format!("ward_{}", info.name))
            } else {
                let mut fs = Vec::new();
                for f in &info.fields {
                    fs.push((f.name.clone(), sql_type(prog, d, &f.ty)?));
                }
                d.ty_struct(&fs)
            }
        }
        RTy::Date => "TIMESTAMP".into(),
        RTy::Duration => return Err("duration columns are not yet exported".into()),
    })
}

/// `CREATE TABLE` for the cases (for Postgres, preceded by a composite type per record).
pub fn table_ddl(prog: &Program, d: Dialect, table: &str) -> Result<String, Vec<String>> {
    let mut errors = Vec::new();
    let mut out = String::new();
    if d == Dialect::Postgres {
        for r in &prog.records {
            let mut fs = Vec::new();
            for f in &r.fields {
                match sql_type(prog, d, &f.ty) {
                    Ok(t) => fs.push(format!("{} {t}", d.ident(&f.name))),
                    Err(e) => errors.push(format!("{}.{}: {e}", r.name, f.name)),
                }
            }
            out.push_str(&format!(
                "CREATE TYPE {} AS ({});\n",
                d.ident(&format!("ward_{}", r.name)),
                fs.join(", ")
            ));
        }
    }
    let mut cols = vec![
        format!("  {} {}", d.ident("case_id"), d.ty_text()),
        format!("  {} {}", d.ident(GIVEN), d.ty_array(d.ty_text())),
    ];
    for f in &prog.facts {
        match sql_type(prog, d, &f.ty) {
            Ok(t) => cols.push(format!("  {} {t}", d.ident(&f.name))),
            Err(e) => errors.push(format!("{}: {e}", f.name)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    out.push_str(&format!(
        "CREATE TABLE {table} (\n{}\n);\n",
        cols.join(",\n")
    ));
    Ok(out)
}
