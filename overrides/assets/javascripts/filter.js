/* Phone-first pages:
 *  - the resend filter of a category table (shown only with JavaScript; without it the
 *    table stays whole): a radio group that hides the rows whose resend advice does not
 *    match, says how many are shown, and keeps the choice in the address (?resend=…), so
 *    a reload or a shared link shows the same rows. Row anchors (#130429) still land: a
 *    row the filter hides is shown again by showing all;
 *  - a code page's technical details (a collapsed <details>): a link to #notes, #webhook,
 *    #sources or anything else inside opens it and scrolls to the target (Material opens
 *    details for printing, and errors.css prints them open);
 *  - the "report a wrong entry" link: {url} becomes the page's ticket link as an absolute
 *    URL, from the canonical link (the site's address, when it was built with one) or
 *    else the page's own address. The template comes from the catalog (validated: its
 *    host is fixed) and every value is URL-encoded. */
(function () {
  "use strict";

  var PARAM = "resend";
  // Each choice and the `retry` values it shows ("all" shows every row).
  var GROUPS = { later: ["later", "backoff"], "after-fix": ["after-fix"], no: ["no"] };

  function known(value) {
    return value === "all" || Object.prototype.hasOwnProperty.call(GROUPS, value);
  }

  function matches(row, value) {
    var header = row.querySelector("[data-retry]");
    return value === "all" || (header !== null && GROUPS[value].indexOf(header.getAttribute("data-retry")) >= 0);
  }

  // The element a #fragment names, or null (a fragment is the reader's input: any text).
  function targetOf(hash) {
    if (!hash || hash.length < 2) return null;
    try {
      return document.getElementById(decodeURIComponent(hash.slice(1)));
    } catch (e) {
      return null;
    }
  }

  function setupFilter() {
    var filter = document.querySelector("[data-err-filter]");
    var table = document.querySelector("[data-err-table]");
    if (!filter || !table) return;
    var rows = table.querySelectorAll("tbody tr");
    var radios = filter.querySelectorAll("input[type=radio]");
    var count = filter.querySelector("[data-err-filter-count]");
    for (var r = 0; r < table.rows.length; r++) table.rows[r].setAttribute("role", "row");

    function apply(value) {
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var show = matches(rows[i], value);
        rows[i].hidden = !show;
        if (show) shown++;
      }
      for (var j = 0; j < radios.length; j++) radios[j].checked = radios[j].value === value;
      count.textContent = count.getAttribute(shown === 1 ? "data-one" : "data-other").replace("{n}", String(shown));
    }

    function remember(value) {
      var url = new URL(location.href);
      if (value === "all") url.searchParams.delete(PARAM);
      else url.searchParams.set(PARAM, value);
      if (url.href !== location.href) history.replaceState(history.state, "", url.href);
    }

    // A row named by the fragment is never left hidden.
    function showTarget() {
      var target = targetOf(location.hash);
      if (target && target.hidden && table.contains(target)) {
        apply("all");
        remember("all");
        target.scrollIntoView();
      }
    }

    var wanted = new URLSearchParams(location.search).get(PARAM);
    apply(known(wanted) ? wanted : "all");
    showTarget();
    filter.addEventListener("change", function (event) {
      if (event.target.name !== "err-resend" || !known(event.target.value)) return;
      apply(event.target.value);
      remember(event.target.value);
    });
    window.addEventListener("hashchange", showTarget);
    filter.hidden = false;
  }

  function setupDetails() {
    function open() {
      var target = targetOf(location.hash);
      if (!target) return;
      var closed = false;
      for (var d = target.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
        if (!d.open) {
          d.open = true;
          closed = true;
        }
      }
      if (closed || target.closest("details")) target.scrollIntoView();
    }
    if (!document.querySelector("article details")) return;
    open();
    window.addEventListener("hashchange", open);
  }

  /* "Report a wrong entry" and "Need help?": the page's ticket link, absolute, in their addresses. */
  function setupReport() {
    var links = document.querySelectorAll("a[data-err-report]");
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical && canonical.href ? canonical.href : document.baseURI;
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var ticket = new URL(link.getAttribute("data-err-ticket"), base).href;
      // Each placeholder everywhere it stands; an encoded value holds no brace to fill again.
      link.href = link.getAttribute("data-err-report")
        .split("{code}").join(encodeURIComponent(link.getAttribute("data-err-code")))
        .split("{url}").join(encodeURIComponent(ticket));
    }
  }

  function init() {
    setupFilter();
    setupDetails();
    setupReport();
  }

  WAErrors.onEveryPage(init);
})();
