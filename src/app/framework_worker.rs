//! The framework worker: reading a framework file and planning its import off the main thread, so a
//! 10,000-item framework (tens of megabytes of CASE JSON) never freezes the page.
//!
//! Trunk builds `src/bin/frameworkworker.rs` as a worker (index.html). The page sends the chosen files once
//! ([`Job::Read`]); the worker keeps the framework it read and plans it on every [`Job::Plan`]: the
//! workspace travels as JSON without its people, ratings and scenarios (whose ids come as `reserved`, so new
//! skills and roles do not take them), and the plan comes back as JSON, its workspace likewise without them;
//! the page puts them back ([`with_people`]). JSON because a skill's optional `source` is left out when
//! absent, which bincode (gloo's codec) cannot read back.

use gloo::worker::{HandlerId, Registrable, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

use crate::domain::frameworks::plan::{plan_reserving, PlanOptions};
use crate::domain::frameworks::{read_all, templates, Format, Framework};
use crate::domain::Workspace;

/// A file's content. UTF-8 text travels as a string, which the codec copies in one piece (a byte vector
/// goes byte by byte: a 28 MB file took 0.7 s of the page's thread).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Content {
    Text(String),
    Bytes(Vec<u8>),
}

impl Content {
    pub fn of(bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(s) => Content::Text(s),
            Err(e) => Content::Bytes(e.into_bytes()),
        }
    }

    fn into_bytes(self) -> Vec<u8> {
        match self {
            Content::Text(s) => s.into_bytes(),
            Content::Bytes(b) => b,
        }
    }
}

/// What the page asks.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Job {
    /// Read these files as one framework, keeping it as number `id`. `template`: the O*NET occupation (code)
    /// whose title the profile takes.
    Read { id: u32, files: Vec<(String, Content)>, template: Option<String> },
    /// Plan framework `id` into `workspace` (JSON, without people, ratings and scenarios).
    Plan { id: u32, seq: u32, workspace: String, reserved: Vec<String>, options: PlanOptions },
    /// Send the workspace of plan `seq` (the trainer pressed Import).
    Take { seq: u32 },
}

/// The plan's counts (the plan itself comes with its first [`SHOWN`] skills and skipped items only).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skills: usize,
    pub skipped: usize,
}

/// How many skills and skipped items a plan sent to the page lists; the page shows as many.
pub const SHOWN: usize = 100;

/// What was read, for the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Info {
    pub format: Format,
    pub file: String,
    /// O*NET: the occupations in the file.
    pub occupations: Vec<String>,
}

/// What the worker answers.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reply {
    Read { id: u32, result: Result<Info, Vec<String>> },
    /// The plan as JSON, without its workspace and with the first [`SHOWN`] skills and skipped items.
    Planned { id: u32, seq: u32, plan: String, counts: Counts, importable: bool },
    /// The workspace of plan `seq` as JSON (without people, ratings and scenarios).
    Workspace { seq: u32, workspace: String },
    Failed { id: u32, seq: u32, message: String },
}

/// The worker's state: the framework read last and the workspace of the plan made last.
pub struct FrameworkWorker {
    read: Option<(u32, Framework)>,
    planned: Option<(u32, Workspace)>,
}

impl FrameworkWorker {
    fn answer(&mut self, job: Job) -> Reply {
        match job {
            Job::Read { id, files, template } => {
                let files: Vec<(String, Vec<u8>)> = files.into_iter().map(|(n, c)| (n, c.into_bytes())).collect();
                let result = read_all(&files).map_err(|e| e.iter().map(|e| e.to_string()).collect::<Vec<_>>());
                match result {
                    Ok(mut fw) => {
                        if let Some(t) = template.as_deref().and_then(templates::template) {
                            fw = templates::titled(fw, t);
                        }
                        let info = Info {
                            format: fw.format,
                            file: fw.file.clone(),
                            occupations: fw.profiles.iter().map(|p| p.code.clone()).collect(),
                        };
                        self.read = Some((id, fw));
                        Reply::Read { id, result: Ok(info) }
                    }
                    Err(e) => Reply::Read { id, result: Err(e) },
                }
            }
            Job::Plan { id, seq, workspace, reserved, options } => {
                let Some((_, fw)) = self.read.as_ref().filter(|(i, _)| *i == id) else {
                    return Reply::Failed { id, seq, message: "the worker no longer has this file; choose it again".into() };
                };
                let ws: Workspace = match serde_json::from_str(&workspace) {
                    Ok(ws) => ws,
                    Err(e) => return Reply::Failed { id, seq, message: format!("the workspace could not be read ({e})") },
                };
                let mut plan = plan_reserving(&ws, fw, &options, &reserved);
                let counts = Counts {
                    new: plan.new_count(),
                    updated: plan.updated_count(),
                    unchanged: plan.unchanged_count(),
                    skills: plan.skills.len(),
                    skipped: plan.skipped.len(),
                };
                let importable = plan.workspace.is_some();
                self.planned = plan.workspace.take().map(|w| (seq, w));
                plan.skills.truncate(SHOWN);
                plan.skipped.truncate(SHOWN);
                Reply::Planned { id, seq, plan: serde_json::to_string(&plan).expect("a plan serialises"), counts, importable }
            }
            Job::Take { seq } => match self.planned.as_ref().filter(|(s, _)| *s == seq) {
                Some((_, ws)) => Reply::Workspace { seq, workspace: serde_json::to_string(ws).expect("a workspace serialises") },
                None => Reply::Failed { id: 0, seq, message: "the plan changed; press Import again".into() },
            },
        }
    }
}

impl Worker for FrameworkWorker {
    type Message = ();
    type Input = Job;
    type Output = Reply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self { read: None, planned: None }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, job: Job, who: HandlerId) {
        let reply = self.answer(job);
        scope.respond(who, reply);
    }
}

/// The worker's entry point (called by `src/bin/frameworkworker.rs` inside the worker).
pub fn register() {
    FrameworkWorker::registrar().register();
}

/// `ws` as the worker gets it: without people, ratings and scenarios (JSON), and their ids.
pub fn skeleton(ws: &Workspace) -> (String, Vec<String>) {
    let mut reserved: Vec<String> = ws.people.iter().map(|p| p.id.0.clone()).collect();
    reserved.extend(ws.scenarios.iter().map(|s| s.id.0.clone()));
    let bare = Workspace {
        people: Vec::new(),
        ratings: Vec::new(),
        scenarios: Vec::new(),
        skills: ws.skills.clone(),
        roles: ws.roles.clone(),
        scale: ws.scale.clone(),
        ..Workspace::empty(&ws.name)
    };
    let bare = Workspace { currency: ws.currency.clone(), is_example: ws.is_example, next_id: ws.next_id, ..bare };
    (serde_json::to_string(&bare).expect("a workspace serialises"), reserved)
}

/// The planned workspace (from the worker, without people, ratings and scenarios) with those of `ws` back,
/// and its staff survey.
/// An import never removes skills or roles, so what refers to them stays valid.
pub fn with_people(planned: Workspace, ws: &Workspace) -> Workspace {
    Workspace {
        people: ws.people.clone(),
        ratings: ws.ratings.clone(),
        scenarios: ws.scenarios.clone(),
        survey: ws.survey.clone(),
        ..planned
    }
}
