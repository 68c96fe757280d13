//! Labelled form fields. A field keeps a draft while you type and commits it on change (Enter or leaving the
//! field), and also when the page is closed or reloaded ([`COMMIT_EVENT`], sent on `pagehide`), so text
//! typed but not yet committed is not lost; if the domain refuses the value, the message appears under the
//! field and the draft stays for you to correct, while the workspace keeps its last good value.

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Sent on `window` when the page is being closed or reloaded: every field with an uncommitted draft
/// commits it (before the autosave writes).
pub const COMMIT_EVENT: &str = "skillgap-commit";

/// What kind of control a [`Field`] renders.
#[derive(Clone, PartialEq)]
pub enum Kind {
    Text,
    /// A multi-line text area with this many rows.
    Area(u32),
    /// A number input with `min`, `max`, `step`.
    Number { min: f64, max: f64, step: f64 },
    /// A select; each option is (value, label).
    Select(Vec<(AttrValue, AttrValue)>),
}

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    /// Unique DOM id of the control.
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    #[prop_or(Kind::Text)]
    pub kind: Kind,
    /// Help under the label.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Receives the new text; returns a message when the value is refused.
    pub on_commit: Callback<String, Option<String>>,
    /// Extra class on the wrapper.
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub required: bool,
    /// Text shown after the control (a unit such as "%").
    #[prop_or_default]
    pub suffix: Option<AttrValue>,
}

/// Keeps a `<select>`'s shown option equal to `value` after every render. The `selected` attribute alone
/// is not enough: once a person has picked an option the browser no longer follows the attribute, so after
/// an undo, a refusal or a keyboard edit elsewhere the select would show a stale choice.
#[hook]
pub fn use_selected_value(node: NodeRef, value: String) {
    use_effect(move || {
        if let Some(select) = node.cast::<HtmlSelectElement>() {
            if select.value() != value {
                select.set_value(&value);
            }
        }
    });
}

/// A label, a control, an optional hint and the refusal message, wired for screen readers.
#[component]
pub fn Field(p: &FieldProps) -> Html {
    let draft = use_state(|| p.value.to_string());
    // The draft as typed, readable from the page-closing listener (which outlives this render).
    let typed = use_mut_ref(|| None::<String>);
    let error = use_state(|| None::<String>);
    let select_ref = use_node_ref();
    use_selected_value(select_ref.clone(), p.value.to_string());
    {
        let (draft, error) = (draft.clone(), error.clone());
        let typed = typed.clone();
        use_effect_with(p.value.clone(), move |v| {
            *typed.borrow_mut() = None;
            draft.set(v.to_string());
            error.set(None);
        });
    }
    let commit = {
        let (error, on_commit, value, typed) = (error.clone(), p.on_commit.clone(), p.value.clone(), typed.clone());
        move |text: String| {
            *typed.borrow_mut() = None;
            if text == value.as_str() {
                error.set(None);
                return;
            }
            error.set(on_commit.emit(text));
        }
    };
    {
        // Commit a typed draft when the page is closed or reloaded (selects commit on every choice already),
        // through this render's `commit`, which knows the current value and callback.
        let latest = use_mut_ref(|| None::<std::rc::Rc<dyn Fn(String)>>);
        *latest.borrow_mut() = Some(std::rc::Rc::new(commit.clone()));
        let typed = typed.clone();
        use_effect_with((), move |_| {
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), COMMIT_EVENT, move |_| {
                let text = typed.borrow_mut().take();
                let commit = latest.borrow().clone();
                if let (Some(text), Some(commit)) = (text, commit) {
                    commit(text);
                }
            });
            move || drop(listener)
        });
    }
    let hint_id = format!("{}-hint", p.id);
    let err_id = format!("{}-err", p.id);
    let mut described = Vec::new();
    if p.hint.is_some() {
        described.push(hint_id.clone());
    }
    if error.is_some() {
        described.push(err_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    let invalid = error.is_some().then_some("true");

    let control = match &p.kind {
        Kind::Text | Kind::Number { .. } => {
            let oninput = {
                let (draft, typed) = (draft.clone(), typed.clone());
                Callback::from(move |e: InputEvent| {
                    let v = e.target_unchecked_into::<HtmlInputElement>().value();
                    *typed.borrow_mut() = Some(v.clone());
                    draft.set(v)
                })
            };
            let onchange = {
                let commit = commit.clone();
                Callback::from(move |e: Event| commit(e.target_unchecked_into::<HtmlInputElement>().value()))
            };
            let onkeydown = {
                let (draft, value, error, typed) = (draft.clone(), p.value.clone(), error.clone(), typed.clone());
                Callback::from(move |e: KeyboardEvent| {
                    if e.key() == "Escape" {
                        *typed.borrow_mut() = None;
                        draft.set(value.to_string());
                        error.set(None);
                    }
                })
            };
            let (ty, min, max, step) = match &p.kind {
                Kind::Number { min, max, step } => {
                    ("number", Some(min.to_string()), Some(max.to_string()), Some(step.to_string()))
                }
                _ => ("text", None, None, None),
            };
            html! {
                <input id={p.id.clone()} type={ty} value={(*draft).clone()} {oninput} {onchange} {onkeydown}
                    {min} {max} {step} required={p.required}
                    aria-invalid={invalid} aria-describedby={described.clone()} />
            }
        }
        Kind::Area(rows) => {
            let oninput = {
                let (draft, typed) = (draft.clone(), typed.clone());
                Callback::from(move |e: InputEvent| {
                    let v = e.target_unchecked_into::<HtmlTextAreaElement>().value();
                    *typed.borrow_mut() = Some(v.clone());
                    draft.set(v)
                })
            };
            let onchange = {
                let commit = commit.clone();
                Callback::from(move |e: Event| commit(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
            };
            html! {
                <textarea id={p.id.clone()} rows={rows.to_string()} value={(*draft).clone()} {oninput} {onchange}
                    aria-invalid={invalid} aria-describedby={described.clone()} />
            }
        }
        Kind::Select(options) => {
            let onchange = {
                let commit = commit.clone();
                Callback::from(move |e: Event| commit(e.target_unchecked_into::<HtmlSelectElement>().value()))
            };
            html! {
                <select id={p.id.clone()} ref={select_ref} {onchange} aria-invalid={invalid} aria-describedby={described.clone()}>
                    { for options.iter().map(|(v, l)| html! {
                        <option value={v.clone()} selected={v == &p.value}>{ l.clone() }</option>
                    }) }
                </select>
            }
        }
    };
    html! {
        <div class={classes!("field", p.class.clone(), error.is_some().then_some("has-error"))}>
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            if let Some(h) = &p.hint { <p class="hint" id={hint_id}>{ h.clone() }</p> }
            <div class="control">
                { control }
                if let Some(s) = &p.suffix { <span class="suffix" aria-hidden="true">{ s.clone() }</span> }
            </div>
            if let Some(e) = &*error { <p class="field-error" id={err_id}>{ e.clone() }</p> }
        </div>
    }
}
