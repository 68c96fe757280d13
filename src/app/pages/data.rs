//! Workspace settings and data: name, currency, the proficiency scale, export and import of the whole
//! workspace as JSON, and starting afresh. Import is atomic: a file that fails any check changes nothing.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::super::components::fields::Field;
use super::super::context::use_app;
use super::super::services::files::{download, today};
use super::super::state::capitalise;
use super::super::use_title;
use crate::domain::example::example_workspace;
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
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let file = gloo::file::File::from(file);
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
        Callback::from(move |v: String| app.run(Command::SetWorkspaceName(v)).err().map(|e| capitalise(&e.to_string())))
    };
    let on_currency = {
        let app = app.clone();
        Callback::from(move |v: String| app.run(Command::SetCurrency(v)).err().map(|e| capitalise(&e.to_string())))
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
                        Callback::from(move |v: String| app.run(Command::SetScaleLabel { level: i as u8, label: v }).err().map(|e| capitalise(&e.to_string())))
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
