//! Roles: who does the work, how many, how much customer contact, turnover and salary, and each role's
//! skill profile (required level and importance per skill).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

use super::super::components::fields::{use_selected_value, Field, Kind};
use super::super::context::use_app;
use super::super::state::capitalise;
use super::super::{use_title, AppLink, Route};
use super::{importance_options, requirement_options, thousands};
use crate::domain::{Command, ContactLevel, Requirement, RoleFields, RoleId};

#[derive(Properties, PartialEq)]
pub struct RolesPageProps {
    pub selected: Option<String>,
}

/// The roles page; `selected` is the role open in the editor.
#[component]
pub fn RolesPage(p: &RolesPageProps) -> Html {
    let app = use_app();
    let ws = app.ws();
    let selected = p.selected.as_ref().and_then(|id| ws.role(&RoleId(id.clone())).cloned());
    use_title(match &selected {
        Some(r) => format!("{} – Roles", r.name),
        None => "Roles".into(),
    });
    html! {
        <section class="page" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">{ "Roles" }</h1>
                <p class="lead">{ format!("{} roles, {} people in all, segmented by level of customer contact: back-office roles serve internal customers.", ws.roles.len(), thousands(ws.total_headcount() as f64)) }</p>
            </div>
            <div class={classes!("split", selected.is_some().then_some("has-selection"))}>
            <div class="list-pane">
                <AddRole />
                <super::frameworks::StartFromOnet />
                <nav aria-label="Roles" class="item-list">
                    if ws.roles.is_empty() { <p class="empty">{ "No roles yet: add the first one above." }</p> }
                    { for ContactLevel::ALL.into_iter().filter(|c| ws.roles.iter().any(|r| r.contact == *c)).map(|c| html! {
                        <div class="group" key={c.key()}>
                            <h2 class="group-title"><span class={classes!("contact-dot", c.key())} aria-hidden="true"></span>{ c.label() }</h2>
                            <ul>
                                { for ws.roles.iter().filter(|r| r.contact == c).map(|r| {
                                    let current = selected.as_ref().is_some_and(|x| x.id == r.id);
                                    html! {
                                        <li key={r.id.to_string()}>
                                            <AppLink to={Route::Role { id: r.id.to_string() }} {current} class="item">
                                                <span class="item-name">{ r.name.clone() }</span>
                                                <span class="item-meta">{ format!("{} · {} people · {} skills", r.team, thousands(r.headcount as f64), r.requirements.len()) }</span>
                                            </AppLink>
                                        </li>
                                    }
                                }) }
                            </ul>
                        </div>
                    }) }
                </nav>
            </div>
            <div class="detail-pane">
                if let Some(r) = selected {
                    <RoleEditor id={r.id.to_string()} key={r.id.to_string()} />
                } else if p.selected.is_some() {
                    <div class="placeholder"><h2>{ "Role not found" }</h2><p>{ "It may have been deleted. Choose another role from the list." }</p></div>
                } else {
                    <div class="placeholder"><h2>{ "Choose a role" }</h2><p>{ "Pick a role to edit its details and skill profile, or add a new one. The Role profiles page shows every role side by side." }</p></div>
                }
            </div>
            </div>
        </section>
    }
}

fn contact_options() -> Vec<(AttrValue, AttrValue)> {
    ContactLevel::ALL.into_iter().map(|c| (c.key().into(), c.label().into())).collect()
}

/// The "Add a role" form.
#[component]
fn AddRole() -> Html {
    let app = use_app();
    let nav = use_navigator();
    let name = use_state(String::new);
    let team = use_state(String::new);
    let contact = use_state(|| ContactLevel::High);
    let error = use_state(|| None::<String>);
    let onsubmit = {
        let (app, name, team, contact, error) = (app.clone(), name.clone(), team.clone(), contact.clone(), error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let cmd = Command::AddRole { name: (*name).clone(), team: (*team).clone(), contact: *contact };
            match app.run_with(cmd, Some(format!("Added role \u{201c}{}\u{201d}.", name.trim()))) {
                Ok(applied) => {
                    name.set(String::new());
                    error.set(None);
                    if let (Some(id), Some(nav)) = (applied.created, &nav) {
                        nav.push(&Route::Role { id });
                    }
                }
                Err(e) => error.set(Some(capitalise(&e.to_string()))),
            }
        })
    };
    let set = |h: UseStateHandle<String>| Callback::from(move |e: InputEvent| h.set(e.target_unchecked_into::<HtmlInputElement>().value()));
    let on_contact = {
        let contact = contact.clone();
        Callback::from(move |e: Event| {
            if let Some(c) = ContactLevel::from_key(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                contact.set(c);
            }
        })
    };
    html! {
        <form class="add-form" {onsubmit} aria-labelledby="add-role-title">
            <h2 id="add-role-title">{ "Add a role" }</h2>
            <div class="row">
                <div class="field">
                    <label for="new-role-name">{ "Name" }</label>
                    <input id="new-role-name" value={(*name).clone()} oninput={set(name.clone())} required=true
                        aria-invalid={error.is_some().then_some("true")} aria-describedby={error.is_some().then_some("add-role-err")} />
                </div>
                <div class="field">
                    <label for="new-role-team">{ "Team or department" }</label>
                    <input id="new-role-team" value={(*team).clone()} oninput={set(team.clone())} />
                </div>
                <div class="field">
                    <label for="new-role-contact">{ "Customer contact" }</label>
                    <select id="new-role-contact" onchange={on_contact}>
                        { for ContactLevel::ALL.into_iter().map(|c| html! { <option value={c.key()} selected={c == *contact}>{ c.label() }</option> }) }
                    </select>
                </div>
                <button type="submit" class="btn primary">{ "Add role" }</button>
            </div>
            if let Some(e) = &*error { <p class="field-error" id="add-role-err">{ e.clone() }</p> }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    id: String,
}

/// Edits one role and its profile.
#[component]
fn RoleEditor(p: &EditorProps) -> Html {
    let app = use_app();
    let nav = use_navigator();
    let ws = app.ws();
    let id = RoleId(p.id.clone());
    let Some(role) = ws.role(&id).cloned() else { return html! {} };
    let fields = RoleFields::of(&role);

    let commit = |f: fn(&mut RoleFields, &str) -> Result<(), String>| {
        let (app, id, fields) = (app.clone(), id.clone(), fields.clone());
        Callback::from(move |v: String| {
            let mut fields = fields.clone();
            if let Err(m) = f(&mut fields, v.trim()) {
                return Some(m);
            }
            app.refusal(Command::UpdateRole { id: id.clone(), fields })
        })
    };
    let people = ws.people_in_role(&id);
    let on_delete = {
        let (app, id, name, nav) = (app.clone(), id.clone(), role.name.clone(), nav.clone());
        Callback::from(move |_| {
            if app.run_announced(Command::DeleteRole { id: id.clone() }, format!("Deleted role \u{201c}{name}\u{201d}. Undo brings it back.")) {
                if let Some(nav) = &nav {
                    nav.push(&Route::Roles);
                }
            }
        })
    };
    let req_options = requirement_options(&ws.scale);
    let imp_options = importance_options();
    let yearly_leavers = role.headcount as f64 * role.annual_turnover;

    html! {
        <article class="editor" aria-labelledby="editor-title">
            <p class="back"><AppLink to={Route::Roles}>{ "← All roles" }</AppLink></p>
            <h2 id="editor-title" class="editor-title">{ role.name.clone() }</h2>
            <div class="grid2">
                <Field id="role-name" label="Name" value={fields.name.clone()} required=true
                    on_commit={commit(|f, v| { f.name = v.to_string(); Ok(()) })} />
                <Field id="role-team" label="Team or department" value={fields.team.clone()}
                    on_commit={commit(|f, v| { f.team = v.to_string(); Ok(()) })} />
                <Field id="role-contact" label="Level of customer contact" kind={Kind::Select(contact_options())}
                    value={fields.contact.key()} hint={Some(AttrValue::from("High: serves customers face to face or by phone all day. Low: serves internal customers."))}
                    on_commit={commit(|f, v| { f.contact = ContactLevel::from_key(v).ok_or("Choose a contact level")?; Ok(()) })} />
                <Field id="role-headcount" label="Headcount" kind={Kind::Number { min: 0.0, max: 1_000_000.0, step: 1.0 }}
                    value={fields.headcount.to_string()} hint={Some(AttrValue::from("People doing this role today."))}
                    on_commit={commit(|f, v| { f.headcount = v.parse().map_err(|_| format!("Headcount must be a whole number, not \u{201c}{v}\u{201d}"))?; Ok(()) })} />
                <Field id="role-turnover" label="Annual staff turnover" kind={Kind::Number { min: 0.0, max: 300.0, step: 0.1 }} suffix={Some(AttrValue::from("%"))}
                    value={trim_num(fields.annual_turnover * 100.0)}
                    hint={Some(AttrValue::from(format!("Share of people who leave in a year (≈ {:.0} leavers a year here). Bank tellers 20–30 %, call centres 25–50 %.", yearly_leavers)))}
                    on_commit={commit(|f, v| { let pct: f64 = v.parse().map_err(|_| format!("Turnover must be a percentage such as 25, not \u{201c}{v}\u{201d}"))?; f.annual_turnover = pct / 100.0; Ok(()) })} />
                <Field id="role-salary" label={format!("Average annual salary ({})", ws.currency)} kind={Kind::Number { min: 0.0, max: 100_000_000.0, step: 500.0 }}
                    value={trim_num(fields.salary)} hint={Some(AttrValue::from("Used to cost training time and replacing leavers."))}
                    on_commit={commit(|f, v| { f.salary = v.parse().map_err(|_| format!("Salary must be a number, not \u{201c}{v}\u{201d}"))?; Ok(()) })} />
            </div>

            <section class="profile" aria-labelledby="profile-title">
                <h3 id="profile-title">{ "Skill profile" }</h3>
                <p class="hint">{ format!("{} of {} skills required. Set the level this role needs and how much it matters; the Role profiles page shows all roles at once.", role.requirements.len(), ws.skills.len()) }</p>
                <table class="profile-table">
                    <thead><tr><th scope="col">{ "Skill" }</th><th scope="col">{ "Required level" }</th><th scope="col">{ "Importance" }</th></tr></thead>
                    <tbody>
                        { for ws.skills.iter().map(|s| {
                            let req = role.requirements.get(&s.id).copied();
                            let level_id = format!("req-level-{}", s.id);
                            let imp_id = format!("req-imp-{}", s.id);
                            let on_level = {
                                let (app, rid, sid) = (app.clone(), id.clone(), s.id.clone());
                                Callback::from(move |v: String| {
                                    let requirement = match v.parse::<u8>() {
                                        Ok(level) => Some(Requirement { level, importance: req.map(|q| q.importance).unwrap_or(3) }),
                                        Err(_) => None,
                                    };
                                    app.refusal(Command::SetRequirement { role: rid.clone(), skill: sid.clone(), requirement })
                                })
                            };
                            let on_imp = {
                                let (app, rid, sid) = (app.clone(), id.clone(), s.id.clone());
                                Callback::from(move |v: String| {
                                    let importance = v.parse::<u8>().unwrap_or(3);
                                    let level = req.map(|q| q.level)?;
                                    app.refusal(Command::SetRequirement { role: rid.clone(), skill: sid.clone(), requirement: Some(Requirement { level, importance }) })
                                })
                            };
                            html! {
                                <tr key={s.id.to_string()} class={classes!(req.is_none().then_some("not-required"))}>
                                    <th scope="row"><AppLink to={Route::Skill { id: s.id.to_string() }}>{ s.name.clone() }</AppLink></th>
                                    <td>
                                        <label class="sr-only" for={level_id.clone()}>{ format!("Required level of {}", s.name) }</label>
                                        <InlineSelect id={level_id} options={req_options.clone()} value={req.map(|q| q.level.to_string()).unwrap_or_default()} on_commit={on_level} />
                                    </td>
                                    <td>
                                        if req.is_some() {
                                            <label class="sr-only" for={imp_id.clone()}>{ format!("Importance of {}", s.name) }</label>
                                            <InlineSelect id={imp_id} options={imp_options.clone()} value={req.map(|q| q.importance.to_string()).unwrap_or_default()} on_commit={on_imp} />
                                        } else {
                                            <span class="muted">{ "—" }</span>
                                        }
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </section>

            <div class="actions">
                <span class="spacer"></span>
                if people > 0 {
                    <p class="hint">{ format!("{people} assessed {} this role, so it cannot be deleted.", if people == 1 { "person holds" } else { "people hold" }) }</p>
                }
                <button type="button" class="btn danger" onclick={on_delete} disabled={people > 0}>{ "Delete role" }</button>
            </div>
        </article>
    }
}

/// A number without a trailing ".0".
fn trim_num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 { format!("{r:.0}") } else { format!("{r}") }
}

#[derive(Properties, PartialEq)]
struct InlineSelectProps {
    id: String,
    options: Vec<(AttrValue, AttrValue)>,
    value: String,
    on_commit: Callback<String, Option<String>>,
}

/// A bare select for table cells; its label is given outside.
#[component]
fn InlineSelect(p: &InlineSelectProps) -> Html {
    let app = use_app();
    let node = use_node_ref();
    use_selected_value(node.clone(), p.value.clone());
    let onchange = {
        let (cb, app) = (p.on_commit.clone(), app.clone());
        Callback::from(move |e: Event| {
            if let Some(err) = cb.emit(e.target_unchecked_into::<HtmlSelectElement>().value()) {
                app.say_error(err);
            }
        })
    };
    html! {
        <select id={p.id.clone()} ref={node} {onchange}>
            { for p.options.iter().map(|(v, l)| html! { <option value={v.clone()} selected={v.as_str() == p.value}>{ l.clone() }</option> }) }
        </select>
    }
}

