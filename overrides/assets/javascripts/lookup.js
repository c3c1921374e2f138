/* The box on the home page and the not-found page: one box for codes and words.
 * A code, a pasted sentence that names one, or an error title as the API sends it (or one
 * the code had before) opens that code's page; a title several codes share lists them.
 * Anything else is words ("centang satu", "template ditolak"): the results of the site's
 * search (search-worker.js, the same ranking as the header's search, problems without a
 * code among them) are listed under the box. Codes come from assets/codes.json, so
 * looking up a code never depends on full-text search. All URLs are relative to the page.
 * An unknown code is named with its family where Meta documents one, with the codes one
 * typo away, and with what to do next: paste the whole error into the decoder, or ask the
 * helpdesk.
 * On the not-found page ([data-err-lookup-from-url]) it takes the code out of
 * the address that was not found and offers that code or what to do next. */
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

  /* Codes one typo away (a ticket's code was mistyped), at most `count`. */
  function typos(index, code, count) {
    return index.filter(function (e) { return oneTypo(code, e.c); }).slice(0, count);
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
      var close = typos(index, code, 5);
      if (close.length) {
        parts.push(text(message.getAttribute("data-nearest") + " "));
        close.forEach(function (e, i) {
          if (i) parts.push(text(", "));
          parts.push(link(e));
          parts.push(text(" (" + e.t + ")"));
        });
        parts.push(text(". "));
      }
      say(parts.concat(nextSteps()));
    }

    /* What to do next when nothing here fits: the whole error in the decoder (it may hold
     * another code or the title), or the helpdesk. */
    function nextSteps() {
      var decode = document.createElement("a");
      decode.href = new URL("decode/", root).href;
      decode.textContent = message.getAttribute("data-decode");
      var help = document.createElement("a");
      help.href = message.getAttribute("data-help-url");
      help.rel = "noopener";
      help.textContent = message.getAttribute("data-help");
      return [text(message.getAttribute("data-next") + " "), decode, text(" " + message.getAttribute("data-or") + " "), help, text(".")];
    }

    /* The site's search, in a worker of its own (the header's search runs in the theme's):
     * the same index, the same ranking. Started on the first search. */
    var worker = null, asked = 0;
    function search(query) {
      if (!worker) {
        try {
          worker = new Worker(new URL("assets/javascripts/search-worker.js", root).href);
        } catch (e) {
          say([text(message.getAttribute("data-no-results"))]);
          return;
        }
        worker.postMessage({ type: 0 });
        worker.postMessage({ type: 0 });  // a second SETUP: the reader searches, so fetch the index now
        worker.addEventListener("message", function (ev) {
          if (ev.data.type === 3 && ev.data.turn === asked) show(ev.data.data.items);
        });
      }
      say([text(message.getAttribute("data-searching"))]);
      worker.postMessage({ type: 2, data: query.slice(0, 1000), turn: ++asked });
    }

    /* The first results as links, each with its badge (origin, or "problem"), built as text. */
    function show(items) {
      if (!items.length) {
        say([text(message.getAttribute("data-no-results") + " ")].concat(nextSteps()));
        return;
      }
      var list = document.createElement("ol");
      list.className = "err-lookup__results";
      items.slice(0, 8).forEach(function (result) {
        var found = result[0].found;
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = new URL(found.u, root).href;
        if (found.badge) {
          var badge = document.createElement("span");
          badge.className = "err-badge err-badge--" + found.kind;
          badge.textContent = found.badge;
          a.appendChild(badge);
          a.appendChild(text(" "));
        }
        a.appendChild(text(found.title));
        li.appendChild(a);
        if (found.text) {
          var p = document.createElement("span");
          p.className = "err-lookup__result-text";
          p.textContent = found.text;
          li.appendChild(p);
        }
        list.appendChild(li);
      });
      say([text(message.getAttribute("data-results")), list]);
      // On a phone the list starts near the bottom of the screen: bring it into view.
      // (Below the theme's sticky header, which covers the top 3.5rem or so.)
      var top = message.getBoundingClientRect().top;
      if (top > window.innerHeight * 0.6) window.scrollBy(0, top - 64);
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
      // No code in it: an API title opens its page, anything else is searched.
      var words = !codes.length;
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
        if (words) {
          search(title);
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
