//! The monthly Monte Carlo kernel. See docs/model.md for the equations.
//!
//! Layout: positions ("slots") are numbered role by role; each slot owns one cell per skill its role
//! requires, stored contiguously in flat `Vec<f32>`s (`base`, `gain`) plus `u16` bookkeeping (month learned,
//! programme). Readiness is linear in v = min(current, required), so the kernel keeps V = Σ v per role ×
//! skill up to date incrementally: a hire refreshes its slot's cells, diffusion and technology the cells
//! they touch, and only trained cells (whose applied share moves every month) are revisited each month.
//! V at month 0 is counted once per run in the starting state, which the scenario and its baseline share.
//! Leavers and hires are scheduled in per-month buckets, so a quiet month costs almost nothing.
//!
//! Every change for speed keeps each floating-point operation and its order, so results stay bit-identical
//! (the tests pin hashes of the reference workload and of a fixture checked natively and in wasm32).

use std::ops::Range;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::detmath::{self, approx_normal, key, subkey, unit};
use super::params::Params;
use super::population::Population;
use super::scenario::{Method, Scenario, Selection};

/// Draw purposes (the last part of a random key; programme and skill indices are packed below them).
const P_INIT: u32 = 1 << 28;
const P_TURNOVER: u32 = 2 << 28;
const P_HIRE: u32 = 3 << 28;
const P_VOLUNTEER: u32 = 4 << 28;
const P_GAIN: u32 = 5 << 28;

/// "Never trained" in the month-learned array.
const NONE: u16 = u16::MAX;

/// Everything one run reports. Series have `horizon + 1` entries: index 0 is the starting state, index m the
/// state at the end of month m. Money is in the workspace currency; quality is in points (0–100).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    pub run: u32,
    /// Service quality: customer-contact-weighted readiness of filled positions (0–100).
    pub quality: Vec<f64>,
    /// The same per SERVQUAL dimension, in [`crate::domain::model::Dimension::ALL`] order (5 series).
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
    /// Programme + technology + lever costs so far.
    pub cumulative_cost: Vec<f64>,
    /// Benefits so far relative to the baseline run with the same seed and run index: extra customer
    /// margin + replacement costs avoided. Zero for the baseline itself.
    pub cumulative_benefit: Vec<f64>,
    /// Replacement costs of leavers so far (not part of `cumulative_cost`; their difference from the
    /// baseline counts as a benefit).
    pub cumulative_replacement_cost: Vec<f64>,
    /// Enrolments so far, all programmes.
    pub trained: Vec<u32>,
    /// Enrolments per programme per month (the training schedule).
    pub enrolments: Vec<Vec<u32>>,
    /// Σ over trained cells of the gain applied on the job, in levels.
    pub applied_gain: Vec<f64>,
    /// Σ over trained cells of the learned but unused gain still retained, in levels.
    pub unused_gain: Vec<f64>,
    /// Mean gap (required − current, ≥ 0) per role × skill at the start, aligned with
    /// [`Population::role_skill_pairs`].
    pub start_gaps: Vec<f64>,
    /// The same at the end of the horizon.
    pub end_gaps: Vec<f64>,
    /// Lowest and highest proficiency of any filled cell at the end.
    pub proficiency_range: [f64; 2],
    pub total_cost: f64,
    pub total_benefit: f64,
    /// Phillips ROI % = (benefits − costs) / costs × 100; `None` without costs.
    pub roi_percent: Option<f64>,
    /// Benefit-cost ratio; `None` without costs.
    pub bcr: Option<f64>,
    /// First month whose cumulative benefit covers the cumulative cost; `None` if never (or no cost).
    pub payback_month: Option<u32>,
}

struct ProgPlan {
    start: u32,
    end: u32,
    capacity: u32,
    selection: Selection,
    /// Per role: the positions `j` (within the role's skills) of the programme's skills; empty = not open.
    role_js: Vec<Vec<u16>>,
    gain: f64,
    diffusing: bool,
    fixed_cost: f64,
    cost_per_participant: f64,
    hours: f64,
}

/// A scenario compiled against a population: tables and per-role constants, built once for many runs.
pub struct Plan<'a> {
    pop: &'a Population,
    p: Params,
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
    /// The role × skill of each cell.
    cell_rs: Vec<u32>,
    n_cells: u32,
    /// (month, rs, new required level)
    tech_events: Vec<(u32, u32, f32)>,
    /// Technology cost per month (index = month).
    tech_cost: Vec<f64>,
    /// ln(1 − monthly hazard) per role, for untrained and for trained occupants.
    log_surv: Vec<f64>,
    trained_log_surv: Vec<f64>,
    wage: Vec<f64>,
    progs: Vec<ProgPlan>,
    /// Applied share per programme per months since learning: `t_table[p * (h + 1) + s]`.
    t_table: Vec<f32>,
    /// Retained share (applied + unused still remembered), same layout.
    r_table: Vec<f32>,
    lever_cost_per_head: f64,
    replacement_delay: u32,
    is_baseline: bool,
}

impl<'a> Plan<'a> {
    /// Compiles `scenario` against `pop`.
    pub fn new(pop: &'a Population, scenario: &Scenario) -> Self {
        let p = Params::resolve(&scenario.overrides);
        let h = scenario.horizon();
        let max = pop.max_level as f32;
        let mut slot_role = Vec::new();
        let mut slot_cell0 = Vec::new();
        let mut role_slot0 = Vec::new();
        let mut role_rs0 = Vec::new();
        let (mut rs_role, mut rs_j, mut rs_w, mut rs_req0) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut cells = 0u32;
        let mut rs_rated = Vec::new();
        let mut cell_rs = Vec::new();
        for (r, role) in pop.roles.iter().enumerate() {
            role_slot0.push(slot_role.len() as u32);
            role_rs0.push(rs_role.len() as u32);
            for (j, &k) in role.skills.iter().enumerate() {
                rs_role.push(r as u32);
                rs_j.push(j as u16);
                let imp = role.importance[j] as f32;
                let sq = pop.skills[k as usize].servqual;
                rs_w.push([
                    imp,
                    imp * sq[0] as f32,
                    imp * sq[1] as f32,
                    imp * sq[2] as f32,
                    imp * sq[3] as f32,
                    imp * sq[4] as f32,
                ]);
                rs_req0.push(role.required[j] as f32);
                rs_rated.push(role.people.iter().filter_map(|q| q.levels[j]).collect());
            }
            let rs0 = role_rs0[r];
            for _ in 0..role.headcount {
                slot_role.push(r as u32);
                slot_cell0.push(cells);
                cells += role.skills.len() as u32;
                cell_rs.extend((0..role.skills.len() as u32).map(|j| rs0 + j));
            }
        }
        let lv = scenario.levers;
        let lever = |x: f64| x.clamp(0.0, 1.0);
        let (rec, emp, com, tru) = (
            lever(lv.recognition),
            lever(lv.empowerment),
            lever(lv.communication),
            lever(lv.trust),
        );
        let transfer_mult = (1.0
            + rec * p.recognition_transfer
            + emp * p.empowerment_transfer
            + com * p.communication_transfer
            + tru * p.trust_transfer)
            .max(0.0);
        let turnover_mult = (1.0
            - rec * p.recognition_turnover
            - emp * p.empowerment_turnover
            - com * p.communication_turnover
            - tru * p.trust_turnover)
            .max(0.0);
        let lever_cost_per_head = rec * p.recognition_cost
            + emp * p.empowerment_cost
            + com * p.communication_cost
            + tru * p.trust_cost;
        let hazard: Vec<f64> = pop
            .roles
            .iter()
            .map(|r| {
                (Params::monthly_hazard(r.annual_turnover * p.turnover_scale) * turnover_mult)
                    .clamp(0.0, 1.0)
            })
            .collect();
        let trained_hazard: Vec<f64> = hazard
            .iter()
            .map(|&x| (x * (1.0 + p.trained_turnover_effect)).clamp(0.0, 1.0))
            .collect();
        let log_surv = hazard.iter().map(|h| detmath::ln(1.0 - h)).collect();
        let trained_log_surv = trained_hazard
            .iter()
            .map(|h| detmath::ln(1.0 - h))
            .collect();
        let wage = pop
            .roles
            .iter()
            .map(|r| r.salary / p.hours_per_year)
            .collect();

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
                    tech_events.push((
                        m,
                        role_rs0[r as usize] + j as u32,
                        t.required_level.min(pop.max_level) as f32,
                    ));
                }
            }
        }
        tech_events.sort_by_key(|e| (e.0, e.1));

        let curve = p.transfer_curve();
        let mut progs = Vec::new();
        let mut t_table = Vec::new();
        let mut r_table = Vec::new();
        for prog in &scenario.programmes {
            let skills: Vec<u32> = prog
                .skills
                .iter()
                .filter_map(|s| pop.skill_index(s))
                .collect();
            let role_js = pop
                .roles
                .iter()
                .map(|role| {
                    if !prog.roles.contains(&role.id) {
                        return Vec::new();
                    }
                    role.skills
                        .iter()
                        .enumerate()
                        .filter(|(_, k)| skills.contains(k))
                        .map(|(j, _)| j as u16)
                        .collect()
                })
                .collect();
            let boost = if prog.code_breaking || prog.method == Method::CodeBreaking {
                p.code_breaking_transfer
            } else {
                1.0
            };
            let cap = prog.adoption_cap.clamp(0.0, 1.0);
            let delay = prog.approval_delay_months;
            let waited = p.unused_retention(delay as f64);
            for s in 0..=h {
                let applied = if s < delay {
                    0.0
                } else {
                    (transfer_mult * boost * curve.at((s - delay) as f64))
                        .min(1.0)
                        .min(cap)
                        * waited
                };
                let remembered = applied + (1.0 - applied) * p.unused_retention(s as f64);
                t_table.push(applied as f32);
                r_table.push(remembered.max(applied) as f32);
            }
            let start = prog.start_month.max(1);
            progs.push(ProgPlan {
                start,
                end: start.saturating_add(prog.duration_months),
                capacity: prog.capacity_per_month,
                selection: prog.selection,
                role_js,
                gain: p.mean_gain(prog.method),
                diffusing: prog.diffusing,
                fixed_cost: prog.fixed_cost,
                cost_per_participant: prog.cost_per_participant,
                hours: prog.hours_per_participant,
            });
        }
        Self {
            pop,
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
            n_cells: cells,
            tech_events,
            tech_cost,
            log_surv,
            trained_log_surv,
            wage,
            progs,
            t_table,
            r_table,
            lever_cost_per_head,
            replacement_delay: p.replacement_delay_months.round().max(0.0) as u32,
            is_baseline: scenario.is_baseline(),
            p,
        }
    }

    /// The resolved parameters.
    pub fn params(&self) -> &Params {
        &self.p
    }

    /// The horizon in months.
    pub fn horizon(&self) -> u32 {
        self.h
    }
}

/// The state of the organisation in one run.
#[derive(Clone)]
struct State {
    base: Vec<f32>,
    gain: Vec<f32>,
    learned: Vec<u16>,
    prog: Vec<u16>,
    filled: Vec<bool>,
    vacant_until: Vec<u32>,
    original: Vec<bool>,
    hired: Vec<u32>,
    trained_any: Vec<bool>,
    /// `trained_by[slot * programmes + p]`.
    trained_by: Vec<bool>,
    /// ln u of each occupant's leave draw u (see [`months_to_leave`]).
    log_u: Vec<f64>,
    /// The month the occupant leaves (`u32::MAX`: not within reach).
    leave_month: Vec<u32>,
    /// Slots not yet refreshed in `V` this month.
    dirty_list: Vec<u32>,
    /// min(current, required) of each cell as last counted in `V` (0 when vacant).
    cell_v: Vec<f32>,
    /// V: Σ `cell_v` per role × skill (see [`simulate_raw`]).
    v_sum: Vec<f64>,
    /// Cells with a learned gain (their applied share moves every month); `in_active` marks members.
    active: Vec<u32>,
    in_active: Vec<bool>,
    dirty: Vec<bool>,
    /// Mean starting level per role × skill: where new hires start from.
    role_mean: Vec<f32>,
    /// The level each new hire's cell grows to by the end of the ramp-up (`time_to_proficiency_months`).
    target: Vec<f32>,
    /// Slots whose occupant is still ramping up, and a flag per slot for membership.
    ramping: Vec<u32>,
    in_ramp: Vec<bool>,
}

/// The starting organisation of run `run`: each role filled to headcount from its assessed people.
fn initial(plan: &Plan, run: u32) -> State {
    let pop = plan.pop;
    let p = &plan.p;
    let n = plan.n_cells as usize;
    let mut base = vec![0f32; n];
    let max = plan.max as f64;
    let adjust = |k: super::population::Known| -> f64 {
        let l = k.level as f64 + if k.self_only { p.self_rating_bias } else { 0.0 };
        l.clamp(0.0, max)
    };
    let mut role_mean = vec![0f32; plan.rs_role.len()];
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
                        // From the role's distribution of assessed levels for this skill, else required − 1 ± 1.
                        let rated = &plan.rs_rated[plan.role_rs0[r] as usize + j];
                        if !rated.is_empty() {
                            adjust(rated[rng.random_range(0..rated.len() as u32) as usize])
                        } else {
                            let u: f64 = rng.random();
                            (role.required[j] as f64 - 1.0 + (2.0 * u - 1.0)).clamp(0.0, max)
                        }
                    }
                };
                base[c0 + j] = level as f32;
            }
        }
        let rs0 = plan.role_rs0[r] as usize;
        for j in 0..role.skills.len() {
            let mut sum = 0f64;
            for i in 0..role.headcount {
                sum += base[plan.slot_cell0[(s0 + i) as usize] as usize + j] as f64;
            }
            role_mean[rs0 + j] = if role.headcount > 0 {
                (sum / role.headcount as f64) as f32
            } else {
                0.0
            };
        }
    }
    // V at month 0: every position filled, nothing learned yet, the starting requirements. The same for a
    // scenario and its baseline, so it is counted once here and cloned with the state.
    let mut cell_v = vec![0f32; n];
    let mut v_sum = vec![0f64; plan.rs_role.len()];
    for slot in 0..plan.n_slots as usize {
        let r = plan.slot_role[slot] as usize;
        let (c0, rs0, k) = (
            plan.slot_cell0[slot] as usize,
            plan.role_rs0[r] as usize,
            pop.roles[r].skills.len(),
        );
        let (base, cell_v) = (&base[c0..c0 + k], &mut cell_v[c0..c0 + k]);
        let (req, v_sum) = (&plan.rs_req0[rs0..rs0 + k], &mut v_sum[rs0..rs0 + k]);
        for j in 0..k {
            let v = min_level(min_level(base[j], plan.max), req[j]);
            v_sum[j] += v as f64 - cell_v[j] as f64;
            cell_v[j] = v;
        }
    }
    let slots = plan.n_slots as usize;
    State {
        base,
        gain: vec![0.0; n],
        learned: vec![NONE; n],
        prog: vec![0; n],
        filled: vec![true; slots],
        vacant_until: vec![0; slots],
        original: vec![true; slots],
        hired: vec![0; slots],
        trained_any: vec![false; slots],
        trained_by: vec![false; slots * plan.progs.len()],
        log_u: (0..plan.n_slots)
            .map(|slot| leave_draw(plan, run, slot, 0))
            .collect(),
        leave_month: vec![u32::MAX; slots],
        dirty_list: Vec::new(),
        cell_v,
        v_sum,
        active: Vec::new(),
        in_active: vec![false; n],
        dirty: vec![false; slots],
        role_mean,
        target: vec![0.0; n],
        ramping: Vec::new(),
        in_ramp: vec![false; slots],
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

/// Raw monthly outputs of one run, before the comparison with the baseline.
struct Raw {
    quality: Vec<f64>,
    dims: Vec<Vec<f64>>,
    employee_retention: Vec<f64>,
    leavers: Vec<u32>,
    vacancies: Vec<u32>,
    customer_retention: Vec<f64>,
    customers: Vec<f64>,
    cost: Vec<f64>,
    replacement: Vec<f64>,
    trained: Vec<u32>,
    enrolments: Vec<Vec<u32>>,
    applied: Vec<f64>,
    unused: Vec<f64>,
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
/// - Natively `f32::min` is a short branch-free sequence, faster than the integer form.
#[inline(always)]
fn min_level(a: f32, b: f32) -> f32 {
    #[cfg(target_arch = "wasm32")]
    let r = f32::from_bits(a.to_bits().min(b.to_bits()));
    #[cfg(not(target_arch = "wasm32"))]
    let r = a.min(b);
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

/// The current proficiency of cell `c` in month `m`.
#[inline]
fn current(plan: &Plan, st: &State, c: usize, m: u32) -> f32 {
    Levels::of(plan, st).current(c, m)
}

/// What [`current`] reads, as slices. Hot loops take their slices into locals first, so that addresses and
/// lengths stay in registers instead of being re-read through `st` after every store.
#[derive(Clone, Copy)]
struct Levels<'a> {
    base: &'a [f32],
    gain: &'a [f32],
    learned: &'a [u16],
    prog: &'a [u16],
    t_table: &'a [f32],
    hl: usize,
    max: f32,
}

impl<'a> Levels<'a> {
    #[inline(always)]
    fn of(plan: &'a Plan, st: &'a State) -> Self {
        Levels {
            base: &st.base,
            gain: &st.gain,
            learned: &st.learned,
            prog: &st.prog,
            t_table: &plan.t_table,
            hl: plan.h as usize + 1,
            max: plan.max,
        }
    }

    /// The current proficiency of cell `c` in month `m`.
    #[inline(always)]
    fn current(&self, c: usize, m: u32) -> f32 {
        let mut cur = self.base[c];
        let l = self.learned[c];
        if l != NONE {
            let s = (m - l as u32) as usize;
            cur += self.gain[c] * self.t_table[self.prog[c] as usize * self.hl + s];
        }
        min_level(cur, self.max)
    }
}

/// Mean gap per role × skill over filled positions: required − V / filled (gap = required − min(current,
/// required)).
fn mean_gaps(plan: &Plan, v_sum: &[f64], req: &[f32], filled: &[u32]) -> Vec<f64> {
    (0..v_sum.len())
        .map(|rs| {
            let n = filled[plan.rs_role[rs] as usize];
            if n == 0 {
                0.0
            } else {
                (req[rs] as f64 - v_sum[rs] / n as f64).max(0.0)
            }
        })
        .collect()
}

fn simulate_raw(plan: &Plan, mut st: State, run: u32) -> Raw {
    let pop = plan.pop;
    let p = &plan.p;
    let h = plan.h;
    let hl = h as usize + 1;
    let seed = plan.seed;
    let n_roles = pop.roles.len();
    let n_progs = plan.progs.len();
    let mut req = plan.rs_req0.clone();
    let mut den = vec![[0f64; 6]; n_roles];
    let compute_den = |req: &[f32], den: &mut Vec<[f64; 6]>| {
        for (r, d) in den.iter_mut().enumerate() {
            *d = [0.0; 6];
            let rs0 = plan.role_rs0[r] as usize;
            for j in 0..pop.roles[r].skills.len() {
                for (x, w) in d.iter_mut().zip(plan.rs_w[rs0 + j]) {
                    *x += w as f64 * req[rs0 + j] as f64;
                }
            }
        }
    };
    compute_den(&req, &mut den);

    let mut out = Raw {
        quality: vec![0.0; hl],
        dims: vec![vec![0.0; hl]; 5],
        employee_retention: vec![1.0; hl],
        leavers: vec![0; hl],
        vacancies: vec![0; hl],
        customer_retention: vec![0.0; hl],
        customers: vec![0.0; hl],
        cost: vec![0.0; hl],
        replacement: vec![0.0; hl],
        trained: vec![0; hl],
        enrolments: vec![vec![0; hl]; n_progs],
        applied: vec![0.0; hl],
        unused: vec![0.0; hl],
        start_gaps: Vec::new(),
        end_gaps: Vec::new(),
        prof: [0.0, 0.0],
    };
    let originals = plan.n_slots.max(1) as f64;
    let mut originals_left = plan.n_slots as f64;
    let d0 = (1.0 - p.customer_retention_monthly).clamp(0.0, 1.0);
    let c0 = pop.positions() as f64 * p.customers_per_employee;
    let mut customers = c0;
    let mut q0 = 0.0;
    let (mut cost, mut repl, mut trained) = (0.0f64, 0.0f64, 0u32);
    let mut filled_count: Vec<u32> = pop.roles.iter().map(|r| r.headcount).collect();
    let mut vacancies = 0u32;
    // V[rs] = Σ over filled slots of min(current, required), per role × skill, kept up to date as cells change
    // (month 0 is counted in `initial`).
    let mut v_sum = std::mem::take(&mut st.v_sum);
    let mut role_num = vec![[0f64; 6]; n_roles];
    let mut eligible: Vec<(f64, u32)> = Vec::new();
    let mut diffuse = vec![0f64; plan.rs_role.len()];
    let mut tech_next = 0usize;
    let max = plan.max;
    let cmp = |a: &(f64, u32), b: &(f64, u32)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
    // Leavers and hires by month.
    let mut leave_at: Vec<Vec<u32>> = vec![Vec::new(); hl];
    let mut hire_at: Vec<Vec<u32>> = vec![Vec::new(); hl];
    for slot in 0..plan.n_slots {
        let s = slot as usize;
        let n = months_to_leave(st.log_u[s], plan.log_surv[plan.slot_role[s] as usize]);
        st.leave_month[s] = n;
        if n <= h {
            leave_at[n as usize].push(slot);
        }
    }
    macro_rules! mark {
        ($s:expr) => {{
            let s: usize = $s;
            if !st.dirty[s] {
                st.dirty[s] = true;
                st.dirty_list.push(s as u32);
            }
        }};
    }

    for m in 0..=h {
        if m > 0 {
            // 1. Technology support lowers required levels.
            while tech_next < plan.tech_events.len() && plan.tech_events[tech_next].0 <= m {
                let (_, rs, level) = plan.tech_events[tech_next];
                req[rs as usize] = min_level(req[rs as usize], level);
                let r = plan.rs_role[rs as usize] as usize;
                let s0 = plan.role_slot0[r] as usize;
                let j = plan.rs_j[rs as usize] as usize;
                for s in s0..s0 + pop.roles[r].headcount as usize {
                    if st.filled[s] {
                        let c = plan.slot_cell0[s] as usize + j;
                        let v = min_level(current(plan, &st, c, m), req[rs as usize]);
                        v_sum[rs as usize] += v as f64 - st.cell_v[c] as f64;
                        st.cell_v[c] = v;
                    }
                }
                tech_next += 1;
                compute_den(&req, &mut den);
            }
            // 2. Leavers.
            let mut leavers = 0u32;
            let bucket = std::mem::take(&mut leave_at[m as usize]);
            for &slot in &bucket {
                let s = slot as usize;
                if !st.filled[s] || st.leave_month[s] != m {
                    continue; // rescheduled
                }
                let r = plan.slot_role[s] as usize;
                leavers += 1;
                st.filled[s] = false;
                filled_count[r] -= 1;
                vacancies += 1;
                st.vacant_until[s] = m + plan.replacement_delay;
                if st.vacant_until[s] <= h {
                    hire_at[st.vacant_until[s] as usize].push(slot);
                }
                if st.original[s] {
                    st.original[s] = false;
                    originals_left -= 1.0;
                }
                repl += p.replacement_cost_share * pop.roles[r].salary;
                st.trained_any[s] = false;
                for t in &mut st.trained_by[s * n_progs..(s + 1) * n_progs] {
                    *t = false;
                }
                // The slot's cells are those of its role's skills, in order: cell c0 + j is role × skill rs0 + j.
                let (c0, rs0, k) = (
                    plan.slot_cell0[s] as usize,
                    plan.role_rs0[r] as usize,
                    pop.roles[r].skills.len(),
                );
                let (learned, gain) = (&mut st.learned[c0..c0 + k], &mut st.gain[c0..c0 + k]);
                let (cell_v, v_sum) = (&mut st.cell_v[c0..c0 + k], &mut v_sum[rs0..rs0 + k]);
                for j in 0..k {
                    learned[j] = NONE;
                    gain[j] = 0.0;
                    v_sum[j] -= cell_v[j] as f64;
                    cell_v[j] = 0.0;
                }
            }
            // 3a. Recent hires ramp up: their deficit below their target level shrinks linearly to 0 over
            // `time_to_proficiency_months` (the deficit in month t after hiring is gap × (1 − t / T)).
            if !st.ramping.is_empty() {
                let ramp = p.time_to_proficiency_months;
                let gap = p.new_hire_gap_levels;
                let mut ramping = std::mem::take(&mut st.ramping);
                ramping.retain(|&slot| {
                    let s = slot as usize;
                    if !st.filled[s] {
                        st.in_ramp[s] = false;
                        return false;
                    }
                    let t = (m - st.hired[s]) as f64;
                    let left = if t >= ramp { 0.0 } else { 1.0 - t / ramp };
                    let r = plan.slot_role[s] as usize;
                    let (c0, n) = (plan.slot_cell0[s] as usize, pop.roles[r].skills.len());
                    for c in c0..c0 + n {
                        st.base[c] = (st.target[c] as f64 - gap * left).clamp(0.0, max as f64) as f32;
                    }
                    mark!(s);
                    st.in_ramp[s] = left > 0.0;
                    left > 0.0
                });
                st.ramping = ramping;
            }
            // 3b. New hires fill positions whose vacancy has run its course, below the role's starting mean.
            let bucket = std::mem::take(&mut hire_at[m as usize]);
            for &slot in &bucket {
                let s = slot as usize;
                let r = plan.slot_role[s] as usize;
                let rs0 = plan.role_rs0[r] as usize;
                let c0 = plan.slot_cell0[s] as usize;
                let hire_key = key(seed, run, slot, m, P_HIRE);
                let n = pop.roles[r].skills.len();
                let mean = &st.role_mean[rs0..rs0 + n];
                let base = &mut st.base[c0..c0 + n];
                let target = &mut st.target[c0..c0 + n];
                let (gap, spread) = (p.new_hire_gap_levels, p.new_hire_spread_levels);
                // With no ramp-up time the hire starts at the target; otherwise `gap` below it (3a closes it).
                let start_gap = if p.time_to_proficiency_months > 0.0 { gap } else { 0.0 };
                for j in 0..n {
                    let z = approx_normal(subkey(hire_key, j as u32));
                    let goal = (mean[j] as f64 + spread * z).clamp(0.0, max as f64);
                    target[j] = goal as f32;
                    base[j] = (goal - start_gap).clamp(0.0, max as f64) as f32;
                }
                if start_gap > 0.0 && !st.in_ramp[s] {
                    st.in_ramp[s] = true;
                    st.ramping.push(slot);
                }
                st.filled[s] = true;
                filled_count[r] += 1;
                vacancies -= 1;
                st.hired[s] = m;
                st.log_u[s] = leave_draw(plan, run, slot, m);
                let n = months_to_leave(st.log_u[s], plan.log_surv[r]);
                st.leave_month[s] = m.saturating_add(n);
                if st.leave_month[s] <= h {
                    leave_at[st.leave_month[s] as usize].push(slot);
                }
                mark!(s);
            }
            out.leavers[m as usize] = leavers;
            // 4. Training.
            for (pi, prog) in plan.progs.iter().enumerate() {
                if m < prog.start || m >= prog.end {
                    continue;
                }
                if m == prog.start {
                    cost += prog.fixed_cost;
                }
                if prog.capacity == 0 {
                    continue;
                }
                eligible.clear();
                let lv = Levels::of(plan, &st);
                let (filled, trained_by, hired) =
                    (&st.filled[..], &st.trained_by[..], &st.hired[..]);
                for (r, js) in prog.role_js.iter().enumerate() {
                    if js.is_empty() {
                        continue;
                    }
                    let s0 = plan.role_slot0[r];
                    let rs0 = plan.role_rs0[r] as usize;
                    for slot in s0..s0 + pop.roles[r].headcount {
                        let s = slot as usize;
                        if !filled[s] || trained_by[s * n_progs + pi] {
                            continue;
                        }
                        let score = match prog.selection {
                            Selection::LargestGap => {
                                let c0 = plan.slot_cell0[s] as usize;
                                let mut g = 0.0f32;
                                for &j in js {
                                    let j = j as usize;
                                    let gap = max32(req[rs0 + j] - lv.current(c0 + j, m), 0.0);
                                    g += plan.rs_w[rs0 + j][0] * gap;
                                }
                                -(g as f64)
                            }
                            Selection::WholeRole => 0.0,
                            Selection::Volunteers { participation } => {
                                let u =
                                    unit(key(seed, run, slot, hired[s], P_VOLUNTEER | pi as u32));
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
                if take == 0 {
                    continue;
                }
                if take < eligible.len() {
                    eligible.select_nth_unstable_by(take - 1, cmp);
                }
                eligible[..take].sort_unstable_by(cmp);
                let t0 = plan.t_table[pi * hl];
                for &(_, slot) in &eligible[..take] {
                    let s = slot as usize;
                    let r = plan.slot_role[s] as usize;
                    cost += prog.cost_per_participant + prog.hours * plan.wage[r];
                    trained += 1;
                    out.enrolments[pi][m as usize] += 1;
                    st.trained_by[s * n_progs + pi] = true;
                    if !st.trained_any[s] && plan.trained_log_surv[r] != plan.log_surv[r] {
                        // Trained staff leave at another rate from now on: the same draw, the rest of the way.
                        let left = st.log_u[s] - (m - st.hired[s]) as f64 * plan.log_surv[r];
                        st.leave_month[s] =
                            m.saturating_add(months_to_leave(left, plan.trained_log_surv[r]));
                        if st.leave_month[s] <= h {
                            leave_at[st.leave_month[s] as usize].push(slot);
                        }
                    }
                    st.trained_any[s] = true;
                    let c0 = plan.slot_cell0[s] as usize;
                    let rs0 = plan.role_rs0[r] as usize;
                    for &j in &prog.role_js[r] {
                        let c = c0 + j as usize;
                        let mut unused = 0.0f32;
                        if st.learned[c] != NONE {
                            // Retraining: what is applied becomes habit (base); what is remembered but
                            // unused is refreshed with the new learning.
                            let at = st.prog[c] as usize * hl + (m - st.learned[c] as u32) as usize;
                            let applied = st.gain[c] * plan.t_table[at];
                            unused = st.gain[c] * (plan.r_table[at] - plan.t_table[at]);
                            st.base[c] = min_level(st.base[c] + applied, max);
                        }
                        let z = approx_normal(key(
                            seed,
                            run,
                            slot,
                            m,
                            P_GAIN | (pi as u32) << 12 | j as u32,
                        ));
                        let g = (prog.gain * (1.0 + p.gain_cv * z).max(0.0)) as f32;
                        st.gain[c] = unused + g;
                        if !st.in_active[c] {
                            st.in_active[c] = true;
                            st.active.push(c as u32);
                        }
                        st.learned[c] = m as u16;
                        st.prog[c] = pi as u16;
                        if prog.diffusing {
                            diffuse[rs0 + j as usize] += (g * t0) as f64;
                        }
                    }
                }
            }
            // 5. Diffusing: colleagues in the role who were never trained on the skill pick up a share.
            for rs in 0..diffuse.len() {
                if diffuse[rs] == 0.0 {
                    continue;
                }
                let r = plan.rs_role[rs] as usize;
                let inc = (p.diffusion_share * diffuse[rs] / filled_count[r].max(1) as f64) as f32;
                diffuse[rs] = 0.0;
                if inc <= 0.0 {
                    continue;
                }
                let j = plan.rs_j[rs] as usize;
                let s0 = plan.role_slot0[r] as usize;
                let slots = s0..s0 + pop.roles[r].headcount as usize;
                let (filled, cell0) = (&st.filled[slots.clone()], &plan.slot_cell0[slots]);
                let (learned, base, cell_v) =
                    (&st.learned[..], &mut st.base[..], &mut st.cell_v[..]);
                let (required, mut v) = (req[rs], v_sum[rs]);
                for (i, &c0) in cell0.iter().enumerate() {
                    let c = c0 as usize + j;
                    if filled[i] && learned[c] == NONE {
                        base[c] = min_level(base[c] + inc, max);
                        let cv = min_level(base[c], required);
                        v += cv as f64 - cell_v[c] as f64;
                        cell_v[c] = cv;
                    }
                }
                v_sum[rs] = v;
            }
            // 6. Technology and lever costs.
            cost += plan.tech_cost[m as usize];
            let filled_total = plan.n_slots - vacancies;
            cost += plan.lever_cost_per_head * filled_total as f64;
        }

        // 7. Service quality. First every cell of the slots that changed, then the trained cells (their
        // applied share moves every month); V changes by the difference each time.
        let dirty = std::mem::take(&mut st.dirty_list);
        {
            let (base, gain, learned, prog) =
                (&st.base[..], &st.gain[..], &st.learned[..], &st.prog[..]);
            let (filled, is_dirty, cell_v) =
                (&st.filled[..], &mut st.dirty[..], &mut st.cell_v[..]);
            let (t_table, req, v_sum) = (&plan.t_table[..], &req[..], &mut v_sum[..]);
            for &slot in &dirty {
                let slot = slot as usize;
                is_dirty[slot] = false;
                if !filled[slot] {
                    continue;
                }
                // Cell c0 + j is role × skill rs0 + j: slice both once, so the loop indexes within bounds.
                let r = plan.slot_role[slot] as usize;
                let (c0, rs0, k) = (
                    plan.slot_cell0[slot] as usize,
                    plan.role_rs0[r] as usize,
                    pop.roles[r].skills.len(),
                );
                let (base, gain) = (&base[c0..c0 + k], &gain[c0..c0 + k]);
                let (learned, prog) = (&learned[c0..c0 + k], &prog[c0..c0 + k]);
                let cell_v = &mut cell_v[c0..c0 + k];
                let (req, v_sum) = (&req[rs0..rs0 + k], &mut v_sum[rs0..rs0 + k]);
                for j in 0..k {
                    // `current`, inlined on the slices.
                    let mut cur = base[j];
                    let l = learned[j];
                    if l != NONE {
                        cur += gain[j] * t_table[prog[j] as usize * hl + (m - l as u32) as usize];
                    }
                    let v = min_level(min_level(cur, max), req[j]);
                    v_sum[j] += v as f64 - cell_v[j] as f64;
                    cell_v[j] = v;
                }
            }
        }
        st.dirty_list = dirty;
        st.dirty_list.clear();
        let (mut applied_sum, mut unused_sum) = (0f64, 0f64);
        let mut active = std::mem::take(&mut st.active);
        {
            let (learned, prog, gain, base) =
                (&st.learned[..], &st.prog[..], &st.gain[..], &st.base[..]);
            let (in_active, cell_v) = (&mut st.in_active[..], &mut st.cell_v[..]);
            let (t_table, r_table, cell_rs) =
                (&plan.t_table[..], &plan.r_table[..], &plan.cell_rs[..]);
            let (req, v_sum) = (&req[..], &mut v_sum[..]);
            let mut i = 0;
            while i < active.len() {
                let c = active[i] as usize;
                let l = learned[c];
                if l == NONE {
                    in_active[c] = false;
                    active.swap_remove(i);
                    continue;
                }
                i += 1;
                let at = prog[c] as usize * hl + (m - l as u32) as usize;
                let (t, kept) = (t_table[at], r_table[at]);
                let applied = gain[c] * t;
                applied_sum += applied as f64;
                unused_sum += (gain[c] * (kept - t)) as f64;
                let rs = cell_rs[c] as usize;
                let v = min_level(min_level(base[c] + applied, max), req[rs]);
                v_sum[rs] += v as f64 - cell_v[c] as f64;
                cell_v[c] = v;
            }
        }
        st.active = active;
        for (r, acc) in role_num.iter_mut().enumerate() {
            *acc = [0.0; 6];
            let rs0 = plan.role_rs0[r] as usize;
            for j in 0..pop.roles[r].skills.len() {
                let w = &plan.rs_w[rs0 + j];
                for d in 0..6 {
                    acc[d] += w[d] as f64 * v_sum[rs0 + j];
                }
            }
        }
        let mi = m as usize;
        for d in 0..6 {
            let (mut q, mut w) = (0f64, 0f64);
            for r in 0..n_roles {
                if den[r][d] > 0.0 && filled_count[r] > 0 {
                    let cw = pop.roles[r].contact_weight;
                    q += cw * role_num[r][d] / den[r][d];
                    w += cw * filled_count[r] as f64;
                }
            }
            let q = if w > 0.0 {
                (100.0 * q / w).clamp(0.0, 100.0)
            } else {
                0.0
            };
            if d == 0 {
                out.quality[mi] = q;
            } else {
                out.dims[d - 1][mi] = q;
            }
        }
        out.applied[mi] = applied_sum;
        out.unused[mi] = unused_sum;
        out.vacancies[mi] = vacancies;
        out.employee_retention[mi] = originals_left / originals;
        out.trained[mi] = trained;
        out.cost[mi] = cost;
        out.replacement[mi] = repl;

        // 8. Customers: the service-profit-chain link.
        if m == 0 {
            q0 = out.quality[0];
            out.customer_retention[0] = 1.0 - d0;
            out.customers[0] = customers;
            out.start_gaps = mean_gaps(plan, &v_sum, &req, &filled_count);
        } else {
            let shift = p.service_profit_link * (out.quality[mi] - q0) / p.quality_sd_points;
            let defection = (d0 * (1.0 - shift)).clamp(0.0, 1.0);
            customers = customers * (1.0 - defection) + c0 * d0;
            out.customer_retention[mi] = 1.0 - defection;
            out.customers[mi] = customers;
        }
    }
    out.end_gaps = mean_gaps(plan, &v_sum, &req, &filled_count);
    // Proficiency range: every cell's base (vacant positions keep their last occupant's) and every
    // trained cell's current level.
    let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for &b in &st.base {
        lo = min_level(lo, b);
        hi = max32(hi, b);
    }
    for &c in &st.active {
        if st.learned[c as usize] != NONE {
            hi = max32(hi, current(plan, &st, c as usize, h));
        }
    }
    out.prof = if lo <= hi {
        [lo as f64, hi as f64]
    } else {
        [0.0, 0.0]
    };
    out
}

fn finish(plan: &Plan, run: u32, raw: Raw, baseline: Option<&Raw>) -> RunResult {
    let hl = plan.h as usize + 1;
    let value = plan.p.value_per_customer_month;
    let mut benefit = vec![0.0; hl];
    if let Some(b) = baseline {
        let mut acc = 0.0;
        for (m, out) in benefit.iter_mut().enumerate().skip(1) {
            acc += (raw.customers[m] - b.customers[m]) * value;
            *out = acc + (b.replacement[m] - raw.replacement[m]);
        }
    }
    let total_cost = raw.cost[hl - 1];
    let total_benefit = benefit[hl - 1];
    let (roi, bcr) = if total_cost > 0.0 {
        (
            Some((total_benefit - total_cost) / total_cost * 100.0),
            Some(total_benefit / total_cost),
        )
    } else {
        (None, None)
    };
    let payback = (1..hl)
        .find(|&m| raw.cost[m] > 0.0 && benefit[m] >= raw.cost[m])
        .map(|m| m as u32);
    RunResult {
        run,
        quality: raw.quality,
        quality_dims: raw.dims,
        employee_retention: raw.employee_retention,
        leavers: raw.leavers,
        vacancies: raw.vacancies,
        customer_retention: raw.customer_retention,
        customers: raw.customers,
        cumulative_cost: raw.cost,
        cumulative_benefit: benefit,
        cumulative_replacement_cost: raw.replacement,
        trained: raw.trained,
        enrolments: raw.enrolments,
        applied_gain: raw.applied,
        unused_gain: raw.unused,
        start_gaps: raw.start_gaps,
        end_gaps: raw.end_gaps,
        proficiency_range: raw.prof,
        total_cost,
        total_benefit,
        roi_percent: roi,
        bcr,
        payback_month: payback,
    }
}

/// Runs `runs` of a compiled scenario against its compiled baseline (pass the same plan twice, or
/// `None`, for the baseline itself).
pub fn run_plans(plan: &Plan, baseline: Option<&Plan>, runs: Range<u32>) -> Vec<RunResult> {
    runs.map(|run| {
        let st = initial(plan, run);
        match baseline {
            Some(b) if !plan.is_baseline => {
                let base_raw = simulate_raw(b, st.clone(), run);
                let raw = simulate_raw(plan, st, run);
                finish(plan, run, raw, Some(&base_raw))
            }
            _ => finish(plan, run, simulate_raw(plan, st, run), None),
        }
    })
    .collect()
}

/// Runs `runs` of a compiled scenario and of its compiled baseline together, simulating each baseline path
/// once: returns (the scenario's runs, exactly as [`run_plans`]`(plan, Some(baseline), runs)` gives them;
/// the baseline's runs, exactly as [`run_plans`]`(baseline, None, runs)` gives them). `baseline` must be
/// compiled from the scenario's [`Scenario::baseline`] (same assumptions and seed). If `plan` is itself a
/// baseline scenario, both vectors hold the same results (it is simulated once).
pub fn run_pairs(
    plan: &Plan,
    baseline: &Plan,
    runs: Range<u32>,
) -> (Vec<RunResult>, Vec<RunResult>) {
    debug_assert!(
        plan.seed == baseline.seed && plan.h == baseline.h && baseline.is_baseline,
        "run_pairs: `baseline` is not the plan's baseline"
    );
    let n = runs.len();
    let (mut scen, mut base) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for run in runs {
        let st = initial(plan, run);
        if plan.is_baseline {
            let r = finish(plan, run, simulate_raw(plan, st, run), None);
            base.push(r.clone());
            scen.push(r);
        } else {
            let base_raw = simulate_raw(baseline, st.clone(), run);
            let raw = simulate_raw(plan, st, run);
            scen.push(finish(plan, run, raw, Some(&base_raw)));
            base.push(finish(baseline, run, base_raw, None));
        }
    }
    (scen, base)
}

/// Runs `runs` of `scenario` (each compared with its baseline, same seed and run index).
pub fn simulate(pop: &Population, scenario: &Scenario, runs: Range<u32>) -> Vec<RunResult> {
    let plan = Plan::new(pop, scenario);
    if scenario.is_baseline() {
        run_plans(&plan, None, runs)
    } else {
        let base = Plan::new(pop, &scenario.baseline());
        run_plans(&plan, Some(&base), runs)
    }
}

/// One run of `scenario`.
pub fn run_one(pop: &Population, scenario: &Scenario, run: u32) -> RunResult {
    simulate(pop, scenario, run..run + 1)
        .pop()
        .expect("one run")
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
            &r.employee_retention,
            &r.customer_retention,
            &r.customers,
            &r.cumulative_cost,
            &r.cumulative_benefit,
        ] {
            s.iter().for_each(|x| eat(x.to_bits()));
        }
        r.quality_dims
            .iter()
            .flatten()
            .for_each(|x| eat(x.to_bits()));
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
        let v = [
            0.0f32,
            1.0,
            -1.0,
            2.5,
            1e-40,
            f32::MAX,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
        ];
        for a in v {
            for b in v {
                let (a, b) = (std::hint::black_box(a), std::hint::black_box(b));
                if a != b || a.is_nan() || b.is_nan() {
                    assert_eq!(max32(a, b).to_bits(), a.max(b).to_bits(), "max({a}, {b})");
                }
                // Levels: never negative, −0 or NaN.
                if a >= 0.0 && b >= 0.0 {
                    assert_eq!(
                        min_level(a, b).to_bits(),
                        a.min(b).to_bits(),
                        "min({a}, {b})"
                    );
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
    }

    /// Debug builds refuse a level outside min_level's domain (where the two versions could differ).
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "a level is negative")]
    fn min_level_refuses_negative_zero() {
        std::hint::black_box(min_level(std::hint::black_box(-0.0), 1.0));
    }
}
