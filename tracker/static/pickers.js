/* Pickers that scale: a type-ahead box over long select lists, and the record that is missing
 * added without leaving the form.
 *
 * Progressive enhancement: without JavaScript the plain <select> works as it is. With it, a
 * search box above each long list narrows its options as the editor types (in any script, or a
 * pasted link for sources), asks the server (/lookup/<kind>) for records the list does not hold
 * yet and, when what was typed names no option, offers "Add “X” as new person…": a <dialog>
 * with the small creation form of /lookup/<kind>/new, posted with its CSRF token; the new record
 * is then added to the list and chosen, and nothing typed in the form is lost.
 *
 * A form holding both a negotiation and a round picker narrows the rounds to the chosen
 * negotiation's (each round option carries data-negotiation); the server refuses a mismatch.
 */
"use strict";
(function () {
  var MIN_OPTIONS = 20;
  var KINDS = [
    [/^(speaker_id|person_id|person_ids|reported_by_person_id)$/, "people"],
    [/^(organisation_id|organisation_ids|outlet_id|reported_by_id|speaker_organisation_id|mediator_id|party_ids|side_id)$/, "organisations"],
    [/^venue_id$/, "venues"],
    [/^topic_ids$/, "topics"],
    [/^source_ids$/, "sources"]
  ];
  // The words, in the reader's language, come from the page (base.html renders them from the
  // catalogue); %(count)d and %(name)s are filled in here.
  var wordsBlock = document.getElementById("picker-words");
  var WORDS = wordsBlock ? JSON.parse(wordsBlock.textContent) : null;
  if (!WORDS) return;

  function kindOf(select) {
    // a select named otherwise (a row of a list form) says what it picks
    if (select.hasAttribute("data-lookup")) return select.getAttribute("data-lookup");
    for (var i = 0; i < KINDS.length; i++) {
      if (KINDS[i][0].test(select.name)) return KINDS[i][1];
    }
    return null;
  }

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f\u064b-\u065f]/g, "").toLowerCase().trim();
  }

  function csrfToken(form) {
    var field = form.querySelector('input[name$="csrf_token"]');
    return field ? field.value : "";
  }

  /* The creation dialog: the server's small form, prefilled with what was typed. Calls
   * chosen(id, label) once the record exists. */
  function openCreator(kind, typed, picker, opener, chosen) {
    var url = "/lookup/" + kind + "/new?text=" + encodeURIComponent(typed) + "&for=" + encodeURIComponent(picker);
    fetch(url, {
      credentials: "same-origin", headers: { Accept: "text/html" }
    })
      .then(function (response) { if (!response.ok) throw response; return response.text(); })
      .then(function (html) {
        var dialog = document.createElement("dialog");
        dialog.className = "inline-create";
        dialog.innerHTML = html;
        var form = dialog.querySelector("form");
        var heading = dialog.querySelector("h2");
        if (heading) dialog.setAttribute("aria-labelledby", heading.id);
        document.body.appendChild(dialog);
        dialog.addEventListener("close", function () {
          dialog.remove();
          opener.focus();
        });
        dialog.querySelector("[data-closes-dialog]").addEventListener("click", function () {
          dialog.close();
        });
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          submit(form, dialog, chosen);
        });
        dialog.showModal();
        var submitButton = form.querySelector('button[type="submit"]');
        (typed ? submitButton : form.querySelector("input, select, textarea")).focus();
      })
      .catch(function () { window.location.href = "/" + kind + "/new"; });
  }

  function showErrors(form, data) {
    var prefix = form.getAttribute("data-prefix") || "";
    form.querySelectorAll(".error[data-from-server]").forEach(function (p) { p.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    });
    var summary = form.querySelector(".form-errors");
    summary.textContent = "";
    summary.hidden = true;
    var first = null;
    Object.keys(data.errors || {}).forEach(function (name) {
      var input = form.elements[prefix + name];
      if (!input) { (data.form_errors = data.form_errors || []).push(data.errors[name].join(" ")); return; }
      var message = document.createElement("p");
      message.className = "error";
      message.id = input.id + "-error";
      message.setAttribute("data-from-server", "");
      message.textContent = data.errors[name].join(" ");
      input.parentNode.appendChild(message);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", message.id);
      first = first || input;
    });
    (data.form_errors || []).forEach(function (text) {
      var p = document.createElement("p");
      p.textContent = text;
      summary.appendChild(p);
      summary.hidden = false;
    });
    if (first) first.focus();
  }

  function submit(form, dialog, chosen) {
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) },
      body: new FormData(form)
    })
      .then(function (response) {
        return response.json().catch(function () { return { form_errors: [WORDS.failed] }; })
          .then(function (data) { return { ok: response.status === 201, data: data }; });
      })
      .then(function (result) {
        if (!result.ok) { showErrors(form, result.data); return; }
        dialog.close();  // first, so the form beneath is no longer inert when chosen() focuses it
        chosen(result.data.id, result.data.label);
      })
      .catch(function () { showErrors(form, { form_errors: [WORDS.failed] }); });
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
    var actions = document.createElement("p");
    actions.className = "picker-actions";
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(actions, select.nextSibling);
    select.parentNode.insertBefore(status, select.nextSibling);
    var pending = null;
    var foundByServer = {};  // ids the server matched for the current words (a pasted link)

    function narrow() {
      var typed = fold(box.value);
      var words = typed.split(/\s+/).filter(Boolean);
      var shown = 0, exact = false;
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.hasAttribute("data-other-negotiation")) { option.hidden = true; return; }
        var text = fold(option.textContent);
        var match = option.selected || option.value === "" || foundByServer[option.value] ||
          words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !match;
        if (match && option.value !== "") shown++;
        if (option.value !== "" && (text === typed || text.split(" · ")[0] === typed)) exact = true;
      });
      // a pasted link names one source: once the server found it, there is nothing to add
      if (kind === "sources" && /^https?:\/\//i.test(box.value.trim()) && Object.keys(foundByServer).length) exact = true;
      status.textContent = "";
      actions.textContent = "";
      if (!words.length) return;
      status.textContent = shown ? WORDS.found.replace("%(count)d", shown) : WORDS.none;
      // data-no-create: the form creates what is missing itself, later (article assist)
      if (kind && !exact && !select.hasAttribute("data-no-create")) {
        var add = document.createElement("button");
        add.type = "button";
        add.className = "link picker-add";
        add.textContent = WORDS.add[kind].replace("%(name)s", box.value.trim());
        add.addEventListener("click", function () {
          openCreator(kind, box.value.trim(), select.name, add, choose);
        });
        actions.appendChild(add);
      }
    }

    function choose(id, label) {
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === String(id); });
      if (!option) {
        option = new Option(label, id);
        select.add(option);
      }
      if (!select.multiple) select.value = String(id);
      option.selected = true;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      box.value = "";
      foundByServer = {};
      narrow();
      status.textContent = WORDS.added.replace("%(name)s", label);
      select.focus();
    }

    function ask() {
      var query = box.value.trim();
      if (!kind || query.length < 2) return;
      fetch("/lookup/" + kind + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (box.value.trim() !== query) return;  // the editor typed on meanwhile
          var known = {};
          Array.prototype.forEach.call(select.options, function (o) { known[o.value] = true; });
          foundByServer = {};
          data.results.forEach(function (row) {
            foundByServer[String(row.id)] = true;
            if (!known[String(row.id)]) select.add(new Option(row.label, row.id));
          });
          narrow();
        })
        .catch(function () { /* the list as it is still works */ });
    }

    box.addEventListener("input", function () {
      foundByServer = {};
      narrow();
      clearTimeout(pending);
      pending = setTimeout(ask, 250);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); select.focus(); }
    });
    select.addEventListener("narrowed", narrow);
  }

  /* Rounds follow the negotiation: only the chosen negotiation's rounds stay offered. */
  function linkRoundsToNegotiation(form) {
    var negotiation = form.querySelector('select[name="negotiation_id"]');
    var round = form.querySelector('select[name="round_id"]');
    if (!negotiation || !round) return;
    function follow() {
      var chosen = negotiation.value;
      Array.prototype.forEach.call(round.options, function (option) {
        var of = option.getAttribute("data-negotiation");
        var other = Boolean(chosen && of && of !== chosen);
        option.toggleAttribute("data-other-negotiation", other);
        option.hidden = other;
        if (other && option.selected) round.value = "";
      });
      round.dispatchEvent(new Event("narrowed"));
    }
    negotiation.addEventListener("change", follow);
    round.addEventListener("change", function () {
      // a round chosen first brings its negotiation along: one choice instead of two
      var chosen = round.options[round.selectedIndex];
      var of = chosen ? chosen.getAttribute("data-negotiation") : null;
      if (of && !negotiation.value) {
        negotiation.value = of;
        follow();
      }
    });
    follow();
  }

  document.querySelectorAll("form select").forEach(function (select) {
    if (!select.closest("[role=search]")) enhance(select);
  });
  document.querySelectorAll("form").forEach(linkRoundsToNegotiation);
})();
