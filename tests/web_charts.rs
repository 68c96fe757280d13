//! The simulation charts in headless Chromium (wasm-bindgen-test): each rendered from a real simulation of
//! the example workspace, and from edge cases (no data, one month, flat, negative and non-finite values).
//! Run by `cargo test --target wasm32-unknown-unknown --test web_charts`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use skillgap::app::components::charts::*;
use skillgap::domain::example::example_workspace;
use skillgap::domain::sim::{
    one_at_a_time, prepare, run_pairs, summarise, Distribution, Fan, Mode, Plan, Population, Scenario, Summary,
};
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn one(v: f64) -> String {
    format!("{v:.1}")
}

fn whole(v: f64) -> String {
    format!("{v:.0}")
}

/// Renders `props` of component `C` into a fresh element and waits for it.
async fn render<C>(props: C::Properties) -> Element
where
    C: BaseComponent,
{
    let doc = gloo::utils::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    for _ in 0..3 {
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    root
}

fn count(root: &Element, sel: &str) -> u32 {
    root.query_selector_all(sel).unwrap().length()
}

fn all(root: &Element, sel: &str) -> Vec<Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length()).map(|i| wasm_bindgen::JsCast::unchecked_into(list.item(i).unwrap())).collect()
}

fn text(root: &Element, sel: &str) -> String {
    root.query_selector(sel).unwrap().unwrap_or_else(|| panic!("no {sel}")).text_content().unwrap_or_default()
}

/// The svg is one image with a summary, and no drawn coordinate is NaN, infinite or a negative size.
fn assert_image(root: &Element) -> String {
    let svg = root.query_selector("figure > svg[role=img]").unwrap().expect("an svg image");
    assert!(svg.get_attribute("viewBox").is_some() && svg.get_attribute("width").is_none());
    for el in all(&svg, "*") {
        for a in ["d", "x", "y", "x1", "x2", "y1", "y2", "width", "height"] {
            if let Some(v) = el.get_attribute(a) {
                assert!(!v.contains("NaN") && !v.contains("inf"), "{a}={v}");
                if a == "width" || a == "height" {
                    assert!(v.parse::<f64>().unwrap() >= 0.0, "{a}={v}");
                }
            }
        }
    }
    let label = svg.get_attribute("aria-label").unwrap_or_default();
    assert!(!label.trim().is_empty());
    assert!(!label.contains("NaN"));
    label
}

/// The table rows (body rows) of each table behind "Show as table".
fn table_rows(root: &Element) -> Vec<u32> {
    assert_eq!(text(root, "details > summary"), "Show as table");
    all(root, "details table").iter().map(|t| count(t, "tbody tr")).collect()
}

fn assert_no_data(root: &Element) {
    assert_eq!(text(root, ".chart-empty"), "No data");
    assert_eq!(count(root, "svg"), 0);
}

fn example() -> (Population, Scenario, Summary) {
    let ws = example_workspace();
    let pop = prepare(&ws);
    let scenario = Scenario { horizon_months: 12, runs: 12, ..ws.scenarios[0].clone() };
    let plan = Plan::new(&pop, &scenario);
    let (runs, base) = run_pairs(&plan, &plan.baseline(&scenario), 0..12);
    let summary = summarise(&pop, &scenario, Mode::Total, &runs, &base);
    (pop, scenario, summary)
}

fn fan(values: &[f64]) -> Fan {
    Fan {
        key: "k".into(),
        label: "K".into(),
        p10: values.iter().map(|v| v - 1.0).collect(),
        p50: values.to_vec(),
        p90: values.iter().map(|v| v + 1.0).collect(),
    }
}

fn fan_props(fans: Vec<(Fan, Tone)>) -> FanChartProps {
    FanChartProps {
        title: "Service quality".into(),
        fans: fans.into_iter().map(|(fan, tone)| FanLine { fan, tone, name: format!("{tone:?}").into() }).collect(),
        fmt: one,
        y_min: None,
        y_max: None,
        unit_label: "points".into(),
    }
}

#[wasm_bindgen_test]
async fn fan_chart_of_a_simulation() {
    let (_, _, s) = example();
    let props = fan_props(vec![(s.series[0].clone(), Tone::Scenario), (s.baseline_series[0].clone(), Tone::Baseline)]);
    let root = render::<FanChart>(props).await;
    assert_eq!(text(&root, "figure > figcaption"), "Service quality");
    let label = assert_image(&root);
    assert!(label.starts_with("Service quality. Scenario: median "), "{label}");
    assert!(label.contains("at month 12") && label.contains("Baseline: median"), "{label}");
    // A band and a median line per fan; the baseline's line is the dashed one.
    for sel in ["path.chart-band", "path.chart-line"] {
        assert_eq!(count(&root, sel), 2, "{sel}");
        assert!(all(&root, sel).iter().all(|p| p.get_attribute("d").is_some_and(|d| d.starts_with('M'))));
    }
    assert_eq!(count(&root, "path.chart-line.chart-tone-baseline"), 1);
    assert!(text(&root, ".chart-legend").contains("Baseline (dashed)"));
    // Month ticks 0, 3, …, 12, and a table per fan with those months.
    let ticks: Vec<String> = all(&root, "text.chart-tick").iter().filter_map(|t| t.text_content()).collect();
    assert!(["0", "3", "6", "9", "12"].iter().all(|m| ticks.iter().any(|t| t == m)), "{ticks:?}");
    assert_eq!(table_rows(&root), [5, 5]);
    let heads: Vec<String> = all(&root, "details table:first-of-type tbody th[scope=row]")
        .iter()
        .filter_map(|t| t.text_content())
        .collect();
    assert_eq!(heads, ["0", "3", "6", "9", "12"]);
    assert_eq!(count(&root, "details table thead th[scope=col]"), 8);
    assert_eq!(count(&root, "details table caption"), 2);
}

#[wasm_bindgen_test]
async fn histogram_of_the_roi() {
    let (_, _, s) = example();
    let dist = s.full.roi.clone();
    assert!(dist.n > 0);
    let props = HistogramProps { title: "Return on investment".into(), dist: dist.clone(), fmt: whole, zero_line: true };
    let root = render::<Histogram>(props).await;
    let label = assert_image(&root);
    assert!(label.contains(&format!("{} runs", dist.n)) && label.contains("P(> 0) = "), "{label}");
    let bins_used = dist.histogram.iter().filter(|&&c| c > 0).count() as u32;
    assert_eq!(count(&root, "rect.chart-bar"), bins_used + 1); // + the legend swatch
    assert_eq!(count(&root, "svg[role=img] line.chart-zero"), 1);
    assert_eq!(count(&root, "svg[role=img] line.chart-median"), 1);
    let stats = text(&root, ".chart-stats");
    assert!(stats.contains(&format!("P50 {}", whole(dist.p50))), "{stats}");
    assert!(stats.contains(&format!("P(> 0) = {:.0} %", dist.prob_positive * 100.0)), "{stats}");
    assert_eq!(table_rows(&root), [20]);
}

#[wasm_bindgen_test]
async fn tornado_of_the_sensitivity() {
    let (pop, scenario, s) = example();
    let keys: Vec<String> = s.sensitivity.unwrap().full.drivers.iter().take(8).map(|d| d.key.clone()).collect();
    let bars = one_at_a_time(&pop, &scenario, &keys, 0..2);
    assert!(bars.len() > 5);
    let props = TornadoProps { title: "What moves the net benefit".into(), bars: bars.clone(), fmt: whole, max_bars: 5 };
    let root = render::<Tornado>(props).await;
    let label = assert_image(&root);
    assert!(label.contains(&bars[0].label), "{label}");
    assert_eq!(count(&root, "g.chart-row"), 5);
    assert_eq!(count(&root, "svg[role=img] rect.chart-bar-low"), 5);
    assert_eq!(count(&root, "svg[role=img] rect.chart-bar-high"), 5);
    assert_eq!(count(&root, "svg[role=img] line.chart-base"), 1);
    assert_eq!(table_rows(&root), [5]);
    let first: Vec<String> = all(&root, "details tbody tr:first-child > *").iter().filter_map(|c| c.text_content()).collect();
    assert_eq!(first[0], bars[0].label);
    assert_eq!(first[2..], [whole(bars[0].at_low), whole(bars[0].at_high), whole(bars[0].swing)]);
}

#[wasm_bindgen_test]
async fn stacked_chart_of_the_benefit_sources() {
    let (_, _, s) = example();
    let sources = s.benefit_sources.clone();
    assert_eq!(sources.len(), 2);
    let props = StackedChartProps { title: "Benefit by source".into(), sources: sources.clone(), fmt: whole, unit_label: "AUD".into() };
    let root = render::<StackedChart>(props).await;
    let label = assert_image(&root);
    let total: f64 = sources.iter().map(|b| *b.mean.last().unwrap()).sum();
    assert!(label.starts_with(&format!("Benefit by source: at month 12, {} in all: ", whole(total))), "{label}");
    assert!(label.contains(&sources[0].label) && label.contains(&sources[1].label), "{label}");
    // A layer per source, a column segment for every month the source is not 0.
    assert_eq!(count(&root, "svg[role=img] g.chart-layer"), 2);
    let layers = all(&root, "svg[role=img] g.chart-layer");
    for (layer, b) in layers.iter().zip(&sources) {
        let want = b.mean.iter().filter(|&&v| v != 0.0).count() as u32;
        assert_eq!(count(layer, "rect"), want, "{}", b.label);
    }
    assert!(!root.inner_html().contains("NaN"));
    // The table: months 0, 3, …, 12 with a column per source and the total.
    assert_eq!(table_rows(&root), [5]);
    assert_eq!(count(&root, "details table thead th[scope=col]"), 4);
    let last: Vec<String> = all(&root, "details tbody tr:last-child > *").iter().filter_map(|c| c.text_content()).collect();
    assert_eq!(last[0], "12");
    assert_eq!(last[3], whole(total));
}

#[wasm_bindgen_test]
async fn drivers_of_the_global_sensitivity() {
    let (_, _, s) = example();
    let drivers = s.sensitivity.unwrap().full.drivers;
    assert!(drivers.len() > 5);
    let props = DriversProps { title: "Drivers".into(), drivers: drivers.clone(), max_bars: 6 };
    let root = render::<Drivers>(props).await;
    let label = assert_image(&root);
    assert!(label.contains(&drivers[0].label) && label.contains(&format!("{:+.2}", drivers[0].srrc)), "{label}");
    assert_eq!(count(&root, "g.chart-row"), 6);
    let up = drivers.iter().take(6).filter(|d| d.srrc >= 0.0).count() as u32;
    assert_eq!(count(&root, "g.chart-row rect.chart-bar-high"), up);
    assert_eq!(count(&root, "g.chart-row rect.chart-bar-low"), 6 - up);
    assert_eq!(table_rows(&root), [6]);
    let first: Vec<String> = all(&root, "details tbody tr:first-child > *").iter().filter_map(|c| c.text_content()).collect();
    assert_eq!((first[0].as_str(), first[2].clone()), (drivers[0].label.as_str(), format!("{:+.2}", drivers[0].srrc)));
}

#[wasm_bindgen_test]
async fn charts_without_data_say_so() {
    assert_no_data(&render::<FanChart>(fan_props(Vec::new())).await);
    assert_no_data(&render::<FanChart>(fan_props(vec![(fan(&[]), Tone::Scenario)])).await);
    assert_no_data(&render::<FanChart>(fan_props(vec![(fan(&[f64::NAN, f64::INFINITY]), Tone::Scenario)])).await);
    let hist = |dist: Distribution| HistogramProps { title: "ROI".into(), dist, fmt: whole, zero_line: true };
    assert_no_data(&render::<Histogram>(hist(Distribution::default())).await);
    let tornado = |bars| TornadoProps { title: "T".into(), bars, fmt: whole, max_bars: 3 };
    assert_no_data(&render::<Tornado>(tornado(Vec::new())).await);
    assert_no_data(&render::<StackedChart>(StackedChartProps { title: "S".into(), sources: Vec::new(), fmt: whole, unit_label: "".into() }).await);
    assert_no_data(&render::<Drivers>(DriversProps { title: "D".into(), drivers: Vec::new(), max_bars: 3 }).await);
}

#[wasm_bindgen_test]
async fn edge_cases_draw_without_nan() {
    // One month, flat values.
    let root = render::<FanChart>(fan_props(vec![(fan(&[5.0]), Tone::Scenario)])).await;
    assert!(assert_image(&root).contains("median 5.0 at month 0"));
    assert_eq!(table_rows(&root), [1]);
    // All equal over the months, with a fixed range; negative values; a gap of non-finite values.
    let mut gappy = fan(&[-3.0, -2.0, f64::NAN, f64::NEG_INFINITY, -1.0, 0.5, 2.0]);
    gappy.p10[5] = f64::INFINITY;
    let mut props = fan_props(vec![(fan(&[7.0; 13]), Tone::Compare(2)), (gappy, Tone::Baseline)]);
    (props.y_min, props.y_max) = (Some(-5.0), Some(10.0));
    let root = render::<FanChart>(props).await;
    let label = assert_image(&root);
    assert!(label.contains("Compare(2): median 7.0 at month 0 unchanged to 7.0 at month 12"), "{label}");
    assert!(label.contains("Baseline: median -3.0 at month 0 rising to 2.0 at month 6"), "{label}");
    let d = |sel: &str| root.query_selector(sel).unwrap().unwrap().get_attribute("d").unwrap();
    assert_eq!(d("path.chart-line.chart-tone-baseline").matches('M').count(), 2);
    assert_eq!(d("path.chart-band.chart-tone-baseline").matches('M').count(), 3);
    assert_eq!(table_rows(&root), [5, 5]);
    // A flat distribution; a negative one without a zero line.
    let flat = Distribution::of(vec![2.0; 5]);
    let root = render::<Histogram>(HistogramProps { title: "Flat".into(), dist: flat, fmt: one, zero_line: true }).await;
    assert_image(&root);
    assert_eq!(count(&root, "svg[role=img] rect.chart-bar"), 1);
    let neg = Distribution::of(vec![-50.0, -20.0, -10.0, -5.0]);
    let root = render::<Histogram>(HistogramProps { title: "Neg".into(), dist: neg, fmt: whole, zero_line: false }).await;
    assert!(assert_image(&root).contains("P(> 0) = 0 %"));
    assert_eq!(count(&root, "line.chart-zero"), 0);
    // Tornado: a non-finite bar is skipped, a bar with no swing draws nothing wide.
    let bar = |key: &str, at_low: f64, at_high: f64| skillgap::domain::sim::TornadoBar {
        key: key.into(),
        label: key.into(),
        low: 0.1,
        high: 0.2,
        at_low,
        at_high,
        base: 0.0,
        swing: (at_high - at_low).abs(),
    };
    let bars = vec![bar("a", f64::NAN, 5.0), bar("b", -10.0, 20.0), bar("c", 0.0, 0.0)];
    let root = render::<Tornado>(TornadoProps { title: "T".into(), bars, fmt: whole, max_bars: 5 }).await;
    assert_image(&root);
    assert_eq!(count(&root, "g.chart-row"), 2);
    assert_eq!(table_rows(&root), [2]);
}
