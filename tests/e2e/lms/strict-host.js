// The strict test LMS's player page (strict.html): a SCORM 1.2 or 2004 run-time from strict-scorm.js as
// window.API / window.API_1484_11 (or both at once), the package's content in an iframe, and what the LMS
// stores kept in this origin's localStorage between launches, as an LMS keeps an attempt:
//   strict.html?scorm=1.2|2004&app=<content index.html>&manifest=<its imsmanifest.xml>&attempt=<key>
//     [&both=1] [&returns=native] [&refuseCommits=n] [&mode=review|browse] [&name=Lima, Ana]
// Like an LMS importing the package, the page reads the manifest's mastery score (1.2 adlcp:masteryscore →
// cmi.student_data.mastery_score; 2004 a primary objective satisfied by measure → cmi.scaled_passing_score).
// A relaunch of the same `attempt` hands the content what was stored: the suspend data, the statuses,
// scores and interactions, with cmi.entry "resume" after exit "suspend" (else "").
// window.lmsRecord() returns { version, record (calls, sets, refusals, what it holds and has stored), other
// (the second run-time's record when both are offered), manifest }.
(async function () {
  'use strict';
  const q = new URLSearchParams(location.search);
  const version = q.get('scorm') === '1.2' ? '1.2' : '2004';
  const v12 = version === '1.2';
  document.title = `Strict test LMS (SCORM ${version})`;
  document.querySelector('main > h1').textContent = document.title;
  const key = `strict-lms:${q.get('attempt') || 'default'}:${version}`;
  const info = { manifest: null, manifestError: null };

  // The launch data.
  const data = v12
    ? { 'cmi.core.student_id': 'ana.lima', 'cmi.core.student_name': q.get('name') || 'Lima, Ana', 'cmi.core.credit': 'credit', 'cmi.core.lesson_mode': 'normal' }
    : { 'cmi.learner_id': 'ana.lima', 'cmi.learner_name': q.get('name') || 'Ana Lima', 'cmi.credit': 'credit', 'cmi.mode': 'normal' };
  const manifestUrl = q.get('manifest');
  if (manifestUrl) {
    try {
      const response = await fetch(manifestUrl, { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const xml = new DOMParser().parseFromString(await response.text(), 'application/xml');
      if (xml.getElementsByTagName('parsererror').length) throw new Error('not well-formed XML');
      info.manifest = {};
      if (v12) {
        const ms = xml.getElementsByTagNameNS('*', 'masteryscore')[0];
        if (ms) data['cmi.student_data.mastery_score'] = info.manifest.mastery_score = ms.textContent.trim();
      } else {
        const primary = xml.getElementsByTagNameNS('*', 'primaryObjective')[0];
        const measure = primary && primary.getElementsByTagNameNS('*', 'minNormalizedMeasure')[0];
        if (measure && primary.getAttribute('satisfiedByMeasure') === 'true') {
          data['cmi.scaled_passing_score'] = info.manifest.scaled_passing_score = measure.textContent.trim();
        }
      }
    } catch (e) {
      info.manifestError = `imsmanifest.xml at ${manifestUrl}: ${e}`;
    }
  }
  // A relaunch: what the LMS stored in the attempt (not what is write-only), and the entry it means.
  const previous = JSON.parse(localStorage.getItem(key) || 'null');
  if (previous) {
    const exit = previous.store[v12 ? 'cmi.core.exit' : 'cmi.exit'];
    for (const [k, v] of Object.entries(previous.store)) {
      if (/(\.exit|session_time|\.entry|_children|_version)$/.test(k)) continue;
      if (k in data) continue;
      data[k] = v;
    }
    data[v12 ? 'cmi.core.entry' : 'cmi.entry'] = exit === 'suspend' ? 'resume' : '';
  }
  const mode = q.get('mode');
  if (mode) {
    data[v12 ? 'cmi.core.lesson_mode' : 'cmi.mode'] = mode;
    data[v12 ? 'cmi.core.credit' : 'cmi.credit'] = 'no-credit';
  }
  const options = {
    data,
    returns: q.get('returns') || 'strings',
    refuseCommits: Number(q.get('refuseCommits') || 0),
    onCommit: (stored) => localStorage.setItem(key, JSON.stringify(stored)),
  };
  const main = window.StrictScorm.create(version, options);
  window[v12 ? 'API' : 'API_1484_11'] = main.api;
  let other = null;
  if (q.get('both')) {
    other = window.StrictScorm.create(v12 ? '2004' : '1.2', { data: {} });
    window[v12 ? 'API_1484_11' : 'API'] = other.api;
  }
  window.lmsRefuseCommits = (n) => main.refuseCommits(n);
  window.lmsRecord = () => ({ version, record: main.record(), other: other && other.record(), ...info, relaunch: !!previous });

  const frame = document.createElement('iframe');
  frame.title = 'Skillgap self-assessment';
  frame.src = q.get('app') || 'about:blank';
  document.getElementById('lms-content').appendChild(frame);
})();
