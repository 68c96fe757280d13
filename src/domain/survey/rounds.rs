//! Survey rounds: what opening a round freezes (the questions, the groups respondents choose from, the
//! internal suppliers they may rate, the threshold its link promises), and the round's fingerprint.

use std::collections::HashSet;

use super::disclose::check_threshold;
use super::instrument::{ItemKind, SurveyItem, MAX_ITEMS, MAX_ITEM_TEXT};
use super::{Group, GroupBy, Round, StaffSurvey};
use crate::domain::error::DomainError;
use crate::domain::model::{ContactLevel, Workspace};
use crate::domain::validate::{check_date, check_name, same_name};
use crate::domain::zip::crc32;

/// Longest round key, in characters (letters, digits, `-`, `_`).
pub const MAX_KEY_CHARS: usize = 64;
/// Most groups a round may offer.
pub const MAX_GROUPS: usize = 200;
/// Most internal suppliers one respondent rates.
pub const MAX_SUPPLIERS: usize = 3;
/// Most responses a round holds.
pub const MAX_RESPONSES: usize = 100_000;

/// Checks a round key: 1–64 ASCII letters, digits, `-` or `_`.
pub fn check_key(key: &str) -> Result<(), DomainError> {
    let ok = (1..=MAX_KEY_CHARS).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(DomainError::Invalid(format!(
            "a survey round's key is 1–{MAX_KEY_CHARS} letters, digits, - or _, not \u{201c}{}\u{201d}",
            key.chars().take(80).collect::<String>()
        )))
    }
}

/// The groups respondents of a new round choose from: one per role, or one per team (the roles' team; a
/// role without a team is a group of its own), in the workspace's order. Each knows its roles and headcount.
pub fn groups_for(ws: &Workspace, by: GroupBy) -> Vec<Group> {
    let population = |n: u64| u32::try_from(n).ok().filter(|&n| n > 0);
    match by {
        GroupBy::Role => ws
            .roles
            .iter()
            .map(|r| Group {
                id: r.id.to_string(),
                name: r.name.clone(),
                population: population(r.headcount as u64),
                roles: vec![r.id.clone()],
            })
            .collect(),
        GroupBy::Team => {
            let mut out: Vec<Group> = Vec::new();
            for r in &ws.roles {
                let name = if r.team.trim().is_empty() { r.name.trim() } else { r.team.trim() };
                match out.iter_mut().find(|g| same_name(&g.name, name)) {
                    Some(g) => {
                        g.roles.push(r.id.clone());
                        let sum = g.population.unwrap_or(0) as u64 + r.headcount as u64;
                        g.population = population(sum);
                    }
                    None => out.push(Group {
                        id: format!("t{}", out.len() + 1),
                        name: name.chars().take(crate::domain::validate::MAX_NAME).collect(),
                        population: population(r.headcount as u64),
                        roles: vec![r.id.clone()],
                    }),
                }
            }
            out
        }
    }
}

/// The groups offered as internal suppliers by default: those with a role of low or medium customer contact
/// (the support and back-office roles that front-line staff depend on).
pub fn default_suppliers(ws: &Workspace, groups: &[Group]) -> Vec<String> {
    groups
        .iter()
        .filter(|g| g.roles.iter().filter_map(|r| ws.role(r)).any(|r| r.contact != ContactLevel::High))
        .map(|g| g.id.clone())
        .collect()
}

/// The fingerprint of what a round asks and offers: 8 hex digits of the CRC-32 of its key, threshold,
/// grouping, each item's id and construct in order, the group ids and the supplier ids. Labels and
/// wording are left out (the round's label can be changed; a response stays valid).
pub fn fingerprint<'a>(
    key: &str,
    k: u8,
    by: GroupBy,
    items: impl IntoIterator<Item = (&'a str, &'a str)>,
    groups: impl IntoIterator<Item = &'a str>,
    suppliers: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut text = format!("{key}\u{1f}{k}\u{1f}{}", by.noun());
    for (id, construct) in items {
        text.push_str(&format!("\u{1e}i{id}\u{1f}{construct}"));
    }
    for g in groups {
        text.push_str(&format!("\u{1e}g{g}"));
    }
    for s in suppliers {
        text.push_str(&format!("\u{1e}s{s}"));
    }
    format!("{:08x}", crc32(text.as_bytes()))
}

impl Round {
    /// This round's [`fingerprint`].
    pub fn fingerprint(&self) -> String {
        fingerprint(
            &self.key,
            self.k,
            self.group_by,
            self.items.iter().map(|i| (i.id.as_str(), i.construct.key())),
            self.groups.iter().map(|g| g.id.as_str()),
            self.suppliers.iter().map(String::as_str),
        )
    }

    /// The items answered as `kind`, in order.
    pub fn items_of(&self, kind: ItemKind) -> impl Iterator<Item = &SurveyItem> {
        super::instrument::of_kind(&self.items, kind)
    }

    /// Checks what a round must be, whatever its responses: key, label, date, threshold, groups, suppliers
    /// and items.
    pub(super) fn check_frame(&self) -> Result<(), DomainError> {
        check_key(&self.key)?;
        check_name("survey round", &self.label)?;
        check_date("opening date", &self.opened)?;
        check_threshold(self.k)?;
        check_groups(&self.groups)?;
        check_suppliers(&self.groups, &self.suppliers)?;
        check_items(&self.items)?;
        if self.items.is_empty() {
            return Err(DomainError::Invalid("the round asks no questions".into()));
        }
        Ok(())
    }
}

/// Groups: 1–[`MAX_GROUPS`], ids unique and well formed, names valid and unique.
pub(super) fn check_groups(groups: &[Group]) -> Result<(), DomainError> {
    if groups.is_empty() {
        return Err(DomainError::Invalid("respondents have no group to choose from; add roles first".into()));
    }
    if groups.len() > MAX_GROUPS {
        return Err(DomainError::Invalid(format!("a round offers at most {MAX_GROUPS} groups, not {}", groups.len())));
    }
    let (mut ids, mut names) = (HashSet::new(), HashSet::new());
    for g in groups {
        check_key(&g.id).map_err(|_| DomainError::Invalid(format!("group id \u{201c}{}\u{201d} is not valid", cut(&g.id))))?;
        check_name("group", &g.name)?;
        if !ids.insert(g.id.as_str()) {
            return Err(DomainError::DuplicateId { id: g.id.clone() });
        }
        if !names.insert(g.name.to_lowercase()) {
            return Err(DomainError::DuplicateName { what: "group", name: g.name.clone() });
        }
    }
    Ok(())
}

/// Suppliers: ids of `groups`, each once.
pub(super) fn check_suppliers(groups: &[Group], suppliers: &[String]) -> Result<(), DomainError> {
    let mut seen = HashSet::new();
    for s in suppliers {
        if !groups.iter().any(|g| &g.id == s) {
            return Err(DomainError::UnknownId { what: "group", id: cut(s) });
        }
        if !seen.insert(s) {
            return Err(DomainError::DuplicateId { id: s.clone() });
        }
    }
    Ok(())
}

/// Items: at most [`MAX_ITEMS`], ids unique and well formed, texts present and within [`MAX_ITEM_TEXT`].
pub(super) fn check_items(items: &[SurveyItem]) -> Result<(), DomainError> {
    if items.len() > MAX_ITEMS {
        return Err(DomainError::Invalid(format!("a survey has at most {MAX_ITEMS} questions, not {}", items.len())));
    }
    let mut ids = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        check_key(&item.id).map_err(|_| DomainError::Invalid(format!("question {} has an invalid id", i + 1)))?;
        check_item_text(&item.text).map_err(|e| e.at(format!("question {} ({})", i + 1, item.id)))?;
        if !ids.insert(item.id.as_str()) {
            return Err(DomainError::DuplicateId { id: item.id.clone() });
        }
    }
    Ok(())
}

/// A question's wording, trimmed: present and at most [`MAX_ITEM_TEXT`] characters.
pub fn check_item_text(text: &str) -> Result<String, DomainError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(DomainError::EmptyName { what: "question" });
    }
    if t.chars().count() > MAX_ITEM_TEXT {
        return Err(DomainError::Invalid(format!("a question is limited to {MAX_ITEM_TEXT} characters")));
    }
    Ok(t.to_string())
}

/// At most 60 characters of `s`, for messages.
pub(super) fn cut(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('\u{2026}');
    }
    out
}

impl StaffSurvey {
    /// A new round of the current questionnaire for `ws` (its groups by [`StaffSurvey::group_by`]; suppliers
    /// as given, or [`default_suppliers`]), checked. Not yet added.
    pub fn new_round(
        &self,
        ws: &Workspace,
        key: &str,
        label: &str,
        opened: &str,
        suppliers: Option<Vec<String>>,
    ) -> Result<Round, DomainError> {
        check_key(key)?;
        if self.rounds.iter().any(|r| r.key == key) {
            return Err(DomainError::DuplicateId { id: key.to_string() });
        }
        let label = check_name("survey round", label)?;
        if self.rounds.iter().any(|r| same_name(&r.label, &label)) {
            return Err(DomainError::DuplicateName { what: "survey round", name: label });
        }
        let opened = check_date("opening date", opened)?;
        if self.items.is_empty() {
            return Err(DomainError::Invalid("the questionnaire has no questions; add some first".into()));
        }
        let groups = groups_for(ws, self.group_by);
        check_groups(&groups)?;
        let mut suppliers = suppliers.unwrap_or_else(|| default_suppliers(ws, &groups));
        // Offered in the groups' order, whatever order they were chosen in.
        suppliers.sort_by_key(|s| groups.iter().position(|g| &g.id == s));
        check_suppliers(&groups, &suppliers)?;
        let has_supplier_items = self.items.iter().any(|i| i.construct.kind() == ItemKind::PerSupplier);
        if !has_supplier_items {
            suppliers.clear();
        }
        let round = Round {
            key: key.to_string(),
            label,
            opened,
            k: self.threshold,
            group_by: self.group_by,
            groups,
            suppliers,
            items: self.items.clone(),
            closed: false,
            responses: Vec::new(),
        };
        round.check_frame()?;
        let chars = super::codec::encode_link(&super::codec::link_for(ws, &round)).len();
        if chars > crate::domain::learner::MAX_CODE_CHARS {
            return Err(DomainError::Invalid(format!(
                "the survey link would be {chars} characters, over the limit of {}; shorten or drop some questions",
                crate::domain::learner::MAX_CODE_CHARS
            )));
        }
        Ok(round)
    }
}
