//! A scenario's results: what the bands include (total uncertainty, and on request the noise-only band),
//! the organisation's money figures the result rests on, headline figures, the two money views (full horizon
//! and Phillips-conservative) with payback, fan charts over the months, where the benefit comes from, the
//! training schedule, gap closure per role and skill, the global sensitivity with break-even values, and the
//! optional one-at-a-time check.

use std::rc::Rc;

use yew::prelude::*;

use super::super::components::charts::{Drivers, FanChart, FanLine, Histogram, StackedChart, Tone, Tornado};
use super::super::context::use_app;
use super::super::services::simulate::{self, Task};
use super::scenario::SimView;
use super::thousands;
use crate::domain::sim::{
    assumptions, BreakEven, Crossing, Fan, Group, MoneyView, Population, Sampler, Scenario, Summary, View,
    ONE_AT_A_TIME_RUNS,
};
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
    let current = outcome.filter(|o| o.is_current(sc, &p.population));
    html! {
        <section class="results" aria-labelledby="results-title">
            <h2 id="results-title">{ "Results" }</h2>
            <p class="results-meta">
                { format!("{} runs over {} months, each paired with its baseline (no programme, no technology, no levers) \
                    drawn with the same assumptions and chance events. Lines show the median run, bands the 10th–90th percentile.",
                    thousands(summary.runs as f64), summary.horizon_months) }
                if let Some(n) = note { <strong class="results-note">{ format!(" {n}") }</strong> }
            </p>
            <Bands summary={summary.clone()} outcome={current.clone().filter(|_| partial.is_none()).map(OutcomeRef)}
                sim={p.sim.clone()} currency={cur.clone()} />
            <OrganisationFigures scenario={sc.clone()} currency={cur.clone()} />
            <Headlines summary={summary.clone()} currency={cur.clone()} />
            <Money summary={summary.clone()} currency={cur.clone()} />
            <Breakdown summary={summary.clone()} currency={cur.clone()} />
            <Charts summary={summary.clone()} currency={cur.clone()} />
            <Schedule summary={summary.clone()} scenario={sc.clone()} />
            <GapClosureTable summary={summary.clone()} />
            <GlobalSensitivity summary={summary.clone()} currency={cur.clone()} />
            if partial.is_none() {
                if let Some(o) = current {
                    <Sensitivity outcome={OutcomeRef(o)} sim={p.sim.clone()} currency={cur} />
                }
            }
        </section>
    }
}

/// "AUD 1,234" for a currency amount, "1,234" otherwise.
fn money(currency: &str, v: f64) -> String {
    if v < 0.0 {
        format!("−{currency} {}", thousands(-v))
    } else {
        format!("{currency} {}", thousands(v))
    }
}

#[derive(Properties, PartialEq)]
struct BandsProps {
    summary: Rc<Summary>,
    /// The finished, current outcome (the noise-only band can be asked for).
    outcome: Option<OutcomeRef>,
    sim: SimView,
    currency: AttrValue,
}

/// What the bands include, in words, and on request the noise-only band beside the total one.
#[component]
fn Bands(p: &BandsProps) -> Html {
    let s = &p.summary;
    let noise = p.outcome.as_ref().and_then(|o| o.0.noise_only.clone());
    let running = p.outcome.as_ref().is_some_and(|o| {
        p.sim.0.running.as_ref().is_some_and(|r| r.id == o.0.scenario.id && r.task == Task::NoiseOnly)
    });
    let start = p.outcome.clone().map(|o| Callback::from(move |_| simulate::run_noise_only(o.0.clone())));
    let cur = p.currency.to_string();
    let band = |d: &crate::domain::sim::Distribution| format!("{} to {}", money(&cur, d.p10), money(&cur, d.p90));
    let prob = |v: &MoneyView| if v.roi.n > 0 { format!("{:.0} %", v.prob_roi_positive * 100.0) } else { "no costs".into() };
    html! {
        <section class="card bands" aria-labelledby="bands-title">
            <h3 id="bands-title">{ "What the ranges include" }</h3>
            <p><strong>{ "Total band: " }</strong>{ s.bands_include.clone() }</p>
            if let Some(n) = &noise {
                <p><strong>{ "Noise-only band: " }</strong>{ n.bands_include.clone() }</p>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="bands-table-caption">
                <table class="gap-table">
                    <caption id="bands-table-caption">{ "Total band and noise-only band (full horizon)" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Figure" }</th><th scope="col">{ "Total uncertainty" }</th><th scope="col">{ "Noise only" }</th>
                    </tr></thead>
                    <tbody>
                        <tr><th scope="row">{ "Net benefit, P10 to P90" }</th>
                            <td>{ band(&s.full.net_benefit) }</td><td>{ band(&n.full.net_benefit) }</td></tr>
                        <tr><th scope="row">{ "P(ROI > 0)" }</th><td>{ prob(&s.full) }</td><td>{ prob(&n.full) }</td></tr>
                        <tr><th scope="row">{ "P(ROI > 0), Phillips-conservative" }</th>
                            <td>{ prob(&s.conservative) }</td><td>{ prob(&n.conservative) }</td></tr>
                    </tbody>
                </table>
                </div>
                <p class="hint">{ "Decide on the total band: the noise-only band leaves out that the assumptions themselves are uncertain." }</p>
            } else if running {
                <p role="status">{ "Running the noise-only runs… see the progress above." }</p>
            } else if let Some(start) = start {
                <button type="button" class="btn" onclick={start}>{ "Show the noise-only band" }</button>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct OrgProps {
    scenario: Scenario,
    currency: AttrValue,
}

/// The money assumptions first, as the organisation's own figures: what each run drew, or the pinned value.
#[component]
fn OrganisationFigures(p: &OrgProps) -> Html {
    let sampler = Sampler::new(crate::domain::sim::Mode::Total, 0, 1, &p.scenario.overrides, &p.scenario.ranges);
    let list = assumptions();
    let unit = |u: &str| if u == "currency" { p.currency.to_string() } else { u.to_string() };
    let v = |x: f64| {
        let s = format!("{x:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    html! {
        <section class="card" aria-labelledby="org-title">
            <h3 id="org-title">{ "Your organisation's figures" }</h3>
            <p class="hint">{ "The money side rests on these. Pin each to your own figure under Assumptions; until then every run draws it from the range shown." }</p>
            <ul class="org-figures">
                { for list.iter().zip(sampler.marginals()).filter(|(a, _)| a.group == Group::Organisation).map(|(a, m)| {
                    let what = if m.pinned {
                        format!("{} {} (your figure)", v(m.mode), unit(&a.unit))
                    } else if m.is_sampled() {
                        format!("{} to {} {}, most likely {}{}", v(m.low), v(m.high), unit(&a.unit), v(m.mode),
                            if m.narrowed { " (your range)" } else { " (not yet your figure)" })
                    } else {
                        format!("{} {}", v(m.mode), unit(&a.unit))
                    };
                    html! { <li><span class="org-label">{ a.label.clone() }</span>{ ": " }<strong>{ what }</strong></li> }
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    summary: Rc<Summary>,
    currency: AttrValue,
}

/// The headline figures of the service side.
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

/// The payback of a view in words: the month after which cumulative net benefit stays ≥ 0 (median over the
/// runs that pay back), or "not within the horizon".
fn payback_text(v: &MoneyView, horizon: u32, runs: u32) -> (String, String) {
    let share = v.share_paid_back * 100.0;
    if v.payback.n == 0 {
        ("not within the horizon".into(), format!("no run's cumulative net benefit stays at or above 0 within {horizon} months"))
    } else if v.share_paid_back < 0.5 {
        (
            "not within the horizon".into(),
            format!("in most runs; {} of {} runs pay back, at month {:.0} (median of those)", thousands(v.payback.n as f64), thousands(runs as f64), v.payback.p50),
        )
    } else {
        (
            format!("month {:.0}", v.payback.p50),
            format!("median of the {share:.0} % of runs whose cumulative net benefit stays at or above 0 from then on"),
        )
    }
}

/// The two money views side by side: full horizon and Phillips-conservative.
#[component]
fn Money(p: &SummaryProps) -> Html {
    let s = &p.summary;
    let cur = p.currency.to_string();
    let dist = |d: &crate::domain::sim::Distribution, f: &dyn Fn(f64) -> String| {
        if d.n == 0 { "n/a".to_string() } else { format!("{} (P10 {} to P90 {})", f(d.p50), f(d.p10), f(d.p90)) }
    };
    let m = |x: f64| money(&cur, x);
    let pct = |x: f64| percent(x);
    let ratio = |x: f64| format!("{x:.2}");
    let views = [&s.full, &s.conservative];
    let row = |head: &str, cell: &dyn Fn(&MoneyView) -> String| html! {
        <tr><th scope="row">{ head.to_string() }</th>{ for views.iter().map(|v| html! { <td>{ cell(v) }</td> }) }</tr>
    };
    html! {
        <section class="card" aria-labelledby="money-title">
            <h3 id="money-title">{ "Costs, benefits and return" }</h3>
            <p class="hint">{ "Medians over the runs, with the 10th–90th percentile. Both views use the same runs." }</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="money-caption">
            <table class="gap-table money-table">
                <caption id="money-caption">{ format!("Money at month {} ({cur})", s.horizon_months) }</caption>
                <thead><tr>
                    <th scope="col">{ "Figure" }</th>
                    { for views.iter().map(|v| html! { <th scope="col">{ v.view.label() }</th> }) }
                </tr></thead>
                <tbody>
                    { row("What it counts", &|v| v.includes.clone()) }
                    { row("Benefit", &|v| dist(&v.benefit, &m)) }
                    { row("Cost", &|v| dist(&v.cost, &m)) }
                    { row("Net benefit (benefit − cost)", &|v| dist(&v.net_benefit, &m)) }
                    { row("Return on investment (Phillips ROI)", &|v| if v.roi.n > 0 { dist(&v.roi, &pct) } else { "no costs, so no ROI".into() }) }
                    { row("P(ROI > 0), over total uncertainty", &|v| if v.roi.n > 0 { format!("{:.0} %", v.prob_roi_positive * 100.0) } else { "n/a".into() }) }
                    { row("Benefit-cost ratio", &|v| dist(&v.bcr, &ratio)) }
                    { row("Payback", &|v| { let (a, b) = payback_text(v, s.horizon_months, s.runs); format!("{a}: {b}") }) }
                </tbody>
            </table>
            </div>
        </section>
    }
}

/// Where the full view's benefit comes from, stacked over the months.
#[component]
fn Breakdown(p: &SummaryProps) -> Html {
    let s = &p.summary;
    let cur = p.currency.to_string();
    html! {
        <section class="card" aria-labelledby="breakdown-title">
            <h3 id="breakdown-title">{ "Where the benefit comes from" }</h3>
            <p class="hint">{ "Full-horizon view. Customers kept: the margin of customers who stay because service is better than in the \
                baseline run (customers react with a lag). Turnover costs avoided: the direct part of replacing leavers (recruiting, \
                hiring, onboarding); lost productivity is not counted again here, it is in service quality and so in customers." }</p>
            <ul class="breakdown-totals">
                { for s.benefit_sources.iter().map(|b| html! {
                    <li>{ format!("{} at month {}: {} (P10 {} to P90 {})", b.label, s.horizon_months,
                        money(&cur, b.at_horizon.p50), money(&cur, b.at_horizon.p10), money(&cur, b.at_horizon.p90)) }</li>
                }) }
            </ul>
            <StackedChart title={format!("Cumulative benefit by source ({cur})")} sources={s.benefit_sources.clone()}
                fmt={thousands as fn(f64) -> String} unit_label={p.currency.clone()} />
        </section>
    }
}

/// A break-even value in words.
fn break_even_text(b: &BreakEven, currency: &str) -> String {
    let unit = if b.unit == "currency" { currency.to_string() } else { b.unit.clone() };
    let v = |x: f64| {
        let s = if x.abs() >= 100.0 { format!("{x:.0}") } else { format!("{x:.3}") };
        let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
        format!("{s} {unit}").trim_end().to_string()
    };
    let range = format!("{} to {}", v(b.low), v(b.high));
    match (b.crossing, b.value) {
        (Crossing::Crosses, Some(x)) => format!(
            "Net benefit stays above 0 while \u{201c}{}\u{201d} is {} {} (runs drew {range}).",
            b.label,
            if b.positive_above { "at least" } else { "at most" },
            v(x)
        ),
        (Crossing::AlwaysNegative, _) => format!("Net benefit is below 0 over the whole range drawn for \u{201c}{}\u{201d} ({range}).", b.label),
        _ => format!("Net benefit stays above 0 over the whole range drawn for \u{201c}{}\u{201d} ({range}).", b.label),
    }
}

/// The global sensitivity from the same runs: rank regression coefficients and break-even values.
#[component]
fn GlobalSensitivity(p: &SummaryProps) -> Html {
    let view = use_state(|| View::Full);
    let Some(g) = p.summary.sensitivity.as_ref() else {
        return html! {
            <section class="card" aria-labelledby="drivers-title">
                <h3 id="drivers-title">{ "Which assumptions matter most" }</h3>
                <p>{ "Needs at least 10 runs that draw their assumptions." }</p>
            </section>
        };
    };
    let r = if *view == View::Full { &g.full } else { &g.conservative };
    let pick = |v: View| {
        let view = view.clone();
        Callback::from(move |_| view.set(v))
    };
    html! {
        <section class="card" aria-labelledby="drivers-title">
            <h3 id="drivers-title">{ "Which assumptions matter most" }</h3>
            <p class="hint">{ format!("From the same runs: {}. A coefficient is how strongly the net benefit's rank follows the assumption's \
                rank, the others held (−1 to +1). The regression explains {:.0} % of the variation in rank{}.",
                g.method, r.r_squared * 100.0,
                if r.r_squared < 0.6 { "; the rest comes from interactions and the people's chance events" } else { "" }) }</p>
            <div class="btn-row" role="group" aria-label="Net benefit to explain">
                { for [View::Full, View::Conservative].into_iter().map(|v| html! {
                    <button type="button" class="btn" aria-pressed={(*view == v).to_string()} onclick={pick(v)}>{ v.label() }</button>
                }) }
            </div>
            <Drivers title={format!("Drivers of the net benefit ({})", r.view.label())} drivers={r.drivers.clone()} max_bars={10} />
            <h4>{ "Break-even values of the top drivers" }</h4>
            <ul class="break-even">
                { for r.break_even.iter().map(|b| html! { <li>{ break_even_text(b, &p.currency) }</li> }) }
            </ul>
            <p class="hint">{ "Each break-even value is where the mean net benefit of the runs, grouped by that assumption, crosses 0 \
                while every other assumption still varies over its range." }</p>
        </section>
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
    let net_lines: Vec<FanLine> = [("net_benefit", View::Full, 0u8), ("conservative_net_benefit", View::Conservative, 2)]
        .into_iter()
        .filter_map(|(k, v, i)| fan(&s.series, k).map(|f| FanLine { fan: f.clone(), tone: Tone::Compare(i), name: v.label().into() }))
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
                <FanChart title={format!("Cumulative net benefit ({})", p.currency)} fans={net_lines} fmt={thousands as fn(f64) -> String}
                    unit_label={p.currency.clone()} />
                <Histogram title="Return on investment over the runs (full horizon)" dist={s.full.roi.clone()} fmt={percent as fn(f64) -> String} />
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

/// The optional one-at-a-time check of the top drivers.
#[component]
fn Sensitivity(p: &SensitivityProps) -> Html {
    let o = &p.outcome.0;
    let st = &p.sim.0;
    let running = st.running.as_ref().filter(|r| r.id == o.scenario.id && r.task == Task::Sensitivity);
    let start = {
        let o = o.clone();
        Callback::from(move |_| simulate::run_sensitivity(o.clone()))
    };
    let runs = o.scenario.runs.clamp(1, ONE_AT_A_TIME_RUNS);
    if o.summary.sensitivity.is_none() {
        return html! {};
    }
    html! {
        <section class="card" aria-labelledby="oat-title">
            <h3 id="oat-title">{ "One at a time (optional check)" }</h3>
            <p class="hint">{ format!("Every assumption at its central value, then each top driver at the low and at the high end of the \
                range its runs drew; each bar is the mean net benefit ({}, full horizon) over {runs} noise-only paired runs with the same \
                random numbers. It leaves out that assumptions vary together; the ranking above does not.", p.currency) }</p>
            if let Some(bars) = &o.tornado {
                <Tornado title={format!("Net benefit ({}) when one assumption changes", p.currency)} bars={(**bars).clone()}
                    fmt={thousands as fn(f64) -> String} max_bars={12} />
            } else if running.is_some() {
                <p role="status">{ "Computing… see the progress above." }</p>
            } else {
                <button type="button" class="btn" onclick={start}>{ "Check the top drivers one at a time" }</button>
            }
        </section>
    }

}
