//! Synthetic workspaces of any size, from a visible seed, for benchmarks and scale tests, and the
//! simulation's reference workload ([`reference_simulation`]). Uses the named generator ChaCha8 so the same
//! seed gives the same workspace on every platform and version.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::model::*;
use super::sim::{Levers, Method, Programme, Scenario, Selection};

/// Sizes of a synthetic workspace.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub people: usize,
    pub skills: usize,
    pub roles: usize,
    /// How many sources (1–3: self, trainer, agreed) rate each required skill.
    pub sources: usize,
}

/// A valid workspace of the given size: every role requires about 80 % of the skills, everyone is rated by
/// `sources` sources on their role's skills, with about 3 % "no opportunity" marks.
pub fn workspace(size: Size, seed: u64) -> Workspace {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut ws = Workspace::empty("Synthetic workspace");
    let contact = [ContactLevel::High, ContactLevel::Medium, ContactLevel::Low];
    for s in 0..size.skills {
        ws.skills.push(Skill {
            id: SkillId(format!("s{s}")),
            name: format!("Skill {s}"),
            category: format!("Category {}", s % 5),
            description: String::new(),
            servqual: ServqualWeights::from_array(std::array::from_fn(|_| rng.random_range(0..=3))),
            level_texts: Vec::new(),
            source: None,
        });
    }
    for r in 0..size.roles.max(1) {
        let mut requirements = std::collections::BTreeMap::new();
        for s in &ws.skills {
            if rng.random_bool(0.8) {
                requirements.insert(
                    s.id.clone(),
                    Requirement { level: rng.random_range(1..=4), importance: rng.random_range(1..=5) },
                );
            }
        }
        ws.roles.push(Role {
            id: RoleId(format!("r{r}")),
            name: format!("Role {r}"),
            team: format!("Team {}", r % 3),
            headcount: (size.people / size.roles.max(1)) as u32,
            annual_turnover: rng.random_range(0.1..0.5),
            salary: rng.random_range(50_000.0..120_000.0_f64).round(),
            contact: contact[r % 3],
            requirements,
        });
    }
    let sources = &Source::ALL[..size.sources.clamp(1, 3)];
    for p in 0..size.people {
        let role = &ws.roles[p % ws.roles.len()];
        let id = PersonId(format!("p{p}"));
        for sid in role.requirements.keys() {
            for &source in sources {
                let level = if rng.random_bool(0.03) { None } else { Some(rng.random_range(0..=4)) };
                ws.ratings.push(Rating {
                    person: id.clone(),
                    skill: sid.clone(),
                    source,
                    level,
                    date: "2026-09-15".to_string(),
                    note: String::new(),
                });
            }
        }
        ws.people.push(Person {
            id,
            name: format!("Person {p}"),
            role: role.id.clone(),
            team: role.team.clone(),
            start_date: None,
        });
    }
    ws.next_id = (size.people + size.skills + size.roles + 1) as u64;
    ws
}

/// The simulation's reference workload: a synthetic workspace of 1,000 people in 5 roles with 16 skills
/// (3 sources, seed 2026), and a 36-month, 1,000-run scenario (seed 1) with two programmes — a workshop
/// on four skills for the first three roles (40 a month for 6 months, largest gap first) and code-breaking
/// sessions on two skills for the last three roles (volunteers at 50 %, 25 a month from month 4 for 6
/// months, 2 months' approval delay) — and the recognition lever at 0.5. The native timing test
/// (tests/domain_sim.rs) and the benchmark kernel (`crate::bench`) both run it.
pub fn reference_simulation() -> (Workspace, Scenario) {
    let ws = workspace(Size { people: 1000, skills: 16, roles: 5, sources: 3 }, 2026);
    let roles: Vec<RoleId> = ws.roles.iter().map(|r| r.id.clone()).collect();
    let skills = |ids: &[&str]| ids.iter().map(|&s| SkillId::from(s)).collect::<Vec<_>>();
    let programme = |skills: Vec<SkillId>, roles: &[RoleId], capacity: u32| Programme {
        name: "P".into(),
        skills,
        roles: roles.to_vec(),
        capacity_per_month: capacity,
        duration_months: 6,
        fixed_cost: 1000.0,
        cost_per_participant: 500.0,
        hours_per_participant: 16.0,
        ..Programme::default()
    };
    let a = programme(skills(&["s0", "s1", "s2", "s3"]), &roles[..3], 40);
    let b = Programme {
        method: Method::CodeBreaking,
        selection: Selection::Volunteers { participation: 0.5 },
        start_month: 4,
        approval_delay_months: 2,
        ..programme(skills(&["s4", "s5"]), &roles[2..], 25)
    };
    let scenario = Scenario {
        name: "Reference workload".into(),
        horizon_months: 36,
        runs: 1000,
        seed: 1,
        programmes: vec![a, b],
        levers: Levers { recognition: 0.5, ..Levers::default() },
        ..Scenario::default()
    };
    (ws, scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_workspaces_are_valid_and_reproducible() {
        let size = Size { people: 50, skills: 12, roles: 4, sources: 3 };
        let a = workspace(size, 7);
        a.validate().unwrap();
        assert_eq!(a, workspace(size, 7));
        assert_ne!(a, workspace(size, 8));
        assert_eq!(a.people.len(), 50);
    }
}
