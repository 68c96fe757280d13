//! The .xlsx export, read back with calamine: sheet names, headers, level labels, dates, row counts, and
//! byte-for-byte determinism (no clock). Under wasm32 (wasm-bindgen-test) it checks that writing a workbook
//! does not panic, which it would if anything read `SystemTime::now()`.

use skillgap::domain::example::example_workspace;
use skillgap::domain::xlsx::{
    export_xlsx, EFFECTIVE_HEADER, EFFECTIVE_SHEET, PROFILES_HEADER, PROFILES_SHEET, RATINGS_HEADER, RATINGS_SHEET,
};

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::*;
    use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
    use skillgap::domain::*;
    use std::io::Cursor;

    fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
        open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a readable workbook")
    }

    /// The sheet as rows of cells.
    fn sheet(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<Data>> {
        let range = wb.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"));
        assert_eq!(range.start(), Some((0, 0)), "{name} starts at A1");
        range.rows().map(|r| r.to_vec()).collect()
    }

    fn text(d: &Data) -> String {
        match d {
            Data::String(s) => s.clone(),
            Data::Empty => String::new(),
            other => panic!("expected text, found {other:?}"),
        }
    }

    fn header(rows: &[Vec<Data>]) -> Vec<String> {
        rows[0].iter().map(text).collect()
    }

    /// Excel's serial number of a civil date (days since 1899-12-30).
    fn serial(y: i64, m: i64, d: i64) -> f64 {
        // Days from 1970-01-01 (Howard Hinnant's days_from_civil), then shift to Excel's epoch.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        (era * 146_097 + doe - 719_468 + 25_569) as f64
    }

    #[test]
    fn the_example_workbook_reads_back() {
        let ws = example_workspace();
        let bytes = export_xlsx(&ws).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"));
        let mut wb = open(&bytes);
        assert_eq!(wb.sheet_names(), vec![RATINGS_SHEET, EFFECTIVE_SHEET, PROFILES_SHEET]);

        // Ratings: one row per rating, level number beside its label, real dates.
        let rows = sheet(&mut wb, RATINGS_SHEET);
        assert_eq!(header(&rows), RATINGS_HEADER.map(String::from).to_vec());
        assert_eq!(rows.len(), ws.ratings.len() + 1);
        assert_eq!(
            header(&rows),
            [
                "Person id",
                "Name",
                "Role",
                "Team",
                "Skill",
                "Category",
                "Source",
                "Level",
                "Level label",
                "Date",
                "Note"
            ]
        );
        let find = |person: &str, skill: &str, source: &str, date: f64| {
            rows.iter()
                .find(|r| {
                    r[0] == Data::String(person.into())
                        && r[4] == Data::String(skill.into())
                        && r[6] == Data::String(source.into())
                        && matches!(&r[9], Data::DateTime(d) if d.as_f64() == date)
                })
                .unwrap_or_else(|| panic!("no row for {person} {skill} {source}"))
        };
        let main_round = serial(2026, 9, 15);
        let r = find("p-001", "Listening and needs discovery", "Agreed", main_round);
        assert_eq!(text(&r[1]), "A. Nguyen");
        assert_eq!(text(&r[2]), "Branch service advisor");
        assert_eq!(text(&r[5]), "Customer relationship");
        assert_eq!(r[7].as_f64(), Some(3.0));
        assert_eq!(text(&r[8]), "Proficient");
        // "No opportunity": no number, a label that says so, and the note.
        let r = find("p-004", "Problem solving with colleagues (code breaking)", "Trainer", main_round);
        assert_eq!(r[7], Data::Empty);
        assert_eq!(text(&r[8]), "No opportunity to show");
        assert_eq!(text(&r[10]), "Has not yet joined a service-problem workshop.");
        // The earlier round is there too, with its own date.
        find("p-001", "Listening and needs discovery", "Self", serial(2026, 3, 10));
        // Every label is a scale label or the no-opportunity label.
        for r in &rows[1..] {
            let label = text(&r[8]);
            match &r[7] {
                Data::Empty => assert_eq!(label, "No opportunity to show"),
                n => assert_eq!(label, ws.scale.label(n.as_f64().unwrap() as u8)),
            }
        }

        // Effective levels: people × skills, agreed > trainer > self.
        let rows = sheet(&mut wb, EFFECTIVE_SHEET);
        assert_eq!(rows.len(), ws.people.len() + 1);
        let mut expected: Vec<String> = EFFECTIVE_HEADER.map(String::from).to_vec();
        expected.extend(ws.skills.iter().map(|s| s.name.clone()));
        assert_eq!(header(&rows), expected);
        let cell = |person: &str, skill: &str| {
            let row = rows.iter().position(|r| r[0] == Data::String(person.into())).unwrap();
            let col = expected.iter().position(|h| h == skill).unwrap();
            text(&rows[row][col])
        };
        // p-001 has agreed 3 on listening; p-004 has no agreed rating, trainer 2 beats self 3; p-005 has
        // only self ratings (3); p-004's code breaking is "no opportunity" by the trainer.
        assert_eq!(cell("p-001", "Listening and needs discovery"), "Proficient");
        assert_eq!(cell("p-004", "Listening and needs discovery"), "Developing");
        assert_eq!(cell("p-005", "Listening and needs discovery"), "Proficient");
        assert_eq!(cell("p-004", "Problem solving with colleagues (code breaking)"), "No opportunity to show");
        // Back-office staff are not rated on relationship building.
        assert_eq!(cell("p-016", "Relationship building"), "");

        // Role profiles: one row per requirement, with label and importance.
        let rows = sheet(&mut wb, PROFILES_SHEET);
        assert_eq!(header(&rows), PROFILES_HEADER.map(String::from).to_vec());
        let requirements: usize = ws.roles.iter().map(|r| r.requirements.len()).sum();
        assert_eq!(rows.len(), requirements + 1);
        let role = ws.roles.iter().find(|r| r.id.as_str() == "r-branch-advisor").unwrap();
        let q = role.requirements[&SkillId::from("s-listening")];
        let r = rows
            .iter()
            .find(|r| text(&r[0]) == role.name && text(&r[3]) == "Listening and needs discovery")
            .expect("a profile row");
        assert_eq!(r[5].as_f64(), Some(q.level as f64));
        assert_eq!(text(&r[6]), ws.scale.label(q.level));
        assert_eq!(r[7].as_f64(), Some(q.importance as f64));
    }

    #[test]
    fn the_same_workspace_gives_the_same_bytes() {
        let ws = example_workspace();
        assert_eq!(export_xlsx(&ws).unwrap(), export_xlsx(&ws).unwrap());
    }

    #[test]
    fn empty_and_person_only_workspaces_export() {
        let mut ws = Workspace::empty("Empty");
        let mut wb = open(&export_xlsx(&ws).unwrap());
        assert_eq!(sheet(&mut wb, RATINGS_SHEET).len(), 1);
        assert_eq!(sheet(&mut wb, EFFECTIVE_SHEET).len(), 1);
        assert_eq!(sheet(&mut wb, PROFILES_SHEET).len(), 1);

        ws.apply(Command::AddRole { name: "Advisor".into(), team: "Branch".into(), contact: ContactLevel::High })
            .unwrap();
        let role = ws.roles[0].id.clone();
        let fields = PersonFields { name: "Ann".into(), role, team: String::new(), start_date: None };
        ws.apply(Command::AddPerson { fields }).unwrap();
        let mut wb = open(&export_xlsx(&ws).unwrap());
        assert_eq!(sheet(&mut wb, RATINGS_SHEET).len(), 1);
        let rows = sheet(&mut wb, EFFECTIVE_SHEET);
        assert_eq!(rows.len(), 2);
        assert_eq!(text(&rows[1][1]), "Ann");
    }

    #[test]
    fn a_large_workspace_exports() {
        let ws = synth::workspace(synth::Size { people: 500, skills: 20, roles: 5, sources: 3 }, 1);
        let t = std::time::Instant::now();
        let bytes = export_xlsx(&ws).unwrap();
        println!(
            "wrote {} ratings to {:.1} MB of xlsx in {:.0} ms",
            ws.ratings.len(),
            bytes.len() as f64 / 1e6,
            t.elapsed().as_secs_f64() * 1e3
        );
        let mut wb = open(&bytes);
        assert_eq!(sheet(&mut wb, RATINGS_SHEET).len(), ws.ratings.len() + 1);
        assert_eq!(sheet(&mut wb, EFFECTIVE_SHEET).len(), 501);
    }
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn writing_a_workbook_does_not_read_the_clock() {
        let ws = example_workspace();
        let a = export_xlsx(&ws).unwrap();
        assert!(a.starts_with(b"PK\x03\x04"));
        assert_eq!(a, export_xlsx(&ws).unwrap());
        let _ = (EFFECTIVE_HEADER, PROFILES_HEADER, RATINGS_HEADER, EFFECTIVE_SHEET, PROFILES_SHEET, RATINGS_SHEET);
    }
}
