//! Bounded, seeded mutation fuzzing of the framework importers (Moodle, CASE, ESCO, O*NET, RSD JSON and
//! CSV), the plan and the exports.
//!
//! Seeds are the hand-written fixtures and the exports of the example workspace. Each case mutates one
//! seed (bytes flipped, inserted, deleted, duplicated; tokens that matter to the formats spliced in; two
//! seeds crossed; JSON values retyped or nested) and then:
//! - `read` must return, never panic (caught with `catch_unwind`);
//! - it must finish within [`HANG_SECONDS`] (a hang detector, generous for debug builds, not a speed test);
//! - the bytes allocated and still held while it runs must stay under [`PEAK_BYTES`] (a counting allocator);
//! - a framework that reads is planned into an empty and the example workspace, also taking skills from
//!   levels 1–3 of its tree; a plan's workspace must validate, and its Moodle and CASE exports must read
//!   back as the same number of skills.
//!
//! `FUZZ_CASES` sets the number of cases (default 3,000; CI runs the default in a few tens of seconds);
//! `FUZZ_SEED` the generator's seed. The run prints its case count and time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use skillgap::domain::example::example_workspace;
use skillgap::domain::frameworks::plan::{plan, PlanOptions};
use skillgap::domain::frameworks::{case, moodle, read, Format, Framework};
use skillgap::domain::Workspace;

/// The longest one case may take before it counts as a hang.
const HANG_SECONDS: f64 = 20.0;
/// The most memory one case may hold at once (inputs are at most tens of kilobytes).
const PEAK_BYTES: usize = 512 * 1024 * 1024;

/// Counts bytes held, and the peak since the last reset.
struct Counting;
static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let now = HELD.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                HELD.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn seeds() -> Vec<(String, Vec<u8>)> {
    let dir = format!("{}/tests/fixtures/frameworks", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x != "md"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    let ws = example_workspace();
    out.push(("export.csv".into(), moodle::export(&ws).into_bytes()));
    out.push(("export.json".into(), case::export(&ws, "2026-11-27T09:30:00Z").into_bytes()));
    out
}

/// Bytes that matter to one format or another.
const TOKENS: &[&[u8]] = &[
    b",", b"\"", b"\"\"", b"\r", b"\n", b"\r\n", b"\t", b";", b"{", b"}", b"[", b"]", b":", b"null", b"true", b"1",
    b"0", b"-1", b"9.99", b"1e309", b"NaN", b"\0", b"\xef\xbb\xbf", b"\xff\xfe", b"\xc3", b"<p>", b"</p>", b"<br>",
    b"&amp;", b"&#x110000;", b"&#", b"<", b"Is framework", b"Id number", b"Parent id number", b"isChildOf",
    b"CFDocument", b"CFItems", b"CFPackage", b"\"identifier\":", b"IM", b"LV", b"Y", b"43-4051.00", b"conceptUri",
    b"preferredLabel", b"RSD Name", b"skillName", b"http://x/1", b"\xe2\x80\xa6",
];

fn mutate(rng: &mut ChaCha8Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..rng.random_range(1..=6) {
        let len = v.len().max(1);
        match rng.random_range(0..9) {
            0 if !v.is_empty() => {
                let i = rng.random_range(0..v.len());
                v[i] ^= 1 << rng.random_range(0..8);
            }
            1 => {
                let i = rng.random_range(0..=v.len());
                v.insert(i, rng.random());
            }
            2 if !v.is_empty() => {
                let i = rng.random_range(0..v.len());
                let n = rng.random_range(1..=(v.len() - i).min(64));
                v.drain(i..i + n);
            }
            3 if !v.is_empty() => {
                // Duplicate a range, sometimes many times (long cells, repeated rows).
                let i = rng.random_range(0..v.len());
                let n = rng.random_range(1..=(v.len() - i).min(256));
                let piece = v[i..i + n].to_vec();
                let times = if rng.random_bool(0.1) { rng.random_range(10..200) } else { 1 };
                for _ in 0..times {
                    let at = rng.random_range(0..=v.len());
                    v.splice(at..at, piece.iter().copied());
                }
            }
            4 | 5 => {
                let t = TOKENS[rng.random_range(0..TOKENS.len())];
                let i = rng.random_range(0..=v.len());
                v.splice(i..i, t.iter().copied());
            }
            6 if !other.is_empty() => {
                // Cross with another seed.
                let cut = rng.random_range(0..len.min(v.len()).max(1));
                let from = rng.random_range(0..other.len());
                v.truncate(cut);
                v.extend_from_slice(&other[from..]);
            }
            7 if !v.is_empty() => {
                let cut = rng.random_range(0..v.len());
                v.truncate(cut);
            }
            _ => {
                // Replace a line with another line of the same file.
                let lines: Vec<&[u8]> = v.split(|&b| b == b'\n').collect();
                if lines.len() > 2 {
                    let a = rng.random_range(1..lines.len());
                    let b = rng.random_range(0..lines.len());
                    let mut out: Vec<Vec<u8>> = lines.iter().map(|l| l.to_vec()).collect();
                    out[a] = lines[b].to_vec();
                    v = out.join(&b'\n');
                }
            }
        }
    }
    v
}

/// Structured mutation of a JSON seed: retype, delete, duplicate or nest values.
fn mutate_json(rng: &mut ChaCha8Rng, seed: &[u8]) -> Option<Vec<u8>> {
    let mut v: Value = serde_json::from_slice(seed).ok()?;
    for _ in 0..rng.random_range(1..=4) {
        // Walk down to a random node, noting the way as a JSON pointer.
        let mut pointer = String::new();
        let mut at = &v;
        for _ in 0..rng.random_range(0..6) {
            let step = match at {
                Value::Object(m) if !m.is_empty() => {
                    let k = m.keys().nth(rng.random_range(0..m.len())).cloned().unwrap();
                    let next = &m[&k];
                    pointer.push('/');
                    pointer.push_str(&k.replace('~', "~0").replace('/', "~1"));
                    Some(next)
                }
                Value::Array(a) if !a.is_empty() => {
                    let i = rng.random_range(0..a.len());
                    pointer.push_str(&format!("/{i}"));
                    Some(&a[i])
                }
                _ => None,
            };
            match step {
                Some(n) => at = n,
                None => break,
            }
        }
        let node = v.pointer_mut(&pointer).expect("the pointer was just walked");
        *node = match rng.random_range(0..8) {
            0 => Value::Null,
            1 => Value::from(rng.random::<i64>()),
            2 => Value::from("x"),
            3 => Value::Array(vec![node.clone(), node.clone()]),
            4 => serde_json::json!({ "identifier": node.clone() }),
            5 => Value::from(f64::MAX),
            6 => match node.take() {
                Value::Object(mut m) => {
                    if let Some(k) = m.keys().next().cloned() {
                        m.remove(&k);
                    }
                    Value::Object(m)
                }
                other => other,
            },
            _ => Value::from("a".repeat(rng.random_range(0..5000))),
        };
    }
    serde_json::to_vec(&v).ok()
}

/// Everything done with one input; panics on a broken invariant.
fn exercise(name: &str, bytes: &[u8], example: &Workspace) -> bool {
    let Ok(fw) = read(name, bytes) else { return false };
    check_framework(&fw);
    let empty = Workspace::empty("Fuzz");
    let mut options = vec![PlanOptions::default()];
    options.extend((1..=3).map(|d| PlanOptions { depth: Some(d), ..PlanOptions::default() }));
    if let Some(p) = fw.profiles.first() {
        options.push(PlanOptions { occupation: Some(p.code.clone()), min_importance: 1.0, ..PlanOptions::default() });
    }
    for ws in [&empty, example] {
        let mut exported = false;
        for o in &options {
            let p = plan(ws, &fw, o);
            if let Some(next) = &p.workspace {
                next.validate().expect("a plan's workspace is valid");
                assert!(next.skills.len() >= ws.skills.len(), "an import never removes skills");
                if exported {
                    continue;
                }
                exported = true;
                // Whatever was imported exports and reads back (checked for the first plan that changes
                // something, to keep the run short).
                for (file, text) in [("back.csv", moodle::export(next)), ("back.json", case::export(next, "2026-01-01T00:00:00Z"))] {
                    let back = read(file, text.as_bytes()).unwrap_or_else(|e| panic!("{file} of a valid workspace: {e:?}"));
                    let leaves = back.items.iter().enumerate().filter(|(i, _)| !back.items.iter().any(|x| x.parent == Some(*i))).count();
                    assert_eq!(leaves, next.skills.len(), "{file} reads back as every skill");
                }
            }
        }
    }
    true
}

fn check_framework(fw: &Framework) {
    for (i, it) in fw.items.iter().enumerate() {
        if let Some(p) = it.parent {
            assert!(p < fw.items.len() && p != i, "a parent is another item");
        }
    }
    // Parents form a forest: following them from any item ends.
    for i in 0..fw.items.len() {
        let (mut at, mut steps) = (i, 0);
        while let Some(p) = fw.items[at].parent {
            at = p;
            steps += 1;
            assert!(steps <= fw.items.len(), "parents in a circle");
        }
    }
    for p in &fw.profiles {
        assert!(p.ratings.iter().all(|r| r.item < fw.items.len()));
    }
    if fw.format == Format::Onet {
        assert!(fw.items.iter().all(|i| i.source_id.is_some()));
    }
}

#[test]
fn framework_importers_survive_seeded_mutations() {
    let cases: usize = std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000);
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(16);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let seeds = seeds();
    let example = example_workspace();
    let started = Instant::now();
    let (mut read_ok, mut slowest, mut peak_max) = (0usize, 0f64, 0usize);
    for case in 0..cases {
        let (name, seed_bytes) = &seeds[case % seeds.len()];
        let other = &seeds[rng.random_range(0..seeds.len())].1;
        let input = if name.ends_with(".json") && rng.random_bool(0.3) {
            mutate_json(&mut rng, seed_bytes).unwrap_or_else(|| mutate(&mut rng, seed_bytes, other))
        } else {
            mutate(&mut rng, seed_bytes, other)
        };
        let base = HELD.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let t0 = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| exercise(name, &input, &example)));
        let secs = t0.elapsed().as_secs_f64();
        let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
        let dump = || {
            let path = std::env::temp_dir().join(format!("fuzz-frameworks-{seed}-{case}-{name}"));
            let _ = std::fs::write(&path, &input);
            path.display().to_string()
        };
        match outcome {
            Ok(ok) => read_ok += usize::from(ok),
            Err(_) => panic!("case {case} (seed {seed}, from {name}) panicked; input saved to {}", dump()),
        }
        assert!(secs < HANG_SECONDS, "case {case} (from {name}) took {secs:.1} s; input saved to {}", dump());
        assert!(peak < PEAK_BYTES, "case {case} (from {name}) held {} MB at once; input saved to {}", peak >> 20, dump());
        slowest = slowest.max(secs);
        peak_max = peak_max.max(peak);
    }
    println!(
        "fuzz_frameworks: {cases} cases from {} seeds (seed {seed}) in {:.1} s; {read_ok} read as frameworks; slowest case {:.0} ms; \
         largest peak {:.1} MB",
        seeds.len(),
        started.elapsed().as_secs_f64(),
        slowest * 1000.0,
        peak_max as f64 / (1024.0 * 1024.0)
    );
    // The mutations must leave enough inputs readable for the plan and exports to be exercised too.
    assert!(read_ok * 10 > cases, "only {read_ok} of {cases} mutated inputs read as frameworks");
}
