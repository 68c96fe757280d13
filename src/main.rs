//! The Skillgap web app's entry point (built for wasm32 by Trunk). A native build has nothing to run.

#[cfg(target_arch = "wasm32")]
fn main() {
    skillgap::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Skillgap is a web app: serve it with the README's first command. Native builds exist for tests.");
}
