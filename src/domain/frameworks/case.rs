//! 1EdTech CASE CFPackage JSON (Competencies and Academic Standards Exchange 1.1; 1.0-shaped packages too).
//!
//! A package holds a `CFDocument` (the framework: identifier, uri, creator, title, lastChangeDateTime, and in
//! 1.1 `caseVersion: "1.1"`), `CFItems` (identifier, uri, fullStatement, optionally abbreviatedStatement,
//! humanCodingScheme, CFItemType…), `CFAssociations` (associationType, originNodeURI, destinationNodeURI as
//! links {title, identifier, uri}) and optionally `CFRubrics`, whose criteria point at an item
//! (`CFItemURI`) and list levels (`CFRubricCriterionLevels`: position, quality, score, description).
//!
//! Reading: the tree is the `isChildOf` associations (origin is the child, destination its parent: an item
//! or the document); a rubric criterion's levels, in position order, become the item's level texts. A
//! package wrapped as `{"CFPackage": {…}}`, as the REST binding returns it, is read too. Type errors name
//! the JSON path (`CFItems[3].fullStatement`) and, for an unwrapped file, the line and column.
//!
//! Writing ([`export`]): a CASE 1.1 package that validates against the CASE 1.1 CFPackage JSON schema
//! (`tests/fixtures/case_v1p1_cfpackage_schema.json` checks it in a test): one item per category and per
//! skill, `isChildOf` associations for the tree, and one rubric with a criterion per skill that has level
//! texts (a level per scale level: quality = the level's label, score = its number). Identifiers are
//! name-based UUIDs (version 5), so exporting the same library twice gives the same identifiers and a CASE
//! server updates rather than duplicates; a skill imported from CASE keeps its URI and identifier.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{json, Value};

use super::{clean_json_message, plain, shorten, Errors, Format, Framework, FrameworkError, Item, MAX_ITEMS};
use crate::domain::model::Workspace;

/// Whether a JSON text is a CASE package (bare or wrapped in `CFPackage`): it names a CFDocument.
pub(crate) fn looks_like(text: &str) -> bool {
    text.contains("\"CFDocument\"")
}

/// A package as the REST binding returns it: `{"CFPackage": {…}}`.
#[derive(Deserialize)]
struct Wrapped {
    #[serde(rename = "CFPackage")]
    package: Package,
}

#[derive(Deserialize)]
struct Package {
    #[serde(rename = "CFDocument")]
    document: Document,
    #[serde(rename = "CFItems", default)]
    items: Vec<CfItem>,
    #[serde(rename = "CFAssociations", default)]
    associations: Vec<Association>,
    #[serde(rename = "CFRubrics", default)]
    rubrics: Vec<Rubric>,
}

#[derive(Deserialize)]
struct Document {
    identifier: String,
    #[serde(default)]
    uri: Option<String>,
    title: String,
    #[serde(rename = "caseVersion", default)]
    case_version: Option<String>,
}

#[derive(Deserialize)]
struct CfItem {
    identifier: String,
    #[serde(default)]
    uri: Option<String>,
    #[serde(rename = "fullStatement")]
    full_statement: String,
    #[serde(rename = "abbreviatedStatement", default)]
    abbreviated: Option<String>,
    #[serde(rename = "CFItemType", default)]
    item_type: Option<String>,
}

#[derive(Deserialize)]
struct Association {
    #[serde(rename = "associationType")]
    kind: String,
    #[serde(rename = "originNodeURI")]
    origin: Link,
    #[serde(rename = "destinationNodeURI")]
    destination: Link,
    #[serde(rename = "sequenceNumber", default)]
    sequence: Option<Value>,
}

#[derive(Deserialize)]
struct Link {
    identifier: String,
}

#[derive(Deserialize)]
struct Rubric {
    #[serde(rename = "CFRubricCriteria", default)]
    criteria: Vec<Criterion>,
}

#[derive(Deserialize)]
struct Criterion {
    #[serde(rename = "CFItemURI", default)]
    item: Option<Link>,
    #[serde(rename = "CFRubricCriterionLevels", default)]
    levels: Vec<Level>,
}

#[derive(Deserialize)]
struct Level {
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    feedback: Option<String>,
    #[serde(default)]
    quality: Option<String>,
    #[serde(default)]
    position: Option<Value>,
    #[serde(default)]
    score: Option<Value>,
}

/// A JSON number (or a numeric string, as some servers write) as f64.
fn number(v: &Option<Value>) -> Option<f64> {
    match v {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

const KNOWN_TOP: [&str; 6] = ["CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics", "extensions"];

/// Reads a CASE package from its text, in one pass (a 10,000-item package is tens of megabytes).
pub fn read(file: &str, text: &str) -> Result<Framework, Vec<FrameworkError>> {
    // The top level's keys, skipping their values: is the package wrapped, and what else is there?
    let keys: std::collections::BTreeMap<String, serde::de::IgnoredAny> = serde_json::from_str(text).map_err(|e| {
        vec![FrameworkError::new(
            file,
            format!("line {}, column {}", e.line(), e.column()),
            format!("not valid JSON: {}", clean_json_message(&e.to_string())),
        )]
    })?;
    let wrapped = !keys.contains_key("CFDocument") && keys.contains_key("CFPackage");
    let field_error = |e: serde_path_to_error::Error<serde_json::Error>| {
        let inner = e.inner();
        vec![FrameworkError::new(
            file,
            format!("{} (line {}, column {})", e.path(), inner.line(), inner.column()),
            clean_json_message(&inner.to_string()),
        )]
    };
    let de = &mut serde_json::Deserializer::from_str(text);
    let pkg: Package = if wrapped {
        serde_path_to_error::deserialize::<_, Wrapped>(de).map_err(field_error)?.package
    } else {
        serde_path_to_error::deserialize(de).map_err(field_error)?
    };
    let prefix = if wrapped { "CFPackage." } else { "" };
    if pkg.items.len() > MAX_ITEMS {
        return Err(vec![FrameworkError::new(file, format!("{prefix}CFItems"), format!("more than {MAX_ITEMS} items"))]);
    }
    let mut errors = Errors::new(file);
    if pkg.document.title.trim().is_empty() {
        errors.push(format!("{prefix}CFDocument.title"), "the document has no title");
    }
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(pkg.items.len());
    for (i, it) in pkg.items.iter().enumerate() {
        if it.identifier.trim().is_empty() {
            errors.push(format!("{prefix}CFItems[{i}].identifier"), "the item has no identifier");
        } else if let Some(j) = index.insert(it.identifier.as_str(), i) {
            errors.push(
                format!("{prefix}CFItems[{i}].identifier"),
                format!("the identifier \u{201c}{}\u{201d} is also CFItems[{j}]'s", shorten(&it.identifier, 60)),
            );
        }
    }
    let errors_done = errors;
    let mut notes = Vec::new();
    if !wrapped {
        let unknown: Vec<&str> = keys.keys().map(String::as_str).filter(|k| !KNOWN_TOP.contains(k) && !k.starts_with('@')).collect();
        if !unknown.is_empty() {
            notes.push(format!("parts not in the CASE package format were not read: {}", unknown.join(", ")));
        }
    }
    match pkg.document.case_version.as_deref() {
        Some("1.1") => {}
        None => notes.push("a CASE 1.0-shaped package (no caseVersion); it was read the same way".into()),
        Some(v) => notes.push(format!("caseVersion is \u{201c}{}\u{201d}; it was read as CASE 1.1", shorten(v, 20))),
    }
    let doc_id = pkg.document.identifier.clone();
    let framework_name = plain(&pkg.document.title);
    let mut out = Framework::new(Format::Case, file, framework_name.clone(), framework_name);
    if pkg.document.uri.as_deref().is_some_and(|u| !u.trim().is_empty()) {
        out.source_name = plain(&pkg.document.title);
    }
    // Parents from isChildOf, lowest sequence number first.
    let mut parents: Vec<Option<(f64, usize)>> = vec![None; pkg.items.len()];
    let (mut outside, mut several, mut other_kinds) = (0usize, 0usize, 0usize);
    for a in &pkg.associations {
        if a.kind != "isChildOf" {
            other_kinds += 1;
            continue;
        }
        let Some(&child) = index.get(a.origin.identifier.as_str()) else { continue };
        let parent = if a.destination.identifier == doc_id {
            None
        } else {
            match index.get(a.destination.identifier.as_str()) {
                Some(&p) if p != child => Some(p),
                Some(_) => continue,
                None => {
                    outside += 1;
                    continue;
                }
            }
        };
        let seq = number(&a.sequence).unwrap_or(f64::MAX);
        let Some(p) = parent else { continue };
        match parents[child] {
            Some((s, _)) => {
                several += 1;
                if seq < s {
                    parents[child] = Some((seq, p));
                }
            }
            None => parents[child] = Some((seq, p)),
        }
    }
    let mut parent: Vec<Option<usize>> = parents.iter().map(|p| p.map(|(_, i)| i)).collect();
    // Cut any circle of parents so the items form a forest.
    let mut state = vec![0u8; parent.len()]; // 0 unseen, 1 on the current path, 2 done
    let mut cut = 0usize;
    for start in 0..parent.len() {
        let mut path = Vec::new();
        let mut at = start;
        loop {
            match state[at] {
                2 => break,
                1 => {
                    // `at` is on the path: the edge into it from the path's last item closes a circle.
                    if let Some(&last) = path.last() {
                        parent[last] = None;
                        cut += 1;
                    }
                    break;
                }
                _ => {
                    state[at] = 1;
                    path.push(at);
                    match parent[at] {
                        Some(p) => at = p,
                        None => break,
                    }
                }
            }
        }
        for p in path {
            state[p] = 2;
        }
    }
    if outside > 0 {
        notes.push(format!("{outside} isChildOf links point outside this package; those items were placed at the top"));
    }
    if several > 0 {
        notes.push(format!("{several} items have more than one parent; the one with the lowest sequence number was used"));
    }
    if cut > 0 {
        notes.push(format!("{cut} isChildOf links formed a circle and were not followed"));
    }
    if other_kinds > 0 {
        notes.push(format!("{other_kinds} associations of other kinds (isRelatedTo, exactMatchOf, …) are not imported"));
    }
    // Level texts from the rubrics.
    let mut level_texts: Vec<Vec<String>> = vec![Vec::new(); pkg.items.len()];
    let mut qualities: Option<Vec<String>> = None;
    let mut criteria = 0usize;
    for r in &pkg.rubrics {
        for c in &r.criteria {
            let Some(i) = c.item.as_ref().and_then(|l| index.get(l.identifier.as_str())).copied() else { continue };
            let mut levels: Vec<&Level> = c.levels.iter().collect();
            levels.sort_by(|a, b| {
                let key = |l: &Level| (number(&l.position).unwrap_or(f64::MAX), number(&l.score).unwrap_or(f64::MAX));
                key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal)
            });
            level_texts[i] = levels
                .iter()
                .map(|l| plain(l.description.as_deref().filter(|d| !d.trim().is_empty()).or(l.feedback.as_deref()).unwrap_or("")))
                .collect();
            if qualities.is_none() && levels.iter().all(|l| l.quality.is_some()) && !levels.is_empty() {
                qualities = Some(levels.iter().map(|l| plain(l.quality.as_deref().unwrap_or(""))).collect());
            }
            criteria += 1;
        }
    }
    if criteria > 0 {
        notes.push(format!("{criteria} rubric criteria give level descriptions"));
    }
    out.scale = qualities;
    for (i, (it, texts)) in pkg.items.iter().zip(level_texts).enumerate() {
        let full = plain(&it.full_statement);
        let abbreviated = it.abbreviated.as_deref().map(plain).filter(|a| !a.is_empty());
        let (name, description) = match abbreviated {
            Some(a) if a != full => (a, full),
            Some(a) => (a, String::new()),
            None => (full, String::new()),
        };
        let uri = it.uri.as_deref().map(str::trim).filter(|u| !u.is_empty());
        out.items.push(Item {
            source_id: Some(uri.map(String::from).unwrap_or_else(|| it.identifier.trim().to_string())),
            name,
            description,
            parent: parent[i],
            category: None,
            level_texts: texts,
            place: format!("{prefix}CFItems[{i}]{}", it.item_type.as_deref().map(|t| format!(" ({})", shorten(t, 30))).unwrap_or_default()),
        });
    }
    out.notes = notes;
    errors_done.or(out)
}

/// A version-5 (name-based, SHA-1) UUID for `name` in Skillgap's namespace.
fn uuid_for(name: &str) -> String {
    // Skillgap's namespace: the version-5 UUID of its name in the URL namespace.
    let ns = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"https://skillgap.invalid/case");
    uuid::Uuid::new_v5(&ns, name.as_bytes()).to_string()
}

/// Whether `s` is a lower-case UUID as CASE's identifier pattern wants (version 1–5, RFC 4122 variant).
pub fn is_case_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 36 {
        return false;
    }
    for (i, &c) in b.iter().enumerate() {
        let ok = match i {
            8 | 13 | 18 | 23 => c == b'-',
            14 => (b'1'..=b'5').contains(&c),
            19 => matches!(c, b'8' | b'9' | b'a' | b'b'),
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
        };
        if !ok {
            return false;
        }
    }
    true
}

/// The UUID at the end of a CASE URI (`…/CFItems/<uuid>` or `urn:uuid:<uuid>`), if it has one.
fn uuid_of(uri: &str) -> Option<&str> {
    let last = uri.trim_end_matches('/').rsplit(['/', ':']).next().unwrap_or("");
    (is_case_uuid(last) && (uri.contains("://") || uri.starts_with("urn:uuid:"))).then_some(last)
}

/// Hands out identifiers for an export, never the same one twice: a skill imported from CASE keeps its
/// identifier and URI (reserved first, so nothing else can take them); everything else gets a name-based
/// UUID from its key, or from the key with a counter when that one is taken.
struct Ids {
    used: std::collections::HashSet<String>,
    kept: HashMap<String, (String, String)>,
}

impl Ids {
    fn new(ws: &Workspace) -> Self {
        let mut ids = Self { used: Default::default(), kept: HashMap::new() };
        for s in &ws.skills {
            let Some(uri) = s.source.as_ref().map(|x| x.id.as_str()) else { continue };
            if let Some(id) = uuid_of(uri) {
                if ids.used.insert(id.to_string()) {
                    ids.kept.insert(s.id.0.clone(), (id.to_string(), uri.to_string()));
                }
            }
        }
        ids
    }

    /// The identifier and URI of skill `skill`, or of anything else with `key`.
    fn get(&mut self, skill: Option<&str>, key: &str) -> (String, String) {
        if let Some(kept) = skill.and_then(|s| self.kept.get(s)) {
            return kept.clone();
        }
        let mut n = 0u32;
        loop {
            let id = if n == 0 { uuid_for(key) } else { uuid_for(&format!("{key}#{n}")) };
            if self.used.insert(id.clone()) {
                let uri = format!("urn:uuid:{id}");
                return (id, uri);
            }
            n += 1;
        }
    }
}

/// The skill library as a CASE 1.1 CFPackage (compact JSON: a large library's package is megabytes). `now` is the lastChangeDateTime written everywhere (an
/// RFC 3339 date-time such as `2026-11-27T09:30:00Z`; the domain reads no clock).
pub fn export(ws: &Workspace, now: &str) -> String {
    let mut ids = Ids::new(ws);
    let (doc_id, doc_uri) = ids.get(None, &format!("document:{}", ws.name));
    let link = |title: &str, id: &str, uri: &str| json!({ "title": title, "identifier": id, "uri": uri });
    let scale = ws.scale.labels.iter().enumerate().map(|(i, l)| format!("{i} {l}")).collect::<Vec<_>>().join(", ");
    let document = json!({
        "identifier": doc_id,
        "uri": doc_uri,
        "caseVersion": "1.1",
        "creator": ws.name,
        "title": ws.name,
        "lastChangeDateTime": now,
        "description": "Skill library exported from Skillgap.",
        "notes": format!("Proficiency scale: {scale}."),
    });
    let doc_link = link(&ws.name, &doc_id, &doc_uri);
    let (mut items, mut associations, mut criteria) = (Vec::new(), Vec::new(), Vec::new());
    let mut seq = 0u32;
    let mut associate = |ids: &mut Ids, child: &Value, parent: &Value, associations: &mut Vec<Value>| {
        seq += 1;
        let key = format!("isChildOf:{}:{}", child["identifier"].as_str().unwrap_or(""), parent["identifier"].as_str().unwrap_or(""));
        let (id, uri) = ids.get(None, &key);
        associations.push(json!({
            "identifier": id,
            "associationType": "isChildOf",
            "sequenceNumber": seq,
            "uri": uri,
            "originNodeURI": child,
            "destinationNodeURI": parent,
            "lastChangeDateTime": now,
        }));
    };
    let (rubric_id, rubric_uri) = ids.get(None, &format!("rubric:{doc_id}"));
    for category in ws.categories() {
        let (cat_id, cat_uri) = ids.get(None, &format!("category:{doc_id}:{category}"));
        items.push(json!({
            "identifier": cat_id,
            "fullStatement": category,
            "CFItemType": "Category",
            "uri": cat_uri,
            "lastChangeDateTime": now,
        }));
        let cat_link = link(&category, &cat_id, &cat_uri);
        associate(&mut ids, &cat_link, &doc_link, &mut associations);
        for s in ws.skills.iter().filter(|s| s.category == category) {
            let (id, uri) = ids.get(Some(s.id.as_str()), &format!("skill:{doc_id}:{}", s.id));
            let full = if s.description.trim().is_empty() { s.name.clone() } else { s.description.clone() };
            items.push(json!({
                "identifier": id,
                "fullStatement": full,
                "abbreviatedStatement": s.name,
                "humanCodingScheme": s.id.as_str(),
                "CFItemType": "Skill",
                "uri": uri,
                "lastChangeDateTime": now,
            }));
            let skill_link = link(&s.name, &id, &uri);
            associate(&mut ids, &skill_link, &cat_link, &mut associations);
            if s.level_texts.iter().any(|t| !t.trim().is_empty()) {
                let (crit_id, crit_uri) = ids.get(None, &format!("criterion:{doc_id}:{id}"));
                let levels: Vec<Value> = ws
                    .scale
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(level, label)| {
                        let (lid, luri) = ids.get(None, &format!("level:{crit_id}:{level}"));
                        let mut l = json!({
                            "identifier": lid,
                            "uri": luri,
                            "quality": label,
                            "score": level as f64,
                            "position": level,
                            "rubricCriterionId": crit_id,
                            "lastChangeDateTime": now,
                        });
                        let text = s.level_text(level as u8);
                        if !text.trim().is_empty() {
                            l["description"] = Value::from(text);
                        }
                        l
                    })
                    .collect();
                criteria.push(json!({
                    "identifier": crit_id,
                    "uri": crit_uri,
                    "category": category,
                    "description": format!("Levels of {}", s.name),
                    "CFItemURI": skill_link,
                    "position": criteria.len() + 1,
                    "rubricId": rubric_id,
                    "lastChangeDateTime": now,
                    "CFRubricCriterionLevels": levels,
                }));
            }
        }
    }
    let mut package = json!({
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
    });
    if !criteria.is_empty() {
        package["CFRubrics"] = json!([{
            "identifier": rubric_id,
            "uri": rubric_uri,
            "title": "Level descriptions",
            "description": format!("What each level of the scale ({scale}) looks like for each skill."),
            "lastChangeDateTime": now,
            "CFRubricCriteria": criteria,
        }]);
    }
    serde_json::to_string(&package).expect("a JSON value serialises")
}
