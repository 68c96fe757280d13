//! O*NET database files for occupations: Skills.txt, Knowledge.txt and Abilities.txt (and Work Activities,
//! which has the same columns).
//!
//! Each is tab-delimited text with a header row: O*NET-SOC Code, Element ID, Element Name, Scale ID, Data
//! Value, N, Standard Error, Lower CI Bound, Upper CI Bound, Recommend Suppress, Not Relevant, Date, Domain
//! Source (O*NET's Excel downloads add Title and Scale Name; the same columns saved as CSV are read too).
//! Every element has two rows per occupation: Importance (scale IM, 1–5) and Level (scale LV, 0–7).
//! "Recommend Suppress" Y marks a low-precision value; "Not Relevant" Y (on the LV row) an element whose
//! level does not apply to the occupation.
//!
//! Each element becomes a skill with its Element ID as source identifier, in the category of its part of
//! O*NET's content model (Abilities 1.A, Skills 2.A–2.B, Knowledge 2.C, …). The ratings of each occupation
//! in the file become a [`Profile`], from which the plan makes a role profile (see [`super::plan`]).

use std::collections::HashMap;

use super::{cell, cell_place, csv_records, date_order, delimiter_of, map_columns, plain, shorten, unknown_columns_note, Errors, Format, Framework, FrameworkError, Item, Profile, Rating};

const KNOWN: [&[&str]; 15] = [
    &["onetsoccode"],
    &["elementid"],
    &["elementname"],
    &["scaleid"],
    &["datavalue"],
    &["title"],
    &["recommendsuppress"],
    &["notrelevant"],
    &["date"],
    &["scalename"],
    &["n"],
    &["standarderror"],
    &["lowercibound"],
    &["uppercibound"],
    &["domainsource"],
];
const CODE: usize = 0;
const ELEMENT: usize = 1;
const NAME: usize = 2;
const SCALE: usize = 3;
const VALUE: usize = 4;
const TITLE: usize = 5;
const SUPPRESS: usize = 6;
const NOT_RELEVANT: usize = 7;
const DATE: usize = 8;

/// The category of an O*NET content model element, from its Element ID.
pub fn category_of(element: &str) -> &'static str {
    let part = |p: &str| element == p || element.starts_with(&format!("{p}."));
    if part("1.A") {
        "O*NET Abilities"
    } else if part("2.A") || part("2.B") {
        "O*NET Skills"
    } else if part("2.C") {
        "O*NET Knowledge"
    } else if part("1.C") {
        "O*NET Work Styles"
    } else if part("4.A") {
        "O*NET Work Activities"
    } else {
        "O*NET"
    }
}

/// Whether an O*NET-SOC code looks like one: `NN-NNNN.NN`.
fn is_soc(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, &c)| match i {
            2 => c == b'-',
            7 => c == b'.',
            _ => c.is_ascii_digit(),
        })
}

/// Reads an O*NET Skills, Knowledge, Abilities (or Work Activities) file.
pub fn read(file: &str, text: &str) -> Result<Framework, Vec<FrameworkError>> {
    let (header, records) = csv_records(file, text, delimiter_of(text))?;
    let (col, unknown) = map_columns(&header, &KNOWN);
    let mut errors = Errors::new(file);
    for (k, what) in [(CODE, "O*NET-SOC Code"), (ELEMENT, "Element ID"), (NAME, "Element Name"), (SCALE, "Scale ID"), (VALUE, "Data Value")] {
        if col[k].is_none() {
            errors.push("row 1", format!("the header has no \u{201c}{what}\u{201d} column"));
        }
    }
    if !errors.is_empty() {
        return Err(errors.finish());
    }
    let mut out = Framework::new(Format::Onet, file, "O*NET".into(), "O*NET".into());
    if let Some(n) = unknown_columns_note(&unknown, Format::Onet) {
        out.notes.push(n);
    }
    let mut elements: HashMap<String, usize> = HashMap::new();
    let mut profiles: HashMap<String, usize> = HashMap::new();
    let mut other_scales: HashMap<String, usize> = HashMap::new();
    // (profile, item) → rating index in that profile
    let mut at: HashMap<(usize, usize), usize> = HashMap::new();
    for rec in &records {
        let place = |c: usize| cell_place(rec.line, col[c].unwrap_or(c), &header);
        let code = cell(rec, col[CODE]);
        let element = cell(rec, col[ELEMENT]);
        let name = cell(rec, col[NAME]);
        let scale = cell(rec, col[SCALE]);
        if !is_soc(code) {
            errors.push(place(CODE), format!("\u{201c}{}\u{201d} is not an O*NET-SOC code such as 43-4051.00", shorten(code, 20)));
            continue;
        }
        if element.is_empty() || name.is_empty() {
            errors.push(place(if element.is_empty() { ELEMENT } else { NAME }), "the element has no id or name");
            continue;
        }
        if scale != "IM" && scale != "LV" {
            *other_scales.entry(scale.to_string()).or_default() += 1;
            continue;
        }
        let raw = cell(rec, col[VALUE]);
        let value: f64 = match raw.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                errors.push(place(VALUE), format!("\u{201c}{}\u{201d} is not a number", shorten(raw, 20)));
                continue;
            }
        };
        let range = if scale == "IM" { 1.0..=5.0 } else { 0.0..=7.0 };
        if !range.contains(&value) {
            errors.push(
                place(VALUE),
                format!("{value} is off O*NET's {} scale ({}–{})", if scale == "IM" { "Importance" } else { "Level" }, range.start(), range.end()),
            );
            continue;
        }
        let item = *elements.entry(element.to_string()).or_insert_with(|| {
            out.items.push(Item {
                source_id: Some(element.to_string()),
                name: plain(name),
                category: Some(category_of(element).to_string()),
                place: format!("row {}", rec.line),
                ..Item::default()
            });
            out.items.len() - 1
        });
        let p = *profiles.entry(code.to_string()).or_insert_with(|| {
            out.profiles.push(Profile { code: code.to_string(), title: None, ratings: Vec::new(), date: None });
            out.profiles.len() - 1
        });
        let profile = &mut out.profiles[p];
        let title = cell(rec, col[TITLE]);
        if profile.title.is_none() && !title.is_empty() {
            profile.title = Some(plain(title));
        }
        let date = cell(rec, col[DATE]);
        if !date.is_empty() && profile.date.as_deref().is_none_or(|d| date_order(date) > date_order(d)) {
            profile.date = Some(date.to_string());
        }
        let r = *at.entry((p, item)).or_insert_with(|| {
            profile.ratings.push(Rating {
                item,
                importance: None,
                level: None,
                suppress: false,
                not_relevant: false,
                place: format!("row {}", rec.line),
            });
            profile.ratings.len() - 1
        });
        let rating = &mut profile.ratings[r];
        let twice = if scale == "IM" { rating.importance.replace(value).is_some() } else { rating.level.replace(value).is_some() };
        if twice {
            errors.push(place(SCALE), format!("a second {scale} value for {code} and element {element}"));
        }
        if !rating.place.ends_with(&rec.line.to_string()) {
            rating.place = format!("{}–{}", rating.place, rec.line);
        }
        rating.suppress |= cell(rec, col[SUPPRESS]).eq_ignore_ascii_case("y");
        if scale == "LV" {
            rating.not_relevant |= cell(rec, col[NOT_RELEVANT]).eq_ignore_ascii_case("y");
        }
    }
    if out.items.is_empty() && errors.is_empty() {
        errors.push("", "the file has no Importance (IM) or Level (LV) rows");
    }
    if !other_scales.is_empty() {
        let mut list: Vec<String> = other_scales.iter().map(|(s, n)| format!("{n} {s}")).collect();
        list.sort();
        out.notes.push(format!("rows on other scales than IM and LV were not read: {}", list.join(", ")));
    }
    if out.profiles.len() > 1 {
        out.notes.push(format!("the file rates {} occupations; choose one for the role profile", out.profiles.len()));
    }
    errors.or(out)
}
