//! What a round's responses say, shown so that no one is exposed: every figure here comes out of
//! [`disclose::column`] and is a [`Disclosed`] value. The Staff surveys page, its charts, the results CSV,
//! the printed page and the simulation's survey inputs all read these types and nothing else (the
//! responses themselves are private to the domain).
//!
//! One round groups respondents one way only (by role or by team), so there is one partition to protect:
//! each measure is a column of that partition with its total, and the internal-customer matrix is one
//! column per internal supplier (its raters by group, and all its raters). Item-level figures are not
//! shown: an item's mean over the respondents who answered it, beside the construct's mean over a slightly
//! different set, would let a careful reader subtract one person's answer.

use std::collections::HashMap;

use super::codec::parse_answers;
use super::disclose::{column, Cell, Column, Disclosed, Part, Why};
use super::instrument::{Construct, ItemKind};
use super::stats::{change, Change, ScoreStats};
use super::{GroupBy, Round, StoredResponse};
use crate::domain::model::Workspace;

/// A row of the results: one of the round's groups, or the respondents who did not give theirs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The group's id; `None` for "group not given".
    pub id: Option<String>,
    pub name: String,
    pub population: Option<u32>,
}

/// The name of the row of respondents who preferred not to give their group.
pub const NOT_GIVEN: &str = "Group not given";

/// One construct's column.
#[derive(Clone, Debug, PartialEq)]
pub struct ConstructColumn {
    pub construct: Construct,
    /// How many of the round's questions it has.
    pub items: usize,
    pub column: Column<ScoreStats>,
}

/// The written answers to one free-text question, by group: sorted alphabetically (never in the order they
/// came in) and without any sign of who wrote them.
#[derive(Clone, Debug, PartialEq)]
pub struct TextColumn {
    pub question: String,
    pub column: Column<Vec<String>>,
}

/// One internal supplier's column of the internal-customer matrix: its raters by group, and all its raters.
#[derive(Clone, Debug, PartialEq)]
pub struct SupplierColumn {
    pub supplier: Row,
    pub column: Column<ScoreStats>,
}

/// A round's results.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundResults {
    pub key: String,
    pub label: String,
    pub opened: String,
    pub closed: bool,
    pub k: u8,
    pub group_by: GroupBy,
    /// The round's groups, then "group not given"; every column's `groups` follows this order.
    pub rows: Vec<Row>,
    /// Responses per group.
    pub responses: Column<usize>,
    pub constructs: Vec<ConstructColumn>,
    pub texts: Vec<TextColumn>,
    pub matrix: Vec<SupplierColumn>,
    /// What the trainer should know before reading or sharing these results (re-identification).
    pub warnings: Vec<String>,
}

/// A respondent's score on answers `a` (digits and `-`): the mean of the answered ones, counted when at
/// least half (rounded up) are answered.
pub fn score(a: &str) -> Option<f64> {
    let points: Vec<u8> = parse_answers(a)?.into_iter().flatten().collect();
    let m = a.chars().count();
    (m > 0 && points.len() * 2 >= m).then(|| points.iter().map(|&p| p as f64).sum::<f64>() / points.len() as f64)
}

/// The characters of `answers` at `positions`.
fn pick(answers: &str, positions: &[usize]) -> String {
    let chars: Vec<char> = answers.chars().collect();
    positions.iter().filter_map(|&i| chars.get(i)).collect()
}

impl Round {
    /// The row of every response (`rows.len() - 1` for "group not given").
    fn row_of(&self) -> impl Fn(&StoredResponse) -> usize + '_ {
        let index: HashMap<&str, usize> = self.groups.iter().enumerate().map(|(i, g)| (g.id.as_str(), i)).collect();
        let not_given = self.groups.len();
        move |r| r.group.as_deref().and_then(|g| index.get(g).copied()).unwrap_or(not_given)
    }

    fn rows(&self) -> Vec<Row> {
        let mut rows: Vec<Row> =
            self.groups.iter().map(|g| Row { id: Some(g.id.clone()), name: g.name.clone(), population: g.population }).collect();
        rows.push(Row { id: None, name: NOT_GIVEN.into(), population: None });
        rows
    }

    /// Everyone's population: the groups' sizes added up, when all are known.
    fn total_population(&self) -> Option<u32> {
        self.groups.iter().map(|g| g.population.map(u64::from)).sum::<Option<u64>>().and_then(|n| u32::try_from(n).ok())
    }
}

/// `values[row]` as the column's parts, with the rows' populations.
fn parts<'a, X>(values: &'a [Vec<X>], rows: &[Row]) -> Vec<Part<'a, X>> {
    values.iter().zip(rows).map(|(v, r)| Part { samples: v.iter().collect(), population: r.population }).collect()
}

fn stats(scores: &[&f64], population: Option<u32>) -> ScoreStats {
    let s: Vec<f64> = scores.iter().map(|&&x| x).collect();
    ScoreStats::of(&s, population)
}

/// The results of the round with key `key` in `ws`.
pub fn round_results(ws: &Workspace, key: &str) -> Option<RoundResults> {
    let round = ws.survey.round(key)?;
    let rows = round.rows();
    let k = round.k;
    let row_of = round.row_of();
    let by_row: Vec<Vec<&StoredResponse>> = {
        let mut v = vec![Vec::new(); rows.len()];
        for r in &round.responses {
            v[row_of(r)].push(r);
        }
        v
    };
    let total_pop = round.total_population();
    let responses = column(k, &parts(&by_row, &rows), total_pop, |s, _| s.len());

    // Rated questions: their positions in a response's answers, by construct.
    let rated: Vec<Construct> = round.items_of(ItemKind::Rated).map(|i| i.construct).collect();
    let constructs = Construct::SCORED
        .into_iter()
        .filter_map(|c| {
            let positions: Vec<usize> = rated.iter().enumerate().filter(|(_, &x)| x == c).map(|(i, _)| i).collect();
            if positions.is_empty() {
                return None;
            }
            let scores: Vec<Vec<f64>> =
                by_row.iter().map(|rs| rs.iter().filter_map(|r| score(&pick(&r.answers, &positions))).collect()).collect();
            let column = column(k, &parts(&scores, &rows), total_pop, stats);
            Some(ConstructColumn { construct: c, items: positions.len(), column })
        })
        .collect();

    let texts = round
        .items_of(ItemKind::Text)
        .enumerate()
        .map(|(j, item)| {
            let answers: Vec<Vec<&str>> = by_row
                .iter()
                .map(|rs| rs.iter().map(|r| r.texts.get(j).map(String::as_str).unwrap_or("")).collect())
                .collect();
            let column = column(k, &parts(&answers, &rows), total_pop, |s, _| {
                let mut out: Vec<String> = s.iter().filter(|t| !t.is_empty()).map(|t| t.to_string()).collect();
                out.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)));
                out
            });
            TextColumn { question: item.text.clone(), column }
        })
        .collect();

    let matrix = round
        .suppliers
        .iter()
        .filter_map(|s| {
            let g = round.group(s)?;
            let scores: Vec<Vec<f64>> = by_row
                .iter()
                .map(|rs| {
                    rs.iter()
                        .filter_map(|r| r.suppliers.iter().find(|x| &x.group == s).and_then(|x| score(&x.answers)))
                        .collect()
                })
                .collect();
            // The raters' share of their groups is unknown, so no finite-population correction here.
            let norows: Vec<Row> = rows.iter().map(|r| Row { population: None, ..r.clone() }).collect();
            let column = column(k, &parts(&scores, &norows), None, stats);
            Some(SupplierColumn { supplier: Row { id: Some(g.id.clone()), name: g.name.clone(), population: g.population }, column })
        })
        .collect();

    let mut out = RoundResults {
        key: round.key.clone(),
        label: round.label.clone(),
        opened: round.opened.clone(),
        closed: round.closed,
        k,
        group_by: round.group_by,
        rows,
        responses,
        constructs,
        texts,
        matrix,
        warnings: Vec::new(),
    };
    out.warnings = warnings(&out);
    Some(out)
}

fn people(n: u32) -> String {
    if n == 1 {
        "1 person".into()
    } else {
        format!("{n} people")
    }
}

/// The re-identification warnings for `r`.
fn warnings(r: &RoundResults) -> Vec<String> {
    let k = r.k as u32;
    let mut out = Vec::new();
    if !r.closed {
        out.push(
            "This round is open: its results change as responses come in, and anyone who sees them before and after \
             a single response is added can work out that response. Import responses in batches, and close the round \
             before you show or send its results to anyone."
                .to_string(),
        );
    }
    let small: Vec<String> = r
        .rows
        .iter()
        .filter_map(|row| row.population.filter(|&p| p < k).map(|p| format!("\u{201c}{}\u{201d} ({})", row.name, people(p))))
        .collect();
    if !small.is_empty() {
        out.push(format!(
            "{} {} fewer people than this round's minimum of {k}, so {} never shown on {} own; {} answers count only \
             in totals that hide them.",
            small.join(", "),
            if small.len() == 1 { "has" } else { "have" },
            if small.len() == 1 { "its results are" } else { "their results are" },
            if small.len() == 1 { "its" } else { "their" },
            if small.len() == 1 { "its" } else { "their" },
        ));
    }
    for (row, cell) in r.rows.iter().zip(&r.responses.groups) {
        let Some(d) = cell.shown() else { continue };
        let n = d.n() as u32;
        let everyone = row.population == Some(n);
        if n < 2 * k || everyone {
            out.push(format!(
                "\u{201c}{}\u{201d}: {}{}. In a group this small, colleagues may recognise each other in the written \
                 answers, and a few who compare their own answers can narrow down the others'. Read its results as the \
                 group's, never to look for individuals.",
                row.name,
                match row.population {
                    Some(p) => format!("{n} of {p} answered"),
                    None => format!("{n} answered"),
                },
                if everyone { ", everyone" } else { "" }
            ));
        }
    }
    let complementary = any_complementary(&r.responses)
        || r.constructs.iter().any(|c| any_complementary(&c.column))
        || r.texts.iter().any(|c| any_complementary(&c.column))
        || r.matrix.iter().any(|c| any_complementary(&c.column));
    if complementary {
        out.push(format!(
            "Some groups with {k} or more responses are hidden as well, so that a smaller group cannot be worked out by \
             subtracting the groups shown from the total; the hidden groups appear together as \u{201c}Other groups\u{201d} \
             where they add up to {k} or more."
        ));
    }
    for s in &r.matrix {
        if let Some(p) = s.supplier.population.filter(|&p| p <= 2) {
            out.push(format!(
                "\u{201c}{}\u{201d} has {}: as an internal supplier, its ratings are ratings of {}.",
                s.supplier.name,
                people(p),
                if p == 1 { "that person" } else { "those people" }
            ));
        }
    }
    out
}

/// Whether any group of `c` is hidden only to protect a smaller one.
fn any_complementary<T>(c: &Column<T>) -> bool {
    c.groups.iter().any(|x| matches!(x, Cell::Hidden(Why::Complementary)))
}

/// A construct's change between two rounds, per row of the later round and in total: shown only where both
/// rounds show the figures.
#[derive(Clone, Debug, PartialEq)]
pub struct ConstructChange {
    pub construct: Construct,
    /// Per row of the later round ([`RoundComparison::rows`]).
    pub groups: Vec<Cell<Change>>,
    pub total: Cell<Change>,
}

/// Two rounds compared.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundComparison {
    pub before: String,
    pub after: String,
    /// The later round's rows (groups matched by role id, or by team name).
    pub rows: Vec<Row>,
    pub constructs: Vec<ConstructChange>,
}

fn change_cell(a: Option<&Cell<ScoreStats>>, b: &Cell<ScoreStats>) -> Cell<Change> {
    match (a, b) {
        (Some(Cell::Shown(x)), Cell::Shown(y)) => Cell::Shown(x.both(y, change)),
        (Some(Cell::Hidden(w)), _) | (_, Cell::Hidden(w)) => Cell::Hidden(*w),
        _ => Cell::Empty,
    }
}

/// How round `before` and round `after` of `ws` differ, construct by construct.
pub fn compare(ws: &Workspace, before: &str, after: &str) -> Option<RoundComparison> {
    let a = round_results(ws, before)?;
    let b = round_results(ws, after)?;
    let same_key = |x: &Row, y: &Row| match (a.group_by, b.group_by, &x.id, &y.id) {
        (GroupBy::Role, GroupBy::Role, Some(i), Some(j)) => i == j,
        (_, _, None, None) => true,
        (_, _, Some(_), Some(_)) => x.name.to_lowercase() == y.name.to_lowercase(),
        _ => false,
    };
    let constructs = b
        .constructs
        .iter()
        .filter_map(|cb| {
            let ca = a.constructs.iter().find(|c| c.construct == cb.construct)?;
            let groups = b
                .rows
                .iter()
                .zip(&cb.column.groups)
                .map(|(row, cell)| {
                    let before = a.rows.iter().position(|r| same_key(r, row)).map(|i| &ca.column.groups[i]);
                    change_cell(before, cell)
                })
                .collect();
            Some(ConstructChange { construct: cb.construct, groups, total: change_cell(Some(&ca.column.total), &cb.column.total) })
        })
        .collect();
    Some(RoundComparison { before: a.label, after: b.label, rows: b.rows, constructs })
}

/// Words for a hidden or empty cell.
pub fn hidden_text<T>(cell: &Cell<T>, k: u8) -> &'static str {
    let _ = k;
    match cell {
        Cell::Shown(_) => "",
        Cell::Hidden(Why::TooFew) => "hidden: fewer than the minimum number of responses",
        Cell::Hidden(Why::Complementary) => "hidden so that a smaller group cannot be worked out",
        Cell::Empty => "no responses",
    }
}

fn num(x: f64) -> String {
    format!("{x:.2}")
}

/// The round's results as CSV (with a UTF-8 byte-order mark, for Excel): one row per group and construct,
/// per internal supplier and rating group, and per written answer; hidden cells say why and carry no figures.
/// Columns: `section, group, measure, n, mean, ci_low, ci_high, pct_1 … pct_5, note`.
pub fn results_csv(r: &RoundResults) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let head = ["section", "group", "measure", "n", "mean", "ci_low", "ci_high", "pct_1", "pct_2", "pct_3", "pct_4", "pct_5", "note"];
    w.write_record(head).expect("writing to memory");
    let score_rows = |w: &mut csv::Writer<Vec<u8>>, section: &str, measure: &str, column: &Column<ScoreStats>| {
        let labelled = r
            .rows
            .iter()
            .map(|x| x.name.as_str())
            .zip(&column.groups)
            .chain([("Other groups", &column.others), ("All respondents", &column.total)]);
        for (group, cell) in labelled {
            if matches!(cell, Cell::Empty) {
                continue;
            }
            let mut rec = vec![section.to_string(), group.to_string(), measure.to_string()];
            match cell.shown() {
                Some(d) => {
                    let s = d.value();
                    rec.extend([d.n().to_string(), num(s.mean), num(s.low), num(s.high)]);
                    rec.extend(s.percentages().iter().map(|p| format!("{p:.1}")));
                    rec.push(if s.fpc { "finite-population correction applied".into() } else { String::new() });
                }
                None => {
                    rec.extend(std::iter::repeat_n(String::new(), 9));
                    rec.push(hidden_text(cell, r.k).to_string());
                }
            }
            w.write_record(&rec).expect("writing to memory");
        }
    };
    for c in &r.constructs {
        score_rows(&mut w, "construct", c.construct.label(), &c.column);
    }
    for s in &r.matrix {
        score_rows(&mut w, "internal service (rated by group)", &s.supplier.name, &s.column);
    }
    for t in &r.texts {
        let labelled =
            r.rows.iter().map(|x| x.name.as_str()).zip(&t.column.groups).chain([("Other groups", &t.column.others)]);
        for (group, cell) in labelled {
            if let Some(d) = cell.shown() {
                for text in d.value() {
                    let mut rec = vec!["written answer".to_string(), group.to_string(), t.question.clone()];
                    rec.extend(std::iter::repeat_n(String::new(), 9));
                    rec.push(text.clone());
                    w.write_record(&rec).expect("writing to memory");
                }
            }
        }
    }
    let bytes = w.into_inner().expect("writing to memory");
    format!("\u{feff}{}", String::from_utf8(bytes).expect("CSV of strings is UTF-8"))
}

/// Every disclosed cell of `r` as (row name, figure): what consumers may use, for a check or a summary.
pub fn shown_cells(column: &Column<ScoreStats>, rows: &[Row]) -> Vec<(String, Disclosed<ScoreStats>)> {
    rows.iter()
        .zip(&column.groups)
        .filter_map(|(row, c)| c.shown().map(|d| (row.name.clone(), d.clone())))
        .collect()
}
