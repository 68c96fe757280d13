//! The skill library: browse skills by category, add one, and edit its description, SERVQUAL weights and
//! the text of each proficiency level.

use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use super::super::components::fields::{Field, Kind};
use super::super::context::use_app;
use super::super::{use_title, AppLink, Route};
use crate::domain::model::servqual_weight_label;
use crate::domain::{Command, Dimension, SkillFields, SkillId, MAX_SERVQUAL_WEIGHT};

#[derive(Properties, PartialEq)]
pub struct SkillsPageProps {
    pub selected: Option<String>,
}

/// The skill library page; `selected` is the skill open in the editor.
#[component]
pub fn SkillsPage(p: &SkillsPageProps) -> Html {
    let app = use_app();
    let ws = app.ws();
    let filter = use_state(String::new);
    let selected = p.selected.as_ref().and_then(|id| ws.skill(&SkillId(id.clone())).cloned());
    use_title(match &selected {
        Some(s) => format!("{} – Skill library", s.name),
        None => "Skill library".into(),
    });

    let needle = filter.to_lowercase();
    let visible: Vec<_> = ws
        .skills
        .iter()
        .filter(|s| needle.is_empty() || s.name.to_lowercase().contains(&needle) || s.category.to_lowercase().contains(&needle))
        .collect();
    let categories = ws.categories();
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| filter.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };

    html! {
        <section class="page" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">{ "Skill library" }</h1>
                <p class="lead">{ format!("{} relationship-marketing skills in {} categories. Each skill says which SERVQUAL dimensions it serves and what every level of the scale looks like.", ws.skills.len(), categories.len()) }</p>
            </div>
            <div class={classes!("split", selected.is_some().then_some("has-selection"))}>
            <div class="list-pane">
                <AddSkill />
                <div class="field compact">
                    <label for="skill-filter">{ "Filter skills" }</label>
                    <input id="skill-filter" type="search" value={(*filter).clone()} oninput={on_filter} placeholder="Name or category" />
                </div>
                <nav aria-label="Skills" class="item-list">
                    if visible.is_empty() {
                        <p class="empty">{ if ws.skills.is_empty() { "No skills yet: add the first one above." } else { "No skill matches the filter." } }</p>
                    }
                    { for categories.iter().filter(|c| visible.iter().any(|s| &&s.category == c)).map(|c| html! {
                        <div class="group" key={c.clone()}>
                            <h2 class="group-title">{ c.clone() }</h2>
                            <ul>
                                { for visible.iter().filter(|s| &s.category == c).map(|s| {
                                    let current = selected.as_ref().is_some_and(|x| x.id == s.id);
                                    let n = ws.roles_requiring(&s.id);
                                    html! {
                                        <li key={s.id.to_string()}>
                                            <AppLink to={Route::Skill { id: s.id.to_string() }} {current} class="item">
                                                <span class="item-name">{ s.name.clone() }</span>
                                                <span class="item-meta">{ format!("{n} role{}", if n == 1 { "" } else { "s" }) }</span>
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
                if let Some(s) = selected {
                    <SkillEditor id={s.id.to_string()} key={s.id.to_string()} />
                } else if p.selected.is_some() {
                    <div class="placeholder"><h2>{ "Skill not found" }</h2><p>{ "It may have been deleted. Choose another skill from the list." }</p></div>
                } else {
                    <div class="placeholder"><h2>{ "Choose a skill" }</h2><p>{ "Pick a skill from the list to edit its description, SERVQUAL weights and level descriptions, or add a new one." }</p></div>
                }
            </div>
            </div>
        </section>
    }
}

/// The "Add a skill" form.
#[component]
fn AddSkill() -> Html {
    let app = use_app();
    let nav = use_navigator();
    let name = use_state(String::new);
    let category = use_state(String::new);
    let error = use_state(|| None::<String>);
    let ws = app.ws();
    let onsubmit = {
        let (app, name, category, error) = (app.clone(), name.clone(), category.clone(), error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let cmd = Command::AddSkill { name: (*name).clone(), category: (*category).clone() };
            match app.run_with(cmd, Some(format!("Added skill \u{201c}{}\u{201d}.", name.trim()))) {
                Ok(applied) => {
                    name.set(String::new());
                    error.set(None);
                    if let (Some(id), Some(nav)) = (applied.created, &nav) {
                        nav.push(&Route::Skill { id });
                    }
                }
                Err(e) => error.set(Some(super::super::state::capitalise(&e.to_string()))),
            }
        })
    };
    let set = |h: UseStateHandle<String>| Callback::from(move |e: InputEvent| h.set(e.target_unchecked_into::<HtmlInputElement>().value()));
    html! {
        <form class="add-form" onsubmit={onsubmit} aria-labelledby="add-skill-title">
            <h2 id="add-skill-title">{ "Add a skill" }</h2>
            <div class="row">
                <div class="field">
                    <label for="new-skill-name">{ "Name" }</label>
                    <input id="new-skill-name" value={(*name).clone()} oninput={set(name.clone())} required=true
                        aria-invalid={error.is_some().then_some("true")} aria-describedby={error.is_some().then_some("add-skill-err")} />
                </div>
                <div class="field">
                    <label for="new-skill-category">{ "Category" }</label>
                    <input id="new-skill-category" list="skill-categories" value={(*category).clone()} oninput={set(category.clone())} required=true />
                    <datalist id="skill-categories">
                        { for ws.categories().into_iter().map(|c| html! { <option value={c} /> }) }
                    </datalist>
                </div>
                <button type="submit" class="btn primary">{ "Add skill" }</button>
            </div>
            if let Some(e) = &*error { <p class="field-error" id="add-skill-err">{ e.clone() }</p> }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    id: String,
}

/// Edits one skill.
#[component]
fn SkillEditor(p: &EditorProps) -> Html {
    let app = use_app();
    let nav = use_navigator();
    let ws = app.ws();
    let id = SkillId(p.id.clone());
    let Some(skill) = ws.skill(&id).cloned() else { return html! {} };
    let fields = SkillFields::of(&skill);

    let commit_fields = |f: fn(&mut SkillFields, String)| {
        let (app, id, fields) = (app.clone(), id.clone(), fields.clone());
        Callback::from(move |v: String| {
            let mut fields = fields.clone();
            f(&mut fields, v);
            app.refusal(Command::UpdateSkill { id: id.clone(), fields })
        })
    };
    let weight_options: Vec<(AttrValue, AttrValue)> = (0..=MAX_SERVQUAL_WEIGHT)
        .map(|w| (w.to_string().into(), format!("{w} – {}", servqual_weight_label(w)).into()))
        .collect();
    let roles: Vec<_> = ws.roles.iter().filter_map(|r| r.requirements.get(&id).map(|q| (r, *q))).collect();
    let pos = ws.skills.iter().position(|s| s.id == id).unwrap_or(0);
    let mover = |up: bool| {
        let (app, id) = (app.clone(), id.clone());
        Callback::from(move |_| {
            app.run_announced(Command::MoveSkill { id: id.clone(), up }, if up { "Moved up." } else { "Moved down." });
        })
    };
    let on_delete = {
        let (app, id, name, nav) = (app.clone(), id.clone(), skill.name.clone(), nav.clone());
        Callback::from(move |_| {
            let msg = format!("Deleted skill \u{201c}{name}\u{201d} with its role requirements and ratings. Undo brings it back.");
            if app.run_announced(Command::DeleteSkill { id: id.clone() }, msg) {
                if let Some(nav) = &nav {
                    nav.push(&Route::Skills);
                }
            }
        })
    };

    html! {
        <article class="editor" aria-labelledby="editor-title">
            <p class="back"><AppLink to={Route::Skills}>{ "← All skills" }</AppLink></p>
            <h2 id="editor-title" class="editor-title">{ skill.name.clone() }</h2>
            <div class="grid2">
                <Field id="skill-name" label="Name" value={fields.name.clone()} required=true on_commit={commit_fields(|f, v| f.name = v)} />
                <Field id="skill-category" label="Category" value={fields.category.clone()} required=true on_commit={commit_fields(|f, v| f.category = v)} />
            </div>
            <Field id="skill-description" label="Description" kind={Kind::Area(3)} value={fields.description.clone()}
                on_commit={commit_fields(|f, v| f.description = v)} />

            <fieldset class="servqual">
                <legend>{ "SERVQUAL dimensions this skill serves" }</legend>
                <p class="hint">{ "How much the skill contributes to each dimension of service quality (0 none – 3 core), so gaps in this skill can be read as risks to those dimensions." }</p>
                <div class="grid5">
                    { for Dimension::ALL.into_iter().map(|d| {
                        let on_commit = {
                            let (app, id) = (app.clone(), id.clone());
                            Callback::from(move |v: String| {
                                let weight = v.parse().unwrap_or(0);
                                app.refusal(Command::SetSkillWeight { id: id.clone(), dimension: d, weight })
                            })
                        };
                        html! {
                            <Field id={format!("w-{}", d.label().to_lowercase())} label={d.label()} hint={Some(AttrValue::from(d.meaning()))}
                                kind={Kind::Select(weight_options.clone())} value={skill.servqual.get(d).to_string()} {on_commit} />
                        }
                    }) }
                </div>
            </fieldset>

            <fieldset class="levels">
                <legend>{ "What each level looks like" }</legend>
                <p class="hint">{ "Observable behaviour at each level of the workspace scale, so that a rating means the same to every assessor and learner." }</p>
                { for ws.scale.labels.iter().enumerate().map(|(i, label)| {
                    let level = i as u8;
                    let on_commit = {
                        let (app, id) = (app.clone(), id.clone());
                        Callback::from(move |v: String| {
                            app.refusal(Command::SetLevelText { id: id.clone(), level, text: v })
                        })
                    };
                    html! {
                        <Field id={format!("level-text-{i}")} label={format!("Level {i} – {label}")} kind={Kind::Area(2)}
                            value={skill.level_text(level).to_string()} {on_commit} />
                    }
                }) }
            </fieldset>

            <section class="used-by" aria-labelledby="used-by-title">
                <h3 id="used-by-title">{ format!("Required by {} role{}", roles.len(), if roles.len() == 1 { "" } else { "s" }) }</h3>
                if roles.is_empty() {
                    <p class="empty">{ "No role requires this skill yet. Set requirements on the Role profiles page." }</p>
                } else {
                    <ul class="chips">
                        { for roles.iter().map(|(r, q)| html! {
                            <li><AppLink to={Route::Role { id: r.id.to_string() }}>{ format!("{}: level {} ({}), importance {}", r.name, q.level, ws.scale.label(q.level), q.importance) }</AppLink></li>
                        }) }
                    </ul>
                }
            </section>

            <div class="actions">
                <button type="button" class="btn" onclick={mover(true)} disabled={pos == 0}>{ "Move up" }</button>
                <button type="button" class="btn" onclick={mover(false)} disabled={pos + 1 >= ws.skills.len()}>{ "Move down" }</button>
                <span class="spacer"></span>
                <button type="button" class="btn danger" onclick={on_delete}>{ "Delete skill" }</button>
            </div>
        </article>
    }
}
