//! A scenario's results: headline figures, fan charts over the months, the ROI distribution, the training
//! schedule, gap closure per role and skill, and the sensitivity tornado.

use std::rc::Rc;

use yew::prelude::*;

use super::super::components::charts::{FanChart, FanLine, Histogram, Tone, Tornado};
use super::super::context::use_app;
use super::super::services::simulate::{self, Task, TORNADO_RUNS};
use super::scenario::SimView;
use super::thousands;
use crate::domain::sim::{Fan, Population, Scenario, Summary};
use crate::domain::Dimension;

/// Points on the 0–100 service-quality scale.
pub fn points(v: f64) -> String {
    format!("{v:.1}")
}

/// A share as a percentage.
pub fn share(v: f64) -> String {
    format!("{:.1} %", v * 100.0)
}

/// A percentage already in percent.
pub fn percent(v: f64) -> String {
    format!("{v:.0} %")
}

/// The fan with `key`, if the summary has it.
pub fn fan<'a>(fans: &'a [Fan], key: &str) -> Option<&'a Fan> {
    fans.iter().find(|f| f.key == key)
}

/// P50 at the last month, with P10–P90.
pub fn at_end(f: &Fan) -> (f64, f64, f64) {
    let last = |v: &[f64]| v.last().copied().unwrap_or(f64::NAN);
    (last(&f.p50), last(&f.p10), last(&f.p90))
}

fn signed(v: f64, fmt: fn(f64) -> String) -> String {
    if v >= 0.0 {
        format!("+{}", fmt(v))
    } else {
        format!("−{}", fmt(-v))
    }
}

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub scenario: Scenario,
    pub population: Rc<Population>,
    pub sim: SimView,
    pub currency: AttrValue,
}

/// The results of the scenario's last run (or the preliminary summary while it runs).
#[component]
pub fn Results(p: &ResultsProps) -> Html {
    let st = &p.sim.0;
    let sc = &p.scenario;
    let outcome = st.outcome(&sc.id);
    let partial = st
        .running
        .as_ref()
        .filter(|r| r.id == sc.id && r.task == Task::Simulation)
        .and_then(|r| r.partial.clone().map(|s| (s, r.done, r.total)));
    let (summary, note) = match (&partial, &outcome) {
        (Some((s, done, total)), _) => (
            s.clone(),
            Some(format!(
                "Preliminary: {} of {} runs done; these figures are from the first {}.",
                thousands(*done as f64),
                thousands(*total as f64),
                thousands(s.runs as f64)
            )),
        ),
        (None, Some(o)) => (
            o.summary.clone(),
            (!o.is_current(sc, &p.population))
                .then(|| "These results are from an earlier version of the scenario or the workspace.".to_string()),
        ),
        (None, None) => {
            return html! {
                <section class="card results-empty" aria-labelledby="results-title">
                    <h2 id="results-title">{ "Results" }</h2>
                    <p>{ "Run the simulation to see service quality, staff and customer retention, costs and ROI over time, each as a range over the runs." }</p>
                </section>
            };
        }
    };
    let cur = p.currency.clone();
    html! {
        <section class="results" aria-labelledby="results-title">
            <h2 id="results-title">{ "Results" }</h2>
            <p class="results-meta">
                { format!("{} runs over {} months, each compared with the baseline (no programme, no technology, no levers). \
                    Bands show the 10th–90th percentile of runs, lines the median.", thousands(summary.runs as f64), summary.horizon_months) }
                if let Some(n) = note { <strong class="results-note">{ format!(" {n}") }</strong> }
            </p>
            <Headlines summary={summary.clone()} currency={cur.clone()} />
            <Charts summary={summary.clone()} currency={cur.clone()} />
            <Schedule summary={summary.clone()} scenario={sc.clone()} />
            <GapClosureTable summary={summary.clone()} />
            if partial.is_none() {
                if let Some(o) = outcome.filter(|o| o.is_current(sc, &p.population)) {
                    <Sensitivity outcome={OutcomeRef(o)} sim={p.sim.clone()} currency={cur} />
                }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    summary: Rc<Summary>,
    currency: AttrValue,
}

/// The headline figures.
#[component]
fn Headlines(p: &SummaryProps) -> Html {
    let s = &p.summary;
    let h = s.horizon_months;
    let vs_base = |key: &str, fmt: fn(f64) -> String| -> Option<(String, String)> {
        let (m, lo, hi) = at_end(fan(&s.series, key)?);
        let base = fan(&s.baseline_series, key).map(|b| at_end(b).0);
        let delta = base.map(|b| format!("{} vs baseline", signed(m - b, fmt))).unwrap_or_default();
        Some((fmt(m), format!("P10–P90 {} – {}. {delta}", fmt(lo), fmt(hi))))
    };
    let mut items: Vec<(String, String, String)> = Vec::new();
    if let Some((v, d)) = vs_base("quality", points) {
        items.push((v, format!("Service quality at month {h} (0–100)"), d));
    }
    if let Some((v, d)) = vs_base("employee_retention", share) {
        items.push((v, format!("Starting staff still in post at month {h}"), d));
    }
    if let Some(f) = fan(&s.series, "customer_retention") {
        let (m, lo, hi) = at_end(f);
        items.push((share(m), format!("Customers kept in month {h}"), format!("P10–P90 {} – {}", share(lo), share(hi))));
    }
    let net = &s.net_benefit;
    items.push((
        format!("{} {}", p.currency, thousands(net.p50)),
        "Net benefit (benefits − costs), median".to_string(),
        format!("P10–P90 {} – {}", thousands(net.p10), thousands(net.p90)),
    ));
    if s.roi.n > 0 {
        items.push((
            percent(s.roi.p50),
            "Return on investment (Phillips ROI), median".to_string(),
            format!("P(ROI > 0) = {:.0} %. P10–P90 {} – {}", s.prob_roi_positive * 100.0, percent(s.roi.p10), percent(s.roi.p90)),
        ));
    } else {
        items.push(("n/a".into(), "Return on investment".into(), "No costs, so no ROI".into()));
    }
    items.push(if s.payback.n > 0 {
        (
            format!("month {:.0}", s.payback.p50),
            "Payback, median of the runs that pay back".to_string(),
            format!("{:.0} % of runs pay back within {h} months", s.share_paid_back * 100.0),
        )
    } else {
        ("none".into(), "Payback".into(), format!("No run pays back within {h} months"))
    });
    html! {
        <ul class="kpis sim-kpis">
            { for items.into_iter().map(|(v, label, detail)| html! {
                <li>
                    <span class="kpi-num">{ v }</span>
                    <span class="kpi-label">{ label }</span>
                    <span class="kpi-detail">{ detail }</span>
                </li>
            }) }
        </ul>
    }
}

/// Scenario (and baseline) fans for one key.
fn lines(s: &Summary, key: &str, with_baseline: bool) -> Vec<FanLine> {
    let mut v = Vec::new();
    if let Some(f) = fan(&s.series, key) {
        v.push(FanLine { fan: f.clone(), tone: Tone::Scenario, name: "Scenario".into() });
    }
    if with_baseline {
        if let Some(f) = fan(&s.baseline_series, key) {
            v.push(FanLine { fan: f.clone(), tone: Tone::Baseline, name: "Baseline".into() });
        }
    }
    v
}

#[component]
fn Charts(p: &SummaryProps) -> Html {
    let s = &p.summary;
    let money_lines: Vec<FanLine> = [("cumulative_cost", "Cost", 0u8), ("cumulative_benefit", "Benefit", 1)]
        .into_iter()
        .filter_map(|(k, name, i)| fan(&s.series, k).map(|f| FanLine { fan: f.clone(), tone: Tone::Compare(i), name: name.into() }))
        .collect();
    html! {
        <>
            <div class="sim-charts">
                <FanChart title="Service quality" fans={lines(s, "quality", true)} fmt={points as fn(f64) -> String}
                    unit_label="points (0–100): customer-contact-weighted readiness" />
                <FanChart title="Starting staff still in post" fans={lines(s, "employee_retention", true)} fmt={share as fn(f64) -> String}
                    unit_label="share of today's staff" />
                <FanChart title="Customer retention" fans={lines(s, "customer_retention", false)} fmt={share as fn(f64) -> String}
                    unit_label="share of customers kept each month" />
                <FanChart title={format!("Cumulative cost and benefit ({})", p.currency)} fans={money_lines} fmt={thousands as fn(f64) -> String}
                    unit_label={p.currency.clone()} />
                <FanChart title="People trained so far" fans={lines(s, "trained", false)} fmt={thousands as fn(f64) -> String}
                    unit_label="enrolments" />
                <Histogram title="Return on investment over the runs" dist={s.roi.clone()} fmt={percent as fn(f64) -> String} />
            </div>
            <h3>{ "Service quality by SERVQUAL dimension" }</h3>
            <div class="sim-charts small">
                { for Dimension::ALL.iter().map(|d| {
                    let key = format!("quality_{}", d.label().to_lowercase());
                    html! { <FanChart title={d.label()} fans={lines(s, &key, false)} fmt={points as fn(f64) -> String} unit_label="points" /> }
                }) }
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ScheduleProps {
    summary: Rc<Summary>,
    scenario: Scenario,
}

/// Median enrolments per programme per month, for the months anyone is enrolled.
#[component]
fn Schedule(p: &ScheduleProps) -> Html {
    let s = &p.summary;
    let progs = &p.scenario.programmes;
    if s.schedule.is_empty() || progs.is_empty() {
        return html! {};
    }
    let months = s.schedule.first().map(|v| v.len()).unwrap_or(0);
    let busy: Vec<usize> = (0..months).filter(|&m| s.schedule.iter().any(|row| row[m] > 0.0)).collect();
    let totals: Vec<f64> = s.schedule.iter().map(|row| row.iter().sum()).collect();
    html! {
        <section class="card" aria-labelledby="schedule-title">
            <h3 id="schedule-title">{ "Training schedule" }</h3>
            <p class="hint">{ "Median number of people starting each programme, month by month (the simulation picks who; everyone in a month starts together)." }</p>
            if busy.is_empty() {
                <p>{ "Nobody is enrolled in any run: check each programme's skills, roles, capacity and start month." }</p>
            } else {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="schedule-title">
                <table class="gap-table">
                    <thead><tr>
                        <th scope="col">{ "Month" }</th>
                        { for progs.iter().map(|g| html! { <th scope="col">{ g.name.clone() }</th> }) }
                    </tr></thead>
                    <tbody>
                        { for busy.iter().map(|&m| html! {
                            <tr>
                                <th scope="row">{ m }</th>
                                { for s.schedule.iter().map(|row| html! { <td class="num">{ format!("{:.0}", row[m]) }</td> }) }
                            </tr>
                        }) }
                    </tbody>
                    <tfoot><tr>
                        <th scope="row">{ "Total" }</th>
                        { for totals.iter().map(|t| html! { <td class="num">{ format!("{t:.0}") }</td> }) }
                    </tr></tfoot>
                </table>
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct GapProps {
    summary: Rc<Summary>,
}

/// How much of each role × skill gap the scenario closes beyond the baseline, largest first.
#[component]
fn GapClosureTable(p: &GapProps) -> Html {
    let app = use_app();
    let ws = app.ws();
    let all = use_state(|| false);
    let mut rows: Vec<_> = p.summary.gap_closure.iter().collect();
    rows.sort_by(|a, b| b.closed.total_cmp(&a.closed).then_with(|| a.role.cmp(&b.role)).then_with(|| a.skill.cmp(&b.skill)));
    let n = rows.len();
    let shown = if *all { n } else { n.min(12) };
    let toggle = {
        let all = all.clone();
        Callback::from(move |_| all.set(!*all))
    };
    let name_role = |id: &crate::domain::RoleId| ws.role(id).map(|r| r.name.clone()).unwrap_or_else(|| id.to_string());
    let name_skill = |id: &crate::domain::SkillId| ws.skill(id).map(|s| s.name.clone()).unwrap_or_else(|| id.to_string());
    html! {
        <section class="card" aria-labelledby="closure-title">
            <h3 id="closure-title">{ "Gap closure by role and skill" }</h3>
            <p class="hint">{ "Mean gap (required − current level, in levels) among the people in post, median over runs. \
                \u{201c}Closed\u{201d} is the baseline's end gap minus the scenario's, paired run by run." }</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="closure-title">
            <table class="gap-table">
                <thead><tr>
                    <th scope="col">{ "Role" }</th><th scope="col">{ "Skill" }</th>
                    <th scope="col">{ "Gap now" }</th><th scope="col">{ "End: baseline" }</th>
                    <th scope="col">{ "End: scenario" }</th><th scope="col">{ "Closed" }</th>
                </tr></thead>
                <tbody>
                    { for rows.iter().take(shown).map(|g| html! {
                        <tr>
                            <td>{ name_role(&g.role) }</td>
                            <td>{ name_skill(&g.skill) }</td>
                            <td class="num">{ format!("{:.2}", g.start_gap) }</td>
                            <td class="num">{ format!("{:.2}", g.baseline_end_gap) }</td>
                            <td class="num">{ format!("{:.2}", g.scenario_end_gap) }</td>
                            <td class="num strong">{ format!("{:.2}", g.closed) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            if n > 12 {
                <button type="button" class="btn" onclick={toggle} aria-expanded={(*all).to_string()}>
                    { if *all { "Show the top 12".to_string() } else { format!("Show all {n}") } }
                </button>
            }
        </section>
    }
}

/// An outcome as a prop (compared by identity).
#[derive(Clone)]
pub struct OutcomeRef(pub Rc<simulate::Outcome>);

impl PartialEq for OutcomeRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct SensitivityProps {
    outcome: OutcomeRef,
    sim: SimView,
    currency: AttrValue,
}

/// The tornado: which assumptions move the mean net benefit most.
#[component]
fn Sensitivity(p: &SensitivityProps) -> Html {
    let o = &p.outcome.0;
    let st = &p.sim.0;
    let running = st.running.as_ref().filter(|r| r.id == o.scenario.id && r.task == Task::Sensitivity);
    let start = {
        let o = o.clone();
        Callback::from(move |_| simulate::run_sensitivity(o.clone()))
    };
    let runs = o.scenario.runs.clamp(1, TORNADO_RUNS);
    html! {
        <section class="card" aria-labelledby="sensitivity-title">
            <h3 id="sensitivity-title">{ "Which assumptions matter most" }</h3>
            <p class="hint">{ format!("Each assumption is set to the low and then the high end of its plausible range, everything else as in the scenario; \
                each bar is the mean net benefit ({}) over {runs} paired runs with the same random numbers.", p.currency) }</p>
            if let Some(bars) = &o.tornado {
                <Tornado title={format!("Net benefit ({}) when one assumption changes", p.currency)} bars={(**bars).clone()}
                    fmt={thousands as fn(f64) -> String} max_bars={12} />
            } else if running.is_some() {
                <p>{ "Computing… see the progress above." }</p>
            } else {
                <button type="button" class="btn" onclick={start}>{ "Run sensitivity analysis" }</button>
            }
        </section>
    }
}
