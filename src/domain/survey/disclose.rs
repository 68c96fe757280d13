//! The one rule that decides which survey figures may be shown.
//!
//! Every figure about respondents — a mean, an interval, a distribution, a count, free text — belongs to a
//! *column*: one measure (a construct, the ratings of one internal supplier, the written answers, the
//! numbers of responses) split by the round's groups, with its total over everyone. [`column`] decides for
//! the whole column at once:
//!
//! 1. A group with fewer than k responses to the measure is hidden (*too few*). Groups without any are
//!    shown as having none.
//! 2. When the total is shown, the hidden groups together must have k or more responses, or none:
//!    otherwise the total minus the shown groups would give away the hidden ones (differencing). The
//!    smallest shown groups are hidden too (*complementary suppression*) until they do.
//! 3. The total is shown only with at least k responses; below that, nothing in the column is.
//! 4. The hidden groups together ("other groups") are shown when they have at least k responses: anyone
//!    could work them out from the total anyway, so showing them hides nothing and says what is known.
//!
//! The figures of a cell are computed only after the cell is found showable, and only here: a
//! [`Disclosed`] value cannot be made anywhere else, and every view, chart, export, report and model input
//! in Skillgap takes survey figures as `Disclosed` values. k is at least [`MIN_K`].

use crate::domain::error::DomainError;

/// The threshold new rounds promise unless the trainer sets another.
pub const DEFAULT_K: u8 = 5;
/// No round may promise less.
pub const MIN_K: u8 = 3;
/// The largest threshold that can be set.
pub const MAX_K: u8 = 50;

/// Refuses a threshold outside [`MIN_K`]–[`MAX_K`].
pub fn check_threshold(k: u8) -> Result<u8, DomainError> {
    if (MIN_K..=MAX_K).contains(&k) {
        Ok(k)
    } else {
        Err(DomainError::OutOfRange { field: "the minimum group size", rule: "3–50 responses", value: k.to_string() })
    }
}

/// A figure that passed the rule, with the number of responses it summarises.
#[derive(Clone, Debug, PartialEq)]
pub struct Disclosed<T> {
    value: T,
    n: usize,
}

impl<T> Disclosed<T> {
    /// The figure.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// How many responses it summarises (at least the round's k).
    pub fn n(&self) -> usize {
        self.n
    }

    /// A figure made of two disclosed ones (a change between rounds): nothing undisclosed goes in.
    pub fn both<U, V>(&self, other: &Disclosed<U>, f: impl FnOnce(&T, &U) -> V) -> Disclosed<V> {
        Disclosed { value: f(&self.value, &other.value), n: self.n.min(other.n) }
    }
}

/// Why a cell is not shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Fewer than k responses (`n` is not said).
    TooFew,
    /// Enough responses, but hidden so that a smaller hidden group cannot be worked out from the total.
    Complementary,
}

/// One cell of a column.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<T> {
    Shown(Disclosed<T>),
    Hidden(Why),
    /// No responses at all.
    Empty,
}

impl<T> Cell<T> {
    /// The disclosed figure, if shown.
    pub fn shown(&self) -> Option<&Disclosed<T>> {
        match self {
            Cell::Shown(d) => Some(d),
            _ => None,
        }
    }
}

/// A measure split by group: `groups[i]` is the round's row `i`, `others` the hidden groups together,
/// `total` everyone.
#[derive(Clone, Debug, PartialEq)]
pub struct Column<T> {
    pub groups: Vec<Cell<T>>,
    pub others: Cell<T>,
    pub total: Cell<T>,
}

/// What one group contributes to a column: its responses to the measure, and how many people it has (for
/// the statistics' finite-population correction).
pub struct Part<'a, X> {
    pub samples: Vec<&'a X>,
    pub population: Option<u32>,
}

/// **The rule** (see the module's description): which cells of the column made of `parts` may be shown
/// at threshold `k` (raised to [`MIN_K`] if lower), and their figures, computed by `stat` (given the
/// cell's samples and population) for the shown cells only. `total_population` is everyone's.
pub fn column<'a, X, T>(
    k: u8,
    parts: &[Part<'a, X>],
    total_population: Option<u32>,
    stat: impl Fn(&[&'a X], Option<u32>) -> T,
) -> Column<T> {
    let k = k.max(MIN_K) as usize;
    let n: Vec<usize> = parts.iter().map(|p| p.samples.len()).collect();
    let total: usize = n.iter().sum();
    let mut why: Vec<Option<Why>> = n.iter().map(|&n| (n > 0 && n < k).then_some(Why::TooFew)).collect();
    if total >= k {
        loop {
            let hidden: usize = n.iter().zip(&why).filter(|(_, w)| w.is_some()).map(|(n, _)| n).sum();
            if hidden == 0 || hidden >= k {
                break;
            }
            // The smallest group still shown (the first of equals) joins the hidden ones.
            let next = (0..n.len()).filter(|&i| why[i].is_none() && n[i] > 0).min_by_key(|&i| n[i]);
            match next {
                Some(i) => why[i] = Some(Why::Complementary),
                None => break,
            }
        }
    }
    let hidden_n: usize = n.iter().zip(&why).filter(|(_, w)| w.is_some()).map(|(n, _)| n).sum();
    let shown_total = total >= k;
    let cell = |samples: Vec<&'a X>, population: Option<u32>, ok: bool, why: Why| -> Cell<T> {
        if samples.is_empty() {
            Cell::Empty
        } else if ok {
            let n = samples.len();
            Cell::Shown(Disclosed { value: stat(&samples, population), n })
        } else {
            Cell::Hidden(why)
        }
    };
    let groups = parts
        .iter()
        .zip(&why)
        .map(|(p, w)| match (shown_total, w) {
            (true, None) => cell(p.samples.clone(), p.population, true, Why::TooFew),
            (_, Some(w)) => cell(p.samples.clone(), p.population, false, *w),
            (false, None) => cell(p.samples.clone(), p.population, false, Why::TooFew),
        })
        .collect();
    let hidden_samples: Vec<&'a X> =
        parts.iter().zip(&why).filter(|(_, w)| w.is_some()).flat_map(|(p, _)| p.samples.iter().copied()).collect();
    let others = cell(hidden_samples, None, shown_total && hidden_n >= k, Why::TooFew);
    let all: Vec<&'a X> = parts.iter().flat_map(|p| p.samples.iter().copied()).collect();
    let total = cell(all, total_population, shown_total, Why::TooFew);
    Column { groups, others, total }
}
