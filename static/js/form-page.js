// What every public form page shares: a "select the whole region" box per region of prefectures,
// one Tab stop per open region (the arrow keys move between its boxes, as in a radio group), and
// an error summary that takes the focus and leads to each field. The server holds the truth;
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
    var count = group.querySelector("[data-region-count]");
    var chosen = boxes(group).filter(function (el) { return el.checked; }).length;
    if (count) count.textContent = "（" + chosen + "件選択）";
  }

  function syncRegions(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("[data-region-group]"), syncRegion);
  }

  // One Tab stop per region: 94 prefectures would otherwise be 94 presses of Tab.
  var KEYS = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

  function stops(group) {
    return Array.prototype.slice.call(group.querySelectorAll("input[type=checkbox]")).filter(
      function (el) { return !el.disabled && !el.closest("[hidden]"); }
    );
  }

  function rove(group, current) {
    var items = stops(group);
    if (items.indexOf(current) < 0) current = items[0];
    items.forEach(function (el) { el.tabIndex = el === current ? 0 : -1; });
  }

  function enableRoving(group) {
    group.addEventListener("focusin", function (event) {
      if (event.target.type === "checkbox") rove(group, event.target);
    });
    group.addEventListener("keydown", function (event) {
      var items = stops(group);
      var index = items.indexOf(event.target);
      if (index < 0) return;
      var next = null;
      if (event.key in KEYS) next = items[(index + KEYS[event.key] + items.length) % items.length];
      if (event.key === "Home") next = items[0];
      if (event.key === "End") next = items[items.length - 1];
      if (!next) return;
      event.preventDefault();
      next.focus();
    });
    rove(group, null);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-roving-hint]"), function (hint) {
    hint.hidden = false;
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-region-group]"), function (group) {
    var toggle = group.querySelector("[data-region-toggle]");
    toggle.closest(".region-all").hidden = false;
    enableRoving(group);
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
      var region = target.closest("details");
      if (region) region.open = true;
      var container = target.closest(".question");
      (container || target).scrollIntoView({ block: "start" });
      target.focus();
    });
  }

  window.portalForms = {
    syncRegions: function (root) {
      syncRegions(root);
      // Boxes enabled or disabled by another answer change which one takes the Tab stop.
      Array.prototype.forEach.call((root || document).querySelectorAll("[data-region-group]"), function (group) {
        rove(group, group.querySelector("input[type=checkbox][tabindex='0']"));
      });
    },
  };
})();
