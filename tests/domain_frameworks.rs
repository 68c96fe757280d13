//! Skill frameworks: every format read from hand-written fixtures (tests/fixtures/frameworks), the plan
//! (new, matched by source then name, categories, level texts, role profile, skipped), a second import
//! updating rather than duplicating, bad input placed by row, column or JSON path, and the exports read
//! back (the CASE one validated against the CASE 1.1 CFPackage JSON schema).

#![cfg(not(target_arch = "wasm32"))]

use skillgap::domain::example::example_workspace;
use skillgap::domain::frameworks::plan::{plan, Match, PlanOptions};
use skillgap::domain::frameworks::{case, moodle, read, read_all, templates, Format, Framework, FrameworkError};
use skillgap::domain::*;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/frameworks/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn read_ok(name: &str) -> Framework {
    read(name, &fixture(name)).unwrap_or_else(|e| panic!("{name}: {}", messages(&e)))
}

fn messages(e: &[FrameworkError]) -> String {
    e.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
}

fn read_err(name: &str, text: &str) -> String {
    messages(&read(name, text.as_bytes()).expect_err("the file should be refused"))
}

fn apply(ws: &Workspace, fw: &Framework, options: &PlanOptions) -> Workspace {
    let p = plan(ws, fw, options);
    let next = p.workspace.clone().unwrap_or_else(|| panic!("plan refused: {:?}", p.refused));
    let mut h = History::new(ws.clone());
    h.apply(Command::Replace(Box::new(next))).expect("a planned workspace is valid");
    (**h.present()).clone()
}

fn skill<'a>(ws: &'a Workspace, name: &str) -> &'a Skill {
    ws.skills.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no skill {name}"))
}

// -------------------------------------------------------------------------------------------------------
// Moodle
// -------------------------------------------------------------------------------------------------------

#[test]
fn moodle_framework_with_mixed_line_ends_is_read_as_a_tree() {
    let fw = read_ok("moodle_service.csv");
    assert_eq!(fw.format, Format::Moodle);
    assert_eq!(fw.name, "Harbour service framework");
    assert_eq!(fw.source_name, "HB-SERVICE");
    assert_eq!(fw.scale.as_deref(), Some(&["Not yet competent".to_string(), "Competent".to_string()][..]));
    let names: Vec<&str> = fw.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        ["Customer conversations", "Listening and needs discovery", "Explaining products plainly", "Service problems", "Service recovery", "Handling complaints"]
    );
    let listening = &fw.items[1];
    assert_eq!(listening.parent, Some(0));
    assert_eq!(listening.source_id.as_deref(), Some("listening"));
    // HTML in format 1 becomes plain text; the line break inside the quoted cell is white space in HTML.
    assert_eq!(listening.description, "Lets the customer finish, asks open questions & checks understanding.\n\u{2022} Paraphrases\n\u{2022} Summarises");
    assert_eq!(fw.items[4].description, "Owns the problem <until> it is fixed.");
    assert_eq!(fw.items[5].description, "Follows the complaint procedure.\nLogs every case.");
    // Plain text (format 2) is kept as it is.
    assert_eq!(fw.items[2].description, "Plain words, no jargon.");
    let skipped: Vec<(&str, &str)> = fw.skipped.iter().map(|s| (s.place.as_str(), s.name.as_str())).collect();
    assert_eq!(skipped.len(), 2, "{:?}", fw.skipped);
    assert!(fw.skipped.iter().any(|s| s.name == "Orphan competency" && s.reason.contains("\u{201c}nowhere\u{201d} is not in the file")));
    assert!(fw.skipped.iter().any(|s| s.reason.contains("no id number")));
    let notes = fw.notes.join("\n");
    assert!(notes.contains("completion rules"), "{notes}");
    assert!(notes.contains("cross-referenced"), "{notes}");
    // Rows are placed by their line in the file, whatever the line ends.
    assert_eq!(fw.items[0].place, "row 3");
    // Handling complaints: after the listening row, whose quoted description spans two lines.
    assert_eq!(fw.items[5].place, "row 9");
}

#[test]
fn the_older_twelve_column_layout_with_newer_header_words_is_read() {
    let fw = read_ok("moodle_old_12col.csv");
    assert_eq!(fw.format, Format::Moodle);
    assert_eq!(fw.name, "Old framework");
    assert_eq!(fw.items.len(), 2);
    assert_eq!(fw.items[0].description, "Greets within 10 seconds.");
    assert!(fw.notes.iter().any(|n| n.contains("12-column")), "{:?}", fw.notes);
}

#[test]
fn a_moodle_file_without_moodles_header_words_is_read_by_position() {
    let text = "a,b,c,d,e,f,g,h,i,j,k,l,m,n\n,FW,Frame,,1,\"No,Yes\",,,,,,,1,\n,c1,Comp one,,1,,,,,,,,,\n";
    let fw = read("positions.csv", text.as_bytes());
    // Without Moodle's words the header is not recognised as Moodle's at all.
    assert!(fw.is_err());
    let text = "Parent id number,Id number,x,y,z,s,t,u,v,w,p,q,Is framework,r\n,FW,Frame,,1,,,,,,,,1,\n,c1,Comp one,,1,,,,,,,,,\n";
    let fw = read("positions.csv", text.as_bytes()).unwrap();
    assert_eq!(fw.items[0].name, "Comp one");
    assert!(fw.notes.iter().any(|n| n.contains("read by position")), "{:?}", fw.notes);
    // Moodle's header with a column of its own added: read by name, the extra column reported.
    let header = moodle::HEADER.join(",");
    let fw = read("extra.csv", format!("{header},Colour\n,FW,Frame,,1,,,,,,,,1,,\n,c1,Comp one,,1,,,,,,,,,,red\n").as_bytes()).unwrap();
    assert!(fw.notes.iter().any(|n| n.contains("column 15 (Colour) is not part of the Moodle")), "{:?}", fw.notes);
}

#[test]
fn bad_moodle_files_are_refused_with_row_and_column() {
    let header = moodle::HEADER.join(",");
    let err = read_err("dup.csv", &format!("{header}\n,FW,Frame,,1,,,,,,,,1,\n,a,A,,1,,,,,,,,,\n,a,B,,1,,,,,,,,,\n"));
    assert!(err.contains("dup.csv, row 4, column 2 (Id number): the id number \u{201c}a\u{201d} is also used in row 3"), "{err}");
    let err = read_err("two.csv", &format!("{header}\n,FW,Frame,,1,,,,,,,,1,\n,FW2,Frame 2,,1,,,,,,,,true,\n"));
    assert!(err.contains("two.csv, row 3, column 13 (Is framework): a second framework row (the first is row 2)"), "{err}");
    let err = read_err("none.csv", &format!("{header}\n,a,A,,1,,,,,,,,,\n"));
    assert!(err.contains("none.csv: no row has \u{201c}Is framework\u{201d} set"), "{err}");
    let err = read_err("format.csv", &format!("{header}\n,FW,Frame,,1,,,,,,,,1,\n,a,A,,html,,,,,,,,,\n"));
    assert!(err.contains("row 3, column 5 (Description format): \u{201c}html\u{201d} is not a Moodle text format"), "{err}");
    let err = read_err("config.csv", &format!("{header}\n,FW,Frame,,1,\"A,B\",{{broken,,,,,,1,\n"));
    assert!(err.contains("row 2, column 7 (Scale configuration)"), "{err}");
    let err = read_err("quote.csv", &format!("{header}\n,FW,\"Frame,,1\n"));
    assert!(err.contains("quote.csv"), "{err}");
}

#[test]
fn parents_in_a_circle_are_skipped_with_the_reason() {
    let header = moodle::HEADER.join(",");
    let fw = read("circle.csv", format!("{header}\n,FW,Frame,,1,,,,,,,,1,\nb,a,A,,1,,,,,,,,,\na,b,B,,1,,,,,,,,,\n,c,C,,1,,,,,,,,,\n").as_bytes()).unwrap();
    assert_eq!(fw.items.len(), 1);
    assert_eq!(fw.skipped.len(), 2);
    assert!(fw.skipped[0].reason.contains("circle"), "{:?}", fw.skipped);
}

// -------------------------------------------------------------------------------------------------------
// The plan
// -------------------------------------------------------------------------------------------------------

#[test]
fn plan_says_what_is_new_matched_and_skipped_and_applies_as_one_undo_step() {
    let mut ws = example_workspace();
    // A skill named like a framework item, without a source.
    ws.apply(Command::AddSkill { name: "Handling complaints".into(), category: "Mine".into() }).unwrap();
    let before = ws.clone();
    let fw = read_ok("moodle_service.csv");
    let p = plan(&ws, &fw, &PlanOptions::default());
    assert!(p.refused.is_none(), "{:?}", p.refused);
    let by_name = |n: &str| p.skills.iter().find(|s| s.name == n || s.existing.as_ref().is_some_and(|e| e.1 == n)).unwrap();
    let handling = by_name("Handling complaints");
    assert_eq!(handling.how, Match::ByName);
    assert!(handling.changes.iter().any(|c| c == "source") && handling.changes.iter().any(|c| c == "category"), "{:?}", handling.changes);
    assert_eq!(p.skills.iter().filter(|s| s.how == Match::New).count(), 2);
    // The example's "Listening and needs discovery" has no source: matched by name.
    assert_eq!(by_name("Listening and needs discovery").how, Match::ByName);
    assert_eq!(
        p.categories,
        vec![("Customer conversations".to_string(), 2), ("Service problems".to_string(), 2)]
    );
    assert_eq!(p.skipped.len(), 2);
    assert!(p.notes.iter().any(|n| n.contains("became categories")), "{:?}", p.notes);

    let mut h = History::new(ws.clone());
    h.apply(Command::Replace(Box::new(p.workspace.clone().unwrap()))).unwrap();
    let after = h.present().clone();
    assert_eq!(after.skills.len(), before.skills.len() + 2);
    let listening = skill(&after, "Listening and needs discovery");
    assert_eq!(listening.category, "Customer conversations");
    assert_eq!(listening.source, Some(SkillSource { framework: "HB-SERVICE".into(), id: "listening".into() }));
    assert!(h.undo());
    assert_eq!(**h.present(), before);
}

#[test]
fn a_second_import_updates_rather_than_duplicates() {
    let ws = Workspace::empty("Fresh");
    let fw = read_ok("moodle_service.csv");
    let once = apply(&ws, &fw, &PlanOptions::default());
    assert_eq!(once.skills.len(), 4);
    let again = plan(&once, &fw, &PlanOptions::default());
    assert_eq!(again.new_count(), 0);
    assert_eq!(again.unchanged_count(), 4);
    assert!(again.workspace.is_none());
    assert!(again.refused.as_deref().unwrap().contains("nothing would change"));
    // The framework renames a competency and rewrites a description: the same skills are updated.
    let text = String::from_utf8(fixture("moodle_service.csv")).unwrap()
        .replace("\"Service recovery\"", "\"Recovering from service failures\"")
        .replace("Plain words, no jargon.", "Plain words, never jargon.");
    let changed = read("moodle_service.csv", text.as_bytes()).unwrap();
    let p = plan(&once, &changed, &PlanOptions::default());
    assert_eq!(p.new_count(), 0);
    assert_eq!(p.updated_count(), 2);
    let renamed = p.skills.iter().find(|s| s.name == "Recovering from service failures").unwrap();
    assert_eq!(renamed.how, Match::BySource);
    assert_eq!(renamed.changes, vec!["name"]);
    let twice = p.workspace.unwrap();
    assert_eq!(twice.skills.len(), 4);
    assert_eq!(skill(&twice, "Explaining products plainly").description, "Plain words, never jargon.");
}

#[test]
fn a_name_held_by_a_skill_from_elsewhere_gets_the_category_in_brackets() {
    let mut ws = Workspace::empty("Two frameworks");
    ws.apply(Command::AddSkill { name: "Service recovery".into(), category: "Ours".into() }).unwrap();
    ws.skills[0].source = Some(SkillSource { framework: "ESCO".into(), id: "http://data.europa.eu/esco/skill/x".into() });
    let p = plan(&ws, &read_ok("moodle_service.csv"), &PlanOptions::default());
    let s = p.skills.iter().find(|s| s.source_id.as_deref() == Some("recovery")).unwrap();
    assert_eq!(s.how, Match::New);
    assert_eq!(s.name, "Service recovery (Service problems)");
    assert!(s.renamed.as_deref().unwrap().contains("another skill is called"));
    assert!(p.workspace.is_some());
}

#[test]
fn skills_can_be_taken_from_one_level_of_the_tree() {
    let fw = read_ok("moodle_service.csv");
    let p = plan(&Workspace::empty("x"), &fw, &PlanOptions { depth: Some(1), ..PlanOptions::default() });
    assert_eq!(p.depths, vec![2, 4]);
    let names: Vec<&str> = p.skills.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Customer conversations", "Service problems"]);
    let ws = p.workspace.unwrap();
    let d = &skill(&ws, "Customer conversations").description;
    assert!(d.starts_with("How we talk with customers.\n\nIncludes:\n\u{2022} Listening"), "{d}");
    assert_eq!(skill(&ws, "Service problems").category, "Harbour service framework");
}

#[test]
fn long_names_are_shortened_and_kept_whole_in_the_description() {
    let header = moodle::HEADER.join(",");
    let long = "Responds to and anticipates client needs in a timely, professional, helpful and courteous manner, regardless of client attitude and mood";
    let fw = read("long.csv", format!("{header}\n,FW,Frame,,1,,,,,,,,1,\n,a,\"{long}\",,1,,,,,,,,,\n").as_bytes()).unwrap();
    let p = plan(&Workspace::empty("x"), &fw, &PlanOptions::default());
    let s = &p.workspace.as_ref().unwrap().skills[0];
    assert!(s.name.chars().count() <= 120 && s.name.chars().count() > 100, "{}", s.name);
    assert!(s.name.ends_with('\u{2026}'));
    assert_eq!(s.description, long);
}

// -------------------------------------------------------------------------------------------------------
// CASE
// -------------------------------------------------------------------------------------------------------

#[test]
fn case_1_1_package_gives_a_tree_and_level_texts_from_its_rubric() {
    let fw = read_ok("case_v1p1.json");
    assert_eq!(fw.format, Format::Case);
    assert_eq!(fw.name, "Harbour service standards");
    let listening = fw.items.iter().find(|i| i.name == "Listening and needs discovery").unwrap();
    assert!(listening.description.starts_with("Gives full attention"));
    assert_eq!(listening.source_id.as_deref(), Some("https://case.example.org/ims/case/v1p1/CFItems/1a2b3c4d-0000-4000-8000-000000000002"));
    // Levels sorted by position.
    assert_eq!(listening.level_texts[0], "Talks over the customer.");
    assert_eq!(listening.level_texts[4], "Coaches colleagues in discovery.");
    assert!(fw.notes.iter().any(|n| n.contains("associations of other kinds")), "{:?}", fw.notes);

    let ws = Workspace::empty("x");
    let p = plan(&ws, &fw, &PlanOptions::default());
    assert_eq!(p.new_count(), 3);
    // Five levels onto a five-level scale one to one; the four-level rubric goes to the top four.
    assert!(p.level_texts.as_deref().unwrap().contains("top 4 (levels 1\u{2013}4)"), "{:?}", p.level_texts);
    let next = p.workspace.unwrap();
    assert_eq!(skill(&next, "Listening and needs discovery").level_texts.len(), 5);
    let recovery = skill(&next, "Service recovery");
    assert_eq!(recovery.level_texts, ["", "Apologises.", "Fixes simple problems.", "Owns the problem until it is fixed.", "Fixes the cause."]);
    assert_eq!(recovery.category, "Service problems");
}

#[test]
fn a_case_1_0_package_wrapped_in_cfpackage_is_read() {
    let fw = read_ok("case_v1p0_wrapped.json");
    assert_eq!(fw.items.len(), 3);
    assert!(fw.items.iter().all(|i| i.parent.is_none()));
    assert!(fw.notes.iter().any(|n| n.contains("CASE 1.0-shaped")), "{:?}", fw.notes);
    let p = plan(&Workspace::empty("x"), &fw, &PlanOptions::default());
    assert_eq!(p.categories, vec![("Retail service skills".to_string(), 3)]);
}

#[test]
fn case_type_errors_name_the_json_path_and_position() {
    let err = read_err("pkg.json", r#"{"CFDocument": {"identifier": "d", "title": "T"}, "CFItems": [{"identifier": "a", "fullStatement": 7}]}"#);
    assert!(err.starts_with("pkg.json, CFItems[0].fullStatement (line 1, column "), "{err}");
    assert!(err.contains("invalid type: integer `7`, expected a string"), "{err}");
    let err = read_err("pkg.json", r#"{"CFPackage": {"CFDocument": {"identifier": "d"}}}"#);
    assert!(err.contains("CFPackage.CFDocument"), "{err}");
    let err = read_err("pkg.json", r#"{"CFDocument": {"identifier": "d", "title": "T"}, "CFItems": [{"identifier": "a", "fullStatement": "x"}, {"identifier": "a", "fullStatement": "y"}]}"#);
    assert!(err.contains("CFItems[1].identifier: the identifier \u{201c}a\u{201d} is also CFItems[0]'s"), "{err}");
    let err = read_err("pkg.json", "{\"CFDocument\": {\n  \"identifier\": \"d\",, }");
    assert!(err.starts_with("pkg.json, line 2, column"), "{err}");
    let err = read_err("other.json", r#"{"hello": 1}"#);
    assert!(err.contains("neither a CASE package"), "{err}");
}

#[test]
fn case_export_validates_against_the_case_1_1_schema_and_reads_back_as_the_same_library() {
    let ws = example_workspace();
    let text = case::export(&ws, "2026-11-27T09:30:00Z");
    let schema: serde_json::Value = serde_json::from_slice(
        &std::fs::read(format!("{}/tests/fixtures/case_v1p1_cfpackage_schema.json", env!("CARGO_MANIFEST_DIR"))).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).expect("the schema compiles");
    let instance: serde_json::Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = validator.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The schema is not a rubber stamp: a broken package fails it.
    let mut broken = instance.clone();
    broken["CFItems"][0]["identifier"] = serde_json::Value::from("not-a-uuid");
    broken["CFDocument"].as_object_mut().unwrap().remove("creator");
    assert!(validator.iter_errors(&broken).count() >= 2);
    // The same library gives the same identifiers.
    assert_eq!(case::export(&ws, "2026-11-27T09:30:00Z"), text);

    // Export → import into an empty workspace with the same scale → the same skills.
    let fw = read("library.json", text.as_bytes()).unwrap();
    let mut empty = Workspace::empty("Copy");
    empty.scale = ws.scale.clone();
    let copy = apply(&empty, &fw, &PlanOptions::default());
    assert_eq!(copy.skills.len(), ws.skills.len());
    for (a, b) in ws.skills.iter().zip(&copy.skills) {
        assert_eq!((&a.name, &a.category, &a.description, &a.level_texts), (&b.name, &b.category, &b.description, &b.level_texts));
    }
    // Into the library it came from: every skill matched by name; a second time nothing changes, and the
    // export of the imported library keeps the identifiers.
    let linked = apply(&ws, &fw, &PlanOptions::default());
    assert_eq!(linked.skills.len(), ws.skills.len());
    assert!(plan(&linked, &fw, &PlanOptions::default()).workspace.is_none());
    let again = case::export(&linked, "2026-11-27T09:30:00Z");
    let ids = |t: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(t).unwrap();
        v["CFItems"].as_array().unwrap().iter().map(|i| i["uri"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids(&again), ids(&text));
}

// -------------------------------------------------------------------------------------------------------
// Moodle export
// -------------------------------------------------------------------------------------------------------

#[test]
fn moodle_export_reads_back_as_the_same_skills() {
    let ws = example_workspace();
    let text = moodle::export(&ws);
    assert!(text.starts_with("\"Parent id number\",\"Id number\",Shortname,Description,\"Description format\""), "{}", &text[..200]);
    let fw = read("export.csv", text.as_bytes()).unwrap();
    assert_eq!(fw.format, Format::Moodle);
    assert_eq!(fw.scale.as_ref().unwrap(), &ws.scale.labels);
    let copy = apply(&Workspace::empty("Copy"), &fw, &PlanOptions::default());
    assert_eq!(copy.skills.len(), ws.skills.len());
    for (a, b) in ws.skills.iter().zip(&copy.skills) {
        assert_eq!((&a.name, &a.category, &a.description), (&b.name, &b.category, &b.description));
    }
    // Back into the same workspace: each skill matched by name and given its Moodle id number; the export
    // of that keeps the id numbers, so importing it again changes nothing.
    let linked = apply(&ws, &fw, &PlanOptions::default());
    let again = read("export.csv", moodle::export(&linked).as_bytes()).unwrap();
    assert!(plan(&linked, &again, &PlanOptions::default()).workspace.is_none());
}

#[test]
fn moodle_scale_configuration_marks_the_top_quarter_proficient() {
    assert_eq!(moodle::proficient_from(4), 3);
    assert_eq!(moodle::proficient_from(1), 1);
    assert_eq!(moodle::proficient_from(9), 7);
    let text = moodle::export(&Workspace::empty("Scale"));
    let line = text.lines().nth(1).unwrap();
    assert!(line.contains(r#"{""id"":4,""proficient"":1,""scaledefault"":0}"#) || line.contains(r#""id"":4"#), "{line}");
}

// -------------------------------------------------------------------------------------------------------
// ESCO, RSD
// -------------------------------------------------------------------------------------------------------

#[test]
fn esco_skills_keep_their_uri_and_alternative_labels() {
    let fw = read_ok("esco_skills.csv");
    assert_eq!(fw.format, Format::Esco);
    assert_eq!(fw.items.len(), 3);
    let listen = &fw.items[0];
    assert_eq!(listen.source_id.as_deref(), Some("http://data.europa.eu/esco/skill/00000000-aaaa-4bbb-8ccc-000000000001"));
    assert!(listen.description.ends_with("Also called: listen attentively; listen to customers."), "{}", listen.description);
    assert_eq!(listen.category.as_deref(), Some("Skill/competence"));
    assert_eq!(fw.items[2].category.as_deref(), Some("Knowledge"));
    let p = plan(&Workspace::empty("x"), &fw, &PlanOptions::default());
    assert_eq!(p.categories, vec![("Skill/competence".to_string(), 2), ("Knowledge".to_string(), 1)]);
    let err = read_err("esco.csv", "conceptUri,preferredLabel,colour\nhttp://e/1,one,red\nhttp://e/1,two,blue\n");
    assert!(err.contains("esco.csv, row 3, column 1 (conceptUri): the conceptUri is also in row 2"), "{err}");
    let fw = read("esco.csv", b"conceptUri,preferredLabel,colour\nhttp://e/1,one,red\n").unwrap();
    assert!(fw.notes.iter().any(|n| n.contains("column 3 (colour) is not part of the ESCO skills CSV")), "{:?}", fw.notes);
}

#[test]
fn rsd_skill_collection_and_batch_csv_are_read() {
    let one = read_ok("rsd_skill.json");
    assert_eq!(one.format, Format::RsdJson);
    assert_eq!(one.items[0].category.as_deref(), Some("Sales"));
    assert!(one.items[0].description.contains("Keywords: Consultative Selling; Needs Analysis."));
    let coll = read_ok("rsd_collection.json");
    assert_eq!(coll.name, "Branch service skills");
    assert_eq!(coll.items.len(), 2);
    assert_eq!(coll.skipped.len(), 1);
    assert!(coll.skipped[0].reason.contains("only a link"));
    let batch = read_ok("rsd_batch.csv");
    assert_eq!(batch.format, Format::RsdCsv);
    assert_eq!(batch.items[1].source_id, None);
    assert_eq!(batch.items[1].category.as_deref(), Some("Risk"));
    // The collection and the batch share Cash Handling by URL: importing both keeps one.
    let ws = apply(&Workspace::empty("x"), &coll, &PlanOptions::default());
    let p = plan(&ws, &batch, &PlanOptions::default());
    let cash = p.skills.iter().find(|s| s.name == "Cash Handling").unwrap();
    assert_eq!(cash.how, Match::BySource);
    let err = read_err("rsd.json", r#"{"type": "RichSkillDescriptor", "id": "https://x/1", "skillName": 3}"#);
    assert!(err.contains("skillName (line 1, column"), "{err}");
    let err = read_err("rsd.csv", "RSD Name,Skill Statement\n,No name\n");
    assert!(err.contains("rsd.csv, row 2, column 1 (RSD Name): no RSD Name"), "{err}");
}

// -------------------------------------------------------------------------------------------------------
// O*NET
// -------------------------------------------------------------------------------------------------------

#[test]
fn onet_files_make_a_role_profile_with_both_rescalings_stated() {
    let files = vec![
        ("onet_test_skills.txt".to_string(), fixture("onet_test_skills.txt")),
        ("onet_test_knowledge.txt".to_string(), fixture("onet_test_knowledge.txt")),
    ];
    let fw = read_all(&files).unwrap_or_else(|e| panic!("{}", messages(&e)));
    assert_eq!(fw.format, Format::Onet);
    assert_eq!(fw.profiles.len(), 2);
    let ws = Workspace::empty("Bank");
    let p = plan(&ws, &fw, &PlanOptions::default());
    assert!(p.refused.as_deref().unwrap().contains("choose the one"), "{:?}", p.refused);
    assert_eq!(p.occupations.len(), 2);

    let options = PlanOptions { occupation: Some("99-0001.00".into()), ..PlanOptions::default() };
    let p = plan(&ws, &fw, &options);
    let role = p.role.as_ref().unwrap();
    assert_eq!(role.name, "O*NET 99-0001.00");
    assert!(role.level_rule.contains("\u{d7} 4 / 7"), "{}", role.level_rule);
    assert!(role.importance_rule.contains("1\u{2013}5"));
    let req = |n: &str| role.requirements.iter().find(|r| r.skill == n).unwrap_or_else(|| panic!("{n}"));
    // LV 4.62 × 4 / 7 = 2.64 → 3; IM 4.50 → 5 (rounded half away from zero).
    assert_eq!((req("Service Orientation").level, req("Service Orientation").importance), (3, 5));
    // LV 4.12 → 2.35 → 2; IM 4.25 → 4.
    assert_eq!((req("Active Listening").level, req("Active Listening").importance), (2, 4));
    // LV 5.25 → 3; IM 4.62 → 5.
    assert_eq!((req("Customer and Personal Service").level, req("Customer and Personal Service").importance), (3, 5));
    assert_eq!(role.requirements.len(), 4);
    let reasons: Vec<&str> = p.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert!(reasons.iter().any(|r| r.contains("Importance 2.75 is below 3.0")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("suppressing")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("not relevant")), "{reasons:?}");
    let next = p.workspace.clone().unwrap();
    assert_eq!(next.skills.len(), 4);
    assert_eq!(skill(&next, "Customer and Personal Service").category, "O*NET Knowledge");
    assert_eq!(skill(&next, "Active Listening").source, Some(SkillSource { framework: "O*NET".into(), id: "2.A.1.b".into() }));
    let r = next.roles.iter().find(|r| r.name == "O*NET 99-0001.00").unwrap();
    assert_eq!(r.requirements.len(), 4);

    // Again: the role is updated, not duplicated, and nothing changes.
    let again = plan(&next, &fw, &options);
    assert_eq!(again.role.as_ref().unwrap().existing, Some(r.id.clone()));
    assert!(again.workspace.is_none());
    // On a 0–9 scale the same Level gives a higher required level.
    let mut ten = Workspace::empty("Ten");
    for i in 5..10 {
        ten.apply(Command::AddScaleLevel { label: format!("Level {i}") }).unwrap();
    }
    let p = plan(&ten, &fw, &options);
    let role = p.role.unwrap();
    assert_eq!(role.requirements.iter().find(|r| r.skill == "Service Orientation").unwrap().level, 6);
}

#[test]
fn bad_onet_rows_are_placed_by_row_and_column() {
    let h = "O*NET-SOC Code\tElement ID\tElement Name\tScale ID\tData Value\n";
    let err = read_err("Skills.txt", &format!("{h}43-4051.00\t2.A.1.b\tActive Listening\tIM\t9.5\n"));
    assert!(err.contains("Skills.txt, row 2, column 5 (Data Value): 9.5 is off O*NET's Importance scale (1–5)"), "{err}");
    let err = read_err("Skills.txt", &format!("{h}43-4051\t2.A.1.b\tActive Listening\tIM\t3\n"));
    assert!(err.contains("row 2, column 1 (O*NET-SOC Code)"), "{err}");
    let err = read_err("Skills.txt", &format!("{h}43-4051.00\t2.A.1.b\tActive Listening\tLV\tmany\n"));
    assert!(err.contains("row 2, column 5 (Data Value): \u{201c}many\u{201d} is not a number"), "{err}");
}

#[test]
fn templates_are_the_five_service_occupations_and_say_what_is_missing() {
    let codes: Vec<&str> = templates::TEMPLATES.iter().map(|t| t.code).collect();
    assert_eq!(codes, ["43-4051.00", "43-3071.00", "43-4131.00", "43-1011.00", "41-2031.00"]);
    assert!(templates::ATTRIBUTION.contains("CC BY 4.0") && templates::ATTRIBUTION.contains("USDOL/ETA"));
    let bundled_rows = templates::ROWS.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
    if bundled_rows == 0 {
        // No figures shipped: the template says so rather than inventing any.
        assert_eq!(templates::ONET_VERSION, None);
        let why = templates::bundled(&templates::TEMPLATES[0]).unwrap_err();
        assert!(why.contains("does not include O*NET's ratings"), "{why}");
    } else {
        // Bundled rows are O*NET's own format, for the five occupations only, with their version stated.
        assert!(templates::ONET_VERSION.is_some());
        let fw = read("rows.tsv", templates::ROWS.as_bytes()).unwrap();
        assert!(fw.profiles.iter().all(|p| codes.contains(&p.code.as_str())));
        for t in &templates::TEMPLATES {
            let fw = templates::bundled(t).unwrap();
            assert!(plan(&example_workspace(), &fw, &PlanOptions::default()).workspace.is_some());
        }
    }
    // A template over the trainer's own O*NET files: the role takes the occupation's title.
    let t = templates::Template { code: "99-0001.00", title: "Test occupation", contact: ContactLevel::High };
    let fw = templates::titled(read_ok("onet_test_skills.txt"), &t);
    let p = plan(&Workspace::empty("x"), &fw, &PlanOptions { occupation: Some(t.code.into()), ..PlanOptions::default() });
    assert_eq!(p.role.unwrap().name, "Test occupation");
}

// -------------------------------------------------------------------------------------------------------
// Detection and whole-file problems
// -------------------------------------------------------------------------------------------------------

#[test]
fn formats_are_found_from_content_not_file_names() {
    for (fixture_name, format) in [
        ("moodle_service.csv", Format::Moodle),
        ("case_v1p1.json", Format::Case),
        ("esco_skills.csv", Format::Esco),
        ("onet_test_skills.txt", Format::Onet),
        ("rsd_collection.json", Format::RsdJson),
        ("rsd_batch.csv", Format::RsdCsv),
    ] {
        let fw = read("download (3).txt", &fixture(fixture_name)).unwrap();
        assert_eq!(fw.format, format, "{fixture_name}");
    }
    let err = read_err("people.csv", "person_id,name,role\np1,Ann,Teller\n");
    assert!(err.contains("is not the header of a format Skillgap reads"), "{err}");
    let err = read_err("empty.csv", "  \n");
    assert!(err.contains("empty"), "{err}");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("Id number".encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert!(read("u16.csv", &utf16).is_err());
    let err = messages(&read_all(&[("a.csv".into(), fixture("esco_skills.csv")), ("b.json".into(), fixture("rsd_skill.json"))]).unwrap_err());
    assert!(err.contains("import files of one format together"), "{err}");
}
