//! What the simulation needs from a workspace, extracted once: roles with their required skills, weights
//! and assessed people's effective levels (through [`RatingIndex`]).

use serde::{Deserialize, Serialize};

use crate::domain::gaps::RatingIndex;
use crate::domain::model::*;

/// One skill of the library.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimSkill {
    pub id: SkillId,
    pub name: String,
    /// SERVQUAL weights in [`Dimension::ALL`] order.
    pub servqual: [u8; 5],
}

/// An assessed level of one skill of one person.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Known {
    pub level: u8,
    /// Only the person's own rating backs it (the self-rating bias applies).
    pub self_only: bool,
}

/// One assessed person of a role: effective levels aligned with [`SimRole::skills`] (`None`: unrated or
/// "no opportunity").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimPerson {
    pub id: PersonId,
    pub levels: Vec<Option<Known>>,
}

/// One role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimRole {
    pub id: RoleId,
    pub name: String,
    pub headcount: u32,
    pub annual_turnover: f64,
    pub salary: f64,
    /// The role's level of customer contact; its weight in service quality is an assumption
    /// (`contact_weight_medium`, `contact_weight_low`; high contact is the reference, 1).
    pub contact: ContactLevel,
    /// Indices into [`Population::skills`] of the skills the role requires, in library order.
    pub skills: Vec<u32>,
    /// Required level per skill (aligned with `skills`).
    pub required: Vec<u8>,
    /// Importance per skill (aligned with `skills`).
    pub importance: Vec<u8>,
    /// The role's people, in workspace order; the positions are filled by sampling from them.
    pub people: Vec<SimPerson>,
}

/// The organisation as the simulation sees it. Build it once with [`prepare`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Population {
    pub currency: String,
    /// Highest level of the scale.
    pub max_level: u8,
    pub skills: Vec<SimSkill>,
    pub roles: Vec<SimRole>,
}

impl Population {
    /// Total positions (Σ headcount).
    pub fn positions(&self) -> u32 {
        self.roles.iter().map(|r| r.headcount).sum()
    }

    /// The index of role `id`.
    pub fn role_index(&self, id: &RoleId) -> Option<u32> {
        self.roles
            .iter()
            .position(|r| &r.id == id)
            .map(|i| i as u32)
    }

    /// The index of skill `id`.
    pub fn skill_index(&self, id: &SkillId) -> Option<u32> {
        self.skills
            .iter()
            .position(|s| &s.id == id)
            .map(|i| i as u32)
    }

    /// Every (role, skill) pair a role requires, role by role in library order: the rows of gap closure.
    pub fn role_skill_pairs(&self) -> Vec<(u32, u32)> {
        self.roles
            .iter()
            .enumerate()
            .flat_map(|(r, role)| role.skills.iter().map(move |&k| (r as u32, k)))
            .collect()
    }
}

/// Extracts the population from `ws` (latest ratings).
pub fn prepare(ws: &Workspace) -> Population {
    let index = RatingIndex::new(ws);
    let skills: Vec<SimSkill> = ws
        .skills
        .iter()
        .map(|s| SimSkill {
            id: s.id.clone(),
            name: s.name.clone(),
            servqual: Dimension::ALL.map(|d| s.servqual.get(d)),
        })
        .collect();
    let max_level = ws.scale.max_level();
    let roles = ws
        .roles
        .iter()
        .map(|role| {
            let mut idx = Vec::new();
            let mut required = Vec::new();
            let mut importance = Vec::new();
            for (k, s) in ws.skills.iter().enumerate() {
                if let Some(req) = role.requirements.get(&s.id) {
                    idx.push(k as u32);
                    required.push(req.level.min(max_level));
                    importance.push(req.importance);
                }
            }
            let people = ws
                .people
                .iter()
                .filter(|p| p.role == role.id)
                .map(|p| SimPerson {
                    id: p.id.clone(),
                    levels: idx
                        .iter()
                        .map(|&k| {
                            let e = index.effective(&p.id, &ws.skills[k as usize].id, None)?;
                            Some(Known {
                                level: e.level?.min(max_level),
                                self_only: e.is_self_only(),
                            })
                        })
                        .collect(),
                })
                .collect();
            SimRole {
                id: role.id.clone(),
                name: role.name.clone(),
                headcount: role.headcount,
                annual_turnover: role.annual_turnover,
                salary: role.salary,
                contact: role.contact,
                skills: idx,
                required,
                importance,
                people,
            }
        })
        .collect();
    Population {
        currency: ws.currency.clone(),
        max_level,
        skills,
        roles,
    }
}
