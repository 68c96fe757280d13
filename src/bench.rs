//! The benchmark kernel shared by the native command (`src/bin/bench.rs`) and the in-browser run
//! (`tests/web_bench.rs`), so both time exactly the same work. The clock is passed in.
//!
//! The simulation figures run the reference workload ([`synth::reference_simulation`]: 1,000 people,
//! 5 roles, 16 skills, 36 months, 1,000 runs) on one thread, the way a web worker runs its share: the
//! scenario with its paired baseline ([`run_pairs`]), then [`summarise`]. scripts/bench.sh builds both
//! sides with the `worker` profile, the one the simulation worker ships with.

use crate::domain::csv_io::{export_csv, import_csv};
use crate::domain::learner::{
    assessment_for_role, decode_link, decode_result, encode_link, encode_result, plan_result_import, split_codes, Answer,
    Learner,
};
use crate::domain::lms::{encode_progress, Progress, SCORM12_SUSPEND_LIMIT};
use crate::domain::sim::{prepare, run_pairs, summarise, Plan};
use crate::domain::example::example_workspace;
use crate::domain::gaps::{analyse, Filter};
use crate::domain::frameworks::plan::{plan, PlanOptions};
use crate::domain::frameworks::{case, moodle, read};
use crate::domain::xlsx::export_xlsx;
use crate::domain::synth::{self, Size};
use crate::domain::{export_json, import_json, Command, History, Requirement, RoleId, SkillId, Workspace};

/// One measured figure: the median time of one run of `name`, over `runs` runs.
#[derive(Clone, Debug)]
pub struct Figure {
    pub name: String,
    pub median_ms: f64,
    pub runs: usize,
}

fn time(now: &dyn Fn() -> f64, name: &str, runs: usize, mut f: impl FnMut()) -> Figure {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let t0 = now();
            f();
            now() - t0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    Figure { name: name.to_string(), median_ms: t[t.len() / 2], runs }
}

fn workloads() -> Vec<(String, Workspace, usize)> {
    let large = Size { people: 2_000, skills: 40, roles: 5, sources: 3 };
    vec![
        ("example".to_string(), example_workspace(), 31),
        (
            format!("{} people × {} skills × {} sources", large.people, large.skills, large.sources),
            synth::workspace(large, 1),
            5,
        ),
    ]
}

/// Runs every benchmark with the clock `now` (milliseconds).
pub fn run(now: &dyn Fn() -> f64) -> Vec<Figure> {
    let mut out = Vec::new();
    for (label, ws, runs) in workloads() {
        let json = export_json(&ws);
        out.push(time(now, &format!("{label}: validate"), runs, || ws.validate().unwrap()));
        out.push(time(now, &format!("{label}: export JSON ({} kB)", json.len() / 1024), runs, || {
            std::hint::black_box(export_json(&ws));
        }));
        out.push(time(now, &format!("{label}: import JSON (parse + validate)"), runs, || {
            std::hint::black_box(import_json("bench.json", &json).unwrap());
        }));
        let (role, skill) = (RoleId(ws.roles[0].id.0.clone()), SkillId(ws.skills[0].id.0.clone()));
        let mut history = History::new(ws.clone());
        let mut level = 0u8;
        out.push(time(now, &format!("{label}: one edit through apply + undo history"), runs, || {
            level = (level + 1) % 5;
            let requirement = Some(Requirement { level, importance: 3 });
            history.apply(Command::SetRequirement { role: role.clone(), skill: skill.clone(), requirement }).unwrap();
        }));
    }
    // Assessment at scale: the full gap analysis, and importing a CSV of about 100,000 rating rows into a
    // workspace that has the skills and roles but no people yet.
    let big = synth::workspace(Size { people: 2_000, skills: 40, roles: 5, sources: 3 }, 1);
    out.push(time(now, "2000 × 40 × 3: full gap analysis (index + analyse)", 5, || {
        std::hint::black_box(analyse(&big, &Filter::default(), None));
    }));
    let csv_ws = synth::workspace(Size { people: 1_050, skills: 40, roles: 5, sources: 3 }, 2);
    let csv = export_csv(&csv_ws);
    let rows = csv.lines().count() - 1;
    let mut empty = csv_ws.clone();
    empty.people.clear();
    empty.ratings.clear();
    out.push(time(now, &format!("CSV import of {rows} rating rows ({} kB)", csv.len() / 1024), 3, || {
        std::hint::black_box(import_csv(&empty, "bench.csv", csv.as_bytes()).unwrap());
    }));
    out.push(time(now, &format!("CSV export of {rows} rating rows"), 3, || {
        std::hint::black_box(export_csv(&csv_ws));
    }));
    let example = example_workspace();
    out.push(time(now, "example: xlsx workbook export", 5, || {
        std::hint::black_box(export_xlsx(&example).unwrap());
    }));
    out.extend(learner(now));
    out.extend(hostile(now));
    out.extend(storage(now));
    out.extend(frameworks(now));
    out.extend(simulation(now));
    out
}

/// Inputs that used to take quadratic time (issue 11): splitting 80,000 digits and `a1.` + 80,000 dots as
/// pasted result codes, and validating a workspace of 2,000 skills required by 50 roles each (100,000
/// requirements, an 8 MB file), whose requirement check searched the skill list for each.
pub fn hostile(now: &dyn Fn() -> f64) -> Vec<Figure> {
    let mut out = Vec::new();
    let digits = "7".repeat(80_000);
    out.push(time(now, "split pasted result codes: 80,000 digits", 5, || {
        std::hint::black_box(split_codes(&digits));
    }));
    let dots = format!("a1.{}", ".".repeat(80_000));
    out.push(time(now, "split pasted result codes: a1. + 80,000 dots", 5, || {
        std::hint::black_box(split_codes(&dots));
    }));
    let mut ws = synth::workspace(Size { people: 0, skills: 2_000, roles: 50, sources: 1 }, 3);
    for r in &mut ws.roles {
        for s in &ws.skills {
            r.requirements.insert(s.id.clone(), Requirement { level: 2, importance: 3 });
        }
    }
    let json = export_json(&ws);
    out.push(time(now, &format!("validate 2,000 skills × 50 roles, all required ({} MB as JSON)", json.len() / 1_000_000), 3, || {
        ws.validate().unwrap()
    }));
    out.push(time(now, "import that file (JSON: parse, migrate, validate)", 3, || {
        std::hint::black_box(import_json("bench.json", &json).unwrap());
    }));
    out
}

/// Saving and loading large workspaces in the browser's storage, at 5,000 and 20,000 people × 40 skills ×
/// 3 sources: the packed form the app now stores, beside what it stored before (compact JSON deflated and
/// base64-encoded, the older `localStorage` text), in the same run.
pub fn storage(now: &dyn Fn() -> f64) -> Vec<Figure> {
    use crate::domain::io::{from_storage_bytes, from_storage_text, to_compact_json, to_storage_bytes, PACKED_PREFIX};
    let mut out = Vec::new();
    for people in [5_000, 20_000] {
        let ws = synth::workspace(Size { people, skills: 40, roles: 5, sources: 3 }, 1);
        let label = format!("{people} × 40 × 3 ({} ratings)", ws.ratings.len());
        let before = || {
            use base64::Engine;
            use std::io::Write;
            let json = to_compact_json(&ws);
            let mut enc = flate2::write::DeflateEncoder::new(Vec::with_capacity(json.len() / 8), flate2::Compression::fast());
            enc.write_all(json.as_bytes()).expect("memory");
            format!("{PACKED_PREFIX}{}", base64::engine::general_purpose::STANDARD.encode(enc.finish().expect("memory")))
        };
        let old = before();
        out.push(time(now, &format!("{label}: save, before (JSON, deflate, base64: {} chars)", old.len()), 3, || {
            std::hint::black_box(before());
        }));
        let packed = to_storage_bytes(&ws);
        out.push(time(now, &format!("{label}: save, packed ({} bytes)", packed.len()), 3, || {
            std::hint::black_box(to_storage_bytes(&ws));
        }));
        out.push(time(now, &format!("{label}: load the older stored text"), 3, || {
            std::hint::black_box(from_storage_text("bench", &old).unwrap());
        }));
        out.push(time(now, &format!("{label}: load packed (unpack + validate)"), 3, || {
            std::hint::black_box(from_storage_bytes("bench", &packed).unwrap());
        }));
    }
    out
}

/// A skill library of `n` skills in `n / 100` categories, each with a two-sentence description and level
/// texts for every level: the source of the 10,000-item framework files.
pub fn framework_library(n: usize) -> Workspace {
    let mut ws = Workspace::empty("Bench framework");
    for i in 0..n {
        ws.skills.push(crate::domain::Skill {
            id: SkillId(format!("s{i}")),
            name: format!("Competency {i:05}"),
            category: format!("Area {:03}", i / 100),
            description: format!("What competency {i} asks of staff. Observed in service conversations with customers."),
            servqual: Default::default(),
            level_texts: ws.scale.labels.iter().map(|l| format!("{l}: competency {i} at this level.")).collect(),
            source: None,
        });
    }
    ws.next_id = n as u64 + 1;
    ws
}

/// The 10,000-item framework as a Moodle CSV and as a CASE package (what the browser benchmark imports).
pub fn framework_files() -> (String, String) {
    let lib = framework_library(10_000);
    (moodle::export(&lib), case::export(&lib, "2026-11-27T09:30:00Z"))
}

/// The framework import figures: a 10,000-competency Moodle CSV and the same library as a CASE package
/// (with rubric level texts), read and planned into the example workspace (the plan builds and validates
/// the resulting workspace, so this is the whole import short of the one `Replace`).
pub fn frameworks(now: &dyn Fn() -> f64) -> Vec<Figure> {
    let (csv, json) = framework_files();
    let example = example_workspace();
    let mut out = Vec::new();
    for (label, file, text) in [("Moodle CSV", "bench.csv", &csv), ("CASE JSON", "bench.json", &json)] {
        out.push(time(now, &format!("framework of 10,000 items, {label} ({} kB): read", text.len() / 1024), 5, || {
            std::hint::black_box(read(file, text.as_bytes()).unwrap());
        }));
        out.push(time(now, &format!("framework of 10,000 items, {label}: read + plan into the example"), 5, || {
            let fw = read(file, text.as_bytes()).unwrap();
            let p = plan(&example, &fw, &PlanOptions::default());
            assert_eq!(p.new_count(), 10_000);
            std::hint::black_box(p);
        }));
    }
    out
}

/// The learner-link figures: the example's largest link (a role's whole profile with its level texts) made
/// and read, a learner's progress packed for SCORM 1.2, and a trainer importing 500 result codes at once
/// into the 2,000-person synthetic workspace (each decoded, checked and planned, then validated together).
pub fn learner(now: &dyn Fn() -> f64) -> Vec<Figure> {
    let mut out = Vec::new();
    let example = example_workspace();
    let role = example.roles.iter().max_by_key(|r| r.requirements.len()).expect("a role").id.clone();
    let a = assessment_for_role(&example, &role, "bench1", "2026-11-27").expect("a link");
    let link = encode_link(&a);
    out.push(time(now, &format!("learner link: make and encode ({} characters)", link.len()), 21, || {
        std::hint::black_box(encode_link(&assessment_for_role(&example, &role, "bench1", "2026-11-27").unwrap()));
    }));
    out.push(time(now, "learner link: decode and check", 21, || {
        std::hint::black_box(decode_link(&link).unwrap());
    }));
    let mut progress = Progress::start(&a);
    progress.learner = "Ana Lima".into();
    for (i, answer) in progress.answers.iter_mut().enumerate() {
        answer.answer = Answer::Level((i % 4) as u8);
        answer.note = "Practising this with my team leader every week. ".repeat(8);
    }
    let (packed, _) = encode_progress(&progress, SCORM12_SUSPEND_LIMIT);
    out.push(time(now, &format!("learner progress: pack for SCORM 1.2 ({} characters)", packed.len()), 21, || {
        std::hint::black_box(encode_progress(&progress, SCORM12_SUSPEND_LIMIT));
    }));

    let big = synth::workspace(Size { people: 2_000, skills: 40, roles: 5, sources: 3 }, 1);
    let role = big.roles[0].id.clone();
    let a = assessment_for_role(&big, &role, "bench2", "2026-11-27").expect("a link");
    let codes: Vec<(String, String)> = (0..500)
        .map(|i| {
            let answers = a
                .blank_answers()
                .into_iter()
                .enumerate()
                .map(|(k, mut s)| {
                    s.answer = Answer::Level(((i + k) % 5) as u8);
                    s
                })
                .collect();
            let learner = Learner { name: format!("Learner {i}"), ..Default::default() };
            let r = a.result(learner, "2026-11-27", answers).expect("a result");
            (format!("code {}", i + 1), encode_result(&r))
        })
        .collect();
    out.push(time(now, "500 result codes: decode each", 5, || {
        for (_, c) in &codes {
            std::hint::black_box(decode_result(c).unwrap());
        }
    }));
    out.push(time(now, "500 result codes: plan the import into 2000 × 40 × 3", 3, || {
        let plan = plan_result_import(&big, &codes);
        assert_eq!(plan.accepted.len(), 500);
        std::hint::black_box(plan);
    }));
    out
}

/// The simulation figures: the reference workload, single thread.
pub fn simulation(now: &dyn Fn() -> f64) -> Vec<Figure> {
    let (ws, scenario) = synth::reference_simulation();
    let runs = 0..scenario.runs;
    let label = format!(
        "simulation {} people, {} skills, {} months",
        ws.people.len(),
        ws.skills.len(),
        scenario.horizon_months
    );
    let mut out = Vec::new();
    out.push(time(now, &format!("{label}: prepare"), 5, || {
        std::hint::black_box(prepare(&ws));
    }));
    let pop = prepare(&ws);
    let plan = Plan::new(&pop, &scenario);
    let base = Plan::new(&pop, &scenario.baseline());
    let mut pairs = (Vec::new(), Vec::new());
    out.push(time(
        now,
        &format!("{label}: {} runs, scenario + paired baseline, 1 thread", runs.len()),
        3,
        || pairs = run_pairs(&plan, &base, runs.clone()),
    ));
    out.push(time(now, &format!("{label}: summarise {} runs", pairs.0.len()), 9, || {
        std::hint::black_box(summarise(&pop, &pairs.0, &pairs.1));
    }));
    out
}

/// The figures as an aligned text table.
pub fn table(figures: &[Figure]) -> String {
    let w = figures.iter().map(|f| f.name.chars().count()).max().unwrap_or(10);
    let mut s = String::new();
    for f in figures {
        s.push_str(&format!("{:<w$}  {:>10.3} ms  (median of {})\n", f.name, f.median_ms, f.runs));
    }
    s
}
