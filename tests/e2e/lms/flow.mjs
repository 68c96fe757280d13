// Shared steps of the learner and LMS end-to-end tests, written against the DOM contract of issue 6 (learner
// pages at #/learn/<code>, the trainer's #/share page) and the `package` command's contract. `scope` is a
// Playwright Page or a FrameLocator (the app inside an LMS host page's iframe); both find elements the same way.
// Every wait is bounded.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { until, root, dist, fileRoutes, shotOnFailure } from '../harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const ADVISOR = 'Branch service advisor';
/** The dist folder the tests run against: $DIST when set, else dist/ at the repository root. */
export const distDir = () => (process.env.DIST ? path.resolve(process.env.DIST) : dist);

// ---------------------------------------------------------------------------------------------------------
// Keyboard helpers.

export const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement || el === el.ownerDocument.activeElement);

/** A short description of the focused element of `page`'s main frame or of `frame` (a Frame). */
export const focusedDesc = (target) => target.evaluate(() => {
  const el = document.activeElement;
  if (!el) return 'nothing';
  const label = el.labels?.[0]?.textContent || el.getAttribute('aria-label') || el.textContent || el.value || '';
  return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.type ? '[' + el.type + ']' : ''} "${label.trim().replace(/\s+/g, ' ').slice(0, 50)}"`;
});

/** Presses `key` (Tab by default) until `target` has focus; fails after `max` presses, saying where focus is. */
export async function tabTo(page, target, what, max = 60, key = 'Tab') {
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(key);
  }
  if (await isFocused(target)) return;
  assert.fail(`${max} × ${key} did not reach ${what}; focus is on ${await focusedDesc(page)}`);
}

// ---------------------------------------------------------------------------------------------------------
// Trainer: make a learner link on #/share.

/**
 * On the trainer's page `page` (any route of the app at `base`), makes a learner link for `role`'s whole profile
 * through #/share and returns { link (the "Learner link" text), code (its a1. code) }.
 */
export async function makeLearnerLink(page, base, role = ADVISOR) {
  await page.goto(`${base}#/share`);
  await page.getByRole('heading', { level: 1, name: 'Learner links' }).waitFor();
  // Options read "<role> – <contact> – <n> required skills".
  const select = page.getByLabel('Role', { exact: true });
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent.trim()]));
  const option = options.find(([, text]) => text === role || text.startsWith(`${role} – `));
  assert.ok(option, `the Role select has an option for ${role} (options: ${options.map((o) => o[1]).join(' | ')})`);
  await select.selectOption(option[0]);
  const whole = page.getByRole('radio', { name: 'Whole profile', exact: true });
  if (await whole.count()) await whole.check();
  await page.getByRole('button', { name: 'Make learner link', exact: true }).click();
  const box = page.getByLabel('Learner link', { exact: true });
  const link = await until(async () => {
    const v = (await box.inputValue()).trim();
    return /#\/learn\/a1\.\d+\.[A-Za-z0-9_-]+/.test(v) && v;
  }, 'a learner link (…#/learn/a1.…) in the "Learner link" textarea after "Make learner link"', 15_000);
  assert.equal(await box.getAttribute('readonly') !== null, true, '"Learner link" is read-only');
  const code = /a1\.\d+\.[A-Za-z0-9_-]+/.exec(link)[0];
  return { link, code };
}

/**
 * A learner link for `role`, made through the trainer UI once, on first use, in a context of its own at 1280 px
 * (`browser` and `url` are the test file's suite accessors; `name` names the screenshot on failure). Returns a
 * function giving the same { link, code } promise to every test of the file.
 */
export function sharedLink(browser, url, name, role = ADVISOR) {
  let made;
  return () => {
    made ??= (async () => {
      const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        return await shotOnFailure(page, name, () => makeLearnerLink(page, url(), role));
      } finally {
        await context.close();
      }
    })();
    return made;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Learner pages.

export const main = (scope) => scope.locator('main#main');
export const legend = (scope) => scope.locator('main#main fieldset legend').first();
export const reviewHeading = (scope) => scope.getByRole('heading', { level: 2, name: 'Check your answers', exact: true });
export const resultHeading = (scope) => scope.getByRole('heading', { level: 2, name: 'Your result', exact: true });
export const levelRadio = (scope, n) => scope.getByRole('radio', { name: new RegExp(`^${n} – `) });
export const noOpportunity = (scope) => scope.getByRole('radio', { name: /^No opportunity to show this/ });
export const button = (scope, name) => scope.getByRole('button', { name, exact: true });

/** "Skill i of n" on a step page → { i, n, skill (the fieldset's legend) }; null when no step is shown. */
export async function stepInfo(scope) {
  if (!(await legend(scope).count())) return null;
  const m = /Skill (\d+) of (\d+)/.exec(await main(scope).innerText());
  if (!m) return null;
  return { i: Number(m[1]), n: Number(m[2]), skill: (await legend(scope).innerText()).trim() };
}

/** Waits for the start page, types the learner's name when the field is empty, presses Start, waits for step 1. */
export async function startAssessment(scope, name) {
  await scope.getByRole('heading', { level: 1, name: /^Self-assessment: / }).waitFor({ timeout: 15_000 });
  const field = scope.getByLabel('Your name', { exact: true });
  if (name && !(await field.inputValue()).trim()) await field.fill(name);
  await button(scope, 'Start').click();
  const s = await until(() => stepInfo(scope), 'the first skill step ("Skill 1 of n" and a fieldset) after Start', 15_000);
  assert.equal(s.i, 1, `after Start the learner is on skill 1, not ${s.i}`);
  return s;
}

/** After a reload or relaunch: waits for a skill step (pressing Continue/Resume/Start if the page offers one
 * first) and returns its stepInfo. `what` names the moment for the failure message. */
export async function resumedStep(scope, what) {
  return until(async () => {
    const info = await stepInfo(scope);
    if (info) return info;
    const resume = scope.getByRole('button', { name: /^(Continue|Resume|Start)/ });
    if (await resume.count()) await resume.first().click();
    return null;
  }, `a skill step ${what}`, 15_000);
}

/** Waits until the step changes from `from` (a stepInfo) or the review shows; returns the new stepInfo or 'review'. */
export async function nextFrom(scope, from) {
  return until(async () => {
    if (await reviewHeading(scope).count()) return 'review';
    const s = await stepInfo(scope);
    return s && s.i !== from.i && s;
  }, `the step after "Skill ${from.i} of ${from.n}" (${from.skill})`, 15_000);
}

/** Answers the current step by pointer (`answer`: a level number or 'none') and presses Next. */
export async function answerStep(scope, answer) {
  const from = await until(() => stepInfo(scope), 'a skill step', 15_000);
  const radio = answer === 'none' ? noOpportunity(scope) : levelRadio(scope, answer);
  await radio.check();
  await button(scope, 'Next').click();
  return nextFrom(scope, from);
}

/**
 * Answers steps by pointer until the review (or until `stop(stepInfo)` is true); `pick(stepInfo)` gives the
 * answer. Returns the answers given, by skill name, and the number of skills.
 */
export async function answerAll(scope, pick, stop = () => false) {
  const given = {};
  let s = await until(() => stepInfo(scope), 'a skill step', 15_000);
  const n = s.n;
  for (let guard = 0; guard < 60 && s !== 'review' && !stop(s); guard++) {
    const a = pick(s);
    given[s.skill] = a;
    s = await answerStep(scope, a);
  }
  return { given, n, at: s };
}

/** On the review, presses "Submit my answers" and returns the result code shown in "Your result code". */
export async function submit(scope) {
  await reviewHeading(scope).waitFor({ timeout: 15_000 });
  await button(scope, 'Submit my answers').click();
  await resultHeading(scope).waitFor({ timeout: 15_000 });
  const box = scope.getByLabel('Your result code', { exact: true });
  return until(async () => {
    const v = (await box.inputValue()).trim();
    return /^r1\.\d+\.[A-Za-z0-9_-]+$/.test(v) && v;
  }, 'a result code (r1.…) in "Your result code"', 15_000);
}

// ---------------------------------------------------------------------------------------------------------
// The SCORM package: the real `package` command, unzipped and served with the test LMS host pages.

function run(cmd, args, options = {}) {
  return new Promise((ok, no) => {
    execFile(cmd, args, { maxBuffer: 64 << 20, ...options }, (err, stdout, stderr) => {
      if (err) {
        no(new Error(`${cmd} ${args.map((a) => (a.length > 80 ? a.slice(0, 40) + '…' : a)).join(' ')} failed: ${err.message}\n${stderr}`));
      } else {
        ok({ stdout, stderr });
      }
    });
  });
}

/**
 * Runs `package --link <code> --dist <dist> --out <tmp> --version <version> [--mastery N]` (the binary in
 * $PACKAGE_BIN, else `cargo run --locked --quiet --bin package`; the first cargo build may take minutes, hence the
 * 10-minute bound) and returns { out, zips: { '12': path, '2004': path } }.
 */
export async function buildPackage(code, { version = 'both', mastery, origins = [] } = {}) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'skillgap-pkg-'));
  const args = ['--link', code, '--dist', distDir(), '--out', out, '--version', String(version)];
  if (mastery !== undefined) args.push('--mastery', String(mastery));
  for (const o of origins) args.push('--cmi5-origin', o);
  const [cmd, cmdArgs] = process.env.PACKAGE_BIN
    ? [process.env.PACKAGE_BIN, args]
    : ['cargo', ['run', '--locked', '--quiet', '--bin', 'package', '--', ...args]];
  await run(cmd, cmdArgs, { cwd: root, timeout: 600_000 });
  const files = fs.readdirSync(out);
  const zips = {};
  for (const f of files) {
    const m = /^skillgap-[a-z0-9]+(?:-[a-z0-9]+)*-(?:scorm(12|2004)|(cmi5))\.zip$/.exec(f);
    if (m) zips[m[1] || m[2]] = path.join(out, f);
  }
  const want = { both: ['12', '2004'], all: ['12', '2004', 'cmi5'] }[version] || [String(version)];
  for (const v of want) assert.ok(zips[v], `package --version ${version} wrote skillgap-<role-slug>-${v === 'cmi5' ? v : `scorm${v}`}.zip in ${out}; it wrote: ${files.join(', ') || 'nothing'}`);
  assert.equal(Object.keys(zips).length, want.length, `only the asked versions (${want}) are written: ${files.join(', ')}`);
  return { out, zips };
}

/** Unzips `zip` with /usr/bin/unzip into `dir` (created). */
export async function unzip(zip, dir) {
  fs.mkdirSync(dir, { recursive: true });
  await run('/usr/bin/unzip', ['-q', '-o', zip, '-d', dir], { timeout: 60_000 });
  return dir;
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
export function listFiles(dir, prefix = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel)); else out.push(rel);
  }
  return out;
}

/**
 * Checks an unzipped SCORM package in `dir`: imsmanifest.xml at the root naming the SCORM version and a SCO
 * resource at index.html that lists every file of the app, the app's files from dist/, and index.html carrying
 * `<meta name="skillgap-learner" content="<code>">`. Returns the manifest text.
 */
export function checkPackage(dir, version, code) {
  const files = listFiles(dir);
  assert.ok(files.includes('imsmanifest.xml'), `imsmanifest.xml at the root of the SCORM ${version} package; it holds: ${files.join(', ')}`);
  const manifest = fs.readFileSync(path.join(dir, 'imsmanifest.xml'), 'utf8');
  if (version === '12') {
    assert.match(manifest, /<schemaversion>\s*1\.2\s*<\/schemaversion>/, 'the 1.2 manifest says <schemaversion>1.2</schemaversion>');
    assert.match(manifest, /adlcp:scormtype="sco"/, 'the 1.2 manifest has a resource with adlcp:scormtype="sco"');
  } else {
    assert.match(manifest, /<schemaversion>\s*2004 [^<]*<\/schemaversion>/, 'the 2004 manifest says <schemaversion>2004 …</schemaversion>');
    assert.match(manifest, /adlcp:scormType="sco"/, 'the 2004 manifest has a resource with adlcp:scormType="sco"');
  }
  assert.match(manifest, /<resource\b[^>]*\bhref="index\.html"/, 'the SCO resource starts at index.html');
  const listed = new Set([...manifest.matchAll(/<file\s+href="([^"]+)"/g)].map((m) => m[1]));
  // Every file the built page loads (the href/src of dist/index.html) is in the package…
  const distIndex = fs.readFileSync(path.join(distDir(), 'index.html'), 'utf8');
  const loaded = [...distIndex.matchAll(/\b(?:href|src)="(?:\.\/)?([^"#?:]+)"/g)].map((m) => m[1]).filter((f) => fs.existsSync(path.join(distDir(), f)) && !f.endsWith('/'));
  assert.ok(loaded.some((f) => f.endsWith('.wasm') || f.endsWith('.js')), `dist/index.html loads the app's script: ${loaded}`);
  for (const f of ['index.html', ...loaded]) assert.ok(files.includes(f), `the package holds the app's ${f}; it holds: ${files.join(', ')}`);
  // …and every file of the package (but the manifest and its schema files) is listed in the manifest.
  for (const f of files.filter((f) => f !== 'imsmanifest.xml' && !/\.(xsd|dtd)$/.test(f))) {
    assert.ok(listed.has(f), `the manifest lists ${f} as a <file href="…">`);
  }
  const index = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const meta = /<meta\s+name="skillgap-learner"\s+content="([^"]*)"/.exec(index);
  assert.ok(meta, 'index.html carries <meta name="skillgap-learner" content="a1.…">');
  assert.equal(meta[1], code, 'the meta tag holds the learner link code the package was made from');
  return manifest;
}

/** The test LMS's own files, as routes for `serve`: the host pages and scorm-again's browser build. */
export function lmsRoutes() {
  return fileRoutes({
    '/scorm.html': path.join(here, 'scorm.html'),
    '/scorm-host.js': path.join(here, 'scorm-host.js'),
    '/resize.html': path.join(here, 'resize.html'),
    '/strict.html': path.join(here, 'strict.html'),
    '/strict-host.js': path.join(here, 'strict-host.js'),
    '/strict-scorm.js': path.join(here, 'strict-scorm.js'),
    '/scorm-again.js': path.join(here, '..', 'node_modules', 'scorm-again', 'dist', 'scorm-again.js'),
  });
}
