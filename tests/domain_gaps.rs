//! Gap analysis on the example workspace, property tests on random synthetic workspaces (gaps never
//! negative, readiness in [0, 100], the order of the ratings never matters, the index agrees with a
//! plain scan), and one run at full scale.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;

use proptest::prelude::*;
use proptest::test_runner::Config;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use skillgap::domain::example::example_workspace;
use skillgap::domain::gaps::*;
use skillgap::domain::synth::{self, Size};
use skillgap::domain::*;

const EARLIER: &str = "2026-03-10";
const MAIN: &str = "2026-09-15";

fn id<T: for<'a> From<&'a str>>(s: &str) -> T {
    T::from(s)
}

fn row<'a>(an: &'a Analysis, person: &str, skill: &str) -> &'a SkillGap {
    an.person(&id(person)).unwrap().row(&id(skill)).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn example_rounds_and_effective_sources() {
    let ws = example_workspace();
    assert_eq!(rounds(&ws), vec![EARLIER, MAIN]);
    let an = analyse(&ws, &Filter::default(), None);
    assert_eq!(an.people.len(), ws.people.len());
    assert_eq!(an.roles.len(), 5);
    assert_eq!(an.skills.len(), ws.skills.len());
    assert!(an.unassessed_roles.is_empty());

    // p-004: the trainer's "no opportunity" beats the self rating of 2 on code breaking.
    let r = row(&an, "p-004", "s-code-breaking");
    assert_eq!(r.effective_source(), Some(Source::Trainer));
    assert!(r.is_no_opportunity());
    assert_eq!((r.self_rating, r.trainer, r.agreed), (Latest::Level(2), Latest::NoOpportunity, Latest::Unrated));
    assert_eq!(r.gap, None);

    // p-005 has only self ratings: everything is flagged, and one skill is "no opportunity".
    let p = an.person(&id("p-005")).unwrap();
    assert_eq!((p.required, p.assessed, p.no_opportunity, p.self_only), (16, 15, 1, 15));
    assert!(p.rows.iter().all(|r| r.is_self_only()));

    // p-001's agreed rating is effective and carries its note.
    let r = row(&an, "p-001", "s-complaints");
    assert_eq!(r.effective_source(), Some(Source::Agreed));
    assert!(r.effective.as_ref().unwrap().note.starts_with("Handled two escalations"));
}

#[test]
fn example_as_of_rounds_and_comparison() {
    let ws = example_workspace();
    let index = RatingIndex::new(&ws);
    // p-016's complaints skill: trainer 2 in March, agreed "no opportunity" in September.
    let early = index.analyse(&Filter::default(), Some(EARLIER));
    let late = index.analyse(&Filter::default(), Some(MAIN));
    let r = row(&early, "p-016", "s-complaints");
    assert_eq!((r.effective_source(), r.current, r.gap), (Some(Source::Trainer), Some(2), Some(0)));
    let r = row(&late, "p-016", "s-complaints");
    assert_eq!((r.effective_source(), r.current), (Some(Source::Agreed), None));
    assert!(r.is_no_opportunity());
    assert_eq!(Analysis { as_of: None, ..late.clone() }, index.analyse(&Filter::default(), None));
    // Nobody assessed only in September has a readiness in March.
    assert_eq!(early.person(&id("p-002")).unwrap().readiness, None);
    assert_eq!(early.overall.assessed, 5); // p-001, p-006, p-010, p-013 and p-016

    // p-001: March trainer ratings miss listening (×5), complaints, communication and digital guidance
    // (×4) by one level each: 158 / 175. September's agreed ratings meet every requirement.
    let c = compare(&ws, &Filter::default(), EARLIER, MAIN);
    let p = &c.people.iter().find(|p| p.person.as_str() == "p-001").unwrap().readiness;
    assert!(close(p.from.unwrap(), 100.0 * 158.0 / 175.0), "{p:?}");
    assert_eq!(p.to, Some(100.0));
    assert!(close(p.change.unwrap(), 100.0 - 100.0 * 158.0 / 175.0));
    let p2 = &c.people.iter().find(|p| p.person.as_str() == "p-002").unwrap().readiness;
    assert_eq!((p2.from, p2.change), (None, None));
    assert!(p2.to.is_some());
    assert_eq!(c.people.len(), 18);
    assert_eq!(c.roles.len(), 5);
    assert_eq!(c.teams.len(), early.teams.len());
    let cells: usize = ws.roles.iter().map(|r| r.requirements.len()).sum();
    assert_eq!(c.cells.len(), cells);
    let cell = c.cells.iter().find(|x| x.role.as_str() == "r-branch-advisor" && x.skill.as_str() == "s-listening");
    // March: only p-001 (trainer 2, required 3); September: five advisors.
    assert_eq!(cell.unwrap().mean_gap.from, Some(1.0));
}

#[test]
fn example_divergences_and_priorities() {
    let ws = example_workspace();
    let an = analyse(&ws, &Filter::default(), None);
    let find = |p: &str, s: &str| an.divergences.iter().find(|d| d.person.as_str() == p && d.skill.as_str() == s);
    let d = find("p-004", "s-complaints").unwrap();
    assert_eq!((d.self_level, d.trainer_level, d.diff, d.estimate), (3, 1, 2, Estimate::Over));
    let d = find("p-003", "s-conduct").unwrap();
    assert_eq!((d.diff, d.estimate, d.importance), (-2, Estimate::Under, 5));
    assert!(an.divergences.iter().all(|d| d.diff != 0));
    for w in an.divergences.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        assert!(a.diff.abs() > b.diff.abs() || (a.diff.abs() == b.diff.abs() && a.importance >= b.importance));
    }
    // p-003's −2 on a critical skill outranks p-004's +2 on an important one.
    let pos = |p: &str, s: &str| an.divergences.iter().position(|d| d.person.as_str() == p && d.skill.as_str() == s);
    assert!(pos("p-003", "s-conduct") < pos("p-004", "s-complaints"));

    assert_eq!(an.priorities.len(), ws.skills.len());
    assert!(an.priorities[0].score > 0.0);
    for w in an.priorities.windows(2) {
        assert!(w[0].score >= w[1].score);
    }
    for p in &an.priorities {
        assert!(close(p.score, p.by_role.iter().map(|s| s.score).sum()));
    }
    for w in an.at_risk.windows(2) {
        assert!(w[0].readiness <= w[1].readiness);
    }
    assert_eq!(an.at_risk.len(), an.people.iter().filter(|p| p.readiness.is_some()).count());
}

#[test]
fn example_filters() {
    let ws = example_workspace();
    let all = analyse(&ws, &Filter::default(), None);
    let role = Filter { role: Some(id("r-back-office")), ..Filter::default() };
    let an = analyse(&ws, &role, None);
    assert_eq!(an.people.len(), 3);
    assert_eq!(an.roles.len(), 1);
    assert_eq!(an.heatmap.len(), 1);
    for p in &an.people {
        assert_eq!(Some(p), all.person(&p.person));
    }
    assert_eq!(an.roles[0], all.roles[4]);

    let team = Filter { team: Some("Contact centre — Team Blue".into()), ..Filter::default() };
    let an = analyse(&ws, &team, None);
    let people: Vec<&str> = an.people.iter().map(|p| p.person.as_str()).collect();
    assert_eq!(people, ["p-006", "p-007", "p-014"]);
    let roles: Vec<&str> = an.roles.iter().map(|r| r.role.as_str()).collect();
    assert_eq!(roles, ["r-contact-centre", "r-team-leader"]);
    assert_eq!(an.teams.len(), 1);

    let empathy = Filter { dimension: Some(Dimension::Empathy), ..Filter::default() };
    let an = analyse(&ws, &empathy, None);
    assert!(!an.skills.is_empty() && an.skills.len() < ws.skills.len());
    for s in &an.skills {
        assert!(ws.skill(s).unwrap().servqual.empathy >= 2);
    }
    let category = Filter { category: Some("Technology".into()), ..Filter::default() };
    let an = analyse(&ws, &category, None);
    assert!(an.skills.iter().all(|s| ws.skill(s).unwrap().category == "Technology"));
    assert!(an.people.iter().all(|p| p.rows.iter().all(|r| an.skills.contains(&r.skill))));
}

#[test]
fn full_scale_analysis_runs() {
    let ws = synth::workspace(Size { people: 2_000, skills: 40, roles: 5, sources: 3 }, 1);
    let start = std::time::Instant::now();
    let an = analyse(&ws, &Filter::default(), None);
    println!("analyse {} ratings: {:?}", ws.ratings.len(), start.elapsed());
    assert_eq!(an.people.len(), 2_000);
    assert_eq!(an.heatmap.len(), 5);
    assert!(ws.ratings.len() > 150_000);
}

// Properties over random synthetic workspaces, with extra ratings in other rounds.

const DATES: [&str; 3] = ["2025-11-20", "2026-03-10", "2026-12-01"];

fn arb_workspace() -> impl Strategy<Value = Workspace> {
    let extra =
        proptest::collection::vec((any::<u32>(), 0..DATES.len(), proptest::option::weighted(0.9, 0u8..=4)), 0..60);
    (0usize..25, 1usize..8, 1usize..5, 1usize..=3, any::<u64>(), extra).prop_map(
        |(people, skills, roles, sources, seed, extra)| {
            let mut ws = synth::workspace(Size { people, skills, roles, sources }, seed);
            let mut keys: HashSet<(PersonId, SkillId, Source, String)> =
                ws.ratings.iter().map(|r| (r.person.clone(), r.skill.clone(), r.source, r.date.clone())).collect();
            let n = ws.ratings.len();
            if n > 0 {
                for (i, d, level) in extra {
                    let base = &ws.ratings[i as usize % n];
                    let r = Rating { level, date: DATES[d].to_string(), ..base.clone() };
                    if keys.insert((r.person.clone(), r.skill.clone(), r.source, r.date.clone())) {
                        ws.ratings.push(r);
                    }
                }
            }
            ws
        },
    )
}

fn dates(ws: &Workspace) -> Vec<Option<String>> {
    std::iter::once(None).chain(rounds(ws).into_iter().map(Some)).chain([Some("2000-01-01".to_string())]).collect()
}

fn in_range(r: Option<f64>) -> bool {
    r.is_none_or(|r| (0.0..=100.0).contains(&r))
}

/// The effective rating by a plain scan of all ratings.
fn naive_effective(
    ws: &Workspace,
    person: &PersonId,
    skill: &SkillId,
    as_of: Option<&str>,
) -> Option<(Option<Level>, Source)> {
    [Source::Agreed, Source::Trainer, Source::SelfRating].into_iter().find_map(|source| {
        ws.ratings
            .iter()
            .filter(|r| &r.person == person && &r.skill == skill && r.source == source)
            .filter(|r| as_of.is_none_or(|d| r.date.as_str() <= d))
            .max_by(|a, b| a.date.cmp(&b.date))
            .map(|r| (r.level, r.source))
    })
}

proptest! {
    #![proptest_config(Config::with_cases(96))]

    #[test]
    fn gaps_and_readiness_stay_in_range(ws in arb_workspace()) {
        prop_assert!(ws.validate().is_ok());
        let index = RatingIndex::new(&ws);
        for date in dates(&ws) {
            let an = index.analyse(&Filter::default(), date.as_deref());
            for p in &an.people {
                prop_assert!(in_range(p.readiness));
                let mut weighted = 0;
                for r in &p.rows {
                    prop_assert_eq!(r.gap, r.current.map(|c| r.required.saturating_sub(c)));
                    prop_assert!(r.gap.is_none_or(|g| g <= r.required));
                    prop_assert_eq!(r.weighted_gap, r.gap.map(|g| r.importance as u32 * g as u32));
                    weighted += r.weighted_gap.unwrap_or(0);
                }
                prop_assert_eq!(p.weighted_gap, weighted);
                prop_assert!(p.assessed + p.no_opportunity <= p.required);
            }
            for r in &an.roles {
                prop_assert!(in_range(r.summary.readiness));
            }
            for t in &an.teams {
                prop_assert!(in_range(t.summary.readiness));
            }
            prop_assert!(in_range(an.overall.readiness));
            for row in &an.heatmap {
                for c in row.cells.iter().flatten() {
                    prop_assert!(c.mean_gap.is_none_or(|g| g >= 0.0 && g <= c.required as f64));
                    prop_assert_eq!(c.mean_gap.is_some(), c.assessed > 0);
                }
            }
            for w in an.priorities.windows(2) {
                prop_assert!(w[0].score >= w[1].score);
            }
            prop_assert!(an.priorities.iter().all(|p| p.score >= 0.0));
            for d in &an.divergences {
                prop_assert!(d.diff != 0);
                prop_assert_eq!(d.estimate == Estimate::Over, d.diff > 0);
                prop_assert_eq!(d.diff, d.self_level as i16 - d.trainer_level as i16);
            }
        }
    }

    /// `person_gaps` (what the learner's result and a person's page use) is the full analysis's row.
    #[test]
    fn one_persons_gaps_are_the_full_analysis_row(ws in arb_workspace()) {
        for date in dates(&ws) {
            let an = analyse(&ws, &Filter::default(), date.as_deref());
            for p in &ws.people {
                let one = person_gaps(&ws, &p.id, date.as_deref());
                prop_assert_eq!(one.as_ref(), an.person(&p.id));
            }
        }
        prop_assert_eq!(person_gaps(&ws, &PersonId::from("nobody"), None), None);
    }

    #[test]
    fn index_agrees_with_a_plain_scan(ws in arb_workspace()) {
        let index = RatingIndex::new(&ws);
        for date in dates(&ws) {
            for p in &ws.people {
                for s in &ws.skills {
                    let got = index.effective(&p.id, &s.id, date.as_deref()).map(|e| (e.level, e.source));
                    prop_assert_eq!(got, naive_effective(&ws, &p.id, &s.id, date.as_deref()));
                }
            }
        }
    }

    #[test]
    fn shuffled_ratings_give_the_identical_analysis(ws in arb_workspace(), seed in any::<u64>()) {
        let mut shuffled = ws.clone();
        shuffled.ratings.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
        for date in dates(&ws) {
            let a = analyse(&ws, &Filter::default(), date.as_deref());
            prop_assert_eq!(&a, &analyse(&shuffled, &Filter::default(), date.as_deref()));
            // Deterministic, and the same through a reused index.
            prop_assert_eq!(&a, &analyse(&ws, &Filter::default(), date.as_deref()));
            prop_assert_eq!(&a, &RatingIndex::new(&ws).analyse(&Filter::default(), date.as_deref()));
        }
        let rounds = rounds(&ws);
        if let (Some(first), Some(last)) = (rounds.first(), rounds.last()) {
            let c = compare(&ws, &Filter::default(), first, last);
            prop_assert_eq!(&c, &compare(&shuffled, &Filter::default(), first, last));
            let at_last = analyse(&ws, &Filter::default(), Some(last));
            prop_assert_eq!(at_last.as_of.as_deref(), Some(last.as_str()));
            prop_assert_eq!(Analysis { as_of: None, ..at_last }, analyse(&ws, &Filter::default(), None));
            for p in &c.people {
                if let (Some(a), Some(b), Some(d)) = (p.readiness.from, p.readiness.to, p.readiness.change) {
                    prop_assert!(close(d, b - a));
                }
            }
        }
    }

    #[test]
    fn filtering_by_role_or_team_keeps_each_persons_rows(ws in arb_workspace()) {
        let all = analyse(&ws, &Filter::default(), None);
        for role in &ws.roles {
            let an = analyse(&ws, &Filter { role: Some(role.id.clone()), ..Filter::default() }, None);
            prop_assert_eq!(an.people.len(), ws.people_in_role(&role.id));
            for p in &an.people {
                prop_assert_eq!(Some(p), all.person(&p.person));
            }
            prop_assert_eq!(&an.roles[0], all.roles.iter().find(|r| r.role == role.id).unwrap());
        }
        for team in &all.teams {
            let an = analyse(&ws, &Filter { team: Some(team.team.clone()), ..Filter::default() }, None);
            prop_assert_eq!(&an.teams, &vec![team.clone()]);
        }
    }
}
