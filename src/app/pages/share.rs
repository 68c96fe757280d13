//! Learner links (trainer side): make a learner link or an iframe embed for a role or a skill set, and
//! import learners' result codes and result files as self ratings.
//!
//! SKELETON: filled in by the learner-mode work of issue 6.

use yew::prelude::*;

use crate::app::use_title;

/// The "Learner links" page.
#[component]
pub fn SharePage() -> Html {
    use_title("Learner links".into());
    html! {
        <section aria-labelledby="page-title">
            <h1 id="page-title">{ "Learner links" }</h1>
        </section>
    }
}
