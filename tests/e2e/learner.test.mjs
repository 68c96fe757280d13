// End-to-end tests of learner self-assessment (issue 6) in Debian's Chromium: the trainer makes a learner link on
// #/share, a learner answers it by keyboard (with a reload half-way), the trainer imports the result code (and a
// result file) as self ratings; duplicates and tampered codes are refused; a bad link shows the error page; axe
// and 360 px layout on every learner page. Written against the DOM contract in the issue 6 brief.
// Run: DIST=/path/to/dist node --test --test-concurrency=1 learner.test.mjs (DIST defaults to dist/).
// On failure, a screenshot goes to tests/e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { axe, until, reload, suite, shotOnFailure } from './harness.mjs';
import {
  ADVISOR, sharedLink, makeLearnerLink, stepInfo, resumedStep, startAssessment, answerAll, submit, nextFrom, tabTo, isFocused, focusedDesc,
  levelRadio, noOpportunity, button, resultHeading,
} from './lms/flow.mjs';

const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 740 };

const { withPage, url, browser } = suite();

// One learner link for the file's tests, made through the trainer UI once (the round-trip test makes its own).
const theLink = sharedLink(browser, url, 'learner-make-link');

/** Whether the page scrolls sideways at its current width. */
async function overflow(page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
  }));
  return scrollWidth > clientWidth ? `page is ${scrollWidth} px wide in a ${clientWidth} px viewport` : null;
}

/** Rows of the table captioned `caption` (its tbody rows' texts); [] when there is no such table. */
async function tableRows(page, caption) {
  const table = page.getByRole('table', { name: caption, exact: true });
  if (!(await table.count())) return [];
  return (await table.locator('tbody tr').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
}

/** Focuses the radio of the current step's fieldset (Tab into the group, then arrow keys) named by `answer`. */
async function chooseByKeyboard(page, answer, problems) {
  const target = answer === 'none' ? noOpportunity(page) : levelRadio(page, answer);
  // Tab until focus is on a radio of the step's fieldset (the group is one tab stop).
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate(() => document.activeElement?.matches('main fieldset input[type=radio]'))) break;
    await page.keyboard.press('Tab');
  }
  assert.ok(await page.evaluate(() => document.activeElement?.matches('main fieldset input[type=radio]')),
    `Tab reaches the step's radios; focus is on ${await focusedDesc(page)}`);
  // Arrow keys move through the group (and wrap); bounded by twice the number of radios. Should the target be a
  // group of its own ("No opportunity" with another name), Tab reaches it.
  const radios = await page.locator('main fieldset input[type=radio]').count();
  for (let i = 0; i < 2 * radios && !(await isFocused(target)); i++) await page.keyboard.press('ArrowDown');
  if (!(await isFocused(target))) await tabTo(page, target, `the radio for ${answer}`, 20);
  await page.keyboard.press('Space');
  assert.ok(await target.isChecked(), `Space checks the radio for ${answer}`);
  if (problems && !(await page.locator('main fieldset input[type=radio]:checked').count())) problems.push('no radio checked after Space');
}

/** Tab to the button `name` and press Enter. */
async function pressButton(page, name) {
  const b = button(page, name);
  await tabTo(page, b, `the "${name}" button`);
  await page.keyboard.press('Enter');
}

// ---------------------------------------------------------------------------------------------------------
// 1. The whole round trip by keyboard.

test('round trip by keyboard: link → learner answers (reload half-way resumes) → result code → trainer imports; a duplicate and a tampered code are refused', async () => {
  await withPage('#/share', { viewport: WIDE }, async ({ page, context, errors }) => {
    const { link, code } = await shotOnFailure(page, 'roundtrip-trainer-link', () => makeLearnerLink(page, url(), ADVISOR));
    const open = page.getByRole('link', { name: /^Open as the learner/ });
    assert.ok((await open.getAttribute('href'))?.endsWith(code), '"Open as the learner" points at the link');
    assert.equal(await open.getAttribute('target'), '_blank', '"Open as the learner" opens a new tab');

    // The learner, in a new page, from the link's text.
    const learner = await context.newPage();
    learner.setDefaultTimeout(15_000);
    const learnerErrors = [];
    learner.on('pageerror', (e) => learnerErrors.push(String(e)));
    learner.on('console', (m) => { if (m.type() === 'error') learnerErrors.push(m.text()); });
    const NAME = 'Zoë Keyboard';
    let resultCode;
    const given = {};
    await shotOnFailure(learner, 'roundtrip-learner', async () => {
      await learner.goto(link);
      await learner.locator('main h1').first().waitFor();
      assert.equal(await learner.getByRole('heading', { level: 1 }).count(), 1, 'one h1 on the start page');
      assert.match((await learner.getByRole('heading', { level: 1 }).innerText()).trim(), /^Self-assessment: /);
      assert.equal((await learner.locator('.lms-mode').innerText()).trim(), 'Standalone', 'mode label');

      // Name and Start, by keyboard.
      const nameField = learner.getByLabel('Your name', { exact: true });
      await tabTo(learner, nameField, 'the "Your name" field');
      await learner.keyboard.type(NAME);
      await pressButton(learner, 'Start');
      let s = await until(() => stepInfo(learner), 'skill 1 after Start', 15_000);
      assert.equal(s.i, 1);
      const n = s.n;
      assert.ok(n >= 4, `the ${ADVISOR} link asks about several skills (${n})`);
      assert.ok(await learner.getByRole('progressbar', { name: 'Progress' }).isVisible(), 'a <progress> labelled "Progress"');
      const half = Math.floor(n / 2);

      // Answer the first half; skill 2 gets "No opportunity to show this".
      const answerFor = (i) => (i === 2 ? 'none' : (i % 4) + 1);
      while (s !== 'review' && s.i <= half) {
        const a = answerFor(s.i);
        given[s.skill] = a;
        await chooseByKeyboard(learner, a);
        await pressButton(learner, 'Next');
        s = await nextFrom(learner, s);
      }
      assert.equal(s.i, half + 1, `on skill ${half + 1} after answering ${half}`);

      // Reload half-way: resumes at the same skill, earlier answers kept.
      await reload(learner);
      let r = await resumedStep(learner, 'after reload');
      assert.deepEqual([r.i, r.n, r.skill], [s.i, s.n, s.skill], 'after reload the learner is on the same skill');
      await pressButton(learner, 'Back');
      const prev = await nextFrom(learner, r);
      assert.equal(prev.i, half, `Back goes to skill ${half}`);
      const prevAnswer = given[prev.skill];
      const prevRadio = prevAnswer === 'none' ? noOpportunity(learner) : levelRadio(learner, prevAnswer);
      assert.ok(await prevRadio.isChecked(), `skill ${half} (${prev.skill}) still has its answer ${prevAnswer} after reload`);
      await pressButton(learner, 'Next');
      s = await nextFrom(learner, prev);

      // The rest.
      for (let guard = 0; guard < n + 2 && s !== 'review'; guard++) {
        const a = answerFor(s.i);
        given[s.skill] = a;
        await chooseByKeyboard(learner, a);
        await pressButton(learner, 'Next');
        s = await nextFrom(learner, s);
      }
      assert.equal(s, 'review', 'after the last skill, Next leads to the review');
      assert.equal(Object.keys(given).length, n, 'every skill answered once');

      const review = await learner.locator('main').innerText();
      for (const skill of Object.keys(given)) assert.ok(review.includes(skill), `the review lists ${skill}`);
      await pressButton(learner, 'Submit my answers');
      await resultHeading(learner).waitFor();
      for (const h of ['Your largest gaps', 'Next steps']) {
        assert.ok(await learner.getByRole('heading', { level: 3, name: h, exact: true }).isVisible(), `h3 "${h}" on the result`);
      }
      const box = learner.getByLabel('Your result code', { exact: true });
      assert.notEqual(await box.getAttribute('readonly'), null, '"Your result code" is read-only');
      resultCode = (await box.inputValue()).trim();
      assert.match(resultCode, /^r1\.\d+\.[A-Za-z0-9_-]+$/, 'a result code');
      for (const b of ['Copy result code', 'Download result file']) assert.ok(await button(learner, b).isVisible(), `button "${b}"`);
      assert.deepEqual(learnerErrors, [], 'no console errors on the learner pages');
    });
    await learner.close();

    // The trainer imports the code.
    await shotOnFailure(page, 'roundtrip-trainer-import', async () => {
      await page.bringToFront();
      const codes = page.getByLabel('Result codes', { exact: true });
      await codes.fill(`Hi, here is my result:\n${resultCode}\nZoë`);
      await button(page, 'Check results').click();
      const rows = await until(async () => {
        const r = await tableRows(page, 'Results to import');
        return r.length ? r : null;
      }, 'a row in "Results to import"', 15_000);
      assert.equal(rows.length, 1, `one result to import: ${JSON.stringify(rows)}`);
      assert.ok(rows[0].includes(NAME), `the row names the learner: ${rows[0]}`);
      assert.deepEqual(await tableRows(page, 'Results refused'), [], 'nothing refused');
      await button(page, 'Import 1 result').click();
      await page.getByText(/^Imported 1 result\b/).first().waitFor();

      // The self ratings are on the new person's page.
      await page.goto(`${url()}#/people`);
      await page.getByRole('link', { name: new RegExp(`^${NAME}`) }).click();
      const table = page.getByRole('table', { name: `Ratings of ${NAME} against the ${ADVISOR} profile` });
      await table.waitFor();
      const headers = (await table.getByRole('columnheader').allTextContents()).map((t) => t.trim());
      const self = headers.indexOf('Self') - 1;
      assert.ok(self >= 0, `a Self column in ${headers}`);
      for (const [skill, a] of Object.entries(given)) {
        const cells = (await table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: skill, exact: true }) })
          .locator('td').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
        if (a === 'none') assert.equal(cells[self], 'No opportunity', `${skill}: self rating "No opportunity"`);
        else assert.ok(cells[self]?.startsWith(`${a} `), `${skill}: self rating ${a}, shown as "${cells[self]}"`);
      }

      // The same code again, and a tampered copy: both refused, nothing to import.
      await page.goto(`${url()}#/share`);
      await page.getByRole('heading', { level: 1, name: 'Learner links' }).waitFor();
      const body = resultCode.slice(resultCode.indexOf('.', 3) + 1);
      const at = Math.floor(body.length / 2);
      const swapped = body[at] === 'A' ? 'B' : 'A';
      const tampered = resultCode.slice(0, resultCode.length - body.length + at) + swapped + resultCode.slice(resultCode.length - body.length + at + 1);
      assert.notEqual(tampered, resultCode);
      await page.getByLabel('Result codes', { exact: true }).fill(`${resultCode}\n${tampered}`);
      await button(page, 'Check results').click();
      const refused = await until(async () => {
        const r = await tableRows(page, 'Results refused');
        return r.length >= 2 ? r : null;
      }, 'two rows in "Results refused"', 15_000);
      assert.equal(refused.length, 2, `two refused: ${JSON.stringify(refused)}`);
      assert.match(refused[0], /already imported/i, `the same code again is refused as already imported: ${refused[0]}`);
      assert.match(refused[1], /changed or damaged|checksum/, `the tampered code is refused as changed: ${refused[1]}`);
      assert.deepEqual(await tableRows(page, 'Results to import'), [], 'nothing to import');
      assert.equal(await page.getByRole('button', { name: /^Import \d+ results?$/ }).count(), 0, 'no Import button');
      assert.deepEqual(errors, [], 'no console errors on the trainer page');
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// 2. The result file: downloaded by the learner, imported through "Result files".

test('result file: the learner downloads it, the trainer imports it through "Result files"', async () => {
  const { code } = await theLink();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillgap-result-'));
  await withPage(`#/learn/${code}`, { viewport: WIDE }, async ({ page, context, errors }) => {
    await shotOnFailure(page, 'result-file', async () => {
      await startAssessment(page, 'Filipa File');
      const { given, at } = await answerAll(page, (s) => (s.i % 3) + 1);
      assert.equal(at, 'review');
      const code2 = await submit(page);
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 15_000 }),
        button(page, 'Download result file').click(),
      ]);
      const name = download.suggestedFilename();
      assert.match(name, /\.json$/, `the result file is a .json file: ${name}`);
      const file = path.join(dir, name);
      await download.saveAs(file);
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.equal(json.kind, 'skillgap-learner-results');
      assert.equal(json.format_version, 1);
      assert.deepEqual(json.codes, [code2], 'the file holds the result code shown');

      const trainer = await context.newPage();
      trainer.setDefaultTimeout(15_000);
      await shotOnFailure(trainer, 'result-file-trainer', async () => {
        await trainer.goto(`${url()}#/share`);
        await trainer.getByRole('heading', { level: 1, name: 'Learner links' }).waitFor();
        await trainer.getByLabel('Result files').setInputFiles(file);
        await button(trainer, 'Check results').click();
        const rows = await until(async () => {
          const r = await tableRows(trainer, 'Results to import');
          return r.length ? r : null;
        }, 'a row in "Results to import" after choosing the result file', 15_000);
        assert.equal(rows.length, 1, JSON.stringify(rows));
        assert.ok(rows[0].includes('Filipa File'), rows[0]);
        await button(trainer, 'Import 1 result').click();
        await trainer.getByText(/^Imported 1 result\b/).first().waitFor();
        await trainer.goto(`${url()}#/people`);
        await trainer.getByRole('link', { name: /^Filipa File/ }).click();
        const table = trainer.getByRole('table', { name: `Ratings of Filipa File against the ${ADVISOR} profile` });
        await table.waitFor();
        assert.equal(await table.locator('tbody tr').count() >= Object.keys(given).length, true, 'a row per skill');
      });
      assert.deepEqual(errors, [], 'no console errors');
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// 3. Every learner page at 1280 and 360 px: one h1, axe, no sideways scrolling; the error page.

for (const [vpName, viewport] of [['1280 px', WIDE], ['360 px', NARROW]]) {
  test(`learner pages at ${vpName}: start, skill step, list mode, review, result and a bad link — one h1, axe 0 violations${viewport === NARROW ? ', no horizontal overflow' : ''}`, async () => {
    const { code } = await theLink();
    await withPage(`#/learn/${code}`, { viewport }, async ({ page, errors }) => {
      await shotOnFailure(page, `learner-pages-${viewport.width}`, async () => {
        const problems = [];
        const check = async (what) => {
          const h1 = await page.getByRole('heading', { level: 1 }).count();
          if (h1 !== 1) problems.push(`${what}: ${h1} h1 elements`);
          for (const v of await axe(page)) problems.push(`${what}: axe ${v}`);
          if (viewport === NARROW) {
            const o = await overflow(page);
            if (o) problems.push(`${what}: ${o}`);
          }
        };
        await check('start');
        const s1 = await startAssessment(page, 'Axel Axe');
        assert.ok(await page.getByLabel('Note (optional)', { exact: true }).isVisible(), 'a "Note (optional)" textarea');
        assert.ok(await page.getByRole('progressbar', { name: 'Progress' }).isVisible(), 'progress');
        await check('skill step');

        await button(page, 'Show all skills on one page').click();
        await until(async () => (await page.locator('main fieldset').count()) >= s1.n, `a fieldset per skill (${s1.n}) in list mode`, 15_000);
        await check('list mode');
        await button(page, 'Show one skill at a time').click();
        await until(async () => (await page.locator('main fieldset').count()) === 1, 'one fieldset after "Show one skill at a time"', 15_000);

        const { at } = await answerAll(page, (s) => (s.i === 1 ? 'none' : s.i % 5));
        assert.equal(at, 'review');
        await check('review');
        await submit(page);
        await check('result');

        // A bad link: one character of a good one changed.
        const at2 = code.length - 5;
        const bad = code.slice(0, at2) + (code[at2] === 'A' ? 'B' : 'A') + code.slice(at2 + 1);
        await page.goto('about:blank');
        await page.goto(`${url()}#/learn/${bad}`);
        const h1 = page.getByRole('heading', { level: 1, name: 'This learner link cannot be opened', exact: true });
        await h1.waitFor();
        const alert = (await page.getByRole('alert').allInnerTexts()).join(' ');
        assert.match(alert, /learner link/, `the alert says what is wrong with the learner link: ${alert}`);
        assert.match(alert, /changed or damaged|checksum/, `the codec's message: ${alert}`);
        await check('bad link');
        assert.deepEqual(problems, [], 'accessibility and layout problems');
        assert.deepEqual(errors, [], 'no console errors');
      });
    });
  });
}

// Issue 11 item 10 (the app's side): links as mail programs and LMS fields mangle them still open the learner
// page — a fragment percent-encoded whole, a trailing ">" or '"', a line break or spaces in the middle, and
// launch parameters appended after the code; opened fresh and in a tab that already runs the trainer app.
test('mangled learner links open the learner page: %2F-encoded fragment, trailing > or ", broken by spaces, parameters after the code', async () => {
  const { link, code } = await theLink();
  const base = link.slice(0, link.indexOf('#'));
  const half = Math.floor(code.length / 2);
  const mangled = {
    'percent-encoded fragment': `${base}#%2Flearn%2F${code}`,
    'trailing >': `${base}#/learn/${code}%3E`,
    'trailing "': `${base}#/learn/${code}%22`,
    'broken by spaces': `${base}#/learn/${code.slice(0, half)}%20%20${code.slice(half)}`,
    'broken by a line break': `${base}#/learn/${code.slice(0, half)}%0D%0A${code.slice(half)}`,
    'parameters after the code': `${base}#/learn/${code}?utm_source=mail&x=1`,
  };
  const context = await browser().newContext({ viewport: WIDE });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await shotOnFailure(page, 'learner-mangled', async () => {
      for (const [what, href] of Object.entries(mangled)) {
        await page.goto('about:blank');
        await page.goto(href);
        await page.getByRole('heading', { level: 1, name: `Self-assessment: ${ADVISOR}` }).waitFor({ timeout: 15_000 }).catch(() => {
          throw new Error(`${what}: the learner page did not open (${href.slice(0, 120)}…)`);
        });
        assert.equal(await page.getByRole('heading', { name: 'This learner link cannot be opened' }).count(), 0, `${what}: not "damaged"`);
      }
      // Pasted into a tab that already runs the trainer app: the encoded fragment reloads into learner mode.
      await page.goto(`${base}#/`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.evaluate((h) => { location.hash = h; }, `%2Flearn%2F${code}`);
      await page.getByRole('heading', { level: 1, name: `Self-assessment: ${ADVISOR}` }).waitFor({ timeout: 15_000 });
    });
  } finally {
    await context.close();
  }
});
