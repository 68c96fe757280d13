//! Native benchmark: `cargo run --profile worker --bin bench` (scripts/bench.sh runs it beside the browser run,
//! both with the `worker` profile the simulation web worker ships with).
//!
//! `--sim` runs only the simulation figures (scripts/bench.sh times them beside an earlier commit's kernel).
//!
//! With other options it instead writes the input files of the browser UI benchmark (tests/e2e/bench-ui.mjs) and
//! exits; several may be given at once:
//!   --emit-json PATH        the 2,000 people × 40 skills × 3 sources workspace as JSON
//!   --emit-csv PATH         about 100,000 rating rows as CSV (1,050 people × 40 skills × 3 sources, seed 2)
//!   --emit-json-empty PATH  the workspace that CSV imports into: same skills and roles, no people or ratings
//!   --emit-sim-json PATH    the simulation's reference workload: its workspace with its scenario in it
//!                           (for tests/e2e/bench-sim.mjs)
//!   --emit-framework-csv PATH   a 10,000-competency Moodle framework CSV (for tests/e2e/bench-frameworks.mjs)
//!   --emit-framework-json PATH  the same library as a CASE 1.1 package
use std::time::Instant;

use skillgap::domain::csv_io::export_csv;
use skillgap::domain::{export_json, Command};
use skillgap::domain::synth::{self, Size};

fn write(path: &str, text: &str, what: &str) {
    if let Err(e) = std::fs::write(path, text) {
        eprintln!("bench: could not write {what} to {path}: {e}");
        std::process::exit(1);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().map(String::as_str).eq(["--sim"]) {
        let t0 = Instant::now();
        let now = move || t0.elapsed().as_secs_f64() * 1000.0;
        print!("{}", skillgap::bench::table(&skillgap::bench::simulation(&now)));
        return;
    }
    if !args.is_empty() {
        let mut emit: Vec<(String, String)> = Vec::new();
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            match flag.as_str() {
                "--emit-json" | "--emit-csv" | "--emit-json-empty" | "--emit-sim-json" | "--emit-framework-csv"
                | "--emit-framework-json" => match it.next() {
                    Some(path) => emit.push((flag.clone(), path.clone())),
                    None => {
                        eprintln!("bench: {flag} needs a PATH");
                        std::process::exit(2);
                    }
                },
                other => {
                    eprintln!(
                        "bench: unknown option {other} (expected --sim, or --emit-json, --emit-csv, --emit-json-empty, --emit-sim-json, \
                         --emit-framework-csv or --emit-framework-json PATH)"
                    );
                    std::process::exit(2);
                }
            }
        }
        let csv_ws = || synth::workspace(Size { people: 1_050, skills: 40, roles: 5, sources: 3 }, 2);
        for (flag, path) in emit {
            match flag.as_str() {
                "--emit-json" => {
                    let ws = synth::workspace(Size { people: 2_000, skills: 40, roles: 5, sources: 3 }, 1);
                    write(&path, &export_json(&ws), "the workspace JSON");
                }
                "--emit-csv" => write(&path, &export_csv(&csv_ws()), "the ratings CSV"),
                "--emit-framework-csv" => write(&path, &skillgap::bench::framework_files().0, "the framework CSV"),
                "--emit-framework-json" => write(&path, &skillgap::bench::framework_files().1, "the framework JSON"),
                "--emit-sim-json" => {
                    let (mut ws, scenario) = synth::reference_simulation();
                    ws.apply(Command::AddScenario(Box::new(scenario))).expect("the reference scenario is valid");
                    write(&path, &export_json(&ws), "the simulation workspace JSON");
                }
                _ => {
                    let mut empty = csv_ws();
                    empty.people.clear();
                    empty.ratings.clear();
                    write(&path, &export_json(&empty), "the empty-people workspace JSON");
                }
            }
        }
        return;
    }
    let t0 = Instant::now();
    let now = move || t0.elapsed().as_secs_f64() * 1000.0;
    print!("{}", skillgap::bench::table(&skillgap::bench::run(&now)));
}
