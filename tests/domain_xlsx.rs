//! The .xlsx export, read back with calamine: sheet names, headers, level labels, dates, row counts, escaping
//! and byte-for-byte determinism (no clock); read as a zip archive with the `zip` crate: every entry's CRC-32
//! and sizes, the fixed timestamp, and the SpreadsheetML parts (styles, frozen panes, autofilters, document
//! properties). Under wasm32 (wasm-bindgen-test) it checks that writing a workbook does not panic, which it
//! would if anything read `SystemTime::now()`.

use skillgap::domain::example::example_workspace;
use skillgap::domain::xlsx::{
    export_xlsx, EFFECTIVE_HEADER, EFFECTIVE_SHEET, PROFILES_HEADER, PROFILES_SHEET, RATINGS_HEADER, RATINGS_SHEET,
};

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::*;
    use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
    use skillgap::domain::*;
    use std::io::{Cursor, Read};

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
        let bytes = export_xlsx(&ws).unwrap();
        let parts = check_zip(&bytes);
        assert!(
            part(&parts, "docProps/core.xml").contains(">2026-01-01T00:00:00Z</dcterms:created>"),
            "the fallback date"
        );
        assert!(part(&parts, "xl/worksheets/sheet2.xml").contains("<autoFilter ref=\"A1:D1\"/>"));
        let mut wb = open(&bytes);
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
        check_zip(&bytes);
    }

    /// Every entry of the archive, by name, after checking its CRC-32 and sizes against the data.
    fn check_zip(bytes: &[u8]) -> Vec<(String, String)> {
        let mut archive = ::zip::ZipArchive::new(Cursor::new(bytes)).expect("a readable zip");
        let mut parts = Vec::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let name = file.name().unwrap().to_string();
            assert_eq!(file.compression(), ::zip::CompressionMethod::Deflated, "{name}");
            let t = file.last_modified().expect("a DOS timestamp");
            assert_eq!((t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second()), (1980, 1, 1, 0, 0, 0));
            let mut data = Vec::new();
            // The zip crate checks the CRC-32 at the end of the data, and fails the read if it is wrong.
            file.read_to_end(&mut data).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(file.crc32(), skillgap::domain::zip::crc32(&data), "{name}: CRC-32");
            assert_eq!(file.size(), data.len() as u64, "{name}: size");
            assert!(file.compressed_size() < file.size(), "{name}: compressed");
            let offset = file.data_start().unwrap() as usize;
            let end = offset + file.compressed_size() as usize;
            let mut inflated = Vec::new();
            flate2::read::DeflateDecoder::new(&bytes[offset..end]).read_to_end(&mut inflated).unwrap();
            assert_eq!(inflated, data, "{name}: the compressed size covers exactly the deflated data");
            parts.push((name, String::from_utf8(data).expect("UTF-8 XML")));
        }
        parts
    }

    fn part<'a>(parts: &'a [(String, String)], name: &str) -> &'a str {
        &parts.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {name}")).1
    }

    #[test]
    fn the_zip_and_its_parts_are_well_formed() {
        let ws = example_workspace();
        let bytes = export_xlsx(&ws).unwrap();
        let parts = check_zip(&bytes);
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "[Content_Types].xml",
                "_rels/.rels",
                "docProps/core.xml",
                "docProps/app.xml",
                "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels",
                "xl/styles.xml",
                "xl/sharedStrings.xml",
                "xl/worksheets/sheet1.xml",
                "xl/worksheets/sheet2.xml",
                "xl/worksheets/sheet3.xml"
            ]
        );
        for (name, xml) in &parts {
            assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"), "{name}");
        }
        // The newest rating's date, never the clock.
        let core = part(&parts, "docProps/core.xml");
        assert!(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-09-15T00:00:00Z</dcterms:created>"));
        assert!(core.contains(&format!("<dc:title>Skillgap \u{2014} {}</dc:title>", ws.name)));
        let styles = part(&parts, "xl/styles.xml");
        assert!(styles.contains("<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"));
        assert!(styles.contains("<font><i/><sz val=\"11\"/><color rgb=\"FF6B7280\"/>"));
        let workbook = part(&parts, "xl/workbook.xml");
        let last = ws.ratings.len() + 1;
        assert!(workbook.contains(&format!("hidden=\"1\">'Ratings'!$A$1:$K${last}</definedName>")));
        let ratings = part(&parts, "xl/worksheets/sheet1.xml");
        assert!(ratings.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
        assert!(ratings.contains(&format!("<autoFilter ref=\"A1:K{last}\"/>")));
        assert!(ratings.contains("<c r=\"A1\" s=\"1\" t=\"s\">"), "a bold header");
        assert!(ratings.contains("<c r=\"J2\" s=\"2\"><v>"), "a date");
        let effective = part(&parts, "xl/worksheets/sheet2.xml");
        assert!(effective.contains("<pane xSplit=\"2\" ySplit=\"1\" topLeftCell=\"C2\" activePane=\"bottomRight\""));
        assert!(effective.contains("<row r=\"1\" ht=\"45\" customHeight=\"1\">"));
        // p-005 (row 6) has only self ratings: grey italics.
        assert_eq!(ws.people[4].id.as_str(), "p-005");
        let p005 = effective.split("<row ").find(|r| r.starts_with("r=\"6\">")).unwrap();
        assert!(p005.contains("<c r=\"E6\" s=\"3\" t=\"s\">"), "{p005}");
    }

    #[test]
    fn text_is_escaped_and_dates_span_excels_range() {
        let mut ws = example_workspace();
        let tricky = "  <Tom & \"Jerry\"> O'Neil\u{1}\u{b}\tline\r\nnext _x0041_ \u{1F600}  ";
        let cleaned = tricky.replace(['\u{1}', '\u{b}'], "");
        ws.people[0].name = tricky.into();
        let p = ws.people[0].id.clone();
        let s = ws.skills[0].id.clone();
        let rating = |date: &str| Rating {
            person: p.clone(),
            skill: s.clone(),
            source: Source::Trainer,
            level: Some(1),
            date: date.into(),
            note: tricky.into(),
        };
        ws.ratings.extend(["1900-01-01", "1900-03-01", "2200-12-31"].map(rating));
        let bytes = export_xlsx(&ws).unwrap();
        check_zip(&bytes);
        let mut wb = open(&bytes);
        let rows = sheet(&mut wb, RATINGS_SHEET);
        let dates: Vec<f64> = rows
            .iter()
            .filter(|r| text(&r[10]) == cleaned)
            .map(|r| match &r[9] {
                Data::DateTime(d) => d.as_f64(),
                other => panic!("not a date: {other:?}"),
            })
            .collect();
        // Excel's day 1 is 1900-01-01, and it counts a 1900-02-29 that never was.
        assert_eq!(dates.len(), 3);
        for d in [1.0, 61.0, serial(2200, 12, 31)] {
            assert!(dates.contains(&d), "{d} in {dates:?}");
        }
        assert!(rows
            .iter()
            .skip(1)
            .all(|r| r[0] != Data::String(ws.people[0].id.to_string()) || text(&r[1]) == cleaned));
        let rows = sheet(&mut wb, EFFECTIVE_SHEET);
        assert_eq!(text(&rows[1][1]), cleaned);
    }

    #[test]
    fn skills_fill_the_columns_up_to_excels_last_and_no_further() {
        let mut ws = example_workspace();
        let base = ws.skills[0].clone();
        // 4 columns about the person, then one per skill: 16,384 columns, A to XFD.
        ws.skills = (0..16_380)
            .map(|i| Skill { id: SkillId(format!("s{i}")), name: format!("Skill {i}"), ..base.clone() })
            .collect();
        let parts = check_zip(&export_xlsx(&ws).unwrap());
        let effective = part(&parts, "xl/worksheets/sheet2.xml");
        assert!(effective.contains(&format!("<dimension ref=\"A1:XFD{}\"/>", ws.people.len() + 1)));
        assert!(effective.contains("<c r=\"AA1\" s=\"1\" t=\"s\">"));
        ws.skills.push(Skill { id: SkillId("one-too-many".into()), ..base });
        let e = export_xlsx(&ws).unwrap_err();
        assert_eq!(e.0, "16381 skills do not fit in one Excel sheet");
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
        assert_eq!(skillgap::domain::zip::crc32(b"123456789"), 0xCBF4_3926);
        let _ = (EFFECTIVE_HEADER, PROFILES_HEADER, RATINGS_HEADER, EFFECTIVE_SHEET, PROFILES_SHEET, RATINGS_SHEET);
    }
}
