//! The packed workspace: how the browser keeps a workspace (IndexedDB holds these bytes; `localStorage`, the
//! fallback, holds them base64-encoded behind [`crate::domain::io::PACK_TEXT_PREFIX`]).
//!
//! A large workspace is mostly ratings — 20,000 people × 40 skills × 3 sources is 1.9 million of them —
//! and as JSON each repeats its field names and ids (about 90 bytes). Here the ratings are rows of small
//! numbers into one table of the distinct strings they use (person ids, skill ids, dates, notes), and
//! everything else is the workspace's ordinary JSON. The whole is deflated.
//!
//! ```text
//! "SGW" 0x01            magic and format version (a change to Rating or to this layout makes 0x02)
//! u32 little-endian     length of the payload once inflated: refused above MAX_PAYLOAD_BYTES, and the
//!                       inflation stops there, so no input makes it allocate more than it declares
//! raw deflate           the payload:
//!   varint n, n bytes     the workspace as compact JSON with "ratings": [] (read like an import:
//!                         schema_version checked, migrations run)
//!   varint n              the string table, then n × (varint length, UTF-8 bytes)
//!   varint n              the ratings, then n × (varint person, varint skill, u8 source 0 self,
//!                         1 trainer, 2 agreed, varint level + 1 or 0 for none, varint date, varint note),
//!                         each string an index into the table
//! ```
//!
//! [`unpack`] checks the header, inflates to at most the declared length, reads every field with bounds
//! checks and hands the result to the same normalising and validation as an import, so damaged or hostile
//! bytes give an [`ImportError`], never a panic or a huge allocation.

use std::collections::HashMap;
use std::io::{Read, Write};

use super::error::DomainError;
use super::io::{parse_workspace, ImportError};
use super::model::*;

/// The first four bytes of a packed workspace.
pub const MAGIC: [u8; 4] = *b"SGW\x01";
/// The largest payload a packed workspace may declare (and so the most that unpacking allocates for it):
/// 256 MiB, about ten times the payload of 20,000 people × 40 skills × 3 sources.
pub const MAX_PAYLOAD_BYTES: usize = 256 << 20;
/// Deflate cannot expand data by more than 1032 to 1, so a payload declaring more than this multiple of
/// its compressed size is damaged or forged.
pub const MAX_DEFLATE_RATIO: usize = 1032;

/// The workspace packed (see the module documentation). Deterministic: the same workspace gives the same
/// bytes.
pub fn pack(ws: &Workspace) -> Vec<u8> {
    let mut payload = Vec::with_capacity(ws.ratings.len() * 8 + 4096);
    let head = serde_json::to_vec(&without_ratings(ws)).expect("a workspace always serialises");
    varint(&mut payload, head.len() as u64);
    payload.extend_from_slice(&head);

    let mut table = Table::default();
    let mut rows = Vec::with_capacity(ws.ratings.len() * 7);
    // Ratings come grouped by person and often share a date, so the previous row's strings are tried
    // before the table's hash map.
    let mut last = [None; 3];
    for r in &ws.ratings {
        // Naming every field makes adding one to Rating a compile error here, not silent data loss.
        let Rating { person, skill, source, level, date, note } = r;
        let p = table.index_after(&mut last[0], person.as_str());
        let s = table.index(skill.as_str());
        let d = table.index_after(&mut last[1], date);
        let n = table.index_after(&mut last[2], note);
        varint(&mut rows, p.into());
        varint(&mut rows, s.into());
        rows.push(match source {
            Source::SelfRating => 0,
            Source::Trainer => 1,
            Source::Agreed => 2,
        });
        varint(&mut rows, level.map_or(0, |l| u64::from(l) + 1));
        varint(&mut rows, d.into());
        varint(&mut rows, n.into());
    }
    varint(&mut payload, table.strings.len() as u64);
    for s in &table.strings {
        varint(&mut payload, s.len() as u64);
        payload.extend_from_slice(s.as_bytes());
    }
    varint(&mut payload, ws.ratings.len() as u64);
    payload.extend_from_slice(&rows);

    let mut out = Vec::with_capacity(payload.len() / 4 + 16);
    out.extend_from_slice(&MAGIC);
    let declared = u32::try_from(payload.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&declared.to_le_bytes());
    let mut enc = flate2::write::DeflateEncoder::new(out, flate2::Compression::fast());
    enc.write_all(&payload).expect("writing to memory cannot fail");
    enc.finish().expect("writing to memory cannot fail")
}

/// Whether `bytes` start like a packed workspace.
pub fn is_packed(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC[..3])
}

/// Reads what [`pack`] wrote, through the same checks as an import; `name` is used in messages.
pub fn unpack(name: &str, bytes: &[u8]) -> Result<Workspace, ImportError> {
    let damaged = |why: String| ImportError::Invalid {
        file: name.to_string(),
        source: DomainError::Invalid(format!("the packed data is damaged ({why})")),
    };
    if bytes.len() < 8 || !is_packed(bytes) {
        return Err(damaged("it does not start with the packed workspace's header".into()));
    }
    if bytes[3] != MAGIC[3] {
        return Err(ImportError::Invalid {
            file: name.to_string(),
            source: DomainError::Invalid(format!(
                "it was packed by a newer Skillgap (packed format {}; this version reads format {}); update the app",
                bytes[3], MAGIC[3]
            )),
        });
    }
    let declared = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    let deflated = &bytes[8..];
    if declared > MAX_PAYLOAD_BYTES {
        return Err(damaged(format!(
            "it declares {declared} bytes, over the limit of {MAX_PAYLOAD_BYTES}"
        )));
    }
    if declared > deflated.len().saturating_mul(MAX_DEFLATE_RATIO) {
        return Err(damaged(format!(
            "it declares {declared} bytes from {} compressed ones, more than deflate can produce",
            deflated.len()
        )));
    }
    let mut payload = Vec::with_capacity(declared.min(1 << 20));
    flate2::read::DeflateDecoder::new(deflated)
        .take(declared as u64 + 1)
        .read_to_end(&mut payload)
        .map_err(|e| damaged(e.to_string()))?;
    if payload.len() != declared {
        return Err(damaged(format!("it declares {declared} bytes but holds {} or more", payload.len())));
    }
    let mut r = Reader { bytes: &payload, at: 0 };
    let mut read = || -> Result<Workspace, Fail> {
        let head_len = r.len()?;
        let head = std::str::from_utf8(r.take(head_len)?).map_err(|_| "the workspace text is not UTF-8".to_string())?;
        let mut ws = parse_workspace(name, head).map_err(Fail::Import)?;
        let n = r.len()?;
        // Each string takes at least one byte, so a count beyond what is left is damage, not a reason to
        // reserve memory.
        let mut strings: Vec<String> = Vec::with_capacity(n.min(r.left()));
        for _ in 0..n {
            let len = r.len()?;
            let s = std::str::from_utf8(r.take(len)?).map_err(|_| "a string is not UTF-8".to_string())?;
            strings.push(s.to_string());
        }
        let get = |i: u64| strings.get(i as usize).ok_or_else(|| format!("string {i} is not in the table"));
        let n = r.len()?;
        let mut ratings = Vec::with_capacity(n.min(r.left() / 6));
        for _ in 0..n {
            let person = PersonId(get(r.varint()?)?.clone());
            let skill = SkillId(get(r.varint()?)?.clone());
            let source = match r.byte()? {
                0 => Source::SelfRating,
                1 => Source::Trainer,
                2 => Source::Agreed,
                b => return Err(format!("source {b} is not 0, 1 or 2").into()),
            };
            let level = match r.varint()? {
                0 => None,
                l => Some(Level::try_from(l - 1).map_err(|_| format!("level {} is too large", l - 1))?),
            };
            let date = get(r.varint()?)?.clone();
            let note = get(r.varint()?)?.clone();
            ratings.push(Rating { person, skill, source, level, date, note });
        }
        if r.left() != 0 {
            return Err(format!("{} bytes are left over at its end", r.left()).into());
        }
        ws.ratings = ratings;
        Ok(ws)
    };
    let mut ws = read().map_err(|f| match f {
        // The workspace text's own error (syntax, version, field) is already phrased for the user.
        Fail::Import(e) => e,
        Fail::Damaged(why) => damaged(why),
    })?;
    ws.normalise();
    ws.validate().map_err(|source| ImportError::Invalid { file: name.to_string(), source })?;
    Ok(ws)
}

enum Fail {
    Import(ImportError),
    Damaged(String),
}

impl From<String> for Fail {
    fn from(why: String) -> Self {
        Fail::Damaged(why)
    }
}

/// A copy of `ws` without its ratings (which [`pack`] writes as rows).
fn without_ratings(ws: &Workspace) -> Workspace {
    // Every field by name, so that a new field of Workspace cannot be left out silently.
    let Workspace { schema_version, name, currency, is_example, scale, skills, roles, people, ratings: _, scenarios, survey, next_id } =
        ws;
    Workspace {
        schema_version: *schema_version,
        name: name.clone(),
        currency: currency.clone(),
        is_example: *is_example,
        scale: scale.clone(),
        skills: skills.clone(),
        roles: roles.clone(),
        people: people.clone(),
        ratings: Vec::new(),
        scenarios: scenarios.clone(),
        survey: survey.clone(),
        next_id: *next_id,
    }
}

#[derive(Default)]
struct Table<'a> {
    strings: Vec<&'a str>,
    index: HashMap<&'a str, u32>,
}

impl<'a> Table<'a> {
    /// [`Table::index`], trying the string `last` found first.
    fn index_after(&mut self, last: &mut Option<u32>, s: &'a str) -> u32 {
        if let Some(i) = *last {
            if self.strings[i as usize] == s {
                return i;
            }
        }
        let i = self.index(s);
        *last = Some(i);
        i
    }

    fn index(&mut self, s: &'a str) -> u32 {
        let next = self.strings.len() as u32;
        let i = *self.index.entry(s).or_insert(next);
        if i == next {
            self.strings.push(s);
        }
        i
    }
}

/// LEB128: seven bits a byte, low first, the top bit set on every byte but the last.
fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("it ends in the middle of a rating")?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("a number is longer than ten bytes".into())
    }

    /// A length or count: at most what is left of the payload.
    fn len(&mut self) -> Result<usize, String> {
        let v = self.varint()?;
        usize::try_from(v).ok().filter(|&n| n <= self.left()).ok_or_else(|| format!("a length of {v} runs past its end"))
    }

    fn take(&mut self, n: usize) -> Result<&'b [u8], String> {
        let s = self.bytes.get(self.at..self.at + n).ok_or("it ends early")?;
        self.at += n;
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::synth::{self, Size};

    #[test]
    fn packs_and_unpacks_every_field() {
        let mut ws = synth::workspace(Size { people: 40, skills: 6, roles: 2, sources: 3 }, 7);
        ws.ratings[0].note = "Observed on two calls — très bien".into();
        ws.ratings[1].level = None;
        ws.validate().unwrap();
        let bytes = pack(&ws);
        assert_eq!(unpack("saved", &bytes).unwrap(), ws);
        assert_eq!(pack(&ws), bytes, "deterministic");
        let example = crate::domain::example::example_workspace();
        assert_eq!(unpack("saved", &pack(&example)).unwrap(), example);
    }

    #[test]
    fn forged_lengths_are_refused_before_inflating() {
        let ws = crate::domain::example::example_workspace();
        let mut bytes = pack(&ws);
        bytes[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(unpack("saved", &bytes).unwrap_err().to_string().contains("over the limit"));
        let mut bytes = pack(&ws);
        let real = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
        bytes[4..8].copy_from_slice(&(real - 1).to_le_bytes());
        assert!(unpack("saved", &bytes).unwrap_err().to_string().contains("or more"));
        let mut bytes = pack(&ws);
        bytes[3] = 9;
        assert!(unpack("saved", &bytes).unwrap_err().to_string().contains("newer Skillgap"));
    }
}
