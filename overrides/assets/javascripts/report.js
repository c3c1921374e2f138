/* The broadcast report page (/{lang}/report/): the user chooses or drops a report file,
 * or pastes rows from a spreadsheet; the page shows failed messages per error code (with
 * share, title, who must act and whether to resend), the rows it could not place, and
 * offers CSV downloads made in the browser. The reading, sorting and CSV making run in
 * report-worker.js, so a 100,000-row file leaves the page responsive; this script only
 * wires the form and shows the answers, always as text (textContent), never as HTML.
 * Nothing is uploaded: the only requests are the site's own assets (codes.json,
 * report.json, the worker and Papa Parse), relative to the form's action (the language
 * root), so the page works under a sub-path. A file over the limit is refused before it
 * is read. The summary table is made with WAErrors.table (codes.js), as the decoder's is. */
(function () {
  "use strict";

  var PAGE = 50;  // summary rows shown (the rest added up in one row)
  var element = WAErrors.table.element, fill = WAErrors.table.fill;

  function setup(form, strings) {
    var q = function (selector) { return form.querySelector(selector); };
    var fileInput = q("input[type=file]");
    var paste = q("textarea");
    var drop = q("[data-err-report-drop]");
    var progress = q("[data-err-report-progress]");
    var message = q("[data-err-report-message]");
    var warning = q("[data-err-report-warning]");
    var picker = q("[data-err-report-columns]");
    var resultBox = q("[data-err-report-result]");
    var summary = q("[data-err-report-summary] tbody");
    var unrecognized = q("[data-err-report-unrecognized]");
    var noPhone = q("[data-err-report-no-phone]");
    var root = WAErrors.root(form);
    var limit = Number(form.getAttribute("data-limit-mb")) * 1024 * 1024;
    var lang = document.documentElement.lang || undefined;
    var format = new Intl.NumberFormat(lang);
    var number = format.format.bind(format);
    var megabytes = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    var percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 });
    var heading = q("[data-err-report-heading]");
    var plan = q("[data-err-report-plan]");
    var worker = null, ready = null, turn = 0, last = null;
    var given = "paste";  // what the user gave last, which the analyse button reads: "file" or "paste"

    // The worker, started once and given the catalog's data; a promise of it.
    function start() {
      if (ready) return ready;
      ready = Promise.all([WAErrors.index(form), WAErrors.data(form, "data-report")]).then(function (loaded) {
        worker = new Worker(new URL(form.getAttribute("data-worker"), root).href);
        worker.onmessage = answer;
        worker.onerror = function () { show(strings.failed); };
        worker.postMessage({ type: "setup", entries: loaded[0], report: loaded[1], strings: strings, root: root.href, lang: lang || "",
                            country: form.getAttribute("data-country") || "62" });
        return worker;
      });
      ready.catch(function () { ready = null; });
      return ready;
    }

    function show(text) {
      message.textContent = text;
      progress.hidden = true;
    }

    function reset(text) {
      show(text);
      warning.hidden = picker.hidden = resultBox.hidden = true;
      last = null;
    }

    function send(payload) {
      var mine = ++turn;
      reset("");
      start().then(function (w) {
        if (mine !== turn) return;
        payload.turn = mine;
        w.postMessage(payload);
      }, function () {
        if (mine === turn) show(strings.load_failed);
      });
    }

    function readFile(file) {
      if (!file) return;
      if (file.size > limit) {
        return reset(fill(strings.too_big, { size: megabytes.format(file.size / 1048576), limit: number(limit / 1048576) }));
      }
      if (file.size === 0) return reset(strings.empty);
      send({ type: "file", file: file });
    }

    function readPaste() {
      var text = paste.value;
      if (!/\S/.test(text)) return reset(strings.empty_paste);
      if (text.length > limit) {
        return reset(fill(strings.too_big_paste, { size: megabytes.format(text.length / 1048576), limit: number(limit / 1048576) }));
      }
      send({ type: "text", text: text });
    }

    function answer(event) {
      var data = event.data;
      if (data.turn !== turn) return;
      if (data.type === "progress") {
        progress.hidden = false;
        progress.value = data.percent;
        message.textContent = fill(strings.reading, { percent: data.percent });
      } else if (data.type === "problem") {
        reset(strings[data.problem] || strings.failed);
      } else if (data.type === "pick") {
        if (!data.change) show(strings.pick);
        openPicker(data.preview);
      } else if (data.type === "result") {
        showResult(data.result);
      } else if (data.type === "download") {
        WAErrors.save(data.blob, strings["file_" + data.kind] + ".csv");
      } else if (data.type === "download_failed") {
        message.textContent = strings.download_failed;  // the result stays on the page
      }
    }

    // ---- Choosing columns ----------------------------------------------------

    function openPicker(preview) {
      var head = picker.querySelector("thead tr"), body = picker.querySelector("tbody");
      head.textContent = body.textContent = "";
      preview.names.forEach(function (name) { head.appendChild(element("th", name)).setAttribute("scope", "col"); });
      preview.rows.forEach(function (row) {
        var tr = element("tr");
        row.forEach(function (cell) { tr.appendChild(element("td", cell)); });
        body.appendChild(tr);
      });
      picker.querySelectorAll("select[data-err-report-role]").forEach(function (select) {
        var role = select.getAttribute("data-err-report-role");
        select.textContent = "";
        select.appendChild(element("option", strings.pick_none)).value = "-1";
        preview.names.forEach(function (name, index) {
          select.appendChild(element("option", name)).value = String(index);
        });
        select.value = String(preview.columns[role]);
      });
      picker.querySelector("[data-err-report-header]").checked = preview.header;
      picker.hidden = false;
    }

    function applyColumns() {
      var columns = {};
      picker.querySelectorAll("select[data-err-report-role]").forEach(function (select) {
        columns[select.getAttribute("data-err-report-role")] = Number(select.value);
      });
      if (columns.code < 0 && columns.reason < 0) return show(strings.pick_needed);
      var mine = ++turn;
      show("");
      worker.postMessage({ type: "columns", columns: columns, header: picker.querySelector("[data-err-report-header]").checked, turn: mine });
    }

    // ---- The result ----------------------------------------------------------

    // A group (from the worker) is an entry of codes.json when the catalog knows its code (c).
    // Every row says who acts and what to do: a code the catalog lacks and a row without a code
    // send the user to the helpdesk. On a phone each row is a card, each cell under its column's name.
    function summaryRow(group, failed) {
      var tr = element("tr");
      tr.appendChild(WAErrors.table.codeCell(root, group.code, group.c ? group : null,
        group.c ? null : element("code", group.code === null ? "–" : group.code)));
      var acts = group.c ? (group.a ? strings.acts[group.a] || "" : strings.acts_unstated) : strings.acts_unknown;
      [[strings.col_title, group.c ? group.t : group.code === null ? strings.missing : strings.unknown],
       [strings.col_count, number(group.count)],
       [strings.col_share, percent.format(failed ? group.count / failed : 0)],
       [strings.col_acts, acts],
       [strings.col_retry, group.c ? WAErrors.table.retry(strings, group) : strings.todo_unknown]].forEach(function (cell) {
        tr.appendChild(element("td", cell[1])).setAttribute("data-label", cell[0]);
      });
      return tr;
    }

    // The next steps: each list that holds numbers, with how many and its rule, in the order a number is placed.
    function showPlan(result) {
      var list = plan.querySelector("ul");
      list.textContent = "";
      Object.keys(result.downloads).forEach(function (kind) {
        if (!result.downloads[kind]) return;
        var li = element("li");
        li.appendChild(element("strong", fill(strings["download_" + kind], { count: number(result.downloads[kind]) })));
        li.appendChild(document.createTextNode(": " + strings["rule_" + kind]));
        list.appendChild(li);
      });
      plan.hidden = !list.childNodes.length;
    }

    function showResult(result) {
      last = result;
      show("");
      picker.hidden = true;
      var name = function (role) { return result.columns[role] >= 0 ? result.names[result.columns[role]] : strings.no_column; };
      q("[data-err-report-totals]").textContent = fill(strings.totals, {
        rows: number(result.rows), failed: number(result.failed), ok: number(result.ok), other: number(result.other)
      });
      q("[data-err-report-used]").textContent = fill(strings.columns_used, {
        code: name("code"), reason: name("reason"), phone: name("phone"), status: name("status")
      });
      var warned = warning.querySelector(".admonition");
      warned.textContent = "";
      if (result.sci) {
        warned.appendChild(document.createElement("p")).textContent =
          fill(strings.sci, { column: name("phone"), example: result.example, count: number(result.sci) });
      }
      if (result.quotes) {
        warned.appendChild(document.createElement("p")).textContent =
          fill(strings.quotes, { count: number(result.quotes), row: number(result.quote_row) });
      }
      if (result.replaced) {
        warned.appendChild(document.createElement("p")).textContent = fill(strings.replaced, { count: number(result.replaced) });
      }
      warning.hidden = !warned.childNodes.length;
      summary.textContent = "";
      var groups = result.groups.slice();
      if (result.missing) groups.push({ code: null, c: null, count: result.missing });
      summary.appendChild(WAErrors.table.countRows(groups, PAGE, function (group) {
        return summaryRow(group, result.failed);
      }, function (codes, count) {
        return [fill(strings.summary_other, { codes: number(codes) }), number(count), percent.format(count / result.failed), "", ""];
      }));
      var list = unrecognized.querySelector("ul");
      list.textContent = "";
      result.unrecognized.forEach(function (pair) {
        var li = element("li");
        li.appendChild(element("q", pair[0]));
        li.appendChild(document.createTextNode(" (" + number(pair[1]) + ")"));
        list.appendChild(li);
      });
      unrecognized.hidden = !result.unrecognized.length;
      var hasPhone = result.columns.phone >= 0;
      form.querySelectorAll("[data-err-report-download]").forEach(function (button) {
        var kind = button.getAttribute("data-err-report-download");
        var count = kind === "all" ? result.rows : result.downloads[kind];
        button.textContent = fill(strings["download_" + kind], { count: number(count) });
        // The theme's buttons are display: inline-block, which `hidden` alone does not beat.
        button.style.display = kind !== "all" && !hasPhone ? "none" : "";
        button.disabled = kind !== "all" && !count;
      });
      noPhone.hidden = hasPhone;
      showPlan(result);
      resultBox.hidden = false;
      // The answer comes into view and takes the focus, on a laptop and on a phone alike.
      heading.focus({ preventScroll: true });
      heading.scrollIntoView({ block: "start" });
    }


    // ---- Wiring ----------------------------------------------------------------

    fileInput.addEventListener("change", function () {
      given = "file";
      dropped = null;
      readFile(fileInput.files[0]);
    });
    paste.addEventListener("input", function () { given = "paste"; });
    drop.addEventListener("dragover", function (event) {
      event.preventDefault();
      drop.classList.add("err-report__drop--over");
    });
    drop.addEventListener("dragleave", function () { drop.classList.remove("err-report__drop--over"); });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      drop.classList.remove("err-report__drop--over");
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) {
        given = "file";
        dropped = files[0];
        readFile(files[0]);
      }
    });
    // The analyse button reads what was given last: the chosen (or dropped) file, or the pasted rows.
    var dropped = null;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var file = dropped || fileInput.files[0];
      if (given === "file" && file) readFile(file);
      else readPaste();
    });
    paste.addEventListener("paste", function () {
      given = "paste";
      setTimeout(readPaste, 0);
    });
    paste.addEventListener("focus", start, { once: true });
    fileInput.addEventListener("focus", start, { once: true });
    q("[data-err-report-apply]").addEventListener("click", applyColumns);
    q("[data-err-report-change]").addEventListener("click", function () {
      if (!last) return;
      worker.postMessage({ type: "preview", turn: turn });
    });
    form.querySelectorAll("[data-err-report-download]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (worker && last) worker.postMessage({ type: "download", kind: button.getAttribute("data-err-report-download"), turn: turn });
      });
    });
  }

  WAErrors.eachForm("report", setup);
})();
