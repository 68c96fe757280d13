//! The gap pages: where people fall short of what their role needs, and what matters most to close.
//!
//! One component, [`GapsPage`], serves four routes (priorities, roles × skills heatmap, people × skills
//! heatmap, rounds compared). Yew keeps the one instance across them, so the filters survive a change of
//! view. Everything shown comes from [`crate::domain::gaps`]; the analysis is memoised on the workspace's
//! identity, the filter and the date, and only worked out when a view needs it, so re-renders that change
//! nothing (a page turn, a toggle) stay instant with thousands of people.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::super::components::fields::use_selected_value;
use super::super::context::use_app;
use super::super::state::WsKey;
use super::super::{use_title, AppLink, Route};
use super::{plural, thousands};
use crate::domain::gaps::{
    analyse, compare, rounds, team_of, Analysis, Comparison, Delta, Estimate, Filter, HeatCell, PersonGaps,
    SkillGap, DIMENSION_FILTER_MIN_WEIGHT, HIGH_CONTACT_WEIGHT, LOW_CONTACT_WEIGHT, MEDIUM_CONTACT_WEIGHT,
};
use crate::domain::{servqual_weight_label, Dimension, Level, PersonId, RoleId, SkillId, Workspace};

/// People per page of the people × skills heatmap.
pub const PAGE: usize = 25;
/// Rows of the short ranked lists (skills, people at risk, blind spots).
const TOP: usize = 10;
/// Rows of the "changed most" lists.
const TOP_CHANGES: usize = 15;

/// Which of the four gap views is shown.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum GapsView {
    Priorities,
    Heatmap,
    People,
    Compare,
}

impl GapsView {
    const ALL: [GapsView; 4] = [GapsView::Priorities, GapsView::Heatmap, GapsView::People, GapsView::Compare];

    fn route(self) -> Route {
        match self {
            GapsView::Priorities => Route::Gaps,
            GapsView::Heatmap => Route::GapsHeatmap,
            GapsView::People => Route::GapsPeople,
            GapsView::Compare => Route::GapsCompare,
        }
    }

    /// The sub-navigation label.
    fn label(self) -> &'static str {
        match self {
            GapsView::Priorities => "Priorities",
            GapsView::Heatmap => "Roles × skills",
            GapsView::People => "People × skills",
            GapsView::Compare => "Compare rounds",
        }
    }

    fn title(self) -> &'static str {
        match self {
            GapsView::Priorities => "Gaps: priorities",
            GapsView::Heatmap => "Gaps: roles × skills",
            GapsView::People => "Gaps: people × skills",
            GapsView::Compare => "Gaps: compare rounds",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct GapsPageProps {
    pub view: GapsView,
}


/// What the page needs of a workspace besides the analysis: rounds, filter choices and id lookups.
struct Meta {
    rounds: Vec<String>,
    teams: Vec<String>,
    categories: Vec<String>,
    people: HashMap<PersonId, usize>,
    roles: HashMap<RoleId, usize>,
    skills: HashMap<SkillId, usize>,
}

impl Meta {
    fn new(ws: &Workspace) -> Self {
        let roles: HashMap<RoleId, usize> = ws.roles.iter().enumerate().rev().map(|(i, r)| (r.id.clone(), i)).collect();
        let mut teams: Vec<String> = ws
            .people
            .iter()
            .map(|p| team_of(p, roles.get(&p.role).map(|&i| &ws.roles[i])).to_string())
            .filter(|t| !t.trim().is_empty())
            .collect();
        teams.sort_by_key(|t| t.to_lowercase());
        teams.dedup();
        Self {
            rounds: rounds(ws),
            teams,
            categories: ws.categories(),
            people: ws.people.iter().enumerate().rev().map(|(i, p)| (p.id.clone(), i)).collect(),
            roles,
            skills: ws.skills.iter().enumerate().rev().map(|(i, s)| (s.id.clone(), i)).collect(),
        }
    }

    /// The filter with every choice that no longer exists (a deleted role, a renamed team) dropped.
    fn sanitise(&self, f: &Filter) -> Filter {
        Filter {
            team: f.team.clone().filter(|t| self.teams.contains(t)),
            role: f.role.clone().filter(|r| self.roles.contains_key(r)),
            category: f.category.clone().filter(|c| self.categories.contains(c)),
            dimension: f.dimension,
        }
    }

    fn is_round(&self, d: &str) -> bool {
        self.rounds.binary_search_by(|r| r.as_str().cmp(d)).is_ok()
    }
}

/// The analysis and the people × skills row order (readiness ascending, people without one last).
struct Computed {
    an: Analysis,
    order: Vec<usize>,
}

impl Computed {
    fn new(ws: &Workspace, meta: &Meta, filter: &Filter, as_of: Option<&str>) -> Self {
        let an = analyse(ws, filter, as_of);
        let name = |p: &PersonGaps| meta.people.get(&p.person).map(|&i| ws.people[i].name.to_lowercase()).unwrap_or_default();
        let names: Vec<String> = an.people.iter().map(name).collect();
        let mut order: Vec<usize> = (0..an.people.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&an.people[a], &an.people[b]);
            let by_readiness = match (x.readiness, y.readiness) {
                (Some(p), Some(q)) => p.total_cmp(&q).then(y.weighted_gap.cmp(&x.weighted_gap)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            };
            by_readiness.then_with(|| names[a].cmp(&names[b])).then(a.cmp(&b))
        });
        Self { an, order }
    }
}

// ---------- formatting ----------

fn pct(r: Option<f64>) -> String {
    r.map(|r| format!("{r:.0}\u{a0}%")).unwrap_or_else(|| "—".into())
}

fn score_text(s: f64) -> String {
    if s >= 100.0 {
        thousands(s)
    } else if s >= 10.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

fn weight_text(w: f64) -> String {
    format!("{w:.1}")
}

/// "+4.2" / "−4.2" with a true minus sign.
fn signed(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    if v > 0.0 {
        format!("+{s}")
    } else {
        format!("−{s}")
    }
}

/// Colour band (0–4) of a mean gap, as shown rounded to one decimal.
fn mean_band(g: f64) -> u8 {
    let g = (g * 10.0).round() / 10.0;
    if g <= 0.0 {
        0
    } else if g <= 0.5 {
        1
    } else if g <= 1.0 {
        2
    } else if g <= 2.0 {
        3
    } else {
        4
    }
}

/// Colour band of one person's whole-level gap: one band per level, 4 and more share the darkest.
fn level_band(g: Level) -> u8 {
    g.min(4)
}

fn as_of_words(as_of: Option<&str>) -> String {
    match as_of {
        None => "the latest ratings".into(),
        Some(d) => format!("the round of {d}"),
    }
}

/// Names and links, looked up through [`Meta`].
struct Look<'a> {
    ws: &'a Workspace,
    meta: &'a Meta,
}

impl<'a> Look<'a> {
    fn person_name(&self, id: &PersonId) -> String {
        self.meta.people.get(id).map(|&i| self.ws.people[i].name.clone()).unwrap_or_else(|| id.to_string())
    }

    fn person_role(&self, id: &PersonId) -> Option<RoleId> {
        self.meta.people.get(id).map(|&i| self.ws.people[i].role.clone())
    }

    fn role_name(&self, id: &RoleId) -> String {
        self.meta.roles.get(id).map(|&i| self.ws.roles[i].name.clone()).unwrap_or_else(|| id.to_string())
    }

    fn skill_name(&self, id: &SkillId) -> String {
        self.meta.skills.get(id).map(|&i| self.ws.skills[i].name.clone()).unwrap_or_else(|| id.to_string())
    }

    fn skill_category(&self, id: &SkillId) -> &'a str {
        self.meta.skills.get(id).map(|&i| self.ws.skills[i].category.as_str()).unwrap_or("")
    }

    fn person_link(&self, id: &PersonId) -> Html {
        html! { <AppLink to={Route::Person { id: id.to_string() }}>{ self.person_name(id) }</AppLink> }
    }

    fn role_link(&self, id: &RoleId) -> Html {
        html! { <AppLink to={Route::Role { id: id.to_string() }}>{ self.role_name(id) }</AppLink> }
    }

    fn skill_link(&self, id: &SkillId) -> Html {
        html! { <AppLink to={Route::Skill { id: id.to_string() }}>{ self.skill_name(id) }</AppLink> }
    }

    fn level(&self, l: Level) -> String {
        format!("{l} “{}”", self.ws.scale.label(l))
    }
}

// ---------- the filter bar ----------

#[derive(Properties, PartialEq)]
struct FilterSelectProps {
    id: AttrValue,
    label: AttrValue,
    value: AttrValue,
    /// (value, label) pairs.
    options: Rc<Vec<(String, String)>>,
    on_change: Callback<String>,
}

/// A labelled select that keeps showing `value` even after undo or a reset elsewhere.
#[component]
fn FilterSelect(p: &FilterSelectProps) -> Html {
    let node = use_node_ref();
    use_selected_value(node.clone(), p.value.to_string());
    let onchange = {
        let cb = p.on_change.clone();
        Callback::from(move |e: Event| cb.emit(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    html! {
        <div class="field compact">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <select id={p.id.clone()} ref={node} {onchange}>
                { for p.options.iter().map(|(v, l)| html! { <option value={v.clone()} selected={v.as_str() == p.value.as_str()}>{ l.clone() }</option> }) }
            </select>
        </div>
    }
}

fn dimension_key(d: Dimension) -> String {
    d.label().to_lowercase()
}

fn dimension_from_key(k: &str) -> Option<Dimension> {
    Dimension::ALL.into_iter().find(|d| dimension_key(*d) == k)
}

fn opt(v: impl Into<String>, l: impl Into<String>) -> (String, String) {
    (v.into(), l.into())
}

// ---------- the page ----------

/// The gap pages.
#[component]
pub fn GapsPage(p: &GapsPageProps) -> Html {
    let view = p.view;
    use_title(view.title().into());
    let app = use_app();
    let ws = app.ws();
    let raw_filter = use_state(Filter::default);
    let raw_as_of = use_state(|| None::<String>);
    let page = use_state(|| 0usize);
    let all_priorities = use_state(|| false);
    let cmp_from = use_state(|| None::<String>);
    let cmp_to = use_state(|| None::<String>);

    let key = WsKey(ws.clone());
    let meta = use_memo(key.clone(), |k| Meta::new(&k.0));
    let filter = meta.sanitise(&raw_filter);
    let as_of = raw_as_of.as_ref().filter(|d| meta.is_round(d)).cloned();

    // Memoised lazily: the cell is replaced when the workspace, filter or date changes, and filled the first
    // time a view asks for it.
    let computed = use_memo((key.clone(), filter.clone(), as_of.clone()), |_| OnceCell::<Computed>::new());

    // The rounds compared: the user's picks, else the two latest; always the earlier first.
    let n_rounds = meta.rounds.len();
    let pick = |chosen: &Option<String>, default: Option<&String>| -> Option<String> {
        chosen.clone().filter(|d| meta.is_round(d)).or_else(|| default.cloned())
    };
    let from = pick(&cmp_from, n_rounds.checked_sub(2).and_then(|i| meta.rounds.get(i)));
    let to = pick(&cmp_to, meta.rounds.last());
    let pair = match (&from, &to) {
        (Some(a), Some(b)) if a != b => Some(if a < b { (a.clone(), b.clone()) } else { (b.clone(), a.clone()) }),
        _ => None,
    };
    let compared = use_memo((key.clone(), filter.clone(), pair.clone()), |_| OnceCell::<Comparison>::new());

    // ----- callbacks -----
    let set_filter = {
        let (raw_filter, page) = (raw_filter.clone(), page.clone());
        move |f: fn(&mut Filter, String)| {
            let (raw_filter, page) = (raw_filter.clone(), page.clone());
            Callback::from(move |v: String| {
                let mut next = (*raw_filter).clone();
                f(&mut next, v);
                raw_filter.set(next);
                page.set(0);
            })
        }
    };
    let on_team = set_filter(|f, v| f.team = (!v.is_empty()).then_some(v));
    let on_role = set_filter(|f, v| f.role = (!v.is_empty()).then_some(RoleId(v)));
    let on_category = set_filter(|f, v| f.category = (!v.is_empty()).then_some(v));
    let on_dimension = set_filter(|f, v| f.dimension = dimension_from_key(&v));
    let on_as_of = {
        let (raw_as_of, page) = (raw_as_of.clone(), page.clone());
        Callback::from(move |v: String| {
            raw_as_of.set((!v.is_empty()).then_some(v));
            page.set(0);
        })
    };
    let on_from = {
        let cmp_from = cmp_from.clone();
        Callback::from(move |v: String| cmp_from.set(Some(v)))
    };
    let on_to = {
        let cmp_to = cmp_to.clone();
        Callback::from(move |v: String| cmp_to.set(Some(v)))
    };
    let clear = {
        let (raw_filter, page) = (raw_filter.clone(), page.clone());
        Callback::from(move |_: MouseEvent| {
            raw_filter.set(Filter::default());
            page.set(0);
        })
    };
    let filtered = filter != Filter::default();

    // ----- filter bar -----
    let round_options: Rc<Vec<(String, String)>> =
        Rc::new(meta.rounds.iter().rev().map(|d| opt(d.clone(), d.clone())).collect());
    let mut as_of_options = vec![opt("", "Latest ratings")];
    as_of_options.extend(round_options.iter().cloned());
    let mut team_options = vec![opt("", "All teams")];
    team_options.extend(meta.teams.iter().map(|t| opt(t.clone(), t.clone())));
    let mut role_options = vec![opt("", "All roles")];
    role_options.extend(ws.roles.iter().map(|r| opt(r.id.to_string(), r.name.clone())));
    let mut category_options = vec![opt("", "All categories")];
    category_options.extend(meta.categories.iter().map(|c| opt(c.clone(), c.clone())));
    let mut dimension_options = vec![opt("", "All dimensions")];
    dimension_options.extend(Dimension::ALL.into_iter().map(|d| opt(dimension_key(d), d.label())));

    let dimension_hint = filter.dimension.map(|d| {
        html! {
            <p class="hint">{ format!(
                "{}: {}. Showing the skills whose weight in it is {} or {}.",
                d.label(),
                d.meaning(),
                servqual_weight_label(DIMENSION_FILTER_MIN_WEIGHT),
                servqual_weight_label(DIMENSION_FILTER_MIN_WEIGHT + 1)
            ) }</p>
        }
    });

    let subnav = html! {
        <nav class="gaps-nav" aria-label="Gap views">
            <ul>
                { for GapsView::ALL.into_iter().map(|v| html! {
                    <li><AppLink to={v.route()} current={v == view}>{ v.label() }</AppLink></li>
                }) }
            </ul>
        </nav>
    };

    let look = Look { ws: &ws, meta: &meta };
    let clear_button = html! { <button type="button" class="btn" onclick={clear.clone()}>{ "Clear filters" }</button> };

    let mut nothing_matches = false;
    let body = if ws.people.is_empty() {
        html! {
            <p class="empty">
                { "No people yet, so there are no gaps to show. " }
                <AppLink to={Route::People}>{ "Add people" }</AppLink>{ " or import them on the " }
                <AppLink to={Route::Data}>{ "Data" }</AppLink>{ " page, then rate them." }
            </p>
        }
    } else if ws.ratings.is_empty() {
        html! {
            <p class="empty">
                { "No ratings yet, so there are no gaps to show. Rate people against their role's skills on the " }
                <AppLink to={Route::Rate}>{ "Rate" }</AppLink>{ " page, or import ratings on the " }
                <AppLink to={Route::Data}>{ "Data" }</AppLink>{ " page." }
            </p>
        }
    } else if view == GapsView::Compare {
        match &pair {
            _ if n_rounds < 2 => html! {
                <p class="empty">
                    { format!(
                        "Comparing needs two assessment rounds (ratings on two different dates). So far there is one round, {}. ",
                        meta.rounds.first().cloned().unwrap_or_default()
                    ) }
                    { "Rate people again on a later date on the " }<AppLink to={Route::Rate}>{ "Rate" }</AppLink>{ " page to see how their gaps change." }
                </p>
            },
            None => html! { <p class="empty">{ "Choose two different rounds to compare." }</p> },
            Some((a, b)) => {
                let c = compared.get_or_init(|| compare(&ws, &filter, a, b));
                nothing_matches = c.people.is_empty();
                let swapped = from.as_deref() != Some(a.as_str());
                compare_view(&look, c, swapped, filtered.then(|| clear_button.clone()))
            }
        }
    } else {
        let comp = computed.get_or_init(|| Computed::new(&ws, &meta, &filter, as_of.as_deref()));
        let an = &comp.an;
        nothing_matches = an.people.is_empty() || an.skills.is_empty();
        if an.people.is_empty() {
            html! {
                <div class="empty-box">
                    <p class="empty">{ "Nobody matches these filters." }</p>
                    { clear_button.clone() }
                </div>
            }
        } else if an.skills.is_empty() {
            html! {
                <div class="empty-box">
                    <p class="empty">{ "No skill matches these filters." }</p>
                    { clear_button.clone() }
                </div>
            }
        } else {
            match view {
                GapsView::Priorities => {
                    let toggle = {
                        let all = all_priorities.clone();
                        Callback::from(move |_: MouseEvent| all.set(!*all))
                    };
                    priorities_view(&look, an, *all_priorities, toggle)
                }
                GapsView::Heatmap => heatmap_view(&look, an),
                _ => {
                    let pages = comp.order.len().div_ceil(PAGE).max(1);
                    let pg = (*page).min(pages - 1);
                    let turn = |to: usize| {
                        let page = page.clone();
                        Callback::from(move |_: MouseEvent| page.set(to))
                    };
                    let pager = Pager {
                        pg,
                        pages,
                        total: comp.order.len(),
                        prev: turn(pg.saturating_sub(1)),
                        next: turn((pg + 1).min(pages - 1)),
                    };
                    people_view(&look, comp, pager)
                }
            }
        }
    };

    let filter_bar = html! {
        <div class="gap-filters" role="group" aria-label="Filters">
            if view == GapsView::Compare {
                if n_rounds >= 2 {
                    <FilterSelect id="gap-from" label="From round" value={from.clone().unwrap_or_default()} options={round_options.clone()} on_change={on_from} />
                    <FilterSelect id="gap-to" label="To round" value={to.clone().unwrap_or_default()} options={round_options.clone()} on_change={on_to} />
                }
            } else {
                <FilterSelect id="gap-as-of" label="As of" value={as_of.clone().unwrap_or_default()} options={Rc::new(as_of_options)} on_change={on_as_of} />
            }
            <FilterSelect id="gap-team" label="Team" value={filter.team.clone().unwrap_or_default()} options={Rc::new(team_options)} on_change={on_team} />
            <FilterSelect id="gap-role" label="Role" value={filter.role.as_ref().map(|r| r.to_string()).unwrap_or_default()} options={Rc::new(role_options)} on_change={on_role} />
            <FilterSelect id="gap-category" label="Skill category" value={filter.category.clone().unwrap_or_default()} options={Rc::new(category_options)} on_change={on_category} />
            <FilterSelect id="gap-dimension" label="SERVQUAL dimension" value={filter.dimension.map(dimension_key).unwrap_or_default()} options={Rc::new(dimension_options)} on_change={on_dimension} />
            // When nothing matches, the button sits beside that message instead.
            if filtered && !nothing_matches {
                <button type="button" class="btn clear-filters" onclick={clear.clone()}>{ "Clear filters" }</button>
            }
        </div>
    };
    html! {
        <section class="page gaps" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">{ "Gaps" }</h1>
                <p class="lead">{ "Where people fall short of what their role needs. A gap is the required level minus the current level (never below 0), weighted by the skill's importance to the role; readiness is the share of the required, importance-weighted levels a person reaches." }</p>
            </div>
            { subnav }
            if !ws.people.is_empty() && !ws.ratings.is_empty() {
                { filter_bar }
                { for dimension_hint }
            }
            { body }
        </section>
    }
}

// ---------- priorities ----------

fn readiness_bar(label: Html, s: &crate::domain::gaps::Summary) -> Html {
    let value = match s.readiness {
        Some(r) => format!("{r:.0}\u{a0}% ready · {} of {} assessed", thousands(s.assessed as f64), plural(s.people as usize, "person", "people")),
        None if s.people == 0 => "no people in scope".to_string(),
        None => format!("not assessed yet · {}", plural(s.people as usize, "person", "people")),
    };
    let width = s.readiness.unwrap_or(0.0).clamp(0.0, 100.0);
    html! {
        <li>
            <span class="bar-label">{ label }</span>
            <span class="bar-track" aria-hidden="true"><span class="bar-fill" style={format!("width:{width:.1}%")}></span></span>
            <span class="bar-value">{ value }</span>
        </li>
    }
}

fn priorities_view(look: &Look, an: &Analysis, show_all: bool, toggle: Callback<MouseEvent>) -> Html {
    let self_only: u32 = an.people.iter().map(|p| p.self_only).sum();
    let rated: u32 = an.people.iter().map(|p| p.assessed).sum();
    let below: usize = an.people.iter().flat_map(|p| &p.rows).filter(|r| r.gap.is_some_and(|g| g > 0)).count();
    let top_score = an.priorities.first().map(|p| p.score).unwrap_or(0.0);
    let shown: Vec<_> = if show_all { an.priorities.iter().collect() } else { an.priorities.iter().take(TOP).collect() };
    let unassessed: Vec<Html> = an.unassessed_roles.iter().map(|r| look.role_link(r)).collect();

    html! {
        <>
            <p class="hint as-of">{ format!("As of {}.", as_of_words(an.as_of.as_deref())) }</p>
            <ul class="kpis" aria-label="Readiness in numbers">
                <li>
                    <span class="kpi-num">{ pct(an.overall.readiness) }</span>
                    <span class="kpi-label">{ if an.overall.readiness.is_some() { "overall readiness (mean over the people assessed)" } else { "overall readiness: nobody assessed yet" } }</span>
                </li>
                <li>
                    <span class="kpi-num">{ format!("{} / {}", thousands(an.overall.assessed as f64), thousands(an.overall.people as f64)) }</span>
                    <span class="kpi-label">{ "people assessed / in scope" }</span>
                </li>
                <li>
                    <span class="kpi-num">{ thousands(below as f64) }</span>
                    <span class="kpi-label">{ "ratings below the required level" }</span>
                </li>
                <li>
                    <span class="kpi-num">{ thousands(self_only as f64) }</span>
                    <span class="kpi-label">{ format!("of {} ratings in use rest on a self-rating only", thousands(rated as f64)) }</span>
                </li>
            </ul>

            <div class="cards">
                <section class="card" aria-labelledby="by-role-title">
                    <h2 id="by-role-title">{ "Readiness by role" }</h2>
                    if an.roles.is_empty() {
                        <p class="empty">{ "No role in scope." }</p>
                    } else {
                        <ul class="bars">
                            { for an.roles.iter().map(|r| readiness_bar(look.role_link(&r.role), &r.summary)) }
                        </ul>
                    }
                </section>
                <section class="card" aria-labelledby="by-team-title">
                    <h2 id="by-team-title">{ "Readiness by team" }</h2>
                    <ul class="bars">
                        { for an.teams.iter().map(|t| readiness_bar(
                            html! { { if t.team.trim().is_empty() { "No team".to_string() } else { t.team.clone() } } },
                            &t.summary,
                        )) }
                    </ul>
                </section>
            </div>

            <section class="card" aria-labelledby="priorities-title">
                <h2 id="priorities-title">{ "Skill gaps that matter most" }</h2>
                <p class="hint" id="priorities-how">
                    { "Priority score = for each role that requires the skill: importance (1–5) × mean gap of the people assessed × the role's headcount × a customer-contact weight, added up over the roles. " }
                    { format!(
                        "The contact weights are an assumption, not a research finding — a gap in a role that faces customers is taken to cost more: high contact {}, medium {}, low (internal customers) {}.",
                        weight_text(HIGH_CONTACT_WEIGHT), weight_text(MEDIUM_CONTACT_WEIGHT), weight_text(LOW_CONTACT_WEIGHT)
                    ) }
                </p>
                if !unassessed.is_empty() {
                    <p class="notice info unassessed">
                        <strong>{ "Not counted yet: " }</strong>
                        { for unassessed.into_iter().enumerate().map(|(i, link)| html! { <>{ if i > 0 { ", " } else { "" } }{ link }</> }) }
                        { if an.unassessed_roles.len() == 1 { " has" } else { " have" } }
                        { " nobody assessed on the skills in scope, so their gaps add nothing to the scores below." }
                    </p>
                }
                if an.priorities.is_empty() {
                    <p class="empty">{ "No role in scope requires these skills." }</p>
                } else {
                    <div class="table-scroll">
                        <table class="gap-table priorities" aria-labelledby="priorities-title" aria-describedby="priorities-how">
                            <thead>
                                <tr>
                                    <th scope="col" class="num">{ "Rank" }</th>
                                    <th scope="col">{ "Skill" }</th>
                                    <th scope="col" class="num">{ "Priority score" }</th>
                                    <th scope="col" class="sources-col">{ "Where the score comes from" }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for shown.iter().enumerate().map(|(i, p)| {
                                    let mut shares: Vec<_> = p.by_role.iter().filter(|s| s.score > 0.0).collect();
                                    shares.sort_by(|a, b| b.score.total_cmp(&a.score));
                                    let width = if top_score > 0.0 { p.score / top_score * 100.0 } else { 0.0 };
                                    let sources = if shares.is_empty() {
                                        html! { <span class="muted">{ if p.by_role.is_empty() { "Nobody assessed yet in the roles that need it" } else { "No gap among the people assessed" } }</span> }
                                    } else {
                                        html! {
                                            <ul class="shares">
                                                { for shares.iter().map(|s| html! {
                                                    <li>{ look.role_name(&s.role) }{ " " }<span class="share">{ format!("{:.0}\u{a0}%", s.score / p.score * 100.0) }</span></li>
                                                }) }
                                            </ul>
                                        }
                                    };
                                    html! {
                                        <tr key={p.skill.to_string()}>
                                            <td class="num">{ i + 1 }</td>
                                            <th scope="row">
                                                { look.skill_link(&p.skill) }<span class="row-meta">{ look.skill_category(&p.skill).to_string() }</span>
                                                // Narrow screens show the sources here instead of in their own column.
                                                <div class="sources-inline">{ sources.clone() }</div>
                                            </th>
                                            <td class="num score">
                                                <span class="score-num">{ score_text(p.score) }</span>
                                                <span class="score-track" aria-hidden="true"><span class="score-fill" style={format!("width:{width:.1}%")}></span></span>
                                            </td>
                                            <td class="sources-col">{ sources }</td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                    if an.priorities.len() > TOP {
                        <p class="more">
                            <button type="button" class="btn" onclick={toggle} aria-expanded={show_all.to_string()}>
                                { if show_all { format!("Show the top {TOP} only") } else { format!("Show all {} skills", an.priorities.len()) } }
                            </button>
                        </p>
                    }
                }
            </section>

            <div class="cards">
                <section class="card" aria-labelledby="risk-title">
                    <h2 id="risk-title">{ "People most at risk" }</h2>
                    <p class="hint">{ "Lowest readiness first; ties go to the larger weighted gap (Σ importance × gap)." }</p>
                    if an.at_risk.is_empty() {
                        <p class="empty">{ "Nobody in scope has been assessed on a required skill yet." }</p>
                    } else {
                        <div class="table-scroll">
                            <table class="gap-table" aria-labelledby="risk-title">
                                <thead>
                                    <tr>
                                        <th scope="col">{ "Person and role" }</th>
                                        <th scope="col" class="num">{ "Readiness" }</th>
                                        <th scope="col" class="num">{ "Weighted gap" }</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    { for an.at_risk.iter().take(TOP).map(|r| html! {
                                        <tr key={r.person.to_string()}>
                                            <th scope="row">{ look.person_link(&r.person) }<span class="row-meta">{ look.role_name(&r.role) }</span></th>
                                            <td class="num">{ pct(Some(r.readiness)) }</td>
                                            <td class="num">{ r.weighted_gap }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    }
                </section>

                <section class="card" aria-labelledby="blind-title">
                    <h2 id="blind-title">{ "Blind spots (self vs trainer)" }</h2>
                    <p class="hint">{ "The largest differences between a learner's own rating and the trainer's (latest of each), as conversation starters, not verdicts." }</p>
                    if an.divergences.is_empty() {
                        <p class="empty">{ "No differences between self and trainer ratings in scope." }</p>
                    } else {
                        <ol class="starters">
                            { for an.divergences.iter().take(TOP).map(|d| {
                                let over = d.estimate == Estimate::Over;
                                let apart = d.diff.unsigned_abs() as usize;
                                html! {
                                    <li key={format!("{}-{}", d.person, d.skill)}>
                                        <p class="starter-who">{ look.person_link(&d.person) }{ " · " }{ look.skill_link(&d.skill) }</p>
                                        <p>
                                            <strong class={classes!("est", if over { "over" } else { "under" })}>{ if over { "Rates self higher" } else { "Rates self lower" } }</strong>
                                            { format!(" by {}: self {}, trainer {}.", plural(apart, "level", "levels"), look.level(d.self_level), look.level(d.trainer_level)) }
                                        </p>
                                        <p class="hint">{ if over {
                                            "Possible blind spot: ask for a recent example."
                                        } else {
                                            "Possible hidden strength: say what you have seen them do well."
                                        } }</p>
                                    </li>
                                }
                            }) }
                        </ol>
                    }
                </section>
            </div>
        </>
    }
}

// ---------- heatmaps ----------

/// The skill columns that some role in scope requires, in display order (grouped by category).
fn required_columns(an: &Analysis, look: &Look) -> Vec<usize> {
    let required: Vec<bool> =
        (0..an.skills.len()).map(|c| an.heatmap.iter().any(|row| row.cells[c].is_some())).collect();
    let required = &required;
    look.meta
        .categories
        .iter()
        .flat_map(|cat| {
            an.skills
                .iter()
                .enumerate()
                .filter(move |(c, s)| required[*c] && look.skill_category(s) == cat)
                .map(|(c, _)| c)
        })
        .collect()
}

fn heat_legend() -> Html {
    html! {
        <div class="legend gap-legend">
            <span class="legend-title">{ "Mean gap, in levels:" }</span>
            <ul>
                <li><span class="swatch gap-0" aria-hidden="true">{ "0.0" }</span>{ "no gap" }</li>
                <li><span class="swatch gap-1" aria-hidden="true">{ "0.5" }</span>{ "up to half a level" }</li>
                <li><span class="swatch gap-2" aria-hidden="true">{ "1.0" }</span>{ "up to one level" }</li>
                <li><span class="swatch gap-3" aria-hidden="true">{ "2.0" }</span>{ "up to two levels" }</li>
                <li><span class="swatch gap-4" aria-hidden="true">{ "2.5" }</span>{ "more than two levels" }</li>
                <li><span class="swatch gap-cell unrated" aria-hidden="true">{ "?" }</span>{ "nobody assessed yet" }</li>
                <li><span class="swatch gap-cell" aria-hidden="true">{ "n/o" }</span>{ "no opportunity to show it" }</li>
                <li><span class="swatch gap-cell na" aria-hidden="true">{ "—" }</span>{ "not required by the role" }</li>
            </ul>
        </div>
    }
}

fn heat_cell(look: &Look, role: &RoleId, skill: &SkillId, cell: Option<&HeatCell>) -> Html {
    let who = format!("{}, {}", look.role_name(role), look.skill_name(skill));
    let (class, text, sr) = match cell {
        None => (classes!("gap-cell", "na"), "—".to_string(), format!("{who}: not required")),
        Some(c) => {
            let no = if c.no_opportunity > 0 {
                format!(", {} with no opportunity to show it", plural(c.no_opportunity as usize, "person", "people"))
            } else {
                String::new()
            };
            match c.mean_gap {
                Some(g) if (g * 10.0).round() <= 0.0 => (
                    classes!("gap-cell", "gap-0"),
                    format!("{g:.1}"),
                    format!(
                        "{who}: no gap, at the required level {} or above, {} assessed{no}",
                        c.required,
                        plural(c.assessed as usize, "person", "people")
                    ),
                ),
                Some(g) => (
                    classes!("gap-cell", format!("gap-{}", mean_band(g))),
                    format!("{g:.1}"),
                    format!(
                        "{who}: mean gap {g:.1} below the required level {}, {} assessed{no}",
                        c.required,
                        plural(c.assessed as usize, "person", "people")
                    ),
                ),
                None if c.no_opportunity > 0 => (
                    classes!("gap-cell"),
                    "n/o".to_string(),
                    format!("{who}: nobody assessed, required level {}{no}", c.required),
                ),
                None => (
                    classes!("gap-cell", "unrated"),
                    "?".to_string(),
                    format!("{who}: nobody assessed yet, required level {}", c.required),
                ),
            }
        }
    };
    html! {
        <td class={class}>
            <span aria-hidden="true">{ text }</span>
            <span class="sr-only">{ sr }</span>
        </td>
    }
}

fn heatmap_view(look: &Look, an: &Analysis) -> Html {
    let cols = required_columns(an, look);
    let hidden = an.skills.len() - cols.len();
    let n_roles = an.heatmap.len();
    let mut body = Vec::new();
    let mut last_cat: Option<&str> = None;
    for &c in &cols {
        let skill = &an.skills[c];
        let cat = look.skill_category(skill);
        if last_cat != Some(cat) {
            last_cat = Some(cat);
            body.push(html! {
                <tr class="cat-row" key={format!("cat-{cat}")}>
                    <th scope="colgroup" colspan={(n_roles + 1).to_string()}>{ cat.to_string() }</th>
                </tr>
            });
        }
        body.push(html! {
            <tr key={skill.to_string()}>
                <th scope="row">{ look.skill_link(skill) }</th>
                { for an.heatmap.iter().map(|row| heat_cell(look, &row.role, skill, row.cells[c].as_ref())) }
            </tr>
        });
    }

    html! {
        <section aria-labelledby="heat-title">
            <h2 id="heat-title">{ "Mean gap by role and skill" }</h2>
            <p class="hint">
                { format!(
                    "Each cell is the mean gap over the people in the role assessed on the skill, as of {}. Rows are skills, columns are roles.",
                    as_of_words(an.as_of.as_deref())
                ) }
                if hidden > 0 {
                    { format!(" {} in scope {} not required by any role shown and {} left out.", plural(hidden, "skill", "skills"), if hidden == 1 { "is" } else { "are" }, if hidden == 1 { "is" } else { "are" }) }
                }
            </p>
            { heat_legend() }
            if an.heatmap.is_empty() || cols.is_empty() {
                <p class="empty">{ "No role in scope requires these skills." }</p>
            } else {
                <div class="matrix-scroll gap-scroll" role="region" aria-labelledby="heat-title" tabindex="0">
                    <table class="matrix gap-heat">
                        <caption class="sr-only">{ format!("Mean gap by role and skill, as of {}. Rows are skills, columns are roles; each cell gives the mean gap below the required level and how many people were assessed.", as_of_words(an.as_of.as_deref())) }</caption>
                        <thead>
                            <tr>
                                <th scope="col" class="corner">{ "Skill" }</th>
                                { for an.roles.iter().map(|r| html! {
                                    <th scope="col" class="role-head">
                                        { look.role_link(&r.role) }
                                        <span class="row-meta">{ format!("{} of {} assessed", thousands(r.summary.assessed as f64), thousands(r.summary.people as f64)) }</span>
                                    </th>
                                }) }
                            </tr>
                        </thead>
                        <tbody>{ for body }</tbody>
                        <tfoot>
                            <tr>
                                <th scope="row">{ "Readiness" }</th>
                                { for an.roles.iter().map(|r| html! { <td class="sum">{ pct(r.summary.readiness) }</td> }) }
                            </tr>
                        </tfoot>
                    </table>
                </div>
            }
        </section>
    }
}

struct Pager {
    pg: usize,
    pages: usize,
    total: usize,
    prev: Callback<MouseEvent>,
    next: Callback<MouseEvent>,
}

fn people_legend() -> Html {
    html! {
        <div class="legend gap-legend">
            <span class="legend-title">{ "Gap, in levels below the required level:" }</span>
            <ul>
                <li><span class="swatch gap-0" aria-hidden="true">{ "0" }</span>{ "meets it" }</li>
                <li><span class="swatch gap-1" aria-hidden="true">{ "1" }</span>{ "one below" }</li>
                <li><span class="swatch gap-2" aria-hidden="true">{ "2" }</span>{ "two below" }</li>
                <li><span class="swatch gap-3" aria-hidden="true">{ "3" }</span>{ "three below" }</li>
                <li><span class="swatch gap-4" aria-hidden="true">{ "4" }</span>{ "four or more below" }</li>
                <li><span class="swatch gap-cell" aria-hidden="true">{ "n/o" }</span>{ "no opportunity to show it" }</li>
                <li><span class="swatch gap-cell unrated" aria-hidden="true"></span>{ "not assessed yet" }</li>
                <li><span class="swatch gap-cell na" aria-hidden="true">{ "—" }</span>{ "not required by their role" }</li>
                <li><span class="swatch gap-cell" aria-hidden="true"><span>{ "1" }<sup class="self-mark">{ "s" }</sup></span></span>{ "rests on the learner's own rating only" }</li>
            </ul>
        </div>
    }
}

fn person_cell(look: &Look, name: &str, skill: &SkillId, row: Option<&SkillGap>) -> Html {
    let who = format!("{name}, {}", look.skill_name(skill));
    let Some(r) = row else {
        return html! {
            <td class="gap-cell na"><span aria-hidden="true">{ "—" }</span><span class="sr-only">{ format!("{who}: not required for their role") }</span></td>
        };
    };
    let self_only = r.is_self_only() && r.current.is_some();
    let (class, text, sr) = match (r.gap, r.current) {
        (Some(g), Some(c)) => (
            classes!("gap-cell", format!("gap-{}", level_band(g))),
            g.to_string(),
            if g == 0 {
                format!("{who}: no gap, current {}, required {}", look.level(c), look.level(r.required))
            } else {
                format!("{who}: gap {g}, current {}, required {}", look.level(c), look.level(r.required))
            },
        ),
        _ if r.is_no_opportunity() => (
            classes!("gap-cell"),
            "n/o".to_string(),
            format!("{who}: no opportunity to show it, required {}", look.level(r.required)),
        ),
        _ => (classes!("gap-cell", "unrated"), String::new(), format!("{who}: not assessed yet, required {}", look.level(r.required))),
    };
    let sr = if self_only { format!("{sr}; self-rating only") } else { sr };
    html! {
        <td {class}>
            <span aria-hidden="true">{ text }if self_only { <sup class="self-mark">{ "s" }</sup> }</span>
            <span class="sr-only">{ sr }</span>
        </td>
    }
}

fn people_view(look: &Look, comp: &Computed, pager: Pager) -> Html {
    let an = &comp.an;
    let cols = required_columns(an, look);
    let start = pager.pg * PAGE;
    let rows: Vec<&PersonGaps> = comp.order.iter().skip(start).take(PAGE).map(|&i| &an.people[i]).collect();
    // Column of each skill id, to place a person's rows (library order) under the shown columns.
    let col_of: HashMap<&SkillId, usize> = an.skills.iter().enumerate().map(|(c, s)| (s, c)).collect();

    html! {
        <section aria-labelledby="people-title">
            <h2 id="people-title">{ "Gaps by person" }</h2>
            <p class="hint">{ format!(
                "Lowest readiness first; people not assessed yet come last. Each cell is the person's gap on the skill, as of {}.",
                as_of_words(an.as_of.as_deref())
            ) }</p>
            { people_legend() }
            if cols.is_empty() {
                <p class="empty">{ "No role in scope requires these skills." }</p>
            } else {
                <div class="matrix-scroll gap-scroll" role="region" aria-labelledby="people-title" tabindex="0">
                    <table class="matrix gap-people">
                        <caption class="sr-only">{ format!(
                            "Gap per person and skill, as of {}, people {}–{} of {}. Rows are people with their readiness, columns are skills.",
                            as_of_words(an.as_of.as_deref()), start + 1, start + rows.len(), pager.total
                        ) }</caption>
                        <thead>
                            <tr>
                                <th scope="col" class="corner">{ "Person" }</th>
                                <th scope="col" class="ready-col">{ "Readiness" }</th>
                                { for cols.iter().map(|&c| html! {
                                    <th scope="col" class="skill-col">{ look.skill_link(&an.skills[c]) }</th>
                                }) }
                            </tr>
                        </thead>
                        <tbody>
                            { for rows.iter().map(|p| {
                                let name = look.person_name(&p.person);
                                let mut by_col: Vec<Option<&SkillGap>> = vec![None; an.skills.len()];
                                for r in &p.rows {
                                    if let Some(&c) = col_of.get(&r.skill) {
                                        by_col[c] = Some(r);
                                    }
                                }
                                html! {
                                    <tr key={p.person.to_string()}>
                                        <th scope="row">
                                            { look.person_link(&p.person) }
                                            <span class="row-meta">{ look.role_name(&p.role) }</span>
                                        </th>
                                        <td class="ready">{ match p.readiness { Some(r) => format!("{r:.0}\u{a0}%"), None => "not assessed".into() } }</td>
                                        { for cols.iter().map(|&c| person_cell(look, &name, &an.skills[c], by_col[c])) }
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                <nav class="pager" aria-label="Pages of people">
                    <button type="button" class="btn" onclick={pager.prev} disabled={pager.pg == 0}>{ "← Previous" }</button>
                    <span>{ format!("People {}–{} of {} · page {} of {}", start + 1, start + rows.len(), thousands(pager.total as f64), pager.pg + 1, pager.pages) }</span>
                    <button type="button" class="btn" onclick={pager.next} disabled={pager.pg + 1 >= pager.pages}>{ "Next →" }</button>
                </nav>
            }
        </section>
    }
}

// ---------- compare ----------

/// "+4.2 points, up" / "−1.0 points, down" / "no change"; `None` when not in both rounds.
fn readiness_change(d: &Delta) -> Html {
    match d.change {
        None => html! { <span class="muted">{ "—" }</span> },
        Some(c) if c.abs() < 0.05 => html! { <span class="chg same">{ "no change" }</span> },
        Some(c) if c > 0.0 => html! { <span class="chg up">{ format!("{} points, up", signed(c, 1)) }</span> },
        Some(c) => html! { <span class="chg down">{ format!("{} points, down", signed(c, 1)) }</span> },
    }
}

fn gap_change(d: &Delta) -> Html {
    match d.change {
        None => html! { <span class="muted">{ "—" }</span> },
        Some(c) if c.abs() < 0.05 => html! { <span class="chg same">{ "no change" }</span> },
        Some(c) if c < 0.0 => html! { <span class="chg up">{ format!("{}, gap narrowed", signed(c, 1)) }</span> },
        Some(c) => html! { <span class="chg down">{ format!("{}, gap widened", signed(c, 1)) }</span> },
    }
}

fn gap_text(g: Option<f64>) -> String {
    g.map(|g| format!("{g:.1}")).unwrap_or_else(|| "—".into())
}

/// A column heading that reads "Readiness on <date>" to screen readers and shows only the date.
fn date_head(what: &str, date: &str) -> Html {
    html! { <><span class="sr-only">{ format!("{what} on ") }</span><span class="date">{ date.to_string() }</span></> }
}

/// How a value in a change table is shown.
#[derive(Clone, Copy)]
enum Measure {
    Readiness,
    MeanGap,
}

impl Measure {
    fn name(self) -> &'static str {
        match self {
            Measure::Readiness => "Readiness",
            Measure::MeanGap => "Mean gap",
        }
    }

    fn value(self, v: Option<f64>) -> String {
        match self {
            Measure::Readiness => pct(v),
            Measure::MeanGap => gap_text(v),
        }
    }

    fn change(self, d: &Delta) -> Html {
        match self {
            Measure::Readiness => readiness_change(d),
            Measure::MeanGap => gap_change(d),
        }
    }
}

/// The headings of a value at two dates and its change. Wide screens get three columns; narrow ones one
/// column with both values and the change (the other set is `display: none`, so it is never read twice).
fn delta_heads(m: Measure, from: &str, to: &str) -> Html {
    html! {
        <>
            <th scope="col" class="num wide-only">{ date_head(m.name(), from) }</th>
            <th scope="col" class="num wide-only">{ date_head(m.name(), to) }</th>
            <th scope="col" class="wide-only">{ "Change" }</th>
            <th scope="col" class="narrow-only">{ m.name() }<span class="row-meta"><span class="date">{ from.to_string() }</span>{ " → " }<span class="date">{ to.to_string() }</span></span></th>
        </>
    }
}

fn delta_cells(m: Measure, d: &Delta, from: &str, to: &str) -> Html {
    html! {
        <>
            <td class="num wide-only">{ m.value(d.from) }</td>
            <td class="num wide-only">{ m.value(d.to) }</td>
            <td class="wide-only">{ m.change(d) }</td>
            <td class="narrow-only">
                <span class="pair" aria-hidden="true">{ format!("{} → {}", m.value(d.from), m.value(d.to)) }</span>
                <span class="sr-only">{ format!("{} on {from}, {} on {to}: ", m.value(d.from), m.value(d.to)) }</span>
                { m.change(d) }
            </td>
        </>
    }
}

fn change_table(id: &str, first: &str, from: &str, to: &str, rows: Vec<(Html, &Delta)>) -> Html {
    html! {
        <div class="table-scroll">
            <table class="gap-table" aria-labelledby={id.to_string()}>
                <thead>
                    <tr>
                        <th scope="col">{ first.to_string() }</th>
                        { delta_heads(Measure::Readiness, from, to) }
                    </tr>
                </thead>
                <tbody>
                    { for rows.into_iter().map(|(label, d)| html! {
                        <tr>
                            <th scope="row">{ label }</th>
                            { delta_cells(Measure::Readiness, d, from, to) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

fn compare_view(look: &Look, c: &Comparison, swapped: bool, clear: Option<Html>) -> Html {
    if c.people.is_empty() {
        return html! {
            <div class="empty-box">
                <p class="empty">{ "Nobody matches these filters." }</p>
                { for clear }
            </div>
        };
    }
    let assessed_from = c.people.iter().filter(|p| p.readiness.from.is_some()).count();
    let assessed_to = c.people.iter().filter(|p| p.readiness.to.is_some()).count();
    let mut people: Vec<_> = c.people.iter().filter(|p| p.readiness.change.is_some_and(|x| x.abs() >= 0.05)).collect();
    people.sort_by(|a, b| {
        let (x, y) = (a.readiness.change.unwrap_or(0.0).abs(), b.readiness.change.unwrap_or(0.0).abs());
        y.total_cmp(&x).then_with(|| look.person_name(&a.person).cmp(&look.person_name(&b.person)))
    });
    let newly = c.people.iter().filter(|p| p.readiness.from.is_none() && p.readiness.to.is_some()).count();
    let mut cells: Vec<_> = c.cells.iter().filter(|x| x.mean_gap.change.is_some_and(|v| v.abs() >= 0.05)).collect();
    // Stable sort: ties keep roles-then-skills order.
    cells.sort_by(|a, b| b.mean_gap.change.unwrap_or(0.0).abs().total_cmp(&a.mean_gap.change.unwrap_or(0.0).abs()));

    html! {
        <>
            if swapped {
                <p class="hint">{ format!("Showing the change from the earlier round, {}, to the later, {}.", c.from, c.to) }</p>
            }
            <p class="overall-change">
                <strong>{ "Overall readiness: " }</strong>
                { format!("{} on ", pct(c.overall.from)) }<span class="date">{ c.from.clone() }</span>
                { format!(" → {} on ", pct(c.overall.to)) }<span class="date">{ c.to.clone() }</span>
                if c.overall.change.is_some() { { ": " }{ readiness_change(&c.overall) } }
                <span class="muted">{ format!(
                    " ({} assessed in the first round, {} in the second)",
                    plural(assessed_from, "person", "people"),
                    thousands(assessed_to as f64)
                ) }</span>
            </p>
            <p class="hint">{ "Readiness in each round uses the latest rating on or before that date. “—” means nobody was assessed in that round. Changes are in percentage points." }</p>
            <div class="cards">
                <section class="card" aria-labelledby="cmp-roles-title">
                    <h2 id="cmp-roles-title">{ "Readiness by role" }</h2>
                    { change_table("cmp-roles-title", "Role", &c.from, &c.to, c.roles.iter().map(|r| (look.role_link(&r.role), &r.readiness)).collect()) }
                </section>
                <section class="card" aria-labelledby="cmp-teams-title">
                    <h2 id="cmp-teams-title">{ "Readiness by team" }</h2>
                    { change_table("cmp-teams-title", "Team", &c.from, &c.to, c.teams.iter().map(|t| (
                        html! { { if t.team.trim().is_empty() { "No team".to_string() } else { t.team.clone() } } },
                        &t.readiness,
                    )).collect()) }
                </section>
            </div>
            <section class="card" aria-labelledby="cmp-people-title">
                <h2 id="cmp-people-title">{ "People whose readiness changed most" }</h2>
                if newly > 0 {
                    <p class="hint">{ format!("{} assessed for the first time in the later round {} not listed.", plural(newly, "person", "people"), if newly == 1 { "is" } else { "are" }) }</p>
                }
                if people.is_empty() {
                    <p class="empty">{ "Nobody's readiness changed between these rounds." }</p>
                } else {
                    <div class="table-scroll">
                        <table class="gap-table" aria-labelledby="cmp-people-title">
                            <thead>
                                <tr>
                                    <th scope="col">{ "Person and role" }</th>
                                    { delta_heads(Measure::Readiness, &c.from, &c.to) }
                                </tr>
                            </thead>
                            <tbody>
                                { for people.iter().take(TOP_CHANGES).map(|p| html! {
                                    <tr key={p.person.to_string()}>
                                        <th scope="row">
                                            { look.person_link(&p.person) }
                                            <span class="row-meta">{ look.person_role(&p.person).map(|r| look.role_name(&r)).unwrap_or_default() }</span>
                                        </th>
                                        { delta_cells(Measure::Readiness, &p.readiness, &c.from, &c.to) }
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </section>
            <section class="card" aria-labelledby="cmp-cells-title">
                <h2 id="cmp-cells-title">{ "Role and skill gaps that changed most" }</h2>
                <p class="hint">{ "Mean gap in levels over the people in the role assessed on the skill; a smaller gap is better." }</p>
                if cells.is_empty() {
                    <p class="empty">{ "No role's mean gap on a skill changed between these rounds." }</p>
                } else {
                    <div class="table-scroll">
                        <table class="gap-table" aria-labelledby="cmp-cells-title">
                            <thead>
                                <tr>
                                    <th scope="col">{ "Role and skill" }</th>
                                    { delta_heads(Measure::MeanGap, &c.from, &c.to) }
                                </tr>
                            </thead>
                            <tbody>
                                { for cells.iter().take(TOP_CHANGES).map(|x| html! {
                                    <tr key={format!("{}-{}", x.role, x.skill)}>
                                        <th scope="row">
                                            <span class="cell-role">{ look.role_name(&x.role) }{ ": " }</span>
                                            { look.skill_link(&x.skill) }
                                        </th>
                                        { delta_cells(Measure::MeanGap, &x.mean_gap, &c.from, &c.to) }
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </section>
        </>
    }
}
