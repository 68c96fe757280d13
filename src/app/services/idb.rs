//! IndexedDB through the raw `web-sys` bindings, as futures: open a database, await a request, await a
//! transaction's end. About 100 lines instead of a wrapper crate (see docs/architecture.md).
//!
//! A transaction stays usable across `.await`s of its own requests: wasm-bindgen-futures resumes the task
//! in a microtask of the request's success event, while the transaction is still active, so a read
//! followed by a write (the save generation check) is one atomic transaction.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

/// The name of a `DOMException` (`QuotaExceededError`, `SecurityError`, …), or the error's text.
pub fn error_name(e: &JsValue) -> String {
    if let Some(d) = e.dyn_ref::<web_sys::DomException>() {
        return d.name();
    }
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.name());
    }
    e.as_string().unwrap_or_else(|| "unknown error".into())
}

/// Whether `e` is the browser refusing a write for lack of space.
pub fn is_quota(e: &JsValue) -> bool {
    matches!(error_name(e).as_str(), "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED")
}

/// Opens database `name` at `version`, calling `upgrade` when it is new or older.
pub async fn open(name: &str, version: u32, upgrade: fn(&IdbDatabase)) -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .indexed_db()?
        .ok_or_else(|| JsValue::from_str("IndexedDB is not available"))?;
    let req: IdbOpenDbRequest = factory.open_with_u32(name, version)?;
    let on_upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        if let Some(db) = e
            .target()
            .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
        {
            upgrade(&db);
        }
    });
    req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let result = request(&req).await;
    req.set_onupgradeneeded(None);
    drop(on_upgrade);
    let db: IdbDatabase = result?.dyn_into()?;
    // Another tab opening a newer version asks this one to let go; without this its upgrade would wait.
    let on_change = Closure::<dyn FnMut()>::new({
        let db = db.clone();
        move || db.close()
    });
    db.set_onversionchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    Ok(db)
}

/// Awaits `req`: its result, or the error it failed with.
pub async fn request(req: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok = req.clone();
        let success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::UNDEFINED));
        });
        let bad = req.clone();
        let failure = Closure::once_into_js(move |e: web_sys::Event| {
            // Handled here: the transaction's own abort reports it to whoever awaits the transaction.
            e.prevent_default();
            let err = bad.error().ok().flatten().map(JsValue::from).unwrap_or_else(|| "request failed".into());
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        req.set_onsuccess(Some(success.unchecked_ref()));
        req.set_onerror(Some(failure.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

/// Awaits the end of `tx`: `Ok` once committed, else the error that aborted it (a quota error, for one).
pub async fn done(tx: &IdbTransaction) -> Result<(), JsValue> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = {
            let tx = tx.clone();
            let reject = reject.clone();
            Closure::<dyn FnMut()>::new(move || {
                let err = tx.error().map(JsValue::from).unwrap_or_else(|| "the transaction was aborted".into());
                let _ = reject.call1(&JsValue::NULL, &err);
            })
        };
        tx.set_oncomplete(Some(complete.unchecked_ref()));
        tx.set_onabort(Some(failed.as_ref().unchecked_ref()));
        tx.set_onerror(Some(failed.as_ref().unchecked_ref()));
        failed.forget();
    });
    JsFuture::from(promise).await.map(|_| ())
}

/// A transaction over `stores`.
pub fn transaction(db: &IdbDatabase, stores: &[&str], write: bool) -> Result<IdbTransaction, JsValue> {
    let names = js_sys::Array::new();
    for s in stores {
        names.push(&JsValue::from_str(s));
    }
    let mode = if write { IdbTransactionMode::Readwrite } else { IdbTransactionMode::Readonly };
    db.transaction_with_str_sequence_and_mode(&names, mode)
}
