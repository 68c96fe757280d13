//! The monthly Monte Carlo kernel. See docs/model.md for the equations.
//!
//! A [`Plan`] is a scenario compiled against a population: the positions ("slots", numbered role by role),
//! each slot's cells (one per skill its role requires, stored contiguously in flat arrays), the programmes'
//! and technology's structure, and the [`Sampler`] that gives each run its assumptions. Per run, [`Tables`]
//! turn that run's [`Params`] into what the month loop reads (hazards, wages, transfer and decay tables, the
//! new-hire curve), once for the scenario and once for its baseline, from the same draw.
//!
//! One run is [`simulate_raw`]: a [`Month`] state stepped through the named steps of each month —
//! technology, leavers, ramp-up, hires, training, approvals (release and diffusion sources), diffusion,
//! costs, measuring service quality, customers. Readiness is linear in v = min(current, required), so the
//! kernel keeps V = Σ v per role × skill up to date by differences: a step that changes a cell marks its slot
//! (or refreshes the cell), and only trained cells still in play are revisited every month. Two service
//! tracks are kept: the full one, and the Phillips-conservative one, in which a trainee's applied gain counts
//! only within the benefit horizon after their training and diffusion to colleagues does not count.
//!
//! Leavers and hires are scheduled in per-month buckets, so a quiet month costs almost nothing; the
//! buffers of a run are reused for the next one.

use std::ops::Range;
use std::rc::Rc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::detmath::{self, approx_normal, key, unit};
use super::params::Params;
use super::population::Population;
use super::scenario::{Method, Scenario, Selection};
use super::uncertainty::{Mode, Sampler};

/// Draw purposes (the last part of a random key; programme and skill indices are packed below them).
const P_INIT: u32 = 1 << 28;
const P_TURNOVER: u32 = 2 << 28;
const P_HIRE: u32 = 3 << 28;
const P_VOLUNTEER: u32 = 4 << 28;
const P_GAIN: u32 = 5 << 28;
const P_APPLY: u32 = 6 << 28;
/// A position's state at month 0: vacant or not (the key's unit), and the tenure of a recent hire (the
/// unit of its mix).
const P_START: u32 = 7 << 28;

/// "Never trained" in the month-learned array, and "applies to the end" in the applies-until array.
const NONE: u16 = u16::MAX;

/// Everything one run reports. Series have `horizon + 1` entries: index 0 is the starting state, index m the
/// state at the end of month m. Money is in the workspace currency; quality is in points (0–100).
/// "Benefit" is always relative to the baseline run with the same seed and run index (zero for the
/// baseline itself).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    pub run: u32,
    /// Service quality: customer-contact-weighted readiness of the roles, lowered by understaffing (0–100).
    pub quality: Vec<f64>,
    /// The same in the Phillips-conservative track (trainees' gains only within the benefit horizon after
    /// their training; no diffusion).
    pub quality_conservative: Vec<f64>,
    /// Quality per SERVQUAL dimension, in [`crate::domain::model::Dimension::ALL`] order (5 series).
    pub quality_dims: Vec<Vec<f64>>,
    /// Share of the starting staff still in post.
    pub employee_retention: Vec<f64>,
    /// Leavers in the month.
    pub leavers: Vec<u32>,
    /// Vacant positions at the end of the month.
    pub vacancies: Vec<u32>,
    /// Share of customers kept in the month (1 − defection rate).
    pub customer_retention: Vec<f64>,
    /// Customers at the end of the month (expected number).
    pub customers: Vec<f64>,
    /// Customers minus the baseline's (0 for the baseline).
    pub extra_customers: Vec<f64>,
    /// Programme + technology + lever costs so far (wages at salary).
    pub cumulative_cost: Vec<f64>,
    /// Benefits so far: [`Self::benefit_customers`] + [`Self::benefit_turnover`].
    pub cumulative_benefit: Vec<f64>,
    /// Margin of the extra customers so far.
    pub benefit_customers: Vec<f64>,
    /// Direct replacement costs avoided so far (the baseline's minus the scenario's).
    pub benefit_turnover: Vec<f64>,
    /// Direct replacement costs of leavers so far (not part of `cumulative_cost`).
    pub cumulative_replacement_cost: Vec<f64>,
    /// Phillips-conservative cost so far: wages fully loaded (× on-cost multiplier), discounted.
    pub conservative_cost: Vec<f64>,
    /// Phillips-conservative benefit so far: gains within the benefit horizon, each kept customer counted
    /// for at most the benefit horizon, discounted and adjusted for confidence.
    pub conservative_benefit: Vec<f64>,
    /// Enrolments so far, all programmes.
    pub trained: Vec<u32>,
    /// Enrolments per programme per month (the training schedule).
    pub enrolments: Vec<Vec<u32>>,
    /// Σ over trained cells of the gain applied on the job, in levels.
    pub applied_gain: Vec<f64>,
    /// Mean gap (required − current, ≥ 0) per role × skill at the start, aligned with
    /// [`Population::role_skill_pairs`].
    pub start_gaps: Vec<f64>,
    /// The same at the end of the horizon.
    pub end_gaps: Vec<f64>,
    /// Lowest and highest proficiency of any filled cell at the end.
    pub proficiency_range: [f64; 2],
    /// The full view at the horizon: totals, Phillips ROI % = (B − C)/C × 100, BCR = B/C (`None` without
    /// costs) and payback (the month from which cumulative net benefit stays ≥ 0; `None` if not within the
    /// horizon or no costs).
    pub full: Totals,
    /// The Phillips-conservative view at the horizon.
    pub conservative: Totals,
}

/// One view's money at the horizon.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub cost: f64,
    pub benefit: f64,
    pub roi_percent: Option<f64>,
    pub bcr: Option<f64>,
    pub payback_month: Option<u32>,
}

impl Totals {
    fn of(benefit: &[f64], cost: &[f64]) -> Self {
        let h = benefit.len() - 1;
        let (b, c) = (benefit[h], cost[h]);
        let (roi_percent, bcr) = if c > 0.0 { (Some((b - c) / c * 100.0), Some(b / c)) } else { (None, None) };
        Totals { cost: c, benefit: b, roi_percent, bcr, payback_month: payback(benefit, cost) }
    }

    /// Benefit − cost.
    pub fn net(&self) -> f64 {
        self.benefit - self.cost
    }
}

/// The payback month of cumulative `benefit` against cumulative `cost`: the month from which the cumulative
/// net benefit stays ≥ 0 to the horizon (one after the last month it is below 0; the first month with a cost
/// if it never is). `None` without costs or when the net is below 0 at the horizon.
pub fn payback(benefit: &[f64], cost: &[f64]) -> Option<u32> {
    let h = benefit.len().checked_sub(1)?;
    if cost[h] <= 0.0 || benefit[h] < cost[h] {
        return None;
    }
    match (1..=h).rev().find(|&m| benefit[m] < cost[m]) {
        Some(m) => Some(m as u32 + 1),
        None => (1..=h).find(|&m| cost[m] > 0.0).map(|m| m as u32),
    }
}

struct ProgPlan {
    start: u32,
    end: u32,
    capacity: u32,
    selection: Selection,
    method: Method,
    /// Code breaking raises transfer (once, whatever the method).
    code_breaking: bool,
    delay: u32,
    cap: f64,
    diffusing: bool,
    fixed_cost: f64,
    cost_per_participant: f64,
    hours: f64,
    /// Per role: the positions `j` (within the role's skills) of the programme's skills; empty = not open.
    role_js: Vec<Vec<u16>>,
}

/// A scenario compiled against a population: structure and per-role constants, built once for many runs.
pub struct Plan<'a> {
    pop: &'a Population,
    sampler: Rc<Sampler>,
    h: u32,
    seed: u64,
    max: f32,
    n_slots: u32,
    slot_role: Vec<u32>,
    slot_cell0: Vec<u32>,
    role_slot0: Vec<u32>,
    role_rs0: Vec<u32>,
    rs_role: Vec<u32>,
    rs_j: Vec<u16>,
    rs_w: Vec<[f32; 6]>,
    rs_req0: Vec<f32>,
    /// The assessed levels of each role × skill (for unrated cells).
    rs_rated: Vec<Vec<super::population::Known>>,
    /// The role × skill and the slot of each cell.
    cell_rs: Vec<u32>,
    cell_slot: Vec<u32>,
    n_cells: u32,
    /// (month, rs, new required level)
    tech_events: Vec<(u32, u32, f32)>,
    /// Technology cost per month (index = month): the one-off cost in its first month and the running cost
    /// in every month it is in force, that first month included.
    tech_cost: Vec<f64>,
    progs: Vec<ProgPlan>,
    levers: [f64; 4],
    is_baseline: bool,
}

impl<'a> Plan<'a> {
    /// Compiles `scenario` against `pop`, with parameter uncertainty (every run draws every assumption).
    pub fn new(pop: &'a Population, scenario: &Scenario) -> Self {
        Self::with_mode(pop, scenario, Mode::Total)
    }

    /// Compiles `scenario` with `mode`: [`Mode::Central`] keeps every assumption at its central value (the
    /// noise-only runs).
    pub fn with_mode(pop: &'a Population, scenario: &Scenario, mode: Mode) -> Self {
        Self::with_sampler(pop, scenario, Rc::new(Sampler::of(scenario, mode)))
    }

    /// Compiles `scenario` with a sampler already made for it (a worker keeps one per loaded scenario).
    pub fn with_sampler(pop: &'a Population, scenario: &Scenario, sampler: Rc<Sampler>) -> Self {
        let h = scenario.horizon();
        let max = pop.max_level as f32;
        let (mut slot_role, mut slot_cell0, mut role_slot0, mut role_rs0) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut rs_role, mut rs_j, mut rs_w, mut rs_req0) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut cells, mut rs_rated, mut cell_rs, mut cell_slot) = (0u32, Vec::new(), Vec::new(), Vec::new());
        for (r, role) in pop.roles.iter().enumerate() {
            role_slot0.push(slot_role.len() as u32);
            role_rs0.push(rs_role.len() as u32);
            for (j, &k) in role.skills.iter().enumerate() {
                rs_role.push(r as u32);
                rs_j.push(j as u16);
                let imp = role.importance[j] as f32;
                let sq = pop.skills[k as usize].servqual;
                rs_w.push([imp, imp * sq[0] as f32, imp * sq[1] as f32, imp * sq[2] as f32, imp * sq[3] as f32, imp * sq[4] as f32]);
                rs_req0.push(role.required[j] as f32);
                rs_rated.push(role.people.iter().filter_map(|q| q.levels[j]).collect());
            }
            let rs0 = role_rs0[r];
            for _ in 0..role.headcount {
                let slot = slot_role.len() as u32;
                slot_role.push(r as u32);
                slot_cell0.push(cells);
                cells += role.skills.len() as u32;
                cell_rs.extend((0..role.skills.len() as u32).map(|j| rs0 + j));
                cell_slot.extend(std::iter::repeat_n(slot, role.skills.len()));
            }
        }
        let mut tech_events = Vec::new();
        let mut tech_cost = vec![0.0; h as usize + 1];
        for t in &scenario.technology {
            let m = t.from_month.max(1);
            if m <= h {
                tech_cost[m as usize] += t.fixed_cost;
                for c in &mut tech_cost[m as usize..] {
                    *c += t.monthly_cost;
                }
            }
            if let (Some(r), Some(k)) = (pop.role_index(&t.role), pop.skill_index(&t.skill)) {
                if let Some(j) = pop.roles[r as usize].skills.iter().position(|&x| x == k) {
                    tech_events.push((m, role_rs0[r as usize] + j as u32, t.required_level.min(pop.max_level) as f32));
                }
            }
        }
        tech_events.sort_by_key(|e| (e.0, e.1));
        let progs = scenario
            .programmes
            .iter()
            .map(|prog| {
                let skills: Vec<u32> = prog.skills.iter().filter_map(|s| pop.skill_index(s)).collect();
                let role_js = pop
                    .roles
                    .iter()
                    .map(|role| {
                        if !prog.roles.contains(&role.id) {
                            return Vec::new();
                        }
                        role.skills.iter().enumerate().filter(|(_, k)| skills.contains(k)).map(|(j, _)| j as u16).collect()
                    })
                    .collect();
                let start = prog.start_month.max(1);
                ProgPlan {
                    start,
                    end: start.saturating_add(prog.duration_months),
                    capacity: prog.capacity_per_month,
                    selection: prog.selection,
                    method: prog.method,
                    code_breaking: prog.code_breaking || prog.method == Method::CodeBreaking,
                    delay: prog.approval_delay_months,
                    cap: prog.adoption_cap.clamp(0.0, 1.0),
                    diffusing: prog.diffusing,
                    fixed_cost: prog.fixed_cost,
                    cost_per_participant: prog.cost_per_participant,
                    hours: prog.hours_per_participant,
                    role_js,
                }
            })
            .collect();
        let lv = scenario.levers;
        let lever = |x: f64| x.clamp(0.0, 1.0);
        Self {
            pop,
            sampler,
            h,
            seed: scenario.seed,
            max,
            n_slots: slot_role.len() as u32,
            slot_role,
            slot_cell0,
            role_slot0,
            role_rs0,
            rs_role,
            rs_j,
            rs_w,
            rs_req0,
            rs_rated,
            cell_rs,
            cell_slot,
            n_cells: cells,
            tech_events,
            tech_cost,
            progs,
            levers: [lever(lv.recognition), lever(lv.empowerment), lever(lv.communication), lever(lv.trust)],
            is_baseline: scenario.is_baseline(),
        }
    }

    /// The baseline of this plan's scenario, sharing its sampler (so its runs draw the same assumptions).
    pub fn baseline(&self, scenario: &Scenario) -> Plan<'a> {
        Plan::with_sampler(self.pop, &scenario.baseline(), self.sampler.clone())
    }

    /// The sampler that gives each run its assumptions.
    pub fn sampler(&self) -> &Sampler {
        &self.sampler
    }

    /// Run `run`'s parameters.
    pub fn params(&self, run: u32) -> Params {
        self.sampler.params(run)
    }

    /// The horizon in months.
    pub fn horizon(&self) -> u32 {
        self.h
    }
}

/// What one run of one plan reads, from that run's parameters.
struct Tables {
    p: Params,
    /// ln(1 − monthly hazard) per role, for untrained and for trained occupants.
    log_surv: Vec<f64>,
    trained_log_surv: Vec<f64>,
    /// Hourly wage per role, at salary.
    wage: Vec<f64>,
    /// Direct cost of a leaver per role.
    leaver_cost: Vec<f64>,
    /// Contact weight per role.
    cw: Vec<f64>,
    /// Long-run share of vacant positions per role under today's turnover (the understaffing reference).
    normal_vacancy: Vec<f64>,
    /// Mean learning gain per programme, in levels.
    gain: Vec<f64>,
    /// Per programme × months since training: the share of trainees applying (0 before approval).
    apply_share: Vec<f64>,
    /// Per programme × months since training: what is left of the gain while applied (0 before approval).
    applied: Vec<f32>,
    /// What is left of unused skill t months on: 2^(−t/h).
    unused: Vec<f32>,
    /// Share of a month each participant of a programme spends in training (≤ 1).
    fte: Vec<f64>,
    /// The new-hire shortfall t months after hiring, in levels (0 from the end of the ramp-up).
    ramp: Vec<f32>,
    /// Months a new hire is short (the ramp table is 0 from here on).
    ramp_len: u32,
    lever_cost_per_head: f64,
    replacement_delay: u32,
    /// Benefit horizon of the conservative track, in months.
    window: u32,
}

impl Tables {
    fn new(plan: &Plan, p: Params) -> Self {
        let (pop, h) = (plan.pop, plan.h);
        let hl = h as usize + 1;
        let [rec, emp, com, tru] = plan.levers;
        let climate = (1.0 + rec * p.recognition_transfer + emp * p.empowerment_transfer + com * p.communication_transfer
            + tru * p.trust_transfer)
            .max(0.0);
        let turnover_mult = (1.0 - rec * p.recognition_turnover - emp * p.empowerment_turnover - com * p.communication_turnover
            - tru * p.trust_turnover)
            .max(0.0);
        let lever_cost_per_head = rec * p.recognition_cost + emp * p.empowerment_cost + com * p.communication_cost + tru * p.trust_cost;
        let hazard: Vec<f64> = pop
            .roles
            .iter()
            .map(|r| (Params::monthly_hazard(r.annual_turnover * p.turnover_scale) * turnover_mult).clamp(0.0, 1.0))
            .collect();
        let log_surv = hazard.iter().map(|x| detmath::ln(1.0 - x)).collect();
        let trained_log_surv =
            hazard.iter().map(|x| detmath::ln(1.0 - (x * (1.0 + p.trained_turnover_effect)).clamp(0.0, 1.0))).collect();
        let curve = p.transfer_curve();
        let unused: Vec<f32> = (0..hl).map(|t| p.unused_retention(t as f64) as f32).collect();
        let mut apply_share = Vec::with_capacity(plan.progs.len() * hl);
        let mut applied = Vec::with_capacity(plan.progs.len() * hl);
        for prog in &plan.progs {
            let boost = if prog.code_breaking { p.code_breaking_transfer } else { 1.0 };
            let waited = p.unused_retention(prog.delay as f64);
            for s in 0..hl as u32 {
                if s < prog.delay {
                    apply_share.push(0.0);
                    applied.push(0.0);
                } else {
                    let t = (s - prog.delay) as f64;
                    apply_share.push((climate * boost * curve.at(t)).min(prog.cap).clamp(0.0, 1.0));
                    applied.push((waited * p.applied_retention(t)) as f32);
                }
            }
        }
        let monthly_hours = p.hours_per_year / 12.0;
        let ramp_len = p.time_to_proficiency_months.ceil().max(0.0) as u32;
        Tables {
            log_surv,
            trained_log_surv,
            wage: pop.roles.iter().map(|r| r.salary / p.hours_per_year).collect(),
            leaver_cost: pop.roles.iter().map(|r| p.replacement_cost_share * p.replacement_direct_share * r.salary).collect(),
            cw: pop.roles.iter().map(|r| p.contact_weight(r.contact)).collect(),
            normal_vacancy: pop.roles.iter().map(|r| normal_vacancy(&p, r.annual_turnover)).collect(),
            gain: plan.progs.iter().map(|g| p.mean_gain(g.method)).collect(),
            apply_share,
            applied,
            unused,
            fte: plan.progs.iter().map(|g| (g.hours / monthly_hours).clamp(0.0, 1.0)).collect(),
            ramp: (0..hl + ramp_len as usize).map(|t| (p.new_hire_gap_levels * p.ramp_left(t as f64)) as f32).collect(),
            ramp_len,
            lever_cost_per_head,
            replacement_delay: p.replacement_delay_months.round().max(0.0) as u32,
            window: p.benefit_horizon_months.round().max(0.0) as u32,
            p,
        }
    }
}

/// The state of the organisation in one run (buffers reused between runs).
#[derive(Clone, Default)]
struct State {
    // Cells.
    base: Vec<f32>,
    /// Diffused skill picked up from colleagues (full track only; it leaves with the person).
    diff: Vec<f32>,
    gain: Vec<f32>,
    learned: Vec<u16>,
    prog: Vec<u16>,
    /// The month the cell's trainee starts applying, and the month they stop (NONE: not within reach).
    from: Vec<u16>,
    to: Vec<u16>,
    /// min(current, required) of each cell as last counted in V, full and conservative (0 when vacant).
    cell_v: Vec<i32>,
    cell_vc: Vec<i32>,
    in_active: Vec<bool>,
    /// Cells with a learned gain that may still change.
    active: Vec<u32>,
    // Slots.
    filled: Vec<bool>,
    /// The month a position vacant at month 0 is filled (0: filled at month 0).
    vacant_until: Vec<u32>,
    original: Vec<bool>,
    hired: Vec<u32>,
    /// Months of tenure the occupant had at `hired`, for the new-hire curve (NONE: not ramping at month 0;
    /// 0 for a new hire).
    tenure: Vec<u16>,
    ramping: Vec<bool>,
    trained_any: Vec<bool>,
    /// Whether the occupant picked up diffused skill.
    diffused: Vec<bool>,
    /// `trained_by[slot * programmes + p]`.
    trained_by: Vec<bool>,
    /// ln u of each occupant's leave draw u (see [`months_to_leave`]).
    log_u: Vec<f64>,
    /// The month the occupant leaves (`u32::MAX`: not within reach).
    leave_month: Vec<u32>,
    dirty: Vec<bool>,
    dirty_list: Vec<u32>,
    ramp_list: Vec<u32>,
    // Role × skill.
    v_sum: Vec<i64>,
    vc_sum: Vec<i64>,
    /// Each cell's base at month 0: the profiles new hires are drawn from.
    base0: Vec<f32>,
}

fn fill<T: Clone>(v: &mut Vec<T>, n: usize, x: T) {
    v.clear();
    v.resize(n, x);
}

/// The starting organisation of run `run` into `st`: each role filled to headcount from its assessed people.
fn initial(plan: &Plan, p: &Params, run: u32, st: &mut State) {
    let pop = plan.pop;
    let n = plan.n_cells as usize;
    let slots = plan.n_slots as usize;
    let max = plan.max as f64;
    fill(&mut st.base, n, 0.0);
    let adjust = |k: super::population::Known| -> f64 {
        let l = k.level as f64 + if k.self_only { p.self_rating_bias } else { 0.0 };
        l.clamp(0.0, max)
    };
    fill(&mut st.tenure, slots, NONE);
    // The new-hire shortfall t months after hiring, t within the ramp-up (as in `Tables::ramp`).
    let shorts: Vec<f32> = (0..p.time_to_proficiency_months.ceil().max(0.0) as u32)
        .map(|t| (p.new_hire_gap_levels * p.ramp_left(t as f64)) as f32)
        .collect();
    for (r, role) in pop.roles.iter().enumerate() {
        let mut rng = ChaCha8Rng::seed_from_u64(key(plan.seed, run, r as u32, 0, P_INIT));
        let people = role.people.len() as u32;
        let s0 = plan.role_slot0[r];
        for i in 0..role.headcount {
            let slot = s0 + i;
            let person = if people == 0 {
                None
            } else if role.headcount >= people && i < people {
                Some(i)
            } else {
                Some(rng.random_range(0..people))
            };
            let c0 = plan.slot_cell0[slot as usize] as usize;
            for j in 0..role.skills.len() {
                let known = person.and_then(|x| role.people[x as usize].levels[j]);
                let level = match known {
                    Some(k) => adjust(k),
                    None => {
                        // From the role's distribution of assessed levels for this skill, else the fill-in.
                        let rated = &plan.rs_rated[plan.role_rs0[r] as usize + j];
                        if !rated.is_empty() {
                            adjust(rated[rng.random_range(0..rated.len() as u32) as usize])
                        } else {
                            let u: f64 = rng.random();
                            (role.required[j] as f64 + p.unrated_offset_levels + p.unrated_spread_levels * (2.0 * u - 1.0))
                                .clamp(0.0, max)
                        }
                    }
                };
                st.base[c0 + j] = level as f32;
            }
        }
        // Today's staff include recent hires still ramping up: each position filled at month 0 was filled t
        // months ago (t < the ramp-up) with probability h (the monthly hazard), and its occupant then grows by
        // the shortfall left at t. Their assessed level stays their level today; their base (where they are
        // headed) is that plus the shortfall, and a new hire heads for the base of a randomly drawn position of
        // the role. So turnover alone keeps a role at today's level instead of counting the ramp-up twice.
        let hazard = Params::monthly_hazard(role.annual_turnover * p.turnover_scale);
        for i in 0..role.headcount {
            let slot = s0 + i;
            let u = unit(detmath::mix(key(plan.seed, run, slot, 0, P_START)));
            let t = if hazard > 0.0 { (u / hazard) as u32 } else { u32::MAX };
            if (t as usize) < shorts.len() {
                let short = shorts[t as usize];
                let c0 = plan.slot_cell0[slot as usize] as usize;
                // (Not capped at the scale's top: the level is, where it is used.)
                for c in &mut st.base[c0..c0 + role.skills.len()] {
                    *c += short;
                }
                st.tenure[slot as usize] = t as u16;
            }
        }
    }
    st.base0.clone_from(&st.base);
    // Today is a normal month: each position is vacant with the long-run share of vacancies, its vacancy
    // ending in one of the next D months (the same in the scenario and its baseline).
    fill(&mut st.filled, slots, true);
    fill(&mut st.vacant_until, slots, 0);
    let delay = p.replacement_delay_months.round().max(0.0);
    for (r, role) in pop.roles.iter().enumerate() {
        let share = normal_vacancy(p, role.annual_turnover);
        let s0 = plan.role_slot0[r] as usize;
        for s in s0..s0 + if share > 0.0 { role.headcount as usize } else { 0 } {
            let u = unit(key(plan.seed, run, s as u32, 0, P_START));
            if u < share {
                st.filled[s] = false;
                st.vacant_until[s] = 1 + ((u / share * delay) as u32).min(delay as u32 - 1);
            }
        }
    }
    st.original.clone_from(&st.filled);
    // V at month 0: the positions filled, nothing learned yet, the starting requirements; the same in both
    // tracks, for a scenario and its baseline.
    fill(&mut st.cell_v, n, 0);
    fill(&mut st.v_sum, plan.rs_role.len(), 0);
    for c in 0..n {
        let s = plan.cell_slot[c] as usize;
        if st.filled[s] {
            let rs = plan.cell_rs[c] as usize;
            let t = st.tenure[s];
            let short = if t == NONE { 0.0 } else { shorts[t as usize] };
            let v = min_level(min_level(above0(st.base[c] - short), plan.max), plan.rs_req0[rs]);
            st.cell_v[c] = fix(v);
            st.v_sum[rs] += fix(v) as i64;
        }
    }
    st.cell_vc.clone_from(&st.cell_v);
    st.vc_sum.clone_from(&st.v_sum);
    fill(&mut st.diff, n, 0.0);
    fill(&mut st.gain, n, 0.0);
    fill(&mut st.learned, n, NONE);
    fill(&mut st.prog, n, 0);
    fill(&mut st.from, n, NONE);
    fill(&mut st.to, n, NONE);
    fill(&mut st.in_active, n, false);
    st.active.clear();
    fill(&mut st.hired, slots, 0);
    fill(&mut st.ramping, slots, false);

    fill(&mut st.trained_any, slots, false);
    fill(&mut st.diffused, slots, false);
    fill(&mut st.trained_by, slots * plan.progs.len(), false);
    st.log_u.clear();
    st.log_u.extend((0..plan.n_slots).map(|slot| leave_draw(plan, run, slot, 0)));
    fill(&mut st.leave_month, slots, u32::MAX);
    fill(&mut st.dirty, slots, false);
    st.dirty_list.clear();
    st.ramp_list.clear();
    for s in 0..slots {
        if st.filled[s] && st.tenure[s] != NONE {
            st.ramping[s] = true;
            st.ramp_list.push(s as u32);
        }
    }
}

/// ln u of an occupant's leave draw u ∈ (0, 1], keyed by (slot, month hired): one draw per occupant.
fn leave_draw(plan: &Plan, run: u32, slot: u32, month: u32) -> f64 {
    detmath::ln(1.0 - unit(key(plan.seed, run, slot, month, P_TURNOVER)))
}

/// Months until an occupant with leave draw u leaves at a monthly hazard h (`log_surv` = ln(1 − h)): the
/// first n ≥ 1 with (1 − h)^n ≤ u, i.e. ceil(ln u / ln(1 − h)). P(n ≤ k) = 1 − (1 − h)^k: the same law as a
/// Bernoulli(h) draw every month, but one draw per occupant, so a lower hazard (a lever) can only keep the
/// same occupant longer (common random numbers with a monotone coupling).
fn months_to_leave(log_u: f64, log_surv: f64) -> u32 {
    if log_surv >= 0.0 {
        return u32::MAX;
    }
    let n = (log_u / log_surv).ceil();
    if n < 1.0 {
        1
    } else if n >= 1e9 {
        u32::MAX
    } else {
        n as u32
    }
}

/// The share of role `r`'s positions vacant in the long run under today's turnover (no levers, nobody
/// trained): with a monthly hazard h and vacancies of D months, h·D / (1 + h·D).
fn normal_vacancy(p: &Params, annual_turnover: f64) -> f64 {
    let h = Params::monthly_hazard(annual_turnover * p.turnover_scale);
    let d = p.replacement_delay_months.round().max(0.0);
    h * d / (1.0 + h * d)
}

/// Raw monthly outputs of one run, before the comparison with the baseline.
struct Raw {
    quality: Vec<f64>,
    quality_c: Vec<f64>,
    dims: Vec<Vec<f64>>,
    employee_retention: Vec<f64>,
    leavers: Vec<u32>,
    vacancies: Vec<u32>,
    /// Cumulative cost (wages at salary), and the wage part of it.
    cost: Vec<f64>,
    wages: Vec<f64>,
    replacement: Vec<f64>,
    trained: Vec<u32>,
    enrolments: Vec<Vec<u32>>,
    applied: Vec<f64>,
    start_gaps: Vec<f64>,
    end_gaps: Vec<f64>,
    prof: [f64; 2],
}

/// The smaller of two levels (proficiencies, required levels, the scale maximum): `a.min(b)`, for values
/// that are never negative, −0 or NaN, which levels never are (they start clamped to [0, max] and only gains
/// ≥ 0 are added). For such values the IEEE bit patterns order exactly like the numbers, so both versions
/// below give the same bits; debug builds check that, and the domain.
///
/// - wasm32 has no instruction with `f32::min`'s semantics (it calls a libm routine), and a float `select`
///   mispredicts in these loops; an integer minimum of the bit patterns compiles to neither and made the
///   kernel's cell loops 2–4× faster in the browser.
/// - Natively a plain comparison, which compiles to one `minss` (`f32::min`'s NaN handling cost four more
///   instructions in the hottest loop; levels are never NaN).
#[inline(always)]
fn min_level(a: f32, b: f32) -> f32 {
    #[cfg(target_arch = "wasm32")]
    let r = f32::from_bits(a.to_bits().min(b.to_bits()));
    #[cfg(not(target_arch = "wasm32"))]
    let r = if a < b { a } else { b };
    debug_assert!(
        a.to_bits() <= f32::INFINITY.to_bits() && b.to_bits() <= f32::INFINITY.to_bits(),
        "min_level({a}, {b}): a level is negative, −0 or NaN"
    );
    debug_assert_eq!(r.to_bits(), a.to_bits().min(b.to_bits()));
    r
}

/// `a.max(b)`. On wasm32 written out, as x86-64 computes `f32::max` (`b` if `a` is NaN, the larger
/// otherwise, `a` when they compare equal), so that it is inlined instead of calling a libm routine.
#[inline(always)]
fn max32(a: f32, b: f32) -> f32 {
    #[cfg(target_arch = "wasm32")]
    let r = if a.is_nan() || b > a { b } else { a };
    #[cfg(not(target_arch = "wasm32"))]
    let r = a.max(b);
    r
}

/// Fixed-point units per level of V (see [`fix`]).
const FIX: f32 = 65536.0;

/// A level min(current, required) ∈ [0, max] as fixed point (2⁻¹⁶ levels): V sums of these are exact
/// integers, so they carry no rounding drift however many times a cell is recounted, and integer adds are
/// cheaper than the f64 conversions they replace.
#[inline(always)]
fn fix(v: f32) -> i32 {
    let x = v * FIX;
    debug_assert!((0.0..2.0e9).contains(&x), "fix({v}): not a level");
    // SAFETY: levels are finite and within [0, the scale's top], so x is in [0, 2^31) (checked in debug
    // builds); the saturating `as` costs five instructions in the hottest loop.
    unsafe { x.to_int_unchecked::<i32>() }
}

/// A V sum back in levels.
#[inline(always)]
fn unfix(v: i64) -> f64 {
    v as f64 / FIX as f64
}

/// `x` if it is above 0, else +0 (never −0 or NaN): the floor of a level.
#[inline(always)]
fn above0(x: f32) -> f32 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

/// Per-run scratch buffers, reused.
#[derive(Default)]
struct Scratch {
    leave_at: Vec<Vec<u32>>,
    hire_at: Vec<Vec<u32>>,
    /// Trainees whose approval comes in a later month and who then apply: (month, cell, month learned).
    release_at: Vec<Vec<(u32, u16)>>,
    eligible: Vec<(f64, u32)>,
    diffuse: Vec<f64>,
}

impl Scratch {
    fn reset(&mut self, hl: usize, rs: usize) {
        for v in [&mut self.leave_at, &mut self.hire_at] {
            v.resize_with(hl, Vec::new);
            v.truncate(hl);
            v.iter_mut().for_each(Vec::clear);
        }
        self.release_at.resize_with(hl, Vec::new);
        self.release_at.truncate(hl);
        self.release_at.iter_mut().for_each(Vec::clear);
        fill(&mut self.diffuse, rs, 0.0);
    }
}

/// One run of one plan, month by month: the state, what the steps share, and what is reported.
struct Month<'r, 'a> {
    plan: &'r Plan<'a>,
    t: &'r Tables,
    st: &'r mut State,
    x: &'r mut Scratch,
    out: Raw,
    run: u32,
    m: u32,
    hl: usize,
    /// Keep the conservative track (a baseline has nothing it leaves out).
    conservative: bool,
    req: Vec<f32>,
    /// Σ weight × required per role and dimension (0: quality, 1–5: SERVQUAL).
    den: Vec<[f64; 6]>,
    filled: Vec<u32>,
    /// Share of a month spent in training this month, per role.
    fte: Vec<f64>,
    vacancies: u32,
    originals: f64,
    originals_left: f64,
    cost: f64,
    wages: f64,
    replacement: f64,
    trained: u32,
    tech_next: usize,
}

impl<'r, 'a> Month<'r, 'a> {
    fn new(plan: &'r Plan<'a>, t: &'r Tables, st: &'r mut State, x: &'r mut Scratch, run: u32) -> Self {
        let pop = plan.pop;
        let hl = plan.h as usize + 1;
        x.reset(hl, plan.rs_role.len());
        let out = Raw {
            quality: vec![0.0; hl],
            quality_c: vec![0.0; hl],
            dims: vec![vec![0.0; hl]; 5],
            employee_retention: vec![1.0; hl],
            leavers: vec![0; hl],
            vacancies: vec![0; hl],
            cost: vec![0.0; hl],
            wages: vec![0.0; hl],
            replacement: vec![0.0; hl],
            trained: vec![0; hl],
            enrolments: vec![vec![0; hl]; plan.progs.len()],
            applied: vec![0.0; hl],
            start_gaps: Vec::new(),
            end_gaps: Vec::new(),
            prof: [0.0, 0.0],
        };
        let mut filled: Vec<u32> = pop.roles.iter().map(|r| r.headcount).collect();
        let mut vacancies = 0;
        for slot in 0..plan.n_slots {
            let s = slot as usize;
            if !st.filled[s] {
                filled[plan.slot_role[s] as usize] -= 1;
                vacancies += 1;
                st.leave_month[s] = u32::MAX;
                if st.vacant_until[s] <= plan.h {
                    x.hire_at[st.vacant_until[s] as usize].push(slot);
                }
                continue;
            }
            let n = months_to_leave(st.log_u[s], t.log_surv[plan.slot_role[s] as usize]);
            st.leave_month[s] = n;
            if n <= plan.h {
                x.leave_at[n as usize].push(slot);
            }
        }
        let originals = st.original.iter().filter(|&&o| o).count() as f64;
        let mut me = Month {
            plan,
            t,
            st,
            x,
            out,
            run,
            m: 0,
            hl,
            conservative: !plan.is_baseline,
            req: plan.rs_req0.clone(),
            den: vec![[0.0; 6]; pop.roles.len()],
            filled,
            fte: vec![0.0; pop.roles.len()],
            vacancies,
            originals,
            originals_left: originals,
            cost: 0.0,
            wages: 0.0,
            replacement: 0.0,
            trained: 0,
            tech_next: 0,
        };
        me.compute_den();
        me
    }

    fn compute_den(&mut self) {
        let plan = self.plan;
        for (r, d) in self.den.iter_mut().enumerate() {
            *d = [0.0; 6];
            let rs0 = plan.role_rs0[r] as usize;
            for j in 0..plan.pop.roles[r].skills.len() {
                for (x, w) in d.iter_mut().zip(plan.rs_w[rs0 + j]) {
                    *x += w as f64 * self.req[rs0 + j] as f64;
                }
            }
        }
    }

    #[inline(always)]
    fn mark(&mut self, s: usize) {
        if !self.st.dirty[s] {
            self.st.dirty[s] = true;
            self.st.dirty_list.push(s as u32);
        }
    }

    /// The new-hire shortfall of slot `s` this month, in levels.
    #[inline(always)]
    fn deficit(&self, s: usize) -> f32 {
        if self.st.ramping[s] {
            self.t.ramp[(self.m - self.st.hired[s] + self.st.tenure[s] as u32) as usize]
        } else {
            0.0
        }
    }

    /// The applied gain of cell `c` this month, in levels (0 before approval, after the trainee stopped
    /// applying, or if they never did).
    #[inline(always)]
    fn applied(&self, c: usize) -> (f32, u32) {
        let st = &*self.st;
        let l = st.learned[c];
        if l == NONE {
            return (0.0, u32::MAX);
        }
        let m = self.m as u16;
        let s = (self.m - l as u32) as usize;
        if m >= st.from[c] && m < st.to[c] {
            (st.gain[c] * self.t.applied[st.prog[c] as usize * self.hl + s], s as u32)
        } else {
            (0.0, s as u32)
        }
    }

    /// The current level of cell `c` (not capped at the requirement), with the slot's shortfall `deficit`.
    #[inline(always)]
    fn level(&self, c: usize, deficit: f32) -> f32 {
        let (a, _) = self.applied(c);
        min_level(above0(self.st.base[c] - deficit) + self.st.diff[c] + a, self.plan.max)
    }

    /// Recounts cell `c` (role × skill `rs`) in V, in both tracks.
    #[inline(always)]
    fn refresh(&mut self, c: usize, rs: usize, deficit: f32) -> f32 {
        let (a, s) = self.applied(c);
        let st = &mut *self.st;
        let own = above0(st.base[c] - deficit);
        let req = self.req[rs];
        let max = self.plan.max;
        let v = min_level(min_level(own + st.diff[c] + a, max), req);
        let v = fix(v);
        st.v_sum[rs] += (v - st.cell_v[c]) as i64;
        st.cell_v[c] = v;
        if self.conservative {
            let ac = if s <= self.t.window { a } else { 0.0 };
            let vc = min_level(min_level(own + ac, max), req);
            let vc = fix(vc);
            st.vc_sum[rs] += (vc - st.cell_vc[c]) as i64;
            st.cell_vc[c] = vc;
        }
        a
    }

    /// Recounts every cell of slot `s` in V, in both tracks: [`Self::refresh`] for each, on slices taken once
    /// (the hot loop of ramping and new hires), with the same operations in the same order.
    fn refresh_slot(&mut self, s: usize) {
        let plan = self.plan;
        let r = plan.slot_role[s] as usize;
        let (c0, rs0, k) = (plan.slot_cell0[s] as usize, plan.role_rs0[r] as usize, plan.pop.roles[r].skills.len());
        let d = self.deficit(s);
        let (m, hl, window, max, conservative) = (self.m, self.hl, self.t.window, plan.max, self.conservative);
        let applied_tab = &self.t.applied[..];
        let st = &mut *self.st;
        let (base, diff, learned) = (&st.base[c0..c0 + k], &st.diff[c0..c0 + k], &st.learned[c0..c0 + k]);
        let (gain, prog, from, to) = (&st.gain[c0..c0 + k], &st.prog[c0..c0 + k], &st.from[c0..c0 + k], &st.to[c0..c0 + k]);
        let (cell_v, cell_vc) = (&mut st.cell_v[c0..c0 + k], &mut st.cell_vc[c0..c0 + k]);
        let (v_sum, vc_sum) = (&mut st.v_sum[rs0..rs0 + k], &mut st.vc_sum[rs0..rs0 + k]);
        let req = &self.req[rs0..rs0 + k];
        if !st.trained_any[s] && !st.diffused[s] {
            // Nothing learned or picked up: both tracks are min(base − shortfall, max, required). The
            // common case (ramping new hires), branch-free.
            for j in 0..k {
                let v = fix(min_level(min_level(above0(base[j] - d), max), req[j]));
                v_sum[j] += (v - cell_v[j]) as i64;
                cell_v[j] = v;
            }
            if conservative {
                for j in 0..k {
                    let v = cell_v[j];
                    vc_sum[j] += (v - cell_vc[j]) as i64;
                    cell_vc[j] = v;
                }
            }
            return;
        }
        for j in 0..k {
            let l = learned[j];
            let own = above0(base[j] - d);
            if l == NONE {
                // Untrained: no applied gain; the conservative track differs only by the diffused skill.
                let dj = diff[j];
                let v = fix(min_level(min_level(own + dj, max), req[j]));
                v_sum[j] += (v - cell_v[j]) as i64;
                cell_v[j] = v;
                if conservative {
                    let vc = if dj == 0.0 { v } else { fix(min_level(min_level(own, max), req[j])) };
                    vc_sum[j] += (vc - cell_vc[j]) as i64;
                    cell_vc[j] = vc;
                }
                continue;
            }
            let since = m - l as u32;
            let mm = m as u16;
            let a = if mm >= from[j] && mm < to[j] { gain[j] * applied_tab[prog[j] as usize * hl + since as usize] } else { 0.0 };
            let in_window = since <= window;
            let v = min_level(min_level(own + diff[j] + a, max), req[j]);
            let v = fix(v);
            v_sum[j] += (v - cell_v[j]) as i64;
            cell_v[j] = v;
            if conservative {
                let ac = if in_window { a } else { 0.0 };
                let vc = min_level(min_level(own + ac, max), req[j]);
                let vc = fix(vc);
                vc_sum[j] += (vc - cell_vc[j]) as i64;
                cell_vc[j] = vc;
            }
        }
    }

    /// What is left of cell `c`'s learned gain this month, applied or not (for retraining).
    fn remembered(&self, c: usize) -> f32 {
        let st = &*self.st;
        let l = st.learned[c];
        if l == NONE {
            return 0.0;
        }
        let (m, hl) = (self.m as usize, self.hl);
        let row = st.prog[c] as usize * hl;
        let (from, to) = (st.from[c] as usize, (st.to[c] as usize).min(m));
        let left = if m < from {
            self.t.unused[m - l as usize]
        } else if to > from {
            // Applied from `from` to `to`, unused since.
            self.t.applied[row + (to - l as usize).min(hl - 1)] * self.t.unused[m - to]
        } else {
            self.t.unused[m - l as usize]
        };
        st.gain[c] * left
    }

    // ---- the steps of a month ----------------------------------------------------------------------------

    /// 1. Technology support lowers required levels from its month on.
    fn technology(&mut self) {
        let plan = self.plan;
        let mut changed = false;
        while self.tech_next < plan.tech_events.len() && plan.tech_events[self.tech_next].0 <= self.m {
            let (_, rs, level) = plan.tech_events[self.tech_next];
            let rs = rs as usize;
            self.req[rs] = min_level(self.req[rs], level);
            let r = plan.rs_role[rs] as usize;
            let s0 = plan.role_slot0[r] as usize;
            let j = plan.rs_j[rs] as usize;
            for s in s0..s0 + plan.pop.roles[r].headcount as usize {
                if self.st.filled[s] {
                    let d = self.deficit(s);
                    self.refresh(plan.slot_cell0[s] as usize + j, rs, d);
                }
            }
            self.tech_next += 1;
            changed = true;
        }
        if changed {
            self.compute_den();
        }
    }

    /// 2. Leavers leave; what they had learned leaves with them; each costs the direct replacement cost.
    fn leavers(&mut self) {
        let (plan, m) = (self.plan, self.m);
        let n_progs = plan.progs.len();
        let bucket = std::mem::take(&mut self.x.leave_at[m as usize]);
        let mut leavers = 0u32;
        for &slot in &bucket {
            let s = slot as usize;
            if !self.st.filled[s] || self.st.leave_month[s] != m {
                continue; // rescheduled
            }
            let r = plan.slot_role[s] as usize;
            leavers += 1;
            let st = &mut *self.st;
            st.filled[s] = false;
            st.ramping[s] = false;
            self.filled[r] -= 1;
            self.vacancies += 1;
            let back = m + self.t.replacement_delay;
            if back <= plan.h {
                self.x.hire_at[back as usize].push(slot);
            }
            if st.original[s] {
                st.original[s] = false;
                self.originals_left -= 1.0;
            }
            self.replacement += self.t.leaver_cost[r];
            st.trained_any[s] = false;
            st.diffused[s] = false;
            st.trained_by[s * n_progs..(s + 1) * n_progs].iter_mut().for_each(|t| *t = false);
            let (c0, rs0, k) = (plan.slot_cell0[s] as usize, plan.role_rs0[r] as usize, plan.pop.roles[r].skills.len());
            st.learned[c0..c0 + k].fill(NONE);
            st.gain[c0..c0 + k].fill(0.0);
            st.diff[c0..c0 + k].fill(0.0);
            for (sum, v) in st.v_sum[rs0..rs0 + k].iter_mut().zip(&mut st.cell_v[c0..c0 + k]) {
                *sum -= *v as i64;
                *v = 0;
            }
            for (sum, v) in st.vc_sum[rs0..rs0 + k].iter_mut().zip(&mut st.cell_vc[c0..c0 + k]) {
                *sum -= *v as i64;
                *v = 0;
            }
        }
        self.x.leave_at[m as usize] = bucket;
        self.out.leavers[m as usize] = leavers;
    }

    /// 3. Recent hires ramp up: their shortfall follows the new-hire curve (the cells are recounted in step 8).
    fn ramp_up(&mut self) {
        let mut list = std::mem::take(&mut self.st.ramp_list);
        list.retain(|&slot| {
            let s = slot as usize;
            if !self.st.filled[s] || !self.st.ramping[s] {
                return false;
            }
            let done = self.m - self.st.hired[s] + self.st.tenure[s] as u32 >= self.t.ramp_len;
            if done {
                self.st.ramping[s] = false; // recounted once more at 0 shortfall, then done
            }
            if !self.st.dirty[s] {
                self.refresh_slot(s);
            }
            !done
        });
        self.st.ramp_list = list;
    }

    /// 4. New hires fill positions whose vacancy has run its course, headed for the profile of a randomly
    /// drawn position of the role as it was at month 0.
    fn hires(&mut self) {
        let (plan, m) = (self.plan, self.m);
        let seed = plan.seed;
        let bucket = std::mem::take(&mut self.x.hire_at[m as usize]);
        for &slot in &bucket {
            let s = slot as usize;
            let r = plan.slot_role[s] as usize;
            let c0 = plan.slot_cell0[s] as usize;
            let n = plan.pop.roles[r].skills.len();
            // Like one of today's positions in the role, drawn at random: its profile is where they are headed.
            let hc = plan.pop.roles[r].headcount as u64;
            let pick = ((key(seed, self.run, slot, m, P_HIRE) >> 32) * hc >> 32) as u32;
            let like = plan.slot_cell0[(plan.role_slot0[r] + pick) as usize] as usize;
            self.st.base[c0..c0 + n].copy_from_slice(&self.st.base0[like..like + n]);
            let st = &mut *self.st;
            st.filled[s] = true;
            st.hired[s] = m;
            st.tenure[s] = 0;
            if self.t.ramp_len > 0 && self.t.ramp[0] > 0.0 {
                st.ramping[s] = true;
                st.ramp_list.push(slot);
            }
            self.filled[r] += 1;
            self.vacancies -= 1;
            st.log_u[s] = leave_draw(plan, self.run, slot, m);
            let n = months_to_leave(st.log_u[s], self.t.log_surv[r]);
            st.leave_month[s] = m.saturating_add(n);
            if st.leave_month[s] <= plan.h {
                self.x.leave_at[st.leave_month[s] as usize].push(slot);
            }
            self.mark(s);
        }
        self.x.hire_at[m as usize] = bucket;
    }

    /// 5. Programmes enrol and train; each participant learns a gain and draws, once, whether and for how
    /// long they apply it; their hours in training are away from service this month.
    fn training(&mut self) {
        let (plan, m) = (self.plan, self.m);
        let pop = plan.pop;
        let n_progs = plan.progs.len();
        let (seed, run, hl, h) = (plan.seed, self.run, self.hl, plan.h);
        self.fte.iter_mut().for_each(|x| *x = 0.0);
        let cmp = |a: &(f64, u32), b: &(f64, u32)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
        for (pi, prog) in plan.progs.iter().enumerate() {
            if m < prog.start || m >= prog.end {
                continue;
            }
            if m == prog.start {
                self.cost += prog.fixed_cost;
            }
            if prog.capacity == 0 {
                continue;
            }
            let mut eligible = std::mem::take(&mut self.x.eligible);
            eligible.clear();
            for (r, js) in prog.role_js.iter().enumerate() {
                if js.is_empty() {
                    continue;
                }
                let s0 = plan.role_slot0[r];
                let rs0 = plan.role_rs0[r] as usize;
                for slot in s0..s0 + pop.roles[r].headcount {
                    let s = slot as usize;
                    if !self.st.filled[s] || self.st.trained_by[s * n_progs + pi] {
                        continue;
                    }
                    let score = match prog.selection {
                        Selection::LargestGap => {
                            let c0 = plan.slot_cell0[s] as usize;
                            let d = self.deficit(s);
                            let mut g = 0.0f32;
                            for &j in js {
                                let j = j as usize;
                                let gap = max32(self.req[rs0 + j] - self.level(c0 + j, d), 0.0);
                                g += plan.rs_w[rs0 + j][0] * gap;
                            }
                            -(g as f64)
                        }
                        Selection::WholeRole => 0.0,
                        Selection::Volunteers { participation } => {
                            let u = unit(key(seed, run, slot, self.st.hired[s], P_VOLUNTEER | pi as u32));
                            if u >= participation.clamp(0.0, 1.0) {
                                continue;
                            }
                            u
                        }
                    };
                    eligible.push((score, slot));
                }
            }
            let take = (prog.capacity as usize).min(eligible.len());
            if take < eligible.len() && take > 0 {
                eligible.select_nth_unstable_by(take - 1, cmp);
            }
            eligible[..take].sort_unstable_by(cmp);
            let row = pi * hl;
            for &(_, slot) in &eligible[..take] {
                let s = slot as usize;
                let r = plan.slot_role[s] as usize;
                let wage = prog.hours * self.t.wage[r];
                self.cost += prog.cost_per_participant + wage;
                self.wages += wage;
                self.fte[r] += self.t.fte[pi];
                self.trained += 1;
                self.out.enrolments[pi][m as usize] += 1;
                self.st.trained_by[s * n_progs + pi] = true;
                if !self.st.trained_any[s] && self.t.trained_log_surv[r] != self.t.log_surv[r] {
                    // Trained staff leave at another rate from now on: the same draw, the rest of the way.
                    let left = self.st.log_u[s] - (m - self.st.hired[s]) as f64 * self.t.log_surv[r];
                    self.st.leave_month[s] = m.saturating_add(months_to_leave(left, self.t.trained_log_surv[r]));
                    if self.st.leave_month[s] <= h {
                        self.x.leave_at[self.st.leave_month[s] as usize].push(slot);
                    }
                }
                self.st.trained_any[s] = true;
                // Applies or not: one draw per participant. They apply while the share applying is above it.
                let u = unit(key(seed, run, slot, m, P_APPLY | pi as u32));
                let shares = &self.t.apply_share[row..row + hl];
                let delay = prog.delay.min(h + 1);
                let (from, to) = if (delay as usize) < hl && u < shares[delay as usize] {
                    let stop = (delay as usize..hl - (m as usize)).find(|&s| shares[s] <= u);
                    (m + delay, stop.map_or(NONE as u32, |s| m + s as u32))
                } else {
                    (m + delay, m + delay) // never applies
                };
                let from16 = from.min(NONE as u32 - 1) as u16;
                let to16 = if to == NONE as u32 { NONE } else { to.min(NONE as u32 - 1) as u16 };
                let c0 = plan.slot_cell0[s] as usize;
                let rs0 = plan.role_rs0[r] as usize;
                for &j in &prog.role_js[r] {
                    let c = c0 + j as usize;
                    // Retraining: what is left of the earlier gain, applied or not, adds to the new one.
                    let before = self.remembered(c);
                    let z = approx_normal(key(seed, run, slot, m, P_GAIN | (pi as u32) << 12 | j as u32));
                    let g = (self.t.gain[pi] * (1.0 + self.t.p.gain_cv * z).max(0.0)) as f32;
                    let st = &mut *self.st;
                    st.gain[c] = before + g;
                    st.learned[c] = m as u16;
                    st.prog[c] = pi as u16;
                    st.from[c] = from16;
                    st.to[c] = to16;
                    if !st.in_active[c] {
                        st.in_active[c] = true;
                        st.active.push(c as u32);
                    }
                    if prog.diffusing && to16 > from16 {
                        if from == m {
                            self.x.diffuse[rs0 + j as usize] += (st.gain[c] * self.t.applied[row + delay as usize]) as f64;
                        } else if from <= h {
                            self.x.release_at[from as usize].push((c as u32, m as u16));
                        }
                    }
                }
            }
            self.x.eligible = eligible;
        }
    }

    /// 6. Approvals: trainees whose approval delay ends now start applying, and their applied gain is a source
    /// of diffusion (so an approval delay postpones diffusion, it does not switch it off).
    fn approvals(&mut self) {
        let m = self.m as usize;
        if self.x.release_at[m].is_empty() {
            return;
        }
        let list = std::mem::take(&mut self.x.release_at[m]);
        for &(c, l) in &list {
            let c = c as usize;
            let st = &*self.st;
            if st.learned[c] != l || st.from[c] as usize != m {
                continue; // left, or retrained since
            }
            let (a, _) = self.applied(c);
            self.x.diffuse[self.plan.cell_rs[c] as usize] += a as f64;
        }
        self.x.release_at[m] = list;
    }

    /// 7. Diffusing: colleagues in the role who were never trained on the skill pick up a share of what the
    /// trainees who started applying this month apply. It is theirs (new hires still ramping up included)
    /// until they leave.
    fn diffusion(&mut self) {
        let plan = self.plan;
        for rs in 0..self.x.diffuse.len() {
            let total = self.x.diffuse[rs];
            if total == 0.0 {
                continue;
            }
            self.x.diffuse[rs] = 0.0;
            let r = plan.rs_role[rs] as usize;
            let inc = (self.t.p.diffusion_share * total / self.filled[r].max(1) as f64) as f32;
            if inc <= 0.0 {
                continue;
            }
            // Only untrained cells pick it up, so only the full track changes (the conservative one leaves
            // diffusion out): the recount of `refresh` for such a cell, inlined.
            let j = plan.rs_j[rs] as usize;
            let s0 = plan.role_slot0[r] as usize;
            let (req, max) = (self.req[rs], plan.max);
            let mut delta = 0i64;
            for s in s0..s0 + plan.pop.roles[r].headcount as usize {
                let c = plan.slot_cell0[s] as usize + j;
                if self.st.filled[s] && self.st.learned[c] == NONE {
                    let d = self.deficit(s);
                    let st = &mut *self.st;
                    st.diffused[s] = true;
                    st.diff[c] += inc;
                    let v = fix(min_level(min_level(above0(st.base[c] - d) + st.diff[c], max), req));
                    delta += (v - st.cell_v[c]) as i64;
                    st.cell_v[c] = v;
                }
            }
            self.st.v_sum[rs] += delta;
        }
    }

    /// 8. Technology and lever costs.
    fn costs(&mut self) {
        self.cost += self.plan.tech_cost[self.m as usize];
        self.cost += self.t.lever_cost_per_head * (self.plan.n_slots - self.vacancies) as f64;
    }

    /// 9. Service quality: recount the cells that changed and the trained cells still in play, then the
    /// contact-weighted readiness of each role, lowered by its understaffing (vacancies and time in
    /// training), in both tracks.
    fn measure(&mut self) {
        let plan = self.plan;
        let m = self.m;
        let dirty = std::mem::take(&mut self.st.dirty_list);
        for &slot in &dirty {
            let s = slot as usize;
            self.st.dirty[s] = false;
            if !self.st.filled[s] {
                continue;
            }
            self.refresh_slot(s);
        }
        self.st.dirty_list = dirty;
        self.st.dirty_list.clear();
        let mut applied_sum = 0f64;
        let mut active = std::mem::take(&mut self.st.active);
        let mut i = 0;
        while i < active.len() {
            let c = active[i] as usize;
            let l = self.st.learned[c];
            if l == NONE {
                self.st.in_active[c] = false;
                active.swap_remove(i);
                continue;
            }
            let s = plan.cell_slot[c] as usize;
            let d = self.deficit(s);
            let a = self.refresh(c, plan.cell_rs[c] as usize, d);
            applied_sum += a as f64;
            // Done when it no longer changes: not applied any more and past the benefit horizon.
            let to = self.st.to[c];
            if to != NONE && m >= to as u32 && m - l as u32 > self.t.window {
                self.st.in_active[c] = false;
                active.swap_remove(i);
                continue;
            }
            i += 1;
        }
        self.st.active = active;
        let mi = m as usize;
        let (q, dims) = self.quality(&self.st.v_sum, true);
        self.out.quality[mi] = q;
        for (d, x) in dims.into_iter().enumerate() {
            self.out.dims[d][mi] = x;
        }
        self.out.quality_c[mi] = if self.conservative { self.quality(&self.st.vc_sum, false).0 } else { q };
        self.out.applied[mi] = applied_sum;
        self.out.vacancies[mi] = self.vacancies;
        self.out.employee_retention[mi] = if self.originals > 0.0 { self.originals_left / self.originals } else { 1.0 };
        self.out.trained[mi] = self.trained;
        self.out.cost[mi] = self.cost;
        self.out.wages[mi] = self.wages;
        self.out.replacement[mi] = self.replacement;
    }

    /// Quality from V sums, and (with `dims`) per SERVQUAL dimension.
    fn quality(&self, v_sum: &[i64], dims: bool) -> (f64, [f64; 5]) {
        let plan = self.plan;
        let impact = self.t.p.understaffing_impact;
        let last = if dims { 6 } else { 1 };
        let mut acc = [(0f64, 0f64); 6];
        for (r, role) in plan.pop.roles.iter().enumerate() {
            let hc = role.headcount;
            if hc == 0 {
                continue;
            }
            let mut num = [0f64; 6];
            let rs0 = plan.role_rs0[r] as usize;
            for j in 0..role.skills.len() {
                let w = &plan.rs_w[rs0 + j];
                for d in 0..last {
                    num[d] += w[d] as f64 * unfix(v_sum[rs0 + j]);
                }
            }
            let filled = self.filled[r] as f64;
            let available = (filled - self.fte[r]).max(0.0);
            // Understaffing beyond today's normal vacancies (and time in training) lowers service.
            let staffing = 1.0 - impact * (1.0 - available / hc as f64 - self.t.normal_vacancy[r]);
            let weight = self.t.cw[r] * hc as f64;
            for d in 0..last {
                let den = self.den[r][d];
                if den > 0.0 {
                    let mean = if filled > 0.0 { num[d] / (den * filled) } else { 0.0 };
                    acc[d].0 += weight * mean * staffing;
                    acc[d].1 += weight;
                }
            }
        }
        let q = |d: usize| if acc[d].1 > 0.0 { (100.0 * acc[d].0 / acc[d].1).clamp(0.0, 100.0) } else { 0.0 };
        let mut out = [0.0; 5];
        if dims {
            for (d, o) in out.iter_mut().enumerate() {
                *o = q(d + 1);
            }
        }
        (q(0), out)
    }

    fn mean_gaps(&self) -> Vec<f64> {
        let plan = self.plan;
        (0..self.st.v_sum.len())
            .map(|rs| {
                let n = self.filled[plan.rs_role[rs] as usize];
                if n == 0 {
                    0.0
                } else {
                    (self.req[rs] as f64 - unfix(self.st.v_sum[rs]) / n as f64).max(0.0)
                }
            })
            .collect()
    }

    fn finish(mut self) -> Raw {
        self.out.end_gaps = self.mean_gaps();
        // Proficiency range over filled cells at the end.
        let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
        let plan = self.plan;
        for s in 0..plan.n_slots as usize {
            if !self.st.filled[s] {
                continue;
            }
            let d = self.deficit(s);
            let r = plan.slot_role[s] as usize;
            let c0 = plan.slot_cell0[s] as usize;
            for c in c0..c0 + plan.pop.roles[r].skills.len() {
                let v = self.level(c, d);
                lo = min_level(lo, v);
                hi = max32(hi, v);
            }
        }
        self.out.prof = if lo <= hi { [lo as f64, hi as f64] } else { [0.0, 0.0] };
        self.out
    }
}

/// One run of a plan from its starting state `st` (consumed as the run's working state).
fn simulate_raw(plan: &Plan, t: &Tables, st: &mut State, x: &mut Scratch, run: u32) -> Raw {
    simulate_until(plan, t, st, x, run, plan.h)
}

/// [`simulate_raw`] up to the end of month `last` (≤ the horizon); `st` is left as it is then.
fn simulate_until(plan: &Plan, t: &Tables, st: &mut State, x: &mut Scratch, run: u32, last: u32) -> Raw {
    let mut month = Month::new(plan, t, st, x, run);
    for m in 0..=last.min(plan.h) {
        month.m = m;
        if m > 0 {
            month.technology();
            month.leavers();
            month.ramp_up();
            month.hires();
            month.training();
            month.approvals();
            month.diffusion();
            month.costs();
        }
        month.measure();
        if m == 0 {
            month.out.start_gaps = month.mean_gaps();
        }
    }
    month.finish()
}

/// One position at the end of a month, as [`inspect`] shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PositionView {
    /// Its role's index in [`Population::roles`].
    pub role: u32,
    pub filled: bool,
    /// The month its occupant was hired (0 for today's staff).
    pub hired: u32,
    /// Whether its occupant is still short of where they are headed (the new-hire curve).
    pub ramping: bool,
    /// Whether its occupant has been trained by any programme.
    pub trained: bool,
    /// The occupant's current level per skill of the role (not capped at the requirement; 0 when vacant).
    pub levels: Vec<f32>,
    /// The part of each level picked up from colleagues (diffusion).
    pub diffused: Vec<f32>,
}

/// Every position of `plan`'s run `run` at the end of month `month`: a look inside the kernel, for tests
/// and for explaining a run.
pub fn inspect(plan: &Plan, run: u32, month: u32) -> Vec<PositionView> {
    let p = plan.params(run);
    let mut st = State::default();
    initial(plan, &p, run, &mut st);
    let t = Tables::new(plan, p);
    let mut x = Scratch::default();
    let last = month.min(plan.h);
    drop(simulate_until(plan, &t, &mut st, &mut x, run, last));
    let mut x2 = Scratch::default();
    let view = Month { m: last, ..Month::new(plan, &t, &mut st, &mut x2, run) };
    (0..plan.n_slots as usize)
        .map(|s| {
            let r = plan.slot_role[s] as usize;
            let c0 = plan.slot_cell0[s] as usize;
            let k = plan.pop.roles[r].skills.len();
            let filled = view.st.filled[s];
            let d = view.deficit(s);
            PositionView {
                role: r as u32,
                filled,
                hired: view.st.hired[s],
                ramping: view.st.ramping[s],
                trained: view.st.trained_any[s],
                levels: (c0..c0 + k).map(|c| if filled { view.level(c, d) } else { 0.0 }).collect(),
                diffused: view.st.diff[c0..c0 + k].to_vec(),
            }
        })
        .collect()
}

/// Discount factor of month m at an annual rate: (1 + rate)^(−m/12).
fn discount(rate: f64, m: usize) -> f64 {
    if rate == 0.0 {
        1.0
    } else {
        detmath::pow(1.0 + rate, -(m as f64) / 12.0)
    }
}

/// The customers of one service path against the baseline's: the baseline keeps today's retention
/// (δ₀ = 1 − `customer_retention_monthly`); the scenario's defection moves with the lagged difference of its
/// quality from the baseline's, δ = δ₀ (1 − x · ΔQ̃) with x the defection elasticity; acquisitions are
/// `customer_acquisition_ratio` × C₀δ₀ in both. Returns the defection rate per month.
fn defection(p: &Params, quality: &[f64], base_quality: &[f64]) -> Vec<f64> {
    let d0 = (1.0 - p.customer_retention_monthly).clamp(0.0, 1.0);
    let alpha = if p.customer_lag_months > 0.0 { 1.0 - detmath::exp(-1.0 / p.customer_lag_months) } else { 1.0 };
    let e = p.defection_elasticity();
    let mut lagged = 0.0;
    let mut out = vec![d0; quality.len()];
    for m in 1..quality.len() {
        lagged += alpha * ((quality[m] - base_quality[m]) - lagged);
        out[m] = (d0 * (1.0 - e * lagged)).clamp(0.0, 1.0);
    }
    out
}

/// Customers month by month at the defection rates `defection`, starting from C₀.
fn customers(p: &Params, c0: f64, defection: &[f64]) -> Vec<f64> {
    let d0 = (1.0 - p.customer_retention_monthly).clamp(0.0, 1.0);
    let acquisitions = p.customer_acquisition_ratio * c0 * d0;
    let mut c = c0;
    let mut out = vec![c0; defection.len()];
    for m in 1..defection.len() {
        c = c * (1.0 - defection[m]) + acquisitions;
        out[m] = c;
    }
    out
}

fn finish(plan: &Plan, t: &Tables, run: u32, raw: Raw, baseline: Option<&Raw>) -> RunResult {
    let hl = plan.h as usize + 1;
    let p = &t.p;
    let value = p.value_per_customer_month;
    let c0 = plan.pop.positions() as f64 * p.customers_per_employee;
    let d0 = (1.0 - p.customer_retention_monthly).clamp(0.0, 1.0);
    let base_defection = vec![d0; hl];
    let base_customers = customers(p, c0, &base_defection);
    let (defection, defection_c) = match baseline {
        Some(b) => (defection(p, &raw.quality, &b.quality), defection(p, &raw.quality_c, &b.quality)),
        None => (base_defection.clone(), base_defection.clone()),
    };
    let own_customers = customers(p, c0, &defection);
    let mut extra = vec![0.0; hl];
    let mut from_customers = vec![0.0; hl];
    let mut from_turnover = vec![0.0; hl];
    let mut benefit = vec![0.0; hl];
    let mut cons_benefit = vec![0.0; hl];
    let mut cons_cost = vec![0.0; hl];
    let w = t.window as usize;
    let (mut acc, mut cb, mut cc) = (0.0, 0.0, 0.0);
    let month_factor = discount(p.discount_rate, 1);
    let mut disc = 1.0;
    for m in 1..hl {
        disc *= month_factor;
        let flow_cost = (raw.cost[m] - raw.cost[m - 1]) + (raw.wages[m] - raw.wages[m - 1]) * (p.on_cost_multiplier - 1.0);
        cc += disc * flow_cost;
        cons_cost[m] = cc;
        if let Some(b) = baseline {
            extra[m] = own_customers[m] - base_customers[m];
            acc += extra[m] * value;
            from_customers[m] = acc;
            from_turnover[m] = b.replacement[m] - raw.replacement[m];
            benefit[m] = from_customers[m] + from_turnover[m];
            // Conservative: customers kept by the conservative track's service, each counted for at most the
            // benefit horizon after the month that kept them.
            let mut kept = 0.0;
            let mut survive = 1.0;
            for k in (1..=m).rev().take(w.max(1)) {
                kept += base_customers[k - 1] * (d0 - defection_c[k]) * survive;
                survive *= 1.0 - defection_c[k];
            }
            let turnover_flow = from_turnover[m] - from_turnover[m - 1];
            cb += p.estimate_confidence * disc * (kept * value + turnover_flow);
            cons_benefit[m] = cb;
        }
    }
    let full = Totals::of(&benefit, &raw.cost);
    let conservative = Totals::of(&cons_benefit, &cons_cost);
    RunResult {
        run,
        quality: raw.quality,
        quality_conservative: raw.quality_c,
        quality_dims: raw.dims,
        employee_retention: raw.employee_retention,
        leavers: raw.leavers,
        vacancies: raw.vacancies,
        customer_retention: defection.iter().map(|d| 1.0 - d).collect(),
        customers: own_customers,
        extra_customers: extra,
        cumulative_cost: raw.cost,
        cumulative_benefit: benefit,
        benefit_customers: from_customers,
        benefit_turnover: from_turnover,
        cumulative_replacement_cost: raw.replacement,
        conservative_cost: cons_cost,
        conservative_benefit: cons_benefit,
        trained: raw.trained,
        enrolments: raw.enrolments,
        applied_gain: raw.applied,
        start_gaps: raw.start_gaps,
        end_gaps: raw.end_gaps,
        proficiency_range: raw.prof,
        full,
        conservative,
    }
}

/// Runs `runs` of a compiled scenario against its compiled baseline (`None`, or the plan itself, for a
/// baseline scenario).
pub fn run_plans(plan: &Plan, baseline: Option<&Plan>, runs: Range<u32>) -> Vec<RunResult> {
    match baseline {
        Some(b) if !plan.is_baseline => run_pairs(plan, b, runs).0,
        _ => {
            let (mut st, mut x) = (State::default(), Scratch::default());
            runs.map(|run| {
                let p = plan.params(run);
                initial(plan, &p, run, &mut st);
                let t = Tables::new(plan, p);
                let raw = simulate_raw(plan, &t, &mut st, &mut x, run);
                finish(plan, &t, run, raw, None)
            })
            .collect()
        }
    }
}

/// Runs `runs` of a compiled scenario and of its compiled baseline together, simulating each baseline path
/// once: returns (the scenario's runs, each against its baseline run; the baseline's runs). `baseline` must be
/// compiled from the scenario's [`Scenario::baseline`] with the same sampler ([`Plan::baseline`]), so each
/// run draws the same assumptions in both. If `plan` is itself a baseline, both vectors hold the same runs.
pub fn run_pairs(plan: &Plan, baseline: &Plan, runs: Range<u32>) -> (Vec<RunResult>, Vec<RunResult>) {
    debug_assert!(
        plan.seed == baseline.seed && plan.h == baseline.h && baseline.is_baseline && *plan.sampler == *baseline.sampler,
        "run_pairs: `baseline` is not the plan's baseline"
    );
    let n = runs.len();
    let (mut scen, mut base) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut st, mut st2, mut x) = (State::default(), State::default(), Scratch::default());
    for run in runs {
        let p = plan.params(run);
        initial(plan, &p, run, &mut st);
        if plan.is_baseline {
            let t = Tables::new(plan, p);
            let r = finish(plan, &t, run, simulate_raw(plan, &t, &mut st, &mut x, run), None);
            base.push(r.clone());
            scen.push(r);
        } else {
            st2.clone_from(&st);
            let tb = Tables::new(baseline, p.clone());
            let base_raw = simulate_raw(baseline, &tb, &mut st2, &mut x, run);
            let ts = Tables::new(plan, p);
            let raw = simulate_raw(plan, &ts, &mut st, &mut x, run);
            scen.push(finish(plan, &ts, run, raw, Some(&base_raw)));
            base.push(finish(baseline, &tb, run, base_raw, None));
        }
    }
    (scen, base)
}

/// Runs `runs` of `scenario` (each compared with its baseline, same seed, run index and assumptions).
pub fn simulate(pop: &Population, scenario: &Scenario, runs: Range<u32>) -> Vec<RunResult> {
    simulate_with(pop, scenario, Mode::Total, runs)
}

/// [`simulate`] with the uncertainty `mode`.
pub fn simulate_with(pop: &Population, scenario: &Scenario, mode: Mode, runs: Range<u32>) -> Vec<RunResult> {
    let plan = Plan::with_mode(pop, scenario, mode);
    if scenario.is_baseline() {
        run_plans(&plan, None, runs)
    } else {
        let base = plan.baseline(scenario);
        run_pairs(&plan, &base, runs).0
    }
}

/// One run of `scenario`.
pub fn run_one(pop: &Population, scenario: &Scenario, run: u32) -> RunResult {
    simulate(pop, scenario, run..run + 1).pop().expect("one run")
}

/// A hash of a run's numbers (FNV-1a over the bits of every series), to compare runs across platforms.
pub fn result_hash(results: &[RunResult]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |x: u64| {
        for b in x.to_le_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for r in results {
        for s in [
            &r.quality,
            &r.quality_conservative,
            &r.employee_retention,
            &r.customer_retention,
            &r.customers,
            &r.cumulative_cost,
            &r.cumulative_benefit,
            &r.benefit_turnover,
            &r.conservative_cost,
            &r.conservative_benefit,
            &r.applied_gain,
        ] {
            s.iter().for_each(|x| eat(x.to_bits()));
        }
        r.quality_dims.iter().flatten().for_each(|x| eat(x.to_bits()));
        r.trained.iter().for_each(|&x| eat(x as u64));
        r.end_gaps.iter().for_each(|x| eat(x.to_bits()));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_level_and_max32_are_f32_min_and_max() {
        let v = [0.0f32, 1.0, -1.0, 2.5, 1e-40, f32::MAX, f32::INFINITY, f32::NEG_INFINITY, f32::NAN];
        for a in v {
            for b in v {
                let (a, b) = (std::hint::black_box(a), std::hint::black_box(b));
                if a != b || a.is_nan() || b.is_nan() {
                    assert_eq!(max32(a, b).to_bits(), a.max(b).to_bits(), "max({a}, {b})");
                }
                // Levels: never negative, −0 or NaN.
                if a >= 0.0 && b >= 0.0 {
                    assert_eq!(min_level(a, b).to_bits(), a.min(b).to_bits(), "min({a}, {b})");
                }
            }
        }
        // Ties keep the first operand, as on x86-64 (elsewhere f32::max may return either zero).
        #[cfg(any(target_arch = "x86_64", target_arch = "wasm32"))]
        {
            assert_eq!(max32(-0.0, 0.0).to_bits(), (-0.0f32).to_bits());
            assert_eq!(max32(0.0, -0.0).to_bits(), 0.0f32.to_bits());
        }
        assert!(max32(f32::NAN, f32::NAN).is_nan());
        assert_eq!(above0(-0.0).to_bits(), 0.0f32.to_bits());
        assert_eq!(above0(f32::NAN).to_bits(), 0.0f32.to_bits());
    }

    /// Debug builds refuse a level outside min_level's domain (where the two versions could differ).
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "a level is negative")]
    fn min_level_refuses_negative_zero() {
        std::hint::black_box(min_level(std::hint::black_box(-0.0), 1.0));
    }

    #[test]
    fn payback_is_the_month_from_which_net_stays_non_negative() {
        // Net: 0, −5, +1, −1, +2, +3 → from month 4 on.
        let cost = [0.0, 5.0, 5.0, 6.0, 6.0, 6.0];
        let benefit = [0.0, 0.0, 6.0, 5.0, 8.0, 9.0];
        assert_eq!(payback(&benefit, &cost), Some(4));
        // Below 0 at the horizon: not within the horizon.
        assert_eq!(payback(&[0.0, 1.0, 1.0], &[0.0, 2.0, 2.0]), None);
        // Never below 0: the first month with a cost.
        assert_eq!(payback(&[0.0, 0.0, 5.0, 5.0], &[0.0, 0.0, 3.0, 3.0]), Some(2));
        // No cost: no payback.
        assert_eq!(payback(&[0.0, 1.0], &[0.0, 0.0]), None);
    }
}
