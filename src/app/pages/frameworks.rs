//! Skill frameworks on the trainer's pages: the Data page's "Import a skill framework" and "Export the skill
//! library", and the Roles page's "Start from an O*NET occupation". Every import shows its plan (new and
//! matched skills, categories, level texts, the role profile, what is skipped and why) and changes nothing
//! until the trainer imports; the import is one `Command::Replace`, so one undo step.
//!
//! Reading and planning are domain functions (`domain::frameworks`); this module only reads the chosen
//! files, keeps the trainer's choices and shows the plan.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::super::context::use_app;
use super::super::services::files::{download, today};
use super::super::state::{capitalise, WsKey};
use super::focus_after_render;
use crate::domain::frameworks::plan::{importance_anchor, plan, Match, Plan, PlanOptions, DEFAULT_MIN_IMPORTANCE};
use crate::domain::frameworks::{case, moodle, read_all, templates, Format, Framework};
use crate::domain::Command;

/// How many rows each table of a plan shows; the rest are counted.
const SHOWN: usize = 100;

/// A framework compared by identity.
#[derive(Clone)]
struct FwKey(Rc<Framework>);

impl PartialEq for FwKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Files read as bytes, all of one choice.
struct Chosen {
    batch: u64,
    files: Vec<(String, Option<Result<Vec<u8>, String>>)>,
}

#[derive(Properties, PartialEq)]
struct FilesProps {
    id: AttrValue,
    label: AttrValue,
    hint: AttrValue,
    /// Called once every chosen file has been read: their names and bytes, or the first that failed.
    on_read: Callback<Result<Vec<(String, Vec<u8>)>, String>>,
}

/// A labelled file input for one or more files, read as bytes.
#[component]
fn FilesInput(p: &FilesProps) -> Html {
    let chosen: Rc<RefCell<Chosen>> = use_mut_ref(|| Chosen { batch: 0, files: Vec::new() });
    let readers: Rc<RefCell<Vec<FileReader>>> = use_mut_ref(Vec::new);
    let onchange = {
        let (chosen, readers, on_read) = (chosen.clone(), readers.clone(), p.on_read.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else { return };
            let batch = {
                let mut c = chosen.borrow_mut();
                c.batch += 1;
                c.files.clear();
                c.batch
            };
            readers.borrow_mut().clear();
            let files: Vec<gloo::file::File> = (0..list.length()).filter_map(|i| list.get(i)).map(gloo::file::File::from).collect();
            input.set_value("");
            if files.is_empty() {
                return;
            }
            chosen.borrow_mut().files = files.iter().map(|f| (f.name(), None)).collect();
            for (i, file) in files.iter().enumerate() {
                let (chosen, on_read) = (chosen.clone(), on_read.clone());
                let name = file.name();
                let reader = gloo::file::callbacks::read_as_bytes(file, move |res| {
                    let mut c = chosen.borrow_mut();
                    if c.batch != batch {
                        return;
                    }
                    c.files[i].1 = Some(res.map_err(|e| format!("{name}: could not be read ({e})")));
                    if c.files.iter().all(|f| f.1.is_some()) {
                        let files = std::mem::take(&mut c.files);
                        drop(c);
                        let mut out = Vec::new();
                        for (name, bytes) in files {
                            match bytes.expect("every file was read") {
                                Ok(b) => out.push((name, b)),
                                Err(e) => return on_read.emit(Err(e)),
                            }
                        }
                        on_read.emit(Ok(out));
                    }
                });
                readers.borrow_mut().push(reader);
            }
        })
    };
    let hint_id = format!("{}-hint", p.id);
    html! {
        <div class="field">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <input id={p.id.clone()} type="file" multiple=true {onchange} aria-describedby={hint_id.clone()}
                accept=".csv,.txt,.tsv,.json,text/csv,text/plain,application/json" />
            <p class="hint" id={hint_id}>{ p.hint.clone() }</p>
        </div>
    }
}

/// "1 skill", "3 skills".
fn skills(n: usize) -> String {
    if n == 1 {
        "1 skill".into()
    } else {
        format!("{n} skills")
    }
}

/// The Data page's section: read a framework file, see the plan, import it.
#[component]
pub fn FrameworkImport() -> Html {
    let framework = use_state(|| None::<FwKey>);
    let errors = use_state(Vec::<String>::new);
    let on_read = {
        let (framework, errors) = (framework.clone(), errors.clone());
        Callback::from(move |res: Result<Vec<(String, Vec<u8>)>, String>| match res.map(|files| read_all(&files)) {
            Err(e) => {
                framework.set(None);
                errors.set(vec![e]);
            }
            Ok(Err(list)) => {
                framework.set(None);
                errors.set(list.iter().map(|e| e.to_string()).collect());
            }
            Ok(Ok(fw)) => {
                errors.set(Vec::new());
                framework.set(Some(FwKey(Rc::new(fw))));
                focus_after_render("fw-plan-title");
            }
        })
    };
    let on_done = {
        let framework = framework.clone();
        Callback::from(move |_: ()| {
            framework.set(None);
            focus_after_render("fw-files");
        })
    };
    html! {
        <section class="card" aria-labelledby="fw-title">
            <h2 id="fw-title">{ "Import a skill framework" }</h2>
            <p>{ "Start from the framework you already have: a Moodle competency framework (CSV), a 1EdTech CASE package (JSON), \
                  ESCO skills (CSV), an O*NET occupation's Skills, Knowledge and Abilities files, or Open Skills Network Rich \
                  Skill Descriptors (JSON or batch CSV). The format is found from the file itself. You see what the import \
                  would do before anything changes; a skill imported before is updated, not added twice." }</p>
            <FilesInput id="fw-files" label="Framework files" on_read={on_read}
                hint="One file, or several of one format at once (such as an occupation's O*NET files). Nothing changes until you import." />
            if !errors.is_empty() {
                <div class="notice error" role="alert">
                    <strong>{ "This file cannot be imported, and nothing was changed:" }</strong>
                    <ul class="error-list">{ for errors.iter().map(|e| html! { <li>{ e.clone() }</li> }) }</ul>
                </div>
            }
            if let Some(fw) = &*framework {
                <PlanPanel framework={fw.clone()} occupation={None::<AttrValue>} {on_done} />
            }
            <p class="hint">{ templates::ATTRIBUTION }</p>
        </section>
    }
}

/// The Data page's exports of the skill library.
#[component]
pub fn FrameworkExport() -> Html {
    let app = use_app();
    let on_moodle = {
        let app = app.clone();
        Callback::from(move |_| {
            let ws = app.ws();
            let name = format!("{}-{}.csv", moodle::framework_id(&ws), today());
            download(&name, "text/csv;charset=utf-8", moodle::export(&ws).as_bytes());
            app.say(format!("Exported the skill library as the Moodle competency framework {name}."));
        })
    };
    let on_case = {
        let app = app.clone();
        Callback::from(move |_| {
            let ws = app.ws();
            let now: String = js_sys::Date::new_0().to_iso_string().into();
            let name = format!("skillgap-case-{}.json", today());
            download(&name, "application/json", case::export(&ws, &now).as_bytes());
            app.say(format!("Exported the skill library as the CASE 1.1 package {name}."));
        })
    };
    html! {
        <section class="card" aria-labelledby="fw-export-title">
            <h2 id="fw-export-title">{ "Export the skill library" }</h2>
            <p>{ "Take the skill library to Moodle (Site administration \u{203a} Competencies \u{203a} Import competency framework) or \
                  to any CASE 1.1 tool. Both hold skills and categories only, no people or ratings. Level descriptions travel in \
                  the CASE package; Moodle's format has no place for them." }</p>
            <div class="actions">
                <button type="button" class="btn" onclick={on_moodle}>{ "Export as Moodle framework (CSV)" }</button>
                <button type="button" class="btn" onclick={on_case}>{ "Export as CASE 1.1 package (JSON)" }</button>
            </div>
        </section>
    }
}

/// The Roles page's "Start from an O*NET occupation".
#[component]
pub fn StartFromOnet() -> Html {
    let code = use_state(|| templates::TEMPLATES[0].code.to_string());
    let framework = use_state(|| None::<FwKey>);
    let missing = use_state(|| None::<String>);
    let errors = use_state(Vec::<String>::new);
    let template = templates::template(&code).copied().unwrap_or(templates::TEMPLATES[0]);
    let on_code = {
        let (code, framework, missing, errors) = (code.clone(), framework.clone(), missing.clone(), errors.clone());
        Callback::from(move |e: Event| {
            code.set(e.target_unchecked_into::<HtmlSelectElement>().value());
            framework.set(None);
            missing.set(None);
            errors.set(Vec::new());
        })
    };
    let on_plan = {
        let (framework, missing) = (framework.clone(), missing.clone());
        Callback::from(move |_: MouseEvent| match templates::bundled(&template) {
            Ok(fw) => {
                missing.set(None);
                framework.set(Some(FwKey(Rc::new(fw))));
                focus_after_render("fw-plan-title");
            }
            Err(why) => {
                framework.set(None);
                missing.set(Some(why));
                focus_after_render("onet-missing");
            }
        })
    };
    let on_read = {
        let (framework, errors) = (framework.clone(), errors.clone());
        Callback::from(move |res: Result<Vec<(String, Vec<u8>)>, String>| match res.map(|files| read_all(&files)) {
            Err(e) => errors.set(vec![e]),
            Ok(Err(list)) => errors.set(list.iter().map(|e| e.to_string()).collect()),
            Ok(Ok(fw)) if fw.format != Format::Onet => {
                errors.set(vec![format!("{} is a {}, not O*NET's Skills, Knowledge or Abilities file", fw.file, fw.format.label())])
            }
            Ok(Ok(fw)) => {
                errors.set(Vec::new());
                framework.set(Some(FwKey(Rc::new(templates::titled(fw, &template)))));
                focus_after_render("fw-plan-title");
            }
        })
    };
    let on_done = {
        let (framework, missing) = (framework.clone(), missing.clone());
        Callback::from(move |_: ()| {
            framework.set(None);
            missing.set(None);
        })
    };
    html! {
        <section class="add-form onet-start" aria-labelledby="onet-title">
            <h2 id="onet-title">{ "Start from an O*NET occupation" }</h2>
            <p class="hint">{ "A role profile from O*NET's ratings of a service occupation: its skills, knowledge and abilities \
                               with their importance and level, rescaled to your scale. You see the plan first." }</p>
            <div class="row">
                <div class="field">
                    <label for="onet-occupation">{ "Occupation" }</label>
                    <select id="onet-occupation" onchange={on_code}>
                        { for templates::TEMPLATES.iter().map(|t| html! {
                            <option value={t.code} selected={t.code == *code}>{ format!("{} ({})", t.title, t.code) }</option>
                        }) }
                    </select>
                </div>
                <button type="button" class="btn" onclick={on_plan}>{ "Plan the role" }</button>
            </div>
            if let Some(why) = &*missing {
                <div class="notice info" id="onet-missing" tabindex="-1">
                    <p>{ why.clone() }</p>
                    <FilesInput id="onet-files" label={format!("O*NET files for {}", template.title)} on_read={on_read}
                        hint="Skills.txt, Knowledge.txt and Abilities.txt (tab-delimited) or their CSV versions; choose several at once." />
                </div>
            }
            if !errors.is_empty() {
                <div class="notice error" role="alert">
                    <strong>{ "These files cannot be used, and nothing was changed:" }</strong>
                    <ul class="error-list">{ for errors.iter().map(|e| html! { <li>{ e.clone() }</li> }) }</ul>
                </div>
            }
            if let Some(fw) = &*framework {
                <PlanPanel framework={fw.clone()} occupation={Some(AttrValue::from(template.code))} {on_done} />
            }
            <p class="hint">{ templates::ATTRIBUTION }{ match templates::ONET_VERSION { Some(v) => format!(" Bundled ratings: O*NET {v}."), None => String::new() } }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PlanPanelProps {
    framework: FwKey,
    /// O*NET: the occupation the role profile is for (fixed by a template); `None` lets the trainer choose.
    occupation: Option<AttrValue>,
    /// After an import or Cancel.
    on_done: Callback<()>,
}

/// A plan kept against the workspace as it is now, the trainer's choices, and the Import button.
#[component]
fn PlanPanel(p: &PlanPanelProps) -> Html {
    let app = use_app();
    let ws = app.ws();
    let fw = p.framework.0.clone();
    let depth = use_state(|| None::<usize>);
    let chosen = use_state(|| p.occupation.as_ref().map(|o| o.to_string()));
    let min_importance = use_state(|| DEFAULT_MIN_IMPORTANCE);
    let options = PlanOptions {
        depth: *depth,
        occupation: (*chosen).clone().or_else(|| (fw.profiles.len() == 1).then(|| fw.profiles[0].code.clone())),
        min_importance: *min_importance,
    };
    // Made again when the workspace changes, so a plan is never applied to a workspace it was not made for.
    let planned: Rc<Plan> = use_memo((WsKey(ws.clone()), p.framework.clone(), options.clone()), |(ws, fw, o)| plan(&ws.0, &fw.0, o));
    let on_depth = {
        let depth = depth.clone();
        Callback::from(move |e: Event| depth.set(e.target_unchecked_into::<HtmlSelectElement>().value().parse().ok()))
    };
    let on_occupation = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            chosen.set((!v.is_empty()).then_some(v));
        })
    };
    let on_importance = {
        let min_importance = min_importance.clone();
        Callback::from(move |e: Event| {
            if let Ok(v) = e.target_unchecked_into::<HtmlSelectElement>().value().parse() {
                min_importance.set(v);
            }
        })
    };
    let on_import = {
        let (app, planned, on_done) = (app.clone(), planned.clone(), p.on_done.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(next) = planned.workspace.clone() else { return };
            if app.run_announced(Command::Replace(Box::new(next)), import_message(&planned)) {
                on_done.emit(());
            }
        })
    };
    let on_cancel = {
        let on_done = p.on_done.clone();
        Callback::from(move |_: MouseEvent| on_done.emit(()))
    };
    let pl = &*planned;
    let onet = fw.format == Format::Onet;
    html! {
        <div class="share-plan fw-plan">
            <h3 id="fw-plan-title" tabindex="-1">{ format!("What importing \u{201c}{}\u{201d} would do", pl.framework) }</h3>
            <p class="hint">{ format!("{} \u{b7} {}", fw.format.label(), fw.file) }</p>
            if pl.depths.len() > 1 {
                <div class="field">
                    <label for="fw-depth">{ "Skills are" }</label>
                    <select id="fw-depth" onchange={on_depth}>
                        <option value="" selected={depth.is_none()}>{ "the items with nothing under them" }</option>
                        { for pl.depths.iter().enumerate().map(|(i, n)| html! {
                            <option value={(i + 1).to_string()} selected={*depth == Some(i + 1)}>
                                { format!("the items at level {} of the tree ({n})", i + 1) }
                            </option>
                        }) }
                    </select>
                </div>
            }
            if onet && p.occupation.is_none() && fw.profiles.len() > 1 {
                <div class="field">
                    <label for="fw-occupation">{ "Occupation" }</label>
                    <select id="fw-occupation" onchange={on_occupation}>
                        <option value="" selected={chosen.is_none()}>{ "Choose an occupation" }</option>
                        { for pl.occupations.iter().map(|(code, title, n)| html! {
                            <option value={code.clone()} selected={chosen.as_deref() == Some(code.as_str())}>
                                { format!("{code}{} \u{2013} {n} elements", title.as_ref().map(|t| format!(" {t}")).unwrap_or_default()) }
                            </option>
                        }) }
                    </select>
                </div>
            }
            if onet {
                <div class="field">
                    <label for="fw-importance">{ "Take elements rated at least" }</label>
                    <select id="fw-importance" onchange={on_importance}>
                        { for (1..=5).map(|v| html! {
                            <option value={v.to_string()} selected={(*min_importance - v as f64).abs() < 1e-9}>
                                { format!("{v} \u{2013} {} (O*NET Importance)", importance_anchor(v as f64)) }
                            </option>
                        }) }
                    </select>
                </div>
            }
            <p class="fw-summary">{ summary(pl) }</p>
            if let Some(why) = &pl.refused {
                <p class="notice warn">{ capitalise(why) }{ "." }</p>
            }
            if !pl.categories.is_empty() {
                <p>{ "Categories: " }{ categories(pl) }</p>
            }
            if let Some(t) = &pl.level_texts {
                <p>{ "Level texts: " }{ t.clone() }{ "." }</p>
            }
            if let Some(role) = &pl.role {
                <RoleTable role={Rc::new(role.clone())} />
            }
            if !pl.skills.is_empty() {
                <SkillsTable plan={planned.clone()} />
            }
            if !pl.skipped.is_empty() {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="fw-skipped-caption">
                    <table class="ratings-table share-table">
                        <caption id="fw-skipped-caption">{ format!("Skipped ({})", pl.skipped.len()) }</caption>
                        <thead><tr><th scope="col">{ "Where" }</th><th scope="col">{ "Item" }</th><th scope="col">{ "Why" }</th></tr></thead>
                        <tbody>
                            { for pl.skipped.iter().take(SHOWN).map(|s| html! {
                                <tr>
                                    <th scope="row">{ s.place.clone() }</th>
                                    <td data-label="Item">{ if s.name.is_empty() { "\u{2013}".to_string() } else { s.name.clone() } }</td>
                                    <td data-label="Why">{ capitalise(&s.reason) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    if pl.skipped.len() > SHOWN { <p class="hint">{ format!("and {} more", pl.skipped.len() - SHOWN) }</p> }
                </div>
            }
            if !pl.notes.is_empty() {
                <details class="fw-notes">
                    <summary>{ format!("Notes on the file ({})", pl.notes.len()) }</summary>
                    <ul>{ for pl.notes.iter().map(|n| html! { <li>{ capitalise(n) }</li> }) }</ul>
                </details>
            }
            <div class="actions">
                if pl.workspace.is_some() {
                    <button type="button" class="btn primary" onclick={on_import}>{ import_label(pl) }</button>
                }
                <button type="button" class="btn" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}

/// "3 new skills, 1 updated, 2 unchanged; 1 skipped; role “Tellers” created with 12 requirements."
fn summary(pl: &Plan) -> String {
    let mut parts = vec![
        format!("{} new", skills(pl.new_count())),
        format!("{} updated", pl.updated_count()),
        format!("{} unchanged", pl.unchanged_count()),
    ];
    if !pl.skipped.is_empty() {
        parts.push(format!("{} skipped", pl.skipped.len()));
    }
    let mut s = parts.join(", ");
    if let Some(r) = &pl.role {
        s.push_str(&format!(
            "; role \u{201c}{}\u{201d} {} with {} requirements",
            r.name,
            if r.existing.is_some() { "updated" } else { "created" },
            r.requirements.len()
        ));
    }
    s.push_str(". Nothing changes until you import.");
    s
}

fn categories(pl: &Plan) -> String {
    let mut list: Vec<String> = pl.categories.iter().take(12).map(|(c, n)| format!("{c} ({n})")).collect();
    if pl.categories.len() > 12 {
        list.push(format!("and {} more", pl.categories.len() - 12));
    }
    list.join(", ")
}

fn import_label(pl: &Plan) -> String {
    match &pl.role {
        Some(r) if r.existing.is_none() => format!("Create the role and import {}", skills(pl.new_count() + pl.updated_count())),
        _ => format!("Import {}", skills(pl.new_count() + pl.updated_count())),
    }
}

fn import_message(pl: &Plan) -> String {
    let role = pl
        .role
        .as_ref()
        .map(|r| format!("; role \u{201c}{}\u{201d} {}", r.name, if r.existing.is_some() { "updated" } else { "created" }))
        .unwrap_or_default();
    format!(
        "Imported {}: {} new, {} updated{role}. Undo returns to what you had.",
        pl.framework,
        skills(pl.new_count()),
        pl.updated_count()
    )
}

#[derive(Properties)]
struct SkillsTableProps {
    plan: Rc<Plan>,
}

impl PartialEq for SkillsTableProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.plan, &other.plan)
    }
}

/// The planned skills (the first [`SHOWN`]).
#[component]
fn SkillsTable(p: &SkillsTableProps) -> Html {
    let pl = &p.plan;
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="fw-skills-caption">
            <table class="ratings-table share-table">
                <caption id="fw-skills-caption">{ format!("Skills ({})", pl.skills.len()) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Skill" }</th>
                        <th scope="col">{ "Category" }</th>
                        <th scope="col">{ "Found" }</th>
                        <th scope="col">{ "Changes" }</th>
                        <th scope="col" class="num">{ "Level texts" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for pl.skills.iter().take(SHOWN).map(|s| {
                        let found = match (&s.how, &s.existing) {
                            (Match::New, _) => "new".to_string(),
                            (Match::BySource, Some((_, name))) => format!("same identifier as \u{201c}{name}\u{201d}"),
                            (Match::ByName, Some((_, name))) => format!("same name as \u{201c}{name}\u{201d}"),
                            _ => String::new(),
                        };
                        let changes = match s.how {
                            Match::New => "added".to_string(),
                            _ if s.changes.is_empty() => "none".to_string(),
                            _ => s.changes.join(", "),
                        };
                        html! {
                            <tr>
                                <th scope="row">
                                    { s.name.clone() }
                                    <span class="row-meta">{ s.place.clone() }</span>
                                    if let Some(r) = &s.renamed { <span class="row-meta">{ capitalise(r) }</span> }
                                </th>
                                <td data-label="Category">{ s.category.clone() }</td>
                                <td data-label="Found">{ found }</td>
                                <td data-label="Changes">{ changes }</td>
                                <td class="num" data-label="Level texts">{ s.level_texts }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if pl.skills.len() > SHOWN { <p class="hint">{ format!("and {} more", pl.skills.len() - SHOWN) }</p> }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RoleTableProps {
    role: Rc<crate::domain::frameworks::plan::RolePlan>,
}

/// The role profile an O*NET import makes, with both rescalings stated.
#[component]
fn RoleTable(p: &RoleTableProps) -> Html {
    let r = &p.role;
    html! {
        <div class="fw-role">
            <p>
                { format!("Role profile: \u{201c}{}\u{201d} (O*NET {}{}) {}. ", r.name, r.code,
                    r.date.as_ref().map(|d| format!(", data of {d}")).unwrap_or_default(),
                    if r.existing.is_some() { "is updated" } else { "is created" }) }
                { capitalise(&r.level_rule) }{ "; " }{ r.importance_rule.clone() }{ "." }
            </p>
            if !r.requirements.is_empty() {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="fw-role-caption">
                    <table class="ratings-table share-table">
                        <caption id="fw-role-caption">{ format!("Requirements ({})", r.requirements.len()) }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Skill" }</th>
                                <th scope="col" class="num">{ "O*NET importance" }</th>
                                <th scope="col" class="num">{ "Importance" }</th>
                                <th scope="col" class="num">{ "O*NET level" }</th>
                                <th scope="col" class="num">{ "Required level" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for r.requirements.iter().take(SHOWN).map(|q| html! {
                                <tr>
                                    <th scope="row">{ q.skill.clone() }</th>
                                    <td class="num" data-label="O*NET importance">{ format!("{:.2}", q.onet_importance) }</td>
                                    <td class="num" data-label="Importance">{ q.importance }</td>
                                    <td class="num" data-label="O*NET level">{ format!("{:.2}", q.onet_level) }</td>
                                    <td class="num" data-label="Required level">{ q.level }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </div>
    }
}
