//! Autosave in `localStorage`, with a probe first: storage can be blocked (private windows, sandboxed or
//! third-party iframes), full, or hold something this version cannot read. In every case the app keeps
//! working in memory and says so.

use gloo::storage::{LocalStorage, Storage};

use crate::domain::io::{from_storage_text, to_storage_text};
use crate::domain::Workspace;

/// The key the workspace is saved under.
pub const KEY: &str = "skillgap.workspace";
/// Where an unreadable saved workspace is moved so that autosave never overwrites it.
pub const RESCUE_KEY: &str = "skillgap.workspace.unreadable";

/// Whether edits reach browser storage.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageStatus {
    /// Every edit is saved in this browser.
    Saving,
    /// Storage cannot be used here; edits live in memory only.
    Blocked,
    /// Storage refused the last save for lack of space; edits live in memory only.
    Full,
}

impl StorageStatus {
    /// The notice to show, if any.
    pub fn notice(&self) -> Option<&'static str> {
        match self {
            StorageStatus::Saving => None,
            StorageStatus::Blocked => Some(
                "This browser blocks storage here (a private window or an embedded frame), so your work is kept \
                 in memory only and is lost when the page closes. Use Data → Export to keep a copy.",
            ),
            StorageStatus::Full => Some(
                "Browser storage is full, so your latest changes are kept in memory only. Use Data → Export to \
                 keep a copy, then free some space for this site.",
            ),
        }
    }
}

/// Whether `localStorage` can be read and written here. Any exception means no.
pub fn available() -> bool {
    let Some(window) = web_sys::window() else { return false };
    match window.local_storage() {
        Ok(Some(s)) => {
            let probe = "skillgap.probe";
            s.set_item(probe, "1").is_ok() && s.remove_item(probe).is_ok()
        }
        _ => false,
    }
}

/// What loading found.
pub enum Loaded {
    /// A saved workspace.
    Saved(Workspace),
    /// Nothing saved yet.
    Nothing,
    /// Something saved that could not be read; it was moved to [`RESCUE_KEY`].
    Unreadable(String),
}

/// Reads the saved workspace. Call only when [`available`].
pub fn load() -> Loaded {
    let raw = LocalStorage::raw();
    match raw.get_item(KEY) {
        Ok(Some(text)) => match from_storage_text("the saved workspace", &text) {
            Ok(ws) => Loaded::Saved(ws),
            Err(e) => {
                let _ = raw.set_item(RESCUE_KEY, &text);
                Loaded::Unreadable(e.to_string())
            }
        },
        _ => Loaded::Nothing,
    }
}

/// Saves `ws`. Returns the status that results.
pub fn save(ws: &Workspace) -> StorageStatus {
    let text = to_storage_text(ws);
    match LocalStorage::raw().set_item(KEY, &text) {
        Ok(()) => StorageStatus::Saving,
        Err(e) => {
            let name = e
                .dyn_ref::<web_sys::DomException>()
                .map(|d| d.name())
                .unwrap_or_default();
            if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
                StorageStatus::Full
            } else {
                StorageStatus::Blocked
            }
        }
    }
}

use wasm_bindgen::JsCast;
