//! Simulate: the workspace's scenarios, side by side. Each scenario's page designs and runs it
//! ([`super::scenario`]); here they are listed, created, duplicated, deleted and compared.

use yew::prelude::*;
use yew_router::prelude::*;

use super::super::components::charts::{FanChart, FanLine, Tone};
use super::super::context::use_app;
use super::super::services::simulate::{self, use_sim_store, Outcome};
use super::super::{use_title, AppLink, Route};
use super::scenario::use_population;
use super::sim_results::{at_end, fan, points, share};
use super::thousands;
use super::focus_after_render;
use crate::domain::sim::Scenario;
use crate::domain::validate::same_name;
use crate::domain::{Command, ScenarioId};

/// Most scenarios drawn in the comparison chart.
const COMPARE_CHART: usize = 4;

/// A name not used by any scenario yet: `base`, or `base 2`, `base 3`, …
fn fresh_name(existing: &[Scenario], base: &str) -> String {
    (1..)
        .map(|n| if n == 1 { base.to_string() } else { format!("{base} {n}") })
        .find(|c| !existing.iter().any(|s| same_name(&s.name, c)))
        .expect("some name is free")
}

/// The scenarios page.
#[component]
pub fn SimulatePage() -> Html {
    use_title("Simulate".into());
    let app = use_app();
    let ws = app.ws();
    let sim = use_sim_store();
    let pop = use_population();
    let nav = use_navigator();
    let create = {
        let (app, ws, nav) = (app.clone(), ws.clone(), nav.clone());
        Callback::from(move |_| {
            let name = fresh_name(&ws.scenarios, "New scenario");
            let s = Scenario::starter(&ws, &name);
            if let Ok(a) = app.run_with(Command::AddScenario(Box::new(s)), Some(format!("\u{201c}{name}\u{201d} created"))) {
                if let (Some(nav), Some(id)) = (&nav, a.created) {
                    nav.push(&Route::Scenario { id });
                }
            }
        })
    };
    let duplicate = {
        let (app, ws) = (app.clone(), ws.clone());
        Callback::from(move |id: ScenarioId| {
            let Some(s) = ws.scenarios.iter().find(|s| s.id == id) else { return };
            let name = fresh_name(&ws.scenarios, &format!("{} (copy)", s.name));
            let copy = Scenario { name: name.clone(), ..s.clone() };
            app.run_announced(Command::AddScenario(Box::new(copy)), format!("\u{201c}{name}\u{201d} created"));
        })
    };
    let delete = {
        let app = app.clone();
        Callback::from(move |(id, name): (ScenarioId, String)| {
            if app.run_announced(Command::DeleteScenario { id }, format!("Deleted \u{201c}{name}\u{201d} (Undo brings it back)")) {
                focus_after_render("new-scenario");
            }
        })
    };
    let current: Vec<(Scenario, std::rc::Rc<Outcome>)> = ws
        .scenarios
        .iter()
        .filter_map(|s| sim.outcome(&s.id).filter(|o| o.is_current(s, &pop)).map(|o| (s.clone(), o)))
        .collect();
    let cur = ws.currency.clone();
    html! {
        <section class="page" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">{ "Simulate reskilling" }</h1>
                <p class="lead">{ "Design reskilling programmes, technology support and internal-marketing levers, and see what they are likely \
                    to do to service quality, staff and customer retention, cost and ROI — as a range over many runs — before you spend the budget." }</p>
            </div>
            <div class="toolbar">
                <button id="new-scenario" type="button" class="btn primary" onclick={create}>{ "+ New scenario" }</button>
            </div>
            if ws.scenarios.is_empty() {
                <p class="empty">{ "No scenario yet. A new one starts with a workshop programme on your three highest gap priorities." }</p>
            } else {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="scenarios-title">
                <table class="gap-table scenarios">
                    <caption id="scenarios-title">{ "Scenarios, with their latest results (medians; P10–P90 in brackets)" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Scenario" }</th>
                        <th scope="col">{ "Contents" }</th>
                        <th scope="col">{ "Service quality at the end" }</th>
                        <th scope="col">{ "Staff still in post" }</th>
                        <th scope="col">{ format!("Net benefit ({cur})") }</th>
                        <th scope="col">{ "ROI · P(ROI > 0)" }</th>
                        <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                    </tr></thead>
                    <tbody>
                        { for ws.scenarios.iter().map(|s| {
                            let outcome = sim.outcome(&s.id);
                            let fresh = outcome.as_ref().filter(|o| o.is_current(s, &pop));
                            let running = sim.is_running(&s.id);
                            let contents = format!("{} programme{}, {} technology, levers {}; {} months",
                                s.programmes.len(), if s.programmes.len() == 1 { "" } else { "s" },
                                s.technology.len(), if s.levers.is_zero() { "off" } else { "on" }, s.horizon_months);
                            let (id1, id2, name) = (s.id.clone(), s.id.clone(), s.name.clone());
                            let dup = duplicate.reform(move |_| id1.clone());
                            let del = delete.reform(move |_| (id2.clone(), name.clone()));
                            html! {
                                <tr key={s.id.to_string()}>
                                    <th scope="row"><AppLink to={Route::Scenario { id: s.id.to_string() }}>{ s.name.clone() }</AppLink></th>
                                    <td>{ contents }</td>
                                    { match fresh {
                                        Some(o) => result_cells(o),
                                        None => html! { <td colspan="4" class="muted">{
                                            if running { "Running…" } else if outcome.is_some() { "Out of date: open it and run again" } else { "Not run yet" }
                                        }</td> },
                                    } }
                                    <td class="actions">
                                        <button type="button" class="btn" onclick={dup} aria-label={format!("Duplicate {}", s.name)}>{ "Duplicate" }</button>
                                        <button type="button" class="btn danger" onclick={del} aria-label={format!("Delete {}", s.name)}>{ "Delete" }</button>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                </div>
            }
            if !current.is_empty() {
                <section class="card" aria-labelledby="compare-title">
                    <h2 id="compare-title">{ "Compare" }</h2>
                    <p class="hint">{ format!("Service quality of up to {COMPARE_CHART} scenarios with current results, and the baseline of the first. \
                        Scenarios with the same seed, horizon and assumptions share their baseline and their random numbers, so the differences are the scenarios'.") }</p>
                    <FanChart title="Service quality by scenario" fmt={points as fn(f64) -> String} unit_label="points (0–100)"
                        fans={compare_lines(&current)} />
                </section>
            }
            if sim.running.is_some() {
                <p class="hint" role="status">{ format!("Running \u{201c}{}\u{201d}…", sim.running.as_ref().map(|r| r.name.clone()).unwrap_or_default()) }
                    <button type="button" class="btn" onclick={Callback::from(|_| simulate::cancel())}>{ "Cancel" }</button></p>
            }
        </section>
    }
}

fn result_cells(o: &Outcome) -> Html {
    let s = &o.summary;
    let end = |key: &str, fmt: fn(f64) -> String| match fan(&s.series, key).map(at_end) {
        Some((m, lo, hi)) => format!("{} ({} – {})", fmt(m), fmt(lo), fmt(hi)),
        None => "–".into(),
    };
    let base_q = fan(&s.baseline_series, "quality").map(|f| at_end(f).0);
    let q = fan(&s.series, "quality").map(|f| at_end(f).0);
    let delta = match (q, base_q) {
        (Some(q), Some(b)) => format!("; {:+.1} vs baseline", q - b),
        _ => String::new(),
    };
    let roi = if s.full.roi.n > 0 {
        format!("{:.0} % · {:.0} %", s.full.roi.p50, s.full.prob_roi_positive * 100.0)
    } else {
        "no costs".into()
    };
    html! {
        <>
            <td>{ format!("{}{delta}", end("quality", points)) }</td>
            <td>{ end("employee_retention", share) }</td>
            <td>{ format!("{} ({} – {})", thousands(s.full.net_benefit.p50), thousands(s.full.net_benefit.p10), thousands(s.full.net_benefit.p90)) }</td>
            <td>{ roi }</td>
        </>
    }
}

fn compare_lines(current: &[(Scenario, std::rc::Rc<Outcome>)]) -> Vec<FanLine> {
    let mut v: Vec<FanLine> = current
        .iter()
        .take(COMPARE_CHART)
        .enumerate()
        .filter_map(|(i, (s, o))| {
            fan(&o.summary.series, "quality").map(|f| FanLine { fan: f.clone(), tone: Tone::Compare(i as u8), name: s.name.clone().into() })
        })
        .collect();
    if let Some(b) = current.first().and_then(|(_, o)| fan(&o.summary.baseline_series, "quality")) {
        let name = format!("Baseline of \u{201c}{}\u{201d}", current[0].0.name);
        v.push(FanLine { fan: b.clone(), tone: Tone::Baseline, name: name.into() });
    }
    v
}
