// Test data for storage.test.mjs, written here from the formats' documentation rather than by the app:
// packed workspaces (docs/data-format.md, src/domain/pack.rs), learner result codes
// (docs/learner-link.md), and hostile variants of both.
import zlib from 'node:zlib';

/** CRC-32 (IEEE), as zip and the learner codes use it. */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
export function crc32(bytes, crc = 0) {
  let c = ~crc >>> 0;
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

class Bytes {
  constructor(size = 1 << 20) { this.buf = Buffer.alloc(size); this.len = 0; }
  grow(n) {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  byte(b) { this.grow(1); this.buf[this.len++] = b; }
  varint(v) { while (v >= 0x80) { this.byte((v & 0x7f) | 0x80); v = Math.floor(v / 128); } this.byte(v); }
  bytes(b) { this.grow(b.length); b.copy(this.buf, this.len); this.len += b.length; }
  done() { return this.buf.subarray(0, this.len); }
}

/** A workspace packed the way the app stores it: `ws` with its `ratings` as rows into a string table. */
export function pack(ws) {
  const { ratings, ...rest } = ws;
  const p = new Bytes(ratings.length * 8 + 1024);
  const head = Buffer.from(JSON.stringify({ ...rest, ratings: [] }));
  p.varint(head.length);
  p.bytes(head);
  const index = new Map();
  const strings = [];
  const id = (s) => { let i = index.get(s); if (i === undefined) { i = strings.length; index.set(s, i); strings.push(s); } return i; };
  const rows = new Bytes(ratings.length * 7 + 16);
  const src = { self: 0, trainer: 1, agreed: 2 };
  for (const r of ratings) {
    rows.varint(id(r.person)); rows.varint(id(r.skill)); rows.byte(src[r.source]);
    rows.varint(r.level === null ? 0 : r.level + 1); rows.varint(id(r.date)); rows.varint(id(r.note ?? ''));
  }
  p.varint(strings.length);
  for (const s of strings) { const b = Buffer.from(s); p.varint(b.length); p.bytes(b); }
  p.varint(ratings.length);
  p.bytes(rows.done());
  const payload = p.done();
  const header = Buffer.alloc(8);
  header.write('SGW\x01', 0, 'latin1');
  header.writeUInt32LE(payload.length, 4);
  return Buffer.concat([header, zlib.deflateRawSync(payload, { level: 1 })]);
}

/** A valid synthetic workspace: `people` people in 5 roles over 40 skills, each rated on their role's 32
 * skills by self, trainer and agreed (about 96 ratings a person). */
export function synthetic(people) {
  const scale = { labels: ['Not yet', 'Aware', 'Developing', 'Proficient', 'Expert'] };
  const skills = Array.from({ length: 40 }, (_, s) => ({
    id: `s${s}`, name: `Skill ${s}`, category: `Category ${s % 5}`, description: '',
    servqual: { tangibles: 0, reliability: 1, responsiveness: 1, assurance: 1, empathy: 1 }, level_texts: [],
  }));
  const roles = Array.from({ length: 5 }, (_, r) => {
    const requirements = {};
    for (let s = 0; s < 40; s++) if ((s + r) % 5 !== 0) requirements[`s${s}`] = { level: 1 + ((s + r) % 4), importance: 1 + (s % 5) };
    return { id: `r${r}`, name: `Role ${r}`, team: `Team ${r % 3}`, headcount: Math.ceil(people / 5), annual_turnover: 0.2,
      salary: 60000.0, contact: ['high', 'medium', 'low'][r % 3], requirements };
  });
  const ps = [];
  const ratings = [];
  for (let p = 0; p < people; p++) {
    const role = roles[p % 5];
    ps.push({ id: `p${p}`, name: `Person ${p}`, role: role.id, team: `Branch ${p % 40}`, start_date: null });
    let k = 0;
    for (const skill of Object.keys(role.requirements)) {
      for (const source of ['self', 'trainer', 'agreed']) {
        k++;
        ratings.push({ person: `p${p}`, skill, source, level: (p + k) % 37 === 0 ? null : (p * 7 + k) % 5, date: '2026-09-15', note: '' });
      }
    }
  }
  return { schema_version: 2, name: `Synthetic ${people}`, currency: 'AUD', is_example: false, scale, skills, roles,
    people: ps, ratings, scenarios: [], next_id: people + 1000 };
}

/** `json` framed as a learner code with prefix `r1` (result) or `a1` (link): base64url of the raw-deflated
 * JSON and the CRC-32 of the header text and the deflated bytes. */
export function frame(prefix, json) {
  const deflated = zlib.deflateRawSync(Buffer.from(json), { level: 9 });
  const chars = Math.ceil(((deflated.length + 4) * 4) / 3);
  const header = `${prefix}.${chars}.`;
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(deflated, crc32(Buffer.from(header))));
  return header + Buffer.concat([deflated, crc]).toString('base64url');
}

/** The profile fingerprint of `role` (a workspace role object) over its required skills. */
export function fingerprint(role, levels) {
  let text = `${role.id}\u001f${levels}`;
  for (const s of Object.keys(role.requirements).sort()) {
    const q = role.requirements[s];
    text += `\u001e${s}\u001f${q.level}\u001f${q.importance}`;
  }
  return crc32(Buffer.from(text)).toString(16).padStart(8, '0');
}

/** A result code for `ws`'s role `roleId` from learner `name`, every skill answered `level`. */
export function resultCode(ws, roleId, name, level, completed = '2026-10-01') {
  const role = ws.roles.find((r) => r.id === roleId);
  const answers = ws.skills.filter((s) => s.id in role.requirements).map((s) => ({ skill: s.id, answer: { level } }));
  const r = { assessment: 'e2e-storage', fingerprint: fingerprint(role, ws.scale.labels.length), workspace: ws.name,
    role: role.id, role_name: role.name, learner: { name }, completed, answers };
  return frame('r1', JSON.stringify(r));
}
