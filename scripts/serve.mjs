// A small static server for the built app, as real static hosts serve it: compressed (Brotli or gzip, as
// the browser's Accept-Encoding asks; a precompressed `file.br` / `file.gz` next to a file is sent as it is,
// anything else compressible is compressed once and kept in memory), with ETags, on 127.0.0.1 only.
//   node scripts/serve.mjs [--dir dist] [--port 8080] [--no-compress]
// scripts/serve.sh runs it on the release build; tests/e2e/bench-learner.mjs uses `startServer` to measure
// the learner's page load both compressed and not.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.png': 'image/png', '.txt': 'text/plain; charset=utf-8', '.xml': 'application/xml', '.zip': 'application/zip',
};
const compressible = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.svg', '.json', '.txt', '.xml']);

/** Which encoding to send for an Accept-Encoding header: 'br', 'gzip' or null; `only` ('br' or 'gzip')
 * limits the choice to that one (the learner-load benchmark measures each). */
export function chooseEncoding(accept = '', only = null) {
  const offered = new Map();
  for (const part of String(accept).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    offered.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (e) => (offered.get(e) ?? offered.get('*') ?? 0) > 0;
  if (only) return ok(only) ? only : null;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

/**
 * Starts the server. Options: dir (default dist/ of this checkout), port (0 = any free one), compress
 * (default true: Brotli or gzip as asked; 'gzip' or 'br': only that one; false: none), quiet. Resolves to
 * { url, port, close() }.
 */
export async function startServer({ dir, port = 0, compress = true, quiet = true } = {}) {
  const root = path.resolve(dir || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist'));
  const memo = new Map(); // `${file}:${mtime}:${encoding}` → Buffer
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      return res.end();
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400);
      return res.end('bad request');
    }
    let file = path.normalize(path.join(root, pathname));
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403);
      return res.end('forbidden');
    }
    let stat;
    try {
      stat = fs.statSync(file);
      if (stat.isDirectory()) {
        file = path.join(file, 'index.html');
        stat = fs.statSync(file);
      }
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('not found');
    }
    const ext = path.extname(file);
    const headers = {
      'content-type': types[ext] || 'application/octet-stream',
      // Revalidate every time (the ETag makes that cheap); the hashed file names would allow more.
      'cache-control': 'no-cache',
    };
    let body;
    const encoding = compress && compressible.has(ext) ? chooseEncoding(req.headers['accept-encoding'], typeof compress === 'string' ? compress : null) : null;
    if (encoding) {
      const pre = `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
      const key = `${file}:${stat.mtimeMs}:${encoding}`;
      if (fs.existsSync(pre) && fs.statSync(pre).mtimeMs >= stat.mtimeMs) {
        body = fs.readFileSync(pre);
      } else {
        body = memo.get(key);
        if (!body) {
          const raw = fs.readFileSync(file);
          body = encoding === 'br'
            ? zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
            : zlib.gzipSync(raw, { level: 9 });
          memo.set(key, body);
        }
      }
      headers['content-encoding'] = encoding;
    } else {
      body = fs.readFileSync(file);
    }
    if (compress && compressible.has(ext)) headers.vary = 'Accept-Encoding';
    const etag = `"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
    headers.etag = etag;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    if (!quiet) console.log(`${req.method} ${pathname} ${body.length} B${encoding ? ` ${encoding}` : ''}`);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}

// As a command.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (flag, fallback) => {
    const i = args.indexOf(flag);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const s = await startServer({
    dir: value('--dir', undefined),
    port: Number(value('--port', process.env.PORT || 8080)),
    compress: !args.includes('--no-compress'),
    quiet: !args.includes('--verbose'),
  });
  console.log(`Serving ${path.resolve(value('--dir', 'dist'))} on ${s.url} (${args.includes('--no-compress') ? 'uncompressed' : 'Brotli or gzip, as the browser asks'}); Ctrl+C stops.`);
}
