//! Workspace JSON: export, and an import that parses, migrates and validates before anything is replaced.
//!
//! The file is the [`Workspace`] serialised with serde, carrying `schema_version`. Import reads any
//! version from 1 to [`SCHEMA_VERSION`], runs the migration steps in [`MIGRATIONS`] one after another, then
//! deserialises and validates. Nothing is applied unless every step succeeds.

use serde_json::Value;
use thiserror::Error;

use super::error::{cut, DomainError};
use super::model::{Workspace, SCHEMA_VERSION};

/// Why a file could not be imported. Every variant names where the fault is.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("{file}: not valid JSON at line {line}, column {column}: {message}")]
    Syntax { file: String, line: usize, column: usize, message: String },
    #[error("{file}: this is not a Skillgap workspace (no schema_version field at the top)")]
    NotAWorkspace { file: String },
    #[error("{file}: made by a newer Skillgap (schema_version {found}; this version reads up to {SCHEMA_VERSION}). Update the app, or export again from the newer one.")]
    TooNew { file: String, found: u64 },
    #[error("{file}: schema_version {found} is not a version Skillgap ever wrote")]
    BadVersion { file: String, found: String },
    #[error("{file}: field {path}: {message} (line {line}, column {column})")]
    Field { file: String, path: String, line: usize, column: usize, message: String },
    #[error("{file}: {source}")]
    Invalid { file: String, source: DomainError },
}

/// One migration step: rewrites a document of version `n` into version `n + 1`.
pub type Migration = fn(&mut Value) -> Result<(), String>;

/// `MIGRATIONS[i]` turns version `i + 1` into version `i + 2`. A schema change adds its step here and bumps
/// [`SCHEMA_VERSION`].
/// - 1 → 2: workspaces gained `scenarios` (simulation scenarios); a version-1 file has none.
/// - 2 → 3: skills gained an optional `source` (the identifier in the framework they were imported from);
///   a version-2 skill has none, so only the version number changes.
/// - 3 → 4: simulation v2 — each scenario is marked as made by model 1 and its assumption overrides are
///   brought to the new assumptions ([`super::sim::migrate_from_model_1`]).
/// - 4 → 5: workspaces gained `survey` (the staff survey); a version-4 file gets the default questionnaire
///   and no rounds.
pub const MIGRATIONS: &[Migration] = &[v1_to_v2, v2_to_v3, v3_to_v4, v4_to_v5];

fn v1_to_v2(value: &mut Value) -> Result<(), String> {
    let obj = value.as_object_mut().ok_or("the top level is not a JSON object")?;
    obj.entry("scenarios").or_insert_with(|| Value::Array(Vec::new()));
    obj.insert("schema_version".to_string(), Value::from(2));
    Ok(())
}

fn v2_to_v3(value: &mut Value) -> Result<(), String> {
    let obj = value.as_object_mut().ok_or("the top level is not a JSON object")?;
    obj.insert("schema_version".to_string(), Value::from(3));
    Ok(())
}

fn v3_to_v4(value: &mut Value) -> Result<(), String> {
    let obj = value.as_object_mut().ok_or("the top level is not a JSON object")?;
    if let Some(Value::Array(list)) = obj.get_mut("scenarios") {
        for s in list {
            super::sim::migrate_from_model_1(s)?;
        }
    }
    obj.insert("schema_version".to_string(), Value::from(4));
    Ok(())
}

fn v4_to_v5(value: &mut Value) -> Result<(), String> {
    let obj = value.as_object_mut().ok_or("the top level is not a JSON object")?;
    if !obj.contains_key("survey") {
        let survey = serde_json::to_value(super::survey::StaffSurvey::default()).map_err(|e| e.to_string())?;
        obj.insert("survey".to_string(), survey);
    }
    obj.insert("schema_version".to_string(), Value::from(5));
    Ok(())
}

/// The workspace as pretty-printed JSON (what Export downloads and what autosave stores).
pub fn export_json(ws: &Workspace) -> String {
    serde_json::to_string_pretty(ws).expect("a workspace always serialises")
}

/// The workspace as compact JSON.
pub fn to_compact_json(ws: &Workspace) -> String {
    serde_json::to_string(ws).expect("a workspace always serialises")
}

/// Start of the packed text that an earlier Skillgap stored in `localStorage` for large workspaces (deflated
/// compact JSON, base64): still read, no longer written.
pub const PACKED_PREFIX: &str = "skillgap-deflate-b64:";
/// Start of the packed text that the `localStorage` fallback stores: [`crate::domain::pack`]'s bytes,
/// base64-encoded.
pub const PACK_TEXT_PREFIX: &str = "skillgap-pack1:";
/// Compact JSON longer than this many bytes is packed when stored as text.
pub const PACK_ABOVE: usize = 256 * 1024;
/// The most that reading a stored workspace inflates JSON to (the packed form has its own limit, its
/// declared length, at most [`crate::domain::pack::MAX_PAYLOAD_BYTES`]).
pub const MAX_STORED_JSON_BYTES: usize = 256 << 20;

/// The bytes the browser store keeps: [`crate::domain::pack::pack`].
pub fn to_storage_bytes(ws: &Workspace) -> Vec<u8> {
    super::pack::pack(ws)
}

/// Reads what [`to_storage_bytes`] wrote, or any stored text ([`from_storage_text`]) as UTF-8 bytes.
pub fn from_storage_bytes(name: &str, bytes: &[u8]) -> Result<Workspace, ImportError> {
    if super::pack::is_packed(bytes) {
        return super::pack::unpack(name, bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => from_storage_text(name, text),
        Err(_) => Err(ImportError::Invalid {
            file: name.to_string(),
            source: DomainError::Invalid("the stored data is neither a packed workspace nor text".into()),
        }),
    }
}

/// The text the `localStorage` fallback stores: compact JSON, or for large workspaces the packed bytes
/// base64-encoded behind [`PACK_TEXT_PREFIX`].
pub fn to_storage_text(ws: &Workspace) -> String {
    use base64::Engine;
    let json = to_compact_json(ws);
    if json.len() <= PACK_ABOVE {
        return json;
    }
    drop(json);
    format!("{PACK_TEXT_PREFIX}{}", base64::engine::general_purpose::STANDARD.encode(super::pack::pack(ws)))
}

/// Reads what [`to_storage_text`] wrote, what an earlier Skillgap stored ([`PACKED_PREFIX`]), or a plain
/// workspace file, through the same checks as an import. Inflation is capped: by the declared length for
/// the packed form, by [`MAX_STORED_JSON_BYTES`] and deflate's largest ratio for the older one.
pub fn from_storage_text(name: &str, text: &str) -> Result<Workspace, ImportError> {
    use base64::Engine;
    let damaged = |why: String| ImportError::Invalid {
        file: name.to_string(),
        source: DomainError::Invalid(format!("the packed data is damaged ({why})")),
    };
    let b64 = |packed: &str| {
        base64::engine::general_purpose::STANDARD.decode(packed.trim()).map_err(|e| damaged(e.to_string()))
    };
    if let Some(packed) = text.strip_prefix(PACK_TEXT_PREFIX) {
        return super::pack::unpack(name, &b64(packed)?);
    }
    let Some(packed) = text.strip_prefix(PACKED_PREFIX) else { return import_json(name, text) };
    let json = inflate_capped(&b64(packed)?, MAX_STORED_JSON_BYTES).map_err(damaged)?;
    let json = String::from_utf8(json).map_err(|_| damaged("it does not unpack to text".into()))?;
    import_json(name, &json)
}

/// Inflates raw deflate `bytes` to at most `cap` bytes, and at most deflate's largest ratio times their
/// length; more is refused with a message, having allocated no more than the cap.
fn inflate_capped(bytes: &[u8], cap: usize) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let cap = cap.min(bytes.len().saturating_mul(super::pack::MAX_DEFLATE_RATIO));
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(bytes).take(cap as u64 + 1).read_to_end(&mut out).map_err(|e| e.to_string())?;
    if out.len() > cap {
        return Err(format!("it unpacks to more than {cap} bytes"));
    }
    Ok(out)
}

/// Parses, migrates and validates a workspace file named `file` (the name is used in messages).
pub fn import_json(file: &str, text: &str) -> Result<Workspace, ImportError> {
    let ws = parse_workspace(file, text)?;
    ws.validate().map_err(|source| ImportError::Invalid { file: file.to_string(), source })?;
    Ok(ws)
}

/// The top level of a workspace file, read without building the document in memory: only whether it is
/// an object and its `schema_version`.
struct Peek {
    object: bool,
    version: Option<Value>,
}

impl<'de> serde::Deserialize<'de> for Peek {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Peek;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a workspace")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Peek, A::Error> {
                let mut version = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key == "schema_version" && version.is_none() {
                        version = Some(map.next_value::<Value>()?);
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(Peek { object: true, version })
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Peek, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Peek { object: false, version: None })
            }
            fn visit_unit<E>(self) -> Result<Peek, E> {
                Ok(Peek { object: false, version: None })
            }
            fn visit_bool<E>(self, _: bool) -> Result<Peek, E> {
                Ok(Peek { object: false, version: None })
            }
            fn visit_i64<E>(self, _: i64) -> Result<Peek, E> {
                Ok(Peek { object: false, version: None })
            }
            fn visit_u64<E>(self, _: u64) -> Result<Peek, E> {
                Ok(Peek { object: false, version: None })
            }
            fn visit_f64<E>(self, _: f64) -> Result<Peek, E> {
                Ok(Peek { object: false, version: None })
            }
            fn visit_str<E>(self, _: &str) -> Result<Peek, E> {
                Ok(Peek { object: false, version: None })
            }
        }
        d.deserialize_any(V)
    }
}

/// [`import_json`] without the final validation: BOM, syntax, version, migrations, fields, then
/// [`Workspace::normalise`]. The packed storage form reads its workspace text with this and validates once
/// its ratings are added.
pub(crate) fn parse_workspace(file: &str, text: &str) -> Result<Workspace, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let syntax = |e: serde_json::Error| ImportError::Syntax {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: clean_serde_message(&e.to_string()),
    };
    // The version first, streaming: a file of the current version is then deserialised once, straight
    // from its text, instead of also being built as a JSON tree (which for a large workspace took several
    // times the memory and time of the workspace itself).
    let peek: Peek = serde_json::from_str(text).map_err(syntax)?;
    let version = match peek.version {
        Some(v) if peek.object => v,
        _ => return Err(ImportError::NotAWorkspace { file: file.to_string() }),
    };
    let found = match version.as_u64() {
        Some(n) if n >= 1 => n,
        _ => return Err(ImportError::BadVersion { file: file.to_string(), found: cut(&version.to_string()).into_owned() }),
    };
    if found > SCHEMA_VERSION as u64 {
        return Err(ImportError::TooNew { file: file.to_string(), found });
    }
    let deserialise = |text: &str| -> Result<Workspace, ImportError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| field_error(file, e))
    };
    let mut ws = if found == SCHEMA_VERSION as u64 {
        deserialise(text)?
    } else {
        let mut value: Value = serde_json::from_str(text).map_err(syntax)?;
        for step in &MIGRATIONS[(found as usize - 1)..] {
            step(&mut value)
                .map_err(|m| ImportError::Invalid { file: file.to_string(), source: DomainError::Invalid(m) })?;
        }
        let migrated = serde_json::to_string(&value).expect("a JSON value serialises");
        drop(value);
        match deserialise(&migrated) {
            Ok(ws) => ws,
            // A fault in a field the user wrote: point into their file, not into the migrated text, when
            // reading their text as it is finds the same fault at the same path.
            Err(ImportError::Field { path, message, line, column, .. }) => match deserialise(text) {
                Err(ImportError::Field { path: p, line: l, column: c, message: m, .. }) if p == path => {
                    return Err(ImportError::Field { file: file.to_string(), path, line: l, column: c, message: m })
                }
                _ => {
                    return Err(ImportError::Field {
                        file: file.to_string(),
                        path,
                        line,
                        column,
                        message: format!("{message} (in the file as migrated from version {found})"),
                    })
                }
            },
            Err(e) => return Err(e),
        }
    };
    ws.normalise();
    Ok(ws)
}

fn field_error(file: &str, e: serde_path_to_error::Error<serde_json::Error>) -> ImportError {
    let path = e.path().to_string();
    let inner = e.inner();
    ImportError::Field {
        file: file.to_string(),
        path: if path == "." { "(top level)".to_string() } else { cut_path(&path) },
        line: inner.line(),
        column: inner.column(),
        message: clean_serde_message(&inner.to_string()),
    }
}

/// A JSON path as messages show it: a map key (a skill id in `requirements`) can be any length.
fn cut_path(path: &str) -> String {
    path.split('.').map(|part| cut(part).into_owned()).collect::<Vec<_>>().join(".")
}

/// Drops serde_json's own " at line L column C" suffix, since our messages place it themselves, and cuts
/// long quoted values (serde quotes a wrong string whole).
fn clean_serde_message(m: &str) -> String {
    let m = match m.rfind(" at line ") {
        Some(i) => &m[..i],
        None => m,
    };
    cut_quoted(m)
}

/// `m` with every run between a pair of quotes (`"…"`, `` `…` ``, `“…”`) cut to
/// [`crate::domain::error::QUOTE_CHARS`] characters, and the whole kept to a readable length.
pub(crate) fn cut_quoted(m: &str) -> String {
    let mut out = String::with_capacity(m.len().min(512));
    let mut rest = m;
    while let Some(open) = rest.find(['"', '`', '\u{201c}']) {
        let q = rest[open..].chars().next().expect("found");
        let close_q = if q == '\u{201c}' { '\u{201d}' } else { q };
        out.push_str(&rest[..open + q.len_utf8()]);
        rest = &rest[open + q.len_utf8()..];
        match rest.find(close_q) {
            Some(close) => {
                out.push_str(&cut(&rest[..close]));
                out.push(close_q);
                rest = &rest[close + close_q.len_utf8()..];
            }
            None => {
                out.push_str(&cut(rest));
                return out;
            }
        }
    }
    out.push_str(rest);
    cut_long(&out).into_owned()
}

/// Text outside quotes is ours, but keep any message to a readable length all the same.
fn cut_long(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(400) {
        None => std::borrow::Cow::Borrowed(s),
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}\u{2026}", &s[..at])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::synth::{self, Size};

    #[test]
    fn small_workspaces_are_stored_as_plain_json() {
        let ws = crate::domain::example::example_workspace();
        let text = to_storage_text(&ws);
        assert!(text.starts_with('{'));
        assert_eq!(from_storage_text("saved", &text).unwrap(), ws);
    }

    #[test]
    fn large_workspaces_are_packed_and_read_back() {
        let ws = synth::workspace(Size { people: 300, skills: 20, roles: 4, sources: 3 }, 3);
        let text = to_storage_text(&ws);
        assert!(text.starts_with(PACK_TEXT_PREFIX));
        assert!(text.len() * 8 < to_compact_json(&ws).len(), "packing should shrink the text at least eightfold");
        assert_eq!(from_storage_text("saved", &text).unwrap(), ws);
    }

    #[test]
    fn inflation_stops_at_the_cap() {
        use std::io::Write;
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(&vec![b' '; 4 << 20]).unwrap();
        let bomb = e.finish().unwrap();
        assert_eq!(inflate_capped(&bomb, 1 << 20).unwrap_err(), "it unpacks to more than 1048576 bytes");
        assert_eq!(inflate_capped(&bomb, 8 << 20).unwrap().len(), 4 << 20);
        // A quarter of the stream (cut short, and claiming more than deflate makes of it) is refused too.
        assert!(inflate_capped(&bomb[..bomb.len() / 4], 8 << 20).is_err());
    }

    #[test]
    fn damaged_packed_text_is_refused_with_a_message() {
        let err = from_storage_text("saved", &format!("{PACKED_PREFIX}not base64!")).unwrap_err();
        assert!(err.to_string().contains("packed data is damaged"), "{err}");
        let err = from_storage_text("saved", &format!("{PACKED_PREFIX}AAAA")).unwrap_err();
        assert!(err.to_string().starts_with("saved: "), "{err}");
    }
}
