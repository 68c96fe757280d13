//! Undo and redo: a bounded past and future of whole workspaces around the present one.

use std::collections::VecDeque;
use std::rc::Rc;

use super::command::{Applied, Command};
use super::error::DomainError;
use super::model::Workspace;

/// How many steps undo can go back.
pub const UNDO_DEPTH: usize = 100;

/// The present workspace with the edits that can be undone and redone.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    present: Rc<Workspace>,
    past: VecDeque<Rc<Workspace>>,
    future: Vec<Rc<Workspace>>,
}

impl History {
    /// A history with no past or future.
    pub fn new(ws: Workspace) -> Self {
        Self { present: Rc::new(ws), past: VecDeque::new(), future: Vec::new() }
    }

    /// The workspace as it stands.
    pub fn present(&self) -> &Rc<Workspace> {
        &self.present
    }

    /// Applies `cmd`; on success the previous state becomes undoable and the redo list is cleared.
    /// On failure nothing changes.
    pub fn apply(&mut self, cmd: Command) -> Result<Applied, DomainError> {
        let mut next = cmd.starting_point(&self.present);
        let applied = next.apply(cmd)?;
        if next != *self.present {
            let prev = std::mem::replace(&mut self.present, Rc::new(next));
            self.past.push_back(prev);
            if self.past.len() > UNDO_DEPTH {
                self.past.pop_front();
            }
            self.future.clear();
        }
        Ok(applied)
    }

    /// Whether there is an edit to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether there is an undone edit to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Steps back one edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        match self.past.pop_back() {
            Some(prev) => {
                let cur = std::mem::replace(&mut self.present, prev);
                self.future.push(cur);
                true
            }
            None => false,
        }
    }

    /// Steps forward one undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        match self.future.pop() {
            Some(next) => {
                let cur = std::mem::replace(&mut self.present, next);
                self.past.push_back(cur);
                true
            }
            None => false,
        }
    }
}
