/* Search worker for the theme's own search box.
 *
 * Material for MkDocs runs its search in a web worker and talks to it with four
 * messages: SETUP (0) -> READY (1), QUERY (2) -> RESULT (3). This worker speaks
 * the same protocol, so the header search box, keyboard handling and result list
 * stay Material's, but it searches assets/search-index.json of this language:
 *   - codes first: a full code, a code inside a range, a prefix, "#131049", "(131049)";
 *   - Indonesian word forms: "kirim" finds "dikirim" and "pengiriman";
 *   - English word forms: "opted out", "rate limit".
 * Each language has its own index next to this file, so results never mix languages.
 * Every table keyed by words of the query or the index is a Map or a Set: a plain
 * object would answer "constructor" or "__proto__" with Object.prototype's members.
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var INDEX_URL = new URL("../search-index.json", self.location.href).href;
var index = null;    // promise of {lang, docs}

var ENTITIES = new Map([["&", "&amp;"], ["<", "&lt;"], [">", "&gt;"], ['"', "&quot;"], ["'", "&#39;"]]);

function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, function (c) { return ENTITIES.get(c); });
}

function words(text) {
  return String(text).toLowerCase().split(/[^0-9a-z\u00c0-\u024f]+/).filter(Boolean);
}

var VOWEL = /^[aiueo]/;

/* Candidate stems of an Indonesian word. Affixes are stripped in every plausible
 * way and nasal prefixes are undone both ways (peng+irim -> irim and kirim), so a
 * query and a text share a candidate when they share a root. No dictionary needed. */
function stemsId(word) {
  var out = new Set();
  function add(w) { if (w.length >= 3) out.add(w); }
  add(word);
  var bases = [word];
  [/(lah|kah|tah|pun)$/, /(ku|mu|nya)$/].forEach(function (rx) {
    bases.slice().forEach(function (b) { if (rx.test(b) && b.length > 5) bases.push(b.replace(rx, "")); });
  });
  bases.slice().forEach(function (b) {
    [/kan$/, /an$/, /i$/].forEach(function (rx) {
      if (rx.test(b) && b.length > 5) bases.push(b.replace(rx, ""));
    });
  });
  bases.forEach(function (b) {
    add(b);
    var rest;
    var m = b.match(/^(di|ke|se|ter|ber|be|per)(.+)$/);
    if (m && m[2].length >= 3) { add(m[2]); bases.push(m[2]); }
    m = b.match(/^(me|pe)(ng|ny|m|n)?(.+)$/);
    if (m) {
      rest = m[3];
      var nasal = m[2] || "";
      if (nasal === "ng") { add(rest); if (VOWEL.test(rest)) add("k" + rest); }
      else if (nasal === "ny") { add("s" + rest); add("c" + rest); }
      else if (nasal === "m") { add(rest); if (VOWEL.test(rest)) add("p" + rest); }
      else if (nasal === "n") { add(rest); if (VOWEL.test(rest)) add("t" + rest); }
      else add(rest);
    }
  });
  return Array.from(out);
}

function stemsEn(word) {
  var out = [word];
  var m = word.match(/^(.{3,}?)(ies|es|s|ed|ing|ly)$/);
  if (m) out.push(m[1], m[2] === "ies" ? m[1] + "y" : m[1]);
  return out;
}

function prepare(data) {
  var stemmer = data.lang === "id" ? stemsId : stemsEn, memo = new Map();
  function stems(w) {
    if (!memo.has(w)) memo.set(w, stemmer(w));
    return memo.get(w);
  }
  data.docs.forEach(function (doc) {
    doc.fields = [
      [doc.t, 10], [doc.te || "", 6], [doc.x, 2], [doc.k, 1]
    ].map(function (pair) {
      var set = new Set(), raw = words(pair[0]);
      raw.forEach(function (w) { stems(w).forEach(function (s) { set.add(s); }); });
      return { weight: pair[1], stems: set, raw: raw };
    });
  });
  data.stems = stems;
  return data;
}

function load() {
  if (!index) {
    index = fetch(INDEX_URL).then(function (r) { return r.json(); }).then(prepare);
  }
  return index;
}

function item(doc, score, terms) {
  var title = doc.c ? doc.c + " — " + doc.t : doc.t;
  var text = doc.x.length > 220 ? doc.x.slice(0, 217) + "…" : doc.x;
  return [{ location: doc.u, title: escapeHTML(title), text: escapeHTML(text), score: score, terms: terms, tags: [] }];
}

function searchCode(data, code) {
  var n = Number(code), hits = [];
  data.docs.forEach(function (doc) {
    if (!doc.c) return;
    var score = 0;
    if (doc.c === code) score = 1000;
    else if (doc.lo <= n && n <= doc.hi && doc.lo !== doc.hi) score = 900;
    else if (doc.c.indexOf(code) === 0) score = 500 - (doc.c.length - code.length) - doc.lo / 1e9;
    else if ((" " + doc.x + " ").indexOf(code) >= 0) score = 50;
    if (score) hits.push([doc, score]);
  });
  return hits;
}

function searchWords(data, query) {
  var qwords = words(query), hits = [];
  if (!qwords.length) return hits;
  data.docs.forEach(function (doc) {
    // Sent to the theme, which reads it as an object: one without a prototype.
    var score = 0, terms = Object.create(null), matched = 0;
    qwords.forEach(function (w, i) {
      var cands = data.stems(w), best = 0;
      var last = i === qwords.length - 1 && w.length >= 3;
      doc.fields.forEach(function (f) {
        var hit = cands.some(function (c) { return f.stems.has(c); }) ||
          (last && f.raw.some(function (r) { return r.indexOf(w) === 0; }));
        if (hit) best += f.weight;
      });
      terms[w] = best > 0;
      if (best) { matched++; score += best; }
    });
    if (!matched) return;
    score *= matched / qwords.length;
    if (matched === qwords.length) score += 20;
    var phrase = query.toLowerCase().trim();
    if (qwords.length > 1 && (doc.t + " " + (doc.te || "")).toLowerCase().indexOf(phrase) >= 0) score += 40;
    if (doc.c) score += 1;
    hits.push([doc, score, terms]);
  });
  return hits;
}

function search(data, raw) {
  var query = String(raw).replace(/[*+~^:]/g, " ").trim();
  var code = query.replace(/[\s#()]/g, "");
  var hits = /^\d+$/.test(code) ? searchCode(data, code.replace(/^0+(?=\d)/, "")) : searchWords(data, query);
  hits.sort(function (a, b) { return b[1] - a[1] || (a[0].lo || 0) - (b[0].lo || 0); });
  return {
    items: hits.slice(0, 50).map(function (h) { return item(h[0], h[1], h[2] || Object.create(null)); })
  };
}

addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === SETUP) {
    postMessage({ type: READY });
    load();  // off the page's thread: the index is ready by the time someone types
  } else if (message.type === QUERY) {
    load().then(function (data) {
      postMessage({ type: RESULT, data: search(data, message.data) });
    }, function () {
      postMessage({ type: RESULT, data: { items: [] } });
    });
  }
});
