// Browser UI benchmark (a script, not a test): times the release app in Debian's Chromium at scale.
//   node tests/e2e/bench-ui.mjs DIR
// DIR holds the files written by `bench --emit-json DIR/workspace.json --emit-json-empty DIR/no-people.json
// --emit-csv DIR/ratings.csv` (scripts/bench.sh makes them). Serves $DIST when set, else dist/.
//
// Steps: import the 2,000 people × 40 skills × 3 sources workspace on the Data page; open the rating grid,
// the gap priorities, the roles × skills heatmap and the people × skills heatmap; one keyboard rating in the
// grid; then load a workspace with the same skills and roles but no people and import the ~100,000-row CSV.
// For each step: the wall time until the result is on screen, and the main thread's long tasks (a
// PerformanceObserver for 'longtask', installed before the app loads) from the start of the step until
// SETTLE_MS after its result showed, so work that follows it (autosave runs 300 ms after an edit) counts.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { serve, launch, open, dist, observeLongTasks } from './harness.mjs';

const WAIT_MS = 120_000;
const SETTLE_MS = 1_500;
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tests/e2e/bench-ui.mjs DIR  (DIR with workspace.json, no-people.json, ratings.csv)');
  process.exit(2);
}
const files = {
  big: path.resolve(dir, 'workspace.json'),
  empty: path.resolve(dir, 'no-people.json'),
  csv: path.resolve(dir, 'ratings.csv'),
};
for (const f of Object.values(files)) {
  if (!fs.existsSync(f)) {
    console.error(`bench-ui: missing ${f}`);
    process.exit(2);
  }
}
const csvRows = fs.readFileSync(files.csv, 'utf8').split('\n').filter((l) => l.trim()).length - 1;
const kB = (f) => Math.round(fs.statSync(f).size / 1024).toLocaleString('en');

// A last resort: whatever hangs, the process ends.
const watchdog = setTimeout(() => {
  console.error('bench-ui: gave up after 15 minutes');
  process.exit(1);
}, 15 * 60_000);
watchdog.unref();


const server = await serve(process.env.DIST ? path.resolve(process.env.DIST) : dist);
const browser = await launch();
const rows = [];
let session;
try {
  session = await open(browser, server.url, '#/data', { init: observeLongTasks });
  const { page, errors } = session;
  page.setDefaultTimeout(WAIT_MS);
  if (!(await page.evaluate(() => Array.isArray(window.__longtasks)))) {
    console.log("note: this Chromium has no 'longtask' entries; long-task columns are empty");
  }

  /** Runs `action` (which resolves once the result is visible) and records its figures under `name`. */
  async function step(name, action) {
    const t0 = await page.evaluate(() => performance.now());
    const w0 = performance.now();
    await action();
    const wall = performance.now() - w0;
    await page.waitForTimeout(SETTLE_MS);
    const tasks = await page.evaluate(async (t0) => {
      // Let the observer deliver entries still queued.
      await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 50)));
      return (window.__longtasks || []).filter(([s]) => s >= t0).map(([s, d]) => [s - t0, d]);
    }, t0);
    const longest = tasks.reduce((m, [, d]) => Math.max(m, d), 0);
    rows.push({ name, wall, longest, count: tasks.filter(([, d]) => d > 50).length, tasks });
  }

  /** Waits until the status area mentions `file` with "Imported", or an import error shows; throws on error. */
  async function imported(file) {
    const base = path.basename(file);
    const outcome = await page.waitForFunction((base) => {
      const s = document.querySelector('.flash[role="status"]')?.textContent ?? '';
      if (s.includes('Imported') && s.includes(base)) return { ok: s };
      const e = document.querySelector('.notice.error');
      if (e) return { error: e.textContent };
      return null;
    }, base, { timeout: WAIT_MS, polling: 50 });
    const v = await outcome.jsonValue();
    if (v.error) throw new Error(`importing ${base} failed: ${v.error.trim()}`);
    return v.ok.trim();
  }
  async function go(nav, label, ready) {
    await page.getByRole('navigation', { name: nav }).getByRole('link', { name: label, exact: true }).click({ timeout: WAIT_MS });
    await ready.waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  const messages = [];
  await step('import workspace JSON (2,000 × 40 × 3)', async () => {
    await page.getByLabel('Workspace file to import').setInputFiles(files.big, { timeout: WAIT_MS });
    messages.push(await imported(files.big));
  });
  const firstCell = page.locator('#rate-0-0');
  await step('open Rate grid (#/rate)', () => go('Main', 'Rate', firstCell));
  await step('open Gaps priorities (#/gaps)', () =>
    go('Main', 'Gaps', page.getByRole('table', { name: 'Skill gaps that matter most' })));
  await step('open roles × skills heatmap (#/gaps/heatmap)', () =>
    go('Gap views', 'Roles × skills', page.locator('table.gap-heat')));
  await step('open people × skills heatmap (#/gaps/people)', () =>
    go('Gap views', 'People × skills', page.locator('table.gap-people')));
  await step('back to Rate grid (#/rate)', () => go('Main', 'Rate', firstCell));

  // The first cell of the first page that the person's role requires, and a level it does not hold yet.
  const cell = await page.evaluate(() => {
    for (const b of document.querySelectorAll('button.rate-cell[id^="rate-"]')) {
      const name = b.querySelector('.sr-only')?.textContent ?? '';
      if (!name.includes('not in this person')) return { id: b.id, name };
    }
    return null;
  });
  if (!cell) throw new Error('no rateable cell on the first page of the grid');
  const digit = /: 3 /.test(cell.name) ? '2' : '3';
  const target = page.locator(`#${cell.id}`);
  await target.focus({ timeout: WAIT_MS });
  await step(`keyboard rating (press "${digit}" in the grid)`, async () => {
    await page.keyboard.press(digit);
    await page.waitForFunction(({ id, before }) => {
      const n = document.getElementById(id)?.querySelector('.sr-only')?.textContent;
      return n != null && n !== before;
    }, { id: cell.id, before: cell.name }, { timeout: WAIT_MS, polling: 'raf' });
  });

  await go('Main', 'Data', page.getByLabel('Workspace file to import'));
  await step('load the no-people workspace JSON', async () => {
    await page.getByLabel('Workspace file to import').setInputFiles(files.empty, { timeout: WAIT_MS });
    messages.push(await imported(files.empty));
  });
  await step(`import CSV (${csvRows.toLocaleString('en')} rating rows)`, async () => {
    await page.getByLabel('CSV file of people and ratings to import').setInputFiles(files.csv, { timeout: WAIT_MS });
    messages.push(await imported(files.csv));
  });

  // ----- report -----
  console.log(`Browser UI benchmark: release build in headless Chromium ${browser.version()}, viewport 1280 × 900`);
  console.log(`Files: ${path.basename(files.big)} ${kB(files.big)} kB, ${path.basename(files.csv)} ${kB(files.csv)} kB (${csvRows.toLocaleString('en')} rows), ${path.basename(files.empty)} ${kB(files.empty)} kB`);
  console.log(`Wall: from the action until its result is visible. Long tasks: main-thread tasks over 50 ms from the action until ${SETTLE_MS} ms after the result showed.`);
  const w = Math.max(4, ...rows.map((r) => r.name.length));
  const line = (a, b, c, d) => console.log(`${a.padEnd(w)}  ${b.padStart(10)}  ${c.padStart(18)}  ${d.padStart(15)}`);
  line('step', 'wall ms', 'longest task ms', 'tasks > 50 ms');
  for (const r of rows) line(r.name, r.wall.toFixed(0), r.longest ? r.longest.toFixed(0) : '–', String(r.count));
  console.log('Long tasks per step (start after the action + duration, ms):');
  for (const r of rows) {
    if (r.tasks.length) console.log(`  ${r.name}: ${r.tasks.map(([s, d]) => `+${s.toFixed(0)}:${d.toFixed(0)}`).join(', ')}`);
  }
  for (const m of messages) console.log(`Status: ${m}`);
  const notices = await page.locator('.notices [role="alert"]').allTextContents();
  for (const n of notices) console.log(`Notice: ${n.trim()}`);
  if (errors.length) console.log(`Page errors: ${errors.join(' | ')}`);
} catch (e) {
  for (const r of rows) console.error(`${r.name}: ${r.wall.toFixed(0)} ms, longest task ${r.longest.toFixed(0)} ms`);
  console.error(`bench-ui: ${e.stack || e}`);
  process.exitCode = 1;
} finally {
  await session?.context.close().catch(() => {});
  await browser.close().catch(() => {});
  await server.close();
}
