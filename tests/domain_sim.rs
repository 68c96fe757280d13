//! The reskilling simulation: calibration against the published figures (transfer, decay, turnover),
//! the baseline identity, determinism, properties over random workspaces and scenarios, and the
//! reference-workload timing (`cargo test --release --test domain_sim reference -- --nocapture --ignored`).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::time::Instant;

use proptest::prelude::*;
use proptest::test_runner::Config;
use skillgap::domain::example::example_workspace;
use skillgap::domain::sim::*;
use skillgap::domain::synth::{self, Size};
use skillgap::domain::*;

#[path = "common/sim_fixture.rs"]
mod sim_fixture;

fn overrides(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// One role `r` of `headcount` positions requiring skills a and b (level 3, importance 4), with `people`
/// people rated 1 on both by a trainer. The scale has 6 levels, so gains are never capped.
fn one_role(headcount: u32, people: u32, annual_turnover: f64) -> Workspace {
    let mut ws = Workspace::empty("test");
    ws.scale.labels = (0..6).map(|i| format!("L{i}")).collect();
    for id in ["a", "b"] {
        ws.skills.push(Skill {
            id: id.into(),
            name: id.to_uppercase(),
            category: "K".into(),
            description: String::new(),
            servqual: ServqualWeights::from_array([0, 2, 1, 0, 3]),
            level_texts: Vec::new(),
            source: None,
        });
    }
    ws.roles.push(Role {
        id: "r".into(),
        name: "Role".into(),
        team: "T".into(),
        headcount,
        annual_turnover,
        salary: 60_000.0,
        contact: ContactLevel::High,
        requirements: [
            (
                "a".into(),
                Requirement {
                    level: 3,
                    importance: 4,
                },
            ),
            (
                "b".into(),
                Requirement {
                    level: 3,
                    importance: 4,
                },
            ),
        ]
        .into_iter()
        .collect(),
    });
    for p in 0..people {
        let id = PersonId(format!("p{p}"));
        for s in ["a", "b"] {
            ws.ratings.push(Rating {
                person: id.clone(),
                skill: s.into(),
                source: Source::Trainer,
                level: Some(1),
                date: "2026-01-01".into(),
                note: String::new(),
            });
        }
        ws.people.push(Person {
            id,
            name: format!("P{p}"),
            role: "r".into(),
            team: String::new(),
            start_date: None,
        });
    }
    ws.next_id = 100;
    ws
}

fn programme(skills: &[&str], roles: &[&str], capacity: u32) -> Programme {
    Programme {
        name: "P".into(),
        skills: skills.iter().map(|&s| s.into()).collect(),
        roles: roles.iter().map(|&r| r.into()).collect(),
        capacity_per_month: capacity,
        duration_months: 1,
        fixed_cost: 1000.0,
        cost_per_participant: 500.0,
        hours_per_participant: 16.0,
        ..Programme::default()
    }
}

/// One person, no turnover, no spread in gains, no diffusion: trained on skill a in month 1.
fn single_learner(extra: &[(&str, f64)], delay: u32) -> (RunResult, Params) {
    let pop = prepare(&one_role(1, 1, 0.0));
    let mut o = overrides(&[("gain_cv", 0.0), ("diffusion_share", 0.0)]);
    o.extend(overrides(extra));
    let mut prog = programme(&["a"], &["r"], 1);
    prog.approval_delay_months = delay;
    let scenario = Scenario {
        horizon_months: 30,
        programmes: vec![prog],
        overrides: o.clone(),
        ..Scenario::default()
    };
    (run_one(&pop, &scenario, 0), Params::resolve(&o))
}

#[test]
fn transfer_curve_reproduces_saks_and_belcourt_with_defaults() {
    let c = Params::default().transfer_curve();
    for (t, want) in [(0.0, 0.62), (6.0, 0.44), (12.0, 0.34)] {
        assert!((c.at(t) - want).abs() < 0.01, "curve at {t}: {}", c.at(t));
    }
    // The same through the engine: the applied gain of one learner, as a share of what was learned.
    let (r, p) = single_learner(&[], 0);
    let g = p.mean_gain(Method::Workshop);
    assert!((g - 0.62 * 0.9).abs() < 1e-12);
    assert_eq!(r.applied_gain[0], 0.0);
    for (s, want) in [(0usize, 0.62), (6, 0.44), (12, 0.34)] {
        let share = r.applied_gain[1 + s] / g;
        assert!(
            (share - want).abs() < 0.01,
            "applied share {s} months after: {share}"
        );
    }
}

#[test]
fn decay_half_life_is_the_parameter() {
    for half_life in [6.5, 9.0, 13.0] {
        let p = Params::resolve(&overrides(&[("decay_half_life_months", half_life)]));
        assert!((p.unused_retention(half_life) - 0.5).abs() < 1e-12);
        assert!((p.unused_retention(2.0 * half_life) - 0.25).abs() < 1e-12);
        // In the engine: the learned but unused gain t months after training is g (1 − T(t)) 2^(−t/h).
        let (r, p) = single_learner(&[("decay_half_life_months", half_life)], 0);
        let g = p.mean_gain(Method::Workshop);
        let c = p.transfer_curve();
        let t = half_life.round() as usize;
        let share_left = r.unused_gain[1 + t] / (g * (1.0 - c.at(t as f64)));
        let want = p.unused_retention(t as f64);
        assert!(
            (share_left - want).abs() < 1e-4,
            "h {half_life}: {share_left} vs {want}"
        );
    }
    // Authorising: waiting 9 months (the default half-life) for approval halves what can still be applied.
    let (waited, _) = single_learner(&[], 9);
    let (now, _) = single_learner(&[], 0);
    assert_eq!(waited.applied_gain[1..10].iter().sum::<f64>(), 0.0);
    let ratio = waited.applied_gain[10] / now.applied_gain[1];
    assert!((ratio - 0.5).abs() < 1e-4, "{ratio}");
}

#[test]
fn annual_turnover_is_realised() {
    let pop = prepare(&one_role(200, 20, 0.25));
    let scenario = Scenario {
        horizon_months: 12,
        ..Scenario::default()
    };
    let runs = simulate(&pop, &scenario, 0..200);
    let left: f64 = runs
        .iter()
        .map(|r| 1.0 - r.employee_retention[12])
        .sum::<f64>()
        / runs.len() as f64;
    assert!(
        (left - 0.25).abs() < 0.02,
        "realised annual turnover {left}"
    );
    // Replacement cost: 21 % of salary per leaver.
    let r = &runs[0];
    let leavers: u32 = r.leavers.iter().sum();
    assert!((r.cumulative_replacement_cost[12] - leavers as f64 * 0.21 * 60_000.0).abs() < 1e-6);
    // The turnover multiplier scales it.
    let s = Scenario {
        overrides: overrides(&[("turnover_scale", 0.0)]),
        ..scenario
    };
    assert!(simulate(&pop, &s, 0..5)
        .iter()
        .all(|r| r.employee_retention[12] == 1.0));
}

/// New hires start `new_hire_gap_levels` below and grow to the role's level over
/// `time_to_proficiency_months`: a stable organisation with turnover stays about where it is, while hires who
/// never grew (a 60-month ramp) would drag service quality down month after month.
#[test]
fn new_hires_ramp_up_so_turnover_alone_does_not_erode_quality() {
    let pop = prepare(&one_role(200, 20, 0.3));
    let quality_at = |ramp: f64, m: usize| {
        let s = Scenario {
            horizon_months: 36,
            overrides: overrides(&[("time_to_proficiency_months", ramp), ("replacement_delay_months", 0.0)]),
            ..Scenario::default()
        };
        let runs = simulate(&pop, &s, 0..40);
        runs.iter().map(|r| r.quality[m]).sum::<f64>() / runs.len() as f64
    };
    let start = quality_at(6.0, 0);
    let (steady, never) = (quality_at(6.0, 36), quality_at(60.0, 36));
    // About 30 % × 6/12 of the staff are ramping at any time, half a level short on average.
    assert!(start - steady < 4.0, "with a 6-month ramp: {start} → {steady}");
    assert!(steady - never > 4.0, "a 60-month ramp should cost more: {steady} vs {never}");
    // An instant ramp: hires start at their target level straight away.
    assert!(quality_at(0.0, 36) >= steady - 1e-9);
}

#[test]
fn zero_programme_is_the_baseline_bit_for_bit() {
    let pop = prepare(&example_workspace());
    let base_scenario = Scenario {
        horizon_months: 24,
        seed: 42,
        ..Scenario::default()
    };
    let base = simulate(&pop, &base_scenario.baseline(), 0..6);
    // The same scenario under another name.
    let renamed = simulate(
        &pop,
        &Scenario {
            name: "Other".into(),
            ..base_scenario.clone()
        },
        0..6,
    );
    assert_eq!(base, renamed);
    // A programme that takes nobody and costs nothing changes nothing but the cost columns (all zero).
    let mut idle = programme(&["s-listening"], &["r-branch-advisor"], 0);
    idle.fixed_cost = 0.0;
    let idle = Scenario {
        programmes: vec![idle],
        ..base_scenario.clone()
    };
    let runs = simulate(&pop, &idle, 0..6);
    for (a, b) in runs.iter().zip(&base) {
        assert_eq!(a.quality, b.quality);
        assert_eq!(a.quality_dims, b.quality_dims);
        assert_eq!(a.customers, b.customers);
        assert_eq!(a.employee_retention, b.employee_retention);
        assert!(a.cumulative_benefit.iter().all(|&x| x == 0.0));
        assert!(a.cumulative_cost.iter().all(|&x| x == 0.0));
        assert_eq!((a.roi_percent, a.payback_month), (None, None));
    }
    // The baseline inside a real scenario's runs is the standalone baseline: its customer series
    // reconstructs the benefit exactly.
    let real = Scenario {
        programmes: vec![programme(&["s-listening"], &["r-branch-advisor"], 30)],
        ..base_scenario
    };
    let r = run_one(&pop, &real, 3);
    let b = &base[3];
    let p = Params::default();
    let mut acc = 0.0;
    for m in 1..r.customers.len() {
        acc += (r.customers[m] - b.customers[m]) * p.value_per_customer_month;
    }
    let want = acc
        + (b.cumulative_replacement_cost.last().unwrap()
            - r.cumulative_replacement_cost.last().unwrap());
    assert_eq!(r.total_benefit, want);
}

fn example_scenario(seed: u64) -> Scenario {
    let mut listen = programme(
        &["s-listening", "s-empathy", "s-complaints"],
        &["r-branch-advisor", "r-contact-centre"],
        40,
    );
    listen.duration_months = 6;
    listen.method = Method::Workshop;
    let mut crack = programme(
        &["s-code-breaking", "s-internal-customers"],
        &["r-team-leader", "r-back-office"],
        15,
    );
    crack.method = Method::CodeBreaking;
    crack.duration_months = 4;
    crack.selection = Selection::Volunteers { participation: 0.6 };
    crack.approval_delay_months = 2;
    Scenario {
        id: "sc-test".into(),
        name: "Listening and code breaking".into(),
        horizon_months: 24,
        runs: 8,
        seed,
        programmes: vec![listen, crack],
        technology: vec![TechSupport {
            name: "CRM prompts".into(),
            role: "r-contact-centre".into(),
            skill: "s-crm-tools".into(),
            from_month: 6,
            required_level: 3,
            fixed_cost: 50_000.0,
            monthly_cost: 2_000.0,
        }],
        levers: Levers {
            recognition: 0.5,
            trust: 0.5,
            ..Levers::default()
        },
        overrides: BTreeMap::new(),
    }
}

#[test]
fn same_seed_same_results_different_seed_different_results() {
    let pop = prepare(&example_workspace());
    let a = simulate(&pop, &example_scenario(7), 0..4);
    let b = simulate(&pop, &example_scenario(7), 0..4);
    assert_eq!(a, b);
    assert_eq!(result_hash(&a), result_hash(&b));
    let c = simulate(&pop, &example_scenario(8), 0..4);
    assert_ne!(result_hash(&a), result_hash(&c));
    assert_ne!(a[0].quality, c[0].quality);
    // Runs are independent of the range they are computed in (workers split the range).
    let split: Vec<RunResult> = [0..1, 1..4]
        .into_iter()
        .flat_map(|r| simulate(&pop, &example_scenario(7), r))
        .collect();
    assert_eq!(a, split);
    // Different run indices differ.
    assert_ne!(a[0].quality, a[1].quality);
}

/// The determinism fixture (shared with tests/web_sim.rs, which asserts the same hashes in wasm32).
#[test]
fn fixture_hashes_match_the_pinned_constants() {
    // The fixture exercises what it claims: both programmes train, volunteers and code breaking included.
    let pop = prepare(&example_workspace());
    let s = sim_fixture::scenario();
    let runs = simulate(&pop, &s, 0..sim_fixture::RUNS);
    assert_eq!(runs.len(), 40);
    for p in 0..2 {
        assert!(
            runs.iter().all(|r| r.enrolments[p].iter().sum::<u32>() > 0),
            "programme {p} trains"
        );
    }
    assert!(runs
        .iter()
        .all(|r| r.total_cost > 20_000.0 && r.total_benefit != 0.0));
    assert!(runs.iter().any(|r| r.leavers.iter().sum::<u32>() > 0));
    sim_fixture::assert_hashes();
}

#[test]
fn run_pairs_is_run_plans_of_scenario_and_baseline_bit_for_bit() {
    let pop = prepare(&example_workspace());
    let s = example_scenario(5);
    let plan = Plan::new(&pop, &s);
    let base = Plan::new(&pop, &s.baseline());
    let (runs, base_runs) = run_pairs(&plan, &base, 2..7);
    assert_eq!(runs, run_plans(&plan, Some(&base), 2..7));
    assert_eq!(base_runs, run_plans(&base, None, 2..7));
    assert_eq!(runs, simulate(&pop, &s, 2..7));
    assert_eq!(base_runs, simulate(&pop, &s.baseline(), 2..7));
    assert_eq!(
        base_runs.iter().map(|r| r.run).collect::<Vec<_>>(),
        vec![2, 3, 4, 5, 6]
    );
    assert_ne!(runs, base_runs);
    // A baseline scenario: both vectors are its runs.
    let (a, b) = run_pairs(&base, &base, 0..3);
    assert_eq!(a, run_plans(&base, None, 0..3));
    assert_eq!(a, b);
    // mean_net_benefit is the mean of the paired runs' benefits − costs (the tornado's point).
    let want = runs
        .iter()
        .map(|r| r.total_benefit - r.total_cost)
        .sum::<f64>()
        / 5.0;
    assert_eq!(mean_net_benefit(&pop, &s, 2..7), want);
    assert_eq!(mean_net_benefit(&pop, &s.baseline(), 0..3), 0.0);
}

#[test]
fn a_programme_raises_quality_and_customers_and_costs_money() {
    let pop = prepare(&example_workspace());
    let s = example_scenario(3);
    let runs = simulate(&pop, &s, 0..8);
    let base = simulate(&pop, &s.baseline(), 0..8);
    for (r, b) in runs.iter().zip(&base) {
        assert_eq!(r.quality[0], b.quality[0]);
        assert!(
            r.quality[24] > b.quality[24],
            "{} vs {}",
            r.quality[24],
            b.quality[24]
        );
        assert!(r.customers[24] > b.customers[24]);
        assert!(r.total_cost > 50_000.0);
        assert!(r.trained[24] > 100);
        // Technology lowered the contact centre's CRM requirement: its gap cannot exceed the baseline's.
        let i = pop
            .role_skill_pairs()
            .iter()
            .position(|&(ro, k)| {
                pop.roles[ro as usize].id.as_str() == "r-contact-centre"
                    && pop.skills[k as usize].id.as_str() == "s-crm-tools"
            })
            .unwrap();
        assert!(r.end_gaps[i] <= b.end_gaps[i]);
        assert!(
            r.employee_retention[24] >= b.employee_retention[24],
            "levers lower turnover"
        );
    }
    let sum = summarise(&pop, &runs, &base);
    assert_eq!((sum.runs, sum.horizon_months), (8, 24));
    let q = &sum.series[0];
    assert_eq!(q.key, "quality");
    assert!(q
        .p10
        .iter()
        .zip(&q.p50)
        .zip(&q.p90)
        .all(|((a, b), c)| a <= b && b <= c));
    assert_eq!(sum.roi.n, 8);
    assert!((0.0..=1.0).contains(&sum.prob_roi_positive));
    assert_eq!(sum.schedule.len(), 2);
    assert_eq!(sum.gap_closure.len(), pop.role_skill_pairs().len());
    let closed: f64 = sum.gap_closure.iter().map(|g| g.closed).sum();
    assert!(closed > 0.0);
    // Everything crosses the worker boundary as JSON.
    let json = serde_json::to_string(&sum).unwrap();
    let back: Summary = serde_json::from_str(&json).unwrap();
    assert_eq!(back.runs, sum.runs);
    let sj = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<Scenario>(&sj).unwrap(), s);
    let rj = serde_json::to_string(&runs[0]).unwrap();
    assert_eq!(serde_json::from_str::<RunResult>(&rj).unwrap(), runs[0]);
    let pj = serde_json::to_string(&pop).unwrap();
    assert_eq!(serde_json::from_str::<Population>(&pj).unwrap(), pop);
}

#[test]
fn self_only_ratings_are_corrected_and_unassessed_roles_are_filled() {
    let mut ws = one_role(4, 1, 0.0);
    for r in &mut ws.ratings {
        r.source = Source::SelfRating;
        r.level = Some(3);
    }
    let pop = prepare(&ws);
    assert!(pop.roles[0].people[0]
        .levels
        .iter()
        .all(|k| k.unwrap().self_only));
    let s = Scenario {
        horizon_months: 12,
        ..Scenario::default()
    };
    // Required 3, self-rated 3, bias −0.3: readiness 2.7 / 3 = 90 for everyone (one person sampled 4 times).
    let r = run_one(&pop, &s, 0);
    assert!((r.quality[0] - 90.0).abs() < 1e-3, "{}", r.quality[0]);
    let r = run_one(
        &pop,
        &Scenario {
            overrides: overrides(&[("self_rating_bias", 0.0)]),
            ..s.clone()
        },
        0,
    );
    assert!((r.quality[0] - 100.0).abs() < 1e-9);
    // Nobody assessed: required − 1 ± 1, so readiness between 1/3 and 100 %.
    let pop = prepare(&one_role(50, 0, 0.0));
    let r = run_one(&pop, &s, 0);
    assert!(
        r.quality[0] > 100.0 / 3.0 && r.quality[0] < 100.0,
        "{}",
        r.quality[0]
    );
    assert!((r.quality[0] - 66.7).abs() < 8.0, "{}", r.quality[0]);
}

#[test]
fn sensitivity_has_a_bar_per_assumption_largest_first() {
    let pop = prepare(&one_role(30, 10, 0.3));
    let mut prog = programme(&["a", "b"], &["r"], 10);
    prog.duration_months = 3;
    let s = Scenario {
        horizon_months: 12,
        programmes: vec![prog],
        ..Scenario::default()
    };
    let bars = sensitivity(&pop, &s, 0..2);
    assert_eq!(bars.len(), assumptions().len());
    assert!(bars.windows(2).all(|w| w[0].swing >= w[1].swing));
    let value = bars
        .iter()
        .find(|b| b.key == "value_per_customer_month")
        .unwrap();
    assert!(value.swing > 0.0 && value.at_high > value.at_low);
    let bar = sensitivity_bar(&pop, &s, "effect_size_d", 0..2).unwrap();
    assert!(bar.at_high > bar.at_low);
    assert!(sensitivity_bar(&pop, &s, "nope", 0..2).is_none());
}

fn small_workspace(people: usize, skills: usize, roles: usize, seed: u64) -> Workspace {
    synth::workspace(
        Size {
            people,
            skills,
            roles,
            sources: 2,
        },
        seed,
    )
}

fn arb_selection() -> impl Strategy<Value = Selection> {
    prop_oneof![
        Just(Selection::LargestGap),
        Just(Selection::WholeRole),
        (0.0..=1.0f64).prop_map(|participation| Selection::Volunteers { participation }),
    ]
}

#[derive(Clone, Debug)]
struct Case {
    people: usize,
    skills: usize,
    roles: usize,
    ws_seed: u64,
    seed: u64,
    horizon: u32,
    method: usize,
    selection: Selection,
    start: u32,
    duration: u32,
    capacity: u32,
    extra_capacity: u32,
    delay: u32,
    cap: f64,
    levers: [f64; 4],
    tech_level: u8,
    diffusion: f64,
    bias: f64,
}

fn arb_case() -> impl Strategy<Value = Case> {
    (
        (
            4usize..40,
            2usize..8,
            1usize..4,
            0u64..1000,
            any::<u64>(),
            12u32..=24,
        ),
        (
            0usize..5,
            arb_selection(),
            1u32..8,
            0u32..12,
            0u32..15,
            1u32..10,
        ),
        (
            0u32..4,
            0.0..=1.0f64,
            [0.0..=1.0f64, 0.0..=1.0f64, 0.0..=1.0f64, 0.0..=1.0f64],
            0u8..5,
            0.0..=1.0f64,
            -2.0..=1.0f64,
        ),
    )
        .prop_map(
            |(
                (people, skills, roles, ws_seed, seed, horizon),
                (method, selection, start, duration, capacity, extra_capacity),
                (delay, cap, levers, tech_level, diffusion, bias),
            )| Case {
                people,
                skills,
                roles,
                ws_seed,
                seed,
                horizon,
                method,
                selection,
                start,
                duration,
                capacity,
                extra_capacity,
                delay,
                cap,
                levers,
                tech_level,
                diffusion,
                bias,
            },
        )
}

fn case_scenario(c: &Case, ws: &Workspace, capacity: u32) -> Scenario {
    let prog = Programme {
        name: "P".into(),
        method: Method::ALL[c.method],
        skills: ws.skills.iter().step_by(2).map(|s| s.id.clone()).collect(),
        roles: ws.roles.iter().map(|r| r.id.clone()).collect(),
        start_month: c.start,
        duration_months: c.duration,
        capacity_per_month: capacity,
        selection: c.selection,
        code_breaking: c.method == 0,
        approval_delay_months: c.delay,
        adoption_cap: c.cap,
        diffusing: true,
        fixed_cost: 100.0,
        cost_per_participant: 10.0,
        hours_per_participant: 4.0,
    };
    let tech = TechSupport {
        name: "T".into(),
        role: ws.roles[0].id.clone(),
        skill: ws.skills[0].id.clone(),
        from_month: 3,
        required_level: c.tech_level,
        fixed_cost: 10.0,
        monthly_cost: 1.0,
    };
    Scenario {
        id: "sc-prop".into(),
        name: "prop".into(),
        horizon_months: c.horizon,
        runs: 2,
        seed: c.seed,
        programmes: vec![prog],
        technology: vec![tech],
        levers: Levers {
            recognition: c.levers[0],
            empowerment: c.levers[1],
            communication: c.levers[2],
            trust: c.levers[3],
        },
        overrides: overrides(&[
            ("diffusion_share", c.diffusion),
            ("self_rating_bias", c.bias),
        ]),
    }
}

proptest! {
    #![proptest_config(Config { cases: 128, ..Config::default() })]

    #[test]
    fn outputs_stay_in_range_and_more_capacity_never_trains_fewer(c in arb_case()) {
        let ws = small_workspace(c.people, c.skills, c.roles, c.ws_seed);
        let pop = prepare(&ws);
        let max = pop.max_level as f64;
        let s = case_scenario(&c, &ws, c.capacity);
        let runs = simulate(&pop, &s, 0..2);
        for r in &runs {
            let h = c.horizon as usize;
            prop_assert_eq!(r.quality.len(), h + 1);
            for series in std::iter::once(&r.quality).chain(&r.quality_dims) {
                prop_assert!(series.iter().all(|q| (0.0..=100.0).contains(q)), "quality {:?}", series);
            }
            for p in r.employee_retention.iter().chain(&r.customer_retention) {
                prop_assert!((0.0..=1.0).contains(p), "probability {}", p);
            }
            prop_assert!(r.proficiency_range[0] >= 0.0 && r.proficiency_range[1] <= max, "{:?}", r.proficiency_range);
            prop_assert!(r.end_gaps.iter().chain(&r.start_gaps).all(|g| (0.0..=max).contains(g)));
            prop_assert!(r.trained.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(r.cumulative_cost.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(r.customers.iter().all(|x| x.is_finite() && *x >= 0.0));
            prop_assert!(r.applied_gain.iter().chain(&r.unused_gain).all(|x| *x >= 0.0));
        }
        // Same seed → identical.
        prop_assert_eq!(&runs, &simulate(&pop, &s, 0..2));
        // The worker's path: run_pairs gives the same runs and the standalone baseline's runs.
        let (plan, base_plan) = (Plan::new(&pop, &s), Plan::new(&pop, &s.baseline()));
        let (pair_runs, base) = run_pairs(&plan, &base_plan, 0..2);
        prop_assert_eq!(&pair_runs, &runs);
        prop_assert_eq!(&base, &simulate(&pop, &s.baseline(), 0..2));
        // The summary's probabilities and shares are probabilities; fans are ordered.
        let sum = summarise(&pop, &runs, &base);
        for p in [sum.prob_roi_positive, sum.share_paid_back, sum.roi.prob_positive, sum.net_benefit.prob_positive] {
            prop_assert!((0.0..=1.0).contains(&p), "probability {}", p);
        }
        for f in sum.series.iter().chain(&sum.baseline_series) {
            prop_assert!(f.p10.iter().zip(&f.p50).zip(&f.p90).all(|((a, b), c)| a <= b && b <= c), "fan {}", f.key);
        }
        for g in &sum.gap_closure {
            prop_assert!([g.start_gap, g.baseline_end_gap, g.scenario_end_gap].iter().all(|x| (0.0..=max).contains(x)));
            prop_assert!(g.closed.abs() <= max);
        }
        // More capacity never lowers the number trained, month by month.
        let more = simulate(&pop, &case_scenario(&c, &ws, c.capacity + c.extra_capacity), 0..2);
        for (a, b) in runs.iter().zip(&more) {
            prop_assert!(a.trained.iter().zip(&b.trained).all(|(x, y)| x <= y), "{:?} vs {:?}", a.trained, b.trained);
        }
    }
}

/// The reference workload (`synth::reference_simulation`): 1,000 people, 5 roles, 16 skills, 36 months,
/// 1,000 runs, single thread. Each run simulates the scenario and its baseline (common random numbers), so
/// this is 2,000 paths; `run_pairs` returns both. Prints the timings and pins the results.
#[test]
#[ignore]
fn reference_workload_timing() {
    let (ws, scenario) = synth::reference_simulation();
    assert_eq!(
        (ws.people.len(), ws.roles.len(), ws.skills.len()),
        (1000, 5, 16)
    );
    assert_eq!((scenario.horizon_months, scenario.runs), (36, 1000));
    let t = Instant::now();
    let pop = prepare(&ws);
    let prep = t.elapsed();
    let t = Instant::now();
    let base = simulate(&pop, &scenario.baseline(), 0..1000);
    let base_time = t.elapsed();
    let t = Instant::now();
    let runs = simulate(&pop, &scenario, 0..1000);
    let run_time = t.elapsed();
    let t = Instant::now();
    let plan = Plan::new(&pop, &scenario);
    let base_plan = Plan::new(&pop, &scenario.baseline());
    let (pair_runs, pair_base) = run_pairs(&plan, &base_plan, 0..1000);
    let pair_time = t.elapsed();
    assert!(pair_runs == runs && pair_base == base);
    let t = Instant::now();
    let summary = summarise(&pop, &runs, &base);
    let sum_time = t.elapsed();
    let summary_hash = sim_fixture::fnv1a(serde_json::to_string(&summary).unwrap().as_bytes());
    println!(
        "reference workload (1000 people, 5 roles, 16 skills, 36 months, 1000 runs, 1 thread): \
         prepare {:.1} ms; baseline only {:.0} ms; scenario + paired baseline {:.0} ms; run_pairs {:.0} ms; \
         summarise {:.1} ms; P50 ROI {:.0} %, P(ROI>0) {:.2}, hash {:016x}, baseline hash {:016x}, \
         summary hash {:016x}",
        prep.as_secs_f64() * 1e3,
        base_time.as_secs_f64() * 1e3,
        run_time.as_secs_f64() * 1e3,
        pair_time.as_secs_f64() * 1e3,
        sum_time.as_secs_f64() * 1e3,
        summary.roi.p50,
        summary.prob_roi_positive,
        result_hash(&runs),
        result_hash(&base),
        summary_hash,
    );
    // Pinned: speed work on the kernel or on summarise must not move a bit.
    assert_eq!(
        (result_hash(&runs), result_hash(&base), summary_hash),
        (
            0x222e_764f_ec8e_0d5f,
            0x944e_e1cd_71e1_ef8c,
            0xa7f7_e6a0_a3f7_612b
        )
    );
}
