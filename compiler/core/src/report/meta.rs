//! A case file's `meta:` block — title, reference, who prepared it, its date — shown in the
//! report's header so a board paper names what it is about. It describes the document, not
//! the technology, so it is no fact: the case loader passes over the key and it is read here.

use serde::Serialize;

use crate::eval::case::{CaseError, Format};
use crate::eval::case_doc::{Entry, Kind, shorten};
use crate::eval::{case_json, case_yaml};

/// The key of the block in a case file.
pub const KEY: &str = "meta";

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Meta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prepared_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

const FIELDS: [&str; 4] = ["title", "reference", "prepared_by", "date"];

/// The `meta:` block of a case file's text, if it has one. The text has already been loaded
/// as a case, so it reads (the same readers, so the same rules on duplicates and tags); a
/// block that is not a map of texts is an error naming the field.
pub fn read(text: &str, format: Format) -> Result<Option<Meta>, Vec<CaseError>> {
    let read = match format {
        Format::Json => case_json::read(text),
        Format::Yaml => case_yaml::read(text),
    };
    let Ok((doc, _)) = read else {
        return Ok(None);
    };
    let Kind::Map(top) = &doc.kind else {
        return Ok(None);
    };
    let Some(block) = top.iter().find(|e| e.key == KEY) else {
        return Ok(None);
    };
    let err = |path: String, message: String, help: Option<String>| CaseError {
        path,
        message,
        help,
    };
    let Kind::Map(fields) = &block.value.kind else {
        return Err(vec![err(
            KEY.into(),
            "expected an object of texts (title, reference, prepared_by, date)".into(),
            None,
        )]);
    };
    let mut meta = Meta::default();
    let mut errors = Vec::new();
    for Entry { key, value, .. } in fields {
        let path = format!("{KEY}.{}", shorten(key));
        let value = match &value.kind {
            Kind::Str { text, .. } => text.clone(),
            Kind::Int(n) => n.to_string(),
            Kind::Number(n) => n.clone(),
            _ => {
                errors.push(err(path, "expected a text".into(), None));
                continue;
            }
        };
        match key.as_str() {
            "title" => meta.title = Some(value),
            "reference" => meta.reference = Some(value),
            "prepared_by" => meta.prepared_by = Some(value),
            "date" => meta.date = Some(value),
            _ => errors.push(err(
                path,
                "there is no such field".into(),
                Some(format!("the fields of `meta` are: {}", FIELDS.join(", "))),
            )),
        }
    }
    if errors.is_empty() {
        Ok(Some(meta))
    } else {
        Err(errors)
    }
}

/// `sha256:` and the hex digest of a case file's bytes as stored (what `sha256sum` of the
/// file gives), for the report's audit footer.
pub fn case_hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}
