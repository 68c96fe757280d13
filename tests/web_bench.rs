//! In-browser benchmark: the same kernel as the native `bench` binary, timed with `performance.now()` in
//! headless Chromium, including the simulation figures (the reference workload on one thread). Run through
//! scripts/bench.sh, which builds both sides with `--profile worker` and passes --nocapture so the figures
//! are printed.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn bench_in_chromium() {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let now = move || perf.now();
    let figures = skillgap::bench::run(&now);
    web_sys::console::log_1(&format!("BENCH-BEGIN\n{}BENCH-END", skillgap::bench::table(&figures)).into());
    assert!(figures.iter().all(|f| f.median_ms.is_finite()));
}
