/* The reply-pack filter on the data page (/{lang}/data/#replies): an agent ticks categories,
 * origins and kinds of text, or pastes codes, and downloads a CSV or JSON pack of just those
 * replies, made in the browser from the language's whole pack (api/v1/replies/{lang}.json,
 * data-pack, relative to the form's action, the language root, so the page works under a
 * sub-path). Nothing is uploaded; the pack is fetched once, when the form first comes into view.
 *
 * A download holds the same bytes generator/replypack.py writes for the same choice (to_json,
 * to_csv): records in the pack's order, CSV columns in the records' key order, null as an empty
 * cell, RFC 4180 quoting, CRLF, and a cell that starts with =, +, -, @, a tab or a carriage
 * return starts with ' (csvcells.as_text_cell). Ticked values of one group add up, groups
 * combine; a group with nothing ticked takes everything. A pasted code inside a range selects
 * the range; a value that names no code or problem is named, and nothing is downloaded.
 * Pack text reaches the page only as text (textContent), never as HTML. */
(function () {
  "use strict";

  var element = WAErrors.table.element, fill = WAErrors.table.fill;
  var FORMULA_START = /^[=+\-@\t\r]/;

  function setup(form, strings) {
    var message = form.querySelector("[data-err-replies-message]");
    var codesBox = form.querySelector("[data-err-replies-codes]");
    var lang = form.getAttribute("data-lang");
    var pack = null, loading = null;

    function show(text) { message.textContent = text; }

    function load() {
      if (!loading) {
        show(strings.loading);
        loading = WAErrors.data(form, "data-pack").then(function (data) {
          pack = data;
          choices();
          update();
          return data;
        }, function () {
          loading = null;
          show(strings.load_failed);
        });
      }
      return loading;
    }

    // The category and origin choices, from the pack: each with its name and how many replies it has.
    function choices() {
      [["category", "category_name"], ["origin", "origin_name"]].forEach(function (pair) {
        var key = pair[0], name = pair[1], found = new Map();
        pack.replies.forEach(function (r) {
          if (r[key] === null) return;
          var seen = found.get(r[key]);
          if (seen) seen.count++;
          else found.set(r[key], { name: r[name], count: 1 });
        });
        var group = form.querySelector('[data-err-replies-group="' + key + '"]');
        var options = group.querySelector(".err-filter__options");
        options.textContent = "";
        var keys = Array.from(found.keys());
        if (key === "category") {
          // By name, as the reader reads them; the problems without a code after the categories.
          keys.sort(function (a, b) {
            return (a === "problems") - (b === "problems") || found.get(a).name.localeCompare(found.get(b).name, lang);
          });
        }
        keys.forEach(function (value) {
          var label = element("label"), box = element("input"), n = element("span", "(" + found.get(value).count + ")");
          box.type = "checkbox";
          box.name = key;
          box.value = value;
          n.className = "err-filter__n";
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + found.get(value).name + " "));
          label.appendChild(n);
          options.appendChild(label);
        });
        group.hidden = false;
      });
    }

    function ticked(group) {
      var boxes = form.querySelectorAll('[data-err-replies-group="' + group + '"] input:checked');
      return boxes.length ? new Set(Array.from(boxes, function (b) { return b.value; })) : null;
    }

    // The codes and slugs the pasted values name ({items, unknown}); items null when none is pasted.
    function named(text) {
      var values = WAErrors.normalise(text).split(/[\s,;]+/).filter(Boolean);
      if (!values.length) return { items: null, unknown: [] };
      var codes = new Set(), slugs = new Set(), ranges = [], items = new Set(), unknown = [];
      pack.replies.forEach(function (r) {
        if (r.slug !== null) slugs.add(r.slug);
        else if (!codes.has(r.code)) {
          codes.add(r.code);
          var bounds = /^(\d+)-(\d+)$/.exec(r.code);
          if (bounds) ranges.push({ code: r.code, lo: Number(bounds[1]), hi: Number(bounds[2]) });
        }
      });
      values.forEach(function (value) {
        var code = codes.has(value) ? value : WAErrors.bareCode(value), slug = value.toLowerCase();
        if (code !== null && codes.has(code)) return items.add(code);
        if (slugs.has(slug)) return items.add(slug);
        var range = code === null ? null : ranges.find(function (r) { return r.lo <= Number(code) && Number(code) <= r.hi; });
        if (range) return items.add(range.code);
        if (unknown.indexOf(value) < 0) unknown.push(value);
      });
      return { items: items, unknown: unknown };
    }

    // The chosen records, in the pack's order, or {unknown} when a pasted value names nothing.
    function chosen() {
      var categories = ticked("category"), origins = ticked("origin"), kinds = ticked("kind");
      var asked = named(codesBox.value);
      if (asked.unknown.length) return { unknown: asked.unknown };
      return {
        replies: pack.replies.filter(function (r) {
          return (!categories || categories.has(r.category)) && (!origins || (r.origin !== null && origins.has(r.origin))) &&
            (!kinds || kinds.has(r.kind)) && (!asked.items || asked.items.has(r.slug !== null ? r.slug : r.code));
        }),
        filtered: Boolean(categories || origins || kinds || asked.items),
      };
    }

    function update() {
      if (!pack) return;
      var result = chosen();
      if (result.unknown) return show(fill(strings.unknown, { codes: result.unknown.join(", ") }));
      var count = result.replies.length;
      show(count ? fill(count === 1 ? strings.count_one : strings.count_other, { count: count }) : strings.none);
    }

    function cell(value) {
      var text = value === null || value === undefined ? "" : String(value);
      if (FORMULA_START.test(text)) text = "'" + text;
      return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    }

    function csv(replies) {
      var columns = Object.keys(pack.replies[0]);
      var lines = [columns.map(cell).join(",")].concat(replies.map(function (r) {
        return columns.map(function (c) { return cell(r[c]); }).join(",");
      }));
      return lines.join("\r\n") + "\r\n";
    }

    function json(replies) {
      return JSON.stringify({ schema_version: pack.schema_version, lang: pack.lang, replies: replies }, null, 2) + "\n";
    }


    function download(format) {
      load().then(function () {
        if (!pack) return;
        var result = chosen();
        if (result.unknown) return update();
        if (!result.replies.length) return show(strings.none);
        var name = "replies-" + lang + (result.filtered ? "-selected" : "") + "." + format;
        if (format === "csv") WAErrors.save(new Blob([csv(result.replies)], { type: "text/csv;charset=utf-8" }), name);
        else WAErrors.save(new Blob([json(result.replies)], { type: "application/json" }), name);
        show(fill(strings.saved, { file: name }));
      });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", update);
    codesBox.addEventListener("input", update);
    form.querySelectorAll("[data-err-replies-download]").forEach(function (button) {
      button.addEventListener("click", function () { download(button.getAttribute("data-err-replies-download")); });
    });
    form.hidden = false;
    // The pack is fetched when the form first comes into view (or is used), not with the page.
    if ("IntersectionObserver" in window) {
      var watch = new IntersectionObserver(function (seen) {
        if (seen.some(function (e) { return e.isIntersecting; })) {
          watch.disconnect();
          load();
        }
      }, { rootMargin: "200px" });
      watch.observe(form);
    } else {
      load();
    }
    form.addEventListener("focusin", load);
  }

  WAErrors.eachForm("replies", setup);
})();
