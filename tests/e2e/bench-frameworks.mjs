// Browser benchmark of importing a 10,000-item framework (a script, not a test).
//   node tests/e2e/bench-frameworks.mjs DIR
// DIR holds framework.csv and framework.json, written by `bench --emit-framework-csv DIR/framework.csv
// --emit-framework-json DIR/framework.json` (scripts/bench.sh makes them): the same 10,000-skill library as a
// Moodle competency framework CSV and as a CASE 1.1 package with rubric level texts.
//
// Steps, each on a fresh page: choose the file on the Data page until the plan is on screen, then Import until
// the status area says it was imported. For each: the wall time and the main thread's long tasks (a
// PerformanceObserver for 'longtask', installed before the app loads) from the start of the step until
// SETTLE_MS after its result showed, so the autosave that follows an import counts too.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { serve, launch, open, dist, observeLongTasks } from './harness.mjs';

const WAIT_MS = 180_000;
const SETTLE_MS = 2_000;
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tests/e2e/bench-frameworks.mjs DIR  (DIR with framework.csv and framework.json)');
  process.exit(2);
}
const files = [path.resolve(dir, 'framework.csv'), path.resolve(dir, 'framework.json')];
for (const f of files) {
  if (!fs.existsSync(f)) {
    console.error(`bench-frameworks: missing ${f}`);
    process.exit(2);
  }
}
const watchdog = setTimeout(() => {
  console.error('bench-frameworks: gave up after 15 minutes');
  process.exit(1);
}, 15 * 60_000);
watchdog.unref();

const server = await serve(process.env.DIST ? path.resolve(process.env.DIST) : dist);
const browser = await launch();
const rows = [];
try {
  for (const file of files) {
    const session = await open(browser, server.url, '#/data', { init: observeLongTasks });
    const { page, errors } = session;
    page.setDefaultTimeout(WAIT_MS);
    async function step(name, action) {
      const t0 = await page.evaluate(() => performance.now());
      const w0 = performance.now();
      await action();
      const wall = performance.now() - w0;
      await page.waitForTimeout(SETTLE_MS);
      const tasks = await page.evaluate(async (t0) => {
        await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 50)));
        return (window.__longtasks || []).filter(([s]) => s >= t0).map(([s, d]) => [s - t0, d]);
      }, t0);
      const longest = tasks.reduce((m, [, d]) => Math.max(m, d), 0);
      rows.push({ name, wall, longest, tasks });
    }
    const kB = Math.round(fs.statSync(file).size / 1024).toLocaleString('en');
    const base = path.basename(file);
    await step(`${base} (${kB} kB): choose the file → plan shown`, async () => {
      await page.getByLabel('Framework files').setInputFiles(file, { timeout: WAIT_MS });
      await page.locator('#fw-plan-title').waitFor({ timeout: WAIT_MS });
    });
    await step(`${base}: Import → imported`, async () => {
      await page.getByRole('button', { name: /^Import 10,?000 skills$/ }).click({ timeout: WAIT_MS });
      await page.waitForFunction(() => (document.querySelector('.flash[role="status"]')?.textContent ?? '').includes('Imported'), null, { timeout: WAIT_MS, polling: 50 });
    });
    if (errors.length) throw new Error(`console errors: ${errors.join(' | ')}`);
    await session.context.close();
  }
  console.log(`Framework import benchmark: release build in headless Chromium ${browser.version()}`);
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'step'.padEnd(w)}  ${'wall ms'.padStart(9)}  ${'longest task ms'.padStart(15)}  long tasks (start+duration ms)`);
  for (const r of rows) {
    const list = r.tasks.filter(([, d]) => d > 50).map(([s, d]) => `${Math.round(s)}+${Math.round(d)}`).join(' ');
    console.log(`${r.name.padEnd(w)}  ${r.wall.toFixed(0).padStart(9)}  ${r.longest.toFixed(0).padStart(15)}  ${list}`);
  }
} finally {
  await browser.close();
  await server.close();
}
