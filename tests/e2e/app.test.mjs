// End-to-end tests of the built Skillgap app (dist/) in Debian's Chromium. One browser for the file; every
// test opens its own context (fresh localStorage) through the harness. Run: node --test --test-concurrency=1 ./
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { axe, until, reload, suite } from './harness.mjs';

const EXAMPLE_NAME = 'Example — Harbour Bank retail service (example data)';
const LISTENING = 'Listening and needs discovery';
const ADVISOR = 'Branch service advisor';
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 740 };

// A page that embeds the app in a 360 px iframe, served from the same origin as the app.
const HOST_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host page</title><link rel="icon" href="data:,"></head>
<body style="margin:0"><iframe src="/#/profiles" title="Skillgap" width="360" height="640" style="border:0"></iframe></body></html>`;

const { withPage, url, browser } = suite({
    '/host.html': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(HOST_HTML);
    },
  });


const activeId = (page) => page.evaluate(() => document.activeElement?.id ?? null);
const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement);
const selectedLabel = (select) => select.evaluate((s) => (s.selectedIndex < 0 ? null : s.options[s.selectedIndex].text));

/** Waits until `select` shows the option labelled `label`; on timeout reports what it shows. */
async function expectSelected(select, label, what = 'select') {
  let seen;
  await until(async () => (seen = await selectedLabel(select)) === label, `${what} showing "${label}"`).catch((e) => {
    assert.fail(`${what} should show "${label}" but shows "${seen}"`);
  });
}


/** Visible alerts whose text matches `text`. */
const alert = (page, text) => page.getByRole('alert').filter({ hasText: text });

/** The matrix cell button of `skill` × `role`, by its accessible name. */
const cell = (page, skill, role, state) =>
  page.getByRole('button', { name: `${skill} for ${role}: ${state}`, exact: true });

// ---------------------------------------------------------------------------------------------------------
// 1. Every page renders its h1, logs no console error and passes axe, wide and narrow.

const PAGES = [
  ['overview', '#/', EXAMPLE_NAME],
  ['skill library', '#/skills', 'Skill library'],
  ['one skill', '#/skills/s-listening', 'Skill library', LISTENING],
  ['roles', '#/roles', 'Roles'],
  ['one role', '#/roles/r-branch-advisor', 'Roles', ADVISOR],
  ['role profiles', '#/profiles', 'Role profiles'],
  ['data', '#/data', 'Data'],
  ['not found', '#/nope', 'Page not found'],
];

for (const [vpName, viewport] of [['1280 px', WIDE], ['360 px', NARROW]]) {
  for (const [name, hash, h1, h2] of PAGES) {
    test(`page ${name} (${hash}) at ${vpName}: h1, no console errors, no axe violations`, async () => {
      await withPage(hash, { viewport }, async ({ page, errors }) => {
        const headings = page.getByRole('heading', { level: 1 });
        assert.equal(await headings.count(), 1, 'exactly one h1');
        assert.equal((await headings.textContent()).trim(), h1);
        assert.ok(await headings.isVisible(), 'h1 visible');
        if (h2) assert.ok(await page.getByRole('heading', { level: 2, name: h2, exact: true }).isVisible(), `h2 "${h2}" visible`);
        assert.deepEqual(await axe(page), []);
        assert.deepEqual(errors, [], 'console errors');
      });
    });
  }
}

for (const [name, hash] of PAGES) {
  test(`page ${name} (${hash}) at 360 px: no horizontal page overflow`, async () => {
    await withPage(hash, { viewport: NARROW }, async ({ page }) => {
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
      }));
      assert.ok(scrollWidth <= clientWidth, `page is ${scrollWidth} px wide in a ${clientWidth} px viewport`);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// 2. The role profile matrix, driven from the keyboard.

test('matrix: arrows move focus, digit / minus / Delete edit, Ctrl+Z undoes, edits persist', async () => {
  await withPage('#/profiles', { viewport: WIDE }, async ({ page, errors }) => {
    const first = cell(page, LISTENING, ADVISOR, 'level 3 Proficient, importance 5 Critical');
    assert.equal(await first.getAttribute('tabindex'), '0', 'the first cell is the one tab stop of the grid');
    await first.focus();
    assert.equal(await activeId(page), 'cell-0-0');

    await page.keyboard.press('ArrowRight');
    await until(async () => (await activeId(page)) === 'cell-0-1', 'focus on cell-0-1 after ArrowRight');
    await page.keyboard.press('ArrowDown');
    await until(async () => (await activeId(page)) === 'cell-1-1', 'focus on cell-1-1 after ArrowDown');
    assert.equal(await page.locator('#cell-1-1').getAttribute('tabindex'), '0', 'roving tabindex follows focus');
    assert.equal(await page.locator('#cell-0-0').getAttribute('tabindex'), '-1');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    await until(async () => (await activeId(page)) === 'cell-0-0', 'focus back on cell-0-0');

    const panel = page.getByRole('complementary', { name: 'Selected cell' });
    const level = panel.getByLabel('Required level', { exact: true });
    assert.equal(await selectedLabel(level), '3 – Proficient');

    // Digit: set the level, keeping the importance.
    await page.keyboard.press('1');
    const level1 = cell(page, LISTENING, ADVISOR, 'level 1 Aware, importance 5 Critical');
    await level1.waitFor();
    assert.ok(await isFocused(level1), 'focus stays on the edited cell');
    await expectSelected(level, '1 – Aware', 'Selected cell: Required level');
    assert.equal(await selectedLabel(panel.getByLabel('Importance', { exact: true })), '5 – Critical');

    // Minus: lower the importance.
    await page.keyboard.press('-');
    const imp4 = cell(page, LISTENING, ADVISOR, 'level 1 Aware, importance 4 Very important');
    await imp4.waitFor();
    assert.ok(await isFocused(imp4));
    await expectSelected(panel.getByLabel('Importance', { exact: true }), '4 – Very important', 'Selected cell: Importance');

    // Delete: not required.
    await page.keyboard.press('Delete');
    const none = cell(page, LISTENING, ADVISOR, 'not required');
    await none.waitFor();
    assert.ok(await isFocused(none));
    await expectSelected(level, 'Not required', 'Selected cell: Required level');
    assert.equal(await panel.getByLabel('Importance', { exact: true }).count(), 0, 'no importance for a cell that is not required');

    // Ctrl+Z with focus on the cell undoes the three edits one by one.
    await page.keyboard.press('Control+z');
    await imp4.waitFor();
    await page.keyboard.press('Control+z');
    await level1.waitFor();
    await page.keyboard.press('Control+z');
    await first.waitFor();
    assert.ok(await isFocused(first), 'focus still on the cell after undo');
    await expectSelected(level, '3 – Proficient', 'Selected cell: Required level after undo');
    assert.ok(await page.getByRole('button', { name: /Undo/ }).isDisabled(), 'nothing left to undo');

    // Ctrl+Y redoes.
    await page.keyboard.press('Control+y');
    await level1.waitFor();

    // A further edit elsewhere, then reload: both persisted by autosave.
    await page.keyboard.press('ArrowDown');
    await until(async () => (await activeId(page)) === 'cell-1-0', 'focus on cell-1-0');
    await page.keyboard.press('4');
    const rel4 = cell(page, 'Relationship building', ADVISOR, 'level 4 Expert – can coach, importance 3 Important');
    await rel4.waitFor();

    await reload(page);
    await level1.waitFor();
    await rel4.waitFor();
    assert.equal(await selectedLabel(page.getByRole('complementary', { name: 'Selected cell' }).getByLabel('Required level', { exact: true })),
      '1 – Aware', 'panel after reload (cursor back on the first cell)');
    assert.deepEqual(errors, [], 'no console errors while editing the matrix and using Ctrl+Z / Ctrl+Y');
  });
});

test('matrix: a level off the scale is ignored, and importance cannot go below 1 or above 5', async () => {
  await withPage('#/profiles', { viewport: WIDE }, async ({ page }) => {
    const first = cell(page, LISTENING, ADVISOR, 'level 3 Proficient, importance 5 Critical');
    await first.focus();
    await page.keyboard.press('9'); // the default scale is 0–4
    await page.keyboard.press('+'); // already 5
    await page.waitForTimeout(200);
    assert.ok(await first.isVisible(), 'cell unchanged');
    for (let i = 0; i < 6; i++) await page.keyboard.press('-');
    await cell(page, LISTENING, ADVISOR, 'level 3 Proficient, importance 1 Nice to have').waitFor();
    await page.keyboard.press('0');
    await cell(page, LISTENING, ADVISOR, 'level 0 Not yet, importance 1 Nice to have').waitFor();
  });
});

test('matrix: the Selected cell panel edits the cell and follows later keyboard edits', async () => {
  await withPage('#/profiles', { viewport: WIDE }, async ({ page }) => {
    const panel = page.getByRole('complementary', { name: 'Selected cell' });
    const level = panel.getByLabel('Required level', { exact: true });
    // Enter on a cell moves to the panel's select.
    await cell(page, LISTENING, ADVISOR, 'level 3 Proficient, importance 5 Critical').focus();
    await page.keyboard.press('Enter');
    await until(async () => (await activeId(page)) === 'cell-level', 'focus on the Required level select');
    await level.selectOption({ label: '2 – Developing' });
    await cell(page, LISTENING, ADVISOR, 'level 2 Developing, importance 5 Critical').waitFor();
    // Back in the grid, a digit changes the cell: the panel (touched by the user before) must follow.
    await cell(page, LISTENING, ADVISOR, 'level 2 Developing, importance 5 Critical').focus();
    await page.keyboard.press('4');
    await cell(page, LISTENING, ADVISOR, 'level 4 Expert – can coach, importance 5 Critical').waitFor();
    await expectSelected(level, '4 – Expert – can coach', 'Selected cell: Required level after a keyboard edit');
    await page.keyboard.press('Delete');
    await expectSelected(level, 'Not required', 'Selected cell: Required level after Delete');
    await page.keyboard.press('Control+z');
    await expectSelected(level, '4 – Expert – can coach', 'Selected cell: Required level after undo');
    // Back to the level the user once picked in the select: the select must show it again.
    await page.keyboard.press('2');
    await cell(page, LISTENING, ADVISOR, 'level 2 Developing, importance 5 Critical').waitFor();
    await expectSelected(level, '2 – Developing', 'Selected cell: Required level, back at the level once picked in it');
  });
});

// ---------------------------------------------------------------------------------------------------------
// 3. A requirement edited through the role page's labelled selects.

test('role page: "Required level of <skill>" select edits the profile and persists', async () => {
  await withPage('#/roles/r-branch-advisor', { viewport: WIDE }, async ({ page, errors }) => {
    const level = page.getByLabel(`Required level of ${LISTENING}`, { exact: true });
    assert.equal(await selectedLabel(level), '3 – Proficient');
    await level.selectOption({ label: '2 – Developing' });
    const imp = page.getByLabel(`Importance of ${LISTENING}`, { exact: true });
    await imp.selectOption({ label: '2 – Useful' });
    // A skill the role does not need yet: its importance select appears once it is required.
    const knowledge = 'Knowledge sharing and coaching';
    assert.ok(await page.getByText('16 of 17 skills required').isVisible(), 'profile count before');
    assert.equal(await page.getByLabel(`Importance of ${knowledge}`, { exact: true }).count(), 0);
    await page.getByLabel(`Required level of ${knowledge}`, { exact: true }).selectOption({ label: '1 – Aware' });
    await page.getByLabel(`Importance of ${knowledge}`, { exact: true }).waitFor();
    await page.getByText('17 of 17 skills required').waitFor(); // it needed 16 before

    await reload(page);
    assert.equal(await selectedLabel(page.getByLabel(`Required level of ${LISTENING}`, { exact: true })), '2 – Developing');
    assert.equal(await selectedLabel(page.getByLabel(`Importance of ${LISTENING}`, { exact: true })), '2 – Useful');
    assert.equal(await selectedLabel(page.getByLabel(`Required level of ${knowledge}`, { exact: true })), '1 – Aware');
    assert.equal(await selectedLabel(page.getByLabel(`Importance of ${knowledge}`, { exact: true })), '3 – Important');

    // The matrix agrees.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Role profiles' }).click();
    await cell(page, LISTENING, ADVISOR, 'level 2 Developing, importance 2 Useful').waitFor();
    assert.deepEqual(errors, []);
  });
});

test('role page: Ctrl+Z on a select undoes the requirement edit and the select shows the old level', async () => {
  await withPage('#/roles/r-branch-advisor', { viewport: WIDE }, async ({ page }) => {
    const level = page.getByLabel(`Required level of ${LISTENING}`, { exact: true });
    await level.selectOption({ label: '1 – Aware' });
    await until(() => page.getByRole('button', { name: /Undo/ }).isEnabled(), 'Undo enabled');
    await level.focus();
    await page.keyboard.press('Control+z');
    await until(() => page.getByRole('button', { name: /Undo/ }).isDisabled(), 'Undo disabled after undoing');
    await expectSelected(level, '3 – Proficient', 'Required level select after Ctrl+Z');
    await page.keyboard.press('Control+y');
    await expectSelected(level, '1 – Aware', 'Required level select after Ctrl+Y');
  });
});

// ---------------------------------------------------------------------------------------------------------
// 4. The skill library: add, edit, persist; duplicates refused.

test('skill library: add a skill, edit description, SERVQUAL weight and a level text; all persist', async () => {
  await withPage('#/skills', { viewport: WIDE }, async ({ page, errors }) => {
    const list = page.getByRole('navigation', { name: 'Skills' });
    const before = await list.getByRole('listitem').count();
    assert.equal(before, 17);

    const form = page.getByRole('form', { name: 'Add a skill' });
    await form.getByLabel('Name', { exact: true }).fill('Negotiation');
    await form.getByLabel('Category', { exact: true }).fill('Selling');
    await form.getByRole('button', { name: 'Add skill' }).click();

    const editor = page.getByRole('article', { name: 'Negotiation' });
    await editor.waitFor();
    await until(() => /#\/skills\/[^/]+$/.test(page.url()) && !page.url().endsWith('#/skills'), 'URL of the new skill');
    const url = page.url();
    assert.equal(await list.getByRole('listitem').count(), before + 1);
    assert.ok(await list.getByRole('link', { name: /Negotiation/ }).isVisible());
    assert.equal(await form.getByLabel('Name', { exact: true }).inputValue(), '', 'add form cleared');

    const description = editor.getByLabel('Description', { exact: true });
    await description.fill('Finds outcomes that work for the customer and the bank.');
    await description.press('Tab');
    await editor.getByLabel('Empathy', { exact: true }).selectOption({ label: '2 – Strong' });
    const aware = editor.getByLabel('Level 1 – Aware', { exact: true });
    await aware.fill('Knows the bank’s pricing discretion.');
    await aware.press('Tab');
    await until(() => page.getByRole('button', { name: /Undo/ }).isEnabled(), 'Undo enabled');

    await reload(page);
    assert.equal(page.url(), url);
    const again = page.getByRole('article', { name: 'Negotiation' });
    await again.waitFor();
    assert.equal(await again.getByLabel('Category', { exact: true }).inputValue(), 'Selling');
    assert.equal(await again.getByLabel('Description', { exact: true }).inputValue(), 'Finds outcomes that work for the customer and the bank.');
    assert.equal(await selectedLabel(again.getByLabel('Empathy', { exact: true })), '2 – Strong');
    assert.equal(await selectedLabel(again.getByLabel('Tangibles', { exact: true })), '0 – None');
    assert.equal(await again.getByLabel('Level 1 – Aware', { exact: true }).inputValue(), 'Knows the bank’s pricing discretion.');
    assert.equal(await again.getByLabel('Level 2 – Developing', { exact: true }).inputValue(), '');
    assert.equal(await page.getByRole('navigation', { name: 'Skills' }).getByRole('listitem').count(), before + 1);
    assert.deepEqual(errors, []);
  });
});

test('skill library: adding a duplicate name shows an error naming it and adds nothing', async () => {
  await withPage('#/skills', { viewport: WIDE }, async ({ page, errors }) => {
    const items = page.getByRole('navigation', { name: 'Skills' }).getByRole('listitem');
    const before = await items.count();
    const form = page.getByRole('form', { name: 'Add a skill' });
    const name = form.getByLabel('Name', { exact: true });
    await name.fill(LISTENING);
    await form.getByLabel('Category', { exact: true }).fill('Anything');
    await form.getByRole('button', { name: 'Add skill' }).click();

    const message = form.getByText(`There is already a skill called “${LISTENING}”`);
    await message.waitFor();
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    const describedBy = await name.getAttribute('aria-describedby');
    assert.ok(describedBy, 'name field points at the error');
    assert.equal(await message.getAttribute('id'), describedBy);
    assert.ok(page.url().endsWith('#/skills'), 'stayed on the list');
    assert.equal(await items.count(), before);

    // Case does not make a different skill either.
    await name.fill(LISTENING.toUpperCase());
    await form.getByRole('button', { name: 'Add skill' }).click();
    await form.getByText(`There is already a skill called “${LISTENING.toUpperCase()}”`).waitFor();
    assert.equal(await items.count(), before);
    assert.ok(await page.getByRole('button', { name: /Undo/ }).isDisabled(), 'no change was recorded');

    await reload(page);
    assert.equal(await page.getByRole('navigation', { name: 'Skills' }).getByRole('listitem').count(), before);
    assert.deepEqual(errors, []);
  });
});

// ---------------------------------------------------------------------------------------------------------
// 5. Role fields refuse bad numbers beside themselves and keep the last good value.

test('role editing: a bad turnover shows an inline error and the saved value is kept', async () => {
  await withPage('#/roles/r-branch-advisor', { viewport: WIDE }, async ({ page, errors }) => {
    const turnover = page.getByLabel('Annual staff turnover', { exact: true });
    assert.equal(await turnover.inputValue(), '24');

    // Out of range: refused by the domain.
    await turnover.fill('-5');
    await turnover.press('Tab');
    await until(async () => (await turnover.getAttribute('aria-invalid')) === 'true', 'aria-invalid on the turnover field');
    const errId = await turnover.getAttribute('aria-describedby');
    assert.match(errId, /role-turnover-err/);
    const message = page.locator(`#role-turnover-err`);
    assert.match(await message.textContent(), /turnover/i);
    assert.ok(await message.isVisible());
    assert.equal(await turnover.inputValue(), '-5', 'the draft stays for correction');
    assert.ok(await page.getByRole('button', { name: /Undo/ }).isDisabled(), 'nothing applied');

    // Not a number (a number input reports "" for text such as "abc").
    await turnover.fill('');
    await turnover.pressSequentially('abc');
    await turnover.press('Tab');
    await until(async () => (await turnover.getAttribute('aria-invalid')) === 'true', 'aria-invalid for non-numeric text');
    assert.match(await page.locator('#role-turnover-err').textContent(), /turnover/i);

    // Headcount with a fraction: refused too.
    const headcount = page.getByLabel('Headcount', { exact: true });
    await headcount.fill('12.5');
    await headcount.press('Tab');
    await until(async () => (await headcount.getAttribute('aria-invalid')) === 'true', 'aria-invalid on headcount');

    await reload(page);
    const after = page.getByLabel('Annual staff turnover', { exact: true });
    assert.equal(await after.inputValue(), '24');
    assert.equal(await after.getAttribute('aria-invalid'), null);
    assert.equal(await page.getByLabel('Headcount', { exact: true }).inputValue(), '420');

    // A good value is accepted and persisted.
    await after.fill('30.5');
    await after.press('Tab');
    await until(() => page.getByRole('button', { name: /Undo/ }).isEnabled(), 'Undo enabled after a good edit');
    assert.equal(await after.getAttribute('aria-invalid'), null);
    await reload(page);
    assert.equal(await page.getByLabel('Annual staff turnover', { exact: true }).inputValue(), '30.5');
    assert.deepEqual(errors, []);
  });
});

// ---------------------------------------------------------------------------------------------------------
// 6. Export, failed imports that change nothing, a good import, and Undo.

test('data: export downloads the workspace; broken imports change nothing; a good import can be undone', async () => {
  await withPage('#/data', { viewport: WIDE }, async ({ page, errors }) => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 10_000 }),
      page.getByRole('button', { name: 'Export workspace (JSON)' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^skillgap-workspace-\d{4}-\d{2}-\d{2}\.json$/);
    const text = await fs.readFile(await download.path(), 'utf8');
    const exported = JSON.parse(text);
    assert.equal(exported.schema_version, 5);
    assert.equal(exported.roles.length, 5);
    assert.equal(exported.skills.length, 17);
    assert.equal(exported.name, EXAMPLE_NAME);

    const fileInput = page.getByLabel('Workspace file to import', { exact: true });
    const banner = page.getByRole('banner');

    // JSON syntax error.
    await fileInput.setInputFiles({
      name: 'broken-syntax.json', mimeType: 'application/json',
      buffer: Buffer.from('{\n  "schema_version": 1,\n  "name": "Oops",\n  broken\n}\n'),
    });
    const syntax = alert(page, 'Import failed');
    await syntax.waitFor();
    const syntaxText = await syntax.textContent();
    assert.match(syntaxText, /broken-syntax\.json/);
    assert.match(syntaxText, /line 4/);
    assert.match(syntaxText, /Nothing was changed/);

    // A field of the wrong type.
    const wrong = structuredClone(exported);
    wrong.name = 'Should not appear';
    wrong.roles[0].headcount = 'many';
    await fileInput.setInputFiles({ name: 'wrong-type.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(wrong, null, 2)) });
    await alert(page, 'wrong-type.json').waitFor();
    const typeText = await alert(page, 'Import failed').textContent();
    assert.match(typeText, /roles\[0\]\.headcount/);
    assert.doesNotMatch(typeText, /broken-syntax/, 'the previous error was replaced');

    // Nothing changed.
    assert.ok(await banner.getByText(EXAMPLE_NAME, { exact: true }).isVisible());
    assert.ok(await page.getByRole('button', { name: /Undo/ }).isDisabled(), 'no change recorded');
    assert.equal(await page.getByLabel('Workspace name', { exact: true }).inputValue(), EXAMPLE_NAME);

    // A valid, modified export.
    const good = structuredClone(exported);
    good.name = 'Imported Credit Union';
    good.roles = good.roles.slice(0, 4);
    good.people = good.people.filter((p) => p.role !== exported.roles[4].id);
    const kept = new Set(good.people.map((p) => p.id));
    good.ratings = good.ratings.filter((r) => kept.has(r.person));
    // Scenarios may not name the removed role either.
    const gone = exported.roles[4].id;
    good.scenarios = good.scenarios.map((s) => ({
      ...s,
      programmes: s.programmes.map((p) => ({ ...p, roles: p.roles.filter((r) => r !== gone) })),
      technology: s.technology.filter((t) => t.role !== gone),
    }));
    await fileInput.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
    await banner.getByText('Imported Credit Union', { exact: true }).waitFor();
    assert.equal(await alert(page, 'Import failed').count(), 0, 'the error notice is gone');
    assert.match(await page.getByRole('status').textContent(), /Imported good\.json: 17 skills, 4 roles/);
    assert.equal(await page.getByLabel('Workspace name', { exact: true }).inputValue(), 'Imported Credit Union');

    await page.getByRole('button', { name: /Undo/ }).click();
    await banner.getByText(EXAMPLE_NAME, { exact: true }).waitFor();
    await until(async () => (await page.getByLabel('Workspace name', { exact: true }).inputValue()) === EXAMPLE_NAME, 'name field after undo');

    // And the overview still shows the example's numbers.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { level: 1, name: EXAMPLE_NAME }).waitFor();
    const kpis = page.getByRole('list', { name: 'Workspace in numbers' });
    assert.match(await kpis.textContent(), /17skills in the library5roles/);
    assert.deepEqual(errors, []);
  });
});

// ---------------------------------------------------------------------------------------------------------
// 7–8. Storage (blocked, full, unreadable saves, two tabs, a crash, 20,000 people): storage.test.mjs.

// ---------------------------------------------------------------------------------------------------------
// 9. Embedded in a 360 px iframe, the matrix scrolls inside its own container.

test('narrow iframe: the matrix page fits a 360 px frame without horizontal page overflow', async () => {
  const context = await browser().newContext({ viewport: WIDE });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(url() + 'host.html');
    const iframe = page.getByTitle('Skillgap', { exact: true });
    const frame = await (await iframe.elementHandle()).contentFrame();
    await frame.getByRole('heading', { level: 1, name: 'Role profiles' }).waitFor();
    const table = frame.getByRole('table', { name: /Role profile matrix/ });
    await table.waitFor();
    const m = await frame.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      innerWidth: window.innerWidth,
    }));
    assert.equal(m.innerWidth, 360);
    assert.ok(m.scrollWidth <= 360, `frame document is ${m.scrollWidth} px wide`);
    assert.ok(m.scrollWidth <= m.clientWidth, `frame document is ${m.scrollWidth} px wide in a ${m.clientWidth} px layout viewport`);
    const box = await table.evaluate((t) => {
      const scroller = t.parentElement;
      return { table: t.getBoundingClientRect().width, scrollW: scroller.scrollWidth, clientW: scroller.clientWidth, overflowX: getComputedStyle(scroller).overflowX };
    });
    assert.ok(box.table > 360, `matrix is wider than the frame (${box.table} px), so the check means something`);
    assert.ok(box.scrollW > box.clientW, 'the matrix container scrolls horizontally');
    assert.ok(['auto', 'scroll'].includes(box.overflowX), `scroll container overflow-x is ${box.overflowX}`);
    // And the grid still works from the keyboard inside the frame.
    await frame.getByRole('button', { name: `${LISTENING} for ${ADVISOR}: level 3 Proficient, importance 5 Critical` }).focus();
    await page.keyboard.press('End');
    await until(async () => (await frame.evaluate(() => document.activeElement.id)) === 'cell-0-4', 'End moves to the last role');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------------------------------------------------
// 10. Keyboard only: the skip link comes first and moves focus to main.

test('keyboard: the first Tab reaches "Skip to content", which moves focus to main', async () => {
  await withPage('#/', { viewport: WIDE }, async ({ page }) => {
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    assert.ok(await isFocused(skip), `first Tab focused ${await activeId(page) || await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}`);
    const box = await skip.boundingBox();
    assert.ok(box && box.width > 1 && box.height > 1 && box.y >= 0 && box.x >= 0 && box.x + box.width <= WIDE.width,
      `skip link visible on focus (${JSON.stringify(box)})`);
    await page.keyboard.press('Enter');
    await until(async () => (await activeId(page)) === 'main', 'focus on main');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MAIN');
    assert.ok(page.url().endsWith('#/'), `route unchanged (${page.url()})`);
    // The next Tab continues inside main, not back in the header.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.querySelector('main').contains(document.activeElement)), 'next Tab stays in main');
  });
});

// ---------------------------------------------------------------------------------------------------------
// 11. A followed link opens the next page at its top, with focus on its h1 (issue 15).

test('navigation: a link followed far down a page opens the next page at its top with focus on its h1; keyboard too', async () => {
  await withPage('#/gaps', { viewport: { width: 1280, height: 600 } }, async ({ page, errors }) => {
    const risk = page.locator('section[aria-labelledby="risk-title"]');
    const person = risk.getByRole('link').first();
    await person.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const before = await page.evaluate(() => window.scrollY);
    assert.ok(before > 100, `"People most at risk" is down the page (scrolled ${before} px)`);
    const name = (await person.textContent()).trim();
    await person.click();
    await until(async () => /^#\/people\//.test(await page.evaluate(() => location.hash)), "the person's page");
    await until(async () => (await activeId(page)) === 'page-title', 'focus on the new page\'s h1');
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'the new page starts at its top');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
    assert.equal(await page.locator('#page-title').getAttribute('tabindex'), '-1', 'the h1 takes focus but is no tab stop');
    assert.ok((await page.locator('main').textContent()).includes(name), `${name}'s page is shown`);
    // By keyboard: a main-navigation link far down a long page, then Enter.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Gaps', exact: true }).click();
    await until(async () => (await activeId(page)) === 'page-title', 'focus on the Gaps h1');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const skill = page.locator('table.priorities').getByRole('link').first();
    await skill.focus();
    await page.keyboard.press('Enter');
    await until(async () => (await activeId(page)) === 'page-title', 'focus on the h1 after Enter on a link');
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'at the top after Enter on a link');
    // The next Tab goes on from the heading into the page, not back to the header.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.querySelector('main').contains(document.activeElement)), 'Tab continues inside main');
    // Back (history) also shows the page from its top.
    await page.goBack();
    await until(async () => (await page.evaluate(() => location.hash)) === '#/gaps', 'back on #/gaps');
    await until(async () => (await activeId(page)) === 'page-title', 'focus on the h1 after Back');
    assert.deepEqual(errors, [], 'console errors');
  });
});

test('overview: the numbered steps include Learner links and Simulate; a new role says its headcount and salary are placeholders', async () => {
  await withPage('#/', { viewport: WIDE }, async ({ page, errors }) => {
    const steps = await page.locator('ol.steps > li > a').allTextContents();
    assert.deepEqual(steps.map((s) => s.trim()),
      ['Skill library', 'Roles', 'Role profiles', 'People', 'Learner links', 'Rate', 'Gaps', 'Simulate', 'Data'], 'the steps in order');
    const numbers = await page.locator('ol.steps').evaluateAll((ols) => ols.map((o) => Number(o.getAttribute('start') || 1)));
    assert.deepEqual(numbers, [1, 4, 8], 'numbered on across the cards');
    for (const v of await axe(page)) assert.fail(`axe on the overview: ${v}`);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roles', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).first().fill('Night desk');
    await page.getByRole('button', { name: 'Add role' }).click();
    await until(async () => (await page.locator('#editor-title').textContent())?.trim() === 'Night desk', 'the new role open');
    assert.match(await page.locator('.flash').textContent(), /set its headcount and salary, which start at 1 and 0/);
    assert.match(await page.locator('#role-salary-hint').textContent(), /Salary is 0, so the simulation costs this role's training time/);
    assert.match(await page.locator('#role-headcount-hint').textContent(), /a new role starts at 1/);
    assert.match(await page.locator('#role-turnover-hint').textContent(), /≈ 0 leavers a year/);
    const salary = page.getByLabel(/^Average annual salary/);
    await salary.fill('41000');
    await salary.press('Tab');
    await until(async () => (await page.locator('#role-salary-hint').textContent()) === 'Used to cost training time and replacing leavers.', 'the plain hint once a salary is set');
    const headcount = page.getByLabel('Headcount', { exact: true });
    await headcount.fill('5');
    await headcount.press('Tab');
    await until(async () => /≈ 1 leaver a year/.test(await page.locator('#role-turnover-hint').textContent()), '"≈ 1 leaver" in the singular');
    assert.match(await page.locator('.item-list').textContent(), /Night desk.*5 people · 0 skills/s);
    assert.deepEqual(errors, [], 'console errors');
  });
});
