//! The LMS domain: progress codes (round trip, the SCORM 1.2 limit, progress for another assessment, damage),
//! SCORM submission values and their formats (checked against scorm-again's validation patterns, written
//! out by hand below), session times, cmi5 launch parsing and statements, resize messages, manifests,
//! packages (read back with the `zip` crate) and the package command's options and binary.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Read;

use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{json, Value};
use skillgap::domain::example::example_workspace;
use skillgap::domain::learner::*;
use skillgap::domain::lms::*;
use skillgap::domain::*;

/// An assessment of `n` skills on a 5-level scale, built directly (the codec's checks are not needed here).
fn assessment(n: usize, id: &str, fingerprint: &str) -> LearnerAssessment {
    LearnerAssessment {
        id: id.into(),
        workspace: "Test".into(),
        role: RoleId("r1".into()),
        role_name: "Branch adviser".into(),
        skill_set: None,
        scale: ["None", "Aware", "Developing", "Proficient", "Expert"].map(String::from).to_vec(),
        skills: (0..n)
            .map(|i| LinkSkill {
                id: SkillId(format!("s{i}")),
                name: format!("Skill {i} <&> \"quoted\""),
                description: String::new(),
                level_texts: vec![],
                required: 3,
                importance: 3,
            })
            .collect(),
        created: "2026-09-20".into(),
        fingerprint: fingerprint.into(),
    }
}

fn answer_strategy() -> impl Strategy<Value = Answer> {
    prop_oneof![(0u8..5).prop_map(Answer::Level), Just(Answer::NoOpportunity), Just(Answer::Skipped)]
}

fn progress_strategy(n: usize) -> impl Strategy<Value = (Vec<(Answer, String)>, String, usize, bool)> {
    (
        proptest::collection::vec((answer_strategy(), "\\PC{0,40}"), n),
        "\\PC{0,30}",
        0..=n + 1,
        any::<bool>(),
    )
}

fn progress_of(a: &LearnerAssessment, answers: Vec<(Answer, String)>, learner: String, step: usize, sub: bool) -> Progress {
    let mut p = Progress::start(a);
    for (slot, (answer, note)) in p.answers.iter_mut().zip(answers) {
        slot.answer = answer;
        slot.note = note;
    }
    p.learner = learner;
    p.step = step;
    p.submitted = sub;
    if sub {
        p.completed = "2026-11-27".into();
        // Recorded by the LMS or not (both must survive the round trip), varied by the step.
        p.recorded = step % 2 == 0;
    }
    p
}

/// Pseudo-random letters, which deflate cannot shrink much.
fn noise(seed: &mut u64, n: usize) -> String {
    (0..n)
        .map(|_| {
            *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            char::from(b'a' + (*seed >> 59) as u8 % 26)
        })
        .collect()
}

proptest! {
    #![proptest_config(Config { cases: 200, ..Config::default() })]

    #[test]
    fn progress_round_trips((answers, learner, step, sub) in progress_strategy(12)) {
        let a = assessment(12, "as-1", "0badf00d");
        let p = progress_of(&a, answers, learner, step, sub);
        let (text, dropped) = encode_progress(&p, SCORM2004_SUSPEND_LIMIT);
        prop_assert!(!dropped);
        prop_assert!(text.starts_with("p1."));
        prop_assert_eq!(decode_progress(&text, &a), Some(p));
    }

    #[test]
    fn progress_never_exceeds_the_scorm12_limit(seed in any::<u64>(), n in 1usize..=20, name_len in 0usize..=120) {
        let a = assessment(n, "as-2", "12345678");
        let mut s = seed;
        let answers = (0..n).map(|i| (Answer::Level((i % 5) as u8), noise(&mut s, 4_000))).collect();
        let p = progress_of(&a, answers, noise(&mut s, name_len), 3.min(n), false);
        let (text, dropped) = encode_progress(&p, SCORM12_SUSPEND_LIMIT);
        prop_assert!(text.len() <= SCORM12_SUSPEND_LIMIT, "{} chars", text.len());
        prop_assert!(!text.is_empty());
        let back = decode_progress(&text, &a).expect("what was kept decodes");
        // Answers and step always survive; notes kept are kept whole.
        prop_assert_eq!(back.step, p.step);
        for (x, y) in back.answers.iter().zip(&p.answers) {
            prop_assert_eq!(x.answer, y.answer);
            prop_assert!(x.note.is_empty() || x.note == y.note);
        }
        let kept = back.answers.iter().filter(|x| !x.note.is_empty()).count();
        prop_assert_eq!(dropped, kept < n);
    }

    #[test]
    fn progress_for_another_assessment_is_refused((answers, learner, step, sub) in progress_strategy(6)) {
        let a = assessment(6, "as-3", "aaaaaaaa");
        let p = progress_of(&a, answers, learner, step, sub);
        let (text, _) = encode_progress(&p, SCORM12_SUSPEND_LIMIT);
        prop_assert!(decode_progress(&text, &assessment(6, "as-4", "aaaaaaaa")).is_none());
        prop_assert!(decode_progress(&text, &assessment(6, "as-3", "bbbbbbbb")).is_none());
        prop_assert!(decode_progress(&text, &assessment(7, "as-3", "aaaaaaaa")).is_none());
        prop_assert!(decode_progress(&text, &assessment(5, "as-3", "aaaaaaaa")).is_none());
    }

    #[test]
    fn damaged_progress_is_refused((answers, learner, step, sub) in progress_strategy(5), at in any::<prop::sample::Index>(), to in 0u8..64, cut in any::<prop::sample::Index>()) {
        let a = assessment(5, "as-5", "cafebabe");
        let p = progress_of(&a, answers, learner, step, sub);
        let (text, _) = encode_progress(&p, SCORM12_SUSPEND_LIMIT);
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut bytes = text.clone().into_bytes();
        let i = at.index(bytes.len());
        let new = alphabet[to as usize];
        if bytes[i] != new {
            bytes[i] = new;
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(decode_progress(&changed, &a).is_none(), "changed at {i}: {changed}");
        }
        let cut = cut.index(text.len());
        prop_assert!(decode_progress(&text[..cut], &a).is_none());
    }
}

#[test]
fn notes_are_dropped_longest_first() {
    let a = assessment(3, "as-6", "00000000");
    let mut s = 7;
    let answers = vec![
        (Answer::Level(1), noise(&mut s, 2_000)),
        (Answer::Level(2), noise(&mut s, 3_000)),
        (Answer::Level(3), "short".to_string()),
    ];
    let p = progress_of(&a, answers, "Ana".into(), 2, false);
    let (text, dropped) = encode_progress(&p, SCORM12_SUSPEND_LIMIT);
    assert!(dropped && text.len() <= SCORM12_SUSPEND_LIMIT);
    let back = decode_progress(&text, &a).unwrap();
    assert_eq!(back.answers[0].note.len(), 2_000, "the shorter long note stays");
    assert_eq!(back.answers[1].note, "", "the longest note goes first");
    assert_eq!(back.answers[2].note, "short");
    assert!(decode_progress("", &a).is_none());
    assert!(decode_progress("{\"assessment\":\"as-6\"}", &a).is_none());
    assert!(decode_progress(&format!(" {text} "), &a).is_some(), "surrounding white space is ignored");
}

// ---------------------------------------------------------------------------------------------------------
// SCORM values, checked against the patterns scorm-again 3.4 validates with
// ---------------------------------------------------------------------------------------------------------

/// SCORM 1.2 strict CMIIdentifier: `^\w{1,255}$` (letters, digits, `_`: the strictest real run-times).
fn is_cmi12_identifier(s: &str) -> bool {
    (1..=255).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// SCORM 2004 CMIShortIdentifier / CMIIdentifier: at least one word character, only `\w-()+.:=@;$_!*'%/#`.
fn is_cmi2004_short_identifier(s: &str) -> bool {
    (1..=250).contains(&s.len())
        && s.bytes().any(|b| b.is_ascii_alphanumeric() || b == b'_')
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-()+.:=@;$_!*'%/#".contains(&b))
}

/// SCORM 2004 CMILongIdentifier as a URN: `urn:[A-Za-z0-9-]{1,31}:\S{1,4000}`.
fn is_urn(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("urn:") else { return false };
    let Some((nid, nss)) = rest.split_once(':') else { return false };
    (1..=31).contains(&nid.len())
        && nid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !nss.is_empty()
        && !nss.chars().any(char::is_whitespace)
}

/// SCORM 1.2 CMITimespan: `^([0-9]+):([0-9]{2}):([0-9]{2})(\.\d{1,2})?$` (hours: 2–4 digits per the spec).
fn is_cmi12_timespan(s: &str) -> bool {
    let (main, frac) = s.split_once('.').unwrap_or((s, ""));
    let parts: Vec<&str> = main.split(':').collect();
    parts.len() == 3
        && (2..=4).contains(&parts[0].len())
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && (!s.contains('.') || ((1..=2).contains(&frac.len()) && frac.bytes().all(|b| b.is_ascii_digit())))
}

/// SCORM 2004 CMITimespan as we write it: `PT[nH][nM][n[.d{1,2}]S]`, at least one part.
fn is_iso_duration(s: &str) -> bool {
    let Some(mut rest) = s.strip_prefix("PT") else { return false };
    if rest.is_empty() {
        return false;
    }
    for unit in ['H', 'M', 'S'] {
        if let Some(i) = rest.find(unit) {
            let num = &rest[..i];
            let ok = if unit == 'S' {
                let (w, f) = num.split_once('.').unwrap_or((num, "0"));
                !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) && (1..=2).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit())
            } else {
                !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit())
            };
            if !ok {
                return false;
            }
            rest = &rest[i + 1..];
        }
    }
    rest.is_empty()
}

fn result_for(a: &LearnerAssessment) -> LearnerResult {
    let answers = a
        .blank_answers()
        .into_iter()
        .enumerate()
        .map(|(i, s)| SkillAnswer {
            answer: match i % 4 {
                1 => Answer::NoOpportunity,
                2 => Answer::Skipped,
                _ => Answer::Level((i % 5) as u8),
            },
            ..s
        })
        .collect();
    a.result(Learner { name: "Ana Lima".into(), ..Learner::default() }, "2026-11-27", answers).unwrap()
}

/// xAPI timestamps as the browser writes them (three fractional digits: fine for xAPI, not for SCORM).
const STAMP: &str = "2026-11-27T14:30:29.123Z";
/// The same moment in milliseconds since 1970, and as a SCORM 2004 time(second,10,0) (two digits).
const NOW_MS: f64 = 1_795_789_829_123.0;
const SCORM_STAMP: &str = "2026-11-27T14:30:29.12Z";

fn value<'a>(r: &'a ScormRecord, k: &str) -> Option<&'a str> {
    r.values.iter().find(|(e, _)| e == k).map(|(_, v)| v.as_str())
}

#[test]
fn scorm12_values_are_ordered_and_valid() {
    let ws = example_workspace();
    let a = assessment_for_role(&ws, &ws.roles[0].id, "x7Kq-29fA", "2026-09-20").unwrap();
    let r = result_for(&a);
    let rec = scorm_submit_values(ScormVersion::V12, &a, &r, 71.6, None, NOW_MS, 0);
    let n = a.skills.len();
    assert_eq!(rec.values.len(), n * 4 + 4);
    for (i, chunk) in rec.values[..n * 4].chunks(4).enumerate() {
        let p = format!("cmi.interactions.{i}.");
        let keys: Vec<&str> = chunk.iter().map(|(k, _)| k.strip_prefix(&p).unwrap()).collect();
        assert_eq!(keys, ["id", "type", "student_response", "result"]);
        assert!(is_cmi12_identifier(&chunk[0].1), "{}", chunk[0].1);
        assert_eq!(chunk[1].1, "likert");
        let resp = &chunk[2].1;
        assert_eq!(resp.chars().count(), 1, "1.2 likert responses are one character: {resp}");
        let expected = likert_response(ScormVersion::V12, r.answers[i].answer);
        assert_eq!(resp, &expected);
        assert_eq!(chunk[3].1, "neutral");
    }
    let tail: Vec<(&str, &str)> = rec.values[n * 4..].iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        tail,
        [
            ("cmi.core.score.raw", "72"),
            ("cmi.core.score.min", "0"),
            ("cmi.core.score.max", "100"),
            ("cmi.core.lesson_status", "completed")
        ]
    );
    assert_eq!(rec.message(), "Recorded in your LMS: completed, score 72 out of 100.");
    let passed = scorm_submit_values(ScormVersion::V12, &a, &r, 80.0, Some(80), NOW_MS, 3);
    assert_eq!(value(&passed, "cmi.core.lesson_status"), Some("passed"));
    assert!(value(&passed, "cmi.interactions.3.id").is_some(), "numbering starts at the LMS's count");
    assert_eq!(passed.message(), "Recorded in your LMS: passed (pass mark 80), score 80 out of 100.");
    let failed = scorm_submit_values(ScormVersion::V12, &a, &r, 79.4, Some(80), NOW_MS, 0);
    assert_eq!(value(&failed, "cmi.core.lesson_status"), Some("failed"));
}

#[test]
fn scorm2004_values_are_ordered_and_valid() {
    let ws = example_workspace();
    let a = assessment_for_role(&ws, &ws.roles[1].id, "x7Kq-29fA", "2026-09-20").unwrap();
    let r = result_for(&a);
    let rec = scorm_submit_values(ScormVersion::V2004, &a, &r, 72.0, None, NOW_MS, 0);
    let n = a.skills.len();
    for (i, chunk) in rec.values[..n * 6].chunks(6).enumerate() {
        let p = format!("cmi.interactions.{i}.");
        let keys: Vec<&str> = chunk.iter().map(|(k, _)| k.strip_prefix(&p).unwrap()).collect();
        assert_eq!(keys, ["id", "type", "learner_response", "result", "description", "timestamp"]);
        assert!(is_urn(&chunk[0].1), "{}", chunk[0].1);
        assert!(is_cmi2004_short_identifier(&chunk[2].1), "{}", chunk[2].1);
        assert_eq!(chunk[4].1, a.skills[i].name);
        assert_eq!(chunk[5].1, SCORM_STAMP, "time(second,10,0): two fractional digits at most");
    }
    let tail: Vec<(&str, &str)> = rec.values[n * 6..].iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        tail,
        [
            ("cmi.score.scaled", "0.72"),
            ("cmi.score.raw", "72"),
            ("cmi.score.min", "0"),
            ("cmi.score.max", "100"),
            ("cmi.completion_status", "completed"),
            ("cmi.success_status", "unknown")
        ]
    );
    let failed = scorm_submit_values(ScormVersion::V2004, &a, &r, 100.0, Some(100), NOW_MS, 0);
    assert_eq!(value(&failed, "cmi.score.scaled"), Some("1"));
    assert_eq!(value(&failed, "cmi.success_status"), Some("passed"));
    let zero = scorm_submit_values(ScormVersion::V2004, &a, &r, f64::NAN, Some(50), NOW_MS, 0);
    assert_eq!(value(&zero, "cmi.score.scaled"), Some("0"));
    assert_eq!(value(&zero, "cmi.success_status"), Some("failed"));
}

#[test]
fn interaction_ids_are_valid_and_distinct() {
    let odd = ["s 1", "s.1", "s/1", "ünï", "", "s_1"];
    for v in [ScormVersion::V12, ScormVersion::V2004] {
        let ids = interaction_ids(v, &odd);
        let set: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(set.len(), ids.len(), "{ids:?}");
        for id in &ids {
            match v {
                ScormVersion::V12 => assert!(is_cmi12_identifier(id), "{id}"),
                ScormVersion::V2004 => assert!(is_urn(id) && is_cmi2004_short_identifier(id), "{id}"),
            }
        }
    }
    let long = "x".repeat(400);
    assert!(interaction_ids(ScormVersion::V12, &[&long])[0].len() <= 255);
}

#[test]
fn description_is_a_valid_lang_string() {
    let mut a = assessment(2, "as-7", "00000000");
    a.skills[0].name = format!("{{lang=xx}} {}", "é".repeat(300));
    a.skills[1].name = "line\nbreak".into();
    let r = LearnerResult {
        assessment: a.id.clone(),
        fingerprint: a.fingerprint.clone(),
        workspace: a.workspace.clone(),
        role: a.role.clone(),
        role_name: a.role_name.clone(),
        learner: Learner::default(),
        completed: "2026-11-27".into(),
        answers: a.blank_answers(),
    };
    let rec = scorm_submit_values(ScormVersion::V2004, &a, &r, 50.0, None, NOW_MS, 0);
    let d0 = value(&rec, "cmi.interactions.0.description").unwrap();
    assert!(!d0.starts_with('{') && d0.chars().count() <= 250, "{d0}");
    assert_eq!(value(&rec, "cmi.interactions.1.description"), Some("line break"));
    assert_eq!(value(&rec, "cmi.interactions.0.learner_response"), Some("skipped"));
}

#[test]
fn session_times() {
    for (ms, t12, t04) in [
        (0.0, "00:00:00", "PT0S"),
        (3_500.0, "00:00:03.5", "PT3.5S"),
        (3_723_456.0, "01:02:03.46", "PT1H2M3.46S"),
        (60_000.0, "00:01:00", "PT1M"),
        (36_000_000.0 * 1000.0, "9999:59:59.99", "PT10000H"),
        (-5.0, "00:00:00", "PT0S"),
        (f64::NAN, "00:00:00", "PT0S"),
    ] {
        assert_eq!(scorm12_time(ms), t12);
        assert_eq!(iso_duration(ms), t04);
        assert!(is_cmi12_timespan(&scorm12_time(ms)), "{}", scorm12_time(ms));
        assert!(is_iso_duration(&iso_duration(ms)), "{}", iso_duration(ms));
    }
}

proptest! {
    #[test]
    fn session_times_always_valid(ms in 0.0f64..1e12) {
        prop_assert!(is_cmi12_timespan(&scorm12_time(ms)), "{}", scorm12_time(ms));
        prop_assert!(is_iso_duration(&iso_duration(ms)), "{}", iso_duration(ms));
    }
}

#[test]
fn lms_readings() {
    assert_eq!(learner_name_from_lms("Lima, Ana"), Some("Ana Lima".into()));
    assert_eq!(learner_name_from_lms(" Ana Lima "), Some("Ana Lima".into()));
    assert_eq!(learner_name_from_lms("Lima, Ana, Jr"), Some("Lima, Ana, Jr".into()));
    assert_eq!(learner_name_from_lms(""), None);
    assert_eq!(mastery_from_lms(ScormVersion::V12, "80"), Some(80));
    assert_eq!(mastery_from_lms(ScormVersion::V2004, "0.75"), Some(75));
    assert_eq!(mastery_from_lms(ScormVersion::V12, ""), None);
    assert!(is_review_mode("review") && is_review_mode("browse") && !is_review_mode("normal"));
    assert_eq!(ScormVersion::V12.element(ScormElement::Mastery), "cmi.student_data.mastery_score");
    assert_eq!(ScormVersion::V2004.element(ScormElement::Status), "cmi.completion_status");
}

// ---------------------------------------------------------------------------------------------------------
// cmi5
// ---------------------------------------------------------------------------------------------------------

fn launch_query() -> String {
    let actor = r#"{"objectType":"Agent","name":"Ana Lima","account":{"homePage":"https://lms.example","name":"ana"}}"#;
    format!(
        "?endpoint={}&fetch={}&actor={}&registration=ec231277-b27b-4c15-8291-d29225b2b8f7&activityId={}&other=1",
        percent_encode("https://lrs.example/xapi/"),
        percent_encode("https://lms.example/fetch?k=1"),
        percent_encode(actor),
        percent_encode("https://example.com/au/1")
    )
}

const LAUNCH_DATA: &str = r#"{"contextTemplate":{"contextActivities":{"grouping":[{"id":"https://lms.example/course"}]},
  "extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"s-1"}},
  "launchMode":"Normal","moveOn":"CompletedAndPassed","masteryScore":0.8,"returnURL":"https://lms.example/back"}"#;

#[test]
fn cmi5_launch_parsing() {
    let l = parse_cmi5_launch(&launch_query()).unwrap().unwrap();
    assert_eq!(l.endpoint, "https://lrs.example/xapi/");
    assert_eq!(l.fetch, "https://lms.example/fetch?k=1");
    assert_eq!(l.actor["account"]["name"], "ana");
    assert_eq!(l.activity_id, "https://example.com/au/1");
    assert_eq!(parse_cmi5_launch("").unwrap(), None);
    assert_eq!(parse_cmi5_launch("?lang=en").unwrap(), None);
    let e = parse_cmi5_launch("?endpoint=https%3A%2F%2Flrs&fetch=x").unwrap_err();
    assert!(e.contains("actor, registration, activityId"), "{e}");
    let bad_actor = launch_query().replace("actor=%7B", "actor=%5B");
    assert!(parse_cmi5_launch(&bad_actor).unwrap_err().contains("actor"));
    assert!(parse_cmi5_launch("?endpoint=%ZZ").unwrap_err().contains("endpoint"));
    assert_eq!(percent_decode("a+b%20c%C3%A9"), Some("a b cé".into()));
    assert_eq!(
        cmi5_statement_url(&l, "1-2"),
        "https://lrs.example/xapi/statements?statementId=1-2"
    );
    let state = cmi5_launch_data_url(&l);
    assert!(state.starts_with("https://lrs.example/xapi/activities/state?stateId=LMS.LaunchData&activityId=https%3A%2F%2F"));
    assert!(state.contains("&agent=%7B%22") && state.ends_with("&registration=ec231277-b27b-4c15-8291-d29225b2b8f7"));
}

#[test]
fn launch_data_parsing() {
    let d = parse_launch_data(LAUNCH_DATA).unwrap();
    assert_eq!(d.launch_mode, LaunchMode::Normal);
    assert_eq!(d.mastery_score, Some(0.8));
    assert_eq!(d.return_url.as_deref(), Some("https://lms.example/back"));
    assert!(!d.review_only());
    let review = parse_launch_data(r#"{"contextTemplate":{},"launchMode":"Review","moveOn":"Completed"}"#).unwrap();
    assert!(review.review_only() && review.mastery_score.is_none() && review.return_url.is_none());
    assert!(parse_launch_data("{}").unwrap_err().contains("contextTemplate"));
    assert!(parse_launch_data(r#"{"contextTemplate":{},"launchMode":"Fast"}"#).unwrap_err().contains("Fast"));
    assert!(parse_launch_data(r#"{"contextTemplate":{},"launchMode":"Normal","masteryScore":80}"#)
        .unwrap_err()
        .contains("masteryScore"));
    assert_eq!(parse_auth_token(r#"{"auth-token":"QWxhZGRpbjpvcGVuIHNlc2FtZQ=="}"#).unwrap(), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assert!(parse_auth_token(r#"{"error-code":"1","error-text":"Already in use"}"#).unwrap_err().contains("already fetched"));
    assert!(parse_auth_token("nope").is_err());
}

fn categories(s: &Value) -> Vec<String> {
    s["context"]["contextActivities"]["category"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn cmi5_statements() {
    let l = parse_cmi5_launch(&launch_query()).unwrap().unwrap();
    let d = parse_launch_data(LAUNCH_DATA).unwrap();
    let init = cmi5_statement(Cmi5Verb::Initialized, &l, &d, "id-0", STAMP, "PT0S", None);
    assert_eq!(init["id"], "id-0");
    assert_eq!(init["timestamp"], STAMP);
    assert_eq!(init["verb"], json!({"id": "http://adlnet.gov/expapi/verbs/initialized", "display": {"en-US": "initialized"}}));
    assert_eq!(init["object"], json!({"id": "https://example.com/au/1", "objectType": "Activity"}));
    assert_eq!(init["actor"], l.actor);
    assert_eq!(init["context"]["registration"], l.registration);
    assert_eq!(init["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/sessionid"], "s-1");
    assert_eq!(init["context"]["contextActivities"]["grouping"][0]["id"], "https://lms.example/course");
    assert_eq!(categories(&init), [CMI5_CATEGORY]);
    assert!(init.get("result").is_none());

    let none = Sent::default();
    let (sent, outcome, score) = cmi5_submit_statements(&l, &d, 85.0, none, &["id-1".into(), "id-2".into()], STAMP, "PT2M");
    let sent: Vec<Value> = sent.into_iter().map(|(_, s)| s).collect();
    assert_eq!((outcome, score), (Outcome::Passed, 85));
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0]["verb"]["id"], "http://adlnet.gov/expapi/verbs/completed");
    assert_eq!(sent[0]["result"], json!({"completion": true, "duration": "PT2M"}));
    assert_eq!(categories(&sent[0]), [CMI5_CATEGORY, MOVEON_CATEGORY]);
    assert!(sent[0]["context"]["extensions"].get(MASTERY_EXTENSION).is_none());
    assert_eq!(sent[1]["id"], "id-2");
    assert_eq!(sent[1]["verb"]["id"], "http://adlnet.gov/expapi/verbs/passed");
    assert_eq!(sent[1]["result"], json!({"success": true, "duration": "PT2M", "score": {"scaled": 0.85}}));
    assert_eq!(sent[1]["context"]["extensions"][MASTERY_EXTENSION], 0.8);
    assert_eq!(categories(&sent[1]), [CMI5_CATEGORY, MOVEON_CATEGORY]);

    let (sent, outcome, _) = cmi5_submit_statements(&l, &d, 79.0, none, &["a".into(), "b".into()], STAMP, "PT2M");
    let sent: Vec<Value> = sent.into_iter().map(|(_, s)| s).collect();
    assert_eq!(outcome, Outcome::Failed);
    assert_eq!(sent[1]["verb"]["display"]["en-US"], "failed");
    assert_eq!(sent[1]["result"]["success"], false);

    let no_mastery = LaunchData { mastery_score: None, ..d.clone() };
    let (sent, outcome, _) = cmi5_submit_statements(&l, &no_mastery, 79.0, none, &["a".into(), "b".into()], STAMP, "PT2M");
    assert_eq!((sent.len(), outcome), (1, Outcome::Completed));
    assert!(sent[0].1["result"].get("score").is_none(), "no score on completed");

    for mode in [LaunchMode::Browse, LaunchMode::Review] {
        let browse = LaunchData { launch_mode: mode, ..d.clone() };
        assert!(cmi5_submit_statements(&l, &browse, 90.0, none, &["a".into()], STAMP, "PT1S").0.is_empty());
    }
    let term = cmi5_statement(Cmi5Verb::Terminated, &l, &d, "id-9", STAMP, "PT5M", None);
    assert_eq!(term["result"], json!({"duration": "PT5M"}));
    assert_eq!(categories(&term), [CMI5_CATEGORY]);
    // A template that already has the cmi5 category gets it once.
    let with_cat = LaunchData {
        context_template: json!({"contextActivities": {"category": [{"id": CMI5_CATEGORY}]}}),
        ..d.clone()
    };
    assert_eq!(categories(&cmi5_statement(Cmi5Verb::Completed, &l, &with_cat, "x", STAMP, "PT1S", None)), [CMI5_CATEGORY, MOVEON_CATEGORY]);
}

// ---------------------------------------------------------------------------------------------------------
// Resize messages
// ---------------------------------------------------------------------------------------------------------

#[test]
fn resize_messages() {
    assert_eq!(ResizeMessage::H5pHello.to_json(), json!({"context": "h5p", "action": "hello"}));
    assert_eq!(
        ResizeMessage::H5pPrepareResize { scroll_height: 900, client_height: 600 }.to_json(),
        json!({"context": "h5p", "action": "prepareResize", "scrollHeight": 900, "clientHeight": 600})
    );
    assert_eq!(
        ResizeMessage::H5pResize { scroll_height: 900 }.to_json(),
        json!({"context": "h5p", "action": "resize", "scrollHeight": 900})
    );
    assert_eq!(ResizeMessage::CanvasFrameResize { height: 900 }.to_json(), json!({"subject": "lti.frameResize", "height": 900}));
    assert_eq!(parse_h5p_reply(&json!({"context": "h5p", "action": "hello"})), Some(H5pReply::Hello));
    assert_eq!(parse_h5p_reply(&json!({"context": "h5p", "action": "resizePrepared"})), Some(H5pReply::ResizePrepared));
    assert_eq!(parse_h5p_reply(&json!({"context": "h5p", "action": "resize", "x": 1})), Some(H5pReply::Resize));
    assert_eq!(parse_h5p_reply(&json!("{\"context\":\"h5p\",\"action\":\"hello\"}")), Some(H5pReply::Hello));
    for bad in [json!({"context": "h5p", "action": "prepareResize"}), json!({"action": "hello"}), json!("hello"), json!(null), json!([1])] {
        assert_eq!(parse_h5p_reply(&bad), None, "{bad}");
    }
    assert_eq!(origin_of("https://LMS.example:8443/course/view.php?id=2"), Some("https://lms.example:8443".into()));
    assert_eq!(origin_of("about:blank"), None);
    assert_eq!(origin_of(""), None);
}

// ---------------------------------------------------------------------------------------------------------
// Packages
// ---------------------------------------------------------------------------------------------------------

/// A built index.html as Trunk writes it: stylesheets, the icon, the wasm bindings and the `.wasm` by
/// `<link>`, and the inline loader importing them by `./` paths.
const INDEX: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<HEAD>\n<meta charset=\"utf-8\"/>\n<title>Skillgap</title>\n\
<base href=\"./\">\n<link rel=\"stylesheet\" href=\"./assets/style%20&amp;%20more.css\" integrity=\"sha384-x\"/>\n\
<link rel=\"icon\" href=\"./favicon.svg\"/>\n<link rel=\"modulepreload\" href=\"./skillgap-1.js\" crossorigin=\"anonymous\">\n\
<link rel=\"preload\" href=\"./skillgap-1_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\">\n\
<link rel=\"canonical\" href=\"https://example.org/\"><a href=\"#main\"></a>\n\
</head><body><script type=\"module\">\nimport init, * as bindings from './skillgap-1.js';\n\
const wasm = await init({ module_or_path: './skillgap-1_bg.wasm' });\nwindow.wasmBindings = bindings;\n</script></body></html>";

/// A dist/ folder: what INDEX loads, the simulation worker it does not load (left out of packages), and an
/// old manifest (replaced).
fn dist_files() -> Vec<(String, Vec<u8>)> {
    vec![
        ("index.html".into(), INDEX.as_bytes().to_vec()),
        ("skillgap-1_bg.wasm".into(), vec![0, 97, 115, 109, 1, 0, 0, 0]),
        ("skillgap-1.js".into(), b"export default 1;".to_vec()),
        ("assets/style & more.css".into(), b"body{}".to_vec()),
        ("favicon.svg".into(), b"<svg/>".to_vec()),
        ("simworker_loader.js".into(), b"importScripts('./simworker.js');".to_vec()),
        ("imsmanifest.xml".into(), b"old".to_vec()),
    ]
}

#[test]
fn package_files_are_what_index_html_loads() {
    assert_eq!(
        package_files(INDEX),
        ["assets/style & more.css", "favicon.svg", "index.html", "skillgap-1.js", "skillgap-1_bg.wasm"]
    );
    assert_eq!(package_files("<html><head></head></html>"), ["index.html"]);
    let odd = "<link href='a.css?v=2'><script src=\"./b.js#x\"></script><img src=\"data:image/png;base64,AA\">\
               <link href=\"/abs.css\"><link href=\"//cdn.example/c.css\"><a href=\"dir/\"></a><link data-href=\"x.css\">";
    assert_eq!(package_files(odd), ["a.css", "b.js", "index.html"]);
}

#[test]
fn manifests_list_every_file_and_escape() {
    let files: Vec<String> = vec!["index.html".into(), "a&b<c>.js".into(), "x\"y'.css".into()];
    for v in [ScormVersion::V12, ScormVersion::V2004] {
        let m = scorm_manifest(v, "x7 Kq", "Self-assessment: <Tellers & \"Co\">", &files, Some(80));
        assert!(m.contains("<file href=\"index.html\"/>"));
        assert!(m.contains("<file href=\"a&amp;b&lt;c&gt;.js\"/>"));
        assert!(m.contains("<file href=\"x&quot;y&apos;.css\"/>"));
        assert!(m.contains("<title>Self-assessment: &lt;Tellers &amp; &quot;Co&quot;&gt;</title>"));
        assert!(m.contains("identifier=\"skillgap-x7-Kq\""));
        assert!(m.contains("type=\"webcontent\""));
        assert!(m.contains("href=\"index.html\""));
        assert_eq!(m.matches("<file ").count(), 3);
        assert_well_formed(&m);
        match v {
            ScormVersion::V12 => {
                assert!(m.contains("adlcp:scormtype=\"sco\""));
                assert!(m.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"));
                assert!(m.contains("<schemaversion>1.2</schemaversion>"));
            }
            ScormVersion::V2004 => {
                assert!(m.contains("adlcp:scormType=\"sco\""));
                assert!(m.contains("<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>"));
                assert!(m.contains("<schemaversion>2004 4th Edition</schemaversion>"));
            }
        }
        let plain = scorm_manifest(v, "id", "T", &files, None);
        assert!(!plain.contains("masteryscore") && !plain.contains("imsss:sequencing"));
        assert_well_formed(&plain);
    }
    assert_eq!(xml_escape("a\u{1}b"), "a b");
}

/// Tags balance and every `&` starts one of the five entities.
fn assert_well_formed(xml: &str) {
    let mut stack: Vec<String> = Vec::new();
    let body = xml.split_once("?>").unwrap().1;
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        let text = &rest[..i];
        for (j, _) in text.match_indices('&') {
            let t = &text[j..];
            assert!(["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].iter().any(|e| t.starts_with(e)), "bare & in {text}");
        }
        let end = rest[i..].find('>').unwrap() + i;
        let tag = &rest[i + 1..end];
        assert!(!tag.contains('<'), "{tag}");
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| !c.is_whitespace() && *c != '/').collect();
        if tag.starts_with('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.as_str()));
        } else if !tag.ends_with('/') {
            stack.push(name);
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

#[test]
fn learner_meta_is_injected_once() {
    let html = inject_learner_meta(INDEX, "a1.10.abc").unwrap();
    assert_eq!(html.matches("name=\"skillgap-learner\"").count(), 1);
    assert!(html.contains("<HEAD>\n  <meta name=\"skillgap-learner\" content=\"a1.10.abc\">"));
    let again = inject_learner_meta(&html, "a1.11.xyz").unwrap();
    assert_eq!(again.matches("skillgap-learner").count(), 1);
    assert!(again.contains("content=\"a1.11.xyz\"") && !again.contains("a1.10.abc"));
    let escaped = inject_learner_meta("<head></head>", "a\"<b").unwrap();
    assert!(escaped.contains("content=\"a&quot;&lt;b\""));
    assert!(inject_learner_meta("<header></header>", "x").is_err());
    assert!(inject_learner_meta("<p>no head</p>", "x").unwrap_err().contains("<head>"));
}

fn read_zip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

#[test]
fn packages_are_readable_and_complete() {
    let ws = example_workspace();
    let a = assessment_for_role(&ws, &ws.roles[0].id, "x7Kq-29fA", "2026-09-20").unwrap();
    let code = encode_link(&a);
    let opts = PackageOptions { mastery: Some(70), cmi5_origins: vec![] };
    for kind in PackageKind::ALL {
        let p = build_package(kind, &a, &code, &dist_files(), &opts).unwrap();
        assert_eq!(p.file_name, format!("skillgap-{}-{}.zip", slug(&a.role_name, ""), kind.token()));
        let entries = read_zip(&p.bytes);
        assert_eq!(p.files, entries.len());
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        let first = if kind == PackageKind::Cmi5 { "cmi5.xml" } else { "imsmanifest.xml" };
        assert_eq!(names[0], first);
        assert_eq!(&names[1..], ["assets/style & more.css", "favicon.svg", "index.html", "skillgap-1.js", "skillgap-1_bg.wasm"],
            "what index.html loads, in name order; not the worker, not the old manifest");
        let head = String::from_utf8(entries[0].1.clone()).unwrap();
        if kind != PackageKind::Cmi5 {
            for n in &names[1..] {
                assert!(head.contains(&format!("<file href=\"{}\"/>", xml_escape(n))), "{n} not listed");
            }
            assert_eq!(head.matches("<file ").count(), names.len() - 1);
        } else {
            assert!(head.contains("<url>index.html</url>") && head.contains("masteryScore=\"0.7\""), "{head}");
        }
        let index = entries.iter().find(|(n, _)| n == "index.html").unwrap();
        let index = String::from_utf8(index.1.clone()).unwrap();
        assert_eq!(index.matches("name=\"skillgap-learner\"").count(), 1);
        assert!(index.contains(&format!("content=\"{code}\"")));
        assert!(index.contains(&format!("<meta name=\"skillgap-lms\" content=\"{}\">", kind.token())), "{index}");
        let wasm = entries.iter().find(|(n, _)| n.ends_with(".wasm")).unwrap();
        assert_eq!(wasm.1, [0, 97, 115, 109, 1, 0, 0, 0]);
        // The same inputs give the same bytes, whatever else the build folder holds and in whatever order.
        let mut shuffled = dist_files();
        shuffled.reverse();
        shuffled.push(("extra/unused.txt".into(), b"x".to_vec()));
        assert_eq!(build_package(kind, &a, &code, &shuffled, &opts).unwrap().bytes, p.bytes);
    }
    let no_index: Vec<_> = dist_files().into_iter().filter(|(n, _)| n != "index.html").collect();
    let none = PackageOptions::default();
    assert!(build_package(PackageKind::Scorm12, &a, &code, &no_index, &none).unwrap_err().contains("index.html"));
    let escape = vec![("index.html".into(), INDEX.as_bytes().to_vec()), ("../x".into(), vec![])];
    assert!(build_package(PackageKind::Scorm12, &a, &code, &escape, &none).unwrap_err().contains("../x"));
    let missing: Vec<_> = dist_files().into_iter().filter(|(n, _)| n != "skillgap-1.js").collect();
    assert!(build_package(PackageKind::Scorm2004, &a, &code, &missing, &none).unwrap_err().contains("skillgap-1.js"));
    for bad in [0, 101] {
        let e = build_package(PackageKind::Scorm12, &a, &code, &dist_files(), &PackageOptions { mastery: Some(bad), ..none.clone() }).unwrap_err();
        assert!(e.contains("1–100"), "{e}");
    }
    let origins = PackageOptions { mastery: None, cmi5_origins: vec!["https://lrs.example".into()] };
    assert!(build_package(PackageKind::Scorm2004, &a, &code, &dist_files(), &origins).unwrap_err().contains("cmi5"));
    let c = build_package(PackageKind::Cmi5, &a, &code, &dist_files(), &origins).unwrap();
    let index = read_zip(&c.bytes).into_iter().find(|(n, _)| n == "index.html").unwrap().1;
    assert!(String::from_utf8(index).unwrap().contains("<meta name=\"skillgap-lms\" content=\"cmi5 https://lrs.example\">"));
}

/// Every cmi5.xml Skillgap writes is valid against the cmi5 specification's CourseStructure.xsd (§13.2),
/// checked with xmllint (Debian's libxml2-utils; scripts/setup.sh installs it).
#[test]
fn cmi5_course_structure_is_valid_against_the_schema() {
    let dir = std::env::temp_dir().join(format!("skillgap-cmi5-xsd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let xsd = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/lms/cmi5-CourseStructure.xsd");
    let ws = example_workspace();
    let mut cases: Vec<(LearnerAssessment, Option<u8>)> = ws
        .roles
        .iter()
        .filter(|r| !r.requirements.is_empty())
        .map(|r| (assessment_for_role(&ws, &r.id, "x7Kq-29fA", "2026-09-20").unwrap(), Some(80)))
        .collect();
    let mut odd = assessment(3, "odd_id-1", "00000000");
    odd.role_name = "Tellers & <\"Co\"> \u{1}".into();
    odd.workspace = "Bank 'A'".into();
    cases.push((odd, None));
    for (k, (a, mastery)) in cases.iter().enumerate() {
        let xml = cmi5_course_structure(a, *mastery);
        assert!(xml.contains(&format!("xmlns=\"{CMI5_NAMESPACE}\"")));
        let file = dir.join(format!("cmi5-{k}.xml"));
        std::fs::write(&file, &xml).unwrap();
        let out = std::process::Command::new("xmllint")
            .args(["--noout", "--schema", xsd, file.to_str().unwrap()])
            .output()
            .expect("xmllint runs (apt-get install libxml2-utils; scripts/setup.sh --browser installs it)");
        assert!(out.status.success(), "{xml}\n{}", String::from_utf8_lossy(&out.stderr));
        let moved = if mastery.is_some() { "moveOn=\"CompletedAndPassed\" masteryScore=\"0.8\"" } else { "moveOn=\"Completed\" launchMethod" };
        assert!(xml.contains(moved), "{xml}");
    }
    // The check can fail: a structure the schema refuses is refused.
    let bad = dir.join("bad.xml");
    std::fs::write(&bad, cmi5_course_structure(&cases[0].0, Some(80)).replace("moveOn=\"CompletedAndPassed\"", "moveOn=\"Whenever\"")).unwrap();
    let out = std::process::Command::new("xmllint").args(["--noout", "--schema", xsd, bad.to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success(), "xmllint refuses a moveOn outside the vocabulary");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn slugs() {
    assert_eq!(slug("Branch Adviser (Senior) – Level 2", "r1"), "branch-adviser-senior-level-2");
    assert_eq!(slug("  ---  ", "r-7"), "r-7");
    assert_eq!(slug("", ""), "assessment");
    assert!(slug(&"abc ".repeat(40), "x").len() <= 40);
}

// ---------------------------------------------------------------------------------------------------------
// The package command
// ---------------------------------------------------------------------------------------------------------

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

#[test]
fn package_args() {
    let p = parse_package_args(&args(&["--link", "a1.x", "--mastery=80", "--version", "2004", "--out", "o"])).unwrap();
    assert_eq!(p.source, PackageSource::Link("a1.x".into()));
    assert_eq!((p.options.mastery, p.kinds.as_slice(), p.out.as_str(), p.dist.as_str()), (Some(80), &[PackageKind::Scorm2004][..], "o", "dist"));
    let w = parse_package_args(&args(&["--workspace", "w.json", "--role", "Teller"])).unwrap();
    assert_eq!(w.source, PackageSource::Workspace { file: "w.json".into(), role: "Teller".into() });
    assert_eq!(w.kinds, PackageKind::ALL, "all three by default");
    assert_eq!(parse_package_args(&args(&["--link", "x", "--version", "both"])).unwrap().kinds, [PackageKind::Scorm12, PackageKind::Scorm2004]);
    let c = parse_package_args(&args(&["--link", "x", "--version", "cmi5", "--cmi5-origin", "https://LRS.example:443/", "--cmi5-origin=http://127.0.0.1:9"])).unwrap();
    assert_eq!(c.options.cmi5_origins, ["http://127.0.0.1:9", "https://lrs.example"]);
    for (bad, says) in [
        (&["--link"][..], "--link needs a value"),
        (&["--mastery", "101", "--link", "x"][..], "--mastery: a pass mark is a whole number 1–100"),
        // 0 would pass everyone in SCORM 1.2 but read as no pass mark elsewhere: refused, one meaning only.
        (&["--mastery", "0", "--link", "x"][..], "1–100"),
        (&["--version", "3", "--link", "x"][..], "--version is 12, 2004, cmi5, both or all"),
        (&["--frob", "x"][..], "unknown option --frob"),
        (&["--workspace", "w.json"][..], "--workspace needs --role"),
        (&["--link", "x", "--workspace", "w", "--role", "r"][..], "either --link or --workspace"),
        (&["--link", "x", "--cmi5-origin", "https://lrs.example/xapi"][..], "not a site address"),
        (&["--link", "x", "--version", "12", "--cmi5-origin", "https://lrs.example"][..], "--cmi5-origin is for cmi5"),
        (&[][..], "say what to package"),
    ] {
        let e = parse_package_args(&args(bad)).unwrap_err();
        assert!(e.contains(says), "{bad:?}: {e}");
    }
    let ws = example_workspace();
    assert_eq!(find_role(&ws, &ws.roles[1].id.0).unwrap(), ws.roles[1].id);
    assert_eq!(find_role(&ws, &format!(" {} ", ws.roles[2].name.to_uppercase())).unwrap(), ws.roles[2].id);
    assert!(find_role(&ws, "Astronaut").unwrap_err().contains("its roles are"));
}

/// Runs the real `package` binary on a small fake dist in a temporary folder.
#[test]
fn package_command_writes_both_zips() {
    let dir = std::env::temp_dir().join(format!("skillgap-package-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let dist = dir.join("dist");
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    for (name, bytes) in dist_files() {
        std::fs::write(dist.join(&name), bytes).unwrap();
    }
    let ws = example_workspace();
    let a = assessment_for_role(&ws, &ws.roles[0].id, "x7Kq-29fA", "2026-09-20").unwrap();
    let link = format!("https://example.org/skillgap/#/learn/{}", encode_link(&a));
    let out = dir.join("out");
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_package"))
            .args(["--dist", dist.to_str().unwrap(), "--out", out.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap()
    };
    let ok = run(&["--link", &link, "--mastery", "75"]);
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{stdout}{}", String::from_utf8_lossy(&ok.stderr));
    let slug = slug(&a.role_name, "");
    let code = encode_link(&a);
    for kind in PackageKind::ALL {
        let path = out.join(format!("skillgap-{slug}-{}.zip", kind.token()));
        let bytes = std::fs::read(&path).unwrap();
        let entries = read_zip(&bytes);
        assert_eq!(entries.len(), 6, "the manifest and what index.html loads: {entries:?}");
        assert!(stdout.contains(&format!("skillgap-{slug}-{}.zip", kind.token())) && stdout.contains("6 files"), "{stdout}");
        // Byte for byte what the Learner links page builds from the same files (the one function).
        let same = build_package(kind, &a, &code, &dist_files(), &PackageOptions { mastery: Some(75), cmi5_origins: vec![] }).unwrap();
        assert_eq!(bytes, same.bytes, "{kind:?}");
    }
    let bad = run(&["--link", "a1.99.broken"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("learner link"), "{}", String::from_utf8_lossy(&bad.stderr));
    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_package"))
        .args(["--dist", dir.join("nowhere").to_str().unwrap(), "--link", &link])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(!missing.status.success() && err.contains("trunk build --release"), "{err}");
    let ws_file = dir.join("ws.skillgap.json");
    std::fs::write(&ws_file, export_json(&ws)).unwrap();
    let by_role = run(&["--workspace", ws_file.to_str().unwrap(), "--role", &ws.roles[1].name, "--version", "12"]);
    assert!(by_role.status.success(), "{}", String::from_utf8_lossy(&by_role.stderr));
    let name = format!("skillgap-{}-scorm12.zip", slug_of(&ws.roles[1].name));
    let entries = read_zip(&std::fs::read(out.join(name)).unwrap());
    let index = entries.iter().find(|(n, _)| n == "index.html").unwrap();
    let html = String::from_utf8(index.1.clone()).unwrap();
    let code = html.split("name=\"skillgap-learner\" content=\"").nth(1).unwrap().split('"').next().unwrap();
    assert_eq!(decode_link(code).unwrap().role, ws.roles[1].id);
    std::fs::remove_dir_all(&dir).unwrap();
}

fn slug_of(name: &str) -> String {
    slug(name, "")
}

// ---------------------------------------------------------------------------------------------------------
// Issue 12: exact SCORM types, what run-times return, cmi5 launches wherever the LMS puts the parameters,
// what a page load is, and every value checked by the strict run-time stand-in
// ---------------------------------------------------------------------------------------------------------

/// SCORM 2004 time(second,10,0) as the RTE defines it (and Moodle's CMITime checks it): a year 1970–2038,
/// at most two fractional digits, a time zone only after them.
fn is_scorm_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r.clone()).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let year: u32 = s.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(0);
    (1970..=2038).contains(&year)
        && s.len() >= 22
        && s.len() <= 25
        && digits(0..4)
        && &s[4..5] == "-"
        && digits(5..7)
        && &s[7..8] == "-"
        && digits(8..10)
        && &s[10..11] == "T"
        && digits(11..13)
        && &s[13..14] == ":"
        && digits(14..16)
        && &s[16..17] == ":"
        && digits(17..19)
        && &s[19..20] == "."
        && digits(20..22)
        && s[22..] == *"Z"
}

#[test]
fn scorm_timestamps_have_two_fractional_digits() {
    assert_eq!(scorm_timestamp(NOW_MS), SCORM_STAMP);
    assert_eq!(scorm_timestamp(0.0), "1970-01-01T00:00:00.00Z");
    assert_eq!(scorm_timestamp(951_782_399_999.0), "2000-02-28T23:59:59.99Z", "cut, not rounded into the next day");
    assert_eq!(scorm_timestamp(951_868_800_000.0), "2000-03-01T00:00:00.00Z", "2000 is a leap year");
    assert_eq!(scorm_timestamp(f64::NAN), "1970-01-01T00:00:00.00Z");
    assert!(is_scorm_time(SCORM_STAMP) && !is_scorm_time(STAMP), "the browser's toISOString has three digits");
    assert_eq!(utc_parts(1_795_789_829_123.0), (2026, 11, 27, 14, 30, 29, 12));
}

proptest! {
    #[test]
    fn scorm_timestamps_always_valid(ms in 0.0f64..2_145_916_799_999.0) {
        let t = scorm_timestamp(ms);
        prop_assert!(is_scorm_time(&t), "{}", t);
    }
}

#[test]
fn api_values_are_read_as_the_string_api_means_them() {
    assert_eq!(ApiValue::Number(0.0).text(), "0");
    assert_eq!(ApiValue::Number(16.0).text(), "16");
    assert_eq!(ApiValue::Number(0.75).text(), "0.75");
    assert_eq!(ApiValue::Number(-0.0).text(), "0");
    assert_eq!(ApiValue::Bool(true).text(), "true");
    assert_eq!(ApiValue::Undefined.text(), "");
    assert_eq!(ApiValue::Null.text(), "");
    assert_eq!(ApiValue::Text("Lima, Ana".into()).text(), "Lima, Ana");
    assert!(ApiValue::Bool(false).is_false() && ApiValue::Text("false".into()).is_false());
    assert!(!ApiValue::Bool(true).is_false() && !ApiValue::Undefined.is_false() && !ApiValue::Number(0.0).is_false());
    assert_eq!(ApiValue::Number(0.0).error_code(), "0");
    assert_eq!(ApiValue::Number(405.0).error_code(), "405");
    assert_eq!(ApiValue::Undefined.error_code(), "0");
    assert_eq!(ApiValue::Text(" 406 ".into()).error_code(), "406");
    assert_eq!(mastery_from_lms(ScormVersion::V12, &ApiValue::Number(80.0).text()), Some(80));
    assert_eq!(mastery_from_lms(ScormVersion::V2004, &ApiValue::Number(0.6).text()), Some(60));
}

#[test]
fn scorm_exits_and_times_by_version() {
    assert_eq!(ScormVersion::V12.exit_value(false), "suspend");
    assert_eq!(ScormVersion::V12.exit_value(true), "", "1.2's vocabulary has no normal");
    assert_eq!(ScormVersion::V2004.exit_value(true), "normal");
    assert_eq!(ScormVersion::V12.session_time(3_723_456.0), "01:02:03.46");
    assert_eq!(ScormVersion::V2004.session_time(3_723_456.0), "PT1H2M3.46S");
    assert_eq!(ScormVersion::V12.function(ApiCall::Terminate), "LMSFinish");
    assert_eq!(ScormVersion::V2004.api_name(), "API_1484_11");
    assert!(ScormVersion::V2004.means_no_value("403") && !ScormVersion::V12.means_no_value("403"));
}

#[test]
fn lang_strings_count_what_a_javascript_run_time_counts() {
    let emoji = "😀".repeat(200); // 400 UTF-16 code units
    let d = lang_string_250(&emoji);
    assert_eq!(d.encode_utf16().count(), 250);
    assert_eq!(lang_string_250("{lang=en}Listening"), "lang=en}Listening");
    assert_eq!(lang_string_250("  { x\r\ny "), "x  y");
}

#[test]
fn cmi5_launch_parameters_wherever_the_lms_put_them() {
    let q = launch_query();
    let from_query = parse_cmi5_launch(&q).unwrap().unwrap();
    // After a fragment: the LMS appended them to `…/index.html#/learn/a1.…` as it stood.
    let hash = format!("#/learn/a1.12.abc{q}");
    assert_eq!(parse_cmi5_launch_url("", &hash).unwrap().unwrap(), from_query);
    // `&` after a fragment (the AU's URL already had a query).
    let amp = format!("#top&{}", &q[1..]);
    assert_eq!(parse_cmi5_launch_url("?x=1", &amp).unwrap().unwrap(), from_query);
    // In both: the query's values are taken.
    let both = parse_cmi5_launch_url(&q, "#?registration=other").unwrap().unwrap();
    assert_eq!(both.registration, from_query.registration);
    assert_eq!(parse_cmi5_launch_url("", "#/learn/a1.12.abc").unwrap(), None);
    assert!(parse_cmi5_launch_url("", "#x?endpoint=https%3A%2F%2Flrs").unwrap_err().contains("fetch"));
}

#[test]
fn learner_links_mangled_by_mail_programs_still_open() {
    let ws = example_workspace();
    let a = assessment_for_role(&ws, &ws.roles[0].id, "x7Kq-29fA", "2026-09-20").unwrap();
    let code = encode_link(&a);
    let (head, body) = code.split_at(code.len() / 2);
    let cases = [
        format!("#/learn/{code}"),
        format!("#%2Flearn%2F{code}"),
        format!("#%252Flearn%252F{code}"),
        format!("#/learn/{code}%3E"),
        format!("#/learn/{code}%22"),
        format!("#/learn/{code}>"),
        format!("#/learn/{head}%20%20{body}"),
        format!("#/learn/{head}%0A{body}"),
        format!("#/learn/{code}?endpoint=https%3A%2F%2Flrs.example&fetch=x"),
        format!("#!/learn/{code}"),
    ];
    for hash in &cases {
        let found = learner_code_in_fragment(hash).unwrap_or_else(|| panic!("{hash}: not a learner route"));
        assert_eq!(decode_link(&found).map(|x| x.id), Ok(a.id.clone()), "{hash} → {found}");
    }
    for not in ["", "#/", "#/share", "#/people/p1", "#/learn/", "#/data?learn/x", "#/skills/learn/x"] {
        assert_eq!(learner_code_in_fragment(not), None, "{not}");
    }
    assert_eq!(learner_code_at_start(Some(" a1.9.zz "), &format!("#/learn/{code}")).as_deref(), Some("a1.9.zz"), "a package's own code wins");
    assert_eq!(learner_code_at_start(Some(""), &format!("#/learn/{code}")), Some(code.clone()));
    assert_eq!(decode_lenient("a%2Fb%zz%4"), "a/b%zz%4");
    assert_eq!(fragment_route("#%2Flearn%2Fa1.2.x%3Fendpoint%3Dy"), "/learn/a1.2.x");
}

#[test]
fn a_cmi5_launch_is_honoured_only_by_a_cmi5_package_and_only_for_allowed_sites() {
    let q = launch_query(); // endpoint https://lrs.example, fetch https://lms.example
    let cmi5 = PackageMeta { kind: PackageKind::Cmi5, cmi5_origins: vec![] };
    let allowed = PackageMeta { kind: PackageKind::Cmi5, cmi5_origins: vec!["https://lrs.example".into()] };
    let scorm = PackageMeta { kind: PackageKind::Scorm12, cmi5_origins: vec![] };
    assert_eq!(cmi5_offer("", "#/learn/a1.1.x", Some(&cmi5), "https://lms.example"), Cmi5Offer::None);
    // A hosted page (not a package) and a SCORM package contact nobody, whatever the address says.
    for meta in [None, Some(&scorm)] {
        assert_eq!(cmi5_offer(&q, "", meta, "https://lms.example"), Cmi5Offer::Ignored { host: "lrs.example".into() });
    }
    // A cmi5 package on the LMS's site whose LRS is elsewhere: refused unless that site was allowed.
    let Cmi5Offer::Refused(why) = cmi5_offer(&q, "", Some(&cmi5), "https://lms.example") else { panic!() };
    assert!(why.contains("https://lrs.example") && why.contains("may report only to https://lms.example"), "{why}");
    let Cmi5Offer::Allowed { launch, origins } = cmi5_offer(&q, "", Some(&allowed), "https://LMS.example") else { panic!() };
    assert_eq!(origins, ["https://lms.example", "https://lrs.example"]);
    assert_eq!(launch.registration, "ec231277-b27b-4c15-8291-d29225b2b8f7");
    // Parameters after the fragment count the same.
    assert!(matches!(cmi5_offer("", &format!("#/learn/x{q}"), Some(&allowed), "https://lms.example"), Cmi5Offer::Allowed { .. }));
    // An attacker's endpoint on a package: refused, and the page names no other origin to connect to.
    let evil = q.replace("lrs.example", "evil.example");
    assert!(matches!(cmi5_offer(&evil, "", Some(&allowed), "https://lms.example"), Cmi5Offer::Refused(_)));
    assert!(matches!(cmi5_offer("?endpoint=x", "", Some(&allowed), "https://lms.example"), Cmi5Offer::Refused(_)));
    // The meta tag round trip.
    assert_eq!(PackageMeta::parse(&allowed.content()), Some(allowed.clone()));
    assert_eq!(allowed.content(), "cmi5 https://lrs.example");
    assert_eq!(PackageMeta::parse("scorm2004").map(|m| m.kind), Some(PackageKind::Scorm2004));
    assert_eq!(PackageMeta::parse("scorm12 https://x.example"), None, "only cmi5 names sites");
    assert_eq!(PackageMeta::parse("aicc"), None);
    assert_eq!(parse_origin_list(" https://A.example:443/, http://127.0.0.1:8080 ").unwrap(), ["http://127.0.0.1:8080", "https://a.example"]);
    for bad in ["lrs.example", "https://lrs.example/xapi", "ftp://x.example", "https://u@x.example"] {
        assert!(parse_origin_list(bad).is_err(), "{bad}");
    }
    assert_eq!(host_of("https://lrs.example:8443/xapi/"), "lrs.example:8443");
}

#[test]
fn cmi5_never_sends_a_verb_the_registration_has() {
    let l = parse_cmi5_launch(&launch_query()).unwrap().unwrap();
    let d = parse_launch_data(LAUNCH_DATA).unwrap(); // masteryScore 0.8
    let ids: Vec<String> = vec!["a".into(), "b".into()];
    let verbs = |readiness: f64, sent: Sent| -> Vec<Cmi5Verb> {
        cmi5_submit_statements(&l, &d, readiness, sent, &ids, STAMP, "PT1M").0.into_iter().map(|(v, _)| v).collect()
    };
    let none = Sent::default();
    assert_eq!(verbs(90.0, none), [Cmi5Verb::Completed, Cmi5Verb::Passed]);
    assert_eq!(verbs(50.0, none), [Cmi5Verb::Completed, Cmi5Verb::Failed]);
    let completed = Sent { completed: true, ..none };
    assert_eq!(verbs(90.0, completed), [Cmi5Verb::Passed], "completed once per registration");
    assert_eq!(verbs(50.0, Sent { failed: true, ..completed }), [], "failed again: nothing new");
    assert_eq!(verbs(50.0, Sent { passed: true, ..completed }), [], "no failed after passed");
    assert_eq!(verbs(90.0, Sent { passed: true, completed: true, failed: false }), []);
    assert_eq!(Cmi5Verb::Passed.mark(completed), Sent { passed: true, completed: true, failed: false });
    // The session id, the preferences, and the progress State document.
    assert_eq!(d.session_id(), Some("s-1"));
    let prefs = parse_learner_preferences(r#"{"languagePreference":"en-US, fr-FR","audioPreference":"off"}"#).unwrap();
    assert_eq!(prefs, LearnerPreferences { languages: vec!["en-US".into(), "fr-FR".into()], audio: Some(false) });
    assert_eq!(parse_learner_preferences("").unwrap(), LearnerPreferences::default());
    assert!(parse_learner_preferences("<html>").is_err());
    assert_eq!(parse_progress_state_doc(&progress_state_doc("p1.3.abc")).as_deref(), Some("p1.3.abc"));
    assert_eq!(parse_progress_state_doc("{}"), None);
    let pref_url = cmi5_preferences_url(&l);
    assert!(pref_url.starts_with("https://lrs.example/xapi/agents/profile?agent=%7B") && pref_url.ends_with("&profileId=cmi5LearnerPreferences"));
    assert!(cmi5_progress_url(&l).contains("stateId=https%3A%2F%2Fskillgap.app%2Fxapi%2Fstate%2Fprogress&activityId="));
    // The context template's values are never overwritten.
    let with_reg = LaunchData { context_template: json!({"registration": "from-template"}), ..d.clone() };
    assert_eq!(cmi5_statement(Cmi5Verb::Initialized, &l, &with_reg, "x", STAMP, "PT0S", None)["context"]["registration"], "from-template");
}

#[test]
fn progress_keeps_the_interaction_base_and_the_verbs_sent() {
    let a = assessment(4, "as-9", "00000000");
    let mut p = Progress::start(&a);
    p.submitted = true;
    p.interactions_from = Some(37);
    p.sent = Sent { completed: true, passed: false, failed: true };
    let (code, _) = encode_progress(&p, SCORM12_SUSPEND_LIMIT);
    assert_eq!(decode_progress(&code, &a), Some(p.clone()));
    // A code written before these fields existed still reads (none of them).
    let plain = Progress::start(&a);
    assert_eq!(decode_progress(&encode_progress(&plain, 4096).0, &a), Some(plain));
}

/// Every value the domain writes for the example workspace's roles — interactions, score, status, suspend
/// data, session time, exit; SCORM 1.2 and 2004; with and without a pass mark; answers of every kind —
/// set on the strict run-time stand-in (tests/e2e/lms/strict-scorm.js, written from the RTE's data-model
/// tables) in Node: none refused. And the stand-in does refuse what a strict LMS refuses.
#[test]
fn every_value_passes_the_strict_run_times() {
    let ws = example_workspace();
    let mut batches = Vec::new();
    for role in ws.roles.iter().filter(|r| !r.requirements.is_empty()) {
        let a = assessment_for_role(&ws, &role.id, "x7Kq-29fA", "2026-09-20").unwrap();
        let r = result_for(&a);
        let mut p = Progress::start(&a);
        p.learner = "Ana Lima".into();
        p.answers = r.answers.clone();
        p.answers[0].note = "A note\nwith a line break and \u{1F600}".into();
        p.submitted = true;
        for (v, data) in [
            (ScormVersion::V12, json!({"cmi.core.student_name": "Lima, Ana", "cmi.core.entry": "ab-initio"})),
            (ScormVersion::V2004, json!({"cmi.learner_name": "Ana Lima", "cmi.entry": "ab-initio", "cmi.interactions.0.id": "urn:x:earlier"})),
        ] {
            for mastery in [None, Some(80)] {
                let first = if v == ScormVersion::V2004 { 1 } else { 0 };
                let mut values = scorm_submit_values(v, &a, &r, 71.6, mastery, NOW_MS, first).values;
                values.push((v.element(ScormElement::SuspendData).into(), encode_progress(&p, v.suspend_limit()).0));
                values.push((v.element(ScormElement::SessionTime).into(), v.session_time(5_025_678.0)));
                values.push((v.element(ScormElement::Exit).into(), v.exit_value(false).into()));
                values.push((v.element(ScormElement::Exit).into(), v.exit_value(true).into()));
                values.push((v.element(ScormElement::Status).into(), "incomplete".into()));
                let version = if v == ScormVersion::V12 { "1.2" } else { "2004" };
                batches.push(json!({ "version": version, "data": data, "values": values }));
            }
        }
    }
    let check = |batches: &Value| {
        let file = std::env::temp_dir().join(format!("skillgap-strict-{}-{}.json", std::process::id(), batches.to_string().len()));
        std::fs::write(&file, batches.to_string()).unwrap();
        let out = std::process::Command::new("node")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/lms/strict-check.mjs"))
            .arg(&file)
            .output()
            .expect("node runs");
        std::fs::remove_file(&file).unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let all = Value::Array(batches);
    let (ok, summary) = check(&all);
    assert!(ok, "the strict run-times refused values: {summary}");
    let n: usize = all.as_array().unwrap().iter().map(|b| b["values"].as_array().unwrap().len()).sum();
    assert!(summary.contains(&format!("\"set\":{n}")), "{summary}");
    // What the strict run-times refuse, as strict LMSs do.
    for (version, el, value) in [
        ("2004", "cmi.interactions.0.timestamp", STAMP),
        ("2004", "cmi.session_time", "PT1.234S"),
        ("2004", "cmi.score.scaled", "0.12345678"),
        ("2004", "cmi.interactions.0.description", "{x}y"),
        ("1.2", "cmi.interactions.0.id", "skill_a-b"),
        ("1.2", "cmi.suspend_data", &"x".repeat(4097)),
        ("1.2", "cmi.core.session_time", "PT1S"),
    ] {
        let mut values = vec![];
        if el.starts_with("cmi.interactions.0.") && !el.ends_with(".id") {
            values.push(json!(["cmi.interactions.0.id", "urn:x:y"]));
        }
        values.push(json!([el, value]));
        let (ok, summary) = check(&json!([{ "version": version, "values": values }]));
        assert!(!ok, "{version} {el} = {value} should be refused: {summary}");
    }
}
