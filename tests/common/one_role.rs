//! A one-role test workspace for the simulation's tests (`tests/domain_sim.rs`, `tests/sim_validation.rs`).
#![allow(dead_code)]

use skillgap::domain::*;

/// One role "r" of `headcount` positions requiring skills a and b (level 3, importance 4, SERVQUAL weights
/// `servqual`), with `people` people rated `level` on both by a trainer; high contact, salary 60,000. The
/// scale has 6 levels (0–5), so gains are rarely capped.
pub fn one_role_workspace(headcount: u32, people: u32, annual_turnover: f64, level: u8, servqual: [u8; 5]) -> Workspace {
    let mut ws = Workspace::empty("test");
    ws.scale.labels = (0..6).map(|i| format!("L{i}")).collect();
    for id in ["a", "b"] {
        ws.skills.push(Skill {
            id: id.into(),
            name: id.to_uppercase(),
            category: "K".into(),
            description: String::new(),
            servqual: ServqualWeights::from_array(servqual),
            level_texts: Vec::new(),
            source: None,
        });
    }
    let req = Requirement { level: 3, importance: 4 };
    ws.roles.push(Role {
        id: "r".into(),
        name: "Role".into(),
        team: "T".into(),
        headcount,
        annual_turnover,
        salary: 60_000.0,
        contact: ContactLevel::High,
        requirements: [("a".into(), req), ("b".into(), req)].into_iter().collect(),
    });
    for p in 0..people {
        let id = PersonId(format!("p{p}"));
        for s in ["a", "b"] {
            ws.ratings.push(Rating {
                person: id.clone(),
                skill: s.into(),
                source: Source::Trainer,
                level: Some(level),
                date: "2026-01-01".into(),
                note: String::new(),
            });
        }
        ws.people.push(Person { id, name: format!("P{p}"), role: "r".into(), team: String::new(), start_date: None });
    }
    ws.next_id = 100_000;
    ws
}
