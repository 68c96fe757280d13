// A small cmi5 LMS + xAPI LRS for the end-to-end tests: node http on a free port of 127.0.0.1, cross-origin to
// the app (which is served on another port), recording everything the app sends.
//
// Endpoints (cmi5 spec §8 "content launch", xAPI 1.0.3 / 2.0 State and Statement resources):
//   POST /fetch?token=T                         → {"auth-token": "<base64>"} the first time; afterwards the cmi5
//                                                 error object {"error-code": "1", …} (the fetch URL is single-use)
//   GET|PUT|POST /xapi/activities/state?stateId=LMS.LaunchData&activityId=…&agent=…&registration=…
//                                               → the LaunchData document (GET); PUT/POST store other state ids
//   GET /xapi/agents/profile?profileId=cmi5LearnerPreferences&agent=… → the learner preferences
//   POST|PUT /xapi/statements[?statementId=…]   → records the statements; answers their ids
//   GET /return                                 → the returnURL page ("Back in the LMS")
//   OPTIONS *                                   → CORS preflight for the app's origin
// Every /xapi call must carry `Authorization: Basic <the fetched token>` (else 401) and
// `X-Experience-API-Version: 1.0.x or 2.0.x` (else 400). Requests, statements and refusals are recorded.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

export const CMI5_SESSION_EXT = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
export const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
export const VERB = (v) => `http://adlnet.gov/expapi/verbs/${v}`;

/**
 * Starts the LRS. Options: `allowOrigin` (the app's origin for CORS; '*' by default), `masteryScore` (0–1 or
 * undefined), `moveOn` ('Completed' by default), `launchMode` ('Normal'), `returnPath` ('/return').
 * Returns { url, close, record, launchData, sessionId, token, authToken }.
 */
export async function startLrs(options = {}) {
  const sessionId = randomUUID();
  const token = `fetch-${randomUUID()}`;
  const authToken = Buffer.from(`skillgap-test:${randomUUID()}`).toString('base64');
  const record = { requests: [], statements: [], refused: [], fetches: 0, state: {} };
  let base = '';

  const launchData = () => {
    const data = {
      contextTemplate: {
        contextActivities: { grouping: [{ objectType: 'Activity', id: 'https://lms.example/course/skillgap' }] },
        extensions: { [CMI5_SESSION_EXT]: sessionId },
      },
      launchMode: options.launchMode || 'Normal',
      moveOn: options.moveOn || 'Completed',
      returnURL: `${base}${(options.returnPath || '/return').slice(1)}`,
    };
    if (options.masteryScore !== undefined) data.masteryScore = options.masteryScore;
    return data;
  };

  const cors = (req) => ({
    'access-control-allow-origin': options.allowOrigin || req.headers.origin || '*',
    'access-control-allow-methods': 'GET, PUT, POST, OPTIONS',
    'access-control-allow-headers': 'Authorization, Content-Type, X-Experience-API-Version',
    'access-control-expose-headers': 'X-Experience-API-Version, ETag',
    'access-control-max-age': '60',
    vary: 'Origin',
  });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: { ...req.headers }, body };
      record.requests.push(entry);
      const send = (status, payload, type = 'application/json') => {
        res.writeHead(status, { ...cors(req), 'content-type': type, 'x-experience-api-version': '1.0.3', 'cache-control': 'no-store' });
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      const refuse = (status, why) => {
        record.refused.push(`${req.method} ${url.pathname}: ${why}`);
        send(status, { error: why });
      };

      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors(req));
        return res.end();
      }
      if (url.pathname === '/return' && req.method === 'GET') {
        return send(200, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Back in the LMS</title><link rel="icon" href="data:,"></head>'
          + '<body><main><h1>Back in the LMS</h1></main></body></html>', 'text/html; charset=utf-8');
      }
      if (url.pathname === '/fetch') {
        if (req.method !== 'POST') return refuse(405, 'the fetch URL takes POST');
        if (url.searchParams.get('token') !== token) return refuse(401, 'unknown fetch token');
        record.fetches += 1;
        if (record.fetches > 1) {
          record.refused.push('POST /fetch: second use of the fetch URL');
          return send(200, { 'error-code': '1', 'error-text': 'Already in use: the fetch URL can be used once' });
        }
        return send(200, { 'auth-token': authToken });
      }
      if (!url.pathname.startsWith('/xapi/')) return refuse(404, 'no such resource');

      // xAPI: check the headers first.
      if (req.headers.authorization !== `Basic ${authToken}`) return refuse(401, `Authorization is ${JSON.stringify(req.headers.authorization ?? null)}, not the fetched token`);
      const version = req.headers['x-experience-api-version'];
      if (!/^(1\.0(\.\d+)?|2\.0(\.\d+)?)$/.test(version || '')) return refuse(400, `X-Experience-API-Version is ${JSON.stringify(version ?? null)}`);

      if (url.pathname === '/xapi/activities/state') {
        const q = url.searchParams;
        for (const k of ['stateId', 'activityId', 'agent']) if (!q.get(k)) return refuse(400, `state request without ${k}`);
        let agent;
        try { agent = JSON.parse(q.get('agent')); } catch { return refuse(400, 'agent is not JSON'); }
        if (!agent || (!agent.account && !agent.mbox)) return refuse(400, 'agent has no account or mbox');
        const key = `${q.get('stateId')}|${q.get('activityId')}|${q.get('registration') || ''}`;
        if (req.method === 'GET') {
          if (q.get('stateId') === 'LMS.LaunchData') return send(200, launchData());
          if (key in record.state) return send(200, record.state[key], 'application/octet-stream');
          return send(404, { error: 'no such state' });
        }
        if (req.method === 'PUT' || req.method === 'POST') {
          if (q.get('stateId') === 'LMS.LaunchData') return refuse(403, 'LMS.LaunchData is the LMS\'s, read-only for the AU');
          record.state[key] = body;
          res.writeHead(204, cors(req));
          return res.end();
        }
        return refuse(405, `state resource does not take ${req.method}`);
      }
      if (url.pathname === '/xapi/agents/profile') {
        // cmi5 §11: the learner preferences an AU may read (the LMS's document, read-only for the AU).
        if (req.method !== 'GET') return refuse(403, 'the agent profile is the LMS\'s, read-only for the AU');
        if (url.searchParams.get('profileId') !== 'cmi5LearnerPreferences') return send(404, { error: 'no such profile' });
        return send(200, { languagePreference: 'en-GB', audioPreference: 'on' });
      }
      if (url.pathname === '/xapi/statements') {
        if (req.method !== 'POST' && req.method !== 'PUT') return refuse(405, `statements resource does not take ${req.method}`);
        let parsed;
        try { parsed = JSON.parse(body); } catch { return refuse(400, 'statement body is not JSON'); }
        const list = Array.isArray(parsed) ? parsed : [parsed];
        const ids = [];
        for (const s of list) {
          if (!s || !s.actor || !s.verb?.id || !s.object) return refuse(400, `statement without actor, verb or object: ${body.slice(0, 200)}`);
          if (req.method === 'PUT') s.id = url.searchParams.get('statementId') || s.id;
          s.id = s.id || randomUUID();
          ids.push(s.id);
          record.statements.push(s);
        }
        if (req.method === 'PUT') {
          res.writeHead(204, cors(req));
          return res.end();
        }
        return send(200, ids);
      }
      return refuse(404, 'no such xAPI resource');
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}/`;
  return {
    url: base,
    origin: base.slice(0, -1),
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
    record,
    launchData,
    sessionId,
    token,
    authToken,
  };
}

/**
 * The cmi5 launch URL of the AU at `appIndex` (e.g. `http://127.0.0.1:1234/index.html`, query/fragment kept):
 * endpoint, fetch, actor (JSON), registration and activityId as the cmi5 spec §8.1 lists them.
 */
export function cmi5LaunchUrl(appIndex, lrs, { actor, registration = randomUUID(), activityId = 'https://lms.example/au/skillgap' } = {}) {
  const who = actor || { objectType: 'Agent', name: 'Ana Lima', account: { homePage: 'https://lms.example', name: 'ana.lima' } };
  const u = new URL(appIndex);
  u.searchParams.set('endpoint', `${lrs.url}xapi/`);
  u.searchParams.set('fetch', `${lrs.url}fetch?token=${lrs.token}`);
  u.searchParams.set('actor', JSON.stringify(who));
  u.searchParams.set('registration', registration);
  u.searchParams.set('activityId', activityId);
  return { url: u.toString(), actor: who, registration, activityId };
}
