// What every public form page shares: a "select the whole region" box per region of prefectures,
// and an error summary that takes the focus and leads to each field. The server holds the truth;
// without this script the page works the same, minus these conveniences.
(function () {
  "use strict";

  function boxes(group) {
    return Array.prototype.slice.call(
      group.querySelectorAll("input[type=checkbox]:not([data-region-toggle])")
    );
  }

  function syncRegion(group) {
    var toggle = group.querySelector("[data-region-toggle]");
    var enabled = boxes(group).filter(function (el) { return !el.disabled; });
    var on = enabled.filter(function (el) { return el.checked; }).length;
    toggle.checked = enabled.length > 0 && on === enabled.length;
    toggle.indeterminate = on > 0 && on < enabled.length;
    toggle.disabled = enabled.length === 0;
  }

  function syncRegions(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("[data-region-group]"), syncRegion);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-region-group]"), function (group) {
    var toggle = group.querySelector("[data-region-toggle]");
    toggle.closest(".region-all").hidden = false;
    toggle.addEventListener("change", function () {
      // Runs before the event bubbles on to the group and the form, which then see the result.
      boxes(group).forEach(function (el) {
        if (!el.disabled) el.checked = toggle.checked;
      });
    });
    group.addEventListener("change", function () { syncRegion(group); });
  });
  syncRegions();

  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      var container = target.closest(".question");
      (container || target).scrollIntoView({ block: "start" });
      target.focus();
    });
  }

  window.portalForms = { syncRegions: syncRegions };
})();
