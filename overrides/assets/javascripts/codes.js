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
 *   WAErrors.onEveryPage(fn)   run fn on every page (also after the theme's instant navigation). */
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

  return { index: index, data: data, resolve: resolve, family: family, root: root, onEveryPage: onEveryPage };
})();
