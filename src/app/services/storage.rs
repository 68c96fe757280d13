//! Where the workspace is kept in this browser, and how nothing in it is lost.
//!
//! - **IndexedDB** (database `skillgap`) holds the workspace packed ([`crate::domain::pack`]): 20,000
//!   people × 40 skills × 3 sources is about 8 MB, far under any browser's quota, where `localStorage`
//!   holds about 5 million characters. `localStorage` is used only when IndexedDB cannot be opened, and to
//!   migrate what earlier versions saved there.
//! - Every save carries a **generation**, checked in the same transaction as the write: a tab whose
//!   workspace was loaded at generation 7 writes only while the stored one is still 7, so a second tab's
//!   save is never overwritten unseen ([`SaveOutcome::Conflict`]; the app then offers the choices).
//! - A stored workspace that cannot be read (damaged, or from a newer Skillgap) is **copied aside** in one
//!   transaction before anything may write over it; if the copy cannot be made (storage full), nothing is
//!   written and the app stops autosaving and offers the raw data as a download ([`Stopped`]). Copies —
//!   unreadable saves, and the versions set aside when two tabs disagreed — are listed on the Data page
//!   with download, open and delete, and each new one is added, never replacing an earlier one.
//! - When the page is hidden or closed, or the app crashes, unsaved changes also go synchronously to
//!   `localStorage` (the *pending* copy, if small enough), because an IndexedDB write started then may not
//!   finish; the next start applies it.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Uint8Array;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::IdbDatabase;

use super::idb;
use crate::domain::io::{from_storage_bytes, from_storage_text, to_storage_bytes, to_storage_text};
use crate::domain::Workspace;

/// The IndexedDB database, its version and its object stores.
pub const DB_NAME: &str = "skillgap";
const DB_VERSION: u32 = 1;
/// `meta` (the save's [`Meta`] as JSON) and `workspace` (the packed bytes).
const KV: &str = "kv";
/// Kept copies: their [`CopyMeta`] as JSON, by an increasing key…
const COPIES: &str = "copies";
/// …and their data under the same key.
const COPY_DATA: &str = "copydata";

/// Where earlier versions kept the workspace, and where the `localStorage` fallback keeps it (text).
pub const KEY: &str = "skillgap.workspace";
/// The fallback's [`Meta`].
pub const LOCAL_META: &str = "skillgap.workspace.meta";
/// Unsaved changes written synchronously when the page was hidden or crashed: a [`Pending`] line, then the
/// workspace as stored text.
pub const PENDING: &str = "skillgap.workspace.pending";
/// Where earlier versions set aside one unreadable save (moved into the copies at start).
pub const OLD_RESCUE_KEY: &str = "skillgap.workspace.unreadable";
/// The fallback's copies: `skillgap.copy.<n>` (data) and `skillgap.copy.<n>.meta`.
const LOCAL_COPY: &str = "skillgap.copy.";
/// The largest pending copy written to `localStorage` (characters); larger workspaces rely on IndexedDB.
const MAX_PENDING_CHARS: usize = 3_000_000;

/// What a stored save says about itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Increases by one with every save, whichever tab makes it.
    pub gen: u64,
    /// The tab that saved it.
    pub tab: String,
    /// When (milliseconds since 1970).
    pub at: f64,
    /// Size of the stored data.
    pub bytes: u64,
    /// The workspace's name.
    pub name: String,
}

/// Why a copy was kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyKind {
    /// A saved workspace this version could not read.
    Unreadable,
    /// This tab's version, set aside when the user took another tab's.
    Mine,
    /// Another tab's version, set aside when the user kept this tab's.
    Theirs,
    /// A save replaced when an older Skillgap's save in `localStorage` was migrated over it.
    Replaced,
    /// Unsaved changes of a tab that closed while another tab saved.
    Closed,
}

/// A kept copy, as listed on the Data page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CopyMeta {
    /// Its key (set when listed).
    #[serde(default)]
    pub id: u32,
    pub kind: CopyKind,
    /// What happened, in a sentence.
    pub reason: String,
    pub at: f64,
    pub bytes: u64,
    /// The workspace's name, when it could be read.
    pub name: Option<String>,
}

/// Whether edits reach browser storage.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageStatus {
    /// Every edit is saved in this browser's IndexedDB.
    Saving,
    /// IndexedDB cannot be used here; edits are saved in `localStorage`, which holds less.
    SavingLocal,
    /// Storage cannot be used here; edits live in memory only.
    Blocked,
    /// Storage refused the last save for lack of space; edits live in memory only.
    Full,
    /// A saved workspace could not be read nor set aside, so nothing is saved over it until the user says.
    Stopped,
    /// Another tab saved since this one loaded: saving waits for the user's choice.
    Conflict,
}

impl StorageStatus {
    /// The notice to show, if any (the stopped and conflict states have their own).
    pub fn notice(&self) -> Option<&'static str> {
        match self {
            StorageStatus::Saving | StorageStatus::SavingLocal | StorageStatus::Stopped | StorageStatus::Conflict => None,
            StorageStatus::Blocked => Some(
                "This browser blocks storage here (a private window or an embedded frame), so your work is kept \
                 in memory only and is lost when the page closes. Use Data → Export to keep a copy.",
            ),
            StorageStatus::Full => Some(
                "Browser storage is full, so your latest changes are kept in memory only. Use Data → Export to \
                 keep a copy, then free some space for this site (or delete kept copies on the Data page).",
            ),
        }
    }

    /// Whether autosave writes at all.
    pub fn writes(&self) -> bool {
        matches!(self, StorageStatus::Saving | StorageStatus::SavingLocal | StorageStatus::Full)
    }
}

enum Backend {
    Idb(IdbDatabase),
    Local,
    Blocked,
}

/// The store this page uses, opened once by [`boot`].
struct Store {
    backend: Backend,
    tab: String,
}

thread_local! {
    static STORE: RefCell<Option<Rc<Store>>> = const { RefCell::new(None) };
}

fn store() -> Option<Rc<Store>> {
    STORE.with(|s| s.borrow().clone())
}

/// Whether the workspace is kept in `localStorage` (IndexedDB could not be opened).
pub fn on_local_storage() -> bool {
    store().is_some_and(|s| matches!(s.backend, Backend::Local))
}

/// This tab's id (random, made at start).
pub fn tab_id() -> String {
    store().map(|s| s.tab.clone()).unwrap_or_default()
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn random_id() -> String {
    let mut b = [0u8; 8];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut b);
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// `localStorage`, if it can be read and written here (any exception means no).
pub fn local() -> Option<web_sys::Storage> {
    let s = web_sys::window()?.local_storage().ok()??;
    let probe = "skillgap.probe";
    (s.set_item(probe, "1").is_ok() && s.remove_item(probe).is_ok()).then_some(s)
}

/// Whether `localStorage` can be read and written here (the learner's progress is kept there).
pub fn available() -> bool {
    local().is_some()
}

fn upgrade(db: &IdbDatabase) {
    let names = db.object_store_names();
    if !names.contains(KV) {
        let _ = db.create_object_store(KV);
    }
    if !names.contains(COPIES) {
        let params = web_sys::IdbObjectStoreParameters::new();
        params.set_auto_increment(true);
        let _ = db.create_object_store_with_optional_parameters(COPIES, &params);
    }
    if !names.contains(COPY_DATA) {
        let _ = db.create_object_store(COPY_DATA);
    }
}

/// What loading found at start.
pub struct Boot {
    /// The workspace to show; `None` means nothing usable was saved (show the example).
    pub workspace: Option<Workspace>,
    /// The generation of what is stored (0: nothing).
    pub gen: u64,
    /// Whether `workspace` is exactly what is stored (otherwise the first autosave writes it).
    pub stored: bool,
    pub status: StorageStatus,
    /// Things to tell the user (each a sentence).
    pub notices: Vec<String>,
    /// Set when an unreadable save could not be set aside.
    pub stopped: Option<Stopped>,
}

/// An unreadable save that could not be copied aside: autosave stays off until the user has it.
#[derive(Clone, Debug, PartialEq)]
pub struct Stopped {
    pub why: String,
    /// The stored data as it is, to download.
    pub raw: Vec<u8>,
}

impl Stopped {
    /// The raw data's download: text when it is text (or inflates to it), else the bytes.
    pub fn download(&self) -> (String, &'static str, Vec<u8>) {
        download_of(&self.raw)
    }
}

/// A name, type and content to download stored data as: JSON when it is a workspace file, text when it is
/// text, else the bytes as stored.
pub fn download_of(raw: &[u8]) -> (String, &'static str, Vec<u8>) {
    let date = super::files::today();
    if std::str::from_utf8(raw).is_ok() {
        let json = raw.first() == Some(&b'{');
        let ext = if json { "json" } else { "txt" };
        let ty = if json { "application/json" } else { "text/plain;charset=utf-8" };
        return (format!("skillgap-saved-data-{date}.{ext}"), ty, raw.to_vec());
    }
    (format!("skillgap-saved-data-{date}.bin"), "application/octet-stream", raw.to_vec())
}

/// Opens the store and reads what is saved: the workspace, or why it is not usable. Unreadable saves are
/// copied aside first (see the module documentation); an earlier version's `localStorage` save and a
/// pending copy are taken in.
pub async fn boot() -> Boot {
    let tab = random_id();
    let ls = local();
    let backend = match idb::open(DB_NAME, DB_VERSION, upgrade).await {
        Ok(db) => Backend::Idb(db),
        Err(e) => {
            web_sys::console::warn_1(&format!("Skillgap: IndexedDB cannot be used ({}); trying localStorage", idb::error_name(&e)).into());
            if ls.is_some() {
                Backend::Local
            } else {
                Backend::Blocked
            }
        }
    };
    let status = match backend {
        Backend::Idb(_) => StorageStatus::Saving,
        Backend::Local => StorageStatus::SavingLocal,
        Backend::Blocked => StorageStatus::Blocked,
    };
    STORE.with(|s| *s.borrow_mut() = Some(Rc::new(Store { backend, tab })));
    let mut boot = Boot { workspace: None, gen: 0, stored: true, status, notices: Vec::new(), stopped: None };
    if boot.status == StorageStatus::Blocked {
        return boot;
    }

    // What is stored now.
    match read_current().await {
        Ok(None) => {}
        Ok(Some((meta, raw))) => {
            boot.gen = meta.gen;
            match from_storage_bytes("the saved workspace", &raw) {
                Ok(ws) => boot.workspace = Some(ws),
                Err(e) => {
                    let why = e.to_string();
                    let reason = format!("Could not be read when Skillgap started: {why}");
                    match add_copy(CopyKind::Unreadable, &reason, None, &raw).await {
                        Ok(_) => boot.notices.push(format!(
                            "Your saved workspace could not be read ({why}). A copy of it is kept on the Data \
                             page, where you can download it; the example workspace is shown instead."
                        )),
                        Err(e) => {
                            boot.status = StorageStatus::Stopped;
                            boot.stopped = Some(Stopped {
                                why: format!("{why}; and there is no room to keep a copy of it ({e})"),
                                raw,
                            });
                        }
                    }
                }
            }
        }
        Err(e) => boot.notices.push(format!("Your saved workspace could not be read from this browser ({e}).")),
    }

    // An earlier version's save in localStorage (IndexedDB in use): it is newer than anything here.
    let on_idb = store().is_some_and(|s| matches!(s.backend, Backend::Idb(_)));
    if let (Some(ls), true) = (&ls, on_idb) {
        if let Ok(Some(old)) = ls.get_item(OLD_RESCUE_KEY) {
            let reason = "Set aside by an earlier version of Skillgap, which could not read it";
            if add_copy(CopyKind::Unreadable, reason, None, old.as_bytes()).await.is_ok() {
                let _ = ls.remove_item(OLD_RESCUE_KEY);
            }
        }
        if let Ok(Some(text)) = ls.get_item(KEY) {
            let mut copied = false;
            match from_storage_text("the workspace saved by an earlier version", &text) {
                Ok(ws) => {
                    if let Some(cur) = boot.workspace.take().filter(|cur| *cur != ws) {
                        let reason = "Replaced when a save made by an earlier version of Skillgap was moved \
                                      to this browser's database";
                        let _ = add_copy(CopyKind::Replaced, reason, Some(&cur.name), &to_storage_bytes(&cur)).await;
                    }
                    boot.workspace = Some(ws);
                    boot.stored = false;
                }
                Err(e) => {
                    let why = e.to_string();
                    let reason = format!("Saved by an earlier version of Skillgap and could not be read: {why}");
                    if add_copy(CopyKind::Unreadable, &reason, None, text.as_bytes()).await.is_ok() {
                        copied = true;
                        boot.notices.push(format!(
                            "A workspace saved by an earlier version could not be read ({why}). A copy of it is \
                             kept on the Data page."
                        ));
                    } else {
                        boot.status = StorageStatus::Stopped;
                        boot.stopped = Some(Stopped { why: format!("{why}; and there is no room to keep a copy of it"), raw: text.into_bytes() });
                    }
                }
            }
            // Removed once the first save has put it in the database (see `save`), or now if it was copied.
            if copied {
                let _ = ls.remove_item(KEY);
            }
        }
    }

    // Unsaved changes from the last time the page was hidden, closed or crashed.
    if let Some(ls) = &ls {
        if let Ok(Some(raw)) = ls.get_item(PENDING) {
            take_pending(&mut boot, &raw).await;
            if boot.stopped.is_none() {
                let _ = ls.remove_item(PENDING);
            }
        }
    }

    let unreadable = copies().await.iter().filter(|c| c.kind == CopyKind::Unreadable).count();
    if unreadable > 0 && boot.notices.is_empty() {
        boot.notices.push(if unreadable == 1 {
            "A saved workspace that could not be read is kept on the Data page: download it to keep it, or delete \
             it there."
                .into()
        } else {
            format!(
                "{unreadable} saved workspaces that could not be read are kept on the Data page: download them to \
                 keep them, or delete them there."
            )
        });
    }
    boot
}

/// The first line of the pending copy.
#[derive(Serialize, Deserialize)]
struct Pending {
    /// The generation its changes were made on.
    base: u64,
    tab: String,
    at: f64,
}

async fn take_pending(boot: &mut Boot, raw: &str) {
    let Some((line, text)) = raw.split_once('\n') else { return };
    let Ok(p) = serde_json::from_str::<Pending>(line) else { return };
    let current = read_meta().await.unwrap_or_default();
    if current.gen > p.base && current.tab == p.tab {
        return; // its own save went through after all
    }
    match from_storage_text("the unsaved changes", text) {
        Ok(ws) if current.gen == p.base => {
            boot.workspace = Some(ws);
            boot.stored = false;
        }
        Ok(ws) => {
            let reason = "Unsaved changes of a tab that was closed after another tab had saved";
            if add_copy(CopyKind::Closed, reason, Some(&ws.name), &to_storage_bytes(&ws)).await.is_ok() {
                boot.notices.push(
                    "A tab was closed with changes that another tab's save had overtaken; they are kept as a copy on \
                     the Data page."
                        .into(),
                );
            }
        }
        Err(e) => {
            let reason = format!("Unsaved changes that could not be read: {e}");
            let _ = add_copy(CopyKind::Unreadable, &reason, None, text.as_bytes()).await;
        }
    }
}

/// The stored save's meta and data, if any.
async fn read_current() -> Result<Option<(Meta, Vec<u8>)>, String> {
    let Some(s) = store() else { return Ok(None) };
    match &s.backend {
        Backend::Idb(db) => {
            let tx = idb::transaction(db, &[KV], false).map_err(|e| idb::error_name(&e))?;
            let kv = tx.object_store(KV).map_err(|e| idb::error_name(&e))?;
            let meta = idb::request(&kv.get(&"meta".into()).map_err(|e| idb::error_name(&e))?).await;
            let data = idb::request(&kv.get(&"workspace".into()).map_err(|e| idb::error_name(&e))?).await;
            let data = data.map_err(|e| idb::error_name(&e))?;
            if data.is_undefined() || data.is_null() {
                return Ok(None);
            }
            let meta = meta.ok().and_then(|m| m.as_string()).and_then(|m| serde_json::from_str(&m).ok()).unwrap_or_default();
            Ok(Some((meta, bytes_of(&data))))
        }
        Backend::Local => {
            let Some(ls) = local() else { return Ok(None) };
            let Some(text) = ls.get_item(KEY).ok().flatten() else { return Ok(None) };
            let meta = ls.get_item(LOCAL_META).ok().flatten().and_then(|m| serde_json::from_str(&m).ok()).unwrap_or_default();
            Ok(Some((meta, text.into_bytes())))
        }
        Backend::Blocked => Ok(None),
    }
}

fn bytes_of(v: &JsValue) -> Vec<u8> {
    if let Some(s) = v.as_string() {
        return s.into_bytes();
    }
    Uint8Array::new(v).to_vec()
}

/// The stored save's meta (generation 0 when nothing is saved).
pub async fn read_meta() -> Option<Meta> {
    let s = store()?;
    match &s.backend {
        Backend::Idb(db) => {
            let tx = idb::transaction(db, &[KV], false).ok()?;
            let kv = tx.object_store(KV).ok()?;
            let m = idb::request(&kv.get(&"meta".into()).ok()?).await.ok()?;
            Some(m.as_string().and_then(|m| serde_json::from_str(&m).ok()).unwrap_or_default())
        }
        Backend::Local => {
            Some(local()?.get_item(LOCAL_META).ok().flatten().and_then(|m| serde_json::from_str(&m).ok()).unwrap_or_default())
        }
        Backend::Blocked => None,
    }
}

/// What another tab saved: the workspace and its generation.
pub async fn load_stored() -> Result<(Workspace, Meta), String> {
    match read_current().await? {
        Some((meta, raw)) => from_storage_bytes("the workspace saved in another tab", &raw)
            .map(|ws| (ws, meta))
            .map_err(|e| e.to_string()),
        None => Err("nothing is saved".into()),
    }
}

/// How a save ended.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveOutcome {
    /// Written; the new generation.
    Saved(u64),
    /// Not written: another tab saved generation `.0` since this one's.
    Conflict(u64),
    /// Not written: storage is full.
    Full,
    /// Not written: storage failed otherwise.
    Failed(String),
}

/// Saves `ws` if the stored generation is still `expected` (checked in the same transaction as the write),
/// then tells the other tabs.
pub async fn save(ws: &Workspace, expected: u64) -> SaveOutcome {
    let Some(s) = store() else { return SaveOutcome::Failed("storage is not open".into()) };
    let outcome = match &s.backend {
        Backend::Idb(db) => save_idb(db, &s.tab, ws, expected).await,
        Backend::Local => save_local(&s.tab, ws, expected),
        Backend::Blocked => SaveOutcome::Failed("storage is blocked".into()),
    };
    if let SaveOutcome::Saved(gen) = outcome {
        if let Some(ls) = local() {
            let _ = ls.remove_item(PENDING);
            if matches!(s.backend, Backend::Idb(_)) {
                // An earlier version's save, now in the database.
                let _ = ls.remove_item(KEY);
            }
        }
        super::tabs::announce(gen, &s.tab);
    }
    outcome
}

async fn save_idb(db: &IdbDatabase, tab: &str, ws: &Workspace, expected: u64) -> SaveOutcome {
    let bytes = to_storage_bytes(ws);
    let meta = Meta { gen: expected + 1, tab: tab.to_string(), at: now(), bytes: bytes.len() as u64, name: ws.name.clone() };
    let run = async {
        let tx = idb::transaction(db, &[KV], true)?;
        let kv = tx.object_store(KV)?;
        let stored = idb::request(&kv.get(&"meta".into())?).await?;
        let gen = stored.as_string().and_then(|m| serde_json::from_str::<Meta>(&m).ok()).map_or(0, |m| m.gen);
        if gen != expected {
            let _ = tx.abort();
            return Ok(Err(gen));
        }
        kv.put_with_key(&Uint8Array::from(bytes.as_slice()), &"workspace".into())?;
        kv.put_with_key(&serde_json::to_string(&meta).expect("meta serialises").into(), &"meta".into())?;
        idb::done(&tx).await?;
        Ok::<_, JsValue>(Ok(meta.gen))
    };
    match run.await {
        Ok(Ok(gen)) => SaveOutcome::Saved(gen),
        Ok(Err(gen)) => SaveOutcome::Conflict(gen),
        Err(e) if idb::is_quota(&e) => SaveOutcome::Full,
        Err(e) => SaveOutcome::Failed(idb::error_name(&e)),
    }
}

fn save_local(tab: &str, ws: &Workspace, expected: u64) -> SaveOutcome {
    let Some(ls) = local() else { return SaveOutcome::Failed("localStorage is blocked".into()) };
    let gen = ls.get_item(LOCAL_META).ok().flatten().and_then(|m| serde_json::from_str::<Meta>(&m).ok()).map_or(0, |m| m.gen);
    if gen != expected {
        return SaveOutcome::Conflict(gen);
    }
    let text = to_storage_text(ws);
    let meta = Meta { gen: expected + 1, tab: tab.to_string(), at: now(), bytes: text.len() as u64, name: ws.name.clone() };
    let _ = ls.remove_item(PENDING); // its room may be what the save needs
    match ls.set_item(KEY, &text) {
        Ok(()) => {
            let _ = ls.set_item(LOCAL_META, &serde_json::to_string(&meta).expect("meta serialises"));
            SaveOutcome::Saved(meta.gen)
        }
        Err(e) if idb::is_quota(&e) => SaveOutcome::Full,
        Err(e) => SaveOutcome::Failed(idb::error_name(&e)),
    }
}

/// Writes unsaved changes synchronously (page hidden or closed, or a crash): `localStorage` is the only
/// storage a page can still write to at that moment. Best effort: skipped for very large workspaces.
pub fn write_pending(ws: &Workspace, base: u64) {
    let Some(ls) = local() else { return };
    let text = to_storage_text(ws);
    if text.len() > MAX_PENDING_CHARS {
        return;
    }
    let line = serde_json::to_string(&Pending { base, tab: tab_id(), at: now() }).expect("serialises");
    if ls.set_item(PENDING, &format!("{line}\n{text}")).is_err() {
        let _ = ls.remove_item(PENDING);
    }
}

// ---------------------------------------------------------------------------------------------------------
// Kept copies
// ---------------------------------------------------------------------------------------------------------

/// Keeps `data` as a new copy (never replacing another). `Err` when it could not be stored.
pub async fn add_copy(kind: CopyKind, reason: &str, name: Option<&str>, data: &[u8]) -> Result<u32, String> {
    let s = store().ok_or("storage is not open")?;
    let meta = CopyMeta { id: 0, kind, reason: reason.to_string(), at: now(), bytes: data.len() as u64, name: name.map(String::from) };
    let json = serde_json::to_string(&meta).expect("serialises");
    match &s.backend {
        Backend::Idb(db) => {
            let run = async {
                let tx = idb::transaction(db, &[COPIES, COPY_DATA], true)?;
                let key = idb::request(&tx.object_store(COPIES)?.add(&json.into())?).await?;
                tx.object_store(COPY_DATA)?.put_with_key(&Uint8Array::from(data), &key)?;
                idb::done(&tx).await?;
                Ok::<_, JsValue>(key.as_f64().unwrap_or(0.0) as u32)
            };
            run.await.map_err(|e| if idb::is_quota(&e) { "storage is full".to_string() } else { idb::error_name(&e) })
        }
        Backend::Local => {
            let ls = local().ok_or("localStorage is blocked")?;
            let id = (1..).find(|i| ls.get_item(&format!("{LOCAL_COPY}{i}.meta")).ok().flatten().is_none()).unwrap_or(1);
            let text = String::from_utf8_lossy(data);
            let put = ls.set_item(&format!("{LOCAL_COPY}{id}"), &text).and_then(|_| ls.set_item(&format!("{LOCAL_COPY}{id}.meta"), &json));
            match put {
                Ok(()) => Ok(id),
                Err(e) => {
                    let _ = ls.remove_item(&format!("{LOCAL_COPY}{id}"));
                    Err(if idb::is_quota(&e) { "storage is full".to_string() } else { idb::error_name(&e) })
                }
            }
        }
        Backend::Blocked => Err("storage is blocked".into()),
    }
}

/// The kept copies, oldest first.
pub async fn copies() -> Vec<CopyMeta> {
    let Some(s) = store() else { return Vec::new() };
    match &s.backend {
        Backend::Idb(db) => {
            let run = async {
                let tx = idb::transaction(db, &[COPIES], false)?;
                let store = tx.object_store(COPIES)?;
                let keys = idb::request(&store.get_all_keys()?).await?;
                let values = idb::request(&store.get_all()?).await?;
                Ok::<_, JsValue>((js_sys::Array::from(&keys), js_sys::Array::from(&values)))
            };
            let Ok((keys, values)) = run.await else { return Vec::new() };
            keys.iter()
                .zip(values.iter())
                .filter_map(|(k, v)| {
                    let mut m: CopyMeta = serde_json::from_str(&v.as_string()?).ok()?;
                    m.id = k.as_f64()? as u32;
                    Some(m)
                })
                .collect()
        }
        Backend::Local => {
            let Some(ls) = local() else { return Vec::new() };
            let n = ls.length().unwrap_or(0);
            let mut out: Vec<CopyMeta> = (0..n)
                .filter_map(|i| ls.key(i).ok().flatten())
                .filter_map(|k| {
                    let id = k.strip_prefix(LOCAL_COPY)?.strip_suffix(".meta")?.parse().ok()?;
                    let mut m: CopyMeta = serde_json::from_str(&ls.get_item(&k).ok()??).ok()?;
                    m.id = id;
                    Some(m)
                })
                .collect();
            out.sort_by_key(|m| m.id);
            out
        }
        Backend::Blocked => Vec::new(),
    }
}

/// A kept copy's data.
pub async fn copy_data(id: u32) -> Option<Vec<u8>> {
    let s = store()?;
    match &s.backend {
        Backend::Idb(db) => {
            let tx = idb::transaction(db, &[COPY_DATA], false).ok()?;
            let v = idb::request(&tx.object_store(COPY_DATA).ok()?.get(&id.into()).ok()?).await.ok()?;
            (!v.is_undefined()).then(|| bytes_of(&v))
        }
        Backend::Local => local()?.get_item(&format!("{LOCAL_COPY}{id}")).ok().flatten().map(String::into_bytes),
        Backend::Blocked => None,
    }
}

/// Deletes a kept copy.
pub async fn delete_copy(id: u32) -> Result<(), String> {
    let s = store().ok_or("storage is not open")?;
    match &s.backend {
        Backend::Idb(db) => {
            let run = async {
                let tx = idb::transaction(db, &[COPIES, COPY_DATA], true)?;
                tx.object_store(COPIES)?.delete(&id.into())?;
                tx.object_store(COPY_DATA)?.delete(&id.into())?;
                idb::done(&tx).await
            };
            run.await.map_err(|e| idb::error_name(&e))
        }
        Backend::Local => {
            let ls = local().ok_or("localStorage is blocked")?;
            let _ = ls.remove_item(&format!("{LOCAL_COPY}{id}"));
            ls.remove_item(&format!("{LOCAL_COPY}{id}.meta")).map_err(|e| idb::error_name(&e))
        }
        Backend::Blocked => Err("storage is blocked".into()),
    }
}

/// Reads a kept copy as a workspace.
pub fn read_copy(data: &[u8]) -> Result<Workspace, String> {
    from_storage_bytes("the kept copy", data).map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------------------------------------
// Space
// ---------------------------------------------------------------------------------------------------------

/// What the browser says about this site's storage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Usage {
    /// Bytes this site uses and may use (`navigator.storage.estimate()`), when the browser says.
    pub usage: Option<f64>,
    pub quota: Option<f64>,
    /// Whether the browser keeps this site's storage under storage pressure.
    pub persisted: Option<bool>,
    /// Where the workspace is kept: "IndexedDB", "localStorage" or "nowhere".
    pub place: &'static str,
    /// The stored save's size and generation.
    pub saved: Option<Meta>,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let nav = web_sys::window()?.navigator();
    // Absent outside secure contexts (a site served over plain http).
    js_sys::Reflect::get(&nav, &"storage".into()).ok().filter(|v| !v.is_undefined())?.dyn_into().ok()
}

/// This site's storage use.
pub async fn usage() -> Usage {
    let place = match store().map(|s| match s.backend {
        Backend::Idb(_) => "IndexedDB",
        Backend::Local => "localStorage",
        Backend::Blocked => "nowhere",
    }) {
        Some(p) => p,
        None => "nowhere",
    };
    let mut u = Usage { place, saved: read_meta().await.filter(|m| m.gen > 0), ..Usage::default() };
    if let Some(sm) = storage_manager() {
        if let Ok(p) = sm.estimate() {
            if let Ok(e) = wasm_bindgen_futures::JsFuture::from(p).await {
                let e: web_sys::StorageEstimate = e.unchecked_into();
                u.usage = e.get_usage();
                u.quota = e.get_quota();
            }
        }
        if let Ok(p) = sm.persisted() {
            u.persisted = wasm_bindgen_futures::JsFuture::from(p).await.ok().and_then(|v| v.as_bool());
        }
    }
    u
}

/// Asks the browser to keep this site's storage under storage pressure (it may decide without asking the
/// user, from how the site is used). Returns whether it is now persistent.
pub async fn persist() -> Option<bool> {
    let sm = storage_manager()?;
    let p = sm.persist().ok()?;
    wasm_bindgen_futures::JsFuture::from(p).await.ok()?.as_bool()
}
