//! ESCO skills CSV: `skills_en.csv` of the ESCO download (and its other languages).
//!
//! Columns, by header name: conceptType, conceptUri, skillType (`skill/competence` or `knowledge`),
//! reuseLevel (`transversal`, `cross-sector`, `sector-specific`, `occupation-specific`), preferredLabel,
//! altLabels (one per line), hiddenLabels, status, modifiedDate, scopeNote, definition, inScheme,
//! description. ESCO skills have no proficiency levels, so no level texts. Each skill keeps its conceptUri;
//! its category is its skill type; alternative labels are added to the description.

use std::collections::BTreeMap;

use super::{cell, cell_place, csv_records, delimiter_of, map_columns, plain, shorten, unknown_columns_note, Errors, Format, Framework, FrameworkError, Item, Skipped};

const KNOWN: [&[&str]; 13] = [
    &["concepturi"],
    &["preferredlabel"],
    &["description"],
    &["definition"],
    &["skilltype"],
    &["reuselevel"],
    &["altlabels"],
    &["status"],
    &["concepttype"],
    &["hiddenlabels"],
    &["modifieddate"],
    &["scopenote"],
    &["inscheme"],
];
const URI: usize = 0;
const LABEL: usize = 1;
const DESCRIPTION: usize = 2;
const DEFINITION: usize = 3;
const SKILL_TYPE: usize = 4;
const REUSE: usize = 5;
const ALT: usize = 6;
const STATUS: usize = 7;

/// Reads an ESCO skills CSV.
pub fn read(file: &str, text: &str) -> Result<Framework, Vec<FrameworkError>> {
    let (header, records) = csv_records(file, text, delimiter_of(text))?;
    let (col, unknown) = map_columns(&header, &KNOWN);
    let mut out = Framework::new(Format::Esco, file, "ESCO skills".into(), "ESCO".into());
    if let Some(n) = unknown_columns_note(&unknown, Format::Esco) {
        out.notes.push(n);
    }
    let mut errors = Errors::new(file);
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    let mut reuse: BTreeMap<String, usize> = BTreeMap::new();
    for rec in &records {
        let uri = cell(rec, col[URI]);
        let label = cell(rec, col[LABEL]);
        if uri.is_empty() {
            errors.push(cell_place(rec.line, col[URI].unwrap_or(0), &header), "no conceptUri; every ESCO skill has one");
            continue;
        }
        if !uri.contains("://") {
            errors.push(cell_place(rec.line, col[URI].unwrap_or(0), &header), format!("\u{201c}{}\u{201d} is not a URI", shorten(uri, 60)));
            continue;
        }
        if let Some(first) = seen.insert(uri.to_string(), rec.line) {
            errors.push(
                cell_place(rec.line, col[URI].unwrap_or(0), &header),
                format!("the conceptUri is also in row {first}"),
            );
            continue;
        }
        if label.is_empty() {
            errors.push(cell_place(rec.line, col[LABEL].unwrap_or(1), &header), "no preferredLabel");
            continue;
        }
        let status = cell(rec, col[STATUS]);
        if !status.is_empty() && !status.eq_ignore_ascii_case("released") {
            out.skipped.push(Skipped {
                place: format!("row {}", rec.line),
                name: label.to_string(),
                reason: format!("its status is \u{201c}{}\u{201d}, not released", shorten(status, 20)),
            });
            continue;
        }
        let mut description = plain(cell(rec, col[DESCRIPTION]));
        if description.is_empty() {
            description = plain(cell(rec, col[DEFINITION]));
        }
        let alt: Vec<&str> = cell(rec, col[ALT]).lines().map(str::trim).filter(|a| !a.is_empty() && *a != label).collect();
        if !alt.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str("Also called: ");
            description.push_str(&alt.join("; "));
            description.push('.');
        }
        let skill_type = cell(rec, col[SKILL_TYPE]);
        let category = match skill_type {
            "" => "ESCO skills".to_string(),
            t => {
                let mut c = t.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
            }
        };
        let r = cell(rec, col[REUSE]);
        if !r.is_empty() {
            *reuse.entry(r.to_string()).or_default() += 1;
        }
        out.items.push(Item {
            source_id: Some(uri.to_string()),
            name: plain(label),
            description,
            category: Some(category),
            place: format!("row {}", rec.line),
            ..Item::default()
        });
    }
    if !reuse.is_empty() {
        let list: Vec<String> = reuse.iter().map(|(k, n)| format!("{n} {k}")).collect();
        out.notes.push(format!("reuse levels: {}", list.join(", ")));
    }
    out.notes.push("ESCO skills have no proficiency levels (only essential or optional per occupation), so no level texts".into());
    errors.or(out)
}
