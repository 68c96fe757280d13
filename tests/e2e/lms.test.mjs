// End-to-end tests of Skillgap inside learning management systems (issue 6), in Debian's Chromium:
//  - the test LMS itself (self-tests without the app): the cmi5 LRS, the SCORM host pages, the resizer page;
//  - SCORM 1.2 and 2004: the real `package` command's zips, unzipped and served with scorm-again as the LMS
//    runtime; completion, score, likert interactions, the 4,096-character suspend_data limit, commit, finish,
//    relaunch with resume, and mastery (passed/failed);
//  - cmi5: launch through the test LRS (cross-origin), the statements and their order, the return URL, and no
//    network request anywhere else;
//  - iframe sizing: H5P resizer and Canvas messages from the standalone link, throttled.
// Run: DIST=/path/to/dist node --test --test-concurrency=1 lms.test.mjs (DIST defaults to dist/). The package
// command runs as `cargo run --quiet --bin package` unless $PACKAGE_BIN names its binary. Failing tests leave
// a screenshot and what the LMS recorded in tests/e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { until, suite, serve, shotOnFailure } from './harness.mjs';
import { randomUUID } from 'node:crypto';
import { startLrs, cmi5LaunchUrl, CMI5_SESSION_EXT, CMI5_CATEGORY, VERB } from './lms/lrs.mjs';
import {
  ADVISOR, sharedLink, makeLearnerLink, resumedStep, startAssessment, answerAll, submit, nextFrom, button, levelRadio, noOpportunity,
  buildPackage, unzip, checkPackage, lmsRoutes,
} from './lms/flow.mjs';

const WIDE = { width: 1280, height: 900 };
const FRAME = 'iframe[title="Skillgap self-assessment"]';
const TOP = 4; // the example workspace's scale is 0–4 ("Not yet" … "Expert – can coach")

// The dist server (trainer UI, standalone links) from the harness; a second server (another origin) for the
// test LMS: its host pages, scorm-again, and the unzipped packages under /pkg12/, /pkg2004/, /pkg2004m/.
const { url, browser } = suite();
const lmsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'skillgap-lms-'));
const SELFTEST_CHILD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>child</title></head><body>
<main><h1>Child</h1></main><script>
addEventListener('message', (e) => { if (e.source === parent && e.data && e.data.action === 'hello') {
  parent.postMessage({ context: 'h5p', action: 'prepareResize', scrollHeight: 900, clientHeight: 150 }, '*');
  parent.postMessage({ context: 'h5p', action: 'resize', scrollHeight: 900 }, '*');
  parent.postMessage({ subject: 'lti.frameResize', height: 900 }, '*'); } });
parent.postMessage({ context: 'h5p', action: 'hello' }, '*');
</script></body></html>`;
const SELFTEST_BLANK = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body><main><h1>Blank</h1></main></body></html>';
const SELFTEST_MANIFEST_12 = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>t</title><item identifier="i" identifierref="r"><title>t</title>
<adlcp:masteryscore>70</adlcp:masteryscore></item></organization></organizations>
<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="blank.html"><file href="blank.html"/></resource></resources></manifest>`;
const SELFTEST_MANIFEST_2004 = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
<metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>t</title><item identifier="i" identifierref="r"><title>t</title>
<imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives></imsss:sequencing>
</item></organization></organizations>
<resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="blank.html"><file href="blank.html"/></resource></resources></manifest>`;
const text = (body, type = 'text/html; charset=utf-8') => (req, res) => {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
};
let lms;
before(async () => {
  lms = await serve(lmsRoot, {
    ...lmsRoutes(),
    '/selftest-child.html': text(SELFTEST_CHILD),
    '/selftest12/blank.html': text(SELFTEST_BLANK),
    '/selftest12/imsmanifest.xml': text(SELFTEST_MANIFEST_12, 'application/xml'),
    '/selftest2004/blank.html': text(SELFTEST_BLANK),
    '/selftest2004/imsmanifest.xml': text(SELFTEST_MANIFEST_2004, 'application/xml'),
  });
});
after(async () => {
  await lms?.close();
  fs.rmSync(lmsRoot, { recursive: true, force: true });
});

// Made once, on first use: a learner link through the trainer UI, then the packages made from it.
const theLink = sharedLink(browser, url, 'lms-make-link');
let packagesPromise;
function packages() {
  packagesPromise ??= (async () => {
    const { code } = await theLink();
    const both = await buildPackage(code, { version: 'both' });
    const mastery = await buildPackage(code, { version: '2004', mastery: 60 });
    checkPackage(await unzip(both.zips['12'], path.join(lmsRoot, 'pkg12')), '12', code);
    checkPackage(await unzip(both.zips['2004'], path.join(lmsRoot, 'pkg2004')), '2004', code);
    const m = checkPackage(await unzip(mastery.zips['2004'], path.join(lmsRoot, 'pkg2004m')), '2004', code);
    assert.match(m, /<imsss:primaryObjective\b[^>]*satisfiedByMeasure="true"[^>]*>\s*<imsss:minNormalizedMeasure>\s*0?\.60*\s*<\/imsss:minNormalizedMeasure>/,
      'the --mastery 60 manifest gives the primary objective satisfiedByMeasure="true" and minNormalizedMeasure 0.6, so the LMS sets cmi.scaled_passing_score');
    assert.doesNotMatch(fs.readFileSync(path.join(lmsRoot, 'pkg2004', 'imsmanifest.xml'), 'utf8'), /minNormalizedMeasure/, 'no passing score without --mastery');
    return { code };
  })();
  return packagesPromise;
}

/** Opens an LMS host page of the test LMS server in a new context; `body({ page, context, frame, record, errors })`. */
async function withHost(hostPath, name, body, options = {}) {
  const context = await browser().newContext({ viewport: options.viewport || WIDE });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.location()?.url ?? ''}: ${m.text()}`); });
  const record = () => page.evaluate(() => window.lmsRecord?.() ?? window.hostRecord?.());
  try {
    await page.goto(lms.url + hostPath.replace(/^\//, ''));
    await page.locator('main h1').first().waitFor();
    if (/^\/?scorm/.test(hostPath)) {
      // The host page reads the manifest before it creates the runtime and the frame.
      const setup = await until(() => page.evaluate(() => window.lmsRecord?.().record), 'the test LMS runtime set up (window.lmsRecord)', 15_000);
      assert.equal(setup.manifestError ?? null, null, 'the test LMS read the package\'s manifest');
      assert.equal(setup.preloadError, null, 'the test LMS loaded the preloaded data');
    }
    const frame = page.frameLocator(FRAME);
    return await shotOnFailure(page, name, () => body({ page, context, frame, record, errors }), record);
  } finally {
    await context.close();
  }
}

/** scorm.html?scorm=1.2|2004&app=…&manifest=…&preload=…: the host page reads the package's imsmanifest.xml, as an LMS does on
 * import (mastery score / passing score), and loads `preload` into the runtime before the content starts. */
const hostUrl = (version, app, preload) =>
  `scorm.html?scorm=${version === 12 ? '1.2' : '2004'}&app=${encodeURIComponent(app)}&manifest=${encodeURIComponent(app.replace(/[^/]*$/, 'imsmanifest.xml'))}`
  + `${preload ? `&preload=${encodeURIComponent(JSON.stringify(preload))}` : ''}`;

/** The value of a CMI element in lmsRecord(): walks the cmi JSON, else the last value the content set. */
function cmiValue(rec, element) {
  let v = rec.cmi;
  for (const k of element.replace(/^cmi\./, '').split('.')) v = v == null ? undefined : v[k];
  if (v !== undefined && v !== '' && typeof v !== 'object') return String(v);
  const sets = rec.record.sets.filter(([el]) => el === element);
  return sets.length ? sets.at(-1)[1] : v;
}

/** The interactions the content wrote: { index: { id, type, … } } from the recorded SetValue calls. */
function interactions(rec) {
  const out = {};
  for (const [el, value] of rec.record.sets) {
    const m = /^cmi\.interactions\.(\d+)\.([a-z_]+)$/.exec(el);
    if (m) (out[m[1]] ??= {})[m[2]] = value;
  }
  return out;
}

/** The last value the content itself set for `element` (not what the LMS computed), or undefined. */
const setByContent = (rec, element) => rec.record.sets.filter(([el]) => el === element).at(-1)?.[1];

/** The index of the content's last call to `fn` (optionally with first argument `arg`) in the call log, or -1. */
const lastCall = (rec, fn, arg) => rec.record.calls.findLastIndex((c) => c.fn === fn && (arg === undefined || c.args[0] === arg));

// ---------------------------------------------------------------------------------------------------------
// 0. The test LMS itself, without the app.

test('test LRS (self-test, no app): single-use fetch, auth and version headers, LaunchData, learner preferences first, the cmi5 statement rules, CORS', async () => {
  const lrs = await startLrs({ allowOrigin: 'http://127.0.0.1:9', registration: '11111111-2222-4333-8444-555555555555', masteryScore: 0.8, moveOn: 'CompletedAndPassed' });
  try {
    const launch = cmi5LaunchUrl('http://127.0.0.1:9/index.html', lrs);
    const q = new URL(launch.url).searchParams;
    assert.equal(q.get('endpoint'), `${lrs.url}xapi/`);
    assert.equal(q.get('fetch'), `${lrs.url}fetch?token=${lrs.token}`);
    assert.deepEqual(JSON.parse(q.get('actor')), launch.actor);
    assert.equal(q.get('registration'), '11111111-2222-4333-8444-555555555555');
    assert.ok(q.get('activityId'));
    const after = cmi5LaunchUrl('http://127.0.0.1:9/index.html#/learn/x', lrs, { afterFragment: true });
    assert.match(after.url, /#\/learn\/x\?endpoint=/, 'parameters appended after the fragment');

    const pre = await fetch(`${lrs.url}xapi/statements`, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:9', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-experience-api-version' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://127.0.0.1:9');
    assert.match(pre.headers.get('access-control-allow-headers'), /Authorization/);
    assert.match(pre.headers.get('access-control-allow-headers'), /X-Experience-API-Version/);

    assert.equal((await fetch(`${lrs.url}fetch?token=wrong`, { method: 'POST' })).status, 401, 'unknown fetch token');
    const first = await (await fetch(q.get('fetch'), { method: 'POST' })).json();
    assert.deepEqual(first, { 'auth-token': lrs.authToken });
    const second = await (await fetch(q.get('fetch'), { method: 'POST' })).json();
    assert.equal(second['error-code'], '1', 'the fetch URL works once');
    assert.equal(second['auth-token'], undefined);

    const stateUrl = `${lrs.url}xapi/activities/state?stateId=LMS.LaunchData&activityId=${encodeURIComponent(q.get('activityId'))}`
      + `&agent=${encodeURIComponent(q.get('actor'))}&registration=${q.get('registration')}`;
    const auth = { authorization: `Basic ${lrs.authToken}`, 'x-experience-api-version': '1.0.3' };
    assert.equal((await fetch(stateUrl)).status, 401, 'no Authorization → 401');
    assert.equal((await fetch(stateUrl, { headers: { authorization: 'Basic bm9wZQ==', 'x-experience-api-version': '1.0.3' } })).status, 401, 'another token → 401');
    assert.equal((await fetch(stateUrl, { headers: { authorization: auth.authorization } })).status, 400, 'no X-Experience-API-Version → 400');
    const ld = await (await fetch(stateUrl, { headers: auth })).json();
    assert.equal(ld.launchMode, 'Normal');
    assert.equal(ld.contextTemplate.extensions[CMI5_SESSION_EXT], lrs.sessionId);
    assert.equal(ld.returnURL, `${lrs.url}return`);
    assert.equal(ld.masteryScore, 0.8);
    assert.equal((await fetch(stateUrl, { method: 'PUT', headers: auth, body: '{}' })).status, 403, 'LaunchData is read-only');

    const put = (st) => fetch(`${lrs.url}xapi/statements?statementId=${st.id}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(st) });
    const statement = (verb, result, extra = {}) => ({
      id: randomUUID(), timestamp: new Date().toISOString(), actor: launch.actor, verb: { id: VERB(verb) },
      object: { id: q.get('activityId'), objectType: 'Activity' },
      context: {
        ...ld.contextTemplate, registration: launch.registration,
        contextActivities: { ...ld.contextTemplate.contextActivities, category: [{ id: CMI5_CATEGORY }, ...(result && ('success' in result || 'completion' in result) ? [{ id: 'https://w3id.org/xapi/cmi5/context/categories/moveon' }] : [])] },
        ...extra,
      },
      ...(result ? { result } : {}),
    });
    assert.equal((await put(statement('initialized'))).status, 403, 'a statement before the learner preferences were read');
    const prefs = await fetch(`${lrs.url}xapi/agents/profile?profileId=cmi5LearnerPreferences&agent=${encodeURIComponent(q.get('actor'))}`, { headers: auth });
    assert.equal((await prefs.json()).languagePreference, 'en-GB', 'learner preferences');
    assert.equal((await put(statement('completed', { completion: true, duration: 'PT1M' }))).status, 403, 'initialized comes first');
    assert.equal((await put(statement('initialized'))).status, 204);
    assert.equal((await put(statement('initialized'))).status, 403, 'one initialized per session');
    const noTemplate = statement('completed', { completion: true, duration: 'PT1M' });
    delete noTemplate.context.extensions;
    assert.equal((await put(noTemplate)).status, 403, 'the contextTemplate (session id) is required');
    const otherReg = statement('completed', { completion: true, duration: 'PT1M' });
    otherReg.context.registration = randomUUID();
    assert.equal((await put(otherReg)).status, 403, 'the launch\'s registration');
    assert.equal((await put(statement('completed', { completion: true, duration: 'PT1M', score: { scaled: 0.9 } }))).status, 403, 'no score on completed');
    assert.equal((await put(statement('completed', { completion: true }))).status, 403, 'completed needs a duration');
    assert.equal((await put(statement('completed', { completion: true, duration: 'PT1M' }))).status, 204);
    assert.equal((await put(statement('passed', { success: true, duration: 'PT1M', score: { scaled: 0.5 } }, { extensions: { ...ld.contextTemplate.extensions, 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore': 0.8 } }))).status, 403, 'passed below the masteryScore');
    assert.equal((await put(statement('passed', { success: true, duration: 'PT1M', score: { scaled: 0.85 } }))).status, 403, 'passed without the masteryscore extension');
    assert.equal((await put(statement('passed', { success: true, duration: 'PT1M', score: { scaled: 0.85 } }, { extensions: { ...ld.contextTemplate.extensions, 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore': 0.8 } }))).status, 204);
    assert.equal(lrs.record.satisfied.length, 1, 'moveOn CompletedAndPassed is satisfied');
    assert.equal((await put(statement('terminated', { duration: 'PT2M' }))).status, 204);
    assert.equal((await put(statement('terminated', { duration: 'PT2M' }))).status, 403, 'nothing after terminated');
    // A second launch of the registration: no second completed or passed.
    lrs.newLaunch();
    const l2 = cmi5LaunchUrl('http://127.0.0.1:9/index.html', lrs);
    const token2 = (await (await fetch(new URL(l2.url).searchParams.get('fetch'), { method: 'POST' })).json())['auth-token'];
    assert.notEqual(token2, auth.authorization.slice(6));
    assert.deepEqual(lrs.record.abandoned, [], 'a terminated session is not abandoned');
    assert.equal(lrs.record.statements.length, 4);
    assert.ok(lrs.record.refused.length >= 12, `refusals recorded: ${lrs.record.refused}`);
  } finally {
    await lrs.close();
  }
});

test('test LMS host pages (self-test, no app): scorm-again runtimes record calls, preload resume data, refuse 1.2 suspend_data over 4,096; the resizer answers H5P', async () => {
  const requests = [];
  await withHost(hostUrl(12, '/selftest12/blank.html', { core: { entry: 'resume', student_name: 'Lima, Ana', student_id: 'ana' }, suspend_data: 'saved' }),
    'selftest-scorm12', async ({ page, record, errors }) => {
      page.on('request', (r) => requests.push(r.url()));
      const r = await page.evaluate(() => {
        const api = window.API;
        return {
          init: api.LMSInitialize(''),
          entry: api.LMSGetValue('cmi.core.entry'),
          name: api.LMSGetValue('cmi.core.student_name'),
          suspend: api.LMSGetValue('cmi.suspend_data'),
          mastery: api.LMSGetValue('cmi.student_data.mastery_score'),
          long: api.LMSSetValue('cmi.suspend_data', 'x'.repeat(4097)),
          longError: api.LMSGetLastError(),
          ok: api.LMSSetValue('cmi.suspend_data', 'y'.repeat(4096)),
          okError: api.LMSGetLastError(),
          status: api.LMSSetValue('cmi.core.lesson_status', 'completed'),
          type: api.LMSSetValue('cmi.interactions.0.type', 'likert'),
          commit: api.LMSCommit(''),
          finish: api.LMSFinish(''),
        };
      });
      assert.deepEqual(r, { init: 'true', entry: 'resume', name: 'Lima, Ana', suspend: 'saved', mastery: '70', long: 'false', longError: '405',
        ok: 'true', okError: '0', status: 'true', type: 'true', commit: 'true', finish: 'true' });
      const rec = await record();
      assert.equal(rec.record.preloadError, null);
      assert.deepEqual(rec.record.manifest, { mastery_score: '70' }, 'the mastery score from the manifest');
      assert.deepEqual(rec.record.refused, [{ element: 'cmi.suspend_data', length: 4097 }]);
      assert.equal(rec.record.counts.LMSCommit, 1);
      assert.equal(rec.record.counts.LMSFinish, 1);
      assert.equal(cmiValue(rec, 'cmi.core.lesson_status'), 'completed');
      assert.equal(cmiValue(rec, 'cmi.suspend_data').length, 4096);
      assert.deepEqual(interactions(rec), { 0: { type: 'likert' } });
      assert.deepEqual(errors, [], 'no console errors on the host page');
    });
  await withHost(hostUrl(2004, '/selftest2004/blank.html', { entry: 'resume', learner_name: 'Lima, Ana', suspend_data: 'saved' }),
    'selftest-scorm2004', async ({ page, record, errors }) => {
      page.on('request', (r) => requests.push(r.url()));
      const r = await page.evaluate(() => {
        const api = window.API_1484_11;
        return {
          init: api.Initialize(''),
          entry: api.GetValue('cmi.entry'),
          suspend: api.GetValue('cmi.suspend_data'),
          passing: api.GetValue('cmi.scaled_passing_score'),
          status: api.SetValue('cmi.completion_status', 'completed'),
          scaled: api.SetValue('cmi.score.scaled', '0.5'),
          commit: api.Commit(''),
          terminate: api.Terminate(''),
        };
      });
      assert.deepEqual(r, { init: 'true', entry: 'resume', suspend: 'saved', passing: '0.8', status: 'true', scaled: 'true', commit: 'true', terminate: 'true' });
      const rec = await record();
      assert.equal(rec.record.counts.Terminate, 1);
      assert.deepEqual(rec.record.manifest, { scaled_passing_score: '0.8' }, 'the passing score from the manifest');
      assert.equal(cmiValue(rec, 'cmi.completion_status'), 'completed');
      assert.equal(cmiValue(rec, 'cmi.score.scaled'), '0.5');
      assert.deepEqual(errors, [], 'no console errors on the host page');
    });
  assert.deepEqual(requests, [], 'the test LMS runtime sends nothing anywhere (no commit URL)');

  await withHost(`resize.html?app=${encodeURIComponent('/selftest-child.html')}`, 'selftest-resize', async ({ record }) => {
    const rec = await until(async () => {
      const r = await record();
      return r.record.heights.length && r;
    }, 'a resize from the self-test child', 5000);
    assert.deepEqual(rec.record.replies, ['hello', 'resizePrepared']);
    assert.equal(rec.frameHeight, 900, 'the iframe takes the height from "resize"');
    assert.deepEqual(rec.record.canvas.map((c) => c.height), [900]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// 1. SCORM 1.2 and 2004: a whole attempt.

const SCORM = {
  12: { label: 'SCORM 1.2', app: '/pkg12/index.html', status: 'cmi.core.lesson_status', raw: 'cmi.core.score.raw', init: 'LMSInitialize',
    set: 'LMSSetValue', commit: 'LMSCommit', finish: 'LMSFinish', sessionTime: 'cmi.core.session_time', timeFormat: /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/,
    preload: { core: { student_name: 'Lima, Ana', student_id: 'ana.lima' } } },
  2004: { label: 'SCORM 2004', app: '/pkg2004/index.html', status: 'cmi.completion_status', raw: 'cmi.score.raw', init: 'Initialize',
    set: 'SetValue', commit: 'Commit', finish: 'Terminate', sessionTime: 'cmi.session_time', timeFormat: /^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/,
    preload: { learner_name: 'Lima, Ana', learner_id: 'ana.lima' } },
};

for (const version of [12, 2004]) {
  const v = SCORM[version];
  test(`${v.label}: the package runs in the LMS frame; completed, score, one likert interaction per skill, suspend_data, commit, then finish on "Finish"`, async () => {
    await packages();
    await withHost(hostUrl(version, v.app, v.preload), `scorm${version}-attempt`, async ({ frame, record, errors }) => {
      await frame.locator('main h1').first().waitFor({ timeout: 15_000 });
      assert.equal((await frame.locator('.lms-mode').innerText()).trim(), v.label, 'the frame shows the mode');
      const s1 = await startAssessment(frame, 'Ana Lima');
      const { given, n, at } = await answerAll(frame, (s) => (s.i === 2 ? 'none' : s.i % (TOP + 1)));
      assert.equal(at, 'review');
      assert.equal(n, s1.n);
      await submit(frame);
      const status = frame.getByRole('status').filter({ hasText: /\S/ });
      await status.first().waitFor({ timeout: 15_000 });
      assert.equal(await frame.getByRole('alert').filter({ hasText: /\S/ }).count(), 0, `no refusal from the LMS: ${await frame.getByRole('alert').allInnerTexts()}`);

      let rec = await record();
      assert.equal(rec.record.counts[v.finish] ?? 0, 0, `${v.finish} is not called before "Finish"`);
      assert.equal(rec.record.counts[v.init], 1, `${v.init} called once`);
      await button(frame, 'Finish').click();
      rec = await until(async () => {
        const r = await record();
        return r.record.counts[v.finish] && r;
      }, `${v.finish} after "Finish"`, 15_000);
      assert.equal(rec.record.counts[v.finish], 1, `${v.finish} called once`);
      assert.equal(lastCall(rec, v.finish), rec.record.calls.length - 1, `${v.finish} is the last call`);
      const failed = rec.record.calls.filter((c) => c.result === 'false');
      assert.deepEqual(failed, [], 'every call the content made succeeded');

      // Status, score, interactions.
      assert.equal(cmiValue(rec, v.status), 'completed', `${v.status}`);
      const raw = Number(cmiValue(rec, v.raw));
      assert.ok(Number.isFinite(raw) && raw >= 0 && raw <= 100, `${v.raw} in 0–100: ${cmiValue(rec, v.raw)}`);
      if (version === 2004) {
        const scaled = Number(cmiValue(rec, 'cmi.score.scaled'));
        assert.ok(scaled >= 0 && scaled <= 1, `cmi.score.scaled in 0–1: ${scaled}`);
        assert.ok(Math.abs(scaled - raw / 100) < 0.011, `scaled ${scaled} matches raw ${raw}`);
        assert.notEqual(cmiValue(rec, 'cmi.success_status'), 'passed', 'no passed without a mastery score');
        assert.notEqual(cmiValue(rec, 'cmi.success_status'), 'failed', 'no failed without a mastery score');
      } else {
        assert.equal(cmiValue(rec, 'cmi.core.score.min') ?? '0', '0');
        assert.equal(cmiValue(rec, 'cmi.core.score.max') ?? '100', '100');
      }
      const list = Object.values(interactions(rec));
      assert.equal(list.length, n, `one interaction per skill (${n}): ${JSON.stringify(list).slice(0, 400)}`);
      assert.ok(list.every((i) => i.type === 'likert'), 'every interaction is of type likert');
      assert.equal(new Set(list.map((i) => i.id)).size, n, 'interaction ids are distinct');
      assert.ok(list.every((i) => i.id), 'every interaction has an id');
      assert.match(cmiValue(rec, v.sessionTime) ?? '', v.timeFormat, `${v.sessionTime} in the version's format`);

      // Suspend data within the limit, and a commit before finishing.
      const suspends = rec.record.sets.filter(([el]) => el === 'cmi.suspend_data').map(([, val]) => val.length);
      assert.ok(suspends.length >= 1, 'progress is saved in cmi.suspend_data');
      if (version === 12) {
        assert.deepEqual(rec.record.refused, [], 'no suspend_data over 4,096 characters was attempted');
        assert.ok(Math.max(...suspends) <= 4096, `suspend_data lengths ≤ 4,096: ${suspends}`);
      }
      const commit = lastCall(rec, v.commit);
      const statusSet = lastCall(rec, v.set, v.status);
      assert.ok(commit >= 0, `${v.commit} called`);
      assert.ok(statusSet >= 0 && statusSet < commit, `${v.commit} after the content set ${v.status} (set at call ${statusSet}, last commit at ${commit})`);
      assert.equal(Object.keys(given).length, n);
      assert.deepEqual(errors.filter((e) => !/favicon/.test(e)), [], 'no console errors');
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// 2. Relaunch: the LMS hands back suspend_data with entry "resume".

for (const version of [12, 2004]) {
  const v = SCORM[version];
  test(`${v.label}: relaunch with the saved suspend_data resumes at the same skill with the answers kept`, async () => {
    await packages();
    const answered = {};
    let suspend;
    let at;
    await withHost(hostUrl(version, v.app, v.preload), `scorm${version}-relaunch-first`, async ({ page, frame, record }) => {
      await startAssessment(frame, 'Ana Lima');
      const r = await answerAll(frame, (s) => (s.i === 1 ? 'none' : TOP - (s.i % 2)), (s) => s.i === 4);
      Object.assign(answered, r.given);
      at = r.at;
      assert.equal(at.i, 4, 'three skills answered');
      await page.waitForTimeout(300); // let a save that follows the step change land
      const rec = await until(async () => {
        const x = await record();
        const sd = x.cmi.suspend_data || cmiValue(x, 'cmi.suspend_data');
        return sd && x;
      }, 'suspend_data saved after three answers', 15_000);
      suspend = rec.cmi.suspend_data || cmiValue(rec, 'cmi.suspend_data');
      if (version === 12) assert.ok(suspend.length <= 4096, `suspend_data ${suspend.length} ≤ 4,096`);
    });
    const preload = version === 12
      ? { core: { ...v.preload.core, entry: 'resume', lesson_status: 'incomplete' }, suspend_data: suspend }
      : { ...v.preload, entry: 'resume', completion_status: 'incomplete', suspend_data: suspend };
    await withHost(hostUrl(version, v.app, preload), `scorm${version}-relaunch-second`, async ({ frame, record }) => {
      await frame.locator('main h1').first().waitFor({ timeout: 15_000 });
      const s = await resumedStep(frame, 'after the relaunch');
      assert.deepEqual([s.i, s.n, s.skill], [at.i, at.n, at.skill], 'the relaunch resumes at the same skill');
      let cur = s;
      for (let k = 3; k >= 1; k--) {
        await button(frame, 'Back').click();
        cur = await nextFrom(frame, cur);
        assert.equal(cur.i, k);
        const a = answered[cur.skill];
        const radio = a === 'none' ? noOpportunity(frame) : levelRadio(frame, a);
        assert.ok(await radio.isChecked(), `skill ${k} (${cur.skill}) keeps its answer ${a}`);
      }
      const rec = await record();
      assert.equal(rec.record.counts[v.init], 1);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// 3. Mastery: passed / failed only with a threshold (the package's --mastery, or the LMS's own).

test('mastery: SCORM 2004 package made with --mastery 60 → passed; SCORM 1.2 with the LMS\'s mastery_score 60 → failed', async () => {
  await packages();
  await withHost(hostUrl(2004, '/pkg2004m/index.html', SCORM[2004].preload), 'mastery-2004-passed', async ({ frame, record }) => {
    await startAssessment(frame, 'Ana Lima');
    await answerAll(frame, () => TOP);
    await submit(frame);
    await button(frame, 'Finish').click();
    const rec = await until(async () => {
      const r = await record();
      return r.record.counts.Terminate && r;
    }, 'Terminate after "Finish"', 15_000);
    assert.equal(cmiValue(rec, 'cmi.completion_status'), 'completed');
    assert.equal(cmiValue(rec, 'cmi.success_status'), 'passed', 'every skill at the top level passes a 60 % mastery');
    assert.equal(setByContent(rec, 'cmi.success_status'), 'passed', 'the content itself sets cmi.success_status passed');
    assert.ok(Number(cmiValue(rec, 'cmi.score.scaled')) >= 0.6, `scaled ${cmiValue(rec, 'cmi.score.scaled')} ≥ 0.6`);
  });
  await withHost(hostUrl(12, '/pkg12/index.html', { core: { student_name: 'Lima, Ana' }, student_data: { mastery_score: '60' } }), 'mastery-12-failed', async ({ frame, record }) => {
    await startAssessment(frame, 'Ana Lima');
    await answerAll(frame, () => 0);
    await submit(frame);
    await button(frame, 'Finish').click();
    const rec = await until(async () => {
      const r = await record();
      return r.record.counts.LMSFinish && r;
    }, 'LMSFinish after "Finish"', 15_000);
    assert.equal(cmiValue(rec, 'cmi.core.lesson_status'), 'failed', 'every skill at level 0 fails the LMS\'s mastery score 60');
    assert.equal(setByContent(rec, 'cmi.core.lesson_status'), 'failed', 'the content itself sets cmi.core.lesson_status failed');
    assert.ok(Number(cmiValue(rec, 'cmi.core.score.raw')) < 60, `raw ${cmiValue(rec, 'cmi.core.score.raw')} < 60`);
  });
});

// ---------------------------------------------------------------------------------------------------------
// 4. cmi5 through the test LRS.

test('cmi5: launched with the LRS\'s URL, statements initialized → completed → terminated with the session and registration, then the return URL; no other network request', async () => {
  await packages();
  const lrs = await startLrs({ allowOrigin: lms.url.slice(0, -1) });
  const context = await browser().newContext({ viewport: WIDE });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    // A cmi5 package made to report to this LRS (another origin than the LMS serving it).
    const { code } = await packages();
    const made = await buildPackage(code, { version: 'cmi5', origins: [lrs.origin] });
    await unzip(made.zips.cmi5, path.join(lmsRoot, 'pkgcmi5-cmd'));
    const launch = cmi5LaunchUrl(`${lms.url}pkgcmi5-cmd/index.html`, lrs);
    await shotOnFailure(page, 'cmi5', async () => {
      await page.goto(launch.url);
      await page.locator('main h1').first().waitFor();
      await until(async () => (await page.locator('.lms-mode').innerText()).trim() === 'cmi5', 'the mode label "cmi5"', 15_000);
      await startAssessment(page, 'Ana Lima');
      await answerAll(page, (s) => (s.i === 2 ? 'none' : s.i % (TOP + 1)));
      await submit(page);
      await page.getByRole('status').filter({ hasText: /\S/ }).first().waitFor();
      assert.equal(await page.getByRole('alert').filter({ hasText: /\S/ }).count(), 0, `no refusal from the LRS: ${await page.getByRole('alert').allInnerTexts()}`);
      await button(page, 'Finish').click();
      await page.waitForURL(`${lrs.url}return`, { timeout: 15_000 });
      await page.getByRole('heading', { level: 1, name: 'Back in the LMS' }).waitFor();

      const st = lrs.record.statements;
      assert.deepEqual(st.map((s) => s.verb.id), ['initialized', 'completed', 'terminated'].map(VERB), 'statements in order');
      for (const s of st) {
        const verb = s.verb.id.split('/').pop();
        assert.equal(s.context?.registration, launch.registration, `${verb}: the registration`);
        assert.equal(s.context?.extensions?.[CMI5_SESSION_EXT], lrs.sessionId, `${verb}: the session id from contextTemplate`);
        assert.ok((s.context?.contextActivities?.category ?? []).some((c) => c.id === CMI5_CATEGORY), `${verb}: the cmi5 category`);
        assert.ok((s.context?.contextActivities?.grouping ?? []).some((c) => c.id === 'https://lms.example/course/skillgap'), `${verb}: contextTemplate's grouping kept`);
        assert.deepEqual(s.actor.account, launch.actor.account, `${verb}: the launch actor`);
        assert.equal(s.object?.id, launch.activityId, `${verb}: the activity`);
        assert.ok(s.timestamp && !Number.isNaN(Date.parse(s.timestamp)), `${verb}: a timestamp`);
        if (verb !== 'initialized') assert.match(s.result?.duration ?? '', /^P/, `${verb}: an ISO 8601 duration`);
      }
      assert.equal(st[1].result?.completion, true, 'completed: result.completion true');
      assert.equal(st[1].result?.score, undefined, 'no score on completed without a masteryScore');
      assert.equal(lrs.record.fetches, 1, 'the fetch URL is used once');
      assert.deepEqual(lrs.record.refused, [], 'the LRS refused nothing (auth and version headers on every call)');
      const xapi = lrs.record.requests.filter((r) => r.path.startsWith('/xapi/') && r.method !== 'OPTIONS');
      assert.ok(xapi.length >= 4, `LaunchData and three statements: ${xapi.map((r) => `${r.method} ${r.path}`)}`);
      assert.ok(xapi.every((r) => r.headers.authorization === `Basic ${lrs.authToken}`), 'every xAPI call carries the fetched token');
      assert.ok(lrs.record.requests.some((r) => r.path === '/xapi/activities/state' && r.query.stateId === 'LMS.LaunchData' && r.method === 'GET'), 'LaunchData read');

      const elsewhere = requests.filter((u) => !u.startsWith(lms.url) && !u.startsWith(lrs.url) && !/^(data|blob|about):/.test(u));
      assert.deepEqual(elsewhere, [], 'no request to anywhere but the app\'s origin and the LRS');
      assert.deepEqual(errors, [], 'no page errors');
    }, async () => ({ lrs: lrs.record, requests }));
  } finally {
    await context.close();
    await lrs.close();
  }
});

// ---------------------------------------------------------------------------------------------------------
// 5. iframe sizing from the standalone link (cross-origin: the host page is on the LMS server).

test('resize: the embedded standalone link says hello (H5P), sends resize and Canvas lti.frameResize, throttled; the iframe grows', async () => {
  const { link } = await theLink();
  const appOrigin = url().slice(0, -1);
  await withHost(`resize.html?app=${encodeURIComponent(link)}`, 'resize', async ({ page, frame, record }) => {
    await frame.locator('main h1').first().waitFor({ timeout: 15_000 });
    let rec = await until(async () => {
      const r = await record();
      return r.record.heights.length && r.record.canvas.length && r;
    }, 'an H5P resize and a Canvas lti.frameResize from the app', 15_000);
    const h5p = rec.record.messages.filter((m) => m.data?.context === 'h5p');
    assert.equal(h5p[0]?.data.action, 'hello', `the first H5P message is hello: ${JSON.stringify(h5p.slice(0, 3))}`);
    assert.ok(rec.record.messages.every((m) => m.origin === appOrigin && m.fromFrame), 'every message comes from the app\'s frame and origin');
    assert.ok(rec.record.replies.includes('hello'), 'the host answered hello');
    const h = rec.record.heights.at(-1);
    assert.ok(h > 50 && h < 20000, `a plausible scrollHeight: ${h}`);
    const c = rec.record.canvas.at(-1).height;
    assert.ok(c > 50 && c < 20000, `a plausible Canvas height: ${c}`);
    assert.ok(Math.abs(rec.frameHeight - h) <= 1, `the iframe (${rec.frameHeight} px) takes the reported height ${h}`);

    // A real change of layout: all skills on one page makes the content much taller.
    const appFrame = page.frames().find((f) => f.url().startsWith(url()));
    assert.ok(appFrame, 'the app frame');
    await startAssessment(frame, 'Rui Resize');
    const before = (await record()).frameHeight;
    await button(frame, 'Show all skills on one page').click();
    rec = await until(async () => {
      const r = await record();
      return r.frameHeight > before + 200 && r;
    }, `the iframe growing beyond ${before} px with all skills on one page`, 15_000);
    const inner = await appFrame.evaluate(() => document.documentElement.scrollHeight);
    await until(async () => Math.abs((await record()).frameHeight - (await appFrame.evaluate(() => document.documentElement.scrollHeight))) <= 4,
      `the iframe's height settling at the content's scrollHeight (${inner})`, 15_000);

    // A burst of 40 height changes over about a second: the messages are throttled.
    const count = (r) => r.record.heights.length;
    const start = count(await record());
    const startCanvas = (await record()).record.canvas.length;
    await appFrame.evaluate(async () => {
      const box = document.createElement('div');
      document.querySelector('main').appendChild(box);
      for (let i = 0; i < 40; i++) {
        const p = document.createElement('p');
        p.textContent = `line ${i}`;
        p.style.height = '20px';
        box.appendChild(p);
        await new Promise((ok) => setTimeout(ok, 25));
      }
    });
    await page.waitForTimeout(1500);
    rec = await record();
    const sent = count(rec) - start;
    const sentCanvas = rec.record.canvas.length - startCanvas;
    assert.ok(sent >= 1, 'the burst is reported');
    assert.ok(sent <= 20, `H5P resize messages are throttled: ${sent} for 40 changes in about 1 s`);
    assert.ok(sentCanvas >= 1 && sentCanvas <= 20, `Canvas messages are throttled: ${sentCanvas} for 40 changes`);
    const finalInner = await appFrame.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(Math.abs(rec.frameHeight - finalInner) <= 4, `the iframe (${rec.frameHeight} px) fits the final content (${finalInner} px)`);
  });
});
