// End-to-end tests of the assessment features of Skillgap: people, the rating grid, the people-and-ratings
// CSV / Excel card on the Data page, and the gaps views. One browser for the file; every test opens its own
// context (fresh localStorage) through the harness. Serves $DIST when set (e.g. a build made elsewhere),
// else dist/. Run: node --test --test-concurrency=1 assess.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import zlib from 'node:zlib';
import { axe, until, reload, suite } from './harness.mjs';

const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 740 };

const LISTENING = 'Listening and needs discovery';
const RELATIONSHIP = 'Relationship building';
const EMPATHY = 'Empathy under pressure';
const COMPLAINTS = 'Complaint handling and service recovery';
const SHARING = 'Knowledge sharing and coaching';
const ADVISOR = 'Branch service advisor';
const NEW_ROUND = '2026-11-20';
const CSV_COLUMNS = ['person_id', 'name', 'role', 'team', 'start_date', 'skill', 'source', 'level', 'level_label', 'date', 'note'];

const { withPage, url, browser } = suite();

// ---------------------------------------------------------------------------------------------------------
// Helpers



const activeId = (page) => page.evaluate(() => document.activeElement?.id ?? null);
const status = (page) => page.locator('.flash[role="status"]');
const statusText = async (page) => ((await status(page).textContent()) ?? '').trim();
const undoButton = (page) => page.getByRole('button', { name: /Undo/ });

/** Follows a link of the main navigation (an in-app navigation: the workspace in memory is kept). */
async function goNav(page, label, h1 = label) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  await until(async () => (await page.locator('main h1').first().textContent())?.trim() === h1, `the ${h1} page`);
}

/** The count of people in the lead text of #/people ("18 people assessed …"). */
async function peopleCount(page) {
  const lead = await page.locator('main .lead').first().textContent();
  const m = /^(\d+) people/.exec(lead.trim());
  assert.ok(m, `people lead text: ${lead}`);
  return Number(m[1]);
}

/** Clicks `button` and returns the download it starts: { name, bytes }. */
async function downloadOf(page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), button.click()]);
  const file = await dl.path();
  assert.ok(file, `download ${dl.suggestedFilename()} failed: ${await dl.failure()}`);
  return { name: dl.suggestedFilename(), bytes: await fs.readFile(file) };
}

/** Parses CSV text (RFC 4180 quoting, any line end) into rows of cells; blank lines are dropped. */
function parseCsv(text, sep = ',') {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.filter((r) => r.some((x) => x.trim() !== ''));
}

/** A minimal zip reader: { 'path/in/zip': Buffer } from the central directory, inflating with zlib. */
function unzip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  assert.ok(eocd >= 0, 'zip: no end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = {};
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, `zip: central directory entry ${n}`);
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    assert.equal(buf.readUInt32LE(local), 0x04034b50, `zip: local header of ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    assert.ok(method === 0 || method === 8, `zip: ${name} uses compression method ${method}`);
    files[name] = method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

const xmlText = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Sets a file on the hidden input of the people-and-ratings CSV card. */
async function importCsv(page, name, content) {
  const input = page.getByLabel('CSV file of people and ratings to import');
  await input.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });
}

const csvAlert = (page) => page.getByRole('alert').filter({ hasText: 'Import failed, and nothing was changed' });

// ---------------------------------------------------------------------------------------------------------
// 1. Every assessment page renders, logs no console error and passes axe, wide and narrow; no overflow at 360 px.

const PAGES = [
  ['people', '#/people', 'People'],
  ['one person', '#/people/p-001', 'People', 'A. Nguyen'],
  ['rate', '#/rate', 'Rate'],
  ['gaps', '#/gaps', 'Gaps'],
  ['gaps heatmap', '#/gaps/heatmap', 'Gaps'],
  ['gaps people', '#/gaps/people', 'Gaps'],
  ['gaps compare', '#/gaps/compare', 'Gaps'],
];

for (const [vpName, viewport] of [['1280 px', WIDE], ['360 px', NARROW]]) {
  for (const [name, hash, h1, h2] of PAGES) {
    test(`${name} (${hash}) at ${vpName}: renders, no console errors, no axe violations${viewport === NARROW ? ', no overflow' : ''}`, async () => {
      await withPage(hash, { viewport }, async ({ page, errors }) => {
        const headings = page.getByRole('heading', { level: 1 });
        assert.equal(await headings.count(), 1, 'exactly one h1');
        assert.match((await headings.textContent()).trim(), new RegExp(`^${h1}`));
        if (h2) assert.ok(await page.getByRole('heading', { level: 2, name: h2, exact: true }).isVisible(), `h2 "${h2}" visible`);
        assert.deepEqual(await axe(page), []);
        if (viewport === NARROW) {
          const { scrollWidth, clientWidth } = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
          }));
          assert.ok(scrollWidth <= 360, `page is ${scrollWidth} px wide in a ${clientWidth} px viewport`);
        }
        assert.deepEqual(errors, [], 'console errors');
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// 2. The rating grid, by keyboard.

test('rate grid: keyboard rating of an agreed round, errors off-profile, Delete clears, values persist', async () => {
  await withPage('#/rate', { viewport: WIDE }, async ({ page, errors }) => {
    const grid = page.locator('table.rate');
    const cellOf = (person, skill) => grid.getByRole('button', { name: new RegExp(`^${escapeRe(person)}, ${escapeRe(skill)}: `) });
    // Asserted through Playwright's accessible-name matching, so the name is what assistive technology gets.
    const nameIs = (person, skill, rest) => {
      const full = `${person}, ${skill}: ${rest}`;
      return until(async () => (await grid.getByRole('button', { name: full, exact: true }).count()) === 1,
        `a cell named "${full}"`).catch(async () => {
        assert.fail(`cell ${person} × ${skill} should be named "${full}" but is "${await accName(cellOf(person, skill))}"`);
      });
    };

    await page.getByLabel('Rating source', { exact: true }).selectOption({ label: 'Agreed in conversation' });
    const date = page.getByLabel('Round date', { exact: true });
    await date.fill(NEW_ROUND);
    await date.press('Tab');
    await until(async () => (await grid.locator('caption').textContent()).includes(`Agreed ratings for the round of ${NEW_ROUND}`),
      'grid caption naming the agreed round of the new date');

    // A fresh round: the first person's cells are unrated; the grid's single tab stop is the first cell.
    const first = grid.getByRole('button', { name: /^A\. Nguyen, / }).first();
    await nameIs('A. Nguyen', LISTENING, 'not rated, requires 3');
    assert.equal(await first.getAttribute('id'), 'rate-0-0');
    assert.equal(await first.getAttribute('tabindex'), '0');

    // A digit on a cell outside the person's profile: an error in the status region, nothing changes.
    const offProfile = cellOf('A. Nguyen', SHARING);
    await nameIs('A. Nguyen', SHARING, "not in this person's role profile");
    assert.equal(await undoButton(page).isDisabled(), true, 'nothing to undo yet');
    await offProfile.focus();
    await page.keyboard.press('3');
    await until(async () => /is not part of A\. Nguyen's role profile/.test(await statusText(page)), 'error in the status region');
    assert.match(await status(page).getAttribute('class'), /\berror\b/, 'status shown as an error');
    await nameIs('A. Nguyen', SHARING, "not in this person's role profile");
    assert.equal(await activeId(page), await offProfile.getAttribute('id'), 'focus stays on the refused cell');
    assert.equal(await undoButton(page).isDisabled(), true, 'the refused digit made no undo step');

    // A digit beyond the scale on a profile cell: an error too, and nothing changes.
    await first.focus();
    await page.keyboard.press('7');
    await until(async () => (await statusText(page)) === 'Level 7 is not on the scale (0–4).', 'scale error in the status region');
    await nameIs('A. Nguyen', LISTENING, 'not rated, requires 3');
    assert.equal(await undoButton(page).isDisabled(), true, 'the refused digit made no undo step');

    // The key legend names every key the grid takes.
    const keys = (await page.locator('.keys-line').textContent()).replace(/\s+/g, ' ');
    for (const k of ['Home', 'End', 'N', 'Delete', 'Enter']) assert.ok(keys.includes(k), `the key legend lists ${k}: ${keys}`);
    assert.match(keys, /Enter next person, first skill/, `Enter's meaning while ratings move right: ${keys}`);

    // 3, 2, n along the first row (focus moves right), then ArrowDown moves down the column.
    assert.equal(await activeId(page), 'rate-0-0');
    await page.keyboard.press('3');
    await until(async () => (await activeId(page)) === 'rate-0-1', 'focus moved right after "3"');
    await page.keyboard.press('2');
    await until(async () => (await activeId(page)) === 'rate-0-2', 'focus moved right after "2"');
    await page.keyboard.press('n');
    await until(async () => (await activeId(page)) === 'rate-0-3', 'focus moved right after "n"');
    await page.keyboard.press('ArrowDown');
    await until(async () => (await activeId(page)) === 'rate-1-3', 'focus moved down after ArrowDown');
    // Rating along rows, Enter starts the next person's row at their first skill (the first cell of their
    // role's profile), not further down this column.
    const firstOfRow2 = await page.evaluate(() => [...document.querySelectorAll('button[id^="rate-2-"]')]
      .find((b) => !b.textContent.includes('not in this person'))?.id);
    await page.keyboard.press('Enter');
    await until(async () => (await activeId(page)) === firstOfRow2, `Enter goes to the next person's first skill (${firstOfRow2})`);
    assert.match(await accName(page.locator(`#${firstOfRow2}`)), /^C\. Fernando, /);
    // End and Home: the row's last and first cells.
    await page.keyboard.press('End');
    const last = await page.evaluate(() => document.querySelectorAll('button[id^="rate-2-"]').length - 1);
    await until(async () => (await activeId(page)) === `rate-2-${last}`, 'End goes to the last skill');
    await page.keyboard.press('Home');
    await until(async () => (await activeId(page)) === 'rate-2-0', 'Home goes to the first skill');
    // With "Move right after each rating" off, Enter moves down the column like ArrowDown.
    const advance = page.getByLabel('Move right after each rating');
    await advance.uncheck();
    await until(async () => /Enter next person, same skill/.test((await page.locator('.keys-line').textContent()).replace(/\s+/g, ' ')),
      "the legend says what Enter does when ratings do not move right");
    await page.locator('#rate-1-3').focus();
    await page.keyboard.press('Enter');
    await until(async () => (await activeId(page)) === 'rate-2-3', 'focus moved down after Enter with moving right off');
    assert.match(await accName(page.locator('#rate-2-3')), new RegExp(`^C\\. Fernando, ${COMPLAINTS}: `));
    await advance.check();
    await page.locator('#rate-2-3').focus();
    await page.keyboard.press('1');
    await until(async () => (await activeId(page)) === 'rate-2-4', 'focus moved right after "1"');
    assert.equal(await page.locator('#rate-2-4').getAttribute('tabindex'), '0', 'roving tabindex follows focus');

    await nameIs('A. Nguyen', LISTENING, '3 Proficient, requires 3');
    await nameIs('A. Nguyen', RELATIONSHIP, '2 Developing, requires 2');
    await nameIs('A. Nguyen', EMPATHY, 'no opportunity to show it, requires 3');
    await nameIs('C. Fernando', COMPLAINTS, '1 Aware, requires 2');
    assert.equal((await cellOf('A. Nguyen', LISTENING).locator('[aria-hidden="true"]').textContent()).trim(), '3', 'visible digit');
    assert.match(await cellOf('C. Fernando', COMPLAINTS).getAttribute('class'), /\bbelow\b/, 'below-requirement colour');
    assert.match(await statusText(page), /C\. Fernando, Complaint handling and service recovery: agreed rating 1 Aware\./);

    // Delete clears the relationship rating.
    await cellOf('A. Nguyen', RELATIONSHIP).focus();
    await page.keyboard.press('Delete');
    await nameIs('A. Nguyen', RELATIONSHIP, 'not rated, requires 2');
    assert.match(await statusText(page), /A\. Nguyen, Relationship building: rating cleared\./);
    assert.equal(await activeId(page), 'rate-0-1', 'Delete does not move focus');
    // Ctrl+Z on the grid undoes the clear; Delete again clears it for good.
    await page.keyboard.press('Control+z');
    await nameIs('A. Nguyen', RELATIONSHIP, '2 Developing, requires 2');
    await cellOf('A. Nguyen', RELATIONSHIP).focus();
    await page.keyboard.press('Delete');
    await nameIs('A. Nguyen', RELATIONSHIP, 'not rated, requires 2');

    // Reload straight away (autosave is flushed on pagehide): the values of the round are still there.
    await reload(page);
    assert.match(await page.locator('#rate-date-hint').textContent(), new RegExp(NEW_ROUND), 'the new round is listed');
    await page.getByLabel('Rating source', { exact: true }).selectOption({ label: 'Agreed in conversation' });
    const date2 = page.getByLabel('Round date', { exact: true });
    if ((await date2.inputValue()) !== NEW_ROUND) {
      await date2.fill(NEW_ROUND);
      await date2.press('Tab');
    }
    await nameIs('A. Nguyen', LISTENING, '3 Proficient, requires 3');
    await nameIs('A. Nguyen', RELATIONSHIP, 'not rated, requires 2');
    await nameIs('A. Nguyen', EMPATHY, 'no opportunity to show it, requires 3');
    await nameIs('C. Fernando', COMPLAINTS, '1 Aware, requires 2');
    await nameIs('B. Tran', COMPLAINTS, 'not rated, requires 2');
    assert.deepEqual(errors, [], 'console errors');
  });
});

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text a screen reader gets from a grid cell: its content without the aria-hidden visual digit. */
function accName(locator) {
  return locator.evaluate((el) => [...el.childNodes].filter((n) => !(n.nodeType === 1 && n.getAttribute('aria-hidden') === 'true'))
    .map((n) => n.textContent).join('').replace(/\s+/g, ' ').trim());
}

// ---------------------------------------------------------------------------------------------------------
// 3. One person: ratings side by side and the rating form.

test('person page: ratings side by side, record an agreed rating with a note, effective level and readiness update', async () => {
  await withPage('#/people/p-001', { viewport: WIDE }, async ({ page, errors }) => {
    assert.ok(await page.getByRole('heading', { level: 3, name: 'Ratings side by side' }).isVisible());
    const table = page.getByRole('table', { name: `Ratings of A. Nguyen against the ${ADVISOR} profile` });
    const headers = (await table.getByRole('columnheader').allTextContents()).map((s) => s.trim());
    for (const h of ['Self', 'Trainer', 'Agreed', 'Effective', 'Gap']) assert.ok(headers.includes(h), `column ${h} in ${headers}`);
    const col = (h) => headers.indexOf(h) - 1; // the row header is a th, the rest are td
    const rowCells = async (skill) => {
      const row = table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: skill, exact: true }) });
      return (await row.locator('td').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
    };
    const before = await rowCells(LISTENING);
    assert.equal(before[col('Self')], '3 Proficient');
    assert.equal(before[col('Trainer')], '3 Proficient');
    assert.equal(before[col('Agreed')], '3 Proficient');
    assert.match(before[col('Effective')], /^3 Proficient/);
    assert.equal(before[col('Gap')], 'none');

    const readiness = page.locator('.readiness strong.big');
    const pct = async () => {
      const m = /^(\d+) %$/.exec((await readiness.textContent()).trim());
      assert.ok(m, `readiness shows a percentage: ${await readiness.textContent()}`);
      return Number(m[1]);
    };
    const r0 = await pct();
    assert.ok(r0 > 0 && r0 <= 100, `readiness ${r0}`);

    const form = page.getByRole('region', { name: 'Record a rating' });
    await form.getByLabel('Source', { exact: true }).selectOption({ label: 'Agreed' });
    const date = form.getByLabel('Round date', { exact: true });
    await date.fill(NEW_ROUND);
    await date.press('Tab');
    const level = form.getByRole('combobox', { name: LISTENING, exact: true });
    await until(async () => (await level.inputValue()) === '', 'no agreed rating yet on the new date');
    await level.selectOption({ label: '1 – Aware' });

    await until(async () => (await rowCells(LISTENING))[col('Agreed')] === '1 Aware', 'Agreed column shows 1 Aware');
    const after = await rowCells(LISTENING);
    assert.match(after[col('Effective')], /^1 Aware/);
    assert.equal(after[col('Gap')], '−2');
    assert.equal(after[col('Self')], '3 Proficient', 'self rating unchanged');
    const r1 = await until(async () => { const p = await pct(); return p < r0 && p; }, `readiness below ${r0} %`);
    assert.ok(r1 < r0);

    const note = form.getByLabel(`Note on ${LISTENING}`, { exact: true });
    await note.fill('Agreed after a role-play; practise open questions.');
    await note.press('Tab');
    await until(async () => !(await undoButton(page).isDisabled()), 'undo available');

    // The rating and its note survive a reload.
    await page.waitForTimeout(400);
    await reload(page);
    assert.equal((await rowCells(LISTENING))[col('Agreed')], '1 Aware');
    assert.equal(await pct(), r1);
    const form2 = page.getByRole('region', { name: 'Record a rating' });
    await form2.getByLabel('Source', { exact: true }).selectOption({ label: 'Agreed' });
    const date2 = form2.getByLabel('Round date', { exact: true });
    if ((await date2.inputValue()) !== NEW_ROUND) {
      await date2.fill(NEW_ROUND);
      await date2.press('Tab');
    }
    await until(async () => (await form2.getByRole('combobox', { name: LISTENING, exact: true }).inputValue()) === '1', 'level kept');
    assert.equal(await form2.getByLabel(`Note on ${LISTENING}`, { exact: true }).inputValue(), 'Agreed after a role-play; practise open questions.');

    // "As of" the earlier round shows that round's ratings.
    await page.getByLabel('Show ratings as of').selectOption({ value: '2026-03-10' });
    await until(async () => (await rowCells(LISTENING))[col('Trainer')] === '2 Developing', 'the trainer rating of 2026-03-10');
    assert.deepEqual(errors, [], 'console errors');
  });
});

// ---------------------------------------------------------------------------------------------------------
// 4. CSV import: a file with errors changes nothing; a semicolon file with a BOM adds a person; Undo.

test('CSV import: errors are listed by file, row and column and change nothing; a good semicolon file imports and undoes', async () => {
  await withPage('#/people', { viewport: WIDE }, async ({ page, errors }) => {
    const count0 = await peopleCount(page);
    assert.equal(count0, 18);
    await goNav(page, 'Data');
    assert.equal(await undoButton(page).isDisabled(), true);

    const bad = [
      'person_id,name,role,team,start_date,skill,source,level,date,note',
      `p-001,,,,,${LISTENING},trainer,7,${NEW_ROUND},`,
      `p-001,,,,,Juggling flaming torches,trainer,3,${NEW_ROUND},`,
      `p-002,,,,,s-listening,self,2,${NEW_ROUND},first`,
      `p-002,,,,,s-listening,self,2,${NEW_ROUND},again`,
    ].join('\n') + '\n';
    await importCsv(page, 'bad-ratings.csv', bad);
    const alert = csvAlert(page);
    await alert.waitFor({ timeout: 5000 });
    const items = (await alert.getByRole('listitem').allTextContents()).map((s) => s.trim());
    assert.equal(items.length, 3, `three problems: ${JSON.stringify(items)}`);
    assert.match(items[0], /^bad-ratings\.csv, row 2, column 8 \(level\): level 7 is not on the scale \(0–4\)/);
    assert.match(items[1], /^bad-ratings\.csv, row 3, column 6 \(skill\): there is no skill “Juggling flaming torches”/);
    assert.match(items[2], /^bad-ratings\.csv, row 5\b.*row 4 already gives this person's self rating/);
    assert.equal(await undoButton(page).isDisabled(), true, 'a failed import leaves nothing to undo');
    await goNav(page, 'People');
    assert.equal(await peopleCount(page), count0, 'no one added');
    await page.getByRole('link', { name: /^J\. Papadopoulos/ }).click();
    const table = page.getByRole('table', { name: /^Ratings of J\. Papadopoulos/ });
    const listeningRow = table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: LISTENING, exact: true }) });
    assert.equal((await listeningRow.locator('td').nth(1).textContent()).trim(), '2 Developing', "p-002's self rating is the example's");
    assert.equal(await page.getByLabel('Show ratings as of').locator('option', { hasText: NEW_ROUND }).count(), 0, 'no new round');

    // Semicolons, a UTF-8 byte-order mark, CRLF, a quoted note with a semicolon, an accented name.
    await goNav(page, 'Data');
    const good = '\uFEFF' + [
      'person_id;name;role;team;skill;source;level;date;note',
      `p-100;Zoë Example;${ADVISOR};Test branch;${LISTENING};self;3;${NEW_ROUND};"Confident; asks good questions"`,
      `p-100;;;;s-empathy;trainer;Developing;${NEW_ROUND};Observed twice, both calm`,
    ].join('\r\n') + '\r\n';
    await importCsv(page, 'new-person;semicolons.csv', good);
    await until(async () => /^Imported new-person;semicolons\.csv \(2 rows\): 1 person added, 0 updated, 2 ratings added, 0 replaced\./.test(await statusText(page)),
      'success message in the status region');
    assert.equal(await csvAlert(page).count(), 0, 'the error list is gone');
    assert.equal(await undoButton(page).isDisabled(), false);

    await goNav(page, 'People');
    assert.equal(await peopleCount(page), count0 + 1);
    await page.getByRole('link', { name: /^Zoë Example/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Zoë Example' }).waitFor();
    assert.equal(new URL(page.url()).hash, '#/people/p-100');
    const zt = page.getByRole('table', { name: `Ratings of Zoë Example against the ${ADVISOR} profile` });
    const cells = async (skill) => (await zt.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: skill, exact: true }) })
      .locator('td').allTextContents()).map((s) => s.trim());
    assert.equal((await cells(LISTENING))[1], '3 Proficient', 'self rating imported');
    assert.equal((await cells(EMPATHY))[2], '2 Developing', 'trainer rating imported by level label');
    assert.equal(await page.getByLabel('Team', { exact: true }).inputValue(), 'Test branch');

    await undoButton(page).click();
    await until(async () => (await page.getByRole('heading', { name: 'Person not found' }).count()) === 1, 'the person is gone after Undo');
    await goNav(page, 'People');
    assert.equal(await peopleCount(page), count0, 'Undo removed the imported person');
    assert.equal(await page.getByRole('link', { name: /^Zoë Example/ }).count(), 0);
    assert.deepEqual(errors, [], 'console errors');
  });
});

// ---------------------------------------------------------------------------------------------------------
// 5. Exports: the CSV template, the CSV export (which re-imports as a no-op) and the Excel workbook.

test('exports: CSV template, CSV export (re-imports unchanged) and the .xlsx workbook', async () => {
  await withPage('#/data', { viewport: WIDE }, async ({ page, errors }) => {
    const card = page.getByRole('region', { name: 'People and ratings (CSV and Excel)' });

    const template = await downloadOf(page, card.getByRole('button', { name: 'Download CSV template' }));
    assert.equal(template.name, 'skillgap-ratings-template.csv');
    let text = template.bytes.toString('utf8');
    assert.ok(text.startsWith('\uFEFF'), 'the template starts with a byte-order mark');
    let rows = parseCsv(text.slice(1));
    assert.deepEqual(rows[0], CSV_COLUMNS);
    assert.equal(rows.length, 4, 'header and three example rows');
    assert.deepEqual(rows.slice(1).map((r) => r[6]), ['self', 'trainer', 'agreed']);
    assert.ok(rows.slice(1).every((r) => r.length === CSV_COLUMNS.length && r[2] === ADVISOR));

    const exported = await downloadOf(page, card.getByRole('button', { name: 'Export people and ratings (CSV)' }));
    assert.match(exported.name, /^skillgap-ratings-\d{4}-\d{2}-\d{2}\.csv$/);
    text = exported.bytes.toString('utf8');
    assert.ok(text.startsWith('\uFEFF'));
    assert.ok(text.includes('\r\n'), 'CRLF line ends');
    rows = parseCsv(text.slice(1));
    assert.deepEqual(rows[0], CSV_COLUMNS);
    const at = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, i]));
    assert.ok(rows.length > 100, `rows: ${rows.length}`);
    assert.ok(rows.slice(1).every((r) => r.length === CSV_COLUMNS.length), 'every row has every column');
    const agreed = rows.find((r) => r[at.person_id] === 'p-001' && r[at.skill] === LISTENING && r[at.source] === 'agreed' && r[at.date] === '2026-09-15');
    assert.ok(agreed, 'p-001 agreed listening rating of 2026-09-15');
    assert.deepEqual([agreed[at.name], agreed[at.role], agreed[at.level], agreed[at.level_label]], ['A. Nguyen', ADVISOR, '3', 'Proficient']);
    assert.ok(rows.some((r) => r[at.level] === 'n/a'), 'no-opportunity ratings are exported as n/a');
    assert.equal(new Set(rows.slice(1).map((r) => r[at.person_id])).size, 18, 'all 18 people');

    // The export imports back without changing anything.
    await importCsv(page, exported.name, exported.bytes);
    await until(async () => new RegExp(`^${escapeRe(exported.name)}: ${rows.length - 1} rows already match the workspace; nothing to change\\.`)
      .test(await statusText(page)), 'round-trip import message');

    const xlsx = await downloadOf(page, card.getByRole('button', { name: 'Export workbook (.xlsx)' }));
    assert.match(xlsx.name, /^skillgap-ratings-\d{4}-\d{2}-\d{2}\.xlsx$/);
    assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip file');
    const zip = unzip(xlsx.bytes);
    assert.ok(zip['xl/workbook.xml'], `files: ${Object.keys(zip)}`);
    const workbook = zip['xl/workbook.xml'].toString('utf8');
    const sheets = [...workbook.matchAll(/<sheet\b[^>]*\bname="([^"]*)"[^>]*\br:id="([^"]*)"/g)].map((m) => ({ name: xmlText(m[1]), rid: m[2] }));
    assert.deepEqual(sheets.map((s) => s.name), ['Ratings', 'Effective levels', 'Role profiles']);
    const rels = zip['xl/_rels/workbook.xml.rels'].toString('utf8');
    const target = new RegExp(`<Relationship\\b[^>]*\\bId="${sheets[0].rid}"[^>]*\\bTarget="([^"]*)"`).exec(rels)
      ?? new RegExp(`<Relationship\\b[^>]*\\bTarget="([^"]*)"[^>]*\\bId="${sheets[0].rid}"`).exec(rels);
    assert.ok(target, 'the Ratings sheet has a relationship');
    const sheetPath = target[1].startsWith('/') ? target[1].slice(1) : `xl/${target[1]}`;
    const sheet = zip[sheetPath].toString('utf8');
    const shared = [...zip['xl/sharedStrings.xml'].toString('utf8').matchAll(/<si>([\s\S]*?)<\/si>/g)]
      .map((m) => xmlText([...m[1].matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
    const proficient = shared.indexOf('Proficient');
    assert.ok(proficient >= 0, 'the shared strings hold "Proficient"');
    assert.ok(new RegExp(`<c\\b[^>]*\\bt="s"[^>]*>\\s*<v>${proficient}</v>`).test(sheet), 'the Ratings sheet uses the "Proficient" label');
    assert.ok(shared.includes('Level label') && shared.includes('A. Nguyen'), 'header and names in the workbook');
    assert.deepEqual(errors, [], 'console errors');
  });
});

// ---------------------------------------------------------------------------------------------------------
// 6. Gaps: priorities, heatmap, compare, and an import that changes the heatmap.

test('gaps: readiness by role and priorities narrow by role; heatmap and compare; an import changes the heatmap', async () => {
  await withPage('#/gaps', { viewport: WIDE }, async ({ page, errors }) => {
    const gapNav = page.getByRole('navigation', { name: 'Gap views' });
    const byRole = page.getByRole('region', { name: 'Readiness by role' });
    const priorities = page.getByRole('table', { name: 'Skill gaps that matter most' });
    const inScope = async () => {
      const kpi = page.getByRole('list', { name: 'Readiness in numbers' }).getByRole('listitem').filter({ hasText: 'people assessed / in scope' });
      const m = /(\d+) \/ (\d+)/.exec(await kpi.textContent());
      assert.ok(m, 'people assessed / in scope KPI');
      return Number(m[2]);
    };

    // All roles: five readiness bars, each with a percentage; a ranked priority list.
    const bars = byRole.getByRole('listitem');
    assert.equal(await bars.count(), 5, 'one readiness bar per role');
    for (const text of await bars.allTextContents()) assert.match(text, /\d+\s%\sready · \d+ of \d+ (people|person) assessed/);
    assert.match(await byRole.textContent(), /Contact-centre agent/);
    const ranks = await priorities.locator('tbody tr').count();
    assert.ok(ranks >= 5, `priority rows: ${ranks}`);
    assert.equal((await priorities.locator('tbody tr td').first().textContent()).trim(), '1');
    assert.equal(await inScope(), 18);
    const sharesAll = (await priorities.locator('ul.shares li').allTextContents()).map((s) => s.trim());
    assert.ok(sharesAll.some((s) => !s.startsWith('Contact-centre agent')), 'priorities draw on several roles');

    // The Role filter narrows everything to that role.
    await page.getByRole('group', { name: 'Filters' }).getByLabel('Role', { exact: true }).selectOption({ label: 'Contact-centre agent' });
    await until(async () => (await bars.count()) === 1, 'one readiness bar after the role filter');
    assert.match(await bars.first().textContent(), /^Contact-centre agent/);
    assert.equal(await inScope(), 4, 'four contact-centre agents in scope');
    const shares = (await priorities.locator('ul.shares li').allTextContents()).map((s) => s.trim());
    assert.ok(shares.length > 0 && shares.every((s) => s.startsWith('Contact-centre agent')), `shares: ${JSON.stringify(shares.slice(0, 5))}`);
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await until(async () => (await bars.count()) === 5, 'five bars after Clear filters');

    // The roles × skills heatmap: every cell has screen-reader text; gaps read "mean gap".
    await gapNav.getByRole('link', { name: 'Roles × skills' }).click();
    const heat = page.getByRole('region', { name: 'Mean gap by role and skill' }).getByRole('table');
    await heat.waitFor();
    assert.equal(await gapNav.getByRole('link', { name: 'Roles × skills' }).getAttribute('aria-current'), 'page');
    const srTexts = await heat.locator('tbody td .sr-only').allTextContents();
    assert.ok(srTexts.length >= 5 * 15, `heatmap cells: ${srTexts.length}`);
    assert.ok(srTexts.some((t) => /: mean gap \d+\.\d below the required level \d, \d+ (people|person) assessed/.test(t)), 'some cell reads "mean gap"');
    const listeningCell = async () => {
      const t = (await heat.locator('tbody td .sr-only').allTextContents()).find((s) => s.startsWith(`Contact-centre agent, ${LISTENING}: `));
      assert.ok(t, 'a Contact-centre agent × Listening cell');
      return t;
    };
    const heatBefore = await listeningCell();
    assert.match(heatBefore, /mean gap 0\.5 below the required level 3, 4 people assessed/);

    // Compare the two example rounds: at least one person's readiness changed.
    await gapNav.getByRole('link', { name: 'Compare rounds' }).click();
    const filters = page.getByRole('group', { name: 'Filters' });
    await filters.getByLabel('From round').selectOption({ value: '2026-03-10' });
    await filters.getByLabel('To round').selectOption({ value: '2026-09-15' });
    const overall = page.locator('.overall-change');
    await until(async () => /on 2026-03-10 → .* on 2026-09-15/.test(await overall.textContent()), 'overall readiness across the two rounds');
    const changed = page.getByRole('table', { name: 'People whose readiness changed most' });
    await changed.waitFor();
    const changes = (await changed.locator('tbody tr').allTextContents()).map((s) => s.replace(/\s+/g, ' '));
    assert.ok(changes.length >= 1, 'at least one person changed');
    assert.ok(changes.every((s) => /points, (up|down)/.test(s)), `changes: ${JSON.stringify(changes)}`);
    assert.ok(await page.getByRole('table', { name: 'Role and skill gaps that changed most' }).locator('tbody tr').count() >= 1);

    // An agreed round that puts every contact-centre agent at level 0 on listening changes that heatmap cell.
    await goNav(page, 'Data');
    const csv = ['person_id,skill,source,level,date,note',
      ...['p-006', 'p-007', 'p-008', 'p-009'].map((id) => `${id},s-listening,agreed,0,${NEW_ROUND},Refresher needed`)].join('\n');
    await importCsv(page, 'contact-centre-listening.csv', csv);
    await until(async () => /^Imported contact-centre-listening\.csv \(4 rows\): 0 people added, 0 updated, 4 ratings added/.test(await statusText(page)),
      'import message');
    await goNav(page, 'Gaps');
    await page.getByRole('navigation', { name: 'Gap views' }).getByRole('link', { name: 'Roles × skills' }).click();
    await heat.waitFor();
    const heatAfter = await listeningCell();
    assert.notEqual(heatAfter, heatBefore);
    assert.match(heatAfter, /mean gap 3\.0 below the required level 3, 4 people assessed/);
    const visible = await heat.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: LISTENING }) })
      .locator('td', { hasText: `Contact-centre agent, ${LISTENING}:` }).locator('[aria-hidden="true"]').textContent();
    assert.equal(visible.trim(), '3.0', 'the visible value follows');
    assert.deepEqual(errors, [], 'console errors');
  });
});
