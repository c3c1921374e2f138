/* Search worker for the theme's own search box.
 *
 * Material for MkDocs runs its search in a web worker and talks to it with four
 * messages: SETUP (0) -> READY (1), QUERY (2) -> RESULT (3). This worker speaks
 * the same protocol, so the header search box, keyboard handling and result list
 * stay Material's, but it searches assets/search-index.json of this language:
 *   - codes first: a full code, a code inside a range, a prefix, "#131049", "(131049)",
 *     read as the lookup box reads them (WAErrors.normalise in codes.js): "１３１０４９" and a
 *     code with a zero-width space inside are 131049;
 *   - a code anywhere in a pasted sentence ("katanya 131049", "error 470", "(#131056)")
 *     comes first, then what the rest of the sentence finds (WAErrors.codesIn in codes.js);
 *   - the words people use for a failure ("saldo habis", "customer blocked"): each
 *     entry's keywords weigh almost as much as its title, and the glossary's synonyms
 *     ("saldo" -> "kuota") stand in for what people type;
 *   - Indonesian word forms: "kirim" finds "dikirim" and "pengiriman";
 *   - English word forms: "opted out", "rate limit";
 *   - problems without a code ("centang satu", "template ditolak") rank with the codes;
 *   - current codes before the On-Premises API's (retired) ones that match as well or a little better;
 *   - each result carries a badge: its origin, or "problem".
 * The index is fetched only when the reader opens the search: the theme sends SETUP
 * at page load and again when the box is focused (its search toggle turns on), and
 * the first real query also starts it. A first visit that never searches stays light.
 * Each language has its own index next to this file, so results never mix languages.
 * Every table keyed by words of the query or the index is a Map or a Set: a plain
 * object would answer "constructor" or "__proto__" with Object.prototype's members.
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var INDEX_URL = new URL("../search-index.json", self.location.href).href;
var CODES_URL = new URL("codes.js", self.location.href).href;
var index = null;    // promise of {lang, docs, syn}
var setups = 0;

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

// Words that only carry a sentence ("katanya", "the"): dropped when the query has others.
var FILLER = new Set(("yang saya aku kami kita anda kok sih deh dong ya nya katanya padahal kenapa mengapa " +
  "apa muncul terus banyak sudah udah sering selalu jadi ini itu dan atau the a an our my we i is are was " +
  "were to of on in for with and or it this that why what when keeps kept get got how do does did " +
  "gimana bagaimana gmn caranya").split(" "));
// t: the title the page shows; te: the title the API sends; ts: other titles weighed like the title
// (titles_seen, and on English pages the API's title, so it weighs as it did before plain titles).
var WEIGHTS = { t: 10, te: 6, ts: 10, w: 8, x: 2, k: 1 };

/* Word stems per field, made on the first word query: a code needs none of it. */
function prepare(data) {
  if (data.stems) return data;
  var stemmer = data.lang === "id" ? stemsId : stemsEn, memo = new Map();
  function stems(w) {
    if (!memo.has(w)) memo.set(w, stemmer(w));
    return memo.get(w);
  }
  data.docs.forEach(function (doc) {
    doc.fields = ["t", "te", "ts", "w", "x", "k"].map(function (key) {
      var set = new Set(), raw = words(doc[key] || "");
      raw.forEach(function (w) { stems(w).forEach(function (s) { set.add(s); }); });
      return { weight: WEIGHTS[key], stems: set, raw: raw };
    });
    doc.phrases = String(doc.w || "").split("\n").map(function (p) { return words(p).join(" "); }).filter(Boolean);
    doc.titles = (doc.t + " " + (doc.te || "") + " " + (doc.ts || "").replace(/\n/g, " ")).toLowerCase();
  });
  data.stems = stems;
  data.synonyms = new Map(Object.entries(data.syn || {}).map(function (pair) { return [pair[0], words(pair[1])]; }));
  return data;
}

function load() {
  if (!index) {
    index = fetch(INDEX_URL).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + INDEX_URL);
      return r.json();
    });
    index.catch(function () { index = null; });  // a later query tries again
    // The same rules as the lookup box for reading a code and finding one in a pasted sentence.
    try { importScripts(CODES_URL); } catch (e) { /* then the query is read as typed, and only a plain number is a code */ }
  }
  return index;
}

/* A result as the theme shows it: the title, after a badge naming the code's origin (Meta, the
 * retired On-Premises API, the provider) or saying it is a problem without a code. */
function item(doc, score, terms, badges) {
  var title = doc.c ? doc.c + " — " + doc.t : doc.t;
  var text = doc.x.length > 220 ? doc.x.slice(0, 217) + "…" : doc.x;
  var kind = doc.p ? "problem" : doc.g;
  var badge = kind && badges && badges[kind]
    ? '<span class="err-badge err-badge--' + escapeHTML(kind) + '">' + escapeHTML(badges[kind]) + "</span> "
    : "";
  // `found`: the same as plain text, for the home box (lookup.js), which builds its list as text.
  var found = { u: doc.u, title: title, text: text, kind: kind || "", badge: kind && badges ? badges[kind] || "" : "" };
  return [{ location: doc.u, title: badge + escapeHTML(title), text: escapeHTML(text), score: score, terms: terms, tags: [], found: found }];
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

/* The stems that count as a query word: its own, and those of what the glossary says
 * people mean by it ("saldo" -> "kuota"). */
function candidates(data, w) {
  var out = data.stems(w).slice(), syn = data.synonyms.get(w);
  if (syn) syn.forEach(function (s) { data.stems(s).forEach(function (c) { out.push(c); }); });
  return out;
}

function searchWords(data, query) {
  prepare(data);
  var all = words(query), hits = [];
  var qwords = all.filter(function (w) { return !FILLER.has(w); });
  if (!qwords.length) qwords = all;
  if (!qwords.length) return hits;
  var cands = qwords.map(function (w) { return candidates(data, w); });
  var phrase = all.join(" "), kept = qwords.join(" ");
  data.docs.forEach(function (doc) {
    // Sent to the theme, which reads it as an object: one without a prototype.
    var score = 0, terms = Object.create(null), matched = 0;
    qwords.forEach(function (w, i) {
      var best = 0;
      var last = i === qwords.length - 1 && w.length >= 3;
      doc.fields.forEach(function (f) {
        var hit = cands[i].some(function (c) { return f.stems.has(c); }) ||
          (last && f.raw.some(function (r) { return r.indexOf(w) === 0; }));
        if (hit) best += f.weight;
      });
      terms[w] = best > 0;
      if (best) { matched++; score += best; }
    });
    if (!matched) return;
    score *= matched / qwords.length;
    if (matched === qwords.length) score += 20;
    if (qwords.length > 1 && (doc.titles.indexOf(phrase) >= 0 || doc.titles.indexOf(kept) >= 0)) score += 40;
    // A keyword phrase said in the query, or the query said in a keyword phrase.
    if (doc.phrases.some(function (p) {
      return (" " + phrase + " ").indexOf(" " + p + " ") >= 0 || (qwords.length > 1 && p.indexOf(kept) >= 0);
    })) score += 40;
    if (doc.c) score += 1;
    // The On-Premises API is retired: a current code that matches as well comes first, and one
    // that matches nearly as well too (its twin in the Cloud API often words it differently).
    if (doc.o) score *= 0.6;
    hits.push([doc, score, terms]);
  });
  return hits;
}

/* Codes named anywhere in a sentence: exact codes or codes inside a range, in the
 * order the sentence names them, each above anything the words find. */
function namedCodes(data, query) {
  var found = typeof WAErrors !== "undefined" && WAErrors.codesIn ? WAErrors.codesIn(query) : [];
  var hits = [], seen = new Set();
  found.forEach(function (code, i) {
    var n = Number(code);
    // A code with an entry of its own inside a range (200 in 200-299) names that entry only.
    var own = data.docs.some(function (doc) { return doc.c === code; });
    data.docs.forEach(function (doc) {
      if (!doc.c || seen.has(doc)) return;
      if (doc.c === code || (!own && doc.lo <= n && n <= doc.hi && doc.lo !== doc.hi)) {
        seen.add(doc);
        var terms = Object.create(null);
        terms[code] = true;
        hits.push([doc, 10000 - i, terms]);
      }
    });
  });
  return hits;
}

function byScore(a, b) {
  return b[1] - a[1] || (a[0].o || 0) - (b[0].o || 0) || (a[0].lo || 0) - (b[0].lo || 0);
}

function search(data, raw) {
  var shared = typeof WAErrors !== "undefined";
  var query = (shared ? WAErrors.normalise(raw) : String(raw)).replace(/[*+~^:]/g, " ").trim();
  var code = shared ? WAErrors.bareCode(query) : /^\d+$/.test(query) ? query : null;
  var hits;
  if (code !== null) {
    hits = searchCode(data, code).sort(byScore);
  } else {
    var named = namedCodes(data, query), seen = new Set(named.map(function (h) { return h[0]; }));
    hits = named.concat(searchWords(data, query).filter(function (h) { return !seen.has(h[0]); }).sort(byScore));
  }
  return {
    items: hits.slice(0, 50).map(function (h) { return item(h[0], h[1], h[2] || Object.create(null), data.badges); })
  };
}

addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === SETUP) {
    postMessage({ type: READY });
    // The first SETUP comes with the page; a later one means the reader opened the search.
    if (++setups > 1) load();
  } else if (message.type === QUERY) {
    if (!String(message.data || "").trim() && !index) {
      postMessage({ type: RESULT, data: { items: [] } });  // the empty box at page load: nothing to fetch yet
      return;
    }
    // `turn`: the home box's number for its query (lookup.js), so that only the latest answer shows.
    load().then(function (data) {
      postMessage({ type: RESULT, data: search(data, message.data), turn: message.turn });
    }, function () {
      postMessage({ type: RESULT, data: { items: [] }, turn: message.turn });
    });
  }
});
