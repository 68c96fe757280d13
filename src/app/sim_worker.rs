//! The simulation web worker: the Monte Carlo kernel off the main thread, so the page never freezes.
//!
//! Trunk builds `src/bin/simworker.rs` as a separate worker with the speed-first `worker` cargo profile;
//! [`crate::app::services::simulate`] spawns one per core and hands out work in small pieces, so progress
//! streams in, the load balances itself and Cancel takes effect within one piece (tens of milliseconds).
//! Messages travel as bincode (gloo's default codec). The scenario travels as JSON text inside [`Job::Load`]
//! because its internally tagged `Selection` cannot be read back by bincode.

use gloo::worker::{HandlerId, Registrable, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

use crate::domain::sim::{mean_net_benefit, run_pairs, Plan, Population, RunResult, Scenario};

/// What the page asks a worker to do. Every job carries the number of the run it belongs to, so replies to
/// a cancelled run are recognised and dropped.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Job {
    /// Keep this population and scenario for the jobs that follow.
    Load { job: u32, population: Population, scenario: String },
    /// Simulate runs `from..to` of the loaded scenario and of its baseline.
    Runs { job: u32, from: u32, to: u32 },
    /// The mean net benefit over runs `0..runs` with assumption `key` set to `value` (`None`: as loaded):
    /// one point of the sensitivity tornado.
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

/// The worker's state: the loaded job.
pub struct SimWorker {
    loaded: Option<(u32, Population, Scenario)>,
}

impl SimWorker {
    fn loaded(&self, job: u32) -> Result<(&Population, &Scenario), String> {
        match &self.loaded {
            Some((j, pop, sc)) if *j == job => Ok((pop, sc)),
            _ => Err(format!("the worker has no data for run {job}")),
        }
    }

    fn answer(&mut self, input: Job) -> Option<Reply> {
        match input {
            Job::Load { job, population, scenario } => match serde_json::from_str::<Scenario>(&scenario) {
                Ok(sc) => {
                    self.loaded = Some((job, population, sc));
                    None
                }
                Err(e) => Some(Reply::Failed { job, message: format!("the scenario could not be read: {e}") }),
            },
            Job::Runs { job, from, to } => Some(match self.loaded(job) {
                Ok((pop, sc)) => {
                    let plan = Plan::new(pop, sc);
                    let base = Plan::new(pop, &sc.baseline());
                    let (scenario, baseline) = run_pairs(&plan, &base, from..to);
                    Reply::Runs { job, from, scenario, baseline }
                }
                Err(message) => Reply::Failed { job, message },
            }),
            Job::Point { job, index, key, value, runs } => Some(match self.loaded(job) {
                Ok((pop, sc)) => {
                    let mut sc = sc.clone();
                    if let Some(key) = key {
                        sc.overrides.insert(key, value);
                    }
                    Reply::Point { job, index, mean_net: mean_net_benefit(pop, &sc, 0..runs) }
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
