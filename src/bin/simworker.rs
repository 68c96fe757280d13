//! The simulation web worker's entry point. Trunk builds it as a worker (`data-type="worker"` in
//! index.html) with the speed-first `worker` cargo profile. A native build has nothing to run.

#[cfg(target_arch = "wasm32")]
fn main() {
    skillgap::app::sim_worker::register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("simworker runs only as a web worker inside the browser build of Skillgap.");
}
