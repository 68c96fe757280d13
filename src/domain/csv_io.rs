//! People and ratings as CSV: a long-format import that checks everything before anything changes, the
//! matching export, and a template to start from.
//!
//! The format has one row per rating and a header row naming the columns, in any order and any case
//! (`Start date` and `start_date` are the same column):
//!
//! | column | meaning |
//! | --- | --- |
//! | `person_id` | the person's id; a new id creates a person with that id |
//! | `name` | the person's name; without a `person_id`, a name held by exactly one person finds them |
//! | `role` | role id or name (new people need one) |
//! | `team`, `start_date` | the person's team and start date (YYYY-MM-DD) |
//! | `skill` | skill id or name; a row without a skill only adds or updates the person |
//! | `source` | `self`, `trainer` (or `manager`, `assessor`) or `agreed` |
//! | `level` | a number on the scale, a scale label, or `n/a` / `no opportunity` / `-` |
//! | `level_label` | written on export; read only when `level` is empty |
//! | `date` | the rating's date (YYYY-MM-DD) |
//! | `note` | the rating's note (when the column is present, an empty cell clears the note) |
//!
//! Non-empty person cells update the person; empty ones leave them as they are. A rating is identified by
//! (person, skill, source, date) and replaced when it exists, so importing a file twice changes nothing
//! the second time. Columns may be separated by commas, semicolons or tabs (found from the header row,
//! or from an Excel `sep=` first line); the file must be UTF-8, with or without a byte-order mark.
//!
//! [`import_csv`] never changes the workspace it is given: it returns a new, validated one, or every
//! problem (up to [`MAX_ERRORS`]) each with file, row and column.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::fmt;

use super::error::{cut as quote, DomainError};
use super::model::*;
use super::validate::{check_date, check_name, check_text, date_number, MAX_NAME, MAX_TEXT};

/// How many problems an import lists before summing up the rest in one line.
pub const MAX_ERRORS: usize = 50;

/// The columns, in the order export and the template write them.
pub const COLUMNS: [&str; 11] =
    ["person_id", "name", "role", "team", "start_date", "skill", "source", "level", "level_label", "date", "note"];

/// What export writes in `level` and `level_label` for "no opportunity to show this skill".
pub const NO_OPPORTUNITY_LEVEL: &str = "n/a";
/// The label export writes for "no opportunity to show this skill".
pub const NO_OPPORTUNITY_LABEL: &str = "No opportunity to show";

/// One problem in an imported file, placed by row (the line number in the file, header = 1) and, where
/// it is about one cell, by column (1-based number and the header's name for it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    pub file: String,
    pub row: u64,
    pub column: Option<(u32, String)>,
    pub message: String,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, row {}", self.file, self.row)?;
        if let Some((n, name)) = &self.column {
            write!(f, ", column {n} ({name})")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for CsvError {}

/// What a successful import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvSummary {
    /// Data rows read (blank rows are not counted).
    pub rows_read: usize,
    pub people_created: usize,
    /// Existing people whose name, role, team or start date the file changed.
    pub people_updated: usize,
    pub ratings_added: usize,
    /// Existing ratings whose level or note the file changed.
    pub ratings_replaced: usize,
    /// Ratings in the file that were already there, unchanged.
    pub ratings_unchanged: usize,
    /// The column separator found: `,`, `;` or `\t`.
    pub delimiter: char,
    /// Header names of columns that were not read (for example `category`, or anything unknown).
    pub ignored_columns: Vec<String>,
}

impl fmt::Display for CsvSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{} read: {} added, {} updated; {} added, {} replaced, {} unchanged",
            plural(self.rows_read, "row", "rows"),
            plural(self.people_created, "person", "people"),
            self.people_updated,
            plural(self.ratings_added, "rating", "ratings"),
            self.ratings_replaced,
            self.ratings_unchanged,
        )?;
        if !self.ignored_columns.is_empty() {
            let shown = &self.ignored_columns[..self.ignored_columns.len().min(10)];
            write!(f, " (ignored columns: {}", shown.join(", "))?;
            if self.ignored_columns.len() > shown.len() {
                write!(f, " and {} more", self.ignored_columns.len() - shown.len())?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------------------
// Export and template
// ---------------------------------------------------------------------------------------------------------

/// Every person and rating as CSV (UTF-8 with a byte-order mark, so Excel reads accents and dashes right;
/// CRLF line ends; quoted where needed). People keep the workspace's order, and each person's ratings
/// follow the skill library's order, then source (self, trainer, agreed), then date. A person without
/// ratings gets one row with the rating columns empty. Roles and skills are written by name.
pub fn export_csv(ws: &Workspace) -> String {
    let role_name: HashMap<&RoleId, &str> = ws.roles.iter().map(|r| (&r.id, r.name.as_str())).collect();
    let skill_name: HashMap<&SkillId, &str> = ws.skills.iter().map(|s| (&s.id, s.name.as_str())).collect();
    let ordered = ratings_in_order(ws);
    let mut next = ordered.iter().peekable();
    let mut w = writer();
    w.write_record(COLUMNS).expect("writing to memory");
    for p in &ws.people {
        let role = role_name.get(&p.role).copied().unwrap_or(p.role.as_str());
        let start = p.start_date.as_deref().unwrap_or("");
        let person = [p.id.as_str(), p.name.as_str(), role, p.team.as_str(), start];
        let mut any = false;
        while let Some(r) = next.next_if(|r| r.person == p.id) {
            any = true;
            let skill = skill_name.get(&r.skill).copied().unwrap_or(r.skill.as_str());
            let (level, label) = level_cells(&ws.scale, r.level);
            let row = [skill, source_key(r.source), &level, label, r.date.as_str(), r.note.as_str()];
            write_row(&mut w, person.iter().copied().chain(row));
        }
        if !any {
            write_row(&mut w, person.iter().copied().chain(["", "", "", "", "", ""]));
        }
    }
    finish(w)
}

/// The ratings of the workspace's people in export order: people as in the workspace, then skills as in
/// the library, then source (self, trainer, agreed), then date. Ratings of unknown people are left out.
pub fn ratings_in_order(ws: &Workspace) -> Vec<&Rating> {
    let person_pos: HashMap<&PersonId, usize> = ws.people.iter().enumerate().map(|(i, p)| (&p.id, i)).collect();
    let skill_pos: HashMap<&SkillId, usize> = ws.skills.iter().enumerate().map(|(i, s)| (&s.id, i)).collect();
    let mut keyed: Vec<_> = ws
        .ratings
        .iter()
        .filter_map(|r| {
            let p = *person_pos.get(&r.person)?;
            let s = skill_pos.get(&r.skill).copied().unwrap_or(usize::MAX);
            Some(((p, s, r.source, r.date.as_str()), r))
        })
        .collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, r)| r).collect()
}

/// A CSV to fill in: the header and three example rows for one new person, using the workspace's first
/// role, its first skills and its scale labels, including a "no opportunity" row. It imports as is.
pub fn template_csv(ws: &Workspace) -> String {
    let role = ws.roles.first().map(|r| (r.name.as_str(), r.team.as_str())).unwrap_or(("Your role", "Your team"));
    let skill = |i: usize| {
        if ws.skills.is_empty() {
            "Your skill"
        } else {
            ws.skills[i % ws.skills.len()].name.as_str()
        }
    };
    let max = ws.scale.max_level();
    let (a, b) = (max.saturating_sub(1), max / 2);
    let rows: [(&str, Source, Option<Level>, &str); 3] = [
        (skill(0), Source::SelfRating, Some(a), ""),
        (skill(1), Source::Trainer, Some(b), "Observed on two customer calls"),
        (skill(2), Source::Agreed, None, "No chance to show this yet"),
    ];
    let mut w = writer();
    w.write_record(COLUMNS).expect("writing to memory");
    for (skill, source, level, note) in rows {
        let (level, label) = level_cells(&ws.scale, level);
        let record = ["", "Alex Example", role.0, role.1, "2024-02-05", skill, source_key(source), &level, label];
        write_row(&mut w, record.into_iter().chain(["2026-09-15", note]));
    }
    finish(w)
}

/// Writes one data row, each cell [`neutralise`]d.
fn write_row<'a>(w: &mut csv::Writer<Vec<u8>>, cells: impl IntoIterator<Item = &'a str>) {
    for cell in cells {
        w.write_field(neutralise(cell).as_bytes()).expect("writing to memory");
    }
    w.write_record(None::<&[u8]>).expect("writing to memory");
}

/// Whether a spreadsheet would read `cell` as a formula: it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return (OWASP's list), possibly after apostrophes that [`neutralise`] added.
fn formula_like(cell: &str) -> bool {
    matches!(cell.trim_start_matches('\'').bytes().next(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
}

/// A cell as export writes it: one that a spreadsheet would run as a formula (`=HYPERLINK(…)` in a
/// learner's name) gets a leading apostrophe, the OWASP defence against CSV injection, so Excel and
/// LibreOffice show it as text. A cell that already starts with apostrophes before such a character gets one
/// more, so that [`unneutralise`] gives back exactly what was written.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Undoes [`neutralise`] on import: one leading apostrophe is dropped when what follows would be read as a
/// formula, so export → import gives back the same text.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

fn writer() -> csv::Writer<Vec<u8>> {
    let mut out = Vec::new();
    out.extend_from_slice("\u{feff}".as_bytes());
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out)
}

fn finish(w: csv::Writer<Vec<u8>>) -> String {
    let bytes = w.into_inner().expect("writing to memory");
    String::from_utf8(bytes).expect("the CSV is built from UTF-8 strings")
}

/// The `level` and `level_label` cells for a rating's level.
pub(crate) fn level_cells(scale: &Scale, level: Option<Level>) -> (String, &str) {
    match level {
        Some(l) => (l.to_string(), scale.label(l)),
        None => (NO_OPPORTUNITY_LEVEL.to_string(), NO_OPPORTUNITY_LABEL),
    }
}

/// The `source` cell for a source.
pub fn source_key(s: Source) -> &'static str {
    match s {
        Source::SelfRating => "self",
        Source::Trainer => "trainer",
        Source::Agreed => "agreed",
    }
}

/// Reads a `source` cell: self, trainer (manager, assessor) or agreed, in any case.
pub fn parse_source(cell: &str) -> Option<Source> {
    match cell.trim().to_lowercase().as_str() {
        "self" | "self-rating" | "self rating" | "self_rating" => Some(Source::SelfRating),
        "trainer" | "manager" | "assessor" => Some(Source::Trainer),
        "agreed" => Some(Source::Agreed),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    PersonId,
    Name,
    Role,
    Team,
    StartDate,
    Skill,
    Source,
    Level,
    LevelLabel,
    Date,
    Note,
}

const N_COLS: usize = 11;

impl Col {
    const ALL: [Col; N_COLS] = [
        Col::PersonId,
        Col::Name,
        Col::Role,
        Col::Team,
        Col::StartDate,
        Col::Skill,
        Col::Source,
        Col::Level,
        Col::LevelLabel,
        Col::Date,
        Col::Note,
    ];

    /// Recognises a header cell: case, surrounding space, and space or hyphen for underscore don't matter.
    fn from_header(h: &str) -> Option<Col> {
        let key: String =
            h.trim().chars().map(|c| if c == ' ' || c == '-' { '_' } else { c }).collect::<String>().to_lowercase();
        let i = COLUMNS.iter().position(|c| *c == key);
        match i {
            Some(i) => Some(Col::ALL[i]),
            None => match key.as_str() {
                "notes" => Some(Col::Note),
                _ => None,
            },
        }
    }
}

/// Header names that are understood and deliberately not read (the .xlsx export's extra column).
const KNOWN_IGNORED: [&str; 1] = ["category"];

/// Imports people and ratings from the CSV file `file` (its name is used in messages) into a copy of
/// `ws`. Returns the new workspace, validated, and what changed; or every problem found (at most
/// [`MAX_ERRORS`] and a line counting the rest), in which case nothing was produced.
pub fn import_csv(ws: &Workspace, file: &str, bytes: &[u8]) -> Result<(Workspace, CsvSummary), Vec<CsvError>> {
    let text = decode(file, bytes).map_err(|e| vec![e])?;
    let (text, line_offset, sep) = sniff(file, text).map_err(|e| vec![e])?;
    let lines = Lines::new(text);
    let line_of = |record: &csv::StringRecord| record.position().map_or(1, |p| lines.line(p.byte())) + line_offset;
    let csv_line = |e: &csv::Error| e.position().map_or(1, |p| lines.line(p.byte())) + line_offset;
    let mut reader =
        csv::ReaderBuilder::new().delimiter(sep as u8).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let header_line = loop {
        match reader.read_record(&mut record) {
            Ok(true) if record.iter().all(|c| c.trim().is_empty()) => continue,
            Ok(true) => break line_of(&record),
            Ok(false) => {
                return Err(vec![whole_file(file, 1, "the file has no rows; the first row must name the columns")])
            }
            Err(e) => return Err(vec![whole_file(file, csv_line(&e), &e.to_string())]),
        }
    };
    let header: Vec<String> = record.iter().map(|h| h.trim().to_string()).collect();
    let mut summary = CsvSummary { delimiter: sep, ..CsvSummary::default() };
    let cols = Columns::new(file, header_line, header, &mut summary.ignored_columns)?;
    let mut im = Importer::new(ws, file, cols, sep);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                im.errors.push(csv_line(&e), None, e.to_string());
                break;
            }
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        summary.rows_read += 1;
        let row = line_of(&record);
        im.row(row, &record);
    }
    im.finish(summary)
}

fn whole_file(file: &str, row: u64, message: &str) -> CsvError {
    CsvError { file: file.to_string(), row, column: None, message: message.to_string() }
}

/// The file as UTF-8 text without a byte-order mark, or why it is not.
pub(crate) fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, CsvError> {
    let err = |row: u64, message: String| CsvError { file: file.to_string(), row, column: None, message };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(err(
            1,
            "the file is saved as UTF-16 (Excel's \u{201c}Unicode Text\u{201d}); save it as \u{201c}CSV UTF-8 \
             (Comma delimited)\u{201d} and import that"
                .into(),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(err(
            1,
            "this is a workbook (.xlsx or similar), not a CSV file; in Excel use Save As \u{203a} \u{201c}CSV UTF-8 \
             (Comma delimited)\u{201d} and import that"
                .into(),
        ));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(err(1, "the file is empty; the first row must name the columns".into()));
    }
    // A NUL anywhere (not only near the start) is refused: no spreadsheet writes one in a CSV, and a cell
    // holding one could not be written back to a file that imports.
    if let Some(i) = body.iter().position(|&b| b == 0) {
        let head = &body[..body.len().min(4096)];
        let utf16 = head.iter().skip(i % 2).step_by(2).filter(|&&b| b == 0).count() * 3 > head.len();
        let line = count_lines(&body[..i]);
        return Err(err(
            line,
            if utf16 {
                "the file looks like UTF-16 text; save it as \u{201c}CSV UTF-8 (Comma delimited)\u{201d} and import that"
                    .into()
            } else {
                "the file contains NUL bytes, so it is not a CSV text file; save it as \u{201c}CSV UTF-8 (Comma \
                 delimited)\u{201d} and import that"
                    .into()
            },
        ));
    }
    std::str::from_utf8(body).map_err(|e| {
        let at = e.valid_up_to();
        err(
            count_lines(&body[..at]),
            format!(
                "the file is not UTF-8 text (byte 0x{:02X} on this line); it was probably saved in a Windows or \
                 Latin-1 encoding. In Excel use Save As \u{203a} \u{201c}CSV UTF-8 (Comma delimited)\u{201d}; in \
                 LibreOffice choose the character set \u{201c}Unicode (UTF-8)\u{201d}",
                body[at]
            ),
        )
    })
}

/// The 1-based line number just after `before` (lines end at CR LF, LF or a lone CR).
fn count_lines(before: &[u8]) -> u64 {
    let lf = before.iter().filter(|&&b| b == b'\n').count();
    let lone_cr = before.windows(2).filter(|w| w[0] == b'\r' && w[1] != b'\n').count()
        + usize::from(before.last() == Some(&b'\r'));
    (lf + lone_cr) as u64 + 1
}

/// Finds the separator: from an Excel `sep=X` first line, else the one of comma, semicolon and tab that
/// makes the most header cells known column names. Returns the text to parse (after any `sep=` line),
/// how many lines were skipped, and the separator.
fn sniff<'a>(file: &str, text: &'a str) -> Result<(&'a str, u64, char), CsvError> {
    // Lines end at CR LF, LF or a lone CR (old Mac files).
    let first_end = text.find(['\n', '\r']).unwrap_or(text.len());
    let first = &text[..first_end];
    // `get` rather than slicing: byte 4 may fall inside a character (a first line `Café`).
    if first.len() == 5 && first.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("sep=")) {
        let sep = first[4..].chars().next().unwrap_or(',');
        if ![',', ';', '\t'].contains(&sep) {
            return Err(whole_file(
                file,
                1,
                &format!("the separator must be a comma, semicolon or tab, not \u{201c}{sep}\u{201d}"),
            ));
        }
        let rest = &text[first_end..];
        let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix(['\r', '\n'])).unwrap_or(rest);
        return Ok((rest, 1, sep));
    }
    // The header row: up to the first line break outside quotes (ignoring blank leading lines).
    let start = text.len() - text.trim_start_matches(['\r', '\n']).len();
    let mut end = text.len();
    let mut quoted = false;
    for (i, c) in text[start..].char_indices() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => {
                end = start + i;
                break;
            }
            _ => {}
        }
    }
    let header = &text[start..end];
    let score = |sep: char| -> (usize, usize) {
        let cells = split_outside_quotes(header, sep);
        (cells.iter().filter(|c| Col::from_header(c.trim().trim_matches('"')).is_some()).count(), cells.len())
    };
    let best = [',', ';', '\t'].into_iter().map(|s| (score(s), s)).max_by(|a, b| a.0.cmp(&b.0)).expect("three");
    if (best.0).0 == 0 {
        let row = count_lines(&text.as_bytes()[..start]);
        return Err(whole_file(
            file,
            row,
            &format!(
                "the first row must be a header naming the columns ({}), separated by commas, semicolons or tabs; \
                 none of those names were found",
                COLUMNS.join(", ")
            ),
        ));
    }
    Ok((text, 0, best.1))
}

/// Where each line of a text starts, so that a byte offset gives its line number. A line ends at CR LF, LF
/// or a lone CR: Skillgap's own export and Excel write CR LF, old Mac files a lone CR, and the CSV reader
/// accepts all three (its own line count only counts LF).
struct Lines<'t> {
    text: &'t [u8],
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let b = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\r' if b.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 2;
                    continue;
                }
                b'\r' | b'\n' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Self { text: b, starts }
    }

    /// The 1-based line of the record that starts at byte `at`. The reader may place a record at the line
    /// break before it (the LF of a CR LF, which it reads as an empty line), so breaks are skipped first.
    fn line(&self, at: u64) -> u64 {
        let mut at = at as usize;
        while matches!(self.text.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        self.starts.partition_point(|&s| s <= at) as u64
    }
}

fn split_outside_quotes(line: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut from = 0;
    for (i, c) in line.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            out.push(&line[from..i]);
            from = i + c.len_utf8();
        }
    }
    out.push(&line[from..]);
    out
}

/// Where each known column is, and the header's own names for messages.
struct Columns {
    at: [Option<usize>; N_COLS],
    names: Vec<String>,
    width: usize,
}

impl Columns {
    fn new(file: &str, row: u64, header: Vec<String>, ignored: &mut Vec<String>) -> Result<Self, Vec<CsvError>> {
        let mut at: [Option<usize>; N_COLS] = [None; N_COLS];
        // Capped like row problems: a header repeating a column 100,000 times gives 50 messages, not 99,999.
        let mut errors = Errors { file: file.to_string(), list: Vec::new(), more: 0, more_from: 0 };
        for (i, h) in header.iter().enumerate() {
            let Some(c) = Col::from_header(h) else {
                if !h.is_empty() {
                    ignored.push(quote(h).into_owned());
                }
                continue;
            };
            let slot = &mut at[c as usize];
            if let Some(j) = *slot {
                errors.push(
                    row,
                    Some((i as u32 + 1, quote(h).into_owned())),
                    format!("column {} ({}) has the same name; each column may appear once", j + 1, quote(header[j].as_str())),
                );
            } else {
                *slot = Some(i);
            }
        }
        let has = |c: Col| at[c as usize].is_some();
        if !has(Col::PersonId) && !has(Col::Name) {
            errors.push(row, None, "the header needs a person_id or a name column to say whose row it is".into());
        }
        if has(Col::Skill) {
            for (c, what) in [(Col::Source, "source (self, trainer or agreed)"), (Col::Date, "date")] {
                if !has(c) {
                    errors.push(row, None, format!("the file has a skill column, so it also needs a {what} column"));
                }
            }
            if !has(Col::Level) && !has(Col::LevelLabel) {
                errors.push(row, None, "the file has a skill column, so it also needs a level column".into());
            }
        }
        if !errors.list.is_empty() {
            let unknown: Vec<&String> =
                ignored.iter().filter(|h| !KNOWN_IGNORED.contains(&h.to_lowercase().as_str())).collect();
            if !unknown.is_empty() {
                let mut list: Vec<String> = unknown.iter().take(10).map(|h| format!("\u{201c}{h}\u{201d}")).collect();
                if unknown.len() > 10 {
                    list.push(format!("and {} more", unknown.len() - 10));
                }
                // Always shown, within the cap: it is what explains the other messages.
                if errors.list.len() >= MAX_ERRORS {
                    let dropped = errors.list.pop().expect("full");
                    if errors.more == 0 {
                        errors.more_from = dropped.row;
                    }
                    errors.more += 1;
                }
                errors.list.push(CsvError {
                    file: file.to_string(),
                    row,
                    column: None,
                    message: format!(
                        "columns not recognised: {}; the columns are {}",
                        list.join(", "),
                        COLUMNS.join(", ")
                    ),
                });
            }
            return Err(errors.into_vec());
        }
        let width = header.len();
        Ok(Self { at, names: header.iter().map(|h| quote(h).into_owned()).collect(), width })
    }

    fn has(&self, c: Col) -> bool {
        self.at[c as usize].is_some()
    }

    /// The trimmed cell of column `c` in `rec` ("" when the file has no such column or the row is short),
    /// with the apostrophe that export puts before formula-like text removed ([`unneutralise`]).
    fn cell<'r>(&self, rec: &'r csv::StringRecord, c: Col) -> &'r str {
        self.at[c as usize].and_then(|i| rec.get(i)).map(|v| unneutralise(v.trim())).unwrap_or("")
    }

    /// The column's number and name for a message.
    fn place(&self, c: Col) -> Option<(u32, String)> {
        self.at[c as usize].map(|i| (i as u32 + 1, self.names[i].clone()))
    }
}

/// Collects problems: the first [`MAX_ERRORS`], then counts the rest.
struct Errors {
    file: String,
    list: Vec<CsvError>,
    more: usize,
    more_from: u64,
}

impl Errors {
    fn push(&mut self, row: u64, column: Option<(u32, String)>, message: String) {
        if self.list.len() < MAX_ERRORS {
            self.list.push(CsvError { file: self.file.clone(), row, column, message });
        } else {
            if self.more == 0 {
                self.more_from = row;
            }
            self.more += 1;
        }
    }

    fn into_vec(mut self) -> Vec<CsvError> {
        self.list.sort_by_key(|e| e.row);
        if self.more > 0 {
            let n = self.more;
            self.list.push(CsvError {
                file: self.file,
                row: self.more_from,
                column: None,
                message: format!(
                    "and {n} more {} from this row on, not listed; fix those above and import again",
                    if n == 1 { "problem" } else { "problems" }
                ),
            });
        }
        self.list
    }
}

/// A rating's identity: person and skill (as indexes), source, and date as YYYYMMDD.
type Key = (u32, u32, Source, u32);


/// A person's fields that a row can set.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Role,
    Team,
    Start,
}

impl Field {
    fn what(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Role => "role",
            Field::Team => "team",
            Field::Start => "start date",
        }
    }

    fn col(self) -> Col {
        match self {
            Field::Name => Col::Name,
            Field::Role => Col::Role,
            Field::Team => Col::Team,
            Field::Start => Col::StartDate,
        }
    }
}

/// Which row of this file first set each [`Field`] of a person, to catch rows that disagree.
type Touched = [Option<u64>; 4];

struct NewRating {
    key: Key,
    date: String,
    level: Option<Level>,
    note: String,
}

struct Importer<'a> {
    ws: &'a Workspace,
    sep: char,
    cols: Columns,
    errors: Errors,
    skill_by_id: HashMap<&'a str, u32>,
    skill_by_name: HashMap<String, u32>,
    skill_by_exact_name: HashMap<&'a str, u32>,
    role_by_exact_name: HashMap<&'a str, usize>,
    levels: LevelReader,
    role_by_id: HashMap<&'a str, usize>,
    role_by_name: HashMap<String, usize>,
    /// Ids of skills, roles and scenarios, which a new person may not take (ids are unique across all).
    other_ids: HashSet<&'a str>,
    /// Everyone: the workspace's people first, then the new ones (whose id may still be empty).
    people: Vec<Person>,
    existing_people: usize,
    changed: Vec<bool>,
    touched: Vec<Touched>,
    /// The row that created each new person (index − existing_people).
    created_at: Vec<u64>,
    person_by_id: HashMap<String, usize>,
    person_by_name: HashMap<String, Vec<usize>>,
    existing_ratings: HashMap<Key, usize>,
    seen: HashMap<Key, u64>,
    /// Rows that found (or added) their person by name alone: the row, the lower-cased and the given name.
    found_by_name: Vec<(u64, String, String)>,
    /// Replacement (level, note) for existing ratings, by index.
    replacements: Vec<(usize, Option<Level>, Option<String>)>,
    new_ratings: Vec<NewRating>,
    unchanged: usize,
}

impl<'a> Importer<'a> {
    fn new(ws: &'a Workspace, file: &str, cols: Columns, sep: char) -> Self {
        let people = ws.people.clone();
        let person_by_id: HashMap<String, usize> =
            people.iter().enumerate().map(|(i, p)| (p.id.0.clone(), i)).collect();
        let mut person_by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in people.iter().enumerate() {
            person_by_name.entry(p.name.to_lowercase()).or_default().push(i);
        }
        let skill_by_id: HashMap<&str, u32> =
            ws.skills.iter().enumerate().map(|(i, s)| (s.id.as_str(), i as u32)).collect();
        let mut existing_ratings = HashMap::with_capacity(ws.ratings.len());
        for (i, r) in ws.ratings.iter().enumerate() {
            if let (Some(&p), Some(&s), Some(d)) =
                (person_by_id.get(r.person.as_str()), skill_by_id.get(r.skill.as_str()), date_number(&r.date))
            {
                existing_ratings.insert((p as u32, s, r.source, d), i);
            }
        }
        let n = people.len();
        Self {
            ws,
            sep,
            cols,
            errors: Errors { file: file.to_string(), list: Vec::new(), more: 0, more_from: 0 },
            skill_by_name: ws.skills.iter().enumerate().map(|(i, s)| (s.name.to_lowercase(), i as u32)).collect(),
            skill_by_id,
            skill_by_exact_name: ws.skills.iter().enumerate().map(|(i, s)| (s.name.as_str(), i as u32)).collect(),
            role_by_exact_name: ws.roles.iter().enumerate().map(|(i, r)| (r.name.as_str(), i)).collect(),
            levels: LevelReader::new(&ws.scale),
            role_by_id: ws.roles.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect(),
            role_by_name: ws.roles.iter().enumerate().map(|(i, r)| (r.name.to_lowercase(), i)).collect(),
            other_ids: ws
                .skills
                .iter()
                .map(|s| s.id.as_str())
                .chain(ws.roles.iter().map(|r| r.id.as_str()))
                .chain(ws.scenarios.iter().map(|s| s.id.as_str()))
                .collect(),
            people,
            existing_people: n,
            changed: vec![false; n],
            touched: vec![[None; 4]; n],
            created_at: Vec::new(),
            person_by_id,
            person_by_name,
            existing_ratings,
            seen: HashMap::new(),
            found_by_name: Vec::new(),
            replacements: Vec::new(),
            new_ratings: Vec::new(),
            unchanged: 0,
        }
    }

    fn err(&mut self, row: u64, c: Option<Col>, message: impl Into<String>) {
        let place = c.and_then(|c| self.cols.place(c));
        self.errors.push(row, place, message.into());
    }

    fn row(&mut self, row: u64, rec: &csv::StringRecord) {
        if rec.len() == 1 && self.cols.width > 1 {
            let other = [',', ';', '\t'].into_iter().find(|&c| c != self.sep && rec[0].contains(c));
            if let Some(c) = other {
                let msg = format!(
                    "this row has one cell but the header has {}; its columns seem to be separated by {} while the \
                     header uses {}",
                    self.cols.width,
                    separator_name(c),
                    separator_name(self.sep)
                );
                self.errors.push(row, None, msg);
                return;
            }
        }
        if rec.len() > self.cols.width {
            if let Some(i) = (self.cols.width..rec.len()).find(|&i| !rec[i].trim().is_empty()) {
                self.errors.push(
                    row,
                    None,
                    format!(
                        "cell {} has a value but the header has only {} columns; a name or note with the separator \
                         in it must be in double quotes",
                        i + 1,
                        self.cols.width
                    ),
                );
                return;
            }
        }
        let before = self.errors.list.len() + self.errors.more;
        let person = self.person(row, rec);
        self.rating(row, rec, person);
        if rec.len() > self.cols.width && self.errors.list.len() + self.errors.more > before {
            self.errors.push(
                row,
                None,
                format!(
                    "this row has {} cells but the header has {}; a name or note with the separator in it must be \
                     in double quotes",
                    rec.len(),
                    self.cols.width
                ),
            );
        }
    }

    /// A role by name (exact, then any case), then by id (exact, then any case).
    fn find_role(&self, cell: &str) -> Option<usize> {
        let ws = self.ws;
        self.role_by_exact_name
            .get(cell)
            .or_else(|| self.role_by_name.get(&cell.to_lowercase()))
            .or_else(|| self.role_by_id.get(cell))
            .copied()
            .or_else(|| ws.roles.iter().position(|r| r.id.as_str().eq_ignore_ascii_case(cell)))
    }

    /// A skill by name (exact, then any case), then by id (exact, then any case).
    fn find_skill(&self, cell: &str) -> Option<u32> {
        let ws = self.ws;
        self.skill_by_exact_name
            .get(cell)
            .or_else(|| self.skill_by_name.get(&cell.to_lowercase()))
            .or_else(|| self.skill_by_id.get(cell))
            .copied()
            .or_else(|| ws.skills.iter().position(|s| s.id.as_str().eq_ignore_ascii_case(cell)).map(|i| i as u32))
    }

    /// Finds, creates or updates the row's person; `None` (with the problems recorded) when it cannot.
    fn person(&mut self, row: u64, rec: &csv::StringRecord) -> Option<usize> {
        let ws = self.ws;
        let cols = &self.cols;
        let some = |c: Col| Some(cols.cell(rec, c)).filter(|v| !v.is_empty());
        let (id, name, role, team, start) =
            (cols.cell(rec, Col::PersonId), some(Col::Name), some(Col::Role), some(Col::Team), some(Col::StartDate));
        // Cells are trimmed and non-empty, so only length can be wrong; check_name and check_text say so.
        let mut ok = true;
        if let Some(Err(e)) = name.filter(|n| n.len() > MAX_NAME).map(|n| check_name("person", n)) {
            self.err(row, Some(Col::Name), e.to_string());
            ok = false;
        }
        let role = match role.map(|r| (self.find_role(r), r)) {
            Some((None, cell)) => {
                let msg = format!("there is no role \u{201c}{}\u{201d}; {}", quote(cell), self.known_roles());
                self.err(row, Some(Col::Role), msg);
                ok = false;
                None
            }
            other => other.map(|(r, _)| ws.roles[r.expect("found")].id.as_str()),
        };
        if let Some(Err(e)) = team.filter(|t| t.len() > MAX_TEXT).map(|t| check_text("team", t)) {
            self.err(row, Some(Col::Team), e.to_string());
            ok = false;
        }
        if let Some((Err(e), cell)) = start.map(|d| (check_date("start date", d), d)) {
            self.err(row, Some(Col::StartDate), date_message(e, cell));
            ok = false;
        }
        if !ok {
            return None;
        }

        let idx = if !id.is_empty() {
            match self.person_by_id.get(id) {
                Some(&i) => i,
                None => {
                    if self.other_ids.contains(id) {
                        let msg = format!(
                            "id \u{201c}{}\u{201d} already belongs to a skill, role or scenario; give the person another id",
                            quote(id)
                        );
                        self.err(row, Some(Col::PersonId), msg);
                        return None;
                    }
                    let (Some(n), Some(r)) = (name, role) else {
                        let missing = match (name, role) {
                            (None, None) => "their name and role",
                            (None, _) => "their name",
                            _ => "their role",
                        };
                        let msg =
                            format!("there is no person with id \u{201c}{}\u{201d}; to add them, give {missing}", quote(id));
                        self.err(row, Some(Col::PersonId), msg);
                        return None;
                    };
                    self.create(row, id, n, r)
                }
            }
        } else if let Some(n) = name {
            let hits = self.person_by_name.get(&n.to_lowercase()).map(Vec::as_slice).unwrap_or(&[]);
            let found = match hits {
                [i] => *i,
                [] => {
                    let Some(r) = role else {
                        let msg = format!(
                            "there is nobody called \u{201c}{}\u{201d}; to add them, give their role{}",
                            quote(n),
                            if self.cols.has(Col::Role) { "" } else { " (in a role column)" }
                        );
                        self.err(row, Some(Col::Name), msg);
                        return None;
                    };
                    self.create(row, "", n, r)
                }
                many => {
                    let ids: Vec<String> = many.iter().take(5).map(|&i| self.person_label(i)).collect();
                    let msg = format!(
                        "{} people are called \u{201c}{}\u{201d} ({}); add a person_id column to say which",
                        many.len(),
                        quote(n),
                        ids.join(", ")
                    );
                    self.err(row, Some(Col::Name), msg);
                    return None;
                }
            };
            // Looked at again once every row is read: a later row may add another person of this name.
            self.found_by_name.push((row, n.to_lowercase(), n.to_string()));
            found
        } else {
            let c = if self.cols.has(Col::Name) { Col::Name } else { Col::PersonId };
            self.err(row, Some(c), "give a person_id or a name to say whose row this is");
            return None;
        };

        // Update the person from the row's non-empty cells; rows of one file must agree. A name that found
        // the person (no id given) is a key, not an update: its case may differ.
        let mut ok = true;
        for (field, value) in [
            (Field::Name, name.filter(|_| !id.is_empty())),
            (Field::Role, role),
            (Field::Team, team),
            (Field::Start, start),
        ] {
            if let Some(v) = value {
                ok &= self.update(row, idx, field, v);
            }
        }
        ok.then_some(idx)
    }

    /// Sets one field of person `idx` from `row`; refuses when an earlier row of the file gave it another
    /// value.
    fn update(&mut self, row: u64, idx: usize, field: Field, value: &str) -> bool {
        let p = &self.people[idx];
        let current = match field {
            Field::Name => p.name.as_str(),
            Field::Role => p.role.as_str(),
            Field::Team => p.team.as_str(),
            Field::Start => p.start_date.as_deref().unwrap_or(""),
        };
        let differs = current != value;
        let slot = &mut self.touched[idx][field as usize];
        match *slot {
            Some(earlier) if differs && earlier != row => {
                let shown = match field {
                    Field::Role => self.ws.role(&p.role).map(|r| r.name.as_str()).unwrap_or(current),
                    _ => current,
                };
                let msg = format!(
                    "row {earlier} gives this person the {} \u{201c}{}\u{201d}; every row of one person must \
                     agree (or leave the cell empty)",
                    field.what(),
                    quote(shown)
                );
                self.err(row, Some(field.col()), msg);
                return false;
            }
            Some(_) => {}
            None => *slot = Some(row),
        }
        if differs {
            let p = &mut self.people[idx];
            match field {
                Field::Name => {
                    let old = std::mem::replace(&mut p.name, value.to_string());
                    self.rename(idx, &old, value);
                }
                Field::Role => p.role = RoleId(value.to_string()),
                Field::Team => p.team = value.to_string(),
                Field::Start => p.start_date = Some(value.to_string()),
            }
            self.mark_changed(idx);
        }
        true
    }

    fn mark_changed(&mut self, idx: usize) {
        if idx < self.existing_people {
            self.changed[idx] = true;
        }
    }

    fn rename(&mut self, idx: usize, old: &str, new: &str) {
        if let Some(v) = self.person_by_name.get_mut(&old.to_lowercase()) {
            v.retain(|&i| i != idx);
        }
        self.person_by_name.entry(new.to_lowercase()).or_default().push(idx);
    }

    fn create(&mut self, row: u64, id: &str, name: &str, role: &str) -> usize {
        let idx = self.people.len();
        if !id.is_empty() {
            self.person_by_id.insert(id.to_string(), idx);
        }
        self.person_by_name.entry(name.to_lowercase()).or_default().push(idx);
        self.people.push(Person {
            id: PersonId(id.to_string()),
            name: name.to_string(),
            role: RoleId(role.to_string()),
            team: String::new(),
            start_date: None,
        });
        self.touched.push([Some(row), Some(row), None, None]);
        self.created_at.push(row);
        idx
    }

    fn person_label(&self, i: usize) -> String {
        let p = &self.people[i];
        if p.id.0.is_empty() {
            format!("added in row {}", self.created_at[i - self.existing_people])
        } else {
            quote(&p.id.0).into_owned()
        }
    }

    fn known_roles(&self) -> String {
        let names: Vec<&str> = self.ws.roles.iter().take(8).map(|r| r.name.as_str()).collect();
        match names.len() {
            0 => "this workspace has no roles yet; add them on the Roles page first".into(),
            _ if self.ws.roles.len() > 8 => format!("roles include {} …", names.join(", ")),
            _ => format!("the roles are {}", names.join(", ")),
        }
    }

    fn rating(&mut self, row: u64, rec: &csv::StringRecord, person: Option<usize>) {
        let cols = &self.cols;
        let skill = cols.cell(rec, Col::Skill);
        let (source, level, label, date) = (
            cols.cell(rec, Col::Source),
            cols.cell(rec, Col::Level),
            cols.cell(rec, Col::LevelLabel),
            cols.cell(rec, Col::Date),
        );
        let note_cell = cols.has(Col::Note).then(|| cols.cell(rec, Col::Note));
        let use_label = cols.has(Col::LevelLabel) && level.is_empty() && (!label.is_empty() || !cols.has(Col::Level));
        if skill.is_empty() {
            let filled = [(Col::Source, source), (Col::Level, level), (Col::Date, date)]
                .into_iter()
                .chain(note_cell.map(|n| (Col::Note, n)))
                .find(|(_, v)| !v.is_empty());
            if let Some((c, _)) = filled {
                self.err(row, Some(c), "this row has a rating but no skill; give the skill, or clear the rating cells");
            }
            return;
        }
        let skill_ix = self.find_skill(skill);
        if skill_ix.is_none() {
            let msg = format!(
                "there is no skill \u{201c}{}\u{201d} in this workspace; use a skill's name or id from the Skill library",
                quote(skill)
            );
            self.err(row, Some(Col::Skill), msg);
        }
        let src = parse_source(source);
        if src.is_none() {
            let msg = if source.is_empty() {
                "the source is empty; write self, trainer or agreed".to_string()
            } else {
                format!(
                    "source \u{201c}{}\u{201d} must be self, trainer or agreed (manager and assessor count as trainer)",
                    quote(source)
                )
            };
            self.err(row, Some(Col::Source), msg);
        }
        let lvl = if use_label {
            self.levels.read(&self.ws.scale, label).map_err(|m| (Col::LevelLabel, m))
        } else {
            self.levels.read(&self.ws.scale, level).map_err(|m| (Col::Level, m))
        };
        let lvl = match lvl {
            Ok(l) => Some(l),
            Err((c, m)) => {
                self.err(row, Some(c), m);
                None
            }
        };
        let date_ok = match check_date("rating date", date) {
            Ok(d) => Some(d),
            Err(e) => {
                let m = if date.is_empty() {
                    "the date is empty; write the rating's date as YYYY-MM-DD".to_string()
                } else {
                    date_message(e, date)
                };
                self.err(row, Some(Col::Date), m);
                None
            }
        };
        let note = match note_cell.map(|n| check_text("note", n)) {
            Some(Err(e)) => {
                self.err(row, Some(Col::Note), e.to_string());
                return;
            }
            other => other.map(Result::unwrap),
        };
        let (Some(p), Some(s), Some(src), Some(level), Some(date)) = (person, skill_ix, src, lvl, date_ok) else {
            return;
        };
        let key: Key = (p as u32, s, src, date_number(&date).expect("checked date"));
        if let Some(&earlier) = self.seen.get(&key) {
            let msg = format!(
                "row {earlier} already gives this person's {} rating of this skill on {date}; each rating may \
                 appear once",
                source_key(src)
            );
            self.err(row, None, msg);
            return;
        }
        self.seen.insert(key, row);
        match self.existing_ratings.get(&key) {
            Some(&i) => {
                let old = &self.ws.ratings[i];
                if old.level == level && note.as_ref().is_none_or(|n| *n == old.note) {
                    self.unchanged += 1;
                } else {
                    self.replacements.push((i, level, note));
                }
            }
            None => self.new_ratings.push(NewRating { key, date, level, note: note.unwrap_or_default() }),
        }
    }

    fn finish(mut self, mut summary: CsvSummary) -> Result<(Workspace, CsvSummary), Vec<CsvError>> {
        // A name that found one person may be shared by the end of the file (a later row added someone of
        // that name with an id): then the row is ambiguous, as importing the file a second time would
        // find, so it is refused now, whatever the order of the rows.
        for (row, lower, given) in std::mem::take(&mut self.found_by_name) {
            let hits = self.person_by_name.get(&lower).cloned().unwrap_or_default();
            if hits.len() > 1 {
                let ids: Vec<String> = hits.iter().take(5).map(|&i| self.person_label(i)).collect();
                let msg = format!(
                    "{} people are called \u{201c}{}\u{201d} ({}); add a person_id column to say which",
                    hits.len(),
                    quote(&given),
                    ids.join(", ")
                );
                self.err(row, Some(Col::Name), msg);
            }
        }
        if !self.errors.list.is_empty() || self.errors.more > 0 {
            return Err(self.errors.into_vec());
        }
        let ws = self.ws;
        // Mint ids for new people named without one, in name order so that row order does not matter.
        let mut taken: HashSet<String> = self.other_ids.iter().map(|s| s.to_string()).collect();
        taken.extend(self.people.iter().filter(|p| !p.id.0.is_empty()).map(|p| p.id.0.clone()));
        let mut unnamed: Vec<usize> =
            (self.existing_people..self.people.len()).filter(|&i| self.people[i].id.0.is_empty()).collect();
        unnamed
            .sort_by_cached_key(|&i| (self.people[i].name.to_lowercase(), self.created_at[i - self.existing_people]));
        let mut next_id = ws.next_id;
        for i in unnamed {
            let id = loop {
                let id = format!("p{next_id}");
                next_id = next_id.saturating_add(1);
                if !taken.contains(&id) {
                    break id;
                }
            };
            taken.insert(id.clone());
            self.people[i].id = PersonId(id);
        }
        // New people follow the existing ones, ordered by id (numbers in ids compare as numbers).
        let mut order: Vec<usize> = (self.existing_people..self.people.len()).collect();
        order.sort_by(|&a, &b| natural_cmp(self.people[a].id.as_str(), self.people[b].id.as_str()));
        let mut position = (0..self.people.len()).collect::<Vec<usize>>();
        for (k, &i) in order.iter().enumerate() {
            position[i] = self.existing_people + k;
        }
        summary.people_created = order.len();
        summary.people_updated = self.changed.iter().filter(|&&c| c).count();

        let mut ratings = ws.ratings.clone();
        summary.ratings_replaced = self.replacements.len();
        for (i, level, note) in self.replacements {
            ratings[i].level = level;
            if let Some(n) = note {
                ratings[i].note = n;
            }
        }
        summary.ratings_unchanged = self.unchanged;
        summary.ratings_added = self.new_ratings.len();
        self.new_ratings.sort_by_key(|r| (position[r.key.0 as usize], r.key.1, r.key.2, r.key.3));
        ratings.reserve(self.new_ratings.len());
        for r in self.new_ratings {
            ratings.push(Rating {
                person: self.people[r.key.0 as usize].id.clone(),
                skill: ws.skills[r.key.1 as usize].id.clone(),
                source: r.key.2,
                level: r.level,
                date: r.date,
                note: r.note,
            });
        }

        let mut people = std::mem::take(&mut self.people);
        let new_people: Vec<Person> = {
            let mut slots: Vec<Option<Person>> = people.drain(self.existing_people..).map(Some).collect();
            order.iter().map(|&i| slots[i - self.existing_people].take().expect("each once")).collect()
        };
        people.extend(new_people);

        let out = Workspace { people, ratings, next_id, ..without_people_and_ratings(ws) };
        if let Err(e) = out.validate() {
            return Err(vec![CsvError {
                file: self.errors.file,
                row: 1,
                column: None,
                message: format!("the result would not be a valid workspace ({e}); nothing was imported"),
            }]);
        }
        Ok((out, summary))
    }
}

/// A copy of `ws` without its people and ratings (which an import rebuilds).
fn without_people_and_ratings(ws: &Workspace) -> Workspace {
    Workspace {
        schema_version: ws.schema_version,
        name: ws.name.clone(),
        currency: ws.currency.clone(),
        is_example: ws.is_example,
        scale: ws.scale.clone(),
        skills: ws.skills.clone(),
        roles: ws.roles.clone(),
        people: Vec::new(),
        ratings: Vec::new(),
        scenarios: ws.scenarios.clone(),
        survey: ws.survey.clone(),
        next_id: ws.next_id,
    }
}

fn separator_name(c: char) -> &'static str {
    match c {
        ',' => "commas",
        ';' => "semicolons",
        _ => "tabs",
    }
}

/// A date error, with a hint when the cell looks like Excel reformatted it.
fn date_message(e: DomainError, cell: &str) -> String {
    let mut m = e.to_string();
    if cell.contains('/') || cell.contains('.') || cell.len() < 10 {
        m.push_str(
            " (Excel may have changed the date format: format the column as text or as yyyy-mm-dd before saving)",
        );
    }
    m
}

/// Reads a level cell: a number on the scale, a label on the scale (any case), or n/a, "no opportunity"
/// or "-" for no opportunity to show the skill (`None`). The error is a message for the cell.
pub fn parse_level(scale: &Scale, cell: &str) -> Result<Option<Level>, String> {
    LevelReader::new(scale).read(scale, cell)
}

/// [`parse_level`] with the scale's lower-cased labels computed once per import.
struct LevelReader {
    lower: Vec<String>,
}

impl LevelReader {
    fn new(scale: &Scale) -> Self {
        Self { lower: scale.labels.iter().map(|l| l.to_lowercase()).collect() }
    }

    fn read(&self, scale: &Scale, cell: &str) -> Result<Option<Level>, String> {
        let c = cell.trim();
        let max = scale.max_level();
        let on_scale = |n: i64| {
            if (0..=max as i64).contains(&n) {
                Ok(Some(n as Level))
            } else {
                Err(format!("level {n} is not on the scale (0\u{2013}{max})"))
            }
        };
        if let Ok(n) = c.parse::<i64>() {
            return on_scale(n);
        }
        if c.is_empty() {
            return Err(format!("the level is empty; {}", choices(scale)));
        }
        if ["n/a", "na", "-", "no opportunity", NO_OPPORTUNITY_LABEL].iter().any(|k| k.eq_ignore_ascii_case(c)) {
            return Ok(None);
        }
        if let Some(l) = scale.labels.iter().position(|l| l == c) {
            return Ok(Some(l as Level));
        }
        let lower = c.to_lowercase();
        if let Some(l) = self.lower.iter().position(|l| *l == lower) {
            return Ok(Some(l as Level));
        }
        // Spreadsheets sometimes write whole numbers as 3.0.
        match c.parse::<f64>().ok().filter(|f| f.fract() == 0.0 && f.abs() < 1e9) {
            Some(f) => on_scale(f as i64),
            None => Err(format!("\u{201c}{}\u{201d} is not a level; {}", quote(c), choices(scale))),
        }
    }
}

fn choices(scale: &Scale) -> String {
    format!(
        "write a number 0\u{2013}{}, a label on the scale ({}), or n/a for no opportunity to show the skill",
        scale.max_level(),
        scale.labels.join(", ")
    )
}

/// Compares ids so that runs of digits compare as numbers: p2 < p10.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let (si, sj) = (i, j);
            while i < a.len() && a[i].is_ascii_digit() {
                i += 1;
            }
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let (x, y) = (trim_zeros(&a[si..i]), trim_zeros(&b[sj..j]));
            let o = x.len().cmp(&y.len()).then(x.cmp(y));
            if o != Ordering::Equal {
                return o;
            }
        } else {
            if a[i] != b[j] {
                return a[i].cmp(&b[j]);
            }
            i += 1;
            j += 1;
        }
    }
    (a.len() - i).cmp(&(b.len() - j)).then(a.cmp(b))
}

fn trim_zeros(d: &[u8]) -> &[u8] {
    let k = d.iter().position(|&c| c != b'0').unwrap_or(d.len());
    &d[k..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_compares_numbers_as_numbers() {
        let mut ids = vec!["p10", "p2", "p1", "a", "p-003", "p-001", "p02"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, vec!["a", "p-001", "p-003", "p1", "p02", "p2", "p10"]);
    }

    #[test]
    fn sniffing_prefers_the_separator_that_names_known_columns() {
        assert_eq!(sniff("f", "name;role;note\nA, B;r;x").unwrap().2, ';');
        assert_eq!(sniff("f", "name,role,\"a;b\"\n").unwrap().2, ',');
        assert_eq!(sniff("f", "name\trole\n").unwrap().2, '\t');
        assert_eq!(sniff("f", "sep=;\nname;role\n").unwrap(), ("name;role\n", 1, ';'));
        assert!(sniff("f", "foo|bar\n").is_err());
    }
}
