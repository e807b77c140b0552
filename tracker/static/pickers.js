/* Pickers that scale: a type-ahead box over long select lists.
 *
 * Progressive enhancement: without JavaScript the plain <select> works as it is. With it, a
 * search box above each long list narrows its options as the editor types (in any script),
 * asks the server (/lookup/<kind>) for records the list does not hold yet, and offers to add
 * a missing person or organisation in a new tab; typing again then finds the new record.
 */
"use strict";
(function () {
  var MIN_OPTIONS = 20;
  var KINDS = [
    [/^(speaker_id|person_id|person_ids|reported_by_person_id)$/, "people"],
    [/^(organisation_id|organisation_ids|outlet_id|reported_by_id|speaker_organisation_id|mediator_id|party_ids)$/, "organisations"],
    [/^venue_id$/, "venues"],
    [/^topic_ids$/, "topics"],
    [/^source_ids$/, "sources"]
  ];
  var CREATABLE = { people: "/people/new", organisations: "/organisations/new" };
  var rtl = document.documentElement.dir === "rtl";
  var WORDS = rtl
    ? { filter: "ابحث في القائمة", none: "لا نتائج.", add: "أضف «%s» في تبويب جديد", found: "%d نتيجة" }
    : { filter: "Type to narrow the list", none: "No match.", add: "Add “%s” in a new tab", found: "%d matching" };

  function kindOf(select) {
    for (var i = 0; i < KINDS.length; i++) {
      if (KINDS[i][0].test(select.name)) return KINDS[i][1];
    }
    return null;
  }

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f\u064b-\u065f]/g, "").toLowerCase();
  }

  function enhance(select) {
    var kind = kindOf(select);
    if (!kind && select.options.length < MIN_OPTIONS) return;
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-filter";
    box.setAttribute("dir", "auto");
    box.setAttribute("autocomplete", "off");
    box.setAttribute("placeholder", WORDS.filter);
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    box.setAttribute("aria-label", (label ? label.textContent.trim() + ": " : "") + WORDS.filter);
    box.setAttribute("aria-controls", select.id);
    var status = document.createElement("p");
    status.className = "picker-status help";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select.nextSibling);
    var pending = null;

    function narrow() {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(select.options, function (option) {
        var text = fold(option.textContent);
        var match = option.selected || option.value === "" ||
          words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !match;
        if (match && option.value !== "") shown++;
      });
      status.textContent = "";
      if (!words.length) return;
      status.appendChild(document.createTextNode(shown ? WORDS.found.replace("%d", shown) : WORDS.none));
      if (!shown && CREATABLE[kind]) {
        var add = document.createElement("a");
        add.href = CREATABLE[kind];
        add.target = "_blank";
        add.rel = "noopener";
        add.textContent = " " + WORDS.add.replace("%s", box.value.trim());
        status.appendChild(add);
      }
    }

    function ask() {
      var query = box.value.trim();
      if (!kind || query.length < 2) return;
      fetch("/lookup/" + kind + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          var known = {};
          Array.prototype.forEach.call(select.options, function (o) { known[o.value] = true; });
          data.results.forEach(function (row) {
            if (!known[String(row.id)]) select.add(new Option(row.label, row.id));
          });
          narrow();
        })
        .catch(function () { /* the list as it is still works */ });
    }

    box.addEventListener("input", function () {
      narrow();
      clearTimeout(pending);
      pending = setTimeout(ask, 250);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); select.focus(); }
    });
  }

  document.querySelectorAll("form select").forEach(function (select) {
    if (!select.closest("[role=search]")) enhance(select);
  });
})();
