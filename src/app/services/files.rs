//! Files in and out: downloads through an object URL, uploads read with gloo-file, and text copied to the
//! clipboard.

use gloo::file::{Blob, ObjectUrl};
use wasm_bindgen::JsCast;

/// Offers `content` as a download called `filename`.
pub fn download(filename: &str, mime: &str, content: &[u8]) {
    let blob = Blob::new_with_options(content, Some(mime));
    let url = ObjectUrl::from(blob);
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(el) = doc.create_element("a") else { return };
    let a: web_sys::HtmlAnchorElement = el.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    // Keep the URL alive until the browser has started the download.
    gloo::timers::callback::Timeout::new(10_000, move || drop(url)).forget();
}

/// Today's date as YYYY-MM-DD in local time, for file names.
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}

/// The file chosen in the `<input type=file>` that fired `e`, clearing the input so that choosing the same
/// file again fires another change.
pub fn take_file(e: &yew::Event) -> Option<gloo::file::File> {
    let input: web_sys::HtmlInputElement = yew::TargetCast::target_unchecked_into(e);
    let file = input.files().and_then(|f| f.get(0))?;
    input.set_value("");
    Some(gloo::file::File::from(file))
}

/// Copies `text` with the asynchronous clipboard. When there is none (an insecure page, a frame not allowed
/// it) or the browser refuses, selects the text in `area` (the text area showing the same text) and asks for
/// the document's "copy" command instead; when that fails too, the text is left selected for Ctrl+C.
/// Returns whether the text was copied.
pub async fn copy_text(text: &str, area: Option<web_sys::HtmlTextAreaElement>) -> bool {
    let navigator = gloo::utils::window().navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| c.is_object());
    if has_clipboard && wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(text)).await.is_ok() {
        return true;
    }
    let Some(area) = area else { return false };
    let _ = area.focus();
    area.select();
    let doc = gloo::utils::document();
    js_sys::Reflect::get(&doc, &"execCommand".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&doc, &"copy".into()).ok())
        .is_some_and(|ok| ok.as_bool() == Some(true))
}
