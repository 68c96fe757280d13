//! The overview: what is in the workspace, how roles split by customer contact, which skills the
//! organisation leans on most, and the way through the numbered steps: map the skills, assess people
//! (with learner links) and find the gaps, simulate training and make the case.

use yew::prelude::*;

use super::super::context::use_app;
use super::super::{use_title, AppLink, Route};
use super::{plural, thousands};
use crate::domain::ContactLevel;

/// The overview page.
#[component]
pub fn OverviewPage() -> Html {
    use_title("Overview".into());
    let app = use_app();
    let ws = app.ws();
    let total = ws.total_headcount().max(1) as f64;
    let by_contact: Vec<(ContactLevel, u64, usize)> = ContactLevel::ALL
        .into_iter()
        .map(|c| {
            let roles: Vec<_> = ws.roles.iter().filter(|r| r.contact == c).collect();
            (c, roles.iter().map(|r| r.headcount as u64).sum(), roles.len())
        })
        .collect();
    // Demand for each skill: headcount × importance, over the roles that require it.
    let mut demand: Vec<(String, String, f64)> = ws
        .skills
        .iter()
        .map(|s| {
            let d: f64 = ws
                .roles
                .iter()
                .filter_map(|r| r.requirements.get(&s.id).map(|q| r.headcount as f64 * q.importance as f64))
                .sum();
            (s.id.to_string(), s.name.clone(), d)
        })
        .collect();
    demand.sort_by(|a, b| b.2.total_cmp(&a.2));
    let top = demand.first().map(|d| d.2).unwrap_or(0.0).max(1.0);
    let assessed = ws.people.len();

    html! {
        <section class="page overview" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">{ ws.name.clone() }</h1>
                <p class="lead">{ "Map the relationship-marketing skills each role needs, assess people against them, and see where training matters most." }</p>
            </div>
            <ul class="kpis" aria-label="Workspace in numbers">
                <li><span class="kpi-num">{ ws.skills.len() }</span><span class="kpi-label">{ "skills in the library" }</span></li>
                <li><span class="kpi-num">{ ws.roles.len() }</span><span class="kpi-label">{ "roles" }</span></li>
                <li><span class="kpi-num">{ thousands(ws.total_headcount() as f64) }</span><span class="kpi-label">{ if ws.total_headcount() == 1 { "person in those roles" } else { "people in those roles" } }</span></li>
                <li><span class="kpi-num">{ assessed }</span><span class="kpi-label">{ format!("{} assessed ({})", if assessed == 1 { "person" } else { "people" }, plural(ws.ratings.len(), "rating", "ratings")) }</span></li>
            </ul>

            <div class="cards">
                <section class="card" aria-labelledby="steps-title">
                    <h2 id="steps-title">{ "Map the skills each role needs" }</h2>
                    <ol class="steps">
                        <li>
                            <AppLink to={Route::Skills}>{ "Skill library" }</AppLink>
                            <p>{ "Name the relationship-marketing skills, the SERVQUAL dimensions they serve and what each level looks like." }</p>
                        </li>
                        <li>
                            <AppLink to={Route::Roles}>{ "Roles" }</AppLink>
                            <p>{ "Record each role's headcount, turnover, salary and level of customer contact." }</p>
                        </li>
                        <li>
                            <AppLink to={Route::Profiles}>{ "Role profiles" }</AppLink>
                            <p>{ "Set the level each role needs of each skill and how important it is, in one grid." }</p>
                        </li>
                    </ol>
                </section>

                <section class="card" aria-labelledby="assess-title">
                    <h2 id="assess-title">{ "Assess people and find the gaps" }</h2>
                    <ol class="steps" start="4">
                        <li>
                            <AppLink to={Route::People}>{ "People" }</AppLink>
                            <p>{ "Work through each person's skills with them: their own rating, yours, and the level you agree on, side by side." }</p>
                        </li>
                        <li>
                            <AppLink to={Route::Share}>{ "Learner links" }</AppLink>
                            <p>{ "Send each learner a link (or an LMS package) to rate themselves; their answers come back as a code or a file you import." }</p>
                        </li>
                        <li>
                            <AppLink to={Route::Rate}>{ "Rate" }</AppLink>
                            <p>{ "Enter a whole round of ratings from the keyboard, or import them from CSV on the Data page." }</p>
                        </li>
                        <li>
                            <AppLink to={Route::Gaps}>{ "Gaps" }</AppLink>
                            <p>{ "Readiness by role and team, heatmaps, the gaps that matter most, people at risk, blind spots, and change between rounds." }</p>
                        </li>
                    </ol>
                </section>

                <section class="card" aria-labelledby="simulate-title">
                    <h2 id="simulate-title">{ "Simulate training and make the case" }</h2>
                    <ol class="steps" start="8">
                        <li>
                            <AppLink to={Route::Simulate}>{ "Simulate" }</AppLink>
                            <p>{ "Try reskilling programmes, and technology that lowers a requirement, on service quality and retention over time, with their uncertainty, costs and return; compare scenarios side by side." }</p>
                        </li>
                        <li>
                            <AppLink to={Route::Data}>{ "Data" }</AppLink>
                            <p>{ "Export to JSON, CSV or Excel for the budget meeting, import, or start afresh." }</p>
                        </li>
                    </ol>
                </section>

                <section class="card" aria-labelledby="contact-title">
                    <h2 id="contact-title">{ "People by level of customer contact" }</h2>
                    <p class="hint">{ "Internal customer segmentation: high-contact roles meet customers all day; low-contact roles serve internal customers." }</p>
                    <ul class="bars">
                        { for by_contact.iter().map(|(c, n, roles)| {
                            let pct = *n as f64 / total * 100.0;
                            html! {
                                <li>
                                    <span class="bar-label">{ c.label() }</span>
                                    <span class="bar-track" aria-hidden="true"><span class={classes!("bar-fill", c.key())} style={format!("width:{pct:.1}%")}></span></span>
                                    <span class="bar-value">{ format!("{} · {pct:.0} % · {}", plural(*n as usize, "person", "people"), plural(*roles, "role", "roles")) }</span>
                                </li>
                            }
                        }) }
                    </ul>
                </section>

                <section class="card" aria-labelledby="demand-title">
                    <h2 id="demand-title">{ "Skills the organisation relies on most" }</h2>
                    <p class="hint">{ "Headcount × importance, over every role that requires the skill." }</p>
                    if demand.iter().all(|d| d.2 == 0.0) {
                        <p class="empty">{ "No role requirements yet." }</p>
                    } else {
                        <ol class="bars ranked">
                            { for demand.iter().take(6).map(|(id, name, d)| html! {
                                <li>
                                    <span class="bar-label"><AppLink to={Route::Skill { id: id.clone() }}>{ name.clone() }</AppLink></span>
                                    <span class="bar-track" aria-hidden="true"><span class="bar-fill demand" style={format!("width:{:.1}%", d / top * 100.0)}></span></span>
                                    <span class="bar-value">{ thousands(*d) }</span>
                                </li>
                            }) }
                        </ol>
                    }
                </section>
            </div>
        </section>
    }
}
