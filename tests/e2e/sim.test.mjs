// End-to-end tests of the Simulate pages (#/simulate and #/simulate/<id>) in Debian's Chromium: a scenario
// built from the keyboard, runs in the web workers (progress, cancel, determinism), the sensitivity tornado,
// the comparison on the list page, validation and undo, and axe at 1280 and 360 px.
// Run: DIST=/path/to/dist node --test --test-concurrency=1 sim.test.mjs (DIST defaults to dist/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, until, reload, suite, savedWorkspace } from './harness.mjs';

const WORKSHOPS = 'Workshops for front-line advisors';
const INTERNAL = 'Code breaking, recognition and CRM prompts';
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 740 };

const { withPage, url, browser } = suite();


const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement);
const focusedDesc = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el ? `${el.tagName.toLowerCase()}#${el.id} "${(el.textContent || el.value || '').trim().slice(0, 40)}"` : 'nothing';
});
const selectedLabel = (select) => select.evaluate((s) => (s.selectedIndex < 0 ? null : s.options[s.selectedIndex].text));

/** Presses Tab (or Shift+Tab) until `target` has focus; fails after `max` presses. */
async function tabTo(page, target, max = 80, key = 'Tab') {
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(key);
  }
  if (await isFocused(target)) return;
  assert.fail(`${max} × ${key} did not reach ${target}; focus is on ${await focusedDesc(page)}`);
}

/**
 * Waits (briefly) for `target` to have focus. If it does not, records `what` and where focus is in
 * `problems` and focuses `target` so that the keyboard flow can go on; the caller asserts `problems` at the end.
 */
async function expectFocus(page, target, what, problems) {
  try {
    await until(() => isFocused(target), what, 2000);
  } catch {
    problems.push(`${what}: focus is on ${await focusedDesc(page)}`);
    await target.focus();
  }
}

/** Selects the whole value of the focused field and types `text` (keyboard only). */
async function typeOver(page, text) {
  await page.keyboard.press('Control+a');
  await page.keyboard.type(text);
}

/** The run panel's status line (the only status inside main on a scenario page). */
const runStatus = (page) => page.locator('main').getByRole('status');
const runButton = (page) => page.getByRole('button', { name: /^Run (simulation|again)$/ });
const progressBar = (page) => page.getByRole('progressbar', { name: 'Simulation progress' });
const warnings = (page) => page.getByRole('list', { name: 'Check before running' });
const warningTexts = async (page) => ((await warnings(page).count()) ? warnings(page).getByRole('listitem').allTextContents() : []);
const kpis = (page) => page.locator('.sim-kpis > li');
const kpiTexts = (page) => kpis(page).allInnerTexts();

/** The saved copy of scenario `id` (in IndexedDB), or null. */
const savedScenario = async (page, id) => ((await savedWorkspace(page))?.scenarios || []).find((s) => s.id === id) ?? null;

/**
 * Records, from now on, every text the run status shows and whether a progress bar appeared (with the
 * largest value it reached), so short runs cannot slip between two polls.
 */
async function watchRun(page) {
  await page.evaluate(() => {
    window.__runWatch?.observer.disconnect();
    const panel = document.querySelector('#run-button').closest('.run-panel');
    const w = { statuses: [], progress: false, maxValue: 0, max: 0 };
    const look = () => {
      const s = (panel.querySelector('[role=status]')?.textContent ?? '').trim();
      if (w.statuses.at(-1) !== s) w.statuses.push(s);
      const p = panel.querySelector('progress');
      if (p) {
        w.progress = true;
        w.maxValue = Math.max(w.maxValue, Number(p.value));
        w.max = Number(p.max);
      }
    };
    w.observer = new MutationObserver(look);
    w.observer.observe(panel, { subtree: true, childList: true, characterData: true, attributes: true });
    window.__runWatch = w;
  });
}
const watched = (page) => page.evaluate(() => {
  const { statuses, progress, maxValue, max } = window.__runWatch;
  return { statuses, progress, maxValue, max };
});

const LAST_RUN = (runs) => new RegExp(`^Last run: ${runs} runs in \\d+\\.\\d\\d s on \\d+ workers?\\.`);

/** Clicks Run and waits (up to `ms`) until the status reports a finished run of `runs` runs. */
async function runToEnd(page, runs, ms = 30_000) {
  await watchRun(page);
  await runButton(page).click();
  await until(async () => {
    const w = await watched(page);
    return w.statuses.some((s) => s.startsWith('Simulating')) && LAST_RUN(runs).test((await runStatus(page).textContent()).trim());
  }, `a finished run of ${runs} runs`, ms);
  return watched(page);
}

// ---------------------------------------------------------------------------------------------------------
// 1. A scenario built from the keyboard only; every change shows, the warnings follow, and all of it is saved.

test('keyboard: create a scenario, edit settings, a programme, technology, a lever and an assumption; all persist', async () => {
  await withPage('#/simulate', { viewport: WIDE }, async ({ page, errors }) => {
    const problems = []; // focus failures, reported at the end so that the rest of the flow is still checked
    const create = page.getByRole('button', { name: '+ New scenario' });
    await tabTo(page, create, 40);
    await page.keyboard.press('Enter');
    await until(() => /#\/simulate\/[^/]+$/.test(page.url()), 'the new scenario\'s URL');
    const id = decodeURIComponent(page.url().split('#/simulate/')[1]);
    await page.getByRole('heading', { level: 1, name: 'New scenario', exact: true }).waitFor();

    // Name (Enter commits) and horizon (Tab commits).
    const name = page.getByLabel('Name', { exact: true }).first();
    assert.equal(await name.getAttribute('id'), 'sc-name');
    await tabTo(page, name, 40);
    await typeOver(page, 'Keyboard plan');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Keyboard plan', exact: true }).waitFor();
    const horizon = page.getByLabel('Horizon', { exact: true });
    await tabTo(page, horizon, 5);
    await typeOver(page, '24');
    await page.keyboard.press('Tab');
    await page.getByText(/· 24 months ·/).waitFor();
    assert.equal(await horizon.inputValue(), '24');

    const before = await warningTexts(page);
    assert.ok(before.some((w) => /No costs are entered/.test(w)), `a starter without costs warns about ROI (${JSON.stringify(before)})`);

    // A second programme: focus moves to its Name field; it trains nobody yet.
    const addProgramme = page.getByRole('button', { name: '+ Add programme' });
    await tabTo(page, addProgramme, 120);
    await page.keyboard.press('Enter');
    const prog = page.getByRole('group', { name: 'Programme 2: Programme 2', exact: true });
    await prog.waitFor();
    await expectFocus(page, prog.getByLabel('Name', { exact: true }), '“+ Add programme” moves focus to the new programme\'s Name field', problems);
    await until(async () => (await warningTexts(page)).some((w) => w.includes('“Programme 2” trains nobody yet')), 'the "trains nobody" warning');

    // Method from the keyboard: two steps down from Workshop.
    const method = prog.getByLabel('Method', { exact: true });
    await tabTo(page, method, 5);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await until(async () => (await selectedLabel(method)) === 'Coaching', 'method Coaching');

    // Places per month; the next Tab lands on the first skill.
    const capacity = prog.getByLabel('Places per month', { exact: true });
    await tabTo(page, capacity, 10);
    await typeOver(page, '15');
    await page.keyboard.press('Tab');
    const skills = prog.getByRole('group', { name: /^Skills it teaches/ });
    const firstSkill = skills.getByRole('checkbox', { name: 'Listening and needs discovery', exact: true });
    assert.ok(await isFocused(firstSkill), `Tab from Places per month reaches the first skill (focus: ${await focusedDesc(page)})`);
    await page.keyboard.press('Space');
    await prog.getByRole('group', { name: 'Skills it teaches (1 of 17)', exact: true }).waitFor();
    assert.ok(await isFocused(firstSkill), 'focus stays on the ticked checkbox');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await prog.getByRole('group', { name: 'Skills it teaches (2 of 17)', exact: true }).waitFor();
    assert.ok(await skills.getByRole('checkbox', { name: 'Relationship building', exact: true }).isChecked());
    assert.ok((await warningTexts(page)).some((w) => w.includes('“Programme 2” trains nobody yet')), 'still nobody without a role');

    const roles = prog.getByRole('group', { name: /^Open to roles/ });
    const advisor = roles.getByRole('checkbox', { name: 'Branch service advisor', exact: true });
    await tabTo(page, advisor, 30);
    await page.keyboard.press('Space');
    await prog.getByRole('group', { name: 'Open to roles (1 of 5)', exact: true }).waitFor();
    assert.equal(await capacity.inputValue(), '15');
    await until(async () => !(await warningTexts(page)).some((w) => w.includes('Programme 2')), 'the Programme 2 warning gone');

    // Technology support: focus moves to its Name field.
    const addTech = page.getByRole('button', { name: '+ Add technology support' });
    await tabTo(page, addTech, 120);
    await page.keyboard.press('Enter');
    const tech = page.getByRole('group', { name: 'Technology support 1: Technology support 1', exact: true });
    await tech.waitFor();
    await expectFocus(page, tech.getByLabel('Name', { exact: true }), '“+ Add technology support” moves focus to its Name field', problems);
    await typeOver(page, 'Guided forms');
    await page.keyboard.press('Tab');
    await page.getByRole('group', { name: 'Technology support 1: Guided forms', exact: true }).waitFor();

    // A lever: with it the scenario has costs, so the ROI warning goes.
    const recognition = page.getByLabel('Recognition and rewards', { exact: true });
    await tabTo(page, recognition, 40);
    await typeOver(page, '40');
    await page.keyboard.press('Tab');
    await until(async () => !(await warningTexts(page)).some((w) => /No costs are entered/.test(w)), 'the "No costs" warning gone');
    assert.equal(await recognition.inputValue(), '40');

    // One assumption, in the table behind the Assumptions disclosure.
    const summary = page.getByText(/^Show all \d+ assumptions \(all at their defaults\)$/);
    await tabTo(page, summary, 40);
    await page.keyboard.press('Enter');
    const effect = page.getByLabel("Training effect size on behaviour (Cohen's d) (SD)", { exact: true });
    await effect.waitFor();
    await tabTo(page, effect, 10);
    await typeOver(page, '0.7');
    await page.keyboard.press('Tab');
    await page.getByText(/^Show all \d+ assumptions \(1 changed\)$/).waitFor();
    assert.equal(await effect.inputValue(), '0.7');
    assert.match(await effect.locator('xpath=ancestor::tr').getAttribute('class'), /\bchanged\b/);

    // Saved (autosave is debounced 0.8 s), then everything is back after a reload.
    await until(async () => {
      const s = await savedScenario(page, id);
      return s && s.name === 'Keyboard plan' && s.overrides?.effect_size_d === 0.7 && s.technology?.[0]?.name === 'Guided forms';
    }, 'the scenario saved in the browser', 5000);
    await reload(page);
    await page.getByRole('heading', { level: 1, name: 'Keyboard plan', exact: true }).waitFor();
    assert.equal(await page.getByLabel('Horizon', { exact: true }).inputValue(), '24');
    const prog2 = page.getByRole('group', { name: 'Programme 2: Programme 2', exact: true });
    assert.equal(await selectedLabel(prog2.getByLabel('Method', { exact: true })), 'Coaching');
    assert.equal(await prog2.getByLabel('Places per month', { exact: true }).inputValue(), '15');
    assert.ok(await prog2.getByRole('group', { name: 'Skills it teaches (2 of 17)', exact: true }).isVisible());
    assert.ok(await prog2.getByRole('checkbox', { name: 'Listening and needs discovery', exact: true }).isChecked());
    assert.ok(await prog2.getByRole('checkbox', { name: 'Relationship building', exact: true }).isChecked());
    assert.ok(await prog2.getByRole('group', { name: 'Open to roles (1 of 5)', exact: true }).isVisible());
    assert.ok(await prog2.getByRole('checkbox', { name: 'Branch service advisor', exact: true }).isChecked());
    assert.ok(await page.getByRole('group', { name: 'Technology support 1: Guided forms', exact: true }).isVisible());
    assert.equal(await page.getByLabel('Recognition and rewards', { exact: true }).inputValue(), '40');
    assert.ok(await page.getByText(/^Show all \d+ assumptions \(1 changed\)$/).isVisible(), 'details open with one change');
    assert.equal(await page.getByLabel("Training effect size on behaviour (Cohen's d) (SD)", { exact: true }).inputValue(), '0.7');
    const after = await warningTexts(page);
    assert.ok(!after.some((w) => /Programme 2|No costs/.test(w)), `warnings after reload: ${JSON.stringify(after)}`);
    // And the list page shows it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Simulate' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Keyboard plan', exact: true }) });
    assert.match(await row.textContent(), /2 programmes, 1 technology, levers on; 24 months/);
    assert.deepEqual(errors, []);
    assert.deepEqual(problems, [], 'focus management');
  });
});

// ---------------------------------------------------------------------------------------------------------
// 2. A run: progress while it runs, then the results.

test('run: progress and "Simulating" status, then KPIs, charts, schedule and gap closure', async () => {
  await withPage('#/simulate/sc-workshops', { viewport: WIDE }, async ({ page, errors }) => {
    assert.equal((await runStatus(page).textContent()).trim(), 'Not run yet.');
    assert.equal(await runButton(page).textContent(), 'Run simulation');
    const w = await runToEnd(page, 500);
    assert.ok(w.progress, 'a progress bar appeared');
    assert.ok(w.statuses.some((s) => /^Simulating: [\d,]+ of 500 runs on \d+ workers?$/.test(s)), `statuses seen: ${JSON.stringify(w.statuses)}`);
    assert.equal(w.max, 500, 'progress max is the number of runs');
    assert.equal(await progressBar(page).count(), 0, 'progress bar gone at the end');
    assert.equal(await runButton(page).textContent(), 'Run again');
    assert.ok(await runButton(page).isEnabled());

    const results = page.getByRole('region', { name: 'Results', exact: true });
    await results.waitFor();
    assert.match(await results.textContent(), /500 runs over 36 months/);
    const items = await kpiTexts(page);
    assert.ok(items.length >= 5, `KPI items: ${items.length}`);
    assert.ok(items.every((t) => t.trim().length > 0));
    assert.match(items.join('\n'), /Service quality at month 36/);

    const labels = await results.locator('figure svg[role=img]').evaluateAll((svgs) => svgs.map((s) => s.getAttribute('aria-label') ?? ''));
    assert.ok(labels.length >= 6, `figures with an SVG image: ${labels.length}`);
    assert.ok(labels.every((l) => l.trim().length > 10), `every chart has a text alternative: ${JSON.stringify(labels)}`);
    assert.ok(labels.every((l) => !/NaN|undefined/.test(l)), 'no NaN in chart summaries');
    for (const caption of ['Service quality', 'Starting staff still in post', 'Customer retention', 'People trained so far', 'Return on investment over the runs']) {
      assert.ok(await results.getByRole('figure', { name: caption, exact: true }).isVisible(), `figure "${caption}"`);
    }

    const schedule = page.getByRole('region', { name: 'Training schedule', exact: true }).getByRole('table');
    assert.ok((await schedule.locator('tbody tr').count()) > 0, 'training schedule rows');
    assert.match(await schedule.locator('thead').textContent(), /Service conversations workshops/);
    const closure = page.getByRole('region', { name: 'Gap closure by role and skill', exact: true }).getByRole('table');
    assert.ok((await closure.locator('tbody tr').count()) > 0, 'gap closure rows');
    assert.deepEqual(errors, [], 'console errors');
  });
});

// ---------------------------------------------------------------------------------------------------------
// 3. Cancel a long run: the previous results stay.

test('cancel: a 10,000-run simulation stops, the bar goes, Run is back and the previous results remain', async () => {
  await withPage('#/simulate/sc-workshops', { viewport: WIDE }, async ({ page, errors }) => {
    const runs = page.getByLabel('Monte Carlo runs', { exact: true });
    await runs.selectOption({ label: '100 runs' });
    await page.getByText(/^100 runs · 36 months/).waitFor();
    await runToEnd(page, 100);
    const previous = await kpiTexts(page);
    assert.ok(previous.length > 0);

    await runs.selectOption({ label: '10,000 runs' });
    await page.getByText(/^10,000 runs · 36 months/).waitFor();
    await runButton(page).click();
    await until(async () => Number(await progressBar(page).getAttribute('value')) > 0, 'progress above 0', 15_000);
    assert.ok(await runButton(page).isDisabled(), 'Run is disabled while running');
    assert.match((await runStatus(page).textContent()).trim(), /^Simulating: [\d,]+ of 10,000 runs/);
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();

    await until(async () => /Cancelled/.test(await runStatus(page).textContent()), 'the Cancelled status');
    assert.equal(await progressBar(page).count(), 0, 'progress bar gone');
    assert.equal(await page.getByRole('button', { name: 'Cancel', exact: true }).count(), 0, 'Cancel gone');
    assert.ok(await runButton(page).isEnabled(), 'Run enabled again');
    const focusAfterCancel = (await isFocused(runButton(page))) ? null : await focusedDesc(page);
    const results = page.getByRole('region', { name: 'Results', exact: true });
    assert.match(await results.textContent(), /100 runs over 36 months/, 'the previous results are shown');
    assert.deepEqual(await kpiTexts(page), previous, 'the previous KPIs are unchanged');
    // Nothing finishes later behind our back.
    await page.waitForTimeout(1500);
    assert.match(await runStatus(page).textContent(), /Cancelled/);
    assert.match(await results.textContent(), /100 runs over 36 months/);
    assert.deepEqual(errors, []);
    // Cancel disappears when pressed; the app means to put focus back on Run (focus_id("run-button")).
    assert.equal(focusAfterCancel, null, 'after Cancel, focus is back on the Run button');
  });
});

// ---------------------------------------------------------------------------------------------------------
// 4. The same scenario gives the same results.

test('determinism: Run again gives identical KPIs and chart summaries', async () => {
  await withPage('#/simulate/sc-internal-marketing', { viewport: WIDE }, async ({ page, errors }) => {
    const charts = () => page.getByRole('region', { name: 'Results', exact: true }).locator('figure svg[role=img]')
      .evaluateAll((svgs) => svgs.map((s) => s.getAttribute('aria-label')));
    await runToEnd(page, 500);
    const first = await kpiTexts(page);
    const firstCharts = await charts();
    assert.ok(first.length > 0);
    await runToEnd(page, 500);
    assert.deepEqual(await kpiTexts(page), first);
    assert.deepEqual(await charts(), firstCharts);
    assert.deepEqual(errors, []);
  });
});

// ---------------------------------------------------------------------------------------------------------
// 5. The sensitivity tornado.

test('sensitivity: with 100 runs, "Run sensitivity analysis" draws a tornado with rows', async () => {
  await withPage('#/simulate/sc-internal-marketing', { viewport: WIDE }, async ({ page, errors }) => {
    await page.getByLabel('Monte Carlo runs', { exact: true }).selectOption({ label: '100 runs' });
    await page.getByText(/^100 runs · 36 months/).waitFor();
    await runToEnd(page, 100);
    await watchRun(page);
    await page.getByRole('button', { name: 'Run sensitivity analysis' }).click();
    const tornado = page.getByRole('figure', { name: /when one assumption changes/ });
    await tornado.waitFor({ timeout: 40_000 });
    const w = await watched(page);
    assert.ok(w.statuses.some((s) => /^Sensitivity analysis: \d+ of \d+ points/.test(s)), `statuses seen: ${JSON.stringify(w.statuses)}`);
    const label = await tornado.getByRole('img').getAttribute('aria-label');
    assert.match(label, /\d+ assumptions, largest swing first/);
    assert.doesNotMatch(label, /NaN/);
    const bars = await tornado.locator('svg .chart-row').count();
    assert.ok(bars > 0 && bars <= 12, `tornado bars: ${bars}`);
    await tornado.getByText('Show as table', { exact: true }).click();
    const rows = tornado.getByRole('table').locator('tbody tr');
    assert.ok((await rows.count()) > 0, 'tornado table rows');
    assert.equal(await page.getByRole('button', { name: 'Run sensitivity analysis' }).count(), 0);
    assert.match(await runStatus(page).textContent(), LAST_RUN(100));
    assert.deepEqual(errors, []);
  });
});

// ---------------------------------------------------------------------------------------------------------
// 6. The list page compares scenarios with current results.

test('compare: after running both examples, the list shows their results and a chart with both', async () => {
  await withPage('#/simulate', { viewport: WIDE }, async ({ page, errors }) => {
    assert.equal(await page.getByRole('figure', { name: 'Service quality by scenario' }).count(), 0, 'no chart before any run');
    for (const name of [WORKSHOPS, INTERNAL]) {
      await page.getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
      await runToEnd(page, 500);
      await page.getByRole('main').getByRole('link', { name: 'Simulate', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Simulate reskilling' }).waitFor();
    }
    for (const name of [WORKSHOPS, INTERNAL]) {
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
      const cells = await row.getByRole('cell').allInnerTexts();
      assert.ok(!cells.some((c) => /Not run yet|Out of date|Running/.test(c)), `${name}: ${JSON.stringify(cells)}`);
      assert.match(cells.join(' | '), /vs baseline/, `${name} has a service-quality cell`);
      assert.match(cells.join(' | '), /\d+ %/, `${name} has a retention or ROI cell`);
    }
    const chart = page.getByRole('figure', { name: 'Service quality by scenario', exact: true });
    await chart.waitFor();
    const legend = await chart.locator('.chart-legend').textContent();
    assert.ok(legend.includes(WORKSHOPS), `legend: ${legend}`);
    assert.ok(legend.includes(INTERNAL), `legend: ${legend}`);
    const label = await chart.getByRole('img').getAttribute('aria-label');
    assert.ok(label.includes(WORKSHOPS) && label.includes(INTERNAL), `chart summary names both: ${label}`);
    assert.deepEqual(errors, []);
  });
});

// ---------------------------------------------------------------------------------------------------------
// 7. A refused value shows beside its field and is not saved; Ctrl+Z undoes a scenario edit.

test('a worker that never answers: the run fails after 30 s with a clear message, and Run is back', async () => {
  // The worker's loader is replaced by a script that never starts the worker, as if it had crashed.
  const routes = {
    '**/simworker_loader.js': (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '// never starts\n' }),
  };
  await withPage('#/simulate/sc-workshops', { viewport: WIDE, routes }, async ({ page }) => {
    await page.locator('#run-button').click();
    await page.locator('#run-progress').waitFor();
    const status = page.locator('.run-status');
    await until(async () => /The simulation stopped: the simulation workers stopped answering/.test(await status.textContent()),
      'the silence message', 45_000);
    assert.ok(await page.locator('#run-button').isEnabled(), 'Run is enabled again');
    assert.equal(await page.locator('#run-progress').count(), 0, 'no progress bar');
  });
});

test('validation and undo: horizon 6 is refused with the rule, not saved; Ctrl+Z reverts an edit', async () => {
  await withPage('#/simulate/sc-workshops', { viewport: WIDE }, async ({ page, errors }) => {
    const horizon = page.getByLabel('Horizon', { exact: true });
    assert.equal(await horizon.inputValue(), '36');
    await horizon.focus();
    await typeOver(page, '6');
    await page.keyboard.press('Tab');
    await until(async () => (await horizon.getAttribute('aria-invalid')) === 'true', 'aria-invalid on the horizon');
    const message = page.locator('#sc-horizon-err');
    assert.match(await horizon.getAttribute('aria-describedby'), /\bsc-horizon-err\b/);
    assert.ok(await message.isVisible());
    const text = await message.textContent();
    assert.match(text, /horizon/i);
    assert.match(text, /12 to 60 months/);
    assert.equal(await horizon.inputValue(), '6', 'the draft stays for correction');
    assert.ok(await page.getByRole('button', { name: /Undo/ }).isDisabled(), 'nothing applied');
    assert.ok(await page.getByText(/^500 runs · 36 months/).isVisible());

    await page.waitForTimeout(1000); // longer than the autosave delay
    await reload(page);
    assert.equal(await page.getByLabel('Horizon', { exact: true }).inputValue(), '36');
    assert.equal(await page.getByLabel('Horizon', { exact: true }).getAttribute('aria-invalid'), null);

    // A good edit, then Ctrl+Z with focus outside a text field.
    const h = page.getByLabel('Horizon', { exact: true });
    await h.focus();
    await typeOver(page, '48');
    await page.keyboard.press('Tab');
    await page.getByText(/^500 runs · 48 months/).waitFor();
    await runButton(page).focus();
    await page.keyboard.press('Control+z');
    await page.getByText(/^500 runs · 36 months/).waitFor();
    await until(async () => (await h.inputValue()) === '36', 'the horizon field back at 36');
    await page.keyboard.press('Control+y');
    await page.getByText(/^500 runs · 48 months/).waitFor();
    await page.keyboard.press('Control+z');
    await page.getByText(/^500 runs · 36 months/).waitFor();

    // Undo also brings back a removed programme. Removing it from the keyboard must not drop focus to the
    // page (the app means to move it to the "Reskilling programmes" heading).
    await page.getByRole('button', { name: 'Remove Programme 1: Service conversations workshops' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('No programme yet.').waitFor();
    const focusAfterRemove = await page.evaluate(() => document.querySelector('main').contains(document.activeElement))
      ? null : await focusedDesc(page);
    await runButton(page).focus();
    await page.keyboard.press('Control+z');
    await page.getByRole('group', { name: 'Programme 1: Service conversations workshops' }).waitFor();
    assert.deepEqual(errors, []);
    assert.equal(focusAfterRemove, null, 'after "Remove programme", focus stays inside main');
  });
});

// ---------------------------------------------------------------------------------------------------------
// 8. axe and layout, wide and narrow, with results on screen.

for (const [vpName, viewport] of [['1280 px', WIDE], ['360 px', NARROW]]) {
  test(`axe at ${vpName}: a scenario with results (assumptions and a table open) and the list with a comparison`, async () => {
    await withPage('#/simulate/sc-workshops', { viewport }, async ({ page, errors }) => {
      const overflow = async (where) => {
        if (viewport !== NARROW) return;
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
        }));
        assert.ok(scrollWidth <= clientWidth, `${where}: page is ${scrollWidth} px wide in a ${clientWidth} px viewport`);
      };
      await page.getByLabel('Monte Carlo runs', { exact: true }).selectOption({ label: '200 runs' });
      await page.getByText(/^200 runs · 36 months/).waitFor();
      await runToEnd(page, 200);
      await page.getByText(/^Show all \d+ assumptions/).click();
      await page.getByLabel("Training effect size on behaviour (Cohen's d) (SD)", { exact: true }).waitFor();
      const quality = page.getByRole('figure', { name: 'Service quality', exact: true });
      await quality.getByText('Show as table', { exact: true }).click();
      await quality.getByRole('table').first().waitFor();
      assert.deepEqual(await axe(page), [], 'scenario page with results');
      await overflow('scenario page');

      await page.getByRole('main').getByRole('link', { name: 'Simulate', exact: true }).click();
      await page.getByRole('figure', { name: 'Service quality by scenario', exact: true }).waitFor();
      assert.deepEqual(await axe(page), [], '#/simulate with a comparison');
      await overflow('#/simulate');
      assert.deepEqual(errors, []);
    });
  });
}
