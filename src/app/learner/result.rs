//! The learner's result page: readiness and gaps computed with the trainer's own definitions
//! (`LearnerAssessment::preview` then `gaps::person_gaps`, the full analysis's row for one person), a chart of their levels against the role's, the
//! largest gaps and next steps in words, and, first, the result code to send back (the system share sheet
//! where there is one, copy, a mail link, or the result file); in an LMS, what the LMS recorded and the way to
//! finish come before it.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::steps::level_name;
use super::{sentence, Finish, Send};
use crate::app::pages::importance_label;
use crate::app::services::files;
use crate::domain::gaps::PersonGaps;
use crate::domain::num::fixed;
use crate::domain::learner::{encode_result, result_file, Answer, LearnerAssessment, LearnerResult};

/// How many gaps the page names.
const TOP_GAPS: usize = 3;

/// The learner's gaps over the link's skills, as the trainer's gap analysis computes them.
pub(crate) fn person_gaps(a: &LearnerAssessment, r: &LearnerResult) -> Option<PersonGaps> {
    let (ws, person) = a.preview(r).ok()?;
    crate::domain::gaps::person_gaps(&ws, &person, None)
}

/// The learner's readiness, 0–100, when any skill has a level.
pub(crate) fn readiness(a: &LearnerAssessment, r: &LearnerResult) -> Option<f64> {
    person_gaps(a, r)?.readiness
}

/// One skill's line of the result.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    /// Index in the link's skills.
    index: usize,
    answer: Answer,
    required: u8,
    importance: u8,
    gap: Option<u8>,
    weighted: u32,
}

/// The lines in the link's order.
fn lines(a: &LearnerAssessment, r: &LearnerResult, g: Option<&PersonGaps>) -> Vec<Line> {
    a.skills
        .iter()
        .zip(&r.answers)
        .enumerate()
        .map(|(index, (s, x))| {
            let row = g.and_then(|g| g.row(&s.id));
            Line {
                index,
                answer: x.answer,
                required: s.required,
                importance: s.importance,
                gap: row.and_then(|r| r.gap),
                weighted: row.and_then(|r| r.weighted_gap).unwrap_or(0),
            }
        })
        .collect()
}

/// The largest gaps: importance × gap, then gap, then the link's order.
fn top_gaps(lines: &[Line]) -> Vec<Line> {
    let mut v: Vec<Line> = lines.iter().filter(|l| l.gap.unwrap_or(0) > 0).cloned().collect();
    // The index breaks every tie, so the unstable sort gives the one order.
    v.sort_unstable_by(|x, y| y.weighted.cmp(&x.weighted).then(y.gap.cmp(&x.gap)).then(x.index.cmp(&y.index)));
    v.truncate(TOP_GAPS);
    v
}

fn levels(n: u8) -> String {
    if n == 1 { "1 level".into() } else { format!("{n} levels") }
}

/// A file-name-safe form of the learner's name: lower-case letters and digits joined by `-`.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').chars().take(60).collect::<String>();
    if out.is_empty() { "learner".into() } else { out }
}

#[derive(Properties, PartialEq)]
pub(crate) struct ResultProps {
    pub a: Rc<LearnerAssessment>,
    pub result: Rc<LearnerResult>,
    /// Launched by an LMS.
    pub lms: bool,
    pub review_only: bool,
    pub send: Send,
    pub finish: Finish,
    /// Send the result to the LMS again.
    pub retry: Callback<()>,
    pub on_finish: Callback<()>,
}

/// The result page.
#[component]
pub(crate) fn ResultPage(p: &ResultProps) -> Html {
    let a = &*p.a;
    let r = &*p.result;
    let gaps = use_memo((p.a.clone(), p.result.clone()), |(a, r)| person_gaps(a, r));
    let code = use_memo(p.result.clone(), |r| encode_result(r));
    let copied = use_state(|| None::<(bool, u32)>);
    // Set when the share sheet was cancelled or refused, so the status line says that rather than copying.
    let shared = use_state(|| None::<()>);
    let lines = lines(a, r, gaps.as_ref().as_ref());
    let top = top_gaps(&lines);
    let max = a.scale.len().saturating_sub(1).max(1) as f64;

    let on_copy = {
        let (code, copied, shared) = (code.clone(), copied.clone(), shared.clone());
        Callback::from(move |_| {
            shared.set(None);
            let (code, copied) = (code.clone(), copied.clone());
            let seq = copied.map_or(0, |c| c.1) + 1;
            spawn_local(async move {
                let area = gloo::utils::document()
                    .get_element_by_id("result-code")
                    .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
                let ok = files::copy_text(&code, area).await;
                copied.set(Some((ok, seq)));
            });
        })
    };
    let on_download = {
        let code = code.clone();
        let name = format!("skillgap-result-{}-{}.json", slug(&r.learner.name), r.completed);
        Callback::from(move |_| {
            files::download(&name, "application/json", result_file(&[(*code).clone()]).as_bytes());
        })
    };
    // The system share sheet (phones, some desktop browsers), when the browser has one.
    let can_share = js_sys::Reflect::get(&gloo::utils::window().navigator(), &"share".into()).is_ok_and(|f| f.is_function());
    let share_text = format!(
        "My self-assessment result for {} ({}), {}: paste this code into Skillgap's result import.\n\n{}",
        a.role_name, a.workspace, r.learner.name, *code
    );
    let on_share = {
        let (text, copied, shared) = (share_text.clone(), copied.clone(), shared.clone());
        let title = format!("Self-assessment result: {}", r.learner.name);
        Callback::from(move |_| {
            let (text, title, copied, shared) = (text.clone(), title.clone(), copied.clone(), shared.clone());
            spawn_local(async move {
                let ok = share(&title, &text).await;
                // Cancelled or refused: say so beside the other ways (the copy status line).
                if !ok {
                    shared.set(Some(()));
                    copied.set(Some((false, copied.map_or(0, |c| c.1) + 1)));
                }
            });
        })
    };
    let mail = format!(
        "mailto:?subject={}&body={}",
        String::from(js_sys::encode_uri_component(&format!("Self-assessment result: {}", r.learner.name))),
        String::from(js_sys::encode_uri_component(&share_text))
    );
    let no_opportunity: Vec<&str> = lines
        .iter()
        .filter(|l| l.answer == Answer::NoOpportunity)
        .map(|l| a.skills[l.index].name.as_str())
        .collect();
    let readiness = gaps.as_ref().as_ref().and_then(|g| g.readiness);

    html! {
        <section class="lr-result" aria-labelledby="step-heading">
            <h2 id="step-heading" tabindex="-1">{ "Your result" }</h2>
            <p class="lr-lead">{ format!("Thank you, {}. You completed this self-assessment on {}.", r.learner.name, r.completed) }</p>

            if p.lms { { lms_part(p) } }

            <div class="lr-card lr-send">
                <h3>{ "Send it to your trainer" }</h3>
                <p>
                    if p.lms { { "Your LMS keeps your score and completion; your trainer may still ask you for your result code. " } }
                    { "Send your result code to your trainer: share it or email it, or copy it into a chat message, or \
                       download the result file and attach it. Your trainer imports it into Skillgap. It holds your name \
                       and your answers, so send it to your trainer only." }
                </p>
                <div class="field">
                    <label for="result-code">{ "Your result code" }</label>
                    <textarea id="result-code" class="lr-code" readonly=true rows="4" value={(*code).clone()} />
                </div>
                <div class="actions">
                    if can_share {
                        <button type="button" class="btn primary lr-btn" onclick={on_share}>{ "Share result code…" }</button>
                    }
                    <button type="button" class={classes!("btn", "lr-btn", (!can_share).then_some("primary"))} onclick={on_copy}>{ "Copy result code" }</button>
                    <a class="btn lr-btn" href={mail}>{ "Email it" }</a>
                    <button type="button" class="btn lr-btn" onclick={on_download}>{ "Download result file" }</button>
                </div>
                <p role="status" class="lr-copy-status">
                    { match *copied {
                        Some((true, _)) => "The result code is copied: paste it into a message to your trainer.",
                        Some((false, _)) if shared.is_some() => "Sharing did not finish: copy, email or download the result code instead.",
                        Some((false, _)) => "This browser did not let Skillgap copy. The code is selected in the box above: \
                                              copy it with Ctrl+C (⌘+C on a Mac), or press and hold it and choose Copy.",
                        None => "",
                    } }
                </p>
            </div>

            <div class="lr-card">
                <p class="readiness lr-readiness">
                    { format!("Readiness for {}: ", a.role_name) }
                    <strong class="big">{ readiness.map_or("not known".to_string(), |x| format!("{}%", fixed(x, 0))) }</strong>
                </p>
                <p class="hint">
                    if readiness.is_some() {
                        { "How close your levels are to what the role needs, weighted by how important each skill is: \
                           100% means every skill you rated is at or above the level the role needs. Skills you skipped \
                           or had no opportunity to show are left out." }
                    } else {
                        { "You did not choose a level for any skill, so there is no readiness to show." }
                    }
                </p>

                <h3 id="chart-h">{ "Your levels and what the role needs" }</h3>
                <p class="chart-legend" aria-hidden="true">
                    <span><svg width="22" height="12"><rect x="0" y="1" width="22" height="10" rx="2" class="lr-you" /></svg>{ " Your level" }</span>
                    <span><svg width="8" height="16"><rect x="2" y="0" width="4" height="16" class="lr-req" /></svg>{ " What the role needs" }</span>
                </p>
                <ul class="lr-chart" aria-labelledby="chart-h">
                    { for lines.iter().map(|l| {
                        let s = &a.skills[l.index];
                        let you = match l.answer {
                            Answer::Level(x) => level_name(a, x),
                            Answer::NoOpportunity => "no opportunity to show this".into(),
                            Answer::Skipped => "not answered".into(),
                        };
                        let gap = match (l.answer, l.gap) {
                            (Answer::Level(_), Some(0)) => " · meets it".to_string(),
                            (Answer::Level(_), Some(g)) => format!(" · {} below", levels(g)),
                            _ => String::new(),
                        };
                        let w = |lv: u8| lv as f64 / max * 100.0;
                        html! {
                            <li>
                                <span class="lr-chart-name">{ s.name.clone() }</span>
                                <span class="lr-chart-values">
                                    { format!("You: {you} · Role: {}{gap}", level_name(a, l.required)) }
                                </span>
                                <svg class="lr-chart-bar" viewBox="0 0 102 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                                    <rect x="1" y="2" width="100" height="8" rx="2" class="lr-track" />
                                    if let Answer::Level(x) = l.answer {
                                        <rect x="1" y="2" width={fixed(w(x).max(0.8), 2)} height="8" rx="2" class="lr-you" />
                                    }
                                    <rect x={fixed(w(l.required).max(0.0), 2)} y="0" width="2" height="12" class="lr-req" />
                                </svg>
                            </li>
                        }
                    }) }
                </ul>
            </div>

            <div class="lr-card">
                <h3>{ "Your largest gaps" }</h3>
                if top.is_empty() {
                    <p>{ "You rated yourself at or above the level the role needs on every skill you rated." }</p>
                } else {
                    <ol class="lr-gaps">
                        { for top.iter().map(|l| {
                            let s = &a.skills[l.index];
                            let Answer::Level(you) = l.answer else { return html! {} };
                            html! {
                                <li>
                                    <strong>{ s.name.clone() }</strong>
                                    { format!(": you chose {}; the role needs {}. That is {} to go, on a skill that is {} for the role.",
                                        level_name(a, you), level_name(a, l.required), levels(l.gap.unwrap_or(0)),
                                        importance_label(l.importance).to_ascii_lowercase()) }
                                </li>
                            }
                        }) }
                    </ol>
                }

                <h3>{ "Next steps" }</h3>
                if top.is_empty() {
                    <p>{ "Talk to your trainer about confirming your levels, or about helping colleagues with the skills \
                          you are strong in." }</p>
                } else {
                    <ul class="lr-next">
                        { for top.iter().map(|l| {
                            let s = &a.skills[l.index];
                            let Answer::Level(you) = l.answer else { return html! {} };
                            let next = you.saturating_add(1).min(l.required);
                            let text = s.level_texts.get(next as usize).filter(|t| !t.trim().is_empty()).cloned();
                            let gap = l.gap.unwrap_or(0);
                            let tip = if gap >= 2 {
                                format!("{} is a bigger step than practice alone usually closes: ask your trainer about \
                                         training or coaching, and aim for the next level first.", levels(gap))
                            } else {
                                "Pick one situation this week where you can practise it, and ask a colleague or your \
                                 trainer for feedback afterwards.".to_string()
                            };
                            html! {
                                <li>
                                    <strong>{ s.name.clone() }</strong>
                                    { format!(" — the next level is {}", level_name(a, next)) }
                                    { match text {
                                        Some(t) if t.trim_end().ends_with(['.', '!', '?']) => format!(": “{}” ", t.trim()),
                                        Some(t) => format!(": “{}”. ", t.trim()),
                                        None => ". ".into(),
                                    } }
                                    { tip }
                                </li>
                            }
                        }) }
                    </ul>
                }
                if !no_opportunity.is_empty() {
                    <p>{ format!("You had no opportunity to show: {}. Ask your trainer for a chance to practise {}.",
                        no_opportunity.join(", "), if no_opportunity.len() == 1 { "it" } else { "them" }) }</p>
                }
            </div>

        </section>
    }
}

/// `navigator.share({ title, text })`: whether the text was shared (false when the learner cancelled it or
/// the browser refused). Called by name: web-sys's share API needs features the bundle has no other use for.
async fn share(title: &str, text: &str) -> bool {
    let navigator = gloo::utils::window().navigator();
    let Some(f) = js_sys::Reflect::get(&navigator, &"share".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else {
        return false;
    };
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
    let _ = js_sys::Reflect::set(&data, &"text".into(), &text.into());
    match f.call1(&navigator, &data).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
        Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        None => false,
    }
}

/// What the LMS recorded, and Finish.
fn lms_part(p: &ResultProps) -> Html {
    let retry = p.retry.reform(|_| ());
    let finish = p.on_finish.reform(|_| ());
    let status = match (&p.send, p.review_only) {
        (_, true) => "Opened for review only: nothing was recorded.".to_string(),
        (Send::Sending, _) => "Sending your result to your LMS…".to_string(),
        (Send::Recorded(m), _) if m.trim().is_empty() => "Your LMS has recorded your result.".to_string(),
        (Send::Recorded(m), _) => m.clone(),
        // Idle in an LMS: recorded by an earlier launch (one that was not is sent again at once).
        (Send::Idle, _) => format!("You submitted this self-assessment on {}, and your LMS has it.", p.result.completed),
        (Send::Refused(_), _) => String::new(),
    };
    html! {
        <div class="lr-card lr-lms">
            <h3>{ "Your LMS" }</h3>
            <p role="status">{ status }</p>
            if let Send::Refused(e) = &p.send {
                <div class="notice error" role="alert">
                    <strong>{ "Your LMS did not record your result: " }</strong>{ sentence(e) }
                </div>
                <div class="actions"><button type="button" class="btn lr-btn" onclick={retry}>{ "Try again" }</button></div>
            }
            <p role="status" class="lr-finish-status">
                { match &p.finish {
                    Finish::Finishing => "Finishing…".to_string(),
                    Finish::Done => "You have finished. You can close this page.".to_string(),
                    _ => String::new(),
                } }
            </p>
            if let Finish::Failed(e) = &p.finish {
                <div class="notice error" role="alert"><strong>{ "Could not finish: " }</strong>{ sentence(e) }</div>
            }
            if p.finish != Finish::Done {
                <div class="actions">
                    <button type="button" class="btn primary lr-btn" onclick={finish}>{ "Finish" }</button>
                    <span class="hint">{ "Ends this session in your LMS." }</span>
                </div>
            }
        </div>
    }
}
