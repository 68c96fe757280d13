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

/// The frame's height before the first size message arrives (and for good, where the host page cannot run
/// the snippet's script), in CSS pixels.
pub const EMBED_HEIGHT: u32 = 720;

/// `text` made safe inside a double-quoted HTML attribute.
fn attr_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// What a host page pastes to embed `link`: the `<iframe>` and a few lines of script that set the frame's
/// height from the `lti.frameResize` messages the learner pages already post (docs/lms.md, "iframe
/// sizing"), so the frame grows and shrinks with the assessment instead of scrolling inside a fixed
/// height. The script acts only on messages whose source is this frame's window and, when the link has an
/// http(s) origin, that come from that origin; heights are clamped to 200–20,000 px. The frame's id is
/// derived from the link, so two embeds on one page do not clash. Where a host strips scripts, the frame
/// stays at [`EMBED_HEIGHT`] and scrolls inside.
pub fn embed_snippet(link: &str, title: &str) -> String {
    // FNV-1a of the link: a stable id, the same for the same link.
    let hash = link.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193));
    let id = format!("skillgap-{hash:08x}");
    // The origin goes into a JavaScript string inside a <script>: only an origin of plain host characters
    // (IPv6 brackets included) is written, and any other link is checked by its frame's window alone.
    let origin = match origin_of(link) {
        Some(o) if o.chars().all(|c| c.is_ascii_alphanumeric() || ".:/-[]".contains(c)) => {
            format!(" && e.origin === '{o}'")
        }
        _ => String::new(),
    };
    format!(
        "<iframe id=\"{id}\" src=\"{src}\" title=\"Self-assessment: {title}\" width=\"100%\" height=\"{EMBED_HEIGHT}\" \
         style=\"border:0;display:block\" loading=\"lazy\"></iframe>\n\
         <script>\n\
         addEventListener('message', function (e) {{\n\
         \x20 var f = document.getElementById('{id}'), d = e.data;\n\
         \x20 if (f && e.source === f.contentWindow{origin} && d && d.subject === 'lti.frameResize' && d.height > 0)\n\
         \x20   f.style.height = Math.min(Math.max(Math.ceil(d.height), 200), 20000) + 'px';\n\
         }});\n\
         </script>",
        src = attr_escape(link),
        title = attr_escape(title),
    )
}
