//! The reskilling simulation: what programmes, technology support and internal-marketing levers are likely
//! to do to service quality, staff and customer retention, cost and ROI — as a range over Monte Carlo runs.
//!
//! Pure and deterministic: the same population, scenario and seed give bit-identical results natively and
//! in wasm32 (no threads, no clocks, no platform maths, no `usize` in any random key or serialised field).
//! The equations, defaults, ranges, sources and firmness are written up in `docs/model.md`.
//!
//! - [`params`]: every assumption as data ([`Assumption`], [`assumptions`]) and the resolved [`Params`].
//! - [`scenario`]: [`Scenario`], [`Programme`], [`Method`], [`Selection`], [`TechSupport`], [`Levers`].
//! - [`population`]: [`prepare`] a workspace once into a [`Population`].
//! - [`engine`]: the monthly kernel — [`run_one`], [`simulate`], [`run_pairs`] (a scenario and its baseline
//!   together, what a web worker runs), [`RunResult`], [`result_hash`].
//! - [`stats`]: [`summarise`] runs into fans, the ROI distribution and gap closure; [`sensitivity`], and
//!   [`mean_net_benefit`] for one point of it.
//! - [`detmath`]: deterministic exp/ln/pow and the counter-based random keys (common random numbers).
//!
//! Typical use (a web worker does the `run_pairs` part for its share of the runs):
//! ```
//! use skillgap::domain::example::example_workspace;
//! use skillgap::domain::sim::*;
//! let pop = prepare(&example_workspace());
//! let scenario = Scenario { horizon_months: 12, runs: 4, ..Scenario::default() };
//! let (plan, base) = (Plan::new(&pop, &scenario), Plan::new(&pop, &scenario.baseline()));
//! let (runs, baseline) = run_pairs(&plan, &base, 0..4);
//! let summary = summarise(&pop, &runs, &baseline);
//! assert_eq!(summary.runs, 4);
//! ```

pub mod detmath;
pub mod engine;
pub mod params;
pub mod population;
pub mod scenario;
pub mod stats;

pub use engine::{result_hash, run_one, run_pairs, run_plans, simulate, Plan, RunResult};
pub use params::{assumption, assumptions, Assumption, Firmness, Params, TransferCurve};
pub use population::{prepare, Known, Population, SimPerson, SimRole, SimSkill};
pub use scenario::{
    Levers, Method, Programme, Scenario, Selection, TechSupport, HORIZON_LIMIT, HORIZON_RANGE,
};
pub use stats::{
    mean_net_benefit, percentile, sensitivity, sensitivity_bar, sort_tornado, summarise, Distribution, Fan,
    GapClosure,
    Summary, TornadoBar,
};
