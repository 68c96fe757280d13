//! The crash notice. Yew installs its own panic hook when the app is mounted, replacing any other, so this
//! one is handed to Yew (`yew::set_custom_panic_hook`). When something panics it reveals the `#crash`
//! notice of index.html and prepares its two links while the program can still run (the release build then
//! aborts, and nothing written in Rust runs again):
//! - **Download my workspace** — the newest workspace of the tab, export JSON in a `Blob` URL, with every
//!   accepted edit up to the crash;
//! - **Reload** — handled by `assets/crash.js`, plain JavaScript, which does not need the program.
//!
//! The same workspace is also written to `localStorage` as the pending copy, so the reload finds it.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;

use crate::domain::{export_json, Workspace};

thread_local! {
    static LATEST: RefCell<Option<(Rc<Workspace>, u64)>> = const { RefCell::new(None) };
    static BASE: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The workspace to offer if the app crashes now.
pub fn remember(ws: &Rc<Workspace>) {
    let base = BASE.with(|b| b.get());
    LATEST.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            *l = Some((ws.clone(), base));
        }
    });
}

/// The generation the remembered workspace's changes were made on (for the pending copy).
pub fn remember_base(gen: u64) {
    BASE.with(|b| b.set(gen));
}

/// Hands the hook to Yew. Call before mounting anything.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| hook(&info.to_string())));
}

fn hook(what: &str) {
    web_sys::console::error_1(&format!("Skillgap crashed: {what}").into());
    let doc = gloo::utils::document();
    let latest = LATEST.with(|l| l.try_borrow().ok().and_then(|l| l.clone()));
    if let Some((ws, base)) = &latest {
        super::storage::write_pending(ws, *base);
        if let (Some(link), Some(url)) = (doc.get_element_by_id("crash-download"), blob_url(&export_json(ws))) {
            let _ = link.set_attribute("href", &url);
            let _ = link.set_attribute("download", &format!("skillgap-workspace-{}.json", super::files::today()));
            let _ = link.remove_attribute("hidden");
        }
        if let Some(n) = doc.get_element_by_id("crash-saved") {
            n.set_text_content(Some(
                "Every change you made is in the download below, and in this browser's storage for when you reload.",
            ));
        }
    }
    if let Some(el) = doc.get_element_by_id("crash") {
        let _ = el.set_attribute("class", "crash shown");
        if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    }
}

fn blob_url(text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&text.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}
