//! Staff surveys: the questionnaire and its settings, rounds and their links, importing anonymous
//! responses, and the results — every figure a [`Disclosed`] value from `domain::survey::results`, so the
//! page can show nothing the anonymity rule has not allowed.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::focus_after_render;
use crate::app::components::code_files::use_code_files;
use crate::app::components::fields::{use_selected_value, Field, Kind};
use crate::app::context::{use_app, AppCtx};
use crate::app::services::files;
use crate::app::state::{capitalise, WsKey};
use crate::app::{use_title, AppLink, Route};
use crate::domain::learner::split_codes;
use crate::domain::survey::codec::{encode_link, link_for, parse_response_file};
use crate::domain::survey::disclose::{Cell, Column, Disclosed, MAX_K, MIN_K};
use crate::domain::survey::instrument::{Construct, MAX_ITEMS};
use crate::domain::survey::responses::{plan_import, ResponsePlan};
use crate::domain::survey::results::{compare, hidden_text, results_csv, round_results, RoundResults, Row};
use crate::domain::survey::rounds::{default_suppliers, groups_for};
use crate::domain::survey::stats::{Change, ScoreStats};
use crate::domain::survey::{GroupBy, SurveyCommand};
use crate::domain::Command;

/// Which part of the Staff surveys page is shown.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SurveysView {
    /// Rounds, links, importing and results.
    Rounds,
    /// The questionnaire and the settings for new rounds.
    Questions,
}

impl SurveysView {
    const ALL: [SurveysView; 2] = [SurveysView::Rounds, SurveysView::Questions];

    fn route(self) -> Route {
        match self {
            SurveysView::Rounds => Route::Surveys,
            SurveysView::Questions => Route::SurveyQuestions,
        }
    }

    fn label(self) -> &'static str {
        match self {
            SurveysView::Rounds => "Rounds and results",
            SurveysView::Questions => "Questionnaire",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct SurveysPageProps {
    pub view: SurveysView,
}

/// The Staff surveys page.
#[component]
pub fn SurveysPage(p: &SurveysPageProps) -> Html {
    use_title(format!("Staff surveys: {}", p.view.label()));
    let subnav = html! {
        <nav class="gaps-nav" aria-label="Staff survey views">
            <ul>
                { for SurveysView::ALL.into_iter().map(|v| html! {
                    <li><AppLink to={v.route()} current={v == p.view}>{ v.label() }</AppLink></li>
                }) }
            </ul>
        </nav>
    };
    html! {
        <section aria-labelledby="page-title" class="surveys">
            <h1 id="page-title">{ "Staff surveys" }</h1>
            <p class="lead">
                { "Ask staff how the service climate is: trust in management, empowerment, recognition, internal \
                   communication and how well other groups serve them. A survey link needs no server and no account; \
                   respondents give no name and send back an anonymous response code. Results appear only for groups \
                   with enough responses." }
            </p>
            { subnav }
            if p.view == SurveysView::Rounds {
                <OpenRound />
                <RoundsList />
                <ImportResponses />
                <Results />
            } else {
                <Settings />
                <Questionnaire />
            }
        </section>
    }
}

/// A random key of 12 base62 characters, for a new round.
fn random_key() -> String {
    const ABC: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    (0..12).map(|_| ABC[((js_sys::Math::random() * 62.0) as usize).min(61)] as char).collect()
}

/// This page's own address without its fragment: where a survey link points.
fn page_base() -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

fn survey_cmd(app: &AppCtx, c: SurveyCommand) -> Option<String> {
    app.refusal(Command::Survey(c))
}

// ---------------------------------------------------------------------------------------------------------
// Questionnaire and settings
// ---------------------------------------------------------------------------------------------------------

#[component]
fn Settings() -> Html {
    let app = use_app();
    let ws = app.ws();
    let s = &ws.survey;
    let on_k = {
        let app = app.clone();
        Callback::from(move |v: String| match v.trim().parse::<u8>() {
            Ok(k) => survey_cmd(&app, SurveyCommand::SetThreshold(k)),
            Err(_) => Some(format!("Enter a whole number of responses from {MIN_K} to {MAX_K}.")),
        })
    };
    let by_radio = |by: GroupBy, label: &str, hint: &str| {
        let app = app.clone();
        let id = format!("survey-by-{}", by.noun());
        let onchange = Callback::from(move |_: Event| {
            let _ = survey_cmd(&app, SurveyCommand::SetGroupBy(by));
        });
        html! {
            <div class="share-radio">
                <input type="radio" id={id.clone()} name="survey-by" checked={s.group_by == by} {onchange}
                    aria-describedby={format!("{id}-hint")} />
                <label for={id.clone()}>{ label.to_string() }</label>
                <p class="hint" id={format!("{id}-hint")}>{ hint.to_string() }</p>
            </div>
        }
    };
    html! {
        <section class="card" aria-labelledby="survey-settings-title">
            <h2 id="survey-settings-title">{ "Settings for new rounds" }</h2>
            <Field id="survey-k" label="Minimum responses per group" value={s.threshold.to_string()}
                kind={Kind::Number { min: MIN_K as f64, max: MAX_K as f64, step: 1.0 }} on_commit={on_k} class="survey-k"
                hint={Some(AttrValue::from(format!(
                    "A group\u{2019}s results are shown only with at least this many responses ({MIN_K}\u{2013}{MAX_K}; 5 unless you \
                     change it). The link promises it to respondents, so a round keeps the number it was opened with.")))} />
            <fieldset>
                <legend>{ "Respondents choose their" }</legend>
                { by_radio(GroupBy::Role, "Role", "One group per role; small roles stay hidden until enough of them answer.") }
                { by_radio(GroupBy::Team, "Team", "One group per team or department of the roles: larger groups, so more of them can be shown.") }
            </fieldset>
        </section>
    }
}

fn construct_options() -> Vec<(AttrValue, AttrValue)> {
    Construct::ALL.into_iter().map(|c| (AttrValue::from(c.key()), AttrValue::from(c.label()))).collect()
}

#[component]
fn Questionnaire() -> Html {
    let app = use_app();
    let ws = app.ws();
    let items = &ws.survey.items;
    let new_construct = use_state(|| Construct::ServiceClimate);
    let new_text = use_state(String::new);
    let add_error = use_state(|| None::<String>);
    let select_ref = use_node_ref();
    use_selected_value(select_ref.clone(), new_construct.key().to_string());

    let on_add = {
        let (app, new_construct, new_text, add_error) = (app.clone(), new_construct.clone(), new_text.clone(), add_error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let cmd = Command::Survey(SurveyCommand::AddItem { construct: *new_construct, text: (*new_text).clone() });
            match app.run_with(cmd, Some("Question added.".into())) {
                Ok(_) => {
                    new_text.set(String::new());
                    add_error.set(None);
                    focus_after_render("survey-new-text");
                }
                Err(e) => add_error.set(Some(capitalise(&e.to_string()))),
            }
        })
    };
    let on_restore = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| {
            app.run_announced(
                Command::Survey(SurveyCommand::RestoreDefaultItems),
                "The default questions are back. Undo returns to yours.",
            );
        })
    };

    let groups = Construct::ALL.into_iter().map(|c| {
        let of: Vec<(usize, &crate::domain::survey::SurveyItem)> =
            items.iter().enumerate().filter(|(_, i)| i.construct == c).collect();
        let rows = of.iter().map(|&(pos, item)| {
            let id = item.id.clone();
            let on_text = {
                let (app, id, construct) = (app.clone(), id.clone(), item.construct);
                Callback::from(move |t: String| survey_cmd(&app, SurveyCommand::UpdateItem { id: id.clone(), construct, text: t }))
            };
            let on_construct = {
                let (app, id, text) = (app.clone(), id.clone(), item.text.clone());
                Callback::from(move |v: String| {
                    let construct = Construct::from_key(&v)?;
                    survey_cmd(&app, SurveyCommand::UpdateItem { id: id.clone(), construct, text: text.clone() })
                })
            };
            let mover = |up: bool| {
                let (app, id) = (app.clone(), id.clone());
                Callback::from(move |_: MouseEvent| {
                    let _ = survey_cmd(&app, SurveyCommand::MoveItem { id: id.clone(), up });
                    focus_after_render(&format!("survey-{}-{}", if up { "up" } else { "down" }, id));
                })
            };
            let on_delete = {
                let app = app.clone();
                let (id, text) = (id.clone(), item.text.clone());
                Callback::from(move |_: MouseEvent| {
                    app.run_announced(
                        Command::Survey(SurveyCommand::DeleteItem { id: id.clone() }),
                        format!("Question \u{201c}{text}\u{201d} deleted. Undo brings it back."),
                    );
                    focus_after_render("survey-new-text");
                })
            };
            html! {
                <li class="survey-item" key={item.id.clone()}>
                    <Field id={format!("survey-text-{}", item.id)} label={format!("Question {}", pos + 1)} value={item.text.clone()}
                        kind={Kind::Area(2)} on_commit={on_text} class="survey-item-text" />
                    <Field id={format!("survey-construct-{}", item.id)} label={format!("Construct of question {}", pos + 1)}
                        value={item.construct.key()} kind={Kind::Select(construct_options())} on_commit={on_construct} />
                    <div class="actions">
                        <button type="button" class="btn" id={format!("survey-up-{}", item.id)} onclick={mover(true)}
                            disabled={pos == 0} aria-label={format!("Move question {} up", pos + 1)}>{ "↑ Up" }</button>
                        <button type="button" class="btn" id={format!("survey-down-{}", item.id)} onclick={mover(false)}
                            disabled={pos + 1 == items.len()} aria-label={format!("Move question {} down", pos + 1)}>{ "↓ Down" }</button>
                        <button type="button" class="btn danger" onclick={on_delete}
                            aria-label={format!("Delete question {}", pos + 1)}>{ "Delete" }</button>
                    </div>
                </li>
            }
        });
        html! {
            <section class="survey-construct" aria-labelledby={format!("survey-h-{}", c.key())}>
                <h3 id={format!("survey-h-{}", c.key())}>{ format!("{} ({})", c.label(), of.len()) }</h3>
                <p class="hint">{ capitalise(c.meaning()) }{ "." }
                    if c == Construct::InternalService { { " Each respondent rates up to 3 groups they depend on, with these questions." } }
                </p>
                if of.is_empty() {
                    <p>{ "No questions: this construct is not asked." }</p>
                } else {
                    <ol class="survey-items">{ for rows }</ol>
                }
            </section>
        }
    });

    let on_new_text = {
        let new_text = new_text.clone();
        Callback::from(move |e: InputEvent| new_text.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_new_construct = {
        let new_construct = new_construct.clone();
        Callback::from(move |e: Event| {
            if let Some(c) = Construct::from_key(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                new_construct.set(c);
            }
        })
    };
    html! {
        <section class="card" aria-labelledby="survey-q-title">
            <h2 id="survey-q-title">{ format!("Questionnaire ({} questions)", items.len()) }</h2>
            <p>
                { "The default questions were written for Skillgap from the internal-marketing literature; they are not a \
                   published or validated scale. Reword, drop and add questions freely: each belongs to a construct, and \
                   results are given per construct. A round keeps the questions it was opened with." }
            </p>
            { for groups }
            <form class="add-form" onsubmit={on_add} aria-labelledby="survey-add-title">
                <h3 id="survey-add-title">{ "Add a question" }</h3>
                <div class="row">
                    <div class="field">
                        <label for="survey-new-construct">{ "Construct" }</label>
                        <select id="survey-new-construct" ref={select_ref} onchange={on_new_construct}>
                            { for Construct::ALL.into_iter().map(|c| html! {
                                <option value={c.key()} selected={c == *new_construct}>{ c.label() }</option>
                            }) }
                        </select>
                    </div>
                    <div class={classes!("field", add_error.is_some().then_some("has-error"))}>
                        <label for="survey-new-text">{ "Question" }</label>
                        <input id="survey-new-text" type="text" value={(*new_text).clone()} oninput={on_new_text}
                            aria-invalid={add_error.is_some().then_some("true")}
                            aria-describedby={add_error.is_some().then_some("survey-new-err")} />
                        if let Some(e) = &*add_error { <p class="field-error" id="survey-new-err">{ e.clone() }</p> }
                    </div>
                </div>
                <div class="actions">
                    <button type="submit" class="btn primary" disabled={items.len() >= MAX_ITEMS}>{ "Add question" }</button>
                    <span class="spacer" />
                    <button type="button" class="btn" onclick={on_restore}>{ "Restore the default questions" }</button>
                </div>
            </form>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------------------
// Rounds
// ---------------------------------------------------------------------------------------------------------

#[component]
fn OpenRound() -> Html {
    let app = use_app();
    let ws = app.ws();
    let s = &ws.survey;
    let label = use_state(|| format!("Staff survey {}", &files::today()[..7]));
    let error = use_state(|| None::<String>);
    let groups = groups_for(&ws, s.group_by);
    // The suppliers ticked, by group id; `None` until the trainer changes the default.
    let chosen = use_state(|| None::<Vec<String>>);
    let current: Vec<String> = (*chosen).clone().unwrap_or_else(|| default_suppliers(&ws, &groups));
    let has_supplier_items = s.items.iter().any(|i| i.construct == Construct::InternalService);

    let on_label = {
        let label = label.clone();
        Callback::from(move |e: InputEvent| label.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_open = {
        let (app, label, error, chosen, current) = (app.clone(), label.clone(), error.clone(), chosen.clone(), current.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let cmd = SurveyCommand::OpenRound {
                key: random_key(),
                label: (*label).clone(),
                opened: files::today(),
                suppliers: Some(current.clone()),
            };
            match app.run_with(Command::Survey(cmd), Some(format!("Round \u{201c}{}\u{201d} opened: its link is below.", label.trim()))) {
                Ok(_) => {
                    error.set(None);
                    chosen.set(None);
                    focus_after_render("survey-round-0");
                }
                Err(e) => {
                    error.set(Some(capitalise(&e.to_string())));
                    focus_after_render("survey-round-label");
                }
            }
        })
    };
    let boxes = groups.iter().map(|g| {
        let id = format!("survey-sup-{}", g.id);
        let checked = current.contains(&g.id);
        let (chosen, current, gid) = (chosen.clone(), current.clone(), g.id.clone());
        let onchange = Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut v: Vec<String> = current.iter().filter(|s| **s != gid).cloned().collect();
            if on {
                v.push(gid.clone());
            }
            chosen.set(Some(v));
        });
        html! {
            <li class="share-radio">
                <input type="checkbox" id={id.clone()} {checked} {onchange} />
                <label for={id}>{ g.name.clone() }</label>
            </li>
        }
    });
    html! {
        <section class="card" aria-labelledby="survey-open-title">
            <h2 id="survey-open-title">{ "Open a round" }</h2>
            <p>
                { format!(
                    "A round sends the current questionnaire ({} questions) to staff. Respondents choose their {} from the \
                     workspace's {} ({}) and get a response code at the end. The round keeps its questions, groups and its \
                     minimum of {} responses per group, whatever you change later.",
                    s.items.len(),
                    s.group_by.noun(),
                    if s.group_by == GroupBy::Role { "roles" } else { "teams" },
                    groups.len(),
                    s.threshold
                ) }
                { " " }<AppLink to={Route::SurveyQuestions}>{ "Edit the questionnaire and settings" }</AppLink>{ "." }
            </p>
            <form onsubmit={on_open}>
                <div class={classes!("field", error.is_some().then_some("has-error"))}>
                    <label for="survey-round-label">{ "Name of the new round" }</label>
                    <input id="survey-round-label" type="text" value={(*label).clone()} oninput={on_label}
                        aria-invalid={error.is_some().then_some("true")}
                        aria-describedby={error.is_some().then_some("survey-round-err")} />
                    if let Some(e) = &*error { <p class="field-error" id="survey-round-err">{ e.clone() }</p> }
                </div>
                if has_supplier_items {
                    <fieldset>
                        <legend>{ "Internal suppliers respondents may rate" }</legend>
                        <p class="hint">
                            { "Front-line staff are the internal customers of the groups that serve them. Ticked by default: \
                               groups with low or medium customer contact." }
                        </p>
                        <ul class="plain">{ for boxes }</ul>
                    </fieldset>
                }
                <div class="actions">
                    <button type="submit" class="btn primary">{ "Open round and make its link" }</button>
                </div>
            </form>
        </section>
    }
}

fn responses_text(n: usize) -> String {
    if n == 1 {
        "1 response".into()
    } else {
        format!("{n} responses")
    }
}

#[component]
fn RoundsList() -> Html {
    let app = use_app();
    let ws = app.ws();
    let rounds = &ws.survey.rounds;
    if rounds.is_empty() {
        return html! {
            <section class="card" aria-labelledby="survey-rounds-title">
                <h2 id="survey-rounds-title">{ "Rounds" }</h2>
                <p>{ "No round yet. Open one above to get a survey link." }</p>
            </section>
        };
    }
    let base = page_base();
    let items = rounds.iter().rev().enumerate().map(|(i, r)| {
        let link = format!("{base}#/survey/{}", encode_link(&link_for(&ws, r)));
        let area_id = format!("survey-link-{}", r.key);
        let node = NodeRef::default();
        let copy = {
            let (app, link, node) = (app.clone(), link.clone(), node.clone());
            Callback::from(move |_: MouseEvent| {
                let (app, link, area) = (app.clone(), link.clone(), node.cast::<HtmlTextAreaElement>());
                wasm_bindgen_futures::spawn_local(async move {
                    if files::copy_text(&link, area).await {
                        app.say("Survey link copied.");
                    } else {
                        app.say_error("This browser did not allow copying. The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
                    }
                });
            })
        };
        let toggle = {
            let (app, key, closed, label) = (app.clone(), r.key.clone(), r.closed, r.label.clone());
            Callback::from(move |_: MouseEvent| {
                app.run_announced(
                    Command::Survey(SurveyCommand::SetRoundClosed { key: key.clone(), closed: !closed }),
                    if closed { format!("Round \u{201c}{label}\u{201d} reopened.") } else { format!("Round \u{201c}{label}\u{201d} closed: it takes no more responses.") },
                );
            })
        };
        let delete = {
            let (app, key, label) = (app.clone(), r.key.clone(), r.label.clone());
            Callback::from(move |_: MouseEvent| {
                app.run_announced(
                    Command::Survey(SurveyCommand::DeleteRound { key: key.clone() }),
                    format!("Round \u{201c}{label}\u{201d} deleted with its responses. Undo brings it back."),
                );
                focus_after_render("survey-open-title");
            })
        };
        let on_rename = {
            let (app, key) = (app.clone(), r.key.clone());
            Callback::from(move |v: String| survey_cmd(&app, SurveyCommand::RenameRound { key: key.clone(), label: v }))
        };
        html! {
            <li class="survey-round" key={r.key.clone()}>
                <h3 id={format!("survey-round-{i}")} tabindex="-1">{ r.label.clone() }
                    <span class={classes!("badge", if r.closed { "muted" } else { "ok" })}>{ if r.closed { "closed" } else { "open" } }</span>
                </h3>
                <p class="row-meta">
                    { format!("Opened {} · by {} · {} groups · at least {} responses per group shown · {}",
                        r.opened, r.group_by.noun(), r.groups.len(), r.k, responses_text(r.response_count())) }
                </p>
                if !r.closed {
                    <div class="field">
                        <label for={area_id.clone()}>{ format!("Survey link of \u{201c}{}\u{201d}", r.label) }</label>
                        <textarea id={area_id} ref={node} class="code" readonly=true rows="3" value={link} spellcheck="false" />
                    </div>
                }
                <Field id={format!("survey-rename-{}", r.key)} label="Round name" value={r.label.clone()} on_commit={on_rename} />
                <div class="actions">
                    if !r.closed {
                        <button type="button" class="btn primary" onclick={copy}>{ format!("Copy link of \u{201c}{}\u{201d}", r.label) }</button>
                    }
                    <button type="button" class="btn" onclick={toggle}>{ if r.closed { "Reopen round" } else { "Close round" } }</button>
                    <button type="button" class="btn danger" onclick={delete}>{ format!("Delete round \u{201c}{}\u{201d}", r.label) }</button>
                </div>
            </li>
        }
    });
    html! {
        <section class="card" aria-labelledby="survey-rounds-title">
            <h2 id="survey-rounds-title">{ "Rounds" }</h2>
            <p class="hint">
                { "Send the link by email, chat or your intranet. Anyone with it can answer, as often as they open it afresh, \
                   so share it only with the staff you mean to ask. Close a round when it is over." }
            </p>
            <ul class="plain survey-rounds">{ for items }</ul>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------------------
// Importing responses
// ---------------------------------------------------------------------------------------------------------

#[component]
fn ImportResponses() -> Html {
    let app = use_app();
    let ws = app.ws();
    let codes = use_state(String::new);
    let files_in = use_code_files(parse_response_file);
    let checked = use_state(|| None::<Rc<(Vec<(String, String)>, Vec<(String, String)>)>>);
    let problem = use_state(|| None::<String>);
    let file_input = use_node_ref();
    let plan: Rc<Option<ResponsePlan>> = use_memo((WsKey(ws.clone()), (*checked).clone().map(|c| Rc::as_ptr(&c) as usize)), {
        let checked = checked.clone();
        move |(ws, _)| (*checked).as_ref().map(|c| plan_import(&ws.0, &c.0))
    });

    if ws.survey.rounds.is_empty() {
        return Html::default();
    }
    let on_codes = {
        let (codes, checked) = (codes.clone(), checked.clone());
        Callback::from(move |e: InputEvent| {
            codes.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
            checked.set(None);
        })
    };
    let on_files = {
        let (files_in, checked) = (files_in.clone(), checked.clone());
        Callback::from(move |e: Event| {
            checked.set(None);
            files_in.choose(&e);
        })
    };
    let on_check = {
        let (codes, files_in, checked, problem) = (codes.clone(), files_in.clone(), checked.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            let pasted = split_codes(&codes).into_iter().enumerate().map(|(i, c)| (format!("code {}", i + 1), c)).collect();
            let (inputs, refused) = files_in.collect(pasted, "Check responses");
            if inputs.is_empty() && refused.is_empty() {
                checked.set(None);
                problem.set(Some("There is nothing to check: paste one or more response codes, or choose response files.".into()));
                return;
            }
            problem.set(None);
            checked.set(Some(Rc::new((inputs, refused))));
            focus_after_render("survey-plan-title");
        })
    };
    let clear = {
        let (codes, files_in, checked, file_input) = (codes.clone(), files_in.clone(), checked.clone(), file_input.clone());
        move || {
            codes.set(String::new());
            files_in.clear(&file_input);
            checked.set(None);
        }
    };
    let on_import = {
        let (app, plan, clear) = (app.clone(), plan.clone(), clear.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(plan) = plan.as_ref() else { return };
            let Some(cmd) = plan.command() else { return };
            let n = plan.accepted.len();
            if app.run_announced(Command::Survey(cmd), format!("Imported {}. Undo removes them again.", responses_text(n))) {
                clear();
                focus_after_render("survey-results-title");
            }
        })
    };
    let on_clear = {
        let clear = clear.clone();
        Callback::from(move |_: MouseEvent| {
            clear();
            focus_after_render("survey-codes");
        })
    };
    let file_items = files_in.items();
    let plan_view = match (checked.as_ref(), plan.as_ref()) {
        (Some(c), Some(plan)) => {
            let refused = plan.rejected.len() + c.1.len();
            let n = plan.accepted.len();
            let summary = match (n, refused) {
                (0, _) => "None of these responses can be imported; the reasons are below. Nothing was changed.".to_string(),
                (_, 0) => format!("{} can be imported. Nothing changes until you import.", responses_text(n)),
                _ => format!("{} can be imported and {refused} refused (the reasons are below). Nothing changes until you import.", responses_text(n)),
            };
            html! {
                <div class="share-plan">
                    <h3 id="survey-plan-title" tabindex="-1">{ "Checked responses" }</h3>
                    <p>{ summary }</p>
                    if !plan.rounds.is_empty() {
                        <ul>
                            { for plan.rounds.iter().map(|(_, label, now, after)| html! {
                                <li>{ format!("\u{201c}{label}\u{201d}: {now} now, {after} after the import") }</li>
                            }) }
                        </ul>
                    }
                    if refused > 0 {
                        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="survey-refused-caption">
                            <table class="ratings-table share-table">
                                <caption id="survey-refused-caption">{ "Responses refused" }</caption>
                                <thead><tr><th scope="col">{ "Source" }</th><th scope="col">{ "Reason" }</th></tr></thead>
                                <tbody>
                                    { for plan.rejected.iter().map(|r| html! {
                                        <tr><th scope="row">{ r.source.clone() }</th><td>{ capitalise(&r.reason) }</td></tr>
                                    }) }
                                    { for c.1.iter().map(|(f, why)| html! {
                                        <tr><th scope="row">{ f.clone() }</th><td>{ capitalise(why) }</td></tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    }
                    if n > 0 {
                        <div class="actions">
                            <button type="button" class="btn primary" onclick={on_import}>{ format!("Import {}", responses_text(n)) }</button>
                        </div>
                    }
                </div>
            }
        }
        _ => Html::default(),
    };
    html! {
        <section class="card" aria-labelledby="survey-import-title">
            <h2 id="survey-import-title">{ "Import responses" }</h2>
            <p>
                { "Respondents finish with a response code to copy and a response file to download. Paste many codes at \
                   once (straight from emails or chats) or choose many files, then check them. A response already imported \
                   is refused by its random token, so importing the same mailbox twice counts nobody twice." }
            </p>
            <div class="field">
                <label for="survey-codes">{ "Response codes" }</label>
                <textarea id="survey-codes" class="code" rows="5" value={(*codes).clone()} oninput={on_codes}
                    aria-describedby="survey-codes-hint" spellcheck="false" />
                <p class="hint" id="survey-codes-hint">{ "Codes start with \u{201c}v1.\u{201d}; text around and between them is ignored." }</p>
            </div>
            <div class="field">
                <label for="survey-files">{ "Response files" }</label>
                <input id="survey-files" ref={file_input} type="file" multiple=true accept=".json,application/json,.txt,text/plain"
                    onchange={on_files} />
                if !file_items.is_empty() { <ul class="share-files">{ for file_items }</ul> }
            </div>
            <div class="actions">
                <button type="button" class="btn primary" onclick={on_check}>{ "Check responses" }</button>
                <button type="button" class="btn" onclick={on_clear}>{ "Clear" }</button>
            </div>
            if let Some(p) = &*problem { <div class="notice error" role="alert">{ p.clone() }</div> }
            { plan_view }
        </section>
    }
}

// ---------------------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------------------

fn f2(x: f64) -> String {
    format!("{x:.2}")
}

/// The labelled cells of a column: each row, then "Other groups" and "All respondents".
fn labelled<'a, T>(rows: &'a [Row], c: &'a Column<T>) -> Vec<(String, &'a Cell<T>)> {
    rows.iter()
        .map(|r| r.name.clone())
        .zip(c.groups.iter())
        .chain([("Other groups".to_string(), &c.others), ("All respondents".to_string(), &c.total)])
        .collect()
}

/// A construct or supplier cell: the mean, its interval and the distribution as a bar with words.
fn score_cell(cell: &Cell<ScoreStats>, k: u8) -> Html {
    match cell.shown() {
        Some(d) => stats_html(d),
        None => html! { <span class="muted">{ hidden_text(cell, k) }</span> },
    }
}

fn stats_html(d: &Disclosed<ScoreStats>) -> Html {
    let s = d.value();
    let pct = s.percentages();
    let words: Vec<String> = pct.iter().enumerate().map(|(i, p)| format!("{}: {:.0} %", i + 1, p)).collect();
    html! {
        <>
            <span class="survey-mean">{ f2(s.mean) }</span>
            <span class="survey-ci">{ format!(" ({}\u{2013}{})", f2(s.low), f2(s.high)) }</span>
            <span class="row-meta">{ format!("n = {}", d.n()) }</span>
            <span class="survey-dist" aria-hidden="true">
                { for pct.iter().enumerate().map(|(i, p)| html! {
                    <span class={format!("survey-dist-{}", i + 1)} style={format!("width:{p:.1}%")} />
                }) }
            </span>
            <span class="sr-only">{ format!("Distribution: {}", words.join(", ")) }</span>
        </>
    }
}

fn change_cell(cell: &Cell<Change>, k: u8) -> Html {
    match cell.shown() {
        Some(d) => {
            let c = d.value();
            html! {
                <>
                    <span class="survey-mean">{ format!("{:+.2}", c.diff) }</span>
                    <span class="survey-ci">{ format!(" ({:+.2} to {:+.2})", c.low, c.high) }</span>
                    <span class="row-meta">{ format!("{} → {}", f2(c.before), f2(c.after)) }</span>
                </>
            }
        }
        None => html! { <span class="muted">{ hidden_text(cell, k) }</span> },
    }
}

#[component]
fn Results() -> Html {
    let app = use_app();
    let ws = app.ws();
    let rounds = &ws.survey.rounds;
    let chosen = use_state(|| None::<String>);
    let before = use_state(|| None::<String>);
    let select_ref = use_node_ref();
    let before_ref = use_node_ref();
    let key = (*chosen)
        .clone()
        .filter(|k| ws.survey.round(k).is_some())
        .or_else(|| ws.survey.latest_with_responses().or(rounds.last()).map(|r| r.key.clone()));
    use_selected_value(select_ref.clone(), key.clone().unwrap_or_default());
    use_selected_value(before_ref.clone(), (*before).clone().unwrap_or_default());
    let results: Rc<Option<RoundResults>> = use_memo((WsKey(ws.clone()), key.clone()), |(ws, key)| {
        key.as_ref().and_then(|k| round_results(&ws.0, k))
    });
    let Some(key) = key else { return Html::default() };
    let Some(r) = results.as_ref() else { return Html::default() };

    let on_round = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| chosen.set(Some(e.target_unchecked_into::<HtmlSelectElement>().value())))
    };
    let on_before = {
        let before = before.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            before.set((!v.is_empty()).then_some(v));
        })
    };
    let on_csv = {
        let results = results.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(r) = results.as_ref() {
                let name = format!("skillgap-survey-{}-{}.csv", r.opened, r.key);
                files::download(&name, "text/csv;charset=utf-8", results_csv(r).as_bytes());
            }
        })
    };
    let k = r.k;
    let shown_rows = |c: &Column<ScoreStats>| labelled(&r.rows, c).into_iter().filter(|(_, c)| !matches!(c, Cell::Empty)).count();

    // Summary: groups × constructs.
    let groups_table = {
        let cells: Vec<(String, &Cell<usize>)> = labelled(&r.rows, &r.responses);
        let rows = cells.iter().enumerate().filter(|(_, (_, c))| !matches!(c, Cell::Empty)).map(|(i, (name, c))| {
            html! {
                <tr>
                    <th scope="row">{ name.clone() }
                        if let Some(p) = r.rows.get(i).and_then(|x| x.population) { <span class="row-meta">{ format!("{p} people") }</span> }
                    </th>
                    <td class="num">{ match c.shown() { Some(d) => html! { { *d.value() } }, None => html! { <span class="muted">{ hidden_text(c, k) }</span> } } }</td>
                    { for r.constructs.iter().map(|cc| {
                        let cell = if i < r.rows.len() { &cc.column.groups[i] } else if i == r.rows.len() { &cc.column.others } else { &cc.column.total };
                        html! { <td>{ score_cell(cell, k) }</td> }
                    }) }
                </tr>
            }
        });
        html! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="survey-summary-caption">
                <table class="ratings-table survey-table">
                    <caption id="survey-summary-caption">{ format!("Mean score per {} and construct (1\u{2013}5, 95 % interval)", r.group_by.noun()) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ capitalise(r.group_by.noun()) }</th>
                            <th scope="col" class="num">{ "Responses" }</th>
                            { for r.constructs.iter().map(|c| html! { <th scope="col">{ c.construct.label() }</th> }) }
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        }
    };

    let matrix = (!r.matrix.is_empty()).then(|| {
        let cols: Vec<Vec<(String, &Cell<ScoreStats>)>> = r.matrix.iter().map(|s| labelled(&r.rows, &s.column)).collect();
        let n_rows = r.rows.len() + 2;
        let body = (0..n_rows).filter(|&i| cols.iter().any(|c| !matches!(c[i].1, Cell::Empty))).map(|i| {
            html! {
                <tr>
                    <th scope="row">{ cols[0][i].0.clone() }</th>
                    { for cols.iter().map(|c| html! { <td>{ if matches!(c[i].1, Cell::Empty) { html! { <span class="muted">{ "\u{2013}" }</span> } } else { score_cell(c[i].1, k) } }</td> }) }
                </tr>
            }
        });
        let any = r.matrix.iter().any(|s| shown_rows(&s.column) > 0);
        html! {
            <>
                <h3 id="survey-matrix-title">{ "Internal-customer matrix" }</h3>
                <p class="hint">{ "Rows: the groups that rated (the internal customers). Columns: the groups rated as internal suppliers." }</p>
                if any {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="survey-matrix-caption">
                        <table class="ratings-table survey-table">
                            <caption id="survey-matrix-caption">{ "Internal service quality: how each group rates the groups that serve it (1\u{2013}5, 95 % interval)" }</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{ "Rated by" }</th>
                                    { for r.matrix.iter().map(|s| html! { <th scope="col">{ s.supplier.name.clone() }</th> }) }
                                </tr>
                            </thead>
                            <tbody>{ for body }</tbody>
                        </table>
                    </div>
                } else {
                    <p>{ "No internal supplier has been rated yet." }</p>
                }
            </>
        }
    });

    let texts = r.texts.iter().enumerate().map(|(j, t)| {
        let lists = labelled(&r.rows, &t.column)
            .into_iter()
            .take(r.rows.len() + 1)
            .filter_map(|(name, c)| c.shown().filter(|d| !d.value().is_empty()).map(|d| (name, d.value().clone())))
            .collect::<Vec<_>>();
        let hidden = t.column.groups.iter().any(|c| matches!(c, Cell::Hidden(_)));
        html! {
            <>
                <h4 id={format!("survey-text-h-{j}")}>{ t.question.clone() }</h4>
                if lists.is_empty() {
                    <p>{ "No written answers can be shown yet." }</p>
                }
                { for lists.into_iter().map(|(name, list)| html! {
                    <section aria-label={format!("Written answers: {name}")} class="survey-texts">
                        <h5>{ format!("{name} ({})", list.len()) }</h5>
                        <ul>{ for list.into_iter().map(|t| html! { <li>{ t }</li> }) }</ul>
                    </section>
                }) }
                if hidden {
                    <p class="hint">{ format!("Answers from groups with fewer than {k} responses are not listed.") }</p>
                }
            </>
        }
    });

    let earlier: Vec<_> = rounds.iter().filter(|x| x.key != key && x.response_count() > 0).collect();
    let comparison = (*before).clone().filter(|b| earlier.iter().any(|x| &x.key == b)).and_then(|b| compare(&ws, &b, &key));
    let compare_view = (!earlier.is_empty()).then(|| {
        html! {
            <>
                <h3>{ "Compared with an earlier round" }</h3>
                <div class="field survey-select">
                    <label for="survey-before">{ "Compare with" }</label>
                    <select id="survey-before" ref={before_ref.clone()} onchange={on_before}>
                        <option value="" selected={before.is_none()}>{ "No comparison" }</option>
                        { for earlier.iter().map(|x| html! { <option value={x.key.clone()} selected={before.as_deref() == Some(x.key.as_str())}>{ x.label.clone() }</option> }) }
                    </select>
                </div>
                if let Some(cmp) = &comparison {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="survey-compare-caption">
                        <table class="ratings-table survey-table">
                            <caption id="survey-compare-caption">{ format!("Change from \u{201c}{}\u{201d} to \u{201c}{}\u{201d} (95 % interval)", cmp.before, cmp.after) }</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{ capitalise(r.group_by.noun()) }</th>
                                    { for cmp.constructs.iter().map(|c| html! { <th scope="col">{ c.construct.label() }</th> }) }
                                </tr>
                            </thead>
                            <tbody>
                                { for cmp.rows.iter().enumerate().filter(|(i, _)| cmp.constructs.iter().any(|c| !matches!(c.groups[*i], Cell::Empty))).map(|(i, row)| html! {
                                    <tr>
                                        <th scope="row">{ row.name.clone() }</th>
                                        { for cmp.constructs.iter().map(|c| html! { <td>{ change_cell(&c.groups[i], k) }</td> }) }
                                    </tr>
                                }) }
                                <tr>
                                    <th scope="row">{ "All respondents" }</th>
                                    { for cmp.constructs.iter().map(|c| html! { <td>{ change_cell(&c.total, k) }</td> }) }
                                </tr>
                            </tbody>
                        </table>
                    </div>
                    <p class="hint">{ "Rounds are compared as independent samples (Welch): responses are anonymous, so one person's two answers cannot be paired." }</p>
                }
            </>
        }
    });

    let total = r.responses.total.shown().map(|d| *d.value());
    html! {
        <section class="card" aria-labelledby="survey-results-title">
            <h2 id="survey-results-title" tabindex="-1">{ "Results" }</h2>
            <div class="field survey-select">
                <label for="survey-round">{ "Round" }</label>
                <select id="survey-round" ref={select_ref} onchange={on_round}>
                    { for rounds.iter().map(|x| html! {
                        <option value={x.key.clone()} selected={x.key == key}>{ format!("{} ({})", x.label, responses_text(x.response_count())) }</option>
                    }) }
                </select>
            </div>
            <p>
                { format!(
                    "Each group's figures are shown only with at least {k} responses, in every table, the CSV and the printout. \
                     Scores are the mean of a respondent's answers to a construct's questions (1 = strongly disagree, 5 = \
                     strongly agree), with a 95 % interval that covers sampling only — not who chose to answer."
                ) }
            </p>
            if !r.warnings.is_empty() {
                <div class="notice warn" role="note" aria-label="Before you read or share these results">
                    <strong>{ "Before you read or share these results" }</strong>
                    <ul>{ for r.warnings.iter().map(|w| html! { <li>{ w.clone() }</li> }) }</ul>
                </div>
            }
            if total.is_none() {
                <p class="notice info">{ format!(
                    "Fewer than {k} responses so far: nothing can be shown yet ({}).",
                    "a round shows results only once it has at least as many responses as its minimum per group"
                ) }</p>
            }
            { groups_table }
            { for matrix }
            if !r.texts.is_empty() {
                <h3>{ "Written answers" }</h3>
                <p class="hint">{ "Listed in alphabetical order, never in the order they arrived, and without any sign of who wrote them." }</p>
                { for texts }
            }
            { for compare_view }
            <div class="actions">
                <button type="button" class="btn" onclick={on_csv}>{ "Download results (CSV)" }</button>
                <button type="button" class="btn" onclick={Callback::from(|_: MouseEvent| { let _ = gloo::utils::window().print(); })}>{ "Print results" }</button>
            </div>
        </section>
    }
}
