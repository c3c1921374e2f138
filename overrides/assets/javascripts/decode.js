/* Webhook decoder on the decode page: paste a webhook body or an API error
 * response (JSON), get one table row per error code in it (title, whether to
 * resend, recipient / message ID, details from the payload). Everything runs
 * in the browser: the pasted text is never sent anywhere; the only request is
 * assets/codes.json, fetched once. Every value from the payload is untrusted
 * and reaches the page only as text (textContent / text nodes), never as HTML.
 * All URLs are relative to the form's action (the language root), so the site
 * works under a sub-path.
 *
 * Hostile pastes stay cheap: text over MAX_CHARS or nested deeper than
 * MAX_DEPTH is refused with a message before the browser parses it; the JSON
 * is checked and walked with explicit stacks, never recursion; a long value is
 * shown shortened, in full only on request; many errors get a count per code
 * and the first PAGE rows, the rest on request.
 *
 * Text that is not JSON but a list of codes (one per line) or a table copied
 * from a CSV file or a spreadsheet gets a row per code found in it, with a
 * hint that it is not JSON and a link to the report page (../report/), which
 * reads whole broadcast reports. Codes are read as the lookup box reads them
 * (WAErrors.bareCode): fullwidth digits as digits, characters nobody sees dropped.
 *
 * An error without a code is known by its message ("(#132000) Number of parameters
 * …" names the code) or else by its title or message, matched to every title an
 * entry has had (WAErrors.byTitle); a title several codes share lists them.
 * The tables are made with WAErrors.table (codes.js), as the report page's are. */
(function () {
  "use strict";

  var element = WAErrors.table.element, fill = WAErrors.table.fill;
  var MAX_CHARS = 5 * 1024 * 1024;  // "5 MB" of text (characters)
  var MAX_DEPTH = 1000;             // real payloads nest about 8 levels
  var SHORT = 200;                  // characters of a long value shown at first
  var PAGE = 50;                    // error rows (and summary rows) shown at once
  var CHUNK = 4096;                 // characters per block of a long value shown in full

  // ---- Reading the payload ------------------------------------------------

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // A member of a parsed object, never one inherited from Object.prototype.
  function own(object, key) {
    return isObject(object) && has(object, key) ? object[key] : undefined;
  }

  // A code as the catalog spells it ("131049"), or null if it is not a code number.
  function codeKey(value) {
    if (typeof value === "number") {
      return isFinite(value) && value >= 0 && Math.floor(value) === value && value < 1e15 ? String(value) : null;
    }
    return typeof value === "string" ? WAErrors.bareCode(value) : null;
  }

  // Any JSON value as one line of plain text (nesting is at most MAX_DEPTH here).
  function plain(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return JSON.stringify(value);
  }

  function firstText(values) {
    for (var i = 0; i < values.length; i++) {
      var text = plain(values[i]).trim();
      if (text) return text;
    }
    return "";
  }

  // What a table row shows of one collected error (made only for rows on screen).
  function describe(found) {
    var error = found.error, status = found.status;
    return {
      code: own(error, "code"),
      details: firstText([own(own(error, "error_data"), "details"), own(error, "details"), own(error, "message"), own(error, "title")]),
      recipient: plain(own(status, "recipient_id")),
      messageId: plain(own(status, "id"))
    };
  }

  // Every error object in document order: objects with a `code` (or, without one, a
  // `title` or `message`) that sit in an array named "errors", and the object under a
  // member named "error". The
  // status of an error is the nearest enclosing object with `status` or
  // `recipient_id`. A collected error is not searched further. The walk keeps
  // its own stack of open containers (with the position reached in each).
  function collect(root) {
    var out = [];
    var stack = [];
    function enter(value, key, status) {
      if (isObject(value) && (has(value, "status") || has(value, "recipient_id"))) status = value;
      stack.push({ value: value, key: key, status: status, names: Array.isArray(value) ? null : Object.keys(value), next: 0 });
    }
    if (root !== null && typeof root === "object") enter(root, null, null);
    while (stack.length) {
      var top = stack[stack.length - 1];
      var isArray = top.names === null;
      if (top.next >= (isArray ? top.value.length : top.names.length)) {
        stack.pop();
        continue;
      }
      var name = isArray ? null : top.names[top.next];
      var child = isArray ? top.value[top.next] : top.value[name];
      top.next++;
      var isError = isObject(child) && (has(child, "code") || has(child, "title") || has(child, "message")) &&
        (isArray ? top.key === "errors" : name === "error");
      if (isError) {
        out.push({ error: child, status: top.status });
      } else if (child !== null && typeof child === "object") {
        enter(child, name, top.status);
      }
    }
    return out;
  }

  // The code a message names the way the Graph API writes it: "(#132000) Number of …".
  function messageCode(error) {
    var match = /^\s*\(#(\d{1,15})\)/.exec(plain(own(error, "message")));
    return match ? match[1].replace(/^0+(?=\d)/, "") : null;
  }

  // What one collected error is: {key, entry, shared}. Its code, else the code its message
  // names, else the entry its title (or message) is a title of; `shared` lists the entries
  // of a title several codes have, none of which is chosen.
  function identify(found, entryOf, index) {
    var error = found.error;
    var coded = has(error, "code") && error.code !== null && error.code !== "";
    var key = coded ? codeKey(error.code) : messageCode(error);
    if (key !== null || coded) return { key: key, entry: key === null ? null : entryOf(key), shared: null };
    var titled = [];
    [own(error, "title"), own(error, "message")].some(function (text) {
      titled = typeof text === "string" ? WAErrors.byTitle(index, text) : [];
      return titled.length > 0;
    });
    if (titled.length === 1) return { key: titled[0].c, entry: titled[0], shared: null };
    return { key: null, entry: null, shared: titled.length ? titled : null };
  }

  // ---- A list of codes, or a CSV table ----------------------------------------

  var SEPARATORS = ["\t", ";", ","];
  var CODE_HEADER = /code|kode|^errors?$/i;    // "code", "error_code", "Error Code", "Kode error", "error"
  var HEADER_CELL = /^[\p{L}\s_.()#-]+$/u;    // a column name: words, no digits or marks of data

  function count(line, sep) {
    return line.split(sep).length - 1;
  }

  // One line's cells, each trimmed and without the quotes around it.
  function cells(line, sep) {
    return (sep ? line.split(sep) : [line]).map(function (cell) {
      return cell.trim().replace(/^"([\s\S]*)"$/, "$1").trim();
    });
  }

  // The codes in `text` read as a list or a table, or null if it does not look like one.
  // The separator is the one the first line uses most (tab, semicolon, comma), if any.
  // Which cells count: with a header row naming a code column, that column's; in a list
  // (one code per line, or codes on one line), every code; in another table (two or more
  // lines with separators), only cells of three digits or more that the catalog knows
  // (`onlyKnown`: checked once the index is loaded), so that phone numbers, counts and
  // timestamps do not become rows; a header row naming the column avoids the guess.
  // Text that starts like JSON is left to the JSON messages.
  function listOf(text) {
    if (/^\s*[\[{]/.test(text)) return null;
    var lines = text.split(/\r\n|\r|\n/).filter(function (line) { return /\S/.test(line); });
    var sep = null, most = 0;
    SEPARATORS.forEach(function (candidate) {
      var n = count(lines[0], candidate);
      if (n > most) { most = n; sep = candidate; }
    });
    if (lines.length < 2 && sep === null) return null;
    var first = cells(lines[0], sep);
    var columns = [];
    if (first.every(function (cell) { return WAErrors.bareCode(cell) === null && (cell === "" || HEADER_CELL.test(cell)); })) {
      first.forEach(function (cell, i) { if (CODE_HEADER.test(cell)) columns.push(i); });
    }
    var codes = [];
    var rows = columns.length ? lines.slice(1) : lines;
    rows.forEach(function (line) {
      var row = cells(line, sep);
      (columns.length ? columns.map(function (i) { return row[i] || ""; }) : row).forEach(function (cell) {
        var code = WAErrors.bareCode(cell);
        if (code !== null) codes.push(code);
      });
    });
    var table = sep !== null && lines.length >= 2;
    if (!codes.length && !table) return null;
    var onlyKnown = table && !columns.length;
    return { codes: onlyKnown ? codes.filter(function (code) { return code.length >= 3; }) : codes, onlyKnown: onlyKnown };
  }

  var BLANK = /[ \t\n\r]*/y;
  var PLAIN_CHARS = /[^"\\\u0000-\u001f]*/y;  // the part of a string that needs no check

  function isDigit(c) {
    return c >= "0" && c <= "9";
  }

  // Reads `text` by JSON's grammar with an explicit stack of open containers, so
  // that the place and the reason of a fault are known in every browser and the
  // browser's parser never meets nesting deeper than MAX_DEPTH. Returns null for
  // valid JSON, else {at, reason}: "end" (the text stops too early), "char" (an
  // unexpected character at `at`), "after" (more text after the value) or "deep".
  function syntaxFault(text) {
    var n = text.length, i = 0, open = [];
    var expect = "value";  // value | first-value | key | first-key | after

    function blank() {
      BLANK.lastIndex = i;
      BLANK.test(text);
      i = BLANK.lastIndex;
    }
    function fault(reason) {
      return { at: i, reason: i >= n ? "end" : reason };
    }
    // Moves i past the string starting at i; false at a fault (i is its place).
    function string() {
      i++;
      for (;;) {
        PLAIN_CHARS.lastIndex = i;
        PLAIN_CHARS.test(text);
        i = PLAIN_CHARS.lastIndex;
        var c = text[i];
        if (c === '"') { i++; return true; }
        if (c !== "\\") return false;  // the end, or a control character
        i++;
        if (text[i] === "u") {
          for (var k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] || "")) { i += k; return false; }
          }
          i += 5;
        } else if (i < n && '"\\/bfnrt'.indexOf(text[i]) >= 0) {
          i++;
        } else {
          return false;
        }
      }
    }
    function digits() {
      if (!isDigit(text[i])) return false;
      while (isDigit(text[i])) i++;
      return true;
    }
    function number() {
      if (text[i] === "-") i++;
      if (text[i] === "0") i++;
      else if (!digits()) return false;
      if (text[i] === "." && (i++, !digits())) return false;
      if (text[i] === "e" || text[i] === "E") {
        i++;
        if (text[i] === "+" || text[i] === "-") i++;
        if (!digits()) return false;
      }
      return true;
    }
    function literal() {
      var word = text[i] === "t" ? "true" : text[i] === "f" ? "false" : "null";
      for (var k = 0; k < word.length; k++, i++) {
        if (text[i] !== word[k]) return false;
      }
      return true;
    }

    for (;;) {
      blank();
      var c = text[i];
      if (expect === "after") {
        if (!open.length) return i < n ? fault("after") : null;
        var top = open[open.length - 1];
        if (c === ",") {
          i++;
          expect = top === "{" ? "key" : "value";
        } else if (c === (top === "{" ? "}" : "]")) {
          i++;
          open.pop();
        } else {
          return fault("char");
        }
      } else if (expect === "key" || expect === "first-key") {
        if (c === "}" && expect === "first-key") {
          i++;
          open.pop();
          expect = "after";
        } else if (c === '"') {
          if (!string()) return fault("char");
          blank();
          if (text[i] !== ":") return fault("char");
          i++;
          expect = "value";
        } else {
          return fault("char");
        }
      } else if (c === "]" && expect === "first-value") {
        i++;
        open.pop();
        expect = "after";
      } else if (c === "{" || c === "[") {
        if (open.length >= MAX_DEPTH) return { at: i, reason: "deep" };
        open.push(c);
        i++;
        expect = c === "{" ? "first-key" : "first-value";
      } else {
        var ok = c === '"' ? string()
          : c === "-" || isDigit(c) ? number()
          : c === "t" || c === "f" || c === "n" ? literal()
          : false;
        if (!ok) return fault("char");
        expect = "after";
      }
    }
  }

  // 1-based line and column of position `at`.
  function placeOf(text, at) {
    var line = 1, start = 0, next;
    while ((next = text.indexOf("\n", start)) !== -1 && next < at) {
      line++;
      start = next + 1;
    }
    return { line: line, column: at - start + 1 };
  }

  // The pasted text read as errors: {empty}, {tooLong}, {tooDeep},
  // {invalid, place, reason, char} or {errors} (each {error, status}).
  function read(text) {
    if (!/\S/.test(text)) return { empty: true };
    if (text.length > MAX_CHARS) return { tooLong: true, size: text.length };
    var bare = WAErrors.bareCode(text);
    if (bare !== null) return { errors: [{ error: { code: bare }, status: null }] };
    var fault = syntaxFault(text);
    if (fault && fault.reason === "deep") return { tooDeep: true };
    if (fault) {
      var list = listOf(text);
      if (list) return { list: list };
      return { invalid: true, place: placeOf(text, fault.at), reason: fault.reason, char: text.codePointAt(fault.at) };
    }
    var parsed;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      // Only if this browser's parser disagrees with syntaxFault, or runs out of room.
      return e instanceof RangeError ? { tooDeep: true } : { invalid: true, place: null };
    }
    if (typeof parsed === "number" || codeKey(parsed) !== null) {
      return { errors: [{ error: { code: parsed }, status: null }] };
    }
    return { errors: collect(parsed) };
  }

  // ---- Messages ---------------------------------------------------------------

  // A character named in a message: itself in quotes if it can be seen, else U+XXXX.
  function charName(code) {
    var c = String.fromCodePoint(code);
    if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c)) return "“" + c + "”";
    return "U+" + code.toString(16).toUpperCase().padStart(4, "0");
  }

  function invalidText(strings, result) {
    if (!result.place) return fill(strings.invalid_nowhere, { detail: strings.syntax_unknown });
    var detail = result.reason === "end" ? strings.syntax_end
      : result.reason === "after" ? strings.syntax_after
      : fill(strings.syntax_char, { char: charName(result.char) });
    return fill(strings.invalid, { line: result.place.line, column: result.place.column, detail: detail });
  }

  // ---- Building the tables (text only) ---------------------------------------

  // `text` in a `tag` element; a long one shortened, with the whole value in a
  // <details> whose scrollable box is filled only when it is opened. The box
  // holds blocks that the browser lays out only when they scroll into view:
  // laying out a megabyte of unbroken text at once takes it seconds to minutes.
  function shown(text, tag, strings, number) {
    var node = element(tag, text.length > SHORT ? "" : text);
    if (text.length <= SHORT) return node;
    var end = /[\ud800-\udbff]/.test(text[SHORT - 1]) ? SHORT - 1 : SHORT;
    node.textContent = text.slice(0, end) + "…";
    var wrap = element("span");
    wrap.appendChild(node);
    var more = element("details");
    more.className = "err-decode__full";
    more.appendChild(element("summary", fill(strings.show_all, { count: number(text.length) })));
    more.addEventListener("toggle", function () {
      if (!more.open || more.querySelector(".err-decode__value")) return;
      var box = element("div");
      box.className = "err-decode__value";
      box.tabIndex = 0;
      for (var i = 0; i < text.length; i += CHUNK) box.appendChild(element("div", text.slice(i, i + CHUNK)));
      more.appendChild(box);
    });
    wrap.appendChild(more);
    return wrap;
  }

  // A code as the payload wrote it, linked to its page; a value that is no known code, shown as
  // text; for an error known only by a title several codes share, each of their codes, linked.
  function codeCell(code, entry, key, root, strings, number, shared) {
    var unknown = null;
    if (shared) {
      unknown = element("span");
      shared.forEach(function (e, i) {
        if (i) unknown.appendChild(document.createTextNode(", "));
        var a = unknown.appendChild(element("a", e.c));
        a.className = "err-code";
        a.setAttribute("href", new URL("codes/" + e.c + "/", root).href);
      });
    } else if (!entry) {
      unknown = shown(code === undefined ? "" : plain(code).trim() || JSON.stringify(code) || "", "code", strings, number);
    }
    return WAErrors.table.codeCell(root, key, entry, unknown);
  }

  function whereCell(error, strings, number) {
    var td = element("td");
    [[strings.recipient, error.recipient], [strings.message_id, error.messageId]].forEach(function (pair) {
      if (!pair[1]) return;
      var line = element("div");
      line.appendChild(document.createTextNode(pair[0] + ": "));
      line.appendChild(shown(pair[1], "code", strings, number));
      td.appendChild(line);
    });
    return td;
  }

  // ---- Wiring the form ------------------------------------------------------

  function setup(form, strings) {
    var input = form.querySelector("textarea");
    var message = form.querySelector("[data-err-decode-message]");
    var summary = form.querySelector("table[data-err-decode-summary]");
    var table = form.querySelector("table[data-err-decode-results]");
    var tbody = table.querySelector("tbody");
    var moreBar = form.querySelector("[data-err-decode-more]");
    var moreNote = moreBar.querySelector("[data-err-decode-shown]");
    var moreButton = moreBar.querySelector("button");
    var root = WAErrors.root(form);
    var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
    var number = format.format.bind(format);
    var latest = 0;
    var pending = null;  // {errors, shown, idOf, looked} of the last result, for "show more"

    function clear(text) {
      message.textContent = text;
      summary.querySelector("tbody").textContent = "";
      tbody.textContent = "";
      summary.hidden = table.hidden = moreBar.hidden = true;
      pending = null;
    }

    // What the helpdesk writes to the business and what the business may send its customer,
    // folded under the title, each with its own copy button (the theme copies data-clipboard-text).
    function replies(entry, texts) {
      var reply = texts && texts[entry.c];
      if (!reply) return null;
      var more = element("details");
      more.className = "err-decode__replies";
      more.appendChild(element("summary", strings.replies));
      [[strings.ticket_reply, reply.r, strings.copy_ticket_reply],
       [strings.customer_message, reply.m, strings.copy_customer_message]].forEach(function (part) {
        more.appendChild(element("p", part[0])).className = "err-decode__reply-label";
        if (part[1] === null) {
          more.appendChild(element("p", own(strings.no_customer_message, reply.n) || ""));
          return;
        }
        // A customer message WhatsApp cannot carry says how to send it instead.
        if (part[1] === reply.m && reply.ch === "other") {
          more.appendChild(element("p", strings.customer_channel_other)).className = "err-decode__channel";
        }
        more.appendChild(element("blockquote", part[1]));
        // A place the business fills in (what its message was about) is in square brackets.
        if (part[1] === reply.m && /\[[^\[\]]+\]/.test(reply.m)) {
          more.appendChild(element("p", strings.slot_hint)).className = "err-slot-hint";
        }
        var copy = element("button", part[2]);
        copy.type = "button";
        copy.className = "md-button";
        copy.setAttribute("data-clipboard-text", part[1]);
        more.appendChild(copy);
      });
      return more;
    }

    function titleCell(entry, key, looked, shared) {
      var td = element("td");
      if (shared) {
        td.appendChild(document.createTextNode(strings.title_shared + " "));
        td.appendChild(document.createTextNode(shared.map(function (e) { return e.c + " (" + e.t + ")"; }).join(", ")));
        return td;
      }
      if (entry) {
        td.appendChild(document.createTextNode(entry.t));
        var more = replies(entry, looked.replies);
        if (more) td.appendChild(more);
        return td;
      }
      td.appendChild(document.createTextNode(strings.unknown));
      var family = key !== null && /^\d+$/.test(key) && looked.families ? WAErrors.family(looked.families, key) : null;
      if (family) {
        // Not documented here, but inside a block Meta documents as one feature: point to its category.
        var note = element("div", fill(strings.family_note, { family: family.n }) + " ");
        note.className = "err-decode__family";
        var a = element("a", family.kn);
        a.setAttribute("href", new URL(family.k + "/", root).href);
        note.appendChild(a);
        td.appendChild(note);
      }
      return td;
    }

    function row(found, idOf) {
      var error = describe(found);
      var id = idOf(found), key = id.key, entry = id.entry;
      var tr = element("tr");
      tr.appendChild(codeCell(error.code, entry, key, root, strings, number, id.shared));
      tr.appendChild(titleCell(entry, key, pending.looked, id.shared));
      tr.appendChild(element("td", entry ? WAErrors.table.retry(strings, entry) : ""));
      tr.appendChild(whereCell(error, strings, number));
      var details = element("td");
      if (error.details) details.appendChild(shown(error.details, "span", strings, number));
      tr.appendChild(details);
      return tr;
    }

    // Count per code, most frequent first (ties in order of appearance); at most
    // PAGE rows, the rest added up in one last row.
    function fillSummary(errors, idOf) {
      var groups = new Map();
      errors.forEach(function (found) {
        var code = own(found.error, "code");
        var id = idOf(found), key = id.key;
        var group = key !== null ? "#" + key
          : id.shared ? "=" + id.shared.map(function (e) { return e.c; }).join(",") : "?" + plain(code);
        var held = groups.get(group);
        if (held) held.count++;
        else groups.set(group, { code: code, key: key, entry: id.entry, shared: id.shared, count: 1 });
      });
      summary.querySelector("tbody").appendChild(WAErrors.table.countRows(Array.from(groups.values()), PAGE, function (group) {
        var entry = group.entry;
        var tr = element("tr");
        tr.appendChild(codeCell(group.code, entry, group.key, root, strings, number, group.shared));
        tr.appendChild(element("td", entry ? entry.t : group.shared ? strings.title_shared : strings.unknown));
        tr.appendChild(element("td", number(group.count)));
        return tr;
      }, function (codes, count) {
        return [fill(strings.summary_other, { codes: number(codes) }), number(count)];
      }));
      summary.hidden = false;
    }

    function showMore() {
      if (!pending) return;
      var next = pending.errors.slice(pending.shown, pending.shown + PAGE);
      var rows = document.createDocumentFragment();
      next.forEach(function (found) { rows.appendChild(row(found, pending.idOf)); });
      tbody.appendChild(rows);
      pending.shown += next.length;
      var left = pending.errors.length - pending.shown;
      moreBar.hidden = left <= 0;
      moreNote.textContent = fill(strings.shown, { shown: number(pending.shown), count: number(pending.errors.length) });
      moreButton.textContent = fill(strings.more, { count: number(Math.min(PAGE, left)) });
    }

    // The message for a list or table: what was found, and where whole reports are read.
    function listMessage(text) {
      message.textContent = text + " " + strings.list_hint.report + " ";
      var a = element("a", strings.report_title);
      a.setAttribute("href", new URL("report/", root).href);
      a.setAttribute("data-err-decode-report", "");
      message.appendChild(a);
    }

    function showList(list, index, looked) {
      var errors = [];
      list.codes.forEach(function (key) {
        if (!list.onlyKnown || WAErrors.resolve(index, key)) errors.push({ error: { code: key }, status: null });
      });
      if (!errors.length) {
        clear("");
        return listMessage(strings.list_hint.none);
      }
      show(errors, index, looked);
      listMessage(fill(strings.list_hint.found, { count: number(errors.length) }));
    }

    function show(errors, index, looked) {
      var entries = new Map();
      function entryOf(key) {
        if (!entries.has(key)) entries.set(key, WAErrors.resolve(index, key));
        return entries.get(key);
      }
      var ids = new Map();
      function idOf(found) {
        if (!ids.has(found)) ids.set(found, identify(found, entryOf, index));
        return ids.get(found);
      }
      clear(fill(strings.found, { count: number(errors.length) }));
      if (errors.length > PAGE) fillSummary(errors, idOf);
      pending = { errors: errors, shown: 0, idOf: idOf, looked: looked };
      table.hidden = false;
      showMore();
    }

    function decode() {
      var turn = ++latest;
      var result = read(input.value);
      if (result.empty) return clear(strings.empty);
      if (result.tooLong) {
        return clear(fill(strings.too_long, {
          size: new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 1 }).format(result.size / 1048576),
          limit: number(MAX_CHARS / 1048576)
        }));
      }
      if (result.tooDeep) return clear(fill(strings.too_deep, { limit: number(MAX_DEPTH) }));
      if (result.invalid) return clear(invalidText(strings, result));
      if (result.errors && !result.errors.length) return clear(strings.none);
      // Replies and families are extras: without them the table still shows every code.
      function optional(attribute) {
        return WAErrors.data(form, attribute).then(null, function () { return null; });
      }
      Promise.all([WAErrors.index(form), optional("data-replies"), optional("data-families")]).then(function (loaded) {
        if (turn !== latest) return;
        var looked = { replies: loaded[1], families: loaded[2] };
        if (result.list) showList(result.list, loaded[0], looked);
        else show(result.errors, loaded[0], looked);
      }, function (e) {
        if (turn !== latest) return;
        clear(strings.load_failed || String(e && e.message ? e.message : e));
      });
    }

    moreButton.addEventListener("click", showMore);
    input.addEventListener("focus", function () { WAErrors.index(form); }, { once: true });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      decode();
    });
    input.addEventListener("keydown", function (event) {
      // Enter alone keeps making new lines; Ctrl+Enter / Cmd+Enter decodes.
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        decode();
      }
    });
    input.addEventListener("paste", function () {
      // The pasted text is in the textarea only after this event.
      setTimeout(decode, 0);
    });
  }

  WAErrors.eachForm("decode", setup);
})();
