//! Staff-survey mode: the page a member of staff sees when they open a survey link (`#/survey/<code>`). No
//! trainer UI and no workspace: the questions of the round, the group to choose (or not), and at the end
//! the response code and file to send back. Like learner mode ([`crate::app::learner`]) it is its own root,
//! mounted by [`crate::app::start`], and depends only on the domain and the small file and LMS-resize
//! services, so it can go into a separate bundle.
//!
//! Anonymity by design: the page asks for no name and keeps nothing outside this tab: the answers so far
//! (a draft, so a reload or a crash mid-way loses nothing) and then the finished response code (so a reload
//! shows the same code instead of making a second response) are in this tab's session storage, which the
//! browser clears when the tab is closed. The
//! code carries no name, no identifier and no time — only the round, a random token drawn here, the group
//! chosen (or none), the answers and the written text (`domain::survey::codec`).

use std::rc::Rc;

use gloo::storage::{SessionStorage, Storage};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::learner::sentence;
use crate::app::pages::focus_after_render;
use crate::app::services::{files, lms};
use crate::domain::survey::codec::{decode_link, encode_response, response_file, Rating, SurveyLink, MAX_FREE_TEXT};
use crate::domain::survey::instrument::{Construct, ItemKind};
use crate::domain::survey::rounds::MAX_SUPPLIERS;
use crate::domain::survey::SCALE;

#[derive(Properties, PartialEq)]
pub struct SurveyRootProps {
    /// The survey link's code (or the whole link).
    pub code: AttrValue,
}

/// The root of staff-survey mode: decodes the link and shows the survey, or why the link cannot be opened.
#[component]
pub fn SurveyRoot(p: &SurveyRootProps) -> Html {
    let decoded = use_memo(p.code.clone(), |c| decode_link(c).map(Rc::new).map_err(|e| sentence(&e.to_string())));
    use_effect_with((), |_| {
        crate::app::loaded();
        let guard = lms::auto_resize();
        move || drop(guard)
    });
    match &*decoded {
        Ok(link) => html! { <SurveyForm link={LinkKey(link.clone())} /> },
        Err(message) => {
            gloo::utils::document().set_title("Survey link cannot be opened · Skillgap");
            html! {
                <>
                    <Header title={None::<AttrValue>} />
                    <main id="main" tabindex="-1" class="lr-main">
                        <h1>{ "This survey link cannot be opened" }</h1>
                        <div class="notice error" role="alert">{ message.clone() }</div>
                        <p class="lr-lead">
                            { "Ask whoever sent it for a new link; links are sometimes cut when copied or emailed. \
                               If you copied it by hand, check that you copied all of it, up to its last character." }
                        </p>
                    </main>
                </>
            }
        }
    }
}

/// A decoded link compared by identity (it never changes for the page's life).
#[derive(Clone)]
struct LinkKey(Rc<SurveyLink>);

impl PartialEq for LinkKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct HeaderProps {
    title: Option<AttrValue>,
}

#[component]
fn Header(p: &HeaderProps) -> Html {
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <header class="lr-header">
                <span class="brand">
                    <span class="logo" aria-hidden="true">{ "◆" }</span>
                    <span class="brand-name">{ "Skillgap" }</span>
                </span>
                if let Some(t) = &p.title {
                    <span class="lr-head-title"><span class="lr-head-name">{ t.clone() }</span></span>
                }
                <span class="lr-head-mode"><span class="lms-mode">{ "Anonymous staff survey" }</span></span>
            </header>
        </>
    }
}

/// The respondent's group choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum GroupChoice {
    Unset,
    NotGiven,
    Group(String),
}

/// What the respondent has answered so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Answers {
    group: GroupChoice,
    /// One per rated question, in order.
    rated: Vec<Rating>,
    /// The internal suppliers chosen, in the link's order.
    chosen: Vec<String>,
    /// Answers about every supplier offered (kept when one is unticked and ticked again).
    supplier: Vec<(String, Vec<Rating>)>,
    texts: Vec<String>,
}

impl Answers {
    fn blank(link: &SurveyLink) -> Self {
        let per = link.items_of(ItemKind::PerSupplier).count();
        Self {
            group: GroupChoice::Unset,
            rated: vec![None; link.items_of(ItemKind::Rated).count()],
            chosen: Vec::new(),
            supplier: link.suppliers.iter().map(|s| (s.clone(), vec![None; per])).collect(),
            texts: vec![String::new(); link.items_of(ItemKind::Text).count()],
        }
    }

    /// Whether a draft read back from storage still fits `link` (same questions, groups and suppliers);
    /// a draft that does not is dropped rather than shown against the wrong questions.
    fn fits(&self, link: &SurveyLink) -> bool {
        let blank = Self::blank(link);
        let group_ok = match &self.group {
            GroupChoice::Group(g) => link.groups.iter().any(|x| &x.id == g),
            _ => true,
        };
        group_ok
            && self.rated.len() == blank.rated.len()
            && self.texts.len() == blank.texts.len()
            && self.rated.iter().chain(self.supplier.iter().flat_map(|(_, v)| v)).all(|r| r.is_none_or(|v| (1..=5).contains(&v)))
            && self.supplier.len() == blank.supplier.len()
            && self.supplier.iter().zip(&blank.supplier).all(|((a, x), (b, y))| a == b && x.len() == y.len())
            && self.chosen.iter().all(|c| link.suppliers.contains(c))
            && self.chosen.len() <= MAX_SUPPLIERS
            && self.texts.iter().all(|t| t.chars().count() <= MAX_FREE_TEXT)
    }

    fn group_id(&self) -> Option<&str> {
        match &self.group {
            GroupChoice::Group(g) => Some(g),
            _ => None,
        }
    }
}

/// A random token of 22 URL-safe characters (128 bits from the browser's cryptographic generator).
fn random_token() -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = js_sys::Uint8Array::new_with_length(22);
    let window = gloo::utils::window();
    let drawn = js_sys::Reflect::get(&window, &"crypto".into())
        .ok()
        .and_then(|c| {
            let f = js_sys::Reflect::get(&c, &"getRandomValues".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
            f.call1(&c, &bytes).ok()
        })
        .is_some();
    let mut v = bytes.to_vec();
    if !drawn {
        // No Web Crypto (a very old browser): Math.random, still enough to tell responses apart.
        v = (0..22).map(|_| (js_sys::Math::random() * 256.0) as u8).collect();
    }
    v.into_iter().map(|b| ABC[(b & 63) as usize] as char).collect()
}

fn storage_key(link: &SurveyLink) -> String {
    format!("skillgap.survey.{}", link.id)
}

/// The draft's key: the answers so far and the response's random token, until the response is finished.
fn draft_key(link: &SurveyLink) -> String {
    format!("skillgap.survey.{}.draft", link.id)
}

/// The answers so far with the token they will be sent with.
#[derive(Serialize, Deserialize)]
struct Draft {
    answers: Answers,
    token: String,
}

/// The draft kept in this tab for `link`, if there is one that still fits it.
fn read_draft(link: &SurveyLink) -> Option<Draft> {
    let d = SessionStorage::get::<Draft>(draft_key(link)).ok()?;
    let token_ok = d.token.len() == 22 && d.token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (token_ok && d.answers.fits(link)).then_some(d)
}

#[derive(Properties, PartialEq)]
struct FormProps {
    link: LinkKey,
}

/// The survey: who is asking and what happens to the answers, the group, the questions by construct, the
/// internal suppliers, the written question; then the response code.
#[component]
fn SurveyForm(p: &FormProps) -> Html {
    let link = p.link.0.clone();
    let draft = {
        let link = link.clone();
        use_memo((), move |_| read_draft(&link))
    };
    let answers = {
        let (link, draft) = (link.clone(), draft.clone());
        use_state(move || draft.as_ref().as_ref().map(|d| d.answers.clone()).unwrap_or_else(|| Answers::blank(&link)))
    };
    let token = {
        let draft = draft.clone();
        use_memo((), move |_| draft.as_ref().as_ref().map(|d| d.token.clone()).unwrap_or_else(random_token))
    };
    let done = {
        let key = storage_key(&link);
        use_state(move || SessionStorage::get::<String>(&key).ok())
    };
    let problem = use_state(|| None::<String>);
    let code_ref = use_node_ref();
    // Every change to the answers is kept in this tab (a failed write — storage full or blocked — only means a
    // reload starts again, which the hint under the form says).
    let draft_kept = use_state(|| true);
    {
        let (link, token, done, draft_kept) = (link.clone(), token.clone(), done.is_some(), draft_kept.clone());
        use_effect_with((*answers).clone(), move |a| {
            if done {
                return;
            }
            if *a == Answers::blank(&link) {
                SessionStorage::delete(draft_key(&link));
                return;
            }
            let kept = SessionStorage::set(draft_key(&link), Draft { answers: a.clone(), token: (*token).clone() }).is_ok();
            if kept != *draft_kept {
                draft_kept.set(kept);
            }
        });
    }
    {
        let title = if done.is_some() { "Your response code" } else { "Staff survey" };
        let t = format!("{title}: {} · Skillgap", link.label);
        use_effect_with(t, |t| gloo::utils::document().set_title(t));
    }

    if let Some(code) = &*done {
        let copy = {
            let (code, node) = (code.clone(), code_ref.clone());
            let status = problem.clone();
            Callback::from(move |_: MouseEvent| {
                let (code, area, status) = (code.clone(), node.cast::<HtmlTextAreaElement>(), status.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    status.set(Some(if files::copy_text(&code, area).await {
                        "Copied. Paste it into your reply to whoever sent you the link.".into()
                    } else {
                        "This browser did not allow copying. The code is selected: press Ctrl+C (⌘C on a Mac).".into()
                    }));
                });
            })
        };
        let download = {
            let code = code.clone();
            Callback::from(move |_: MouseEvent| {
                let file = response_file(std::slice::from_ref(&code));
                files::download("skillgap-survey-response.json", "application/json", file.as_bytes());
            })
        };
        return html! {
            <>
                <Header title={Some(AttrValue::from(link.label.clone()))} />
                <main id="main" tabindex="-1" class="lr-main">
                    <h1 id="sv-done-title" tabindex="-1">{ "Thank you: here is your response code" }</h1>
                    <p class="lr-lead">
                        { format!("Your answers are in the code below. Send it to whoever sent you the link from {} \
                           (paste it into an email or chat), or download it as a file and send that.", link.workspace) }
                    </p>
                    <div class="lr-card">
                        <div class="field">
                            <label for="sv-code">{ "Response code" }</label>
                            <textarea id="sv-code" ref={code_ref} class="code" readonly=true rows="5" value={code.clone()}
                                spellcheck="false" aria-describedby="sv-code-hint" />
                            <p class="hint" id="sv-code-hint">
                                { "It holds your group (if you gave it), your answers and a random number that stops it \
                                   being counted twice; no name, no address and no date." }
                            </p>
                        </div>
                        <div class="actions">
                            <button type="button" class="btn primary lr-btn" onclick={copy}>{ "Copy response code" }</button>
                            <button type="button" class="btn lr-btn" onclick={download}>{ "Download response file" }</button>
                        </div>
                        <p role="status" aria-live="polite" class="lr-connecting">{ (*problem).clone().unwrap_or_default() }</p>
                    </div>
                    <p class="hint">
                        { "Nothing was sent anywhere: this page runs in your browser and keeps only this code, in this tab, \
                           until you close it." }
                    </p>
                </main>
            </>
        };
    }

    let set = {
        let answers = answers.clone();
        move |f: Box<dyn Fn(&mut Answers)>| {
            let mut a = (*answers).clone();
            f(&mut a);
            answers.set(a);
        }
    };
    let set = Rc::new(set);

    let a = &*answers;
    let k = link.k;
    let noun = link.by.noun();

    // The group.
    let group_radio = |choice: GroupChoice, id: String, label: String| {
        let set = set.clone();
        let checked = a.group == choice;
        let onchange = Callback::from(move |_: Event| {
            let choice = choice.clone();
            set(Box::new(move |a: &mut Answers| {
                a.group = choice.clone();
                if let GroupChoice::Group(g) = &choice {
                    a.chosen.retain(|s| s != g);
                }
            }))
        });
        html! {
            <label class={classes!("lr-option", checked.then_some("chosen"))} for={id.clone()}>
                <input type="radio" id={id} name="sv-group" {checked} {onchange} />
                <span class="lr-option-text"><span class="lr-level">{ label }</span></span>
            </label>
        }
    };
    let group_fieldset = html! {
        <fieldset class="lr-skill sv-group" id="sv-group" tabindex="-1">
            <legend><h2 class="lr-skill-name">{ format!("Your {noun}") }</h2></legend>
            <p class="lr-desc">
                { format!("Results are shown per {noun}, and only for a {noun} with at least {k} responses; you may \
                   also keep it to yourself.") }
            </p>
            <div class="lr-options">
                { for link.groups.iter().enumerate().map(|(i, g)| group_radio(GroupChoice::Group(g.id.clone()), format!("sv-group-{i}"), g.name.clone())) }
                { group_radio(GroupChoice::NotGiven, "sv-group-none".into(), "I prefer not to say".into()) }
            </div>
        </fieldset>
    };

    // One rated question: a fieldset of five radios. `at` says where its answer is kept.
    let point_radios = |name: String, legend: Html, value: Rating, on: Rc<dyn Fn(u8)>| {
        html! {
            <fieldset class="sv-item">
                <legend class="sv-item-text">{ legend }</legend>
                <div class="sv-scale">
                    { for (1..=5u8).map(|v| {
                        let id = format!("{name}-{v}");
                        let on = on.clone();
                        let checked = value == Some(v);
                        html! {
                            <label class={classes!("sv-point", checked.then_some("chosen"))} for={id.clone()}>
                                <input type="radio" id={id} name={name.clone()} {checked}
                                    onchange={Callback::from(move |_: Event| on(v))} />
                                <span>{ SCALE[v as usize - 1] }</span>
                            </label>
                        }
                    }) }
                </div>
            </fieldset>
        }
    };

    let rated: Vec<_> = link.items_of(ItemKind::Rated).collect();
    let sections: Vec<Html> = Construct::ALL
        .into_iter()
        .filter(|c| c.kind() == ItemKind::Rated)
        .filter(|c| rated.iter().any(|i| i.construct == *c))
        .map(|c| {
            let items = rated.iter().enumerate().filter(|(_, i)| i.construct == c).map(|(j, item)| {
                let set = set.clone();
                let on: Rc<dyn Fn(u8)> = Rc::new(move |v| set(Box::new(move |a: &mut Answers| a.rated[j] = Some(v))));
                point_radios(format!("sv-q-{}", item.id), html! { { item.text.clone() } }, a.rated[j], on)
            });
            html! {
                <section class="lr-card sv-construct" aria-labelledby={format!("sv-c-{}", c.key())}>
                    <h2 id={format!("sv-c-{}", c.key())}>{ c.label() }</h2>
                    { for items }
                </section>
            }
        })
        .collect();

    // Internal suppliers.
    let per: Vec<_> = link.items_of(ItemKind::PerSupplier).collect();
    let offered = link.suppliers_for(a.group_id());
    let suppliers_section = (!per.is_empty() && !offered.is_empty()).then(|| {
        let boxes = offered.iter().map(|g| {
            let id = format!("sv-sup-{}", g.id);
            let checked = a.chosen.contains(&g.id);
            let full = a.chosen.len() >= MAX_SUPPLIERS && !checked;
            let (set, gid, link) = (set.clone(), g.id.clone(), link.clone());
            let onchange = Callback::from(move |e: Event| {
                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                let (gid, link) = (gid.clone(), link.clone());
                set(Box::new(move |a: &mut Answers| {
                    a.chosen.retain(|s| s != &gid);
                    if on {
                        a.chosen.push(gid.clone());
                        a.chosen.sort_by_key(|s| link.suppliers.iter().position(|x| x == s));
                    }
                }))
            });
            html! {
                <label class={classes!("lr-option", checked.then_some("chosen"))} for={id.clone()}>
                    <input type="checkbox" {id} {checked} disabled={full} {onchange} />
                    <span class="lr-option-text"><span class="lr-level">{ g.name.clone() }</span></span>
                </label>
            }
        });
        let rated_suppliers = a.chosen.iter().filter_map(|s| link.group(s)).map(|g| {
            let answers = a.supplier.iter().find(|(s, _)| s == &g.id).map(|(_, v)| v.clone()).unwrap_or_default();
            let items = per.iter().enumerate().map(|(j, item)| {
                let (set, gid) = (set.clone(), g.id.clone());
                let on: Rc<dyn Fn(u8)> = Rc::new(move |v| {
                    let gid = gid.clone();
                    set(Box::new(move |a: &mut Answers| {
                        if let Some((_, x)) = a.supplier.iter_mut().find(|(s, _)| s == &gid) {
                            x[j] = Some(v);
                        }
                    }))
                });
                point_radios(
                    format!("sv-s-{}-{}", g.id, item.id),
                    html! { <>{ item.text.clone() }<span class="sr-only">{ format!(" ({})", g.name) }</span></> },
                    answers.get(j).copied().flatten(),
                    on,
                )
            });
            html! {
                <fieldset class="sv-supplier">
                    <legend><h3>{ format!("About {}", g.name) }</h3></legend>
                    { for items }
                </fieldset>
            }
        });
        html! {
            <section class="lr-card sv-construct" aria-labelledby="sv-c-internal_service">
                <h2 id="sv-c-internal_service">{ Construct::InternalService.label() }</h2>
                <fieldset class="sv-choose">
                    <legend>{ format!("Whose work do you depend on to serve your customers? Choose up to {MAX_SUPPLIERS}, then rate how well they serve you.") }</legend>
                    <div class="lr-options">{ for boxes }</div>
                </fieldset>
                { for rated_suppliers }
            </section>
        }
    });

    // Written answers.
    let texts: Vec<Html> = link
        .items_of(ItemKind::Text)
        .enumerate()
        .map(|(j, item)| {
            let id = format!("sv-text-{j}");
            let set = set.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                let v = e.target_unchecked_into::<HtmlTextAreaElement>().value();
                set(Box::new(move |a: &mut Answers| a.texts[j] = v.clone()))
            });
            html! {
                <div class="field">
                    <label for={id.clone()}>{ item.text.clone() }</label>
                    <textarea id={id.clone()} rows="4" maxlength={MAX_FREE_TEXT.to_string()} value={a.texts[j].clone()} {oninput}
                        aria-describedby={format!("{id}-hint")} />
                    <p class="hint" id={format!("{id}-hint")}>
                        { format!("Optional, up to {MAX_FREE_TEXT} characters. Written answers are listed word for word and \
                           unattributed; leave out names and details that would point to you or a colleague.") }
                    </p>
                </div>
            }
        })
        .collect();

    let on_finish = {
        let (answers, link, token, done, problem) = (answers.clone(), link.clone(), token.clone(), done.clone(), problem.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let a = &*answers;
            let group = match &a.group {
                GroupChoice::Unset => {
                    problem.set(Some(format!(
                        "Choose your {} under \u{201c}Your {}\u{201d}, or \u{201c}I prefer not to say\u{201d}.",
                        link.by.noun(),
                        link.by.noun()
                    )));
                    focus_after_render("sv-problem");
                    return;
                }
                GroupChoice::NotGiven => None,
                GroupChoice::Group(g) => Some(g.clone()),
            };
            let suppliers: Vec<(String, Vec<Rating>)> =
                a.supplier.iter().filter(|(s, _)| a.chosen.contains(s)).cloned().collect();
            match link.respond(group, &a.rated, &suppliers, &a.texts, &token) {
                Ok(r) => {
                    let code = encode_response(&r);
                    let _ = SessionStorage::set(storage_key(&link), &code);
                    SessionStorage::delete(draft_key(&link));
                    problem.set(None);
                    done.set(Some(code));
                    focus_after_render("sv-done-title");
                }
                Err(e) => {
                    problem.set(Some(sentence(&format!("Your answers cannot be finished: {e}"))));
                    focus_after_render("sv-problem");
                }
            }
        })
    };
    let unanswered = a.rated.iter().filter(|r| r.is_none()).count();

    html! {
        <>
            <Header title={Some(AttrValue::from(link.label.clone()))} />
            <main id="main" tabindex="-1" class="lr-main">
                <h1>{ link.label.clone() }</h1>
                <p class="lr-lead">{ format!("A short staff survey from {} about the service climate where you work.", link.workspace) }</p>
                <section class="lr-card" aria-labelledby="sv-anon">
                    <h2 id="sv-anon">{ "Anonymous by design" }</h2>
                    <ul class="sv-promises">
                        <li>{ "You are not asked for your name, and nothing that identifies you or your device goes into your answers." }</li>
                        <li>{ format!("Results are shown only for a {noun} with at least {k} responses; smaller {noun}s count only in totals of at least {k}.") }</li>
                        <li>{ "Written answers are listed without any sign of who wrote them." }</li>
                        <li>{ "Nothing is sent from this page: at the end you get a response code to send back yourself." }</li>
                    </ul>
                    <p>{ format!("Answer on a scale from \u{201c}{}\u{201d} to \u{201c}{}\u{201d}. Any question can be left out.", SCALE[0], SCALE[4]) }</p>
                </section>
                <form onsubmit={on_finish} novalidate=true>
                    { group_fieldset }
                    { for sections }
                    { for suppliers_section }
                    if !texts.is_empty() {
                        <section class="lr-card" aria-labelledby="sv-c-obstacles">
                            <h2 id="sv-c-obstacles">{ Construct::Obstacles.label() }</h2>
                            { for texts }
                        </section>
                    }
                    <div class="lr-finish">
                        if let Some(p) = &*problem {
                            <div class="notice error" role="alert" id="sv-problem" tabindex="-1">{ p.clone() }</div>
                        }
                        if unanswered > 0 {
                            <p class="hint">{ format!("{unanswered} of {} questions are not answered; that is fine.", a.rated.len()) }</p>
                        }
                        <button type="submit" class="btn primary lr-btn">{ "Finish and get my response code" }</button>
                        <p class="hint" id="sv-draft-hint">
                            if *draft_kept {
                                { "Your answers so far are kept in this tab, so reloading the page loses nothing; closing the tab clears them." }
                            } else {
                                { "This browser does not let the page keep your answers, so reloading or closing the page clears them: finish in one go." }
                            }
                        </p>
                    </div>
                </form>
            </main>
        </>
    }
}
