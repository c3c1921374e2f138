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
 *   WAErrors.eachForm(name, f) f(form, strings) for each form[data-err-NAME] of every page, with
 *                              the JSON strings of #err-NAME-strings;
 *   WAErrors.save(blob, name)  save a file made in the browser;
 *   WAErrors.normalise(text)   the text as its reader sees it: fullwidth digits (１３１０４９) read
 *                              as digits, characters nobody sees (zero-width space, joiners, word
 *                              joiner, byte order mark, soft hyphen) dropped, so a code pasted
 *                              with one inside is still that code;
 *   WAErrors.bareCode(text)    the code a short text is on its own ("131049", "#131049",
 *                              "(131049)", " 131 049 "), without leading zeros, or null;
 *   WAErrors.codesIn(text)     the codes a pasted sentence names, in order ("katanya 131049",
 *                              "error 470", "(#131056)", "code=100"); WAErrors.codeIn(text) the
 *                              first or null;
 *   WAErrors.titleKey(text)    a title as every matcher compares it: NFKC, lower case, runs of
 *                              anything but letters and digits as one space (generator/text.py
 *                              title_key, and report-worker.js, do the same);
 *   WAErrors.byTitle(index, t) the entries that have the title t (the page's, the API's or one
 *                              the code had before: `t` and `s` of codes.json), in index order:
 *                              one, several for a title codes share, or none;
 *   WAErrors.table             what the decoder's and the report page's result tables are made
 *                              of: element, fill, retry, codeCell and countRows (below).
 * Only WAErrors.table touches the DOM, when called: the search worker loads this file too. */
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

  // A file made in the browser (a Blob), saved under `name` through a temporary object URL.
  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  // setup(form, strings) once for each form[data-err-NAME] of every page, with the strings of its
  // script element #err-NAME-strings (JSON); a form already set up (instant navigation) is left.
  function eachForm(name, setup) {
    onEveryPage(function () {
      var source = document.getElementById("err-" + name + "-strings");
      var forms = document.querySelectorAll("form[data-err-" + name + "]");
      if (!source || !forms.length) return;
      var strings = JSON.parse(source.textContent);
      for (var i = 0; i < forms.length; i++) {
        if (forms[i].hasAttribute("data-err-" + name + "-ready")) continue;
        forms[i].setAttribute("data-err-" + name + "-ready", "");
        setup(forms[i], strings);
      }
    });
  }

  var INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
  var FULLWIDTH_DIGIT = /[\uFF10-\uFF19]/g;

  function normalise(text) {
    return String(text).replace(INVISIBLE, "").replace(FULLWIDTH_DIGIT, function (d) {
      return String.fromCharCode(d.charCodeAt(0) - 0xFF10 + 48);
    });
  }

  // Not over lines: "131049\n131050" is a list of two codes, not one long one.
  function bareCode(text) {
    var s = String(text);
    if (s.length > 64 || /[\r\n]/.test(s.trim())) return null;
    var digits = normalise(s).replace(/[\s#()]/g, "");
    return /^\d+$/.test(digits) ? digits.replace(/^0+(?=\d)/, "") : null;
  }

  // A number of one or two digits is a code only after a marker ("error 4", "#10"); a longer
  // one is, unless it is a count, a time, money, part of a decimal or a phone number.
  var MARKER = /(?:#|\b(?:error|err|kode|code|galat)\s*[=:]?\s*\(?#?)$/i;
  var UNIT = /^\s*(?:jam|menit|detik|hari|minggu|bulan|tahun|hours?|minutes?|seconds?|days?|weeks?|pesan|messages?|kontak|contacts?|orang|people|users?|kali|times|x|%|kb|mb|gb|ms|rb|ribu|juta|per|sehari|perhari|daily|a\s+day)\b/i;
  var NOT_CODE = /(?:\brp\.?|\bidr|\busd|\$|\bhttp(?:\s*status)?)\s*$/i;  // money, an HTTP status

  function codesIn(text) {
    var s = normalise(String(text).slice(0, 10000)), out = [], rx = /\d+/g, m;
    while ((m = rx.exec(s)) !== null) {
      var digits = m[0], before = s.slice(Math.max(0, m.index - 12), m.index), after = s.slice(rx.lastIndex, rx.lastIndex + 12);
      if (digits.length > 7 || /[\d][.,:\/]$|[a-z]$/i.test(before) || /^[.,:\/]\d|^[a-z]/i.test(after)) continue;
      // "error 131026 Message Undeliverable": a number the sentence calls a code is one, whatever follows.
      var marked = MARKER.test(before);
      if (digits.length < 3 ? !marked : !marked && (UNIT.test(after) || NOT_CODE.test(before))) continue;
      var code = digits.replace(/^0+(?=\d)/, "");
      if (out.indexOf(code) < 0) out.push(code);
    }
    return out;
  }

  function codeIn(text) {
    return codesIn(text)[0] || null;
  }

  function titleKey(text) {
    return String(text).normalize("NFKC").toLowerCase().split(/[^\p{L}\p{N}]+/u).join(" ").trim();
  }

  var titled = new WeakMap();  // entries -> Map of title key -> entries

  function byTitle(entries, text) {
    if (!titled.has(entries)) {
      var map = new Map();
      entries.forEach(function (e) {
        [e.t].concat(e.s || []).forEach(function (title) {
          var key = titleKey(title), list = map.get(key);
          if (!list) map.set(key, list = []);
          if (list.indexOf(e) < 0) list.push(e);
        });
      });
      titled.set(entries, map);
    }
    var key = titleKey(normalise(String(text).slice(0, 1000)));
    return (key && titled.get(entries).get(key)) || [];
  }

  // ---- Result tables: the decoder's and the report page's, made of text only ----

  function element(name, text) {
    var node = document.createElement(name);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // A UI string with its {name}s filled in; a name `values` does not have stays as written.
  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // Whether and when to resend an entry ({r, w} of codes.json), in the page's words.
  function retry(strings, entry) {
    var has = Object.prototype.hasOwnProperty;
    var text = has.call(strings.retry, entry.r) ? strings.retry[entry.r] : "";
    var wait = /^(\d+)([mhd])$/.exec(entry.w || "");
    if (wait) text += (text ? " " : "") + fill(strings.wait, { wait: wait[1] + " " + strings.units[wait[2]] });
    return text;
  }

  // A row's header cell: the code (`key`, as the data wrote it) linked to its entry's page, with
  // the range beside a code inside one; `unknown` (a node) when the catalog has no entry.
  function codeCell(root, key, entry, unknown) {
    var th = element("th");
    th.setAttribute("scope", "row");
    if (!entry) {
      th.appendChild(unknown);
      return th;
    }
    var a = element("a", key);
    a.className = "err-code";
    a.setAttribute("href", new URL("codes/" + entry.c + "/", root).href);
    th.appendChild(a);
    if (key !== entry.c) {
      th.appendChild(document.createTextNode(" "));
      th.appendChild(element("span", "(" + entry.c + ")")).className = "err-decode__range";
    }
    return th;
  }

  // Rows of a count per code ({count} each), most first, ties in the order given: the first
  // `page` made by row(group); the others added up in one last row, whose cells are the texts
  // others(codes, count) gives, the first a header across the code and title columns.
  function countRows(groups, page, row, others) {
    var sorted = groups.slice().sort(function (a, b) { return b.count - a.count; });
    var rows = document.createDocumentFragment();
    sorted.slice(0, page).forEach(function (group) { rows.appendChild(row(group)); });
    if (sorted.length > page) {
      var rest = sorted.slice(page);
      var cells = others(rest.length, rest.reduce(function (sum, g) { return sum + g.count; }, 0));
      var tr = element("tr"), th = element("th", cells[0]);
      th.setAttribute("scope", "row");
      th.colSpan = 2;
      tr.appendChild(th);
      cells.slice(1).forEach(function (text) { tr.appendChild(element("td", text)); });
      rows.appendChild(tr);
    }
    return rows;
  }

  return { index: index, data: data, resolve: resolve, family: family, root: root, onEveryPage: onEveryPage, eachForm: eachForm, save: save,
           normalise: normalise, bareCode: bareCode, codesIn: codesIn, codeIn: codeIn,
           titleKey: titleKey, byTitle: byTitle,
           table: { element: element, fill: fill, retry: retry, codeCell: codeCell, countRows: countRows } };
})();
