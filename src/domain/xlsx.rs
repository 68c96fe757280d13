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
//! The output is deterministic: the creation time in the document properties is the newest rating date
//! (or [`FALLBACK_CREATED`]), never the clock, so the same workspace always gives the same bytes.

use std::collections::HashMap;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};
use thiserror::Error;

use super::csv_io::{ratings_in_order, NO_OPPORTUNITY_LABEL};
use super::gaps::{team_of, RatingIndex};
use super::model::*;

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

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        XlsxError(e.to_string())
    }
}

/// The workbook as .xlsx bytes.
pub fn export_xlsx(ws: &Workspace) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // Level 3 deflates about a third faster than the default 6 for a ~10 % larger file; the browser is
    // single-threaded and a large workspace has 100,000 rating rows.
    wb.set_zip_compression_level(3);
    let newest = ws.ratings.iter().map(|r| r.date.as_str()).max();
    let created = match newest.and_then(|d| ExcelDateTime::parse_from_str(d).ok()) {
        Some(d) => d,
        None => ExcelDateTime::from_ymd(FALLBACK_CREATED.0, FALLBACK_CREATED.1, FALLBACK_CREATED.2)?,
    };
    let properties = DocProperties::new()
        .set_title(format!("Skillgap \u{2014} {}", ws.name))
        .set_subject("People, ratings, effective levels and role profiles")
        .set_comment("Exported from Skillgap")
        .set_creation_datetime(&created);
    wb.set_properties(&properties);

    let f = Formats {
        header: Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top),
        date: Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left),
        self_only: Format::new().set_italic().set_font_color(0x6B7280),
    };
    ratings_sheet(wb.add_worksheet().set_name(RATINGS_SHEET)?, ws, &f)?;
    effective_sheet(wb.add_worksheet().set_name(EFFECTIVE_SHEET)?, ws, &f)?;
    profiles_sheet(wb.add_worksheet().set_name(PROFILES_SHEET)?, ws, &f)?;
    Ok(wb.save_to_buffer()?)
}

struct Formats {
    header: Format,
    date: Format,
    self_only: Format,
}

/// Tracks the widest text per column, to size columns once at the end.
struct Widths(Vec<usize>);

impl Widths {
    fn new(header: &[&str]) -> Self {
        Self(header.iter().map(|h| h.chars().count()).collect())
    }

    fn see(&mut self, col: usize, text: &str) {
        if col >= self.0.len() {
            self.0.resize(col + 1, 0);
        }
        // Counting chars of very long notes is wasted work past the cap.
        let n = text.chars().take(MAX_WIDTH).count();
        self.0[col] = self.0[col].max(n);
    }

    fn apply(&self, sheet: &mut Worksheet, max: &[usize]) -> Result<(), XlsxError> {
        for (c, &w) in self.0.iter().enumerate() {
            let cap = max.get(c).copied().unwrap_or(MAX_WIDTH);
            sheet.set_column_width(c as u16, (w + 2).clamp(8, cap) as f64)?;
        }
        Ok(())
    }
}

const MAX_WIDTH: usize = 60;

fn header(sheet: &mut Worksheet, cells: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (c, h) in cells.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &f.header)?;
    }
    Ok(())
}

fn level_label(scale: &Scale, level: Option<Level>) -> &str {
    match level {
        Some(l) => scale.label(l),
        None => NO_OPPORTUNITY_LABEL,
    }
}

fn ratings_sheet(sheet: &mut Worksheet, ws: &Workspace, f: &Formats) -> Result<(), XlsxError> {
    header(sheet, &RATINGS_HEADER, f)?;
    let mut widths = Widths::new(&RATINGS_HEADER);
    let people: HashMap<&PersonId, &Person> = ws.people.iter().map(|p| (&p.id, p)).collect();
    let roles: HashMap<&RoleId, &Role> = ws.roles.iter().map(|r| (&r.id, r)).collect();
    let skills: HashMap<&SkillId, &Skill> = ws.skills.iter().map(|s| (&s.id, s)).collect();
    let ratings = ratings_in_order(ws);
    for (i, r) in ratings.iter().enumerate() {
        let row = i as u32 + 1;
        let p = people[&r.person];
        let role = roles.get(&p.role).copied();
        let (role_name, team) = (role.map(|r| r.name.as_str()).unwrap_or(p.role.as_str()), team_of(p, role));
        let (skill, category) = match skills.get(&r.skill) {
            Some(s) => (s.name.as_str(), s.category.as_str()),
            None => (r.skill.as_str(), ""),
        };
        let texts = [
            (0, p.id.as_str()),
            (1, p.name.as_str()),
            (2, role_name),
            (3, team),
            (4, skill),
            (5, category),
            (6, r.source.label()),
            (8, level_label(&ws.scale, r.level)),
            (10, r.note.as_str()),
        ];
        for (c, t) in texts {
            if !t.is_empty() {
                sheet.write_string(row, c, t)?;
                widths.see(c as usize, t);
            }
        }
        if let Some(l) = r.level {
            sheet.write_number(row, 7, l)?;
        }
        match ExcelDateTime::parse_from_str(&r.date) {
            Ok(d) => sheet.write_datetime_with_format(row, 9, &d, &f.date)?,
            Err(_) => sheet.write_string(row, 9, r.date.as_str())?,
        };
        widths.see(9, &r.date);
    }
    let last = ratings.len() as u32;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last, RATINGS_HEADER.len() as u16 - 1)?;
    widths.apply(sheet, &[12, 30, 30, 30, 36, 26, 10, 8, 24, 12, MAX_WIDTH])
}

fn effective_sheet(sheet: &mut Worksheet, ws: &Workspace, f: &Formats) -> Result<(), XlsxError> {
    header(sheet, &EFFECTIVE_HEADER, f)?;
    let first = EFFECTIVE_HEADER.len();
    let last_col = first + ws.skills.len() - 1;
    if last_col > u16::MAX as usize {
        return Err(XlsxError(format!("{} skills do not fit in one Excel sheet", ws.skills.len())));
    }
    for (k, s) in ws.skills.iter().enumerate() {
        sheet.write_string_with_format(0, (first + k) as u16, s.name.as_str(), &f.header)?;
    }
    sheet.set_row_height(0, 45)?;
    let mut widths = Widths::new(&EFFECTIVE_HEADER);
    let roles: HashMap<&RoleId, &Role> = ws.roles.iter().map(|r| (&r.id, r)).collect();
    let index = RatingIndex::new(ws);
    for (i, p) in ws.people.iter().enumerate() {
        let row = i as u32 + 1;
        let role = roles.get(&p.role).copied();
        let role_name = role.map(|r| r.name.as_str()).unwrap_or(p.role.as_str());
        for (c, t) in [p.id.as_str(), p.name.as_str(), role_name, team_of(p, role)].into_iter().enumerate() {
            if !t.is_empty() {
                sheet.write_string(row, c as u16, t)?;
                widths.see(c, t);
            }
        }
        for (k, s) in ws.skills.iter().enumerate() {
            let Some(e) = index.effective(&p.id, &s.id, None) else { continue };
            let label = level_label(&ws.scale, e.level);
            let col = (first + k) as u16;
            if e.is_self_only() {
                sheet.write_string_with_format(row, col, label, &f.self_only)?;
            } else {
                sheet.write_string(row, col, label)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.autofilter(0, 0, ws.people.len() as u32, last_col as u16)?;
    widths.apply(sheet, &[12, 30, 30, 30])?;
    for k in 0..ws.skills.len() {
        sheet.set_column_width((first + k) as u16, 18)?;
    }
    Ok(())
}

fn profiles_sheet(sheet: &mut Worksheet, ws: &Workspace, f: &Formats) -> Result<(), XlsxError> {
    header(sheet, &PROFILES_HEADER, f)?;
    let mut widths = Widths::new(&PROFILES_HEADER);
    let mut row = 0u32;
    for r in &ws.roles {
        // The library's order, not the ids' order.
        for s in ws.skills.iter() {
            let Some(q) = r.requirements.get(&s.id) else { continue };
            row += 1;
            let texts = [
                (0, r.name.as_str()),
                (1, r.team.as_str()),
                (2, r.contact.short()),
                (3, s.name.as_str()),
                (4, s.category.as_str()),
                (6, ws.scale.label(q.level)),
            ];
            for (c, t) in texts {
                if !t.is_empty() {
                    sheet.write_string(row, c, t)?;
                    widths.see(c as usize, t);
                }
            }
            sheet.write_number(row, 5, q.level)?;
            sheet.write_number(row, 7, q.importance)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row, PROFILES_HEADER.len() as u16 - 1)?;
    widths.apply(sheet, &[30, 30, 10, 36, 26, 10, 24, 11])
}
