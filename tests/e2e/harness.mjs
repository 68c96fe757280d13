// Shared pieces of the end-to-end tests: a static server for dist/ on 127.0.0.1, Debian's Chromium
// driven by playwright-core, and an axe-core scan. Every wait is bounded.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import AxeBuilder from '@axe-core/playwright';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const dist = path.join(root, 'dist');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
};

/** Serves `dir` (default dist/) on a free port of 127.0.0.1. Extra routes: { '/path': (req, res) => … }. */
export async function serve(dir = dist, routes = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (routes[url.pathname]) return routes[url.pathname](req, res);
    let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir)) { res.writeHead(403); return res.end(); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); return res.end('not found'); }
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches Debian's Chromium headless; Playwright gives every launch a fresh, empty profile. */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return browser;
}

/** Opens the app at `hash` in a new context and waits until it has rendered. Console errors are collected.
 * Options: `viewport`, `init` (a script run before the app), `routes` ({ urlPattern: handler } for context.route). */
export async function open(browser, base, hash = '#/', options = {}) {
  const context = await browser.newContext({ viewport: options.viewport || { width: 1280, height: 900 }, acceptDownloads: true });
  if (options.init) await context.addInitScript(options.init);
  for (const [pattern, handler] of Object.entries(options.routes || {})) await context.route(pattern, handler);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(base + hash);
  await page.locator('main h1').first().waitFor();
  return { context, page, errors };
}

/** Runs axe-core with the WCAG 2.x A/AA tags; returns the violations, summarised. */
export async function axe(page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Polls `check` (sync or async, truthy = done) for up to `ms`; fails with `what` and the last value seen. */
export async function until(check, what, ms = 5000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) assert.fail(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

/** Opens the app at `hash` (see `open`), runs `body({ page, context, errors })`, and always closes the context. */
export async function withContext(browser, base, hash, options, body) {
  const s = await open(browser, base, hash, options);
  try {
    return await body(s);
  } finally {
    await s.context.close();
  }
}

/** Reloads the page and waits until the app has rendered again. */
export async function reload(page) {
  await page.reload();
  await page.locator('main h1').first().waitFor();
}

/**
 * Registers a test file's server (dist/, or $DIST when set, plus extra `routes`) and browser with node:test's
 * before/after hooks. Returns `withPage(hash, options, body)` (see `withContext`), the base `url()` and the
 * `browser()`.
 */
export function suite(routes = {}) {
  const s = { server: null, browser: null };
  before(async () => {
    s.server = await serve(process.env.DIST ? path.resolve(process.env.DIST) : dist, routes);
    s.browser = await launch();
  });
  after(async () => {
    await s.browser?.close();
    await s.server?.close();
  });
  return {
    withPage: (hash, options, body) => withContext(s.browser, s.server.url, hash, options, body),
    url: () => s.server.url,
    browser: () => s.browser,
  };
}

/** Installed before the app loads (`open(…, { init: observeLongTasks })`): records the main thread's long
 * tasks as [start, duration] in `window.__longtasks` (null where the browser has no 'longtask' entries). */
export function observeLongTasks() {
  window.__longtasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    window.__longtasks = null;
  }
}

/** Where failing tests leave screenshots and records: tests/e2e/artifacts/ (git-ignored). */
export const artifacts = path.join(root, 'tests', 'e2e', 'artifacts');

/**
 * Runs `body()`. When it throws, saves a full-page screenshot of `page` as artifacts/<name>.png and, when
 * `extra` is given, the JSON of `await extra()` (e.g. what a test LMS recorded) as artifacts/<name>.json, then
 * rethrows with the saved paths added to the message. Saving is bounded and never hides the original error.
 */
export async function shotOnFailure(page, name, body, extra) {
  try {
    return await body();
  } catch (error) {
    const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100);
    const saved = [];
    try {
      fs.mkdirSync(artifacts, { recursive: true });
      const png = path.join(artifacts, `${safe}.png`);
      await page.screenshot({ path: png, fullPage: true, timeout: 5000 });
      saved.push(png);
    } catch (e) {
      saved.push(`(no screenshot: ${String(e).split('\n')[0]})`);
    }
    if (extra) {
      try {
        const file = path.join(artifacts, `${safe}.json`);
        const data = await Promise.race([extra(), new Promise((_, no) => setTimeout(() => no(new Error('timed out')), 5000))]);
        fs.writeFileSync(file, JSON.stringify(data, null, 2));
        saved.push(file);
      } catch (e) {
        saved.push(`(no record: ${String(e).split('\n')[0]})`);
      }
    }
    if (error && typeof error.message === 'string') error.message += `\n  saved: ${saved.join(', ')}`;
    throw error;
  }
}

/** Routes for `serve` that answer each URL path with a file from disk: { '/x.html': '/abs/file.html' }. */
export function fileRoutes(map) {
  const routes = {};
  for (const [urlPath, file] of Object.entries(map)) {
    routes[urlPath] = (req, res) => fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); return res.end(`not found: ${file}`); }
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    });
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------------------
// The workspace in IndexedDB (src/app/services/storage.rs, src/domain/pack.rs), for tests that look at or
// prepare what the app saved.

/** Runs in the page: opens Skillgap's database (creating its stores as the app does). */
export const OPEN_DB = `() => new Promise((ok, no) => {
  const r = indexedDB.open('skillgap', 1);
  r.onupgradeneeded = () => {
    const db = r.result;
    if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
    if (!db.objectStoreNames.contains('copies')) db.createObjectStore('copies', { autoIncrement: true });
    if (!db.objectStoreNames.contains('copydata')) db.createObjectStore('copydata');
  };
  r.onsuccess = () => ok(r.result);
  r.onerror = () => no(r.error);
})`;

/**
 * Runs `body` (the text of an async function body; `openDb()` and `arg` are in scope) in the page. Built as
 * text so that nothing is evaluated from a string inside the page, which its Content-Security-Policy forbids.
 */
export function inPage(page, body, arg = null) {
  return page.evaluate(`(async (arg) => { const openDb = ${OPEN_DB}; ${body} })(${JSON.stringify(arg)})`);
}

/**
 * The saved workspace without its ratings (the packed form's JSON part), with `gen` (the save's generation)
 * and `ratingCount`; null when nothing is saved.
 */
export async function savedWorkspace(page) {
  return inPage(page, `
    const db = await openDb();
    const get = (key) => new Promise((ok, no) => {
      const r = db.transaction('kv').objectStore('kv').get(key);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => no(r.error);
    });
    const meta = await get('meta');
    const data = await get('workspace');
    db.close();
    if (!data) return null;
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    const stream = new Blob([bytes.subarray(8)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    const payload = new Uint8Array(await new Response(stream).arrayBuffer());
    let at = 0;
    const varint = () => { let v = 0, m = 1, b; do { b = payload[at++]; v += (b & 0x7f) * m; m *= 128; } while (b & 0x80); return v; };
    const n = varint();
    const ws = JSON.parse(new TextDecoder().decode(payload.subarray(at, at + n)));
    at += n;
    for (let k = varint(); k > 0; k--) { const len = varint(); at += len; }
    ws.ratingCount = varint();
    ws.gen = JSON.parse(meta).gen;
    return ws;`);
}

/** Waits until the header says the last change is saved. */
export async function saved(page, ms = 15_000) {
  await page.locator('.save-state[data-state=saved]').waitFor({ timeout: ms });
}
