//! Learner links (trainer side): make a learner link, an iframe embed and LMS packages (SCORM 1.2, SCORM
//! 2004, cmi5 — built in the browser from the app's own files by the same `lms::build_package` as the
//! package command) for a role's profile or a named skill set, and import learners' result codes and
//! result files as self ratings.
//!
//! Everything is done by `domain::learner`: this page picks the role and skills, makes the assessment's
//! random id and today's date (the domain reads neither a clock nor a random source), shows the codes, and
//! applies an import plan with one `Command::Replace`, so an import is one undo step like any edit.

use std::collections::BTreeSet;
use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::super::components::code_files::use_code_files;
use super::super::components::fields::use_selected_value;
use super::super::context::{use_app, AppCtx};
use super::super::services::files::{self, today};
use super::super::state::{capitalise, WsKey};
use super::super::{use_title, AppLink, Route};
use super::{focus_after_render, thousands};
use crate::domain::learner::{
    assessment_for_role, assessment_for_skills, decode_link, encode_link, parse_result_file, plan_result_import,
    profile_fingerprint, split_codes, Accepted, ImportPlan, LONG_LINK_CHARS,
};
use crate::domain::lms::{build_package, embed_snippet, package_files, parse_mastery, parse_origin_list, PackageKind, PackageOptions};
use crate::domain::{Command, ContactLevel, RoleId, SkillId, Workspace};

/// Characters of the assessment ids this page makes (62^10 ≈ 8·10^17 possibilities).
const ID_CHARS: usize = 10;

/// The "Learner links" page.
#[component]
pub fn SharePage() -> Html {
    use_title("Learner links".into());
    html! {
        <section class="page narrow share-page" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">{ "Learner links" }</h1>
                <p class="lead">
                    { "A learner link carries a role's profile inside the link itself: learners rate themselves in their \
                       own browser, with no server and no account, and nothing is sent anywhere. They send their answers \
                       back to you as a result code or a result file, which you import here as self ratings, shown beside \
                       your trainer ratings on the " }
                    <AppLink to={Route::People}>{ "People" }</AppLink>{ " and " }<AppLink to={Route::Gaps}>{ "Gaps" }</AppLink>
                    { " pages." }
                </p>
            </div>
            <MakeLink />
            <ImportResults />
        </section>
    }
}

// ---------------------------------------------------------------------------------------------------------
// Making a link
// ---------------------------------------------------------------------------------------------------------

/// A learner link as made, with what is needed to tell whether the role's profile has changed since.
#[derive(Clone, PartialEq)]
struct Made {
    code: String,
    link: String,
    title: String,
    role: RoleId,
    role_name: String,
    skills: Vec<SkillId>,
    fingerprint: String,
}

/// A random assessment id of [`ID_CHARS`] base62 characters.
fn random_id() -> String {
    const ABC: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    (0..ID_CHARS).map(|_| ABC[((js_sys::Math::random() * 62.0) as usize).min(61)] as char).collect()
}

/// This page's own address without its fragment: where a learner link points.
fn page_base() -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// The command that builds the same packages for a learner link's code.
fn package_command(code: &str) -> String {
    format!("bash scripts/package.sh --link '{code}' --out packages")
}

/// The first role with required skills: the one a link is made for until another is chosen.
fn default_role(ws: &Workspace) -> Option<RoleId> {
    ws.roles.iter().find(|r| !r.requirements.is_empty()).map(|r| r.id.clone())
}

/// Copies `text` (shown in the text area `node`) and confirms with `done` in the status area; when the
/// browser allows no way of copying, says so, leaving the text selected for Ctrl+C.
fn copy_text(app: &AppCtx, node: &NodeRef, text: String, done: &'static str) {
    let (app, area) = (app.clone(), node.cast::<HtmlTextAreaElement>());
    wasm_bindgen_futures::spawn_local(async move {
        if files::copy_text(&text, area).await {
            app.say(done);
        } else {
            app.say_error("This browser did not allow copying. The text is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
        }
    });
}

/// Choose a role and skills, make the link, and show it with its embed code and LMS package command.
#[component]
fn MakeLink() -> Html {
    let app = use_app();
    let ws = app.ws();
    let chosen_role = use_state(|| None::<RoleId>);
    let whole = use_state(|| true);
    let picked = use_state(BTreeSet::<SkillId>::new);
    let set_name = use_state(String::new);
    let made = use_state(|| None::<Rc<Made>>);
    let error = use_state(|| None::<String>);
    let select_ref = use_node_ref();
    let link_ref = use_node_ref();
    let embed_ref = use_node_ref();
    let command_ref = use_node_ref();

    // The role chosen, if it still exists and has a profile; else the first that has one.
    let role_id = chosen_role
        .as_ref()
        .filter(|id| ws.role(id).is_some_and(|r| !r.requirements.is_empty()))
        .cloned()
        .or_else(|| default_role(&ws));
    use_selected_value(select_ref.clone(), role_id.as_ref().map(|r| r.to_string()).unwrap_or_default());
    let Some(role) = role_id.as_ref().and_then(|id| ws.role(id)) else {
        return html! {
            <section class="card" aria-labelledby="make-title">
                <h2 id="make-title">{ "Make a learner link" }</h2>
                <p class="empty">
                    { "No role has required skills yet, and a link asks learners about a role's required skills. Set a \
                       role's profile on the " }
                    <AppLink to={Route::Profiles}>{ "Profiles" }</AppLink>{ " page first." }
                </p>
            </section>
        };
    };
    // The role's required skills in library order.
    let required: Vec<(SkillId, String, String)> = ws
        .skills
        .iter()
        .filter_map(|s| {
            role.requirements.get(&s.id).map(|q| (s.id.clone(), s.name.clone(), format!("{} {}", q.level, ws.scale.label(q.level))))
        })
        .collect();

    let on_role = {
        let (chosen_role, picked, made, error) = (chosen_role.clone(), picked.clone(), made.clone(), error.clone());
        Callback::from(move |e: Event| {
            chosen_role.set(Some(RoleId(e.target_unchecked_into::<HtmlSelectElement>().value())));
            picked.set(BTreeSet::new());
            made.set(None);
            error.set(None);
        })
    };
    let set_whole = |value: bool| {
        let (whole, error) = (whole.clone(), error.clone());
        Callback::from(move |_: Event| {
            whole.set(value);
            error.set(None);
        })
    };
    let on_name = {
        let set_name = set_name.clone();
        Callback::from(move |e: InputEvent| set_name.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_make = {
        let (app, whole, picked, set_name, made, error) =
            (app.clone(), whole.clone(), picked.clone(), set_name.clone(), made.clone(), error.clone());
        let role = role.id.clone();
        let order: Vec<SkillId> = required.iter().map(|r| r.0.clone()).collect();
        Callback::from(move |_: MouseEvent| {
            let ws = app.ws();
            let skills: Vec<SkillId> = order.iter().filter(|s| picked.contains(*s)).cloned().collect();
            let (id, date) = (random_id(), today());
            let built = if *whole {
                assessment_for_role(&ws, &role, &id, &date).map_err(|e| capitalise(&e.to_string()))
            } else if skills.is_empty() {
                Err("Choose at least one skill for the skill set, or ask about the whole profile.".into())
            } else if set_name.trim().is_empty() {
                Err("Give the skill set a name: learners see it as the title of their self-assessment.".into())
            } else {
                assessment_for_skills(&ws, &role, &set_name, &skills, &id, &date).map_err(|e| capitalise(&e.to_string()))
            };
            match built {
                Ok(a) => {
                    let code = encode_link(&a);
                    let link = format!("{}#/learn/{code}", page_base());
                    app.say(format!("Made a learner link for \u{201c}{}\u{201d} ({} skills).", a.title(), a.skills.len()));
                    made.set(Some(Rc::new(Made {
                        title: a.title().to_string(),
                        role: a.role.clone(),
                        role_name: a.role_name.clone(),
                        skills: a.skills.iter().map(|s| s.id.clone()).collect(),
                        fingerprint: a.fingerprint.clone(),
                        code,
                        link,
                    })));
                    error.set(None);
                    focus_after_render("share-made-title");
                }
                Err(message) => {
                    made.set(None);
                    error.set(Some(format!("{message} No link was made.")));
                }
            }
        })
    };

    let role_options = ContactLevel::ALL.iter().flat_map(|c| ws.roles.iter().filter(move |r| r.contact == *c)).map(|r| {
        let n = r.requirements.len();
        let text = if n == 0 {
            format!("{} \u{2013} {} \u{2013} no required skills yet", r.name, r.contact.label())
        } else {
            format!("{} \u{2013} {} \u{2013} {n} required skill{}", r.name, r.contact.label(), if n == 1 { "" } else { "s" })
        };
        html! { <option value={r.id.to_string()} selected={r.id == role.id} disabled={n == 0}>{ text }</option> }
    });
    let without_profile = ws.roles.iter().filter(|r| r.requirements.is_empty()).count();
    let picked_count = required.iter().filter(|r| picked.contains(&r.0)).count();

    html! {
        <section class="card" aria-labelledby="make-title">
            <h2 id="make-title">{ "Make a learner link" }</h2>
            <div class="field share-role">
                <label for="share-role">{ "Role" }</label>
                <select id="share-role" ref={select_ref} onchange={on_role} aria-describedby="share-role-hint">
                    { for role_options }
                </select>
                <p class="hint" id="share-role-hint">
                    { "Learners rate themselves against this role's required skills and levels." }
                    if without_profile > 0 {
                        { format!(" {} without required skills cannot be chosen; give {} a profile on the ",
                            if without_profile == 1 { "A role".to_string() } else { format!("{without_profile} roles") },
                            if without_profile == 1 { "it" } else { "them" }) }
                        <AppLink to={Route::Profiles}>{ "Profiles" }</AppLink>{ " page." }
                    }
                </p>
            </div>
            <fieldset class="share-what">
                <legend>{ "Skills to ask about" }</legend>
                <div class="share-radio">
                    <input type="radio" id="share-whole" name="share-what" checked={*whole} onchange={set_whole(true)} />
                    <label for="share-whole">{ "Whole profile" }</label>
                    <span class="hint">{ format!("all {} required skills of {}", required.len(), role.name) }</span>
                </div>
                <div class="share-radio">
                    <input type="radio" id="share-some" name="share-what" checked={!*whole} onchange={set_whole(false)} />
                    <label for="share-some">{ "Some skills" }</label>
                    <span class="hint">{ "a named skill set, for a shorter assessment or a shorter link" }</span>
                </div>
                if !*whole {
                    <fieldset class="check-group share-skills">
                        <legend>{ format!("Required skills of {} ({picked_count} of {} chosen)", role.name, required.len()) }</legend>
                        <ul>
                            { for required.iter().enumerate().map(|(k, (id, name, level))| {
                                let dom = format!("share-skill-{k}");
                                let onchange = {
                                    let (picked, id) = (picked.clone(), id.clone());
                                    Callback::from(move |e: Event| {
                                        let mut next = (*picked).clone();
                                        if e.target_unchecked_into::<HtmlInputElement>().checked() {
                                            next.insert(id.clone());
                                        } else {
                                            next.remove(&id);
                                        }
                                        picked.set(next);
                                    })
                                };
                                html! {
                                    <li key={id.to_string()}>
                                        <input type="checkbox" id={dom.clone()} checked={picked.contains(id)} {onchange} />
                                        <label for={dom}>{ name.clone() }<span class="muted">{ format!(" \u{2013} needs {level}") }</span></label>
                                    </li>
                                }
                            }) }
                        </ul>
                    </fieldset>
                    <div class="field share-set-name">
                        <label for="share-set-name">{ "Skill set name" }</label>
                        <input id="share-set-name" type="text" value={(*set_name).clone()} oninput={on_name}
                            aria-describedby="share-set-hint" maxlength="120" />
                        <p class="hint" id="share-set-hint">{ "Learners see it as the title of their self-assessment, e.g. \u{201c}Handling complaints\u{201d}." }</p>
                    </div>
                }
            </fieldset>
            <div class="actions">
                <button type="button" class="btn primary" onclick={on_make} aria-describedby="share-make-hint">{ "Make learner link" }</button>
            </div>
            <p class="hint" id="share-make-hint">
                { "A link carries the profile as it is now. Results from older links are refused once a required level \
                   or importance changes, so make the link again after changing the profile." }
            </p>
            if let Some(e) = &*error {
                <div class="notice error" role="alert">{ e.clone() }</div>
            }
            if let Some(m) = &*made {
                <LinkOutput made={m.clone()} stale={made_is_stale(&ws, m)} {link_ref} {embed_ref} {command_ref} />
            }
        </section>
    }
}

/// Why the link `m` no longer fits the workspace (its role is gone or its profile changed), if it does not.
fn made_is_stale(ws: &Workspace, m: &Made) -> Option<String> {
    match ws.role(&m.role) {
        None => Some(format!("The role \u{201c}{}\u{201d} has been deleted since this link was made; its results cannot be imported.", m.role_name)),
        Some(r) if profile_fingerprint(ws, r, &m.skills).as_deref() != Some(m.fingerprint.as_str()) => Some(format!(
            "The profile of \u{201c}{}\u{201d} has changed since this link was made, so its results would be refused. Make the link again.",
            r.name
        )),
        Some(_) => None,
    }
}

#[derive(Properties, PartialEq)]
struct LinkOutputProps {
    made: Rc<Made>,
    /// Why the link no longer fits the workspace.
    stale: Option<String>,
    link_ref: NodeRef,
    embed_ref: NodeRef,
    command_ref: NodeRef,
}

/// The link made, with its copy buttons, the embed code and the LMS route.
#[component]
fn LinkOutput(p: &LinkOutputProps) -> Html {
    let app = use_app();
    let m = &p.made;
    let chars = m.link.chars().count();
    let embed = embed_snippet(&m.link, &m.title);
    let command = package_command(&m.code);
    let copy = |node: &NodeRef, text: &str, done: &'static str| {
        let (app, node, text) = (app.clone(), node.clone(), text.to_string());
        Callback::from(move |_: MouseEvent| copy_text(&app, &node, text.clone(), done))
    };
    html! {
        <div class="share-output">
            <h3 id="share-made-title" tabindex="-1">{ format!("Learner link for \u{201c}{}\u{201d}", m.title) }</h3>
            if let Some(why) = &p.stale {
                <div class="notice warn" role="alert">{ why.clone() }</div>
            }
            <div class="field">
                <label for="share-link">{ "Learner link" }</label>
                <textarea id="share-link" ref={p.link_ref.clone()} class="code" readonly=true rows="4" value={m.link.clone()}
                    aria-describedby="share-link-size" spellcheck="false" />
                <p class="hint" id="share-link-size">
                    { format!("{} characters, {} skills. Anyone with the link can open it; it holds the profile, no personal data.",
                        thousands(chars as f64), m.skills.len()) }
                </p>
            </div>
            if chars > LONG_LINK_CHARS {
                <div class="notice warn">
                    { format!("This link is longer than {} characters. Some email programs and LMS fields cut long links, \
                        and a cut link cannot be opened. Make it for a skill set (fewer skills) to shorten it, or send it \
                        as an embed or an LMS package.", thousands(LONG_LINK_CHARS as f64)) }
                </div>
            }
            <div class="actions">
                <button type="button" class="btn primary" onclick={copy(&p.link_ref, &m.link, "Copied the learner link.")}>{ "Copy link" }</button>
                <a class="btn" href={m.link.clone()} target="_blank" rel="noopener">
                    { "Open as the learner" }<span class="sr-only">{ " (opens in a new tab)" }</span>
                </a>
            </div>

            <h3>{ "Embed in a web page" }</h3>
            <p>{ "Paste this into a web page, an intranet or an LMS page that accepts HTML. The learner answers inside \
                  the frame. Its few lines of script make the frame as tall as the assessment, from the height \
                  messages the learner pages send; where the page strips scripts the frame stays 720 pixels tall and \
                  scrolls inside." }</p>
            <p class="hint">{ "Hosts that resize frames by themselves, without the script: pages that run H5P's resizer \
                               (Moodle's and WordPress's H5P embeds) and Canvas for its LTI tool frames. Moodle and ILIAS \
                               pages, SCORM and cmi5 players (which size their own frames) and most intranet pages do not." }</p>
            <div class="field">
                <label for="share-embed">{ "Embed code" }</label>
                <textarea id="share-embed" ref={p.embed_ref.clone()} class="code" readonly=true rows="8" value={embed.clone()} spellcheck="false" />
            </div>
            <div class="actions">
                <button type="button" class="btn" onclick={copy(&p.embed_ref, &embed, "Copied the embed code.")}>{ "Copy embed code" }</button>
            </div>
            <p class="hint">{ "Inside a frame on another site some browsers do not keep unfinished answers between visits; \
                               a learner who finishes in one sitting is not affected." }</p>

            <section class="share-lms" aria-labelledby="share-lms-title">
                <h3 id="share-lms-title">{ "For an LMS" }</h3>
                <p>
                    { "Download a package for this link and upload it to your LMS as a SCORM or cmi5 activity. Each \
                       package carries the assessment and the learner's pages, so the LMS serves them from its own site \
                       and records completion, the learner's readiness as the score and one answer per skill." }
                </p>
                <PackageDownloads code={m.code.clone()} />
                <details class="share-command">
                    <summary>{ "For automation: the same packages from the command line" }</summary>
                    <p class="hint">{ "Run in Skillgap's source folder. With the same pass mark (--mastery) and sites (--cmi5-origin) it makes byte-for-byte the same zips as the buttons above." }</p>
                    <div class="field">
                        <label for="share-package">{ "Package command" }</label>
                        <textarea id="share-package" ref={p.command_ref.clone()} class="code" readonly=true rows="3" value={command.clone()} spellcheck="false" />
                    </div>
                    <div class="actions">
                        <button type="button" class="btn" onclick={copy(&p.command_ref, &command, "Copied the package command.")}>{ "Copy command" }</button>
                    </div>
                </details>
                <p class="hint">{ "The LMS keeps the score; to bring the self ratings into this workspace, learners still \
                                   send you their result code or file." }</p>
            </section>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PackageDownloadsProps {
    /// The learner link's code.
    code: String,
}

/// Where building a package stands.
#[derive(Clone, Debug, PartialEq)]
enum Building {
    Idle,
    Busy(PackageKind),
    Done(String),
    Failed(String),
}

/// The app's own files a package holds, fetched from the page's own origin: its index.html (the document
/// this page was loaded from) and what `lms::package_files` says it loads.
async fn fetch_app_files() -> Result<Vec<(String, Vec<u8>)>, String> {
    let location = gloo::utils::window().location();
    let index_url = format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default());
    let index = fetch_bytes(&index_url).await?;
    let html = String::from_utf8(index.clone()).map_err(|_| "this page's index.html is not UTF-8 text".to_string())?;
    let mut files = vec![("index.html".to_string(), index)];
    for name in package_files(&html).into_iter().filter(|n| n != "index.html") {
        let url = web_sys::Url::new_with_base(&name, &index_url).map_err(|_| format!("{name}: not a file of this app"))?;
        let bytes = fetch_bytes(&url.href()).await?;
        files.push((name, bytes));
    }
    Ok(files)
}

/// The bytes at `url` (one of this page's own files).
async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = gloo::utils::window();
    let resp = JsFuture::from(window.fetch_with_str(url)).await.map_err(|_| format!("could not load {url}"))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| format!("could not load {url}"))?;
    if !resp.ok() {
        return Err(format!("could not load {url} (HTTP {})", resp.status()));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(|_| format!("could not read {url}"))?)
        .await
        .map_err(|_| format!("could not read {url}"))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// "845 KB", "4.2 MB".
fn size_text(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{:.0} KB", (bytes as f64 / 1024.0).ceil())
    }
}

/// The pass mark and cmi5 sites, and one download button per kind of package, each built in this browser
/// by `lms::build_package` from the app's own files.
#[component]
fn PackageDownloads(p: &PackageDownloadsProps) -> Html {
    let mastery = use_state(String::new);
    let origins = use_state(String::new);
    let building = use_state(|| Building::Idle);
    let mastery_parsed: Result<Option<u8>, String> =
        if mastery.trim().is_empty() { Ok(None) } else { parse_mastery(&mastery).map(Some) };
    let origins_parsed = parse_origin_list(&origins);

    let on_mastery = {
        let mastery = mastery.clone();
        Callback::from(move |e: InputEvent| mastery.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_origins = {
        let origins = origins.clone();
        Callback::from(move |e: InputEvent| origins.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let download = |kind: PackageKind| {
        let (building, code, mastery, origins) = (building.clone(), p.code.clone(), mastery_parsed.clone(), origins_parsed.clone());
        Callback::from(move |_: MouseEvent| {
            if matches!(*building, Building::Busy(_)) {
                return;
            }
            let options = match (&mastery, &origins, kind) {
                (Err(e), _, _) => return building.set(Building::Failed(format!("Pass mark: {}.", capitalise(e)))),
                (_, Err(e), PackageKind::Cmi5) => return building.set(Building::Failed(format!("Other sites: {}.", capitalise(e)))),
                (Ok(m), Ok(o), PackageKind::Cmi5) => PackageOptions { mastery: *m, cmi5_origins: o.clone() },
                (Ok(m), _, _) => PackageOptions { mastery: *m, cmi5_origins: Vec::new() },
            };
            building.set(Building::Busy(kind));
            let (building, code) = (building.clone(), code.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let made = async {
                    let a = decode_link(&code).map_err(|e| capitalise(&e.to_string()))?;
                    let files = fetch_app_files().await.map_err(|e| format!("Could not read this app's files: {e}."))?;
                    // Let the status be painted before the zip is deflated.
                    yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
                    build_package(kind, &a, &code, &files, &options).map_err(|e| capitalise(&e))
                }
                .await;
                match made {
                    Ok(pkg) => {
                        files::download(&pkg.file_name, "application/zip", &pkg.bytes);
                        building.set(Building::Done(format!(
                            "Downloaded {} ({}, {} files, {}).",
                            pkg.file_name,
                            kind.label(),
                            pkg.files,
                            size_text(pkg.bytes.len())
                        )));
                    }
                    Err(e) => building.set(Building::Failed(e)),
                }
            });
        })
    };
    let busy = matches!(*building, Building::Busy(_));
    html! {
        <div class="share-packages">
            <div class="field share-mastery">
                <label for="share-mastery">{ "Pass mark (optional)" }</label>
                <input id="share-mastery" type="number" inputmode="numeric" min="1" max="100" step="1"
                    value={(*mastery).clone()} oninput={on_mastery}
                    aria-describedby={if mastery_parsed.is_err() { "share-mastery-hint share-mastery-err" } else { "share-mastery-hint" }}
                    aria-invalid={mastery_parsed.is_err().then_some("true")} />
                <p class="hint" id="share-mastery-hint">
                    { "1–100. Leave it empty for a pure self-assessment: the LMS records it as completed, with the readiness \
                       as the score. With a pass mark it also records passed or failed." }
                </p>
                if let Err(e) = &mastery_parsed { <p class="field-error" id="share-mastery-err">{ format!("{}.", capitalise(e)) }</p> }
            </div>
            <div class="field share-origins">
                <label for="share-origins">{ "cmi5 only: other sites the LMS reports through (optional)" }</label>
                <input id="share-origins" type="text" value={(*origins).clone()} oninput={on_origins}
                    aria-describedby={if origins_parsed.is_err() { "share-origins-hint share-origins-err" } else { "share-origins-hint" }}
                    spellcheck="false" autocomplete="off"
                    aria-invalid={origins_parsed.is_err().then_some("true")} />
                <p class="hint" id="share-origins-hint">
                    { "A cmi5 package reports only to the LMS's own site, unless you name here the site of its learning record \
                       store (e.g. https://lrs.example.com), separated by spaces. It never contacts any other." }
                </p>
                if let Err(e) = &origins_parsed { <p class="field-error" id="share-origins-err">{ format!("{}.", capitalise(e)) }</p> }
            </div>
            <div class="actions share-package-buttons">
                { for PackageKind::ALL.iter().map(|k| html! {
                    <button type="button" class="btn" onclick={download(*k)} disabled={busy}>
                        { format!("Download {} package", k.label()) }
                    </button>
                }) }
            </div>
            <p role="status" class="share-package-status">
                { match &*building {
                    Building::Busy(k) => format!("Building the {} package…", k.label()),
                    Building::Done(m) => m.clone(),
                    _ => String::new(),
                } }
            </p>
            if let Building::Failed(e) = &*building {
                <div class="notice error" role="alert">{ format!("No package was made: {e}") }</div>
            }
        </div>
    }
}

// ---------------------------------------------------------------------------------------------------------
// Importing results
// ---------------------------------------------------------------------------------------------------------

/// What was checked: the labelled codes and the files that gave none.
struct Checked {
    inputs: Vec<(String, String)>,
    /// (file name, reason) for files that could not be read or parsed.
    file_refused: Vec<(String, String)>,
    /// The workspace when the check button was pressed.
    at: WsKey,
}

/// A [`Checked`] compared by identity, for the plan's memo.
#[derive(Clone)]
struct CheckedKey(Rc<Checked>);

impl PartialEq for CheckedKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// "1 result", "3 results".
fn results(n: usize) -> String {
    if n == 1 {
        "1 result".into()
    } else {
        format!("{n} results")
    }
}

/// The status message after importing `accepted`.
fn import_message(accepted: &[Accepted]) -> String {
    let ratings: usize = accepted.iter().map(|a| a.added + a.replaced).sum();
    let people: BTreeSet<&str> = accepted.iter().map(|a| a.person.as_str()).collect();
    let new: BTreeSet<&str> = accepted.iter().filter(|a| a.new_person).map(|a| a.person.as_str()).collect();
    format!(
        "Imported {}: {ratings} self rating{} for {} ({} new). Undo returns to what you had.",
        results(accepted.len()),
        if ratings == 1 { "" } else { "s" },
        if people.len() == 1 { "1 person".to_string() } else { format!("{} people", people.len()) },
        new.len()
    )
}

/// Paste result codes or choose result files, check them, and import the accepted ones.
#[component]
fn ImportResults() -> Html {
    let app = use_app();
    let ws = app.ws();
    let codes = use_state(String::new);
    let files = use_code_files(parse_result_file);
    let checked = use_state(|| None::<CheckedKey>);
    let problem = use_state(|| None::<String>);
    let file_input = use_node_ref();

    // The plan is made against the workspace as it is now: an edit, undo or import after checking
    // re-checks the same codes, so a plan is never applied to a workspace it was not made for.
    let plan: Rc<Option<ImportPlan>> = use_memo((WsKey(ws.clone()), (*checked).clone()), |(ws, c)| {
        c.as_ref().map(|c| plan_result_import(&ws.0, &c.0.inputs))
    });

    let on_codes = {
        let (codes, checked, problem) = (codes.clone(), checked.clone(), problem.clone());
        Callback::from(move |e: InputEvent| {
            codes.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
            checked.set(None);
            problem.set(None);
        })
    };
    let on_files = {
        let (files, checked, problem) = (files.clone(), checked.clone(), problem.clone());
        Callback::from(move |e: Event| {
            checked.set(None);
            problem.set(None);
            files.choose(&e);
        })
    };
    let on_check = {
        let (app, codes, files, checked, problem) = (app.clone(), codes.clone(), files.clone(), checked.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            let pasted = split_codes(&codes).into_iter().enumerate().map(|(i, c)| (format!("code {}", i + 1), c)).collect();
            let (inputs, file_refused) = files.collect(pasted, "Check results");
            if inputs.is_empty() && file_refused.is_empty() {
                checked.set(None);
                problem.set(Some("There is nothing to check: paste one or more result codes, or choose result files.".into()));
                return;
            }
            problem.set(None);
            checked.set(Some(CheckedKey(Rc::new(Checked { inputs, file_refused, at: WsKey(app.ws()) }))));
            focus_after_render("share-plan-title");
        })
    };
    let clear = {
        let (codes, files, checked, problem, file_input) =
            (codes.clone(), files.clone(), checked.clone(), problem.clone(), file_input.clone());
        move || {
            codes.set(String::new());
            files.clear(&file_input);
            checked.set(None);
            problem.set(None);
        }
    };
    let on_clear = {
        let clear = clear.clone();
        Callback::from(move |_: MouseEvent| {
            clear();
            focus_after_render("result-codes");
        })
    };
    let on_import = {
        let (app, plan) = (app.clone(), plan.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(plan) = plan.as_ref() else { return };
            let Some(next) = plan.workspace.clone() else { return };
            if app.run_announced(Command::Replace(Box::new(next)), import_message(&plan.accepted)) {
                clear();
                focus_after_render("result-codes");
            }
        })
    };

    let file_items = files.items();
    let rechecked = checked.as_ref().is_some_and(|c| c.0.at != WsKey(ws.clone()));

    html! {
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">{ "Import learner results" }</h2>
            <p>
                { "Learners finish with a result code to copy and a result file to download. Paste the codes (one or \
                   many, straight from emails or chats) or choose the files, then check them. Each result becomes self \
                   ratings dated the day the learner finished, for the person of that name in the link's role, or a new \
                   person. Nothing changes until you import, and an import can be undone." }
            </p>
            <div class="field">
                <label for="result-codes">{ "Result codes" }</label>
                <textarea id="result-codes" class="code" rows="5" value={(*codes).clone()} oninput={on_codes}
                    aria-describedby="result-codes-hint" spellcheck="false" />
                <p class="hint" id="result-codes-hint">{ "Codes start with \u{201c}r1.\u{201d}; text around and between them is ignored." }</p>
            </div>
            <div class="field">
                <label for="result-files">{ "Result files" }</label>
                <input id="result-files" ref={file_input} type="file" multiple=true accept=".json,application/json"
                    onchange={on_files} aria-describedby="result-files-hint" />
                <p class="hint" id="result-files-hint">{ "Files downloaded by learners (.json); choose several at once." }</p>
                if !file_items.is_empty() {
                    <ul class="share-files">{ for file_items }</ul>
                }
            </div>
            <div class="actions">
                <button type="button" class="btn primary" onclick={on_check}>{ "Check results" }</button>
                <button type="button" class="btn" onclick={on_clear}>{ "Clear" }</button>
            </div>
            if let Some(p) = &*problem {
                <div class="notice error" role="alert">{ p.clone() }</div>
            }
            if let (Some(c), Some(_)) = (checked.as_ref(), plan.as_ref()) {
                <PlanView plan={PlanKey(plan.clone())} file_refused={c.0.file_refused.clone()} {rechecked} {on_import} />
            }
        </section>
    }
}

/// An import plan compared by identity: the memo makes a new one for every check and workspace change.
#[derive(Clone)]
struct PlanKey(Rc<Option<ImportPlan>>);

impl PartialEq for PlanKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct PlanViewProps {
    plan: PlanKey,
    file_refused: Vec<(String, String)>,
    /// The workspace changed after checking, so the plan was made again.
    rechecked: bool,
    on_import: Callback<MouseEvent>,
}

/// The checked results: what would be imported, what is refused and why, and the Import button.
#[component]
fn PlanView(p: &PlanViewProps) -> Html {
    let Some(plan) = p.plan.0.as_ref() else { return Html::default() };
    let refused = plan.rejected.len() + p.file_refused.len();
    let n = plan.accepted.len();
    let summary = match (n, refused) {
        (0, _) => "None of these results can be imported; the reasons are below. Nothing was changed.".to_string(),
        (_, 0) => format!("{} can be imported. Nothing changes until you import.", results(n)),
        _ => format!(
            "{} can be imported and {} refused (the reasons are below). Importing adds the accepted ones only; nothing \
             changes until you import.",
            results(n),
            if refused == 1 { "1 is".to_string() } else { format!("{refused} are") }
        ),
    };
    html! {
        <div class="share-plan">
            <h3 id="share-plan-title" tabindex="-1">{ "Checked results" }</h3>
            if p.rechecked {
                <p class="notice info">{ "The workspace changed after you checked, so the results were checked again against it." }</p>
            }
            <p>{ summary }</p>
            if n > 0 {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="share-accepted-caption">
                    <table class="ratings-table share-table">
                        <caption id="share-accepted-caption">{ "Results to import" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Learner" }</th>
                                <th scope="col">{ "Role" }</th>
                                <th scope="col">{ "Person" }</th>
                                <th scope="col">{ "Date" }</th>
                                <th scope="col" class="num">{ "Added" }</th>
                                <th scope="col" class="num">{ "Replaced" }</th>
                                <th scope="col" class="num">{ "Unchanged" }</th>
                                <th scope="col" class="num">{ "Skipped" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for plan.accepted.iter().map(|a| {
                                let extra: Vec<&str> = [a.learner.email.as_deref(), a.learner.employee_ref.as_deref()].into_iter().flatten().collect();
                                html! {
                                    <tr key={a.index}>
                                        <th scope="row">
                                            { a.learner.name.clone() }
                                            if !extra.is_empty() { <span class="row-meta">{ extra.join(", ") }</span> }
                                            <span class="row-meta">{ a.source.clone() }</span>
                                        </th>
                                        <td data-label="Role">{ a.role_name.clone() }</td>
                                        <td data-label="Person">
                                            if a.new_person {
                                                { "new person" }
                                            } else {
                                                <AppLink to={Route::Person { id: a.person.to_string() }}>{ a.person_name.clone() }</AppLink>
                                            }
                                        </td>
                                        <td class="nowrap" data-label="Date">{ a.date.clone() }</td>
                                        <td class="num" data-label="Added">{ a.added }</td>
                                        <td class="num" data-label="Replaced">{ a.replaced }</td>
                                        <td class="num" data-label="Unchanged">{ a.unchanged }</td>
                                        <td class="num" data-label="Skipped">{ a.skipped }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            if refused > 0 {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="share-refused-caption">
                    <table class="ratings-table share-table">
                        <caption id="share-refused-caption">{ "Results refused" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Source" }</th>
                                <th scope="col">{ "Learner" }</th>
                                <th scope="col">{ "Reason" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for plan.rejected.iter().map(|r| html! {
                                <tr>
                                    <th scope="row">{ r.source.clone() }</th>
                                    <td data-label="Learner">{ r.learner.clone().unwrap_or_else(|| "\u{2013}".into()) }</td>
                                    <td data-label="Reason">{ capitalise(&r.reason) }</td>
                                </tr>
                            }) }
                            { for p.file_refused.iter().map(|(file, why)| html! {
                                <tr>
                                    <th scope="row">{ file.clone() }</th>
                                    <td data-label="Learner">{ "\u{2013}" }</td>
                                    <td data-label="Reason">{ capitalise(why) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            if n > 0 {
                <div class="actions">
                    <button type="button" class="btn primary" onclick={p.on_import.clone()}>
                        { format!("Import {}", results(n)) }
                    </button>
                </div>
            }
        </div>
    }
}
