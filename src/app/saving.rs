//! Autosave and the tabs that share one workspace: when to save, what a save found, and what the user is
//! told and offered. The storage itself is [`super::services::storage`]; the merge is
//! [`crate::domain::merge`].
//!
//! Every change of the workspace is saved 0.8 s after the last one, or at once when the page is hidden or
//! closed (then also written synchronously to `localStorage` as the pending copy). One save runs at a
//! time; changes made meanwhile are saved after it. A save names the generation this tab last loaded or
//! saved; when another tab has saved since, nothing is written and the user chooses:
//! - **Merge both** — offered when the two tabs' edits touch different items;
//! - **Use the other tab's version** — this tab's is kept as a copy on the Data page;
//! - **Keep mine** — the other tab's is kept as a copy on the Data page.
//!
//! Until then this tab keeps working in memory and saves nothing. When another tab saves while this one has
//! no unsaved changes, this one simply shows the new version (undo brings its previous one back) and says so.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use super::services::storage::{self, CopyKind, SaveOutcome, StorageStatus, Stopped};
use super::services::{crash, tabs};
use super::state::{Action, AppState};
use crate::domain::io::to_storage_bytes;
use crate::domain::merge::{merge, Merged};
use crate::domain::{Command, Workspace};

/// How long after the last edit autosave runs, in milliseconds.
pub const SAVE_DELAY_MS: u32 = 800;

/// Another tab saved while this one had changes of its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub theirs: Rc<Workspace>,
    pub their_gen: u64,
    /// When the other tab saved (ms since 1970).
    pub their_at: f64,
    /// The merge of both, or what stands in its way.
    pub merged: Result<Merged, Vec<String>>,
}

/// Something the UI shows, set by the autosave.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct View {
    pub status: Option<StorageStatus>,
    pub conflict: Option<Rc<Conflict>>,
    pub stopped: Option<Rc<Stopped>>,
    /// Changes whenever the kept copies may have changed (the Data page lists them again).
    pub copies: u32,
    /// Whether a save is running or waiting.
    pub unsaved: bool,
}

/// The autosave of one page. Shared by the app's components through the context.
pub struct Autosave {
    /// The generation of the save this tab last loaded or wrote.
    gen: Cell<u64>,
    /// The workspace both this tab and the store last had in common (what the two tabs' edits are merged
    /// from).
    base: RefCell<Rc<Workspace>>,
    /// What is stored, when this tab knows it (nothing yet when it started on the example).
    saved: RefCell<Option<Rc<Workspace>>>,
    /// The newest workspace of this tab, including an edit accepted but not yet rendered.
    latest: RefCell<Rc<Workspace>>,
    pending: RefCell<Option<Rc<Workspace>>>,
    timer: RefCell<Option<gloo::timers::callback::Timeout>>,
    in_flight: Cell<bool>,
    status: RefCell<StorageStatus>,
    view: RefCell<View>,
    /// Re-renders the app with the new [`View`].
    notify: RefCell<Option<Callback<View>>>,
    /// The app's reducer, to show another tab's version.
    dispatch: RefCell<Option<Callback<Action>>>,
}

impl PartialEq for Autosave {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Autosave {
    /// An autosave starting from `ws` as loaded at generation `gen`; `stored` says whether `ws` is exactly
    /// what is stored (else the first save writes it).
    pub fn new(ws: Rc<Workspace>, gen: u64, stored: bool, status: StorageStatus, stopped: Option<Stopped>) -> Rc<Self> {
        let view = View { status: Some(status.clone()), stopped: stopped.map(Rc::new), unsaved: !stored, ..View::default() };
        let a = Rc::new(Self {
            gen: Cell::new(gen),
            base: RefCell::new(ws.clone()),
            saved: RefCell::new(stored.then(|| ws.clone())),
            latest: RefCell::new(ws.clone()),
            // Not stored yet (the example, or an earlier version's save): the first save writes it.
            pending: RefCell::new((!stored).then(|| ws.clone())),
            timer: RefCell::new(None),
            in_flight: Cell::new(false),
            status: RefCell::new(status),
            view: RefCell::new(view),
            notify: RefCell::new(None),
            dispatch: RefCell::new(None),
        });
        crash::remember_base(gen);
        crash::remember(&a.latest.borrow());
        a
    }

    /// Connects the autosave to the app's view and reducer.
    pub fn connect(&self, notify: Callback<View>, dispatch: Callback<Action>) {
        *self.notify.borrow_mut() = Some(notify);
        *self.dispatch.borrow_mut() = Some(dispatch);
    }

    fn set_gen(&self, gen: u64) {
        self.gen.set(gen);
        crash::remember_base(gen);
    }

    pub fn view(&self) -> View {
        self.view.borrow().clone()
    }

    fn update(&self, f: impl FnOnce(&mut View)) {
        let v = {
            let mut v = self.view.borrow_mut();
            f(&mut v);
            v.status = Some(self.status.borrow().clone());
            v.unsaved = self.pending.borrow().is_some() || self.in_flight.get();
            v.clone()
        };
        if let Some(n) = self.notify.borrow().as_ref() {
            n.emit(v);
        }
    }

    fn set_status(&self, s: StorageStatus) {
        if *self.status.borrow() != s {
            *self.status.borrow_mut() = s;
            self.update(|_| {});
        }
    }

    pub fn status(&self) -> StorageStatus {
        self.status.borrow().clone()
    }

    /// The newest workspace of this tab (an accepted edit may not have been rendered yet).
    pub fn latest(&self) -> Rc<Workspace> {
        self.latest.borrow().clone()
    }

    /// An edit was accepted (or the reducer produced a new workspace): note it now, save it soon.
    pub fn changed(self: &Rc<Self>, ws: Rc<Workspace>) {
        crash::remember(&ws);
        *self.latest.borrow_mut() = ws.clone();
        if self.saved.borrow().as_ref().is_some_and(|s| Rc::ptr_eq(s, &ws)) {
            return; // what is stored (the workspace as loaded): nothing to save
        }
        let was_saved = self.pending.borrow_mut().replace(ws).is_none() && !self.in_flight.get();
        let me = self.clone();
        *self.timer.borrow_mut() = Some(gloo::timers::callback::Timeout::new(SAVE_DELAY_MS, move || me.flush()));
        if was_saved {
            self.update(|_| {});
        }
    }

    /// Whether this tab has changes the store does not have.
    fn has_changes(&self) -> bool {
        self.in_flight.get()
            || self.pending.borrow().is_some()
            || !same(&self.latest.borrow(), &self.base.borrow())
    }

    /// Saves the pending workspace now (unless a save is running: then right after it).
    pub fn flush(self: &Rc<Self>) {
        *self.timer.borrow_mut() = None;
        if self.in_flight.get() || !self.status.borrow().writes() {
            return;
        }
        let Some(ws) = self.pending.borrow_mut().take() else { return };
        if self.saved.borrow().as_ref().is_some_and(|s| same(s, &ws)) {
            self.update(|_| {});
            return;
        }
        self.in_flight.set(true);
        self.update(|_| {});
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = storage::save(&ws, me.gen.get()).await;
            me.in_flight.set(false);
            me.saved_outcome(ws, outcome).await;
        });
    }

    async fn saved_outcome(self: &Rc<Self>, ws: Rc<Workspace>, outcome: SaveOutcome) {
        let ok_status = if storage_place_local() { StorageStatus::SavingLocal } else { StorageStatus::Saving };
        match outcome {
            SaveOutcome::Saved(gen) => {
                self.set_gen(gen);
                *self.base.borrow_mut() = ws.clone();
                *self.saved.borrow_mut() = Some(ws);
                self.set_status(ok_status);
                if self.pending.borrow().is_some() {
                    self.flush();
                } else {
                    self.update(|_| {});
                }
            }
            SaveOutcome::Conflict(gen) => {
                self.keep_pending(ws);
                self.set_status(StorageStatus::Conflict);
                self.resolve(gen).await;
            }
            SaveOutcome::Full => {
                self.keep_pending(ws);
                self.set_status(StorageStatus::Full);
            }
            SaveOutcome::Failed(why) => {
                self.keep_pending(ws);
                web_sys::console::error_1(&format!("Skillgap: saving failed: {why}").into());
                self.set_status(StorageStatus::Full);
            }
        }
    }

    /// Puts `ws` back as pending unless a newer change is already waiting.
    fn keep_pending(&self, ws: Rc<Workspace>) {
        let mut p = self.pending.borrow_mut();
        if p.is_none() {
            *p = Some(ws);
        }
    }

    /// The page is being hidden or closed: unsaved changes go to `localStorage` at once (an IndexedDB write
    /// started now may not finish), and a save starts.
    pub fn hide(self: &Rc<Self>) {
        if self.has_changes() && self.status.borrow().writes() {
            storage::write_pending(&self.latest(), self.gen.get());
        }
        self.flush();
    }

    /// Another tab saved generation `gen`.
    pub fn foreign_save(self: &Rc<Self>, gen: u64) {
        if gen <= self.gen.get() {
            return;
        }
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if me.has_changes() || *me.status.borrow() == StorageStatus::Conflict {
                me.set_status(StorageStatus::Conflict);
                me.resolve(gen).await;
                return;
            }
            match storage::load_stored().await {
                Ok((theirs, meta)) => {
                    let theirs = Rc::new(theirs);
                    me.set_gen(meta.gen);
                    *me.base.borrow_mut() = theirs.clone();
                    *me.saved.borrow_mut() = Some(theirs.clone());
                    me.run(Command::Replace(Box::new((*theirs).clone())), "This tab now shows the changes saved in another tab. Undo brings back what it showed before.");
                }
                Err(e) => web_sys::console::warn_1(&format!("Skillgap: another tab's save could not be read: {e}").into()),
            }
        });
    }

    fn run(&self, cmd: Command, done: &str) {
        if let Some(d) = self.dispatch.borrow().as_ref() {
            d.emit(Action::Run { cmd, done: Some(done.to_string()) });
        }
    }

    fn say(&self, text: String, is_error: bool) {
        if let Some(d) = self.dispatch.borrow().as_ref() {
            d.emit(Action::Say { text, is_error });
        }
    }

    /// Reads what the other tab saved and works out the merge; the user then chooses.
    async fn resolve(self: &Rc<Self>, _gen: u64) {
        match storage::load_stored().await {
            Ok((theirs, meta)) => {
                let merged = merge(&self.base.borrow(), &self.latest(), &theirs);
                let c = Conflict { theirs: Rc::new(theirs), their_gen: meta.gen, their_at: meta.at, merged };
                self.update(|v| v.conflict = Some(Rc::new(c)));
            }
            Err(e) => {
                // What the other tab saved cannot be read: keep it as a copy, and this tab's version stands.
                web_sys::console::warn_1(&format!("Skillgap: another tab's save could not be read: {e}").into());
                self.say(format!("Another tab saved something this tab cannot read ({e}); saving here has stopped. Export your workspace to keep it."), true);
            }
        }
    }

    fn settle(self: &Rc<Self>, their_gen: u64, theirs: Rc<Workspace>) {
        self.set_gen(their_gen);
        *self.base.borrow_mut() = theirs.clone();
        *self.saved.borrow_mut() = Some(theirs);
        *self.status.borrow_mut() = if storage_place_local() { StorageStatus::SavingLocal } else { StorageStatus::Saving };
        self.update(|v| {
            v.conflict = None;
            v.copies += 1;
        });
    }

    /// Merge both tabs' edits (only offered when they do not collide). Merged again now, with every edit
    /// made here since the choice was offered.
    pub fn merge_both(self: &Rc<Self>) {
        let Some(c) = self.view.borrow().conflict.clone() else { return };
        let merged = merge(&self.base.borrow(), &self.latest(), &c.theirs);
        let m = match merged {
            Ok(m) => m,
            Err(list) => {
                let c = Conflict { merged: Err(list), ..(*c).clone() };
                self.update(|v| v.conflict = Some(Rc::new(c)));
                return;
            }
        };
        let msg = format!(
            "Merged: {} from this tab and {} from the other tab. Undo brings back this tab's version.",
            changes(m.mine),
            changes(m.theirs)
        );
        self.settle(c.their_gen, c.theirs.clone());
        *self.pending.borrow_mut() = None;
        self.run(Command::Replace(Box::new(m.workspace)), &msg);
    }

    /// Show the other tab's version; this tab's is kept as a copy.
    pub fn take_theirs(self: &Rc<Self>) {
        let Some(c) = self.view.borrow().conflict.clone() else { return };
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mine = me.latest();
            let reason = "This tab's version, set aside when you chose the version another tab had saved";
            if let Err(e) = storage::add_copy(CopyKind::Mine, reason, Some(&mine.name), &to_storage_bytes(&mine)).await {
                me.say(format!("This tab's version could not be kept as a copy ({e}). Download it first, then choose again."), true);
                return;
            }
            me.settle(c.their_gen, c.theirs.clone());
            *me.pending.borrow_mut() = None;
            me.run(
                Command::Replace(Box::new((*c.theirs).clone())),
                "Showing the version saved in the other tab. This tab's version is kept as a copy on the Data page.",
            );
        });
    }

    /// Keep this tab's version; the other tab's is kept as a copy.
    pub fn keep_mine(self: &Rc<Self>) {
        let Some(c) = self.view.borrow().conflict.clone() else { return };
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let reason = "Another tab's version, set aside when you kept this tab's";
            if let Err(e) = storage::add_copy(CopyKind::Theirs, reason, Some(&c.theirs.name), &to_storage_bytes(&c.theirs)).await {
                me.say(format!("The other tab's version could not be kept as a copy ({e}). Free some space, then choose again."), true);
                return;
            }
            me.settle(c.their_gen, c.theirs.clone());
            *me.pending.borrow_mut() = Some(me.latest());
            me.say("Kept this tab's version; the other tab's is kept as a copy on the Data page.".into(), false);
            me.flush();
        });
    }

    /// After an unreadable save could not be set aside: the user has its data (or does not want it), so
    /// saving may write over it.
    pub fn resume(self: &Rc<Self>) {
        *self.status.borrow_mut() = if storage_place_local() { StorageStatus::SavingLocal } else { StorageStatus::Saving };
        *self.pending.borrow_mut() = Some(self.latest());
        self.update(|v| v.stopped = None);
        self.flush();
    }

    /// The kept copies changed (the Data page lists them again).
    pub fn copies_changed(&self) {
        self.update(|v| v.copies += 1);
    }
}

fn storage_place_local() -> bool {
    storage::on_local_storage()
}

fn changes(n: usize) -> String {
    if n == 1 {
        "1 change".into()
    } else {
        format!("{n} changes")
    }
}

/// The same workspace: the same pointer, or equal (an undo back to the saved state, another tab's copy).
fn same(a: &Rc<Workspace>, b: &Rc<Workspace>) -> bool {
    Rc::ptr_eq(a, b) || **a == **b
}

/// Wires an [`Autosave`] to the app: the reducer's workspace, the tab listener and the page's
/// hide and close events. Returns the current [`View`].
#[hook]
pub fn use_autosave(saver: Rc<Autosave>, state: UseReducerHandle<AppState>) -> View {
    let view = use_state(|| saver.view());
    {
        let (saver, view, state) = (saver.clone(), view.clone(), state.clone());
        use_effect_with((), move |_| {
            let dispatcher = state.dispatcher();
            saver.connect(Callback::from(move |v| view.set(v)), Callback::from(move |a| dispatcher.dispatch(a)));
            let listener = {
                let saver = saver.clone();
                tabs::Listener::new(storage::tab_id(), move |s| saver.foreign_save(s.gen))
            };
            let window = gloo::utils::window();
            let on_hide = {
                let saver = saver.clone();
                gloo::events::EventListener::new(&window, "pagehide", move |_| {
                    // Fields commit what was typed but not yet committed (no Enter, no leaving the field).
                    if let Ok(e) = web_sys::Event::new(super::components::fields::COMMIT_EVENT) {
                        let _ = gloo::utils::window().dispatch_event(&e);
                    }
                    saver.hide();
                })
            };
            let on_hidden = {
                let saver = saver.clone();
                gloo::events::EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
                    if gloo::utils::document().visibility_state() == web_sys::VisibilityState::Hidden {
                        saver.hide();
                    }
                })
            };
            move || drop((listener, on_hide, on_hidden))
        });
    }
    {
        let saver = saver.clone();
        use_effect_with(super::state::WsKey(state.ws().clone()), move |ws| {
            saver.changed(ws.0.clone());
        });
    }
    (*view).clone()
}

/// "Saved" / "Saving…" / "Not saved" beside the undo buttons: whether the last change is in storage.
#[component]
pub fn SaveState() -> Html {
    let app = super::context::use_app();
    let (text, class) = match (&app.view.status, app.view.unsaved) {
        (Some(StorageStatus::Saving | StorageStatus::SavingLocal), false) => ("Saved in this browser", "saved"),
        (Some(StorageStatus::Saving | StorageStatus::SavingLocal), true) => ("Saving\u{2026}", "saving"),
        _ => ("Not saved", "unsaved"),
    };
    html! { <span class={classes!("save-state", class)} data-state={class}>{ text }</span> }
}

/// When another tab saved while this one has changes: what happened and the choices.
#[component]
pub fn ConflictNotice() -> Html {
    let app = super::context::use_app();
    let Some(c) = app.view.conflict.clone() else { return html! {} };
    let saver = app.saver.clone();
    let on_merge = {
        let saver = saver.clone();
        Callback::from(move |_| saver.merge_both())
    };
    let on_theirs = {
        let saver = saver.clone();
        Callback::from(move |_| saver.take_theirs())
    };
    let on_mine = {
        let saver = saver.clone();
        Callback::from(move |_| saver.keep_mine())
    };
    let on_download = {
        let saver = saver.clone();
        Callback::from(move |_| {
            let name = format!("skillgap-workspace-this-tab-{}.json", super::services::files::today());
            super::services::files::download(&name, "application/json", crate::domain::export_json(&saver.latest()).as_bytes());
        })
    };
    let when = js_sys::Date::new(&c.their_at.into());
    let at = format!("{:02}:{:02}", when.get_hours(), when.get_minutes());
    html! {
        <section class="notice warn conflict" role="alert" aria-labelledby="conflict-title">
            <h2 id="conflict-title">{ "Another tab saved this workspace" }</h2>
            <p>{ format!(
                "Skillgap is open in another tab too, and that tab saved its version at {at} while this tab had changes \
                 of its own. Nothing has been overwritten: this tab stops saving until you choose."
            ) }</p>
            {
                match &c.merged {
                    Ok(m) => html! {
                        <p>{ format!(
                            "The two tabs changed different things, so both can be kept: {} from this tab and {} from the other.",
                            changes(m.mine), changes(m.theirs)
                        ) }</p>
                    },
                    Err(list) => html! {
                        <>
                            <p>{ "They cannot be merged, because:" }</p>
                            <ul>{ for list.iter().take(5).map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                        </>
                    },
                }
            }
            <div class="actions">
                if c.merged.is_ok() {
                    <button type="button" class="btn primary" onclick={on_merge}>{ "Merge both" }</button>
                }
                <button type="button" class="btn" onclick={on_theirs}>{ "Use the other tab's version" }</button>
                <button type="button" class="btn" onclick={on_mine}>{ "Keep this tab's version" }</button>
                <button type="button" class="btn ghost" onclick={on_download}>{ "Download this tab's version" }</button>
            </div>
            <p class="hint">{ "Whichever version you do not keep is kept as a copy on the Data page, where you can download or open it." }</p>
        </section>
    }
}

/// When a saved workspace could not be read nor copied aside: autosave is off; the raw data to download,
/// and the choice to save again.
#[component]
pub fn StoppedNotice() -> Html {
    let app = super::context::use_app();
    let Some(s) = app.view.stopped.clone() else { return html! {} };
    let on_download = {
        let s = s.clone();
        Callback::from(move |_| {
            let (name, ty, bytes) = s.download();
            super::services::files::download(&name, ty, &bytes);
        })
    };
    let on_resume = {
        let saver = app.saver.clone();
        Callback::from(move |_| saver.resume())
    };
    html! {
        <section class="notice error stopped" role="alert" aria-labelledby="stopped-title">
            <h2 id="stopped-title">{ "Not saving: your saved workspace could not be read" }</h2>
            <p>{ format!("The workspace saved in this browser could not be read ({}). ", s.why) }
               { "So that nothing is lost, Skillgap does not save over it: what you do now is kept in memory only. Download the saved data to keep it (it can be repaired or read by a newer Skillgap), then choose to save again." }</p>
            <div class="actions">
                <button type="button" class="btn primary" onclick={on_download}>{ "Download the saved data" }</button>
                <button type="button" class="btn" onclick={on_resume}>{ "Save again, replacing it" }</button>
            </div>
        </section>
    }
}
