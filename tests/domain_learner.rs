//! Learner links and result codes: round trips for arbitrary payloads, every single-character change and
//! every truncation refused (never a silent wrong decode), version skew, size limits, result files, and
//! import planning (stale, duplicate, tampered, unknown role, new vs existing person, idempotent re-import).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::Config;
use skillgap::domain::example::example_workspace;
use skillgap::domain::gaps::{self, Filter};
use skillgap::domain::learner::*;
use skillgap::domain::*;

const DAY: &str = "2026-10-01";

fn role_id(ws: &Workspace, i: usize) -> RoleId {
    ws.roles[i].id.clone()
}

fn link(ws: &Workspace, role: usize) -> LearnerAssessment {
    assessment_for_role(ws, &role_id(ws, role), "x7Kq-29fA", "2026-09-20").unwrap()
}

fn learner(name: &str) -> Learner {
    Learner { name: name.into(), ..Learner::default() }
}

/// A result answering every skill: level `i % 5`, the third skill "no opportunity", the fourth skipped.
fn answer(a: &LearnerAssessment, name: &str, date: &str) -> LearnerResult {
    let answers = a
        .blank_answers()
        .into_iter()
        .enumerate()
        .map(|(i, s)| SkillAnswer {
            answer: match i {
                2 => Answer::NoOpportunity,
                3 => Answer::Skipped,
                _ => Answer::Level((i % 5) as u8),
            },
            note: if i == 0 { "Practised on the phones, “mostly” 👍".into() } else { String::new() },
            ..s
        })
        .collect();
    a.result(learner(name), date, answers).unwrap()
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

fn code(a: &LearnerAssessment, name: &str, date: &str) -> String {
    encode_result(&answer(a, name, date))
}

fn inputs(codes: &[&str]) -> Vec<(String, String)> {
    codes.iter().enumerate().map(|(i, c)| (format!("code {}", i + 1), c.to_string())).collect()
}

// ---------------------------------------------------------------------------------------------------------
// Codec
// ---------------------------------------------------------------------------------------------------------

#[test]
fn example_roles_make_short_links_that_round_trip() {
    let ws = example_workspace();
    for (i, role) in ws.roles.iter().enumerate() {
        let a = link(&ws, i);
        let text = encode_link(&a);
        assert!(text.starts_with("a1."), "{text}");
        assert!(text.len() <= LONG_LINK_CHARS, "{}: {} characters", role.name, text.len());
        eprintln!(
            "{:<40} {:>2} skills  link {:>5} chars  result {:>4} chars",
            role.name,
            a.skills.len(),
            text.len(),
            code(&a, "A. Learner", DAY).len()
        );
        assert_eq!(decode_link(&text).unwrap(), a);
        assert_eq!(a.skills.len(), role.requirements.len());
        // As a whole URL, and wrapped by an email program.
        let url = format!("https://example.test/skillgap/#/learn/{text}");
        assert_eq!(decode_link(&url).unwrap(), a);
        let wrapped: String =
            text.as_bytes().chunks(70).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("\r\n ");
        assert_eq!(decode_link(&format!("<{wrapped}>.")).unwrap(), a);
    }
}

#[test]
fn result_codes_round_trip_and_preview_readiness() {
    let ws = example_workspace();
    let a = link(&ws, 0);
    let r = answer(&a, "  Zoë O'Brien ", DAY);
    assert_eq!(r.learner.name, "Zoë O'Brien");
    let text = encode_result(&r);
    assert!(text.starts_with("r1."));
    assert_eq!(decode_result(&text).unwrap(), r);
    let (mini, person) = a.preview(&r).unwrap();
    let analysis = gaps::analyse(&mini, &Filter::default(), None);
    let mine = analysis.person(&person).unwrap();
    assert!(mine.readiness.is_some());
    assert_eq!(mine.no_opportunity, 1);
}

#[test]
fn result_building_checks_the_answers() {
    let ws = example_workspace();
    let a = link(&ws, 0);
    let blank = a.blank_answers();
    assert!(a.result(learner("  "), DAY, blank.clone()).unwrap_err().to_string().contains("name"));
    assert!(a.result(learner("Ann"), "01/10/2026", blank.clone()).is_err());
    assert!(a.result(learner("Ann"), DAY, blank[1..].to_vec()).is_err());
    let mut off = blank.clone();
    off[0].answer = Answer::Level(ws.scale.max_level() + 1);
    assert!(a.result(learner("Ann"), DAY, off).unwrap_err().to_string().contains("not on the scale"));
    let mut long = blank.clone();
    let mut seed = 1;
    for s in &mut long {
        s.note = noise(&mut seed, 4000);
    }
    let err = a.result(learner("Ann"), DAY, long).unwrap_err().to_string();
    assert!(err.contains("shorten the notes"), "{err}");
    let with_email = Learner { email: Some("  ".into()), employee_ref: Some(" E-42 ".into()), ..learner("Ann") };
    let r = a.result(with_email, DAY, blank).unwrap();
    assert_eq!((r.learner.email, r.learner.employee_ref.as_deref()), (None, Some("E-42")));
}

#[test]
fn builders_refuse_bad_input_and_make_skill_sets() {
    let ws = example_workspace();
    let r = role_id(&ws, 0);
    assert!(assessment_for_role(&ws, &RoleId::from("nope"), "id1", DAY).is_err());
    assert!(assessment_for_role(&ws, &r, "has space", DAY).is_err());
    assert!(assessment_for_role(&ws, &r, "", DAY).is_err());
    assert!(assessment_for_role(&ws, &r, "id1", "2026-02-30").is_err());
    let required: Vec<SkillId> = ws.roles[0].requirements.keys().take(3).cloned().collect();
    let set = assessment_for_skills(&ws, &r, "Customer basics", &required, "id1", DAY).unwrap();
    assert_eq!((set.title(), set.skills.len()), ("Customer basics", 3));
    assert_eq!(decode_link(&encode_link(&set)).unwrap(), set);
    assert!(assessment_for_skills(&ws, &r, "Empty", &[], "id1", DAY).is_err());
    let not_required = ws.skills.iter().find(|s| !ws.roles[0].requirements.contains_key(&s.id));
    if let Some(s) = not_required {
        let err = assessment_for_skills(&ws, &r, "Set", std::slice::from_ref(&s.id), "id1", DAY).unwrap_err();
        assert!(err.to_string().contains("not in the profile"), "{err}");
    }
}

#[test]
fn too_large_links_are_refused_when_built_and_when_read() {
    let mut ws = example_workspace();
    let role = role_id(&ws, 0);
    let mut seed = 7;
    for i in 0..ws.skills.len() {
        for level in 0..5 {
            let id = ws.skills[i].id.clone();
            let text = noise(&mut seed, 900);
            ws.apply(Command::SetLevelText { id, level, text }).unwrap();
        }
    }
    let err = assessment_for_role(&ws, &role, "big", DAY).unwrap_err().to_string();
    assert!(err.contains("fewer skills"), "{err}");
    let huge = format!("a1.{}.{}", MAX_CODE_CHARS, "A".repeat(MAX_CODE_CHARS));
    assert!(matches!(decode_link(&huge), Err(LinkError::TooLarge { .. })));
}

#[test]
fn errors_say_what_is_wrong() {
    let ws = example_workspace();
    let a = link(&ws, 1);
    let text = encode_link(&a);
    let r = code(&a, "Ann", DAY);
    assert!(matches!(decode_link("   "), Err(LinkError::Empty { .. })));
    assert!(matches!(decode_link("hello world"), Err(LinkError::NotSkillgap { .. })));
    assert!(matches!(decode_link(&r), Err(LinkError::WrongKind { found: CodeKind::Result, .. })));
    assert!(matches!(decode_result(&text), Err(LinkError::WrongKind { found: CodeKind::Link, .. })));
    // Version skew: a future format is named as such, whatever follows.
    for future in ["a2.", "a10.", "a2.999.xyz", "a3"] {
        let e = decode_link(&format!("{future}{}", &text[3..])).unwrap_err();
        assert!(matches!(e, LinkError::TooNew { .. }), "{future}: {e}");
        assert!(e.to_string().contains("newer Skillgap"), "{e}");
    }
    let e = decode_link(&text[..text.len() - 10]).unwrap_err();
    assert!(matches!(e, LinkError::Truncated { need: Some(_), .. }), "{e}");
    assert!(e.to_string().contains(&format!("{} of {} characters", text.len() - 10, text.len())), "{e}");
    let e = decode_link(&format!("{text}AAAA")).unwrap_err();
    assert!(e.to_string().contains("4 characters too many"), "{e}");
    // A changed character in the middle of the body decodes as base64 but fails the checksum.
    let mid = text.len() - 40;
    let c = if &text[mid..=mid] == "Q" { "R" } else { "Q" };
    let tampered = format!("{}{c}{}", &text[..mid], &text[mid + 1..]);
    assert!(matches!(decode_link(&tampered), Err(LinkError::Checksum { .. })));
    assert!(decode_link(&tampered).unwrap_err().to_string().contains("checksum"));
}

/// Every single-character change and every truncation of a small link and result code is refused.
#[test]
fn every_change_and_truncation_is_refused_exhaustively() {
    let ws = example_workspace();
    let r0 = role_id(&ws, 0);
    let skills: Vec<SkillId> = ws.roles[0].requirements.keys().take(2).cloned().collect();
    let a = assessment_for_skills(&ws, &r0, "Two", &skills, "k", DAY).unwrap();
    let link_text = encode_link(&a);
    let result_text = code(&a, "Ann", DAY);
    let replacements = ['A', 'b', 'z', '0', '9', '-', '_', '.', ' ', '#', '/', '!', 'é', 'a', 'r', '1', '2'];
    for (text, is_link) in [(&link_text, true), (&result_text, false)] {
        let read = |t: &str| if is_link { decode_link(t).map(|_| ()) } else { decode_result(t).map(|_| ()) };
        assert!(read(text).is_ok());
        for i in 0..text.len() {
            assert!(read(&text[..i]).is_err(), "truncated to {i}: {}", &text[..i]);
            for c in replacements {
                if text[i..].starts_with(c) {
                    continue;
                }
                let changed = format!("{}{c}{}", &text[..i], &text[i + 1..]);
                assert!(read(&changed).is_err(), "changed at {i} to {c:?}: {changed}");
            }
            let dropped = format!("{}{}", &text[..i], &text[i + 1..]);
            assert!(read(&dropped).is_err(), "dropped {i}");
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------

/// A workspace with one role requiring `names.len()` skills with the given names and level texts.
fn workspace_with(names: &[String], texts: &[String], levels: &[(u8, u8)]) -> Workspace {
    let mut ws = Workspace::empty("Ünïcode 工作区 🏦");
    let role = RoleId(
        ws.apply(Command::AddRole { name: "Rôle — 客服".into(), team: "T".into(), contact: ContactLevel::High })
            .unwrap()
            .created
            .unwrap(),
    );
    for (i, name) in names.iter().enumerate() {
        let id = SkillId(
            ws.apply(Command::AddSkill { name: format!("{name} #{i}"), category: "Cat".into() })
                .unwrap()
                .created
                .unwrap(),
        );
        for (level, text) in texts.iter().enumerate().take(5) {
            ws.apply(Command::SetLevelText { id: id.clone(), level: level as u8, text: format!("{text} {i}") })
                .unwrap();
        }
        let (level, importance) = levels[i % levels.len()];
        let requirement = Some(Requirement { level: level % 5, importance: 1 + importance % 5 });
        ws.apply(Command::SetRequirement { role: role.clone(), skill: id, requirement }).unwrap();
    }
    ws
}

fn payload() -> impl Strategy<Value = (Workspace, String, String)> {
    (
        prop::collection::vec("\\PC{1,30}", 1..60),
        prop::collection::vec("\\PC{0,80}", 0..5),
        prop::collection::vec((0u8..5, 0u8..5), 1..8),
        "[A-Za-z0-9_-]{1,64}",
        "\\PC{1,40}",
    )
        .prop_filter_map("names must not be blank", |(names, texts, levels, id, learner)| {
            if names.iter().any(|n| n.trim().is_empty()) || learner.trim().is_empty() {
                return None;
            }
            Some((workspace_with(&names, &texts, &levels), id, learner))
        })
}

proptest! {
    #![proptest_config(Config { cases: 48, ..Config::default() })]

    #[test]
    fn links_and_results_round_trip((ws, id, name) in payload(), seed in any::<u64>()) {
        let role = ws.roles[0].id.clone();
        match assessment_for_role(&ws, &role, &id, DAY) {
            Ok(a) => {
                let text = encode_link(&a);
                prop_assert!(text.len() <= MAX_CODE_CHARS);
                prop_assert_eq!(&decode_link(&text).unwrap(), &a);
                let answers = a.blank_answers().into_iter().enumerate().map(|(i, s)| {
                    let k = (seed >> (i % 60)) % 7;
                    SkillAnswer { answer: match k { 5 => Answer::NoOpportunity, 6 => Answer::Skipped, l => Answer::Level(l as u8 % 5) }, note: if k == 1 { format!("nöte {i} ✓") } else { String::new() }, ..s }
                }).collect();
                let r = a.result(learner(&name), DAY, answers).unwrap();
                prop_assert_eq!(decode_result(&encode_result(&r)).unwrap(), r);
            }
            Err(e) => prop_assert!(e.to_string().contains("fewer skills"), "{}", e),
        }
    }

    #[test]
    fn single_changes_are_never_decoded((ws, id, name) in payload(), pos in any::<prop::sample::Index>(), c in "[A-Za-z0-9_.#/ -]", cut in any::<prop::sample::Index>()) {
        let role = ws.roles[0].id.clone();
        let Ok(a) = assessment_for_role(&ws, &role, &id, DAY) else { return Ok(()) };
        let r = a.result(learner(&name), DAY, a.blank_answers().into_iter().map(|s| SkillAnswer { answer: Answer::Level(1), ..s }).collect()).unwrap();
        for (text, link) in [(encode_link(&a), true), (encode_result(&r), false)] {
            let read = |t: &str| if link { decode_link(t).map(|_| ()) } else { decode_result(t).map(|_| ()) };
            let i = pos.index(text.len());
            if !text[i..].starts_with(c.as_str()) {
                let changed = format!("{}{c}{}", &text[..i], &text[i + 1..]);
                prop_assert!(read(&changed).is_err(), "changed at {} to {:?}", i, c);
            }
            prop_assert!(read(&text[..cut.index(text.len())]).is_err());
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Split and files
// ---------------------------------------------------------------------------------------------------------

#[test]
fn pasted_text_and_files_give_their_codes() {
    let ws = example_workspace();
    let a = link(&ws, 0);
    let (c1, c2) = (code(&a, "Ann", DAY), code(&a, "Ben", DAY));
    let wrapped: String =
        c2.as_bytes().chunks(60).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("\n");
    let pasted = format!("From Ann: {c1}, thanks!\n\nBen sent\n{wrapped}\nBest, Cy");
    assert_eq!(split_codes(&pasted), vec![c1.clone(), c2.clone()]);
    assert_eq!(split_codes("  "), Vec::<String>::new());
    assert_eq!(split_codes("no codes here"), vec!["no codes here".to_string()]);

    let file = result_file(&[c1.clone(), c2.clone()]);
    assert!(file.contains("\"kind\": \"skillgap-learner-results\""));
    let got = parse_result_file("results.json", &format!("\u{feff}{file}")).unwrap();
    assert_eq!(got, vec![("results.json, code 1".into(), c1.clone()), ("results.json, code 2".into(), c2)]);
    assert_eq!(
        parse_result_file("ann.json", &result_file(std::slice::from_ref(&c1))).unwrap(),
        vec![("ann.json".into(), c1.clone())]
    );
    assert_eq!(parse_result_file("ann.txt", &format!("{c1}\n")).unwrap(), vec![("ann.txt".into(), c1)]);
    for (text, says) in [
        ("{ not json", "not valid JSON at line 1"),
        ("{\"kind\":\"other\",\"format_version\":1,\"codes\":[]}", "not a Skillgap result file"),
        ("{\"kind\":\"skillgap-learner-results\",\"format_version\":2,\"codes\":[]}", "newer Skillgap"),
        ("{\"kind\":\"skillgap-learner-results\",\"format_version\":1,\"codes\":[]}", "holds no result codes"),
        ("{\"kind\":\"skillgap-learner-results\",\"format_version\":1,\"codes\":[3]}", "codes:"),
    ] {
        let e = parse_result_file("f.json", text).unwrap_err().to_string();
        assert!(e.starts_with("f.json: ") && e.contains(says), "{e}");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Import planning
// ---------------------------------------------------------------------------------------------------------

#[test]
fn new_and_existing_people_get_self_ratings_and_reimport_changes_nothing() {
    let ws = example_workspace();
    let a = link(&ws, 0);
    let existing = ws.people.iter().find(|p| p.role == a.role).unwrap().clone();
    let shouted = existing.name.to_uppercase();
    let (new_code, old_code) = (code(&a, "Nadia Newcomer", DAY), code(&a, &shouted, DAY));
    let plan = plan_result_import(&ws, &inputs(&[&new_code, &old_code]));
    assert!(plan.rejected.is_empty(), "{:?}", plan.rejected);
    let [new, old] = [&plan.accepted[0], &plan.accepted[1]];
    assert!(new.new_person && !old.new_person);
    assert_eq!(old.person, existing.id);
    assert!(new.to_string().starts_with("code 1: Nadia Newcomer → new person"), "{new}");
    assert!(old.to_string().contains(&format!("existing person {} “{}”", existing.id, existing.name)), "{old}");
    let answered = a.skills.len() - 1;
    assert_eq!((new.added, new.skipped), (answered, 1));

    let mut next = ws.clone();
    next.apply(Command::Replace(Box::new(plan.workspace.clone().unwrap()))).unwrap();
    let person = next.people.iter().find(|p| p.name == "Nadia Newcomer").unwrap();
    assert_eq!((&person.role, person.id.as_str()), (&a.role, new.person.as_str()));
    let mine: Vec<&Rating> = next.ratings.iter().filter(|r| r.person == person.id).collect();
    assert_eq!(mine.len(), answered);
    assert!(mine.iter().all(|r| r.source == Source::SelfRating && r.date == DAY));
    assert_eq!(mine.iter().filter(|r| r.level.is_none()).count(), 1, "the no-opportunity answer");
    assert!(mine.iter().any(|r| r.note.contains("mostly")));
    assert_eq!(next.ratings.len(), ws.ratings.len() + 2 * answered);

    let again = plan_result_import(&next, &inputs(&[&new_code, &old_code]));
    assert!(again.accepted.is_empty() && again.workspace.is_none());
    assert_eq!(again.rejected.len(), 2);
    for r in &again.rejected {
        assert!(r.reason.starts_with("already imported"), "{r}");
    }
}

#[test]
fn changed_answers_on_the_same_date_replace_and_conflicts_in_a_batch_are_refused() {
    let ws = example_workspace();
    let a = link(&ws, 0);
    let first = code(&a, "Ann", DAY);
    let ws1 = plan_result_import(&ws, &inputs(&[&first])).workspace.unwrap();
    let mut changed = answer(&a, "ann", DAY);
    changed.answers[0].answer = Answer::Level(4);
    let changed = encode_result(&changed);
    let plan = plan_result_import(&ws1, &inputs(&[&changed]));
    assert_eq!((plan.accepted[0].replaced, plan.accepted[0].new_person), (1, false));

    // The same code twice; two results of one learner for one date; the same learner on another date.
    let later = code(&a, "ANN", "2026-11-01");
    let plan = plan_result_import(&ws, &inputs(&[&first, &first, &changed, &later]));
    assert_eq!(plan.accepted.iter().map(|x| x.index).collect::<Vec<_>>(), vec![0, 3]);
    assert_eq!(plan.accepted[0].person, plan.accepted[1].person, "one new person for both rounds");
    let reasons: Vec<String> = plan.rejected.iter().map(|r| r.to_string()).collect();
    assert!(reasons[0].starts_with("code 2 (Ann): the same code as code 1"), "{reasons:?}");
    assert!(reasons[1].starts_with("code 3 (ann): code 1 is also this learner's result of 2026-10-01"), "{reasons:?}");
    let next = plan.workspace.unwrap();
    assert_eq!(next.people.len(), ws.people.len() + 1);
    next.validate().unwrap();
}

#[test]
fn stale_tampered_unknown_and_empty_results_are_rejected_with_reasons() {
    let ws = example_workspace();
    let a = link(&ws, 0);
    let good = code(&a, "Good", DAY);
    let stale = code(&a, "Stale Sam", DAY);
    let mut tampered = code(&a, "Tampered", DAY);
    let mid = tampered.len() / 2;
    let c = if &tampered[mid..=mid] == "x" { "y" } else { "x" };
    tampered.replace_range(mid..=mid, c);
    let skipped = encode_result(&a.result(learner("Idle"), DAY, a.blank_answers()).unwrap());

    // Another workspace's link: its role does not exist here.
    let mut other = Workspace::empty("Other org");
    let role = RoleId(
        other
            .apply(Command::AddRole { name: "Barista".into(), team: String::new(), contact: ContactLevel::High })
            .unwrap()
            .created
            .unwrap(),
    );
    let skill = SkillId(
        other.apply(Command::AddSkill { name: "Latte art".into(), category: "Craft".into() }).unwrap().created.unwrap(),
    );
    other
        .apply(Command::SetRequirement {
            role: role.clone(),
            skill,
            requirement: Some(Requirement { level: 2, importance: 3 }),
        })
        .unwrap();
    let foreign = code(&assessment_for_role(&other, &role, "zz", DAY).unwrap(), "Visitor", DAY);

    // The profile changes after the links were sent: the stale code no longer matches, but a rename does not matter.
    let mut now = ws.clone();
    let (sid, q) = now.roles[0].requirements.iter().next().map(|(s, q)| (s.clone(), *q)).unwrap();
    let bumped = Requirement { level: (q.level + 1) % 5, ..q };
    now.apply(Command::SetRequirement { role: a.role.clone(), skill: sid.clone(), requirement: Some(bumped) }).unwrap();
    let fields = SkillFields { name: "Renamed skill".into(), ..SkillFields::of(now.skill(&sid).unwrap()) };
    now.apply(Command::UpdateSkill { id: sid, fields }).unwrap();
    let plan = plan_result_import(&now, &inputs(&[&stale, &tampered, &foreign, &skipped, "r1.5.AAAA", "", &good]));
    assert!(plan.accepted.is_empty());
    let said: Vec<String> = plan.rejected.iter().map(|r| r.to_string()).collect();
    assert!(said[0].starts_with("code 1 (Stale Sam): stale: the profile of"), "{said:?}");
    assert!(said[1].starts_with("code 2: ") && said[1].contains("checksum"), "{said:?}");
    assert!(
        said[2].starts_with("code 3 (Visitor): this workspace has no role “Barista”") && said[2].contains("Other org"),
        "{said:?}"
    );
    assert!(said[3].starts_with("code 4 (Idle): stale"), "{said:?}");
    assert!(said[4].contains("incomplete"), "{said:?}");
    assert!(said[5].contains("no result code here"), "{said:?}");
    assert!(said[6].starts_with("code 7 (Good): stale"), "{said:?}");

    // Against the unchanged workspace, only the good and the stale-then codes go through.
    let plan = plan_result_import(&ws, &inputs(&[&stale, &tampered, &good, &skipped]));
    assert_eq!(plan.accepted.len(), 2);
    assert_eq!(plan.rejected.len(), 2);
    assert!(plan.rejected[1].to_string().starts_with("code 4 (Idle): every skill was skipped"), "{}", plan.rejected[1]);

    // A rename alone keeps the fingerprint.
    let mut renamed = ws.clone();
    let r0 = renamed.roles[0].clone();
    renamed
        .apply(Command::UpdateRole {
            id: r0.id.clone(),
            fields: RoleFields { name: "Renamed role".into(), ..RoleFields::of(&r0) },
        })
        .unwrap();
    assert_eq!(plan_result_import(&renamed, &inputs(&[&good])).accepted.len(), 1);
}

#[test]
fn two_people_of_one_name_in_the_role_are_ambiguous() {
    let mut ws = example_workspace();
    let a = link(&ws, 0);
    for _ in 0..2 {
        let fields =
            PersonFields { name: "Sam Lee".into(), role: a.role.clone(), team: String::new(), start_date: None };
        ws.apply(Command::AddPerson { fields }).unwrap();
    }
    let plan = plan_result_import(&ws, &inputs(&[&code(&a, "sam lee", DAY)]));
    assert!(plan.rejected[0].reason.contains("2 people in"), "{}", plan.rejected[0]);
}

// ---------------------------------------------------------------------------------------------------------
// Mangled by mail programs, hostile lengths, and the fuzzer's round-trip defects (issue 11)
// ---------------------------------------------------------------------------------------------------------

/// `text` as mail programs and chat tools pass it on.
fn manglings(text: &str) -> Vec<String> {
    let pct: String = text.bytes().map(|b| format!("%{b:02X}")).collect();
    let chunks = |n: usize, sep: &str| {
        text.as_bytes().chunks(n).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(sep)
    };
    vec![
        format!("https://example.test/skillgap/#/learn/{text}"),
        format!("https://example.test/skillgap/#%2Flearn%2F{text}"),
        format!("https://example.test/skillgap/%23%2Flearn%2F{text}"),
        format!("https://example.test/skillgap/#/learn/{pct}"),
        format!("https://example.test/skillgap/#/learn/{}", pct.replace('%', "%25")),
        format!("<https://example.test/skillgap/#/learn/{text}>"),
        format!("\"https://example.test/#/learn/{text}\""),
        format!("(see https://example.test/#/learn/{text})."),
        format!("{text}>"),
        format!("\u{201c}{text}\u{201d}"),
        chunks(70, "\r\n"),
        chunks(60, " "),
        chunks(76, "=\r\n"),
        chunks(72, "\n> "),
        chunks(50, "\u{200b}"),
        chunks(40, "\u{ad}"),
    ]
}

#[test]
fn links_and_result_codes_mangled_by_mail_are_read() {
    let ws = example_workspace();
    let a = link(&ws, 0);
    let r = answer(&a, "Ann", DAY);
    let (l, c) = (encode_link(&a), encode_result(&r));
    for m in manglings(&l) {
        assert_eq!(decode_link(&m).as_ref(), Ok(&a), "{m}");
        assert!(unmangle(&m).ends_with(&l), "{m}");
    }
    for m in manglings(&c) {
        assert_eq!(decode_result(&m).as_ref(), Ok(&r), "{m}");
    }
    // What the learner page does with its address: the fragment, percent-decoded, names the route.
    assert_eq!(unmangle(&format!("#%2Flearn%2F{l}")), format!("#/learn/{l}"));
    assert_eq!(unmangle("#/"), "#/");
}

#[test]
fn pasted_result_codes_mangled_by_mail_are_split_and_read() {
    let ws = example_workspace();
    let a = link(&ws, 0);
    let (c1, c2) = (code(&a, "Ann", DAY), code(&a, "Ben", DAY));
    let wrapped = |c: &str, sep: &str| {
        c.as_bytes().chunks(60).map(|x| std::str::from_utf8(x).unwrap()).collect::<Vec<_>>().join(sep)
    };
    let pct: String = c2.bytes().map(|b| format!("%{b:02X}")).collect();
    for pasted in [
        format!("> Ann: {}\n> \n> Ben: {}\n", wrapped(&c1, "\n> "), wrapped(&c2, "\n> ")),
        format!("Ann: {}\r\nBen: {pct}", wrapped(&c1, "=\r\n")),
        format!("\"{c1}\", <{}>", wrapped(&c2, " ")),
        format!("{}\u{200b}\n{c2}.", wrapped(&c1, "\u{ad}")),
    ] {
        assert_eq!(split_codes(&pasted), vec![c1.clone(), c2.clone()], "{pasted}");
        let plan = plan_result_import(&ws, &split_codes(&pasted).into_iter().map(|c| ("p".to_string(), c)).collect::<Vec<_>>());
        assert_eq!(plan.accepted.len(), 2, "{:?}", plan.rejected);
    }
}

#[test]
fn long_runs_of_digits_and_dots_split_quickly_and_correctly() {
    // Both took seconds before splitting was made linear (issue 11): 80,000 digits, and `a1.` + dots.
    let digits = "7".repeat(80_000);
    assert!(split_codes(&digits) == vec![digits.clone()], "no code: the text is returned whole");
    let dots = format!("a1.{}", ".".repeat(80_000));
    let got = split_codes(&dots);
    assert!(got.len() == 1 && got[0] == dots, "one code, read whole and then refused by its decoder");
    assert!(decode_result(&got[0]).is_err());
    let many = "r1.9. ".repeat(40_000);
    let got = split_codes(&many);
    assert_eq!(got.len(), 40_000);
    assert!(got.iter().all(|c| c == "r1.9."));
    // A declared length near usize::MAX does not overflow.
    assert_eq!(split_codes("a1.18446744073709551615.abc"), vec!["a1.18446744073709551615.abc".to_string()]);
}

#[test]
fn a_hand_made_result_with_an_untrimmed_date_previews_what_it_does() {
    let ws = example_workspace();
    let a = link(&ws, 0);
    let first = code(&a, "Ann", DAY);
    let ws1 = plan_result_import(&ws, &inputs(&[&first])).workspace.unwrap();
    let mut r = answer(&a, "Ann", DAY);
    r.completed = format!("  {DAY} ");
    r.learner.name = " Ann ".into();
    r.answers[0].answer = Answer::Level(4);
    let decoded = decode_result(&encode_result(&r)).unwrap();
    assert_eq!((decoded.completed.as_str(), decoded.learner.name.as_str()), (DAY, "Ann"));
    let plan = plan_result_import(&ws1, &inputs(&[&encode_result(&r)]));
    let acc = &plan.accepted[0];
    assert_eq!((acc.added, acc.replaced, acc.new_person, acc.date.as_str()), (0, 1, false, DAY), "{acc}");
}

#[test]
fn reimporting_a_batch_with_two_results_for_one_learner_and_date_changes_nothing() {
    let ws = example_workspace();
    let a = link(&ws, 0);
    let first = code(&a, "Ann", DAY);
    let mut other = answer(&a, "Ann", DAY);
    other.answers[0].answer = Answer::Level(4);
    let other = encode_result(&other);
    let batch = inputs(&[&first, &other]);
    let plan = plan_result_import(&ws, &batch);
    assert_eq!(plan.accepted.len(), 1);
    let ws1 = plan.workspace.unwrap();
    let again = plan_result_import(&ws1, &batch);
    assert!(again.accepted.is_empty(), "{:?}", again.accepted);
    assert!(again.workspace.is_none());
    let reasons: Vec<String> = again.rejected.iter().map(|r| r.to_string()).collect();
    assert!(reasons[0].contains("already imported"), "{reasons:?}");
    assert!(reasons[1].contains("code 1 is also this learner's result of"), "{reasons:?}");
}
