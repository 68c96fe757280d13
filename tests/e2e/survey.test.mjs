// End-to-end tests of staff surveys (issue 17) in Debian's Chromium: the trainer groups by team and opens a
// round; respondents open the survey link in fresh browsers, answer (the first by keyboard alone), and copy their
// anonymous response codes; the trainer imports three (the team stays hidden), then three more (the team is
// shown, with its written answers); a code imported twice is refused; a damaged link shows its error page. axe
// on every page, and the respondent's page at 360 px.
// Run: DIST=/path/to/dist node --test --test-concurrency=1 survey.test.mjs (DIST defaults to dist/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { axe, until, suite, withContext, shotOnFailure, artifacts } from './harness.mjs';

const { withPage, browser } = suite();
const TEAM = 'Customer contact centre';
const OBSTACLES = 'What gets in the way of giving customers better service here?';
const NARROW = { width: 360, height: 740 };

/** The rows of the table captioned `caption`, as whitespace-collapsed texts. */
async function rows(page, caption) {
  const table = page.getByRole('table', { name: caption, exact: true });
  if (!(await table.count())) return [];
  return (await table.locator('tbody tr').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
}

/** Presses Tab until `locator` has focus (at most `max` times). */
async function tabTo(page, locator, what, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${what}`);
}

/** Answers the survey at `link` in a fresh browser context as a member of `team`; returns the response code.
 * `keyboard`: by keyboard alone (Tab, arrow keys, Space, Enter), with axe on the form and the code page. */
async function respond(link, team, i, { keyboard = false, viewport } = {}) {
  return withContext(browser(), link, '', { viewport }, async ({ page, errors }) => shotOnFailure(page, `survey-respondent-${i}`, async () => {
    await page.getByRole('heading', { level: 1, name: 'Spring pulse' }).waitFor();
    assert.match(await page.locator('main').innerText(), /Results are shown only for a team with at least 5 responses/);
    const agree = page.getByRole('radio', { name: 'Agree', exact: true });
    const items = await agree.count();
    assert.equal(items, 16, 'one Agree per rated question');
    const answer = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'][i % 5];
    if (keyboard) {
      if (viewport) assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scrolling');
      assert.deepEqual(await axe(page), [], 'axe on the survey form');
      const group = page.getByRole('group', { name: 'Your team' });
      await tabTo(page, group.getByRole('radio').first(), 'the team radios');
      const target = group.getByRole('radio', { name: team });
      for (let n = 0; n < 10 && !(await target.evaluate((el) => el === document.activeElement)); n++) await page.keyboard.press('ArrowDown');
      assert.ok(await target.isChecked(), 'arrow keys choose the team');
      // The first question: Tab into its group, arrow to the answer.
      const first = page.getByRole('radio', { name: answer, exact: true }).first();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      for (let n = 0; n < 6 && !(await first.isChecked()); n++) await page.keyboard.press('ArrowRight');
      assert.ok(await first.isChecked(), `arrow keys choose ${answer}`);
    } else {
      await page.getByRole('group', { name: 'Your team' }).getByRole('radio', { name: team }).check();
    }
    for (let j = 0; j < items; j++) await page.getByRole('radio', { name: answer, exact: true }).nth(j).check();
    // Internal suppliers: the contact centre depends on its team leaders.
    await page.getByRole('checkbox', { name: 'Branch and contact-centre leadership' }).check();
    const about = page.getByRole('group', { name: 'About Branch and contact-centre leadership' });
    for (let j = 0; j < 4; j++) await about.getByRole('radio', { name: 'Disagree', exact: true }).nth(j).check();
    await page.getByLabel(OBSTACLES).fill(`Obstacle from respondent ${i}`);
    if (i === 1) {
      // A reload mid-way keeps every answer (a draft in this tab's session storage), not a blank form.
      await page.getByText(/Your answers so far are kept in this tab/).waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Spring pulse' }).waitFor();
      assert.ok(await page.getByRole('group', { name: 'Your team' }).getByRole('radio', { name: team }).isChecked(), 'the team survives a reload');
      const kept = page.getByRole('radio', { name: answer, exact: true });
      for (let j = 0; j < items; j++) assert.ok(await kept.nth(j).isChecked(), `question ${j + 1} survives a reload`);
      assert.ok(await page.getByRole('checkbox', { name: 'Branch and contact-centre leadership' }).isChecked());
      assert.equal(await page.getByLabel(OBSTACLES).inputValue(), `Obstacle from respondent ${i}`);
    }
    const finish = page.getByRole('button', { name: 'Finish and get my response code' });
    if (keyboard) {
      await tabTo(page, finish, 'the Finish button', 200);
      await page.keyboard.press('Enter');
    } else {
      await finish.click();
    }
    await page.getByRole('heading', { name: 'Thank you: here is your response code' }).waitFor();
    const code = await page.getByLabel('Response code').inputValue();
    assert.match(code, /^v1\.\d+\./);
    if (keyboard) {
      assert.deepEqual(await axe(page), [], 'axe on the response code page');
      fs.mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, 'survey-respondent-done.png'), fullPage: true });
      // A reload shows the same code (the same token), not a second response.
      await page.reload();
      await page.getByRole('heading', { name: 'Thank you: here is your response code' }).waitFor();
      assert.equal(await page.getByLabel('Response code').inputValue(), code);
    }
    assert.deepEqual(errors, []);
    return code;
  }));
}

/** Pastes `codes` into the import box, checks them and imports the accepted ones; returns the plan's text. */
async function importCodes(page, codes, expect) {
  await page.getByLabel('Response codes').fill(`Forwarded replies:\n\n${codes.join('\n\n-- next --\n')}`);
  await page.getByRole('button', { name: 'Check responses' }).click();
  await page.getByRole('heading', { name: 'Checked responses' }).waitFor();
  const text = await page.locator('.share-plan').innerText();
  if (expect) await page.getByRole('button', { name: expect }).click();
  return text;
}

test('survey: a link answered by three and then six of one team; the team is hidden, then shown; axe 0', async () => {
  await withPage('#/surveys/questions', {}, async ({ page, errors }) => shotOnFailure(page, 'survey-trainer', async () => {
    assert.deepEqual(await axe(page), [], 'axe on the questionnaire');
    // Group respondents by team, by keyboard.
    const team = page.getByRole('radio', { name: 'Team', exact: true });
    await team.focus();
    await page.keyboard.press('Space');
    assert.ok(await team.isChecked());
    await page.getByRole('link', { name: 'Rounds and results' }).click();
    await page.getByLabel('Name of the new round').fill('Spring pulse');
    await page.getByRole('button', { name: 'Open round and make its link' }).click();
    const linkBox = page.getByLabel('Survey link of “Spring pulse”');
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    assert.match(link, /#\/survey\/s1\.\d+\./);
    assert.deepEqual(await axe(page), [], 'axe on the rounds page');

    const codes = [];
    codes.push(await respond(link, TEAM, 0, { keyboard: true, viewport: NARROW }));
    for (let i = 1; i < 6; i++) codes.push(await respond(link, TEAM, i));
    assert.equal(new Set(codes).size, 6, 'six different codes');

    // Three: the team is hidden everywhere, and nothing is shown in total either.
    const plan = await importCodes(page, codes.slice(0, 3), 'Import 3 responses');
    assert.match(plan, /3 responses can be imported/);
    await until(async () => (await rows(page, 'Mean score per team and construct (1–5, 95 % interval)')).length > 0, 'the results table');
    const hidden = await rows(page, 'Mean score per team and construct (1–5, 95 % interval)');
    const teamRow = hidden.find((r) => r.startsWith(TEAM));
    assert.ok(teamRow && /hidden: fewer than the minimum number of responses/.test(teamRow), JSON.stringify(hidden));
    assert.doesNotMatch(await page.locator('main').innerText(), /Obstacle from respondent/);
    assert.match(await page.locator('main').innerText(), /Fewer than 5 responses so far/);
    assert.deepEqual(await axe(page), [], 'axe with hidden results');

    // Six: shown, with the mean of answers 1, 2, 3, 4, 5, 1 → 2.67, and the written answers.
    await importCodes(page, codes.slice(3), 'Import 3 responses');
    await until(async () => {
      const r = await rows(page, 'Mean score per team and construct (1–5, 95 % interval)');
      return r.find((x) => x.startsWith(TEAM) && /2\.67/.test(x));
    }, 'the team shown with its mean');
    const shown = (await rows(page, 'Mean score per team and construct (1–5, 95 % interval)')).find((r) => r.startsWith(TEAM));
    assert.match(shown, /n = 6/);
    const main = await page.locator('main').innerText();
    for (let i = 0; i < 6; i++) assert.match(main, new RegExp(`Obstacle from respondent ${i}`));
    // The internal-customer matrix: the contact centre rated its team leaders 2 (Disagree).
    const matrix = await rows(page, 'Internal service quality: how each group rates the groups that serve it (1–5, 95 % interval)');
    assert.ok(matrix.find((r) => r.startsWith(TEAM) && /2\.00/.test(r)), JSON.stringify(matrix));
    // The re-identification warnings name the small, open round.
    assert.match(main, /This round is open/);
    assert.match(main, /“Customer contact centre”: 6 of 300 answered/);
    assert.deepEqual(await axe(page), [], 'axe with shown results');
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'survey-trainer-results.png'), fullPage: true });

    // The same code again is refused as already imported; nothing changes.
    const again = await importCodes(page, [codes[2]]);
    assert.match(again, /already imported/i);
    assert.equal(await page.getByRole('button', { name: /^Import \d/ }).count(), 0);

    // The CSV export carries the same figures.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download results (CSV)' }).click(),
    ]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    assert.match(csv, /construct,Customer contact centre,Service climate,6,2\.67/);
    assert.match(csv, /Obstacle from respondent 5/);
    assert.deepEqual(errors, []);
  }));
});

test('survey: a damaged survey link shows what is wrong; axe 0', async () => {
  await withPage('#/survey/s1.120.AAAAbroken', {}, async ({ page, errors }) => {
    await page.getByRole('heading', { name: 'This survey link cannot be opened' }).waitFor();
    assert.match(await page.getByRole('alert').innerText(), /survey link/);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(errors, []);
  });
});
