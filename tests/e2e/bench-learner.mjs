// Page-load benchmark (a script, not a test): the release build opened as a learner on a slow phone and as a
// trainer, in Debian's Chromium, cold cache, over scripts/serve.mjs as a static host serves it.
//   node tests/e2e/bench-learner.mjs [RUNS]      (RUNS per case, default 3; the median is printed)
// Serves $DIST when set, else dist/.
//
// The phone profile of issue 15: a 390×844 viewport, 1.6 Mbit/s down, 750 kbit/s up and 150 ms latency
// (CDP Network.emulateNetworkConditions), the CPU slowed 4× (CDP Emulation.setCPUThrottlingRate), the HTTP
// cache disabled. Each case is served three ways: uncompressed, gzip and Brotli (scripts/serve.mjs with
// only that encoding), and opened RUNS times in a fresh context. Figures, from navigation start:
//   - text: the first contentful paint, which is index.html's static "Loading…" text;
//   - heading: the app's own h1 (index.html's loading text gone, `main h1` rendered and painted — a
//     requestAnimationFrame after it appeared);
//   - bytes: what came over the wire (CDP encodedDataLength, headers included) and the number of requests.
// The learner link is made through the trainer UI first (unthrottled), for the example's branch service
// advisor (its whole profile), as a trainer would.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launch, dist } from './harness.mjs';
import { makeLearnerLink, ADVISOR } from './lms/flow.mjs';
import { startServer } from '../../scripts/serve.mjs';

const RUNS = Math.max(1, Number(process.argv[2] || 3));
const root = process.env.DIST ? path.resolve(process.env.DIST) : dist;
const PHONE = {
  viewport: { width: 390, height: 844 },
  network: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 },
  cpu: 4,
};
const WAIT_MS = 90_000;

const watchdog = setTimeout(() => {
  console.error('bench-learner: gave up after 20 minutes');
  process.exit(1);
}, 20 * 60_000);
watchdog.unref();

/** Installed before the page's own scripts: the time the app's h1 appeared and was painted. */
function observeHeading() {
  window.__heading = null;
  const seen = () => {
    const h = document.querySelector('main h1');
    if (!h || document.getElementById('boot') || window.__heading !== null) return false;
    window.__heading = -1;
    requestAnimationFrame(() => { window.__heading = performance.now(); });
    return true;
  };
  new MutationObserver((_, obs) => { if (seen()) obs.disconnect(); })
    .observe(document, { childList: true, subtree: true });
}

/** Sizes of the built files: raw, gzip -9 and Brotli 11, in bytes. */
function sizes(file) {
  const raw = fs.readFileSync(file);
  return {
    raw: raw.length,
    gzip: zlib.gzipSync(raw, { level: 9 }).length,
    br: zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** The wasm files index.html's two skillgap-app links name. */
function bundles() {
  const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  const out = {};
  for (const m of html.matchAll(/<link rel="skillgap-app" data-app="(\w+)" href="([^"]+)" data-wasm="([^"]+)"/g)) {
    out[m[1]] = { js: path.join(root, m[2]), wasm: path.join(root, m[3]) };
  }
  return out;
}

const kB = (n) => `${(n / 1024).toLocaleString('en', { maximumFractionDigits: 0 })} KB`;
const s = (ms) => (ms == null ? '-' : `${(ms / 1000).toFixed(2)} s`);
const median = (xs) => {
  const v = xs.filter((x) => x != null).sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : null;
};

/** One cold load of `url` on the phone profile; returns { text, heading, bytes, requests }. */
async function load(browser, url) {
  const context = await browser.newContext({ viewport: PHONE.viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  try {
    await context.addInitScript(observeHeading);
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', PHONE.network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpu });
    let bytes = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; requests += 1; });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url, { waitUntil: 'commit', timeout: WAIT_MS });
    await page.waitForFunction(() => typeof window.__heading === 'number' && window.__heading > 0, null, { timeout: WAIT_MS, polling: 100 });
    const t = await page.evaluate(() => ({
      heading: window.__heading,
      text: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    }));
    // Let the last responses finish counting (the app may fetch nothing more, but a stylesheet may lag).
    await page.waitForTimeout(300);
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    return { ...t, bytes, requests };
  } finally {
    await context.close();
  }
}

const browser = await launch();
const servers = [];
try {
  const files = bundles();
  if (!files.learner || !files.trainer) throw new Error(`index.html in ${root} names no learner and trainer bundles`);
  console.log('Bundles (release build): raw / gzip -9 / Brotli 11');
  for (const [name, f] of Object.entries(files)) {
    const w = sizes(f.wasm);
    const j = sizes(f.js);
    console.log(`  ${name.padEnd(8)} wasm ${kB(w.raw)} / ${kB(w.gzip)} / ${kB(w.br)}   bindings ${kB(j.raw)} / ${kB(j.gzip)} / ${kB(j.br)}`);
  }

  // The learner link, made on an uncompressed server without throttling.
  const plain = await startServer({ dir: root, compress: false });
  servers.push(plain);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const { code } = await makeLearnerLink(page, plain.url, ADVISOR);
  await context.close();
  console.log(`\nLearner link: ${ADVISOR}, whole profile, ${code.length.toLocaleString('en')} characters of code.`);

  const cases = [
    ['learner link (#/learn/…)', (base) => `${base}#/learn/${code}`],
    ['trainer overview (#/)', (base) => `${base}#/`],
  ];
  console.log(`\nCold load on the phone profile (390×844, 1.6 Mbit/s down, 150 ms, CPU ×${PHONE.cpu}); median of ${RUNS}:`);
  console.log(`${'page'.padEnd(28)} ${'served'.padEnd(13)} ${'text'.padStart(8)} ${'heading'.padStart(9)} ${'transferred'.padStart(12)} ${'requests'.padStart(9)}`);
  for (const [encoding, label] of [[false, 'uncompressed'], ['gzip', 'gzip'], ['br', 'Brotli']]) {
    const server = await startServer({ dir: root, compress: encoding });
    servers.push(server);
    for (const [name, url] of cases) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await load(browser, url(server.url)));
      console.log(`${name.padEnd(28)} ${label.padEnd(13)} ${s(median(runs.map((r) => r.text))).padStart(8)} ${s(median(runs.map((r) => r.heading))).padStart(9)} ${kB(median(runs.map((r) => r.bytes))).padStart(12)} ${String(median(runs.map((r) => r.requests))).padStart(9)}`);
    }
  }
} finally {
  await browser.close();
  for (const sv of servers) await sv.close();
}
