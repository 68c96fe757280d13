//! The workspace's people, ratings and role profiles as an Excel workbook (.xlsx), with level labels
//! beside the numbers, for trainers who work in Excel.
//!
//! Three sheets, each with a bold, frozen header row and an autofilter:
//! - [`RATINGS_SHEET`]: every rating, one row each ([`RATINGS_HEADER`]), in the CSV export's order; the
//!   level is a number (empty for "no opportunity") and the level label is text; dates are real dates
//!   shown as yyyy-mm-dd. The team is the one the person counts in ([`team_of`]).
//! - [`EFFECTIVE_SHEET`]: people × skills, each cell the label of the effective level (agreed, else
//!   trainer, else self; see [`crate::domain::gaps`]); self-only levels are in grey italics, unrated cells
//!   are empty.
//! - [`PROFILES_SHEET`]: one row per role requirement: role, skill, required level and label, importance.
//!
//! The SpreadsheetML (ECMA-376) is written by hand and zipped by [`crate::domain::zip`]. The parts:
//! `[Content_Types].xml` and `_rels/.rels` (the package), `docProps/core.xml` and `app.xml` (title, dates),
//! `xl/workbook.xml` (the sheets, and each autofilter's range as the hidden `_xlnm._FilterDatabase` name),
//! `xl/_rels/workbook.xml.rels`, `xl/styles.xml` (the four cell formats: default, header, date,
//! self-only), `xl/sharedStrings.xml` (every text once; cells refer to it by index) and
//! `xl/worksheets/sheetN.xml` (frozen pane, column widths, rows, autofilter). A date is a number, the days
//! since 1899-12-30, shown through the yyyy-mm-dd number format.
//!
//! The output is deterministic: the creation time in the document properties is the newest rating date
//! (or [`FALLBACK_CREATED`]), never the clock, so the same workspace always gives the same bytes.

use std::collections::HashMap;
use std::fmt::Write as _;

use thiserror::Error;

use super::csv_io::{ratings_in_order, NO_OPPORTUNITY_LABEL};
use super::gaps::{team_of, RatingIndex};
use super::model::*;
use super::zip::ZipWriter;

/// Name of the sheet listing every rating.
pub const RATINGS_SHEET: &str = "Ratings";
/// Name of the people × skills sheet of effective levels.
pub const EFFECTIVE_SHEET: &str = "Effective levels";
/// Name of the sheet listing role requirements.
pub const PROFILES_SHEET: &str = "Role profiles";

/// Header of [`RATINGS_SHEET`].
pub const RATINGS_HEADER: [&str; 11] =
    ["Person id", "Name", "Role", "Team", "Skill", "Category", "Source", "Level", "Level label", "Date", "Note"];
/// The first columns of [`EFFECTIVE_SHEET`]; one column per skill (by name) follows.
pub const EFFECTIVE_HEADER: [&str; 4] = ["Person id", "Name", "Role", "Team"];
/// Header of [`PROFILES_SHEET`].
pub const PROFILES_HEADER: [&str; 8] =
    ["Role", "Team", "Customer contact", "Skill", "Category", "Required level", "Required level label", "Importance"];

/// Creation date written when the workspace has no ratings.
pub const FALLBACK_CREATED: (u16, u8, u8) = (2026, 1, 1);

/// Why the workbook could not be written (for example, more skills than Excel has columns).
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("could not write the Excel workbook: {0}")]
pub struct XlsxError(pub String);

impl From<std::io::Error> for XlsxError {
    fn from(e: std::io::Error) -> Self {
        XlsxError(e.to_string())
    }
}

/// The workbook as .xlsx bytes.
pub fn export_xlsx(ws: &Workspace) -> Result<Vec<u8>, XlsxError> {
    let mut strings = Strings::default();
    let sheets =
        [ratings_sheet(ws, &mut strings)?, effective_sheet(ws, &mut strings)?, profiles_sheet(ws, &mut strings)?];
    let created = match ws.ratings.iter().map(|r| r.date.as_str()).max().filter(|d| serial(d).is_some()) {
        Some(d) => d.to_string(),
        None => format!("{:04}-{:02}-{:02}", FALLBACK_CREATED.0, FALLBACK_CREATED.1, FALLBACK_CREATED.2),
    };
    let mut title = String::new();
    esc(&mut title, &format!("Skillgap \u{2014} {}", ws.name), false);
    let core = format!(
        "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{title}</dc:title>\
         <dc:subject>People, ratings, effective levels and role profiles</dc:subject>\
         <dc:description>Exported from Skillgap</dc:description>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}T00:00:00Z</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{created}T00:00:00Z</dcterms:modified></cp:coreProperties>"
    );

    // Level 3 deflates about a third faster than the default 6 for a ~10 % larger file; the browser is
    // single-threaded and a large workspace has 100,000 rating rows.
    let mut zip = ZipWriter::new(3);
    let mut add = |name: &str, parts: &[&str]| {
        let bytes: Vec<&[u8]> = std::iter::once(XML_DECL).chain(parts.iter().copied()).map(str::as_bytes).collect();
        zip.add(name, &bytes)
    };
    add("[Content_Types].xml", &[CONTENT_TYPES])?;
    add("_rels/.rels", &[ROOT_RELS])?;
    add("docProps/core.xml", &[&core])?;
    add("docProps/app.xml", &[APP])?;
    add("xl/workbook.xml", &[&workbook(&sheets)])?;
    add("xl/_rels/workbook.xml.rels", &[WORKBOOK_RELS])?;
    add("xl/styles.xml", &[STYLES])?;
    add("xl/sharedStrings.xml", &[&strings.xml()])?;
    for (i, s) in sheets.iter().enumerate() {
        add(&format!("xl/worksheets/sheet{}.xml", i + 1), &[&s.head(i == 0), &s.data, &s.tail()])?;
    }
    Ok(zip.finish()?)
}

fn level_label(scale: &Scale, level: Option<Level>) -> &str {
    match level {
        Some(l) => scale.label(l),
        None => NO_OPPORTUNITY_LABEL,
    }
}

fn ratings_sheet<'a>(ws: &'a Workspace, strings: &mut Strings<'a>) -> Result<Sheet, XlsxError> {
    let mut sheet = Sheet::new(RATINGS_SHEET, RATINGS_HEADER.len(), 0);
    sheet.row(strings, None, RATINGS_HEADER.map(|h| Cell::Styled(h, HEADER)))?;
    let people: HashMap<&PersonId, &Person> = ws.people.iter().map(|p| (&p.id, p)).collect();
    let roles: HashMap<&RoleId, &Role> = ws.roles.iter().map(|r| (&r.id, r)).collect();
    let skills: HashMap<&SkillId, &Skill> = ws.skills.iter().map(|s| (&s.id, s)).collect();
    for r in ratings_in_order(ws) {
        let p = people[&r.person];
        let role = roles.get(&p.role).copied();
        let (skill, category) = match skills.get(&r.skill) {
            Some(s) => (s.name.as_str(), s.category.as_str()),
            None => (r.skill.as_str(), ""),
        };
        let cells = [
            Cell::Text(p.id.as_str()),
            Cell::Text(&p.name),
            Cell::Text(role.map(|r| r.name.as_str()).unwrap_or(p.role.as_str())),
            Cell::Text(team_of(p, role)),
            Cell::Text(skill),
            Cell::Text(category),
            Cell::Text(r.source.label()),
            r.level.map_or(Cell::Empty, |l| Cell::Num(l.into())),
            Cell::Text(level_label(&ws.scale, r.level)),
            Cell::Date(&r.date),
            Cell::Text(&r.note),
        ];
        sheet.row(strings, None, cells)?;
    }
    sheet.size_columns(&[12, 30, 30, 30, 36, 26, 10, 8, 24, 12, MAX_WIDTH]);
    Ok(sheet)
}

fn effective_sheet<'a>(ws: &'a Workspace, strings: &mut Strings<'a>) -> Result<Sheet, XlsxError> {
    let first = EFFECTIVE_HEADER.len();
    if first + ws.skills.len() > MAX_COLS {
        return Err(XlsxError(format!("{} skills do not fit in one Excel sheet", ws.skills.len())));
    }
    let mut sheet = Sheet::new(EFFECTIVE_SHEET, first + ws.skills.len(), 2);
    let header = EFFECTIVE_HEADER.iter().copied().chain(ws.skills.iter().map(|s| s.name.as_str()));
    sheet.row(strings, Some(45), header.map(|h| Cell::Styled(h, HEADER)))?;
    let roles: HashMap<&RoleId, &Role> = ws.roles.iter().map(|r| (&r.id, r)).collect();
    let index = RatingIndex::new(ws);
    for p in &ws.people {
        let role = roles.get(&p.role).copied();
        let role_name = role.map(|r| r.name.as_str()).unwrap_or(p.role.as_str());
        let about = [p.id.as_str(), p.name.as_str(), role_name, team_of(p, role)].map(Cell::Text);
        let levels = ws.skills.iter().map(|s| match index.effective(&p.id, &s.id, None) {
            None => Cell::Empty,
            Some(e) if e.is_self_only() => Cell::Styled(level_label(&ws.scale, e.level), SELF_ONLY),
            Some(e) => Cell::Text(level_label(&ws.scale, e.level)),
        });
        sheet.row(strings, None, about.into_iter().chain(levels))?;
    }
    sheet.size_columns(&[12, 30, 30, 30]);
    sheet.widths[first..].fill(18);
    Ok(sheet)
}

fn profiles_sheet<'a>(ws: &'a Workspace, strings: &mut Strings<'a>) -> Result<Sheet, XlsxError> {
    let mut sheet = Sheet::new(PROFILES_SHEET, PROFILES_HEADER.len(), 0);
    sheet.row(strings, None, PROFILES_HEADER.map(|h| Cell::Styled(h, HEADER)))?;
    for r in &ws.roles {
        // The library's order, not the ids' order.
        for s in &ws.skills {
            let Some(q) = r.requirements.get(&s.id) else { continue };
            let cells = [
                Cell::Text(&r.name),
                Cell::Text(&r.team),
                Cell::Text(r.contact.short()),
                Cell::Text(&s.name),
                Cell::Text(&s.category),
                Cell::Num(q.level.into()),
                Cell::Text(ws.scale.label(q.level)),
                Cell::Num(q.importance.into()),
            ];
            sheet.row(strings, None, cells)?;
        }
    }
    sheet.size_columns(&[30, 30, 10, 36, 26, 10, 24, 11]);
    Ok(sheet)
}

/// Excel's limits on one sheet.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: usize = 16_384;
/// The widest column, in characters.
const MAX_WIDTH: usize = 60;

/// Indexes into `<cellXfs>` of [`STYLES`].
const HEADER: u8 = 1;
const DATE: u8 = 2;
const SELF_ONLY: u8 = 3;

/// One cell; empty texts are left out like [`Cell::Empty`].
enum Cell<'a> {
    Empty,
    Text(&'a str),
    Num(u32),
    /// A YYYY-MM-DD date, written as a date if it is one Excel can show, else as text.
    Date(&'a str),
    Styled(&'a str, u8),
}

/// One worksheet: its rows as XML, and what the parts around them need.
struct Sheet {
    name: &'static str,
    /// The `<row>` elements.
    data: String,
    rows: u32,
    cols: usize,
    /// Columns frozen beside the header row.
    frozen_cols: usize,
    /// The widest text per column (in characters), then the column widths ([`Sheet::size_columns`]).
    widths: Vec<usize>,
}

impl Sheet {
    fn new(name: &'static str, cols: usize, frozen_cols: usize) -> Self {
        Sheet { name, data: String::new(), rows: 0, cols, frozen_cols, widths: vec![0; cols] }
    }

    fn row<'a>(
        &mut self,
        strings: &mut Strings<'a>,
        height: Option<u32>,
        cells: impl IntoIterator<Item = Cell<'a>>,
    ) -> Result<(), XlsxError> {
        if self.rows == MAX_ROWS {
            return Err(XlsxError(format!("more than {MAX_ROWS} rows do not fit in the {} sheet", self.name)));
        }
        self.rows += 1;
        let r = self.rows;
        match height {
            Some(h) => write!(self.data, "<row r=\"{r}\" ht=\"{h}\" customHeight=\"1\">"),
            None => write!(self.data, "<row r=\"{r}\">"),
        }
        .unwrap();
        for (c, cell) in cells.into_iter().enumerate() {
            let (value, style, shared) = match cell {
                Cell::Empty => continue,
                Cell::Num(n) => (n, 0, false),
                Cell::Text(t) | Cell::Date(t) | Cell::Styled(t, _) => {
                    if t.is_empty() {
                        continue;
                    }
                    // Counting chars of very long notes is wasted work past the cap.
                    self.widths[c] = self.widths[c].max(t.chars().take(MAX_WIDTH).count());
                    let date = if let Cell::Date(_) = cell { serial(t) } else { None };
                    match (date, cell) {
                        (Some(n), _) => (n, DATE, false),
                        (None, Cell::Styled(_, style)) => (strings.id(t), style, true),
                        _ => (strings.id(t), 0, true),
                    }
                }
            };
            write!(self.data, "<c r=\"{}{r}\"", column(c)).unwrap();
            if style != 0 {
                write!(self.data, " s=\"{style}\"").unwrap();
            }
            if shared {
                self.data.push_str(" t=\"s\"");
            }
            write!(self.data, "><v>{value}</v></c>").unwrap();
        }
        self.data.push_str("</row>");
        Ok(())
    }

    /// Turns the widest text of each column into its width: two characters more, at least 8, at most
    /// `max` (or [`MAX_WIDTH`] past its end).
    fn size_columns(&mut self, max: &[usize]) {
        for (c, w) in self.widths.iter_mut().enumerate() {
            *w = (*w + 2).clamp(8, max.get(c).copied().unwrap_or(MAX_WIDTH));
        }
    }

    /// The last cell, as a column name and a row number.
    fn last_cell(&self) -> (String, u32) {
        (column(self.cols - 1), self.rows)
    }

    /// The XML before the rows; `selected` for the sheet the workbook opens on.
    fn head(&self, selected: bool) -> String {
        let (last_col, last_row) = self.last_cell();
        let top_left = format!("{}2", column(self.frozen_cols));
        let (x_split, pane) = match self.frozen_cols {
            0 => (String::new(), "bottomLeft"),
            n => (format!(" xSplit=\"{n}\""), "bottomRight"),
        };
        let mut x = format!(
            "<worksheet xmlns=\"{MAIN_NS}\"><dimension ref=\"A1:{last_col}{last_row}\"/><sheetViews><sheetView{} \
             workbookViewId=\"0\"><pane{x_split} ySplit=\"1\" topLeftCell=\"{top_left}\" activePane=\"{pane}\" \
             state=\"frozen\"/><selection pane=\"{pane}\" activeCell=\"{top_left}\" sqref=\"{top_left}\"/>\
             </sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>",
            if selected { " tabSelected=\"1\"" } else { "" }
        );
        for (c, w) in self.widths.iter().enumerate() {
            // Excel stores a width of w characters as w plus 5 pixels of padding (5/7 of a character,
            // rounded to 1/256).
            write!(x, "<col min=\"{0}\" max=\"{0}\" width=\"{1}.7109375\" customWidth=\"1\"/>", c + 1, w).unwrap();
        }
        x.push_str("</cols><sheetData>");
        x
    }

    /// The XML after the rows.
    fn tail(&self) -> String {
        let (last_col, last_row) = self.last_cell();
        format!(
            "</sheetData><autoFilter ref=\"A1:{last_col}{last_row}\"/><pageMargins left=\"0.7\" right=\"0.7\" \
             top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>"
        )
    }
}

/// The shared strings table: every distinct text once, in order of first use.
#[derive(Default)]
struct Strings<'a> {
    index: HashMap<&'a str, u32>,
    list: Vec<&'a str>,
    uses: u64,
}

impl<'a> Strings<'a> {
    fn id(&mut self, text: &'a str) -> u32 {
        self.uses += 1;
        let next = self.list.len() as u32;
        *self.index.entry(text).or_insert_with(|| {
            self.list.push(text);
            next
        })
    }

    fn xml(&self) -> String {
        let mut x = format!("<sst xmlns=\"{MAIN_NS}\" count=\"{}\" uniqueCount=\"{}\">", self.uses, self.list.len());
        for s in &self.list {
            let edge_space = s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace);
            x.push_str(if edge_space { "<si><t xml:space=\"preserve\">" } else { "<si><t>" });
            esc(&mut x, s, true);
            x.push_str("</t></si>");
        }
        x.push_str("</sst>");
        x
    }
}

/// Appends `text` as XML text or attribute value: markup characters escaped, characters XML 1.0 forbids
/// dropped. In a `cell` text, the underscore of a literal `_xHHHH_` is written `_x005F_`, as Excel would
/// otherwise read it as an escaped character.
fn esc(out: &mut String, text: &str, cell: bool) {
    for (i, ch) in text.char_indices() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"), // a literal one would be read as a line feed
            '\t' | '\n' => out.push(ch),
            '\0'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {}
            '_' if cell && {
                let b = &text.as_bytes()[i..];
                b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
            } =>
            {
                out.push_str("_x005F_")
            }
            _ => out.push(ch),
        }
    }
}

/// The name of column `c` (from 0): A, …, Z, AA, ….
fn column(c: usize) -> String {
    let (mut name, mut n) = (Vec::new(), c + 1);
    while n > 0 {
        name.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    name.iter().rev().map(|&b| b as char).collect()
}

/// Excel's serial number of a YYYY-MM-DD date in 1900–9999: the days since 1899-12-30.
fn serial(date: &str) -> Option<u32> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &[u8]| s.iter().try_fold(0, |n, c| c.is_ascii_digit().then(|| n * 10 + (c - b'0') as u32));
    let (y, m, d) = (num(&b[..4])?, num(&b[5..7])?, num(&b[8..])?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if y < 1900 || !(1..=12).contains(&m) || d == 0 || d > month_days[m as usize - 1] {
        return None;
    }
    let n = day_number(y, m, d) - day_number(1899, 12, 30);
    // Excel counts a 1900-02-29 that never was, so before 1900-03-01 its serials are one less.
    Some(if n < 61 { n - 1 } else { n })
}

/// Days from a fixed origin to a civil date (years counted from March, so leap days come last).
fn day_number(y: u32, m: u32, d: u32) -> u32 {
    let (y, m) = if m <= 2 { (y - 1, m + 12) } else { (y, m) };
    365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d
}

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

fn workbook(sheets: &[Sheet]) -> String {
    let mut x = format!(
        "<workbook xmlns=\"{MAIN_NS}\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
    );
    let mut names = String::new();
    for (i, s) in sheets.iter().enumerate() {
        x.push_str("<sheet name=\"");
        esc(&mut x, s.name, false);
        write!(x, "\" sheetId=\"{}\" r:id=\"rId{}\"/>", i + 1, i + 1).unwrap();
        let (last_col, last_row) = s.last_cell();
        write!(names, "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{i}\" hidden=\"1\">'").unwrap();
        esc(&mut names, &s.name.replace('\'', "''"), false);
        write!(names, "'!$A$1:${last_col}${last_row}</definedName>").unwrap();
    }
    write!(x, "</sheets><definedNames>{names}</definedNames></workbook>").unwrap();
    x
}

const CONTENT_TYPES: &str = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/xl/workbook.xml\" \
ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
<Override PartName=\"/xl/worksheets/sheet1.xml\" \
ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
<Override PartName=\"/xl/worksheets/sheet2.xml\" \
ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
<Override PartName=\"/xl/worksheets/sheet3.xml\" \
ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
<Override PartName=\"/xl/styles.xml\" \
ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>\
<Override PartName=\"/xl/sharedStrings.xml\" \
ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" \
ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>";

const ROOT_RELS: &str = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Target=\"xl/workbook.xml\" \
Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\"/>\
<Relationship Id=\"rId2\" Target=\"docProps/core.xml\" \
Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\"/>\
<Relationship Id=\"rId3\" Target=\"docProps/app.xml\" \
Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\"/></Relationships>";

const APP: &str = "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
<Application>Skillgap</Application></Properties>";

const WORKBOOK_RELS: &str = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\" \
Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\"/>\
<Relationship Id=\"rId2\" Target=\"worksheets/sheet2.xml\" \
Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\"/>\
<Relationship Id=\"rId3\" Target=\"worksheets/sheet3.xml\" \
Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\"/>\
<Relationship Id=\"rId4\" Target=\"styles.xml\" \
Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\"/>\
<Relationship Id=\"rId5\" Target=\"sharedStrings.xml\" \
Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\"/></Relationships>";

/// Fonts: normal, bold, grey italic. Cell formats ([`HEADER`], [`DATE`], [`SELF_ONLY`]): default; bold,
/// wrapped, top-aligned; yyyy-mm-dd, left-aligned; grey italic.
const STYLES: &str = "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>\
<fonts count=\"3\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
<font><i/><sz val=\"11\"/><color rgb=\"FF6B7280\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>\
<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
<cellXfs count=\"4\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\">\
<alignment vertical=\"top\" wrapText=\"1\"/></xf>\
<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\">\
<alignment horizontal=\"left\"/></xf>\
<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>\
<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_excel_serials() {
        assert_eq!(serial("1900-01-01"), Some(1));
        assert_eq!(serial("1900-02-28"), Some(59));
        assert_eq!(serial("1900-03-01"), Some(61));
        assert_eq!(serial("2026-09-15"), Some(46280));
        assert_eq!(serial("9999-12-31"), Some(2_958_465));
        for bad in ["1899-12-31", "2026-02-29", "2026-13-01", "2026-1-01", "2026-01-00", "2026/01/01", "+026-01-01"] {
            assert_eq!(serial(bad), None, "{bad}");
        }
    }

    #[test]
    fn columns_are_named_like_excel() {
        assert_eq!([0, 25, 26, 51, 52, 701, 702, 16_383].map(column), ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]);
    }

    #[test]
    fn text_is_escaped_and_cleaned() {
        let mut out = String::new();
        esc(&mut out, "a&b<c>\"d\"\u{1}\te\r\nf_x0041_ g_x12_", true);
        assert_eq!(out, "a&amp;b&lt;c&gt;&quot;d&quot;\te&#13;\nf_x005F_x0041_ g_x12_");
    }
}
