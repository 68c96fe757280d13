//! Learner mode: the focused pages a learner sees when they open a learner link (`#/learn/<code>`) or a
//! SCORM/cmi5 package (the code is in the page's `<meta name="skillgap-learner">`). No trainer UI, no
//! workspace: just the assessment, the learner's own result and the result code to send back.
//!
//! The flow is start → one skill per step (or all skills on one page) → review → result. Where the learner
//! is, what they answered and their name are one [`Progress`], kept in a reducer ([`Flow`]) and handed to
//! the LMS session ([`Session::save`]) after every change: at once for a choice or a step, after a short
//! pause for typing (name, notes), and on `pagehide` for anything still waiting. Reopening the link (or
//! the LMS relaunching the package) resumes from that progress.
//!
//! Design decisions:
//! - **The required level is not shown while the learner answers.** Seeing "the role needs 3" before
//!   rating oneself anchors the answer on it (people drift towards the number they have just seen), and
//!   the trainer wants the learner's own view. The required levels appear on the result page, next to the
//!   learner's answers, where they explain the gaps.
//! - A skill can be left unanswered (Next without a choice): the review lists those skills, and they are
//!   sent as "skipped" (no rating at all), which is different from "No opportunity to show this".
//! - The name is asked for on the start page (Start needs it) and again on the review page, so it can be
//!   corrected before submitting.
//! - If the LMS connection fails, the learner can still carry on: the page says that nothing is saved or
//!   recorded and the result code is the way to send the answers.
//! - When the LMS opened the assessment for review only, every control is read-only and nothing is saved
//!   or submitted; the page says so.
//! - A submitted result the LMS refused (the learner can press Try again) or never answered is marked
//!   *not recorded* in the saved progress, and the next launch sends it again as soon as the LMS is
//!   connected; a recorded one is marked so and never sent twice.

mod result;
mod steps;

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::app::pages::focus_after_render;
use crate::app::services::files::today;
use crate::app::services::lms::{self, Mode, Save, Session};
use crate::domain::learner::{decode_link, Answer, Learner, LearnerAssessment, LearnerResult};
use crate::domain::lms::Progress;

/// How long typing (name, notes) waits before progress is saved, in milliseconds.
const TYPING_SAVE_DELAY_MS: u32 = 600;
/// How long the LMS connection may take before "Connecting to your LMS…" is shown, in milliseconds.
const SLOW_START_MS: u32 = 400;

#[derive(Properties, PartialEq)]
pub struct LearnerRootProps {
    /// The learner link's code (or the whole link).
    pub code: AttrValue,
}

/// The root component of learner mode: decodes the link, keeps the iframe sized for the page's life, and
/// shows either the assessment or why the link cannot be opened.
#[component]
pub fn LearnerRoot(p: &LearnerRootProps) -> Html {
    let decoded = use_memo(p.code.clone(), |c| decode_link(c).map(Rc::new).map_err(|e| sentence(&e.to_string())));
    use_effect_with((), |_| {
        let guard = lms::auto_resize();
        move || drop(guard)
    });
    match &*decoded {
        Ok(a) => html! { <AssessmentFlow a={a.clone()} /> },
        Err(message) => html! { <BadLink message={message.clone()} /> },
    }
}

/// A text as a sentence: first letter upper-case, ending with a full stop.
pub(crate) fn sentence(s: &str) -> String {
    let mut out = crate::app::state::capitalise(s.trim());
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

#[derive(Properties, PartialEq)]
struct BadLinkProps {
    message: String,
}

/// The page for a link that cannot be decoded: what is wrong (the codec's words) and what to do.
#[component]
fn BadLink(p: &BadLinkProps) -> Html {
    use_effect_with((), |_| gloo::utils::document().set_title("Learner link cannot be opened · Skillgap"));
    html! {
        <>
            <Header title={None::<AttrValue>} workspace={None::<AttrValue>} mode={None::<AttrValue>} />
            <main id="main" tabindex="-1" class="lr-main">
                <h1>{ "This learner link cannot be opened" }</h1>
                <div class="notice error" role="alert">{ p.message.clone() }</div>
                <p class="lr-lead">
                    { "Ask whoever sent it for a new link; links are sometimes cut when copied or emailed. \
                       If you copied it by hand, check that you copied all of it, up to its last character." }
                </p>
            </main>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct HeaderProps {
    title: Option<AttrValue>,
    workspace: Option<AttrValue>,
    /// The mode label; `None` hides it.
    mode: Option<AttrValue>,
    /// The site the page reports to, shown next to the mode.
    #[prop_or_default]
    reports_to: Option<AttrValue>,
}

/// The slim header: the Skillgap mark, the assessment's title and workspace, and the LMS mode.
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
                    <span class="lr-head-title">
                        <span class="lr-head-name">{ t.clone() }</span>
                        if let Some(w) = &p.workspace { <span class="lr-head-ws">{ w.clone() }</span> }
                    </span>
                }
                if let Some(m) = &p.mode {
                    <span class="lr-head-mode">
                        <span class="sr-only">{ "Mode: " }</span><span class="lms-mode">{ m.clone() }</span>
                        if let Some(h) = &p.reports_to {
                            <span class="lms-host">{ " · reporting to " }<span class="lms-host-name">{ h.clone() }</span></span>
                        }
                    </span>
                }
            </header>
        </>
    }
}

/// The learner's progress as the pages edit it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Flow {
    pub p: Progress,
    /// Bumped on every change of `p`.
    pub rev: u64,
    /// `p` has changes that were not handed to the session yet.
    pub dirty: bool,
    /// The last change was typing (name or note): it is saved after a pause.
    pub typing: bool,
    /// The last change is a moment to commit to the LMS (a step change, the submission); other changes
    /// only update the run-time's copy.
    pub commit: bool,
}

/// Changes to the learner's progress.
pub(crate) enum Act {
    /// Progress from the LMS or storage (or a fresh start): replaces everything, nothing to save.
    Load(Progress),
    Name(String),
    Answer(usize, Answer),
    Note(usize, String),
    /// Show step `n` (0 = start, 1..=skills = a skill, skills + 1 = review).
    Go(usize),
    /// Submitted on this date.
    Submitted(String),
    /// The LMS recorded the submitted result.
    Recorded,
}

impl Reducible for Flow {
    type Action = Act;

    fn reduce(self: Rc<Self>, act: Act) -> Rc<Self> {
        let mut f = (*self).clone();
        f.typing = false;
        f.commit = false;
        let locked = f.p.submitted;
        match act {
            Act::Load(p) => {
                f.p = p;
                f.rev += 1;
                f.dirty = false;
                return Rc::new(f);
            }
            Act::Name(n) if !locked && f.p.learner != n => {
                f.p.learner = n;
                f.typing = true;
            }
            Act::Answer(i, a) if !locked && f.p.answers.get(i).is_some_and(|x| x.answer != a) => {
                f.p.answers[i].answer = a;
            }
            Act::Note(i, t) if !locked && f.p.answers.get(i).is_some_and(|x| x.note != t) => {
                f.p.answers[i].note = t;
                f.typing = true;
            }
            Act::Go(s) if f.p.step != s => {
                f.p.step = s;
                f.commit = true;
            }
            Act::Submitted(date) if !locked => {
                f.p.submitted = true;
                f.p.completed = date;
                f.commit = true;
            }
            Act::Recorded if f.p.submitted && !f.p.recorded => f.p.recorded = true,
            _ => return self,
        }
        f.rev += 1;
        f.dirty = true;
        Rc::new(f)
    }
}

/// Where the connection to the LMS stands.
#[derive(Clone, Debug, PartialEq)]
enum Start {
    /// Waiting for [`Session::start`]; `slow` once it has taken longer than [`SLOW_START_MS`].
    Waiting { slow: bool },
    Ready,
    /// The start failed: the learner carries on without saving or recording.
    Failed(String),
}

/// Sending the result to the LMS.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Send {
    Idle,
    Sending,
    Recorded(String),
    Refused(String),
}

/// Ending the LMS session.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Finish {
    Idle,
    Finishing,
    /// Finished and nowhere to go: the learner may close the page.
    Done,
    Failed(String),
}

/// What saving progress last said.
#[derive(Clone, Debug, Default, PartialEq)]
struct Saved {
    notes_dropped: bool,
    error: Option<String>,
}

#[derive(Properties, PartialEq)]
struct FlowProps {
    a: Rc<LearnerAssessment>,
}

/// Everything the step functions need from the flow component.
pub(crate) struct View<'a> {
    pub a: &'a LearnerAssessment,
    pub flow: &'a UseReducerHandle<Flow>,
    /// Nothing may be changed (review-only launch, or already submitted).
    pub read_only: bool,
    pub review_only: bool,
    /// All skills on one page.
    pub all: bool,
    pub name_error: Option<String>,
    pub submit_error: Option<String>,
    /// Show step n and move focus to its heading.
    pub go: Callback<usize>,
    pub start: Callback<()>,
    pub toggle: Callback<()>,
    pub submit: Callback<()>,
    /// From the review: edit skill i.
    pub change: Callback<usize>,
    /// The learner came to a skill from the review: offer the way back.
    pub from_review: bool,
}

/// The assessment: header, the current step, notices and footer; owns the progress and the LMS session.
#[component]
fn AssessmentFlow(FlowProps { a }: &FlowProps) -> Html {
    let flow = use_reducer({
        let a = a.clone();
        move || Flow { p: Progress::start(&a), rev: 0, dirty: false, typing: false, commit: false }
    });
    let start = use_state(|| Start::Waiting { slow: false });
    let session: UseStateHandle<Option<Session>> = use_state(|| None);
    let mode = use_state(|| None::<Mode>);
    let reports_to = use_state(|| None::<String>);
    let review_only = use_state(|| false);
    let notices = use_state(Vec::<String>::new);
    let welcome = use_state(|| false);
    let all = use_state(|| false);
    let from_review = use_state(|| false);
    let name_error = use_state(|| None::<String>);
    let submit_error = use_state(|| None::<String>);
    let saved = use_state(Saved::default);
    let send = use_state(|| Send::Idle);
    // Whether this launch has already re-sent a result that an earlier launch submitted but did not get recorded.
    let resent = use_mut_ref(|| false);
    let finish = use_state(|| Finish::Idle);
    let pending: Rc<RefCell<Option<(Timeout, Progress)>>> = use_mut_ref(|| None);
    // The progress as it is now, for the page-hide handler (which outlives a render).
    let latest: Rc<RefCell<Progress>> = use_mut_ref({
        let a = a.clone();
        move || Progress::start(&a)
    });
    *latest.borrow_mut() = flow.p.clone();

    // Title.
    use_effect_with(a.title().to_string(), |t| {
        gloo::utils::document().set_title(&format!("Self-assessment: {t} · Skillgap"));
    });

    // Connect on mount.
    {
        let (a, flow, start, session, mode, reports_to, review_only, notices, welcome) = (
            a.clone(),
            flow.clone(),
            start.clone(),
            session.clone(),
            mode.clone(),
            reports_to.clone(),
            review_only.clone(),
            notices.clone(),
            welcome.clone(),
        );
        use_effect_with((), move |_| {
            let slow = {
                let start = start.clone();
                Timeout::new(SLOW_START_MS, move || {
                    if *start == (Start::Waiting { slow: false }) {
                        start.set(Start::Waiting { slow: true });
                    }
                })
            };
            spawn_local(async move {
                let started = Session::start(&a).await;
                drop(slow);
                match started {
                    Ok((s, launch)) => {
                        let mut p = launch.resume.clone().unwrap_or_else(|| Progress::start(&a));
                        if p.learner.trim().is_empty() {
                            if let Some(n) = &launch.learner_name {
                                p.learner = n.clone();
                            }
                        }
                        p.step = p.step.min(a.skills.len() + 1);
                        let mut n = Vec::new();
                        if launch.review_only {
                            n.push("Your LMS opened this self-assessment for review only: you can look through it, \
                                    but nothing you change is recorded."
                                .to_string());
                        }
                        if let Some(t) = &launch.notice {
                            n.push(t.clone());
                        }
                        welcome.set(launch.resume.as_ref().is_some_and(|r| r.step > 0 && !r.submitted));
                        flow.dispatch(Act::Load(p));
                        mode.set(Some(launch.mode));
                        reports_to.set(launch.reports_to.clone());
                        review_only.set(launch.review_only);
                        notices.set(n);
                        session.set(Some(s));
                        start.set(Start::Ready);
                    }
                    Err(e) => {
                        mode.set(Some(Mode::Standalone));
                        start.set(Start::Failed(e.message));
                    }
                }
            });
        });
    }

    // Save after every change: at once (a commit for a step change), or after a pause for typing.
    let save_now = {
        let (session, saved) = (session.clone(), saved.clone());
        Rc::new(move |p: &Progress, how: Save| {
            let Some(s) = (*session).clone() else { return };
            let (p, saved) = (p.clone(), saved.clone());
            spawn_local(async move {
                match s.save(&p, how).await {
                    Ok(r) => saved.set(Saved { notes_dropped: r.notes_dropped, error: None }),
                    Err(e) => saved.set(Saved { notes_dropped: saved.notes_dropped, error: Some(e.message) }),
                }
            });
        })
    };
    {
        let (flow, pending, save_now, review_only) = (flow.clone(), pending.clone(), save_now.clone(), *review_only);
        let has_session = session.is_some();
        use_effect_with((flow.rev, has_session), move |_| {
            if flow.dirty && has_session && !review_only {
                let p = flow.p.clone();
                if flow.typing {
                    let save = save_now.clone();
                    let pending2 = pending.clone();
                    let t = Timeout::new(TYPING_SAVE_DELAY_MS, move || {
                        let waiting = pending2.borrow_mut().take();
                        if let Some((_, p)) = waiting {
                            save(&p, Save::Keep);
                        }
                    });
                    *pending.borrow_mut() = Some((t, p));
                } else {
                    pending.borrow_mut().take();
                    save_now(&p, if flow.commit { Save::Commit } else { Save::Keep });
                }
            }
        });
    }
    // Leaving: everything is saved at once, and an unloading page ends its SCORM session (SCORM requires
    // Finish/Terminate); a page merely hidden (another tab, a phone's home screen) commits.
    {
        let (pending, latest, session) = (pending.clone(), latest.clone(), session.clone());
        use_effect_with(session.is_some(), move |_| {
            let hide = {
                let (pending, latest, session) = (pending.clone(), latest.clone(), session.clone());
                gloo::events::EventListener::new(&gloo::utils::window(), "pagehide", move |e| {
                    let waiting = pending.borrow_mut().take();
                    if let Some((t, _)) = waiting {
                        t.cancel();
                    }
                    let persisted = js_sys::Reflect::get(e, &"persisted".into()).ok().and_then(|v| v.as_bool()).unwrap_or(false);
                    let p = latest.borrow().clone();
                    if let Some(s) = &*session {
                        s.leave(&p, persisted);
                    }
                })
            };
            let hidden = gloo::events::EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
                if gloo::utils::document().visibility_state() != web_sys::VisibilityState::Hidden {
                    return;
                }
                let p = latest.borrow().clone();
                if let Some(s) = (*session).clone().filter(|s| !s.finished()) {
                    spawn_local(async move {
                        let _ = s.save(&p, Save::Commit).await;
                    });
                }
            });
            move || drop((hide, hidden))
        });
    }

    let n = a.skills.len();
    let p = &flow.p;
    let ready = !matches!(*start, Start::Waiting { .. });
    let lms_mode = mode.filter(|m| *m != Mode::Standalone);
    let ended = *finish == Finish::Done;

    let go = {
        let (flow, from_review, welcome) = (flow.clone(), from_review.clone(), welcome.clone());
        Callback::from(move |s: usize| {
            flow.dispatch(Act::Go(s));
            welcome.set(false);
            from_review.set(false);
            focus_after_render(if s == 0 { "page-title" } else { "step-heading" });
        })
    };
    let start_cb = {
        let (flow, go, name_error, read_only) = (flow.clone(), go.clone(), name_error.clone(), *review_only);
        Callback::from(move |_| {
            if flow.p.learner.trim().is_empty() && !read_only {
                name_error.set(Some("Enter your name: your trainer needs it to match your answers to you.".into()));
                focus_after_render("learner-name");
            } else {
                name_error.set(None);
                go.emit(1);
            }
        })
    };
    let toggle = {
        let all = all.clone();
        Callback::from(move |_| {
            all.set(!*all);
            focus_after_render("step-heading");
        })
    };
    let change = {
        let (flow, from_review) = (flow.clone(), from_review.clone());
        let all = *all;
        Callback::from(move |i: usize| {
            flow.dispatch(Act::Go(i + 1));
            from_review.set(true);
            focus_after_render(&if all { format!("skill-h-{i}") } else { "step-heading".to_string() });
        })
    };
    let send_result = {
        let (session, send, a, flow) = (session.clone(), send.clone(), a.clone(), flow.clone());
        Rc::new(move |r: Rc<LearnerResult>, p: Progress| {
            let Some(s) = (*session).clone() else { return };
            if matches!(*send, Send::Sending) {
                return;
            }
            send.set(Send::Sending);
            let (send, a, flow) = (send.clone(), a.clone(), flow.clone());
            let readiness = result::readiness(&a, &r).unwrap_or(0.0);
            spawn_local(async move {
                match s.submit(&a, &r, readiness, &p).await {
                    Ok(rep) => {
                        // Saved with the progress, so a later launch does not send it again.
                        flow.dispatch(Act::Recorded);
                        send.set(Send::Recorded(rep.message));
                    }
                    Err(e) => send.set(Send::Refused(e.message)),
                }
            });
        })
    };
    let submit = {
        let (a, flow, name_error, submit_error, send_result) =
            (a.clone(), flow.clone(), name_error.clone(), submit_error.clone(), send_result.clone());
        let in_lms = lms_mode.is_some() && !*review_only;
        Callback::from(move |_| {
            let p = &flow.p;
            if p.learner.trim().is_empty() {
                let m = "Enter your name before you submit: your trainer needs it to match your answers to you.";
                name_error.set(Some(m.into()));
                submit_error.set(Some(m.into()));
                focus_after_render("learner-name");
                return;
            }
            let date = today();
            let learner = Learner { name: p.learner.clone(), ..Default::default() };
            match a.result(learner, &date, p.answers.clone()) {
                Ok(r) => {
                    name_error.set(None);
                    submit_error.set(None);
                    let mut submitted = p.clone();
                    submitted.submitted = true;
                    submitted.completed = date.clone();
                    flow.dispatch(Act::Submitted(date));
                    focus_after_render("step-heading");
                    if in_lms {
                        send_result(Rc::new(r), submitted);
                    }
                }
                Err(e) => {
                    submit_error.set(Some(format!("Your answers could not be turned into a result: {}", sentence(&e.to_string()))));
                    focus_after_render("submit-error");
                }
            }
        })
    };
    let on_finish = {
        let (session, finish, latest) = (session.clone(), finish.clone(), latest.clone());
        Callback::from(move |_: ()| {
            let Some(s) = (*session).clone() else { return };
            finish.set(Finish::Finishing);
            let finish = finish.clone();
            let p = latest.borrow().clone();
            spawn_local(async move {
                match s.finish(Some(&p)).await {
                    Ok(Some(url)) => {
                        if gloo::utils::window().location().set_href(&url).is_err() {
                            finish.set(Finish::Done);
                        }
                    }
                    Ok(None) => finish.set(Finish::Done),
                    Err(e) => finish.set(Finish::Failed(e.message)),
                }
            });
        })
    };

    // The result, rebuilt from the progress once submitted (also after a reload).
    let result = use_memo((p.submitted, p.completed.clone(), p.learner.clone(), p.answers.clone()), {
        let a = a.clone();
        move |(submitted, completed, name, answers)| {
            submitted.then(|| {
                let learner = Learner { name: name.clone(), ..Default::default() };
                a.result(learner, completed, answers.clone()).map(Rc::new).map_err(|e| sentence(&e.to_string()))
            })
        }
    });

    // Submitted but never recorded (the LMS refused, or the page closed before it answered): send it again
    // once, as soon as the LMS is connected on this launch.
    {
        let (send_result, result, resent, flow) = (send_result.clone(), result.clone(), resent.clone(), flow.clone());
        let due = *start == Start::Ready
            && lms_mode.is_some()
            && !*review_only
            && p.submitted
            && !p.recorded
            && *send == Send::Idle;
        use_effect_with(due, move |due| {
            if *due && !*resent.borrow() {
                if let Some(Ok(r)) = &*result {
                    *resent.borrow_mut() = true;
                    send_result(r.clone(), flow.p.clone());
                }
            }
        });
    }

    let view = View {
        a,
        flow: &flow,
        read_only: *review_only || p.submitted || !ready || ended,
        review_only: *review_only,
        all: *all,
        name_error: (*name_error).clone(),
        submit_error: (*submit_error).clone(),
        go,
        start: start_cb,
        toggle,
        submit,
        change,
        from_review: *from_review,
    };

    let on_result = matches!(&*result, Some(Ok(_))) && !matches!(*start, Start::Waiting { .. });
    let body = match (&*start, &*result) {
        (Start::Waiting { slow }, _) => html! {
            <p role="status" class="lr-connecting">{ if *slow { "Connecting to your LMS…" } else { "" } }</p>
        },
        (_, Some(Ok(r))) => {
            let retry = {
                let (send_result, r, flow) = (send_result.clone(), r.clone(), flow.clone());
                Callback::from(move |_| send_result(r.clone(), flow.p.clone()))
            };
            html! {
                <result::ResultPage a={a.clone()} result={r.clone()} lms={lms_mode.is_some()}
                    review_only={*review_only} send={(*send).clone()} finish={(*finish).clone()}
                    {retry} on_finish={on_finish.clone()} />
            }
        }
        (_, Some(Err(e))) => html! {
            <>
                <div class="notice error" role="alert">{ format!("Your saved result cannot be shown: {e}") }</div>
                { steps::review(&view) }
            </>
        },
        _ if p.step == 0 => steps::start(&view),
        _ if p.step > n => steps::review(&view),
        _ if *all => steps::list(&view),
        _ => steps::skill_step(&view, p.step - 1),
    };

    let mode_label = match (*mode, &*start) {
        (Some(m), _) => Some(AttrValue::from(m.label())),
        (None, _) => Some(AttrValue::from("Connecting")),
    };
    let footer = match (lms_mode.is_some(), *review_only) {
        (_, true) => "Opened for review only: nothing you change here is recorded.",
        (true, false) if matches!(*send, Send::Refused(_)) => "Your LMS has not recorded your result yet: see above.",
        (true, false) if saved.error.is_some() => "Your LMS has not saved your latest answers: see above.",
        (true, false) if p.submitted && (p.recorded || matches!(*send, Send::Recorded(_))) => "Your result is recorded by your LMS.",
        (true, false) if p.submitted => "Your result is on its way to your LMS.",
        (true, false) => "Your answers are saved in your LMS as you go.",
        (false, false) => "Your answers stay in this browser until you send your result.",
    };
    let title = format!("Self-assessment: {}", a.title());
    html! {
        <>
            <Header title={Some(AttrValue::from(a.title().to_string()))} workspace={Some(AttrValue::from(a.workspace.clone()))}
                mode={mode_label} reports_to={(*reports_to).clone().map(AttrValue::from)} />
            <main id="main" tabindex="-1" class="lr-main">
                <h1 id="page-title" tabindex="-1">{ title }</h1>
                <div class="lr-notices">
                    if let Start::Failed(e) = &*start {
                        <div class="notice error" role="alert">
                            <strong>{ "Could not connect: " }</strong>{ sentence(e) }
                            { " You can still answer here and send your result code to your trainer, but your \
                               answers are not saved if you close this page." }
                        </div>
                    }
                    { for notices.iter().map(|t| html! { <div class="notice info">{ t.clone() }</div> }) }
                    if *welcome && !p.submitted {
                        <div class="notice info">{ "Welcome back: you carry on where you left off." }</div>
                    }
                    if let Some(e) = &saved.error {
                        <div class="notice error" role="alert">
                            <strong>{ "Not saved: " }</strong>{ sentence(e) }
                            { " Your answers are still on this page; carry on, and submit when you are done." }
                        </div>
                    }
                    if saved.notes_dropped {
                        <div class="notice warn" role="status">
                            { "Your LMS keeps only a little saved progress, so your notes are not in it. They stay on \
                               this page and go into your result when you submit, so submit before you close the page." }
                        </div>
                    }
                </div>
                { body }
                if lms_mode.is_some() && ready && !on_result {
                    { finish_bar(*review_only, &finish, on_finish.clone()) }
                }
            </main>
            <footer class="footer lr-footer">{ footer }</footer>
        </>
    }
}

/// Ending the LMS session before a result (or in a review-only launch): saves and finishes, so the LMS
/// records the time spent and the learner can carry on at a later launch.
fn finish_bar(review_only: bool, finish: &Finish, on_finish: Callback<()>) -> Html {
    let (label, hint) = if review_only {
        ("Finish review", "Ends this review in your LMS.")
    } else {
        ("Save and finish later", "Saves your answers in your LMS and ends this session; open the assessment again to carry on.")
    };
    html! {
        <section class="lr-card lr-finish" aria-labelledby="finish-h">
            <h2 id="finish-h" class="lr-finish-h">{ if review_only { "Done looking?" } else { "Stopping for now?" } }</h2>
            <p role="status" class="lr-finish-status">
                { match finish {
                    Finish::Finishing => "Finishing…",
                    Finish::Done => "You have finished. You can close this page.",
                    _ => "",
                } }
            </p>
            if let Finish::Failed(e) = finish {
                <div class="notice error" role="alert"><strong>{ "Could not finish: " }</strong>{ sentence(e) }</div>
            }
            if *finish != Finish::Done {
                <div class="actions">
                    <button type="button" class="btn lr-btn" onclick={on_finish.reform(|_| ())}
                        disabled={*finish == Finish::Finishing}>{ label }</button>
                    <span class="hint">{ hint }</span>
                </div>
            }
        </section>
    }
}
