//! Narrows the page's Content-Security-Policy once it has started. index.html's own policy has to allow
//! `connect-src` to any http(s) origin, because a cmi5 package may be made to report to a site other than
//! the LMS's own; at start the app adds a second policy (a browser enforces every policy, so the two
//! intersect) that allows connections only to the page's own origin and, when the page is a cmi5 package
//! honouring its launch, to the origins of that launch's `endpoint` and `fetch` URLs — the same decision
//! (`lms::cmi5_offer_here`, domain `lms::cmi5_offer`) that chooses the LMS connection. Parameters in the
//! address of any other page, or naming a site the package may not report to, widen nothing.

use wasm_bindgen::JsCast;

use crate::domain::lms::Cmi5Offer;

/// The `connect-src` this page load needs: its own origin, plus a honoured cmi5 launch's origins.
pub fn connect_src() -> String {
    let mut src = vec!["'self'".to_string()];
    if let Cmi5Offer::Allowed { origins, .. } = super::lms::cmi5_offer_here() {
        src.extend(origins);
    }
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
