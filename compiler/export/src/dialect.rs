//! What differs between the SQL engines: list functions, lambdas, struct field access and
//! type names. Everything else (Kleene `AND`/`OR`/`NOT`, `CASE`, `IN`) is standard SQL.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Spark,
    Postgres,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Spark => "spark",
            Dialect::Postgres => "postgres",
        }
    }

    /// A quoted identifier.
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A field of a struct-valued expression.
    pub fn field(self, base: &str, name: &str) -> String {
        match self {
            Dialect::Postgres => format!("({base}).{}", self.ident(name)),
            _ => format!("{base}.{}", self.ident(name)),
        }
    }

    /// A text literal.
    pub fn text(self, s: &str) -> String {
        match self {
            // Spark reads backslash escapes inside string literals.
            Dialect::Spark => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            _ => format!("'{}'", s.replace('\'', "''")),
        }
    }

    /// An array literal of text values.
    pub fn text_array(self, items: &[String]) -> String {
        match self {
            Dialect::DuckDb => format!("[{}]", items.join(", ")),
            Dialect::Spark => format!("array({})", items.join(", ")),
            Dialect::Postgres => format!("ARRAY[{}]::text[]", items.join(", ")),
        }
    }

    /// Whether a (non-NULL) array holds an element.
    pub fn contains(self, arr: &str, item: &str) -> String {
        match self {
            Dialect::DuckDb => format!("list_contains({arr}, {item})"),
            Dialect::Spark => format!("array_contains({arr}, {item})"),
            Dialect::Postgres => format!("({item} = ANY({arr}))"),
        }
    }

    /// Whether two (non-NULL) arrays of known elements hold the same elements, as sets: order
    /// and repetition do not count (the evaluator's enum sets are bit masks).
    pub fn set_equal(self, a: &str, b: &str) -> String {
        match self {
            Dialect::DuckDb => {
                format!("(list_sort(list_distinct({a})) = list_sort(list_distinct({b})))")
            }
            Dialect::Spark => {
                format!("(array_sort(array_distinct({a})) = array_sort(array_distinct({b})))")
            }
            // Containment both ways ignores order and repetition, and `'{}' @> '{}'` holds.
            Dialect::Postgres => format!("({a} @> {b} AND {b} @> {a})"),
        }
    }

    /// An array literal with its type, so that an empty one is typed too.
    pub fn typed_array(self, items: &[String], ty: &str) -> String {
        match self {
            Dialect::DuckDb => format!("CAST([{}] AS {ty})", items.join(", ")),
            Dialect::Spark => format!("CAST(array({}) AS {ty})", items.join(", ")),
            Dialect::Postgres => format!("CAST(ARRAY[{}] AS {ty})", items.join(", ")),
        }
    }

    /// The number of elements of an array (NULL for a NULL array).
    pub fn len(self, arr: &str) -> String {
        match self {
            Dialect::DuckDb => format!("len({arr})"),
            // `size(NULL)` is -1 unless legacy settings are off: test for NULL explicitly.
            Dialect::Spark => format!("(CASE WHEN {arr} IS NULL THEN NULL ELSE size({arr}) END)"),
            Dialect::Postgres => format!("cardinality({arr})"),
        }
    }

    /// Whether a (non-NULL) array shares an element with another.
    pub fn has_any(self, arr: &str, items: &str) -> String {
        match self {
            Dialect::DuckDb => format!("list_has_any({arr}, {items})"),
            Dialect::Spark => format!("arrays_overlap({arr}, {items})"),
            Dialect::Postgres => format!("({arr} && {items})"),
        }
    }

    /// Whether a (non-NULL) array holds every element of another.
    pub fn has_all(self, arr: &str, items: &str) -> String {
        match self {
            Dialect::DuckDb => format!("list_has_all({arr}, {items})"),
            Dialect::Spark => format!("(size(array_except({items}, {arr})) = 0)"),
            Dialect::Postgres => format!("({arr} @> {items})"),
        }
    }

    /// How many elements of `arr`, bound to `var`, make `pred` hold (`pred` a SQL boolean).
    pub fn count_where(self, arr: &str, var: &str, pred: &str) -> String {
        match self {
            // DuckDB 1.3 introduced `lambda x: …`; the arrow form is deprecated from 2.0.
            Dialect::DuckDb => format!("len(list_filter({arr}, lambda {var}: {pred}))"),
            Dialect::Spark => format!("size(filter({arr}, {var} -> {pred}))"),
            Dialect::Postgres => {
                format!("(SELECT count(*) FROM unnest({arr}) AS {var} WHERE {pred})")
            }
        }
    }

    /// A local bound by a lambda or `unnest`, as an expression.
    pub fn local(self, var: &str) -> String {
        match self {
            // `unnest(composite[]) AS v` gives a row alias: the whole row is `v`.
            Dialect::Postgres => format!("({var})"),
            _ => var.to_string(),
        }
    }

    pub fn ty_bool(self) -> &'static str {
        "BOOLEAN"
    }
    pub fn ty_int(self) -> &'static str {
        "BIGINT"
    }
    pub fn ty_decimal(self) -> &'static str {
        "DECIMAL(38, 10)"
    }
    pub fn ty_text(self) -> &'static str {
        match self {
            Dialect::Spark => "STRING",
            Dialect::DuckDb => "VARCHAR",
            Dialect::Postgres => "TEXT",
        }
    }
    pub fn ty_array(self, elem: &str) -> String {
        match self {
            Dialect::DuckDb => format!("{elem}[]"),
            Dialect::Spark => format!("ARRAY<{elem}>"),
            Dialect::Postgres => format!("{elem}[]"),
        }
    }
    /// A struct type from `(name, type)` pairs.
    pub fn ty_struct(self, fields: &[(String, String)]) -> String {
        match self {
            Dialect::DuckDb => {
                let fs: Vec<String> = fields
                    .iter()
                    .map(|(n, t)| format!("{} {t}", self.ident(n)))
                    .collect();
                format!("STRUCT({})", fs.join(", "))
            }
            Dialect::Spark => {
                let fs: Vec<String> = fields
                    .iter()
                    .map(|(n, t)| format!("{}: {t}", self.ident(n)))
                    .collect();
                format!("STRUCT<{}>", fs.join(", "))
            }
            // Postgres has no anonymous struct types; the DDL declares a composite type.
            Dialect::Postgres => String::new(),
        }
    }
}
