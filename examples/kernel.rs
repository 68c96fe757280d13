//! The simulation kernel on the reference workload (1,000 people, 5 roles, 16 skills, 36 months, 1,000 runs),
//! one thread, the way one web worker does a whole run: every run drawing its assumptions, with its paired
//! baseline, then the summary with the global sensitivity read from the same runs. Prints the time to stderr.
//!
//! `cargo run --profile worker --example kernel`; to compare with an earlier commit's kernel, build that
//! commit in a separate target directory with the same profile and time both whole processes (scripts/bench.sh
//! `--kernel-vs COMMIT` does this).
use skillgap::domain::sim::{prepare, run_pairs, summarise, Mode, Plan};
use skillgap::domain::synth;

fn main() {
    let (ws, sc) = synth::reference_simulation();
    let pop = prepare(&ws);
    let plan = Plan::new(&pop, &sc);
    let base = plan.baseline(&sc);
    let t = std::time::Instant::now();
    let (runs, baseline) = run_pairs(&plan, &base, 0..sc.runs);
    std::hint::black_box(summarise(&pop, &sc, Mode::Total, &runs, &baseline));
    eprintln!("kernel {} runs {:?}", sc.runs, t.elapsed());
}
