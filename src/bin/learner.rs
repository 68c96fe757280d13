//! The learner bundle's entry point: the learner's pages alone (start, steps, review, result, the LMS
//! session, iframe sizing), built by Trunk as a wasm of its own so that a learner on a phone downloads a
//! fraction of the trainer's app. index.html's loader script chooses it for a package or a learner link
//! (docs/architecture.md, "Two bundles"). A native build has nothing to run.

#[cfg(target_arch = "wasm32")]
fn main() {
    skillgap::app::learner::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("learner is the learner pages' bundle of the Skillgap web app; it runs only in the browser build.");
}
