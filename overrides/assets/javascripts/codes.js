/* What the site's scripts share (loaded before lookup.js, decode.js and ticket.js):
 *   WAErrors.index(form)       the language's lookup index (assets/codes.json), fetched once;
 *                              `form` carries the language root in its action attribute and
 *                              the index path in data-index, both relative, so the site works
 *                              under any sub-path;
 *   WAErrors.data(form, attr)  any other JSON file the form names in an attribute (data-replies,
 *                              data-families), fetched once, the same way;
 *   WAErrors.root(form)        that language root as a URL;
 *   WAErrors.family(fams, c)   the family (block of codes Meta documents as one feature) of a
 *                              code that has no entry, or null;
 *   WAErrors.resolve(index, c) the entry of a code: exact, or the range that contains it;
 *   WAErrors.onEveryPage(fn)   run fn on every page (also after the theme's instant navigation);
 *   WAErrors.codesIn(text)     the codes a pasted sentence names, in order ("katanya 131049",
 *                              "error 470", "(#131056)", "code=100"); WAErrors.codeIn(text) the
 *                              first or null. No DOM: the search worker loads this file too. */
var WAErrors = (function () {
  "use strict";

  var loads = new Map();    // index URL -> promise of its entries
  var exact = new WeakMap();  // entries -> Map of code -> entry

  function root(form) {
    return new URL(form.getAttribute("action") || "./", document.baseURI);
  }

  function index(form) {
    return data(form, "data-index");
  }

  function data(form, attribute) {
    var url = new URL(form.getAttribute(attribute), root(form)).href;
    if (!loads.has(url)) {
      var load = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + url);
        return r.json();
      });
      load.catch(function () { loads.delete(url); });  // a later attempt may succeed
      loads.set(url, load);
    }
    return loads.get(url);
  }

  function resolve(entries, code) {
    if (!exact.has(entries)) {
      var byCode = new Map();
      entries.forEach(function (e) { if (!byCode.has(e.c)) byCode.set(e.c, e); });
      exact.set(entries, byCode);
    }
    var entry = exact.get(entries).get(code);
    if (entry) return entry;
    var n = Number(code);
    for (var j = 0; j < entries.length; j++) {
      if (entries[j].lo <= n && n <= entries[j].hi) return entries[j];
    }
    return null;
  }

  function family(families, code) {
    var n = Number(code);
    for (var i = 0; i < families.length; i++) {
      if (families[i].lo <= n && n <= families[i].hi) return families[i];
    }
    return null;
  }

  function onEveryPage(init) {
    if (window.document$ && window.document$.subscribe) {
      window.document$.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }

  // A number of one or two digits is a code only after a marker ("error 4", "#10"); a longer
  // one is, unless it is a count, a time, money, part of a decimal or a phone number.
  var MARKER = /(?:#|\b(?:error|err|kode|code|galat)\s*[=:]?\s*\(?#?)$/i;
  var UNIT = /^\s*(?:jam|menit|detik|hari|minggu|bulan|tahun|hours?|minutes?|seconds?|days?|weeks?|pesan|messages?|kontak|contacts?|orang|people|users?|kali|times|x|%|kb|mb|gb|ms|rb|ribu|juta)\b/i;
  var NOT_CODE = /(?:\brp\.?|\bidr|\busd|\$|\bhttp(?:\s*status)?)\s*$/i;  // money, an HTTP status

  function codesIn(text) {
    var s = String(text).slice(0, 10000), out = [], rx = /\d+/g, m;
    while ((m = rx.exec(s)) !== null) {
      var digits = m[0], before = s.slice(Math.max(0, m.index - 12), m.index), after = s.slice(rx.lastIndex, rx.lastIndex + 12);
      if (digits.length > 7 || /[\d][.,:\/]$|[a-z]$/i.test(before) || /^[.,:\/]\d|^[a-z]/i.test(after)) continue;
      if (digits.length < 3 ? !MARKER.test(before) : UNIT.test(after) || NOT_CODE.test(before)) continue;
      var code = digits.replace(/^0+(?=\d)/, "");
      if (out.indexOf(code) < 0) out.push(code);
    }
    return out;
  }

  function codeIn(text) {
    return codesIn(text)[0] || null;
  }

  return { index: index, data: data, resolve: resolve, family: family, root: root, onEveryPage: onEveryPage,
           codesIn: codesIn, codeIn: codeIn };
})();
