//! The fuzz suite: structured mutation of valid seeds for every importer and decoder of Skillgap, each
//! input run under `catch_unwind`, within a time bound and an allocation bound, with round-trip checks on
//! whatever is accepted. A plain test binary (`harness = false`) driven by a seeded ChaCha8 generator, so a
//! failure is reproduced from the seed and case it prints (cargo-fuzz needs a nightly compiler).
//!
//! Surfaces: the JSON workspace (`import_json`), the people-and-ratings CSV (`import_csv`), learner links
//! (`decode_link`), result codes (`decode_result` and `plan_result_import`), pasted text (`split_codes`,
//! `unmangle`), progress codes (`lms::decode_progress`), stored workspaces (`from_storage_text`,
//! `from_storage_bytes`), result files (`parse_result_file`).
//!
//! ```text
//! cargo test --test fuzz                                      # the corpus and a few seconds (any build)
//! SKILLGAP_FUZZ_SECONDS=120 cargo run --profile fuzz --features fuzz --bin fuzz   # what CI runs (scripts/test.sh)
//! bash scripts/fuzz.sh [seconds]                              # the soak: longer, a new seed each time
//! ```
//! Settings (environment): `SKILLGAP_FUZZ_SECONDS` (total, shared by the surfaces), `SKILLGAP_FUZZ_SEED`,
//! `SKILLGAP_FUZZ_MS` (time bound per input, default 2,000 ms optimised, 30,000 ms otherwise),
//! `SKILLGAP_FUZZ_ONLY` (one surface), `SKILLGAP_FUZZ_CASE` (with the seed: run that one case).
//!
//! A failing input is written to `target/fuzz-failures/` with the command that reproduces it; once fixed it
//! belongs in `tests/fuzz-corpus/<surface>/`, which every run replays first.

use std::alloc::{GlobalAlloc, Layout, System};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use skillgap::domain::csv_io::{export_csv, import_csv, template_csv};
use skillgap::domain::example::example_workspace;
use skillgap::domain::frameworks::plan::{plan, PlanOptions};
use skillgap::domain::frameworks::{case, moodle, read};
use skillgap::domain::io::{from_storage_bytes, from_storage_text, to_compact_json, to_storage_bytes, to_storage_text};
use skillgap::domain::learner::*;
use skillgap::domain::lms::{decode_progress, encode_progress, Progress, SCORM12_SUSPEND_LIMIT};
use skillgap::domain::*;

// ---------------------------------------------------------------------------------------------------------
// The allocation bound: live bytes are counted; one input may not take more than PER_INPUT beyond what was
// live before it, and no allocation may push the process past HARD (it is refused with a message naming
// the case, which aborts the run: a panic cannot come out of an allocator).
// ---------------------------------------------------------------------------------------------------------

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static CASE: AtomicUsize = AtomicUsize::new(usize::MAX);
/// The most one input may allocate beyond what was live before it: the largest decompression any
/// format allows (256 MiB) and room for what is built from it.
const PER_INPUT: usize = 384 << 20;
const HARD: usize = 1 << 30;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        if live > HARD {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            refuse(layout.size());
            return std::ptr::null_mut();
        }
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Says which case went over the hard bound, without allocating.
fn refuse(size: usize) {
    use std::io::Write;
    let mut buf = [0u8; 128];
    let mut w = &mut buf[..];
    let _ = write!(w, "fuzz: an allocation of {size} bytes would pass 1 GiB, in case {}\n", CASE.load(Ordering::Relaxed));
    let n = 128 - w.len();
    let _ = std::io::stderr().write_all(&buf[..n]);
}

#[global_allocator]
static ALLOC: Counting = Counting;

// ---------------------------------------------------------------------------------------------------------
// Mutation
// ---------------------------------------------------------------------------------------------------------

/// Values that have broken parsers before, or could.
const HOSTILE: &[&str] = &[
    "", " ", "\0", "\u{0}\u{0}", "é", "Café", "ñ", "\u{feff}", "\u{200b}", "\u{2028}", "\r", "\n", "\r\n", "\t", "\"", "'", ",", ";",
    "=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "'=1", "0", "-0", "1e999", "-1e999", "NaN", "18446744073709551616",
    "9007199254740993", "4294967296", "255", "256", "2026-02-29", "2024-02-29", " 2026-10-01 ", "9999-99-99", "sep=;", "sep=|",
    "%2F", "%", "%zz", "=\r\n", "> ", "<", ">", "a1.", "r1.", "p1.", "a1.99999999.", "r1.5.", "null", "true", "[]", "{}",
    "[[[[[[[[[[[[[[[[[[[[", "{\"a\":", "\\u0000", "\\ud800", "skillgap-deflate-b64:", "skillgap-pack1:", "SGW\u{1}",
];

fn hostile(rng: &mut ChaCha8Rng) -> String {
    let s = HOSTILE[rng.random_range(0..HOSTILE.len())];
    match rng.random_range(0..10) {
        0 => s.repeat(rng.random_range(2..2000)),
        1 => "x".repeat(rng.random_range(100..70_000)),
        2 => "7".repeat(rng.random_range(100..90_000)),
        3 => ".".repeat(rng.random_range(100..90_000)),
        _ => s.to_string(),
    }
}

/// Byte-level changes: flips, insertions, deletions, repeats, splices, cuts.
fn mutate_bytes(rng: &mut ChaCha8Rng, data: &mut Vec<u8>, other: &[u8]) {
    for _ in 0..rng.random_range(1..6) {
        let n = data.len();
        match rng.random_range(0..9) {
            0 if n > 0 => {
                let i = rng.random_range(0..n);
                data[i] ^= 1 << rng.random_range(0..8);
            }
            1 if n > 0 => {
                let i = rng.random_range(0..n);
                data[i] = rng.random();
            }
            2 => {
                let i = rng.random_range(0..=n);
                let h = hostile(rng);
                data.splice(i..i, h.bytes());
            }
            3 if n > 1 => {
                let a = rng.random_range(0..n);
                let b = (a + rng.random_range(1..64.min(n - a + 1).max(2))).min(n);
                data.drain(a..b);
            }
            4 if n > 1 => {
                let a = rng.random_range(0..n);
                let b = (a + rng.random_range(1..256)).min(n);
                let chunk = data[a..b].to_vec();
                let times = rng.random_range(1..200);
                for _ in 0..times {
                    data.splice(b..b, chunk.iter().copied());
                }
            }
            5 if !other.is_empty() => {
                let a = rng.random_range(0..other.len());
                let b = (a + rng.random_range(1..512)).min(other.len());
                let at = rng.random_range(0..=n);
                data.splice(at..at, other[a..b].iter().copied());
            }
            6 if n > 0 => data.truncate(rng.random_range(0..n)),
            7 if n > 0 => {
                let i = rng.random_range(0..n);
                data.insert(i, [b'\r', b'\n', 0, b'"', b',', 0xff, 0xc3][rng.random_range(0..7)]);
            }
            _ => {}
        }
    }
}

fn mutate_text(rng: &mut ChaCha8Rng, text: &str, other: &str) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    mutate_bytes(rng, &mut b, other.as_bytes());
    b
}

/// A change somewhere in a JSON document: a value replaced by a hostile one (as any type), a key
/// dropped or renamed, an array element repeated, a value nested deeply.
fn mutate_json(rng: &mut ChaCha8Rng, v: &mut serde_json::Value, depth: usize) {
    use serde_json::Value;
    let here = depth > 8 || rng.random_range(0..4) == 0;
    match v {
        Value::Object(map) if !map.is_empty() && !here => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let k = &keys[rng.random_range(0..keys.len())];
            match rng.random_range(0..8) {
                0 => {
                    map.remove(k);
                }
                1 => {
                    let x = map.remove(k).unwrap();
                    map.insert(hostile(rng), x);
                }
                _ => mutate_json(rng, map.get_mut(k).unwrap(), depth + 1),
            }
        }
        Value::Array(a) if !a.is_empty() && !here => {
            let i = rng.random_range(0..a.len());
            match rng.random_range(0..6) {
                0 => {
                    let x = a[i].clone();
                    let times = rng.random_range(1..50);
                    for _ in 0..times {
                        a.push(x.clone());
                    }
                }
                1 => {
                    a.remove(i);
                }
                _ => mutate_json(rng, &mut a[i], depth + 1),
            }
        }
        _ => {
            *v = match rng.random_range(0..9) {
                0 => Value::Null,
                1 => Value::Bool(rng.random()),
                2 => serde_json::json!(rng.random::<i64>()),
                3 => serde_json::json!(rng.random_range(-3i64..300)),
                4 => serde_json::json!(rng.random::<f64>() * 1e12 - 5e11),
                5 => Value::Array(vec![v.clone(); rng.random_range(0..4)]),
                6 => {
                    let mut x = v.clone();
                    for _ in 0..rng.random_range(1..200) {
                        x = Value::Array(vec![x]);
                    }
                    x
                }
                _ => Value::String(hostile(rng)),
            }
        }
    }
}

/// A change to a CSV at the level of rows and cells: a cell replaced by a hostile one, rows repeated or
/// swapped, line ends or separators changed.
fn mutate_csv(rng: &mut ChaCha8Rng, text: &str) -> String {
    let eol = ["\r\n", "\n", "\r"][rng.random_range(0..3)];
    let sep = [",", ";", "\t"][rng.random_range(0..3)];
    let mut rows: Vec<Vec<String>> = text.lines().map(|l| l.split(',').map(String::from).collect()).collect();
    for _ in 0..rng.random_range(1..5) {
        if rows.is_empty() {
            break;
        }
        let r = rng.random_range(0..rows.len());
        match rng.random_range(0..6) {
            0 => {
                let row = rows[r].clone();
                for _ in 0..rng.random_range(1..100) {
                    rows.push(row.clone());
                }
            }
            1 => {
                let s = rng.random_range(0..rows.len());
                rows.swap(r, s);
            }
            2 => rows[r].push(hostile(rng)),
            _ if !rows[r].is_empty() => {
                let c = rng.random_range(0..rows[r].len());
                rows[r][c] = hostile(rng);
            }
            _ => {}
        }
    }
    let use_sep = if rng.random_range(0..3) == 0 { sep } else { "," };
    rows.iter().map(|r| r.join(use_sep)).collect::<Vec<_>>().join(eol)
}

// ---------------------------------------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------------------------------------

struct Seeds {
    ws: Workspace,
    json: Vec<String>,
    csv: Vec<String>,
    links: Vec<(LearnerAssessment, String)>,
    results: Vec<(LearnerResult, String)>,
    progress: Vec<(LearnerAssessment, String)>,
    stored: Vec<Vec<u8>>,
    files: Vec<String>,
    /// Skill-framework files: the fixtures of tests/fixtures/frameworks and the example's own exports.
    frameworks: Vec<String>,
}

fn seeds() -> Seeds {
    let ws = example_workspace();
    let mut small = Workspace::empty("Small");
    small.next_id = 5;
    let mut v1: serde_json::Value = serde_json::from_str(&export_json(&ws)).unwrap();
    v1["schema_version"] = 1.into();
    v1.as_object_mut().unwrap().remove("scenarios");
    let json = vec![export_json(&ws), to_compact_json(&ws), export_json(&small), v1.to_string()];
    let csv = vec![export_csv(&ws), template_csv(&ws), "name,role\nAnn,Branch service advisor\n".into()];
    let mut links = Vec::new();
    let mut results = Vec::new();
    let mut progress = Vec::new();
    for (i, r) in ws.roles.iter().enumerate() {
        let Ok(a) = assessment_for_role(&ws, &r.id, &format!("fuzz{i}"), "2026-10-01") else { continue };
        let answers = a
            .blank_answers()
            .into_iter()
            .enumerate()
            .map(|(k, s)| SkillAnswer { answer: if k % 5 == 4 { Answer::NoOpportunity } else { Answer::Level((k % 4) as u8) }, note: if k == 0 { "Notes — très bien".into() } else { String::new() }, ..s })
            .collect::<Vec<_>>();
        let learner = Learner { name: format!("Learner {i}"), ..Default::default() };
        let res = a.result(learner, "2026-10-01", answers.clone()).unwrap();
        results.push((res.clone(), encode_result(&res)));
        let mut p = Progress::start(&a);
        p.learner = format!("Learner {i}");
        p.answers = answers;
        p.step = 2;
        progress.push((a.clone(), encode_progress(&p, SCORM12_SUSPEND_LIMIT).0));
        links.push((a.clone(), encode_link(&a)));
    }
    let big = synth::workspace(synth::Size { people: 200, skills: 12, roles: 3, sources: 3 }, 4);
    let stored = vec![
        to_storage_bytes(&ws),
        to_storage_bytes(&big),
        to_storage_text(&ws).into_bytes(),
        to_storage_text(&big).into_bytes(),
        format!("{}{}", skillgap::domain::io::PACKED_PREFIX, "AAAA").into_bytes(),
    ];
    let codes: Vec<String> = results.iter().map(|r| r.1.clone()).collect();
    let files = vec![result_file(&codes), codes.join("\n\n"), format!("From Ann: {}, thanks!", codes[0])];
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/frameworks");
    let mut frameworks: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/fixtures/frameworks")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x != "md"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    frameworks.sort();
    frameworks.push(moodle::export(&ws));
    frameworks.push(case::export(&ws, "2026-11-27T09:30:00Z"));
    Seeds { ws, json, csv, links, results, progress, stored, files, frameworks }
}

fn without_people(ws: &Workspace) -> Workspace {
    Workspace { people: Vec::new(), ratings: Vec::new(), ..ws.clone() }
}

fn sorted(mut r: Vec<Rating>) -> Vec<Rating> {
    r.sort_by(|a, b| (&a.person, &a.skill, a.source, &a.date).cmp(&(&b.person, &b.skill, b.source, &b.date)));
    r
}

/// Every way a valid workspace is written must read back as the same workspace.
fn round_trips(ws: &Workspace) -> Result<(), String> {
    ws.validate().map_err(|e| format!("accepted but invalid: {e}"))?;
    let back = import_json("again.json", &export_json(ws)).map_err(|e| format!("export does not import: {e}"))?;
    if back != *ws {
        return Err("JSON export → import changed the workspace".into());
    }
    let back = from_storage_bytes("saved", &to_storage_bytes(ws)).map_err(|e| format!("packed form does not read back: {e}"))?;
    if back != *ws {
        return Err("packing changed the workspace".into());
    }
    let back = from_storage_text("saved", &to_storage_text(ws)).map_err(|e| format!("stored text does not read back: {e}"))?;
    if back != *ws {
        return Err("the stored text changed the workspace".into());
    }
    let csv = export_csv(ws);
    let (back, _) = import_csv(&without_people(ws), "again.csv", csv.as_bytes())
        .map_err(|e| format!("CSV export does not import: {}", e.first().map(|e| e.to_string()).unwrap_or_default()))?;
    // New people are placed in id order by an import, so the order may differ; nothing else may.
    let by_id = |mut p: Vec<Person>| {
        p.sort_by(|a, b| a.id.cmp(&b.id));
        p
    };
    if by_id(back.people) != by_id(ws.people.clone()) {
        return Err("CSV export → import changed the people".into());
    }
    let known: std::collections::HashSet<&PersonId> = ws.people.iter().map(|p| &p.id).collect();
    if sorted(back.ratings) != sorted(ws.ratings.iter().filter(|r| known.contains(&r.person)).cloned().collect()) {
        return Err("CSV export → import changed the ratings".into());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Surfaces
// ---------------------------------------------------------------------------------------------------------

/// Makes one input for a surface.
type Make = fn(&Seeds, &mut ChaCha8Rng) -> Vec<u8>;
/// Runs one input through a surface's entry points: `Err` says what is wrong with how it was handled.
type Check = fn(&Seeds, &[u8]) -> Result<(), String>;

fn text(input: &[u8]) -> String {
    String::from_utf8_lossy(input).into_owned()
}

fn json_make(s: &Seeds, rng: &mut ChaCha8Rng) -> Vec<u8> {
    let seed = &s.json[rng.random_range(0..s.json.len())];
    if rng.random_range(0..2) == 0 {
        let mut v: serde_json::Value = serde_json::from_str(seed).unwrap();
        for _ in 0..rng.random_range(1..4) {
            mutate_json(rng, &mut v, 0);
        }
        serde_json::to_vec(&v).unwrap()
    } else {
        mutate_text(rng, seed, &s.csv[0])
    }
}

fn json_check(_: &Seeds, input: &[u8]) -> Result<(), String> {
    match import_json("fuzz.json", &text(input)) {
        Ok(ws) => round_trips(&ws),
        Err(e) => short_message(&e.to_string()),
    }
}

fn csv_make(s: &Seeds, rng: &mut ChaCha8Rng) -> Vec<u8> {
    let seed = &s.csv[rng.random_range(0..s.csv.len())];
    if rng.random_range(0..2) == 0 {
        mutate_csv(rng, seed).into_bytes()
    } else {
        mutate_text(rng, seed, &s.json[1])
    }
}

fn csv_check(s: &Seeds, input: &[u8]) -> Result<(), String> {
    match import_csv(&s.ws, "fuzz.csv", input) {
        Ok((ws, _)) => round_trips(&ws).and_then(|_| {
            // Importing the same file again changes nothing.
            match import_csv(&ws, "fuzz.csv", input) {
                Ok((again, _)) if again == ws => Ok(()),
                Ok(_) => Err("importing the same CSV twice is not idempotent".into()),
                Err(e) => Err(format!("the same CSV is refused the second time: {}", e[0])),
            }
        }),
        Err(list) if list.len() > skillgap::domain::csv_io::MAX_ERRORS + 1 => {
            Err(format!("{} messages, more than the cap", list.len()))
        }
        Err(list) => list.iter().try_for_each(|e| short_message(&e.to_string())),
    }
}

/// A link or result payload with its fields changed (then encoded, so the checksum is right and the
/// decoder's own checks are what is tried), its text mangled as mail programs do, or its bytes changed.
fn code_text<T: serde::Serialize + serde::de::DeserializeOwned>(
    rng: &mut ChaCha8Rng,
    value: &T,
    text: &str,
    encode: fn(&T) -> String,
) -> Vec<u8> {
    match rng.random_range(0..3) {
        0 => {
            let mut v = serde_json::to_value(value).unwrap();
            mutate_json(rng, &mut v, 0);
            match serde_json::from_value::<T>(v) {
                Ok(t) => encode(&t).into_bytes(),
                Err(_) => mutate_text(rng, text, ""),
            }
        }
        1 => {
            let sep = ["\n", " ", "=\r\n", "\n> ", "%20", "\u{200b}"][rng.random_range(0..6)];
            let size = rng.random_range(5..80);
            let wrapped = text.as_bytes().chunks(size).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(sep);
            let before = ["", "<", "\"", "https://x.test/#/learn/", "#%2Flearn%2F"][rng.random_range(0..5)];
            let after = ["", ">", "\".", ")"][rng.random_range(0..4)];
            format!("{before}{wrapped}{after}").into_bytes()
        }
        _ => mutate_text(rng, text, ""),
    }
}

fn link_make(s: &Seeds, rng: &mut ChaCha8Rng) -> Vec<u8> {
    let (a, t) = &s.links[rng.random_range(0..s.links.len())];
    code_text(rng, a, t, encode_link)
}

fn link_check(_: &Seeds, input: &[u8]) -> Result<(), String> {
    match decode_link(&text(input)) {
        Ok(a2) => match decode_link(&encode_link(&a2)) {
            Ok(a3) if a3 == a2 => Ok(()),
            _ => Err("a decoded link does not encode and decode to itself".into()),
        },
        Err(e) => short_message(&e.to_string()),
    }
}

fn result_make(s: &Seeds, rng: &mut ChaCha8Rng) -> Vec<u8> {
    let (r, t) = &s.results[rng.random_range(0..s.results.len())];
    code_text(rng, r, t, encode_result)
}

fn result_check(s: &Seeds, input: &[u8]) -> Result<(), String> {
    let text = text(input);
    match decode_result(&text) {
        Ok(r2) => match decode_result(&encode_result(&r2)) {
            Ok(r3) if r3 == r2 => {}
            _ => return Err("a decoded result does not encode and decode to itself".into()),
        },
        Err(e) => short_message(&e.to_string())?,
    }
    // The import planner with this code, another valid one and a repeat; then the same batch again.
    let batch = vec![("a".to_string(), text.clone()), ("b".to_string(), s.results[0].1.clone()), ("c".to_string(), text)];
    let plan = plan_result_import(&s.ws, &batch);
    for r in &plan.rejected {
        short_message(&r.to_string())?;
    }
    match plan.workspace {
        Some(ws) => {
            ws.validate().map_err(|e| format!("the planned workspace is invalid: {e}"))?;
            if plan_result_import(&ws, &batch).accepted.is_empty() {
                Ok(())
            } else {
                Err("importing the same batch twice is not idempotent".into())
            }
        }
        None => Ok(()),
    }
}

fn progress_make(s: &Seeds, rng: &mut ChaCha8Rng) -> Vec<u8> {
    let (a, t) = &s.progress[rng.random_range(0..s.progress.len())];
    if rng.random_range(0..2) == 0 {
        // Progress with its fields changed, packed within SCORM 1.2's limit.
        let mut p = Progress::start(a);
        p.learner = hostile(rng);
        p.step = rng.random_range(0..100);
        p.submitted = rng.random();
        p.completed = hostile(rng);
        for ans in &mut p.answers {
            ans.answer = match rng.random_range(0..4) {
                0 => Answer::Skipped,
                1 => Answer::NoOpportunity,
                _ => Answer::Level(rng.random_range(0..12)),
            };
            if rng.random_range(0..4) == 0 {
                ans.note = hostile(rng);
            }
        }
        if rng.random_range(0..4) == 0 {
            p.answers.truncate(rng.random_range(0..p.answers.len().max(1)));
        }
        return encode_progress(&p, [SCORM12_SUSPEND_LIMIT, 64_000, 100][rng.random_range(0..3)]).0.into_bytes();
    }
    mutate_text(rng, t, "")
}

fn progress_check(s: &Seeds, input: &[u8]) -> Result<(), String> {
    let text = text(input);
    for (a, _) in &s.progress {
        if let Some(p) = decode_progress(&text, a) {
            if p.answers.len() != a.skills.len() {
                return Err("progress with another number of answers than the link has skills".into());
            }
        }
    }
    Ok(())
}

fn stored_make(s: &Seeds, rng: &mut ChaCha8Rng) -> Vec<u8> {
    let mut input = s.stored[rng.random_range(0..s.stored.len())].clone();
    match rng.random_range(0..5) {
        // The packed header's declared length, forged.
        0 if input.len() > 8 && input.starts_with(b"SGW") => {
            let v: u32 = [rng.random(), u32::MAX, 256 << 20, 1, 0][rng.random_range(0..5)];
            input[4..8].copy_from_slice(&v.to_le_bytes());
        }
        // A deflate bomb behind the older prefix.
        1 => {
            use base64::Engine;
            use std::io::Write;
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(b"{").unwrap();
            e.write_all(&vec![b' '; rng.random_range(1usize..24) << 20]).unwrap();
            let b = e.finish().unwrap();
            let prefix = skillgap::domain::io::PACKED_PREFIX;
            input = format!("{prefix}{}", base64::engine::general_purpose::STANDARD.encode(b)).into_bytes();
        }
        _ => mutate_bytes(rng, &mut input, &s.stored[0]),
    }
    input
}

fn stored_check(_: &Seeds, input: &[u8]) -> Result<(), String> {
    match from_storage_bytes("saved", input) {
        Ok(ws) => round_trips(&ws)?,
        Err(e) => short_message(&e.to_string())?,
    }
    match from_storage_text("saved", &text(input)) {
        Ok(ws) => round_trips(&ws),
        Err(e) => short_message(&e.to_string()),
    }
}

fn file_make(s: &Seeds, rng: &mut ChaCha8Rng) -> Vec<u8> {
    let seed = &s.files[rng.random_range(0..s.files.len())];
    match serde_json::from_str::<serde_json::Value>(seed) {
        Ok(mut v) if rng.random_range(0..2) == 0 => {
            mutate_json(rng, &mut v, 0);
            serde_json::to_vec(&v).unwrap()
        }
        _ => mutate_text(rng, seed, &s.results[0].1),
    }
}

fn file_check(s: &Seeds, input: &[u8]) -> Result<(), String> {
    let text = text(input);
    match parse_result_file("fuzz.json", &text) {
        Ok(codes) => {
            let plan = plan_result_import(&s.ws, &codes);
            if let Some(ws) = plan.workspace {
                ws.validate().map_err(|e| e.to_string())?;
            }
        }
        Err(e) => short_message(&e.to_string())?,
    }
    // Pasted text: the splitter gives only pieces of the cleaned text, and unmangle never grows it.
    if split_codes(&text).iter().any(|p| p.len() > text.len()) {
        return Err("split_codes gave a piece longer than the text".into());
    }
    if unmangle(&text).len() > text.len() {
        return Err("unmangle made the text longer".into());
    }
    Ok(())
}

fn framework_make(s: &Seeds, rng: &mut ChaCha8Rng) -> Vec<u8> {
    let seed = &s.frameworks[rng.random_range(0..s.frameworks.len())];
    match serde_json::from_str::<serde_json::Value>(seed) {
        Ok(mut v) if rng.random_range(0..2) == 0 => {
            for _ in 0..rng.random_range(1..4) {
                mutate_json(rng, &mut v, 0);
            }
            serde_json::to_vec(&v).unwrap()
        }
        _ => mutate_text(rng, seed, &s.frameworks[0]),
    }
}

/// A framework file read (its format found from the content) and planned into the example: what the plan
/// would store must validate and survive every stored form; every message is short.
fn framework_check(s: &Seeds, input: &[u8]) -> Result<(), String> {
    match read("fuzz-framework", input) {
        Ok(fw) => {
            let p = plan(&s.ws, &fw, &PlanOptions::default());
            if let Some(ws) = p.workspace {
                ws.validate().map_err(|e| format!("the planned workspace does not validate: {e}"))?;
                round_trips(&ws)?;
            }
            Ok(())
        }
        Err(errors) => errors.iter().try_for_each(|e| short_message(&e.to_string())),
    }
}

/// Messages quote at most a little of a value: none runs to thousands of characters.
fn short_message(m: &str) -> Result<(), String> {
    if m.chars().count() > 2_000 {
        Err(format!("a message of {} characters: {}…", m.chars().count(), m.chars().take(200).collect::<String>()))
    } else {
        Ok(())
    }
}

/// Every surface: its name (also its corpus folder), how its inputs are made, how one is checked.
const SURFACES: &[(&str, Make, Check)] = &[
    ("json", json_make, json_check),
    ("csv", csv_make, csv_check),
    ("link", link_make, link_check),
    ("result", result_make, result_check),
    ("progress", progress_make, progress_check),
    ("stored", stored_make, stored_check),
    ("file", file_make, file_check),
    ("framework", framework_make, framework_check),
];

// ---------------------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------------------

/// Runs `check` on `input` under `catch_unwind`, within the time and allocation bounds: what is wrong, if
/// anything.
fn run(s: &Seeds, check: Check, input: &[u8], bound: Duration) -> (Option<String>, Duration, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let t = Instant::now();
    let out = catch_unwind(AssertUnwindSafe(|| check(s, input)));
    let took = t.elapsed();
    let grew = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    let problem = match out {
        Err(p) => Some(format!(
            "panicked: {}",
            p.downcast_ref::<String>().map(String::as_str).or_else(|| p.downcast_ref::<&str>().copied()).unwrap_or("?")
        )),
        Ok(Err(e)) => Some(e),
        Ok(Ok(())) if took > bound => Some(format!("took {} ms (bound {} ms)", took.as_millis(), bound.as_millis())),
        Ok(Ok(())) if grew > PER_INPUT => Some(format!("allocated {} MiB (bound {} MiB)", grew >> 20, PER_INPUT >> 20)),
        Ok(Ok(())) => None,
    };
    (problem, took, grew)
}

/// Replays `tests/fuzz-corpus/<surface>/*`: inputs that once failed, now regression tests.
fn replay(s: &Seeds, bound: Duration, failures: &mut Vec<String>) -> usize {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus");
    let mut n = 0;
    for (name, _, check) in SURFACES {
        for f in std::fs::read_dir(dir.join(name)).into_iter().flatten().flatten() {
            let input = std::fs::read(f.path()).unwrap();
            n += 1;
            if let (Some(p), _, _) = run(s, *check, &input, bound) {
                failures.push(format!("corpus {}: {p}", f.path().display()));
            }
        }
    }
    n
}

fn env<T: std::str::FromStr>(key: &str) -> Option<T> {
    std::env::var(key).ok().and_then(|v| v.parse().ok())
}

pub fn main() {
    std::panic::set_hook(Box::new(|_| {})); // panics are caught and reported per input
    let budget = Duration::from_secs_f64(env("SKILLGAP_FUZZ_SECONDS").unwrap_or(3.0));
    let seed: u64 = env("SKILLGAP_FUZZ_SEED").unwrap_or(11);
    let optimised = !cfg!(debug_assertions) || std::env::var("SKILLGAP_FUZZ_SECONDS").is_ok();
    let bound = Duration::from_millis(env("SKILLGAP_FUZZ_MS").unwrap_or(if optimised { 2_000 } else { 30_000 }));
    let only: Option<String> = env("SKILLGAP_FUZZ_ONLY");
    let one_case: Option<usize> = env("SKILLGAP_FUZZ_CASE");
    let started = Instant::now();
    let s = seeds();
    let mut failures = Vec::new();
    let replayed = replay(&s, bound, &mut failures);
    let out_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
    let surfaces: Vec<&(&str, Make, Check)> = SURFACES.iter().filter(|(n, _, _)| only.as_deref().is_none_or(|o| o == *n)).collect();
    let share = budget / surfaces.len().max(1) as u32;
    println!(
        "fuzz: seed {seed}, {:.0} s over {} surfaces, at most {} ms and {} MiB per input; corpus: {replayed} inputs",
        budget.as_secs_f64(),
        surfaces.len(),
        bound.as_millis(),
        PER_INPUT >> 20
    );
    let mut total = 0;
    for (si, (name, make, check)) in surfaces.iter().enumerate() {
        let t0 = Instant::now();
        let (mut n, mut slowest, mut peak) = (0usize, Duration::ZERO, 0usize);
        let cases: Box<dyn Iterator<Item = usize>> = match one_case {
            Some(c) => Box::new(std::iter::once(c)),
            None => Box::new(0..),
        };
        for i in cases {
            if one_case.is_none() && t0.elapsed() >= share {
                break;
            }
            // Every case has its own generator, so one is reproduced alone.
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ ((si as u64) << 56) ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            CASE.store(i, Ordering::Relaxed);
            let input = make(&s, &mut rng);
            let (problem, took, grew) = run(&s, *check, &input, bound);
            slowest = slowest.max(took);
            peak = peak.max(grew);
            n += 1;
            if let Some(p) = problem {
                let _ = std::fs::create_dir_all(&out_dir);
                let file = out_dir.join(format!("{name}-{seed}-{i}.bin"));
                let _ = std::fs::write(&file, &input);
                failures.push(format!(
                    "{name} case {i}: {p}\n    input ({} bytes): {}\n    again: SKILLGAP_FUZZ_SEED={seed} SKILLGAP_FUZZ_ONLY={name} \
                     SKILLGAP_FUZZ_CASE={i} cargo run --profile fuzz --features fuzz --bin fuzz",
                    input.len(),
                    file.display()
                ));
                if failures.len() > 20 {
                    break;
                }
            }
        }
        total += n;
        println!(
            "fuzz: {name:<9} {n:>8} cases in {:>5.1} s; slowest input {:>5} ms; most allocated by one input {:>4} MiB",
            t0.elapsed().as_secs_f64(),
            slowest.as_millis(),
            peak >> 20
        );
    }
    println!("fuzz: {total} cases in {:.1} s, {} failures", started.elapsed().as_secs_f64(), failures.len());
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("FAIL {f}");
        }
        std::process::exit(1);
    }
}
