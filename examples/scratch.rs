use skillgap::domain::example::example_workspace;
use skillgap::domain::sim::*;
fn main() {
    let ws = example_workspace();
    let pop = prepare(&ws);
    for sc in &ws.scenarios {
        let plan = Plan::new(&pop, sc);
        let base = plan.baseline(sc);
        let t = std::time::Instant::now();
        let (runs, b) = run_pairs(&plan, &base, 0..sc.runs);
        let el = t.elapsed();
        let s = summarise(&pop, sc, Mode::Total, &runs, &b);
        println!("{} ({} runs, {:?})", sc.name, sc.runs, el);
        for v in [&s.full, &s.conservative] {
            println!("  {:?}: net P50 {:.0} [{:.0}, {:.0}] ROI P50 {:.0}% [{:.0},{:.0}] P(ROI>0) {:.2} payback P50 {:.0} share {:.2} benefit P50 {:.0} cost P50 {:.0}",
                v.view, v.net_benefit.p50, v.net_benefit.p10, v.net_benefit.p90, v.roi.p50, v.roi.p10, v.roi.p90, v.prob_roi_positive, v.payback.p50, v.share_paid_back, v.benefit.p50, v.cost.p50);
        }
        for src in &s.benefit_sources { println!("  source {}: mean at H {:.0}, P50 {:.0}", src.key, src.mean.last().unwrap(), src.at_horizon.p50); }
        let q = &s.series[0]; let bq = &s.baseline_series[0];
        println!("  base q: {:?}", bq.p50.iter().step_by(3).map(|x| (x*10.0).round()/10.0).collect::<Vec<_>>());
        let vac = s.series.iter().find(|f| f.key=="vacancies").unwrap();
        println!("  vacancies: {:?}", vac.p50.iter().step_by(3).collect::<Vec<_>>());
        println!("  quality end P50 {:.2} vs base {:.2}; start {:.2}", q.p50.last().unwrap(), bq.p50.last().unwrap(), q.p50[0]);
        let ec = s.series.iter().find(|f| f.key=="extra_customers").unwrap();
        println!("  extra customers end P50 {:.0} [{:.0},{:.0}]", ec.p50.last().unwrap(), ec.p10.last().unwrap(), ec.p90.last().unwrap());
        if let Some(g) = &s.sensitivity { println!("  {} R2 {:.2}", g.method, g.full.r_squared);
            for d in g.full.drivers.iter().take(8) { println!("    {:<32} srrc {:+.2} S1 {:.2}", d.key, d.srrc, d.first_order); }
            for be in &g.full.break_even { println!("    BE {} {:?} {:?} above={}", be.key, be.crossing, be.value, be.positive_above); }
        }
    }
}
#[allow(dead_code)]
fn unused() {}
