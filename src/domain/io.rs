//! Workspace JSON: export, and an import that parses, migrates and validates before anything is replaced.
//!
//! The file is the [`Workspace`] serialised with serde, carrying `schema_version`. Import reads any
//! version from 1 to [`SCHEMA_VERSION`], runs the migration steps in [`MIGRATIONS`] one after another, then
//! deserialises and validates. Nothing is applied unless every step succeeds.

use serde_json::Value;
use thiserror::Error;

use super::error::DomainError;
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
/// - 3 → 4: workspaces gained `survey` (the staff survey); a version-3 file gets the default questionnaire
///   and no rounds.
pub const MIGRATIONS: &[Migration] = &[v1_to_v2, v2_to_v3, v3_to_v4];

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
    if !obj.contains_key("survey") {
        let survey = serde_json::to_value(super::survey::StaffSurvey::default()).map_err(|e| e.to_string())?;
        obj.insert("survey".to_string(), survey);
    }
    obj.insert("schema_version".to_string(), Value::from(4));
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

/// Start of the packed form that autosave uses for large workspaces.
pub const PACKED_PREFIX: &str = "skillgap-deflate-b64:";
/// Compact JSON longer than this many bytes is packed for storage (browser storage holds about 5 million
/// characters per site, which a workspace with hundreds of thousands of ratings would exceed as JSON).
pub const PACK_ABOVE: usize = 256 * 1024;

/// The text autosave stores: compact JSON, or for large workspaces that JSON deflated and base64-encoded
/// behind [`PACKED_PREFIX`].
pub fn to_storage_text(ws: &Workspace) -> String {
    use base64::Engine;
    use std::io::Write;
    let json = to_compact_json(ws);
    if json.len() <= PACK_ABOVE {
        return json;
    }
    let mut enc = flate2::write::DeflateEncoder::new(Vec::with_capacity(json.len() / 8), flate2::Compression::fast());
    enc.write_all(json.as_bytes()).expect("writing to memory cannot fail");
    let bytes = enc.finish().expect("writing to memory cannot fail");
    format!("{PACKED_PREFIX}{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// Reads what [`to_storage_text`] wrote (or a plain workspace file), through the same checks as an import.
pub fn from_storage_text(name: &str, text: &str) -> Result<Workspace, ImportError> {
    use base64::Engine;
    use std::io::Read;
    let Some(packed) = text.strip_prefix(PACKED_PREFIX) else { return import_json(name, text) };
    let damaged = |why: String| ImportError::Invalid {
        file: name.to_string(),
        source: DomainError::Invalid(format!("the packed data is damaged ({why})")),
    };
    let bytes = base64::engine::general_purpose::STANDARD.decode(packed.trim()).map_err(|e| damaged(e.to_string()))?;
    let mut json = String::new();
    flate2::read::DeflateDecoder::new(bytes.as_slice()).read_to_string(&mut json).map_err(|e| damaged(e.to_string()))?;
    import_json(name, &json)
}

/// Parses, migrates and validates a workspace file named `file` (the name is used in messages).
pub fn import_json(file: &str, text: &str) -> Result<Workspace, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut value: Value = serde_json::from_str(text).map_err(|e| ImportError::Syntax {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: clean_serde_message(&e.to_string()),
    })?;
    let version = match value.get("schema_version") {
        None => return Err(ImportError::NotAWorkspace { file: file.to_string() }),
        Some(v) => v.clone(),
    };
    let found = match version.as_u64() {
        Some(n) if n >= 1 => n,
        _ => return Err(ImportError::BadVersion { file: file.to_string(), found: version.to_string() }),
    };
    if found > SCHEMA_VERSION as u64 {
        return Err(ImportError::TooNew { file: file.to_string(), found });
    }
    for step in &MIGRATIONS[(found as usize - 1)..] {
        step(&mut value).map_err(|m| ImportError::Invalid { file: file.to_string(), source: DomainError::Invalid(m) })?;
    }
    // Deserialise from the text again when no migration ran, so positions point into the user's file.
    let ws: Workspace = if found == SCHEMA_VERSION as u64 {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| field_error(file, e))?
    } else {
        let migrated = serde_json::to_string(&value).expect("a JSON value serialises");
        let de = &mut serde_json::Deserializer::from_str(&migrated);
        serde_path_to_error::deserialize(de).map_err(|e| field_error(file, e))?
    };
    let mut ws = ws;
    ws.normalise();
    ws.validate().map_err(|source| ImportError::Invalid { file: file.to_string(), source })?;
    Ok(ws)
}

fn field_error(file: &str, e: serde_path_to_error::Error<serde_json::Error>) -> ImportError {
    let path = e.path().to_string();
    let inner = e.inner();
    ImportError::Field {
        file: file.to_string(),
        path: if path == "." { "(top level)".to_string() } else { path },
        line: inner.line(),
        column: inner.column(),
        message: clean_serde_message(&inner.to_string()),
    }
}

/// Drops serde_json's own " at line L column C" suffix, since our messages place it themselves.
fn clean_serde_message(m: &str) -> String {
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m.to_string(),
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
        assert!(text.starts_with(PACKED_PREFIX));
        assert!(text.len() * 4 < to_compact_json(&ws).len(), "packing should shrink the text at least fourfold");
        assert_eq!(from_storage_text("saved", &text).unwrap(), ws);
    }

    #[test]
    fn damaged_packed_text_is_refused_with_a_message() {
        let err = from_storage_text("saved", &format!("{PACKED_PREFIX}not base64!")).unwrap_err();
        assert!(err.to_string().contains("packed data is damaged"), "{err}");
        let err = from_storage_text("saved", &format!("{PACKED_PREFIX}AAAA")).unwrap_err();
        assert!(err.to_string().starts_with("saved: "), "{err}");
    }
}
