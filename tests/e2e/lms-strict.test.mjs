// End-to-end tests of issue 12, "Every LMS records the result", in Debian's Chromium: the packages a trainer
// downloads from the Learner links page (built in the browser), run in strict LMS stand-ins written from the
// specifications — SCORM 1.2 and 2004 run-times (lms/strict-scorm.js, played by lms/strict.html) and a strict
// cmi5 LMS/LRS (lms/lrs.mjs) — and what those LMSs store.
//  - the three downloads are byte-identical with the package command's zips for the same inputs; the SCORM
//    ones pass the package checks; cmi5.xml is valid against the cmi5 CourseStructure.xsd (xmllint);
//  - SCORM 2004 (answering with numbers and booleans) and SCORM 1.2 (offered beside a 2004 API): completed, the
//    score and every interaction stored, nothing refused; a pass mark; a commit refused and sent again;
//  - closing the page mid-way ends the session (time, exit suspend, Finish) and a relaunch resumes; a review
//    launch writes nothing and finishes;
//  - cmi5: launched with its parameters after a fragment; every statement accepted; a reload carries on the
//    session; a second device resumes from the LMS and sends no second completed; a Review launch; cmi5
//    parameters in the address of the hosted page contact nobody.
// Run: node --test lms-strict.test.mjs (DIST: the built app, default dist/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { until, suite, serve, shotOnFailure } from './harness.mjs';
import { startLrs, cmi5LaunchUrl, CMI5_SESSION_EXT } from './lms/lrs.mjs';
import {
  makeLearnerLink, resumedStep, startAssessment, answerAll, submit, button, buildPackage, unzip, checkPackage, lmsRoutes,
  listFiles,
} from './lms/flow.mjs';

const WIDE = { width: 1280, height: 900 };
const FRAME = 'iframe[title="Skillgap self-assessment"]';
const TOP = 4;
const here = path.dirname(new URL(import.meta.url).pathname);
const XSD = path.join(here, 'lms', 'cmi5-CourseStructure.xsd');

const { url, browser } = suite();
const lmsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'skillgap-strict-'));
let lms;
let lrs;
before(async () => {
  lms = await serve(lmsRoot, lmsRoutes());
  lrs = await startLrs({ allowOrigin: lms.url.slice(0, -1), moveOn: 'Completed' });
});
after(async () => {
  await lms?.close();
  await lrs?.close();
  fs.rmSync(lmsRoot, { recursive: true, force: true });
});

const run = (cmd, args) => new Promise((ok) => execFile(cmd, args, (err, stdout, stderr) => ok({ code: err ? err.code || 1 : 0, stdout, stderr })));

// ---------------------------------------------------------------------------------------------------------
// The downloads, made once: a link through the trainer UI, then each package from its download button.

let downloadsPromise;
function downloads() {
  downloadsPromise ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillgap-downloads-'));
    const context = await browser().newContext({ viewport: WIDE, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      return await shotOnFailure(page, 'strict-downloads', async () => {
        const { code } = await makeLearnerLink(page, url());
        const get = async (kind, { mastery = '', origins = '' } = {}) => {
          await page.getByLabel('Pass mark (optional)', { exact: true }).fill(String(mastery));
          await page.getByLabel(/^cmi5 only: other sites/).fill(origins);
          const [download] = await Promise.all([
            page.waitForEvent('download', { timeout: 120_000 }),
            page.getByRole('button', { name: `Download ${kind} package`, exact: true }).click(),
          ]);
          const file = path.join(dir, `${mastery || 'none'}-${download.suggestedFilename()}`);
          await download.saveAs(file);
          await until(async () => /^Downloaded skillgap-/.test((await page.locator('.share-package-status').innerText()).trim()),
            `the "Downloaded …" status after "Download ${kind} package"`, 30_000);
          return { file, name: download.suggestedFilename() };
        };
        const zips = {
          12: await get('SCORM 1.2'),
          2004: await get('SCORM 2004'),
          '2004m': await get('SCORM 2004', { mastery: 60 }),
          cmi5: await get('cmi5', { origins: lrs.origin }),
        };
        // A pass mark of 0 is refused, with the reason, and nothing is downloaded.
        await page.getByLabel('Pass mark (optional)', { exact: true }).fill('0');
        await page.getByRole('button', { name: 'Download SCORM 1.2 package', exact: true }).click();
        await page.getByRole('alert').filter({ hasText: /1–100/ }).waitFor();
        assert.deepEqual(errors, [], 'no page errors while building');
        for (const [k, sub] of [['12', 'pkg12'], ['2004', 'pkg2004'], ['2004m', 'pkg2004m'], ['cmi5', 'pkgcmi5']]) {
          await unzip(zips[k].file, path.join(lmsRoot, sub));
        }
        return { code, zips, dir };
      });
    } finally {
      await context.close();
    }
  })();
  return downloadsPromise;
}

test('Learner links page: the download buttons build SCORM 1.2, SCORM 2004 and cmi5 zips byte-identical with the package command; cmi5.xml is valid against CourseStructure.xsd', async () => {
  const { code, zips } = await downloads();
  const cmd = await buildPackage(code, { version: 'all' });
  const m = await buildPackage(code, { version: '2004', mastery: 60 });
  const c = await buildPackage(code, { version: 'cmi5', origins: [lrs.origin] });
  const same = (a, b, what) => assert.ok(fs.readFileSync(a).equals(fs.readFileSync(b)), `${what}: the page's download and the command's zip are byte-identical`);
  same(zips[12].file, cmd.zips['12'], 'SCORM 1.2');
  same(zips[2004].file, cmd.zips['2004'], 'SCORM 2004');
  same(zips['2004m'].file, m.zips['2004'], 'SCORM 2004 with a pass mark');
  same(zips.cmi5.file, c.zips.cmi5, 'cmi5 with another site');
  assert.ok(!fs.readFileSync(zips.cmi5.file).equals(fs.readFileSync(cmd.zips.cmi5)), 'the allowed site is part of the cmi5 package');
  assert.equal(zips[12].name, path.basename(cmd.zips['12']));
  checkPackage(path.join(lmsRoot, 'pkg12'), '12', code);
  checkPackage(path.join(lmsRoot, 'pkg2004'), '2004', code);
  const manifest = checkPackage(path.join(lmsRoot, 'pkg2004m'), '2004', code);
  assert.match(manifest, /<imsss:minNormalizedMeasure>0\.6<\/imsss:minNormalizedMeasure>/);
  // The packages hold what the learner's page loads, not the simulation worker.
  for (const dir of ['pkg12', 'pkgcmi5']) {
    const files = listFiles(path.join(lmsRoot, dir));
    assert.ok(!files.some((f) => f.startsWith('simworker')), `${dir} has no simulation worker: ${files}`);
  }
  const cmi5 = path.join(lmsRoot, 'pkgcmi5', 'cmi5.xml');
  assert.ok(fs.existsSync(cmi5), 'cmi5.xml at the root of the cmi5 package');
  const lint = await run('xmllint', ['--noout', '--schema', XSD, cmi5]);
  assert.equal(lint.code, 0, `xmllint --schema CourseStructure.xsd cmi5.xml: ${lint.stderr}`);
  const xml = fs.readFileSync(cmi5, 'utf8');
  assert.match(xml, /<au id="urn:skillgap:assessment:[^"]+:au" moveOn="Completed"/);
  assert.match(xml, /<url>index\.html<\/url>/);
  const index = fs.readFileSync(path.join(lmsRoot, 'pkgcmi5', 'index.html'), 'utf8');
  assert.ok(index.includes(`<meta name="skillgap-lms" content="cmi5 ${lrs.origin}">`), 'the cmi5 package says where it may report');
  for (const [k, z] of Object.entries(zips)) console.log(`download ${k}: ${z.name}, ${fs.statSync(z.file).size} bytes`);
});

// ---------------------------------------------------------------------------------------------------------
// SCORM in the strict run-times.

/** Opens strict.html with `query` in a new context — or in `shared`, the LMS's storage kept between
 * launches — and runs `body({ page, context, frame, record, errors })`. */
async function withStrict(query, name, body, shared = null) {
  const context = shared || await browser().newContext({ viewport: WIDE });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const record = () => page.evaluate(() => window.lmsRecord?.());
  try {
    await page.goto(`${lms.url}strict.html?${query}`);
    await until(() => record(), 'the strict LMS set up', 15_000);
    const frame = page.frameLocator(FRAME);
    return await shotOnFailure(page, name, () => body({ page, context, frame, record, errors }), record);
  } finally {
    if (shared) await page.close(); else await context.close();
  }
}

const strictQuery = (version, pkg, attempt, extra = '') => {
  const app = `/${pkg}/index.html`;
  return `scorm=${version}&app=${encodeURIComponent(app)}&manifest=${encodeURIComponent(`/${pkg}/imsmanifest.xml`)}&attempt=${attempt}${extra}`;
};

/** Stored interactions 0..n as { id, type, response, result, timestamp }. */
function storedInteractions(rec, v12) {
  const store = rec.record.stored.store;
  const n = rec.record.stored.counts['cmi.interactions'];
  return Array.from({ length: n }, (_, i) => ({
    id: store[`cmi.interactions.${i}.id`],
    type: store[`cmi.interactions.${i}.type`],
    response: store[`cmi.interactions.${i}.${v12 ? 'student_response' : 'learner_response'}`],
    result: store[`cmi.interactions.${i}.result`],
    timestamp: store[`cmi.interactions.${i}.timestamp`],
  }));
}

test('SCORM 2004, strict run-time answering with numbers and booleans: the downloaded package stores completed, the score and every interaction; nothing refused', async () => {
  await downloads();
  await withStrict(strictQuery('2004', 'pkg2004', `a2004-${Date.now()}`, '&returns=native'), 'strict-2004', async ({ frame, record, errors }) => {
    await frame.locator('.lms-mode').filter({ hasText: 'SCORM 2004' }).waitFor();
    assert.match(await frame.locator('.lms-host').innerText(), /reporting to 127\.0\.0\.1:\d+/, 'the page says where it reports');
    const s = await startAssessment(frame, 'Ana Lima');
    await answerAll(frame, (x) => (x.i === 2 ? 'none' : x.i % (TOP + 1)));
    await submit(frame);
    await frame.getByText(/^Recorded in your LMS: completed, score \d+ out of 100\.$/).waitFor();
    assert.match(await frame.locator('footer').innerText(), /recorded by your LMS/);
    await button(frame, 'Finish').click();
    const rec = await until(async () => { const r = await record(); return r.record.state === 'terminated' && r; }, 'Terminate', 15_000);
    assert.deepEqual(rec.record.refused, [], 'the strict LMS refused nothing');
    const store = rec.record.stored.store;
    assert.equal(store['cmi.completion_status'], 'completed');
    assert.equal(store['cmi.success_status'], 'unknown', 'no pass mark: neither passed nor failed');
    assert.match(store['cmi.score.scaled'], /^(0(\.\d{1,7})?|1)$/);
    assert.equal(Number(store['cmi.score.raw']), Math.round(Number(store['cmi.score.scaled']) * 100));
    const list = storedInteractions(rec, false);
    assert.equal(list.length, s.n, 'every interaction stored');
    for (const i of list) {
      assert.match(i.id, /^urn:skillgap:skill:/);
      assert.equal(i.type, 'likert');
      assert.match(i.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{2}Z$/, 'time(second,10,0): two fractional digits');
      assert.equal(i.result, 'neutral');
    }
    assert.equal(list[1].response, 'no_opportunity');
    assert.match(store['cmi.session_time'], /^PT/);
    assert.equal(store['cmi.exit'], 'normal');
    assert.deepEqual(errors, []);
  });
});

test('SCORM 1.2 offered beside a SCORM 2004 API: the 1.2 package uses API; completed, score, interactions stored; a pass mark from the 2004 package passes', async () => {
  await downloads();
  await withStrict(strictQuery('1.2', 'pkg12', `a12-${Date.now()}`, '&both=1'), 'strict-12-both', async ({ frame, record }) => {
    await frame.locator('.lms-mode').filter({ hasText: 'SCORM 1.2' }).waitFor();
    const s = await startAssessment(frame, 'Ana Lima');
    await answerAll(frame, (x) => (x.i === 1 ? 'none' : TOP - (x.i % 3)));
    await submit(frame);
    await button(frame, 'Finish').click();
    const rec = await until(async () => { const r = await record(); return r.record.state === 'terminated' && r; }, 'LMSFinish', 15_000);
    assert.deepEqual(rec.other.calls, [], 'the SCORM 2004 API beside it is never called');
    assert.deepEqual(rec.record.refused, []);
    const store = rec.record.stored.store;
    assert.equal(store['cmi.core.lesson_status'], 'completed');
    assert.match(store['cmi.core.score.raw'], /^\d{1,3}$/);
    const list = storedInteractions(rec, true);
    assert.equal(list.length, s.n);
    assert.ok(list.every((i) => /^\w{1,255}$/.test(i.id) && /^[0-9a-z]$/.test(i.response)), JSON.stringify(list.slice(0, 3)));
    assert.match(store['cmi.core.session_time'], /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
    assert.equal(store['cmi.core.exit'], '');
  });
  await withStrict(strictQuery('2004', 'pkg2004m', `a2004m-${Date.now()}`), 'strict-2004-mastery', async ({ frame, record }) => {
    await startAssessment(frame, 'Ana Lima');
    await answerAll(frame, () => TOP);
    await submit(frame);
    await frame.getByText(/^Recorded in your LMS: passed \(pass mark 60\)/).waitFor();
    const rec = await record();
    assert.equal(rec.record.stored.store['cmi.success_status'], 'passed');
    assert.deepEqual(rec.record.refused, []);
  });
});

test('SCORM 2004: a commit the LMS refuses says so; "Try again" records the result once, over the same interactions', async () => {
  await downloads();
  await withStrict(strictQuery('2004', 'pkg2004', `refuse-${Date.now()}`), 'strict-refused-commit', async ({ page, frame, record }) => {
    const s = await startAssessment(frame, 'Ana Lima');
    await answerAll(frame, () => 2);
    await page.evaluate(() => window.lmsRefuseCommits(2)); // the submission's progress commit and the result's
    await submit(frame);
    await frame.getByRole('alert').filter({ hasText: /did not record your result/ }).waitFor();
    assert.match(await frame.locator('footer').innerText(), /has not recorded your result yet/, 'the footer does not claim it is recorded');
    await button(frame, 'Try again').click();
    await frame.getByText(/^Recorded in your LMS: completed/).waitFor();
    const rec = await record();
    assert.equal(rec.record.stored.counts['cmi.interactions'], s.n, 'each interaction once');
    assert.equal(rec.record.stored.store['cmi.completion_status'], 'completed');
  });
});

test('SCORM 1.2: closing the page mid-way stores the time, exit suspend and the progress (Finish); the relaunch resumes at the same skill; a review launch writes nothing and finishes', async () => {
  await downloads();
  const attempt = `close-${Date.now()}`;
  let at;
  const shared = await browser().newContext({ viewport: WIDE });
  try {
  await withStrict(strictQuery('1.2', 'pkg12', attempt), 'strict-close-first', async ({ page, context, frame }) => {
    await startAssessment(frame, 'Ana Lima');
    const r = await answerAll(frame, (x) => (x.i % 2 ? 3 : 1), (x) => x.i === 5);
    at = r.at;
    // The learner closes the tab (the LMS page and its frame are unloaded).
    await page.close({ runBeforeUnload: true });
    const probe = await context.newPage();
    await probe.goto(`${lms.url}strict.html?scorm=1.2&attempt=${attempt}-probe`);
    const stored = await until(() => probe.evaluate((key) => {
      const s = JSON.parse(localStorage.getItem(key));
      return s && s.store['cmi.core.session_time'] && s;
    }, `strict-lms:${attempt}:1.2`), 'what the LMS stored when the tab closed', 15_000);
    assert.ok(stored, 'the LMS stored the attempt');
    assert.equal(stored.store['cmi.core.exit'], 'suspend');
    assert.match(stored.store['cmi.core.session_time'], /^\d{2,4}:\d{2}:\d{2}/, 'the session time is stored');
    assert.equal(stored.store['cmi.core.lesson_status'], 'incomplete');
    assert.ok(stored.store['cmi.suspend_data'].startsWith('p1.'));
    await probe.close();
  }, shared);
  await withStrict(strictQuery('1.2', 'pkg12', attempt), 'strict-close-relaunch', async ({ frame, record }) => {
    const s = await resumedStep(frame, 'after the relaunch');
    assert.equal(s.i, at.i, 'resumes at the same skill');
    assert.equal((await record()).record.calls[0].fn, 'LMSInitialize');
    const r = await answerAll(frame, () => 2);
    assert.equal(r.at, 'review');
    await submit(frame);
    await frame.getByText(/^Recorded in your LMS: completed/).waitFor();
    await button(frame, 'Finish').click();
    await until(async () => (await record()).record.state === 'terminated', 'LMSFinish', 15_000);
  }, shared);
  await withStrict(strictQuery('1.2', 'pkg12', attempt, '&mode=review'), 'strict-review', async ({ frame, record }) => {
    await frame.getByText(/opened this self-assessment for review only/).waitFor();
    await frame.getByRole('heading', { level: 2, name: 'Your result' }).waitFor();
    await button(frame, 'Finish').click();
    const rec = await until(async () => { const r = await record(); return r.record.state === 'terminated' && r; }, 'LMSFinish in review', 15_000);
    assert.deepEqual(rec.record.sets, [], 'a review launch sets nothing');
  }, shared);
  } finally {
    await shared.close();
  }
});

// ---------------------------------------------------------------------------------------------------------
// cmi5 in the strict LMS.

test('cmi5: the downloaded package, launched with its parameters after a fragment; every statement accepted; a reload carries on the session; a second device resumes and sends no second completed', async () => {
  const { code } = await downloads();
  lrs.newLaunch();
  const requests = [];
  const first = cmi5LaunchUrl(`${lms.url}pkgcmi5/index.html#/learn/${code.slice(0, 12)}`, lrs, { afterFragment: true });
  assert.ok(first.url.includes('#/learn/') && first.url.indexOf('?endpoint=') > first.url.indexOf('#'), 'the parameters are after the fragment');
  const context = await browser().newContext({ viewport: WIDE });
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await shotOnFailure(page, 'strict-cmi5', async () => {
      await page.goto(first.url);
      await page.locator('.lms-mode').filter({ hasText: 'cmi5' }).waitFor();
      assert.equal((await page.locator('.lms-host-name').innerText()).trim(), lrs.origin.replace('http://', ''), 'the page names the LMS it reports to');
      await startAssessment(page, 'Ana Lima');
      const r = await answerAll(page, (x) => x.i % (TOP + 1), (x) => x.i === 4);
      await page.reload();
      await page.locator('.lms-mode').filter({ hasText: 'cmi5' }).waitFor();
      const back = await resumedStep(page, 'after the reload');
      assert.equal(back.i, r.at.i, 'the reload resumes at the same skill (from the LMS)');
      await answerAll(page, () => 3);
      await submit(page);
      await page.getByText(/^Recorded in your LMS: completed/).waitFor();
      assert.deepEqual(lrs.record.refused, [], 'the strict LMS refused nothing');
      const verbs = lrs.record.statements.filter((s) => s.context.extensions[CMI5_SESSION_EXT] === lrs.sessionId).map((s) => s.verb.id.split('/').pop());
      assert.deepEqual(verbs, ['initialized', 'completed'], 'one initialized for the session, reload included');
      assert.equal(lrs.record.satisfied.length, 1, 'moveOn Completed is satisfied');
      // The second device: a new launch of the registration in another browser.
      lrs.newLaunch();
      const other = await browser().newContext({ viewport: { width: 390, height: 844 } });
      try {
        const phone = await other.newPage();
        phone.setDefaultTimeout(15_000);
        await phone.goto(cmi5LaunchUrl(`${lms.url}pkgcmi5/index.html`, lrs).url);
        await phone.getByRole('heading', { level: 2, name: 'Your result' }).waitFor();
        await button(phone, 'Finish').click();
        await phone.waitForURL(`${lrs.url}return`, { timeout: 15_000 });
      } finally {
        await other.close();
      }
      assert.deepEqual(lrs.record.refused, [], `nothing refused: ${lrs.record.refused}`);
      const second = lrs.record.statements.filter((s) => s.context.extensions[CMI5_SESSION_EXT] === lrs.sessionId).map((s) => s.verb.id.split('/').pop());
      assert.deepEqual(second, ['initialized', 'terminated'], 'the second device sends no second completed');
      assert.ok(lrs.record.abandoned.length >= 1, 'the first session, never terminated, is abandoned by the LMS');
      const elsewhere = requests.filter((u) => !u.startsWith(lms.url) && !u.startsWith(lrs.url) && !/^(data|blob|about):/.test(u));
      assert.deepEqual(elsewhere, [], 'no request anywhere but the LMS and the LRS');
      assert.deepEqual(errors, []);
    }, async () => lrs.record);
  } finally {
    await context.close();
  }
});

test('cmi5: a Review launch sends only initialized and terminated ("Finish review"); cmi5 parameters in the hosted page\'s address contact nobody', async () => {
  const { code } = await downloads();
  lrs.newLaunch({ launchMode: 'Review' });
  const sid = lrs.sessionId;
  const context = await browser().newContext({ viewport: WIDE });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  try {
    await shotOnFailure(page, 'strict-cmi5-review', async () => {
      await page.goto(cmi5LaunchUrl(`${lms.url}pkgcmi5/index.html`, lrs).url);
      await page.getByText(/opened this self-assessment for review only/).waitFor();
      const finish = page.getByRole('button', { name: /^(Finish review|Finish)$/ }).first();
      await finish.click();
      await page.waitForURL(`${lrs.url}return`, { timeout: 15_000 });
      const verbs = lrs.record.statements.filter((s) => s.context.extensions[CMI5_SESSION_EXT] === sid).map((s) => s.verb.id.split('/').pop());
      assert.deepEqual(verbs, ['initialized', 'terminated']);
      assert.deepEqual(lrs.record.refused, []);

      // The hosted app (not a package) with cmi5 parameters after its learner fragment: standalone, nothing sent.
      lrs.newLaunch();
      const before = lrs.record.requests.length;
      requests.length = 0;
      await page.goto(cmi5LaunchUrl(`${url()}#/learn/${code}`, lrs, { afterFragment: true }).url);
      await page.locator('.lms-mode').filter({ hasText: 'Standalone' }).waitFor();
      await page.getByText(/not a cmi5 package, so it reports to no LMS/).waitFor();
      await startAssessment(page, 'Ana Lima');
      assert.equal(lrs.record.requests.length, before, 'the LRS heard nothing');
      assert.deepEqual(requests.filter((u) => u.startsWith(lrs.url)), [], 'no request to the LRS');
      const policy = await page.evaluate(() => [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')].map((m) => m.content).join(' | '));
      assert.match(policy, /connect-src 'self'$/, `connect-src is not widened: ${policy}`);
    }, async () => lrs.record);
  } finally {
    await context.close();
  }
});
