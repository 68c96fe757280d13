//! The framework web worker's entry point: reads framework files and plans their import off the page's
//! thread. Trunk builds it as a worker (`data-type="worker"` in index.html). A native build has nothing to run.

#[cfg(target_arch = "wasm32")]
fn main() {
    skillgap::app::framework_worker::register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("frameworkworker runs only as a web worker inside the browser build of Skillgap.");
}
