//! People and their assessments: the list (filter by role and team), adding a person, and one person's
//! page — details, and every required skill with the self, trainer and agreed ratings side by side, the
//! effective level (agreed > trainer > self), the gap, and a form to record a rating with a note.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

use super::super::components::fields::{Field, Kind};
use super::super::components::profile_chart::ProfileChart;
use super::super::context::use_app;
use super::super::services::files::today;
use super::super::state::capitalise;
use super::super::{use_title, AppLink, Route};
use super::plural;
use crate::domain::csv_io::parse_source;
use crate::domain::gaps::{gap, rounds, RatingIndex};
use crate::domain::{Command, Level, PersonFields, PersonId, RoleId, Source};

#[derive(Properties, PartialEq)]
pub struct PeoplePageProps {
    pub selected: Option<String>,
}

/// The people page; `selected` is the person open on the right.
#[component]
pub fn PeoplePage(p: &PeoplePageProps) -> Html {
    let app = use_app();
    let ws = app.ws();
    let filter = use_state(String::new);
    let selected = p.selected.as_ref().and_then(|id| ws.person(&PersonId(id.clone())).cloned());
    use_title(match &selected {
        Some(x) => format!("{} – People", x.name),
        None => "People".into(),
    });
    let needle = filter.to_lowercase();
    let mut people: Vec<_> = ws
        .people
        .iter()
        .filter(|x| {
            needle.is_empty()
                || x.name.to_lowercase().contains(&needle)
                || x.team.to_lowercase().contains(&needle)
                || ws.role(&x.role).is_some_and(|r| r.name.to_lowercase().contains(&needle))
        })
        .collect();
    people.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.id.cmp(&b.id)));
    let shown = people.len().min(200);
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| filter.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    html! {
        <section class="page" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">{ "People" }</h1>
                <p class="lead">{ format!("{} assessed against their role's profile. Open a person to see their ratings side by side and record a new one.", plural(ws.people.len(), "person", "people")) }</p>
            </div>
            <div class={classes!("split", selected.is_some().then_some("has-selection"))}>
                <div class="list-pane">
                    <AddPerson />
                    <div class="field compact">
                        <label for="people-filter">{ "Find a person" }</label>
                        <input id="people-filter" type="search" value={(*filter).clone()} oninput={on_filter} placeholder="Name, role or team" />
                    </div>
                    <nav aria-label="People" class="item-list">
                        if people.is_empty() {
                            <p class="empty">{ if ws.people.is_empty() { "No people yet: add the first one above, or import a CSV on the Data page." } else { "Nobody matches." } }</p>
                        } else {
                            <ul>
                                { for people.iter().take(shown).map(|x| {
                                    let current = selected.as_ref().is_some_and(|s| s.id == x.id);
                                    let role = ws.role(&x.role).map(|r| r.name.clone()).unwrap_or_default();
                                    html! {
                                        <li key={x.id.to_string()}>
                                            <AppLink to={Route::Person { id: x.id.to_string() }} {current} class="item">
                                                <span class="item-name">{ x.name.clone() }</span>
                                                <span class="item-meta">{ if x.team.is_empty() { role } else { format!("{role} · {}", x.team) } }</span>
                                            </AppLink>
                                        </li>
                                    }
                                }) }
                            </ul>
                            if people.len() > shown {
                                <p class="hint">{ format!("Showing {shown} of {}; type to narrow the list.", people.len()) }</p>
                            }
                        }
                    </nav>
                </div>
                <div class="detail-pane">
                    if let Some(x) = selected {
                        <PersonEditor id={x.id.to_string()} key={x.id.to_string()} />
                    } else if p.selected.is_some() {
                        <div class="placeholder"><h2>{ "Person not found" }</h2><p>{ "They may have been deleted. Choose someone from the list." }</p></div>
                    } else {
                        <div class="placeholder"><h2>{ "Choose a person" }</h2><p>{ "Pick someone to see their self, trainer and agreed ratings side by side, their gaps, and to record the outcome of an assessment conversation." }</p></div>
                    }
                </div>
            </div>
        </section>
    }
}

/// The "Add a person" form.
#[component]
fn AddPerson() -> Html {
    let app = use_app();
    let nav = use_navigator();
    let ws = app.ws();
    let name = use_state(String::new);
    let role = use_state(|| ws.roles.first().map(|r| r.id.to_string()).unwrap_or_default());
    let error = use_state(|| None::<String>);
    let onsubmit = {
        let (app, name, role, error) = (app.clone(), name.clone(), role.clone(), error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let ws = app.ws();
            let team = ws.role(&RoleId((*role).clone())).map(|r| r.team.clone()).unwrap_or_default();
            let fields = PersonFields { name: (*name).clone(), role: RoleId((*role).clone()), team, start_date: None };
            match app.run_with(Command::AddPerson { fields }, Some(format!("Added {}.", name.trim()))) {
                Ok(applied) => {
                    name.set(String::new());
                    error.set(None);
                    if let (Some(id), Some(nav)) = (applied.created, &nav) {
                        nav.push(&Route::Person { id });
                    }
                }
                Err(e) => error.set(Some(capitalise(&e.to_string()))),
            }
        })
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_role = {
        let role = role.clone();
        Callback::from(move |e: Event| role.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    if ws.roles.is_empty() {
        return html! { <p class="empty">{ "Add a role first: every person holds one." }</p> };
    }
    html! {
        <form class="add-form" {onsubmit} aria-labelledby="add-person-title">
            <h2 id="add-person-title">{ "Add a person" }</h2>
            <div class="row">
                <div class="field">
                    <label for="new-person-name">{ "Name or pseudonym" }</label>
                    <input id="new-person-name" value={(*name).clone()} oninput={on_name} required=true
                        aria-invalid={error.is_some().then_some("true")} aria-describedby={error.is_some().then_some("add-person-err")} />
                </div>
                <div class="field">
                    <label for="new-person-role">{ "Role" }</label>
                    <select id="new-person-role" onchange={on_role}>
                        { for ws.roles.iter().map(|r| html! { <option value={r.id.to_string()} selected={*role == r.id.0}>{ r.name.clone() }</option> }) }
                    </select>
                </div>
                <button type="submit" class="btn primary">{ "Add person" }</button>
            </div>
            if let Some(e) = &*error { <p class="field-error" id="add-person-err">{ e.clone() }</p> }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    id: String,
}

fn level_text(ws: &crate::domain::Workspace, l: Option<Option<Level>>) -> String {
    match l {
        None => "–".into(),
        Some(None) => "No opportunity".into(),
        Some(Some(l)) => format!("{l} {}", ws.scale.label(l)),
    }
}

/// One person: details, ratings side by side, gaps, and the rating form.
#[component]
fn PersonEditor(p: &EditorProps) -> Html {
    let app = use_app();
    let nav = use_navigator();
    let ws = app.ws();
    let id = PersonId(p.id.clone());
    let round_list = rounds(&ws);
    let as_of = use_state(|| None::<String>);
    let source = use_state(|| Source::Trainer);
    let date = {
        let latest = round_list.last().cloned();
        use_state(move || latest.unwrap_or_else(today))
    };
    let Some(person) = ws.person(&id).cloned() else { return html! {} };
    let role = ws.role(&person.role).cloned();
    let index = RatingIndex::new(&ws);

    let fields = PersonFields { name: person.name.clone(), role: person.role.clone(), team: person.team.clone(), start_date: person.start_date.clone() };
    let commit = |f: fn(&mut PersonFields, String)| {
        let (app, id, fields) = (app.clone(), id.clone(), fields.clone());
        Callback::from(move |v: String| {
            let mut fields = fields.clone();
            f(&mut fields, v);
            app.refusal(Command::UpdatePerson { id: id.clone(), fields })
        })
    };
    let role_options: Vec<(AttrValue, AttrValue)> = ws.roles.iter().map(|r| (r.id.to_string().into(), r.name.clone().into())).collect();
    let on_delete = {
        let (app, id, name, nav) = (app.clone(), id.clone(), person.name.clone(), nav.clone());
        Callback::from(move |_| {
            if app.run_announced(Command::DeletePerson { id: id.clone() }, format!("Deleted {name} and their ratings. Undo brings them back.")) {
                if let Some(nav) = &nav {
                    nav.push(&Route::People);
                }
            }
        })
    };

    let as_of_str = (*as_of).clone();
    let rows: Vec<_> = role
        .as_ref()
        .map(|r| {
            ws.skills
                .iter()
                .filter_map(|s| r.requirements.get(&s.id).map(|q| (s, *q)))
                .map(|(s, q)| {
                    let latest = |src: Source| index.latest(&id, &s.id, src, as_of_str.as_deref()).map(|x| x.level);
                    let eff = index.effective(&id, &s.id, as_of_str.as_deref());
                    (s, q, latest(Source::SelfRating), latest(Source::Trainer), latest(Source::Agreed), eff)
                })
                .collect()
        })
        .unwrap_or_default();
    let (mut num, mut den) = (0.0, 0.0);
    for (_, q, _, _, _, eff) in &rows {
        if let Some(Some(l)) = eff.as_ref().map(|e| e.level) {
            if q.level > 0 {
                num += q.importance as f64 * l.min(q.level) as f64;
                den += q.importance as f64 * q.level as f64;
            }
        }
    }
    let readiness = (den > 0.0).then(|| num / den * 100.0);

    let on_as_of = {
        let as_of = as_of.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            as_of.set((!v.is_empty()).then_some(v));
        })
    };
    let on_source = {
        let source = source.clone();
        Callback::from(move |e: Event| {
            source.set(parse_source(&e.target_unchecked_into::<HtmlSelectElement>().value()).unwrap_or(Source::Trainer))
        })
    };
    let on_date = {
        let date = date.clone();
        Callback::from(move |e: Event| date.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let mut level_options: Vec<(AttrValue, AttrValue)> = vec![("".into(), "Not rated".into()), ("n/o".into(), "No opportunity to show it".into())];
    level_options.extend(ws.scale.labels.iter().enumerate().map(|(i, l)| (i.to_string().into(), format!("{i} – {l}").into())));
    let chart_rows: Vec<_> = rows
        .iter()
        .map(|(s, q, sf, tr, ag, _)| (s.name.clone(), q.level, sf.flatten(), tr.flatten(), ag.flatten()))
        .collect();

    html! {
        <article class="editor" aria-labelledby="editor-title">
            <p class="back"><AppLink to={Route::People}>{ "← All people" }</AppLink></p>
            <h2 id="editor-title" class="editor-title">{ person.name.clone() }</h2>
            <p class="readiness">
                { "Readiness for " }<strong>{ role.as_ref().map(|r| r.name.clone()).unwrap_or_default() }</strong>{ ": " }
                <strong class="big">{ readiness.map(|r| format!("{r:.0} %")).unwrap_or_else(|| "not assessed".into()) }</strong>
                <span class="hint">{ " (importance-weighted share of the required levels reached, using agreed > trainer > self)" }</span>
            </p>
            <div class="grid2">
                <Field id="person-name" label="Name or pseudonym" value={fields.name.clone()} required=true on_commit={commit(|f, v| f.name = v)} />
                <Field id="person-role" label="Role" kind={Kind::Select(role_options)} value={fields.role.to_string()} on_commit={commit(|f, v| f.role = RoleId(v))} />
                <Field id="person-team" label="Team" value={fields.team.clone()} on_commit={commit(|f, v| f.team = v)} />
                <Field id="person-start" label="Start date" kind={Kind::Date} value={fields.start_date.clone().unwrap_or_default()} hint={Some(AttrValue::from("Leave empty if unknown."))}
                    on_commit={commit(|f, v| f.start_date = Some(v))} />
            </div>

            <section aria-labelledby="ratings-title">
                <h3 id="ratings-title">{ "Ratings side by side" }</h3>
                <div class="row-tools">
                    <div class="field compact">
                        <label for="as-of">{ "Show ratings as of" }</label>
                        <select id="as-of" onchange={on_as_of}>
                            <option value="" selected={as_of.is_none()}>{ "Latest" }</option>
                            { for round_list.iter().map(|d| html! { <option value={d.clone()} selected={as_of.as_deref() == Some(d.as_str())}>{ format!("Round of {d}") }</option> }) }
                        </select>
                    </div>
                </div>
                if rows.is_empty() {
                    <p class="empty">{ "This person's role requires no skills yet." }</p>
                } else {
                    <ProfileChart rows={chart_rows} max={ws.scale.max_level()} labels={ws.scale.labels.clone()} />
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="ratings-title">
                        <table class="ratings-table">
                            <caption class="sr-only">{ format!("Ratings of {} against the {} profile", person.name, role.as_ref().map(|r| r.name.as_str()).unwrap_or("")) }</caption>
                            <thead><tr>
                                <th scope="col">{ "Skill" }</th><th scope="col">{ "Required" }</th><th scope="col">{ "Self" }</th>
                                <th scope="col">{ "Trainer" }</th><th scope="col">{ "Agreed" }</th><th scope="col">{ "Effective" }</th><th scope="col">{ "Gap" }</th>
                            </tr></thead>
                            <tbody>
                                { for rows.iter().map(|(s, q, sf, tr, ag, eff)| {
                                    let eff_level = eff.as_ref().and_then(|e| e.level);
                                    let g = eff_level.map(|l| gap(q.level, l));
                                    let self_only = eff.as_ref().is_some_and(|e| e.is_self_only());
                                    html! {
                                        <tr key={s.id.to_string()}>
                                            <th scope="row">{ s.name.clone() }</th>
                                            <td>{ format!("{} {}", q.level, ws.scale.label(q.level)) }<span class="muted">{ format!(" · imp. {}", q.importance) }</span></td>
                                            <td>{ level_text(&ws, *sf) }</td>
                                            <td>{ level_text(&ws, *tr) }</td>
                                            <td>{ level_text(&ws, *ag) }</td>
                                            <td>
                                                { level_text(&ws, eff.as_ref().map(|e| e.level)) }
                                                if self_only { <span class="flag">{ " self only" }</span> }
                                            </td>
                                            <td class={classes!(g.filter(|g| *g > 0).map(|_| "gap-pos"))}>{ match g { Some(0) => "none".to_string(), Some(g) => format!("−{g}"), None => "–".into() } }</td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </section>

            if !rows.is_empty() {
                <section class="rate-form" aria-labelledby="record-title">
                    <h3 id="record-title">{ "Record a rating" }</h3>
                    <p class="hint">{ "Work through the skills with the person and record each view: their own, yours, and the level you agree on. Notes from the conversation stay with the rating." }</p>
                    <div class="row-tools">
                        <div class="field compact">
                            <label for="rec-source">{ "Source" }</label>
                            <select id="rec-source" onchange={on_source}>
                                <option value="self" selected={*source == Source::SelfRating}>{ "Self" }</option>
                                <option value="trainer" selected={*source == Source::Trainer}>{ "Trainer / manager" }</option>
                                <option value="agreed" selected={*source == Source::Agreed}>{ "Agreed" }</option>
                            </select>
                        </div>
                        <div class="field compact">
                            <label for="rec-date">{ "Round date" }</label>
                            <input id="rec-date" type="date" value={(*date).clone()} onchange={on_date} />
                        </div>
                    </div>
                    { for rows.iter().map(|(s, _, _, _, _, _)| {
                        let existing = ws.ratings.iter().find(|r| r.person == id && r.skill == s.id && r.source == *source && r.date == *date);
                        let value = match existing.map(|r| r.level) {
                            None => String::new(),
                            Some(None) => "n/o".into(),
                            Some(Some(l)) => l.to_string(),
                        };
                        let note = existing.map(|r| r.note.clone()).unwrap_or_default();
                        let on_level = {
                            let (app, pid, sid, source, date, note) = (app.clone(), id.clone(), s.id.clone(), *source, (*date).clone(), note.clone());
                            Callback::from(move |v: String| {
                                let cmd = match v.as_str() {
                                    "" => Command::ClearRating { person: pid.clone(), skill: sid.clone(), source, date: date.clone() },
                                    "n/o" => Command::SetRating { person: pid.clone(), skill: sid.clone(), source, date: date.clone(), level: None, note: note.clone() },
                                    n => Command::SetRating { person: pid.clone(), skill: sid.clone(), source, date: date.clone(), level: n.parse().ok(), note: note.clone() },
                                };
                                app.refusal(cmd)
                            })
                        };
                        let on_note = {
                            let (app, pid, sid, source, date, level) = (app.clone(), id.clone(), s.id.clone(), *source, (*date).clone(), existing.map(|r| r.level));
                            Callback::from(move |v: String| {
                                let Some(level) = level else { return Some("Choose a level first, then add the note.".to_string()) };
                                app.refusal(Command::SetRating { person: pid.clone(), skill: sid.clone(), source, date: date.clone(), level, note: v })
                            })
                        };
                        html! {
                            <div class="rate-row" key={format!("{}-{:?}-{}", s.id, *source, *date)}>
                                <Field id={format!("rec-level-{}", s.id)} label={s.name.clone()} kind={Kind::Select(level_options.clone())} value={value} on_commit={on_level} />
                                <Field id={format!("rec-note-{}", s.id)} label={format!("Note on {}", s.name)} value={note} on_commit={on_note} class="note" />
                            </div>
                        }
                    }) }
                </section>
            }

            <div class="actions">
                <span class="spacer"></span>
                <button type="button" class="btn danger" onclick={on_delete}>{ "Delete person" }</button>
            </div>
        </article>
    }
}
