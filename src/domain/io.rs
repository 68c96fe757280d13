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

/// `MIGRATIONS[i]` turns version `i + 1` into version `i + 2`. Version 1 is the first released schema, so
/// the list is empty; a schema change adds its step here and bumps [`SCHEMA_VERSION`].
pub const MIGRATIONS: &[Migration] = &[];

/// The workspace as pretty-printed JSON (what Export downloads and what autosave stores).
pub fn export_json(ws: &Workspace) -> String {
    serde_json::to_string_pretty(ws).expect("a workspace always serialises")
}

/// The workspace as compact JSON.
pub fn to_compact_json(ws: &Workspace) -> String {
    serde_json::to_string(ws).expect("a workspace always serialises")
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
