// The test LMS's SCORM runtime page script (of scorm.html?scorm=1.2 or ?scorm=2004): creates scorm-again's
// LMS-side API as window.API (SCORM 1.2) or window.API_1484_11 (SCORM 2004) — no commit URL, so nothing is
// sent anywhere — records every call the content makes, enforces the 4,096-character suspend_data limit of
// real SCORM 1.2 LMSs (scorm-again accepts more), and then loads the content in an iframe.
//
// Query: ?scorm=1.2|2004&app=<url of the content's index.html>&manifest=<url of the package's imsmanifest.xml>&preload=<JSON
// for API.loadFromJSON, e.g. suspend_data and entry "resume" for a relaunch>. Like an LMS importing the package,
// the page reads the manifest's mastery score (1.2: adlcp:masteryscore → cmi.student_data.mastery_score; 2004:
// the primary objective's imsss:minNormalizedMeasure when satisfiedByMeasure="true" → cmi.scaled_passing_score)
// before the content starts; `preload` is applied after it. window.lmsRecord() returns what the LMS holds and
// what it was asked.
(async function () {
  'use strict';
  var query = new URLSearchParams(location.search);
  var version = query.get('scorm') === '1.2' ? '1.2' : '2004';
  document.title = 'Test LMS (SCORM ' + version + ')';
  document.querySelector('main > h1').textContent = document.title;
  var SUSPEND_LIMIT_12 = 4096;
  var record = { version: version, calls: [], sets: [], refused: [], logs: [], counts: {}, preloadError: null };
  var settings = {
    autocommit: false,
    lmsCommitUrl: false,
    logLevel: 4,
    onLogMessage: function (level, message) { record.logs.push(String(level) + ': ' + String(message)); },
  };
  var api = version === '1.2' ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
  record.manifest = null;
  var manifestUrl = query.get('manifest');
  if (manifestUrl) {
    try {
      var response = await fetch(manifestUrl, { cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      var xml = new DOMParser().parseFromString(await response.text(), 'application/xml');
      if (xml.getElementsByTagName('parsererror').length) throw new Error('not well-formed XML');
      record.manifest = {};
      if (version === '1.2') {
        var ms = xml.getElementsByTagNameNS('*', 'masteryscore')[0];
        if (ms) {
          record.manifest.mastery_score = ms.textContent.trim();
          api.loadFromJSON({ student_data: { mastery_score: record.manifest.mastery_score } });
        }
      } else {
        var primary = xml.getElementsByTagNameNS('*', 'primaryObjective')[0];
        var measure = primary && primary.getElementsByTagNameNS('*', 'minNormalizedMeasure')[0];
        if (measure && primary.getAttribute('satisfiedByMeasure') === 'true') {
          record.manifest.scaled_passing_score = measure.textContent.trim();
          api.loadFromJSON({ scaled_passing_score: record.manifest.scaled_passing_score });
        }
      }
    } catch (e) {
      record.manifestError = 'imsmanifest.xml at ' + manifestUrl + ': ' + String(e);
    }
  }
  var preload = query.get('preload');
  if (preload) {
    try {
      api.loadFromJSON(JSON.parse(preload));
    } catch (e) {
      record.preloadError = String(e);
    }
  }

  // Wrap every API function the content may call: record the call, its result and, after a failed call, the
  // error code. A forced error (the 4,096-character limit) is reported by the next GetLastError.
  var names = version === '1.2'
    ? ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic']
    : ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError', 'GetErrorString', 'GetDiagnostic'];
  var errorFns = /GetLastError|GetErrorString|GetDiagnostic/;
  var forcedError = null;
  names.forEach(function (name) {
    var original = api[name].bind(api);
    api[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      var result;
      if (errorFns.test(name) && forcedError) {
        result = name.indexOf('GetLastError') >= 0 ? forcedError
          : 'suspend_data longer than ' + SUSPEND_LIMIT_12 + ' characters (a real SCORM 1.2 LMS refuses it)';
      } else {
        if (!errorFns.test(name)) forcedError = null;
        if (name === 'LMSSetValue' && args[0] === 'cmi.suspend_data' && String(args[1]).length > SUSPEND_LIMIT_12) {
          record.refused.push({ element: args[0], length: String(args[1]).length });
          forcedError = '405';
          result = 'false';
        } else {
          result = original.apply(null, args);
        }
      }
      record.counts[name] = (record.counts[name] || 0) + 1;
      var entry = { fn: name, args: args.map(function (a) { return String(a).length > 200 ? String(a).slice(0, 200) + '…' : a; }), result: result };
      if (!errorFns.test(name) && (result === 'false' || result === false)) entry.error = api.lastErrorCode;
      if (!/GetValue|GetLastError|GetErrorString|GetDiagnostic/.test(name)) record.calls.push(entry);
      return result;
    };
  });
  api.on(version === '1.2' ? 'LMSSetValue.cmi.*' : 'SetValue.cmi.*', function (element, value) {
    record.sets.push([element, String(value)]);
  });
  if (version === '1.2') window.API = api; else window.API_1484_11 = api;

  /** What the LMS holds (cmi as JSON) and everything the content asked of it. */
  window.lmsRecord = function () {
    return JSON.parse(JSON.stringify({ version: version, cmi: api.cmi, record: record }));
  };

  var app = query.get('app');
  var frame = document.createElement('iframe');
  frame.title = 'Skillgap self-assessment';
  frame.src = app || 'about:blank';
  document.getElementById('lms-content').appendChild(frame);
})();
