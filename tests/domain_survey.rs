//! Staff surveys: the default questionnaire, survey links and response codes (round trips, every
//! single-character change and truncation refused, wrong kinds named), anonymity of a response, the import
//! plan (duplicates by token, closed and unknown rounds), the disclosure rule in every view and export (a
//! property test over random response sets), and the statistics against hand-computed values.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::Config;
use skillgap::domain::example::example_workspace;
use skillgap::domain::learner::{self, LinkError};
use skillgap::domain::survey::codec::*;
use skillgap::domain::survey::disclose::{column, Cell, Part, Why};
use skillgap::domain::survey::instrument::{Construct, ItemKind};
use skillgap::domain::survey::responses::plan_import;
use skillgap::domain::survey::results::{compare, results_csv, round_results, RoundResults};
use skillgap::domain::survey::stats::{change, t_quantile, ScoreStats};
use skillgap::domain::survey::{GroupBy, SurveyCommand};
use skillgap::domain::*;

const KEY: &str = "rk-7Hq2xP";

fn run(ws: &mut Workspace, c: SurveyCommand) {
    ws.apply(Command::Survey(c)).expect("the survey command is accepted");
}

/// The example workspace with one open round, grouped by `by`.
fn with_round(by: GroupBy) -> (Workspace, SurveyLink) {
    let mut ws = example_workspace();
    run(&mut ws, SurveyCommand::SetGroupBy(by));
    run(&mut ws, SurveyCommand::OpenRound { key: KEY.into(), label: "Spring 2026".into(), opened: "2026-03-02".into(), suppliers: None });
    let link = link_for(&ws, ws.survey.round(KEY).unwrap());
    (ws, link)
}

fn rated_count(link: &SurveyLink) -> usize {
    link.items_of(ItemKind::Rated).count()
}

/// A response from `group` answering every rated question `v`, rating the first supplier offered with `v`,
/// and writing `text`.
fn respond(link: &SurveyLink, group: Option<&str>, v: u8, text: &str, token: &str) -> SurveyResponse {
    let rated = vec![Some(v); rated_count(link)];
    let per = link.items_of(ItemKind::PerSupplier).count();
    let suppliers: Vec<(String, Vec<Option<u8>>)> =
        link.suppliers_for(group).into_iter().take(1).map(|g| (g.id.clone(), vec![Some(v); per])).collect();
    let texts = vec![text.to_string(); link.items_of(ItemKind::Text).count()];
    link.respond(group.map(str::to_string), &rated, &suppliers, &texts, token).expect("a valid response")
}

fn token(i: usize) -> String {
    format!("tok-{i:04}-abcdefghijkl")
}

fn import(ws: &mut Workspace, codes: &[String]) -> usize {
    let inputs: Vec<(String, String)> = codes.iter().enumerate().map(|(i, c)| (format!("code {}", i + 1), c.clone())).collect();
    let plan = plan_import(ws, &inputs);
    let n = plan.accepted.len();
    if let Some(cmd) = plan.command() {
        run(ws, cmd);
    }
    n
}

#[test]
fn the_default_questionnaire_covers_every_construct_with_a_few_items_and_one_free_text_question() {
    let s = skillgap::domain::survey::StaffSurvey::default();
    for c in Construct::ALL {
        let n = s.items.iter().filter(|i| i.construct == c).count();
        match c.kind() {
            ItemKind::Text => assert_eq!(n, 1, "{c:?}"),
            _ => assert!((3..=5).contains(&n), "{c:?} has {n} items"),
        }
    }
    assert_eq!(s.threshold, 5);
    let ids: std::collections::HashSet<_> = s.items.iter().map(|i| &i.id).collect();
    assert_eq!(ids.len(), s.items.len());
}

#[test]
fn the_trainer_edits_drops_and_adds_items_each_in_a_construct_and_rounds_keep_what_they_asked() {
    let (mut ws, _) = with_round(GroupBy::Role);
    let before = ws.survey.round(KEY).unwrap().items.clone();
    let id = ws
        .apply(Command::Survey(SurveyCommand::AddItem { construct: Construct::Trust, text: "  My manager keeps confidences. ".into() }))
        .unwrap()
        .created
        .unwrap();
    let at = ws.survey.items.iter().position(|i| i.id == id).unwrap();
    assert_eq!(ws.survey.items[at].text, "My manager keeps confidences.");
    // After the last trust item, before empowerment.
    assert_eq!(ws.survey.items[at - 1].id, "q-trust-3");
    assert_eq!(ws.survey.items[at + 1].construct, Construct::Empowerment);
    run(&mut ws, SurveyCommand::UpdateItem { id: id.clone(), construct: Construct::Recognition, text: "Reworded.".into() });
    run(&mut ws, SurveyCommand::DeleteItem { id: "q-climate-1".into() });
    assert!(ws.survey.items.iter().all(|i| i.id != "q-climate-1"));
    assert_eq!(ws.survey.round(KEY).unwrap().items, before, "an open round keeps the questions its link asks");
    // Bad edits are refused with nothing changed.
    let snapshot = ws.clone();
    for bad in [
        SurveyCommand::UpdateItem { id: id.clone(), construct: Construct::Trust, text: "   ".into() },
        SurveyCommand::UpdateItem { id: "q-nope".into(), construct: Construct::Trust, text: "x".into() },
        SurveyCommand::AddItem { construct: Construct::Trust, text: "x".repeat(301) },
        SurveyCommand::SetThreshold(2),
        SurveyCommand::SetThreshold(51),
        SurveyCommand::OpenRound { key: KEY.into(), label: "Again".into(), opened: "2026-03-02".into(), suppliers: None },
        SurveyCommand::OpenRound { key: "other".into(), label: "spring 2026".into(), opened: "2026-03-02".into(), suppliers: None },
        SurveyCommand::OpenRound { key: "other".into(), label: "Autumn".into(), opened: "2026-13-02".into(), suppliers: None },
    ] {
        let e = ws.apply(Command::Survey(bad.clone())).expect_err(&format!("{bad:?} is refused"));
        assert!(!e.to_string().is_empty());
        assert_eq!(ws, snapshot, "{bad:?} changed nothing");
    }
    assert!(ws.apply(Command::Survey(SurveyCommand::SetThreshold(2))).unwrap_err().to_string().contains("3–50"));
}

#[test]
fn a_survey_link_round_trips_and_every_single_character_change_or_truncation_is_refused() {
    let (ws, link) = with_round(GroupBy::Team);
    let code = encode_link(&link);
    assert!(code.starts_with("s1."), "{code}");
    assert_eq!(decode_link(&code).unwrap(), link);
    assert_eq!(decode_link(&format!("https://x.example/app/#/survey/{code}")).unwrap(), link);
    // The link says who is asking, the groups and the questions: nothing about any person.
    assert_eq!(link.workspace, ws.name);
    assert_eq!(link.groups.len(), 5);
    assert!(!code.is_empty());
    let alphabet = ['A', 'b', '0', '-', '_'];
    for i in 0..code.len() {
        let c = code.as_bytes()[i] as char;
        let sub = alphabet.iter().copied().find(|&x| x != c).unwrap();
        let mut changed = code.clone();
        changed.replace_range(i..i + 1, &sub.to_string());
        assert!(decode_link(&changed).is_err(), "changing character {i} went unnoticed");
    }
    for len in 0..code.len() {
        assert!(decode_link(&code[..len]).is_err(), "a link cut to {len} characters was read");
    }
}

#[test]
fn a_response_carries_no_name_and_no_identifier_and_round_trips() {
    let (_, link) = with_round(GroupBy::Role);
    let r = respond(&link, Some("r-contact-centre"), 4, "Two systems for one customer.", &token(1));
    let code = encode_response(&r);
    assert!(code.starts_with("v1."));
    assert_eq!(decode_response(&code).unwrap(), r);
    // Its JSON has the round, the fingerprint and the body; the body has only token, group, answers,
    // suppliers and text.
    let json: serde_json::Value = serde_json::to_value(&r).unwrap();
    let mut top: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    top.sort();
    assert_eq!(top, ["f", "r", "v"]);
    let mut body: Vec<&str> = json["v"].as_object().unwrap().keys().map(String::as_str).collect();
    body.sort();
    assert_eq!(body, ["a", "g", "s", "t", "x"]);
    // Every single-character change of the code is refused.
    for i in 0..code.len() {
        let c = code.as_bytes()[i] as char;
        let mut changed = code.clone();
        changed.replace_range(i..i + 1, if c == 'Q' { "R" } else { "Q" });
        assert!(decode_response(&changed).is_err(), "changing character {i} went unnoticed");
    }
    // Codes pasted into the wrong box are named for what they are.
    let learner_link = learner::encode_link(
        &learner::assessment_for_role(&example_workspace(), &"r-contact-centre".into(), "x7Kq-29fA", "2026-09-20").unwrap(),
    );
    match decode_response(&learner_link) {
        Err(LinkError::WrongKind { found, .. }) => assert_eq!(found.to_string(), "learner link"),
        other => panic!("{other:?}"),
    }
    match decode_link(&code) {
        Err(e @ LinkError::WrongKind { .. }) => assert!(e.to_string().contains("survey response"), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn responding_is_checked_against_the_link() {
    let (_, link) = with_round(GroupBy::Role);
    let n = rated_count(&link);
    let none = vec![None; n];
    let texts = vec![String::new()];
    let err = |group: Option<&str>, rated: &[Option<u8>], sup: &[(String, Vec<Option<u8>>)], texts: &[String]| {
        link.respond(group.map(str::to_string), rated, sup, texts, &token(9)).unwrap_err().to_string()
    };
    assert!(err(None, &none, &[], &texts).contains("nothing was answered"));
    assert!(err(Some("r-nope"), &vec![Some(3); n], &[], &texts).contains("not one of the round's"));
    assert!(err(None, &vec![Some(6); n], &[], &texts).contains("1–5"));
    assert!(err(None, &vec![Some(3); n - 1], &[], &texts).contains("rated questions"));
    let per = link.items_of(ItemKind::PerSupplier).count();
    let own = vec![("r-back-office".to_string(), vec![Some(3); per])];
    assert!(err(Some("r-back-office"), &vec![Some(3); n], &own, &texts).contains("own group"));
    let front = vec![("r-contact-centre".to_string(), vec![Some(3); per])];
    assert!(err(None, &vec![Some(3); n], &front, &texts).contains("does not offer"), "high-contact roles are not suppliers by default");
    assert!(err(None, &vec![Some(3); n], &[], &["x".repeat(2001)]).contains("2000"));
    // Preferring not to give a group is allowed.
    assert!(link.respond(None, &vec![Some(3); n], &[], &texts, &token(9)).is_ok());
}

#[test]
fn importing_refuses_duplicates_by_token_closed_and_unknown_rounds_and_changes_nothing_when_refused() {
    let (mut ws, link) = with_round(GroupBy::Role);
    let a = encode_response(&respond(&link, Some("r-contact-centre"), 4, "", &token(1)));
    let b = encode_response(&respond(&link, Some("r-contact-centre"), 2, "", &token(2)));
    let pasted = format!("From Sam: {a}\n\nand {b}\n{a}");
    let inputs: Vec<(String, String)> =
        learner::split_codes(&pasted).into_iter().enumerate().map(|(i, c)| (format!("code {}", i + 1), c)).collect();
    assert_eq!(inputs.len(), 3);
    let plan = plan_import(&ws, &inputs);
    assert_eq!(plan.accepted.len(), 2);
    assert_eq!(plan.rejected.len(), 1);
    assert!(plan.rejected[0].reason.contains("the same response as code 1"), "{}", plan.rejected[0].reason);
    assert_eq!(plan.rounds, vec![(KEY.to_string(), "Spring 2026".to_string(), 0, 2)]);
    run(&mut ws, plan.command().unwrap());
    assert_eq!(ws.survey.round(KEY).unwrap().response_count(), 2);
    // Again: already imported.
    let again = plan_import(&ws, &[("file.json".into(), a.clone())]);
    assert!(again.accepted.is_empty() && again.rejected[0].reason.contains("already imported"));
    // A response file holds many codes; it reads back to the same codes.
    let file = response_file(&[a.clone(), b.clone()]);
    let read = parse_response_file("responses.json", &file).unwrap();
    assert_eq!(read, vec![("responses.json, code 1".to_string(), a.clone()), ("responses.json, code 2".to_string(), b.clone())]);
    let wrong = parse_response_file("r.json", &learner::result_file(&[a.clone()])).unwrap_err();
    assert!(wrong.message.contains("not a Skillgap survey response file"), "{}", wrong.message);
    // A closed round takes no more.
    run(&mut ws, SurveyCommand::SetRoundClosed { key: KEY.into(), closed: true });
    let c = encode_response(&respond(&link, None, 3, "", &token(3)));
    let closed = plan_import(&ws, &[("code 1".into(), c.clone())]);
    assert!(closed.rejected[0].reason.contains("closed"), "{}", closed.rejected[0].reason);
    let snapshot = ws.clone();
    let direct = ws.apply(Command::Survey(SurveyCommand::AddResponses(vec![decode_response(&c).unwrap()])));
    assert!(direct.is_err());
    assert_eq!(ws, snapshot);
    // Another workspace has no such round.
    let other = plan_import(&example_workspace(), &[("code 1".into(), c)]);
    assert!(other.rejected[0].reason.contains("no survey round of this workspace"), "{}", other.rejected[0].reason);
}

fn construct_cell<'a>(r: &'a RoundResults, c: Construct, group: &str) -> &'a Cell<ScoreStats> {
    let i = r.rows.iter().position(|row| row.id.as_deref() == Some(group)).unwrap();
    &r.constructs.iter().find(|x| x.construct == c).unwrap().column.groups[i]
}

#[test]
fn a_team_with_three_responses_is_hidden_and_shown_with_six_everywhere() {
    let (mut ws, link) = with_round(GroupBy::Team);
    let team = link.groups[1].id.clone(); // the contact centre
    let codes: Vec<String> =
        (0..3).map(|i| encode_response(&respond(&link, Some(&team), 2 + i as u8, &format!("obstacle {i}"), &token(i)))).collect();
    assert_eq!(import(&mut ws, &codes), 3);
    let r = round_results(&ws, KEY).unwrap();
    assert_eq!(construct_cell(&r, Construct::ServiceClimate, &team), &Cell::Hidden(Why::TooFew));
    assert!(matches!(r.constructs[0].column.total, Cell::Hidden(_)), "3 in total: nothing shown");
    assert!(r.texts[0].column.groups.iter().all(|c| c.shown().is_none()));
    let csv = results_csv(&r);
    assert!(!csv.contains("obstacle"), "{csv}");
    assert!(!csv.contains(",3,"), "no count below k is written: {csv}");
    let more: Vec<String> =
        (3..6).map(|i| encode_response(&respond(&link, Some(&team), 2 + (i % 3) as u8, &format!("obstacle {i}"), &token(i)))).collect();
    assert_eq!(import(&mut ws, &more), 3);
    let r = round_results(&ws, KEY).unwrap();
    let shown = construct_cell(&r, Construct::ServiceClimate, &team).shown().expect("six responses are shown");
    assert_eq!(shown.n(), 6);
    assert!((shown.value().mean - 3.0).abs() < 1e-12);
    let i = r.rows.iter().position(|row| row.id.as_deref() == Some(team.as_str())).unwrap();
    assert_eq!(r.texts[0].column.groups[i].shown().unwrap().value().len(), 6);
    assert!(results_csv(&r).contains("obstacle 5"));
    assert!(r.warnings.iter().any(|w| w.contains("open")), "{:?}", r.warnings);
    assert!(r.warnings.iter().any(|w| w.contains("6 of 300 answered")), "{:?}", r.warnings);
}

#[test]
fn the_internal_customer_matrix_shows_who_rates_whom() {
    let (mut ws, link) = with_round(GroupBy::Role);
    assert_eq!(link.suppliers, vec!["r-team-leader".to_string(), "r-back-office".to_string()]);
    let codes: Vec<String> =
        (0..5).map(|i| encode_response(&respond(&link, Some("r-branch-advisor"), 2, "", &token(i)))).collect();
    import(&mut ws, &codes);
    let r = round_results(&ws, KEY).unwrap();
    let leader = r.matrix.iter().find(|s| s.supplier.id.as_deref() == Some("r-team-leader")).unwrap();
    let i = r.rows.iter().position(|row| row.id.as_deref() == Some("r-branch-advisor")).unwrap();
    let cell = leader.column.groups[i].shown().expect("five advisors rated team leaders");
    assert_eq!((cell.n(), cell.value().mean), (5, 2.0));
    let back = r.matrix.iter().find(|s| s.supplier.id.as_deref() == Some("r-back-office")).unwrap();
    assert!(back.column.groups.iter().all(|c| matches!(c, Cell::Empty)));
}

#[test]
fn statistics_match_hand_computed_values() {
    // t quantiles (tables): t(0.975; 1) = 12.7062, t(0.975; 4) = 2.7764, t(0.975; 10) = 2.2281.
    for (df, t) in [(1.0, 12.706_204_736), (4.0, 2.776_445_105), (10.0, 2.228_138_852), (30.0, 2.042_272_456)] {
        assert!((t_quantile(0.975, df) - t).abs() < 1e-6, "df {df}: {}", t_quantile(0.975, df));
    }
    // Scores 4, 5, 3, 4, 4: mean 4, s = √(2/4) = 0.707107, half-width 2.776445 · 0.707107 / √5 = 0.877981.
    let s = ScoreStats::of(&[4.0, 5.0, 3.0, 4.0, 4.0], None);
    assert!((s.mean - 4.0).abs() < 1e-12);
    assert!((s.sd - 0.5f64.sqrt()).abs() < 1e-12);
    assert!((s.low - (4.0 - 0.877_981)).abs() < 1e-5 && (s.high - (4.0 + 0.877_981)).abs() < 1e-5, "{s:?}");
    assert_eq!(s.dist, [0, 0, 1, 3, 1]);
    // The same five of a team of 8: fpc = √(3/7) = 0.654654, half-width 0.574775.
    let f = ScoreStats::of(&[4.0, 5.0, 3.0, 4.0, 4.0], Some(8));
    assert!(f.fpc && (f.high - 4.574_775).abs() < 1e-5, "{f:?}");
    // Intervals are cut to the scale; halves count up in the distribution.
    let top = ScoreStats::of(&[5.0, 5.0, 4.5, 1.0], None);
    assert_eq!((top.high, top.dist), (5.0, [1, 0, 0, 0, 3]));
    // Welch: a = 3, 4, 5 (mean 4, var 1), b = 4, 5, 6, 5 → but on the scale: b = 4, 5, 5, 4 (mean 4.5, var 1/3).
    // se² = 1/3 + (1/3)/4 = 0.416667; df = 0.416667² / ((1/3)²/2 + (1/12)²/3) = 0.173611 / 0.057870 = 3.0;
    // half-width t(0.975; 3) = 3.182446 · 0.645497 = 2.054260.
    let a = ScoreStats::of(&[3.0, 4.0, 5.0], None);
    let b = ScoreStats::of(&[4.0, 5.0, 5.0, 4.0], None);
    let c = change(&a, &b);
    assert!((c.diff - 0.5).abs() < 1e-12);
    assert!((c.df - 3.0).abs() < 1e-9, "{}", c.df);
    assert!((c.high - (0.5 + 2.054_260)).abs() < 1e-5, "{c:?}");
}

#[test]
fn rounds_are_compared_only_where_both_show_the_group() {
    let (mut ws, link) = with_round(GroupBy::Role);
    let first: Vec<String> = (0..6).map(|i| encode_response(&respond(&link, Some("r-contact-centre"), 2, "", &token(i)))).collect();
    import(&mut ws, &first);
    run(&mut ws, SurveyCommand::SetRoundClosed { key: KEY.into(), closed: true });
    run(&mut ws, SurveyCommand::OpenRound { key: "rk-2".into(), label: "Autumn 2026".into(), opened: "2026-09-01".into(), suppliers: None });
    let link2 = link_for(&ws, ws.survey.round("rk-2").unwrap());
    let second: Vec<String> = (10..16)
        .map(|i| encode_response(&respond(&link2, Some("r-contact-centre"), if i % 2 == 0 { 3 } else { 4 }, "", &token(i))))
        .collect();
    import(&mut ws, &second);
    let cmp = compare(&ws, KEY, "rk-2").unwrap();
    let i = cmp.rows.iter().position(|r| r.id.as_deref() == Some("r-contact-centre")).unwrap();
    let ch = cmp.constructs[0].groups[i].shown().expect("both rounds show the contact centre");
    assert!((ch.value().diff - 1.5).abs() < 1e-12, "{:?}", ch.value());
    assert!(ch.value().low > 0.0, "a clear rise: {:?}", ch.value());
    assert!(cmp.constructs[0].groups.iter().enumerate().all(|(j, c)| j == i || c.shown().is_none()));
    assert_eq!(ws.survey.latest_with_responses().unwrap().key, "rk-2");
}

/// Every disclosed figure of `r` summarises at least k responses; hidden groups of a shown total add up to
/// none or to at least k (no differencing); nothing is shown when the total is below k; the CSV writes no
/// count below k and no written answer of a hidden group.
fn assert_protected(r: &RoundResults, texts_by_row: &[Vec<String>]) {
    let k = r.k as usize;
    let mut columns: Vec<(Vec<Option<usize>>, Option<usize>, usize, Option<usize>)> = Vec::new();
    fn shape<T>(c: &skillgap::domain::survey::disclose::Column<T>, counts: &[usize]) -> (Vec<Option<usize>>, Option<usize>, usize, Option<usize>) {
        let groups: Vec<Option<usize>> = c.groups.iter().map(|x| x.shown().map(|d| d.n())).collect();
        let hidden: usize = c.groups.iter().zip(counts).filter(|(x, _)| matches!(x, Cell::Hidden(_))).map(|(_, n)| n).sum();
        (groups, c.total.shown().map(|d| d.n()), hidden, c.others.shown().map(|d| d.n()))
    }
    let counts: Vec<usize> = texts_by_row.iter().map(Vec::len).collect();
    columns.push(shape(&r.responses, &counts));
    for c in &r.constructs {
        columns.push(shape(&c.column, &counts));
    }
    for (groups, total, hidden, others) in columns {
        for n in groups.iter().flatten().chain(total.iter()).chain(others.iter()) {
            assert!(*n >= k, "a figure of {n} responses at k = {k}");
        }
        if total.is_some() {
            assert!(hidden == 0 || hidden >= k, "hidden groups hold {hidden} responses at k = {k}");
        } else {
            assert!(groups.iter().all(Option::is_none));
        }
    }
    let csv = results_csv(r);
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    for rec in reader.records() {
        let rec = rec.expect("the results CSV parses");
        if let Some(n) = rec.get(3).and_then(|f| f.parse::<usize>().ok()) {
            assert!(n >= k, "the CSV writes a figure of {n} responses: {rec:?}");
        }
    }
    for (row, (cell, texts)) in r.texts[0].column.groups.iter().zip(texts_by_row).enumerate() {
        if cell.shown().is_none() {
            for t in texts.iter().filter(|t| !t.is_empty()) {
                let shown_elsewhere = r.texts[0].column.others.shown().is_some_and(|d| d.value().contains(t));
                if !shown_elsewhere {
                    assert!(!csv.contains(t.as_str()), "row {row}'s hidden text {t} is in the CSV");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(Config { cases: 48, ..Config::default() })]

    #[test]
    fn the_threshold_holds_in_every_view_and_export(
        k in 3u8..=7,
        counts in prop::collection::vec(0usize..12, 6),
        seed in 0u64..1000,
    ) {
        let mut ws = example_workspace();
        run(&mut ws, SurveyCommand::SetThreshold(k));
        run(&mut ws, SurveyCommand::OpenRound { key: KEY.into(), label: "R".into(), opened: "2026-03-02".into(), suppliers: None });
        let link = link_for(&ws, ws.survey.round(KEY).unwrap());
        let groups: Vec<Option<String>> =
            link.groups.iter().map(|g| Some(g.id.clone())).chain([None]).collect();
        let mut codes = Vec::new();
        let mut texts_by_row = vec![Vec::new(); groups.len()];
        let mut t = 0;
        for (g, &n) in groups.iter().zip(&counts) {
            for j in 0..n {
                t += 1;
                let v = 1 + ((seed as usize + t * 7 + j) % 5) as u8;
                let text = format!("note{t}x{seed}");
                texts_by_row[groups.iter().position(|x| x == g).unwrap()].push(text.clone());
                codes.push(encode_response(&respond(&link, g.as_deref(), v, &text, &token(t))));
            }
        }
        prop_assert_eq!(import(&mut ws, &codes), codes.len());
        let r = round_results(&ws, KEY).unwrap();
        assert_protected(&r, &texts_by_row);
    }

    #[test]
    fn the_rule_never_shows_a_group_below_k_nor_lets_one_be_subtracted(
        k in 0u8..=8,
        counts in prop::collection::vec(0usize..15, 1..8),
    ) {
        let samples: Vec<Vec<u32>> = counts.iter().map(|&n| (0..n as u32).collect()).collect();
        let parts: Vec<Part<u32>> = samples.iter().map(|s| Part { samples: s.iter().collect(), population: None }).collect();
        let col = column(k, &parts, None, |s, _| s.len());
        let k = k.max(3) as usize;
        let total: usize = counts.iter().sum();
        let hidden: usize = col.groups.iter().zip(&counts).filter(|(c, _)| matches!(c, Cell::Hidden(_))).map(|(_, n)| n).sum();
        for (c, &n) in col.groups.iter().zip(&counts) {
            match c {
                Cell::Shown(d) => prop_assert!(d.n() == n && n >= k && total >= k),
                Cell::Empty => prop_assert_eq!(n, 0),
                Cell::Hidden(_) => prop_assert!(n > 0),
            }
        }
        prop_assert_eq!(col.total.shown().is_some(), total >= k);
        if total >= k {
            prop_assert!(hidden == 0 || hidden >= k);
            prop_assert_eq!(col.others.shown().is_some(), hidden >= k);
        }
    }
}
