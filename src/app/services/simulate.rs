//! Runs simulations in web workers and keeps their outcomes for the session.
//!
//! A simulation's runs each draw every assumption from its range ([`Mode::Total`]); on request the same
//! scenario runs again with every assumption at its central value ([`run_noise_only`], the noise-only band),
//! and the top drivers of the global sensitivity can be checked one at a time ([`run_sensitivity`]).
//!
//! One worker per core (at most [`MAX_WORKERS`]) is spawned the first time a simulation runs and kept for
//! the session. A run is cut into pieces of a few dozen Monte Carlo runs; each worker holds one piece at a
//! time and gets the next as soon as it answers, so fast workers take more, progress streams in, and
//! Cancel takes effect within one piece. The main thread only files the answers and, at 20 % steps and at
//! the end, summarises what has arrived (results are assembled in run order, so the summary does not
//! depend on which worker answered first).
//!
//! State lives here, not in a component, so a run carries on while the trainer looks at another page; pages
//! read it with [`use_sim_store`] and re-render when it changes. Outcomes are kept in memory only: they are
//! cheap to recompute and can be large.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use gloo::worker::{Spawnable, WorkerBridge};
use yew::prelude::*;

use crate::app::sim_worker::{Job, Reply, SimWorker};
use crate::domain::sim::{
    assumption, index_of, sort_tornado, summarise, Mode, Population, RunResult, Sampler, Scenario, Summary, TornadoBar,
    ONE_AT_A_TIME_DRIVERS, ONE_AT_A_TIME_RUNS,
};
use crate::domain::ScenarioId;

/// Most workers spawned, whatever the core count.
pub const MAX_WORKERS: usize = 8;
/// Where Trunk puts the worker's loader (see index.html).
const WORKER_LOADER: &str = "./simworker_loader.js";
/// A run fails when no worker has answered for this long (a worker that crashed, e.g. out of memory,
/// never answers), in milliseconds. A piece takes well under a second even for large workspaces.
const SILENCE_LIMIT_MS: f64 = 30_000.0;
/// Least time between two progress notifications, in milliseconds.
const NOTIFY_EVERY_MS: f64 = 100.0;
/// Most runs a preliminary summary covers (the first ones in run order), so refreshing it stays a short
/// task on the main thread whatever the number of runs.
const PREVIEW_RUNS: usize = 200;

/// A finished simulation of one scenario.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The scenario as it was run.
    pub scenario: Scenario,
    /// The population it ran on.
    pub population: Rc<Population>,
    /// Over total uncertainty: every run drew every assumption.
    pub summary: Rc<Summary>,
    /// The same scenario with every assumption at its central value (the noise-only band), once asked for.
    pub noise_only: Option<Rc<Summary>>,
    /// Wall time from Run to the summary, in milliseconds.
    pub elapsed_ms: f64,
    pub workers: usize,
    /// The one-at-a-time check of the top drivers, once asked for.
    pub tornado: Option<Rc<Vec<TornadoBar>>>,
}

impl Outcome {
    /// Whether this outcome still describes `scenario` on `population` (its name may have changed).
    pub fn is_current(&self, scenario: &Scenario, population: &Population) -> bool {
        let same = Scenario { name: scenario.name.clone(), ..self.scenario.clone() };
        same == *scenario && *self.population == *population
    }
}

/// What is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    Simulation,
    /// The noise-only runs of a finished simulation.
    NoiseOnly,
    /// The one-at-a-time check of a finished simulation's top drivers.
    Sensitivity,
}

/// The run in progress.
#[derive(Clone, Debug)]
pub struct Running {
    pub id: ScenarioId,
    pub name: String,
    pub task: Task,
    /// Pieces of work done and in all (runs for a simulation, points for the one-at-a-time check).
    pub done: u32,
    pub total: u32,
    pub workers: usize,
    pub started_ms: f64,
    /// A summary of the runs so far (a simulation only, refreshed at 20 % steps).
    pub partial: Option<Rc<Summary>>,
}

/// Everything pages read.
#[derive(Clone, Debug, Default)]
pub struct SimState {
    pub running: Option<Running>,
    /// The last failure: the scenario and what went wrong.
    pub failure: Option<(ScenarioId, String)>,
    /// The last cancelled scenario.
    pub cancelled: Option<ScenarioId>,
    outcomes: HashMap<ScenarioId, Rc<Outcome>>,
    version: u64,
}

impl SimState {
    /// The last outcome of scenario `id`, current or not.
    pub fn outcome(&self, id: &ScenarioId) -> Option<Rc<Outcome>> {
        self.outcomes.get(id).cloned()
    }

    /// A number that changes whenever the state does (for cheap comparisons).
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Whether `id` is running now.
    pub fn is_running(&self, id: &ScenarioId) -> bool {
        self.running.as_ref().is_some_and(|r| &r.id == id)
    }
}

/// One batch of jobs handed out to the workers.
struct Batch {
    job: u32,
    queue: VecDeque<Job>,
    in_flight: usize,
    on_reply: Option<Box<dyn FnMut(Reply) -> Result<(), String>>>,
    on_done: Option<Box<dyn FnOnce()>>,
}

#[derive(Default)]
struct Store {
    state: SimState,
    workers: Vec<WorkerBridge<SimWorker>>,
    batch: Option<Batch>,
    /// When the running batch last heard from a worker (or started).
    last_answer_ms: f64,
    /// Checks, while a batch runs, that the workers still answer.
    watchdog: Option<gloo::timers::callback::Interval>,
    next_job: u32,
    listeners: Vec<(u32, Callback<()>)>,
    next_listener: u32,
    last_notice_ms: f64,
}

thread_local! {
    static STORE: RefCell<Store> = RefCell::new(Store::default());
}

fn now_ms() -> f64 {
    gloo::utils::window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// A copy of the state for rendering.
pub fn state() -> SimState {
    STORE.with(|s| s.borrow().state.clone())
}

/// Tells every subscribed page that the state changed (at most every [`NOTIFY_EVERY_MS`] unless `force`).
fn notify(force: bool) {
    let listeners = STORE.with(|s| {
        let mut s = s.borrow_mut();
        let t = now_ms();
        if !force && t - s.last_notice_ms < NOTIFY_EVERY_MS {
            return Vec::new();
        }
        s.last_notice_ms = t;
        s.state.version += 1;
        s.listeners.iter().map(|(_, cb)| cb.clone()).collect()
    });
    for cb in listeners {
        cb.emit(());
    }
}

fn update(force: bool, f: impl FnOnce(&mut SimState)) {
    STORE.with(|s| f(&mut s.borrow_mut().state));
    notify(force);
}

/// The simulation state, re-rendering the component whenever it changes.
#[hook]
pub fn use_sim_store() -> SimState {
    let redraw = use_force_update();
    use_effect_with((), move |_| {
        let id = STORE.with(|s| {
            let mut s = s.borrow_mut();
            s.next_listener += 1;
            let id = s.next_listener;
            s.listeners.push((id, Callback::from(move |_| redraw.force_update())));
            id
        });
        move || STORE.with(|s| s.borrow_mut().listeners.retain(|(i, _)| *i != id))
    });
    state()
}

/// Starts the workers ahead of the first run (they load and compile their wasm meanwhile), so pressing
/// Run does not wait for that.
pub fn warm_up() {
    STORE.with(|s| ensure_workers(&mut s.borrow_mut()));
}

/// Spawns the workers on first use.
fn ensure_workers(s: &mut Store) -> usize {
    if s.workers.is_empty() {
        let cores = gloo::utils::window().navigator().hardware_concurrency() as usize;
        let n = cores.clamp(1, MAX_WORKERS);
        s.workers = (0..n)
            .map(|i| {
                SimWorker::spawner()
                    .callback(move |reply| on_reply(i, reply))
                    .spawn_with_loader(WORKER_LOADER)
            })
            .collect();
    }
    s.workers.len()
}

fn job_of(reply: &Reply) -> u32 {
    match reply {
        Reply::Runs { job, .. } | Reply::Point { job, .. } | Reply::Failed { job, .. } => *job,
    }
}

/// Files one worker's answer and hands that worker the next job.
fn on_reply(worker: usize, reply: Reply) {
    let job = job_of(&reply);
    // Take the handler out so it may call back into the store.
    let handler = STORE.with(|s| {
        let mut s = s.borrow_mut();
        let s = &mut *s;
        s.last_answer_ms = now_ms();
        let batch = s.batch.as_mut().filter(|b| b.job == job)?;
        batch.in_flight -= 1;
        if let Some(next) = batch.queue.pop_front() {
            s.workers[worker].send(next);
            batch.in_flight += 1;
        }
        batch.on_reply.take()
    });
    let Some(mut handler) = handler else { return };
    let result = handler(reply);
    let finished = STORE.with(|s| {
        let mut s = s.borrow_mut();
        let batch = s.batch.as_mut().filter(|b| b.job == job)?;
        match result {
            Err(_) => {}
            Ok(()) if batch.queue.is_empty() && batch.in_flight == 0 => {}
            Ok(()) => {
                batch.on_reply = Some(handler);
                return None;
            }
        }
        let batch = s.batch.take()?;
        Some((batch.on_done, result))
    });
    match finished {
        Some((Some(done), Ok(()))) => done(),
        Some((_, Err(message))) => fail(message),
        _ => {}
    }
}

/// Starts a batch: every worker gets `load`, then jobs one at a time.
fn start_batch(
    load: impl Fn(u32) -> Job,
    jobs: impl FnOnce(u32) -> Vec<Job>,
    on_reply: Box<dyn FnMut(Reply) -> Result<(), String>>,
    on_done: Box<dyn FnOnce()>,
) {
    STORE.with(|s| {
        let mut s = s.borrow_mut();
        ensure_workers(&mut s);
        s.next_job += 1;
        let job = s.next_job;
        let mut queue: VecDeque<Job> = jobs(job).into();
        let mut in_flight = 0;
        for w in &s.workers {
            w.send(load(job));
            if let Some(j) = queue.pop_front() {
                w.send(j);
                in_flight += 1;
            }
        }
        s.batch = Some(Batch { job, queue, in_flight, on_reply: Some(on_reply), on_done: Some(on_done) });
        s.last_answer_ms = now_ms();
        if s.watchdog.is_none() {
            s.watchdog = Some(gloo::timers::callback::Interval::new(2_000, check_silence));
        }
    })
}

/// Fails the running batch when the workers have gone silent, and drops the workers so the next run
/// starts fresh ones; stops checking once nothing runs.
fn check_silence() {
    // The interval is released in a later task: a timer's closure must not be dropped while it runs.
    let stop = |s: &mut Store| {
        if let Some(iv) = s.watchdog.take() {
            gloo::timers::callback::Timeout::new(0, move || drop(iv)).forget();
        }
    };
    let silent = STORE.with(|s| {
        let mut s = s.borrow_mut();
        if s.batch.is_none() {
            stop(&mut s);
            return false;
        }
        if now_ms() - s.last_answer_ms < SILENCE_LIMIT_MS {
            return false;
        }
        s.batch = None;
        s.workers.clear();
        stop(&mut s);
        true
    });
    if silent {
        fail("the simulation workers stopped answering (perhaps out of memory). Try fewer runs, or reload the page.".into());
    }
}

/// Ends the running task with `message` as its failure.
fn fail(message: String) {
    update(true, |st| {
        st.failure = st.running.take().map(|r| (r.id, message));
    });
}

/// Ends the running task with `outcome` as its scenario's latest.
fn finish(outcome: Outcome) {
    update(true, |st| {
        st.running = None;
        st.outcomes.insert(outcome.scenario.id.clone(), Rc::new(outcome));
    });
}

/// Stops the run in progress; workers finish the piece they hold and their answers are dropped.
pub fn cancel() {
    let was = STORE.with(|s| {
        let mut s = s.borrow_mut();
        s.batch = None;
        s.state.running.take()
    });
    update(true, |st| st.cancelled = was.map(|r| r.id));
}

fn begin(scenario: &Scenario, task: Task, total: u32, workers: usize) {
    let running = Running {
        id: scenario.id.clone(),
        name: scenario.name.clone(),
        task,
        done: 0,
        total,
        workers,
        started_ms: now_ms(),
        partial: None,
    };
    update(true, |st| {
        st.running = Some(running);
        st.failure = None;
        st.cancelled = None;
    });
}

fn scenario_json(scenario: &Scenario) -> String {
    serde_json::to_string(scenario).expect("a scenario always serialises")
}

/// Pieces of about 30–60 ms each: small enough for smooth progress and a quick cancel, big enough that
/// messaging costs little.
fn piece_size(runs: u32, workers: usize) -> u32 {
    (runs / (workers as u32 * 8)).clamp(4, 40)
}

/// The runs collected so far, in run order.
#[derive(Default)]
struct Collected {
    scenario: Vec<Option<RunResult>>,
    baseline: Vec<Option<RunResult>>,
    done: u32,
    next_partial: u32,
}

impl Collected {
    /// Up to `limit` runs collected so far, in run order.
    fn in_order(&self, limit: usize) -> (Vec<RunResult>, Vec<RunResult>) {
        let pick = |v: &[Option<RunResult>]| v.iter().flatten().take(limit).cloned().collect::<Vec<_>>();
        (pick(&self.scenario), pick(&self.baseline))
    }
}

/// Runs `scenario` on `population` in the workers (cancelling anything running), every run drawing every
/// assumption from its range.
pub fn run(scenario: Scenario, population: Rc<Population>) {
    run_mode(scenario, population, Mode::Total, Task::Simulation, |summary, population, scenario, running| Outcome {
        scenario,
        population,
        summary,
        noise_only: None,
        elapsed_ms: now_ms() - running.started_ms,
        workers: running.workers,
        tornado: None,
    });
}

/// Runs the scenario of `outcome` again with every assumption at its central value, and keeps that summary
/// beside the outcome's as its noise-only band.
pub fn run_noise_only(outcome: Rc<Outcome>) {
    let (scenario, population) = (outcome.scenario.clone(), outcome.population.clone());
    run_mode(scenario, population, Mode::Central, Task::NoiseOnly, move |summary, _, _, _| Outcome {
        noise_only: Some(summary),
        ..(*outcome).clone()
    });
}

/// Runs `scenario` in `mode` as `task`; `outcome` makes the outcome from the summary once every run is in.
fn run_mode(
    scenario: Scenario,
    population: Rc<Population>,
    mode: Mode,
    task: Task,
    outcome: impl FnOnce(Rc<Summary>, Rc<Population>, Scenario, Running) -> Outcome + 'static,
) {
    cancel();
    let total = scenario.runs.max(1);
    let json = scenario_json(&scenario);
    let collected = Rc::new(RefCell::new(Collected {
        scenario: vec![None; total as usize],
        baseline: vec![None; total as usize],
        done: 0,
        next_partial: total / 5,
    }));
    let on_reply = {
        let (collected, population, scenario) = (collected.clone(), population.clone(), scenario.clone());
        Box::new(move |reply: Reply| -> Result<(), String> {
            let (scenario_runs, baseline_runs) = match reply {
                Reply::Runs { scenario, baseline, .. } => (scenario, baseline),
                Reply::Failed { message, .. } => return Err(message),
                Reply::Point { .. } => return Err("the worker answered a different question".into()),
            };
            let mut c = collected.borrow_mut();
            for (s, b) in scenario_runs.into_iter().zip(baseline_runs) {
                let i = s.run as usize;
                if i < c.scenario.len() && c.scenario[i].is_none() {
                    c.done += 1;
                    c.scenario[i] = Some(s);
                    c.baseline[i] = Some(b);
                }
            }
            let done = c.done;
            let partial = (done >= c.next_partial && done < total).then(|| {
                c.next_partial = done + total / 5;
                let (s, b) = c.in_order(PREVIEW_RUNS);
                Rc::new(summarise(&population, &scenario, mode, &s, &b))
            });
            drop(c);
            update(partial.is_some(), |st| {
                if let Some(r) = st.running.as_mut() {
                    r.done = done;
                    if partial.is_some() {
                        r.partial = partial;
                    }
                }
            });
            Ok(())
        })
    };
    let pop = (*population).clone();
    let on_done = {
        let scenario = scenario.clone();
        // Summarise in a task of its own, and show the outcome in the next one, so neither the last
        // answer's task nor the render of the results grows long.
        Box::new(move || {
            gloo::timers::callback::Timeout::new(0, move || {
                let (s, b) = collected.borrow().in_order(usize::MAX);
                let summary = Rc::new(summarise(&population, &scenario, mode, &s, &b));
                drop((s, b));
                gloo::timers::callback::Timeout::new(0, move || {
                    let running = state().running.filter(|r| r.id == scenario.id && r.task == task);
                    let Some(running) = running else { return }; // cancelled meanwhile
                    finish(outcome(summary, population, scenario, running));
                })
                .forget();
            })
            .forget();
        })
    };
    let workers = STORE.with(|s| ensure_workers(&mut s.borrow_mut()));
    let piece = piece_size(total, workers);
    begin(&scenario, task, total, workers);
    start_batch(
        move |job| Job::Load { job, population: pop.clone(), scenario: json.clone(), mode },
        move |job| {
            (0..total)
                .step_by(piece as usize)
                .map(|from| Job::Runs { job, from, to: (from + piece).min(total) })
                .collect()
        },
        on_reply,
        on_done,
    );
}

/// Checks the top drivers of the outcome's global sensitivity one at a time (at most
/// [`ONE_AT_A_TIME_DRIVERS`]): one base point with every assumption at its central value, then each driver
/// at the low and at the high end of the range its runs drew; [`ONE_AT_A_TIME_RUNS`] noise-only paired runs
/// a point, common random numbers.
pub fn run_sensitivity(outcome: Rc<Outcome>) {
    let scenario = outcome.scenario.clone();
    let keys: Vec<String> = outcome
        .summary
        .sensitivity
        .as_ref()
        .map(|g| g.full.drivers.iter().take(ONE_AT_A_TIME_DRIVERS).map(|d| d.key.clone()).collect())
        .unwrap_or_default();
    if keys.is_empty() {
        return;
    }
    cancel();
    let sampler = Sampler::of(&scenario, Mode::Central);
    // Each tested key with the ends of the range its runs drew.
    let tested: Vec<(String, f64, f64)> = keys
        .iter()
        .filter_map(|k| index_of(k).map(|i| (k.clone(), sampler.marginals()[i].low, sampler.marginals()[i].high)))
        .collect();
    let runs = scenario.runs.clamp(1, ONE_AT_A_TIME_RUNS);
    let total = 1 + 2 * tested.len() as u32;
    let points = Rc::new(RefCell::new(vec![f64::NAN; total as usize]));
    let jobs = {
        let tested = tested.clone();
        move |job: u32| {
            let mut v = vec![Job::Point { job, index: 0, key: None, value: 0.0, runs }];
            for (i, (key, low, high)) in tested.iter().enumerate() {
                let i = i as u32;
                v.push(Job::Point { job, index: 2 * i + 1, key: Some(key.clone()), value: *low, runs });
                v.push(Job::Point { job, index: 2 * i + 2, key: Some(key.clone()), value: *high, runs });
            }
            v
        }
    };
    let on_reply = {
        let points = points.clone();
        Box::new(move |reply: Reply| -> Result<(), String> {
            match reply {
                Reply::Point { index, mean_net, .. } => {
                    let done = {
                        let mut p = points.borrow_mut();
                        if let Some(slot) = p.get_mut(index as usize) {
                            *slot = mean_net;
                        }
                        p.iter().filter(|x| !x.is_nan()).count() as u32
                    };
                    update(false, |st| {
                        if let Some(r) = st.running.as_mut() {
                            r.done = done;
                        }
                    });
                    Ok(())
                }
                Reply::Failed { message, .. } => Err(message),
                Reply::Runs { .. } => Err("the worker answered a different question".into()),
            }
        })
    };
    let on_done = {
        let outcome = outcome.clone();
        Box::new(move || {
            let p = points.borrow();
            let mut bars: Vec<TornadoBar> = tested
                .iter()
                .enumerate()
                .filter_map(|(i, (key, low, high))| {
                    assumption(key).map(|a| TornadoBar::of(&a, *low, *high, p[2 * i + 1], p[2 * i + 2], p[0]))
                })
                .collect();
            sort_tornado(&mut bars);
            finish(Outcome { tornado: Some(Rc::new(bars)), ..(*outcome).clone() });
        })
    };
    let pop = (*outcome.population).clone();
    let json = scenario_json(&scenario);
    let workers = STORE.with(|s| ensure_workers(&mut s.borrow_mut()));
    begin(&scenario, Task::Sensitivity, total, workers);
    start_batch(
        move |job| Job::Load { job, population: pop.clone(), scenario: json.clone(), mode: Mode::Central },
        jobs,
        on_reply,
        on_done,
    );
}
