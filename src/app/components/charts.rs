//! Accessible SVG charts of simulation results: percentile fans over the months ([`FanChart`]), a
//! distribution over runs ([`Histogram`]), sources stacked over the months ([`StackedChart`]), the global
//! sensitivity's rank coefficients ([`Drivers`]) and the one-at-a-time tornado ([`Tornado`]).
//!
//! Each chart is a `<figure>`: its title as the `<figcaption>`, one SVG with `role="img"` whose `aria-label`
//! summarises it in words, an HTML legend that tells series apart by shape and name as well as colour, and a
//! "Show as table" disclosure with the same figures as a real table. The SVGs scale with their container
//! (`viewBox`, width 100 %) and their text stays legible about 320 px wide. Non-finite values are skipped and
//! flat ranges widened, so no input makes a chart divide by zero or draw `NaN`; with nothing to draw a chart
//! says "No data". Styles live in `assets/sim.css` (classes `chart-…`).

// Props compare their `fmt: fn(f64) -> String` by address. That is harmless here: the same function at
// two addresses only costs a re-render, and two functions merged at one address format identically.
#![allow(unpredictable_function_pointer_comparisons)]

use std::fmt::Write;
use std::ops::Range;

use yew::prelude::*;

use crate::domain::sim::{assumption, BenefitSource, Distribution, Driver, Fan, TornadoBar};

/// Formats a value for display: tick labels, summaries and tables.
pub type Fmt = fn(f64) -> String;

/// Width of every chart's viewBox.
const W: f64 = 400.0;
/// Outer margin inside the viewBox.
const PAD: f64 = 10.0;
/// Rough width of one character of the 13 px chart text, for sizing the label margin.
const CHAR_W: f64 = 7.4;

/// How a fan is drawn: the scenario, the baseline (dashed), or one of up to four compared scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Scenario,
    Baseline,
    /// A compared scenario; the index picks one of four colours (taken modulo 4).
    Compare(u8),
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Scenario => "chart-tone-scenario",
            Tone::Baseline => "chart-tone-baseline",
            Tone::Compare(i) => ["chart-tone-0", "chart-tone-1", "chart-tone-2", "chart-tone-3"][i as usize % 4],
        }
    }
}

/// One fan of a [`FanChart`] with its name in the legend, summary and table.
#[derive(Clone, Debug, PartialEq)]
pub struct FanLine {
    pub fan: Fan,
    pub tone: Tone,
    pub name: AttrValue,
}

// ---------- shared helpers: numbers, scales, ticks, paths, the figure frame ----------

/// A coordinate as SVG text (one decimal).
fn n(v: f64) -> String {
    format!("{v:.1}")
}

/// `fmt(v)`, or "n/a" for a missing (non-finite) value.
fn cell(fmt: Fmt, v: f64) -> String {
    if v.is_finite() { fmt(v) } else { "n/a".to_string() }
}

/// A plain number with at most three decimals and no trailing zeros (assumption ranges).
fn num(v: f64) -> String {
    let places = if v.abs() >= 100.0 { 0 } else if v.abs() >= 10.0 { 1 } else { 3 };
    let s = format!("{v:.places$}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// `s` cut to `max` characters with an ellipsis.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() > max { s.chars().take(max - 1).collect::<String>() + "…" } else { s.to_string() }
}

/// The finite (min, max) of `values`, if any.
fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().filter(|v| v.is_finite()).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// A linear map from the data interval [d0, d1] onto the drawing interval [r0, r1]; a flat data interval
/// maps to the middle.
#[derive(Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    fn at(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        let t = if span > 0.0 { (v - self.d0) / span } else { 0.5 };
        self.r0 + t * (self.r1 - self.r0)
    }
}

/// A value axis: its interval and the tick values inside it.
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Axis {
    /// "Nice" ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ), at most `most + 1`, over [lo, hi]. A flat interval is
    /// widened; the interval is then extended to the outer ticks, except at an end fixed by `fixed`.
    fn new(lo: f64, hi: f64, fixed: (Option<f64>, Option<f64>), most: f64) -> Self {
        let (fix_lo, fix_hi) = (fixed.0.filter(|v| v.is_finite()), fixed.1.filter(|v| v.is_finite()));
        let (mut lo, mut hi) = (fix_lo.unwrap_or(lo), fix_hi.unwrap_or(hi));
        if hi < lo {
            (lo, hi) = (hi, lo);
        }
        if hi - lo <= 1e-9 * hi.abs().max(lo.abs()).max(1e-300) {
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            (lo, hi) = (lo - pad, hi + pad);
        }
        let most = most.max(1.0);
        let mag = 10f64.powf(((hi - lo) / most).log10().floor());
        let intervals = |s: f64| (hi / s - 1e-9).ceil() - (lo / s + 1e-9).floor();
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .into_iter()
            .map(|m| m * mag)
            .find(|&s| intervals(s) <= most)
            .unwrap_or(10.0 * mag);
        if fix_lo.is_none() {
            lo = (lo / step + 1e-9).floor() * step;
        }
        if fix_hi.is_none() {
            hi = (hi / step - 1e-9).ceil() * step;
        }
        let (first, last) = ((lo / step - 1e-9).ceil() as i64, (hi / step + 1e-9).floor() as i64);
        // `+ 0.0` turns −0 into 0; `take` bounds the loop should a degenerate step slip through.
        let ticks = (first..=last).take(12).map(|k| k as f64 * step + 0.0).collect();
        Self { lo, hi, ticks }
    }

    fn scale(&self, r0: f64, r1: f64) -> Scale {
        Scale { d0: self.lo, d1: self.hi, r0, r1 }
    }

    /// A horizontal value axis over [lo, hi] whose tick labels fit side by side in `width`.
    fn fitted(lo: f64, hi: f64, width: f64, label: Fmt) -> Self {
        let ax = Self::new(lo, hi, (None, None), 5.0);
        let fit = (width / (ax.label_width(label) + 12.0)).floor();
        if fit + 1.0 < ax.ticks.len() as f64 { Self::new(lo, hi, (None, None), fit) } else { ax }
    }

    /// Rough width of the longest tick label.
    fn label_width(&self, label: impl Fn(f64) -> String) -> f64 {
        self.ticks.iter().map(|&t| label(t).chars().count()).max().unwrap_or(1) as f64 * CHAR_W
    }
}

/// Horizontal grid lines across [x0, x1] at `ticks`, labelled at the left.
fn y_grid(ticks: &[f64], y: Scale, x0: f64, x1: f64, label: impl Fn(f64) -> String) -> Html {
    ticks
        .iter()
        .map(|&t| {
            let yy = n(y.at(t));
            html! {
                <g>
                    <line class="chart-grid" x1={n(x0)} x2={n(x1)} y1={yy.clone()} y2={yy.clone()} />
                    <text class="chart-tick" x={n(x0 - 6.0)} y={n(y.at(t) + 4.0)} text-anchor="end">{ label(t) }</text>
                </g>
            }
        })
        .collect()
}

/// The baseline of a plot at `y0` from x0 to x1, with tick marks and labels under it at `ticks` (x, label).
fn x_axis(ticks: Vec<(f64, String)>, y0: f64, x0: f64, x1: f64) -> Html {
    html! {
        <g>
            <line class="chart-axis" x1={n(x0)} x2={n(x1)} y1={n(y0)} y2={n(y0)} />
            { for ticks.into_iter().map(|(x, label)| html! {
                <g>
                    <line class="chart-axis" x1={n(x)} x2={n(x)} y1={n(y0)} y2={n(y0 + 4.0)} />
                    <text class="chart-tick" x={n(x)} y={n(y0 + 17.0)} text-anchor="middle">{ label }</text>
                </g>
            }) }
        </g>
    }
}

/// Maximal runs of consecutive indices below `len` for which `ok` holds.
fn runs(len: usize, ok: impl Fn(usize) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for i in 0..=len {
        match (start, i < len && ok(i)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The (x, index) points of a run; a lone point is drawn 6 units wide so that it shows.
fn run_points(r: Range<usize>, x: impl Fn(usize) -> f64) -> Vec<(f64, usize)> {
    if r.len() == 1 {
        vec![(x(r.start) - 3.0, r.start), (x(r.start) + 3.0, r.start)]
    } else {
        r.map(|i| (x(i), i)).collect()
    }
}

/// Appends a subpath through `points` to `d`, closed with `Z` when `close`.
fn subpath(d: &mut String, points: impl IntoIterator<Item = (f64, f64)>, close: bool) {
    for (i, (x, y)) in points.into_iter().enumerate() {
        let _ = write!(d, "{}{x:.1} {y:.1} ", if i == 0 { "M" } else { "L" });
    }
    if close {
        d.push_str("Z ");
    }
}

/// What a chart draws; `None` means there is nothing to draw.
struct Chart {
    height: f64,
    /// The summary read out for the SVG image.
    label: String,
    svg: Html,
    /// Legend and notes under the image.
    legend: Html,
    /// The same figures as tables, behind "Show as table".
    tables: Html,
}

/// The frame every chart shares.
fn figure(class: &'static str, title: &AttrValue, chart: Option<Chart>) -> Html {
    let body = match chart {
        None => html! { <p class="empty chart-empty">{ "No data" }</p> },
        Some(c) => html! {
            <>
                <svg class="chart-svg" viewBox={format!("0 0 {W} {}", n(c.height))} role="img" aria-label={c.label}>
                    { c.svg }
                </svg>
                { c.legend }
                <details class="chart-details">
                    <summary>{ "Show as table" }</summary>
                    <div class="table-scroll">{ c.tables }</div>
                </details>
            </>
        },
    };
    html! {
        <figure class={classes!("chart", class)}>
            <figcaption class="chart-title">{ title.clone() }</figcaption>
            { body }
        </figure>
    }
}

/// A table: `caption`, column heads, and rows of a row head and cells.
fn table(caption: String, heads: &[&'static str], rows: Vec<(String, Vec<String>)>) -> Html {
    html! {
        <table class="ratings-table chart-table">
            <caption>{ caption }</caption>
            <thead><tr>{ for heads.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
            <tbody>
                { for rows.into_iter().map(|(head, cells)| html! {
                    <tr>
                        <th scope="row">{ head }</th>
                        { for cells.into_iter().map(|c| html! { <td>{ c }</td> }) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// A legend entry: a small aria-hidden drawing and its text.
fn key(drawing: Html, text: String) -> Html {
    html! {
        <span>
            <svg class="chart-key" width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">{ drawing }</svg>
            { text }
        </span>
    }
}

// ---------- FanChart ----------

#[derive(Properties, PartialEq)]
pub struct FanChartProps {
    pub title: AttrValue,
    pub fans: Vec<FanLine>,
    pub fmt: Fmt,
    /// Fixed lower end of the value axis (otherwise from the data).
    #[prop_or_default]
    pub y_min: Option<f64>,
    /// Fixed upper end of the value axis.
    #[prop_or_default]
    pub y_max: Option<f64>,
    /// What the values are, shown above the value axis and in the tables' captions.
    #[prop_or_default]
    pub unit_label: AttrValue,
}

/// Month tick spacing for a horizon.
fn month_step(horizon: usize) -> usize {
    match horizon {
        0..=6 => 1,
        7..=12 => 3,
        13..=36 => 6,
        _ => 12,
    }
}

/// The months the table lists: every `month_step`, and the last month.
fn table_months(horizon: usize) -> Vec<usize> {
    let mut months: Vec<usize> = (0..=horizon).step_by(month_step(horizon)).collect();
    if months.last() != Some(&horizon) {
        months.push(horizon);
    }
    months
}

/// "Name: median 61.2 at month 0 rising to 68.4 at month 36 (P10 66.0 – P90 70.9)".
fn fan_summary(line: &FanLine, fmt: Fmt) -> Option<String> {
    let f = &line.fan;
    let mut finite = (0..f.p50.len()).filter(|&i| f.p50[i].is_finite());
    let a = finite.next()?;
    let b = finite.next_back().unwrap_or(a);
    let (va, vb) = (f.p50[a], f.p50[b]);
    let band = |i: usize| {
        let get = |v: &Vec<f64>| cell(fmt, v.get(i).copied().unwrap_or(f64::NAN));
        format!("(P10 {} – P90 {})", get(&f.p10), get(&f.p90))
    };
    Some(if a == b {
        format!("{}: median {} at month {a} {}", line.name, fmt(va), band(a))
    } else {
        let trend = if vb > va { "rising" } else if vb < va { "falling" } else { "unchanged" };
        format!("{}: median {} at month {a} {trend} to {} at month {b} {}", line.name, fmt(va), fmt(vb), band(b))
    })
}

fn fan_chart(p: &FanChartProps) -> Option<Chart> {
    let all = p.fans.iter().flat_map(|l| l.fan.p10.iter().chain(&l.fan.p50).chain(&l.fan.p90).copied());
    let (lo, hi) = extent(all)?;
    let horizon = p.fans.iter().map(|l| l.fan.p50.len().max(l.fan.p10.len())).max()?.saturating_sub(1);
    let fmt = p.fmt;
    let ax = Axis::new(lo, hi, (p.y_min, p.y_max), 5.0);
    let (top, height) = (28.0, 252.0);
    let bottom = height - 40.0;
    let left = PAD + ax.label_width(fmt) + 6.0;
    let right = W - 14.0;
    let xs = Scale { d0: 0.0, d1: horizon as f64, r0: left, r1: right };
    let ys = ax.scale(bottom, top);
    let y = |v: f64| ys.at(v).clamp(top, bottom);
    let month_ticks = (0..=horizon).step_by(month_step(horizon)).map(|m| (xs.at(m as f64), m.to_string())).collect();

    let band = |f: &Fan| {
        let mut d = String::new();
        let len = f.p10.len().min(f.p90.len());
        for r in runs(len, |i| f.p10[i].is_finite() && f.p90[i].is_finite()) {
            let pts = run_points(r, |i| xs.at(i as f64));
            let upper = pts.iter().map(|&(x, i)| (x, y(f.p90[i])));
            subpath(&mut d, upper.chain(pts.iter().rev().map(|&(x, i)| (x, y(f.p10[i])))), true);
        }
        d
    };
    let median = |f: &Fan| {
        let mut d = String::new();
        for r in runs(f.p50.len(), |i| f.p50[i].is_finite()) {
            subpath(&mut d, run_points(r, |i| xs.at(i as f64)).into_iter().map(|(x, i)| (x, y(f.p50[i]))), false);
        }
        d
    };
    let series = |draw: &dyn Fn(&Fan) -> String, class: &'static str| -> Html {
        p.fans
            .iter()
            .map(|l| html! { <path class={classes!(class, l.tone.class())} d={draw(&l.fan)} /> })
            .collect()
    };
    let svg = html! {
        <>
            <text class="chart-unit" x={n(PAD)} y="14">{ p.unit_label.clone() }</text>
            { y_grid(&ax.ticks, ys, left, right, fmt) }
            { series(&band, "chart-band") }
            { series(&median, "chart-line") }
            { x_axis(month_ticks, bottom, left, right) }
            <text class="chart-unit" x={n((left + right) / 2.0)} y={n(height - 6.0)} text-anchor="middle">{ "Month" }</text>
        </>
    };

    let summaries: Vec<String> = p.fans.iter().filter_map(|l| fan_summary(l, fmt)).collect();
    let label = format!("{}. {}.", p.title, summaries.join("; "));
    let legend = html! {
        <p class="chart-legend">
            { for p.fans.iter().map(|l| key(
                html! {
                    <>
                        <rect class={classes!("chart-band", l.tone.class())} x="0" y="1" width="28" height="12" />
                        <line class={classes!("chart-line", l.tone.class())} x1="0" x2="28" y1="7" y2="7" />
                    </>
                },
                format!("{}{}", l.name, if l.tone == Tone::Baseline { " (dashed)" } else { "" }),
            )) }
            <span class="chart-note">{ "Line: median (P50). Shaded: P10 to P90, the middle 80 % of runs." }</span>
        </p>
    };
    let unit = if p.unit_label.is_empty() { String::new() } else { format!(" ({})", p.unit_label) };
    let tables = p
        .fans
        .iter()
        .map(|l| {
            let value = |v: &Vec<f64>, m: usize| cell(fmt, v.get(m).copied().unwrap_or(f64::NAN));
            let rows = table_months(horizon)
                .into_iter()
                .map(|m| (m.to_string(), vec![value(&l.fan.p10, m), value(&l.fan.p50, m), value(&l.fan.p90, m)]))
                .collect();
            table(format!("{} — {}{unit}", l.name, p.title), &["Month", "P10", "P50 (median)", "P90"], rows)
        })
        .collect();
    Some(Chart { height, label, svg, legend, tables })
}

/// Percentile fans over the months: a translucent P10–P90 band and a P50 line per fan (the baseline
/// dashed), with month and value axes.
#[component]
pub fn FanChart(p: &FanChartProps) -> Html {
    figure("chart-fan", &p.title, fan_chart(p))
}

// ---------- Histogram ----------

#[derive(Properties, PartialEq)]
pub struct HistogramProps {
    pub title: AttrValue,
    pub dist: Distribution,
    pub fmt: Fmt,
    /// Mark 0 (break-even) with a dashed line, widening the value axis to include it.
    #[prop_or(true)]
    pub zero_line: bool,
}

fn histogram(p: &HistogramProps) -> Option<Chart> {
    let d = &p.dist;
    let bins = d.histogram.len();
    if d.n == 0 || bins == 0 || !d.min.is_finite() || !d.max.is_finite() {
        return None;
    }
    let fmt = p.fmt;
    let zero = p.zero_line.then_some(0.0);
    let (lo, hi) = extent([d.min, d.max].into_iter().chain(zero))?;
    let most = d.histogram.iter().copied().max().unwrap_or(0).max(1);
    let counts = Axis::new(0.0, most as f64, (Some(0.0), None), 5.0);
    let count_ticks: Vec<f64> = counts.ticks.iter().copied().filter(|t| t.fract() == 0.0).collect();
    let whole = |v: f64| format!("{v:.0}");
    let (top, height) = (34.0, 232.0);
    let bottom = height - 40.0;
    let left = PAD + counts.label_width(whole) + 6.0;
    let ax = Axis::fitted(lo, hi, W - 20.0 - left, fmt);
    let right = W - PAD - (ax.label_width(fmt) / 2.0).max(10.0);
    let xs = ax.scale(left, right);
    let ys = counts.scale(bottom, top);
    let edge = |i: usize| d.min + (d.max - d.min) * i as f64 / bins as f64;
    // A flat distribution (min = max) has all its runs in the first bin: draw it one bin wide, centred.
    let bar_x = |i: usize| {
        if d.max > d.min {
            (xs.at(edge(i)), xs.at(edge(i + 1)))
        } else {
            let w = (right - left) / bins as f64;
            (xs.at(d.min) - w / 2.0, xs.at(d.min) + w / 2.0)
        }
    };
    let marker = |v: f64, class: &'static str| {
        let x = n(xs.at(v));
        html! { <line class={class} x1={x.clone()} x2={x} y1={n(top - 4.0)} y2={n(bottom)} /> }
    };
    let x_ticks = ax.ticks.iter().map(|&t| (xs.at(t), fmt(t))).collect();
    let median_label_x = xs.at(d.p50).clamp(left + 50.0, right - 50.0);
    let svg = html! {
        <>
            <text class="chart-unit" x={n(PAD)} y="14">{ "Runs" }</text>
            { y_grid(&count_ticks, ys, left, right, whole) }
            { for d.histogram.iter().enumerate().filter(|(_, &c)| c > 0).map(|(i, &c)| {
                let (x0, x1) = bar_x(i);
                let w = (x1 - x0 - 1.0).max(3.0); // a gap between bars, but never thinner than 3
                html! {
                    <rect class="chart-bar" x={n((x0 + x1 - w) / 2.0)} width={n(w)}
                        y={n(ys.at(c as f64))} height={n(bottom - ys.at(c as f64))} />
                }
            }) }
            if zero.is_some() { { marker(0.0, "chart-zero") } }
            if d.p50.is_finite() {
                { marker(d.p50, "chart-median") }
                <text class="chart-marker-label" x={n(median_label_x)} y={n(top - 8.0)} text-anchor="middle">
                    { format!("P50 {}", fmt(d.p50)) }
                </text>
            }
            { x_axis(x_ticks, bottom, left, right) }
        </>
    };
    let stats = format!(
        "P10 {} · P50 {} · P90 {} · P(> 0) = {} · {} runs",
        cell(fmt, d.p10),
        cell(fmt, d.p50),
        cell(fmt, d.p90),
        percent(d.prob_positive),
        d.n
    );
    let label = format!(
        "{}: distribution over {} runs from {} to {}. Median {}, P10 {} – P90 {}; P(> 0) = {}.",
        p.title,
        d.n,
        fmt(d.min),
        fmt(d.max),
        cell(fmt, d.p50),
        cell(fmt, d.p10),
        cell(fmt, d.p90),
        percent(d.prob_positive)
    );
    let legend = html! {
        <>
            <p class="chart-stats">{ stats }</p>
            <p class="chart-legend">
                { key(html! { <rect class="chart-bar" x="4" y="2" width="20" height="12" /> }, "Runs per value range".into()) }
                { key(html! { <line class="chart-median" x1="14" x2="14" y1="0" y2="14" /> }, "Median (P50), solid".into()) }
                if zero.is_some() {
                    { key(html! { <line class="chart-zero" x1="14" x2="14" y1="0" y2="14" /> }, "Zero, dashed".into()) }
                }
            </p>
        </>
    };
    let rows = d
        .histogram
        .iter()
        .enumerate()
        .map(|(i, c)| (format!("{} to {}", fmt(edge(i)), fmt(edge(i + 1))), vec![c.to_string()]))
        .collect();
    let tables = table(format!("{}: runs per value range", p.title), &["Value range", "Runs"], rows);
    Some(Chart { height, label, svg, legend, tables })
}

/// A distribution over runs (e.g. ROI): bars over equal value ranges, with the median and 0 marked.
#[component]
pub fn Histogram(p: &HistogramProps) -> Html {
    figure("chart-histogram", &p.title, histogram(p))
}

// ---------- Tornado ----------

#[derive(Properties, PartialEq)]
pub struct TornadoProps {
    pub title: AttrValue,
    /// Bars, largest swing first (as [`crate::domain::sim::sensitivity`] returns them).
    pub bars: Vec<TornadoBar>,
    pub fmt: Fmt,
    /// How many bars to show, from the top.
    #[prop_or(10)]
    pub max_bars: usize,
}

/// "0.57 – 0.67 share": an assumption's tested range with its unit (a currency unit is left out).
fn range_text(b: &TornadoBar) -> String {
    let unit = assumption(&b.key).map(|a| a.unit).filter(|u| !u.is_empty() && u != "currency");
    format!("{} – {}{}", num(b.low), num(b.high), unit.map(|u| format!(" {u}")).unwrap_or_default())
}

fn tornado(p: &TornadoProps) -> Option<Chart> {
    let bars: Vec<&TornadoBar> = p
        .bars
        .iter()
        .filter(|b| b.base.is_finite() && b.at_low.is_finite() && b.at_high.is_finite())
        .take(p.max_bars)
        .collect();
    let first = *bars.first()?;
    let fmt = p.fmt;
    let (lo, hi) = extent(bars.iter().flat_map(|b| [b.base, b.at_low, b.at_high]))?;
    let ax = Axis::fitted(lo, hi, W - 2.0 * PAD - 40.0, fmt);
    let (top, row) = (6.0, 40.0);
    let bottom = top + row * bars.len() as f64;
    let height = bottom + 26.0;
    let half_label = (ax.label_width(fmt) / 2.0).max(PAD);
    let (left, right) = (PAD + half_label, W - PAD - half_label);
    let xs = ax.scale(left, right);
    let base = first.base;
    let bar = |y: f64, v: f64, class: &'static str| {
        let (x0, x1) = (xs.at(base.min(v)), xs.at(base.max(v)));
        html! { <rect class={class} x={n(x0)} width={n(x1 - x0)} y={n(y)} height="14" /> }
    };
    let x_ticks = ax.ticks.iter().map(|&t| (xs.at(t), fmt(t))).collect();
    let svg = html! {
        <>
            { for bars.iter().enumerate().map(|(i, b)| {
                let y0 = top + i as f64 * row;
                html! {
                    <g class="chart-row">
                        <text class="chart-row-label" x={n(PAD)} y={n(y0 + 13.0)}>
                            { clip(&format!("{} ({})", b.label, range_text(b)), 54) }
                        </text>
                        { bar(y0 + 19.0, b.at_low, "chart-bar-low") }
                        { bar(y0 + 19.0, b.at_high, "chart-bar-high") }
                    </g>
                }
            }) }
            <line class="chart-base" x1={n(xs.at(base))} x2={n(xs.at(base))} y1={n(top + 14.0)} y2={n(bottom)} />
            { x_axis(x_ticks, bottom, left, right) }
        </>
    };
    let label = format!(
        "{}: {} assumptions, largest swing first; {} with the scenario's own values. Largest: {}, {} at its low value and {} at its high value.",
        p.title,
        bars.len(),
        fmt(base),
        first.label,
        fmt(first.at_low),
        fmt(first.at_high)
    );
    let swatch = |class: &'static str| html! { <rect class={class} x="2" y="2" width="24" height="10" /> };
    let legend = html! {
        <p class="chart-legend">
            { key(swatch("chart-bar-low"), "Assumption at its low value".into()) }
            { key(swatch("chart-bar-high"), "Assumption at its high value".into()) }
            { key(html! { <line class="chart-base" x1="14" x2="14" y1="0" y2="14" /> }, format!("Scenario's own values: {}", fmt(base))) }
        </p>
    };
    let rows = bars
        .iter()
        .map(|b| (b.label.clone(), vec![range_text(b), fmt(b.at_low), fmt(b.at_high), fmt(b.swing)]))
        .collect();
    let tables = table(p.title.to_string(), &["Assumption", "Range tested", "At low", "At high", "Swing"], rows);
    Some(Chart { height, label, svg, legend, tables })
}

/// The sensitivity tornado: per assumption, bars from the scenario's result to the result with the
/// assumption at its low and at its high value; a line marks the scenario's own result.
#[component]
pub fn Tornado(p: &TornadoProps) -> Html {
    figure("chart-tornado", &p.title, tornado(p))
}

// ---------- StackedChart ----------

#[derive(Properties, PartialEq)]
pub struct StackedChartProps {
    pub title: AttrValue,
    /// The layers, bottom first; each one value per month (the mean over runs).
    pub sources: Vec<BenefitSource>,
    pub fmt: Fmt,
    #[prop_or_default]
    pub unit_label: AttrValue,
}

fn stacked_chart(p: &StackedChartProps) -> Option<Chart> {
    let months = p.sources.iter().map(|s| s.mean.len()).max()?;
    if months == 0 {
        return None;
    }
    let value = |s: &BenefitSource, m: usize| s.mean.get(m).copied().filter(|v| v.is_finite()).unwrap_or(0.0);
    // Positive layers stack up from 0, negative ones down from 0, each month.
    let (mut pos, mut neg) = (vec![0.0; months], vec![0.0; months]);
    let mut bounds: Vec<(Vec<f64>, Vec<f64>)> = Vec::new();
    for s in &p.sources {
        let (mut lo, mut hi) = (Vec::with_capacity(months), Vec::with_capacity(months));
        for m in 0..months {
            let v = value(s, m);
            if v >= 0.0 {
                lo.push(pos[m]);
                pos[m] += v;
                hi.push(pos[m]);
            } else {
                hi.push(neg[m]);
                neg[m] += v;
                lo.push(neg[m]);
            }
        }
        bounds.push((lo, hi));
    }
    let (lo, hi) = extent(pos.iter().chain(&neg).copied().chain([0.0]))?;
    let fmt = p.fmt;
    let horizon = months - 1;
    let ax = Axis::new(lo, hi, (None, None), 5.0);
    let (top, height) = (28.0, 252.0);
    let bottom = height - 40.0;
    let left = PAD + ax.label_width(fmt) + 6.0;
    let right = W - 14.0;
    let ys = ax.scale(bottom, top);
    // A column per month, each source a segment of it: a source that changes sign between months stays
    // readable (an area would have to jump across 0).
    let step = (right - left) / (horizon + 1) as f64;
    let col_w = (step * 0.8).max(1.0);
    let x_of = |m: usize| left + step * m as f64 + (step - col_w) / 2.0;
    let xs = Scale { d0: 0.0, d1: horizon as f64, r0: left + step / 2.0, r1: right - step / 2.0 };
    let month_ticks = (0..=horizon).step_by(month_step(horizon)).map(|m| (xs.at(m as f64), m.to_string())).collect();
    let svg = html! {
        <>
            <text class="chart-unit" x={n(PAD)} y="14">{ p.unit_label.clone() }</text>
            { y_grid(&ax.ticks, ys, left, right, fmt) }
            { for bounds.iter().enumerate().map(|(i, (lo, hi))| html! {
                <g class={classes!("chart-layer", Tone::Compare(i as u8).class())}>
                    { for (0..months).filter(|&m| hi[m] != lo[m]).map(|m| html! {
                        <rect x={n(x_of(m))} width={n(col_w)} y={n(ys.at(hi[m]))} height={n((ys.at(lo[m]) - ys.at(hi[m])).max(0.5))} />
                    }) }
                </g>
            }) }
            <line class="chart-base" x1={n(left)} x2={n(right)} y1={n(ys.at(0.0))} y2={n(ys.at(0.0))} />
            { x_axis(month_ticks, bottom, left, right) }
            <text class="chart-unit" x={n((left + right) / 2.0)} y={n(height - 6.0)} text-anchor="middle">{ "Month" }</text>
        </>
    };
    let total = pos[horizon] + neg[horizon];
    let parts: Vec<String> = p
        .sources
        .iter()
        .map(|s| {
            let v = value(s, horizon);
            let share = if total.abs() > 0.0 { format!(" ({:.0} %)", v / total * 100.0) } else { String::new() };
            format!("{} {}{share}", s.label, fmt(v))
        })
        .collect();
    let label = format!("{}: at month {horizon}, {} in all: {}.", p.title, fmt(total), parts.join(", "));
    let legend = html! {
        <p class="chart-legend">
            { for p.sources.iter().enumerate().map(|(i, s)| key(
                html! { <g class={classes!("chart-layer", Tone::Compare(i as u8).class())}><rect x="2" y="1" width="24" height="12" /></g> },
                format!("{}{}", s.label, if i == 0 { " (first from 0)" } else { "" }),
            )) }
            <span class="chart-note">{ "Mean over the runs, cumulative, a column a month: positive parts stack up from 0, negative parts down; together they are the mean cumulative benefit." }</span>
        </p>
    };
    let mut heads: Vec<String> = vec!["Month".into()];
    heads.extend(p.sources.iter().map(|s| s.label.clone()));
    heads.push("Total".into());
    let rows: Vec<(String, Vec<String>)> = table_months(horizon)
        .into_iter()
        .map(|m| {
            let mut cells: Vec<String> = p.sources.iter().map(|s| fmt(value(s, m))).collect();
            cells.push(fmt(pos[m] + neg[m]));
            (m.to_string(), cells)
        })
        .collect();
    let unit = if p.unit_label.is_empty() { String::new() } else { format!(" ({})", p.unit_label) };
    let tables = html! {
        <table class="ratings-table chart-table">
            <caption>{ format!("{}{unit}", p.title) }</caption>
            <thead><tr>{ for heads.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }</tr></thead>
            <tbody>
                { for rows.into_iter().map(|(head, cells)| html! {
                    <tr><th scope="row">{ head }</th>{ for cells.into_iter().map(|c| html! { <td>{ c }</td> }) }</tr>
                }) }
            </tbody>
        </table>
    };
    Some(Chart { height, label, svg, legend, tables })
}

/// Sources stacked over the months (e.g. where the benefit comes from): one filled layer per source.
#[component]
pub fn StackedChart(p: &StackedChartProps) -> Html {
    figure("chart-stacked", &p.title, stacked_chart(p))
}

// ---------- Drivers ----------

#[derive(Properties, PartialEq)]
pub struct DriversProps {
    pub title: AttrValue,
    /// Largest |SRRC| first (as [`crate::domain::sim::global`] returns them).
    pub drivers: Vec<Driver>,
    #[prop_or(10)]
    pub max_bars: usize,
}

/// "50 – 300 customers": the range a driver's runs drew, with its unit (a currency unit is left out).
fn drawn_range(d: &Driver) -> String {
    let unit = Some(d.unit.as_str()).filter(|u| !u.is_empty() && *u != "currency");
    format!("{} – {}{}", num(d.low), num(d.high), unit.map(|u| format!(" {u}")).unwrap_or_default())
}

fn drivers_chart(p: &DriversProps) -> Option<Chart> {
    let bars: Vec<&Driver> = p.drivers.iter().filter(|d| d.srrc.is_finite()).take(p.max_bars).collect();
    let first = *bars.first()?;
    let coef = |v: f64| format!("{v:+.2}");
    let (top, row) = (6.0, 40.0);
    let bottom = top + row * bars.len() as f64;
    let height = bottom + 26.0;
    let (left, right) = (PAD + 14.0, W - PAD - 14.0);
    let xs = Scale { d0: -1.0, d1: 1.0, r0: left, r1: right };
    let zero = xs.at(0.0);
    let svg = html! {
        <>
            { for bars.iter().enumerate().map(|(i, d)| {
                let y0 = top + i as f64 * row;
                let x = xs.at(d.srrc.clamp(-1.0, 1.0));
                let class = if d.srrc >= 0.0 { "chart-bar-high" } else { "chart-bar-low" };
                html! {
                    <g class="chart-row">
                        <text class="chart-row-label" x={n(PAD)} y={n(y0 + 13.0)}>
                            { clip(&format!("{} ({})", d.label, drawn_range(d)), 54) }
                        </text>
                        <rect class={class} x={n(zero.min(x))} width={n((x - zero).abs().max(1.0))} y={n(y0 + 19.0)} height="14" />
                    </g>
                }
            }) }
            { for (0..bars.len()).map(|i| {
                let y0 = top + i as f64 * row;
                html! { <line class="chart-base" x1={n(zero)} x2={n(zero)} y1={n(y0 + 17.0)} y2={n(y0 + 35.0)} /> }
            }) }
            { x_axis([-1.0, -0.5, 0.0, 0.5, 1.0].iter().map(|&t| (xs.at(t), coef(t))).collect(), bottom, left, right) }
        </>
    };
    let label = format!(
        "{}: {} assumptions, strongest first. Strongest: {}, coefficient {} ({} net benefit as it rises).",
        p.title,
        bars.len(),
        first.label,
        coef(first.srrc),
        if first.srrc >= 0.0 { "more" } else { "less" }
    );
    let swatch = |class: &'static str| html! { <rect class={class} x="2" y="2" width="24" height="10" /> };
    let legend = html! {
        <p class="chart-legend">
            { key(swatch("chart-bar-high"), "A higher value raises the net benefit".into()) }
            { key(swatch("chart-bar-low"), "A higher value lowers it".into()) }
        </p>
    };
    let rows = bars
        .iter()
        .map(|d| {
            (d.label.clone(), vec![drawn_range(d), coef(d.srrc), coef(d.spearman), format!("{:.0} %", d.first_order * 100.0)])
        })
        .collect();
    let tables = table(
        p.title.to_string(),
        &["Assumption", "Range drawn", "Rank regression coefficient", "Rank correlation", "Variance explained alone"],
        rows,
    );
    Some(Chart { height, label, svg, legend, tables })
}

/// The global sensitivity: per assumption, its standardised rank regression coefficient for the net
/// benefit (−1 … 1), signed bars from 0.
#[component]
pub fn Drivers(p: &DriversProps) -> Html {
    figure("chart-drivers", &p.title, drivers_chart(p))
}
