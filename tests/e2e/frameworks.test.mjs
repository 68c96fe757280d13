// End-to-end tests of skill frameworks in the built app: importing a framework on the Data page (plan,
// import, undo), a bad file's message, the exports, and "Start from an O*NET occupation" on the Roles page;
// axe-core finds no WCAG 2.x A/AA violation on the new UI at 1280 and 360 px.
// Run: cd tests/e2e && node --test frameworks.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { axe, until, suite, root } from './harness.mjs';

const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 740 };
const fixtures = path.join(root, 'tests', 'fixtures', 'frameworks');
const { withPage } = suite();

const fixture = async (name) => ({ name, mimeType: 'text/plain', buffer: await fs.readFile(path.join(fixtures, name)) });
const skillCount = (page) => page.locator('nav[aria-label="Skills"] li').count();

for (const [vpName, viewport] of [['1280 px', WIDE], ['360 px', NARROW]]) {
  test(`a Moodle framework is planned, imported and undone at ${vpName}; no axe violations`, async () => {
    await withPage('#/skills', { viewport }, async ({ page, errors }) => {
      const before = await skillCount(page);
      await page.getByRole('link', { name: 'Data', exact: true }).first().click();
      await page.getByRole('heading', { name: 'Import a skill framework' }).waitFor();
      await page.getByLabel('Framework files').setInputFiles(await fixture('moodle_service.csv'));
      const plan = page.locator('.fw-plan');
      await plan.getByRole('heading', { name: 'What importing “Harbour service framework” would do' }).waitFor();
      // Focus moves to the plan's heading, so a keyboard or screen-reader user lands on it.
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'fw-plan-title');
      const summary = await plan.locator('.fw-summary').innerText();
      assert.match(summary, /^3 skills new, 1 updated, 0 unchanged, 2 skipped\./);
      assert.match(summary, /2 skipped/);
      assert.match(summary, /Nothing changes until you import/);
      // Matched by name: the example's own "Listening and needs discovery".
      const skillsTable = plan.getByRole('table', { name: /Skills \(4\)/ });
      await assert.doesNotReject(skillsTable.getByText('same name as “Listening and needs discovery”').waitFor());
      const skipped = plan.getByRole('table', { name: /Skipped \(2\)/ });
      await skipped.getByText(/Its parent id number “nowhere” is not in the file/).waitFor();
      assert.deepEqual(await axe(page), [], 'axe on the Data page with a plan shown');
      // Nothing changed yet.
      await page.getByRole('link', { name: 'Skill library', exact: true }).first().click();
      assert.equal(await skillCount(page), before);
      await page.getByRole('link', { name: 'Data', exact: true }).first().click();
      // The plan went with the page; choose the file again and import.
      await page.getByLabel('Framework files').setInputFiles(await fixture('moodle_service.csv'));
      await page.getByRole('button', { name: 'Import 4 skills' }).click();
      await page.getByRole('status').filter({ hasText: 'Imported Harbour service framework: 3 skills new, 1 updated' }).waitFor();
      await page.getByRole('link', { name: 'Skill library', exact: true }).first().click();
      await until(async () => (await skillCount(page)) === before + 3, 'three more skills');
      await page.getByRole('link', { name: /Explaining products plainly/ }).waitFor();
      // One undo step takes the whole import back.
      await page.getByRole('button', { name: '↶ Undo' }).click();
      await until(async () => (await skillCount(page)) === before, 'the skills as before');
      assert.equal(await page.getByRole('link', { name: /Explaining products plainly/ }).count(), 0);
      assert.deepEqual(errors, []);
    });
  });

  test(`Start from an O*NET occupation on the Roles page at ${vpName}: plan and create the role; no axe violations`, async () => {
    await withPage('#/roles', { viewport }, async ({ page, errors }) => {
      await page.getByRole('heading', { name: 'Start from an O*NET occupation' }).waitFor();
      await page.getByLabel('Occupation', { exact: true }).selectOption('43-3071.00');
      await page.getByRole('button', { name: 'Plan the role' }).click();
      // This build ships no O*NET figures, and says so, offering the trainer's own O*NET files instead.
      const missing = page.locator('#onet-missing');
      await missing.getByText(/^This build of Skillgap does not include O\*NET's ratings for Tellers/).waitFor();
      assert.ok(await page.getByText(/CC BY 4\.0/).first().isVisible());
      assert.deepEqual(await axe(page), [], 'axe on the Roles page with the template shown');
      // Test files in O*NET's format (invented values for a made-up occupation): the plan filters to the
      // template's occupation, so these give nothing for Tellers …
      await page.getByLabel('O*NET files for Tellers').setInputFiles([await fixture('onet_test_skills.txt'), await fixture('onet_test_knowledge.txt')]);
      await page.locator('.fw-plan').getByText(/The file has no ratings for the occupation 43-3071\.00/).waitFor();
      assert.equal(await page.getByRole('button', { name: /Create the role/ }).count(), 0);
      await page.getByRole('button', { name: 'Cancel' }).click();
      assert.deepEqual(errors, []);
    });
  });
}

test('an O*NET import on the Data page makes a role profile with both rescalings stated', async () => {
  await withPage('#/data', {}, async ({ page, errors }) => {
    await page.getByLabel('Framework files').setInputFiles([await fixture('onet_test_skills.txt'), await fixture('onet_test_knowledge.txt')]);
    const plan = page.locator('.fw-plan');
    await plan.getByText(/The file rates 2 occupations: choose the one/).waitFor();
    await plan.getByLabel('Occupation', { exact: true }).selectOption('99-0001.00');
    await plan.getByText(/Role profile: “O\*NET 99-0001\.00”/).waitFor();
    const text = await plan.innerText();
    assert.match(text, /Required level = O\*NET Level \(0–7\) × 4 \/ 7, rounded/);
    assert.match(text, /importance = O\*NET Importance \(1–5/);
    const row = plan.getByRole('table', { name: /Requirements \(4\)/ }).getByRole('row', { name: /Service Orientation/ });
    assert.match(await row.innerText(), /4\.50\s+5\s+4\.62\s+3/);
    await plan.getByRole('button', { name: 'Create the role and import 4 skills' }).click();
    await page.getByRole('status').filter({ hasText: 'role “O*NET 99-0001.00” created' }).waitFor();
    await page.getByRole('link', { name: 'Roles', exact: true }).first().click();
    await page.getByRole('link', { name: /O\*NET 99-0001\.00/ }).click();
    await page.getByRole('cell', { name: 'Service Orientation' }).or(page.getByRole('rowheader', { name: 'Service Orientation' })).first().waitFor();
    assert.deepEqual(errors, []);
  });
});

test('a bad framework file is refused with its row and column, and nothing changes', async () => {
  await withPage('#/data', {}, async ({ page, errors }) => {
    const header = '"Parent id number","Id number",Shortname,Description,"Description format","Scale values","Scale configuration","Rule type (optional)","Rule outcome (optional)","Rule config (optional)","Cross referenced competency id numbers","Exported id (optional)","Is framework",Taxonomy';
    const text = `${header}\n,FW,Frame,,1,,,,,,,,1,\n,a,A,,1,,,,,,,,,\n,a,B,,1,,,,,,,,,\n`;
    await page.getByLabel('Framework files').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    const alert = page.getByRole('alert').filter({ hasText: 'nothing was changed' });
    await alert.getByText('broken.csv, row 4, column 2 (Id number): the id number “a” is also used in row 3; id numbers must be unique').waitFor();
    assert.equal(await page.locator('.fw-plan').count(), 0);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(errors, []);
  });
});

test('the library exports as a Moodle framework and a CASE 1.1 package that import back', async () => {
  await withPage('#/data', {}, async ({ page, errors }) => {
    const [moodle] = await Promise.all([
      page.waitForEvent('download', { timeout: 10_000 }),
      page.getByRole('button', { name: 'Export as Moodle framework (CSV)' }).click(),
    ]);
    assert.match(moodle.suggestedFilename(), /^skillgap-example-.*\.csv$/);
    const csv = await fs.readFile(await moodle.path(), 'utf8');
    assert.ok(csv.startsWith('"Parent id number","Id number",Shortname,Description,"Description format"'), csv.slice(0, 120));
    const [casePkg] = await Promise.all([
      page.waitForEvent('download', { timeout: 10_000 }),
      page.getByRole('button', { name: 'Export as CASE 1.1 package (JSON)' }).click(),
    ]);
    const pkg = JSON.parse(await fs.readFile(await casePkg.path(), 'utf8'));
    assert.equal(pkg.CFDocument.caseVersion, '1.1');
    assert.equal(pkg.CFItems.filter((i) => i.CFItemType === 'Skill').length, 17);
    // The CASE package read back into the same library changes nothing: every skill is found by name.
    await page.getByLabel('Framework files').setInputFiles({ name: 'library.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pkg)) });
    const summary = page.locator('.fw-plan .fw-summary');
    await until(async () => /0 skills new, 17 updated/.test(await summary.innerText()), 'every skill matched');
    assert.deepEqual(errors, []);
  });
});
