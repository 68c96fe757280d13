//! What importing a framework would change: the plan shown before anything changes, and the workspace it
//! would make.
//!
//! Which items become skills: by default the leaves of the framework's tree (items with no children), each
//! in the category of its parent (or the category the format gives, or the framework's name); the items
//! above them are categories. [`PlanOptions::depth`] takes skills from one level of the tree instead: the
//! items below it are listed in their skill's description ("Includes: …").
//!
//! Matching: a skill whose [`SkillSource`] key equals the item's is the same skill (updated: name,
//! category, description and level texts from the file); otherwise a skill with no source and the same name
//! (any case) is taken and gets the source. Nothing is deleted: skills of the same framework that are not in
//! the file stay. A new skill whose name another skill has gets the category (or a number) in brackets.
//!
//! Level texts: a framework with as many levels as the scale gives one text per level; one with fewer gives
//! texts to the top levels (a rubric of levels 1–4 onto a 0–4 scale leaves level 0 without text); one with
//! more is not used, and the plan says so.
//!
//! O*NET: the chosen occupation's elements rated at least [`PlanOptions::min_importance`] on Importance
//! become skills and the occupation's role profile (the role named after the occupation, created or
//! updated): required level = Level (0–7) × the scale's top level / 7, rounded; importance = Importance
//! (1–5), rounded. Values O*NET recommends suppressing, and levels it marks not relevant, are skipped.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{shorten, Format, Framework, Skipped};
use crate::domain::model::*;
use crate::domain::validate::{MAX_NAME, MAX_TEXT};

/// Choices the trainer makes on the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanOptions {
    /// `None`: the leaves of the tree become skills; `Some(d)`: the items at depth `d` (1 = top).
    pub depth: Option<usize>,
    /// O*NET: the occupation (O*NET-SOC code) to make the role profile for; `None` takes the file's only one.
    pub occupation: Option<String>,
    /// O*NET: the least Importance (1–5) an element needs to be in the role profile.
    pub min_importance: f64,
}

impl Default for PlanOptions {
    fn default() -> Self {
        Self { depth: None, occupation: None, min_importance: DEFAULT_MIN_IMPORTANCE }
    }
}

/// O*NET's Importance anchor 3 is "Important": by default the role profile holds the elements rated at
/// least that.
pub const DEFAULT_MIN_IMPORTANCE: f64 = 3.0;

/// How an item found its skill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Match {
    New,
    /// The same source identifier.
    BySource,
    /// The same name, on a skill that had no source.
    ByName,
}

/// One item the import turns into a skill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedSkill {
    pub place: String,
    /// The skill's name after the import.
    pub name: String,
    pub category: String,
    pub source_id: Option<String>,
    pub how: Match,
    /// The skill it matched (for `BySource` and `ByName`), with its name before the import.
    pub existing: Option<(SkillId, String)>,
    /// What the import changes on a matched skill: "name", "category", "description", "level texts", "source".
    pub changes: Vec<String>,
    /// How many level texts it gets from the file.
    pub level_texts: usize,
    /// Why its name is not the file's, if it is not.
    pub renamed: Option<String>,
}

/// One requirement of the role profile an O*NET import makes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedRequirement {
    pub skill: String,
    pub level: Level,
    pub importance: Importance,
    /// O*NET's Level (0–7) and Importance (1–5).
    pub onet_level: f64,
    pub onet_importance: f64,
}

/// The role profile an O*NET import creates or updates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RolePlan {
    pub name: String,
    /// The role it updates; `None` creates it.
    pub existing: Option<RoleId>,
    pub code: String,
    pub date: Option<String>,
    pub requirements: Vec<PlannedRequirement>,
    pub level_rule: String,
    pub importance_rule: String,
}

/// What importing a framework would do. Nothing changes until the app applies `workspace`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub format: Format,
    pub file: String,
    pub framework: String,
    /// New and matched skills, in the file's order (matched ones with no change included).
    pub skills: Vec<PlannedSkill>,
    /// Categories of the planned skills, with how many each.
    pub categories: Vec<(String, usize)>,
    /// How the framework's levels become level texts, or why they do not.
    pub level_texts: Option<String>,
    pub role: Option<RolePlan>,
    /// O*NET: the occupations in the file (code, title, elements rated).
    pub occupations: Vec<(String, Option<String>, usize)>,
    /// How many items the tree has at each depth (index 0 = the top), for choosing where skills are.
    pub depths: Vec<usize>,
    pub skipped: Vec<Skipped>,
    pub notes: Vec<String>,
    /// The workspace after the import, validated; `None` when it would change nothing or is refused.
    pub workspace: Option<Workspace>,
    /// Why the import cannot be applied (nothing to import, an occupation to choose, a validation failure).
    pub refused: Option<String>,
}

impl Plan {
    /// Planned skills that are new.
    pub fn new_count(&self) -> usize {
        self.skills.iter().filter(|s| s.how == Match::New).count()
    }

    /// Matched skills the import changes.
    pub fn updated_count(&self) -> usize {
        self.skills.iter().filter(|s| s.how != Match::New && !s.changes.is_empty()).count()
    }

    /// Matched skills that stay as they are.
    pub fn unchanged_count(&self) -> usize {
        self.skills.iter().filter(|s| s.how != Match::New && s.changes.is_empty()).count()
    }
}

/// An item on its way to becoming a skill.
struct Candidate {
    item: usize,
    name: String,
    category: String,
    description: String,
    level_texts: Vec<String>,
    source: Option<SkillSource>,
    renamed: Option<String>,
}

/// Plans importing `fw` into `ws` with `options`.
pub fn plan(ws: &Workspace, fw: &Framework, options: &PlanOptions) -> Plan {
    plan_reserving(ws, fw, options, &[])
}

/// [`plan`] for a workspace given without its people and scenarios (as the page's framework worker gets
/// it): `reserved` are their ids, which new skills and roles must not take.
pub fn plan_reserving(ws: &Workspace, fw: &Framework, options: &PlanOptions, reserved: &[String]) -> Plan {
    let mut plan = Plan {
        format: fw.format,
        file: fw.file.clone(),
        framework: fw.name.clone(),
        skills: Vec::new(),
        categories: Vec::new(),
        level_texts: None,
        role: None,
        occupations: fw
            .profiles
            .iter()
            .map(|p| (p.code.clone(), p.title.clone(), p.ratings.len()))
            .collect(),
        depths: Vec::new(),
        skipped: fw.skipped.clone(),
        notes: fw.notes.clone(),
        workspace: None,
        refused: None,
    };
    let n = fw.items.len();
    // Depth of every item (1 = top) and whether it has children; parents form a forest.
    let mut depth = vec![0usize; n];
    let mut has_children = vec![false; n];
    for i in 0..n {
        if let Some(p) = fw.items[i].parent {
            has_children[p] = true;
        }
    }
    for i in 0..n {
        if depth[i] != 0 {
            continue;
        }
        let mut chain = vec![i];
        let mut at = i;
        while let Some(p) = fw.items[at].parent {
            if depth[p] != 0 || chain.len() > n {
                break;
            }
            chain.push(p);
            at = p;
        }
        let mut d = fw.items[*chain.last().unwrap()].parent.map(|p| depth[p]).unwrap_or(0);
        for &k in chain.iter().rev() {
            d += 1;
            depth[k] = d;
        }
    }
    let max_depth = depth.iter().copied().max().unwrap_or(0);
    plan.depths = (1..=max_depth).map(|d| depth.iter().filter(|&&x| x == d).count()).collect();

    // O*NET: which occupation, and which of its elements make the profile.
    let mut profile_of: HashMap<usize, (f64, f64)> = HashMap::new();
    let mut onet_only: Option<HashSet<usize>> = None;
    let profile = if fw.format == Format::Onet {
        let chosen = match &options.occupation {
            Some(code) => fw.profiles.iter().find(|p| &p.code == code),
            None if fw.profiles.len() == 1 => fw.profiles.first(),
            None => None,
        };
        if chosen.is_none() {
            plan.refused = Some(match &options.occupation {
                Some(code) => format!("the file has no ratings for the occupation {code}"),
                None => format!("the file rates {} occupations: choose the one to make the role profile for", fw.profiles.len()),
            });
            return plan;
        }
        let p = chosen.expect("checked above");
        let mut keep = HashSet::new();
        for r in &p.ratings {
            let item = &fw.items[r.item];
            let skip = |reason: String| Skipped { place: r.place.clone(), name: item.name.clone(), reason };
            match (r.importance, r.level) {
                _ if r.suppress => plan.skipped.push(skip("O*NET recommends suppressing this value (low precision)".into())),
                _ if r.not_relevant => plan.skipped.push(skip("O*NET marks its level not relevant for this occupation".into())),
                (Some(im), Some(lv)) if im >= options.min_importance => {
                    keep.insert(r.item);
                    profile_of.insert(r.item, (im, lv));
                }
                (Some(im), Some(_)) => plan.skipped.push(skip(format!(
                    "Importance {im:.2} is below {:.1} ({})",
                    options.min_importance,
                    importance_anchor(options.min_importance)
                ))),
                (None, _) => plan.skipped.push(skip("the file has no Importance (IM) row for it".into())),
                (_, None) => plan.skipped.push(skip("the file has no Level (LV) row for it".into())),
            }
        }
        onet_only = Some(keep);
        Some(p)
    } else {
        None
    };

    // Which items become skills, and what is folded into them.
    let is_skill = |i: usize| match options.depth {
        None => !has_children[i],
        Some(d) => depth[i] == d || (depth[i] < d && !has_children[i]),
    };
    let mut includes: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut folded = 0usize;
    if let Some(d) = options.depth {
        for i in 0..n {
            if depth[i] > d {
                let mut at = i;
                while depth[at] > d {
                    at = fw.items[at].parent.expect("an item below the top has a parent");
                }
                includes.entry(at).or_default().push(i);
                folded += 1;
            }
        }
    }
    if folded > 0 {
        plan.notes.push(format!("{folded} items below level {} are listed in their skill's description", options.depth.unwrap_or(0)));
    }
    let groups = (0..n).filter(|&i| !is_skill(i) && options.depth.is_none_or(|d| depth[i] < d)).count();
    if groups > 0 {
        plan.notes.push(format!("{groups} items group others and became categories, not skills"));
    }

    let levels = ws.scale.labels.len();
    let (mut long_names, mut long_texts, mut too_many_levels) = (0, 0, 0);
    // Skills with level texts, by the number of levels the framework gives them.
    let mut by_levels: BTreeMap<usize, usize> = BTreeMap::new();
    let mut candidates = Vec::new();
    for i in 0..n {
        if !is_skill(i) || onet_only.as_ref().is_some_and(|k| !k.contains(&i)) {
            continue;
        }
        let item = &fw.items[i];
        let full_name = item.name.trim();
        if full_name.is_empty() {
            plan.skipped.push(Skipped { place: item.place.clone(), name: String::new(), reason: "it has no name".into() });
            continue;
        }
        let mut description = item.description.trim().to_string();
        let mut name = full_name.to_string();
        let mut renamed = None;
        if name.chars().count() > MAX_NAME {
            name = shorten(full_name, MAX_NAME);
            if !description.contains(full_name) {
                description = if description.is_empty() { full_name.to_string() } else { format!("{full_name}\n\n{description}") };
            }
            renamed = Some(format!("the file's name is longer than {MAX_NAME} characters; the whole text is in the description"));
            long_names += 1;
        }
        if let Some(kids) = includes.get(&i) {
            let list: Vec<String> = kids.iter().map(|&k| format!("\u{2022} {}", fw.items[k].name.trim())).collect();
            description = format!("{}{}Includes:\n{}", description, if description.is_empty() { "" } else { "\n\n" }, list.join("\n"));
        }
        if description.chars().count() > MAX_TEXT {
            description = shorten(&description, MAX_TEXT);
            long_texts += 1;
        }
        let category_from = item.parent.map(|p| fw.items[p].name.trim().to_string()).filter(|c| !c.is_empty());
        let category = category_from
            .or_else(|| item.category.clone().filter(|c| !c.trim().is_empty()))
            .unwrap_or_else(|| fw.name.clone());
        let category = shorten(category.trim(), MAX_NAME);
        let category = if category.is_empty() { "Imported".to_string() } else { category };
        let k = item.level_texts.len();
        let mut level_texts = Vec::new();
        if k > 0 {
            if k > levels {
                too_many_levels += 1;
            } else {
                level_texts = vec![String::new(); levels - k];
                for t in &item.level_texts {
                    let t = t.trim();
                    if t.chars().count() > MAX_TEXT {
                        long_texts += 1;
                    }
                    level_texts.push(shorten(t, MAX_TEXT));
                }
                while level_texts.last().is_some_and(|t| t.is_empty()) {
                    level_texts.pop();
                }
                if !level_texts.is_empty() {
                    *by_levels.entry(k).or_default() += 1;
                }
            }
        }
        let source = item.source_id.as_ref().map(|id| SkillSource { framework: fw.source_name.clone(), id: id.clone() });
        candidates.push(Candidate { item: i, name, category, description, level_texts, source, renamed });
    }
    if long_names > 0 {
        plan.notes.push(format!("{long_names} names are longer than {MAX_NAME} characters: they are shortened, and the whole text is in the description"));
    }
    if long_texts > 0 {
        plan.notes.push(format!("{long_texts} descriptions or level texts are longer than {MAX_TEXT} characters and were shortened"));
    }
    let mut parts: Vec<String> = by_levels
        .iter()
        .map(|(&k, &count)| {
            let skills = if count == 1 { "1 skill gets".to_string() } else { format!("{count} skills get") };
            if k == levels {
                format!("{skills} level texts, one for each of the scale's {levels} levels")
            } else {
                format!(
                    "{skills} level texts from {k} levels, given to the scale's top {k} (levels {}\u{2013}{}); the lower levels get none",
                    levels - k,
                    levels - 1
                )
            }
        })
        .collect();
    if too_many_levels > 0 {
        parts.push(format!(
            "{too_many_levels} skills have more levels in the framework than the scale's {levels}, so their level texts \
             are not imported (add levels to the scale on the Data page first)"
        ));
    }
    plan.level_texts = (!parts.is_empty()).then(|| parts.join("; "));

    // Match each candidate with a skill.
    let by_source: HashMap<(&str, &str), usize> =
        ws.skills.iter().enumerate().filter_map(|(i, s)| s.source.as_ref().map(|src| (src.key(), i))).collect();
    let by_name: HashMap<String, usize> =
        ws.skills.iter().enumerate().filter(|(_, s)| s.source.is_none()).map(|(i, s)| (s.name.to_lowercase(), i)).collect();
    let mut taken: HashSet<String> = ws.skills.iter().map(|s| s.name.to_lowercase()).collect();
    let mut claimed: HashMap<usize, usize> = HashMap::new();
    let mut next = ws.clone();
    let mut ids: HashSet<String> = ws
        .skills
        .iter()
        .map(|s| s.id.0.clone())
        .chain(ws.roles.iter().map(|r| r.id.0.clone()))
        .chain(ws.people.iter().map(|p| p.id.0.clone()))
        .chain(ws.scenarios.iter().map(|s| s.id.0.clone()))
        .chain(reserved.iter().cloned())
        .collect();
    let mut mint = |next: &mut Workspace, prefix: &str| loop {
        let id = next.mint(prefix);
        if ids.insert(id.clone()) {
            return id;
        }
    };
    let mut skill_of_item: HashMap<usize, SkillId> = HashMap::new();
    let mut duplicate_sources = 0usize;
    let mut seen_sources: HashSet<(String, String)> = HashSet::new();
    for mut c in candidates {
        if let Some(src) = &c.source {
            let (a, b) = src.key();
            if !seen_sources.insert((a.to_string(), b.to_string())) {
                duplicate_sources += 1;
                plan.skipped.push(Skipped {
                    place: fw.items[c.item].place.clone(),
                    name: c.name.clone(),
                    reason: format!("another item of the file has the same identifier \u{201c}{}\u{201d}", shorten(&src.id, 60)),
                });
                continue;
            }
        }
        let found = c
            .source
            .as_ref()
            .and_then(|src| by_source.get(&src.key()).map(|&i| (i, Match::BySource)))
            .or_else(|| by_name.get(&c.name.to_lowercase()).map(|&i| (i, Match::ByName)))
            .filter(|(i, _)| !claimed.contains_key(i));
        let place = fw.items[c.item].place.clone();
        match found {
            Some((i, how)) => {
                claimed.insert(i, c.item);
                let old = &ws.skills[i];
                let mut changes: Vec<String> = Vec::new();
                let mut name = old.name.clone();
                if c.name != old.name {
                    let lower = c.name.to_lowercase();
                    if lower != old.name.to_lowercase() && taken.contains(&lower) {
                        c.renamed = Some(format!("renamed in the file to \u{201c}{}\u{201d}, which another skill is called; the name is kept", c.name));
                    } else {
                        taken.remove(&old.name.to_lowercase());
                        taken.insert(lower);
                        name = c.name.clone();
                        changes.push("name".into());
                    }
                }
                let s = &mut next.skills[i];
                s.name = name.clone();
                if c.category != old.category {
                    s.category = c.category.clone();
                    changes.push("category".into());
                }
                if !c.description.is_empty() && c.description != old.description {
                    s.description = c.description.clone();
                    changes.push("description".into());
                }
                if !c.level_texts.is_empty() && c.level_texts != old.level_texts {
                    s.level_texts = c.level_texts.clone();
                    changes.push("level texts".into());
                }
                if c.source.is_some() && old.source != c.source {
                    s.source = c.source.clone();
                    changes.push("source".into());
                }
                skill_of_item.insert(c.item, old.id.clone());
                plan.skills.push(PlannedSkill {
                    place,
                    name,
                    category: next.skills[i].category.clone(),
                    source_id: c.source.map(|s| s.id),
                    how,
                    existing: Some((old.id.clone(), old.name.clone())),
                    changes,
                    level_texts: c.level_texts.iter().filter(|t| !t.is_empty()).count(),
                    renamed: c.renamed,
                });
            }
            None => {
                let mut name = c.name.clone();
                if taken.contains(&name.to_lowercase()) {
                    let first = format!("{} ({})", shorten(&c.name, MAX_NAME.saturating_sub(c.category.chars().count() + 3).max(20)), c.category);
                    name = if first.chars().count() <= MAX_NAME && !taken.contains(&first.to_lowercase()) {
                        first
                    } else {
                        let mut k = 2;
                        loop {
                            let t = format!("{} ({k})", shorten(&c.name, MAX_NAME - 8));
                            if !taken.contains(&t.to_lowercase()) {
                                break t;
                            }
                            k += 1;
                        }
                    };
                    c.renamed = Some(format!("another skill is called \u{201c}{}\u{201d}", c.name));
                }
                taken.insert(name.to_lowercase());
                let id = SkillId(mint(&mut next, "s"));
                next.skills.push(Skill {
                    id: id.clone(),
                    name: name.clone(),
                    category: c.category.clone(),
                    description: c.description.clone(),
                    servqual: ServqualWeights::default(),
                    level_texts: c.level_texts.clone(),
                    source: c.source.clone(),
                });
                skill_of_item.insert(c.item, id);
                plan.skills.push(PlannedSkill {
                    place,
                    name,
                    category: c.category,
                    source_id: c.source.map(|s| s.id),
                    how: Match::New,
                    existing: None,
                    changes: Vec::new(),
                    level_texts: c.level_texts.iter().filter(|t| !t.is_empty()).count(),
                    renamed: c.renamed,
                });
            }
        }
    }
    if duplicate_sources > 0 {
        plan.notes.push(format!("{duplicate_sources} items repeat an identifier used earlier in the file and were left out"));
    }
    let mut categories: BTreeMap<String, usize> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for s in &plan.skills {
        let e = categories.entry(s.category.clone()).or_insert_with(|| {
            order.push(s.category.clone());
            0
        });
        *e += 1;
    }
    plan.categories = order.into_iter().map(|c| {
        let n = categories[&c];
        (c, n)
    }).collect();

    // The O*NET role profile.
    let mut role_changes = false;
    if let Some(p) = profile {
        let max = ws.scale.max_level();
        let name = p.title.clone().map(|t| shorten(&t, MAX_NAME)).unwrap_or_else(|| format!("O*NET {}", p.code));
        let existing = next.roles.iter().position(|r| crate::domain::validate::same_name(&r.name, &name));
        let mut requirements = Vec::new();
        let mut reqs = BTreeMap::new();
        for r in &p.ratings {
            let (Some(&(im, lv)), Some(id)) = (profile_of.get(&r.item), skill_of_item.get(&r.item)) else { continue };
            let level = ((lv / 7.0) * max as f64).round().clamp(0.0, max as f64) as Level;
            let importance = im.round().clamp(1.0, 5.0) as Importance;
            reqs.insert(id.clone(), Requirement { level, importance });
            let skill = next.skill(id).map(|s| s.name.clone()).unwrap_or_default();
            requirements.push(PlannedRequirement { skill, level, importance, onet_level: lv, onet_importance: im });
        }
        requirements.sort_by(|a, b| b.onet_importance.total_cmp(&a.onet_importance).then(a.skill.cmp(&b.skill)));
        let existing_id = match existing {
            Some(i) => {
                let role = &mut next.roles[i];
                for (k, q) in &reqs {
                    if role.requirements.get(k) != Some(q) {
                        role_changes = true;
                        role.requirements.insert(k.clone(), *q);
                    }
                }
                Some(role.id.clone())
            }
            None => {
                if !reqs.is_empty() {
                    let id = RoleId(mint(&mut next, "r"));
                    next.roles.push(Role {
                        id,
                        name: name.clone(),
                        team: String::new(),
                        headcount: 1,
                        annual_turnover: 0.2,
                        salary: 0.0,
                        contact: ContactLevel::High,
                        requirements: reqs,
                    });
                    role_changes = true;
                }
                None
            }
        };
        if existing.is_none() {
            plan.notes.push("the new role's headcount, turnover, salary and contact level (High) are placeholders: set them on the Roles page".into());
        }
        plan.role = Some(RolePlan {
            name,
            existing: existing_id,
            code: p.code.clone(),
            date: p.date.clone(),
            requirements,
            level_rule: format!(
                "required level = O*NET Level (0\u{2013}7) \u{d7} {max} / 7, rounded, on this workspace's 0\u{2013}{max} scale"
            ),
            importance_rule: "importance = O*NET Importance (1\u{2013}5: not, somewhat, important, very, extremely important), \
                              rounded to a whole number"
                .into(),
        });
    }

    let changes = plan.skills.iter().any(|s| s.how == Match::New || !s.changes.is_empty()) || role_changes;
    if plan.skills.is_empty() {
        plan.refused = Some("nothing in the file can be imported; the reasons are listed under Skipped".into());
    } else if !changes {
        plan.refused = Some("the workspace already has every skill of this file as it is; nothing would change".into());
    } else {
        match next.validate() {
            Ok(()) => plan.workspace = Some(next),
            Err(e) => plan.refused = Some(format!("the result would not be a valid workspace ({e}); nothing was imported")),
        }
    }
    plan
}

/// O*NET's words for an Importance value.
pub fn importance_anchor(v: f64) -> &'static str {
    match v.round() as i64 {
        i64::MIN..=1 => "Not important",
        2 => "Somewhat important",
        3 => "Important",
        4 => "Very important",
        _ => "Extremely important",
    }
}
