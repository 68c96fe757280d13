//! The app context: the reducer handle and the storage status, reached through [`use_app`] so pages never
//! touch the raw context.

use std::rc::Rc;

use yew::prelude::*;

use super::saving::{Autosave, View};
use super::services::storage::StorageStatus;
use super::state::{capitalise, Action, AppState};
use crate::domain::{Applied, Command, DomainError, Workspace};

/// What every page gets from [`use_app`].
#[derive(Clone, PartialEq)]
pub struct AppCtx {
    pub state: UseReducerHandle<AppState>,
    pub storage: StorageStatus,
    /// The autosave: what is saved, kept copies, another tab's save (see [`super::saving`]).
    pub saver: Rc<Autosave>,
    pub view: View,
}

impl AppCtx {
    /// The workspace as it stands.
    pub fn ws(&self) -> Rc<Workspace> {
        self.state.ws().clone()
    }

    /// Checks `cmd` against the current workspace and, if it is accepted, applies it (undoably).
    /// Returns the refusal without changing anything, so a field can show it beside itself.
    pub fn run(&self, cmd: Command) -> Result<Applied, DomainError> {
        self.run_with(cmd, None)
    }

    /// Runs `cmd` for a field: `None` when it was applied, else the refusal as a sentence to show beside
    /// the field.
    pub fn refusal(&self, cmd: Command) -> Option<String> {
        self.run(cmd).err().map(|e| capitalise(&e.to_string()))
    }

    /// Like [`AppCtx::run`], announcing `done` in the status area on success.
    /// The command is checked against the newest workspace (an edit just accepted may not have been
    /// rendered yet, as when several fields commit as the page closes), and the result handed to the
    /// autosave at once, so that closing the page right after an edit saves it.
    pub fn run_with(&self, cmd: Command, done: Option<String>) -> Result<Applied, DomainError> {
        let mut probe = cmd.starting_point(&self.saver.latest());
        let applied = probe.apply(cmd.clone())?;
        self.state.dispatch(Action::Run { cmd, done });
        self.saver.changed(Rc::new(probe));
        Ok(applied)
    }

    /// Runs `cmd` and announces the outcome (success text or the refusal) in the status area.
    pub fn run_announced(&self, cmd: Command, done: impl Into<String>) -> bool {
        match self.run_with(cmd, Some(done.into())) {
            Ok(_) => true,
            Err(e) => {
                self.say_error(capitalise(&e.to_string()));
                false
            }
        }
    }

    /// Shows an error in the status area.
    pub fn say_error(&self, text: impl Into<String>) {
        self.state.dispatch(Action::Say { text: text.into(), is_error: true });
    }

    /// Shows a confirmation in the status area.
    pub fn say(&self, text: impl Into<String>) {
        self.state.dispatch(Action::Say { text: text.into(), is_error: false });
    }

    pub fn undo(&self) {
        self.state.dispatch(Action::Undo);
    }

    pub fn redo(&self) {
        self.state.dispatch(Action::Redo);
    }
}

/// The app context. Panics outside the app's provider, which would be a programming error.
#[hook]
pub fn use_app() -> AppCtx {
    use_context::<AppCtx>().expect("use_app inside <App>")
}
