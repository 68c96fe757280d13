// Trunk post-build hook (Trunk.toml), run on the staged build before it becomes dist/:
// 1. The trainer bundle (src/main.rs) is built like a worker, so Trunk neither loads it nor puts a hash in
//    its file names (it writes skillgap.js and skillgap_bg.wasm). Here both are renamed with a hash of their
//    content, as Trunk names the learner bundle's, so a browser or host cache never pairs new bindings with
//    an old wasm; the <link rel="skillgap-app" data-app="trainer"> in index.html gets the new names.
// 2. The page's one inline script (index.html's loader, which chooses the bundle) is allowed by its
//    SHA-256 in index.html's Content-Security-Policy, so the policy needs no 'unsafe-inline' for scripts.
//    A package's index.html keeps the same script, so the hash holds there too.
// Any surprise (no placeholder, not exactly one inline script, a missing file) fails the build.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const fail = (message) => {
  console.error(`postbuild.mjs: ${message}`);
  process.exit(1);
};
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) fail('TRUNK_STAGING_DIR is not set (this script runs as a Trunk post_build hook)');
const file = path.join(dir, 'index.html');
let html = fs.readFileSync(file, 'utf8');

// 1. The trainer bundle's names.
const link = /<link rel="skillgap-app" data-app="trainer" href="\.\/skillgap\.js" data-wasm="\.\/skillgap_bg\.wasm" \/>/;
if (!link.test(html)) fail(`${file} has no <link rel="skillgap-app" data-app="trainer" href="./skillgap.js" data-wasm="./skillgap_bg.wasm" />`);
const digest = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const js = fs.readFileSync(path.join(dir, 'skillgap.js'));
const wasm = fs.readFileSync(path.join(dir, 'skillgap_bg.wasm'));
const jsName = `skillgap-${digest(js)}.js`;
const wasmName = `skillgap-${digest(wasm)}_bg.wasm`;
fs.renameSync(path.join(dir, 'skillgap.js'), path.join(dir, jsName));
fs.renameSync(path.join(dir, 'skillgap_bg.wasm'), path.join(dir, wasmName));
html = html.replace(link, `<link rel="skillgap-app" data-app="trainer" href="./${jsName}" data-wasm="./${wasmName}" />`);

// 2. The loader's hash in the policy.
const placeholder = "'sha256-INLINE-LOADER'";
if (!html.includes(placeholder)) fail(`${file} has no ${placeholder} in its Content-Security-Policy`);
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length !== 1) fail(`expected exactly one inline script (the loader) in ${file}, found ${inline.length}`);
const hash = crypto.createHash('sha256').update(inline[0], 'utf8').digest('base64');
html = html.replace(placeholder, `'sha256-${hash}'`);
fs.writeFileSync(file, html);
console.log(`postbuild.mjs: trainer bundle ${jsName} + ${wasmName}; inline loader allowed by sha256-${hash}`);
