// Trunk post-build hook (Trunk.toml): allows the one inline script Trunk writes (the module that loads the
// wasm) by its SHA-256 in index.html's Content-Security-Policy, so the policy needs no 'unsafe-inline' for
// scripts. Trunk puts fresh file hashes in that script on every build, so its hash is computed here.
// The policy's placeholder is 'sha256-TRUNK-INLINE-SCRIPT'; a build without exactly one inline script fails.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('csp.mjs: TRUNK_STAGING_DIR is not set (this script runs as a Trunk post_build hook)');
  process.exit(1);
}
const file = path.join(dir, 'index.html');
const html = fs.readFileSync(file, 'utf8');
const placeholder = "'sha256-TRUNK-INLINE-SCRIPT'";
if (!html.includes(placeholder)) {
  console.error(`csp.mjs: ${file} has no ${placeholder} in its Content-Security-Policy`);
  process.exit(1);
}
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length !== 1) {
  console.error(`csp.mjs: expected exactly one inline script in ${file}, found ${inline.length}`);
  process.exit(1);
}
const hash = crypto.createHash('sha256').update(inline[0], 'utf8').digest('base64');
fs.writeFileSync(file, html.replace(placeholder, `'sha256-${hash}'`));
console.log(`csp.mjs: inline loader script allowed by sha256-${hash}`);
