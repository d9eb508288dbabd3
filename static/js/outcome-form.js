// The 見送り reason fields matter only when 見送り is chosen: hidden otherwise. Without this script
// they are always shown, and the server checks them either way (a reason is required for 見送り,
// ignored for anything else).
(function () {
  "use strict";
  var form = document.querySelector("form[data-outcome-form]");
  var outcome = form && form.querySelector("[name=outcome]");
  if (!outcome) {
    return;
  }
  var parts = ["decline_reason", "decline_note"]
    .map(function (name) {
      return document.getElementById("div_id_" + name);
    })
    .filter(Boolean);
  function update() {
    var declined = outcome.value === "declined";
    parts.forEach(function (part) {
      part.hidden = !declined;
    });
  }
  outcome.addEventListener("change", update);
  update();
})();
