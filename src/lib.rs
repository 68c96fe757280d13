//! Skillgap: a browser-only training-gap simulator. [`domain`] is the pure core (native-testable);
//! [`app`] is the Yew shell, compiled only for wasm32.

pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod app;

pub mod bench;
