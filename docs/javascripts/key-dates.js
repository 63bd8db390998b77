/* The key-date finder on /events/: filter the static list by school, category and audience together.
   Progressive enhancement: the controls ([data-finder], hidden in the page) only show when this
   script runs; without it, /events/school/<id>/, /events/category/<c>/ and /events/audience/<a>/
   do the same job. Choosing a school keeps that school's own dates and the dates for every school.
   The choice is kept in the address (?school=…&category=…&audience=…) so it can be shared, and how
   many dates match is announced through a polite live region. Material's instant navigation is off
   (mkdocs.yml), so this runs once on each page load. */
(function () {
  var finder = document.querySelector("[data-finder]");
  if (!finder) return;
  var status = document.querySelector("[data-finder-status]");
  var selects = Array.prototype.slice.call(finder.querySelectorAll("select[data-filter]"));
  var items = Array.prototype.slice.call(document.querySelectorAll("li.key-date[data-category]"));
  var lists = Array.prototype.slice.call(document.querySelectorAll("ul.key-dates"));

  function words(item, name) {
    return (item.getAttribute(name) || "").split(" ");
  }

  function matches(item, key, value) {
    if (!value) return true;
    if (key === "school") {
      var schools = words(item, "data-schools");
      return schools.indexOf("all") >= 0 || schools.indexOf(value) >= 0;
    }
    if (key === "category") return item.getAttribute("data-category") === value;
    return words(item, "data-audience").indexOf(value) >= 0;
  }

  function update() {
    var chosen = selects.filter(function (select) { return select.value; });
    var shown = 0;
    items.forEach(function (item) {
      var keep = chosen.every(function (select) {
        return matches(item, select.getAttribute("data-filter"), select.value);
      });
      item.hidden = !keep;
      if (keep) shown += 1;
    });
    // A month heading goes with its list when nothing in the list matches.
    lists.forEach(function (list) {
      var any = list.querySelector("li.key-date:not([hidden])") !== null;
      list.hidden = !any;
      var heading = list.previousElementSibling;
      if (heading && /^H[3-6]$/.test(heading.tagName)) heading.hidden = !any;
    });
    var query = new URLSearchParams();
    chosen.forEach(function (select) { query.set(select.name, select.value); });
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    if (!chosen.length) {
      status.textContent = "Showing every key date.";
    } else if (shown === 0) {
      status.textContent = "No key dates match. Choose another school, category or audience.";
    } else {
      status.textContent = shown + (shown === 1 ? " key date matches." : " key dates match.");
    }
  }

  var initial = new URLSearchParams(location.search);
  selects.forEach(function (select) {
    var wanted = initial.get(select.name);
    if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
    select.addEventListener("change", update);
  });
  finder.querySelector("[data-finder-reset]").addEventListener("click", function () {
    selects.forEach(function (select) { select.value = ""; });
    update();
  });
  finder.hidden = false;
  if (selects.some(function (select) { return select.value; })) update();
})();
