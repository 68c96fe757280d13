//! The Yew shell: routes, layout, autosave and the global keyboard shortcuts. Pages live in [`pages`],
//! reusable pieces in [`components`], browser side effects in [`services`].

pub mod components;
pub mod context;
pub mod framework_worker;
pub mod learner;
pub mod pages;
pub mod saving;
pub mod services;
pub mod sim_worker;
pub mod state;
pub mod survey;

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::domain::example::example_workspace;

use context::{use_app, AppCtx};
use saving::{use_autosave, Autosave};
use services::storage::{self, Boot};
use state::{Action, AppState};

/// Every page, addressed by the URL fragment so the app works from any folder, sub-path or LMS package.
#[derive(Clone, Routable, PartialEq, Debug)]
pub enum Route {
    #[at("/")]
    Overview,
    #[at("/skills")]
    Skills,
    #[at("/skills/:id")]
    Skill { id: String },
    #[at("/roles")]
    Roles,
    #[at("/roles/:id")]
    Role { id: String },
    #[at("/profiles")]
    Profiles,
    #[at("/people")]
    People,
    #[at("/people/:id")]
    Person { id: String },
    #[at("/rate")]
    Rate,
    #[at("/gaps")]
    Gaps,
    #[at("/gaps/heatmap")]
    GapsHeatmap,
    #[at("/gaps/people")]
    GapsPeople,
    #[at("/gaps/compare")]
    GapsCompare,
    #[at("/simulate")]
    Simulate,
    #[at("/simulate/:id")]
    Scenario { id: String },
    #[at("/share")]
    Share,
    /// A learner link opened in a tab that already runs the trainer app: reloads into learner mode.
    #[at("/learn/:code")]
    Learn { code: String },
    #[at("/surveys")]
    Surveys,
    #[at("/surveys/questions")]
    SurveyQuestions,
    /// A survey link opened in a tab that already runs the trainer app: reloads into staff-survey mode.
    #[at("/survey/:code")]
    Respond { code: String },
    #[at("/data")]
    Data,
    #[not_found]
    #[at("/not-found")]
    NotFound,
}

fn switch(route: Route) -> Html {
    match route {
        Route::Overview => html! { <pages::overview::OverviewPage /> },
        Route::Skills => html! { <pages::skills::SkillsPage selected={None::<String>} /> },
        Route::Skill { id } => html! { <pages::skills::SkillsPage selected={Some(id)} /> },
        Route::Roles => html! { <pages::roles::RolesPage selected={None::<String>} /> },
        Route::Role { id } => html! { <pages::roles::RolesPage selected={Some(id)} /> },
        Route::Profiles => html! { <pages::matrix::MatrixPage /> },
        Route::People => html! { <pages::people::PeoplePage selected={None::<String>} /> },
        Route::Person { id } => html! { <pages::people::PeoplePage selected={Some(id)} /> },
        Route::Rate => html! { <pages::assess::AssessPage /> },
        Route::Gaps => html! { <pages::gaps::GapsPage view={pages::gaps::GapsView::Priorities} /> },
        Route::GapsHeatmap => html! { <pages::gaps::GapsPage view={pages::gaps::GapsView::Heatmap} /> },
        Route::GapsPeople => html! { <pages::gaps::GapsPage view={pages::gaps::GapsView::People} /> },
        Route::GapsCompare => html! { <pages::gaps::GapsPage view={pages::gaps::GapsView::Compare} /> },
        Route::Simulate => html! { <pages::simulate::SimulatePage /> },
        Route::Scenario { id } => html! { <pages::scenario::ScenarioPage {id} /> },
        Route::Share => html! { <pages::share::SharePage /> },
        Route::Learn { .. } => html! { <ReloadIntoLearner /> },
        Route::Surveys => html! { <pages::surveys::SurveysPage view={pages::surveys::SurveysView::Rounds} /> },
        Route::SurveyQuestions => html! { <pages::surveys::SurveysPage view={pages::surveys::SurveysView::Questions} /> },
        Route::Respond { .. } => html! { <ReloadIntoLearner /> },
        Route::Data => html! { <pages::data::DataPage /> },
        // A learner link whose fragment a mail program encoded (`#%2Flearn%2F…`) opened in this tab.
        Route::NotFound if learner_code_at_start().is_some() || survey_code_at_start().is_some() => html! { <ReloadIntoLearner /> },
        Route::NotFound => html! {
            <section aria-labelledby="page-title">
                <h1 id="page-title">{ "Page not found" }</h1>
                <p>{ "That address does not match a page of Skillgap. " }<AppLink to={Route::Overview}>{ "Go to the overview" }</AppLink></p>
            </section>
        },
    }
}

/// The root component: opens this browser's storage, then shows the app on what it found. Until then
/// only a line saying so (no `main`: nothing is there to use yet).
#[component]
pub fn App() -> Html {
    let boot = use_state(|| None::<BootProp>);
    use_effect_with((), |_| loaded());
    {
        let boot = boot.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let b = storage::boot().await;
                boot.set(Some(BootProp(Rc::new(b))));
            });
        });
    }
    match &*boot {
        None => html! { <p class="loading" role="status">{ "Opening your workspace\u{2026}" }</p> },
        Some(b) => html! { <Loaded boot={b.clone()} /> },
    }
}

/// What [`storage::boot`] found, compared by identity.
#[derive(Clone)]
pub struct BootProp(pub Rc<Boot>);

impl PartialEq for BootProp {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct LoadedProps {
    boot: BootProp,
}

/// The app on the loaded workspace (or the example), with its autosave.
#[component]
fn Loaded(p: &LoadedProps) -> Html {
    let boot = p.boot.0.clone();
    let state = {
        let ws = boot.workspace.clone();
        use_reducer(move || AppState::new(ws.unwrap_or_else(example_workspace)))
    };
    let saver = {
        let (boot, ws) = (boot.clone(), state.ws().clone());
        use_memo((), move |_| {
            let stored = boot.stored && boot.workspace.is_some();
            Autosave::new(ws, boot.gen, stored, boot.status.clone(), boot.stopped.clone())
        })
    };
    let saver: Rc<Autosave> = (*saver).clone();
    let view = use_autosave(saver.clone(), state.clone());
    let notices = use_state(|| boot.notices.clone());
    {
        // Ask the browser to keep this site's data under storage pressure once there is data of the
        // user's own (Chromium decides silently; other browsers may ask).
        let own = boot.workspace.as_ref().is_some_and(|w| !w.is_example);
        use_effect_with((), move |_| {
            if own {
                wasm_bindgen_futures::spawn_local(async {
                    let _ = storage::persist().await;
                });
            }
        });
    }
    let ctx = AppCtx { state: state.clone(), storage: saver.status(), saver, view };
    html! {
        <ContextProvider<AppCtx> context={ctx}>
            <HashRouter>
                <Shell notices={(*notices).clone()} />
            </HashRouter>
        </ContextProvider<AppCtx>>
    }
}

#[derive(Properties, PartialEq)]
struct ShellProps {
    /// What loading found that the user should know (unreadable saves kept aside, …).
    notices: Vec<String>,
}

/// Header, notices, the routed page and the status area.
#[component]
fn Shell(p: &ShellProps) -> Html {
    let app = use_app();
    let ws = app.ws();
    let route = use_route::<Route>().unwrap_or(Route::Overview);
    let main_ref = use_node_ref();

    // Ctrl/Cmd+Z undo, Ctrl+Y or Ctrl/Cmd+Shift+Z redo — outside text fields, which keep their own undo.
    {
        let app = app.clone();
        use_effect_with((), move |_| {
            let doc = gloo::utils::document();
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            let listener = gloo::events::EventListener::new_with_options(&doc, "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
                    return;
                }
                let in_text = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"))
                    .unwrap_or(false);
                if in_text {
                    return;
                }
                let key = e.key().to_lowercase();
                if key == "z" && !e.shift_key() {
                    e.prevent_default();
                    app.state.dispatch(Action::Undo);
                } else if key == "y" || (key == "z" && e.shift_key()) {
                    e.prevent_default();
                    app.state.dispatch(Action::Redo);
                }
            });
            move || drop(listener)
        });
    }

    // A new page starts at its top with keyboard focus on its h1, as a page load would: without this a
    // link followed half-way down a long page (a person in "People most at risk") opens the next page
    // half-way down, and a screen reader stays on the link that is gone. Not on the first page shown,
    // which the browser itself places; a page's own focus move after render (focus_after_render) wins.
    {
        let first = use_mut_ref(|| true);
        use_effect_with(route.clone(), move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                pages::focus_at_top("page-title");
            }
        });
    }

    let skip = {
        let main_ref = main_ref.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            if let Some(m) = main_ref.cast::<web_sys::HtmlElement>() {
                let _ = m.focus();
            }
        })
    };
    let undo = {
        let app = app.clone();
        Callback::from(move |_| app.undo())
    };
    let redo = {
        let app = app.clone();
        Callback::from(move |_| app.redo())
    };
    let section = match route {
        Route::Skills | Route::Skill { .. } => Route::Skills,
        Route::Roles | Route::Role { .. } => Route::Roles,
        Route::People | Route::Person { .. } => Route::People,
        Route::Gaps | Route::GapsHeatmap | Route::GapsPeople | Route::GapsCompare => Route::Gaps,
        Route::Simulate | Route::Scenario { .. } => Route::Simulate,
        Route::Surveys | Route::SurveyQuestions => Route::Surveys,
        ref r => r.clone(),
    };
    let nav = [
        (Route::Overview, "Overview"),
        (Route::Skills, "Skill library"),
        (Route::Roles, "Roles"),
        (Route::Profiles, "Role profiles"),
        (Route::People, "People"),
        (Route::Rate, "Rate"),
        (Route::Gaps, "Gaps"),
        (Route::Simulate, "Simulate"),
        (Route::Share, "Learner links"),
        (Route::Surveys, "Staff surveys"),
        (Route::Data, "Data"),
    ];
    let flash = app.state.flash.clone();
    crash_test(&ws.name);
    html! {
        <>
            <a class="skip-link" href="#main" onclick={skip}>{ "Skip to content" }</a>
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">{ "◆" }</span>
                    <span class="brand-name">{ "Skillgap" }</span>
                    <span class="ws-name" title={ws.name.clone()}>{ ws.name.clone() }</span>
                </div>
                <nav aria-label="Main">
                    <ul>
                        { for nav.into_iter().map(|(r, label)| {
                            let current = r == section;
                            html! { <li><AppLink to={r} {current}>{ label }</AppLink></li> }
                        }) }
                    </ul>
                </nav>
                <saving::SaveState />
                <div class="history-buttons">
                    <button type="button" class="btn ghost" onclick={undo} disabled={!app.state.history.can_undo()}
                        aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">{ "↶ Undo" }</button>
                    <button type="button" class="btn ghost" onclick={redo} disabled={!app.state.history.can_redo()}
                        aria-keyshortcuts="Control+Y" title="Redo (Ctrl+Y)">{ "↷ Redo" }</button>
                </div>
            </header>
            <div class="notices">
                if let Some(n) = app.storage.notice() {
                    <div class="notice warn" role="alert"><strong>{ "Not saving: " }</strong>{ n }</div>
                }
                <saving::ConflictNotice />
                <saving::StoppedNotice />
                { for p.notices.iter().map(|n| html! {
                    <div class="notice warn" role="alert">{ n.clone() }{ " " }<AppLink to={Route::Data}>{ "Go to Data" }</AppLink></div>
                }) }
                if ws.is_example && matches!(route, Route::Overview) {
                    <div class="notice info">
                        <strong>{ "Example data. " }</strong>
                        { "This workspace is a fictional retail bank, here to explore. Edit it freely, or start your own under " }
                        <AppLink to={Route::Data}>{ "Data" }</AppLink>{ "." }
                    </div>
                }
            </div>
            <main id="main" ref={main_ref} tabindex="-1">
                <Switch<Route> render={switch} />
            </main>
            <div class={classes!("flash", flash.as_ref().map(|f| if f.is_error { "error" } else { "ok" }))}
                role="status" aria-live="polite" aria-atomic="true">
                if let Some(f) = flash { <span key={f.seq.to_string()}>{ f.text }</span> }
            </div>
            <footer class="footer">
                { "Skillgap runs entirely in your browser: nothing you enter leaves this device unless you export it." }
            </footer>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct AppLinkProps {
    pub to: Route,
    #[prop_or_default]
    pub current: bool,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
    #[prop_or_default]
    pub label: Option<AttrValue>,
}

/// A link to a route: a real `href` (so it opens in a new tab and reads as a link) that navigates in place.
#[component]
pub fn AppLink(p: &AppLinkProps) -> Html {
    let nav = use_navigator();
    let onclick = {
        let to = p.to.clone();
        Callback::from(move |e: MouseEvent| {
            if e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key() {
                return;
            }
            if let Some(nav) = &nav {
                e.prevent_default();
                nav.push(&to);
            }
        })
    };
    let href = format!("#{}", p.to.to_path());
    html! {
        <a {href} {onclick} class={p.class.clone()} aria-current={p.current.then_some("page")}
            aria-label={p.label.clone()}>{ p.children.clone() }</a>
    }
}

/// Sets the document title for the page being shown.
#[hook]
pub fn use_title(title: String) {
    use_effect_with(title, |t| {
        gloo::utils::document().set_title(&format!("{t} · Skillgap"));
    });
}

/// Shown for a moment when a learner or survey link is opened inside the trainer app (the hash changed
/// without a page load): learner and staff-survey mode are different roots, so the page reloads into them.
#[component]
fn ReloadIntoLearner() -> Html {
    // index.html's loader chooses the bundle by the same rules as `learner_code_at_start`; should it ever
    // choose the trainer's for a learner page, this page would reload for ever. The hash reloaded for is
    // kept for the tab (the learner bundle clears it), and a second arrival says so instead.
    let looped = use_memo((), |_| {
        use gloo::storage::{SessionStorage, Storage};
        let hash = gloo::utils::window().location().hash().unwrap_or_default();
        let seen = SessionStorage::get::<String>(RELOADED_KEY).ok().is_some_and(|h| h == hash);
        if seen {
            SessionStorage::delete(RELOADED_KEY);
        } else if SessionStorage::set(RELOADED_KEY, &hash).is_err() {
            // Without session storage a loop could not be noticed: do not reload at all.
            return true;
        }
        seen
    });
    let looped = *looped;
    use_effect_with(looped, |looped| {
        if !*looped {
            let _ = gloo::utils::window().location().reload();
        }
    });
    let survey = survey_code_at_start().is_some();
    if looped {
        let (title, text) = if survey {
            ("This survey link did not open", "The staff survey's page did not load for this link.")
        } else {
            ("This learner link did not open", "The self-assessment's page did not load for this link.")
        };
        html! {
            <section aria-labelledby="page-title">
                <h1 id="page-title" tabindex="-1">{ title }</h1>
                <p>{ text }{ " Open the link in a new tab; if it still does not open, ask whoever sent it for a \
                      new one." }</p>
            </section>
        }
    } else {
        let what = if survey { "Opening the staff survey…" } else { "Opening the self-assessment…" };
        html! { <h1 id="page-title" tabindex="-1">{ what }</h1> }
    }
}

/// Session storage key: the learner link this tab last reloaded into learner mode for (see
/// `ReloadIntoLearner`).
pub const RELOADED_KEY: &str = "skillgap.reloaded-into-learner";

/// The learner link's code if this page load is for a learner: the `<meta name="skillgap-learner">` that
/// a package's index.html carries, or a `#/learn/<code>` fragment — percent-decoded (mail programs encode
/// it, even whole: `#%2Flearn%2F…`) and without the launch parameters an LMS may append to it
/// (`domain::lms::learner_code_at_start`).
pub fn learner_code_at_start() -> Option<String> {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let meta = gloo::utils::document()
        .query_selector("meta[name='skillgap-learner']")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"));
    crate::domain::lms::learner_code_at_start(meta.as_deref(), &hash)
}

/// The survey link's code if this page load is for a respondent: a `#/survey/<code>` fragment, read as
/// learner links are (`domain::survey::codec::survey_code_in_fragment`). Never inside a learner package.
pub fn survey_code_at_start() -> Option<String> {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    crate::domain::survey::codec::survey_code_in_fragment(&hash)
}

/// Test builds only (debug assertions on, never the release build): with `?crash-test` in the address,
/// renaming the workspace to "Crash now" panics while rendering, once per browser session, so the
/// end-to-end tests can check the crash notice, its download and the reload after it.
#[cfg(debug_assertions)]
fn crash_test(name: &str) {
    let window = gloo::utils::window();
    let session = window.session_storage().ok().flatten();
    let armed = session.as_ref().is_some_and(|s| s.get_item("skillgap.crash-tested").ok().flatten().is_none());
    if name == "Crash now" && armed && window.location().search().unwrap_or_default().contains("crash-test") {
        if let Some(s) = &session {
            let _ = s.set_item("skillgap.crash-tested", "1");
        }
        panic!("deliberate test panic (a debug build, ?crash-test, workspace named \u{201c}Crash now\u{201d})");
    }
}

#[cfg(not(debug_assertions))]
fn crash_test(_: &str) {}

/// What every page load does before it mounts anything, in either bundle: the narrowed
/// Content-Security-Policy. Each bundle hands Yew its own panic hook before this (Yew replaces any hook set
/// otherwise): the trainer's offers the workspace ([`services::crash::install`]), the learner's only shows
/// the notice ([`services::crash::install_notice_only`]); the notice's Reload button is assets/crash.js.
pub fn boot() {
    services::csp::narrow();
}

/// Removes index.html's static "Loading…" text: called from the root component's first effect, so the
/// text stays until the app has something to show.
pub fn loaded() {
    if let Some(el) = gloo::utils::document().get_element_by_id("boot") {
        el.remove();
    }
}

/// The trainer bundle's start (`src/main.rs`): mounts the trainer app. index.html's loader script loads
/// this bundle only when the page is not a learner page (the learner bundle, `src/bin/learner.rs`, starts
/// [`learner::start`]); should a learner page still reach it, the router's learner route reloads the page
/// once, which loads the learner bundle.
pub fn start() {
    services::crash::install();
    boot();
    match survey_code_at_start() {
        // A staff survey's respondent page (`#/survey/<code>`): a root of its own, without the trainer's
        // workspace, in the trainer bundle (index.html's loader loads the learner bundle only for learner pages).
        Some(code) => {
            let props = survey::SurveyRootProps { code: code.into() };
            yew::Renderer::<survey::SurveyRoot>::with_root_and_props(mount_point(), props).render();
        }
        None => {
            yew::Renderer::<App>::with_root(mount_point()).render();
        }
    }
}

/// index.html's `<div id="app">`, where either bundle mounts (the body when it is missing): Yew empties the
/// element it mounts on, and the loading text and crash notice beside it must stay.
pub fn mount_point() -> web_sys::Element {
    gloo::utils::document().get_element_by_id("app").unwrap_or_else(|| gloo::utils::body().into())
}
