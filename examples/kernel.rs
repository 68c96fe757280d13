//! The simulation kernel on the reference workload (1,000 people, 5 roles, 16 skills, 36 months, 1,000 runs),
//! one thread, the way one web worker does a whole run: every run drawing its assumptions, with its paired
//! baseline, then the summary with the global sensitivity read from the same runs. Prints `kernel_ms` and the
//! milliseconds that took.
//!
//! `cargo run --profile worker --example kernel`. `scripts/kernel-vs.sh COMMIT` builds the same kernel of an
//! earlier commit (the first model's API) in a separate target directory and times both, alternating.
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
    println!("kernel_ms {:.1}", t.elapsed().as_secs_f64() * 1000.0);
}
