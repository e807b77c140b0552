/* Small behaviours that would otherwise be inline handlers, which the Content-Security-Policy
 * forbids: a select that points its form at the chosen URL, and a text box that selects its
 * contents on focus (for copying a token). Without JavaScript both still work by hand.
 */
"use strict";
document.addEventListener("change", function (event) {
  var select = event.target;
  if (select.matches && select.matches("select[data-sets-form-action]") && select.form) {
    select.form.action = select.value;
  }
});
document.addEventListener("focusin", function (event) {
  var box = event.target;
  if (box.matches && box.matches("input[data-select-on-focus]")) {
    box.select();
  }
});
