//! The reskilling simulation: what programmes, technology support and internal-marketing levers are likely
//! to do to service quality, staff and customer retention, cost and ROI — as a range over Monte Carlo runs
//! that include the uncertainty of every assumption, not only the agents' noise.
//!
//! Pure and deterministic: the same population, scenario and seed give bit-identical results natively and
//! in wasm32 (no threads, no clocks, no platform maths, no `usize` in any random key or serialised field).
//! The equations, defaults, ranges, distributions, sources and firmness are written up in `docs/model.md`,
//! and the checks that hold the model to them in `docs/validation.md`.
//!
//! - [`params`]: every assumption as data ([`Assumption`], [`assumptions`]) and a run's [`Params`].
//! - [`uncertainty`]: each assumption's [`Marginal`] in a scenario (pinned, narrowed or its plausible range)
//!   and the Latin-hypercube [`Sampler`] that gives every run its draw ([`Mode::Central`]: noise only).
//! - [`scenario`]: [`Scenario`], [`Programme`], [`Method`], [`Selection`], [`TechSupport`], [`Levers`].
//! - [`population`]: [`prepare`] a workspace once into a [`Population`].
//! - [`engine`]: the monthly kernel — [`run_one`], [`simulate`], [`run_pairs`] (a scenario and its baseline
//!   together, what a web worker runs), [`RunResult`], [`result_hash`].
//! - [`stats`]: [`summarise`] runs into fans, the two money views, benefit by source and gap closure.
//! - [`sensitivity`]: the global sensitivity from the same runs (rank regression, first-order indices,
//!   break-even values) and the optional one-at-a-time tornado.
//! - [`detmath`]: deterministic exp/ln/pow and the counter-based random keys (common random numbers).
//!
//! Typical use (a web worker does the `run_pairs` part for its share of the runs):
//! ```
//! use skillgap::domain::example::example_workspace;
//! use skillgap::domain::sim::*;
//! let ws = example_workspace();
//! let pop = prepare(&ws);
//! let scenario = Scenario { horizon_months: 12, runs: 4, ..ws.scenarios[0].clone() };
//! let plan = Plan::new(&pop, &scenario);
//! let base = plan.baseline(&scenario);
//! let (runs, baseline) = run_pairs(&plan, &base, 0..4);
//! let summary = summarise(&pop, &scenario, Mode::Total, &runs, &baseline);
//! assert_eq!(summary.runs, 4);
//! ```

pub mod detmath;
pub mod engine;
pub mod params;
pub mod population;
pub mod scenario;
pub mod sensitivity;
pub mod stats;
pub mod uncertainty;

pub use engine::{
    inspect, payback, result_hash, run_one, run_pairs, run_plans, simulate, simulate_with, Plan, PositionView, RunResult,
    Totals,
};
pub use params::{assumption, assumptions, index_of, Assumption, Distribution as Dist, Firmness, Group, Params, TransferCurve};
pub use population::{prepare, Known, Population, SimPerson, SimRole, SimSkill};
pub use scenario::{
    migrate_from_model_1, Levers, Method, Programme, Scenario, Selection, TechSupport, HORIZON_LIMIT, HORIZON_RANGE,
    MODEL_VERSION,
};
pub use sensitivity::{
    global, mean_net_benefit, one_at_a_time, sort_tornado, uses, BreakEven, Crossing, Driver, GlobalSensitivity,
    Ranking, TornadoBar, View, BREAK_EVEN_DRIVERS, ONE_AT_A_TIME_DRIVERS, ONE_AT_A_TIME_RUNS,
};
pub use stats::{
    bands_include, percentile, summarise, BenefitSource, Distribution, Fan, GapClosure, MoneyView, Summary,
};
pub use uncertainty::{marginals, Band, Marginal, Mode, Sampler};
