/* What helps an agent answer a ticket, on every page:
 *  - the copy buttons of a code page (shown only with JavaScript): the ticket
 *    link, the ticket reply and the customer message. The theme's clipboard
 *    support copies any [data-clipboard-text] and shows its "copied" message;
 *    this script fills in the link (the language-neutral ticket link
 *    /codes/{code}/, which opens the page in each reader's language, as an
 *    absolute URL) and makes that message announced to screen readers too;
 *  - remembering the language a reader picked in the language switcher, so that
 *    ticket links (/codes/{code}/) open in it next time. */
(function () {
  "use strict";

  var LANG_KEY = "wa-errors.lang";

  function setupCopy() {
    var bar = document.querySelector("[data-err-copy]");
    if (!bar) return;
    var link = bar.querySelector("[data-err-copy-link]");
    link.setAttribute("data-clipboard-text", new URL(link.getAttribute("data-err-ticket"), document.baseURI).href);
    var dialog = document.querySelector(".md-dialog__inner");
    if (dialog) {
      dialog.setAttribute("role", "status");
      dialog.setAttribute("aria-live", "polite");
    }
    bar.hidden = false;
  }

  function rememberLanguage() {
    var links = document.querySelectorAll("a[data-err-alternate]");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (event) {
        try {
          localStorage.setItem(LANG_KEY, event.currentTarget.getAttribute("hreflang"));
        } catch (e) { /* storage blocked: ticket links follow the browser's languages */ }
      });
    }
  }

  function init() {
    setupCopy();
    rememberLanguage();
  }

  WAErrors.onEveryPage(init);
})();
