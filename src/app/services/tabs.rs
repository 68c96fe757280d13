//! Other tabs of the app in this browser: each save is announced on a `BroadcastChannel` (and, for the
//! `localStorage` fallback, seen in `storage` events too), so a tab learns at once that its copy is no
//! longer the latest, instead of at its next save.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The channel's name.
pub const CHANNEL: &str = "skillgap.workspace";

/// What a save announces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub gen: u64,
    pub tab: String,
}

thread_local! {
    static CHANNEL_OUT: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

/// Tells the other tabs that `tab` saved generation `gen`.
pub fn announce(gen: u64, tab: &str) {
    CHANNEL_OUT.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            *c = web_sys::BroadcastChannel::new(CHANNEL).ok();
        }
        if let Some(ch) = c.as_ref() {
            let msg = serde_json::to_string(&Saved { gen, tab: tab.to_string() }).expect("serialises");
            let _ = ch.post_message(&msg.into());
        }
    });
}

/// Calls `on_saved` whenever another tab saves; the listening stops when the value is dropped.
pub struct Listener {
    channel: Option<web_sys::BroadcastChannel>,
    _message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
    _storage: Option<gloo::events::EventListener>,
}

impl Listener {
    pub fn new(own_tab: String, on_saved: impl Fn(Saved) + 'static) -> Self {
        let on_saved = std::rc::Rc::new(on_saved);
        let channel = web_sys::BroadcastChannel::new(CHANNEL).ok();
        let message = channel.as_ref().map(|ch| {
            let (own, on_saved) = (own_tab.clone(), on_saved.clone());
            let cb = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let Some(text) = e.data().as_string() else { return };
                if let Ok(s) = serde_json::from_str::<Saved>(&text) {
                    if s.tab != own {
                        on_saved(s);
                    }
                }
            });
            ch.set_onmessage(Some(cb.as_ref().unchecked_ref()));
            cb
        });
        // The localStorage fallback's saves, also seen by browsers without BroadcastChannel.
        let storage = {
            let own = own_tab;
            gloo::events::EventListener::new(&gloo::utils::window(), "storage", move |e| {
                let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else { return };
                if e.key().as_deref() != Some(super::storage::LOCAL_META) {
                    return;
                }
                let meta = e.new_value().and_then(|v| serde_json::from_str::<super::storage::Meta>(&v).ok());
                if let Some(m) = meta.filter(|m| m.tab != own) {
                    on_saved(Saved { gen: m.gen, tab: m.tab });
                }
            })
        };
        Self { channel, _message: message, _storage: Some(storage) }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(ch) = &self.channel {
            ch.set_onmessage(None);
            ch.close();
        }
    }
}
