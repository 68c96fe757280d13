//! Moodle competency framework CSV, the format of Moodle's `admin/tool/lpimportcsv` (import and export).
//!
//! Moodle writes 14 columns with this header and reads them by position:
//! `Parent id number, Id number, Shortname, Description, Description format, Scale values, Scale
//! configuration, Rule type, Rule outcome, Rule config, Cross referenced competency id numbers, Exported id,
//! Is framework, Taxonomy`. One row has a true "Is framework" (PHP truth: anything but empty or `0`): the
//! framework itself with its scale (a comma list of values and a JSON configuration). Every other row is a
//! competency; its parent is the competency whose id number is its "Parent id number" (empty: top level).
//! Descriptions are HTML in format 1 and may span lines inside quotes.
//!
//! Reading here matches headers loosely (`ID number` and `Id number`, `Short name` and `Shortname`, with or
//! without "(optional)"), or by position when the header is not Moodle's; the older 12-column layout without
//! cross-references and exported ids is read too, and line ends may be mixed. Where Moodle silently drops
//! a row (no id number or short name, a parent that is not in the file) the plan says so; a repeated id
//! number or a second framework row is an error, since Moodle would keep only the last one.

use std::collections::HashMap;

use super::{cell, cell_place, csv_records, delimiter_of, header_key, html_to_text, map_columns, plain, shorten, unknown_columns_note, Errors, Format, Framework, FrameworkError, Item, Skipped};
use crate::domain::model::Workspace;

/// Moodle's header, as its own fixture and exporter write it.
pub const HEADER: [&str; 14] = [
    "Parent id number",
    "Id number",
    "Shortname",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross referenced competency id numbers",
    "Exported id (optional)",
    "Is framework",
    "Taxonomy",
];

const PARENT: usize = 0;
const IDNUMBER: usize = 1;
const SHORTNAME: usize = 2;
const DESCRIPTION: usize = 3;
const FORMAT: usize = 4;
const SCALE_VALUES: usize = 5;
const SCALE_CONFIG: usize = 6;
const RULE_TYPE: usize = 7;
const RELATED: usize = 10;
const EXPORT_ID: usize = 11;
const IS_FRAMEWORK: usize = 12;
const TAXONOMY: usize = 13;

/// Header keys ([`header_key`]) each column is known by, in Moodle's order.
const KNOWN: [&[&str]; 14] = [
    &["parentidnumber"],
    &["idnumber"],
    &["shortname"],
    &["description"],
    &["descriptionformat"],
    &["scalevalues"],
    &["scaleconfiguration"],
    &["ruletype"],
    &["ruleoutcome"],
    &["ruleconfig"],
    &["crossreferencedcompetencyidnumbers", "relatedidnumbers", "crossreferencedcompetencies"],
    &["exportedid", "exportid"],
    &["isframework"],
    &["taxonomy", "taxonomies"],
];

/// Whether a header row (as [`header_key`]s) is a Moodle framework CSV's.
pub(crate) fn looks_like(cells: &[String]) -> bool {
    let has = |k: &str| cells.iter().any(|c| c == k);
    has("idnumber") && (has("parentidnumber") || has("isframework"))
}

/// PHP's truth of a CSV cell, which Moodle's importer uses for "Is framework".
fn truthy(s: &str) -> bool {
    !(s.is_empty() || s == "0")
}

/// Reads a Moodle competency framework CSV.
pub fn read(file: &str, text: &str) -> Result<Framework, Vec<FrameworkError>> {
    let (header, records) = csv_records(file, text, delimiter_of(text))?;
    let (mut col, unknown) = map_columns(&header, &KNOWN);
    let mut notes = Vec::new();
    if [PARENT, IDNUMBER, SHORTNAME, IS_FRAMEWORK].iter().any(|&k| col[k].is_none()) {
        // Not Moodle's header words: read by position, as Moodle itself does.
        col = match header.len() {
            14 => (0..14).map(Some).collect(),
            12 => (0..10).map(Some).chain([None, None, Some(10), Some(11)]).collect(),
            n => {
                return Err(vec![FrameworkError::new(
                    file,
                    "row 1",
                    format!(
                        "the header has {n} columns and does not name all of Moodle's \u{201c}Parent id number\u{201d}, \
                         \u{201c}Id number\u{201d}, \u{201c}Shortname\u{201d} and \u{201c}Is framework\u{201d}; a Moodle \
                         competency framework CSV has 14 columns (12 in older versions)"
                    ),
                )])
            }
        };
        notes.push("the header does not use Moodle's column names, so the columns were read by position".to_string());
    } else if let Some(n) = unknown_columns_note(&unknown, Format::Moodle) {
        notes.push(n);
    }
    if col[RELATED].is_none() && col[EXPORT_ID].is_none() {
        notes.push("older 12-column layout (no cross-referenced competencies or exported ids)".to_string());
    }

    let mut errors = Errors::new(file);
    let mut framework_row: Option<(u64, usize)> = None;
    let mut skipped = Vec::new();
    // (record index, parent id number)
    let mut comps: Vec<(usize, String)> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let (mut rules, mut related) = (0usize, 0usize);
    for (r, rec) in records.iter().enumerate() {
        if truthy(cell(rec, col[IS_FRAMEWORK])) {
            if let Some((first, _)) = framework_row {
                errors.push(
                    cell_place(rec.line, col[IS_FRAMEWORK].unwrap_or(IS_FRAMEWORK), &header),
                    format!(
                        "a second framework row (the first is row {first}); one file holds one framework, and Moodle \
                         counts any value but empty or 0 in \u{201c}Is framework\u{201d} as yes"
                    ),
                );
            } else {
                framework_row = Some((rec.line, r));
            }
            continue;
        }
        let id = cell(rec, col[IDNUMBER]);
        let name = cell(rec, col[SHORTNAME]);
        if id.is_empty() || name.is_empty() {
            skipped.push(Skipped {
                place: format!("row {}", rec.line),
                name: if name.is_empty() { id.to_string() } else { name.to_string() },
                reason: format!("no {}; Moodle does not import such a row either", if id.is_empty() { "id number" } else { "short name" }),
            });
            continue;
        }
        if let Some(&j) = by_id.get(id) {
            errors.push(
                cell_place(rec.line, col[IDNUMBER].unwrap_or(IDNUMBER), &header),
                format!("the id number \u{201c}{}\u{201d} is also used in row {}; id numbers must be unique", shorten(id, 60), records[comps[j].0].line),
            );
            continue;
        }
        let format = cell(rec, col[FORMAT]);
        if !format.is_empty() && !matches!(format, "0" | "1" | "2" | "4") {
            errors.push(
                cell_place(rec.line, col[FORMAT].unwrap_or(FORMAT), &header),
                format!("\u{201c}{}\u{201d} is not a Moodle text format (0 Moodle, 1 HTML, 2 plain text, 4 Markdown)", shorten(format, 20)),
            );
        }
        if !cell(rec, col[RULE_TYPE]).is_empty() {
            rules += 1;
        }
        if !cell(rec, col[RELATED]).is_empty() {
            related += 1;
        }
        by_id.insert(id.to_string(), comps.len());
        comps.push((r, cell(rec, col[PARENT]).to_string()));
    }
    let Some((fw_line, fw_index)) = framework_row else {
        errors.push(
            "",
            "no row has \u{201c}Is framework\u{201d} set, so the file has no framework; the framework's own row (id \
             number, short name and scale) must come with its competencies",
        );
        return Err(errors.finish());
    };
    let fw = &records[fw_index];
    let fw_id = cell(fw, col[IDNUMBER]).to_string();
    let fw_name = cell(fw, col[SHORTNAME]).to_string();
    if fw_name.is_empty() {
        errors.push(cell_place(fw_line, col[SHORTNAME].unwrap_or(SHORTNAME), &header), "the framework has no short name");
    }
    let config = cell(fw, col[SCALE_CONFIG]);
    if !config.is_empty() && serde_json::from_str::<serde_json::Value>(config).map(|v| !v.is_array()).unwrap_or(true) {
        errors.push(
            cell_place(fw_line, col[SCALE_CONFIG].unwrap_or(SCALE_CONFIG), &header),
            "the scale configuration is not a JSON list such as [{\"scaleid\":\"2\"},{\"id\":2,\"scaledefault\":1,\"proficient\":1}]",
        );
    }
    if !errors.is_empty() {
        return Err(errors.finish());
    }

    let mut out = Framework::new(
        Format::Moodle,
        file,
        fw_name.clone(),
        if fw_id.is_empty() { fw_name.clone() } else { fw_id.clone() },
    );
    let values: Vec<String> = cell(fw, col[SCALE_VALUES]).split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
    if !values.is_empty() {
        notes.push(format!(
            "Moodle scale: {} ({} values); competencies keep the workspace's own scale",
            values.join(", "),
            values.len()
        ));
        out.scale = Some(values);
    }
    let taxonomy = cell(fw, col[TAXONOMY]);
    if !taxonomy.is_empty() {
        notes.push(format!("taxonomy (the name of each level of the tree): {}", shorten(taxonomy, 120)));
    }
    if rules > 0 {
        notes.push(format!("{rules} competencies have completion rules, which are Moodle's own and are not imported"));
    }
    if related > 0 {
        notes.push(format!("{related} competencies have cross-referenced competencies, which are not imported"));
    }

    // Which competencies hang from the framework: follow parents from the top. Moodle attaches nothing else.
    let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, (_, parent)) in comps.iter().enumerate() {
        children.entry(parent.as_str()).or_default().push(k);
    }
    let mut index_of: Vec<Option<usize>> = vec![None; comps.len()];
    let mut stack: Vec<(usize, Option<usize>)> = children.get("").map(|v| v.iter().rev().map(|&k| (k, None)).collect()).unwrap_or_default();
    let mut converted = 0usize;
    while let Some((k, parent)) = stack.pop() {
        if index_of[k].is_some() {
            continue;
        }
        let rec = &records[comps[k].0];
        let raw = cell(rec, col[DESCRIPTION]);
        let description = match cell(rec, col[FORMAT]) {
            "2" | "4" => plain(raw),
            _ => {
                if raw.contains('<') || raw.contains('&') {
                    converted += 1;
                }
                html_to_text(raw)
            }
        };
        index_of[k] = Some(out.items.len());
        out.items.push(Item {
            source_id: Some(cell(rec, col[IDNUMBER]).to_string()),
            name: plain(cell(rec, col[SHORTNAME])),
            description,
            parent,
            place: format!("row {}", rec.line),
            ..Item::default()
        });
        let me = index_of[k];
        if let Some(kids) = children.get(cell(rec, col[IDNUMBER])) {
            stack.extend(kids.iter().rev().map(|&c| (c, me)));
        }
    }
    for (k, (r, parent)) in comps.iter().enumerate() {
        if index_of[k].is_none() {
            let rec = &records[*r];
            let reason = if by_id.contains_key(parent.as_str()) {
                "its parents refer to each other in a circle and never reach the top of the framework".to_string()
            } else {
                format!("its parent id number \u{201c}{}\u{201d} is not in the file, so Moodle would not import it either", shorten(parent, 60))
            };
            skipped.push(Skipped { place: format!("row {}", rec.line), name: cell(rec, col[SHORTNAME]).to_string(), reason });
        }
    }
    if converted > 0 {
        notes.push(format!("{converted} HTML descriptions were converted to plain text"));
    }
    out.notes = notes;
    out.skipped = skipped;
    Ok(out)
}

/// The framework id number an export of `ws` uses: `skillgap-` and the workspace name in lower case with
/// dashes, at most 100 characters (Moodle's limit).
pub fn framework_id(ws: &Workspace) -> String {
    let mut slug = String::from("skillgap-");
    let mut dash = false;
    for c in ws.name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
            dash = false;
        } else if !dash {
            slug.push('-');
            dash = true;
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    slug.chars().take(100).collect()
}

/// Which levels an export marks proficient in Moodle's scale configuration: from three quarters of the
/// way up the scale (rounded up) to the top — on the default five-level scale, Proficient and Expert.
pub fn proficient_from(max_level: u8) -> u8 {
    (max_level as u32 * 3).div_ceil(4) as u8
}

/// Escapes text for Moodle's HTML description (format 1), line ends as `<br>`.
fn to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// The skill library as a Moodle competency framework CSV that Moodle's importer reads back: the
/// framework row (the workspace's name and scale), one competency per category, and each skill under its
/// category. A skill imported from this same framework keeps its id number; the others use their Skillgap
/// id. Level texts have no place in Moodle's format and are not written (the CASE export carries them).
pub fn export(ws: &Workspace) -> String {
    let fw_id = framework_id(ws);
    let mut w = String::new();
    let row = |w: &mut String, cells: [&str; 14]| php_csv_row(w, &cells);
    row(&mut w, HEADER);
    let max = ws.scale.max_level();
    let from = proficient_from(max);
    // Moodle's scale values are a comma list, so a comma inside a label would split it.
    let values: Vec<String> = ws.scale.labels.iter().map(|l| l.replace(',', ";")).collect();
    let mut config = vec![serde_json::json!({ "scaleid": "0" })];
    for level in 0..=max {
        config.push(serde_json::json!({
            "id": level as u32 + 1,
            "scaledefault": u8::from(level == 0),
            "proficient": u8::from(level >= from),
        }));
    }
    let config = serde_json::Value::Array(config).to_string();
    row(&mut w, ["", &fw_id, &ws.name, "", "1", &values.join(","), &config, "", "", "", "", "", "1", "domain,competency"]);
    let mut used: HashMap<String, ()> = HashMap::new();
    used.insert(fw_id.clone(), ());
    let mut unique = |want: String, fallback: &str| -> String {
        let mut id: String = want.chars().take(100).collect();
        if id.trim().is_empty() || used.contains_key(&id) {
            id = fallback.chars().take(100).collect();
        }
        let base = id.clone();
        let mut n = 2;
        while used.contains_key(&id) {
            id = format!("{}-{n}", base.chars().take(95).collect::<String>());
            n += 1;
        }
        used.insert(id.clone(), ());
        id
    };
    let mut exported = 0u32;
    for category in ws.categories() {
        let cat_id = unique(format!("category-{}", header_key(&category)), "category");
        exported += 1;
        row(&mut w, [
            "",
            &cat_id,
            &category,
            "",
            "1",
            "",
            "",
            "",
            "0",
            "null",
            "",
            &exported.to_string(),
            "",
            "",
        ]);
        for s in ws.skills.iter().filter(|s| s.category == category) {
            let own = s.source.as_ref().filter(|src| src.framework == fw_id && !src.id.contains("://")).map(|src| src.id.clone());
            let id = unique(own.unwrap_or_else(|| s.id.to_string()), s.id.as_str());
            exported += 1;
            row(&mut w, [
                &cat_id,
                &id,
                &s.name,
                &to_html(&s.description),
                "1",
                "",
                "",
                "",
                "0",
                "null",
                "",
                &exported.to_string(),
                "",
                "",
            ]);
        }
    }
    w
}

/// Appends one CSV row as PHP's `fputcsv` (which Moodle's exporter uses) writes it: a cell is quoted when it
/// holds a comma, quote, space, tab or line end, quotes doubled; rows end in `\n`.
fn php_csv_row(out: &mut String, cells: &[&str]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if c.contains([',', '"', ' ', '\t', '\n', '\r', '\\']) {
            out.push('"');
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(c);
        }
    }
    out.push('\n');
}
