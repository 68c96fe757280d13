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
use super::super::services::storage::{self, CopyKind, CopyMeta, Usage};
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

            <SavedData />

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

/// Where the workspace is saved, how much room it takes, and the copies kept aside (unreadable saves,
/// versions set aside when two tabs disagreed) with download, open and delete.
#[component]
fn SavedData() -> Html {
    let app = use_app();
    let usage = use_state(|| None::<Usage>);
    let copies = use_state(Vec::<CopyMeta>::new);
    let confirming = use_state(|| None::<u32>);
    let refresh = (app.view.copies, app.view.unsaved);
    {
        let (usage, copies) = (usage.clone(), copies.clone());
        use_effect_with(refresh, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                copies.set(storage::copies().await);
                usage.set(Some(storage::usage().await));
            });
        });
    }
    let on_persist = {
        let (app, usage) = (app.clone(), usage.clone());
        Callback::from(move |_| {
            let (app, usage) = (app.clone(), usage.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match storage::persist().await {
                    Some(true) => app.say("The browser will keep this site's data even when space runs low."),
                    Some(false) => app.say_error(
                        "The browser did not agree to keep this site's data for good (browsers decide from how often a site is used); export a copy from time to time.",
                    ),
                    None => app.say_error("This browser cannot be asked to keep the data."),
                }
                usage.set(Some(storage::usage().await));
            });
        })
    };
    let place = match usage.as_ref().map(|u| u.place) {
        Some("IndexedDB") => "in this browser's database (IndexedDB), after every change",
        Some("localStorage") => "in this browser's localStorage (the database is not available here, and localStorage holds only about 5 MB)",
        Some(_) => "nowhere: this browser blocks storage here, so your work is kept in memory only",
        None => "\u{2026}",
    };
    let used = usage.as_ref().and_then(|u| u.usage.zip(u.quota)).map(|(u, q)| {
        format!("This site uses {} of the {} the browser allows it.", size(u), size(q))
    });
    let saved = usage.as_ref().and_then(|u| u.saved.clone()).map(|m| {
        let d = js_sys::Date::new(&m.at.into());
        format!(
            "The saved workspace \u{201c}{}\u{201d} takes {} (saved {:04}-{:02}-{:02} {:02}:{:02}).",
            m.name,
            size(m.bytes as f64),
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date(),
            d.get_hours(),
            d.get_minutes()
        )
    });
    let persisted = usage.as_ref().and_then(|u| u.persisted);
    html! {
        <section class="card" aria-labelledby="saved-title">
            <h2 id="saved-title">{ "Saved in this browser" }</h2>
            <p>{ format!("Your workspace is saved {place}.") }</p>
            if let Some(s) = saved { <p>{ s }</p> }
            if let Some(u) = used { <p>{ u }</p> }
            <p>
                { match persisted {
                    Some(true) => "The browser keeps this data even when the device runs short of space.",
                    Some(false) => "The browser may clear this data when the device runs short of space; export a copy to be safe.",
                    None => "",
                } }
                if persisted == Some(false) {
                    { " " }<button type="button" class="btn" onclick={on_persist}>{ "Ask the browser to keep it" }</button>
                }
            </p>
            <h3 id="copies-title">{ "Kept copies" }</h3>
            if copies.is_empty() {
                <p class="hint">{ "None. When a save cannot be read, or two tabs saved different versions, the version set aside is kept here." }</p>
            } else {
                <ul class="copies" aria-labelledby="copies-title">
                    { for copies.iter().map(|c| copy_row(&app, c, &confirming)) }
                </ul>
            }
        </section>
    }
}

fn copy_row(app: &super::super::context::AppCtx, c: &CopyMeta, confirming: &UseStateHandle<Option<u32>>) -> Html {
    let id = c.id;
    let d = js_sys::Date::new(&c.at.into());
    let when = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    );
    let kind = match c.kind {
        CopyKind::Unreadable => "Unreadable save",
        CopyKind::Mine => "This tab's version",
        CopyKind::Theirs => "Another tab's version",
        CopyKind::Replaced => "Replaced save",
        CopyKind::Closed => "Unsaved changes of a closed tab",
    };
    let title = match &c.name {
        Some(n) => format!("{kind}: \u{201c}{n}\u{201d}"),
        None => kind.to_string(),
    };
    let on_download = {
        let app = app.clone();
        Callback::from(move |_| {
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let Some(data) = storage::copy_data(id).await else {
                    app.say_error("That copy is no longer there.");
                    return;
                };
                match storage::read_copy(&data) {
                    Ok(ws) => {
                        let name = format!("skillgap-kept-copy-{id}-{}.json", today());
                        download(&name, "application/json", export_json(&ws).as_bytes());
                    }
                    Err(_) => {
                        let (name, ty, bytes) = storage::download_of(&data);
                        download(&name, ty, &bytes);
                    }
                }
                app.say("Downloaded the kept copy.");
            });
        })
    };
    let on_open = {
        let app = app.clone();
        Callback::from(move |_| {
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let Some(data) = storage::copy_data(id).await else { return };
                match storage::read_copy(&data) {
                    Ok(ws) => {
                        let msg = format!("Opened the kept copy \u{201c}{}\u{201d}. Undo returns to what you had.", ws.name);
                        app.run_announced(Command::Replace(Box::new(ws)), msg);
                    }
                    Err(e) => app.say_error(format!("This copy cannot be opened: {e}. Download it instead.")),
                }
            });
        })
    };
    let on_delete = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(Some(id)))
    };
    let on_keep = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(None))
    };
    let on_confirm = {
        let (app, confirming) = (app.clone(), confirming.clone());
        Callback::from(move |_| {
            let (app, confirming) = (app.clone(), confirming.clone());
            wasm_bindgen_futures::spawn_local(async move {
                confirming.set(None);
                match storage::delete_copy(id).await {
                    Ok(()) => app.say("Deleted the kept copy."),
                    Err(e) => app.say_error(format!("The copy could not be deleted: {e}")),
                }
                app.saver.copies_changed();
            });
        })
    };
    let label = |verb: &str| format!("{verb} {title} of {when}");
    html! {
        <li class="copy" key={id.to_string()}>
            <strong>{ title.clone() }</strong>
            <span class="hint">{ format!(" \u{2014} {when}, {}", size(c.bytes as f64)) }</span>
            <p>{ c.reason.clone() }</p>
            <div class="actions">
                <button type="button" class="btn" onclick={on_download} aria-label={label("Download")}>{ "Download" }</button>
                if c.kind != CopyKind::Unreadable {
                    <button type="button" class="btn" onclick={on_open} aria-label={label("Open")}>{ "Open" }</button>
                }
                if **confirming == Some(id) {
                    <button type="button" class="btn danger" onclick={on_confirm} aria-label={label("Delete for good")}>{ "Delete for good" }</button>
                    <button type="button" class="btn ghost" onclick={on_keep}>{ "Keep it" }</button>
                } else {
                    <button type="button" class="btn" onclick={on_delete} aria-label={label("Delete")}>{ "Delete" }</button>
                }
            </div>
        </li>
    }
}

/// Bytes as people read them: 812 KB, 8.1 MB, 12 GB.
fn size(b: f64) -> String {
    if b < 1e6 {
        format!("{:.0} KB", (b / 1e3).max(1.0))
    } else if b < 1e9 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.1} GB", b / 1e9)
    }
}
