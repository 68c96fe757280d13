//! Skill frameworks trainers already have, brought into the skill library and taken out again.
//!
//! Reading a file is two steps, and neither changes anything:
//! 1. [`read`] finds the format from the content (not the file name) and parses the file into a
//!    [`Framework`]: items with their source identifiers, their tree, level texts where the format has them,
//!    and for O*NET the occupation's importance and level ratings. Every problem is placed by file and row,
//!    column or JSON path; a file with any error gives only errors.
//! 2. [`plan::plan`] compares the framework with the workspace: which skills are new, which match (by source
//!    identifier first, then by name), their categories, level texts, the role profile an O*NET file makes,
//!    and what is skipped and why. The plan carries the resulting workspace, validated, which the app applies
//!    with one `Command::Replace` (one undo step).
//!
//! Formats, one module each: [`moodle`] (Moodle's `tool_lpimportcsv` CSV, read and written), [`case`]
//! (1EdTech CASE 1.1 CFPackage JSON, read — 1.0-shaped packages too — and written), [`esco`] (ESCO skills
//! CSV), [`onet`] (O*NET Skills, Knowledge and Abilities files), [`rsd`] (Open Skills Network Rich Skill
//! Descriptors: one skill or a collection as JSON, and the batch CSV). [`templates`] holds the built-in
//! O*NET service occupations offered when a trainer adds a role.

pub mod case;
pub mod esco;
pub mod moodle;
pub mod onet;
pub mod plan;
pub mod rsd;
pub mod templates;

use std::fmt;

use super::csv_io;
use super::error::cut;
use super::io::cut_quoted;

/// The largest file read, in bytes. A framework's CSV or JSON is far smaller; a bigger file is refused
/// before it is parsed, so a hostile one cannot take the page's memory.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// The most items (competencies, CFItems, skills, O*NET rows) a file may hold.
pub const MAX_ITEMS: usize = 200_000;
/// How many problems a failed read lists.
pub const MAX_ERRORS: usize = 50;

/// The formats read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// Moodle competency framework CSV (admin/tool/lpimportcsv).
    Moodle,
    /// 1EdTech CASE CFPackage JSON (1.1, or 1.0-shaped).
    Case,
    /// ESCO skills CSV (`skills_en.csv` and its translations).
    Esco,
    /// O*NET Skills, Knowledge or Abilities file (tab-delimited text, or the same columns as CSV).
    Onet,
    /// Open Skills Network Rich Skill Descriptors: one RSD or a collection as JSON.
    RsdJson,
    /// Open Skills Network RSD batch CSV (as OSMT imports and exports it).
    RsdCsv,
}

impl Format {
    /// The format's name, for messages and the plan.
    pub fn label(self) -> &'static str {
        match self {
            Format::Moodle => "Moodle competency framework CSV",
            Format::Case => "1EdTech CASE package (JSON)",
            Format::Esco => "ESCO skills CSV",
            Format::Onet => "O*NET skills, knowledge or abilities file",
            Format::RsdJson => "Open Skills Network RSD (JSON)",
            Format::RsdCsv => "Open Skills Network RSD batch CSV",
        }
    }
}

/// A framework as read from its file(s), before it is compared with any workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct Framework {
    pub format: Format,
    /// The file name(s) it came from.
    pub file: String,
    /// The framework's title (a Moodle framework's short name, a CASE document's title, "ESCO skills", …).
    pub name: String,
    /// What every imported skill's `source.framework` says.
    pub source_name: String,
    /// The framework's own proficiency scale, when it has one (Moodle scale values, CASE rubric qualities).
    pub scale: Option<Vec<String>>,
    pub items: Vec<Item>,
    /// O*NET: the ratings of each occupation in the file.
    pub profiles: Vec<Profile>,
    /// Things the reader noticed that change nothing but the trainer should know (unknown columns, parts
    /// of the format Skillgap does not use).
    pub notes: Vec<String>,
    /// Items the reader left out, and why.
    pub skipped: Vec<Skipped>,
}

/// One competency, CFItem, ESCO skill, O*NET element or RSD.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Item {
    /// Its identifier in the framework (a URI, id number, element id); `None` when the file gives none.
    pub source_id: Option<String>,
    pub name: String,
    pub description: String,
    /// Index of its parent in [`Framework::items`]; readers guarantee the parents form a forest.
    pub parent: Option<usize>,
    /// A category the format gives directly (ESCO skill type, RSD category, O*NET domain).
    pub category: Option<String>,
    /// What each of the framework's levels looks like for this item, lowest first.
    pub level_texts: Vec<String>,
    /// Where it is in the file, for the plan ("row 12", "CFItems[3]").
    pub place: String,
}

/// An O*NET occupation's ratings of the file's elements.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    /// The O*NET-SOC code, e.g. `43-4051.00`.
    pub code: String,
    /// Its title, when the file has a Title column.
    pub title: Option<String>,
    pub ratings: Vec<Rating>,
    /// The newest Date in its rows (O*NET writes MM/YYYY).
    pub date: Option<String>,
}

/// One element's Importance (IM, 1–5) and Level (LV, 0–7) for an occupation, with O*NET's flags.
#[derive(Clone, Debug, PartialEq)]
pub struct Rating {
    /// Index into [`Framework::items`].
    pub item: usize,
    pub importance: Option<f64>,
    pub level: Option<f64>,
    /// O*NET recommends suppressing the value (low precision), on either scale.
    pub suppress: bool,
    /// O*NET marks the level not relevant for the occupation.
    pub not_relevant: bool,
    /// Where the rows are ("rows 8–9").
    pub place: String,
}

/// Something left out, where, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    pub place: String,
    pub name: String,
    pub reason: String,
}

/// A problem that stops a file from being read, placed by row, column or JSON path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameworkError {
    pub file: String,
    /// "row 4, column 2 (Id number)", "CFItems[3].fullStatement (line 40, column 9)", or "" for the whole file.
    pub place: String,
    pub message: String,
}

impl fmt::Display for FrameworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}, {}: {}", self.file, self.place, self.message)
        }
    }
}

impl std::error::Error for FrameworkError {}

impl FrameworkError {
    /// Every framework message is made here, so none quotes a long value whole (a serde message quotes the
    /// whole string it refused): quoted values and the file name are cut to a readable length.
    pub(crate) fn new(file: &str, place: impl Into<String>, message: impl Into<String>) -> Self {
        Self { file: cut(file).into_owned(), place: cut_quoted(&place.into()), message: cut_quoted(&message.into()) }
    }
}

/// Errors of one read, capped at [`MAX_ERRORS`] with a last line saying how many more there were.
pub(crate) struct Errors {
    file: String,
    list: Vec<FrameworkError>,
    more: usize,
}

impl Errors {
    pub(crate) fn new(file: &str) -> Self {
        Self { file: file.to_string(), list: Vec::new(), more: 0 }
    }

    pub(crate) fn push(&mut self, place: impl Into<String>, message: impl Into<String>) {
        if self.list.len() < MAX_ERRORS {
            self.list.push(FrameworkError::new(&self.file, place, message));
        } else {
            self.more += 1;
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub(crate) fn finish(mut self) -> Vec<FrameworkError> {
        if self.more > 0 {
            let n = self.more;
            self.list.push(FrameworkError::new(&self.file, "", format!("and {n} more problems")));
        }
        self.list
    }

    /// `Ok(value)` when nothing was pushed, else the errors.
    pub(crate) fn or<T>(self, value: T) -> Result<T, Vec<FrameworkError>> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self.finish())
        }
    }
}

/// Finds the format of `bytes` from its content and reads it.
pub fn read(file: &str, bytes: &[u8]) -> Result<Framework, Vec<FrameworkError>> {
    let one = |m: String| vec![FrameworkError::new(file, "", m)];
    if bytes.len() > MAX_BYTES {
        return Err(one(format!(
            "the file is {} MB; a framework file of more than {} MB is not read",
            bytes.len() / (1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        )));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let first = body.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if matches!(first, Some(b'{') | Some(b'[')) {
        let text = std::str::from_utf8(body).map_err(|e| {
            let line = body[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            vec![FrameworkError::new(file, format!("line {line}"), "the file is not UTF-8 text, so it is not JSON")]
        })?;
        return if case::looks_like(text) {
            case::read(file, text)
        } else if rsd::looks_like_json(text) {
            rsd::read_json(file, text)
        } else {
            // Report a syntax error first, if there is one.
            if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
                return Err(vec![FrameworkError::new(
                    file,
                    format!("line {}, column {}", e.line(), e.column()),
                    format!("not valid JSON: {}", clean_json_message(&e.to_string())),
                )]);
            }
            Err(one(
                "this JSON file is neither a CASE package (it has no CFDocument) nor an Open Skills Network \
                 Rich Skill Descriptor (no skillName); Skillgap's own workspace files are imported under \
                 \u{201c}Export and import\u{201d}"
                    .into(),
            ))
        };
    }
    let text = csv_io::decode(file, bytes).map_err(|e| vec![FrameworkError::new(file, format!("row {}", e.row), e.message)])?;
    let header_end = text.find(['\n', '\r']).unwrap_or(text.len());
    let header = &text[..header_end];
    let cells = header_cells(header);
    let has = |k: &str| cells.iter().any(|c| c == k);
    if has("onetsoccode") && has("elementid") {
        onet::read(file, text)
    } else if has("concepturi") && has("preferredlabel") {
        esco::read(file, text)
    } else if has("rsdname") || (has("skillstatement") && (has("canonicalurl") || has("skillname"))) {
        rsd::read_csv(file, text)
    } else if moodle::looks_like(&cells) {
        moodle::read(file, text)
    } else {
        Err(one(format!(
            "the first row ({}) is not the header of a format Skillgap reads: a Moodle competency framework CSV \
             starts \u{201c}Parent id number, Id number, Shortname…\u{201d}, an ESCO skills file has conceptUri and \
             preferredLabel, an O*NET file has O*NET-SOC Code and Element ID, an RSD batch CSV has RSD Name and \
             Skill Statement",
            shorten(header.trim(), 80)
        )))
    }
}

/// Reads several files as one framework (an O*NET occupation's Skills, Knowledge and Abilities files, or
/// many RSDs). They must all be of one format; every file's errors are given.
pub fn read_all(files: &[(String, Vec<u8>)]) -> Result<Framework, Vec<FrameworkError>> {
    let mut errors = Vec::new();
    let mut read_ok = Vec::new();
    for (name, bytes) in files {
        match read(name, bytes) {
            Ok(f) => read_ok.push(f),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut it = read_ok.into_iter();
    let Some(mut all) = it.next() else {
        return Err(vec![FrameworkError::new("", "", "no file was chosen")]);
    };
    for f in it {
        if f.format != all.format {
            return Err(vec![FrameworkError::new(
                &f.file,
                "",
                format!("is a {}, but {} is a {}; import files of one format together", f.format.label(), all.file, all.format.label()),
            )]);
        }
        all.merge(f);
    }
    if all.items.len() > MAX_ITEMS {
        return Err(vec![FrameworkError::new(&all.file, "", format!("the files hold more than {MAX_ITEMS} items together"))]);
    }
    Ok(all)
}

impl Framework {
    /// An empty framework of `format` read from `file`.
    pub(crate) fn new(format: Format, file: &str, name: String, source_name: String) -> Self {
        Self {
            format,
            file: file.to_string(),
            name,
            source_name,
            scale: None,
            items: Vec::new(),
            profiles: Vec::new(),
            notes: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Appends `other` (same format): its items, notes and skipped items; O*NET ratings of the same
    /// occupation and element are joined, a later file's values taking precedence.
    fn merge(&mut self, other: Framework) {
        let offset = self.items.len();
        self.file = format!("{}, {}", self.file, other.file);
        if self.name != other.name && self.format != Format::Onet {
            self.name = format!("{} + {}", self.name, other.name);
        }
        // O*NET elements already present keep their index; the others are appended.
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        if self.format == Format::Onet {
            for (i, it) in self.items.iter().enumerate() {
                if let Some(id) = &it.source_id {
                    index.insert(id.clone(), i);
                }
            }
        }
        let mut remap = Vec::with_capacity(other.items.len());
        for mut it in other.items {
            if let Some(&i) = it.source_id.as_ref().and_then(|id| index.get(id)) {
                remap.push(i);
                continue;
            }
            it.parent = it.parent.map(|p| p + offset);
            remap.push(self.items.len());
            self.items.push(it);
        }
        for p in other.profiles {
            let ratings: Vec<Rating> = p.ratings.into_iter().map(|r| Rating { item: remap[r.item], ..r }).collect();
            match self.profiles.iter_mut().find(|q| q.code == p.code) {
                Some(q) => {
                    for r in ratings {
                        match q.ratings.iter_mut().find(|x| x.item == r.item) {
                            Some(x) => *x = r,
                            None => q.ratings.push(r),
                        }
                    }
                    if q.title.is_none() {
                        q.title = p.title;
                    }
                    if p.date.as_deref().map(date_order) > q.date.as_deref().map(date_order) {
                        q.date = p.date;
                    }
                }
                None => self.profiles.push(Profile { ratings, ..p }),
            }
        }
        for n in other.notes {
            let n = format!("{}: {n}", other.file);
            self.notes.push(n);
        }
        self.skipped.extend(other.skipped);
        if self.scale.is_none() {
            self.scale = other.scale;
        }
    }
}

/// O*NET's MM/YYYY as a sortable (year, month).
pub(crate) fn date_order(d: &str) -> (u32, u32) {
    let mut it = d.split('/');
    let m = it.next().and_then(|m| m.trim().parse().ok()).unwrap_or(0);
    let y = it.next().and_then(|y| y.trim().parse().ok()).unwrap_or(0);
    (y, m)
}

/// A header cell reduced for loose matching: lower case, letters and digits only, without "(optional)".
/// `"Parent ID number"`, `"parent id number"` and `"Parent_Id_Number"` all give `parentidnumber`.
pub(crate) fn header_key(cell: &str) -> String {
    let lower = cell.trim().trim_start_matches('\u{feff}').to_lowercase().replace("(optional)", "");
    lower.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The header row's cells as [`header_key`]s (comma, semicolon or tab separated, quotes removed).
fn header_cells(header: &str) -> Vec<String> {
    let sep = [('\t', header.matches('\t').count()), (',', header.matches(',').count()), (';', header.matches(';').count())]
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map(|(c, _)| c)
        .unwrap_or(',');
    header.split(sep).map(|c| header_key(c.trim().trim_matches('"'))).collect()
}

/// One CSV record: its line in the file and its cells.
pub(crate) struct Record {
    pub line: u64,
    pub cells: Vec<String>,
}

/// Parses `text` as CSV with `delimiter`: the header's cells and every other non-blank record, each with
/// its line. Line ends may be CRLF, LF or CR, mixed; quoted cells may span lines (their line ends become
/// `\n`). Stops at [`MAX_ITEMS`] records.
pub(crate) fn csv_records(file: &str, text: &str, delimiter: u8) -> Result<(Vec<String>, Vec<Record>), Vec<FrameworkError>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut out = Vec::new();
    // The csv crate's own line numbers do not count a lone CR and lag after CRLF, so lines are counted
    // here from each record's byte offset: CRLF, LF and CR each end one line.
    let mut lines = LineCounter::new(text.as_bytes());
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| lines.line_at(p.byte() as usize)).unwrap_or(1);
            vec![FrameworkError::new(file, format!("row {line}"), format!("the CSV cannot be read ({})", csv_reason(&e)))]
        })?;
        let line = rec.position().map(|p| lines.line_at(p.byte() as usize)).unwrap_or(1);
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells: Vec<String> = rec.iter().map(|c| if c.contains('\r') { c.replace("\r\n", "\n").replace('\r', "\n") } else { c.to_string() }).collect();
        if header.is_none() {
            header = Some(cells);
            continue;
        }
        if out.len() >= MAX_ITEMS {
            return Err(vec![FrameworkError::new(file, format!("row {line}"), format!("the file has more than {MAX_ITEMS} rows"))]);
        }
        out.push(Record { line, cells });
    }
    let header = header.ok_or_else(|| vec![FrameworkError::new(file, "", "the file is empty")])?;
    Ok((header, out))
}

/// Line numbers of byte offsets, asked for in increasing order (each byte is looked at once).
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
    prev_cr: bool,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        Self { text, at: 0, line: 1, prev_cr: false }
    }

    /// The 1-based line of the byte at `offset`; a record that starts on the LF of a CRLF starts on the line
    /// after it.
    fn line_at(&mut self, offset: usize) -> u64 {
        let end = offset.min(self.text.len());
        while self.at < end {
            match self.text[self.at] {
                b'\r' => {
                    self.line += 1;
                    self.prev_cr = true;
                }
                b'\n' => {
                    if !self.prev_cr {
                        self.line += 1;
                    }
                    self.prev_cr = false;
                }
                _ => self.prev_cr = false,
            }
            self.at += 1;
        }
        self.line
    }
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "a cell is not UTF-8 text".into(),
        _ => clean_json_message(&e.to_string()),
    }
}

/// The delimiter of a header line: tab, comma or semicolon, whichever occurs most.
pub(crate) fn delimiter_of(text: &str) -> u8 {
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    let h = &text[..end];
    let counts = [(b'\t', h.matches('\t').count()), (b',', h.matches(',').count()), (b';', h.matches(';').count())];
    counts.into_iter().max_by_key(|&(_, n)| n).map(|(c, _)| c).unwrap_or(b',')
}

/// Which columns of a header are known: for each `(key, aliases…)` of `known`, the index of the first
/// header cell matching any alias; and the header cells matching none (for the plan's notes).
pub(crate) fn map_columns(header: &[String], known: &[&[&str]]) -> (Vec<Option<usize>>, Vec<(usize, String)>) {
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    let mut used = vec![false; header.len()];
    let found = known
        .iter()
        .map(|aliases| {
            let i = keys.iter().enumerate().position(|(i, k)| !used[i] && aliases.iter().any(|a| a == k))?;
            used[i] = true;
            Some(i)
        })
        .collect();
    let unknown = header
        .iter()
        .enumerate()
        .filter(|(i, h)| !used[*i] && !h.trim().is_empty())
        .map(|(i, h)| (i, h.trim().to_string()))
        .collect();
    (found, unknown)
}

/// A note naming unknown columns by number and header.
pub(crate) fn unknown_columns_note(unknown: &[(usize, String)], format: Format) -> Option<String> {
    if unknown.is_empty() {
        return None;
    }
    let list: Vec<String> = unknown.iter().map(|(i, h)| format!("{} ({})", i + 1, shorten(h, 40))).collect();
    Some(if unknown.len() == 1 {
        format!("column {} is not part of the {} and was not read", list[0], format.label())
    } else {
        format!("columns {} are not part of the {} and were not read", list.join(", "), format.label())
    })
}

/// `"row 12, column 3 (Shortname)"`.
pub(crate) fn cell_place(line: u64, column: usize, header: &[String]) -> String {
    match header.get(column).map(|h| h.trim()).filter(|h| !h.is_empty()) {
        Some(h) => format!("row {line}, column {} ({})", column + 1, shorten(h, 40)),
        None => format!("row {line}, column {}", column + 1),
    }
}

/// The cell at `column` of a record (empty when the column is absent or the row is short), trimmed.
pub(crate) fn cell(rec: &Record, column: Option<usize>) -> &str {
    column.and_then(|c| rec.cells.get(c)).map(|s| s.trim()).unwrap_or("")
}

/// Drops serde_json's own " at line L column C" suffix.
pub(crate) fn clean_json_message(m: &str) -> String {
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m.to_string(),
    }
}

/// At most `max` characters of `s`, with an ellipsis when cut.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_string();
    out.push('\u{2026}');
    out
}

/// Plain text from Moodle's or a framework's HTML: paragraphs, line breaks and list items become lines,
/// other tags are dropped, entities decoded, runs of white space collapsed.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut chars = html.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '<' => {
                let rest = &html[i + 1..];
                let end = rest.find('>').map(|e| e + 1);
                let Some(end) = end else {
                    out.push('<');
                    continue;
                };
                let tag = rest[..end - 1].trim().to_ascii_lowercase();
                let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                // A line break is a hard one; the edges of blocks are soft (SOFT): several in a row make one.
                match name.as_str() {
                    "br" => out.push('\n'),
                    "p" | "div" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "table" | "li" => out.push(SOFT),
                    "td" | "th" => out.push(' '),
                    _ => {}
                }
                if name == "li" && !tag.starts_with('/') {
                    out.push_str("\u{2022} ");
                }
                // Skip the tag's characters.
                let stop = i + 1 + end;
                while chars.peek().is_some_and(|&(j, _)| j < stop) {
                    chars.next();
                }
            }
            '&' => {
                let rest = &html[i + 1..];
                let semi = rest.find(';').filter(|&s| s <= 10);
                let decoded = semi.and_then(|s| entity(&rest[..s]).map(|c| (c, s)));
                match decoded {
                    Some((ch, s)) => {
                        out.push(ch);
                        let stop = i + 1 + s + 1;
                        while chars.peek().is_some_and(|&(j, _)| j < stop) {
                            chars.next();
                        }
                    }
                    None => out.push('&'),
                }
            }
            '\r' | '\n' | '\t' => out.push(' '),
            SOFT => {}
            c => out.push(c),
        }
    }
    // Soft breaks next to each other (spaces between them included) or next to a hard one count once.
    let mut joined = String::with_capacity(out.len());
    let mut pending = false;
    for c in out.chars() {
        match c {
            SOFT => pending = true,
            ' ' if pending => {}
            '\n' => {
                pending = false;
                joined.push('\n');
            }
            c => {
                if pending && !joined.is_empty() && !joined.ends_with('\n') {
                    joined.push('\n');
                }
                pending = false;
                joined.push(c);
            }
        }
    }
    tidy(&joined)
}

/// The mark [`html_to_text`] uses for the edge of a block element while it works.
const SOFT: char = '\u{1}';

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        "hellip" => '\u{2026}',
        "bull" => '\u{2022}',
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control() || *c == '\n')?
        }
    })
}

/// Collapses spaces within lines, trims every line and keeps at most one empty line in a row.
pub(crate) fn tidy(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let l: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if l.is_empty() && lines.last().is_none_or(|p: &String| p.is_empty()) {
            continue;
        }
        lines.push(l);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Plain text with Windows and old Mac line ends made `\n`, trimmed.
pub(crate) fn plain(text: &str) -> String {
    let t = text.trim();
    if t.contains('\r') {
        t.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        t.to_string()
    }
}
