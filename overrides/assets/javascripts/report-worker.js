/* The broadcast report page's worker (started by report.js): reads a report file or
 * pasted rows, finds its columns, sorts every row into delivered / failed (per code) /
 * other, and makes the CSV downloads. It runs off the page's thread so the page stays
 * responsive on a 100,000-row file. Nothing is sent anywhere: the only file it loads
 * is Papa Parse, shipped with the site (../vendor/papaparse/, MIT licence).
 *
 * Messages in:  {type: "setup", entries, report, strings, root, lang}
 *               {type: "file", file, turn} | {type: "text", text, turn}
 *               {type: "columns", columns, turn} | {type: "preview", turn}
 *               {type: "download", kind, turn}
 * Messages out: {type: "progress", turn, percent} | {type: "problem", turn, problem}
 *               {type: "pick", turn, preview} | {type: "result", turn, result}
 *               {type: "download", turn, kind, blob}
 * The report's text is hostile: it reaches the page only through these messages,
 * and the page shows it as text. */
/* global Papa */
"use strict";

importScripts("../vendor/papaparse/papaparse.min.js");

var ROLES = ["code", "reason", "phone", "status"];
var SAMPLE = 200;           // data rows looked at to find the columns
var PICKED = 200;           // columns looked at and offered to choose from (report.py): a file may have 100,000
var CHUNK = 1024 * 1024;    // characters parsed between two progress messages
var LISTED = 50;            // unrecognized reasons listed on the page
var KEPT = 10000;           // distinct reasons remembered (the rest counted as one)
var CHUNK_ROWS = 20000;     // rows of a download written as one piece

var setup = null;     // what "setup" brought, plus the maps made from it
var held = null;      // the last report read: {rows, header, names, delimiter, columns, marks}

// ---- Text and codes ---------------------------------------------------------

// As generator/search_index.py `report_key`: NFKC, lower case, runs of anything
// but letters and digits as one space.
function key(text) {
  return String(text).normalize("NFKC").toLowerCase().split(/[^\p{L}\p{N}]+/u).join(" ").trim();
}

// The patterns come with the catalog's data (report.json "patterns", compiled in prepare): report.py
// compiles the same sources, so a cell names the same code in the page and on the command line.
var BARE = null, IN_TEXT = null, KNOWN = null, TIME = null;
var WAITS = { m: 60, h: 3600, d: 86400 };  // seconds in a retry_after unit
var SCI = /^\d(?:[.,]\d+)?e\+?\d{1,2}$/i;   // 6.28123E+12, 6,28123E+12
var PHONE = /^\+?[\d\s().-]{8,24}$/;

function bareCode(cell) {
  var match = cell.length < 32 ? BARE.exec(cell) : null;
  return match ? match[1].replace(/^0+(?=\d)/, "") : null;
}

// A code written out in the text ("131026 - …", "(#131049)", "Error 131026:"), known or not.
function textCode(cell) {
  var match = IN_TEXT.exec(cell.length > 2000 ? cell.slice(0, 2000) : cell);
  if (!match) return null;
  for (var i = 1; i < match.length; i++) if (match[i] !== undefined) return match[i].replace(/^0+(?=\d)/, "");
  return null;
}

// A number of six or seven digits in the text that the catalog knows as a code.
function knownCode(cell) {
  var text = cell.length > 2000 ? cell.slice(0, 2000) : cell, match;
  KNOWN.lastIndex = 0;
  while ((match = KNOWN.exec(text)) !== null) {
    var code = match[1].replace(/^0+(?=\d)/, "");
    if (entryOf(code) !== null) return code;
  }
  return null;
}

function isPhone(cell) {
  return SCI.test(cell) || (PHONE.test(cell) && cell.replace(/\D/g, "").length >= 8);
}

// A phone number as international digits (6281234567890), or null when it is not one: as
// report.py's normalise, which says why each form reads as it does.
function normalise(phone, country) {
  var text = phone.trim().replace(/^'+/, "");
  if (!text || SCI.test(text) || !PHONE.test(text)) return null;
  var digits = text.replace(/[^0-9]/g, "");
  if (text.charAt(0) === "+") { /* keeps its country */ }
  else if (digits.slice(0, 2) === "00") digits = digits.slice(2);
  else if (digits.charAt(0) === "0") digits = country + digits.slice(1);
  else if (country === "62" && digits.charAt(0) === "8" && digits.length <= 12) digits = country + digits;
  return digits.length >= 8 && digits.length <= 15 ? digits : null;
}

// A time cell as [seconds since 1970 read as UTC, whether it said UTC (Unix time)], or null: as
// report.py's time_of (2026-12-01 10:00, 01/12/2026 10:00 with the day first, 1764583200).
function timeOf(cell) {
  var m = TIME.exec(cell.trim());
  if (!m) return null;
  if (m[13]) return [Math.floor(Number(m[13]) / (m[13].length === 13 ? 1000 : 1)), true];
  var p = m[1] ? [m[1], m[2], m[3], m[4], m[5], m[6]] : [m[9], m[8], m[7], m[10], m[11], m[12]];
  var y = Number(p[0]), mo = Number(p[1]), d = Number(p[2]), h = Number(p[3]), mi = Number(p[4]), s = Number(p[5] || 0);
  var date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC carries an impossible date over (31 April becomes 1 May); report.py refuses it, and so does this.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d ||
      date.getUTCHours() !== h || date.getUTCMinutes() !== mi || date.getUTCSeconds() !== s) return null;
  return y >= 1970 && y <= 2100 ? [date.getTime() / 1000, false] : null;
}

// When a number may be sent to again: the row's time plus the code's wait, or "" (report.py earliest).
function earliest(cell, wait) {
  var when = wait ? timeOf(cell) : null;
  if (!when) return "";
  var d = new Date((when[0] + Number(wait.slice(0, -1)) * WAITS[wait.slice(-1)]) * 1000);
  var two = function (n) { return (n < 10 ? "0" : "") + n; };
  return d.getUTCFullYear() + "-" + two(d.getUTCMonth() + 1) + "-" + two(d.getUTCDate()) + " " +
    two(d.getUTCHours()) + ":" + two(d.getUTCMinutes()) + (when[1] ? " UTC" : "");
}

// ---- The catalog -----------------------------------------------------------

function prepare(message) {
  var patterns = message.report.patterns;
  BARE = new RegExp(patterns.bare, "i");
  IN_TEXT = new RegExp(patterns.written, "i");
  KNOWN = new RegExp(patterns.known, "gi");
  TIME = new RegExp(patterns.time);
  var byCode = new Map(), ranges = [];
  message.entries.forEach(function (e) {
    if (!byCode.has(e.c)) byCode.set(e.c, e);
    if (e.lo !== e.hi) ranges.push(e);
  });
  var titles = [];  // [key, code], longest first, for titles inside longer text
  Object.keys(message.report.titles).forEach(function (k) {
    if (k.split(" ").length >= 3) titles.push([" " + k + " ", message.report.titles[k]]);
  });
  titles.sort(function (a, b) { return b[0].length - a[0].length; });
  function words(list) {
    var set = new Set();
    list.forEach(function (w) { set.add(key(w)); });
    return set;
  }
  var columns = {};
  ROLES.forEach(function (role) { columns[role] = words(message.report.columns[role] || []); });
  setup = {
    strings: message.strings, root: message.root, lang: message.lang, acts: message.report.acts,
    byCode: byCode, ranges: ranges, exactTitles: new Map(Object.entries(message.report.titles)), titles: titles,
    columns: columns, ok: words(message.report.statuses.ok), failed: words(message.report.statuses.failed),
    lists: message.report.lists, order: message.report.order, country: message.country || "62",
    timeNames: words(message.report.columns.time || []),
    resolved: new Map(), reasons: new Map(), statusKeys: new Map()
  };
}

// The entry of a code: exact, or the range holding it; null if unknown.
function entryOf(code) {
  var cache = setup.resolved;
  if (cache.has(code)) return cache.get(code);
  var entry = setup.byCode.get(code) || null;
  if (!entry) {
    var n = Number(code);
    for (var i = 0; i < setup.ranges.length && !entry; i++) {
      if (setup.ranges[i].lo <= n && n <= setup.ranges[i].hi) entry = setup.ranges[i];
    }
  }
  cache.set(code, entry);
  return entry;
}

// The code a reason text names, as report.py's reason_code: a title or details sentence it
// equals (a title may hold a number: "cURL error 28"), else a code written out in it (known or
// not: the row's own code wins over any title), else a six- or seven-digit number the catalog
// knows, else the longest title (of three words or more) inside it. Remembered per distinct text.
function reasonCode(text) {
  var cache = setup.reasons;
  if (cache.has(text)) return cache.get(text);
  var k = key(text.length > 2000 ? text.slice(0, 2000) : text);
  var code = setup.exactTitles.get(k) || null;
  if (code === null) code = textCode(text);
  if (code === null) code = knownCode(text);
  if (code === null) {
    if (k) {
      var padded = " " + k + " ";
      for (var i = 0; i < setup.titles.length; i++) {
        if (padded.indexOf(setup.titles[i][0]) !== -1) { code = setup.titles[i][1]; break; }
      }
    }
  }
  if (cache.size < KEPT * 10) cache.set(text, code);
  return code;
}

// ---- Reading --------------------------------------------------------------

function startsWith(bytes, signature) {
  for (var i = 0; i < signature.length; i++) if (bytes[i] !== signature[i]) return false;
  return true;
}

// The file's text, or {problem}. UTF-16 (Excel's "Unicode Text") and, when the bytes are
// not UTF-8, Windows-1252 (Excel's plain "CSV") are read too.
function decode(buffer) {
  var bytes = new Uint8Array(buffer);
  if (!bytes.length) return { problem: "empty" };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { problem: "zip" };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return { problem: "xls" };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder("utf-16le").decode(bytes), replaced: 0 };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: new TextDecoder("utf-16be").decode(bytes), replaced: 0 };
  if (bytes.subarray(0, 4096).indexOf(0) !== -1) {
    // UTF-16 without a BOM: text of mostly Latin letters has a zero in every other byte (report.py).
    var sample = bytes.subarray(0, 4096), half = Math.floor(sample.length / 2), odd = 0, even = 0;
    for (var k = 0; k < half * 2; k++) if (sample[k] === 0) { if (k % 2) odd++; else even++; }
    var whole = bytes.subarray(0, Math.floor(bytes.length / 2) * 2);
    if (half && odd > 0.4 * half && even < 0.05 * half) return { text: new TextDecoder("utf-16le").decode(whole), replaced: 0 };
    if (half && even > 0.4 * half && odd < 0.05 * half) return { text: new TextDecoder("utf-16be").decode(whole), replaced: 0 };
    return { problem: "binary" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), replaced: 0 };
  } catch (e) {
    // A UTF-8 file with a few stray bytes of another encoding stays UTF-8, with the count for a
    // warning: read as Windows-1252, each of its accented letters would become two wrong ones.
    // UTF-8 when it holds at least as many valid letters beyond ASCII as invalid sequences (report.py).
    var text = new TextDecoder("utf-8").decode(bytes);
    var replaced = 0, letters = 0, literal = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 0xfffd) replaced++;
      else if (c > 0x7f && !(c >= 0xdc00 && c <= 0xdfff)) letters++;  // a surrogate pair is one letter
    }
    for (var j = 0; j + 2 < bytes.length; j++) {
      if (bytes[j] === 0xef && bytes[j + 1] === 0xbf && bytes[j + 2] === 0xbd) literal++;
    }
    replaced -= literal;
    letters += literal;
    if (letters >= replaced) return { text: text, replaced: replaced };
    return { text: new TextDecoder("windows-1252").decode(bytes), replaced: 0 };
  }
}

function parse(text, turn) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  var delimiter = null;
  var sep = /^sep=(.)\r?\n/i.exec(text.slice(0, 8));  // Excel's own hint on the first line
  if (sep) {
    delimiter = sep[1];
    text = text.slice(sep[0].length);
  }
  if (!/\S/.test(text.slice(0, 65536)) && !/\S/.test(text)) return { problem: "empty" };
  if (!delimiter) {
    var sample = Papa.parse(text.slice(0, 65536), { preview: 20, delimitersToGuess: ["\t", ";", ","] });
    delimiter = sample.meta.delimiter || ",";
  }
  var rows = [];
  var total = text.length, seen = 0, last = -1, malformed = false;
  Papa.parse(text, {
    delimiter: delimiter, skipEmptyLines: true, chunkSize: CHUNK,
    chunk: function (results) {
      if (results.errors.length) malformed = true;
      var data = results.data;
      for (var i = 0; i < data.length; i++) {
        var row = data[i];
        // A row of empty cells (";;;"): Papa's "greedy" skipping costs twice the parse.
        if (row[0] === "" && !/\S/.test(row.join(""))) continue;
        rows.push(row);
      }
      seen += CHUNK;
      var percent = Math.min(99, Math.floor((seen / total) * 100));
      if (percent !== last && total > CHUNK) {
        last = percent;
        postMessage({ type: "progress", turn: turn, percent: percent });
      }
    }
  });
  if (!rows.length) return { problem: "empty" };
  // Papa's reports of malformed quotes, from one pass over the whole text: a chunk numbers its
  // rows afresh and may report an error twice (report.py counts them as here).
  var errors = malformed ? Papa.parse(text, { delimiter: delimiter, skipEmptyLines: true }).errors : [];
  return { rows: rows, delimiter: delimiter, errors: errors };
}

// ---- Columns -------------------------------------------------------------------

function headerRole(name) {
  var k = key(name);
  for (var r = 0; r < ROLES.length; r++) if (setup.columns[ROLES[r]].has(k)) return ROLES[r];
  return null;
}

// Which column plays which role: by header names first, then by what the cells hold.
// Returns {columns: {role: index or -1}, header, sure}.
function findColumns(rows) {
  var width = 0;
  for (var i = 0; i < Math.min(rows.length, SAMPLE); i++) width = Math.max(width, rows[i].length);
  var columns = { code: -1, reason: -1, phone: -1, status: -1 };
  var header = false;
  rows[0].forEach(function (name, index) {
    var role = headerRole(name);
    if (role && columns[role] === -1) {
      columns[role] = index;
      header = true;
    }
  });
  var start = header ? 1 : 0;
  var sample = rows.slice(start, start + SAMPLE);
  function share(index, test) {
    var filled = 0, hits = 0;
    sample.forEach(function (row) {
      var cell = (row[index] || "").trim();
      if (!cell) return;
      filled++;
      if (test(cell)) hits++;
    });
    return filled ? hits / filled : 0;
  }
  function taken(index) {
    return ROLES.some(function (role) { return columns[role] === index; });
  }
  function best(test, least) {
    var found = -1, top = least;
    for (var c = 0; c < Math.min(width, PICKED); c++) {
      if (taken(c)) continue;
      var s = share(c, test);
      if (s >= top && s > 0) { found = c; top = s + 1e-9; }
    }
    return found;
  }
  if (columns.status === -1) {
    columns.status = best(function (cell) { var k = key(cell); return setup.ok.has(k) || setup.failed.has(k); }, 0.6);
  }
  if (columns.code === -1) {
    // Row numbers (1, 2, 3, …) are codes too (Meta's 1 to 10): a column counting up is not one.
    var previous = null;
    columns.code = best(function (cell) {
      var c = bareCode(cell), counting = c !== null && previous !== null && Number(c) === previous + 1;
      previous = c === null ? null : Number(c);
      return c !== null && !counting && entryOf(c) !== null;
    }, 0.5);
  }
  if (columns.phone === -1) columns.phone = best(isPhone, 0.6);
  if (columns.reason === -1) {
    columns.reason = best(function (cell) { return !bareCode(cell) && reasonCode(cell) !== null; }, 0.2);
  }
  if (!header && rows.length > 1) {
    // No known header name: the first row is still a header if it holds only short words,
    // none of them a number, a code, a status or a known reason.
    header = rows[0].every(function (cell) {
      var text = cell.trim();
      return text && text.length <= 40 && !/^[+\d]/.test(text) && !setup.ok.has(key(text)) &&
        !setup.failed.has(key(text)) && reasonCode(text) === null;
    });
  }
  return { columns: columns, header: header, sure: columns.code !== -1 || columns.reason !== -1, width: width };
}

function names(found) {
  var out = [];
  for (var c = 0; c < found.width; c++) {
    var name = found.header ? (held.rows[0][c] || "").trim() : "";
    out.push(name || setup.strings.column_n.replace("{n}", String(c + 1)));
  }
  return out;
}

// ---- Sorting the rows ---------------------------------------------------------

var OK = 1, FAILED = 2, OTHER = 3;

// key() of a status cell, remembered: a report has a handful of distinct statuses.
function statusKey(cell) {
  var cache = setup.statusKeys;
  var k = cache.get(cell);
  if (k === undefined) {
    k = key(cell);
    if (cache.size < KEPT) cache.set(cell, k);
  }
  return k;
}

function analyse(started) {
  var rows = held.rows, columns = held.columns, start = held.header ? 1 : 0;
  // The time a row failed, in a column found by its header only (report.py _sort).
  held.time = -1;
  if (held.header) {
    for (var t = 0; t < Math.min(rows[0].length, held.names.length) && held.time === -1; t++) {
      var used = ROLES.some(function (role) { return columns[role] === t; });
      if (!used && setup.timeNames.has(key(rows[0][t]))) held.time = t;
    }
  }
  var n = rows.length - start;
  var marks = new Uint8Array(n);       // OK / FAILED / OTHER per data row
  var codes = new Array(n);            // the code text of a failed row, or null
  var groups = new Map();              // code text -> {code, entry, count}
  var unrecognized = new Map();        // reason text -> count (failed rows without a code)
  var counts = { ok: 0, failed: 0, other: 0, missing: 0 };
  var sci = 0, example = "";
  var cc = columns.code, rc = columns.reason, pc = columns.phone, sc = columns.status;
  for (var i = 0; i < n; i++) {
    var row = rows[i + start];
    var code = null;
    if (cc !== -1 && row[cc]) {
      var cell = row[cc].trim();
      code = bareCode(cell);
      if (code === null && cell) code = reasonCode(cell);
    }
    var reason = rc !== -1 && row[rc] ? row[rc].trim() : "";
    if (code === null && reason) code = reasonCode(reason);
    if (pc !== -1 && row[pc] && SCI.test(row[pc].trim())) {
      sci++;
      if (!example) example = row[pc].trim();
    }
    var status = sc !== -1 && row[sc] ? statusKey(row[sc]) : "";
    var mark;
    if (status && setup.ok.has(status)) mark = OK;
    else if (code !== null || !status || setup.failed.has(status)) mark = FAILED;
    else mark = OTHER;
    marks[i] = mark;
    if (mark === OK) { counts.ok++; continue; }
    if (mark === OTHER) { counts.other++; continue; }
    counts.failed++;
    codes[i] = code;
    if (code === null) {
      counts.missing++;
      var text = reason || (cc !== -1 && row[cc] ? row[cc].trim() : "");
      if (text) {
        if (unrecognized.size < KEPT || unrecognized.has(text)) unrecognized.set(text, (unrecognized.get(text) || 0) + 1);
      }
      continue;
    }
    var entry = entryOf(code);
    var id = entry ? entry.c : "?" + code;
    var group = groups.get(id);
    if (group) group.count++;
    else groups.set(id, { code: code, entry: entry, count: 1 });
  }
  held.marks = marks;
  held.codes = codes;
  var sorted = Array.from(groups.entries()).sort(function (a, b) { return b[1].count - a[1].count; });
  var rank = new Map();
  sorted.forEach(function (pair, index) { rank.set(pair[0], index); });
  held.placed = place(rank);
  var downloads = {};
  setup.order.forEach(function (kind) { downloads[kind] = held.placed[kind].length; });
  sorted = sorted.map(function (pair) { return pair[1]; });
  return {
    rows: n, ok: counts.ok, failed: counts.failed, other: counts.other, missing: counts.missing,
    groups: sorted.map(function (g) {
      return { code: g.code, c: g.entry ? g.entry.c : null, t: g.entry ? g.entry.t : null,
               r: g.entry ? g.entry.r : null, w: g.entry ? g.entry.w : null,
               a: g.entry ? setup.acts[g.entry.c] || null : null, count: g.count };
    }),
    unrecognized: Array.from(unrecognized.entries()).sort(function (a, b) { return b[1] - a[1]; }).slice(0, LISTED)
      .map(function (pair) { return [pair[0].length > 300 ? pair[0].slice(0, 300) + "…" : pair[0], pair[1]]; }),
    columns: held.columns, names: held.names, header: held.header,
    sci: sci, example: example.slice(0, 40), phone: pc, replaced: held.replaced,
    quotes: held.errors.length, quote_row: held.errors.length ? held.errors[0].row + 1 : 0,
    downloads: downloads,
    ms: Math.round(performance.now() - started)
  };
}

// The summary's group of a failed row's code (report.py _group).
function groupOf(code) {
  if (code === null || code === undefined) return null;
  var entry = entryOf(code);
  return entry ? entry.c : "?" + code;
}

// The list a failed row's number belongs to (report.py list_of).
function listOf(code) {
  var entry = code === null || code === undefined ? null : entryOf(code);
  return entry ? setup.lists[entry.c] || "fix" : "unknown";
}

// Each failed row's number once, normalised, in the first list one of its rows belongs to,
// each list ordered by its code's place in the summary, then by the report's order (report.py _place).
function place(rank) {
  var placed = {};
  setup.order.forEach(function (kind) { placed[kind] = []; });
  var pc = held.columns.phone, start = held.header ? 1 : 0;
  if (pc === -1) return placed;
  var best = new Map();
  for (var i = 0; i < held.marks.length; i++) {
    var phone = held.marks[i] === FAILED ? (held.rows[i + start][pc] || "").trim() : "";
    if (!phone) continue;
    var number = normalise(phone, setup.country) || phone;
    var position = setup.order.indexOf(listOf(held.codes[i]));
    var got = best.get(number);
    if (got === undefined || position < got[0]) best.set(number, [position, i]);
  }
  best.forEach(function (value, number) { placed[setup.order[value[0]]].push([number, value[1]]); });
  var last = rank.size;
  Object.keys(placed).forEach(function (kind) {
    placed[kind].sort(function (a, b) {
      var ra = rank.has(groupOf(held.codes[a[1]])) ? rank.get(groupOf(held.codes[a[1]])) : last;
      var rb = rank.has(groupOf(held.codes[b[1]])) ? rank.get(groupOf(held.codes[b[1]])) : last;
      return ra - rb || a[1] - b[1];
    });
  });
  return placed;
}

// ---- Downloads --------------------------------------------------------------------

function guard(value) {
  var text = value === null || value === undefined ? "" : String(value);
  return /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
}

function retryText(entry) {
  var strings = setup.strings;
  var text = strings.retry[entry.r] || "";
  var wait = /^(\d+)([mhd])$/.exec(entry.w || "");
  if (wait) text += (text ? " " : "") + strings.wait.replace("{wait}", wait[1] + " " + strings.units[wait[2]]);
  return text;
}

// Code, title, who acts, what to do and the code's page, for a row (report.py _added).
function added(code, failed) {
  var strings = setup.strings;
  if (!failed) return ["", "", "", "", ""];
  var entry = code === null || code === undefined ? null : entryOf(code);
  if (!entry) return [code || "", code ? strings.unknown : strings.missing, strings.acts_unknown, strings.todo_unknown, ""];
  var acts = setup.acts[entry.c];
  return [code, entry.t, acts ? strings.acts[acts] : strings.acts_unstated, retryText(entry),
          new URL("codes/" + entry.c + "/", setup.root).href];
}

function download(kind) {
  var strings = setup.strings;
  var rows = held.rows, start = held.header ? 1 : 0, width = held.names.length;
  var out = [], i, row, info;
  if (kind === "all") {
    out.push(held.names.concat([strings.out_code, strings.out_title, strings.out_acts, strings.out_retry, strings.out_url, strings.out_list]));
    for (i = 0; i < held.marks.length; i++) {
      var failed = held.marks[i] === FAILED, code = failed ? held.codes[i] : null;
      row = rows[i + start];
      var cells = row.slice(0, width);
      while (cells.length < width) cells.push("");
      out.push(cells.concat(added(code, failed), [failed ? strings["list_" + listOf(code)] : ""]));
    }
  } else {
    var rc = held.columns.reason, cc = held.columns.code, tc = held.time;
    var timed = kind === "wait" && tc !== -1;  // the wait list says from when, when the report has the time
    out.push([strings.out_phone, strings.out_code, strings.out_title, strings.out_reason, strings.out_acts, strings.out_retry, strings.out_url]
      .concat(timed ? [strings.out_earliest] : []));
    held.placed[kind].forEach(function (item) {
      row = rows[item[1] + start];
      var code = held.codes[item[1]];
      info = added(code, true);
      var reason = (rc !== -1 ? (row[rc] || "").trim() : "") || (cc !== -1 ? (row[cc] || "").trim() : "");
      var line = [item[0], info[0], info[1], reason, info[2], info[3], info[4]];
      if (timed) {
        var entry = code === null || code === undefined ? null : entryOf(code);
        line.push(earliest(row[tc] || "", entry ? entry.w : null));
      }
      out.push(line);
    });
  }
  var delimiter = held.delimiter === ";" || held.delimiter === "," ? held.delimiter : setup.lang === "id" ? ";" : ",";
  // In pieces of CHUNK_ROWS rows: one string of a 100 MB report's rows would pass what a browser
  // holds in one string; a Blob of many parts does not need one.
  var parts = ["\ufeff"];
  for (var from = 0; from < out.length; from += CHUNK_ROWS) {
    parts.push(Papa.unparse(out.slice(from, from + CHUNK_ROWS).map(function (cells) { return cells.map(guard); }),
      { delimiter: delimiter, newline: "\r\n", quotes: false }), "\r\n");
  }
  return new Blob(parts, { type: "text/csv;charset=utf-8" });
}

// ---- Messages ------------------------------------------------------------------------

function read(message) {
  var started = performance.now();
  var text = message.text;
  if (message.file) {
    var decoded = decode(new FileReaderSync().readAsArrayBuffer(message.file));
    if (decoded.problem) return { problem: decoded.problem };
    text = decoded.text;
  }
  var replaced = message.file ? decoded.replaced : 0;
  var parsed = parse(text, message.turn);
  if (parsed.problem) return parsed;
  held = { rows: parsed.rows, delimiter: parsed.delimiter, replaced: replaced, errors: parsed.errors };
  var found = findColumns(parsed.rows);
  held.columns = found.columns;
  held.header = found.header;
  held.names = names(found);
  if (found.header && parsed.rows.length === 1) return { problem: "no_rows" };
  if (!found.sure) return { pick: preview() };
  return { result: analyse(started) };
}

// The first rows, for choosing columns.
function preview() {
  var start = held.header ? 1 : 0;
  var shown = Math.min(held.names.length, PICKED);
  return { names: held.names.slice(0, shown), rows: held.rows.slice(start, start + 5).map(function (row) {
    return row.slice(0, shown).map(function (cell) { return cell.length > 80 ? cell.slice(0, 80) + "…" : cell; });
  }), columns: held.columns, header: held.header };
}

self.onmessage = function (event) {
  var message = event.data;
  try {
    if (message.type === "setup") {
      prepare(message);
    } else if (message.type === "file" || message.type === "text") {
      held = null;
      var answer = read(message);
      if (answer.problem) postMessage({ type: "problem", turn: message.turn, problem: answer.problem });
      else if (answer.pick) postMessage({ type: "pick", turn: message.turn, preview: answer.pick });
      else postMessage({ type: "result", turn: message.turn, result: answer.result });
    } else if (message.type === "columns" && held) {
      held.header = !!message.header && held.rows.length > 1;
      held.names = names({ header: held.header, width: held.names.length });
      ROLES.forEach(function (role) {
        var c = message.columns[role];
        held.columns[role] = typeof c === "number" && c >= 0 && c < held.names.length ? c : -1;
      });
      postMessage({ type: "result", turn: message.turn, result: analyse(performance.now()) });
    } else if (message.type === "preview" && held) {
      postMessage({ type: "pick", turn: message.turn, preview: preview(), change: true });
    } else if (message.type === "download" && held && held.marks) {
      try {
        postMessage({ type: "download", turn: message.turn, kind: message.kind, blob: download(message.kind) });
      } catch (e) {
        // The summary stays: only this file could not be made (a browser short of memory).
        postMessage({ type: "download_failed", turn: message.turn, kind: message.kind });
      }
    }
  } catch (e) {
    postMessage({ type: "problem", turn: message.turn, problem: "failed", detail: String(e && e.message || e) });
  }
};
