//! Determinism across platforms: the simulation fixture (tests/common/sim_fixture.rs) run as wasm32 in
//! headless Chromium must give the same hashes as natively (tests/domain_sim.rs asserts the same constants):
//! the scenario's runs, the paired baseline's runs (`run_pairs`, as the web worker calls it) and the
//! summary's JSON.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

#[path = "common/sim_fixture.rs"]
mod sim_fixture;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn fixture_hashes_match_native_in_chromium() {
    sim_fixture::assert_hashes();
}
