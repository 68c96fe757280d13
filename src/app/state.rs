//! The app's one reducer: the undo history of the workspace plus the last message to show. `reduce` only
//! calls the domain, so every transition is the domain's and is tested natively there.

use std::rc::Rc;

use yew::prelude::*;

use crate::domain::{Command, History, Workspace};

/// A message for the status area.
#[derive(Clone, Debug, PartialEq)]
pub struct Flash {
    /// Increases with every message so a repeated text is announced again.
    pub seq: u64,
    pub text: String,
    pub is_error: bool,
}

/// What the app holds: the workspace history and the last message.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub history: History,
    pub flash: Option<Flash>,
    /// Id minted by the last accepted `Add…` command, so a page can open what was just made.
    pub last_created: Option<String>,
    seq: u64,
}

/// Everything the UI can ask of the state.
pub enum Action {
    /// Apply an edit; `done` is the message shown on success (none for routine field edits).
    Run { cmd: Command, done: Option<String> },
    Undo,
    Redo,
    /// Show a message without changing the workspace.
    Say { text: String, is_error: bool },
}

impl AppState {
    /// A state around `ws` with nothing to undo.
    pub fn new(ws: Workspace) -> Self {
        Self { history: History::new(ws), flash: None, last_created: None, seq: 0 }
    }

    /// The workspace as it stands.
    pub fn ws(&self) -> &Rc<Workspace> {
        self.history.present()
    }

    fn say(&mut self, text: String, is_error: bool) {
        self.seq += 1;
        self.flash = Some(Flash { seq: self.seq, text, is_error });
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Run { cmd, done } => match next.history.apply(cmd) {
                Ok(applied) => {
                    next.last_created = applied.created;
                    match done {
                        Some(text) => next.say(text, false),
                        None => next.flash = None,
                    }
                }
                Err(e) => next.say(capitalise(&e.to_string()), true),
            },
            Action::Undo => {
                if next.history.undo() {
                    next.say("Undone.".into(), false)
                } else {
                    next.say("Nothing to undo.".into(), false)
                }
            }
            Action::Redo => {
                if next.history.redo() {
                    next.say("Redone.".into(), false)
                } else {
                    next.say("Nothing to redo.".into(), false)
                }
            }
            Action::Say { text, is_error } => next.say(text, is_error),
        }
        Rc::new(next)
    }
}

/// First letter upper-case, for messages built from error texts. The messages start with an English word,
/// so only an ASCII letter is changed: a message starting with a name or a quote keeps it as written, and
/// the learner's bundle carries no Unicode upper-case tables (about 12 KB).
pub fn capitalise(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// A workspace compared by identity: every accepted edit makes a new `Rc`, so the same pointer means the
/// same workspace. Used as the key of effects and memos, where comparing by value would walk every rating
/// on every render (`Workspace` is not `Eq`, so `Rc`'s own comparison does exactly that).
#[derive(Clone, Debug)]
pub struct WsKey(pub Rc<Workspace>);

impl PartialEq for WsKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
