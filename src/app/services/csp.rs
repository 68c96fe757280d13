//! Narrows the page's Content-Security-Policy once it has started. index.html's own policy has to allow
//! `connect-src` to any http(s) origin, because a cmi5 LMS may launch the page with its endpoint anywhere;
//! at start the app adds a second policy (a browser enforces every policy, so the two intersect) that
//! allows connections only to the page's own origin and, when a cmi5 LMS launched it, to the origins of
//! the `endpoint` and `fetch` URLs it was given. The trainer app and every other mode can then contact
//! nothing but the origin they came from.

use wasm_bindgen::JsCast;

/// The cmi5 launch parameters that name URLs the LMS expects to be contacted at.
const CMI5_URL_PARAMS: [&str; 2] = ["endpoint", "fetch"];

/// The origins of the cmi5 `endpoint` and `fetch` URLs in the page's query, if it was launched by cmi5.
fn cmi5_origins() -> Vec<String> {
    let search = gloo::utils::window().location().search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return vec![] };
    let mut out: Vec<String> = CMI5_URL_PARAMS
        .iter()
        .filter_map(|name| params.get(name))
        .filter_map(|u| web_sys::Url::new(&u).ok())
        .filter(|u| matches!(u.protocol().as_str(), "https:" | "http:"))
        .map(|u| u.origin())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The `connect-src` this page load needs: its own origin, plus the cmi5 LMS's origins when launched by one.
pub fn connect_src() -> String {
    let mut src = vec!["'self'".to_string()];
    src.extend(cmi5_origins());
    src.join(" ")
}

/// Adds the narrowing policy to the document's head. Call once, before anything can make a request.
pub fn narrow() {
    let doc = gloo::utils::document();
    let Some(head) = doc.head() else { return };
    let Ok(meta) = doc.create_element("meta") else { return };
    let _ = meta.set_attribute("http-equiv", "Content-Security-Policy");
    let _ = meta.set_attribute("content", &format!("connect-src {}", connect_src()));
    let _ = head.append_child(meta.unchecked_ref());
}
