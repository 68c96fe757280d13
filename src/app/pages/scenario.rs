//! One scenario: its programmes, technology support, internal-marketing levers and assumptions, the Run
//! panel, and its results. Every change is a `Command::UpdateScenario`, so it is validated, undoable and
//! saved like any other edit.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::super::components::fields::{Field, Kind};
use super::super::context::{use_app, AppCtx};
use super::super::services::simulate::{self, use_sim_store, SimState, Task};
use super::super::state::WsKey;
use super::super::{use_title, AppLink, Route};
use super::sim_results::Results;
use super::{focus_after_render, thousands};
use crate::domain::sim::{
    assumptions, prepare, Method, Population, Programme, Scenario, Selection, TechSupport, HORIZON_RANGE,
};
use crate::domain::{Command, RoleId, SkillId, Workspace};

#[derive(Properties, PartialEq)]
pub struct ScenarioPageProps {
    pub id: String,
}

/// The population the simulation runs on, prepared once per workspace version.
#[hook]
pub fn use_population() -> Rc<Population> {
    let ws = use_app().ws();
    let pop = use_memo(WsKey(ws), |ws| Rc::new(prepare(&ws.0)));
    (*pop).clone()
}

/// A field callback: `edit` changes a copy of the scenario from the text typed (or refuses with a
/// message); the copy then goes through `UpdateScenario`, whose refusal also shows beside the field.
fn commit(
    app: &AppCtx,
    sc: &Scenario,
    edit: impl Fn(&mut Scenario, &str) -> Result<(), String> + 'static,
) -> Callback<String, Option<String>> {
    let (app, sc) = (app.clone(), sc.clone());
    Callback::from(move |text: String| {
        let mut s = sc.clone();
        if let Err(m) = edit(&mut s, text.trim()) {
            return Some(m);
        }
        app.refusal(Command::UpdateScenario(Box::new(s)))
    })
}

fn whole(text: &str, what: &str) -> Result<u32, String> {
    text.replace(',', "").parse::<u32>().map_err(|_| format!("Enter {what} as a whole number."))
}

fn number(text: &str, what: &str) -> Result<f64, String> {
    text.replace(',', "")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("Enter {what} as a number."))
}

/// A share entered as a percentage (0–100).
fn percent(text: &str, what: &str) -> Result<f64, String> {
    let v = number(text.trim_end_matches('%').trim(), what)?;
    if (0.0..=100.0).contains(&v) {
        Ok(v / 100.0)
    } else {
        Err(format!("Enter {what} from 0 to 100 %."))
    }
}

fn pct(v: f64) -> AttrValue {
    format!("{}", (v * 1000.0).round() / 10.0).into()
}

fn num(v: f64) -> AttrValue {
    format!("{v}").into()
}

fn options<T: ToString>(items: impl IntoIterator<Item = (T, String)>) -> Vec<(AttrValue, AttrValue)> {
    items.into_iter().map(|(v, l)| (v.to_string().into(), l.into())).collect()
}

fn selection_key(s: &Selection) -> &'static str {
    match s {
        Selection::LargestGap => "largest_gap",
        Selection::WholeRole => "whole_role",
        Selection::Volunteers { .. } => "volunteers",
    }
}

/// The scenario page.
#[component]
pub fn ScenarioPage(p: &ScenarioPageProps) -> Html {
    let app = use_app();
    let ws = app.ws();
    let sim = use_sim_store();
    let pop = use_population();
    use_effect_with((), |_| simulate::warm_up());
    let sc = ws.scenarios.iter().find(|s| s.id.as_str() == p.id).cloned();
    use_title(match &sc {
        Some(s) => format!("{} – Simulate", s.name),
        None => "Scenario not found – Simulate".into(),
    });
    let Some(sc) = sc else {
        return html! {
            <section class="page" aria-labelledby="page-title">
                <h1 id="page-title">{ "Scenario not found" }</h1>
                <p>{ "It may have been deleted (Undo brings it back). " }
                    <AppLink to={Route::Simulate}>{ "All scenarios" }</AppLink></p>
            </section>
        };
    };
    let warnings = sc.warnings(&ws);
    html! {
        <section class="page scenario-page" aria-labelledby="page-title">
            <p class="crumbs"><AppLink to={Route::Simulate}>{ "Simulate" }</AppLink>{ " › " }<span>{ sc.name.clone() }</span></p>
            <div class="page-head">
                <h1 id="page-title">{ sc.name.clone() }</h1>
                <p class="lead">{ "Design the programmes, technology support and internal-marketing levers, then run the simulation. \
                    Every run is compared with a baseline that has none of them, using the same random numbers, so differences are not noise." }</p>
            </div>
            if sc.from_earlier_model() { <EarlierModel scenario={sc.clone()} /> }
            <RunPanel scenario={sc.clone()} population={pop.clone()} sim={SimView(sim.clone())} warnings={warnings} />
            <div class="scenario-layout">
                <div class="scenario-form">
                    <Settings scenario={sc.clone()} />
                    <Programmes scenario={sc.clone()} />
                    <Technology scenario={sc.clone()} />
                    <LeversForm scenario={sc.clone()} />
                    <Assumptions scenario={sc.clone()} />
                </div>
            </div>
            <Results scenario={sc.clone()} population={pop} sim={SimView(sim)} currency={AttrValue::from(ws.currency.clone())} />
        </section>
    }
}

/// A scenario saved by an earlier model: its results will differ from those seen before, and what the
/// migration changed.
#[component]
fn EarlierModel(p: &ScenarioProps) -> Html {
    let app = use_app();
    let sc = &p.scenario;
    let confirm = {
        let (app, sc) = (app.clone(), sc.clone());
        Callback::from(move |_| {
            let s = crate::domain::sim::Scenario { model_version: crate::domain::sim::MODEL_VERSION, model_note: String::new(), ..sc.clone() };
            app.run_announced(Command::UpdateScenario(Box::new(s)), "Noted: the scenario now uses the current model");
        })
    };
    html! {
        <section class="card notice" role="note" aria-labelledby="earlier-model-title">
            <h2 id="earlier-model-title">{ "Saved with an earlier version of the model" }</h2>
            <p>{ "This scenario was saved before the simulation drew every assumption from its range in every run and before the money \
                chain, transfer and workforce were re-specified. Its results will differ from those you saw before: expect wider ranges, \
                a lower P(ROI > 0) and a later payback." }</p>
            if !sc.model_note.is_empty() { <p>{ sc.model_note.clone() }</p> }
            <button type="button" class="btn" onclick={confirm}>{ "Understood, hide this note" }</button>
        </section>
    }
}

/// The simulation state as a prop (compared by its version counter).
#[derive(Clone)]
pub struct SimView(pub SimState);

impl PartialEq for SimView {
    fn eq(&self, other: &Self) -> bool {
        self.0.version() == other.0.version()
    }
}

#[derive(Properties, PartialEq)]
struct RunPanelProps {
    scenario: Scenario,
    population: Rc<Population>,
    sim: SimView,
    warnings: Vec<String>,
}

/// Run / Cancel, the progress bar and what happened.
#[component]
fn RunPanel(p: &RunPanelProps) -> Html {
    let st = &p.sim.0;
    let sc = &p.scenario;
    let running = st.running.clone();
    let mine = running.as_ref().filter(|r| r.id == sc.id);
    let run = {
        let (sc, pop) = (sc.clone(), p.population.clone());
        Callback::from(move |_| simulate::run(sc.clone(), pop.clone()))
    };
    let cancel = Callback::from(|_| {
        simulate::cancel();
        focus_after_render("run-button");
    });
    let outcome = st.outcome(&sc.id);
    let current = outcome.as_ref().is_some_and(|o| o.is_current(sc, &p.population));
    let status: Html = if let Some(r) = mine {
        let what = match r.task {
            Task::Simulation => format!("Simulating: {} of {} runs", thousands(r.done as f64), thousands(r.total as f64)),
            Task::NoiseOnly => format!("Noise-only runs: {} of {}", thousands(r.done as f64), thousands(r.total as f64)),
            Task::Sensitivity => format!("One-at-a-time check: {} of {} points", r.done, r.total),
        };
        html! { <>{ what }{ format!(" on {} worker{}", r.workers, if r.workers == 1 { "" } else { "s" }) }</> }
    } else if let Some((id, msg)) = st.failure.as_ref().filter(|(id, _)| id == &sc.id) {
        let _ = id;
        html! { <span class="run-error">{ format!("The simulation stopped: {msg}") }</span> }
    } else if st.cancelled.as_ref() == Some(&sc.id) {
        html! { "Cancelled. The results below, if any, are from the previous run." }
    } else if let Some(o) = &outcome {
        let secs = o.elapsed_ms / 1000.0;
        html! { <>{ format!("Last run: {} runs in {secs:.2} s on {} worker{}.", thousands(o.summary.runs as f64), o.workers, if o.workers == 1 { "" } else { "s" }) }
            if !current { <strong>{ " The scenario or the workspace has changed since: run again to update." }</strong> }</> }
    } else {
        html! { "Not run yet." }
    };
    let other = running.as_ref().filter(|r| r.id != sc.id);
    html! {
        <div class="run-panel card" aria-labelledby="run-title">
            <h2 id="run-title" class="sr-only">{ "Run" }</h2>
            <div class="run-row">
                <button id="run-button" type="button" class="btn primary" onclick={run} disabled={mine.is_some()}>
                    { if outcome.is_some() { "Run again" } else { "Run simulation" } }
                </button>
                if mine.is_some() {
                    <button type="button" class="btn" onclick={cancel}>{ "Cancel" }</button>
                }
                <span class="run-meta">{ format!("{} runs · {} months · seed {}", thousands(sc.runs as f64), sc.horizon_months, sc.seed) }</span>
            </div>
            if let Some(r) = mine {
                <progress id="run-progress" max={r.total.to_string()} value={r.done.to_string()} aria-label="Simulation progress"></progress>
            }
            <p class="run-status" role="status" aria-live="polite">{ status }</p>
            if let Some(r) = other {
                <p class="hint">{ format!("\u{201c}{}\u{201d} is running; running this one stops it.", r.name) }</p>
            }
            if !p.warnings.is_empty() {
                <ul class="warnings" aria-label="Check before running">
                    { for p.warnings.iter().map(|w| html! { <li>{ w.clone() }</li> }) }
                </ul>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ScenarioProps {
    scenario: Scenario,
}

/// Name, horizon, runs, seed.
#[component]
fn Settings(p: &ScenarioProps) -> Html {
    let app = use_app();
    let sc = &p.scenario;
    let runs = [100u32, 200, 500, 1000, 2000, 5000, 10_000];
    let mut run_opts = options(runs.iter().map(|&r| (r, format!("{} runs", thousands(r as f64)))));
    if !runs.contains(&sc.runs) {
        run_opts.push((sc.runs.to_string().into(), format!("{} runs", thousands(sc.runs as f64)).into()));
    }
    html! {
        <section class="card" aria-labelledby="settings-title">
            <h2 id="settings-title">{ "Scenario" }</h2>
            <div class="form-grid">
                <Field id="sc-name" label="Name" value={sc.name.clone()} required=true
                    on_commit={commit(&app, sc, |s, t| { s.name = t.to_string(); Ok(()) })} />
                <Field id="sc-horizon" label="Horizon" suffix="months"
                    kind={Kind::Number { min: *HORIZON_RANGE.start() as f64, max: *HORIZON_RANGE.end() as f64, step: 1.0 }}
                    hint="12 to 60 months" value={sc.horizon_months.to_string()}
                    on_commit={commit(&app, sc, |s, t| { s.horizon_months = whole(t, "the horizon")?; Ok(()) })} />
                <Field id="sc-runs" label="Monte Carlo runs" kind={Kind::Select(run_opts)} value={sc.runs.to_string()}
                    hint="More runs give steadier percentiles and take longer"
                    on_commit={commit(&app, sc, |s, t| { s.runs = whole(t, "the runs")?; Ok(()) })} />
                <Field id="sc-seed" label="Random seed" kind={Kind::Number { min: 0.0, max: 9_007_199_254_740_991.0, step: 1.0 }}
                    hint="The same seed gives the same results" value={sc.seed.to_string()}
                    on_commit={commit(&app, sc, |s, t| { s.seed = t.parse().map_err(|_| "Enter the seed as a whole number.".to_string())?; Ok(()) })} />
            </div>
        </section>
    }
}

/// The programmes, each in its own group of fields.
#[component]
fn Programmes(p: &ScenarioProps) -> Html {
    let app = use_app();
    let sc = &p.scenario;
    let add = {
        let (app, sc) = (app.clone(), sc.clone());
        Callback::from(move |_| {
            let mut s = sc.clone();
            let n = s.programmes.len() + 1;
            s.programmes.push(Programme { name: format!("Programme {n}"), ..Programme::default() });
            if app.run_announced(Command::UpdateScenario(Box::new(s)), format!("Programme {n} added")) {
                focus_after_render(&format!("prog-{}-name", n - 1));
            }
        })
    };
    html! {
        <section class="card" aria-labelledby="programmes-title">
            <h2 id="programmes-title" tabindex="-1">{ "Reskilling programmes" }</h2>
            <p class="hint">{ "Who is trained in what, how, when and at what cost. Ballantyne's cycle is built in: volunteer workshops \
                (energising), code breaking on real customer problems (raises transfer), management approval (authorising: may delay \
                or cap adoption) and diffusion to colleagues who did not attend." }</p>
            if sc.programmes.is_empty() {
                <p class="empty">{ "No programme yet." }</p>
            }
            { for (0..sc.programmes.len()).map(|i| html! { <ProgrammeForm key={i} scenario={sc.clone()} index={i} /> }) }
            <button type="button" class="btn" onclick={add}>{ "+ Add programme" }</button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ItemProps {
    scenario: Scenario,
    index: usize,
}

/// (id, name, chosen?) for a checkbox group.
fn ws_choices<I: PartialEq>(all: impl Iterator<Item = (I, String)>, chosen: &[I]) -> Vec<(I, String, bool)> {
    all.map(|(id, name)| {
        let on = chosen.contains(&id);
        (id, name, on)
    })
    .collect()
}

/// One programme's fields.
#[component]
fn ProgrammeForm(p: &ItemProps) -> Html {
    let app = use_app();
    let ws = app.ws();
    let sc = &p.scenario;
    let i = p.index;
    let prog = &sc.programmes[i];
    let id = |f: &str| format!("prog-{i}-{f}");
    let edit = |f: fn(&mut Programme, &str) -> Result<(), String>| {
        commit(&app, sc, move |s, t| f(&mut s.programmes[i], t))
    };
    let remove = {
        let (app, sc) = (app.clone(), sc.clone());
        Callback::from(move |_| {
            let mut s = sc.clone();
            let gone = s.programmes.remove(i);
            if app.run_announced(Command::UpdateScenario(Box::new(s)), format!("Removed \u{201c}{}\u{201d} (Undo brings it back)", gone.name)) {
                focus_after_render("programmes-title");
            }
        })
    };
    let toggle_skill = toggler(&app, sc, i, |g| &mut g.skills);
    let toggle_role = toggler(&app, sc, i, |g| &mut g.roles);
    let methods = options(Method::ALL.iter().enumerate().map(|(k, m)| (k, m.label().to_string())));
    let method_value = Method::ALL.iter().position(|m| *m == prog.method).unwrap_or(0).to_string();
    let selections = options([
        ("largest_gap", "Largest weighted gap first".to_string()),
        ("whole_role", "Everyone in the roles, in turn".to_string()),
        ("volunteers", "Volunteers only (energising)".to_string()),
    ]);
    let participation = match prog.selection {
        Selection::Volunteers { participation } => Some(participation),
        _ => None,
    };
    let skills = ws_choices(ws.skills.iter().map(|s| (s.id.clone(), s.name.clone())), &prog.skills);
    let roles = ws_choices(ws.roles.iter().map(|r| (r.id.clone(), r.name.clone())), &prog.roles);
    let legend = format!("Programme {}: {}", i + 1, prog.name);
    html! {
        <fieldset class="programme" aria-labelledby={id("legend")}>
            <legend id={id("legend")}>{ legend.clone() }</legend>
            <div class="form-grid">
                <Field id={id("name")} label="Name" value={prog.name.clone()} required=true
                    on_commit={edit(|g, t| { g.name = t.to_string(); Ok(()) })} />
                <Field id={id("method")} label="Method" kind={Kind::Select(methods)} value={method_value}
                    on_commit={edit(|g, t| { g.method = t.parse::<usize>().ok().and_then(|k| Method::ALL.get(k).copied()).ok_or("Pick a method.")?; Ok(()) })} />
                <Field id={id("selection")} label="Who takes part" kind={Kind::Select(selections)} value={selection_key(&prog.selection)}
                    on_commit={edit(|g, t| {
                        g.selection = match t {
                            "whole_role" => Selection::WholeRole,
                            "volunteers" => Selection::Volunteers { participation: 0.5 },
                            _ => Selection::LargestGap,
                        };
                        Ok(())
                    })} />
                if let Some(share) = participation {
                    <Field id={id("participation")} label="Share who volunteer" suffix="%" kind={Kind::Number { min: 0.0, max: 100.0, step: 5.0 }}
                        value={pct(share)}
                        on_commit={edit(|g, t| { g.selection = Selection::Volunteers { participation: percent(t, "the share who volunteer")? }; Ok(()) })} />
                }
                <Field id={id("start")} label="Starts in month" kind={Kind::Number { min: 1.0, max: 120.0, step: 1.0 }} value={prog.start_month.to_string()}
                    on_commit={edit(|g, t| { g.start_month = whole(t, "the start month")?; Ok(()) })} />
                <Field id={id("duration")} label="Runs for" suffix="months" kind={Kind::Number { min: 1.0, max: 120.0, step: 1.0 }} value={prog.duration_months.to_string()}
                    on_commit={edit(|g, t| { g.duration_months = whole(t, "the duration")?; Ok(()) })} />
                <Field id={id("capacity")} label="Places per month" kind={Kind::Number { min: 0.0, max: 100_000.0, step: 1.0 }} value={prog.capacity_per_month.to_string()}
                    on_commit={edit(|g, t| { g.capacity_per_month = whole(t, "the places per month")?; Ok(()) })} />
            </div>
            <div class="choice-groups">
                <CheckGroup<SkillId> legend="Skills it teaches" id_prefix={id("skill")} items={skills} on_toggle={toggle_skill} />
                <CheckGroup<RoleId> legend="Open to roles" id_prefix={id("role")} items={roles} on_toggle={toggle_role} />
            </div>
            <fieldset class="subgroup">
                <legend>{ "Internal marketing (Ballantyne)" }</legend>
                <div class="form-grid">
                    <Check id={id("codebreaking")} label="Add code-breaking sessions on real customer problems"
                        checked={prog.code_breaking || prog.method == Method::CodeBreaking}
                        disabled={prog.method == Method::CodeBreaking}
                        on_change={commit(&app, sc, move |s, t| { s.programmes[i].code_breaking = t == "true"; Ok(()) })} />
                    <Check id={id("diffusing")} label="Diffusing: attendees pass what they learn to colleagues" checked={prog.diffusing}
                        on_change={commit(&app, sc, move |s, t| { s.programmes[i].diffusing = t == "true"; Ok(()) })} />
                    <Field id={id("approval")} label="Approval delay" suffix="months" hint="Authorising: nothing is applied until management approves"
                        kind={Kind::Number { min: 0.0, max: 120.0, step: 1.0 }} value={prog.approval_delay_months.to_string()}
                        on_commit={edit(|g, t| { g.approval_delay_months = whole(t, "the approval delay")?; Ok(()) })} />
                    <Field id={id("cap")} label="Adoption cap" suffix="%" hint="Largest share of the learning management lets be applied"
                        kind={Kind::Number { min: 0.0, max: 100.0, step: 5.0 }} value={pct(prog.adoption_cap)}
                        on_commit={edit(|g, t| { g.adoption_cap = percent(t, "the adoption cap")?; Ok(()) })} />
                </div>
            </fieldset>
            <fieldset class="subgroup">
                <legend>{ "Costs" }</legend>
                <div class="form-grid">
                    <Field id={id("fixed")} label="Fixed cost" suffix={ws.currency.clone()} hint="Design, licences, venue: paid in the start month"
                        kind={Kind::Number { min: 0.0, max: 1e12, step: 100.0 }} value={num(prog.fixed_cost)}
                        on_commit={edit(|g, t| { g.fixed_cost = number(t, "the fixed cost")?; Ok(()) })} />
                    <Field id={id("per")} label="Cost per participant" suffix={ws.currency.clone()} hint="Fees, materials, travel"
                        kind={Kind::Number { min: 0.0, max: 1e12, step: 10.0 }} value={num(prog.cost_per_participant)}
                        on_commit={edit(|g, t| { g.cost_per_participant = number(t, "the cost per participant")?; Ok(()) })} />
                    <Field id={id("hours")} label="Hours away from work" suffix="h" hint="Per participant, costed at the role's wage"
                        kind={Kind::Number { min: 0.0, max: 10_000.0, step: 1.0 }} value={num(prog.hours_per_participant)}
                        on_commit={edit(|g, t| { g.hours_per_participant = number(t, "the hours")?; Ok(()) })} />
                </div>
            </fieldset>
            <button type="button" class="btn danger" onclick={remove} aria-label={format!("Remove {legend}")}>{ "Remove programme" }</button>
        </fieldset>
    }
}

/// A checkbox group's callback: adds an item to (or removes it from) the list `pick` of programme `i`.
fn toggler<I: PartialEq + 'static>(
    app: &AppCtx,
    sc: &Scenario,
    i: usize,
    pick: fn(&mut Programme) -> &mut Vec<I>,
) -> Callback<(I, bool)> {
    let (app, sc) = (app.clone(), sc.clone());
    Callback::from(move |(item, on): (I, bool)| {
        let mut s = sc.clone();
        let list = pick(&mut s.programmes[i]);
        list.retain(|x| x != &item);
        if on {
            list.push(item);
        }
        if let Some(m) = app.refusal(Command::UpdateScenario(Box::new(s))) {
            app.say_error(m);
        }
    })
}

#[derive(Properties, PartialEq)]
struct CheckGroupProps<I: Clone + PartialEq + 'static> {
    legend: AttrValue,
    id_prefix: String,
    items: Vec<(I, String, bool)>,
    on_toggle: Callback<(I, bool)>,
}

/// A group of checkboxes with a count in its legend and All / None buttons.
#[component]
fn CheckGroup<I: Clone + PartialEq + 'static>(p: &CheckGroupProps<I>) -> Html {
    let chosen = p.items.iter().filter(|x| x.2).count();
    html! {
        <fieldset class="check-group">
            <legend>{ format!("{} ({chosen} of {})", p.legend, p.items.len()) }</legend>
            <ul>
                { for p.items.iter().enumerate().map(|(k, (item, label, on))| {
                    let id = format!("{}-{k}", p.id_prefix);
                    let onchange = {
                        let (cb, item) = (p.on_toggle.clone(), item.clone());
                        Callback::from(move |e: Event| cb.emit((item.clone(), e.target_unchecked_into::<HtmlInputElement>().checked())))
                    };
                    html! {
                        <li key={k}>
                            <input type="checkbox" id={id.clone()} checked={*on} {onchange} />
                            <label for={id}>{ label.clone() }</label>
                        </li>
                    }
                }) }
            </ul>
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct CheckProps {
    id: String,
    label: AttrValue,
    checked: bool,
    #[prop_or_default]
    disabled: bool,
    /// Receives "true" or "false"; returns a refusal to show.
    on_change: Callback<String, Option<String>>,
}

/// One labelled checkbox that commits on change.
#[component]
fn Check(p: &CheckProps) -> Html {
    let error = use_state(|| None::<String>);
    let onchange = {
        let (cb, error) = (p.on_change.clone(), error.clone());
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            error.set(cb.emit(on.to_string()));
        })
    };
    html! {
        <div class="field check">
            <div class="control">
                <input type="checkbox" id={p.id.clone()} checked={p.checked} disabled={p.disabled} {onchange} />
                <label for={p.id.clone()}>{ p.label.clone() }</label>
            </div>
            if let Some(e) = &*error { <p class="field-error">{ e.clone() }</p> }
        </div>
    }
}

/// Technology support that lowers a role's requirement.
#[component]
fn Technology(p: &ScenarioProps) -> Html {
    let app = use_app();
    let ws = app.ws();
    let sc = &p.scenario;
    let add = {
        let (app, sc, ws) = (app.clone(), sc.clone(), ws.clone());
        Callback::from(move |_| {
            let Some((role, skill, level)) = first_requirement(&ws) else {
                app.say_error("Give a role at least one required skill first (Role profiles).");
                return;
            };
            let mut s = sc.clone();
            let n = s.technology.len() + 1;
            s.technology.push(TechSupport {
                name: format!("Technology support {n}"),
                role,
                skill,
                required_level: level.saturating_sub(1),
                ..TechSupport::default()
            });
            if app.run_announced(Command::UpdateScenario(Box::new(s)), format!("Technology support {n} added")) {
                focus_after_render(&format!("tech-{}-name", n - 1));
            }
        })
    };
    html! {
        <section class="card" aria-labelledby="tech-title">
            <h2 id="tech-title" tabindex="-1">{ "Technology support" }</h2>
            <p class="hint">{ "Technology that deskills a process: from a month on, the role needs a lower level of a skill." }</p>
            if sc.technology.is_empty() { <p class="empty">{ "None." }</p> }
            { for (0..sc.technology.len()).map(|i| html! { <TechForm key={i} scenario={sc.clone()} index={i} /> }) }
            <button type="button" class="btn" onclick={add}>{ "+ Add technology support" }</button>
        </section>
    }
}

/// The first role × skill with a requirement above 0 (where new technology support starts).
fn first_requirement(ws: &Workspace) -> Option<(RoleId, SkillId, u8)> {
    ws.roles.iter().find_map(|r| {
        ws.skills
            .iter()
            .find_map(|s| r.requirements.get(&s.id).filter(|q| q.level > 0).map(|q| (r.id.clone(), s.id.clone(), q.level)))
    })
}

#[component]
fn TechForm(p: &ItemProps) -> Html {
    let app = use_app();
    let ws = app.ws();
    let sc = &p.scenario;
    let i = p.index;
    let t = &sc.technology[i];
    let id = |f: &str| format!("tech-{i}-{f}");
    let edit = |f: fn(&mut TechSupport, &str) -> Result<(), String>| commit(&app, sc, move |s, x| f(&mut s.technology[i], x));
    let role = ws.role(&t.role);
    let roles = options(ws.roles.iter().map(|r| (r.id.clone(), r.name.clone())));
    let skills = options(
        ws.skills
            .iter()
            .filter(|s| role.is_some_and(|r| r.requirements.contains_key(&s.id)) || s.id == t.skill)
            .map(|s| {
                let now = role.and_then(|r| r.requirements.get(&s.id)).map(|q| format!(" (needs {})", q.level)).unwrap_or_default();
                (s.id.clone(), format!("{}{now}", s.name))
            }),
    );
    let levels = options(ws.scale.labels.iter().enumerate().map(|(k, l)| (k, format!("{k} – {l}"))));
    let change_role = {
        let (app, sc, ws) = (app.clone(), sc.clone(), ws.clone());
        Callback::from(move |text: String| {
            let mut s = sc.clone();
            let r = ws.role(&RoleId(text.clone()))?;
            let t = &mut s.technology[i];
            t.role = r.id.clone();
            if !r.requirements.contains_key(&t.skill) {
                if let Some((sid, q)) = ws.skills.iter().find_map(|k| r.requirements.get(&k.id).map(|q| (k.id.clone(), *q))) {
                    t.skill = sid;
                    t.required_level = t.required_level.min(q.level.saturating_sub(1));
                }
            }
            app.refusal(Command::UpdateScenario(Box::new(s)))
        })
    };
    let remove = {
        let (app, sc) = (app.clone(), sc.clone());
        Callback::from(move |_| {
            let mut s = sc.clone();
            let gone = s.technology.remove(i);
            if app.run_announced(Command::UpdateScenario(Box::new(s)), format!("Removed \u{201c}{}\u{201d} (Undo brings it back)", gone.name)) {
                focus_after_render("tech-title");
            }
        })
    };
    let legend = format!("Technology support {}: {}", i + 1, t.name);
    html! {
        <fieldset class="programme" aria-labelledby={id("legend")}>
            <legend id={id("legend")}>{ legend.clone() }</legend>
            <div class="form-grid">
                <Field id={id("name")} label="Name" value={t.name.clone()} required=true
                    on_commit={edit(|g, x| { g.name = x.to_string(); Ok(()) })} />
                <Field id={id("role")} label="Role" kind={Kind::Select(roles)} value={t.role.to_string()} on_commit={change_role} />
                <Field id={id("skill")} label="Skill" kind={Kind::Select(skills)} value={t.skill.to_string()}
                    on_commit={edit(|g, x| { g.skill = SkillId::from(x); Ok(()) })} />
                <Field id={id("level")} label="Required level from then on" kind={Kind::Select(levels)} value={t.required_level.to_string()}
                    on_commit={edit(|g, x| { g.required_level = x.parse().map_err(|_| "Pick a level.".to_string())?; Ok(()) })} />
                <Field id={id("from")} label="From month" kind={Kind::Number { min: 1.0, max: 120.0, step: 1.0 }} value={t.from_month.to_string()}
                    on_commit={edit(|g, x| { g.from_month = whole(x, "the month")?; Ok(()) })} />
                <Field id={id("fixed")} label="One-off cost" suffix={ws.currency.clone()} kind={Kind::Number { min: 0.0, max: 1e12, step: 100.0 }}
                    value={num(t.fixed_cost)} on_commit={edit(|g, x| { g.fixed_cost = number(x, "the one-off cost")?; Ok(()) })} />
                <Field id={id("monthly")} label="Running cost per month" suffix={ws.currency.clone()} kind={Kind::Number { min: 0.0, max: 1e12, step: 10.0 }}
                    value={num(t.monthly_cost)} on_commit={edit(|g, x| { g.monthly_cost = number(x, "the monthly cost")?; Ok(()) })} />
            </div>
            <button type="button" class="btn danger" onclick={remove} aria-label={format!("Remove {legend}")}>{ "Remove technology support" }</button>
        </fieldset>
    }
}

/// The four internal-marketing levers, 0–100 %.
#[component]
fn LeversForm(p: &ScenarioProps) -> Html {
    let app = use_app();
    let sc = &p.scenario;
    let l = sc.levers;
    let lever = |key: &'static str, label: &'static str, hint: &'static str, value: f64, set: fn(&mut Scenario, f64)| {
        html! {
            <Field id={format!("lever-{key}")} {label} {hint} suffix="%" kind={Kind::Number { min: 0.0, max: 100.0, step: 5.0 }}
                value={pct(value)} on_commit={commit(&app, sc, move |s, t| { set(s, percent(t, "the strength")?); Ok(()) })} />
        }
    };
    html! {
        <section class="card" aria-labelledby="levers-title">
            <h2 id="levers-title">{ "Internal-marketing levers" }</h2>
            <p class="hint">{ "0 % is as today, 100 % full strength. Each lever's effect on transfer and turnover, and its cost per employee, \
                are assumptions you can change below." }</p>
            <div class="form-grid">
                { lever("recognition", "Recognition and rewards", "Non-monetary recognition for service excellence", l.recognition, |s, v| s.levers.recognition = v) }
                { lever("empowerment", "Empowerment", "Room to solve customers' problems on the spot", l.empowerment, |s, v| s.levers.empowerment = v) }
                { lever("communication", "Internal communication", "Keeping staff informed about services and changes", l.communication, |s, v| s.levers.communication = v) }
                { lever("trust", "Trust and service climate", "Staff surveys acted on", l.trust, |s, v| s.levers.trust = v) }
            </div>
        </section>
    }
}

/// Every assumption with its default, the range runs draw it from, its distribution, source and firmness;
/// each can be pinned to the organisation's own figure or its range narrowed.
#[component]
fn Assumptions(p: &ScenarioProps) -> Html {
    let app = use_app();
    let sc = &p.scenario;
    let list = assumptions();
    let reset_all = {
        let (app, sc) = (app.clone(), sc.clone());
        Callback::from(move |_| {
            let mut s = sc.clone();
            s.overrides.clear();
            s.ranges.clear();
            app.run_announced(Command::UpdateScenario(Box::new(s)), "Every assumption is back at its default range");
        })
    };
    let n = sc.overrides.len() + sc.ranges.keys().filter(|k| !sc.overrides.contains_key(*k)).count();
    let fmt = |v: f64| {
        let t = format!("{v:.4}");
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    html! {
        <section class="card" aria-labelledby="assumptions-title">
            <h2 id="assumptions-title">{ "Assumptions" }</h2>
            <details class="assumptions" open={n > 0}>
                <summary>{ format!("Show all {} assumptions ({})", list.len(), if n == 0 { "all drawn from their plausible ranges".to_string() } else { format!("{n} yours") }) }</summary>
                <p class="hint">{ "Every run draws each assumption from the range shown (a Latin hypercube over the runs), so the results' ranges \
                    include how uncertain the assumptions are. Enter your organisation's figure to pin an assumption (the same in every run), \
                    or narrow its range. Firmness: F = a published primary figure, S = surveys or trainers' estimates, G = a modelling guess you \
                    should adjust, P = an evaluation choice of the Phillips-conservative view. docs/model.md explains each equation." }</p>
                if n > 0 { <button type="button" class="btn" onclick={reset_all}>{ "Reset all to the plausible ranges" }</button> }
                <div class="table-scroll" tabindex="0" role="region" aria-label="Assumptions table">
                <table class="gap-table assumptions-table">
                    <caption class="sr-only">{ "Model assumptions" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Assumption" }</th><th scope="col">{ "Your figure (pins it)" }</th>
                        <th scope="col">{ "Runs draw from" }</th><th scope="col">{ "to" }</th>
                        <th scope="col">{ "Default" }</th><th scope="col">{ "Distribution" }</th>
                        <th scope="col">{ "Firmness" }</th><th scope="col">{ "Source" }</th>
                    </tr></thead>
                    { for crate::domain::sim::Group::ALL.iter().map(|&g| html! {
                        <tbody key={format!("{g:?}")}>
                            <tr class="group-row"><th scope="colgroup" colspan="8">{ g.label() }</th></tr>
                            { for list.iter().filter(|a| a.group == g).map(|a| {
                                let key = a.key.clone();
                                let pinned = sc.overrides.get(&a.key).copied();
                                let range = sc.ranges.get(&a.key).copied();
                                let (min, max) = (a.min, a.max);
                                let on_pin = {
                                    let key = key.clone();
                                    commit(&app, sc, move |s, t| {
                                        if t.is_empty() {
                                            s.overrides.remove(&key);
                                            return Ok(());
                                        }
                                        let v = number(t, "the value")?;
                                        if !(min..=max).contains(&v) {
                                            return Err(format!("Enter a value from {min} to {max}."));
                                        }
                                        s.overrides.insert(key.clone(), v);
                                        Ok(())
                                    })
                                };
                                let end = |high: bool| {
                                    let key = key.clone();
                                    let (low0, high0) = (a.low, a.high);
                                    commit(&app, sc, move |s, t| {
                                        let cur = s.ranges.get(&key).copied().unwrap_or(crate::domain::sim::Band { low: low0, high: high0 });
                                        let v = if t.is_empty() { if high { high0 } else { low0 } } else { number(t, "the end of the range")? };
                                        if !(min..=max).contains(&v) {
                                            return Err(format!("Enter a value from {min} to {max}."));
                                        }
                                        let b = if high { crate::domain::sim::Band { high: v, ..cur } } else { crate::domain::sim::Band { low: v, ..cur } };
                                        if b.low > b.high {
                                            return Err(format!("The range must run from low to high ({} to {}).", b.low, b.high));
                                        }
                                        if b.low == low0 && b.high == high0 {
                                            s.ranges.remove(&key);
                                        } else {
                                            s.ranges.insert(key.clone(), b);
                                        }
                                        Ok(())
                                    })
                                };
                                let fixed = a.distribution == crate::domain::sim::Dist::Fixed;
                                let (lo, hi) = range.map(|b| (b.low, b.high)).unwrap_or((a.low, a.high));
                                html! {
                                    <tr key={key.clone()} class={classes!((pinned.is_some() || range.is_some()).then_some("changed"))}>
                                        <th scope="row">{ a.label.clone() }</th>
                                        <td>
                                            <Field id={format!("as-{key}")} class="compact bare" label={format!("Your figure: {} ({})", a.label, a.unit)}
                                                kind={Kind::Number { min: a.min, max: a.max, step: 0.01 }}
                                                value={pinned.map(fmt).unwrap_or_default()} on_commit={on_pin} />
                                        </td>
                                        if fixed {
                                            <td colspan="2">{ format!("{} (a choice, not drawn; plausible {} – {})", fmt(a.default), fmt(a.low), fmt(a.high)) }</td>
                                        } else {
                                            <td><Field id={format!("lo-{key}")} class="compact bare" label={format!("Runs draw {} from", a.label)}
                                                kind={Kind::Number { min: a.min, max: a.max, step: 0.01 }} value={fmt(lo)} on_commit={end(false)} /></td>
                                            <td><Field id={format!("hi-{key}")} class="compact bare" label={format!("Runs draw {} up to", a.label)}
                                                kind={Kind::Number { min: a.min, max: a.max, step: 0.01 }} value={fmt(hi)} on_commit={end(true)} /></td>
                                        }
                                        <td>{ format!("{} {}", fmt(a.default), a.unit) }</td>
                                        <td>{ a.distribution.label() }</td>
                                        <td><abbr title={a.firmness.label()}>{ format!("{:?}", a.firmness) }</abbr></td>
                                        <td class="source">{ a.source.clone() }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    }) }
                </table>
                </div>
            </details>
        </section>
    }
}

