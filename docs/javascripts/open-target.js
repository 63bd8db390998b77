/* A link to a place inside a closed <details> (a feed on /subscribe/) opens it. Chromium and
   recent Firefox do this themselves; this does it where a browser does not. Without JavaScript
   the group's summary stays one click away. */
(function () {
  function open() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    if (target && target.tagName !== "DETAILS" && target.closest("details")) target.scrollIntoView();
  }
  window.addEventListener("hashchange", open);
  open();
})();
