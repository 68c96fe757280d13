// Takes screenshots of every page at desktop and 360 px width into tests/e2e/artifacts/ (not a test).
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, open, root } from './harness.mjs';

const out = path.join(root, 'tests', 'e2e', 'artifacts');
fs.mkdirSync(out, { recursive: true });
const pages = (process.argv[2] || '#/,#/skills/s-listening,#/roles/r-branch-advisor,#/profiles,#/data').split(',');
const server = await serve(process.env.DIST || undefined);
const browser = await launch();
try {
  for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['narrow', { width: 360, height: 740 }]]) {
    for (const hash of pages) {
      const { context, page, errors } = await open(browser, server.url, hash, { viewport });
      const file = path.join(out, `${name}-${hash.replace(/[#/]+/g, '_').replace(/^_|_$/g, '') || 'overview'}.png`);
      await page.screenshot({ path: file, fullPage: process.env.FULL === '1' });
      console.log(file, errors.length ? `errors: ${errors.join('; ')}` : '');
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
