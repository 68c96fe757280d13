//! Invariants of a workspace and the small field checks that commands and imports share.

use std::collections::HashSet;

use super::command::check_role_numbers;
use super::error::DomainError;
use super::model::*;

/// Longest name (skill, role, person, label) in characters.
pub const MAX_NAME: usize = 120;
/// Longest free text (description, level text, note) in characters.
pub const MAX_TEXT: usize = 4000;

/// Trims `name` and checks it is non-empty and not too long.
pub fn check_name(what: &'static str, name: &str) -> Result<String, DomainError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(DomainError::EmptyName { what });
    }
    if name.chars().count() > MAX_NAME {
        return Err(DomainError::NameTooLong { what, max: MAX_NAME });
    }
    Ok(name.to_string())
}

/// Trims `text` and checks it is not too long (it may be empty).
pub fn check_text(what: &'static str, text: &str) -> Result<String, DomainError> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT {
        return Err(DomainError::Invalid(format!("{what} is limited to {MAX_TEXT} characters")));
    }
    Ok(text.to_string())
}

/// Checks a calendar date written YYYY-MM-DD (years 1900–2200) and returns it trimmed.
pub fn check_date(what: &'static str, value: &str) -> Result<String, DomainError> {
    let v = value.trim();
    let bad = || DomainError::BadDate { what, value: v.to_string() };
    let b = v.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let num = |s: &str| s.parse::<u32>().ok().filter(|_| s.bytes().all(|c| c.is_ascii_digit()));
    let (y, m, d) = match (num(&v[0..4]), num(&v[5..7]), num(&v[8..10])) {
        (Some(y), Some(m), Some(d)) => (y, m, d),
        _ => return Err(bad()),
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if !(1900..=2200).contains(&y) || d == 0 || d > days {
        return Err(bad());
    }
    Ok(v.to_string())
}

/// Whether `code` looks like an ISO 4217 currency code.
pub fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|c| c.is_ascii_uppercase())
}

/// Whether two names count as the same (case-insensitive over all of Unicode, as `validate` checks).
pub fn same_name(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

/// Largest `next_id` a workspace may carry, so minting can never overflow.
pub const MAX_NEXT_ID: u64 = 1 << 53;

fn unique_names<'a>(what: &'static str, names: impl Iterator<Item = &'a str>) -> Result<(), DomainError> {
    let mut seen = HashSet::new();
    for n in names {
        if !seen.insert(n.to_lowercase()) {
            return Err(DomainError::DuplicateName { what, name: n.to_string() });
        }
    }
    Ok(())
}

/// A skill's source: an id that is not blank, texts within [`MAX_TEXT`], and no other skill with the same
/// [`SkillSource::key`] (`seen` collects the keys so far).
fn check_source<'a>(src: &'a SkillSource, seen: &mut HashSet<(&'a str, &'a str)>) -> Result<(), DomainError> {
    if src.id.trim().is_empty() {
        return Err(DomainError::Invalid("the source identifier is empty".into()));
    }
    check_text("source framework", &src.framework)?;
    check_text("source identifier", &src.id)?;
    if !seen.insert(src.key()) {
        return Err(DomainError::Invalid(format!(
            "another skill has the same source identifier \u{201c}{}\u{201d}",
            src.id
        )));
    }
    Ok(())
}

fn trim_in_place(s: &mut String) {
    let t = s.trim();
    if t.len() != s.len() {
        *s = t.to_string();
    }
}

impl Workspace {
    /// Trims surrounding white space from every name, label, text and date, as commands do, so an imported
    /// file is stored exactly as the same edits made in the app would store it.
    pub fn normalise(&mut self) {
        trim_in_place(&mut self.name);
        trim_in_place(&mut self.currency);
        self.scale.labels.iter_mut().for_each(trim_in_place);
        for s in &mut self.skills {
            for t in [&mut s.name, &mut s.category, &mut s.description] {
                trim_in_place(t);
            }
            s.level_texts.iter_mut().for_each(trim_in_place);
            while s.level_texts.last().is_some_and(|t| t.is_empty()) {
                s.level_texts.pop();
            }
        }
        for r in &mut self.roles {
            trim_in_place(&mut r.name);
            trim_in_place(&mut r.team);
        }
        for p in &mut self.people {
            trim_in_place(&mut p.name);
            trim_in_place(&mut p.team);
            if let Some(d) = &mut p.start_date {
                trim_in_place(d);
            }
            if p.start_date.as_deref() == Some("") {
                p.start_date = None;
            }
        }
        for r in &mut self.ratings {
            trim_in_place(&mut r.date);
            trim_in_place(&mut r.note);
        }
        self.survey.normalise();
    }

    /// Checks every invariant: names present, unique and short; levels on the scale; importance 1–5;
    /// no dangling or duplicate ids. Errors name the item at fault, e.g. `roles[2] ("Team leader")`.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.schema_version != SCHEMA_VERSION {
            return Err(DomainError::Invalid(format!(
                "schema_version is {}, this build reads {SCHEMA_VERSION}",
                self.schema_version
            )));
        }
        check_name("workspace", &self.name).map_err(|e| e.at("name"))?;
        if !is_currency(&self.currency) {
            return Err(DomainError::Invalid(format!(
                "currency must be a three-letter ISO code such as AUD, not \u{201c}{}\u{201d}",
                self.currency
            ))
            .at("currency"));
        }
        if self.next_id > MAX_NEXT_ID {
            return Err(DomainError::OutOfRange { field: "next_id", rule: "at most 2^53", value: self.next_id.to_string() });
        }
        let n = self.scale.labels.len();
        if !(Scale::MIN_LEVELS..=Scale::MAX_LEVELS).contains(&n) {
            return Err(DomainError::ScaleSize { min: Scale::MIN_LEVELS, max: Scale::MAX_LEVELS }.at("scale"));
        }
        for (i, l) in self.scale.labels.iter().enumerate() {
            check_name("scale level", l).map_err(|e| e.at(format!("scale.labels[{i}]")))?;
        }
        unique_names("scale level", self.scale.labels.iter().map(String::as_str)).map_err(|e| e.at("scale"))?;

        let mut ids = HashSet::new();
        let mut fresh = |id: &str| -> Result<(), DomainError> {
            if id.trim().is_empty() {
                return Err(DomainError::Invalid("an id is empty".into()));
            }
            if !ids.insert(id.to_string()) {
                return Err(DomainError::DuplicateId { id: id.to_string() });
            }
            Ok(())
        };

        let mut sources = HashSet::new();
        for (i, s) in self.skills.iter().enumerate() {
            let at = || format!("skills[{i}] (\u{201c}{}\u{201d})", s.name);
            fresh(s.id.as_str()).map_err(|e| e.at(at()))?;
            check_name("skill", &s.name).map_err(|e| e.at(at()))?;
            check_name("category", &s.category).map_err(|e| e.at(at()))?;
            check_text("description", &s.description).map_err(|e| e.at(at()))?;
            for d in Dimension::ALL {
                if s.servqual.get(d) > MAX_SERVQUAL_WEIGHT {
                    return Err(DomainError::WeightOutOfRange(s.servqual.get(d)).at(at()));
                }
            }
            if s.level_texts.len() > n {
                return Err(DomainError::Invalid(format!(
                    "has {} level texts but the scale has {n} levels",
                    s.level_texts.len()
                ))
                .at(at()));
            }
            for t in &s.level_texts {
                check_text("level text", t).map_err(|e| e.at(at()))?;
            }
            if let Some(src) = &s.source {
                check_source(src, &mut sources).map_err(|e| e.at(at()))?;
            }
        }
        unique_names("skill", self.skills.iter().map(|s| s.name.as_str()))?;

        for (i, r) in self.roles.iter().enumerate() {
            let at = || format!("roles[{i}] (\u{201c}{}\u{201d})", r.name);
            fresh(r.id.as_str()).map_err(|e| e.at(at()))?;
            check_name("role", &r.name).map_err(|e| e.at(at()))?;
            check_text("team", &r.team).map_err(|e| e.at(at()))?;
            check_role_numbers(r.headcount, r.annual_turnover, r.salary).map_err(|e| e.at(at()))?;
            for (sid, q) in &r.requirements {
                let here = || format!("{} requirement for skill {sid}", at());
                if self.skill(sid).is_none() {
                    return Err(DomainError::UnknownId { what: "skill", id: sid.to_string() }.at(here()));
                }
                self.check_requirement(*q).map_err(|e| e.at(here()))?;
            }
        }
        unique_names("role", self.roles.iter().map(|r| r.name.as_str()))?;

        let roles: HashSet<&str> = self.roles.iter().map(|r| r.id.as_str()).collect();
        for (i, p) in self.people.iter().enumerate() {
            let at = || format!("people[{i}] (\u{201c}{}\u{201d})", p.name);
            fresh(p.id.as_str()).map_err(|e| e.at(at()))?;
            check_name("person", &p.name).map_err(|e| e.at(at()))?;
            check_text("team", &p.team).map_err(|e| e.at(at()))?;
            if !roles.contains(p.role.as_str()) {
                return Err(DomainError::UnknownId { what: "role", id: p.role.to_string() }.at(at()));
            }
            if let Some(d) = &p.start_date {
                check_date("start date", d).map_err(|e| e.at(at()))?;
            }
        }

        let people: HashSet<&str> = self.people.iter().map(|p| p.id.as_str()).collect();
        let skills: HashSet<&str> = self.skills.iter().map(|s| s.id.as_str()).collect();
        let mut keys = HashSet::new();
        for (i, r) in self.ratings.iter().enumerate() {
            let at = || format!("ratings[{i}]");
            if !people.contains(r.person.as_str()) {
                return Err(DomainError::UnknownId { what: "person", id: r.person.to_string() }.at(at()));
            }
            if !skills.contains(r.skill.as_str()) {
                return Err(DomainError::UnknownId { what: "skill", id: r.skill.to_string() }.at(at()));
            }
            if let Some(l) = r.level {
                if !self.scale.contains(l) {
                    return Err(DomainError::LevelOffScale { level: l, max: self.scale.max_level() }.at(at()));
                }
            }
            check_date("rating date", &r.date).map_err(|e| e.at(at()))?;
            check_text("note", &r.note).map_err(|e| e.at(at()))?;
            if !keys.insert((&r.person, &r.skill, r.source, &r.date)) {
                return Err(DomainError::Invalid(format!(
                    "two {} ratings of {} for skill {} on {}",
                    r.source.label(),
                    r.person,
                    r.skill,
                    r.date
                ))
                .at(at()));
            }
        }

        for (i, sc) in self.scenarios.iter().enumerate() {
            let at = || format!("scenarios[{i}] (\u{201c}{}\u{201d})", sc.name);
            fresh(sc.id.as_str()).map_err(|e| e.at(at()))?;
            sc.check(self).map_err(|e| e.at(at()))?;
        }
        unique_names("scenario", self.scenarios.iter().map(|s| s.name.as_str()))?;
        self.survey.validate(self)?;
        Ok(())
    }
}
