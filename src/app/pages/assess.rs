//! Fast rating entry: a people × skills grid for one source (self, trainer or agreed) and one round date,
//! worked by keyboard alone — arrows, Home and End move, digits rate, N marks "no opportunity", Delete
//! clears, Enter goes to the next person (their first skill when ratings move right, else the same skill). Shown a page of people at a time, so thousands of people stay quick.

use std::collections::HashMap;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::super::context::use_app;
use super::super::state::WsKey;
use super::super::services::files::today;
use super::super::{use_title, AppLink, Route};
use super::{focus_after_render, focus_id, on_grid_cell};
use crate::domain::csv_io::{parse_source, source_key};
use crate::domain::gaps::{rounds, team_of};
use crate::domain::{Command, Level, Person, RoleId, Skill, Source, Workspace};

/// People per page of the grid.
pub const PAGE: usize = 25;

fn cell_id(r: usize, c: usize) -> String {
    format!("rate-{r}-{c}")
}

/// Positions in `ws.people` of the people shown, in name order, after the role and team filters.
fn people_shown(ws: &Workspace, role: &str, team: &str) -> Vec<usize> {
    let mut v: Vec<(String, usize)> = ws
        .people
        .iter()
        .enumerate()
        .filter(|(_, p)| role.is_empty() || p.role.as_str() == role)
        .filter(|(_, p)| team.is_empty() || team_of(p, ws.role(&p.role)) == team)
        .map(|(i, p)| (p.name.to_lowercase(), i))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| ws.people[a.1].id.cmp(&ws.people[b.1].id)));
    v.into_iter().map(|(_, i)| i).collect()
}

/// The skill columns: those required by the shown role, or by any role, in library order.
fn skills_shown<'a>(ws: &'a Workspace, role: &str) -> Vec<&'a Skill> {
    ws.skills
        .iter()
        .filter(|s| {
            if role.is_empty() {
                ws.roles.iter().any(|r| r.requirements.contains_key(&s.id))
            } else {
                ws.role(&RoleId(role.to_string())).is_some_and(|r| r.requirements.contains_key(&s.id))
            }
        })
        .collect()
}

/// The assessment grid page.
#[component]
pub fn AssessPage() -> Html {
    use_title("Rate".into());
    let app = use_app();
    let ws = app.ws();
    let source = use_state(|| Source::Trainer);
    let date = {
        let ws = ws.clone();
        use_state(move || rounds(&ws).pop().unwrap_or_else(today))
    };
    let role = use_state(String::new);
    let team = use_state(String::new);
    let page = use_state(|| 0usize);
    let cursor = use_state(|| (0usize, 0usize));
    let advance = use_state(|| true);

    // Everything derived from the whole workspace is memoised on its identity, so a keystroke that changes
    // nothing (or only the cursor) does not rescan every rating.
    let key = WsKey(ws.clone());
    // Positions in `ws.people`, valid for the workspace the memo is keyed on (which is `ws`).
    let order = use_memo((key.clone(), (*role).clone(), (*team).clone()), |(k, role, team)| people_shown(&k.0, role, team));
    let people: Vec<&Person> = order.iter().map(|&i| &ws.people[i]).collect();
    let skills = skills_shown(&ws, &role);
    let pages = people.len().div_ceil(PAGE).max(1);
    let pg = (*page).min(pages - 1);
    let rows: Vec<&Person> = people.iter().skip(pg * PAGE).take(PAGE).copied().collect();
    let (cr, cc) = (cursor.0.min(rows.len().saturating_sub(1)), cursor.1.min(skills.len().saturating_sub(1)));

    // The ratings of this source and round for the page's cells ([row][column]: None unrated, Some(None) no
    // opportunity), found in one pass over the ratings per workspace, source, date and page: only the
    // page's 25 people are looked up, so nothing is built for the thousands not shown.
    let shown = use_memo(
        (key.clone(), *source, (*date).clone(), (*role).clone(), order.clone(), pg),
        |(k, source, date, role, order, pg)| {
            let ws = &k.0;
            let row_of: HashMap<&str, usize> =
                order.iter().skip(pg * PAGE).take(PAGE).enumerate().map(|(r, &i)| (ws.people[i].id.as_str(), r)).collect();
            let cols = skills_shown(ws, role);
            let col_of: HashMap<&str, usize> = cols.iter().enumerate().map(|(c, s)| (s.id.as_str(), c)).collect();
            let mut cells = vec![vec![None::<Option<Level>>; cols.len()]; row_of.len()];
            for r in ws.ratings.iter().filter(|r| r.source == *source && r.date == *date) {
                if let (Some(&row), Some(&col)) = (row_of.get(r.person.as_str()), col_of.get(r.skill.as_str())) {
                    cells[row][col] = Some(r.level);
                }
            }
            cells
        },
    );

    let valid_date = crate::domain::validate::check_date("round date", &date).is_ok();
    let onkeydown = {
        let (app, cursor, advance, page) = (app.clone(), cursor.clone(), advance.clone(), page.clone());
        // The column the next page's first person starts at, when there is a next page.
        let next_page_col = people.get((pg + 1) * PAGE).map(|p| first_required(&ws, p, skills.iter().copied()));
        let rows: Vec<Person> = rows.iter().map(|p| (*p).clone()).collect();
        let skills: Vec<Skill> = skills.iter().map(|s| (*s).clone()).collect();
        let (source, date) = (*source, (*date).clone());
        let ws = ws.clone();
        Callback::from(move |e: KeyboardEvent| {
            if rows.is_empty() || skills.is_empty() || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            if !on_grid_cell(&e, "rate-") {
                return;
            }
            let (nr, nc) = (rows.len(), skills.len());
            let (r, c) = (cursor.0.min(nr - 1), cursor.1.min(nc - 1));
            let go = |pos: (usize, usize)| {
                cursor.set(pos);
                focus_id(&cell_id(pos.0, pos.1));
            };
            let key = e.key();
            // Rating along a row ("Move right after each rating"), Enter starts the next person's row at
            // their first skill, on the next page after the last person of this one; otherwise it moves
            // down the column like ↓.
            if key == "Enter" && *advance {
                e.prevent_default();
                if r + 1 < nr {
                    go((r + 1, first_required(&ws, &rows[r + 1], skills.iter())));
                } else if let Some(col) = next_page_col {
                    page.set(pg + 1);
                    cursor.set((0, col));
                    focus_after_render(&cell_id(0, col));
                }
                return;
            }
            let moved = match key.as_str() {
                "ArrowUp" => Some((r.saturating_sub(1), c)),
                "ArrowDown" | "Enter" => Some(((r + 1).min(nr - 1), c)),
                "ArrowLeft" => Some((r, c.saturating_sub(1))),
                "ArrowRight" => Some((r, (c + 1).min(nc - 1))),
                "Home" => Some((r, 0)),
                "End" => Some((r, nc - 1)),
                _ => None,
            };
            if let Some(pos) = moved {
                e.prevent_default();
                go(pos);
                return;
            }
            let person = &rows[r];
            let skill = &skills[c];
            let required = ws.role(&person.role).is_some_and(|role| role.requirements.contains_key(&skill.id));
            let set = |level: Option<Level>| -> bool {
                let who = &person.name;
                let what = match level {
                    Some(l) => format!("{l} {}", ws.scale.label(l)),
                    None => "no opportunity to show it".to_string(),
                };
                let cmd = Command::SetRating {
                    person: person.id.clone(),
                    skill: skill.id.clone(),
                    source,
                    date: date.clone(),
                    level,
                    note: String::new(),
                };
                app.run_announced(cmd, format!("{who}, {}: {} rating {what}.", skill.name, source.label().to_lowercase()))
            };
            let typed = key.chars().next().filter(|ch| key.chars().count() == 1 && ch.is_ascii_digit());
            if let Some(d) = typed {
                e.prevent_default();
                if !required {
                    app.say_error(format!("{} is not part of {}'s role profile.", skill.name, person.name));
                    return;
                }
                let level = d as u8 - b'0';
                if !ws.scale.contains(level) {
                    app.say_error(format!("Level {level} is not on the scale (0–{}).", ws.scale.max_level()));
                    return;
                }
                if set(Some(level)) && *advance && c + 1 < nc {
                    go((r, c + 1));
                }
                return;
            }
            match key.as_str() {
                "n" | "N" => {
                    e.prevent_default();
                    if !required {
                        app.say_error(format!("{} is not part of {}'s role profile.", skill.name, person.name));
                    } else if set(None) && *advance && c + 1 < nc {
                        go((r, c + 1));
                    }
                }
                "Delete" | "Backspace" => {
                    e.prevent_default();
                    if shown_has(&ws, person, skill, source, &date) {
                        let cmd = Command::ClearRating { person: person.id.clone(), skill: skill.id.clone(), source, date: date.clone() };
                        app.run_announced(cmd, format!("{}, {}: rating cleared.", person.name, skill.name));
                    }
                }
                _ => {}
            }
        })
    };

    let teams = use_memo(key.clone(), |k| {
        let ws = &k.0;
        let mut t: Vec<String> =
            ws.people.iter().map(|p| team_of(p, ws.role(&p.role)).to_string()).filter(|t| !t.is_empty()).collect();
        t.sort();
        t.dedup();
        t
    });
    let on_source = {
        let source = source.clone();
        Callback::from(move |e: Event| source.set(parse_source(&e.target_unchecked_into::<HtmlSelectElement>().value()).unwrap_or(Source::Trainer)))
    };
    let on_date = {
        let date = date.clone();
        Callback::from(move |e: Event| date.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_role = {
        let (role, page, cursor) = (role.clone(), page.clone(), cursor.clone());
        Callback::from(move |e: Event| {
            role.set(e.target_unchecked_into::<HtmlSelectElement>().value());
            page.set(0);
            cursor.set((0, 0));
        })
    };
    let on_team = {
        let (team, page, cursor) = (team.clone(), page.clone(), cursor.clone());
        Callback::from(move |e: Event| {
            team.set(e.target_unchecked_into::<HtmlSelectElement>().value());
            page.set(0);
            cursor.set((0, 0));
        })
    };
    let on_advance = {
        let advance = advance.clone();
        Callback::from(move |e: Event| advance.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let turn = |delta: isize| {
        let (page, cursor) = (page.clone(), cursor.clone());
        Callback::from(move |_| {
            let p = (pg as isize + delta).clamp(0, pages as isize - 1) as usize;
            page.set(p);
            cursor.set((0, 0));
        })
    };
    let round_list = use_memo(key.clone(), |k| rounds(&k.0));

    html! {
        <section class="page" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">{ "Rate" }</h1>
                <p class="lead">{ "Enter one round of ratings quickly. Pick whose view you are recording — the learner's own, the trainer's, or the level agreed in conversation — and the round's date. Each view is kept separately and never averaged." }</p>
            </div>
            if ws.people.is_empty() {
                <p class="empty">{ "No people yet. " }<AppLink to={Route::People}>{ "Add people" }</AppLink>{ " or import them from a CSV file on the Data page." }</p>
            } else {
                <div class="grid-tools">
                    <div class="field compact">
                        <label for="rate-source">{ "Rating source" }</label>
                        <select id="rate-source" onchange={on_source}>
                            { for Source::ALL.into_iter().map(|s| html! {
                                <option value={source_key(s)} selected={s == *source}>{ match s {
                                    Source::SelfRating => "Self (learner's own view)",
                                    Source::Trainer => "Trainer / manager",
                                    Source::Agreed => "Agreed in conversation",
                                } }</option>
                            }) }
                        </select>
                    </div>
                    <div class="field compact">
                        <label for="rate-date">{ "Round date" }</label>
                        <input id="rate-date" type="date" value={(*date).clone()} onchange={on_date} list="rate-rounds"
                            aria-invalid={(!valid_date).then_some("true")} aria-describedby="rate-date-hint" />
                        <datalist id="rate-rounds">{ for round_list.iter().map(|d| html! { <option value={d.clone()} /> }) }</datalist>
                        <p class="hint" id="rate-date-hint">{ format!("Rounds so far: {}.", if round_list.is_empty() { "none".to_string() } else { round_list.join(", ") }) }</p>
                    </div>
                    <div class="field compact">
                        <label for="rate-role">{ "Role" }</label>
                        <select id="rate-role" onchange={on_role}>
                            <option value="" selected={role.is_empty()}>{ "All roles" }</option>
                            { for ws.roles.iter().map(|r| html! { <option value={r.id.to_string()} selected={*role == r.id.0}>{ r.name.clone() }</option> }) }
                        </select>
                    </div>
                    <div class="field compact">
                        <label for="rate-team">{ "Team" }</label>
                        <select id="rate-team" onchange={on_team}>
                            <option value="" selected={team.is_empty()}>{ "All teams" }</option>
                            { for teams.iter().map(|t| html! { <option value={t.clone()} selected={*team == *t}>{ t.clone() }</option> }) }
                        </select>
                    </div>
                    <label class="check"><input type="checkbox" checked={*advance} onchange={on_advance} />{ " Move right after each rating" }</label>
                </div>
                <p class="hint keys-line">
                    <kbd>{ "←↑→↓" }</kbd>{ " move · " }<kbd>{ format!("0–{}", ws.scale.max_level()) }</kbd>{ " rate · " }
                    <kbd>{ "Home" }</kbd>{ " / " }<kbd>{ "End" }</kbd>{ " first / last skill · " }
                    <kbd>{ "N" }</kbd>{ " no opportunity to show it · " }<kbd>{ "Delete" }</kbd>{ " clear · " }<kbd>{ "Enter" }</kbd>
                    { if *advance { " next person, first skill" } else { " next person, same skill" } }
                </p>
                <ul class="legend rate-legend" aria-label="Cell colours">
                    <li><span class="swatch rate-cell meets" aria-hidden="true">{ "3" }</span>{ "meets the role's required level" }</li>
                    <li><span class="swatch rate-cell below" aria-hidden="true">{ "1" }</span>{ "below it" }</li>
                    <li><span class="swatch rate-cell" aria-hidden="true">{ "n/o" }</span>{ "no opportunity to show it" }</li>
                    <li><span class="swatch rate-cell na" aria-hidden="true">{ "—" }</span>{ "not in the person's role profile" }</li>
                </ul>
                if !valid_date {
                    <p class="field-error">{ "Choose a valid round date (YYYY-MM-DD) before rating." }</p>
                }
                if rows.is_empty() || skills.is_empty() {
                    <p class="empty">{ "Nobody matches these filters, or their role requires no skills." }</p>
                } else {
                    <div class="matrix-scroll rate-scroll">
                        <table class="matrix rate" aria-describedby="rate-help" onkeydown={valid_date.then_some(onkeydown)}>
                            <caption id="rate-help" class="sr-only">{ format!("{} ratings for the round of {}. Arrow keys, Home and End move, digits rate, N marks no opportunity, Delete clears, Enter goes to the next person.", source.label(), *date) }</caption>
                            <thead>
                                <tr>
                                    <th scope="col" class="corner">{ "Person" }</th>
                                    { for skills.iter().map(|s| html! { <th scope="col" class="skill-col"><span>{ s.name.clone() }</span></th> }) }
                                </tr>
                            </thead>
                            <tbody>
                                { for rows.iter().enumerate().map(|(r, p)| {
                                    let role = ws.role(&p.role);
                                    html! {
                                        <tr key={p.id.to_string()}>
                                            <th scope="row" class="skill-head">
                                                <AppLink to={Route::Person { id: p.id.to_string() }}>{ p.name.clone() }</AppLink>
                                                <span class="row-meta">{ role.map(|r| r.name.clone()).unwrap_or_default() }</span>
                                            </th>
                                            { for skills.iter().enumerate().map(|(c, s)| {
                                                let req = role.and_then(|r| r.requirements.get(&s.id)).copied();
                                                let val = shown.get(r).and_then(|row| row.get(c)).copied().flatten();
                                                let is_cur = (r, c) == (cr, cc);
                                                let onfocus = {
                                                    let cursor = cursor.clone();
                                                    Callback::from(move |_| cursor.set((r, c)))
                                                };
                                                let (text, sr) = match (req, val) {
                                                    (None, _) => ("—".to_string(), "not in this person's role profile".to_string()),
                                                    (Some(_), None) => ("".to_string(), "not rated".to_string()),
                                                    (Some(_), Some(None)) => ("n/o".to_string(), "no opportunity to show it".to_string()),
                                                    (Some(_), Some(Some(l))) => (l.to_string(), format!("{l} {}", ws.scale.label(l))),
                                                };
                                                let need = req.map(|q| format!(", requires {}", q.level)).unwrap_or_default();
                                                let gap = match (req, val) {
                                                    (Some(q), Some(Some(l))) if l < q.level => Some("below"),
                                                    (Some(_), Some(Some(_))) => Some("meets"),
                                                    _ => None,
                                                };
                                                html! {
                                                    <td>
                                                        <button type="button" id={cell_id(r, c)} tabindex={if is_cur { "0" } else { "-1" }} {onfocus}
                                                            class={classes!("cell", "rate-cell", req.is_none().then_some("na"), gap, is_cur.then_some("current"))}>
                                                            <span aria-hidden="true">{ text }</span>
                                                            <span class="sr-only">{ format!("{}, {}: {sr}{need}", p.name, s.name) }</span>
                                                        </button>
                                                    </td>
                                                }
                                            }) }
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                    <nav class="pager" aria-label="Pages of people">
                        <button type="button" class="btn" onclick={turn(-1)} disabled={pg == 0}>{ "← Previous" }</button>
                        <span>{ format!("People {}–{} of {} · page {} of {pages}", pg * PAGE + 1, pg * PAGE + rows.len(), people.len(), pg + 1) }</span>
                        <button type="button" class="btn" onclick={turn(1)} disabled={pg + 1 >= pages}>{ "Next →" }</button>
                    </nav>
                }
            }
        </section>
    }
}

/// The column of the first skill that `person`'s role requires (0 if none does).
fn first_required<'a>(ws: &Workspace, person: &Person, skills: impl IntoIterator<Item = &'a Skill>) -> usize {
    let role = ws.role(&person.role);
    skills.into_iter().position(|s| role.is_some_and(|r| r.requirements.contains_key(&s.id))).unwrap_or(0)
}

fn shown_has(ws: &Workspace, person: &Person, skill: &Skill, source: Source, date: &str) -> bool {
    ws.ratings.iter().any(|r| r.person == person.id && r.skill == skill.id && r.source == source && r.date == date)
}
