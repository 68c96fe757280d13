//! Invariants of a workspace and the small field checks that commands and imports share.

use std::collections::{HashMap, HashSet};

use super::command::check_role_numbers;
use super::error::{cut, DomainError};
use super::model::*;

/// Longest name (skill, role, person, label) in characters.
pub const MAX_NAME: usize = 120;
/// Longest free text (description, level text, note) in characters.
pub const MAX_TEXT: usize = 4000;

/// The first control character in `text` that a name, text or id may not hold, if any: every one but line
/// breaks and tabs. NUL and the others cannot travel through a CSV file (spreadsheets never write them) and
/// show as nothing on screen.
fn control_char(text: &str) -> Option<char> {
    text.chars().find(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

fn control_error(what: &'static str, c: char) -> DomainError {
    DomainError::Invalid(format!("{what} may not contain control characters (U+{:04X})", c as u32))
}

/// Checks a name without allocating: non-empty and not too long once trimmed, no control characters but
/// line breaks and tabs.
fn name_ok(what: &'static str, name: &str) -> Result<(), DomainError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(DomainError::EmptyName { what });
    }
    if name.chars().nth(MAX_NAME).is_some() {
        return Err(DomainError::NameTooLong { what, max: MAX_NAME });
    }
    match control_char(name) {
        Some(c) => Err(control_error(what, c)),
        None => Ok(()),
    }
}

/// Checks a free text without allocating: not too long once trimmed, no control characters but line
/// breaks and tabs.
fn text_ok(what: &'static str, text: &str) -> Result<(), DomainError> {
    let text = text.trim();
    if text.chars().nth(MAX_TEXT).is_some() {
        return Err(DomainError::Invalid(format!("{what} is limited to {MAX_TEXT} characters")));
    }
    match control_char(text) {
        Some(c) => Err(control_error(what, c)),
        None => Ok(()),
    }
}

/// Trims `name` and checks it is non-empty, not too long and free of control characters (line breaks and
/// tabs aside).
pub fn check_name(what: &'static str, name: &str) -> Result<String, DomainError> {
    name_ok(what, name)?;
    Ok(name.trim().to_string())
}

/// Trims `text` and checks it is not too long (it may be empty) and holds no control characters other than
/// line breaks and tabs.
pub fn check_text(what: &'static str, text: &str) -> Result<String, DomainError> {
    text_ok(what, text)?;
    Ok(text.trim().to_string())
}

/// The day a date written YYYY-MM-DD stands for, as the number YYYYMMDD, when it is a real calendar day
/// of the years 1900–2200 (after trimming).
pub fn date_number(value: &str) -> Option<u32> {
    let b = value.trim().as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1900..=2200).contains(&y) && d != 0 && d <= days).then_some(y * 10_000 + m * 100 + d)
}

/// Checks a calendar date written YYYY-MM-DD (years 1900–2200) and returns it trimmed.
pub fn check_date(what: &'static str, value: &str) -> Result<String, DomainError> {
    let v = value.trim();
    match date_number(v) {
        Some(_) => Ok(v.to_string()),
        None => Err(DomainError::BadDate { what, value: v.to_string() }),
    }
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

/// Checks that `id` is not blank, holds no control characters and was not seen before (ids are unique
/// across skills, roles, people and scenarios).
fn fresh<'a>(ids: &mut HashSet<&'a str>, id: &'a str) -> Result<(), DomainError> {
    if id.trim().is_empty() {
        return Err(DomainError::Invalid("an id is empty".into()));
    }
    if let Some(c) = control_char(id) {
        return Err(control_error("an id", c));
    }
    if !ids.insert(id) {
        return Err(DomainError::DuplicateId { id: id.to_string() });
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
        let mut ids: HashSet<&str> = HashSet::new();
        self.validate_profile_into(&mut ids)?;
        for (i, sc) in self.scenarios.iter().enumerate() {
            let at = || format!("scenarios[{i}] (\u{201c}{}\u{201d})", cut(&sc.name));
            fresh(&mut ids, sc.id.as_str()).map_err(|e| e.at(at()))?;
            sc.check(self).map_err(|e| e.at(at()))?;
        }
        unique_names("scenario", self.scenarios.iter().map(|s| s.name.as_str()))?;
        self.survey.validate(self)?;
        Ok(())
    }

    /// [`Workspace::validate`] without the simulation scenarios and the staff survey: what a learner link's
    /// workspace (which has no scenarios and the default survey) is checked with, so the learner's bundle
    /// holds no simulation or survey code.
    pub fn validate_profile(&self) -> Result<(), DomainError> {
        if !self.scenarios.is_empty() {
            return Err(DomainError::Invalid("this workspace has scenarios; validate it whole".into()));
        }
        self.validate_profile_into(&mut HashSet::new())
    }

    /// Everything but the scenarios; `ids` collects the ids seen (unique across all kinds).
    fn validate_profile_into<'a>(&'a self, ids: &mut HashSet<&'a str>) -> Result<(), DomainError> {
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
                cut(&self.currency)
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

        let mut sources = HashSet::new();
        for (i, s) in self.skills.iter().enumerate() {
            let at = || format!("skills[{i}] (\u{201c}{}\u{201d})", cut(&s.name));
            fresh(ids, s.id.as_str()).map_err(|e| e.at(at()))?;
            name_ok("skill", &s.name).map_err(|e| e.at(at()))?;
            name_ok("category", &s.category).map_err(|e| e.at(at()))?;
            text_ok("description", &s.description).map_err(|e| e.at(at()))?;
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
                text_ok("level text", t).map_err(|e| e.at(at()))?;
            }
            if let Some(src) = &s.source {
                check_source(src, &mut sources).map_err(|e| e.at(at()))?;
            }
        }
        unique_names("skill", self.skills.iter().map(|s| s.name.as_str()))?;

        // Looked up once per requirement: a linear search here made validation quadratic in requirements ×
        // skills (an 8 MB file took seconds).
        let skills: HashSet<&str> = self.skills.iter().map(|s| s.id.as_str()).collect();
        for (i, r) in self.roles.iter().enumerate() {
            let at = || format!("roles[{i}] (\u{201c}{}\u{201d})", cut(&r.name));
            fresh(ids, r.id.as_str()).map_err(|e| e.at(at()))?;
            name_ok("role", &r.name).map_err(|e| e.at(at()))?;
            text_ok("team", &r.team).map_err(|e| e.at(at()))?;
            check_role_numbers(r.headcount, r.annual_turnover, r.salary).map_err(|e| e.at(at()))?;
            for (sid, q) in &r.requirements {
                let here = || format!("{} requirement for skill {}", at(), cut(sid.as_str()));
                if !skills.contains(sid.as_str()) {
                    return Err(DomainError::UnknownId { what: "skill", id: sid.to_string() }.at(here()));
                }
                self.check_requirement(*q).map_err(|e| e.at(here()))?;
            }
        }
        unique_names("role", self.roles.iter().map(|r| r.name.as_str()))?;

        let roles: HashSet<&str> = self.roles.iter().map(|r| r.id.as_str()).collect();
        for (i, p) in self.people.iter().enumerate() {
            let at = || format!("people[{i}] (\u{201c}{}\u{201d})", cut(&p.name));
            fresh(ids, p.id.as_str()).map_err(|e| e.at(at()))?;
            name_ok("person", &p.name).map_err(|e| e.at(at()))?;
            text_ok("team", &p.team).map_err(|e| e.at(at()))?;
            if !roles.contains(p.role.as_str()) {
                return Err(DomainError::UnknownId { what: "role", id: p.role.to_string() }.at(at()));
            }
            if let Some(d) = &p.start_date {
                check_date("start date", d).map_err(|e| e.at(at()))?;
            }
        }

        // Ratings are by far the most numerous items (millions in a large workspace): nothing is allocated
        // per rating, people and skills are looked up as numbers (trying the previous rating's first, as
        // ratings come grouped by person), and duplicates are found by sorting the ratings' identities
        // (several times faster than a hash set of millions, and immune to crafted collisions).
        let people: HashMap<&str, u32> = self.people.iter().enumerate().map(|(i, p)| (p.id.as_str(), i as u32)).collect();
        let skill_ix: HashMap<&str, u32> =
            self.skills.iter().enumerate().map(|(i, s)| (s.id.as_str(), i as u32)).collect();
        let lookup = |map: &HashMap<&str, u32>, last: &mut Option<(&'_ str, u32)>, id: &str| -> Option<u32> {
            match *last {
                Some((l, i)) if l == id => Some(i),
                _ => map.get(id).copied(),
            }
        };
        let key = |r: &Rating, p: u32, s: u32, day: u32| {
            (u128::from(p) << 72) | (u128::from(s) << 40) | (u128::from(r.source as u8) << 32) | u128::from(day)
        };
        // First pass: the first rating (in order) that repeats an earlier one's person, skill, source and date.
        let mut keys: Vec<(u128, u32)> = Vec::with_capacity(self.ratings.len());
        let (mut last_p, mut last_s) = (None, None);
        for (i, r) in self.ratings.iter().enumerate() {
            let p = lookup(&people, &mut last_p, r.person.as_str());
            let s = lookup(&skill_ix, &mut last_s, r.skill.as_str());
            if let (Some(p), Some(s), Some(day)) = (p, s, date_number(&r.date)) {
                last_p = Some((r.person.as_str(), p));
                last_s = Some((r.skill.as_str(), s));
                keys.push((key(r, p, s, day), i as u32));
            }
        }
        keys.sort_unstable();
        let repeat = keys.windows(2).filter(|w| w[0].0 == w[1].0).map(|w| w[1].1 as usize).min();
        drop(keys);
        // Second pass: every check in order, so the first fault found is the first in the file.
        let (mut last_p, mut last_s) = (None, None);
        for (i, r) in self.ratings.iter().enumerate() {
            let at = || format!("ratings[{i}]");
            let Some(p) = lookup(&people, &mut last_p, r.person.as_str()) else {
                return Err(DomainError::UnknownId { what: "person", id: r.person.to_string() }.at(at()));
            };
            last_p = Some((r.person.as_str(), p));
            let Some(s) = lookup(&skill_ix, &mut last_s, r.skill.as_str()) else {
                return Err(DomainError::UnknownId { what: "skill", id: r.skill.to_string() }.at(at()));
            };
            last_s = Some((r.skill.as_str(), s));
            if let Some(l) = r.level {
                if !self.scale.contains(l) {
                    return Err(DomainError::LevelOffScale { level: l, max: self.scale.max_level() }.at(at()));
                }
            }
            if date_number(&r.date).is_none() {
                return Err(DomainError::BadDate { what: "rating date", value: r.date.trim().to_string() }.at(at()));
            }
            text_ok("note", &r.note).map_err(|e| e.at(at()))?;
            if repeat == Some(i) {
                return Err(DomainError::Invalid(format!(
                    "two {} ratings of {} for skill {} on {}",
                    r.source.label(),
                    cut(r.person.as_str()),
                    cut(r.skill.as_str()),
                    r.date
                ))
                .at(at()));
            }
        }

        Ok(())
    }
}
