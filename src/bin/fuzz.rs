//! The fuzz suite (tests/fuzz.rs) as a binary for the timed, optimised run:
//! `cargo run --profile fuzz --features fuzz --bin fuzz` (scripts/test.sh step 4, scripts/fuzz.sh).
//! The same suite also runs as the test `fuzz` under `cargo test`; as a binary it builds without the
//! test-only dependencies. Settings are the suite's (see tests/fuzz.rs).
#[path = "../../tests/fuzz.rs"]
mod suite;

fn main() {
    suite::main();
}
