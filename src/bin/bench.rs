//! Native benchmark: `cargo run --release --bin bench` (scripts/bench.sh runs it beside the browser run).
use std::time::Instant;

fn main() {
    let t0 = Instant::now();
    let now = move || t0.elapsed().as_secs_f64() * 1000.0;
    print!("{}", skillgap::bench::table(&skillgap::bench::run(&now)));
}
