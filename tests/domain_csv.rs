//! People-and-ratings CSV: import errors placed by row and column, separators and encodings, atomicity,
//! round trips through export, row-order independence, the template, and a 100,000-row import.

use skillgap::domain::csv_io::{export_csv, import_csv, template_csv, CsvError, CsvSummary, COLUMNS, MAX_ERRORS};
use skillgap::domain::*;

const FILE: &str = "people.csv";
/// Columns 1–10: person_id, name, role, team, start_date, skill, source, level, date, note.
const H: &str = "person_id,name,role,team,start_date,skill,source,level,date,note";

fn skill(id: &str, name: &str, category: &str) -> Skill {
    Skill {
        id: SkillId::from(id),
        name: name.into(),
        category: category.into(),
        description: String::new(),
        servqual: ServqualWeights::default(),
        level_texts: Vec::new(),
        source: None,
    }
}

fn role(id: &str, name: &str, team: &str) -> Role {
    Role {
        id: RoleId::from(id),
        name: name.into(),
        team: team.into(),
        headcount: 3,
        annual_turnover: 0.2,
        salary: 60_000.0,
        contact: ContactLevel::High,
        requirements: Default::default(),
    }
}

fn person(id: &str, name: &str, role: &str) -> Person {
    Person {
        id: PersonId::from(id),
        name: name.into(),
        role: RoleId::from(role),
        team: "Branch".into(),
        start_date: None,
    }
}

fn rating(p: &str, s: &str, source: Source, level: Option<Level>, date: &str, note: &str) -> Rating {
    Rating { person: p.into(), skill: s.into(), source, level, date: date.into(), note: note.into() }
}

/// Three skills, two roles, one person with one rating.
fn small() -> Workspace {
    let mut ws = Workspace::empty("Test");
    ws.skills = vec![
        skill("s1", "Listening", "Customer"),
        skill("s2", "Complaint handling", "Customer"),
        skill("s3", "CRM tools", "Technology"),
    ];
    ws.roles = vec![role("r1", "Advisor", "Branch"), role("r2", "Team leader", "Branch")];
    ws.people = vec![Person { start_date: Some("2020-01-06".into()), ..person("p1", "Ann Lee", "r1") }];
    ws.ratings = vec![rating("p1", "s1", Source::SelfRating, Some(2), "2026-03-10", "")];
    ws.next_id = 10;
    ws.validate().unwrap();
    ws
}

fn import(ws: &Workspace, text: &str) -> Result<(Workspace, CsvSummary), Vec<CsvError>> {
    import_csv(ws, FILE, text.as_bytes())
}

fn csv(rows: &[&str]) -> String {
    let mut s = String::from(H);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s
}

/// The errors of an import that must fail, checking that the input was not touched.
fn errors(ws: &Workspace, text: &str) -> Vec<CsvError> {
    let before = ws.clone();
    let out = import(ws, text);
    assert_eq!(ws, &before);
    match out {
        Ok((w, s)) => panic!("import should fail but gave {s} ({} people)", w.people.len()),
        Err(e) => {
            assert!(!e.is_empty());
            e
        }
    }
}

/// The single error of an import that must fail.
fn one_error(ws: &Workspace, text: &str) -> CsvError {
    let e = errors(ws, text);
    assert_eq!(e.len(), 1, "expected one error, got {e:#?}");
    e.into_iter().next().unwrap()
}

fn col(n: u32, name: &str) -> Option<(u32, String)> {
    Some((n, name.to_string()))
}

fn sorted_ratings(ws: &Workspace) -> Vec<Rating> {
    let mut r = ws.ratings.clone();
    r.sort_by(|a, b| (&a.person, &a.skill, a.source, &a.date).cmp(&(&b.person, &b.skill, b.source, &b.date)));
    r
}

fn without_people(ws: &Workspace) -> Workspace {
    let mut w = ws.clone();
    w.people.clear();
    w.ratings.clear();
    w
}

// ---------------------------------------------------------------------------------------------------------
// What an import does
// ---------------------------------------------------------------------------------------------------------

#[test]
fn imports_people_and_ratings_by_number_label_and_no_opportunity() {
    let ws = small();
    let text = csv(&[
        "p1,,,,,Listening,trainer,3,2026-09-15,Good on the phone",
        "p1,,,,,s2,Agreed,expert – can coach,2026-09-15,",
        ",Bo Diaz,Team leader,Branch east,2021-05-03,crm tools,manager,n/a,2026-09-15,No CRM access yet",
        ",bo diaz,,,,Listening,assessor,-,2026-09-16,",
        ",Bo Diaz,,,,Complaint handling,self,No opportunity,2026-09-16,",
        ",Cy Park,r1,,,,,,,",
    ]);
    let (out, summary) = import(&ws, &text).unwrap();
    out.validate().unwrap();
    assert_eq!(
        summary,
        CsvSummary {
            rows_read: 6,
            people_created: 2,
            people_updated: 0,
            ratings_added: 5,
            ratings_replaced: 0,
            ratings_unchanged: 0,
            delimiter: ',',
            ignored_columns: vec![],
        }
    );
    assert_eq!(summary.to_string(), "6 rows read: 2 people added, 0 updated; 5 ratings added, 0 replaced, 0 unchanged");
    assert_eq!(out.people.len(), 3);
    // New people get fresh ids after next_id, in name order.
    let bo = out.people.iter().find(|p| p.name == "Bo Diaz").unwrap();
    assert_eq!(bo.id.as_str(), "p10");
    assert_eq!(bo.role.as_str(), "r2");
    assert_eq!(bo.team, "Branch east");
    assert_eq!(bo.start_date.as_deref(), Some("2021-05-03"));
    let cy = out.people.iter().find(|p| p.name == "Cy Park").unwrap();
    assert_eq!((cy.id.as_str(), cy.role.as_str(), cy.team.as_str()), ("p11", "r1", ""));
    assert_eq!(out.next_id, 12);
    let find = |p: &str, s: &str, src: Source| {
        out.ratings.iter().find(|r| r.person.as_str() == p && r.skill.as_str() == s && r.source == src).unwrap()
    };
    assert_eq!(find("p1", "s1", Source::Trainer).level, Some(3));
    assert_eq!(find("p1", "s1", Source::Trainer).note, "Good on the phone");
    assert_eq!(find("p1", "s2", Source::Agreed).level, Some(4));
    assert_eq!(find("p10", "s3", Source::Trainer).level, None);
    assert_eq!(find("p10", "s3", Source::Trainer).note, "No CRM access yet");
    assert_eq!(find("p10", "s1", Source::Trainer).level, None);
    assert_eq!(find("p10", "s2", Source::SelfRating).level, None);
    // The existing rating is untouched.
    assert_eq!(out.ratings[0], ws.ratings[0]);
}

#[test]
fn reimporting_the_same_file_changes_nothing() {
    let ws = small();
    let text = csv(&[
        "p1,Ann Lee,Advisor,Branch,2020-01-06,Listening,self,2,2026-03-10,",
        "p1,,,,,Listening,trainer,3,2026-09-15,x",
        ",Bo Diaz,Advisor,,,CRM tools,self,1,2026-09-15,",
    ]);
    let (once, s1) = import(&ws, &text).unwrap();
    assert_eq!((s1.ratings_added, s1.ratings_unchanged, s1.people_created), (2, 1, 1));
    let (twice, s2) = import(&once, &text).unwrap();
    assert_eq!(twice, once);
    assert_eq!((s2.ratings_added, s2.ratings_replaced, s2.ratings_unchanged), (0, 0, 3));
    assert_eq!((s2.people_created, s2.people_updated), (0, 0));
}

#[test]
fn ratings_are_replaced_by_key_and_people_updated_from_non_empty_cells() {
    let ws = small();
    let text = csv(&["p1,Ann Lee-Smith,Team leader,,,Listening,self,4,2026-03-10,Now confident", "p1,,,,,,,,,"]);
    let (out, s) = import(&ws, &text).unwrap();
    assert_eq!((s.ratings_replaced, s.ratings_added, s.people_updated), (1, 0, 1));
    assert_eq!(out.ratings.len(), 1);
    assert_eq!(out.ratings[0].level, Some(4));
    assert_eq!(out.ratings[0].note, "Now confident");
    let p = &out.people[0];
    assert_eq!((p.name.as_str(), p.role.as_str(), p.team.as_str()), ("Ann Lee-Smith", "r2", "Branch"));
    assert_eq!(p.start_date.as_deref(), Some("2020-01-06"), "an empty cell leaves the start date");
}

#[test]
fn without_a_note_column_existing_notes_are_kept() {
    let mut ws = small();
    ws.ratings[0].note = "keep me".into();
    let (out, s) = import(&ws, "name,skill,source,level,date\nAnn Lee,Listening,self,3,2026-03-10\n").unwrap();
    assert_eq!(s.ratings_replaced, 1);
    assert_eq!((out.ratings[0].level, out.ratings[0].note.as_str()), (Some(3), "keep me"));
}

#[test]
fn headers_are_matched_in_any_case_and_order_and_unknown_columns_are_reported() {
    let ws = small();
    let text = "Level; DATE ;Skill;Source;Name;Person ID;Start Date;Category;Email\n\
                3;2026-09-15;listening;TRAINER;Ann Lee;p1;2020-01-06;Customer;ann@example.org\n";
    let (out, s) = import(&ws, text).unwrap();
    assert_eq!(s.delimiter, ';');
    assert_eq!(s.ignored_columns, vec!["Category".to_string(), "Email".to_string()]);
    assert!(s.to_string().ends_with("(ignored columns: Category, Email)"));
    assert_eq!(out.ratings.len(), 2);
}

#[test]
fn level_label_is_read_only_when_level_is_empty() {
    let ws = small();
    let text = "name,skill,source,level,level_label,date\n\
                Ann Lee,s2,self,,Proficient,2026-09-15\n\
                Ann Lee,s3,self,1,Expert – can coach,2026-09-15\n";
    let (out, _) = import(&ws, text).unwrap();
    let level = |s: &str| out.ratings.iter().find(|r| r.skill.as_str() == s).unwrap().level;
    assert_eq!(level("s2"), Some(3));
    assert_eq!(level("s3"), Some(1));
}

#[test]
fn a_person_id_that_is_new_creates_that_person() {
    let ws = small();
    let (out, s) = import(&ws, &csv(&["emp-42,Dee Fox,Advisor,Branch,,Listening,self,1,2026-09-15,"])).unwrap();
    assert_eq!(s.people_created, 1);
    assert_eq!(out.people[1].id.as_str(), "emp-42");
    assert_eq!(out.next_id, ws.next_id, "no id was minted");
}

#[test]
fn minted_ids_skip_ids_the_file_uses() {
    let ws = small(); // next_id 10
    let text = csv(&[",Bo Diaz,Advisor,,,,,,,", "p10,Cy Park,Advisor,,,,,,,"]);
    let (out, _) = import(&ws, &text).unwrap();
    let id = |n: &str| out.people.iter().find(|p| p.name == n).unwrap().id.to_string();
    assert_eq!(id("Cy Park"), "p10");
    assert_eq!(id("Bo Diaz"), "p11");
    assert_eq!(out.next_id, 12);
}

// ---------------------------------------------------------------------------------------------------------
// Every kind of error, with its exact place
// ---------------------------------------------------------------------------------------------------------

#[test]
fn level_off_the_scale_names_file_row_and_column() {
    let text = csv(&["p1,,,,,Listening,self,3,2026-09-15,", "p1,,,,,Listening,trainer,7,2026-09-15,"]);
    let e = one_error(&small(), &text);
    assert_eq!((e.row, e.column.clone()), (3, col(8, "level")));
    assert_eq!(e.to_string(), "people.csv, row 3, column 8 (level): level 7 is not on the scale (0–4)");
    let e = one_error(&small(), &csv(&["p1,,,,,Listening,trainer,-1,2026-09-15,"]));
    assert_eq!(e.message, "level -1 is not on the scale (0–4)");
}

#[test]
fn a_level_that_is_neither_number_nor_label_lists_the_choices() {
    let e = one_error(&small(), &csv(&["p1,,,,,Listening,self,Expertt,2026-09-15,"]));
    assert_eq!((e.row, e.column), (2, col(8, "level")));
    assert!(
        e.message.starts_with("“Expertt” is not a level; write a number 0–4, a label on the scale (Not yet, Aware,"),
        "{}",
        e.message
    );
    let e = one_error(&small(), &csv(&["p1,,,,,Listening,self,,2026-09-15,"]));
    assert_eq!((e.row, e.column), (2, col(8, "level")));
    assert!(e.message.starts_with("the level is empty"), "{}", e.message);
}

#[test]
fn unknown_skill_role_and_person() {
    let e = one_error(&small(), &csv(&["p1,,,,,Listning,self,2,2026-09-15,"]));
    assert_eq!((e.row, e.column), (2, col(6, "skill")));
    assert!(e.message.contains("no skill “Listning”"), "{}", e.message);

    let e = one_error(&small(), &csv(&[",Bo Diaz,Cashier,,,,,,,"]));
    assert_eq!((e.row, e.column), (2, col(3, "role")));
    assert_eq!(e.message, "there is no role “Cashier”; the roles are Advisor, Team leader");

    let e = one_error(&small(), &csv(&["p9,,,,,Listening,self,2,2026-09-15,"]));
    assert_eq!((e.row, e.column), (2, col(1, "person_id")));
    assert_eq!(e.message, "there is no person with id “p9”; to add them, give their name and role");

    let e = one_error(&small(), &csv(&[",Bo Diaz,,,,Listening,self,2,2026-09-15,"]));
    assert_eq!((e.row, e.column), (2, col(2, "name")));
    assert_eq!(e.message, "there is nobody called “Bo Diaz”; to add them, give their role");

    let e = one_error(&small(), &csv(&[",,Advisor,,,Listening,self,2,2026-09-15,"]));
    assert_eq!((e.row, e.column), (2, col(2, "name")));
}

#[test]
fn bad_source_and_dates() {
    let e = one_error(&small(), &csv(&["p1,,,,,Listening,boss,2,2026-09-15,"]));
    assert_eq!((e.row, e.column), (2, col(7, "source")));
    assert_eq!(e.message, "source “boss” must be self, trainer or agreed (manager and assessor count as trainer)");

    let e = one_error(&small(), &csv(&["p1,,,,,Listening,self,2,15/09/2026,"]));
    assert_eq!((e.row, e.column), (2, col(9, "date")));
    assert!(e.message.starts_with("rating date must be a date written YYYY-MM-DD, not “15/09/2026”"), "{}", e.message);
    assert!(e.message.contains("Excel may have changed the date format"));

    let e = one_error(&small(), &csv(&["p1,,,,2020-02-30,,,,,"]));
    assert_eq!((e.row, e.column), (2, col(5, "start_date")));

    let e = one_error(&small(), &csv(&["p1,,,,,Listening,self,2,,"]));
    assert_eq!((e.row, e.column), (2, col(9, "date")));
    assert!(e.message.starts_with("the date is empty"));
}

#[test]
fn every_problem_of_a_row_is_reported() {
    let e = errors(&small(), &csv(&["p1,,,,,Listening,boss,9,2026-13-01,"]));
    let places: Vec<_> = e.iter().map(|e| (e.row, e.column.clone().unwrap().0)).collect();
    assert_eq!(places, vec![(2, 7), (2, 8), (2, 9)]);
}

#[test]
fn duplicate_rows_name_the_earlier_row() {
    let text = csv(&[
        "p1,,,,,Listening,self,2,2026-09-15,",
        "p1,,,,,CRM tools,self,2,2026-09-15,",
        "p1,Ann Lee,,,,listening,Self,3,2026-09-15,",
    ]);
    let e = one_error(&small(), &text);
    assert_eq!((e.row, e.column.clone()), (4, None));
    assert_eq!(
        e.to_string(),
        "people.csv, row 4: row 2 already gives this person's self rating of this skill on 2026-09-15; \
         each rating may appear once"
    );
}

#[test]
fn ambiguous_names_conflicting_rows_and_taken_ids() {
    let mut ws = small();
    ws.people.push(person("p2", "Sam Roe", "r1"));
    ws.people.push(person("p3", "sam roe", "r2"));
    let e = one_error(&ws, &csv(&[",Sam Roe,,,,Listening,self,2,2026-09-15,"]));
    assert_eq!((e.row, e.column), (2, col(2, "name")));
    assert_eq!(e.message, "2 people are called “Sam Roe” (p2, p3); add a person_id column to say which");

    let text = csv(&["p1,,Advisor,,,,,,,", "p1,,,,,Listening,self,2,2026-09-15,", "p1,,Team leader,,,,,,,"]);
    let e = one_error(&small(), &text);
    assert_eq!((e.row, e.column), (4, col(3, "role")));
    assert!(e.message.starts_with("row 2 gives this person the role “Advisor”"), "{}", e.message);

    let e = one_error(&small(), &csv(&["r1,Bo Diaz,Advisor,,,,,,,"]));
    assert_eq!((e.row, e.column), (2, col(1, "person_id")));
    assert!(e.message.contains("already belongs to a skill, role or scenario"));
}

#[test]
fn rating_cells_without_a_skill_and_stray_cells() {
    let e = one_error(&small(), &csv(&["p1,,,,,,self,2,2026-09-15,"]));
    assert_eq!((e.row, e.column), (2, col(7, "source")));
    assert!(e.message.contains("no skill"));

    let e = one_error(&small(), &csv(&["p1,Lee, Ann,,,,Listening,self,2,2026-09-15,a note"]));
    assert_eq!((e.row, e.column), (2, None));
    assert!(e.message.starts_with("cell 11 has a value but the header has only 10 columns"), "{}", e.message);
    // A shifted row whose last cell is empty: its own errors, then the likely cause.
    let e = errors(&small(), &csv(&["p1,Lee, Ann,,,,Listening,self,2,2026-09-15,"]));
    let places: Vec<_> = e.iter().map(|e| (e.row, e.column.clone().map(|c| c.0))).collect();
    assert_eq!(places, vec![(2, Some(3)), (2, Some(7)), (2, None)]);
    assert!(
        e[2].message.starts_with("this row has 11 cells but the header has 10; a name or note"),
        "{}",
        e[2].message
    );
    // Trailing empty cells (as Excel writes them) are fine.
    import(&small(), &csv(&["p1,,,,,Listening,trainer,2,2026-09-15,,,"])).unwrap();
    // And a short row reads the missing cells as empty.
    import(&small(), &csv(&["p1,Ann Lee"])).unwrap();
}

#[test]
fn header_problems() {
    let e = errors(&small(), "name,skill,level\nAnn Lee,Listening,2\n");
    let msgs: Vec<_> = e.iter().map(|e| (e.row, e.column.clone(), e.message.as_str())).collect();
    assert_eq!(
        msgs,
        vec![
            (1, None, "the file has a skill column, so it also needs a source (self, trainer or agreed) column"),
            (1, None, "the file has a skill column, so it also needs a date column"),
        ]
    );
    let e = errors(&small(), "skill,source,level,date,levle\nListening,self,2,2026-09-15,\n");
    assert_eq!(e[0].message, "the header needs a person_id or a name column to say whose row it is");
    assert!(e[1].message.starts_with("columns not recognised: “levle”; the columns are person_id, name,"));

    let e = one_error(&small(), "name,role,Name\n");
    assert_eq!((e.row, e.column.clone()), (1, col(3, "Name")));
    assert_eq!(e.message, "column 1 (name) has the same name; each column may appear once");

    let e = one_error(&small(), "first|last\nA|B\n");
    assert_eq!((e.row, e.column), (1, None));
    assert!(e.message.starts_with("the first row must be a header naming the columns (person_id, name,"));

    let e = one_error(&small(), "");
    assert_eq!((e.row, e.message.as_str()), (1, "the file is empty; the first row must name the columns"));
    let e = one_error(&small(), "\u{feff}\r\n");
    assert_eq!(e.row, 1);
}

#[test]
fn at_most_fifty_errors_then_a_count() {
    let rows: Vec<String> = (0..60).map(|i| format!("p1,,,,,Listening,self,9,2026-01-{:02},", i % 28 + 1)).collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let e = errors(&small(), &csv(&rows));
    assert_eq!(e.len(), MAX_ERRORS + 1);
    assert_eq!(e[49].row, 51);
    let last = &e[50];
    assert_eq!((last.row, last.column.clone()), (52, None));
    assert_eq!(last.message, "and 10 more problems from this row on, not listed; fix those above and import again");
}

#[test]
fn a_failed_import_changes_nothing_even_when_most_rows_are_good() {
    let ws = small();
    let before = ws.clone();
    let text = csv(&[",Bo Diaz,Advisor,,,Listening,self,2,2026-09-15,", "p1,,,,,Listening,self,9,2026-09-15,"]);
    let e = import(&ws, &text).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].row, 3);
    assert_eq!(ws, before);
}

// ---------------------------------------------------------------------------------------------------------
// Separators and encodings
// ---------------------------------------------------------------------------------------------------------

#[test]
fn semicolon_tab_and_excel_sep_line() {
    let rows = ["p1", "", "", "", "", "Listening", "trainer", "3", "2026-09-15", "a, b; c"];
    let semi = format!("{}\r\n{}\r\n", H.replace(',', ";"), rows.join(";").replace("a, b; c", "\"a, b; c\""));
    let (out, s) = import(&small(), &semi).unwrap();
    assert_eq!(s.delimiter, ';');
    assert_eq!(out.ratings[1].note, "a, b; c");

    let tab = format!("{}\n{}\n", H.replace(',', "\t"), rows.join("\t"));
    let (out, s) = import(&small(), &tab).unwrap();
    assert_eq!(s.delimiter, '\t');
    assert_eq!(out.ratings[1].note, "a, b; c");

    // Excel's "sep=" line: rows still count from the top of the file.
    let sep = format!("sep=;\n{}\np1;;;;;Listening;self;9;2026-09-15;\n", H.replace(',', ";"));
    let e = one_error(&small(), &sep);
    assert_eq!((e.row, e.column), (3, col(8, "level")));
}

#[test]
fn rows_with_another_separator_than_the_header_are_named() {
    let text = format!("{H}\np1,,,,,Listening,trainer,3,2026-09-15,\np1;;;;;CRM tools;self;2;2026-09-15;\n");
    let e = one_error(&small(), &text);
    assert_eq!((e.row, e.column), (3, None));
    assert_eq!(
        e.message,
        "this row has one cell but the header has 10; its columns seem to be separated by semicolons while the \
         header uses commas"
    );
}

#[test]
fn rows_are_line_numbers_even_after_multi_line_notes() {
    let text = csv(&["p1,,,,,Listening,trainer,3,2026-09-15,\"two\nlines\"", "p1,,,,,CRM tools,self,8,2026-09-15,"]);
    let e = one_error(&small(), &text);
    assert_eq!(e.row, 4);
    let (out, _) =
        import(&small(), &csv(&["p1,,,,,Listening,trainer,3,2026-09-15,\"two\nlines, \"\"quoted\"\"\""])).unwrap();
    assert_eq!(out.ratings[1].note, "two\nlines, \"quoted\"");
}

#[test]
fn utf8_with_bom_and_crlf() {
    let text = format!("\u{feff}{}\r\np1,,,,,Listening,trainer,3,2026-09-15,Café — très bien\r\n", H);
    let (out, _) = import(&small(), &text).unwrap();
    assert_eq!(out.ratings[1].note, "Café — très bien");
    // The BOM does not hide the first column's name.
    let e = one_error(&small(), &format!("\u{feff}{}\r\np9,,,,,,,,,\r\n", H));
    assert_eq!(e.column, col(1, "person_id"));
}

#[test]
fn latin1_bytes_are_refused_naming_the_line() {
    let mut bytes =
        format!("{H}\np1,,,,,Listening,trainer,3,2026-09-15,fine\np1,,,,,CRM tools,self,2,2026-09-15,Caf").into_bytes();
    bytes.push(0xE9); // é in Latin-1 / Windows-1252
    bytes.extend_from_slice(b"\n");
    let before = small();
    let e = import_csv(&before, FILE, &bytes).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].row, e[0].column.clone()), (3, None));
    assert!(e[0].message.starts_with("the file is not UTF-8 text (byte 0xE9 on this line)"), "{}", e[0].message);
    assert!(e[0].message.contains("CSV UTF-8"));
    assert_eq!(before, small());
}

#[test]
fn utf16_is_refused_with_advice() {
    let text = csv(&["p1,,,,,Listening,trainer,3,2026-09-15,"]);
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let e = import_csv(&small(), FILE, &le).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].row, 1);
    assert!(e[0].message.contains("saved as UTF-16"), "{}", e[0].message);
    assert!(e[0].message.contains("CSV UTF-8"));

    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    assert!(import_csv(&small(), FILE, &be).unwrap_err()[0].message.contains("UTF-16"));

    let no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert!(import_csv(&small(), FILE, &no_bom).unwrap_err()[0].message.contains("looks like UTF-16"));
}

#[test]
fn a_workbook_is_not_a_csv() {
    let bytes = skillgap::domain::xlsx::export_xlsx(&small()).unwrap();
    let e = import_csv(&small(), FILE, &bytes).unwrap_err();
    assert!(e[0].message.starts_with("this is a workbook"), "{}", e[0].message);
}

// ---------------------------------------------------------------------------------------------------------
// Export, template, round trips
// ---------------------------------------------------------------------------------------------------------

#[test]
fn export_writes_bom_header_crlf_names_labels_and_quotes() {
    let mut ws = small();
    ws.people.push(person("p2", "O'Neil, \"Bo\"", "r2"));
    ws.ratings.push(rating("p1", "s3", Source::Agreed, None, "2026-09-15", "said \"later\", maybe"));
    ws.ratings.push(rating("p1", "s1", Source::Trainer, Some(4), "2026-03-10", ""));
    let out = export_csv(&ws);
    let expected = "\u{feff}person_id,name,role,team,start_date,skill,source,level,level_label,date,note\r\n\
        p1,Ann Lee,Advisor,Branch,2020-01-06,Listening,self,2,Developing,2026-03-10,\r\n\
        p1,Ann Lee,Advisor,Branch,2020-01-06,Listening,trainer,4,Expert – can coach,2026-03-10,\r\n\
        p1,Ann Lee,Advisor,Branch,2020-01-06,CRM tools,agreed,n/a,No opportunity to show,2026-09-15,\"said \"\"later\"\", maybe\"\r\n\
        p2,\"O'Neil, \"\"Bo\"\"\",Team leader,Branch,,,,,,,\r\n";
    assert_eq!(out, expected);
    assert_eq!(COLUMNS.join(","), expected[3..].lines().next().unwrap());
}

#[test]
fn template_imports_into_its_workspace() {
    for ws in [small(), example::example_workspace()] {
        let t = template_csv(&ws);
        assert!(
            t.starts_with("\u{feff}person_id,name,role,team,start_date,skill,source,level,level_label,date,note\r\n")
        );
        assert_eq!(t.lines().count(), 4);
        let (out, s) = import(&ws, &t).unwrap();
        assert_eq!((s.people_created, s.ratings_added), (1, 3));
        assert!(out.ratings.iter().any(|r| r.level.is_none() && r.note == "No chance to show this yet"));
        // Idempotent: the template person is found by name the second time.
        let (again, s) = import(&out, &t).unwrap();
        assert_eq!((s.people_created, s.ratings_unchanged), (0, 3));
        assert_eq!(again, out);
    }
}

#[test]
fn the_example_workspace_round_trips() {
    let ws = example::example_workspace();
    let (out, s) = import(&without_people(&ws), &export_csv(&ws)).unwrap();
    assert_eq!(out.people, ws.people);
    assert_eq!(sorted_ratings(&out), sorted_ratings(&ws));
    assert_eq!((s.people_created, s.ratings_added), (ws.people.len(), ws.ratings.len()));
    // Into the workspace itself: nothing changes.
    let (same, s) = import(&ws, &export_csv(&ws)).unwrap();
    assert_eq!(same, ws);
    assert_eq!((s.ratings_unchanged, s.people_updated, s.people_created), (ws.ratings.len(), 0, 0));
}

#[test]
fn one_hundred_thousand_rows() {
    // 2,100 people × ~16 required skills × 3 sources ≈ 100,000 ratings.
    let ws = synth::workspace(synth::Size { people: 2_100, skills: 20, roles: 5, sources: 3 }, 42);
    let text = export_csv(&ws);
    let target = without_people(&ws);
    let t = std::time::Instant::now();
    let (out, s) = import(&target, &text).unwrap();
    let took = t.elapsed();
    println!(
        "imported {} rows ({} ratings, {:.1} MB) in {:.0} ms",
        s.rows_read,
        s.ratings_added,
        text.len() as f64 / 1e6,
        took.as_secs_f64() * 1e3
    );
    assert!(s.rows_read >= 100_000, "{} rows", s.rows_read);
    assert_eq!(s.ratings_added, ws.ratings.len());
    assert_eq!(out.people, ws.people);
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Small synthetic workspaces with awkward names and notes (separators, quotes, line breaks, accents).
    fn workspaces() -> impl Strategy<Value = Workspace> {
        let text = "[a-zA-Z0-9 ,;\"'\t\né—=+-]{0,14}";
        (
            0usize..12,
            1usize..6,
            1usize..4,
            1usize..=3,
            any::<u64>(),
            proptest::collection::vec(text, 0..40),
            proptest::collection::vec(text, 0..12),
        )
            .prop_map(|(people, skills, roles, sources, seed, notes, names)| {
                let mut ws = synth::workspace(synth::Size { people, skills, roles, sources }, seed);
                for (r, n) in ws.ratings.iter_mut().zip(&notes) {
                    r.note = n.trim().to_string();
                }
                for (p, n) in ws.people.iter_mut().zip(&names) {
                    if !n.trim().is_empty() {
                        p.name = n.trim().to_string();
                    }
                }
                ws.validate().unwrap();
                ws
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn import_of_export_reproduces_people_and_ratings(ws in workspaces()) {
            let (out, s) = import(&without_people(&ws), &export_csv(&ws)).unwrap();
            prop_assert_eq!(&out.people, &ws.people);
            prop_assert_eq!(sorted_ratings(&out), sorted_ratings(&ws));
            prop_assert_eq!(s.ratings_added, ws.ratings.len());
            // And into the workspace itself it is a no-op.
            let (same, _) = import(&ws, &export_csv(&ws)).unwrap();
            prop_assert_eq!(same, ws);
        }

        #[test]
        fn shuffled_rows_give_the_same_workspace(
            (ws, order) in (0usize..10, 1usize..5, 1usize..3, 1usize..=3, any::<u64>()).prop_flat_map(|(p, s, r, src, seed)| {
                let ws = synth::workspace(synth::Size { people: p, skills: s, roles: r, sources: src }, seed);
                let n = ws.people.len() + ws.ratings.len();
                (Just(ws), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
            }),
            drop_ids in any::<bool>(),
        ) {
            // Synthetic names and notes hold no separators or line breaks, so rows are lines.
            let text = export_csv(&ws);
            let mut lines: Vec<String> = text.trim_start_matches('\u{feff}').lines().map(String::from).collect();
            if drop_ids {
                // Without ids people are found by name, and new ones get minted ids.
                for l in &mut lines {
                    *l = l.split_once(',').unwrap().1.to_string();
                }
            }
            let header = lines.remove(0);
            prop_assert!(lines.len() <= order.len());
            let rows = |idx: &mut dyn Iterator<Item = usize>| {
                let mut s = header.clone();
                for i in idx {
                    s.push('\n');
                    s.push_str(&lines[i]);
                }
                s
            };
            let straight = rows(&mut (0..lines.len()));
            let shuffled = rows(&mut order.iter().copied().filter(|&i| i < lines.len()));
            let target = without_people(&ws);
            let (a, _) = import(&target, &straight).unwrap();
            let (b, _) = import(&target, &shuffled).unwrap();
            prop_assert_eq!(a, b);
        }
    }
}

/// Run with `cargo test --release --target wasm32-unknown-unknown --test domain_csv -- --nocapture` (Node)
/// to see the import time in wasm.
#[cfg(target_arch = "wasm32")]
mod wasm {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn one_hundred_thousand_rows_in_wasm() {
        let ws = synth::workspace(synth::Size { people: 2_100, skills: 20, roles: 5, sources: 3 }, 42);
        let text = export_csv(&ws);
        let target = without_people(&ws);
        let t = js_sys::Date::now();
        let (out, s) = import(&target, &text).unwrap();
        console_log!("wasm: imported {} rows in {:.0} ms", s.rows_read, js_sys::Date::now() - t);
        assert_eq!(out.people, ws.people);
        let t = js_sys::Date::now();
        let bytes = skillgap::domain::xlsx::export_xlsx(&ws).unwrap();
        console_log!(
            "wasm: wrote {} ratings as {} bytes of xlsx in {:.0} ms",
            ws.ratings.len(),
            bytes.len(),
            js_sys::Date::now() - t
        );
    }
}

// ---------------------------------------------------------------------------------------------------------
// Hostile and awkward files (issue 11): no panics, exact rows, capped and short messages, no injection
// ---------------------------------------------------------------------------------------------------------

#[test]
fn a_first_line_whose_fifth_byte_is_inside_a_character_is_read_not_a_panic() {
    // "Café" is five bytes with byte 4 inside the "é": `sep=` detection used to slice there and panic.
    for first in ["Café", "sep¡", "né,x", "ñame"] {
        let e = errors(&small(), &format!("{first}\nAnn Lee\n"));
        assert!(e[0].message.starts_with("the first row must be a header"), "{first}: {e:?}");
    }
    let (out, _) = import(&small(), "name,role\nCafé,Advisor\n").unwrap();
    assert!(out.people.iter().any(|p| p.name == "Café"));
}

#[test]
fn a_nul_anywhere_in_the_file_is_refused_on_its_line() {
    let mut text = csv(&["p1,,,,,Listening,trainer,3,2026-09-15,ok"; 200].to_vec());
    text.push_str("p1,,,,,CRM tools,self,2,2026-09-15,bad\0cell\n");
    assert!(text.len() > 4096, "the NUL must be past the first 4 KiB");
    let e = one_error(&small(), &text);
    assert_eq!(e.row, 202);
    assert!(e.message.contains("NUL"), "{e}");
}

#[test]
fn rows_are_counted_right_in_crlf_and_cr_only_files() {
    let rows = ["p1,,,,,Listening,trainer,3,2026-09-15,", "p1,,,,,CRM tools,self,8,2026-09-15,"];
    for eol in ["\n", "\r\n", "\r"] {
        let text = format!("{H}{eol}{}{eol}{}{eol}", rows[0], rows[1]);
        let e = one_error(&small(), &text);
        assert_eq!(e.row, 3, "line ends {eol:?}: {e}");
        // A multi-line note counts its lines too, and an Excel sep= line is line 1.
        let text = format!("sep=,{eol}{H}{eol}p1,,,,,Listening,trainer,3,2026-09-15,\"a{eol}b\"{eol}{}{eol}", rows[1]);
        let e = one_error(&small(), &text);
        assert_eq!(e.row, 5, "line ends {eol:?}: {e}");
    }
    // Skillgap's own export (CRLF) with a bad level edited in: the row is the line the editor shows.
    let mut text = export_csv(&small());
    text.push_str("p1,Ann Lee,Advisor,Branch,2020-01-06,CRM tools,self,9,,2026-09-15,\r\n");
    assert_eq!(one_error(&small(), &text).row, 3);
}

#[test]
fn a_header_repeating_a_column_gives_at_most_fifty_messages() {
    let header = vec!["name"; 100_000].join(",");
    let e = errors(&small(), &format!("{header}\n"));
    assert_eq!(e.len(), MAX_ERRORS + 1);
    assert!(e[MAX_ERRORS].message.starts_with("and 99949 more problems"), "{}", e[MAX_ERRORS]);
}

#[test]
fn minted_and_given_person_ids_never_take_a_scenarios_id() {
    let mut ws = small();
    let sc = skillgap::domain::sim::Scenario { id: ScenarioId::from("p10"), name: "Plan".into(), ..Default::default() };
    ws.scenarios.push(sc);
    ws.validate().unwrap();
    let (out, _) = import(&ws, &csv(&[",Bo Diaz,Advisor,,,,,,,"])).unwrap();
    assert_eq!(out.people.iter().find(|p| p.name == "Bo Diaz").unwrap().id.as_str(), "p11");
    out.validate().unwrap();
    let e = one_error(&ws, &csv(&["p10,Bo Diaz,Advisor,,,,,,,"]));
    assert_eq!(e.column, col(1, "person_id"));
    assert!(e.message.contains("already belongs to a skill, role or scenario"), "{e}");
}

#[test]
fn messages_quote_at_most_sixty_characters_of_a_value() {
    let long = "x".repeat(1 << 20);
    for row in [
        format!("p1,,,,,{long},trainer,3,2026-09-15,"),
        format!("p1,,,,,Listening,{long},3,2026-09-15,"),
        format!("p1,,,,,Listening,trainer,{long},2026-09-15,"),
        format!("p1,,,,,Listening,trainer,3,{long},"),
        format!("{long},,,,,Listening,trainer,3,2026-09-15,"),
        format!("p1,,{long},,,Listening,trainer,3,2026-09-15,"),
    ] {
        for e in errors(&small(), &csv(&[&row])) {
            assert!(e.message.len() < 400, "{} characters: {}…", e.message.len(), &e.message[..200]);
            assert!(e.message.contains("xxx\u{2026}") || !e.message.contains("xxx"), "{}", e.message);
        }
    }
    let e = errors(&small(), &format!("{long},skill\n"));
    assert!(e.iter().any(|e| e.message.starts_with("columns not recognised: \u{201c}xxx")), "{e:?}");
    assert!(e.iter().all(|e| e.message.len() < 1000));
}

#[test]
fn formula_like_cells_are_exported_as_text_and_read_back_exactly() {
    let mut ws = small();
    let names = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "'=1", "''+x", "'plain", "a=b"];
    for (i, n) in names.iter().enumerate() {
        ws.people.push(person(&format!("p{}", 20 + i), n, "r1"));
        ws.ratings.push(rating(&format!("p{}", 20 + i), "s2", Source::Trainer, Some(1), "2026-09-15", n));
    }
    ws.validate().unwrap();
    let out = export_csv(&ws);
    // No cell starts with a formula character; an apostrophe is put before each one that would.
    for line in out.lines().skip(1) {
        for cell in line.split(',') {
            assert!(!matches!(cell.bytes().next(), Some(b'=' | b'+' | b'-' | b'@')), "{cell:?} in {line}");
        }
    }
    assert!(out.contains(",'+1,") && out.contains(",'-2,") && out.contains(",'@SUM(A1),") && out.contains(",'''+x,"));
    assert!(out.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","), "{out}");
    assert!(out.contains(",'plain,") && out.contains(",a=b,"), "harmless cells stay as they are");
    let (back, _) = import(&without_people(&ws), &out).unwrap();
    assert_eq!(back.people, ws.people);
    assert_eq!(sorted_ratings(&back), sorted_ratings(&ws));
    // A hand-made file with an apostrophe before a formula character reads as the text after it.
    let (w, _) = import(&small(), &csv(&["p1,,,,,Listening,trainer,3,2026-09-15,'=not a formula"])).unwrap();
    assert_eq!(w.ratings.iter().find(|r| r.source == Source::Trainer).unwrap().note, "=not a formula");
}

#[test]
fn a_name_that_a_later_row_gives_to_someone_else_too_is_ambiguous() {
    // Found by the fuzzer: the first import added two people of one name, so importing the same file again
    // was refused (not idempotent). Now the first import says so.
    let e = one_error(&small(), &csv(&[",Alex Example,Advisor,,,,,,,", "p77,Alex Example,Advisor,,,,,,,"]));
    assert_eq!((e.row, e.column.clone()), (2, col(2, "name")));
    assert!(e.message.starts_with("2 people are called “Alex Example” (added in row 2, p77)"), "{e}");
    // The other way round the name finds the person the earlier row added: one person, and again nothing.
    let text = csv(&["p77,Alex Example,Advisor,,,,,,,", ",Alex Example,Advisor,,,,,,,"]);
    let (once, s) = import(&small(), &text).unwrap();
    assert_eq!(s.people_created, 1);
    assert_eq!(import(&once, &text).unwrap().0, once);
}
