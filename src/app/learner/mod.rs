//! Learner mode: the focused pages a learner sees when they open a learner link (`#/learn/<code>`) or a
//! SCORM/cmi5 package (the code is in the page's `<meta name="skillgap-learner">`). No trainer UI, no
//! workspace: just the assessment, the learner's own result and the result code to send back.
//!
//! SKELETON: filled in by the learner-mode work of issue 6.

use yew::prelude::*;

use crate::domain::learner::decode_link;

#[derive(Properties, PartialEq)]
pub struct LearnerRootProps {
    /// The learner link's code (or the whole link).
    pub code: AttrValue,
}

/// The root component of learner mode.
#[component]
pub fn LearnerRoot(p: &LearnerRootProps) -> Html {
    let decoded = use_memo(p.code.clone(), |c| decode_link(c));
    html! {
        <main id="main" tabindex="-1">
            <h1>{ "Self-assessment" }</h1>
            { match &*decoded {
                Ok(a) => html! { <p>{ format!("{} · {}", a.role_name, a.workspace) }</p> },
                Err(e) => html! { <p role="alert">{ e.to_string() }</p> },
            } }
        </main>
    }
}
