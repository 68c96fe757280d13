//! Skill frameworks on the trainer's pages: the Data page's "Import a skill framework" and "Export the skill
//! library", and the Roles page's "Start from an O*NET occupation". Every import shows its plan (new and
//! matched skills, categories, level texts, the role profile, what is skipped and why) and changes nothing
//! until the trainer imports; the import is one `Command::Replace`, so one undo step.
//!
//! Reading and planning are domain functions (`domain::frameworks`), run in the framework web worker
//! (`app::framework_worker`) so a large file never blocks the page; this module reads the chosen files,
//! keeps the trainer's choices, asks the worker for the plan and shows it.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use gloo::worker::{Spawnable, WorkerBridge};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::super::framework_worker::{skeleton, with_people, Content, Counts, FrameworkWorker, Info, Job, Reply, SHOWN};

use super::super::context::use_app;
use super::super::services::files::{download, today};
use super::super::state::{capitalise, WsKey};
use super::focus_after_render;
use crate::domain::frameworks::plan::{importance_anchor, Match, Plan, PlanOptions, DEFAULT_MIN_IMPORTANCE};
use crate::domain::frameworks::{case, moodle, templates, Format};
use crate::domain::{Command, Workspace};

/// Where Trunk puts the framework worker's loader (see index.html).
const WORKER_LOADER: &str = "./frameworkworker_loader.js";

/// Chosen files (names and bytes), compared by identity.
#[derive(Clone)]
struct FilesKey(Rc<Vec<(String, Vec<u8>)>>);

impl PartialEq for FilesKey {
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
    let files = use_state(|| None::<FilesKey>);
    let errors = use_state(Vec::<String>::new);
    let on_read = {
        let (files, errors) = (files.clone(), errors.clone());
        Callback::from(move |res: Result<Vec<(String, Vec<u8>)>, String>| match res {
            Err(e) => {
                files.set(None);
                errors.set(vec![e]);
            }
            Ok(list) => {
                errors.set(Vec::new());
                files.set(Some(FilesKey(Rc::new(list))));
            }
        })
    };
    let on_done = {
        let files = files.clone();
        Callback::from(move |_: ()| {
            files.set(None);
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
                <ErrorList errors={Rc::new((*errors).clone())} />
            }
            if let Some(f) = &*files {
                <Planner files={f.clone()} template={None::<AttrValue>} {on_done} />
            }
            <p class="hint">{ templates::ATTRIBUTION }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ErrorListProps {
    errors: Rc<Vec<String>>,
}

/// Why files cannot be imported.
#[component]
fn ErrorList(p: &ErrorListProps) -> Html {
    html! {
        <div class="notice error" role="alert">
            <strong>{ "This file cannot be imported, and nothing was changed:" }</strong>
            <ul class="error-list">{ for p.errors.iter().map(|e| html! { <li>{ e.clone() }</li> }) }</ul>
        </div>
    }
}

/// Where a framework is in its import.
#[derive(Clone, PartialEq)]
enum Stage {
    Reading,
    Failed(Rc<Vec<String>>),
    Read(Rc<Info>),
}

/// A plan from the worker (its first [`SHOWN`] skills and skipped items), its counts, and what it was made
/// against: the workspace and the trainer's choices.
#[derive(Clone)]
struct Planned {
    plan: Rc<Plan>,
    counts: Counts,
    importable: bool,
    seq: u32,
    against: Rc<Workspace>,
    options: PlanOptions,
}

impl PartialEq for Planned {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.plan, &other.plan)
    }
}

#[derive(Properties, PartialEq)]
struct PlannerProps {
    files: FilesKey,
    /// The O*NET occupation of a template (its code): the files are read for it.
    template: Option<AttrValue>,
    on_done: Callback<()>,
}

/// Reads `files` in the framework worker, asks it for the plan whenever the workspace or the trainer's
/// choices change, and shows it.
#[component]
fn Planner(p: &PlannerProps) -> Html {
    let app = use_app();
    let ws = app.ws();
    let stage = use_state(|| Stage::Reading);
    let planned = use_state(|| None::<Planned>);
    let plan_error = use_state(|| None::<String>);
    let depth = use_state(|| None::<usize>);
    let chosen = use_state(|| p.template.as_ref().map(|o| o.to_string()));
    let min_importance = use_state(|| DEFAULT_MIN_IMPORTANCE);
    let seq = use_mut_ref(|| 0u32);
    // The last plan request: its number, workspace and choices, until its answer comes.
    let pending: Rc<RefCell<Option<(u32, Rc<Workspace>, PlanOptions)>>> = use_mut_ref(|| None);
    // The import asked for: the plan's number and the status message, until the worker sends its workspace.
    let importing: Rc<RefCell<Option<(u32, Rc<Workspace>, String)>>> = use_mut_ref(|| None);
    // The workspace as of the latest render, for answers that arrive later.
    let latest: Rc<RefCell<Rc<Workspace>>> = use_mut_ref(|| ws.clone());
    *latest.borrow_mut() = ws.clone();
    let bridge: Rc<RefCell<Option<WorkerBridge<FrameworkWorker>>>> = use_mut_ref(|| None);
    if bridge.borrow().is_none() {
        let (stage, planned, plan_error, seq, pending) = (stage.clone(), planned.clone(), plan_error.clone(), seq.clone(), pending.clone());
        let (importing, latest, app, on_done) = (importing.clone(), latest.clone(), app.clone(), p.on_done.clone());
        let b = FrameworkWorker::spawner()
            .callback(move |reply: Reply| match reply {
                Reply::Read { result, .. } => stage.set(match result {
                    Ok(info) => Stage::Read(Rc::new(info)),
                    Err(e) => Stage::Failed(Rc::new(e)),
                }),
                Reply::Planned { seq: s, plan, counts, importable, .. } if s == *seq.borrow() => {
                    let made = pending.borrow_mut().take().filter(|(k, _, _)| *k == s);
                    match (serde_json::from_str::<Plan>(&plan), made) {
                        (Ok(plan), Some((_, against, options))) => {
                            plan_error.set(None);
                            planned.set(Some(Planned { plan: Rc::new(plan), counts, importable, seq: s, against, options }));
                        }
                        (Err(e), _) => plan_error.set(Some(format!("the plan could not be read ({e})"))),
                        (_, None) => {}
                    }
                }
                Reply::Workspace { seq: s, workspace } => {
                    let Some((k, against, message)) = importing.borrow_mut().take() else { return };
                    // The workspace changed since: the plan is being made again, and Import asked again.
                    if k != s || !Rc::ptr_eq(&against, &latest.borrow()) {
                        return;
                    }
                    match serde_json::from_str::<Workspace>(&workspace) {
                        Ok(next) => {
                            if app.run_announced(Command::Replace(Box::new(with_people(next, &against))), message) {
                                on_done.emit(());
                            }
                        }
                        Err(e) => plan_error.set(Some(format!("the planned workspace could not be read ({e})"))),
                    }
                }
                Reply::Failed { seq: s, message, .. } if s == *seq.borrow() => plan_error.set(Some(message)),
                _ => {}
            })
            .spawn_with_loader(WORKER_LOADER);
        *bridge.borrow_mut() = Some(b);
    }
    {
        // Read the files (again when other files are chosen).
        let (bridge, stage, planned, template) = (bridge.clone(), stage.clone(), planned.clone(), p.template.clone());
        use_effect_with(p.files.clone(), move |files| {
            stage.set(Stage::Reading);
            planned.set(None);
            if let Some(b) = bridge.borrow().as_ref() {
                let files = files.0.iter().map(|(n, b)| (n.clone(), Content::of(b.clone()))).collect();
                b.send(Job::Read { id: 1, files, template: template.map(|t| t.to_string()) });
            }
        });
    }
    let info = match &*stage {
        Stage::Read(info) => Some(info.clone()),
        _ => None,
    };
    let options = PlanOptions {
        depth: *depth,
        occupation: (*chosen).clone().or_else(|| info.as_ref().filter(|i| i.occupations.len() == 1).map(|i| i.occupations[0].clone())),
        min_importance: *min_importance,
    };
    {
        // Plan again whenever the workspace or a choice changes, so a plan is never applied to a workspace it
        // was not made for.
        let (bridge, seq, pending) = (bridge.clone(), seq.clone(), pending.clone());
        use_effect_with((WsKey(ws.clone()), options.clone(), info.is_some()), move |(ws, options, read)| {
            if *read {
                let n = {
                    let mut s = seq.borrow_mut();
                    *s += 1;
                    *s
                };
                let (workspace, reserved) = skeleton(&ws.0);
                *pending.borrow_mut() = Some((n, ws.0.clone(), options.clone()));
                if let Some(b) = bridge.borrow().as_ref() {
                    b.send(Job::Plan { id: 1, seq: n, workspace, reserved, options: options.clone() });
                }
            }
        });
    }
    match &*stage {
        Stage::Reading => return html! { <p class="notice info" role="status">{ "Reading the file\u{2026}" }</p> },
        Stage::Failed(errors) => return html! { <ErrorList errors={errors.clone()} /> },
        Stage::Read(_) => {}
    }
    let info = info.expect("read");
    let set_depth = {
        let depth = depth.clone();
        Callback::from(move |v: Option<usize>| depth.set(v))
    };
    let set_occupation = {
        let chosen = chosen.clone();
        Callback::from(move |v: Option<String>| chosen.set(v))
    };
    let set_importance = {
        let min_importance = min_importance.clone();
        Callback::from(move |v: f64| min_importance.set(v))
    };
    let current = planned.as_ref().filter(|pl| Rc::ptr_eq(&pl.against, &ws) && pl.options == options).cloned();
    let on_import = {
        let (bridge, importing, current) = (bridge.clone(), importing.clone(), current.clone());
        Callback::from(move |_: ()| {
            let Some(pl) = &current else { return };
            *importing.borrow_mut() = Some((pl.seq, pl.against.clone(), import_message(&pl.plan, &pl.counts)));
            if let Some(b) = bridge.borrow().as_ref() {
                b.send(Job::Take { seq: pl.seq });
            }
        })
    };
    html! {
        <>
            if let Some(e) = &*plan_error {
                <div class="notice error" role="alert">{ capitalise(e) }</div>
            }
            <PlanPanel info={info} planned={current} options={options} fixed={p.template.is_some()}
                {set_depth} {set_occupation} {set_importance} {on_import} on_done={p.on_done.clone()} />
        </>
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
    let files = use_state(|| None::<FilesKey>);
    let missing = use_state(|| None::<String>);
    let errors = use_state(Vec::<String>::new);
    let template = templates::template(&code).copied().unwrap_or(templates::TEMPLATES[0]);
    let on_code = {
        let (code, files, missing, errors) = (code.clone(), files.clone(), missing.clone(), errors.clone());
        Callback::from(move |e: Event| {
            code.set(e.target_unchecked_into::<HtmlSelectElement>().value());
            files.set(None);
            missing.set(None);
            errors.set(Vec::new());
        })
    };
    let on_plan = {
        let (files, missing) = (files.clone(), missing.clone());
        Callback::from(move |_: MouseEvent| match templates::bundled(&template) {
            // The bundled rows go to the worker as a file in O*NET's format, like the trainer's own.
            Ok(_) => {
                missing.set(None);
                files.set(Some(FilesKey(Rc::new(vec![("the bundled O*NET ratings".to_string(), templates::ROWS.as_bytes().to_vec())]))));
            }
            Err(why) => {
                files.set(None);
                missing.set(Some(why));
                focus_after_render("onet-missing");
            }
        })
    };
    let on_read = {
        let (files, errors) = (files.clone(), errors.clone());
        Callback::from(move |res: Result<Vec<(String, Vec<u8>)>, String>| match res {
            Err(e) => errors.set(vec![e]),
            Ok(list) => {
                errors.set(Vec::new());
                files.set(Some(FilesKey(Rc::new(list))));
            }
        })
    };
    let on_done = {
        let (files, missing) = (files.clone(), missing.clone());
        Callback::from(move |_: ()| {
            files.set(None);
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
                    <p>{ capitalise(why) }</p>
                    <FilesInput id="onet-files" label={format!("O*NET files for {}", template.title)} on_read={on_read}
                        hint="Skills.txt, Knowledge.txt and Abilities.txt (tab-delimited) or their CSV versions; choose several at once." />
                </div>
            }
            if !errors.is_empty() {
                <ErrorList errors={Rc::new((*errors).clone())} />
            }
            if let Some(f) = &*files {
                <Planner files={f.clone()} template={Some(AttrValue::from(template.code))} {on_done} />
            }
            <p class="hint">{ templates::ATTRIBUTION }{ match templates::ONET_VERSION { Some(v) => format!(" Bundled ratings: O*NET {v}."), None => String::new() } }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PlanPanelProps {
    info: Rc<Info>,
    /// The plan for the workspace as it is now; `None` while the worker makes it.
    planned: Option<Planned>,
    options: PlanOptions,
    /// The occupation is fixed by a template.
    fixed: bool,
    set_depth: Callback<Option<usize>>,
    set_occupation: Callback<Option<String>>,
    set_importance: Callback<f64>,
    on_import: Callback<()>,
    /// After Cancel.
    on_done: Callback<()>,
}

/// The plan, the trainer's choices, and the Import button.
#[component]
fn PlanPanel(p: &PlanPanelProps) -> Html {
    let info = &p.info;
    let on_depth = {
        let set = p.set_depth.clone();
        Callback::from(move |e: Event| set.emit(e.target_unchecked_into::<HtmlSelectElement>().value().parse().ok()))
    };
    let on_occupation = {
        let set = p.set_occupation.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            set.emit((!v.is_empty()).then_some(v));
        })
    };
    let on_importance = {
        let set = p.set_importance.clone();
        Callback::from(move |e: Event| {
            if let Ok(v) = e.target_unchecked_into::<HtmlSelectElement>().value().parse() {
                set.emit(v);
            }
        })
    };
    let on_cancel = {
        let on_done = p.on_done.clone();
        Callback::from(move |_: MouseEvent| on_done.emit(()))
    };
    // Focus the plan's heading once, when the first plan shows, so keyboard and screen-reader users land on it.
    let focused = use_mut_ref(|| false);
    use_effect_with(p.planned.is_some(), move |shown| {
        if *shown && !*focused.borrow() {
            *focused.borrow_mut() = true;
            super::focus_id("fw-plan-title");
        }
    });
    let Some(planned) = p.planned.clone() else {
        return html! {
            <div class="share-plan fw-plan">
                <h3 id="fw-plan-title" tabindex="-1">{ format!("Planning the import of {}", info.file) }</h3>
                <p class="notice info" role="status">{ "Comparing the framework with the workspace\u{2026}" }</p>
                <div class="actions"><button type="button" class="btn" onclick={on_cancel}>{ "Cancel" }</button></div>
            </div>
        };
    };
    let on_import = {
        let on_import = p.on_import.clone();
        Callback::from(move |_: MouseEvent| on_import.emit(()))
    };
    let plan = planned.plan.clone();
    let depth = p.options.depth;
    let chosen = p.options.occupation.clone();
    let min_importance = p.options.min_importance;
    let pl = &*plan;
    let onet = info.format == Format::Onet;
    html! {
        <div class="share-plan fw-plan">
            <h3 id="fw-plan-title" tabindex="-1">{ format!("What importing \u{201c}{}\u{201d} would do", pl.framework) }</h3>
            <p class="hint">{ format!("{} \u{b7} {}", info.format.label(), info.file) }</p>
            if pl.depths.len() > 1 {
                <div class="field">
                    <label for="fw-depth">{ "Skills are" }</label>
                    <select id="fw-depth" onchange={on_depth}>
                        <option value="" selected={depth.is_none()}>{ "the items with nothing under them" }</option>
                        { for pl.depths.iter().enumerate().map(|(i, n)| html! {
                            <option value={(i + 1).to_string()} selected={depth == Some(i + 1)}>
                                { format!("the items at level {} of the tree ({n})", i + 1) }
                            </option>
                        }) }
                    </select>
                </div>
            }
            if onet && !p.fixed && info.occupations.len() > 1 {
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
                            <option value={v.to_string()} selected={(min_importance - v as f64).abs() < 1e-9}>
                                { format!("{v} \u{2013} {} (O*NET Importance)", importance_anchor(v as f64)) }
                            </option>
                        }) }
                    </select>
                </div>
            }
            <p class="fw-summary">{ summary(pl, &planned.counts) }</p>
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
                <SkillsTable plan={plan.clone()} total={planned.counts.skills} />
            }
            if !pl.skipped.is_empty() {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="fw-skipped-caption">
                    <table class="ratings-table share-table">
                        <caption id="fw-skipped-caption">{ format!("Skipped ({})", planned.counts.skipped) }</caption>
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
                    if planned.counts.skipped > SHOWN { <p class="hint">{ format!("and {} more", planned.counts.skipped - SHOWN) }</p> }
                </div>
            }
            if !pl.notes.is_empty() {
                <details class="fw-notes">
                    <summary>{ format!("Notes on the file ({})", pl.notes.len()) }</summary>
                    <ul>{ for pl.notes.iter().map(|n| html! { <li>{ capitalise(n) }</li> }) }</ul>
                </details>
            }
            <div class="actions">
                if planned.importable {
                    <button type="button" class="btn primary" onclick={on_import}>{ import_label(pl, &planned.counts) }</button>
                }
                <button type="button" class="btn" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}

/// "3 skills new, 1 updated, 2 unchanged, 1 skipped; role “Tellers” created with 12 requirements."
fn summary(pl: &Plan, c: &Counts) -> String {
    let mut parts = vec![format!("{} new", skills(c.new)), format!("{} updated", c.updated), format!("{} unchanged", c.unchanged)];
    if c.skipped > 0 {
        parts.push(format!("{} skipped", c.skipped));
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

fn import_label(pl: &Plan, c: &Counts) -> String {
    match &pl.role {
        Some(r) if r.existing.is_none() => format!("Create the role and import {}", skills(c.new + c.updated)),
        _ => format!("Import {}", skills(c.new + c.updated)),
    }
}

fn import_message(pl: &Plan, c: &Counts) -> String {
    let role = pl
        .role
        .as_ref()
        .map(|r| format!("; role \u{201c}{}\u{201d} {}", r.name, if r.existing.is_some() { "updated" } else { "created" }))
        .unwrap_or_default();
    format!("Imported {}: {} new, {} updated{role}. Undo returns to what you had.", pl.framework, skills(c.new), c.updated)
}

#[derive(Properties)]
struct SkillsTableProps {
    plan: Rc<Plan>,
    /// How many skills the whole plan has.
    total: usize,
}

impl PartialEq for SkillsTableProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.plan, &other.plan) && self.total == other.total
    }
}

/// The planned skills (the first [`SHOWN`]).
#[component]
fn SkillsTable(p: &SkillsTableProps) -> Html {
    let pl = &p.plan;
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="fw-skills-caption">
            <table class="ratings-table share-table">
                <caption id="fw-skills-caption">{ format!("Skills ({})", p.total) }</caption>
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
            if p.total > SHOWN { <p class="hint">{ format!("and {} more", p.total - SHOWN) }</p> }
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
