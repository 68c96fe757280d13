//! The domain core stays pure: no file under `src/domain` names a web crate (yew, web-sys, gloo, js-sys,
//! wasm-bindgen) or the app layer, and Cargo.toml keeps the web crates out of the native dependencies.
//!
//! Comments and string literals are ignored (the module docs name the web crates in prose); everything
//! else is split into identifiers, and an identifier that is a web crate's name fails the test.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// Crate names (as Rust identifiers) the domain must never mention. Any identifier starting with
/// `gloo` is also refused (gloo_storage, gloo_timers, …).
const FORBIDDEN: &[&str] =
    &["yew", "yew_router", "web_sys", "js_sys", "wasm_bindgen", "wasm_bindgen_futures", "wasm_bindgen_test"];

/// Paths into the app layer, compared with whitespace removed.
const FORBIDDEN_PATHS: &[&str] = &["crate::app", "skillgap::app", "super::super::app"];

fn is_forbidden_ident(id: &str) -> bool {
    FORBIDDEN.contains(&id) || id.starts_with("gloo")
}

/// `src` with comments removed and the contents of string and char literals blanked; line breaks kept,
/// so line numbers still match.
fn strip_comments_and_strings(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < c.len() {
        if c[i] == '/' && peek(&c, i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && peek(&c, i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && peek(&c, i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && peek(&c, i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if c[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if (c[i] == 'r' || (c[i] == 'b' && peek(&c, i + 1) == 'r')) && !prev_is_ident(&c, i) && {
            let start = if c[i] == 'b' { i + 2 } else { i + 1 };
            let mut j = start;
            while c.get(j) == Some(&'#') {
                j += 1;
            }
            c.get(j) == Some(&'"')
        } {
            // Raw string: r"…", r#"…"#, br#"…"#.
            let mut j = if c[i] == 'b' { i + 2 } else { i + 1 };
            let mut hashes = 0;
            while c[j] == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1; // opening quote
            out.push_str("\"\"");
            loop {
                if j >= c.len() {
                    break;
                }
                if c[j] == '"' && (0..hashes).all(|h| c.get(j + 1 + h) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                if c[j] == '\n' {
                    out.push('\n');
                }
                j += 1;
            }
            i = j;
        } else if c[i] == '"' {
            i += 1;
            out.push_str("\"\"");
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                }
                if c.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
        } else if c[i] == '\'' {
            // A char literal ('x', '\n', '\u{201c}', '"') or a lifetime ('a).
            if peek(&c, i + 1) == '\\' {
                let mut j = i + 3; // past the backslash and the escaped character
                while j < c.len() && c[j] != '\'' {
                    j += 1;
                }
                out.push_str("' '");
                i = j + 1;
            } else if peek(&c, i + 2) == '\'' {
                out.push_str("' '");
                i += 3;
            } else {
                out.push('\'');
                i += 1;
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

fn peek(c: &[char], i: usize) -> char {
    c.get(i).copied().unwrap_or('\0')
}

fn prev_is_ident(c: &[char], i: usize) -> bool {
    i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_')
}

/// Every offending line of `src` as (line number, line text, what it names).
fn offences(src: &str) -> Vec<(usize, String, String)> {
    let code = strip_comments_and_strings(src);
    let original: Vec<&str> = src.lines().collect();
    let mut found = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let shown = original.get(n).copied().unwrap_or(line).trim().to_string();
        for ident in line.split(|ch: char| !(ch.is_alphanumeric() || ch == '_')) {
            if is_forbidden_ident(ident) {
                found.push((n + 1, shown.clone(), ident.to_string()));
            }
        }
        let squeezed: String = line.chars().filter(|ch| !ch.is_whitespace()).collect();
        for path in FORBIDDEN_PATHS {
            let mut rest = squeezed.as_str();
            while let Some(k) = rest.find(path) {
                // `crate::application` is not `crate::app`.
                let after = rest[k + path.len()..].chars().next();
                if !after.is_some_and(|ch| ch.is_alphanumeric() || ch == '_') {
                    found.push((n + 1, shown.clone(), path.to_string()));
                }
                rest = &rest[k + path.len()..];
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Guards the checker against a lexing slip that swallows code: every `use`/`mod`/`fn` line without
/// quotes or comments must survive stripping unchanged, on the same line.
fn assert_stripping_keeps_code(file: &Path, src: &str) {
    let code = strip_comments_and_strings(src);
    let stripped: Vec<&str> = code.lines().collect();
    let mut checked = 0;
    for (n, line) in src.lines().enumerate() {
        let t = line.trim_start();
        let plain = !line.contains('"') && !line.contains("//") && !line.contains("/*") && !line.contains('\'');
        if plain && ["use ", "pub use ", "mod ", "pub mod ", "fn ", "pub fn "].iter().any(|p| t.starts_with(p)) {
            assert_eq!(stripped.get(n).copied(), Some(line), "{}:{}: stripping changed code", file.display(), n + 1);
            checked += 1;
        }
    }
    assert!(checked > 0, "{}: no code lines seen", file.display());
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn domain_sources_name_no_web_crate_and_not_the_app() {
    let dir = manifest_dir().join("src").join("domain");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    files.sort();
    let names: Vec<String> = files.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    for expected in ["mod.rs", "model.rs", "command.rs", "validate.rs", "io.rs", "history.rs", "error.rs"] {
        assert!(names.iter().any(|n| n == expected), "{expected} not found under {}: {names:?}", dir.display());
    }

    let mut report = Vec::new();
    for file in &files {
        let src = fs::read_to_string(file).unwrap();
        assert_stripping_keeps_code(file, &src);
        for (line, text, what) in offences(&src) {
            report.push(format!("{}:{line}: names {what}: {text}", file.display()));
        }
    }
    assert!(
        report.is_empty(),
        "the domain core must stay free of web crates and the app layer:\n{}",
        report.join("\n")
    );
}

#[test]
fn web_crates_are_not_native_dependencies() {
    let toml = fs::read_to_string(manifest_dir().join("Cargo.toml")).unwrap();
    let mut section = String::new();
    let mut bad = Vec::new();
    for line in toml.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            section = t.to_string();
            continue;
        }
        if section == "[dependencies]" {
            let key = t.split(['=', ' ', '.']).next().unwrap_or("").replace('-', "_");
            if is_forbidden_ident(&key) {
                bad.push(t.to_string());
            }
        }
    }
    assert!(bad.is_empty(), "web crates in [dependencies] (they belong under the wasm32 target): {bad:?}");
}

// The checker itself must catch what it is meant to, and nothing else.

#[test]
fn checker_flags_web_crate_paths() {
    let bad = [
        "use yew::prelude::*;",
        "    let w = web_sys::window();",
        "#[wasm_bindgen]",
        "use gloo::storage::LocalStorage;",
        "use gloo_timers::callback::Timeout;",
        "let now = js_sys::Date::now();",
        "extern crate yew_router;",
        "fn f() -> ::wasm_bindgen::JsValue { todo!() }",
        "let x = 1; let y = web_sys :: window();",
        "use crate::app::state::AppState;",
        "use super::super::app;",
        "let s = \"not a string\"; use yew::Html;",
        "let c = '\"'; use js_sys::Array;",
    ];
    for line in bad {
        assert!(!offences(line).is_empty(), "not flagged: {line}");
    }
}

#[test]
fn checker_ignores_comments_strings_and_lookalikes() {
    let fine = [
        "// Nothing here names a web crate (yew, web_sys, gloo, js_sys, wasm_bindgen)",
        "//! use yew::prelude::*;",
        "/// See web_sys::window.",
        "/* use yew::Html; */ let a = 1;",
        "/* outer /* nested web_sys */ still comment yew:: */",
        "let msg = \"yew::Html and web_sys are not used here\";",
        "let raw = r#\"use gloo::storage;\"#;",
        "let yewish = 1; let js_system = 2; let wasm = 3;",
        "fn apply(&mut self) {}",
        "use crate::application::Thing;",
        "let q = '\\''; let lt: &'static str = \"yew\";",
        "#[error(\"{file}: Update the app, or export again\")]",
    ];
    for line in fine {
        assert!(offences(line).is_empty(), "wrongly flagged: {line}: {:?}", offences(line));
    }
    // Multi-line comments and strings keep line numbers right.
    let src = "/* a\nb\nc */\nlet s = \"x\ny\";\nuse yew::Html;\n";
    assert_eq!(offences(src).into_iter().map(|o| o.0).collect::<Vec<_>>(), vec![6]);
}
