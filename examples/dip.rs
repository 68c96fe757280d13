use skillgap::domain::example::example_workspace;
use skillgap::domain::sim::*;
fn main() {
    let ws = example_workspace();
    let pop = prepare(&ws);
    for pins in [vec![], vec![("new_hire_gap_levels", 0.0)], vec![("turnover_scale", 0.0)], vec![("replacement_delay_months", 0.0)], vec![("understaffing_impact", 0.0)], vec![("replacement_delay_months", 0.0),("new_hire_gap_levels", 0.0)]] {
        let mut sc = ws.scenarios[0].baseline();
        sc.runs = 200;
        for (k, v) in &pins { sc.overrides.insert(k.to_string(), *v); }
        let runs = simulate_with(&pop, &sc, Mode::Central, 0..200);
        let mean = |m: usize| runs.iter().map(|r| r.quality[m]).sum::<f64>() / runs.len() as f64;
        println!("{:?}: {:?}", pins, [0,1,2,3,6,12,24,36].iter().map(|&m| (mean(m)*100.0).round()/100.0).collect::<Vec<_>>());
    }
}
