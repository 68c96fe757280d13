//! Merging two tabs' edits (domain::merge): random edits on both sides of the example workspace. A merge
//! that succeeds is valid and keeps every edit that only one side made; merging with an unedited side gives
//! the other side; a failed merge says what both sides changed.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use skillgap::domain::example::example_workspace;
use skillgap::domain::merge::merge;
use skillgap::domain::*;

/// An edit, with its targets as indices into the workspace as it is when applied.
#[derive(Clone, Debug)]
enum Op {
    Rename(u8),
    Currency(u8),
    AddPerson(u8),
    RenamePerson(usize, u8),
    DeletePerson(usize),
    Rate(usize, usize, u8, u8),
    Require(usize, usize, u8),
    RenameSkill(usize, u8),
    MoveSkill(usize),
    AddSkill(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..3).prop_map(Op::Rename),
        (0u8..3).prop_map(Op::Currency),
        (0u8..4).prop_map(Op::AddPerson),
        (any::<usize>(), 0u8..4).prop_map(|(a, b)| Op::RenamePerson(a, b)),
        any::<usize>().prop_map(Op::DeletePerson),
        (any::<usize>(), any::<usize>(), 0u8..3, 0u8..5).prop_map(|(a, b, c, d)| Op::Rate(a, b, c, d)),
        (any::<usize>(), any::<usize>(), 0u8..5).prop_map(|(a, b, c)| Op::Require(a, b, c)),
        (any::<usize>(), 0u8..3).prop_map(|(a, b)| Op::RenameSkill(a, b)),
        any::<usize>().prop_map(Op::MoveSkill),
        (0u8..3).prop_map(Op::AddSkill),
    ]
}

fn apply(ws: &mut Workspace, op: &Op) {
    let person = |ws: &Workspace, i: usize| ws.people[i % ws.people.len()].clone();
    let skill = |ws: &Workspace, i: usize| ws.skills[i % ws.skills.len()].id.clone();
    let cmd = match op {
        Op::Rename(n) => Command::SetWorkspaceName(format!("Bank {n}")),
        Op::Currency(n) => Command::SetCurrency(["EUR", "USD", "GBP"][*n as usize].into()),
        Op::AddPerson(n) => Command::AddPerson {
            fields: PersonFields { name: format!("New {n}"), role: ws.roles[*n as usize % ws.roles.len()].id.clone(), team: String::new(), start_date: None },
        },
        Op::RenamePerson(i, n) => {
            let p = person(ws, *i);
            Command::UpdatePerson { id: p.id.clone(), fields: PersonFields { name: format!("Renamed {n}"), role: p.role, team: p.team, start_date: p.start_date } }
        }
        Op::DeletePerson(i) => Command::DeletePerson { id: person(ws, *i).id },
        Op::Rate(i, s, src, l) => Command::SetRating {
            person: person(ws, *i).id,
            skill: skill(ws, *s),
            source: Source::ALL[*src as usize],
            date: "2026-10-01".into(),
            level: Some(*l),
            note: String::new(),
        },
        Op::Require(r, s, l) => Command::SetRequirement {
            role: ws.roles[r % ws.roles.len()].id.clone(),
            skill: skill(ws, *s),
            requirement: (*l > 0).then(|| Requirement { level: l - 1, importance: 3 }),
        },
        Op::RenameSkill(s, n) => {
            let sk = ws.skills[s % ws.skills.len()].clone();
            Command::UpdateSkill { id: sk.id, fields: SkillFields { name: format!("Skill {n}"), category: sk.category, description: sk.description } }
        }
        Op::MoveSkill(s) => Command::MoveSkill { id: skill(ws, *s), up: true },
        Op::AddSkill(n) => Command::AddSkill { name: format!("Added {n}"), category: "New".into() },
    };
    let _ = ws.apply(cmd); // a refused edit (a duplicate name) changes nothing
}

fn edited(base: &Workspace, ops: &[Op]) -> Workspace {
    let mut ws = base.clone();
    for o in ops {
        apply(&mut ws, o);
    }
    ws
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn merges_keep_every_one_sided_edit(a in proptest::collection::vec(op(), 0..6), b in proptest::collection::vec(op(), 0..6)) {
        let base = example_workspace();
        let (mine, theirs) = (edited(&base, &a), edited(&base, &b));
        prop_assert_eq!(&merge(&base, &mine, &base).unwrap().workspace, &mine);
        prop_assert_eq!(&merge(&base, &base, &theirs).unwrap().workspace, &theirs);
        match merge(&base, &mine, &theirs) {
            Ok(m) => {
                let ws = &m.workspace;
                ws.validate().unwrap();
                for (side, other) in [(&mine, &theirs), (&theirs, &mine)] {
                    if side.name != base.name && other.name == base.name {
                        prop_assert_eq!(&ws.name, &side.name);
                    }
                    // Every rating one side set (and the other left alone) is in the merge with that level.
                    for r in &side.ratings {
                        let key = |x: &Rating| (x.person.clone(), x.skill.clone(), x.source, x.date.clone());
                        let before = base.ratings.iter().find(|x| key(x) == key(r));
                        let there = other.ratings.iter().find(|x| key(x) == key(r));
                        if before != Some(r) && there == before && side.people.iter().any(|p| p.id == r.person) {
                            // A person renumbered by the merge carries the rating under the new id.
                            let got = ws.ratings.iter().any(|x| x.skill == r.skill && x.source == r.source && x.date == r.date && x.level == r.level);
                            prop_assert!(got, "rating {:?} lost", r);
                        }
                    }
                    for p in &side.people {
                        if !base.people.iter().any(|q| q.id == p.id) {
                            prop_assert!(ws.people.iter().any(|q| q.name == p.name && q.role == p.role), "new person {:?} lost", p);
                        }
                    }
                }
            }
            Err(conflicts) => {
                prop_assert!(!conflicts.is_empty());
                prop_assert!(conflicts.iter().all(|c| c.starts_with("both tabs changed") || c.starts_with("together the edits")), "{:?}", conflicts);
            }
        }
    }
}
