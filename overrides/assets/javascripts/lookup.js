/* Code lookup box on the home page and the not-found page: type or paste a code,
 * or an error title as the API sends it (or one the code had before), press
 * Enter, land on that code's page; a title several codes share lists them. Uses
 * assets/codes.json only, so it never depends on full-text search. All URLs are
 * relative to the page.
 * On the not-found page ([data-err-lookup-from-url]) it takes the code out of
 * the address that was not found and offers that code or the nearest ones. */
(function () {
  "use strict";

  /* At most one typo apart: one digit more, less, changed, or two neighbours swapped. */
  function oneTypo(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return a === b;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) || a.slice(i) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }

  /* Codes one typo away first (a ticket's code was mistyped), then the numerically closest. */
  function nearest(index, code, count) {
    var n = Number(code);
    return index
      .map(function (e) {
        return { e: e, typo: oneTypo(code, e.c) ? 0 : 1, d: n < e.lo ? e.lo - n : n > e.hi ? n - e.hi : 0 };
      })
      .sort(function (a, b) { return a.typo - b.typo || a.d - b.d || a.e.lo - b.e.lo; })
      .slice(0, count)
      .map(function (x) { return x.e; });
  }

  function setup(form) {
    var input = form.querySelector("input");
    var message = form.querySelector("[data-err-lookup-message]");
    var root = WAErrors.root(form);


    function say(parts) {
      message.textContent = "";
      parts.forEach(function (part) { message.appendChild(part); });
    }

    function text(s) { return document.createTextNode(s); }

    function link(entry) {
      var a = document.createElement("a");
      a.href = new URL("codes/" + entry.c + "/", root).href;
      a.textContent = entry.c;
      a.title = entry.t;
      return a;
    }

    // Blocks of codes Meta documents as one feature; optional (the nearest codes still help without).
    function families() {
      return form.hasAttribute("data-families")
        ? WAErrors.data(form, "data-families").then(null, function () { return []; })
        : Promise.resolve([]);
    }

    function suggest(index, code, blocks) {
      var entry = WAErrors.resolve(index, code);
      if (entry) {
        say([text(message.getAttribute("data-found") + " "), link(entry), text(" (" + entry.t + ")")]);
        return;
      }
      var parts = [text(message.getAttribute("data-unknown").replace("{code}", code) + " ")];
      var family = blocks && WAErrors.family(blocks, code);
      if (family) {
        // Not documented here, but inside a block Meta documents as one feature: name it, link its category.
        parts.push(text(message.getAttribute("data-family").replace("{family}", family.n) + " "));
        var category = document.createElement("a");
        category.href = new URL(family.k + "/", root).href;
        category.textContent = family.kn;
        parts.push(category, text(". "));
      }
      parts.push(text(message.getAttribute("data-nearest") + " "));
      nearest(index, code, 5).forEach(function (e, i) {
        if (i) parts.push(text(", "));
        parts.push(link(e));
        parts.push(text(" (" + e.t + ")"));
      });
      say(parts);
    }

    input.addEventListener("focus", function () { WAErrors.index(form); }, { once: true });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      // A bare code, or the codes a pasted sentence names ("broadcast gagal, katanya 131049"),
      // read through fullwidth digits and characters nobody sees (WAErrors.normalise).
      // A title comes before the codes a sentence names: a title may hold a number ("cURL error 28").
      var bare = WAErrors.bareCode(input.value);
      var codes = bare !== null ? [bare] : WAErrors.codesIn(String(input.value).slice(0, 10000));
      var title = bare === null && /[^\d\s#()]/.test(input.value) ? String(input.value) : null;
      if (!codes.length && title === null) {
        say([text(message.getAttribute("data-invalid"))]);
        return;
      }
      Promise.all([WAErrors.index(form), families()]).then(function (loaded) {
        var index = loaded[0];
        var titled = title === null ? [] : WAErrors.byTitle(index, title);
        if (titled.length === 1) {
          window.location.href = new URL("codes/" + titled[0].c + "/", root).href;
          return;
        }
        if (titled.length > 1) {
          var parts = [text(message.getAttribute("data-shared") + " ")];
          titled.forEach(function (e, i) {
            if (i) parts.push(text(", "));
            parts.push(link(e));
            parts.push(text(" (" + e.t + ")"));
          });
          say(parts);
          return;
        }
        if (!codes.length) {
          say([text(message.getAttribute("data-invalid"))]);
          return;
        }
        for (var i = 0; i < codes.length; i++) {
          var entry = WAErrors.resolve(index, codes[i]);
          if (entry) {
            window.location.href = new URL("codes/" + entry.c + "/", root).href;
            return;
          }
        }
        suggest(index, codes[0], loaded[1]);
      });
    });

    var missing = form.hasAttribute("data-err-lookup-from-url") && missingAddress();
    if (missing) {
      showMissing(missing);
      var found = codeIn(missing);
      if (found) {
        input.value = found;
        Promise.all([WAErrors.index(form), families()]).then(function (loaded) {
          suggest(loaded[0], WAErrors.bareCode(found), loaded[1]);
        });
      }
    }
  }

  /* Codes have at most 7 digits (the catalog's longest); a mistyped one may have a digit more,
   * and one more digit of slack makes 9: a longer run of digits is not a code. */
  var CODE_DIGITS = 9;
  /* The code is in the last segments of an address; reading only its last 1,000 characters
   * bounds the work whatever the address (a ticket's address is a few dozen characters). */
  var READ_CHARS = 1000;

  /* The code in a missing address ("path?query", percent-encoded): the last one in its
   * path, else in its query. */
  function codeIn(address) {
    var query = address.indexOf("?");
    var path = query < 0 ? address : address.slice(0, query);
    return lastCode(readable(path)) || (query < 0 ? null : lastCode(readable(address.slice(query + 1))));
  }

  /* Decoded segment by segment (digits read from "%E2%80%8B" or "%20" would be codes 80 and
   * 20); a malformed escape becomes U+FFFD, never digits. Read as the lookup box reads what
   * is typed (WAErrors.normalise): characters the reader never sees dropped, fullwidth digits
   * as digits, so a code pasted with one inside is still that code. */
  function readable(encoded) {
    return WAErrors.normalise(encoded.split("/").map(function (segment) {
      try {
        return decodeURIComponent(segment);
      } catch (e) {
        return segment.replace(/%[0-9a-f]{2}/gi, function (escape) {
          try { return decodeURIComponent(escape); } catch (e2) { return "\uFFFD"; }
        });
      }
    }).join("/"));
  }

  /* The last run of 2 to CODE_DIGITS digits among the last READ_CHARS characters, found in one
   * backward scan (a regular expression looking ahead for "no later number" backtracks for
   * seconds over long runs of digits). Anything else, spaces included, separates numbers. */
  function lastCode(text) {
    var stop = Math.max(0, text.length - READ_CHARS);
    var end = -1;  // just after the run of digits being read; -1 between runs
    // One character before the window is looked at, so that a run it cuts is not taken for a code.
    for (var i = text.length - 1; i >= stop - 1; i--) {
      var c = i < 0 ? 0 : text.charCodeAt(i);
      var digit = c >= 48 && c <= 57;
      if (digit && end < 0) end = i + 1;
      if (!digit && end >= 0) {
        if (end - i - 1 >= 2 && end - i - 1 <= CODE_DIGITS) return text.slice(i + 1, end);
        end = -1;
      }
    }
    return null;
  }

  /* The address that was not found: the page's own, or ?from= when another
   * language's not-found page sent the reader here (it is only ever shown as text
   * and read for a code). */
  function missingAddress() {
    var from = new URLSearchParams(location.search).get("from");
    if (from !== null) return from;
    // Opened as itself (not served in place of a missing page): nothing is missing. The
    // page's base is {root}{lang}/404/ wherever it was served.
    var itself = ["./", "../404.html", "../../404.html"].map(function (name) {
      return new URL(name, document.baseURI).pathname;
    });
    return itself.indexOf(location.pathname) >= 0 ? null : location.pathname + location.search;
  }

  function showMissing(missing) {
    var box = document.querySelector("[data-err-missing]");
    if (!box) return;
    var shown = missing;
    try { shown = decodeURI(missing); } catch (e) { /* keep it encoded */ }
    box.querySelector("[data-err-missing-path]").textContent = shown;
    box.hidden = false;
  }

  function init() {
    var forms = document.querySelectorAll("form[data-err-lookup]");
    for (var i = 0; i < forms.length; i++) setup(forms[i]);
  }

  WAErrors.onEveryPage(init);
})();
