// What every public form page shares: a "select the whole region" box per region of prefectures,
// one Tab stop per question of prefectures (the arrow keys move between its boxes and region
// names), and an error summary that takes the focus and leads to each field. The server holds the truth;
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

  // One Tab stop per question of prefectures (data-region-list): its other boxes (「全国」), 8
  // region names and 47 prefectures would otherwise be up to 57 presses of Tab. The arrow keys
  // move through them in page order, skipping the boxes of closed regions (as in a tree); Enter
  // opens a region (native <summary>), Space ticks a box. The stop stays where the person left it.
  var KEYS = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

  function stops(list) {
    return Array.prototype.filter.call(list.querySelectorAll("summary, input[type=checkbox]"), function (el) {
      if (el.tagName === "SUMMARY") return !el.closest("[hidden]");
      var details = el.closest("details");
      return !el.disabled && !el.closest("[hidden]") && !(details && !details.open);
    });
  }

  function rove(list, current) {
    var items = stops(list);
    if (items.indexOf(current) < 0) {
      // A box in a region just closed hands the stop to its region's name.
      var details = current && current.closest("details[data-region-group]");
      current = details && list.contains(details) ? details.querySelector("summary") : items[0];
    }
    Array.prototype.forEach.call(list.querySelectorAll("summary, input[type=checkbox]"), function (el) {
      el.tabIndex = el === current ? 0 : -1;
    });
  }

  function current(list) {
    return list.querySelector("summary[tabindex='0'], input[type=checkbox][tabindex='0']");
  }

  function enableRoving(list) {
    list.addEventListener("focusin", function (event) {
      if (stops(list).indexOf(event.target) >= 0) rove(list, event.target);
    });
    // "toggle" does not bubble: listen while it goes down.
    list.addEventListener("toggle", function () { rove(list, current(list)); }, true);
    list.addEventListener("keydown", function (event) {
      var items = stops(list);
      var index = items.indexOf(event.target);
      if (index < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
      var next = null;
      if (event.key in KEYS) next = items[(index + KEYS[event.key] + items.length) % items.length];
      if (event.key === "Home") next = items[0];
      if (event.key === "End") next = items[items.length - 1];
      if (!next) return;
      event.preventDefault();
      next.focus();
    });
    rove(list, null);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-roving-hint]"), function (hint) {
    hint.hidden = false;
  });
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
  Array.prototype.forEach.call(document.querySelectorAll("[data-region-list]"), enableRoving);
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
      Array.prototype.forEach.call((root || document).querySelectorAll("[data-region-list]"), function (list) {
        rove(list, current(list));
      });
    },
  };
})();
