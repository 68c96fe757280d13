//! Property tests: random command sequences never break the workspace invariants, a refused command
//! changes nothing, minted ids are never reused, JSON export/import round-trips, and undo walks back to
//! the start.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, HashSet};

use proptest::prelude::*;
use proptest::test_runner::Config;
use skillgap::domain::example::example_workspace;
use skillgap::domain::history::UNDO_DEPTH;
use skillgap::domain::io::to_compact_json;
use skillgap::domain::*;

const MAX_OPS: usize = 40;
const CASES: u32 = 96;

/// Names drawn from a small alphabet so duplicates (also in other cases), blanks and over-long names
/// are common, in ASCII and non-ASCII case variants.
const NAMES: &[&str] = &[
    "", "   ", "A", "a", " a ", "Alpha", "alpha", "ALPHA ", "Beta", "beta", "Gamma", "Zoë", "ZOË", "Straße",
    "Team leader", "team LEADER",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
];

const DATES: &[&str] =
    &["", "  ", "2024-02-29", "2025-02-29", "2026-02-30", "2026-13-01", " 2020-01-01 ", "garbage", "1899-12-31"];

const CURRENCIES: &[&str] = &["AUD", "eur", " gbp ", "EURO", "", "E1R", "usd"];

/// Ids that never exist, mixed into every id choice.
const BOGUS: &[&str] = &["", "s9999", "r9999", "p9999", "bogus"];

/// A command with its ids given as indices; resolved against the workspace as it is when applied.
#[derive(Clone, Debug)]
enum Op {
    SetWorkspaceName(&'static str),
    SetCurrency(&'static str),
    SetScaleLabel {
        level: u8,
        label: &'static str,
    },
    AddScaleLevel(&'static str),
    RemoveTopScaleLevel,
    AddSkill {
        name: &'static str,
        category: &'static str,
    },
    UpdateSkill {
        skill: usize,
        name: &'static str,
        category: &'static str,
        description: &'static str,
    },
    SetSkillWeight {
        skill: usize,
        dimension: usize,
        weight: u8,
    },
    SetLevelText {
        skill: usize,
        level: u8,
        text: &'static str,
    },
    MoveSkill {
        skill: usize,
        up: bool,
    },
    DeleteSkill {
        skill: usize,
    },
    AddRole {
        name: &'static str,
        team: &'static str,
        contact: usize,
    },
    UpdateRole {
        role: usize,
        name: &'static str,
        team: &'static str,
        headcount: u32,
        turnover: f64,
        salary: f64,
        contact: usize,
    },
    DeleteRole {
        role: usize,
    },
    SetRequirement {
        role: usize,
        skill: usize,
        requirement: Option<(u8, u8)>,
    },
    AddPerson {
        name: &'static str,
        role: usize,
        team: &'static str,
        date: Option<&'static str>,
    },
    UpdatePerson {
        person: usize,
        name: &'static str,
        role: usize,
        team: &'static str,
        date: Option<&'static str>,
    },
    DeletePerson {
        person: usize,
    },
    SetRating {
        person: usize,
        skill: usize,
        source: usize,
        date: Option<&'static str>,
        level: Option<u8>,
        note: &'static str,
    },
    ClearRating {
        person: usize,
        skill: usize,
        source: usize,
        date: Option<&'static str>,
    },
    /// Replace with a broken copy of the current workspace (always invalid).
    ReplaceInvalid(u8),
    /// Replace with the starting workspace (always valid).
    ReplaceStart,
}

fn name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(NAMES)
}

fn idx() -> impl Strategy<Value = usize> {
    0usize..32
}

fn turnover() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => 0.0f64..3.0,
        2 => -1.0f64..4.0,
        2 => (-10i32..=40).prop_map(|k| k as f64 / 10.0),
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(3.0),
        1 => Just(0.0),
    ]
}

fn salary() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => 0.0f64..1.0e8,
        1 => 0.0f64..2.0e8,
        1 => -1000.0f64..0.0,
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(f64::NAN),
        1 => Just(100_000_000.0),
    ]
}

fn headcount() -> impl Strategy<Value = u32> {
    prop_oneof![8 => 0u32..2000, 1 => Just(1_000_000), 1 => Just(1_000_001), 1 => any::<u32>()]
}

/// A level: mostly on the default scale, sometimes anywhere in 0..12.
fn level() -> impl Strategy<Value = u8> {
    prop_oneof![3 => 0u8..5, 1 => 0u8..12]
}

/// An importance: mostly 1–5, sometimes anywhere in 0..7.
fn importance() -> impl Strategy<Value = u8> {
    prop_oneof![3 => 1u8..=5, 1 => 0u8..7]
}

fn date() -> impl Strategy<Value = Option<&'static str>> {
    prop::option::of(prop::sample::select(DATES))
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => name().prop_map(Op::SetWorkspaceName),
        1 => prop::sample::select(CURRENCIES).prop_map(Op::SetCurrency),
        1 => (level(), name()).prop_map(|(level, label)| Op::SetScaleLabel { level, label }),
        2 => name().prop_map(Op::AddScaleLevel),
        2 => Just(Op::RemoveTopScaleLevel),
        4 => (name(), name()).prop_map(|(name, category)| Op::AddSkill { name, category }),
        2 => (idx(), name(), name(), name())
            .prop_map(|(skill, name, category, description)| Op::UpdateSkill { skill, name, category, description }),
        2 => (idx(), 0usize..5, 0u8..5).prop_map(|(skill, dimension, weight)| Op::SetSkillWeight { skill, dimension, weight }),
        2 => (idx(), level(), name()).prop_map(|(skill, level, text)| Op::SetLevelText { skill, level, text }),
        1 => (idx(), any::<bool>()).prop_map(|(skill, up)| Op::MoveSkill { skill, up }),
        1 => idx().prop_map(|skill| Op::DeleteSkill { skill }),
        4 => (name(), name(), 0usize..3).prop_map(|(name, team, contact)| Op::AddRole { name, team, contact }),
        3 => (idx(), name(), name(), headcount(), turnover(), salary(), 0usize..3).prop_map(
            |(role, name, team, headcount, turnover, salary, contact)| Op::UpdateRole {
                role, name, team, headcount, turnover, salary, contact
            }
        ),
        1 => idx().prop_map(|role| Op::DeleteRole { role }),
        5 => (idx(), idx(), prop::option::weighted(0.8, (level(), importance())))
            .prop_map(|(role, skill, requirement)| Op::SetRequirement { role, skill, requirement }),
        3 => (name(), idx(), name(), date()).prop_map(|(name, role, team, date)| Op::AddPerson { name, role, team, date }),
        2 => (idx(), name(), idx(), name(), date())
            .prop_map(|(person, name, role, team, date)| Op::UpdatePerson { person, name, role, team, date }),
        1 => idx().prop_map(|person| Op::DeletePerson { person }),
        4 => (idx(), idx(), 0usize..3, date(), prop::option::weighted(0.85, level()), name())
            .prop_map(|(person, skill, source, date, level, note)| Op::SetRating { person, skill, source, date, level, note }),
        2 => (idx(), idx(), 0usize..3, date()).prop_map(|(person, skill, source, date)| Op::ClearRating { person, skill, source, date }),
        1 => (0u8..5).prop_map(Op::ReplaceInvalid),
        1 => Just(Op::ReplaceStart),
    ]
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(op(), 0..=MAX_OPS)
}

/// Picks an existing id (usually) or a bogus one (when `i` is high or nothing exists).
fn pick(existing: impl Iterator<Item = String>, i: usize) -> String {
    let all: Vec<String> = existing.collect();
    if i < 26 && !all.is_empty() {
        all[i % all.len()].clone()
    } else {
        BOGUS[i % BOGUS.len()].to_string()
    }
}

fn skill_id(ws: &Workspace, i: usize) -> SkillId {
    SkillId(pick(ws.skills.iter().map(|s| s.id.0.clone()), i))
}

fn role_id(ws: &Workspace, i: usize) -> RoleId {
    RoleId(pick(ws.roles.iter().map(|r| r.id.0.clone()), i))
}

fn person_id(ws: &Workspace, i: usize) -> PersonId {
    PersonId(pick(ws.people.iter().map(|p| p.id.0.clone()), i))
}

/// Rounds a float to a few decimals (leaving NaN and infinities alone); see `quantise` in `to_command`.
fn round_to(x: f64, decimals: i32) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let k = 10f64.powi(decimals);
    (x * k).round() / k
}

/// Turns an [`Op`] into a [`Command`] for `ws`. With `quantise`, role numbers are rounded to short
/// decimals, which survive serde_json's default (not exactly round-tripping) float parser.
fn to_command(op: &Op, ws: &Workspace, start: &Workspace, quantise: bool) -> Command {
    let s = |x: &str| x.to_string();
    match op.clone() {
        Op::SetWorkspaceName(n) => Command::SetWorkspaceName(s(n)),
        Op::SetCurrency(c) => Command::SetCurrency(s(c)),
        Op::SetScaleLabel { level, label } => Command::SetScaleLabel { level, label: s(label) },
        Op::AddScaleLevel(label) => Command::AddScaleLevel { label: s(label) },
        Op::RemoveTopScaleLevel => Command::RemoveTopScaleLevel,
        Op::AddSkill { name, category } => Command::AddSkill { name: s(name), category: s(category) },
        Op::UpdateSkill { skill, name, category, description } => Command::UpdateSkill {
            id: skill_id(ws, skill),
            fields: SkillFields { name: s(name), category: s(category), description: s(description) },
        },
        Op::SetSkillWeight { skill, dimension, weight } => {
            Command::SetSkillWeight { id: skill_id(ws, skill), dimension: Dimension::ALL[dimension], weight }
        }
        Op::SetLevelText { skill, level, text } => {
            Command::SetLevelText { id: skill_id(ws, skill), level, text: s(text) }
        }
        Op::MoveSkill { skill, up } => Command::MoveSkill { id: skill_id(ws, skill), up },
        Op::DeleteSkill { skill } => Command::DeleteSkill { id: skill_id(ws, skill) },
        Op::AddRole { name, team, contact } => {
            Command::AddRole { name: s(name), team: s(team), contact: ContactLevel::ALL[contact] }
        }
        Op::UpdateRole { role, name, team, headcount, turnover, salary, contact } => Command::UpdateRole {
            id: role_id(ws, role),
            fields: RoleFields {
                name: s(name),
                team: s(team),
                headcount,
                annual_turnover: if quantise { round_to(turnover, 3) } else { turnover },
                salary: if quantise { round_to(salary, 0) } else { salary },
                contact: ContactLevel::ALL[contact],
            },
        },
        Op::DeleteRole { role } => Command::DeleteRole { id: role_id(ws, role) },
        Op::SetRequirement { role, skill, requirement } => Command::SetRequirement {
            role: role_id(ws, role),
            skill: skill_id(ws, skill),
            requirement: requirement.map(|(level, importance)| Requirement { level, importance }),
        },
        Op::AddPerson { name, role, team, date } => Command::AddPerson {
            fields: PersonFields { name: s(name), role: role_id(ws, role), team: s(team), start_date: date.map(s) },
        },
        Op::UpdatePerson { person, name, role, team, date } => Command::UpdatePerson {
            id: person_id(ws, person),
            fields: PersonFields { name: s(name), role: role_id(ws, role), team: s(team), start_date: date.map(s) },
        },
        Op::DeletePerson { person } => Command::DeletePerson { id: person_id(ws, person) },
        Op::SetRating { person, skill, source, date, level, note } => Command::SetRating {
            person: person_id(ws, person),
            skill: skill_id(ws, skill),
            source: Source::ALL[source],
            date: s(date.unwrap_or("2026-13-01")),
            level,
            note: s(note),
        },
        Op::ClearRating { person, skill, source, date } => Command::ClearRating {
            person: person_id(ws, person),
            skill: skill_id(ws, skill),
            source: Source::ALL[source],
            date: s(date.unwrap_or("2026-09-15")),
        },
        Op::ReplaceInvalid(kind) => Command::Replace(Box::new(broken(ws, kind))),
        Op::ReplaceStart => Command::Replace(Box::new(start.clone())),
    }
}

/// A copy of `ws` with one invariant broken.
fn broken(ws: &Workspace, kind: u8) -> Workspace {
    let mut w = ws.clone();
    match kind {
        0 => w.schema_version = SCHEMA_VERSION + 1,
        1 => w.name = "  ".into(),
        2 => w.people.push(Person {
            id: PersonId::from("p-broken"),
            name: "Orphan".into(),
            role: RoleId::from("r-missing"),
            team: String::new(),
            start_date: None,
        }),
        3 => match w.roles.first_mut() {
            Some(r) => {
                r.requirements.insert(SkillId::from("s-missing"), Requirement { level: 0, importance: 1 });
            }
            None => w.scale.labels = (0..11).map(|i| format!("L{i}")).collect(),
        },
        _ => match w.roles.first().cloned() {
            Some(mut r) => {
                r.id = RoleId::from("r-copy");
                r.name = r.name.to_ascii_uppercase();
                w.roles.push(r);
            }
            None => w.currency = "euro".into(),
        },
    }
    w
}

fn all_ids(ws: &Workspace) -> HashSet<String> {
    ws.skills
        .iter()
        .map(|s| s.id.0.clone())
        .chain(ws.roles.iter().map(|r| r.id.0.clone()))
        .chain(ws.people.iter().map(|p| p.id.0.clone()))
        .collect()
}

/// A valid workspace with every kind of item, ratings included (no command adds ratings).
fn seeded() -> Workspace {
    let mut ws = Workspace::empty("Seeded");
    let skill = |id: &str, name: &str, texts: &[&str]| Skill {
        id: SkillId::from(id),
        name: name.into(),
        category: "Core".into(),
        description: String::new(),
        servqual: ServqualWeights::from_array([0, 1, 2, 3, 1]),
        level_texts: texts.iter().map(|t| t.to_string()).collect(),
        source: None,
    };
    ws.skills = vec![
        skill("s1", "Alpha", &["a0", "", "a2"]),
        skill("s2", "Beta", &[]),
        skill("s3", "Listening", &["", "", "", "", "top"]),
    ];
    let role = |id: &str, name: &str, reqs: &[(&str, u8, u8)]| Role {
        id: RoleId::from(id),
        name: name.into(),
        team: "Branch".into(),
        headcount: 12,
        annual_turnover: 0.25,
        salary: 65_000.0,
        contact: ContactLevel::High,
        requirements: reqs
            .iter()
            .map(|&(s, level, importance)| (SkillId::from(s), Requirement { level, importance }))
            .collect::<BTreeMap<_, _>>(),
    };
    ws.roles = vec![role("r4", "Teller", &[("s1", 4, 5), ("s2", 2, 3)]), role("r5", "Gamma", &[("s3", 1, 1)])];
    let person = |id: &str, name: &str, role: &str| Person {
        id: PersonId::from(id),
        name: name.into(),
        role: RoleId::from(role),
        team: String::new(),
        start_date: Some("2021-06-01".into()),
    };
    ws.people = vec![person("p6", "Ann", "r4"), person("p7", "Bob", "r4"), person("p8", "Cy", "r5")];
    let rating = |p: &str, s: &str, source: Source, level: Option<u8>| Rating {
        person: PersonId::from(p),
        skill: SkillId::from(s),
        source,
        level,
        date: "2025-03-01".into(),
        note: "n".into(),
    };
    ws.ratings = vec![
        rating("p6", "s1", Source::SelfRating, Some(4)),
        rating("p6", "s1", Source::Trainer, Some(3)),
        rating("p7", "s2", Source::Agreed, None),
        rating("p8", "s3", Source::Agreed, Some(0)),
    ];
    ws.next_id = 9;
    ws.validate().expect("the seeded workspace is valid");
    ws
}

fn start(which: usize) -> Workspace {
    match which {
        0 => Workspace::empty("Start"),
        1 => example_workspace(),
        _ => seeded(),
    }
}

/// Applies `ops` from `start` and checks after every step: the workspace is valid; a refused command
/// changed nothing; an accepted `Add…` minted a fresh id that the new item carries; a command that must
/// be refused was. Returns the final workspace.
fn run_checked(start: &Workspace, ops: &[Op], quantise: bool) -> Result<Workspace, TestCaseError> {
    prop_assert!(start.validate().is_ok(), "start state invalid: {:?}", start.validate());
    let mut ws = start.clone();
    let mut minted = all_ids(&ws);
    for (step, op) in ops.iter().enumerate() {
        let cmd = to_command(op, &ws, start, quantise);
        let before = ws.clone();
        let result = ws.apply(cmd.clone());
        if let Err(e) = ws.validate() {
            return Err(TestCaseError::fail(format!(
                "step {step}: {cmd:?} returned {result:?} and left an invalid workspace: {e}"
            )));
        }
        match &result {
            Err(e) => {
                prop_assert!(ws == before, "step {step}: refused {cmd:?} ({e}) but changed the workspace");
                prop_assert!(!e.to_string().is_empty());
            }
            Ok(applied) => {
                if let Some(id) = &applied.created {
                    prop_assert!(minted.insert(id.clone()), "step {step}: {cmd:?} minted {id}, which was used before");
                    prop_assert!(all_ids(&ws).contains(id), "step {step}: minted {id} but no item carries it");
                }
                match &cmd {
                    Command::AddSkill { .. } | Command::AddRole { .. } | Command::AddPerson { .. } => {
                        prop_assert!(applied.created.is_some(), "step {step}: {cmd:?} reported no id");
                    }
                    _ => prop_assert!(applied.created.is_none(), "step {step}: {cmd:?} reported an id"),
                }
                if let Command::Replace(new) = &cmd {
                    prop_assert_eq!(&ws, new.as_ref());
                    minted = all_ids(&ws);
                }
            }
        }
        match (&cmd, &result) {
            (Command::Replace(_), Ok(_)) if matches!(op, Op::ReplaceInvalid(_)) => {
                return Err(TestCaseError::fail(format!("step {step}: an invalid Replace was accepted")));
            }
            (Command::DeleteSkill { id }, Ok(_)) => {
                prop_assert!(ws.skill(id).is_none());
                prop_assert_eq!(ws.roles_requiring(id), 0);
                prop_assert!(ws.ratings.iter().all(|r| &r.skill != id));
            }
            (Command::DeletePerson { id }, Ok(_)) => {
                prop_assert!(ws.person(id).is_none());
                prop_assert!(ws.ratings.iter().all(|r| &r.person != id));
            }
            (Command::DeleteRole { id }, Err(DomainError::RoleInUse { count, .. })) => {
                prop_assert_eq!(*count, ws.people_in_role(id));
            }
            _ => {}
        }
    }
    Ok(ws)
}

fn config() -> Config {
    Config { cases: CASES, ..Config::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn commands_keep_invariants_from_empty(ops in ops()) {
        run_checked(&start(0), &ops, false)?;
    }

    #[test]
    fn commands_keep_invariants_from_seeded(ops in ops()) {
        run_checked(&start(2), &ops, false)?;
    }

    #[test]
    fn json_round_trips_after_random_commands(which in 0usize..3, ops in ops()) {
        let ws = run_checked(&start(which), &ops, true)?;
        let pretty = export_json(&ws);
        let back = import_json("roundtrip.json", &pretty);
        prop_assert_eq!(back.as_ref(), Ok(&ws), "pretty JSON did not round-trip:\n{}", pretty);
        let compact = to_compact_json(&ws);
        let back_compact = import_json("roundtrip.json", &compact);
        prop_assert_eq!(back_compact.as_ref(), Ok(&ws));
        // Exporting the imported workspace gives the same text.
        prop_assert_eq!(export_json(&back.unwrap()), pretty);
    }

    #[test]
    fn history_undo_all_the_way_returns_to_start(which in 0usize..3, ops in ops()) {
        let start = start(which);
        let mut h = History::new(start.clone());
        let mut plain = start.clone();
        let mut states = vec![start.clone()];
        for op in &ops {
            let cmd = to_command(op, &plain, &start, false);
            let via_history = h.apply(cmd.clone());
            let direct = plain.apply(cmd);
            prop_assert_eq!(&via_history, &direct, "History::apply and Workspace::apply disagree");
            prop_assert_eq!(h.present().as_ref(), &plain);
            if states.last() != Some(&plain) {
                states.push(plain.clone());
            }
        }
        prop_assert!(states.len() - 1 <= UNDO_DEPTH);
        let end = plain;
        // Walk back through every distinct state.
        for expected in states.iter().rev().skip(1) {
            prop_assert!(h.undo(), "undo stopped early");
            prop_assert_eq!(h.present().as_ref(), expected);
        }
        prop_assert!(!h.can_undo());
        prop_assert!(!h.undo());
        prop_assert_eq!(h.present().as_ref(), &start);
        // And forward again.
        for expected in states.iter().skip(1) {
            prop_assert!(h.redo(), "redo stopped early");
            prop_assert_eq!(h.present().as_ref(), expected);
        }
        prop_assert!(!h.can_redo());
        prop_assert_eq!(h.present().as_ref(), &end);
    }
}

proptest! {
    // The example workspace is large, so each step costs more: fewer cases.
    #![proptest_config(Config { cases: 64, ..Config::default() })]

    #[test]
    fn commands_keep_invariants_from_example(ops in ops()) {
        run_checked(&start(1), &ops, false)?;
    }
}

proptest! {
    #![proptest_config(Config { cases: 256, failure_persistence: None, ..Config::default() })]

    /// Salaries and turnovers of any value come back bit-identical (serde_json's `float_roundtrip`).
    #[test]
    fn json_round_trips_with_arbitrary_floats(which in 0usize..3, ops in ops()) {
        let ws = run_checked(&start(which), &ops, false)?;
        prop_assert_eq!(import_json("roundtrip.json", &export_json(&ws)), Ok(ws));
    }
}

/// A rating for the batch test: person and skill by index (rarely an unknown id), any source, a level or
/// "no opportunity" (rarely off the scale), a date (rarely not a date), a short note. Invalid parts are rare
/// so that about a third of the batches are accepted whole and the rest are refused somewhere inside.
fn batch_rating(ws: &Workspace) -> impl Strategy<Value = Rating> {
    let people: Vec<PersonId> = ws.people.iter().map(|p| p.id.clone()).collect();
    let skills: Vec<SkillId> = ws.skills.iter().map(|s| s.id.clone()).collect();
    (
        prop_oneof![99 => prop::sample::select(people), 1 => Just(PersonId::from("p-nobody"))],
        prop_oneof![99 => prop::sample::select(skills), 1 => Just(SkillId::from("s-nothing"))],
        prop::sample::select(vec![Source::SelfRating, Source::Trainer, Source::Agreed]),
        prop::option::of(prop_oneof![99 => 0u8..5, 1 => 5u8..12]),
        prop_oneof![99 => prop::sample::select(vec!["2025-01-10", "2025-03-01"]), 1 => Just("soon")],
        prop::sample::select(vec!["", "checked", "  padded  "]),
    )
        .prop_map(|(person, skill, source, level, date, note)| Rating {
            person,
            skill,
            source,
            level,
            date: date.into(),
            note: note.into(),
        })
}

proptest! {
    #![proptest_config(config())]

    /// `SetRatings` is `SetRating` one after another, in one pass: the same workspace when every rating is
    /// accepted; otherwise refused whole, naming the first rating `SetRating` would refuse, with nothing changed.
    #[test]
    fn set_ratings_is_set_rating_in_order(batch in prop::collection::vec(batch_rating(&seeded()), 0..30)) {
        let start = seeded();
        let mut one_by_one = start.clone();
        let mut first_refused = None;
        for (i, r) in batch.iter().enumerate() {
            let cmd = Command::SetRating {
                person: r.person.clone(),
                skill: r.skill.clone(),
                source: r.source,
                date: r.date.clone(),
                level: r.level,
                note: r.note.clone(),
            };
            if let Err(e) = one_by_one.apply(cmd) {
                first_refused = Some((i + 1, e));
                break;
            }
        }
        let mut batched = start.clone();
        match (batched.apply(Command::SetRatings(batch.clone())), first_refused) {
            (Ok(_), None) => prop_assert_eq!(batched, one_by_one),
            (Err(DomainError::BatchItem { position, count, source }), Some((i, e))) => {
                prop_assert_eq!(position, i);
                prop_assert_eq!(count, batch.len());
                prop_assert_eq!(*source, e);
                prop_assert_eq!(batched, start);
            }
            (got, want) => prop_assert!(false, "SetRatings gave {:?}; one by one refused {:?}", got, want),
        }
    }
}
