#!/usr/bin/env bash
# Times the simulation kernel of this checkout against an earlier commit's, on the reference workload (1,000
# people, 5 roles, 16 skills, 36 months, 1,000 runs, each paired with its baseline), one thread, both built
# with the `worker` profile, run alternately so that drift of the machine's speed hits both alike.
#   scripts/kernel-vs.sh COMMIT [ROUNDS]      (default: 8355b53, the first model; 5 rounds)
# The earlier commit is exported to a temporary folder and built in OLD_TARGET (default /tmp/skillgap-old-target)
# with an example that calls the first model's API (Plan::new for scenario and baseline, summarise(pop, runs,
# baseline)): it suits commits from before simulation v2. Prints each round and the medians and their ratio.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
commit="${1:-8355b53}"
rounds="${2:-5}"
old_target="${OLD_TARGET:-/tmp/skillgap-old-target}"
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
git -C "$here" archive "$commit" | tar -x -C "$src"
mkdir -p "$src/examples"
cat >"$src/examples/kernel.rs" <<'RS'
use skillgap::domain::sim::*;
use skillgap::domain::synth;
fn main() {
    let (ws, sc) = synth::reference_simulation();
    let pop = prepare(&ws);
    let plan = Plan::new(&pop, &sc);
    let base = Plan::new(&pop, &sc.baseline());
    let t = std::time::Instant::now();
    let (r, b) = run_pairs(&plan, &base, 0..sc.runs);
    std::hint::black_box(summarise(&pop, &r, &b));
    println!("kernel_ms {:.1}", t.elapsed().as_secs_f64() * 1000.0);
}
RS
echo "Building $commit and this checkout (--profile worker)…" >&2
CARGO_TARGET_DIR="$old_target" cargo build --quiet --profile worker --example kernel --manifest-path "$src/Cargo.toml"
(cd "$here" && cargo build --quiet --profile worker --example kernel)
new_bin="${CARGO_TARGET_DIR:-$here/target}/worker/examples/kernel"
old_bin="$old_target/worker/examples/kernel"
ms() { "$1" | awk '/^kernel_ms/ { print $2 }'; }
"$old_bin" >/dev/null; "$new_bin" >/dev/null # warm-up
olds=(); news=()
for i in $(seq 1 "$rounds"); do
  o=$(ms "$old_bin"); n=$(ms "$new_bin")
  olds+=("$o"); news+=("$n")
  echo "round $i: $commit ${o} ms, this checkout ${n} ms, ratio $(awk -v a="$n" -v b="$o" 'BEGIN { printf "%.2f", a / b }')"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mo=$(median "${olds[@]}"); mn=$(median "${news[@]}")
echo "median: $commit ${mo} ms, this checkout ${mn} ms, ratio new/old $(awk -v a="$mn" -v b="$mo" 'BEGIN { printf "%.2f", a / b }')"
