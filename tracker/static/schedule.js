/* The round form's "Schedule change" fields (announced on, announced by) matter only when the
 * edit changes the round's status, date or venue: they stay hidden until one of those changes.
 * Without JavaScript they are simply always shown.
 */
"use strict";
(function () {
  var fieldset = document.querySelector("fieldset[data-schedule-change]");
  if (!fieldset || !fieldset.form) {
    return;
  }
  var watched = ["status", "when_edtf", "venue_id"]
    .map(function (name) { return fieldset.form.elements.namedItem(name); })
    .filter(Boolean);
  var initial = watched.map(function (input) { return input.value; });
  function update() {
    var changed = watched.some(function (input, i) { return input.value !== initial[i]; });
    var hasError = fieldset.querySelector(".has-error") !== null;
    fieldset.hidden = !(changed || hasError);
  }
  watched.forEach(function (input) {
    input.addEventListener("input", update);
    input.addEventListener("change", update);
  });
  update();
})();
