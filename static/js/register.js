// Shows only the questions that apply and keeps Q8 consistent. The server enforces every rule;
// without this script all questions are shown with their "answer only if…" notes.
(function () {
  "use strict";
  var form = document.getElementById("registration-form");
  if (!form) return;

  function checked(name) {
    return Array.prototype.filter.call(form.elements[name] || [], function (el) {
      return el.checked;
    }).map(function (el) { return el.value; });
  }

  function inputs(container) {
    return Array.prototype.slice.call(container.querySelectorAll("input[type=checkbox]"));
  }

  function show(element, visible) {
    element.hidden = !visible;
  }

  var secondment = document.getElementById("secondment-questions");
  var workDays = document.getElementById("work-days-question");
  var supportRecord = document.getElementById("support-record-question");
  var schemeOther = document.getElementById("scheme-other");
  var dispatchPrefectures = document.getElementById("dispatch-prefectures");
  var nationwide = form.querySelector("input[name=dispatch_scope][value=dispatch_nationwide]");
  var undecided = form.querySelector("input[name=dispatch_scope][value=dispatch_undecided]");
  var nationwideNote = document.getElementById("nationwide-note");

  function update() {
    var wantsSecondment = checked("secondment").indexOf("yes") !== -1;
    show(secondment, wantsSecondment);
    secondment.querySelector(".conditional-note").hidden = true;

    var styles = checked("work_styles");
    show(workDays, styles.indexOf("work_part_time") !== -1 || styles.indexOf("work_on_request") !== -1);

    var schemes = checked("schemes");
    show(supportRecord, schemes.length > 0);
    show(schemeOther, schemes.indexOf("scheme_other") !== -1);

    var isNationwide = nationwide.checked;
    inputs(dispatchPrefectures).forEach(function (el) { el.disabled = isNationwide; });
    undecided.disabled = isNationwide;
    nationwideNote.hidden = !isNationwide;

    window.portalForms.syncRegions(form);
  }

  // A nationwide answer replaces any individual prefectures, so clear them to avoid a server error.
  nationwide.addEventListener("change", function () {
    if (!nationwide.checked) return;
    inputs(dispatchPrefectures).forEach(function (el) { el.checked = false; });
    undecided.checked = false;
  });

  form.addEventListener("change", update);
  update();
})();
