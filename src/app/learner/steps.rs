//! The learner's steps before the result: the start page, one skill per step (or all skills on one page)
//! and the review. Plain functions over [`View`]; the flow component owns the state.

use yew::prelude::*;

use super::{Act, View};
use crate::app::pages::importance_label;
use crate::domain::learner::{Answer, LearnerAssessment, SkillAnswer};

/// "N – Label" for a level of the link's scale.
pub(crate) fn level_name(a: &LearnerAssessment, level: u8) -> String {
    format!("{level} – {}", a.scale.get(level as usize).map(String::as_str).unwrap_or("?"))
}

/// An answer in words, for the review.
pub(crate) fn answer_words(a: &LearnerAssessment, answer: Answer) -> String {
    match answer {
        Answer::Level(l) => level_name(a, l),
        Answer::NoOpportunity => "No opportunity to show this".into(),
        Answer::Skipped => "Not answered".into(),
    }
}

/// About how long the assessment takes: half a minute a skill, at least two minutes.
fn minutes(skills: usize) -> usize {
    skills.div_ceil(2).max(2)
}

/// The "Your name" field, shared by the start and review pages (never both on screen).
fn name_field(v: &View) -> Html {
    let flow = v.flow.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        flow.dispatch(Act::Name(input.value()));
    });
    let err = v.name_error.clone().filter(|_| v.flow.p.learner.trim().is_empty());
    let described = if err.is_some() { "learner-name-hint learner-name-err" } else { "learner-name-hint" };
    html! {
        <div class="field lr-name">
            <label for="learner-name">{ "Your name" }</label>
            <p class="hint" id="learner-name-hint">{ "So that your trainer can match your answers to you." }</p>
            <input id="learner-name" type="text" autocomplete="name" maxlength="120" required=true
                value={v.flow.p.learner.clone()} {oninput} disabled={v.read_only}
                aria-invalid={err.is_some().then_some("true")} aria-describedby={described} />
            if let Some(e) = err { <p class="field-error" id="learner-name-err">{ e }</p> }
        </div>
    }
}

/// The start page: who it is for, what the scale means, the learner's name and Start.
pub(crate) fn start(v: &View) -> Html {
    let a = v.a;
    let n = a.skills.len();
    let onsubmit = v.start.reform(|e: SubmitEvent| e.prevent_default());
    let who = match &a.skill_set {
        Some(set) => format!("people in the role {} (skill set: {set})", a.role_name),
        None => format!("people in the role {}", a.role_name),
    };
    html! {
        <section class="lr-card lr-start" aria-labelledby="about-h">
            <h2 id="about-h">{ "About this self-assessment" }</h2>
            <p class="lr-lead">
                { "You rate yourself on the skills your role needs. There are no right or wrong answers: your \
                   trainer uses them to plan training with you." }
            </p>
            <dl class="lr-facts">
                <div><dt>{ "For" }</dt><dd>{ who }</dd></div>
                <div><dt>{ "From" }</dt><dd>{ a.workspace.clone() }</dd></div>
                <div><dt>{ "Skills" }</dt><dd>{ if n == 1 { "1 skill".to_string() } else { format!("{n} skills") } }</dd></div>
                <div><dt>{ "Time" }</dt><dd>{ format!("about {} minutes", minutes(n)) }</dd></div>
            </dl>
            <h2 id="scale-h">{ "The scale" }</h2>
            <p>{ "For each skill, choose the level that describes what you do today. Many skills also say what each \
                  level looks like. If your work has not given you a chance to show a skill, say so: that is not a \
                  low rating." }</p>
            <ul class="lr-scale" aria-labelledby="scale-h">
                { for (0..a.scale.len()).map(|l| html! { <li>{ level_name(a, l as u8) }</li> }) }
            </ul>
            <form class="lr-start-form" {onsubmit} novalidate=true>
                { name_field(v) }
                <div class="actions">
                    <button type="submit" class="btn primary lr-btn">{ "Start" }</button>
                </div>
            </form>
        </section>
    }
}

/// The toggle between one skill per step and all skills on one page.
fn toggle(v: &View) -> Html {
    let onclick = v.toggle.reform(|_| ());
    html! {
        <button type="button" id="view-toggle" class="btn lr-btn lr-toggle" {onclick}>
            { if v.all { "Show one skill at a time" } else { "Show all skills on one page" } }
        </button>
    }
}

/// One skill's question: the fieldset with its level radios, "No opportunity" and the note. `heading` is
/// the legend's heading (`h2` alone on its step, `h3` in the list) and its id.
fn skill_fieldset(v: &View, i: usize, heading: (&'static str, String)) -> Html {
    let a = v.a;
    let s = &a.skills[i];
    let SkillAnswer { answer, note, .. } = v.flow.p.answers[i].clone();
    let group = format!("answer-{i}");
    let radio = |value: Answer, id: String, label: Html| {
        let flow = v.flow.clone();
        let onchange = Callback::from(move |_: Event| flow.dispatch(Act::Answer(i, value)));
        html! {
            <label class={classes!("lr-option", (answer == value).then_some("chosen"))} for={id.clone()}>
                <input type="radio" id={id} name={group.clone()} checked={answer == value} {onchange}
                    disabled={v.read_only} />
                <span class="lr-option-text">{ label }</span>
            </label>
        }
    };
    let note_id = format!("note-{i}");
    let oninput = {
        let flow = v.flow.clone();
        Callback::from(move |e: InputEvent| {
            let t: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            flow.dispatch(Act::Note(i, t.value()));
        })
    };
    let (tag, hid) = heading;
    // In the list every skill is shown at once: the level texts move into a disclosure below the choices.
    let compact = tag != "h2";
    let texts: Vec<(u8, String)> = (0..a.scale.len() as u8)
        .filter_map(|l| s.level_texts.get(l as usize).filter(|t| !t.trim().is_empty()).map(|t| (l, t.clone())))
        .collect();
    html! {
        <fieldset class="lr-skill" id={format!("skill-{i}")}>
            <legend>
                <@{tag} id={hid} tabindex="-1" class="lr-skill-name">{ s.name.clone() }</@>
            </legend>
            if !s.description.is_empty() { <p class="lr-desc">{ s.description.clone() }</p> }
            <p class="lr-importance">{ format!("For your role this skill is: {}", importance_label(s.importance).to_ascii_lowercase()) }</p>
            <p class="lr-ask">{ "Which level describes what you do today?" }</p>
            <div class={classes!("lr-options", compact.then_some("compact"))}>
                { for (0..a.scale.len()).map(|l| {
                    let l = l as u8;
                    let text = if compact { None } else { s.level_texts.get(l as usize).filter(|t| !t.trim().is_empty()).cloned() };
                    radio(Answer::Level(l), format!("answer-{i}-{l}"), html! {
                        <>
                            <span class="lr-level">{ level_name(a, l) }</span>
                            if let Some(t) = text { <span class="lr-level-text">{ t }</span> }
                        </>
                    })
                }) }
                { radio(Answer::NoOpportunity, format!("answer-{i}-none"), html! {
                    <span class="lr-level">{ "No opportunity to show this" }</span>
                }) }
            </div>
            if compact && !texts.is_empty() {
                <details class="lr-level-texts">
                    <summary>{ "What the levels look like" }</summary>
                    <dl>
                        { for texts.into_iter().map(|(l, t)| html! { <><dt>{ level_name(a, l) }</dt><dd>{ t }</dd></> }) }
                    </dl>
                </details>
            }
            <div class="field lr-note">
                <label for={note_id.clone()}>{ "Note (optional)" }</label>
                <textarea id={note_id} rows="2" maxlength="4000" value={note} {oninput} disabled={v.read_only}
                    placeholder="An example, or what would help you" />
            </div>
        </fieldset>
    }
}

/// Back, Next and (when the learner came from the review) the way back to it.
fn nav_buttons(v: &View, back_to: usize, next_to: usize) -> Html {
    let n = v.a.skills.len();
    let back = v.go.reform(move |_| back_to);
    let next = v.go.reform(move |_| next_to);
    let review = v.go.reform(move |_| n + 1);
    html! {
        <div class="actions lr-nav">
            <button type="button" class="btn lr-btn" onclick={back}>{ "Back" }</button>
            <span class="spacer"></span>
            if v.from_review && next_to <= n {
                <button type="button" class="btn lr-btn" onclick={review}>{ "Return to the review" }</button>
            }
            <button type="button" class="btn primary lr-btn" onclick={next}>{ "Next" }</button>
        </div>
    }
}

/// One skill on its own step.
pub(crate) fn skill_step(v: &View, i: usize) -> Html {
    let n = v.a.skills.len();
    html! {
        <section class="lr-step" aria-label="Question">
            <div class="lr-bar">
                <div class="lr-progress">
                    <progress aria-label="Progress" max={n.to_string()} value={(i + 1).to_string()}></progress>
                    <span class="lr-count">{ format!("Skill {} of {n}", i + 1) }</span>
                </div>
                { toggle(v) }
            </div>
            { skill_fieldset(v, i, ("h2", "step-heading".to_string())) }
            { nav_buttons(v, i, i + 2) }
            if i + 1 == n { <p class="hint lr-next-hint">{ "Next: check your answers before you submit them." }</p> }
        </section>
    }
}

/// All skills on one page.
pub(crate) fn list(v: &View) -> Html {
    let n = v.a.skills.len();
    let answered = v.flow.p.answers.iter().filter(|x| x.answer != Answer::Skipped).count();
    html! {
        <section class="lr-step lr-list" aria-labelledby="step-heading">
            <div class="lr-bar">
                <div class="lr-progress">
                    <progress aria-label="Progress" max={n.to_string()} value={answered.to_string()}></progress>
                    <span class="lr-count">{ format!("{answered} of {n} answered") }</span>
                </div>
                { toggle(v) }
            </div>
            <h2 id="step-heading" tabindex="-1">{ format!("All {n} skills") }</h2>
            { for (0..n).map(|i| skill_fieldset(v, i, ("h3", format!("skill-h-{i}")))) }
            { nav_buttons(v, 0, n + 1) }
        </section>
    }
}

/// The review: every answer with a way back to it, the unanswered ones flagged, the name and Submit.
pub(crate) fn review(v: &View) -> Html {
    let a = v.a;
    let n = a.skills.len();
    let answers = &v.flow.p.answers;
    let missing: Vec<&str> = a
        .skills
        .iter()
        .zip(answers)
        .filter(|(_, x)| x.answer == Answer::Skipped)
        .map(|(s, _)| s.name.as_str())
        .collect();
    let back = v.go.reform(move |_| n);
    let submit = v.submit.reform(|_| ());
    html! {
        <section class="lr-card lr-review" aria-labelledby="step-heading">
            <h2 id="step-heading" tabindex="-1">{ "Check your answers" }</h2>
            <p>{ format!("You answered {} of {n} skills.", n - missing.len()) }</p>
            if !missing.is_empty() {
                <div class="notice warn">
                    <strong>{ if missing.len() == 1 { "1 skill has no answer: ".to_string() } else { format!("{} skills have no answer: ", missing.len()) } }</strong>
                    { missing.join(", ") }{ "." }
                    if !v.read_only { { " You can still submit: they are left out of your result. Or use Change to answer them." } }
                </div>
            }
            <ol class="lr-review-list">
                { for a.skills.iter().zip(answers).enumerate().map(|(i, (s, x))| {
                    let skipped = x.answer == Answer::Skipped;
                    let onclick = v.change.reform(move |_| i);
                    html! {
                        <li class={classes!(skipped.then_some("unanswered"))}>
                            <span class="lr-review-skill">{ s.name.clone() }</span>
                            <span class="lr-review-answer">
                                if skipped { <span class="flag">{ "Not answered" }</span> }
                                else { { answer_words(a, x.answer) } }
                            </span>
                            if !x.note.trim().is_empty() { <span class="lr-review-note">{ format!("Note: {}", x.note.trim()) }</span> }
                            if !v.read_only {
                                <button type="button" class="btn lr-btn lr-change" {onclick}>
                                    { "Change" }<span class="sr-only">{ format!(" the answer for {}", s.name) }</span>
                                </button>
                            }
                        </li>
                    }
                }) }
            </ol>
            if v.review_only {
                <p class="notice info">{ "Opened for review only: nothing is recorded, so there is nothing to submit." }</p>
                <div class="actions lr-nav">
                    <button type="button" class="btn lr-btn" onclick={back}>{ "Back" }</button>
                </div>
            } else {
                { name_field(v) }
                <p>{ "When you submit, you get your result and a result code to send to your trainer. Your answers \
                      cannot be changed after that." }</p>
                if let Some(e) = &v.submit_error {
                    <div class="notice error" role="alert" id="submit-error" tabindex="-1">{ e.clone() }</div>
                }
                <div class="actions lr-nav">
                    <button type="button" class="btn lr-btn" onclick={back}>{ "Back" }</button>
                    <span class="spacer"></span>
                    <button type="button" class="btn primary lr-btn" onclick={submit}>{ "Submit my answers" }</button>
                </div>
            }
        </section>
    }
}
