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

/// SCORM 1.2 strict CMIIdentifier: `^[A-Za-z0-9_-]{1,255}$`.
fn is_cmi12_identifier(s: &str) -> bool {
    (1..=255).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
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

const STAMP: &str = "2026-11-27T14:30:29.123Z";

fn value<'a>(r: &'a ScormRecord, k: &str) -> Option<&'a str> {
    r.values.iter().find(|(e, _)| e == k).map(|(_, v)| v.as_str())
}

#[test]
fn scorm12_values_are_ordered_and_valid() {
    let ws = example_workspace();
    let a = assessment_for_role(&ws, &ws.roles[0].id, "x7Kq-29fA", "2026-09-20").unwrap();
    let r = result_for(&a);
    let rec = scorm_submit_values(ScormVersion::V12, &a, &r, 71.6, None, STAMP, 0);
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
    let passed = scorm_submit_values(ScormVersion::V12, &a, &r, 80.0, Some(80), STAMP, 3);
    assert_eq!(value(&passed, "cmi.core.lesson_status"), Some("passed"));
    assert!(value(&passed, "cmi.interactions.3.id").is_some(), "numbering starts at the LMS's count");
    assert_eq!(passed.message(), "Recorded in your LMS: passed (pass mark 80), score 80 out of 100.");
    let failed = scorm_submit_values(ScormVersion::V12, &a, &r, 79.4, Some(80), STAMP, 0);
    assert_eq!(value(&failed, "cmi.core.lesson_status"), Some("failed"));
}

#[test]
fn scorm2004_values_are_ordered_and_valid() {
    let ws = example_workspace();
    let a = assessment_for_role(&ws, &ws.roles[1].id, "x7Kq-29fA", "2026-09-20").unwrap();
    let r = result_for(&a);
    let rec = scorm_submit_values(ScormVersion::V2004, &a, &r, 72.0, None, STAMP, 0);
    let n = a.skills.len();
    for (i, chunk) in rec.values[..n * 6].chunks(6).enumerate() {
        let p = format!("cmi.interactions.{i}.");
        let keys: Vec<&str> = chunk.iter().map(|(k, _)| k.strip_prefix(&p).unwrap()).collect();
        assert_eq!(keys, ["id", "type", "learner_response", "result", "description", "timestamp"]);
        assert!(is_urn(&chunk[0].1), "{}", chunk[0].1);
        assert!(is_cmi2004_short_identifier(&chunk[2].1), "{}", chunk[2].1);
        assert_eq!(chunk[4].1, a.skills[i].name);
        assert_eq!(chunk[5].1, STAMP);
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
    let failed = scorm_submit_values(ScormVersion::V2004, &a, &r, 100.0, Some(100), STAMP, 0);
    assert_eq!(value(&failed, "cmi.score.scaled"), Some("1"));
    assert_eq!(value(&failed, "cmi.success_status"), Some("passed"));
    let zero = scorm_submit_values(ScormVersion::V2004, &a, &r, f64::NAN, Some(50), STAMP, 0);
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
    let rec = scorm_submit_values(ScormVersion::V2004, &a, &r, 50.0, None, STAMP, 0);
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

    let (sent, outcome, score) = cmi5_submit_statements(&l, &d, 85.0, &["id-1".into(), "id-2".into()], STAMP, "PT2M");
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

    let (sent, outcome, _) = cmi5_submit_statements(&l, &d, 79.0, &["a".into(), "b".into()], STAMP, "PT2M");
    assert_eq!(outcome, Outcome::Failed);
    assert_eq!(sent[1]["verb"]["display"]["en-US"], "failed");
    assert_eq!(sent[1]["result"]["success"], false);

    let no_mastery = LaunchData { mastery_score: None, ..d.clone() };
    let (sent, outcome, _) = cmi5_submit_statements(&l, &no_mastery, 79.0, &["a".into(), "b".into()], STAMP, "PT2M");
    assert_eq!((sent.len(), outcome), (1, Outcome::Completed));
    assert!(sent[0]["result"].get("score").is_none(), "no score on completed");

    for mode in [LaunchMode::Browse, LaunchMode::Review] {
        let browse = LaunchData { launch_mode: mode, ..d.clone() };
        assert!(cmi5_submit_statements(&l, &browse, 90.0, &["a".into()], STAMP, "PT1S").0.is_empty());
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

const INDEX: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<HEAD>\n<meta charset=\"utf-8\"/>\n<title>Skillgap</title>\n</head><body></body></html>";

fn dist_files() -> Vec<(String, Vec<u8>)> {
    vec![
        ("index.html".into(), INDEX.as_bytes().to_vec()),
        ("skillgap-1_bg.wasm".into(), vec![0, 97, 115, 109, 1, 0, 0, 0]),
        ("skillgap-1.js".into(), b"export default 1;".to_vec()),
        ("assets/style & more.css".into(), b"body{}".to_vec()),
        ("imsmanifest.xml".into(), b"old".to_vec()),
    ]
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
    for (v, suffix) in [(ScormVersion::V12, "scorm12"), (ScormVersion::V2004, "scorm2004")] {
        let p = build_scorm_package(v, &a, &code, &dist_files(), Some(70)).unwrap();
        assert_eq!(p.file_name, format!("skillgap-{}-{suffix}.zip", slug(&a.role_name, "")));
        let entries = read_zip(&p.bytes);
        assert_eq!(p.files, entries.len());
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[0], "imsmanifest.xml");
        assert_eq!(names.iter().filter(|n| **n == "imsmanifest.xml").count(), 1, "the old manifest is replaced");
        let manifest = String::from_utf8(entries[0].1.clone()).unwrap();
        for n in &names[1..] {
            assert!(manifest.contains(&format!("<file href=\"{}\"/>", xml_escape(n))), "{n} not listed");
        }
        assert_eq!(manifest.matches("<file ").count(), names.len() - 1);
        let index = entries.iter().find(|(n, _)| n == "index.html").unwrap();
        let index = String::from_utf8(index.1.clone()).unwrap();
        assert_eq!(index.matches("name=\"skillgap-learner\"").count(), 1);
        assert!(index.contains(&format!("content=\"{code}\"")));
        let wasm = entries.iter().find(|(n, _)| n.ends_with(".wasm")).unwrap();
        assert_eq!(wasm.1, [0, 97, 115, 109, 1, 0, 0, 0]);
    }
    let no_index: Vec<_> = dist_files().into_iter().filter(|(n, _)| n != "index.html").collect();
    assert!(build_scorm_package(ScormVersion::V12, &a, &code, &no_index, None).unwrap_err().contains("index.html"));
    let escape = vec![("index.html".into(), INDEX.as_bytes().to_vec()), ("../x".into(), vec![])];
    assert!(build_scorm_package(ScormVersion::V12, &a, &code, &escape, None).unwrap_err().contains("../x"));
    assert!(build_scorm_package(ScormVersion::V12, &a, &code, &dist_files(), Some(101)).is_err());
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
    assert_eq!((p.mastery, p.versions.as_slice(), p.out.as_str(), p.dist.as_str()), (Some(80), &[ScormVersion::V2004][..], "o", "dist"));
    let w = parse_package_args(&args(&["--workspace", "w.json", "--role", "Teller"])).unwrap();
    assert_eq!(w.source, PackageSource::Workspace { file: "w.json".into(), role: "Teller".into() });
    assert_eq!(w.versions, [ScormVersion::V12, ScormVersion::V2004]);
    for (bad, says) in [
        (&["--link"][..], "--link needs a value"),
        (&["--mastery", "101", "--link", "x"][..], "--mastery is a whole number 0–100"),
        (&["--version", "3", "--link", "x"][..], "--version is 12, 2004 or both"),
        (&["--frob", "x"][..], "unknown option --frob"),
        (&["--workspace", "w.json"][..], "--workspace needs --role"),
        (&["--link", "x", "--workspace", "w", "--role", "r"][..], "either --link or --workspace"),
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
    for suffix in ["scorm12", "scorm2004"] {
        let path = out.join(format!("skillgap-{slug}-{suffix}.zip"));
        let entries = read_zip(&std::fs::read(&path).unwrap());
        assert_eq!(entries.len(), 5, "{entries:?}");
        assert!(stdout.contains(&format!("skillgap-{slug}-{suffix}.zip")) && stdout.contains("5 files"), "{stdout}");
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
    let code = html.split("content=\"").nth(1).unwrap().split('"').next().unwrap();
    assert_eq!(decode_link(code).unwrap().role, ws.roles[1].id);
    std::fs::remove_dir_all(&dir).unwrap();
}

fn slug_of(name: &str) -> String {
    slug(name, "")
}
