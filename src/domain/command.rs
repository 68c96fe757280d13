//! Every edit to a workspace is a [`Command`]; [`Workspace::apply`] validates it and either applies it whole
//! or refuses it with a [`DomainError`] and leaves the workspace untouched.

use std::collections::{HashMap, HashSet};

use super::error::DomainError;
use super::model::*;
use super::sim::Scenario;
use super::validate::{check_date, check_name, check_text, is_currency, same_name};

/// Editable fields of a role (everything but its id and profile).
#[derive(Clone, Debug, PartialEq)]
pub struct RoleFields {
    pub name: String,
    pub team: String,
    pub headcount: u32,
    pub annual_turnover: f64,
    pub salary: f64,
    pub contact: ContactLevel,
}

impl RoleFields {
    /// The editable fields of `role`.
    pub fn of(role: &Role) -> Self {
        Self {
            name: role.name.clone(),
            team: role.team.clone(),
            headcount: role.headcount,
            annual_turnover: role.annual_turnover,
            salary: role.salary,
            contact: role.contact,
        }
    }
}

/// Editable fields of a skill's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkillFields {
    pub name: String,
    pub category: String,
    pub description: String,
}

impl SkillFields {
    /// The editable fields of `skill`.
    pub fn of(skill: &Skill) -> Self {
        Self { name: skill.name.clone(), category: skill.category.clone(), description: skill.description.clone() }
    }
}

/// Editable fields of a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonFields {
    pub name: String,
    pub role: RoleId,
    pub team: String,
    pub start_date: Option<String>,
}

/// One edit. Commands carry values, never positions, so they stay meaningful after other edits.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    SetWorkspaceName(String),
    SetCurrency(String),
    SetScaleLabel { level: Level, label: String },
    AddScaleLevel { label: String },
    RemoveTopScaleLevel,
    AddSkill { name: String, category: String },
    UpdateSkill { id: SkillId, fields: SkillFields },
    SetSkillWeight { id: SkillId, dimension: Dimension, weight: u8 },
    SetLevelText { id: SkillId, level: Level, text: String },
    /// Moves a skill one place up (`up = true`) or down in the library's order.
    MoveSkill { id: SkillId, up: bool },
    /// Deletes a skill with its requirements and ratings.
    DeleteSkill { id: SkillId },
    AddRole { name: String, team: String, contact: ContactLevel },
    UpdateRole { id: RoleId, fields: RoleFields },
    /// Deletes a role and its profile; refused while people hold it.
    DeleteRole { id: RoleId },
    /// Sets (`Some`) or clears (`None`) what `role` needs of `skill`.
    SetRequirement { role: RoleId, skill: SkillId, requirement: Option<Requirement> },
    AddPerson { fields: PersonFields },
    UpdatePerson { id: PersonId, fields: PersonFields },
    /// Deletes a person with all their ratings.
    DeletePerson { id: PersonId },
    /// Records (or replaces) the rating with key (person, skill, source, date). `level: None` records
    /// "no opportunity to show this skill".
    SetRating { person: PersonId, skill: SkillId, source: Source, date: String, level: Option<Level>, note: String },
    /// Records (or replaces) many ratings at once, each exactly as [`Command::SetRating`] would, in order (a
    /// key given twice ends with its last value); refused whole, naming the first refused rating
    /// ([`DomainError::BatchItem`]). Matches keys in one pass over the ratings, so importing thousands of
    /// ratings into a large workspace costs O(ratings + batch), not O(ratings × batch).
    SetRatings(Vec<Rating>),
    /// Removes the rating with key (person, skill, source, date); refused when there is none.
    ClearRating { person: PersonId, skill: SkillId, source: Source, date: String },
    /// Adds a simulation scenario (its `id` is ignored; a new one is minted). Refused when invalid or
    /// when another scenario has the same name.
    AddScenario(Box<Scenario>),
    /// Replaces the scenario with the same `id`.
    UpdateScenario(Box<Scenario>),
    DeleteScenario { id: ScenarioId },
    /// An edit of the staff survey (its questionnaire, settings, rounds and responses).
    Survey(crate::domain::survey::SurveyCommand),
    /// Replaces the whole workspace (import, reset); the new one must be valid.
    Replace(Box<Workspace>),
}

impl Command {
    /// The workspace to apply this command to, standing in for a copy of `current`: `Replace` discards
    /// what it replaces, so copying a large workspace first would be wasted.
    pub fn starting_point(&self, current: &Workspace) -> Workspace {
        match self {
            Command::Replace(_) => Workspace::empty("replaced"),
            _ => current.clone(),
        }
    }
}

/// What an accepted command produced.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Applied {
    /// The id minted by an `Add…` command.
    pub created: Option<String>,
}

impl Applied {
    fn created(id: String) -> Self {
        Self { created: Some(id) }
    }
}

/// Whether two ratings have the same key (person, skill, source, date).
fn same_key(a: &Rating, b: &Rating) -> bool {
    a.person == b.person && a.skill == b.skill && a.source == b.source && a.date == b.date
}

impl Workspace {
    /// `r` checked as [`Command::SetRating`] takes it, with its date and note normalised; `known` says
    /// whether its person and its skill exist (the caller looks them up, one by one or from a set).
    fn checked_rating(&self, r: Rating, known: (bool, bool)) -> Result<Rating, DomainError> {
        if !known.0 {
            return Err(unknown("person", r.person.as_str()));
        }
        if !known.1 {
            return Err(unknown("skill", r.skill.as_str()));
        }
        if let Some(l) = r.level {
            if !self.scale.contains(l) {
                return Err(DomainError::LevelOffScale { level: l, max: self.scale.max_level() });
            }
        }
        let date = check_date("rating date", &r.date)?;
        let note = check_text("note", &r.note)?;
        Ok(Rating { date, note, ..r })
    }
}

fn unknown(what: &'static str, id: &str) -> DomainError {
    DomainError::UnknownId { what, id: id.to_string() }
}

impl Workspace {
    /// Applies `cmd` whole, or refuses it and changes nothing.
    pub fn apply(&mut self, cmd: Command) -> Result<Applied, DomainError> {
        match cmd {
            Command::SetWorkspaceName(name) => {
                self.name = check_name("workspace", &name)?;
            }
            Command::SetCurrency(code) => {
                let code = code.trim().to_ascii_uppercase();
                if !is_currency(&code) {
                    return Err(DomainError::Invalid(format!(
                        "currency must be a three-letter ISO code such as AUD or EUR, not \u{201c}{code}\u{201d}"
                    )));
                }
                self.currency = code;
            }
            Command::SetScaleLabel { level, label } => {
                if !self.scale.contains(level) {
                    return Err(DomainError::LevelOffScale { level, max: self.scale.max_level() });
                }
                let label = check_name("scale level", &label)?;
                if self.scale.labels.iter().enumerate().any(|(i, l)| i != level as usize && same_name(l, &label)) {
                    return Err(DomainError::DuplicateName { what: "scale level", name: label });
                }
                self.scale.labels[level as usize] = label;
            }
            Command::AddScaleLevel { label } => {
                if self.scale.labels.len() >= Scale::MAX_LEVELS {
                    return Err(DomainError::ScaleSize { min: Scale::MIN_LEVELS, max: Scale::MAX_LEVELS });
                }
                let label = check_name("scale level", &label)?;
                if self.scale.labels.iter().any(|l| same_name(l, &label)) {
                    return Err(DomainError::DuplicateName { what: "scale level", name: label });
                }
                self.scale.labels.push(label);
            }
            Command::RemoveTopScaleLevel => {
                if self.scale.labels.len() <= Scale::MIN_LEVELS {
                    return Err(DomainError::ScaleSize { min: Scale::MIN_LEVELS, max: Scale::MAX_LEVELS });
                }
                let top = self.scale.max_level();
                let reqs = self.roles.iter().flat_map(|r| r.requirements.values()).filter(|q| q.level == top).count();
                let rated = self.ratings.iter().filter(|r| r.level == Some(top)).count();
                if reqs + rated > 0 {
                    let uses = match (reqs, rated) {
                        (0, n) => format!("{n} rating(s)"),
                        (n, 0) => format!("{n} role requirement(s)"),
                        (a, b) => format!("{a} role requirement(s) and {b} rating(s)"),
                    };
                    return Err(DomainError::LevelInUse { level: top, label: self.scale.label(top).to_string(), uses });
                }
                self.scale.labels.pop();
                for s in &mut self.skills {
                    s.level_texts.truncate(self.scale.labels.len());
                    trim_trailing_empty(&mut s.level_texts);
                }
                let max = self.scale.max_level();
                for t in self.scenarios.iter_mut().flat_map(|s| s.technology.iter_mut()) {
                    t.required_level = t.required_level.min(max);
                }
            }
            Command::AddSkill { name, category } => {
                let name = check_name("skill", &name)?;
                let category = check_name("category", &category)?;
                self.check_unique_skill(&name, None)?;
                let id = self.mint_unique("s");
                self.skills.push(Skill {
                    id: SkillId(id.clone()),
                    name,
                    category,
                    description: String::new(),
                    servqual: ServqualWeights::default(),
                    level_texts: Vec::new(),
                    source: None,
                });
                return Ok(Applied::created(id));
            }
            Command::UpdateSkill { id, fields } => {
                self.skill_mut(&id)?;
                let name = check_name("skill", &fields.name)?;
                let category = check_name("category", &fields.category)?;
                let description = check_text("description", &fields.description)?;
                self.check_unique_skill(&name, Some(&id))?;
                let s = self.skill_mut(&id)?;
                s.name = name;
                s.category = category;
                s.description = description;
            }
            Command::SetSkillWeight { id, dimension, weight } => {
                if weight > MAX_SERVQUAL_WEIGHT {
                    return Err(DomainError::WeightOutOfRange(weight));
                }
                self.skill_mut(&id)?.servqual.set(dimension, weight);
            }
            Command::SetLevelText { id, level, text } => {
                if !self.scale.contains(level) {
                    return Err(DomainError::LevelOffScale { level, max: self.scale.max_level() });
                }
                let text = check_text("level text", &text)?;
                let s = self.skill_mut(&id)?;
                if s.level_texts.len() <= level as usize {
                    s.level_texts.resize(level as usize + 1, String::new());
                }
                s.level_texts[level as usize] = text;
                trim_trailing_empty(&mut s.level_texts);
            }
            Command::MoveSkill { id, up } => {
                let i = self.skills.iter().position(|s| s.id == id).ok_or_else(|| unknown("skill", id.as_str()))?;
                let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|&j| j < self.skills.len()) };
                if let Some(j) = j {
                    self.skills.swap(i, j);
                }
            }
            Command::DeleteSkill { id } => {
                let i = self.skills.iter().position(|s| s.id == id).ok_or_else(|| unknown("skill", id.as_str()))?;
                self.skills.remove(i);
                for r in &mut self.roles {
                    r.requirements.remove(&id);
                }
                self.ratings.retain(|r| r.skill != id);
                self.scenarios.iter_mut().for_each(|s| s.forget_skill(&id));
            }
            Command::AddRole { name, team, contact } => {
                let name = check_name("role", &name)?;
                let team = check_text("team", &team)?;
                self.check_unique_role(&name, None)?;
                let id = self.mint_unique("r");
                self.roles.push(Role {
                    id: RoleId(id.clone()),
                    name,
                    team,
                    headcount: 1,
                    annual_turnover: 0.2,
                    salary: 0.0,
                    contact,
                    requirements: Default::default(),
                });
                return Ok(Applied::created(id));
            }
            Command::UpdateRole { id, fields } => {
                self.role_mut(&id)?;
                let name = check_name("role", &fields.name)?;
                let team = check_text("team", &fields.team)?;
                check_role_numbers(fields.headcount, fields.annual_turnover, fields.salary)?;
                self.check_unique_role(&name, Some(&id))?;
                let r = self.role_mut(&id)?;
                r.name = name;
                r.team = team;
                r.headcount = fields.headcount;
                r.annual_turnover = fields.annual_turnover;
                r.salary = fields.salary;
                r.contact = fields.contact;
            }
            Command::DeleteRole { id } => {
                let i = self.roles.iter().position(|r| r.id == id).ok_or_else(|| unknown("role", id.as_str()))?;
                let count = self.people_in_role(&id);
                if count > 0 {
                    return Err(DomainError::RoleInUse { role: self.roles[i].name.clone(), count });
                }
                self.roles.remove(i);
                self.scenarios.iter_mut().for_each(|s| s.forget_role(&id));
            }
            Command::SetRequirement { role, skill, requirement } => {
                if self.skill(&skill).is_none() {
                    return Err(unknown("skill", skill.as_str()));
                }
                if let Some(q) = requirement {
                    self.check_requirement(q)?;
                }
                let r = self.role_mut(&role)?;
                match requirement {
                    Some(q) => {
                        r.requirements.insert(skill, q);
                    }
                    None => {
                        r.requirements.remove(&skill);
                    }
                }
            }
            Command::AddPerson { fields } => {
                let fields = self.check_person(fields)?;
                let id = self.mint_unique("p");
                self.people.push(Person {
                    id: PersonId(id.clone()),
                    name: fields.name,
                    role: fields.role,
                    team: fields.team,
                    start_date: fields.start_date,
                });
                return Ok(Applied::created(id));
            }
            Command::UpdatePerson { id, fields } => {
                let fields = self.check_person(fields)?;
                let p = self.people.iter_mut().find(|p| p.id == id).ok_or_else(|| unknown("person", id.as_str()))?;
                p.name = fields.name;
                p.role = fields.role;
                p.team = fields.team;
                p.start_date = fields.start_date;
            }
            Command::DeletePerson { id } => {
                let i = self.people.iter().position(|p| p.id == id).ok_or_else(|| unknown("person", id.as_str()))?;
                self.people.remove(i);
                self.ratings.retain(|r| r.person != id);
            }
            Command::SetRating { person, skill, source, date, level, note } => {
                let known = (self.person(&person).is_some(), self.skill(&skill).is_some());
                let r = self.checked_rating(Rating { person, skill, source, level, date, note }, known)?;
                let existing = self.ratings.iter_mut().find(|o| same_key(o, &r));
                match existing {
                    Some(o) => {
                        o.level = r.level;
                        o.note = r.note;
                    }
                    None => self.ratings.push(r),
                }
            }
            Command::SetRatings(list) => {
                let count = list.len();
                let checked: Vec<Rating> = {
                    let people: HashSet<&str> = self.people.iter().map(|p| p.id.as_str()).collect();
                    let skills: HashSet<&str> = self.skills.iter().map(|s| s.id.as_str()).collect();
                    list.into_iter()
                        .enumerate()
                        .map(|(i, r)| {
                            let known = (people.contains(r.person.as_str()), skills.contains(r.skill.as_str()));
                            self.checked_rating(r, known).map_err(|e| DomainError::BatchItem {
                                position: i + 1,
                                count,
                                source: Box::new(e),
                            })
                        })
                        .collect::<Result<_, _>>()?
                };
                // As if the ratings were set one after another: a key given twice takes its place (among new
                // ratings) at its first entry and its value from its last.
                let mut first: HashMap<(&str, &str, Source, &str), usize> = HashMap::new();
                let mut last_of = vec![0; checked.len()];
                for (i, r) in checked.iter().enumerate() {
                    let f = *first.entry((r.person.as_str(), r.skill.as_str(), r.source, r.date.as_str())).or_insert(i);
                    last_of[f] = i;
                }
                let mut by_person: HashMap<&str, Vec<usize>> = HashMap::new();
                for &f in first.values() {
                    by_person.entry(checked[f].person.as_str()).or_default().push(f);
                }
                // Where each key already stands: one pass over the ratings.
                let mut found: HashMap<usize, usize> = HashMap::new();
                for (at, o) in self.ratings.iter().enumerate() {
                    if let Some(batch) = by_person.get(o.person.as_str()) {
                        if let Some(&f) = batch.iter().find(|&&f| same_key(o, &checked[f])) {
                            found.insert(f, at);
                        }
                    }
                }
                let mut is_first = vec![false; checked.len()];
                for &f in first.values() {
                    is_first[f] = true;
                }
                drop((first, by_person));
                let mut checked: Vec<Option<Rating>> = checked.into_iter().map(Some).collect();
                for f in 0..checked.len() {
                    if !is_first[f] {
                        continue;
                    }
                    let r = checked[last_of[f]].take().expect("each key's last entry is taken once");
                    match found.get(&f) {
                        Some(&at) => {
                            self.ratings[at].level = r.level;
                            self.ratings[at].note = r.note;
                        }
                        None => self.ratings.push(r),
                    }
                }
            }
            Command::ClearRating { person, skill, source, date } => {
                let i = self
                    .ratings
                    .iter()
                    .position(|r| r.person == person && r.skill == skill && r.source == source && r.date == date)
                    .ok_or_else(|| {
                        DomainError::Invalid(format!(
                            "there is no {} rating of {person} for skill {skill} on {date}",
                            source.label().to_lowercase()
                        ))
                    })?;
                self.ratings.remove(i);
            }
            Command::AddScenario(mut scenario) => {
                scenario.check(self)?;
                self.check_unique_scenario(&scenario.name, None)?;
                let id = self.mint_unique("sc");
                scenario.id = ScenarioId(id.clone());
                scenario.name = scenario.name.trim().to_string();
                self.scenarios.push(*scenario);
                return Ok(Applied::created(id));
            }
            Command::UpdateScenario(mut scenario) => {
                let i = self
                    .scenarios
                    .iter()
                    .position(|s| s.id == scenario.id)
                    .ok_or_else(|| unknown("scenario", scenario.id.as_str()))?;
                scenario.check(self)?;
                self.check_unique_scenario(&scenario.name, Some(&scenario.id))?;
                scenario.name = scenario.name.trim().to_string();
                self.scenarios[i] = *scenario;
            }
            Command::DeleteScenario { id } => {
                let i = self.scenarios.iter().position(|s| s.id == id).ok_or_else(|| unknown("scenario", id.as_str()))?;
                self.scenarios.remove(i);
            }
            Command::Survey(c) => return self.apply_survey(c),
            Command::Replace(ws) => {
                ws.validate()?;
                *self = *ws;
            }
        }
        Ok(Applied::default())
    }

    /// Refuses a requirement off the scale or with importance outside 1–5.
    pub fn check_requirement(&self, q: Requirement) -> Result<(), DomainError> {
        if !self.scale.contains(q.level) {
            return Err(DomainError::LevelOffScale { level: q.level, max: self.scale.max_level() });
        }
        if !IMPORTANCE_RANGE.contains(&q.importance) {
            return Err(DomainError::ImportanceOutOfRange(q.importance));
        }
        Ok(())
    }

    fn check_person(&self, f: PersonFields) -> Result<PersonFields, DomainError> {
        let name = check_name("person", &f.name)?;
        let team = check_text("team", &f.team)?;
        if self.role(&f.role).is_none() {
            return Err(unknown("role", f.role.as_str()));
        }
        let start_date = match f.start_date.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(check_date("start date", d)?),
        };
        Ok(PersonFields { name, role: f.role, team, start_date })
    }

    fn check_unique_skill(&self, name: &str, except: Option<&SkillId>) -> Result<(), DomainError> {
        if self.skills.iter().any(|s| Some(&s.id) != except && same_name(&s.name, name)) {
            return Err(DomainError::DuplicateName { what: "skill", name: name.to_string() });
        }
        Ok(())
    }

    fn check_unique_scenario(&self, name: &str, except: Option<&ScenarioId>) -> Result<(), DomainError> {
        if self.scenarios.iter().any(|s| Some(&s.id) != except && same_name(&s.name, name.trim())) {
            return Err(DomainError::DuplicateName { what: "scenario", name: name.trim().to_string() });
        }
        Ok(())
    }

    fn check_unique_role(&self, name: &str, except: Option<&RoleId>) -> Result<(), DomainError> {
        if self.roles.iter().any(|r| Some(&r.id) != except && same_name(&r.name, name)) {
            return Err(DomainError::DuplicateName { what: "role", name: name.to_string() });
        }
        Ok(())
    }

    fn skill_mut(&mut self, id: &SkillId) -> Result<&mut Skill, DomainError> {
        self.skills.iter_mut().find(|s| &s.id == id).ok_or_else(|| unknown("skill", id.as_str()))
    }

    fn role_mut(&mut self, id: &RoleId) -> Result<&mut Role, DomainError> {
        self.roles.iter_mut().find(|r| &r.id == id).ok_or_else(|| unknown("role", id.as_str()))
    }

    /// Mints an id that no skill, role or person uses yet.
    fn mint_unique(&mut self, prefix: &str) -> String {
        loop {
            let id = self.mint(prefix);
            let taken = self.skills.iter().any(|s| s.id.0 == id)
                || self.roles.iter().any(|r| r.id.0 == id)
                || self.people.iter().any(|p| p.id.0 == id)
                || self.scenarios.iter().any(|s| s.id.0 == id);
            if !taken {
                return id;
            }
        }
    }
}

/// Drops empty texts at the end, so equal content has one representation.
fn trim_trailing_empty(texts: &mut Vec<String>) {
    while texts.last().is_some_and(|t| t.is_empty()) {
        texts.pop();
    }
}

/// Largest headcount a role may have.
pub const MAX_HEADCOUNT: u32 = 1_000_000;
/// Largest annual turnover (as a fraction) a role may have.
pub const MAX_TURNOVER: f64 = 3.0;
/// Largest annual salary a role may have.
pub const MAX_SALARY: f64 = 100_000_000.0;

/// Refuses headcount, turnover or salary outside their ranges.
pub fn check_role_numbers(headcount: u32, turnover: f64, salary: f64) -> Result<(), DomainError> {
    if headcount > MAX_HEADCOUNT {
        return Err(DomainError::OutOfRange { field: "headcount", rule: "0–1,000,000", value: headcount.to_string() });
    }
    if !(turnover.is_finite() && (0.0..=MAX_TURNOVER).contains(&turnover)) {
        return Err(DomainError::OutOfRange {
            field: "annual turnover",
            rule: "0–300 %",
            value: format!("{} %", crate::domain::num::fixed(turnover * 100.0, 1)),
        });
    }
    if !(salary.is_finite() && (0.0..=MAX_SALARY).contains(&salary)) {
        return Err(DomainError::OutOfRange { field: "salary", rule: "0–100,000,000", value: crate::domain::num::js_number(salary) });
    }
    Ok(())
}
