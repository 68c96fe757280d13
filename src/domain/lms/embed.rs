//! iframe sizing messages (the H5P resizer protocol and Canvas's `lti.frameResize`) and the origin of a URL,
//! for checking where messages come from and where the page may connect.

use serde_json::{json, Value};

/// A message this page posts to its parent frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResizeMessage {
    /// H5P: introduces the child frame.
    H5pHello,
    /// H5P: the content's size changed; the parent resets the frame and answers `resizePrepared`.
    H5pPrepareResize { scroll_height: u32, client_height: u32 },
    /// H5P: the height to set the frame to.
    H5pResize { scroll_height: u32 },
    /// Canvas LMS: `lti.frameResize`.
    CanvasFrameResize { height: u32 },
}

impl ResizeMessage {
    /// The message as JSON (it is posted as the equivalent object; it carries only heights).
    pub fn to_json(self) -> Value {
        match self {
            ResizeMessage::H5pHello => json!({ "context": "h5p", "action": "hello" }),
            ResizeMessage::H5pPrepareResize { scroll_height, client_height } => json!({
                "context": "h5p", "action": "prepareResize",
                "scrollHeight": scroll_height, "clientHeight": client_height
            }),
            ResizeMessage::H5pResize { scroll_height } => {
                json!({ "context": "h5p", "action": "resize", "scrollHeight": scroll_height })
            }
            ResizeMessage::CanvasFrameResize { height } => json!({ "subject": "lti.frameResize", "height": height }),
        }
    }
}

/// A reply from an H5P resizer in the parent page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum H5pReply {
    /// The parent runs the resizer: start sending sizes.
    Hello,
    /// The parent reset the frame's height: send `resize` with the content's height.
    ResizePrepared,
    /// The parent's window changed size: measure again.
    Resize,
}

/// Reads a message from the parent as an H5P reply: an object with `context` "h5p" and a known `action`
/// (a JSON string holding such an object is read too). Anything else is `None`.
pub fn parse_h5p_reply(v: &Value) -> Option<H5pReply> {
    if let Value::String(s) = v {
        return serde_json::from_str::<Value>(s).ok().filter(Value::is_object).and_then(|v| parse_h5p_reply(&v));
    }
    let obj = v.as_object()?;
    if obj.get("context").and_then(Value::as_str) != Some("h5p") {
        return None;
    }
    match obj.get("action").and_then(Value::as_str)? {
        "hello" => Some(H5pReply::Hello),
        "resizePrepared" => Some(H5pReply::ResizePrepared),
        "resize" => Some(H5pReply::Resize),
        _ => None,
    }
}

/// The origin (`scheme://host[:port]`) of an http(s) URL as a browser writes it (lower case, without the
/// scheme's default port), for checking where messages come from and where the page may connect; `None`
/// when the URL has none (empty, relative, `about:`, `data:`).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#', '\\']).next()?;
    let host = host.rsplit('@').next()?.to_ascii_lowercase();
    let default = if scheme == "https" { ":443" } else { ":80" };
    let host = host.strip_suffix(default).unwrap_or(&host);
    (!host.is_empty() && !host.starts_with(':')).then(|| format!("{scheme}://{host}"))
}
