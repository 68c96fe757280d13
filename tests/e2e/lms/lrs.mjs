// A strict cmi5 LMS + xAPI LRS for the end-to-end tests: node http on a free port of 127.0.0.1, cross-origin to
// the app, recording everything the app sends, and refusing what the cmi5 specification (Quartz) forbids an
// AU, as a conformant LMS does (§6.3 "the LMS SHOULD reject statements that conflict with the Statement API
// requirements"):
//   - §8.1/8.2 the fetch URL works once per launch; every xAPI call carries that launch's token and an
//     X-Experience-API-Version header;
//   - §11 the AU reads the cmi5LearnerPreferences Agent Profile document before its first statement;
//   - §9.3 "initialized" first and once per session, nothing after "terminated", no cmi5-defined verb twice in a
//     session, not both passed and failed; per registration one completed, one passed, no failed after passed;
//     Browse/Review launches only initialized and terminated;
//   - §9.1–9.7 every statement: a UUID id, the launch's actor, object = the launch's activityId, the context's
//     registration, the contextTemplate's values unaltered (session id, publisher grouping), the cmi5 category
//     on cmi5-defined verbs, the moveOn category exactly on statements with success or completion, result rules
//     (completion only on completed, success only on passed/failed, score only on passed/failed, scaled 0–1 and
//     against the masteryScore, the masteryscore extension on passed/failed, durations), a UTC timestamp;
//   - §10 LMS.LaunchData is the LMS's, read-only; other State documents are the AU's (kept per activity, agent
//     and registration, so a second launch — a second device — finds them);
//   - moveOn: when the AU's statements satisfy the AU's moveOn rule the LMS records "satisfied" (§9.3.9).
//
// A launch is a session: `startLrs` makes the first, `lrs.newLaunch()` another one of the same registration (a
// reload reuses its launch; a second device is a new launch). A new launch while the previous session has no
// "terminated" marks that one abandoned (§9.3.6).
//
// Endpoints:
//   POST /fetch?token=T                    → {"auth-token": …} the first time, then {"error-code": "1", …}
//   GET|PUT|POST /xapi/activities/state    → LMS.LaunchData (GET only) and the AU's own documents
//   GET /xapi/agents/profile?profileId=cmi5LearnerPreferences&agent=… → the learner preferences
//   PUT|POST /xapi/statements[?statementId=…] → checked, recorded
//   GET /return                            → the returnURL page ("Back in the LMS")
//   OPTIONS *                              → CORS preflight
import http from 'node:http';
import { randomUUID } from 'node:crypto';

export const CMI5_SESSION_EXT = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
export const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
export const MOVEON_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
export const MASTERY_EXT = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
export const VERB = (v) => `http://adlnet.gov/expapi/verbs/${v}`;
const DEFINED = ['initialized', 'completed', 'passed', 'failed', 'terminated'].map(VERB);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const DURATION = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const PUBLISHER_ID = 'https://lms.example/course/skillgap';

/** Whether `whole` contains every value of `part` (objects key by key, arrays element by element). */
function contains(whole, part) {
  if (part === null || typeof part !== 'object') return whole === part;
  if (Array.isArray(part)) return Array.isArray(whole) && part.every((p) => whole.some((w) => contains(w, p)));
  return whole !== null && typeof whole === 'object' && Object.entries(part).every(([k, v]) => contains(whole[k], v));
}

/**
 * Starts the LMS/LRS. Options: `allowOrigin` (the app's origin for CORS; the request's by default),
 * `masteryScore` (0–1 or undefined), `moveOn` ('Completed' by default), `launchMode` ('Normal'), `returnPath`
 * ('/return'), `actor`, `registration`, `activityId`. Returns { url, origin, close, record, launchData(), newLaunch(),
 * sessionId, token, authToken, registration, actor, activityId } — the last session's values.
 */
export async function startLrs(options = {}) {
  const record = {
    requests: [], statements: [], refused: [], fetches: 0, state: {}, satisfied: [], abandoned: [], sessions: [],
  };
  const reg = {
    registration: options.registration || randomUUID(),
    actor: options.actor || { objectType: 'Agent', name: 'Ana Lima', account: { homePage: 'https://lms.example', name: 'ana.lima' } },
    activityId: options.activityId || 'https://lms.example/au/skillgap',
    verbs: [], // cmi5-defined verbs accepted in the registration
  };
  const sessions = new Map(); // auth token → session
  let base = '';
  const lrs = { record, registration: reg.registration, actor: reg.actor, activityId: reg.activityId };

  function launchDataOf(s) {
    const data = {
      contextTemplate: {
        contextActivities: { grouping: [{ objectType: 'Activity', id: PUBLISHER_ID }] },
        extensions: { [CMI5_SESSION_EXT]: s.sessionId },
      },
      launchMode: s.launchMode,
      moveOn: options.moveOn || 'Completed',
      returnURL: `${base}${(options.returnPath || '/return').slice(1)}`,
    };
    if (options.masteryScore !== undefined) data.masteryScore = options.masteryScore;
    return data;
  }

  /** A new launch (session) of the registration; the previous session, if not terminated, is abandoned. */
  lrs.newLaunch = (launchOptions = {}) => {
    const previous = record.sessions.at(-1);
    if (previous && !previous.terminated && previous.initialized) {
      previous.abandoned = true;
      record.abandoned.push(previous.sessionId);
    }
    const s = {
      sessionId: randomUUID(),
      token: `fetch-${randomUUID()}`,
      authToken: Buffer.from(`skillgap-test:${randomUUID()}`).toString('base64'),
      launchMode: launchOptions.launchMode || options.launchMode || 'Normal',
      fetched: 0, preferencesRead: false, initialized: false, terminated: false, abandoned: false, verbs: [],
    };
    sessions.set(s.authToken, s);
    record.sessions.push(s);
    Object.assign(lrs, { sessionId: s.sessionId, token: s.token, authToken: s.authToken, session: s });
    return s;
  };
  lrs.launchData = () => launchDataOf(lrs.session);
  lrs.newLaunch();

  const cors = (req) => ({
    'access-control-allow-origin': options.allowOrigin || req.headers.origin || '*',
    'access-control-allow-methods': 'GET, PUT, POST, OPTIONS',
    'access-control-allow-headers': 'Authorization, Content-Type, X-Experience-API-Version',
    'access-control-expose-headers': 'X-Experience-API-Version, ETag',
    'access-control-max-age': '60',
    vary: 'Origin',
  });

  /** Why the statement `st` of session `s` may not be recorded, or null. */
  function statementProblem(st, s, statementId) {
    if (!st || typeof st !== 'object' || !st.actor || !st.verb?.id || !st.object) return 'a statement needs actor, verb and object';
    if (statementId && st.id && st.id !== statementId) return `the statementId ${statementId} is not the statement's id ${st.id}`;
    const id = st.id || statementId;
    if (!UUID.test(id || '')) return `statement id ${JSON.stringify(id)} is not a UUID (§9.1)`;
    if (record.statements.some((x) => x.id === id)) return `statement ${id} was already recorded`;
    if (!s.preferencesRead) return 'the AU has not read the cmi5LearnerPreferences Agent Profile document (§11)';
    if (s.terminated) return 'this session is terminated: nothing may follow "terminated" (§9.3.8)';
    if (s.abandoned) return 'this session was abandoned (§9.3.6)';
    if (JSON.stringify(st.actor.account) !== JSON.stringify(reg.actor.account)) return 'the actor is not the launch\'s (§9.2)';
    if (st.object.id !== reg.activityId) return `the object ${st.object.id} is not the launch's activityId (§9.4)`;
    if (!st.timestamp || Number.isNaN(Date.parse(st.timestamp)) || !/(Z|[+-]00:?00)$/.test(st.timestamp)) return `timestamp ${st.timestamp} is not UTC ISO 8601 (§9.7)`;
    const ctx = st.context || {};
    if (ctx.registration !== reg.registration) return `context.registration ${ctx.registration} is not the launch's (§9.6.1)`;
    if (!contains(ctx, launchDataOf(s).contextTemplate)) return 'the context does not hold the contextTemplate\'s values unaltered (§10)';
    const verb = st.verb.id;
    const defined = DEFINED.includes(verb);
    const categories = (ctx.contextActivities?.category || []).map((c) => c.id);
    if (defined !== categories.includes(CMI5_CATEGORY)) return defined ? 'a cmi5-defined statement needs the cmi5 category (§9.6.2.1)' : 'a cmi5-allowed statement must not carry the cmi5 category (§7.1.3)';
    const result = st.result || {};
    const judged = 'success' in result || 'completion' in result;
    if (judged !== categories.includes(MOVEON_CATEGORY)) return 'the moveOn category goes on exactly the statements with success or completion (§9.6.2.2)';
    if (!s.initialized && verb !== VERB('initialized')) return 'the first statement of a session is "initialized" (§9.3.2)';
    if (!defined) return null; // cmi5 allowed: between initialized and terminated
    const word = verb.split('/').pop();
    if (s.verbs.includes(word)) return `"${word}" twice in one session (§9.3)`;
    if (s.launchMode !== 'Normal' && !['initialized', 'terminated'].includes(word)) return `"${word}" in a ${s.launchMode} launch: only initialized and terminated (§10 launchMode)`;
    if (word === 'passed' && s.verbs.includes('failed')) return 'passed and failed in one session (§9.3)';
    if (word === 'failed' && s.verbs.includes('passed')) return 'passed and failed in one session (§9.3)';
    if (word === 'completed' && reg.verbs.includes('completed')) return 'a second "completed" in the registration (§9.3)';
    if (word === 'passed' && reg.verbs.includes('passed')) return 'a second "passed" in the registration (§9.3)';
    if (word === 'failed' && reg.verbs.includes('passed')) return '"failed" after "passed" in the registration (§9.3)';
    // Result rules (§9.5).
    if (('completion' in result) !== (word === 'completed') || (word === 'completed' && result.completion !== true)) return 'result.completion is true on completed and absent elsewhere (§9.5.3)';
    if (('success' in result) !== (word === 'passed' || word === 'failed')) return 'result.success is on passed and failed only (§9.5.2)';
    if (word === 'passed' && result.success !== true) return 'passed has success true';
    if (word === 'failed' && result.success !== false) return 'failed has success false';
    if (result.score && word !== 'passed' && word !== 'failed') return 'a score only on passed and failed (§9.5.1)';
    const mastery = launchDataOf(s).masteryScore;
    if (result.score) {
      const scaled = result.score.scaled;
      if (typeof scaled !== 'number' || scaled < 0 || scaled > 1) return `score.scaled ${scaled} is not 0–1`;
      if (mastery !== undefined && word === 'passed' && scaled < mastery) return `passed with ${scaled} below the masteryScore ${mastery} (§9.3.4)`;
      if (mastery !== undefined && word === 'failed' && scaled >= mastery) return `failed with ${scaled} at or above the masteryScore ${mastery} (§9.3.5)`;
    }
    if ((word === 'passed' || word === 'failed') && mastery !== undefined && ctx.extensions?.[MASTERY_EXT] !== mastery) return 'passed/failed carry the masteryscore extension (§9.6.3.2)';
    if (['completed', 'passed', 'failed', 'terminated'].includes(word) && !DURATION.test(result.duration || '')) return `"${word}" needs an ISO 8601 duration (§9.5.4.1), not ${JSON.stringify(result.duration)}`;
    return null;
  }

  /** Records an accepted statement: session and registration bookkeeping, and moveOn. */
  function accept(st, s) {
    const word = st.verb.id.split('/').pop();
    if (DEFINED.includes(st.verb.id)) {
      s.verbs.push(word);
      if (['completed', 'passed', 'failed'].includes(word)) reg.verbs.push(word);
    }
    if (word === 'initialized') s.initialized = true;
    if (word === 'terminated') s.terminated = true;
    record.statements.push(st);
    const moveOn = options.moveOn || 'Completed';
    const has = (v) => reg.verbs.includes(v);
    const met = { Completed: has('completed'), Passed: has('passed'), CompletedAndPassed: has('completed') && has('passed'), CompletedOrPassed: has('completed') || has('passed'), NotApplicable: true }[moveOn];
    if (met && !record.satisfied.length) record.satisfied.push({ moveOn, sessionId: s.sessionId, verbs: [...reg.verbs] });
  }

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
        record.refused.push(`${req.method} ${url.pathname}${url.searchParams.get('stateId') ? ` (${url.searchParams.get('stateId')})` : ''}: ${why}`);
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
        const s = [...sessions.values()].find((x) => x.token === url.searchParams.get('token'));
        if (!s) return refuse(401, 'unknown fetch token');
        record.fetches += 1;
        s.fetched += 1;
        if (s.fetched > 1) {
          record.refused.push('POST /fetch: second use of the fetch URL');
          return send(200, { 'error-code': '1', 'error-text': 'Already in use: the fetch URL can be used once' });
        }
        return send(200, { 'auth-token': s.authToken });
      }
      if (!url.pathname.startsWith('/xapi/')) return refuse(404, 'no such resource');

      // xAPI: the launch's token and the version header first.
      const auth = /^Basic (.+)$/.exec(req.headers.authorization || '');
      const s = auth && sessions.get(auth[1]);
      if (!s || !s.fetched) return refuse(401, `Authorization is ${JSON.stringify(req.headers.authorization ?? null)}, not a fetched token`);
      const version = req.headers['x-experience-api-version'];
      if (!/^(1\.0(\.\d+)?|2\.0(\.\d+)?)$/.test(version || '')) return refuse(400, `X-Experience-API-Version is ${JSON.stringify(version ?? null)}`);
      const agentOk = (a) => {
        try { return JSON.stringify(JSON.parse(a).account) === JSON.stringify(reg.actor.account); } catch { return false; }
      };

      if (url.pathname === '/xapi/activities/state') {
        const q = url.searchParams;
        for (const k of ['stateId', 'activityId', 'agent']) if (!q.get(k)) return refuse(400, `state request without ${k}`);
        if (!agentOk(q.get('agent'))) return refuse(403, 'the agent is not the launch\'s actor');
        if (q.get('activityId') !== reg.activityId) return refuse(403, 'the activityId is not the launch\'s');
        if (q.get('registration') !== reg.registration) return refuse(403, 'the registration is not the launch\'s');
        const key = `${q.get('stateId')}|${q.get('activityId')}|${q.get('registration') || ''}`;
        if (req.method === 'GET') {
          if (q.get('stateId') === 'LMS.LaunchData') return send(200, launchDataOf(s));
          if (key in record.state) return send(200, record.state[key], 'application/json');
          return send(404, { error: 'no such state' });
        }
        if (req.method === 'PUT' || req.method === 'POST') {
          if (q.get('stateId') === 'LMS.LaunchData') return refuse(403, 'LMS.LaunchData is the LMS\'s, read-only for the AU');
          if (s.terminated) return refuse(403, 'this session is terminated');
          record.state[key] = body;
          res.writeHead(204, cors(req));
          return res.end();
        }
        return refuse(405, `state resource does not take ${req.method}`);
      }
      if (url.pathname === '/xapi/agents/profile') {
        if (req.method !== 'GET') return refuse(403, 'the agent profile is the LMS\'s, read-only for the AU');
        if (!agentOk(url.searchParams.get('agent') || '')) return refuse(403, 'the agent is not the launch\'s actor');
        if (url.searchParams.get('profileId') !== 'cmi5LearnerPreferences') return send(404, { error: 'no such profile' });
        s.preferencesRead = true;
        return send(200, { languagePreference: 'en-GB', audioPreference: 'on' });
      }
      if (url.pathname === '/xapi/statements') {
        if (req.method !== 'POST' && req.method !== 'PUT') return refuse(405, `statements resource does not take ${req.method}`);
        if (req.method === 'PUT' && !url.searchParams.get('statementId')) return refuse(400, 'PUT needs a statementId');
        let parsed;
        try { parsed = JSON.parse(body); } catch { return refuse(400, 'statement body is not JSON'); }
        const list = Array.isArray(parsed) ? parsed : [parsed];
        const ids = [];
        for (const st of list) {
          const why = statementProblem(st, s, req.method === 'PUT' ? url.searchParams.get('statementId') : null);
          if (why) return refuse(why.startsWith('a statement needs') || why.includes('not a UUID') ? 400 : 403, `${st?.verb?.id?.split('/').pop() ?? '?'}: ${why}`);
          st.id = st.id || url.searchParams.get('statementId');
          st.stored = new Date().toISOString();
          accept(st, s);
          ids.push(st.id);
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
  return Object.assign(lrs, {
    url: base,
    origin: base.slice(0, -1),
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  });
}

/**
 * The cmi5 launch URL of the AU at `appIndex` (e.g. `http://127.0.0.1:1234/index.html`, query/fragment kept) for
 * the LRS's latest launch: endpoint, fetch, actor (JSON), registration and activityId as the cmi5 spec §8.1 lists
 * them, appended to the URL as it stands — after its fragment when it has one (`afterFragment`), as LMSs do.
 */
export function cmi5LaunchUrl(appIndex, lrs, { afterFragment = false } = {}) {
  const params = new URLSearchParams();
  params.set('endpoint', `${lrs.url}xapi/`);
  params.set('fetch', `${lrs.url}fetch?token=${lrs.token}`);
  params.set('actor', JSON.stringify(lrs.actor));
  params.set('registration', lrs.registration);
  params.set('activityId', lrs.activityId);
  let url;
  if (afterFragment) {
    url = `${appIndex}${appIndex.includes('?') ? '&' : '?'}${params}`;
  } else {
    const u = new URL(appIndex);
    for (const [k, v] of params) u.searchParams.set(k, v);
    url = u.toString();
  }
  return { url, actor: lrs.actor, registration: lrs.registration, activityId: lrs.activityId };
}
