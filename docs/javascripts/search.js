/*
 * The site search (overrides/partials/search.html): opens the search dialog and, the first time,
 * loads Pagefind's own UI from the site's pagefind/ folder (generator/search_index.py builds it).
 * Results are sorted by the pages' `rank` (generator/render/search_meta.py): schools, then upcoming
 * key dates soonest first, then stories and past key dates newest first. Each result shows what it
 * is (story, key date, school) and its date, from the page's Pagefind meta.
 * Keyboard: the Search button, or "/" anywhere outside a text field; Escape closes.
 */
(function () {
  "use strict";
  var dialog = document.getElementById("psn-search");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var bundle = new URL(dialog.getAttribute("data-bundle"), document.baseURI).href;
  var loading = null;

  function load() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = bundle + "pagefind-ui.css";
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = bundle + "pagefind-ui.js";
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    }).then(function () {
      /* global PagefindUI */
      return new PagefindUI({
        element: "#psn-search-ui",
        bundlePath: bundle,
        showImages: false,
        showSubResults: false,
        resetStyles: false,
        autofocus: true,
        sort: { rank: "asc" },
        translations: {
          placeholder: "Search stories and key dates",
          zero_results: "Nothing found for [SEARCH_TERM]",
        },
        processResult: function (result) {
          // Show "Key date" and its date, not "Type: Key date" and "Date: …"; the rank is for sorting only.
          var meta = result.meta || {};
          var shown = {};
          if (meta.type) shown[meta.type] = meta.date || "news and key dates"; // a school has no date
          result.meta = Object.assign({ title: meta.title }, shown);
          return result;
        },
      });
    });
    return loading;
  }

  function focusInput() {
    var input = dialog.querySelector("input");
    if (input) input.focus();
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    load().then(focusInput, function () {
      document.getElementById("psn-search-ui").textContent = "Search could not be loaded. Please try again later.";
    });
  }

  document.querySelectorAll("[data-psn-search-open]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", open);
  });
  dialog.querySelector("[data-psn-search-close]").addEventListener("click", function () {
    dialog.close();
  });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !dialog.open && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      open();
    }
  });
})();
