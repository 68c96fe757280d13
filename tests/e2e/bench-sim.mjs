// Simulation benchmark in the browser (a script, not a test): the release app in Debian's Chromium runs the
// reference workload — 1,000 people, 5 roles, 16 skills, 36 months, 1,000 runs, each paired with its baseline
// — in its web workers, as a trainer would: import the workspace, open the scenario, press Run.
//   node tests/e2e/bench-sim.mjs FILE      (FILE: `bench --emit-sim-json FILE`; scripts/bench.sh makes it)
// Serves $DIST when set, else dist/. Prints, for REPEAT runs: the wall time from the click until the results
// are on screen, the time the app itself reports, the number of workers, and the main thread's long tasks
// (a PerformanceObserver for 'longtask', installed before the app loads) during the run.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { serve, launch, open, dist, observeLongTasks } from './harness.mjs';

const WAIT_MS = 120_000;
const REPEAT = 3;
const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  console.error('usage: node tests/e2e/bench-sim.mjs FILE  (FILE written by `bench --emit-sim-json FILE`)');
  process.exit(2);
}
const watchdog = setTimeout(() => {
  console.error('bench-sim: gave up after 10 minutes');
  process.exit(1);
}, 10 * 60_000);
watchdog.unref();


const ws = JSON.parse(fs.readFileSync(file, 'utf8'));
const scenario = ws.scenarios[0];
const server = await serve(process.env.DIST ? path.resolve(process.env.DIST) : dist);
const browser = await launch();
let session;
try {
  session = await open(browser, server.url, '#/data', { init: observeLongTasks });
  const { page, errors } = session;
  page.setDefaultTimeout(WAIT_MS);
  await page.getByLabel('Workspace file to import').setInputFiles(file);
  await page.waitForFunction(() => (document.querySelector('.flash[role="status"]')?.textContent ?? '').includes('Imported'),
    null, { timeout: WAIT_MS, polling: 50 });
  await page.goto(`${server.url}#/simulate/${scenario.id}`);
  await page.getByRole('heading', { name: scenario.name, level: 1 }).waitFor();
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  console.log(`Simulation in Chromium (release build, web workers; navigator.hardwareConcurrency = ${cores}):`);
  console.log(`reference workload: ${ws.roles.reduce((n, r) => n + r.headcount, 0)} people, ${ws.roles.length} roles, ` +
    `${ws.skills.length} skills, ${scenario.horizon_months} months, ${scenario.runs} runs (+ paired baseline)`);
  console.log('run   wall ms   app-reported ms   workers   longest main-thread task ms   tasks > 50 ms');
  const status = page.locator('.run-status');
  for (let i = 1; i <= REPEAT; i++) {
    const before = await status.textContent();
    const t0 = await page.evaluate(() => performance.now());
    const w0 = performance.now();
    await page.locator('#run-button').click();
    await page.waitForFunction((before) => {
      const s = document.querySelector('.run-status')?.textContent ?? '';
      return s.startsWith('Last run:') && s !== before ? s : null;
    }, before, { timeout: WAIT_MS, polling: 'raf' });
    await page.getByRole('heading', { name: 'Training schedule' }).waitFor();
    const wall = performance.now() - w0;
    const text = await status.textContent();
    const m = text.match(/in ([0-9.]+) s on (\d+) worker/);
    await page.waitForTimeout(300);
    const tasks = await page.evaluate(async (t0) => {
      await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 50)));
      return (window.__longtasks || []).filter(([s]) => s >= t0).map(([s, d]) => [s - t0, d]);
    }, t0);
    if (process.env.VERBOSE) console.log('  long tasks [start ms, duration ms]:', JSON.stringify(tasks.map(([s, d]) => [Math.round(s), Math.round(d)])));
    const longest = tasks.reduce((a, [, d]) => Math.max(a, d), 0);
    console.log(`${String(i).padStart(3)}   ${wall.toFixed(0).padStart(7)}   ${(m ? (+m[1] * 1000).toFixed(0) : '?').padStart(15)}   ` +
      `${(m ? m[2] : '?').padStart(7)}   ${longest.toFixed(0).padStart(27)}   ${String(tasks.filter(([, d]) => d > 50).length).padStart(13)}`);
    // Each run starts the same way: change nothing, so "Run again" repeats the identical simulation.
  }
  if (errors.length) console.log('console errors:', errors);
} finally {
  await session?.context.close();
  await browser.close();
  await server.close();
}
