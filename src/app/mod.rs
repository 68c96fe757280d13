//! The Yew shell: routes, layout, autosave and the global keyboard shortcuts. Pages live in [`pages`],
//! reusable pieces in [`components`], browser side effects in [`services`].

pub mod components;
pub mod context;
pub mod framework_worker;
pub mod learner;
pub mod pages;
pub mod services;
pub mod sim_worker;
pub mod state;
pub mod survey;

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::domain::example::example_workspace;
use crate::domain::Workspace;

/// How long after the last edit autosave runs, in milliseconds.
const SAVE_DELAY_MS: u32 = 800;
use context::{use_app, AppCtx};
use services::storage::{self, Loaded, StorageStatus};
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

/// Loads the saved workspace (or the example) once, at start.
fn initial() -> (AppState, StorageStatus, Option<String>) {
    if !storage::available() {
        return (AppState::new(example_workspace()), StorageStatus::Blocked, None);
    }
    match storage::load() {
        Loaded::Saved(ws) => (AppState::new(ws), StorageStatus::Saving, None),
        Loaded::Nothing => (AppState::new(example_workspace()), StorageStatus::Saving, None),
        Loaded::Unreadable(why) => (
            AppState::new(example_workspace()),
            StorageStatus::Saving,
            Some(format!(
                "Your saved workspace could not be read ({why}). It has been set aside in this browser's storage \
                 under \u{201c}{}\u{201d}, and the example workspace is shown instead.",
                storage::RESCUE_KEY
            )),
        ),
    }
}

/// The root component.
#[component]
pub fn App() -> Html {
    let boot = use_memo((), |_| initial());
    let state = {
        let boot = boot.clone();
        use_reducer(move || boot.0.clone())
    };
    let status = use_state(|| boot.1.clone());
    let rescue = use_state(|| boot.2.clone());

    // Autosave shortly after the last change of the workspace (never inside `reduce`): a burst of keyboard
    // edits is saved once (saving a very large workspace takes ~0.1 s), and leaving or reloading the page
    // saves at once.
    let pending = use_mut_ref(|| None::<Rc<Workspace>>);
    let flush = {
        let (pending, status) = (pending.clone(), status.clone());
        Rc::new(move || {
            let Some(ws) = pending.borrow_mut().take() else { return };
            if *status != StorageStatus::Blocked {
                let s = storage::save(&ws);
                if s != *status {
                    status.set(s);
                }
            }
        })
    };
    {
        let (pending, flush) = (pending.clone(), flush.clone());
        use_effect_with(state::WsKey(state.ws().clone()), move |ws| {
            *pending.borrow_mut() = Some(ws.0.clone());
            let timer = gloo::timers::callback::Timeout::new(SAVE_DELAY_MS, move || flush());
            move || drop(timer)
        });
    }
    {
        let flush = flush.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let on_hide = {
                let flush = flush.clone();
                gloo::events::EventListener::new(&window, "pagehide", move |_| flush())
            };
            let on_hidden = gloo::events::EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
                if gloo::utils::document().visibility_state() == web_sys::VisibilityState::Hidden {
                    flush();
                }
            });
            move || drop((on_hide, on_hidden))
        });
    }

    let ctx = AppCtx { state: state.clone(), storage: (*status).clone() };
    html! {
        <ContextProvider<AppCtx> context={ctx}>
            <HashRouter>
                <Shell rescue={(*rescue).clone()} />
            </HashRouter>
        </ContextProvider<AppCtx>>
    }
}

#[derive(Properties, PartialEq)]
struct ShellProps {
    rescue: Option<String>,
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
                if let Some(r) = &p.rescue {
                    <div class="notice warn" role="alert">{ r.clone() }</div>
                }
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
    use_effect_with((), |_| {
        let _ = gloo::utils::window().location().reload();
    });
    let what = if survey_code_at_start().is_some() { "Opening the staff survey…" } else { "Opening the self-assessment…" };
    html! { <h1>{ what }</h1> }
}

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

/// Mounts the app on the page, after installing a panic hook that tells the user what happened. A learner
/// link (or an LMS package) starts learner mode instead of the trainer app, a survey link staff-survey mode.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Skillgap crashed: {info}").into());
        if let Some(el) = gloo::utils::document().get_element_by_id("crash") {
            el.set_attribute("class", "crash shown").ok();
        }
    }));
    services::csp::narrow();
    // The crash notice's Reload button (index.html has no inline handlers: the page's policy forbids them).
    if let Some(button) = gloo::utils::document().get_element_by_id("crash-reload") {
        gloo::events::EventListener::new(&button, "click", |_| {
            let _ = gloo::utils::window().location().reload();
        })
        .forget();
    }
    match (learner_code_at_start(), survey_code_at_start()) {
        (Some(code), _) => {
            let props = learner::LearnerRootProps { code: code.into() };
            yew::Renderer::<learner::LearnerRoot>::with_props(props).render();
        }
        (None, Some(code)) => {
            let props = survey::SurveyRootProps { code: code.into() };
            yew::Renderer::<survey::SurveyRoot>::with_props(props).render();
        }
        (None, None) => {
            yew::Renderer::<App>::new().render();
        }
    }
}
