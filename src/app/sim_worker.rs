//! The simulation web worker: the Monte Carlo kernel off the main thread, so the page never freezes.
//!
//! Trunk builds `src/bin/simworker.rs` as a separate worker with the speed-first `worker` cargo profile;
//! [`crate::app::services::simulate`] spawns one per core and hands out work in small pieces, so progress
//! streams in, the load balances itself and Cancel takes effect within one piece (tens of milliseconds).
//! Messages travel as bincode (gloo's default codec). The scenario travels as JSON text inside [`Job::Load`]
//! because its internally tagged `Selection` cannot be read back by bincode.

use gloo::worker::{HandlerId, Registrable, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

use std::rc::Rc;

use crate::domain::sim::{mean_net_benefit, run_pairs, Mode, Plan, Population, RunResult, Sampler, Scenario};

/// What the page asks a worker to do. Every job carries the number of the run it belongs to, so replies to
/// a cancelled run are recognised and dropped.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Job {
    /// Keep this population and scenario for the jobs that follow, run in `mode` (every run drawing its
    /// assumptions, or all at their central values for the noise-only band).
    Load { job: u32, population: Population, scenario: String, mode: Mode },
    /// Simulate runs `from..to` of the loaded scenario and of its baseline.
    Runs { job: u32, from: u32, to: u32 },
    /// The mean net benefit over noise-only runs `0..runs` with assumption `key` pinned to `value` (`None`:
    /// every assumption at its central value): one point of the optional one-at-a-time check.
    Point { job: u32, index: u32, key: Option<String>, value: f64, runs: u32 },
}

/// What a worker answers.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reply {
    Runs { job: u32, from: u32, scenario: Vec<RunResult>, baseline: Vec<RunResult> },
    Point { job: u32, index: u32, mean_net: f64 },
    /// The job could not be done (for example a job arrived before its `Load`).
    Failed { job: u32, message: String },
}

/// A loaded job: its population, scenario and the Latin-hypercube design its runs draw from (made once
/// per load, shared by the scenario and its paired baseline).
struct Loaded {
    job: u32,
    population: Population,
    scenario: Scenario,
    sampler: Rc<Sampler>,
}

/// The worker's state: the loaded job.
pub struct SimWorker {
    loaded: Option<Loaded>,
}

impl SimWorker {
    fn loaded(&self, job: u32) -> Result<&Loaded, String> {
        match &self.loaded {
            Some(l) if l.job == job => Ok(l),
            _ => Err(format!("the worker has no data for run {job}")),
        }
    }

    fn answer(&mut self, input: Job) -> Option<Reply> {
        match input {
            Job::Load { job, population, scenario, mode } => match serde_json::from_str::<Scenario>(&scenario) {
                Ok(scenario) => {
                    let sampler = Rc::new(Sampler::of(&scenario, mode));
                    self.loaded = Some(Loaded { job, population, scenario, sampler });
                    None
                }
                Err(e) => Some(Reply::Failed { job, message: format!("the scenario could not be read: {e}") }),
            },
            Job::Runs { job, from, to } => Some(match self.loaded(job) {
                Ok(l) => {
                    let plan = Plan::with_sampler(&l.population, &l.scenario, l.sampler.clone());
                    let base = plan.baseline(&l.scenario);
                    let (scenario, baseline) = run_pairs(&plan, &base, from..to);
                    Reply::Runs { job, from, scenario, baseline }
                }
                Err(message) => Reply::Failed { job, message },
            }),
            Job::Point { job, index, key, value, runs } => Some(match self.loaded(job) {
                Ok(l) => {
                    let pin = key.as_deref().map(|k| (k, value));
                    Reply::Point { job, index, mean_net: mean_net_benefit(&l.population, &l.scenario, pin, 0..runs) }
                }
                Err(message) => Reply::Failed { job, message },
            }),
        }
    }
}

impl Worker for SimWorker {
    type Message = ();
    type Input = Job;
    type Output = Reply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self { loaded: None }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, input: Job, who: HandlerId) {
        if let Some(reply) = self.answer(input) {
            scope.respond(who, reply);
        }
    }
}

/// The worker's entry point (called by `src/bin/simworker.rs` inside the worker).
pub fn register() {
    SimWorker::registrar().register();
}
