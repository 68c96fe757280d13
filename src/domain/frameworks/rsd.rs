//! Open Skills Network Rich Skill Descriptors (RSDs), as the Open Skills Management Tool (OSMT) writes them.
//!
//! JSON: one RSD (`"type": "RichSkillDescriptor"`: id — the RSD's canonical URL —, uuid, skillName,
//! skillStatement, category or categories, keywords, collections, …), a collection (`"type":
//! "RichSkillCollection"`: name, description and `skills`, whose entries are RSDs or only links `{"id": …}`),
//! or a list of RSDs. The batch CSV has one RSD per row: RSD Name, Skill Statement, Category, Keywords,
//! Authors, Standards, Certifications, occupation columns, Employers, alignment columns and, in an export,
//! Canonical URL. Each skill keeps its canonical URL (or `urn:uuid:` and its uuid) as source identifier.

use serde::Deserialize;

use super::{cell, cell_place, csv_records, delimiter_of, map_columns, plain, shorten, unknown_columns_note, Errors, Format, Framework, FrameworkError, Item, Skipped, MAX_ITEMS};

/// Whether a JSON text is an RSD, an RSD collection or a list of RSDs: it names a skillName or an RSD type.
pub(crate) fn looks_like_json(text: &str) -> bool {
    text.contains("\"skillName\"") || text.contains("\"RichSkillDescriptor\"") || text.contains("\"RichSkillCollection\"")
}

/// What a JSON text's top level is: a list, a collection (it has `skills` and no `skillName`) or one RSD.
#[derive(Deserialize)]
struct Shape {
    #[serde(default)]
    skills: Option<serde::de::IgnoredAny>,
    #[serde(rename = "skillName", default)]
    skill_name: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct Rsd {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    uuid: Option<String>,
    #[serde(rename = "skillName", default)]
    skill_name: Option<String>,
    #[serde(rename = "skillStatement", default)]
    skill_statement: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    categories: Option<Vec<String>>,
    #[serde(default)]
    keywords: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct Collection {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    id: Option<String>,
    skills: Vec<Rsd>,
}

/// The identifier of an RSD: its canonical URL, else `urn:uuid:` and its uuid.
fn rsd_id(r: &Rsd) -> Option<String> {
    let url = r.id.as_deref().map(str::trim).filter(|u| !u.is_empty());
    url.map(String::from).or_else(|| r.uuid.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(|u| format!("urn:uuid:{u}")))
}

/// Reads RSD JSON: one RSD, a collection or a list.
pub fn read_json(file: &str, text: &str) -> Result<Framework, Vec<FrameworkError>> {
    let is_array = text.trim_start().starts_with('[');
    let shape: Option<Shape> = if is_array { None } else { serde_json::from_str(text).ok() };
    let field_error = |e: serde_path_to_error::Error<serde_json::Error>| {
        let inner = e.inner();
        vec![FrameworkError::new(
            file,
            format!("{} (line {}, column {})", e.path(), inner.line(), inner.column()),
            super::clean_json_message(&inner.to_string()),
        )]
    };
    let de = &mut serde_json::Deserializer::from_str(text);
    let (name, source, list, prefix): (String, String, Vec<Rsd>, String) = if is_array {
        let list: Vec<Rsd> = serde_path_to_error::deserialize(de).map_err(field_error)?;
        ("Rich Skill Descriptors".into(), "Open Skills Network RSD".into(), list, String::new())
    } else if shape.as_ref().is_some_and(|s| s.skills.is_some() && s.skill_name.is_none()) {
        let c: Collection = serde_path_to_error::deserialize(de).map_err(field_error)?;
        let name = c.name.as_deref().map(plain).filter(|n| !n.is_empty()).unwrap_or_else(|| "RSD collection".into());
        let source = c.id.clone().unwrap_or_else(|| name.clone());
        (name, source, c.skills, "skills".into())
    } else {
        let one: Rsd = serde_path_to_error::deserialize(de).map_err(field_error)?;
        ("Rich Skill Descriptor".into(), "Open Skills Network RSD".into(), vec![one], String::new())
    };
    if list.len() > MAX_ITEMS {
        return Err(vec![FrameworkError::new(file, prefix, format!("more than {MAX_ITEMS} skills"))]);
    }
    let mut out = Framework::new(Format::RsdJson, file, name, source);
    let mut errors = Errors::new(file);
    let single = list.len() == 1 && prefix.is_empty() && !is_array;
    let mut links = 0usize;
    for (i, r) in list.iter().enumerate() {
        let path = if single { String::new() } else if prefix.is_empty() { format!("[{i}]") } else { format!("{prefix}[{i}]") };
        let place = if path.is_empty() { "the RSD".to_string() } else { path.clone() };
        let Some(id) = rsd_id(r) else {
            errors.push(if path.is_empty() { "id".to_string() } else { format!("{path}.id") }, "the RSD has neither an id (its canonical URL) nor a uuid");
            continue;
        };
        let Some(name) = r.skill_name.as_deref().map(plain).filter(|n| !n.is_empty()) else {
            if r.skill_statement.is_none() && !single {
                links += 1;
                out.skipped.push(Skipped {
                    place,
                    name: shorten(&id, 80),
                    reason: "only a link to the RSD (no skillName); import the RSD's own JSON to bring it in".into(),
                });
            } else {
                errors.push(if path.is_empty() { "skillName".to_string() } else { format!("{path}.skillName") }, "the RSD has no skillName");
            }
            continue;
        };
        let mut cats: Vec<String> = r.categories.clone().unwrap_or_default().iter().map(|c| plain(c)).filter(|c| !c.is_empty()).collect();
        if let Some(c) = r.category.as_deref().map(plain).filter(|c| !c.is_empty()) {
            cats.insert(0, c);
        }
        let mut description = plain(r.skill_statement.as_deref().unwrap_or(""));
        let keywords: Vec<String> = r.keywords.clone().unwrap_or_default().iter().map(|k| plain(k)).filter(|k| !k.is_empty()).collect();
        if !keywords.is_empty() {
            description.push_str(&format!("\n\nKeywords: {}.", keywords.join("; ")));
        }
        if cats.len() > 1 {
            description.push_str(&format!("\n\nAlso in the categories: {}.", cats[1..].join("; ")));
        }
        out.items.push(Item {
            source_id: Some(id),
            name,
            description: description.trim().to_string(),
            category: cats.into_iter().next(),
            place,
            ..Item::default()
        });
    }
    if links > 0 {
        out.notes.push(format!("{links} entries of the collection are only links to RSDs"));
    }
    out.notes.push("RSDs have no proficiency levels, so no level texts".into());
    errors.or(out)
}

const KNOWN_CSV: [&[&str]; 16] = [
    &["rsdname", "skillname"],
    &["skillstatement"],
    &["category", "categories"],
    &["keywords"],
    &["canonicalurl", "url", "id"],
    &["author", "authors"],
    &["standards"],
    &["certifications"],
    &["occupationmajorgroups"],
    &["occupationminorgroups"],
    &["broadoccupations"],
    &["detailedoccupations"],
    &["onetjobcodes"],
    &["employers"],
    &["alignmentname", "alignmentnames"],
    &["alignmenturl", "alignmenturls", "alignmentframework"],
];

/// Reads an RSD batch CSV.
pub fn read_csv(file: &str, text: &str) -> Result<Framework, Vec<FrameworkError>> {
    let (header, records) = csv_records(file, text, delimiter_of(text))?;
    let (col, unknown) = map_columns(&header, &KNOWN_CSV);
    let mut errors = Errors::new(file);
    if col[0].is_none() || col[1].is_none() {
        errors.push("row 1", "an RSD batch CSV needs the columns \u{201c}RSD Name\u{201d} and \u{201c}Skill Statement\u{201d}");
        return Err(errors.finish());
    }
    let mut out = Framework::new(Format::RsdCsv, file, "Rich Skill Descriptors".into(), "Open Skills Network RSD".into());
    if let Some(n) = unknown_columns_note(&unknown, Format::RsdCsv) {
        out.notes.push(n);
    }
    let (mut no_url, mut extra) = (0usize, 0usize);
    for rec in &records {
        let name = cell(rec, col[0]);
        if name.is_empty() {
            errors.push(cell_place(rec.line, col[0].unwrap_or(0), &header), "no RSD Name");
            continue;
        }
        let url = cell(rec, col[4]);
        if url.is_empty() {
            no_url += 1;
        }
        if (5..16).any(|k| !cell(rec, col[k]).is_empty()) {
            extra += 1;
        }
        // OSMT separates several values in one cell with "; ".
        let cats: Vec<&str> = cell(rec, col[2]).split(';').map(str::trim).filter(|c| !c.is_empty()).collect();
        let mut description = plain(cell(rec, col[1]));
        let keywords: Vec<&str> = cell(rec, col[3]).split(';').map(str::trim).filter(|k| !k.is_empty()).collect();
        if !keywords.is_empty() {
            description.push_str(&format!("\n\nKeywords: {}.", keywords.join("; ")));
        }
        if cats.len() > 1 {
            description.push_str(&format!("\n\nAlso in the categories: {}.", cats[1..].join("; ")));
        }
        out.items.push(Item {
            source_id: (!url.is_empty()).then(|| url.to_string()),
            name: plain(name),
            description: description.trim().to_string(),
            category: cats.first().map(|c| c.to_string()),
            place: format!("row {}", rec.line),
            ..Item::default()
        });
    }
    if no_url > 0 {
        out.notes.push(format!(
            "{no_url} rows have no Canonical URL (RSDs not yet published); they are matched by name only, and keep no source identifier"
        ));
    }
    if extra > 0 {
        out.notes.push(format!("{extra} rows have authors, standards, occupations, employers or alignments, which are not imported"));
    }
    out.notes.push("RSDs have no proficiency levels, so no level texts".into());
    errors.or(out)
}
