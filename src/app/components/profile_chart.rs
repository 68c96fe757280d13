//! A person's profile chart: per required skill, the required level as a bar and the self, trainer and
//! agreed ratings as distinct marks (shape and colour), so the views are compared, never averaged.
//! The ratings table beside it carries the same data as text.

use yew::prelude::*;

/// One row: skill name, required level, and the latest self, trainer and agreed levels.
pub type ChartRow = (String, u8, Option<u8>, Option<u8>, Option<u8>);

#[derive(Properties, PartialEq)]
pub struct ProfileChartProps {
    pub rows: Vec<ChartRow>,
    pub max: u8,
    pub labels: Vec<String>,
}

/// The chart, as an SVG that scales with its container.
#[component]
pub fn ProfileChart(p: &ProfileChartProps) -> Html {
    let (label_w, plot_w, row_h, top) = (215.0, 300.0, 30.0, 30.0);
    let width = label_w + plot_w + 20.0;
    let height = top + row_h * p.rows.len() as f64 + 10.0;
    let max = p.max.max(1) as f64;
    let x = |l: f64| label_w + l / max * plot_w;
    let below = p.rows.iter().filter(|r| r.4.or(r.3).or(r.2).is_some_and(|l| l < r.1)).count();
    let summary = format!(
        "Profile chart of {} required skills: required level as bars, self, trainer and agreed ratings as marks. {} below the required level on the effective rating. The table below lists the same values.",
        p.rows.len(),
        below
    );
    html! {
        <figure class="profile-chart">
            <svg viewBox={format!("0 0 {width} {height}")} role="img" aria-label={summary} preserveAspectRatio="xMinYMin meet">
                { for (0..=p.max).map(|l| {
                    let xx = x(l as f64);
                    html! {
                        <g>
                            <line x1={xx.to_string()} x2={xx.to_string()} y1={(top - 6.0).to_string()} y2={(height - 8.0).to_string()} class="grid-line" />
                            <text x={xx.to_string()} y={(top - 10.0).to_string()} class="axis" text-anchor="middle">{ l }</text>
                        </g>
                    }
                }) }
                { for p.rows.iter().enumerate().map(|(i, (name, req, s, t, a))| {
                    let y = top + i as f64 * row_h;
                    let cy = y + row_h / 2.0;
                    let short: String = if name.chars().count() > 30 { name.chars().take(29).collect::<String>() + "…" } else { name.clone() };
                    html! {
                        <g>
                            <text x={(label_w - 8.0).to_string()} y={(cy + 4.0).to_string()} class="row-label" text-anchor="end">{ short }</text>
                            <rect x={label_w.to_string()} y={(cy - 9.0).to_string()} width={(x(*req as f64) - label_w).max(0.0).to_string()} height="18" rx="3" class="req-bar" />
                            if let Some(l) = s { <circle cx={x(*l as f64).to_string()} cy={(cy - 8.0).to_string()} r="4" class="mark-self" /> }
                            if let Some(l) = t { <rect x={(x(*l as f64) - 4.0).to_string()} y={(cy - 4.0).to_string()} width="8" height="8" class="mark-trainer" /> }
                            if let Some(l) = a {
                                <path d={format!("M {} {} l 5 5 l -5 5 l -5 -5 z", x(*l as f64), cy + 3.0)} class="mark-agreed" />
                            }
                        </g>
                    }
                }) }
            </svg>
            <figcaption class="chart-legend">
                <span><svg width="22" height="12" aria-hidden="true"><rect x="0" y="1" width="22" height="10" rx="3" class="req-bar" /></svg>{ " Required" }</span>
                <span><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="5" class="mark-self" /></svg>{ " Self" }</span>
                <span><svg width="12" height="12" aria-hidden="true"><rect x="1.5" y="1.5" width="9" height="9" class="mark-trainer" /></svg>{ " Trainer" }</span>
                <span><svg width="14" height="14" aria-hidden="true"><path d="M 7 1 l 6 6 l -6 6 l -6 -6 z" class="mark-agreed" /></svg>{ " Agreed" }</span>
                <span class="muted">{ format!(" Scale 0–{}: {}", p.max, p.labels.join(", ")) }</span>
            </figcaption>
        </figure>
    }
}
