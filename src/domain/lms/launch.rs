//! What a page load is, read from its address and its packaged index.html: whether it is a learner page
//! and for which link code, and whether a cmi5 launch in its address may be honoured — decided once, and
//! used both to choose the LMS connection and to narrow the page's Content-Security-Policy, so the two
//! cannot disagree.
//!
//! Learner links travel through mail programs, chat and LMS URL fields, which mangle them: a fragment
//! percent-encoded whole (`#%2Flearn%2Fa1…`), `%20` or `%3E` inside, launch parameters appended after the
//! code. The route is read through `learner::unmangle`, the same cleaning pasted codes get.

use crate::domain::learner::unmangle;

use super::cmi5::{cmi5_origins, parse_cmi5_launch_url, Cmi5Launch};
use super::embed::origin_of;
use super::package::{PackageKind, PackageMeta};

/// The route in a URL fragment (`location.hash`, `#` optional): the part before any launch parameters an
/// LMS appended (`?…` or `&…`), made whole the way pasted codes are ([`unmangle`]: percent-decoded, possibly
/// twice encoded; soft line breaks, white space, invisible characters and surrounding quotes and brackets
/// removed). `#%2Flearn%2Fa1.2.xy?endpoint=…` → `/learn/a1.2.xy`.
pub fn fragment_route(hash: &str) -> String {
    let raw = hash.trim();
    let raw = raw.strip_prefix('#').unwrap_or(raw);
    let route = unmangle(raw.split(['?', '&']).next().unwrap_or_default());
    // A decoded `?` (the whole fragment was encoded) also starts launch parameters.
    route.split('?').next().unwrap_or_default().to_string()
}

/// The learner link code in a URL fragment: what follows `/learn/` in [`fragment_route`], whatever is
/// around it (the codec cleans it); `None` when the fragment is not a learner route.
pub fn learner_code_in_fragment(hash: &str) -> Option<String> {
    code_in_fragment(hash, "/learn/")
}

/// The code in a URL fragment whose route starts with `prefix` (`"/learn/"`, `"/survey/"`), read as
/// [`learner_code_in_fragment`] reads learner links.
pub fn code_in_fragment(hash: &str, prefix: &str) -> Option<String> {
    let route = fragment_route(hash);
    let at = route.find(prefix)?;
    let before = &route[..at];
    if !before.chars().all(|c| c == '/' || c == '!' || c.is_whitespace()) {
        return None;
    }
    let code = route[at + prefix.len()..].trim();
    (!code.is_empty()).then(|| code.to_string())
}

/// The learner code this page load is for: a packaged index.html's `skillgap-learner` meta tag (a package
/// is made for one assessment, whatever its address says), else a `#/learn/<code>` fragment.
pub fn learner_code_at_start(meta_code: Option<&str>, hash: &str) -> Option<String> {
    meta_code.map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).or_else(|| learner_code_in_fragment(hash))
}

/// What to do with cmi5 launch parameters found in the page's address.
#[derive(Clone, Debug, PartialEq)]
pub enum Cmi5Offer {
    /// There are none.
    None,
    /// This page is not a cmi5 package, so a launch cannot be one: nothing is contacted. Holds the host the
    /// parameters named, to tell the learner.
    Ignored { host: String },
    /// A cmi5 package launched with parameters it cannot honour (unreadable, or an endpoint on an origin the
    /// package may not report to). Nothing is contacted; the message says why.
    Refused(String),
    /// A cmi5 launch to honour, and the origins the page may therefore connect to.
    Allowed { launch: Cmi5Launch, origins: Vec<String> },
}

/// Decides what the cmi5 parameters in `search` and `hash` mean for a page at `page_origin` whose packaged
/// index.html says `meta` (none: a hosted page, not a package).
pub fn cmi5_offer(search: &str, hash: &str, meta: Option<&PackageMeta>, page_origin: &str) -> Cmi5Offer {
    let cmi5_package = meta.filter(|m| m.kind == PackageKind::Cmi5);
    match (parse_cmi5_launch_url(search, hash), cmi5_package) {
        (Ok(None), _) => Cmi5Offer::None,
        (Ok(Some(l)), None) => {
            Cmi5Offer::Ignored { host: origin_of(&l.endpoint).map(|o| host_of(&o)).unwrap_or_default() }
        }
        (Err(_), None) => Cmi5Offer::Ignored { host: String::new() },
        (Err(e), Some(_)) => Cmi5Offer::Refused(e),
        (Ok(Some(l)), Some(m)) => match cmi5_origins(&l, page_origin, &m.cmi5_origins) {
            Ok(origins) => Cmi5Offer::Allowed { launch: l, origins },
            Err(e) => Cmi5Offer::Refused(e),
        },
    }
}

/// `lrs.example.com:8443` from `https://lrs.example.com:8443`: how a site is named to people.
pub fn host_of(origin_or_url: &str) -> String {
    let o = origin_of(origin_or_url).unwrap_or_else(|| origin_or_url.to_string());
    o.split_once("://").map_or(o.clone(), |(_, h)| h.to_string())
}
