// Sets a list of SCORM values on a strict run-time (strict-scorm.js) and reports every refusal, for the
// native tests (tests/domain_lms.rs runs it on every value the domain produces):
//   node strict-check.mjs <file.json>   with [{ "version": "1.2"|"2004", "data": {…}, "values": [[element, value], …] }, …]
// Prints a JSON summary; exits 1 when anything was refused.
import fs from 'node:fs';
import './strict-scorm.js';

const batches = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const refused = [];
let set = 0;
for (const [i, b] of batches.entries()) {
  const rt = globalThis.StrictScorm.create(b.version, { data: b.data || {} });
  const api = rt.api;
  const v12 = b.version === '1.2';
  const call = (name, ...args) => api[(v12 ? 'LMS' : '') + name](...args);
  if (String(call('Initialize', '')) !== 'true') refused.push({ batch: i, call: 'Initialize', error: call('GetLastError') });
  for (const [el, value] of b.values) {
    set += 1;
    if (String(call('SetValue', el, value)) !== 'true') {
      const code = String(call('GetLastError'));
      refused.push({ batch: i, element: el, value, error: code, why: call('GetDiagnostic', code) });
    }
  }
  if (String(call('Commit', '')) !== 'true') refused.push({ batch: i, call: 'Commit', error: call('GetLastError') });
  if (String(call(v12 ? 'Finish' : 'Terminate', '')) !== 'true') refused.push({ batch: i, call: 'Terminate', error: call('GetLastError') });
}
console.log(JSON.stringify({ batches: batches.length, set, refused: refused.slice(0, 20), refusedCount: refused.length }));
process.exit(refused.length ? 1 : 0);
