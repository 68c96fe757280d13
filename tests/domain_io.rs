//! JSON import/export: every import error says where (file, line/column or field path, or the item at
//! fault), versions are checked, a BOM is accepted, and export → import round-trips.

use serde_json::{json, Value};
use skillgap::domain::example::example_workspace;
use skillgap::domain::io::to_compact_json;
use skillgap::domain::*;

const FILE: &str = "team skills (v2).json";

/// A small valid workspace with one of everything, ratings included.
fn basic() -> Workspace {
    let mut ws = Workspace::empty("Test bank");
    let skill = SkillId(
        ws.apply(Command::AddSkill { name: "Listening".into(), category: "Communication".into() })
            .unwrap()
            .created
            .unwrap(),
    );
    let role = RoleId(
        ws.apply(Command::AddRole { name: "Teller".into(), team: "Branch".into(), contact: ContactLevel::High })
            .unwrap()
            .created
            .unwrap(),
    );
    ws.apply(Command::SetRequirement {
        role: role.clone(),
        skill: skill.clone(),
        requirement: Some(Requirement { level: 3, importance: 4 }),
    })
    .unwrap();
    ws.apply(Command::SetLevelText { id: skill.clone(), level: 1, text: "Lets the customer finish".into() }).unwrap();
    ws.apply(Command::SetSkillWeight { id: skill.clone(), dimension: Dimension::Empathy, weight: 3 }).unwrap();
    let person = PersonId(
        ws.apply(Command::AddPerson {
            fields: PersonFields {
                name: "Ann".into(),
                role: role.clone(),
                team: "North".into(),
                start_date: Some("2019-07-01".into()),
            },
        })
        .unwrap()
        .created
        .unwrap(),
    );
    ws.ratings.push(Rating {
        person: person.clone(),
        skill: skill.clone(),
        source: Source::SelfRating,
        level: Some(2),
        date: "2025-01-10".into(),
        note: "Keen".into(),
    });
    ws.ratings.push(Rating {
        person,
        skill,
        source: Source::Agreed,
        level: None,
        date: "2025-01-10".into(),
        note: String::new(),
    });
    ws.validate().expect("basic fixture is valid");
    ws
}

fn basic_value() -> Value {
    serde_json::from_str(&export_json(&basic())).unwrap()
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

/// 1-based number of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} not in text")) + 1
}

#[track_caller]
fn import_err(text: &str) -> ImportError {
    match import_json(FILE, text) {
        Ok(ws) => panic!("import succeeded: {ws:?}"),
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.starts_with(&format!("{FILE}: ")), "message does not start with the file name: {msg}");
            e
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Syntax errors
// ---------------------------------------------------------------------------------------------------------

#[test]
fn missing_comma_on_line_3_reports_line_and_column() {
    let text = "{\n  \"schema_version\": 1,\n  \"name\": \"Bank\" \"currency\": \"AUD\"\n}\n";
    let line3 = text.lines().nth(2).unwrap();
    let column = line3.find("\"currency\"").unwrap() + 1;
    let e = import_err(text);
    match &e {
        ImportError::Syntax { file, line, column: c, message } => {
            assert_eq!(file, FILE);
            assert_eq!((*line, *c), (3, column));
            assert!(message.contains(','), "{message}");
            assert!(!message.contains(" at line "), "serde's own position should be stripped: {message}");
        }
        other => panic!("expected Syntax, got {other:?}"),
    }
    let msg = e.to_string();
    assert!(msg.contains("line 3"), "{msg}");
    assert!(msg.contains(&format!("column {column}")), "{msg}");
}

#[test]
fn missing_comma_at_end_of_line_3_is_reported_at_the_next_token() {
    // The parser only notices the missing comma when it meets the next key, on line 4, column 3.
    let text = "{\n  \"schema_version\": 1,\n  \"name\": \"Bank\"\n  \"currency\": \"AUD\"\n}\n";
    match import_err(text) {
        ImportError::Syntax { line, column, .. } => assert_eq!((line, column), (4, 3)),
        other => panic!("expected Syntax, got {other:?}"),
    }
}

#[test]
fn other_syntax_errors_report_positions() {
    let cases: &[(&str, usize)] = &[
        ("", 1),
        ("   \n\n", 3),
        ("{\n  \"schema_version\": 1,\n}", 3),               // trailing comma
        ("{\n  \"schema_version\": 1,\n  \"name\": \"x", 3), // truncated inside a string
        ("{\n  \"schema_version\": 1\n", 3),                 // unclosed object
        ("{ schema_version: 1 }", 1),                        // unquoted key
    ];
    for (text, want_line) in cases {
        match import_err(text) {
            ImportError::Syntax { line, .. } => assert_eq!(line, *want_line, "{text:?}"),
            other => panic!("{text:?}: expected Syntax, got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Field errors (wrong type or missing field in an otherwise well-formed file)
// ---------------------------------------------------------------------------------------------------------

#[track_caller]
fn field_err(text: &str) -> (String, usize, usize, String, String) {
    let e = import_err(text);
    let display = e.to_string();
    match e {
        ImportError::Field { file, path, line, column, message } => {
            assert_eq!(file, FILE);
            assert!(display.contains(&path), "{display}");
            (path, line, column, message, display)
        }
        other => panic!("expected Field, got {other:?}"),
    }
}

#[test]
fn wrong_type_for_headcount_names_the_path_and_line() {
    let mut v = basic_value();
    v["roles"][0]["headcount"] = json!("many");
    let text = pretty(&v);
    let (path, line, column, message, display) = field_err(&text);
    assert!(path.contains("roles[0].headcount"), "{path}");
    assert_eq!(line, line_of(&text, "\"headcount\": \"many\""));
    assert!(column > 0);
    assert!(message.contains("many") || message.contains("invalid type"), "{message}");
    assert!(display.contains("roles[0].headcount"), "{display}");
    assert!(display.contains(&format!("line {line}")), "{display}");
}

#[test]
fn negative_headcount_is_a_field_error() {
    let mut v = basic_value();
    v["roles"][0]["headcount"] = json!(-5);
    let (path, ..) = field_err(&pretty(&v));
    assert!(path.contains("roles[0].headcount"), "{path}");
}

#[test]
fn nested_wrong_types_name_their_paths() {
    type Break = fn(&mut Value);
    let cases: Vec<(Break, &str)> = vec![
        (|v| v["people"][0]["start_date"] = json!(20190701), "people[0].start_date"),
        (|v| v["ratings"][1]["source"] = json!("boss"), "ratings[1].source"),
        (|v| v["roles"][0]["contact"] = json!("sometimes"), "roles[0].contact"),
        (|v| v["skills"][0]["servqual"]["empathy"] = json!(300), "skills[0].servqual.empathy"),
        (|v| v["scale"]["labels"][2] = json!(7), "scale.labels[2]"),
        (|v| v["roles"][0]["annual_turnover"] = json!("20 %"), "roles[0].annual_turnover"),
    ];
    for (break_it, want) in cases {
        let mut v = basic_value();
        break_it(&mut v);
        let (path, ..) = field_err(&pretty(&v));
        assert!(path.contains(want), "expected path {want}, got {path}");
    }
}

#[test]
fn missing_required_fields_name_their_place() {
    let mut v = basic_value();
    v.as_object_mut().unwrap().remove("currency");
    let (_, _, _, message, _) = field_err(&pretty(&v));
    assert!(message.contains("currency"), "{message}");

    let mut v = basic_value();
    v["roles"][0].as_object_mut().unwrap().remove("contact");
    let (path, _, _, message, _) = field_err(&pretty(&v));
    assert!(path.contains("roles[0]"), "{path}");
    assert!(message.contains("contact"), "{message}");
}

#[test]
fn optional_fields_may_be_left_out() {
    let text = r#"{
        "schema_version": 1,
        "name": "Minimal",
        "currency": "EUR",
        "scale": { "labels": ["Low", "High"] },
        "skills": [ { "id": "s1", "name": "Listening", "category": "Talk" } ],
        "roles": [ { "id": "r2", "name": "Teller", "team": "", "headcount": 3, "annual_turnover": 0.1,
                     "salary": 50000, "contact": "low" } ],
        "next_id": 3
    }"#;
    let ws = import_json(FILE, text).unwrap();
    assert_eq!(ws.name, "Minimal");
    assert!(ws.people.is_empty() && ws.ratings.is_empty());
    assert!(!ws.is_example);
    assert!(ws.skills[0].level_texts.is_empty());
    assert_eq!(ws.roles[0].contact, ContactLevel::Low);
    assert!(ws.roles[0].requirements.is_empty());
}

// ---------------------------------------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------------------------------------

#[test]
fn missing_schema_version_is_not_a_workspace() {
    let mut v = basic_value();
    v.as_object_mut().unwrap().remove("schema_version");
    for text in [
        pretty(&v),
        "{}".into(),
        "[]".into(),
        "\"hello\"".into(),
        "null".into(),
        "42".into(),
        "[{\"schema_version\": 1}]".into(),
    ] {
        assert_eq!(import_err(&text), ImportError::NotAWorkspace { file: FILE.into() }, "{text}");
    }
}

#[test]
fn newer_schema_version_is_too_new() {
    for found in [99u64, SCHEMA_VERSION as u64 + 1, u64::MAX] {
        let mut v = basic_value();
        v["schema_version"] = json!(found);
        let e = import_err(&pretty(&v));
        assert_eq!(e, ImportError::TooNew { file: FILE.into(), found });
        assert!(e.to_string().contains(&found.to_string()), "{e}");
    }
}

#[test]
fn impossible_schema_versions_are_bad_versions() {
    let cases = [json!("x"), json!(0), json!(-1), json!(1.5), json!(null), json!(true), json!("1"), json!([1])];
    for version in cases {
        let mut v = basic_value();
        v["schema_version"] = version.clone();
        let e = import_err(&pretty(&v));
        assert_eq!(e, ImportError::BadVersion { file: FILE.into(), found: version.to_string() });
        assert!(e.to_string().contains(&version.to_string()), "{e}");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Parseable but invalid workspaces
// ---------------------------------------------------------------------------------------------------------

#[track_caller]
fn invalid(v: &Value) -> (DomainError, String) {
    let e = import_err(&pretty(v));
    let display = e.to_string();
    match e {
        ImportError::Invalid { file, source } => {
            assert_eq!(file, FILE);
            (source, display)
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn requirement_on_unknown_skill_is_invalid_and_names_the_role() {
    let mut v = basic_value();
    v["roles"][0]["requirements"]["s404"] = json!({ "level": 1, "importance": 2 });
    let (source, display) = invalid(&v);
    assert!(display.contains("Teller"), "{display}");
    assert!(display.contains("s404"), "{display}");
    match source {
        DomainError::At { source, .. } => {
            assert_eq!(*source, DomainError::UnknownId { what: "skill", id: "s404".into() })
        }
        other => panic!("expected At(UnknownId), got {other:?}"),
    }
}

#[test]
fn duplicate_role_names_are_invalid_and_name_the_role() {
    let mut v = basic_value();
    let mut copy = v["roles"][0].clone();
    copy["id"] = json!("r-copy");
    copy["name"] = json!("TELLER");
    v["roles"].as_array_mut().unwrap().push(copy);
    let (source, display) = invalid(&v);
    assert!(matches!(source, DomainError::DuplicateName { what: "role", .. }), "{source:?}");
    assert!(display.to_lowercase().contains("teller"), "{display}");
}

#[test]
fn other_invalid_workspaces_name_the_item_at_fault() {
    type Break = fn(&mut Value);
    let cases: Vec<(Break, &str)> = vec![
        (|v| v["roles"][0]["requirements"]["s1"]["level"] = json!(9), "Teller"),
        (|v| v["roles"][0]["requirements"]["s1"]["importance"] = json!(0), "Teller"),
        (|v| v["roles"][0]["annual_turnover"] = json!(5.0), "Teller"),
        (|v| v["roles"][0]["headcount"] = json!(2_000_000), "Teller"),
        (|v| v["roles"][0]["salary"] = json!(-1), "Teller"),
        (|v| v["people"][0]["role"] = json!("r404"), "Ann"),
        (|v| v["people"][0]["start_date"] = json!("2026-02-30"), "Ann"),
        (|v| v["skills"][0]["name"] = json!("   "), "skills[0]"),
        (|v| v["skills"][0]["servqual"]["empathy"] = json!(4), "Listening"),
        (|v| v["ratings"][0]["level"] = json!(7), "ratings[0]"),
        (|v| v["ratings"][0]["person"] = json!("p404"), "ratings[0]"),
        (|v| v["ratings"][1]["source"] = json!("self"), "ratings[1]"),
        (|v| v["currency"] = json!("euro"), "currency"),
        (|v| v["scale"]["labels"] = json!(["Only one"]), "scale"),
        (|v| v["roles"][0]["id"] = json!("s1"), "s1"),
    ];
    for (i, (break_it, want)) in cases.into_iter().enumerate() {
        let mut v = basic_value();
        break_it(&mut v);
        let (_, display) = invalid(&v);
        assert!(display.contains(want), "case {i}: {want:?} not in {display}");
    }
}

// ---------------------------------------------------------------------------------------------------------
// BOM, file names, round trips
// ---------------------------------------------------------------------------------------------------------

#[test]
fn utf8_bom_is_accepted() {
    let ws = basic();
    let text = format!("\u{feff}{}", export_json(&ws));
    assert_eq!(import_json(FILE, &text), Ok(ws));
    // Positions after a BOM still count from the first real character.
    let bad = "\u{feff}{\n  \"schema_version\": 1,\n  \"name\": \"Bank\" \"currency\": \"AUD\"\n}";
    match import_err(bad) {
        ImportError::Syntax { line, column, .. } => assert_eq!((line, column), (3, 18)),
        other => panic!("expected Syntax, got {other:?}"),
    }
}

#[test]
fn every_error_message_names_the_file() {
    let mut dup = basic_value();
    let first = dup["skills"][0].clone();
    dup["skills"].as_array_mut().unwrap().push(first);
    let mut wrong_type = basic_value();
    wrong_type["next_id"] = json!("seven");
    let texts = [
        "{ oops".to_string(),
        "{}".to_string(),
        r#"{"schema_version": 99}"#.to_string(),
        r#"{"schema_version": "x"}"#.to_string(),
        r#"{"schema_version": 1}"#.to_string(),
        pretty(&wrong_type),
        pretty(&dup),
    ];
    let mut kinds = Vec::new();
    for name in ["a.json", "Mein Team – März.json", "C:\\Users\\x\\export (1).json"] {
        for text in &texts {
            let e = import_json(name, text).unwrap_err();
            let msg = e.to_string();
            assert!(msg.starts_with(&format!("{name}: ")), "{msg}");
            if name == "a.json" {
                kinds.push(std::mem::discriminant(&e));
            }
        }
    }
    kinds.sort_by_key(|d| format!("{d:?}"));
    kinds.dedup();
    assert_eq!(kinds.len(), 6, "the texts should cover all six ImportError variants");
}

#[test]
fn example_workspace_round_trips() {
    let ex = example_workspace();
    ex.validate().expect("the example workspace is valid");
    let text = export_json(&ex);
    assert!(text.contains(&format!("\"schema_version\": {SCHEMA_VERSION}")), "{text}");
    assert_eq!(import_json("example.json", &text), Ok(ex.clone()));
    assert_eq!(import_json("example.json", &to_compact_json(&ex)), Ok(ex));
}

#[test]
fn basic_workspace_round_trips_and_keeps_its_format() {
    let ws = basic();
    let text = export_json(&ws);
    let back = import_json(FILE, &text).unwrap();
    assert_eq!(back, ws);
    assert_eq!(export_json(&back), text);
    // Enum spellings are part of the file format.
    for needle in
        ["\"contact\": \"high\"", "\"source\": \"self\"", "\"source\": \"agreed\"", "\"level\": null", "\"empathy\": 3"]
    {
        assert!(text.contains(needle), "{needle} missing from\n{text}");
    }
}

#[test]
fn import_is_indifferent_to_key_order_and_whitespace() {
    let ws = basic();
    let v: Value = serde_json::from_str(&export_json(&ws)).unwrap();
    // serde_json's Value map is sorted, so this reorders the keys alphabetically.
    let compact = serde_json::to_string(&v).unwrap();
    assert_eq!(import_json(FILE, &compact), Ok(ws.clone()));
    let spaced = format!("\r\n\t {} \r\n", pretty(&v).replace('\n', "\r\n"));
    assert_eq!(import_json(FILE, &spaced), Ok(ws));
}

/// Every f64 comes back bit-identical (serde_json's `float_roundtrip`), not one ULP off.
#[test]
fn arbitrary_floats_round_trip_exactly() {
    let mut ws = basic();
    let id = ws.roles[0].id.clone();
    let mut fields = RoleFields::of(&ws.roles[0]);
    fields.annual_turnover = 0.05481080183631024;
    fields.salary = 2.5976397732906826;
    ws.apply(Command::UpdateRole { id, fields }).unwrap();
    assert_eq!(import_json(FILE, &export_json(&ws)), Ok(ws));
}

#[test]
fn a_version_1_file_migrates_to_the_current_version_with_no_scenarios() {
    let mut v = basic_value();
    v["schema_version"] = Value::from(1);
    v.as_object_mut().unwrap().remove("scenarios");
    let ws = import_json("old.json", &pretty(&v)).expect("a version-1 file still imports");
    assert_eq!((ws.schema_version, ws.scenarios.len()), (SCHEMA_VERSION, 0));
    assert_eq!(SCHEMA_VERSION, 5); // 3: skill sources; 4: simulation v2 (scenarios through sim::migrate_from_model_1); 5: staff survey
}

#[test]
fn a_version_2_file_migrates_to_version_3_with_skills_that_have_no_source() {
    let mut v = basic_value();
    v["schema_version"] = Value::from(2);
    v.as_object_mut().unwrap().remove("survey");
    let ws = import_json("v2.json", &pretty(&v)).expect("a version-2 file still imports");
    assert_eq!(ws.schema_version, SCHEMA_VERSION);
    assert!(ws.skills.iter().all(|s| s.source.is_none()));
    // A skill without a source writes no `source` field, so a version-2 reader sees only the version change.
    let skills = serde_json::to_string(&ws.skills).unwrap();
    assert!(!skills.contains("\"source\""), "{skills}");
}

#[test]
fn a_version_4_file_migrates_to_version_5_with_the_default_questionnaire_and_no_rounds() {
    let mut v = basic_value();
    v["schema_version"] = Value::from(4);
    v.as_object_mut().unwrap().remove("survey");
    let ws = import_json("v4.json", &pretty(&v)).expect("a version-4 file still imports");
    assert_eq!(ws.schema_version, 5);
    assert_eq!(ws.survey, skillgap::domain::survey::StaffSurvey::default());
    assert!(ws.survey.rounds.is_empty());
    // A version-3 file that somehow has a survey keeps it (the step only adds what is missing).
    let mut v = basic_value();
    v["schema_version"] = Value::from(3);
    v["survey"]["threshold"] = Value::from(7);
    assert_eq!(import_json("v3.json", &pretty(&v)).unwrap().survey.threshold, 7);
}

#[test]
fn a_skill_source_round_trips_and_two_skills_cannot_share_one() {
    let mut ws = basic();
    ws.skills[0].source = Some(SkillSource { framework: "ESCO".into(), id: "http://data.europa.eu/esco/skill/x".into() });
    let text = export_json(&ws);
    assert_eq!(import_json(FILE, &text), Ok(ws.clone()));
    ws.apply(Command::AddSkill { name: "Speaking".into(), category: "Communication".into() }).unwrap();
    ws.skills[1].source = Some(SkillSource { framework: "other".into(), id: "http://data.europa.eu/esco/skill/x".into() });
    let err = import_json(FILE, &export_json(&ws)).unwrap_err().to_string();
    assert!(err.contains("same source identifier"), "{err}");
    // Ids that are not URIs are only unique within their framework.
    ws.skills[0].source = Some(SkillSource { framework: "A".into(), id: "COMM-1".into() });
    ws.skills[1].source = Some(SkillSource { framework: "B".into(), id: "COMM-1".into() });
    assert!(import_json(FILE, &export_json(&ws)).is_ok());
}

// ---------------------------------------------------------------------------------------------------------
// Found by the fuzzer (issue 11): positions, control characters, long values, the stored forms
// ---------------------------------------------------------------------------------------------------------

#[test]
fn a_version_1_files_field_errors_point_into_that_file() {
    let mut v = basic_value();
    v["schema_version"] = Value::from(1);
    v.as_object_mut().unwrap().remove("scenarios");
    v["roles"][0]["headcount"] = json!("many");
    let text = pretty(&v);
    let (path, line, _, message, _) = field_err(&text);
    assert_eq!(path, "roles[0].headcount");
    assert_eq!(line, line_of(&text, "\"many\""), "the line of the user's file, not of the migrated text");
    assert!(message.contains("expected u32"), "{message}");
}

#[test]
fn a_nul_or_other_control_character_in_a_name_or_note_is_refused_with_its_place() {
    for (place, value) in [("people", "name"), ("ratings", "note"), ("skills", "name"), ("roles", "name")] {
        let mut v = basic_value();
        v[place][0][value] = json!("An\u{0}n");
        let e = import_err(&pretty(&v)).to_string();
        assert!(e.contains("control characters (U+0000)") && e.contains(&format!("{place}[0]")), "{e}");
    }
    let mut v = basic_value();
    v["people"][0]["id"] = json!("p\u{7}");
    assert!(import_err(&pretty(&v)).to_string().contains("an id may not contain control characters (U+0007)"));
    // Line breaks and tabs stay allowed in free text (notes written over several lines).
    let mut v = basic_value();
    v["ratings"][0]["note"] = json!("first line\nsecond\tline");
    assert!(import_json(FILE, &pretty(&v)).is_ok());
}

#[test]
fn messages_never_quote_a_long_value_whole() {
    let long = "x".repeat(1 << 20);
    let mut cases = Vec::new();
    let mut v = basic_value();
    v["roles"][0]["headcount"] = json!(long);
    cases.push(v);
    let mut v = basic_value();
    v["schema_version"] = json!(long);
    cases.push(v);
    let mut v = basic_value();
    v["roles"][0]["contact"] = json!(long);
    cases.push(v);
    let mut v = basic_value();
    v["ratings"][0]["date"] = json!(long);
    cases.push(v);
    let mut v = basic_value();
    v["people"][0]["role"] = json!(long);
    cases.push(v);
    let mut v = basic_value();
    let req = v["roles"][0]["requirements"].as_object().unwrap().values().next().unwrap().clone();
    v["roles"][0]["requirements"][long.as_str()] = req;
    cases.push(v);
    for v in cases {
        let e = import_err(&serde_json::to_string(&v).unwrap()).to_string();
        assert!(e.len() < 500, "{} characters: {}", e.len(), &e[..300]);
        assert!(e.contains('\u{2026}'), "{e}");
    }
}

mod stored {
    use super::*;
    use skillgap::domain::io::*;
    use skillgap::domain::pack::{pack, unpack, MAX_PAYLOAD_BYTES};

    fn deflate(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn b64(bytes: &[u8]) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    #[test]
    fn every_stored_form_reads_back() {
        let ws = example_workspace();
        assert_eq!(from_storage_bytes("saved", &to_storage_bytes(&ws)), Ok(ws.clone()));
        assert_eq!(from_storage_text("saved", &to_storage_text(&ws)), Ok(ws.clone()));
        assert_eq!(from_storage_bytes("saved", to_compact_json(&ws).as_bytes()), Ok(ws.clone()));
        // What an earlier Skillgap stored for large workspaces.
        let old = format!("{PACKED_PREFIX}{}", b64(&deflate(to_compact_json(&ws).as_bytes())));
        assert_eq!(from_storage_text("saved", &old), Ok(ws));
    }

    #[test]
    fn a_forged_packed_length_is_refused_before_inflating() {
        let bytes = pack(&example_workspace());
        let mut forged = bytes.clone();
        forged[4..8].copy_from_slice(&(MAX_PAYLOAD_BYTES as u32 + 1).to_le_bytes());
        assert!(unpack("saved", &forged).unwrap_err().to_string().contains("over the limit"));
        // Within the limit but beyond what deflate can make of this many bytes.
        let mut forged = bytes[..100].to_vec();
        forged[4..8].copy_from_slice(&(MAX_PAYLOAD_BYTES as u32).to_le_bytes());
        assert!(unpack("saved", &forged).unwrap_err().to_string().contains("more than deflate can produce"));
    }

    #[test]
    fn a_newer_or_damaged_stored_workspace_says_so() {
        let mut v = basic_value();
        v["schema_version"] = json!(99);
        let e = from_storage_text("the saved workspace", &v.to_string()).unwrap_err();
        assert!(matches!(e, ImportError::TooNew { found: 99, .. }), "{e:?}");
        let mut bytes = to_storage_bytes(&basic());
        let n = bytes.len();
        bytes.truncate(n - 3);
        assert!(from_storage_bytes("saved", &bytes).unwrap_err().to_string().contains("damaged"));
        assert!(from_storage_bytes("saved", &[0xff, 0xfe, 0]).unwrap_err().to_string().contains("neither"));
    }
}
