// Strict SCORM 1.2 and SCORM 2004 (4th edition) LMS run-times for the tests: the LMS side of the API
// (`API` with LMSInitialize…, `API_1484_11` with Initialize…), written from the specifications' data-model
// tables, not from one LMS: SCORM 2004 4th Edition Run-Time Environment §3.1 (API, error codes) and §4
// (data model: every element's access, data type, vocabulary, SPM and dependencies), and the SCORM 1.2
// Run-Time Environment §3 (CMI data model: CMIString255/4096, CMIIdentifier, CMIDecimal, CMITime,
// CMITimespan, CMIFeedback, vocabularies) and its error codes. Where the specification leaves room, the
// reading is the strictest one real run-times apply (Moodle's scorm_12.js / scorm_13.js patterns):
//   - 2004 time(second,10,0): YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], 1970 ≤ YYYY ≤ 2038, at most two
//     fractional digits, and a time zone only after the fractional part;
//   - 2004 timeinterval(second,10,2): P[yY][mM][dD][T[hH][nM][s[.s]S]], at most two fractional digits;
//   - 2004 real(10,7): at most 10 integer digits and 7 decimals, no exponent, a leading digit;
//   - 2004 long_identifier_type: a URI (a URN's NID 1–31 letters, digits or '-'), no white space, SPM 4000;
//     short_identifier_type (likert responses): letters, digits, '_' and '.', SPM 250;
//   - 2004 localized_string_type: an optional {lang=<tag>} delimiter, then at most SPM characters, no line
//     breaks and no other leading '{';
//   - 1.2 CMIIdentifier: letters, digits and '_' only (the spec's "alphanumeric", Moodle's older \w);
//     likert CMIFeedback: one character 0-9 or a-z; CMITimespan HHHH:MM:SS.SS (2-4 hour digits);
//     CMIString4096 suspend_data (real LMSs stop there even where a library accepts 64,000).
// Interactions must be written in order (index ≤ _count; 2004: the id first, 408 otherwise; the type before
// a learner_response). Commit and Terminate store the data ("persisted"): nothing the content set is kept
// unless committed. Options make it behave as real run-times do beyond the strings the API is defined on:
// `returns: 'native'` answers with booleans and numbers (GetLastError 0, a _count of 3, a relaunch's score
// 72), `refuseCommits: n` makes the first n commits fail (2004 391, 1.2 101), `refuse: {element: code}`.
//
// Works in a browser (window.StrictScorm) and in Node (globalThis.StrictScorm).
(function (root) {
  'use strict';

  // ---------------------------------------------------------------------------------------------------
  // Data types.

  const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const noLineBreaks = (s) => !/[\n\r\u2028\u2029]/.test(s);
  const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

  const types = {
    // ---- SCORM 2004 (RTE §4.1.1 "data types") ----
    characterstring: (spm) => (v) => v.length <= spm,
    localized: (spm) => (v) => {
      let rest = v;
      if (v.startsWith('{lang=')) {
        const m = /^\{lang=([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)?\}/.exec(v);
        if (!m) return false;
        rest = v.slice(m[0].length);
      } else if (v.startsWith('{')) {
        return false;
      }
      return rest.length <= spm && noLineBreaks(rest);
    },
    longIdentifier: (v) => {
      if (!v.length || v.length > 4000 || /\s/.test(v)) return false;
      if (/^urn:/i.test(v)) return /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,30}:[A-Za-z0-9()+,\-.:=@;$_!*'%/?#]+$/i.test(v);
      return /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/.test(v);
    },
    shortIdentifier: (v) => /^[A-Za-z0-9_.]{1,250}$/.test(v),
    real107: (v) => /^-?\d{1,10}(\.\d{1,7})?$/.test(v),
    time: (v) => {
      const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,2})(Z|[+-]\d{2}(?::\d{2})?)?)?)?)?)?)?)?$/.exec(v);
      if (!m) return false;
      const [, y, mo, d, h, mi, s, , tz] = m;
      if (+y < 1970 || +y > 2038) return false;
      if (mo !== undefined && (+mo < 1 || +mo > 12)) return false;
      if (d !== undefined && (+d < 1 || +d > DAYS[+mo - 1] || (+mo === 2 && +d === 29 && !(+y % 4 === 0 && (+y % 100 !== 0 || +y % 400 === 0))))) return false;
      if (h !== undefined && +h > 23) return false;
      if (mi !== undefined && +mi > 59) return false;
      if (s !== undefined && +s > 59) return false;
      if (tz && tz !== 'Z') {
        const t = /^[+-](\d{2})(?::(\d{2}))?$/.exec(tz);
        if (+t[1] > 23 || (t[2] !== undefined && +t[2] > 59)) return false;
      }
      return true;
    },
    timeinterval: (v) => {
      const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$/.exec(v);
      if (!m) return false;
      if (m.slice(1).every((x) => x === undefined)) return false; // "P" alone
      if (v.includes('T') && m.slice(4).every((x) => x === undefined)) return false; // "PT", "P1DT"
      return true;
    },
    // ---- SCORM 1.2 (RTE §3.4.1 "CMI data types") ----
    cmiString255: (v) => v.length <= 255,
    cmiString4096: (v) => v.length <= 4096,
    cmiIdentifier: (v) => /^\w{1,255}$/.test(v),
    cmiDecimal: (v) => /^-?\d+(\.\d+)?$/.test(v),
    cmiSInteger: (v) => /^-?\d+$/.test(v),
    cmiTime: (v) => /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/.test(v),
    cmiTimespan: (v) => /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/.test(v),
  };
  const vocab = (...words) => (v) => words.includes(v);
  const range = (check, lo, hi) => ({ check, lo, hi });

  // ---------------------------------------------------------------------------------------------------
  // The two data models. Each element: access ('r', 'w', 'rw'), a check of the value's form, an optional
  // numeric range (out of range: 407 / 405), and for collection elements their pattern with `.n.`.

  const V2004 = {
    'cmi._version': { a: 'r' },
    'cmi.comments_from_learner._children': { a: 'r' },
    'cmi.comments_from_learner._count': { a: 'r' },
    'cmi.comments_from_learner.n.comment': { a: 'rw', t: types.localized(4000) },
    'cmi.comments_from_learner.n.location': { a: 'rw', t: types.characterstring(250) },
    'cmi.comments_from_learner.n.timestamp': { a: 'rw', t: types.time },
    'cmi.comments_from_lms._children': { a: 'r' },
    'cmi.comments_from_lms._count': { a: 'r' },
    'cmi.completion_status': { a: 'rw', t: vocab('completed', 'incomplete', 'not attempted', 'unknown') },
    'cmi.completion_threshold': { a: 'r' },
    'cmi.credit': { a: 'r' },
    'cmi.entry': { a: 'r' },
    'cmi.exit': { a: 'w', t: vocab('time-out', 'suspend', 'logout', 'normal', '') },
    'cmi.interactions._children': { a: 'r' },
    'cmi.interactions._count': { a: 'r' },
    'cmi.interactions.n.id': { a: 'rw', t: types.longIdentifier },
    'cmi.interactions.n.type': { a: 'rw', t: vocab('true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other') },
    'cmi.interactions.n.objectives._count': { a: 'r' },
    'cmi.interactions.n.objectives.n.id': { a: 'rw', t: types.longIdentifier },
    'cmi.interactions.n.timestamp': { a: 'rw', t: types.time },
    'cmi.interactions.n.correct_responses._count': { a: 'r' },
    'cmi.interactions.n.correct_responses.n.pattern': { a: 'rw', response: true },
    'cmi.interactions.n.weighting': { a: 'rw', t: types.real107 },
    'cmi.interactions.n.learner_response': { a: 'rw', response: true },
    'cmi.interactions.n.result': { a: 'rw', t: (v) => ['correct', 'incorrect', 'unanticipated', 'neutral'].includes(v) || types.real107(v) },
    'cmi.interactions.n.latency': { a: 'rw', t: types.timeinterval },
    'cmi.interactions.n.description': { a: 'rw', t: types.localized(250) },
    'cmi.launch_data': { a: 'r' },
    'cmi.learner_id': { a: 'r' },
    'cmi.learner_name': { a: 'r' },
    'cmi.learner_preference._children': { a: 'r' },
    'cmi.learner_preference.audio_level': { a: 'rw', t: types.real107, range: [0, Infinity] },
    'cmi.learner_preference.language': { a: 'rw', t: (v) => v === '' || /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(v) },
    'cmi.learner_preference.delivery_speed': { a: 'rw', t: types.real107, range: [0, Infinity] },
    'cmi.learner_preference.audio_captioning': { a: 'rw', t: vocab('-1', '0', '1') },
    'cmi.location': { a: 'rw', t: types.characterstring(1000) },
    'cmi.max_time_allowed': { a: 'r' },
    'cmi.mode': { a: 'r' },
    'cmi.objectives._children': { a: 'r' },
    'cmi.objectives._count': { a: 'r' },
    'cmi.objectives.n.id': { a: 'rw', t: types.longIdentifier, unique: true },
    'cmi.objectives.n.score._children': { a: 'r' },
    'cmi.objectives.n.score.scaled': { a: 'rw', t: types.real107, range: [-1, 1] },
    'cmi.objectives.n.score.raw': { a: 'rw', t: types.real107 },
    'cmi.objectives.n.score.min': { a: 'rw', t: types.real107 },
    'cmi.objectives.n.score.max': { a: 'rw', t: types.real107 },
    'cmi.objectives.n.success_status': { a: 'rw', t: vocab('passed', 'failed', 'unknown') },
    'cmi.objectives.n.completion_status': { a: 'rw', t: vocab('completed', 'incomplete', 'not attempted', 'unknown') },
    'cmi.objectives.n.progress_measure': { a: 'rw', t: types.real107, range: [0, 1] },
    'cmi.objectives.n.description': { a: 'rw', t: types.localized(250) },
    'cmi.progress_measure': { a: 'rw', t: types.real107, range: [0, 1] },
    'cmi.scaled_passing_score': { a: 'r' },
    'cmi.score._children': { a: 'r' },
    'cmi.score.scaled': { a: 'rw', t: types.real107, range: [-1, 1] },
    'cmi.score.raw': { a: 'rw', t: types.real107 },
    'cmi.score.min': { a: 'rw', t: types.real107 },
    'cmi.score.max': { a: 'rw', t: types.real107 },
    'cmi.session_time': { a: 'w', t: types.timeinterval },
    'cmi.success_status': { a: 'rw', t: vocab('passed', 'failed', 'unknown') },
    'cmi.suspend_data': { a: 'rw', t: types.characterstring(64000) },
    'cmi.time_limit_action': { a: 'r' },
    'cmi.total_time': { a: 'r' },
    'adl.nav.request': { a: 'rw', t: (v) => /^(_none_|continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|\{target=\S+\}(choice|jump))$/.test(v) },
  };
  // learner_response / correct_responses pattern by interaction type (RTE §4.2.9.1–2); only what this
  // suite needs beyond likert is checked loosely.
  const RESPONSE_2004 = {
    likert: types.shortIdentifier,
    'true-false': vocab('true', 'false'),
    numeric: types.real107,
    other: types.characterstring(4000),
  };

  const V12 = {
    'cmi.core._children': { a: 'r' },
    'cmi.core.student_id': { a: 'r' },
    'cmi.core.student_name': { a: 'r' },
    'cmi.core.lesson_location': { a: 'rw', t: types.cmiString255 },
    'cmi.core.credit': { a: 'r' },
    // "not attempted" is the LMS's to set, not the content's.
    'cmi.core.lesson_status': { a: 'rw', t: vocab('passed', 'completed', 'failed', 'incomplete', 'browsed') },
    'cmi.core.entry': { a: 'r' },
    'cmi.core.score._children': { a: 'r' },
    'cmi.core.score.raw': { a: 'rw', t: (v) => v === '' || types.cmiDecimal(v), range: [0, 100] },
    'cmi.core.score.max': { a: 'rw', t: (v) => v === '' || types.cmiDecimal(v), range: [0, 100] },
    'cmi.core.score.min': { a: 'rw', t: (v) => v === '' || types.cmiDecimal(v), range: [0, 100] },
    'cmi.core.total_time': { a: 'r' },
    'cmi.core.lesson_mode': { a: 'r' },
    'cmi.core.exit': { a: 'w', t: vocab('time-out', 'suspend', 'logout', '') },
    'cmi.core.session_time': { a: 'w', t: types.cmiTimespan },
    'cmi.suspend_data': { a: 'rw', t: types.cmiString4096 },
    'cmi.launch_data': { a: 'r' },
    'cmi.comments': { a: 'rw', t: types.cmiString4096 },
    'cmi.comments_from_lms': { a: 'r' },
    'cmi.objectives._children': { a: 'r' },
    'cmi.objectives._count': { a: 'r' },
    'cmi.objectives.n.id': { a: 'rw', t: types.cmiIdentifier },
    'cmi.objectives.n.score._children': { a: 'r' },
    'cmi.objectives.n.score.raw': { a: 'rw', t: (v) => v === '' || types.cmiDecimal(v), range: [0, 100] },
    'cmi.objectives.n.score.max': { a: 'rw', t: (v) => v === '' || types.cmiDecimal(v), range: [0, 100] },
    'cmi.objectives.n.score.min': { a: 'rw', t: (v) => v === '' || types.cmiDecimal(v), range: [0, 100] },
    'cmi.objectives.n.status': { a: 'rw', t: vocab('passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted') },
    'cmi.student_data._children': { a: 'r' },
    'cmi.student_data.mastery_score': { a: 'r' },
    'cmi.student_data.max_time_allowed': { a: 'r' },
    'cmi.student_data.time_limit_action': { a: 'r' },
    'cmi.student_preference._children': { a: 'r' },
    'cmi.student_preference.audio': { a: 'rw', t: types.cmiSInteger, range: [-1, 100] },
    'cmi.student_preference.language': { a: 'rw', t: types.cmiString255 },
    'cmi.student_preference.speed': { a: 'rw', t: types.cmiSInteger, range: [-100, 100] },
    'cmi.student_preference.text': { a: 'rw', t: types.cmiSInteger, range: [-1, 1] },
    'cmi.interactions._children': { a: 'r' },
    'cmi.interactions._count': { a: 'r' },
    'cmi.interactions.n.id': { a: 'w', t: types.cmiIdentifier },
    'cmi.interactions.n.objectives._count': { a: 'r' },
    'cmi.interactions.n.objectives.n.id': { a: 'w', t: types.cmiIdentifier },
    'cmi.interactions.n.time': { a: 'w', t: types.cmiTime },
    'cmi.interactions.n.type': { a: 'w', t: vocab('true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric') },
    'cmi.interactions.n.correct_responses._count': { a: 'r' },
    'cmi.interactions.n.correct_responses.n.pattern': { a: 'w', response: true },
    'cmi.interactions.n.weighting': { a: 'w', t: types.cmiDecimal },
    'cmi.interactions.n.student_response': { a: 'w', response: true },
    'cmi.interactions.n.result': { a: 'w', t: (v) => ['correct', 'wrong', 'unanticipated', 'neutral'].includes(v) || types.cmiDecimal(v) },
    'cmi.interactions.n.latency': { a: 'w', t: types.cmiTimespan },
  };
  // CMIFeedback by interaction type (SCORM 1.2 RTE §3.4.4).
  const RESPONSE_12 = {
    likert: (v) => /^[0-9a-z]?$/.test(v),
    'true-false': (v) => /^[01tf]$/.test(v),
    numeric: types.cmiDecimal,
  };
  const CHILDREN = {
    '1.2': {
      'cmi.core._children': 'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time',
      'cmi.core.score._children': 'raw,min,max',
      'cmi.objectives._children': 'id,score,status',
      'cmi.student_data._children': 'mastery_score,max_time_allowed,time_limit_action',
      'cmi.student_preference._children': 'audio,language,speed,text',
      'cmi.interactions._children': 'id,objectives,time,type,correct_responses,weighting,student_response,result,latency',
    },
    2004: {
      'cmi._version': '1.0',
      'cmi.comments_from_learner._children': 'comment,location,timestamp',
      'cmi.comments_from_lms._children': 'comment,location,timestamp',
      'cmi.interactions._children': 'id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description',
      'cmi.learner_preference._children': 'audio_level,language,delivery_speed,audio_captioning',
      'cmi.objectives._children': 'id,score,success_status,completion_status,progress_measure,description',
      'cmi.score._children': 'scaled,raw,min,max',
    },
  };

  const ERRORS = {
    '1.2': {
      0: 'No error', 101: 'General exception', 201: 'Invalid argument error', 202: 'Element cannot have children',
      203: 'Element not an array - cannot have count', 301: 'Not initialized', 401: 'Not implemented error',
      402: 'Invalid set value, element is a keyword', 403: 'Element is read only', 404: 'Element is write only',
      405: 'Incorrect data type',
    },
    2004: {
      0: 'No Error', 101: 'General Exception', 102: 'General Initialization Failure', 103: 'Already Initialized',
      104: 'Content Instance Terminated', 111: 'General Termination Failure', 112: 'Termination Before Initialization',
      113: 'Termination After Termination', 122: 'Retrieve Data Before Initialization', 123: 'Retrieve Data After Termination',
      132: 'Store Data Before Initialization', 133: 'Store Data After Termination', 142: 'Commit Before Initialization',
      143: 'Commit After Termination', 201: 'General Argument Error', 301: 'General Get Failure', 351: 'General Set Failure',
      391: 'General Commit Failure', 401: 'Undefined Data Model Element', 402: 'Unimplemented Data Model Element',
      403: 'Data Model Element Value Not Initialized', 404: 'Data Model Element Is Read Only',
      405: 'Data Model Element Is Write Only', 406: 'Data Model Element Type Mismatch',
      407: 'Data Model Element Value Out Of Range', 408: 'Data Model Dependency Not Established',
    },
  };
  // Elements whose value a run-time may hand back as a JavaScript number (`returns: 'native'`).
  const NUMERIC = /(_count|\.score\.(raw|min|max|scaled)|mastery_score|scaled_passing_score|progress_measure|completion_threshold)$/;

  /**
   * A new run-time. `version`: '1.2' or '2004'. Options: `data` (element → value the LMS holds at launch:
   * learner name, entry, mode, mastery, suspend data, and a previous session's stored values, interactions
   * included), `returns` ('strings' or 'native'), `refuseCommits` (how many commits fail), `refuse`
   * ({ element: error code } for SetValue), `onCommit(stored)` (called with what is stored on each commit).
   * Returns { api, record(), stored(), refuseCommits(n) }.
   */
  function create(version, options = {}) {
    const v12 = version === '1.2';
    const model = v12 ? V12 : V2004;
    const errors = ERRORS[v12 ? '1.2' : 2004];
    const native = options.returns === 'native';
    let refuseCommits = options.refuseCommits || 0;
    const refuse = options.refuse || {};
    const counts = { 'cmi.interactions': 0, 'cmi.objectives': 0, 'cmi.comments_from_learner': 0, 'cmi.comments_from_lms': 0 };
    let stored = null; // what the LMS has stored (at the last successful commit)
    let state = 'not initialized';
    let lastError = 0;
    let diagnostic = '';
    const rec = { version, calls: [], sets: [], refused: [], counts: {}, commits: 0, storedCommits: 0 };
    const store = {}; // element → value (what the run-time holds)

    // What an LMS holds before the content starts (RTE: the initial values it must supply), then the
    // launch data, interactions and other collections included.
    const defaults = v12
      ? { 'cmi.core.lesson_status': 'not attempted', 'cmi.core.lesson_mode': 'normal', 'cmi.core.credit': 'credit', 'cmi.core.entry': 'ab-initio', 'cmi.core.student_id': 'learner-1', 'cmi.core.student_name': '', 'cmi.core.total_time': '0000:00:00', 'cmi.launch_data': '' }
      : { 'cmi.completion_status': 'unknown', 'cmi.success_status': 'unknown', 'cmi.mode': 'normal', 'cmi.credit': 'credit', 'cmi.entry': 'ab-initio', 'cmi.learner_id': 'learner-1', 'cmi.learner_name': '', 'cmi.total_time': 'PT0S', 'cmi.launch_data': '', 'cmi.time_limit_action': 'continue,no message' };
    Object.assign(store, defaults);
    for (const [k, val] of Object.entries(options.data || {})) {
      store[k] = String(val);
      const m = /^(cmi\.(?:interactions|objectives|comments_from_learner|comments_from_lms))\.(\d+)\./.exec(k);
      if (m) counts[m[1]] = Math.max(counts[m[1]], Number(m[2]) + 1);
      const sub = /^(cmi\.interactions\.\d+\.(?:objectives|correct_responses))\.(\d+)\./.exec(k);
      if (sub) counts[sub[1]] = Math.max(counts[sub[1]] || 0, Number(sub[2]) + 1);
    }

    const snapshot = () => JSON.parse(JSON.stringify({ store, counts }));
    const T = (b) => (native ? b : String(b));
    const fail = (code, why = '') => {
      lastError = code;
      diagnostic = why;
      return native ? false : 'false';
    };
    const ok = () => {
      lastError = 0;
      diagnostic = '';
      return T(true);
    };

    /** The model entry of `el` (collection indexes as `.n.`), and the collection path of each index. */
    function resolve(el) {
      const pattern = el.replace(/\.(\d+)(?=\.)/g, '.n');
      const parts = [];
      const re = /\.(\d+)\./g;
      let m;
      while ((m = re.exec(el))) {
        parts.push({ collection: el.slice(0, m.index), index: m[1] });
        re.lastIndex = m.index + 1;
      }
      return { pattern, def: model[pattern], parts };
    }

    function countOf(collection) {
      return counts[collection] || 0;
    }

    function getValue(el) {
      if (state !== 'running') return (fail(v12 ? 301 : state === 'terminated' ? 123 : 122), '');
      if (typeof el !== 'string' || el === '') return (fail(v12 ? 201 : 301), '');
      const { pattern, def, parts } = resolve(el);
      if (!def) {
        if (/\._children$/.test(el)) return (fail(v12 ? 202 : 301, 'no children'), '');
        if (/\._count$/.test(el)) return (fail(v12 ? 203 : 301, 'not a collection'), '');
        return (fail(401), '');
      }
      if (def.a === 'w') return (fail(v12 ? 404 : 405), '');
      for (const p of parts) {
        if (!/^(0|[1-9]\d*)$/.test(p.index) || Number(p.index) >= countOf(p.collection)) return (fail(v12 ? 201 : 301, 'no such index'), '');
      }
      lastError = 0;
      const children = CHILDREN[v12 ? '1.2' : 2004][el];
      if (children !== undefined) return children;
      if (/\._count$/.test(el)) {
        const n = countOf(el.replace(/\._count$/, ''));
        return native ? n : String(n);
      }
      if (!has(store, el)) {
        // 2004: an element with no value yet is 403; SCORM 1.2 answers "" for elements it implements.
        if (!v12) return (fail(403), '');
        return '';
      }
      const val = store[el];
      if (native && NUMERIC.test(pattern) && val !== '' && !Number.isNaN(Number(val))) return Number(val);
      return val;
    }

    function setValue(el, value) {
      if (state !== 'running') return fail(v12 ? 301 : state === 'terminated' ? 133 : 132);
      if (typeof el !== 'string' || el === '') return fail(v12 ? 201 : 351);
      if (typeof value !== 'string') return fail(v12 ? 405 : 406, 'the API takes strings');
      const { pattern, def, parts } = resolve(el);
      if (!def) return fail(v12 ? (/\._(children|count)$/.test(el) ? 402 : 401) : 401);
      if (def.a === 'r') return fail(v12 ? 403 : 404);
      if (has(refuse, el)) return fail(Number(refuse[el]), 'refused by the test');
      // Collections: indexes in order (at most the current count); 2004: a new entry starts with its id.
      for (const p of parts) {
        if (!/^(0|[1-9]\d*)$/.test(p.index)) return fail(v12 ? 201 : 351, 'bad index');
        const n = Number(p.index);
        const count = countOf(p.collection);
        if (n > count) return fail(v12 ? 201 : 351, `${p.collection}.${n} set before ${p.collection}.${count}`);
        if (n === count && !v12) {
          const rest = el.slice(p.collection.length + p.index.length + 2);
          const creates = /comments_from_learner$/.test(p.collection) || rest === 'id' || (/correct_responses$/.test(p.collection) && rest === 'pattern');
          if (!creates) return fail(408, `${p.collection}.${n}.id must be set first`);
        }
      }
      // The form of the value.
      let check = def.t;
      if (def.response) {
        const base = el.replace(/\.(learner_response|student_response|correct_responses\.\d+\.pattern)$/, '');
        const type = store[`${base}.type`];
        if (type === undefined) return fail(v12 ? 201 : 408, 'the interaction\'s type must be set first');
        check = (v12 ? RESPONSE_12 : RESPONSE_2004)[type] || (v12 ? types.cmiString255 : types.characterstring(4000));
      }
      if (check && !check(value)) return fail(v12 ? 405 : 406, `"${value.slice(0, 80)}" is not a valid ${pattern}`);
      if (def.range && value !== '') {
        const x = Number(value);
        if (x < def.range[0] || x > def.range[1]) return fail(v12 ? 405 : 407, `${value} is outside ${def.range.join('…')}`);
      }
      if (def.unique) {
        const c = parts.at(-1).collection;
        for (let i = 0; i < countOf(c); i++) {
          if (String(i) !== parts.at(-1).index && store[`${c}.${i}.id`] === value) return fail(351, 'id already in use');
        }
      }
      // Store, creating the collection entry when this is its first element.
      for (const p of parts) {
        const n = Number(p.index);
        if (n === countOf(p.collection)) counts[p.collection] = n + 1;
      }
      store[el] = value;
      rec.sets.push([el, value]);
      return ok();
    }

    function commitNow() {
      rec.commits += 1;
      if (refuseCommits > 0) {
        refuseCommits -= 1;
        return false;
      }
      stored = snapshot();
      rec.storedCommits += 1;
      if (options.onCommit) options.onCommit(stored);
      return true;
    }

    const fns = {
      initialize(arg) {
        if (arg !== '') return fail(201);
        if (state === 'running') return fail(v12 ? 101 : 103);
        if (state === 'terminated') return fail(v12 ? 101 : 104);
        state = 'running';
        return ok();
      },
      terminate(arg) {
        if (arg !== '') return fail(201);
        if (state !== 'running') return fail(v12 ? 301 : state === 'terminated' ? 113 : 112);
        if (!commitNow()) return fail(v12 ? 101 : 111, 'the LMS could not store the data');
        state = 'terminated';
        return ok();
      },
      commit(arg) {
        if (arg !== '') return fail(201);
        if (state !== 'running') return fail(v12 ? 301 : state === 'terminated' ? 143 : 142);
        if (!commitNow()) return fail(v12 ? 101 : 391, 'the LMS could not store the data');
        return ok();
      },
      getValue,
      setValue,
      getLastError: () => (native ? lastError : String(lastError)),
      getErrorString: (code) => errors[Number(code)] || '',
      getDiagnostic: (code) => (code === '' || code === undefined || Number(code) === lastError ? diagnostic : '') || errors[Number(code)] || '',
    };
    const names = v12
      ? { LMSInitialize: 'initialize', LMSFinish: 'terminate', LMSGetValue: 'getValue', LMSSetValue: 'setValue', LMSCommit: 'commit', LMSGetLastError: 'getLastError', LMSGetErrorString: 'getErrorString', LMSGetDiagnostic: 'getDiagnostic' }
      : { Initialize: 'initialize', Terminate: 'terminate', GetValue: 'getValue', SetValue: 'setValue', Commit: 'commit', GetLastError: 'getLastError', GetErrorString: 'getErrorString', GetDiagnostic: 'getDiagnostic' };
    const api = {};
    for (const [name, fn] of Object.entries(names)) {
      api[name] = function (...args) {
        rec.counts[name] = (rec.counts[name] || 0) + 1;
        const result = fns[fn](...args);
        if (!/GetLastError|GetErrorString|GetDiagnostic/.test(name)) {
          const entry = { fn: name, args: args.map((a) => (typeof a === 'string' && a.length > 200 ? `${a.slice(0, 200)}…` : a)), result, error: lastError };
          rec.calls.push(entry);
          // A GetValue of an element with no value yet (2004: 403) is an answer, not a refusal.
          if (lastError !== 0 && !(fn === 'getValue' && (lastError === 403 || lastError === 401))) rec.refused.push(entry);
        }
        return result;
      };
    }
    return {
      api,
      /** Everything the content asked, and what the LMS holds and has stored. */
      record: () => JSON.parse(JSON.stringify({ ...rec, state, holds: snapshot(), stored })),
      stored: () => (stored ? JSON.parse(JSON.stringify(stored)) : null),
      /** Makes the next `n` commits fail (the LMS's server refusing), from now on. */
      refuseCommits: (n) => {
        refuseCommits = n;
      },
    };
  }

  root.StrictScorm = { create, types };
})(typeof window !== 'undefined' ? window : globalThis);
