/* Webhook decoder on the decode page: paste a webhook body or an API error
 * response (JSON), get one table row per error code in it (title, whether to
 * resend, recipient / message ID, details from the payload). Everything runs
 * in the browser: the pasted text is never sent anywhere; the only request is
 * assets/codes.json, fetched once. Every value from the payload is untrusted
 * and reaches the page only as text (textContent / text nodes), never as HTML.
 * All URLs are relative to the form's action (the language root), so the site
 * works under a sub-path. */
(function () {
  "use strict";

  // ---- Reading the payload ------------------------------------------------

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // A code as the catalog spells it ("131049"), or null if it is not a code number.
  function codeKey(value) {
    if (typeof value === "number") {
      return isFinite(value) && value >= 0 && Math.floor(value) === value && value < 1e15 ? String(value) : null;
    }
    if (typeof value === "string") {
      var digits = value.trim().match(/^\d+$/);
      return digits ? digits[0].replace(/^0+(?=\d)/, "") : null;
    }
    return null;
  }

  // Any JSON value as one line of plain text.
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

  function details(error) {
    var data = isObject(error.error_data) ? error.error_data : {};
    return firstText([data.details, error.details, error.message, error.title]);
  }

  function found(error, status) {
    return {
      code: error.code,
      details: details(error),
      recipient: status && has(status, "recipient_id") ? plain(status.recipient_id) : "",
      messageId: status && has(status, "id") ? plain(status.id) : ""
    };
  }

  // Every error object in document order: objects with a `code` that sit in an
  // array named "errors", and the object under a member named "error". The
  // status of an error is the nearest enclosing object with `status` or
  // `recipient_id`. A collected error is not searched further.
  function collect(value, key, status, out) {
    if (Array.isArray(value)) {
      for (var i = 0; i < value.length; i++) {
        var item = value[i];
        if (key === "errors" && isObject(item) && has(item, "code")) {
          out.push(found(item, status));
        } else {
          collect(item, null, status, out);
        }
      }
    } else if (isObject(value)) {
      if (has(value, "status") || has(value, "recipient_id")) status = value;
      for (var name in value) {
        if (!has(value, name)) continue;
        var child = value[name];
        if (name === "error" && isObject(child) && has(child, "code")) {
          out.push(found(child, status));
        } else {
          collect(child, name, status, out);
        }
      }
    }
    return out;
  }

  // Like the lookup box: "131049", "#131049", "(131049)", " 131 049 ".
  function bareCode(text) {
    var digits = text.replace(/[\s#()]/g, "");
    return /^\d+$/.test(digits) ? digits : null;
  }

  // Where JSON.parse failed, as 1-based line and column, or null if the
  // browser's message does not say.
  function errorPlace(text, message) {
    var lc = /line (\d+) column (\d+)/.exec(message);
    if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
    var pos = /position (\d+)/.exec(message);
    if (!pos) return null;
    var before = text.slice(0, Number(pos[1])).split("\n");
    return { line: before.length, column: before[before.length - 1].length + 1 };
  }

  // The pasted text read as errors: {empty}, {invalid, place, detail} or {errors}.
  function read(text) {
    if (!text.trim()) return { empty: true };
    var bare = bareCode(text);
    if (bare !== null) return { errors: [found({ code: bare }, null)] };
    var parsed;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      var detail = String(e && e.message ? e.message : e);
      return { invalid: true, place: errorPlace(text, detail), detail: detail };
    }
    if (typeof parsed === "number" || codeKey(parsed) !== null) {
      return { errors: [found({ code: parsed }, null)] };
    }
    return { errors: collect(parsed, null, null, []) };
  }

  // ---- Messages ---------------------------------------------------------------

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return has(values, name) ? String(values[name]) : whole;
    });
  }

  function retryText(strings, entry) {
    var text = strings.retry[entry.r] || "";
    var wait = /^(\d+)([mhd])$/.exec(entry.w || "");
    if (wait) {
      text += (text ? " " : "") + fill(strings.wait, { wait: wait[1] + " " + strings.units[wait[2]] });
    }
    return text;
  }

  // ---- Building the table (text only) ---------------------------------------

  function element(name, text) {
    var node = document.createElement(name);
    if (text) node.textContent = text;
    return node;
  }

  function codeCell(error, entry, key, root) {
    var th = element("th");
    th.setAttribute("scope", "row");
    if (!entry) {
      th.appendChild(element("code", plain(error.code).trim() || JSON.stringify(error.code)));
      return th;
    }
    var a = element("a", key);
    a.className = "err-code";
    a.setAttribute("href", new URL("codes/" + entry.c + "/", root).href);
    th.appendChild(a);
    if (key !== entry.c) {
      // A code inside a range: the link opens the range's page.
      th.appendChild(document.createTextNode(" "));
      var range = element("span", "(" + entry.c + ")");
      range.className = "err-decode__range";
      th.appendChild(range);
    }
    return th;
  }

  function whereCell(error, strings) {
    var td = element("td");
    [[strings.recipient, error.recipient], [strings.message_id, error.messageId]].forEach(function (pair) {
      if (!pair[1]) return;
      var line = element("div");
      line.appendChild(document.createTextNode(pair[0] + ": "));
      line.appendChild(element("code", pair[1]));
      td.appendChild(line);
    });
    return td;
  }

  function row(error, index, strings, root) {
    var key = codeKey(error.code);
    var entry = key === null ? null : WAErrors.resolve(index, key);
    var tr = element("tr");
    tr.appendChild(codeCell(error, entry, key, root));
    tr.appendChild(element("td", entry ? entry.t : strings.unknown));
    tr.appendChild(element("td", entry ? retryText(strings, entry) : ""));
    tr.appendChild(whereCell(error, strings));
    tr.appendChild(element("td", error.details));
    return tr;
  }

  // ---- Wiring the form ------------------------------------------------------

  function setup(form, strings) {
    var input = form.querySelector("textarea");
    var message = form.querySelector("[data-err-decode-message]");
    var table = form.querySelector("table[data-err-decode-results]");
    var tbody = table.querySelector("tbody");
    var root = WAErrors.root(form);
    var latest = 0;


    function say(text, rows) {
      message.textContent = text;
      tbody.textContent = "";
      (rows || []).forEach(function (tr) { tbody.appendChild(tr); });
      table.hidden = !rows || !rows.length;
    }

    function decode() {
      var turn = ++latest;
      var result = read(input.value);
      if (result.empty) return say(strings.empty);
      if (result.invalid) {
        return say(result.place
          ? fill(strings.invalid, { line: result.place.line, column: result.place.column, detail: result.detail })
          : fill(strings.invalid_nowhere, { detail: result.detail }));
      }
      if (!result.errors.length) return say(strings.none);
      WAErrors.index(form).then(function (index) {
        if (turn !== latest) return;
        say(fill(strings.found, { count: result.errors.length }), result.errors.map(function (error) {
          return row(error, index, strings, root);
        }));
      }, function (e) {
        if (turn !== latest) return;
        say(strings.load_failed || String(e && e.message ? e.message : e));
      });
    }

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

  function init() {
    var source = document.getElementById("err-decode-strings");
    var forms = document.querySelectorAll("form[data-err-decode]");
    if (!source || !forms.length) return;
    var strings = JSON.parse(source.textContent);
    for (var i = 0; i < forms.length; i++) {
      if (forms[i].hasAttribute("data-err-decode-ready")) continue;
      forms[i].setAttribute("data-err-decode-ready", "");
      setup(forms[i], strings);
    }
  }

  WAErrors.onEveryPage(init);
})();
