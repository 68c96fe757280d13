//! Workspace settings and data: name, currency, the proficiency scale, export and import of the whole
//! workspace as JSON, and starting afresh. Import is atomic: a file that fails any check changes nothing.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::super::components::fields::Field;
use super::super::context::use_app;
use super::super::services::files::{download, take_file, today};
use super::super::{use_title, AppLink, Route};
use crate::domain::example::example_workspace;
use crate::domain::csv_io::{export_csv, import_csv, template_csv};
use crate::domain::xlsx::export_xlsx;
use crate::domain::{export_json, import_json, Command, Scale, Workspace};

/// The data page.
#[component]
pub fn DataPage() -> Html {
    use_title("Data".into());
    let app = use_app();
    let ws = app.ws();
    let import_error = use_state(|| None::<String>);
    let reader: Rc<RefCell<Option<FileReader>>> = use_mut_ref(|| None);
    let file_input = use_node_ref();

    let on_export = {
        let app = app.clone();
        Callback::from(move |_| {
            let ws = app.ws();
            let name = format!("skillgap-workspace-{}.json", today());
            download(&name, "application/json", export_json(&ws).as_bytes());
            app.say(format!("Exported the workspace as {name}."));
        })
    };
    let on_file = {
        let (app, import_error, reader) = (app.clone(), import_error.clone(), reader.clone());
        Callback::from(move |e: Event| {
            let Some(file) = take_file(&e) else { return };
            let name = file.name();
            let (app, import_error) = (app.clone(), import_error.clone());
            let task = gloo::file::callbacks::read_as_text(&file, move |res| match res {
                Err(e) => import_error.set(Some(format!("{name}: could not be read as text ({e}). Nothing was changed."))),
                Ok(text) => match import_json(&name, &text) {
                    Err(e) => import_error.set(Some(format!("{e}. Nothing was changed."))),
                    Ok(new_ws) => {
                        import_error.set(None);
                        let msg = format!(
                            "Imported {name}: {} skills, {} roles, {} people. Undo returns to what you had.",
                            new_ws.skills.len(),
                            new_ws.roles.len(),
                            new_ws.people.len()
                        );
                        app.run_announced(Command::Replace(Box::new(new_ws)), msg);
                    }
                },
            });
            *reader.borrow_mut() = Some(task);
        })
    };
    let choose = {
        let file_input = file_input.clone();
        Callback::from(move |_| {
            if let Some(i) = file_input.cast::<HtmlInputElement>() {
                i.click();
            }
        })
    };
    let replace = |make: fn() -> Workspace, msg: &'static str| {
        let app = app.clone();
        Callback::from(move |_| {
            app.run_announced(Command::Replace(Box::new(make())), msg);
        })
    };
    let on_name = {
        let app = app.clone();
        Callback::from(move |v: String| app.refusal(Command::SetWorkspaceName(v)))
    };
    let on_currency = {
        let app = app.clone();
        Callback::from(move |v: String| app.refusal(Command::SetCurrency(v)))
    };

    html! {
        <section class="page narrow" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">{ "Data" }</h1>
                <p class="lead">{ "Everything is saved in this browser as you work. Export to keep a copy or move it to another computer." }</p>
            </div>

            <section class="card" aria-labelledby="ws-title">
                <h2 id="ws-title">{ "Workspace" }</h2>
                <div class="grid2">
                    <Field id="ws-name" label="Workspace name" value={ws.name.clone()} required=true on_commit={on_name} />
                    <Field id="ws-currency" label="Currency" value={ws.currency.clone()} hint={Some(AttrValue::from("Three-letter code, e.g. AUD, EUR, USD."))} on_commit={on_currency} />
                </div>
            </section>

            <ScaleEditor />

            <section class="card" aria-labelledby="io-title">
                <h2 id="io-title">{ "Export and import" }</h2>
                <p>{ "The export is one JSON file with the skill library, roles, profiles, people and ratings. It holds personal assessment data: store and share it with care." }</p>
                <div class="actions">
                    <button type="button" class="btn primary" onclick={on_export}>{ "Export workspace (JSON)" }</button>
                    <button type="button" class="btn" onclick={choose} aria-describedby="import-help">{ "Import workspace…" }</button>
                    <input ref={file_input} id="import-file" class="sr-only" type="file" accept=".json,application/json"
                        onchange={on_file} aria-label="Workspace file to import" tabindex="-1" />
                </div>
                <p class="hint" id="import-help">{ "Importing replaces the current workspace after checking the whole file; a file with any error changes nothing. Undo returns to what you had." }</p>
                if let Some(e) = &*import_error {
                    <div class="notice error" role="alert"><strong>{ "Import failed. " }</strong>{ e.clone() }</div>
                }
            </section>

            <super::frameworks::FrameworkImport />
            <super::frameworks::FrameworkExport />

            <PeopleCsv />

            <section class="card" aria-labelledby="fresh-title">
                <h2 id="fresh-title">{ "Start afresh" }</h2>
                <p>{ "Replace the workspace with an empty one (default scale, no skills or roles), or with the example retail bank. Both can be undone." }</p>
                <div class="actions">
                    <button type="button" class="btn" onclick={replace(|| Workspace::empty("My workspace"), "Started an empty workspace. Undo brings the previous one back.")}>{ "Start an empty workspace" }</button>
                    <button type="button" class="btn" onclick={replace(example_workspace, "Loaded the example workspace. Undo brings the previous one back.")}>{ "Load the example workspace" }</button>
                </div>
            </section>
        </section>
    }
}

/// Edits the labels of the proficiency scale, adds a level at the top or removes the top one.
#[component]
fn ScaleEditor() -> Html {
    let app = use_app();
    let ws = app.ws();
    let n = ws.scale.labels.len();
    let on_add = {
        let app = app.clone();
        Callback::from(move |_| {
            let n = app.ws().scale.labels.len();
            app.run_announced(Command::AddScaleLevel { label: format!("Level {n}") }, format!("Added level {n} to the scale; give it a name."));
        })
    };
    let on_remove = {
        let app = app.clone();
        Callback::from(move |_| {
            app.run_announced(Command::RemoveTopScaleLevel, "Removed the top level of the scale.");
        })
    };
    html! {
        <section class="card" aria-labelledby="scale-title">
            <h2 id="scale-title">{ "Proficiency scale" }</h2>
            <p class="hint">{ format!("Levels 0–{} used for requirements and ratings across the workspace.", n - 1) }</p>
            <ol class="scale-list" start="0">
                { for ws.scale.labels.iter().enumerate().map(|(i, l)| {
                    let on_commit = {
                        let app = app.clone();
                        Callback::from(move |v: String| app.refusal(Command::SetScaleLabel { level: i as u8, label: v }))
                    };
                    html! { <li><Field id={format!("scale-{i}")} label={format!("Level {i}")} value={l.clone()} {on_commit} class="compact" /></li> }
                }) }
            </ol>
            <div class="actions">
                <button type="button" class="btn" onclick={on_add} disabled={n >= Scale::MAX_LEVELS}>{ "Add a level at the top" }</button>
                <button type="button" class="btn" onclick={on_remove} disabled={n <= Scale::MIN_LEVELS}>{ format!("Remove level {}", n - 1) }</button>
            </div>
        </section>
    }
}

/// People and ratings as CSV (import, export, template) and as an Excel workbook.
#[component]
fn PeopleCsv() -> Html {
    let app = use_app();
    let errors = use_state(Vec::<String>::new);
    let reader: Rc<RefCell<Option<FileReader>>> = use_mut_ref(|| None);
    let file_input = use_node_ref();
    let on_csv = {
        let app = app.clone();
        Callback::from(move |_| {
            let name = format!("skillgap-ratings-{}.csv", today());
            download(&name, "text/csv;charset=utf-8", export_csv(&app.ws()).as_bytes());
            app.say(format!("Exported people and ratings as {name}."));
        })
    };
    let on_xlsx = {
        let app = app.clone();
        Callback::from(move |_| match export_xlsx(&app.ws()) {
            Ok(bytes) => {
                let name = format!("skillgap-ratings-{}.xlsx", today());
                download(&name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &bytes);
                app.say(format!("Exported the workbook {name}."));
            }
            Err(e) => app.say_error(format!("The workbook could not be written: {}", e.0)),
        })
    };
    let on_template = {
        let app = app.clone();
        Callback::from(move |_| {
            download("skillgap-ratings-template.csv", "text/csv;charset=utf-8", template_csv(&app.ws()).as_bytes());
            app.say("Downloaded the CSV template.");
        })
    };
    let choose = {
        let file_input = file_input.clone();
        Callback::from(move |_| {
            if let Some(i) = file_input.cast::<HtmlInputElement>() {
                i.click();
            }
        })
    };
    let on_file = {
        let (app, errors, reader) = (app.clone(), errors.clone(), reader.clone());
        Callback::from(move |e: Event| {
            let Some(file) = take_file(&e) else { return };
            let name = file.name();
            let (app, errors) = (app.clone(), errors.clone());
            let task = gloo::file::callbacks::read_as_bytes(&file, move |res| match res {
                Err(e) => errors.set(vec![format!("{name}: could not be read ({e}). Nothing was changed.")]),
                Ok(bytes) => match import_csv(&app.ws(), &name, &bytes) {
                    Err(list) => errors.set(list.iter().map(|e| e.to_string()).collect()),
                    Ok((ws, sum)) => {
                        errors.set(Vec::new());
                        if sum.people_created + sum.people_updated + sum.ratings_added + sum.ratings_replaced == 0 {
                            app.say(format!("{name}: {} already match the workspace; nothing to change.", count(sum.rows_read, "row")));
                            return;
                        }
                        let msg = format!(
                            "Imported {name} ({}): {} added, {} updated, {} added, {} replaced. Undo returns to what you had.",
                            count(sum.rows_read, "row"),
                            count(sum.people_created, "person"),
                            sum.people_updated,
                            count(sum.ratings_added, "rating"),
                            sum.ratings_replaced
                        );
                        app.run_announced(Command::Replace(Box::new(ws)), msg);
                    }
                },
            });
            *reader.borrow_mut() = Some(task);
        })
    };
    html! {
        <section class="card" aria-labelledby="csv-title">
            <h2 id="csv-title">{ "People and ratings (CSV and Excel)" }</h2>
            <p>{ "One row per rating: person, role, team, skill, source (self, trainer or agreed), level (a number, a level name, or n/a for no opportunity), date and note. Comma, semicolon or tab separated, UTF-8. Importing adds and updates people and ratings; nothing else changes, and a file with any error changes nothing." }</p>
            <div class="actions">
                <button type="button" class="btn" onclick={choose} aria-describedby="csv-help">{ "Import people and ratings (CSV)…" }</button>
                <input ref={file_input} class="sr-only" type="file" accept=".csv,text/csv,.txt,text/plain" onchange={on_file}
                    aria-label="CSV file of people and ratings to import" tabindex="-1" />
                <button type="button" class="btn" onclick={on_template}>{ "Download CSV template" }</button>
                <button type="button" class="btn" onclick={on_csv}>{ "Export people and ratings (CSV)" }</button>
                <button type="button" class="btn" onclick={on_xlsx}>{ "Export workbook (.xlsx)" }</button>
            </div>
            <p class="hint" id="csv-help">{ "The template has the columns and example rows for this workspace. The workbook shows level names as well as numbers, with sheets for ratings, effective levels and role profiles." }</p>
            <p class="hint">{ "Self-assessments that learners send back from a learner link, as result codes or files, are imported on the Learner links page: " }
                <AppLink to={Route::Share}>{ "import learner results" }</AppLink>{ "." }</p>
            if !errors.is_empty() {
                <div class="notice error" role="alert">
                    <strong>{ "Import failed, and nothing was changed. Correct these rows and import the file again:" }</strong>
                    <ul class="error-list">{ for errors.iter().map(|e| html! { <li>{ e.clone() }</li> }) }</ul>
                </div>
            }
        </section>
    }
}

/// "1 row", "2 rows", "1 person", "3 people".
fn count(n: usize, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "person") => format!("{n} people"),
        _ => format!("{n} {noun}s"),
    }
}
