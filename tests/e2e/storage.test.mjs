// Never losing a trainer's data (issue 11), end to end in Chromium: two tabs in one browser; saves that
// cannot be read (damaged, newer, huge) or set aside (quota); blocked storage; a crash and its rescue; a
// 20,000-person workspace saved and reloaded; result codes mangled by mail pasted on the Learner links
// page. The crash test needs the debug build in target/dist-debug (scripts/test.sh builds it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { axe, until, reload, suite, savedWorkspace, saved, inPage, serve, root, shotOnFailure } from './harness.mjs';
import { pack, synthetic, resultCode } from './storage-fixtures.mjs';

const WIDE = { width: 1280, height: 900 };
const EXAMPLE_NAME = 'Example — Harbour Bank retail service (example data)';
let fixture = Buffer.alloc(0);
const { withPage, url, browser } = suite({
  '/seed.html': (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><html lang="en"><head><title>seed</title><link rel="icon" href="data:,"></head><body></body></html>');
  },
  '/fixture': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(fixture);
  },
});

const alert = (page, text) => page.getByRole('alert').filter({ hasText: text });
const banner = (page, name) => page.getByRole('banner').getByText(name, { exact: true });
const nav = (page, name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

async function rename(page, name) {
  await nav(page, 'Data');
  const field = page.getByLabel('Workspace name', { exact: true });
  await field.fill(name);
  await field.press('Tab');
  await banner(page, name).waitFor();
}

async function addPerson(page, name) {
  await nav(page, 'People');
  await page.getByLabel('Name or pseudonym', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Add person', exact: true }).click();
  await page.getByText(name, { exact: true }).first().waitFor();
}

/** A new context with the seed page open (same origin as the app, no app running). */
async function seedContext(options = {}) {
  const context = await browser().newContext({ viewport: WIDE, acceptDownloads: true });
  if (options.init) await context.addInitScript(options.init);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${url()}seed.html`);
  return { context, page, errors };
}

/** Stores `fixture` (served at /fixture) as the saved workspace at generation `gen`. */
async function seedSaved(page, gen = 1) {
  await inPage(page, `
    const bytes = new Uint8Array(await (await fetch('/fixture')).arrayBuffer());
    const db = await openDb();
    await new Promise((ok, no) => {
      const tx = db.transaction('kv', 'readwrite');
      tx.objectStore('kv').put(bytes, 'workspace');
      tx.objectStore('kv').put(JSON.stringify({ gen: arg, tab: 'seed', at: Date.now(), bytes: bytes.length, name: 'seeded' }), 'meta');
      tx.oncomplete = ok;
      tx.onerror = () => no(tx.error);
    });
    db.close();`, gen);
}

/** The saved workspace's raw bytes as base64 (to see that nothing wrote over it). */
const rawSaved = (page) => inPage(page, `
  const db = await openDb();
  const v = await new Promise((ok) => { const r = db.transaction('kv').objectStore('kv').get('workspace'); r.onsuccess = () => ok(r.result); });
  db.close();
  if (!v) return null;
  let s = '';
  for (const b of new Uint8Array(v)) s += String.fromCharCode(b);
  return btoa(s);`);

async function openApp(page, hash = '#/') {
  await page.goto(`${url()}${hash}`);
  await page.locator('main h1').first().waitFor({ timeout: 60_000 });
}

/** The kept copies listed on the Data page, as their titles. */
async function keptCopies(page) {
  await nav(page, 'Data');
  await page.getByRole('heading', { name: 'Kept copies' }).waitFor();
  return (await page.locator('.copies .copy strong').allTextContents()).map((t) => t.trim());
}

// ---------------------------------------------------------------------------------------------------------
// 1. Two tabs in one browser.

test('two tabs: a tab without changes of its own shows the other tab\'s save and says so; both edits survive a reload', async () => {
  const { context, page: a } = await seedContext();
  try {
    await openApp(a, '#/data');
    await saved(a);
    const b = await context.newPage();
    await b.goto(`${url()}#/`);
    await b.locator('main h1').first().waitFor();

    await rename(a, 'Renamed in A');
    await saved(a);
    await banner(b, 'Renamed in A').waitFor();
    assert.match(await b.getByRole('status').textContent(), /now shows the changes saved in another tab/);
    await addPerson(b, 'Added in B');
    await saved(b);
    await a.getByText(/now shows the changes saved in another tab/).first().waitFor();

    await reload(a);
    await banner(a, 'Renamed in A').waitFor();
    await nav(a, 'People');
    await a.getByText('Added in B', { exact: true }).first().waitFor();
    assert.equal(await a.getByRole('alert').filter({ hasText: 'Another tab saved' }).count(), 0, 'no conflict');
  } finally {
    await context.close();
  }
});

/** "A" or "B": which of the racing tabs `page` is (A opened on the Data page first). */
const tabName = async (page) => ((await page.evaluate(() => window.__tab)) || 'B');

/** Two tabs with the clock paused, each with an unsaved edit; then both saves fire. Returns the tab that
 * lost the race (it shows the conflict) and the other. */
async function racingTabs(context) {
  await context.clock.install();
  const a = await context.newPage();
  a.setDefaultTimeout(30_000);
  await openApp(a, '#/data');
  await a.evaluate(() => { window.__tab = 'A'; });
  await saved(a);
  const b = await context.newPage();
  b.setDefaultTimeout(30_000);
  await b.goto(`${url()}#/`);
  await b.locator('main h1').first().waitFor();
  await context.clock.pauseAt(Date.now() + 5_000);
  await rename(a, 'Renamed in A');
  await addPerson(b, 'Added in B');
  await context.clock.runFor(2_000);
  const conflict = (p) => p.getByRole('alert').filter({ hasText: 'Another tab saved this workspace' });
  const loser = await until(async () => ((await conflict(a).count()) ? a : (await conflict(b).count()) ? b : null), 'one tab showing the conflict', 15_000);
  const winner = loser === a ? b : a;
  assert.equal(await conflict(winner).count(), 0, 'only the tab whose save came second is told');
  await context.clock.resume();
  return { loser, winner, conflict: conflict(loser) };
}

test('two tabs saving at once: the second is told, nothing is overwritten, and "Merge both" keeps both edits', async () => {
  const context = await browser().newContext({ viewport: WIDE, acceptDownloads: true });
  try {
    const { loser, winner, conflict } = await racingTabs(context);
    await shotOnFailure(loser, 'storage-merge', async () => {
      assert.match(await conflict.textContent(), /Nothing has been overwritten/);
      assert.match(await conflict.textContent(), /changed different things, so both can be kept: 1 change from this tab and 1 change from the other/);
      assert.equal(await loser.locator('.save-state').textContent(), 'Not saved');
      assert.deepEqual(await axe(loser), [], 'the conflict notice passes axe');
      await conflict.getByRole('button', { name: 'Merge both' }).click();
      await loser.getByText(/^Merged: 1 change from this tab and 1 change from the other tab/).first().waitFor();
      await saved(loser);
      await banner(winner, 'Renamed in A').waitFor();
      for (const p of [winner, loser]) {
        await reload(p);
        await banner(p, 'Renamed in A').waitFor();
        await nav(p, 'People');
        await p.getByText('Added in B', { exact: true }).first().waitFor();
      }
    });
  } finally {
    await context.close();
  }
});

test('two tabs: "Use the other tab\'s version" and "Keep this tab\'s version" each keep the other version as a copy', async () => {
  for (const choice of ["Use the other tab's version", "Keep this tab's version"]) {
    const context = await browser().newContext({ viewport: WIDE, acceptDownloads: true });
    try {
      const { loser, winner, conflict } = await racingTabs(context);
      // Which edit is whose: A renamed the workspace, B added a person.
      const hasEdit = (ws, tab) => (tab === 'A' ? ws.name === 'Renamed in A' : ws.people.some((p) => p.name === 'Added in B'));
      const [mine, theirs] = [await tabName(loser), await tabName(winner)];
      await conflict.getByRole('button', { name: choice }).click();
      await until(async () => (await conflict.count()) === 0, 'the conflict notice gone');
      await saved(loser);
      const copies = await keptCopies(loser);
      assert.equal(copies.length, 1, `one kept copy: ${copies}`);
      const [download] = await Promise.all([loser.waitForEvent('download'), loser.getByRole('button', { name: /^Download .* of / }).click()]);
      const kept = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
      const stored = await savedWorkspace(loser);
      if (choice.startsWith('Use')) {
        assert.match(copies[0], /^This tab's version/);
        assert.ok(hasEdit(kept, mine) && !hasEdit(stored, mine) && hasEdit(stored, theirs), 'the other tab\'s version is saved, this one\'s kept');
      } else {
        assert.match(copies[0], /^Another tab's version/);
        assert.ok(hasEdit(kept, theirs) && hasEdit(stored, mine) && !hasEdit(stored, theirs), 'this tab\'s version is saved, the other\'s kept');
      }
    } finally {
      await context.close();
    }
  }
});

// ---------------------------------------------------------------------------------------------------------
// 2. Saves that cannot be read: copied aside before anything writes, listed, downloadable; never replaced.

test('a damaged save, then a newer-version save: each is kept as its own copy, the notice comes on every start, downloads give the saved data', async () => {
  const { context, page, errors } = await seedContext();
  try {
    const damaged = Buffer.concat([Buffer.from('SGW\x01'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('not deflate at all')]);
    fixture = damaged;
    await seedSaved(page);
    await openApp(page);
    const notice = alert(page, 'could not be read');
    await notice.waitFor();
    assert.match(await notice.textContent(), /packed data is damaged/);
    assert.equal((await page.getByRole('heading', { level: 1 }).textContent()).trim(), EXAMPLE_NAME);
    await saved(page);
    await reload(page);
    await alert(page, 'could not be read is kept on the Data page').waitFor();

    // A second unreadable save (from a newer Skillgap) does not replace the first copy.
    const newer = Buffer.from(JSON.stringify({ schema_version: 99, name: 'From the future' }));
    fixture = newer;
    await seedSaved(page, 5);
    await reload(page);
    await alert(page, 'made by a newer Skillgap').waitFor();
    const copies = await keptCopies(page);
    assert.deepEqual(copies, ['Unreadable save', 'Unreadable save']);
    assert.deepEqual(await axe(page), [], 'the Data page with kept copies passes axe');
    const downloads = [];
    for (const b of await page.getByRole('button', { name: /^Download Unreadable save of / }).all()) {
      const [d] = await Promise.all([page.waitForEvent('download'), b.click()]);
      downloads.push(fs.readFileSync(await d.path()));
    }
    assert.deepEqual(downloads[0], damaged);
    assert.deepEqual(downloads[1], newer);
    // Deleting asks once more, then the copy is gone.
    await page.getByRole('button', { name: /^Delete Unreadable save of / }).first().click();
    await page.getByRole('button', { name: /^Delete for good / }).click();
    await until(async () => (await keptCopies(page)).length === 1, 'one copy left');
    assert.deepEqual(errors.filter((e) => !/could not be read|Skillgap:/.test(e)), []);
  } finally {
    await context.close();
  }
});

test('an earlier version\'s localStorage save is moved into the database; a huge one that would inflate to 300 MB is refused and kept', async () => {
  // What earlier versions stored: compact JSON, and for large workspaces "skillgap-deflate-b64:" text.
  const { context, page } = await seedContext();
  try {
    const old = { schema_version: 2, name: 'Saved by 0.1', currency: 'AUD', is_example: false, scale: { labels: ['a', 'b', 'c'] },
      skills: [], roles: [], people: [], ratings: [], scenarios: [], next_id: 1 };
    await page.evaluate((t) => localStorage.setItem('skillgap.workspace', t), JSON.stringify(old));
    await openApp(page);
    await banner(page, 'Saved by 0.1').waitFor();
    await saved(page);
    assert.equal((await savedWorkspace(page)).name, 'Saved by 0.1');
    assert.equal(await page.evaluate(() => localStorage.getItem('skillgap.workspace')), null, 'moved, not copied');

    const bomb = zlib.deflateRawSync(Buffer.alloc(300 << 20, 32), { level: 9 });
    const text = `skillgap-deflate-b64:${bomb.toString('base64')}`;
    assert.ok(text.length < 2_000_000, `${text.length} characters`);
    await page.goto(`${url()}seed.html`);
    await page.evaluate((t) => localStorage.setItem('skillgap.workspace', t), text);
    await openApp(page);
    const notice = alert(page, 'could not be read');
    await notice.waitFor();
    assert.match(await notice.textContent(), /unpacks to more than/);
    await banner(page, 'Saved by 0.1').waitFor(); // the database's own save is still shown
    assert.deepEqual(await keptCopies(page), ['Unreadable save']);
  } finally {
    await context.close();
  }
});

test('an unreadable save larger than the room left: nothing is written over it, saving stops, and its data downloads; "Save again" resumes', async () => {
  const { context, page } = await seedContext();
  try {
    const raw = Buffer.concat([Buffer.from('SGW\x01'), Buffer.from([0xff, 0xff, 0xff, 0x0f]), crypto.randomBytes(3 << 20)]);
    fixture = raw;
    const cdp = await context.newCDPSession(page);
    const origin = new URL(url()).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 16 << 20 });
    await seedSaved(page);
    // Fill the rest of the room with another database, so that copying the 3 MB save aside cannot succeed.
    const filled = await inPage(page, `
      const db = await new Promise((ok) => { const r = indexedDB.open('filler', 1); r.onupgradeneeded = () => r.result.createObjectStore('s'); r.onsuccess = () => ok(r.result); });
      for (let i = 0; i < 64; i++) {
        const chunk = new Uint8Array(65536 * 8);
        for (let k = 0; k < 8; k++) crypto.getRandomValues(chunk.subarray(k * 65536, (k + 1) * 65536));
        const ok = await new Promise((done) => { const tx = db.transaction('s', 'readwrite'); tx.objectStore('s').put(chunk, i); tx.oncomplete = () => done(true); tx.onabort = () => done(false); });
        if (!ok) { db.close(); return i; }
      }
      db.close();
      return -1;`);
    assert.ok(filled > 0, `the filler stopped at the quota (${filled})`);
    const before = await rawSaved(page);
    await openApp(page);
    const stopped = alert(page, 'Not saving: your saved workspace could not be read');
    await stopped.waitFor();
    assert.match(await stopped.textContent(), /no room to keep a copy/);
    assert.deepEqual(await axe(page), [], 'the stopped notice passes axe');
    assert.equal(await page.locator('.save-state').textContent(), 'Not saved');
    await rename(page, 'Edited while stopped');
    await page.waitForTimeout(1500);
    assert.equal(await rawSaved(page), before, 'the unreadable save is untouched');
    const [d] = await Promise.all([page.waitForEvent('download'), stopped.getByRole('button', { name: 'Download the saved data' }).click()]);
    assert.deepEqual(fs.readFileSync(await d.path()), raw);

    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await stopped.getByRole('button', { name: 'Save again, replacing it' }).click();
    await saved(page);
    assert.equal((await savedWorkspace(page)).name, 'Edited while stopped');
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------------------------------------------------
// 3. Full and blocked storage.

test('storage full: the notice comes, edits stay in memory, and the next change after space is freed is saved', async () => {
  const { context, page, errors } = await seedContext();
  try {
    const cdp = await context.newCDPSession(page);
    const origin = new URL(url()).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    await openApp(page);
    await alert(page, 'storage is full').waitFor();
    await rename(page, 'Full Bank');
    assert.ok(await alert(page, 'storage is full').isVisible());
    assert.equal(await page.locator('.save-state').textContent(), 'Not saved');
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await rename(page, 'Room again');
    await saved(page);
    await until(async () => (await alert(page, 'storage is full').count()) === 0, 'the notice gone');
    await reload(page);
    await banner(page, 'Room again').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

const NO_IDB = "Object.defineProperty(window, 'indexedDB', { get() { throw new DOMException('blocked', 'SecurityError'); } });";
const NO_LOCAL = "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });";

test('IndexedDB blocked: the workspace is saved in localStorage instead, and says so on the Data page', async () => {
  const { context, page } = await seedContext({ init: NO_IDB });
  try {
    await openApp(page, '#/data');
    await page.getByText(/saved in this browser's localStorage/).waitFor();
    await rename(page, 'Local Bank');
    await saved(page);
    await reload(page);
    await banner(page, 'Local Bank').waitFor();
  } finally {
    await context.close();
  }
});

test('all storage blocked: a "Not saving" notice, and editing still works in memory', async () => {
  const { context, page, errors } = await seedContext({ init: NO_IDB + NO_LOCAL });
  try {
    await openApp(page);
    const notice = alert(page, 'Not saving');
    await notice.waitFor();
    assert.match(await notice.textContent(), /blocks storage/);
    await rename(page, 'Blocked Bank');
    assert.ok(await notice.isVisible());
    assert.deepEqual(errors.filter((e) => !/IndexedDB cannot be used/.test(e)), []);
  } finally {
    await context.close();
  }
});

test('text typed but not committed (no Enter, no leaving the field) is saved when the page is reloaded', async () => {
  const { context, page } = await seedContext();
  try {
    await openApp(page, '#/data');
    await saved(page);
    const field = page.getByLabel('Workspace name', { exact: true });
    await field.fill('Typed, never committed');
    await reload(page);
    await banner(page, 'Typed, never committed').waitFor();
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------------------------------------------------
// 4. A crash: the notice, a working download, and a reload that keeps the last change.

test('a forced panic (debug build) shows the crash notice; "Download my workspace" gives every change; Reload keeps it', async () => {
  const dir = path.join(root, 'target', 'dist-debug');
  assert.ok(fs.existsSync(path.join(dir, 'index.html')), `the debug build is missing: run "trunk build --release false --dist ${dir}" (scripts/test.sh does)`);
  const server = await serve(dir);
  const context = await browser().newContext({ viewport: WIDE, acceptDownloads: true });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${server.url}?crash-test#/data`);
    await page.locator('main h1').first().waitFor();
    await rename(page, 'Before the crash');
    await saved(page);
    const field = page.getByLabel('Workspace name', { exact: true });
    await field.fill('Crash now');
    await field.press('Tab');
    const notice = page.locator('#crash');
    await notice.getByText('Something went wrong and Skillgap stopped.').waitFor();
    assert.ok(await notice.isVisible());
    const [d] = await Promise.all([page.waitForEvent('download'), notice.getByRole('link', { name: 'Download my workspace' }).click()]);
    const ws = JSON.parse(fs.readFileSync(await d.path(), 'utf8'));
    assert.equal(ws.name, 'Crash now', 'the download holds the change that crashed');
    assert.equal(ws.schema_version, 5, 'the current schema (src/domain/model.rs SCHEMA_VERSION)');
    await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Reload' }).click()]);
    await page.locator('main h1').first().waitFor();
    await banner(page, 'Crash now').waitFor();
    assert.equal(await notice.isVisible(), false);
  } finally {
    await context.close();
    await server.close();
  }
});

// ---------------------------------------------------------------------------------------------------------
// 5. 20,000 people × 40 skills × 3 sources: saved and loaded again.

test('20,000 people × 32 required skills × 3 sources (1.92 million ratings) load, save an edit and load again', async () => {
  const ws = synthetic(20_000);
  fixture = pack(ws);
  const { context, page, errors } = await seedContext();
  try {
    await seedSaved(page, 1);
    await openApp(page, '#/data');
    await banner(page, 'Synthetic 20000').waitFor({ timeout: 120_000 });
    await rename(page, 'Twenty thousand');
    await saved(page, 120_000);
    const back = await savedWorkspace(page);
    assert.equal(back.name, 'Twenty thousand');
    assert.equal(back.people.length, 20_000);
    assert.equal(back.ratingCount, ws.ratings.length);
    await page.reload();
    await banner(page, 'Twenty thousand').waitFor({ timeout: 120_000 });
    await nav(page, 'Overview');
    await page.getByText(/20000\s*people assessed \(1,920,000 ratings\)/).first().waitFor({ timeout: 60_000 });
    assert.deepEqual(errors, []);
  } finally {
    fixture = Buffer.alloc(0);
    await context.close();
  }
});

// ---------------------------------------------------------------------------------------------------------
// 6. Result codes as mail programs pass them on, pasted on the Learner links page.

test('result codes percent-encoded, wrapped, quoted and with reply marks are read on the Learner links page', async () => {
  await withPage('#/data', { viewport: WIDE }, async ({ page }) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export workspace (JSON)' }).click()]);
    const ws = JSON.parse(fs.readFileSync(await d.path(), 'utf8'));
    const role = ws.roles.find((r) => Object.keys(r.requirements).length > 0).id;
    const c1 = resultCode(ws, role, 'Ann Mangled', 2);
    const c2 = resultCode(ws, role, 'Ben Wrapped', 3);
    const pct = [...c1].map((ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
    const wrapped = c2.match(/.{1,60}/g).join('\n> ');
    const pasted = `Ann: https://example.test/skillgap/#%2Fresult%2F${pct}\n\n> Ben: "${wrapped}".\n`;
    await nav(page, 'Learner links');
    await page.getByLabel('Result codes', { exact: true }).fill(pasted);
    await page.getByRole('button', { name: 'Check results', exact: true }).click();
    const table = page.getByRole('table', { name: 'Results to import' });
    await table.waitFor();
    const rows = await table.locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 2, JSON.stringify(rows));
    assert.ok(rows.some((r) => r.includes('Ann Mangled')) && rows.some((r) => r.includes('Ben Wrapped')), JSON.stringify(rows));
    assert.equal(await page.getByRole('table', { name: 'Results refused' }).count(), 0);
  });
});
