//! The role profile matrix: every skill against every role, showing the required level (colour and number)
//! and importance (dots and words). Fully keyboard-driven: arrows move, digits set a level, + and − change
//! importance, Delete clears, Enter opens the cell in the editor beside the grid.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::super::components::fields::{Field, Kind};
use super::super::context::use_app;
use super::super::{use_title, AppLink, Route};
use super::{focus_id, importance_label, importance_options, on_grid_cell, requirement_options};
use crate::domain::{Command, ContactLevel, Requirement, Role, Skill, Workspace};

/// Which roles the matrix shows.
fn contact_filter_options() -> Vec<(String, String)> {
    let mut v = vec![("all".to_string(), "All roles".to_string())];
    v.extend(ContactLevel::ALL.into_iter().map(|c| (c.key().to_string(), format!("{} only", c.label()))));
    v
}

/// Colour band (0–4) of a level on a scale of any size.
fn band(level: u8, max: u8) -> u8 {
    if max == 0 {
        return 0;
    }
    ((level as u32 * 4 + max as u32 / 2) / max as u32) as u8
}

/// The skills grouped by category (categories in order of first appearance), as the rows are drawn.
fn display_order(ws: &Workspace) -> Vec<&Skill> {
    ws.categories().iter().flat_map(|c| ws.skills.iter().filter(move |s| &s.category == c)).collect()
}

/// `n` importance dots.
fn dots(n: u8) -> String {
    "●".repeat(n as usize)
}

fn cell_id(r: usize, c: usize) -> String {
    format!("cell-{r}-{c}")
}

fn describe(ws: &Workspace, role: &Role, skill: &Skill) -> String {
    match role.requirements.get(&skill.id) {
        Some(q) => format!(
            "{} for {}: level {} {}, importance {} {}",
            skill.name,
            role.name,
            q.level,
            ws.scale.label(q.level),
            q.importance,
            importance_label(q.importance)
        ),
        None => format!("{} for {}: not required", skill.name, role.name),
    }
}

/// The matrix page.
#[component]
pub fn MatrixPage() -> Html {
    use_title("Role profiles".into());
    let app = use_app();
    let ws = app.ws();
    let contact = use_state(|| "all".to_string());
    let cursor = use_state(|| (0usize, 0usize));
    let roles: Vec<&Role> = ws
        .roles
        .iter()
        .filter(|r| contact.as_str() == "all" || r.contact.key() == contact.as_str())
        .collect();
    // Rows in display order (grouped by category), so arrow keys follow what is on screen.
    let skills = display_order(&ws);
    let (cr, cc) = (
        cursor.0.min(skills.len().saturating_sub(1)),
        cursor.1.min(roles.len().saturating_sub(1)),
    );
    let max = ws.scale.max_level();

    let set_req = {
        let app = app.clone();
        move |role: &Role, skill: &Skill, requirement: Option<Requirement>| {
            let done = match requirement {
                Some(q) => format!(
                    "{} × {}: level {} ({}), importance {}.",
                    role.name,
                    skill.name,
                    q.level,
                    app.ws().scale.label(q.level),
                    q.importance
                ),
                None => format!("{} × {}: not required.", role.name, skill.name),
            };
            app.run_announced(Command::SetRequirement { role: role.id.clone(), skill: skill.id.clone(), requirement }, done);
        }
    };

    let onkeydown = {
        let (cursor, ws, set_req) = (cursor.clone(), ws.clone(), set_req.clone());
        let roles: Vec<Role> = roles.iter().map(|r| (*r).clone()).collect();
        let skills: Vec<Skill> = skills.iter().map(|s| (*s).clone()).collect();
        Callback::from(move |e: KeyboardEvent| {
            if roles.is_empty() || skills.is_empty() || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            if !on_grid_cell(&e, "cell-") {
                return;
            }
            let (rows, cols) = (skills.len(), roles.len());
            let (r, c) = (cursor.0.min(rows - 1), cursor.1.min(cols - 1));
            let moved = match e.key().as_str() {
                "ArrowUp" => Some((r.saturating_sub(1), c)),
                "ArrowDown" => Some(((r + 1).min(rows - 1), c)),
                "ArrowLeft" => Some((r, c.saturating_sub(1))),
                "ArrowRight" => Some((r, (c + 1).min(cols - 1))),
                "Home" => Some((r, 0)),
                "End" => Some((r, cols - 1)),
                "PageUp" => Some((r.saturating_sub(5), c)),
                "PageDown" => Some(((r + 5).min(rows - 1), c)),
                _ => None,
            };
            if let Some(pos) = moved {
                e.prevent_default();
                cursor.set(pos);
                focus_id(&cell_id(pos.0, pos.1));
                return;
            }
            let role = &roles[c];
            let skill = &skills[r];
            let cur = role.requirements.get(&skill.id).copied();
            let key = e.key();
            if let Some(d) = key.chars().next().filter(|ch| key.len() == 1 && ch.is_ascii_digit()) {
                e.prevent_default();
                let level = d as u8 - b'0';
                if ws.scale.contains(level) {
                    set_req(role, skill, Some(Requirement { level, importance: cur.map(|q| q.importance).unwrap_or(3) }));
                }
                return;
            }
            match key.as_str() {
                "Delete" | "Backspace" => {
                    e.prevent_default();
                    set_req(role, skill, None);
                }
                "+" | "=" | "-" | "_" => {
                    e.prevent_default();
                    if let Some(q) = cur {
                        let up = key == "+" || key == "=";
                        let importance = if up { (q.importance + 1).min(5) } else { q.importance.saturating_sub(1).max(1) };
                        set_req(role, skill, Some(Requirement { importance, ..q }));
                    }
                }
                "Enter" => {
                    e.prevent_default();
                    focus_id("cell-level");
                }
                _ => {}
            }
        })
    };

    let on_contact = {
        let (contact, cursor) = (contact.clone(), cursor.clone());
        Callback::from(move |e: Event| {
            contact.set(e.target_unchecked_into::<HtmlSelectElement>().value());
            cursor.set((0, 0));
        })
    };

    let mut body = Vec::new();
    for cat in &ws.categories() {
        body.push(html! {
            <tr class="cat-row" key={format!("cat-{cat}")}>
                <th scope="colgroup" colspan={(roles.len() + 1).to_string()}>{ cat.clone() }</th>
            </tr>
        });
        for (r, skill) in skills.iter().enumerate().filter(|(_, s)| &s.category == cat) {
            body.push(html! {
                <tr key={skill.id.to_string()}>
                    <th scope="row" class="skill-head"><AppLink to={Route::Skill { id: skill.id.to_string() }}>{ skill.name.clone() }</AppLink></th>
                    { for roles.iter().enumerate().map(|(c, role)| {
                        let q = role.requirements.get(&skill.id).copied();
                        let onclick = {
                            let cursor = cursor.clone();
                            Callback::from(move |_| cursor.set((r, c)))
                        };
                        let onfocus = {
                            let cursor = cursor.clone();
                            Callback::from(move |_| cursor.set((r, c)))
                        };
                        let is_cur = (r, c) == (cr, cc);
                        let class = match q {
                            Some(q) => classes!("cell", format!("band-{}", band(q.level, max)), is_cur.then_some("current")),
                            None => classes!("cell", "none", is_cur.then_some("current")),
                        };
                        html! {
                            <td>
                                <button type="button" id={cell_id(r, c)} {class} tabindex={if is_cur { "0" } else { "-1" }} {onclick} {onfocus}>
                                    if let Some(q) = q {
                                        <span class="lvl" aria-hidden="true">{ q.level }</span>
                                        <span class="imp" aria-hidden="true">{ dots(q.importance) }<span class="imp-off">{ dots(5 - q.importance) }</span></span>
                                    } else {
                                        <span class="lvl" aria-hidden="true">{ "·" }</span>
                                    }
                                    <span class="sr-only">{ describe(&ws, role, skill) }</span>
                                </button>
                            </td>
                        }
                    }) }
                </tr>
            });
        }
    }
    // Skills in no listed category cannot happen: categories() covers every skill.

    let selected = (!roles.is_empty() && !skills.is_empty()).then(|| (roles[cc].clone(), skills[cr].clone()));

    html! {
        <section class="page" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">{ "Role profiles" }</h1>
                <p class="lead">{ "The level each role needs of each skill, and how much it matters. Darker means a higher level; dots show importance (1–5)." }</p>
            </div>
            if ws.roles.is_empty() || ws.skills.is_empty() {
                <p class="empty">
                    { "The matrix needs at least one role and one skill. " }
                    <AppLink to={Route::Skills}>{ "Add skills" }</AppLink>{ " or " }<AppLink to={Route::Roles}>{ "add roles" }</AppLink>{ "." }
                </p>
            } else {
                <div class="matrix-tools">
                    <div class="field compact">
                        <label for="contact-filter">{ "Roles shown" }</label>
                        <select id="contact-filter" onchange={on_contact}>
                            { for contact_filter_options().into_iter().map(|(v, l)| html! { <option value={v.clone()} selected={*contact == v}>{ l }</option> }) }
                        </select>
                    </div>
                    <details class="keys">
                        <summary>{ "Keyboard" }</summary>
                        <ul>
                            <li><kbd>{ "←↑→↓" }</kbd>{ " move between cells; " }<kbd>{ "Home" }</kbd>{ " / " }<kbd>{ "End" }</kbd>{ " first or last role" }</li>
                            <li><kbd>{ format!("0–{max}") }</kbd>{ " set the required level" }</li>
                            <li><kbd>{ "+" }</kbd>{ " / " }<kbd>{ "−" }</kbd>{ " raise or lower importance" }</li>
                            <li><kbd>{ "Delete" }</kbd>{ " mark not required" }</li>
                            <li><kbd>{ "Enter" }</kbd>{ " edit the cell in the panel" }</li>
                        </ul>
                    </details>
                    <Legend />
                </div>
                if roles.is_empty() {
                    <p class="empty">{ "No role has that level of customer contact." }</p>
                } else {
                    <div class="matrix-layout">
                        <div class="matrix-scroll">
                            <table class="matrix" aria-describedby="matrix-help" {onkeydown}>
                                <caption id="matrix-help" class="sr-only">{ "Role profile matrix. Use arrow keys to move between cells, digits to set the required level, plus and minus for importance, Delete to clear." }</caption>
                                <thead>
                                    <tr>
                                        <th scope="col" class="corner">{ "Skill" }</th>
                                        { for roles.iter().map(|r| html! {
                                            <th scope="col" class="role-head">
                                                <AppLink to={Route::Role { id: r.id.to_string() }}>{ r.name.clone() }</AppLink>
                                                <span class={classes!("badge", r.contact.key())}>{ r.contact.short() }{ " contact" }</span>
                                            </th>
                                        }) }
                                    </tr>
                                </thead>
                                <tbody>{ for body }</tbody>
                                <tfoot>
                                    <tr>
                                        <th scope="row">{ "Skills required" }</th>
                                        { for roles.iter().map(|r| html! { <td class="sum">{ r.requirements.len() }</td> }) }
                                    </tr>
                                </tfoot>
                            </table>
                        </div>
                        if let Some((role, skill)) = selected {
                            <CellEditor role={role} skill={skill} />
                        }
                    </div>
                }
            }
        </section>
    }
}

/// What the colours and dots mean.
#[component]
fn Legend() -> Html {
    let app = use_app();
    let ws = app.ws();
    let max = ws.scale.max_level();
    html! {
        <div class="legend" aria-label="Legend">
            <span class="legend-title">{ "Required level:" }</span>
            <ul>
                { for ws.scale.labels.iter().enumerate().map(|(i, l)| html! {
                    <li><span class={classes!("swatch", format!("band-{}", band(i as u8, max)))} aria-hidden="true">{ i }</span>{ l.clone() }</li>
                }) }
                <li><span class="swatch none" aria-hidden="true">{ "·" }</span>{ "Not required" }</li>
            </ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CellEditorProps {
    role: Role,
    skill: Skill,
}

/// Edits the selected cell with labelled controls, and shows what the required level means for this skill.
#[component]
fn CellEditor(p: &CellEditorProps) -> Html {
    let app = use_app();
    let ws = app.ws();
    let q = p.role.requirements.get(&p.skill.id).copied();
    let on_level = {
        let (app, role, skill) = (app.clone(), p.role.id.clone(), p.skill.id.clone());
        Callback::from(move |v: String| {
            let requirement = v.parse::<u8>().ok().map(|level| Requirement { level, importance: q.map(|q| q.importance).unwrap_or(3) });
            app.refusal(Command::SetRequirement { role: role.clone(), skill: skill.clone(), requirement })
        })
    };
    let on_importance = {
        let (app, role, skill) = (app.clone(), p.role.id.clone(), p.skill.id.clone());
        Callback::from(move |v: String| {
            let importance = v.parse::<u8>().ok()?;
            let level = q?.level;
            app.refusal(Command::SetRequirement { role: role.clone(), skill: skill.clone(), requirement: Some(Requirement { level, importance }) })
        })
    };
    html! {
        <aside class="cell-editor" aria-labelledby="cell-title">
            <h2 id="cell-title">{ "Selected cell" }</h2>
            <p class="cell-where"><strong>{ p.role.name.clone() }</strong>{ " needs " }<strong>{ p.skill.name.clone() }</strong></p>
            <Field id="cell-level" label="Required level" kind={Kind::Select(requirement_options(&ws.scale))}
                value={q.map(|q| q.level.to_string()).unwrap_or_default()} on_commit={on_level} />
            if q.is_some() {
                <Field id="cell-importance" label="Importance" kind={Kind::Select(importance_options())}
                    value={q.map(|q| q.importance.to_string()).unwrap_or_default()} on_commit={on_importance} />
            }
            if let Some(q) = q {
                if !p.skill.level_text(q.level).is_empty() {
                    <div class="level-text">
                        <h3>{ format!("Level {} – {}", q.level, ws.scale.label(q.level)) }</h3>
                        <p>{ p.skill.level_text(q.level).to_string() }</p>
                    </div>
                }
            }
        </aside>
    }
}
