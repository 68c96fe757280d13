use skillgap::domain::sim::*;
use skillgap::domain::synth;
fn main() {
    let (ws, sc) = synth::reference_simulation();
    let pop = prepare(&ws);
    let plan = Plan::new(&pop, &sc);
    let base = plan.baseline(&sc);
    let n: u32 = std::env::args().nth(1).map(|x| x.parse().unwrap()).unwrap_or(200);
    let t = std::time::Instant::now();
    let (r, _) = run_pairs(&plan, &base, 0..n);
    println!("{} runs {:?} hash {:x}", n, t.elapsed(), result_hash(&r));
}
#[allow(dead_code)]
fn x() {}
