// The talent form with fewer stops for the keyboard: 勤務を始められる年月 appears when
// 「年月を指定する」 is chosen, 「その他」の内容 when 「その他」 is ticked, and the experience and exam blocks beyond the first ones appear
// on request. Without this script every question and block is shown (and the buttons at the end
// of the form add blocks through the server); the server checks every answer either way.
(function () {
  "use strict";
  var form = document.getElementById("talent-form");
  if (!form) return;

  var startMonth = document.getElementById("start-month");
  function updateStart() {
    var chosen = form.querySelector("input[name=start]:checked");
    var shown = !!chosen && chosen.value === "month";
    startMonth.hidden = !shown;
  }
  if (startMonth) {
    form.addEventListener("change", function (event) {
      if (event.target.name === "start") updateStart();
    });
    updateStart();
  }

  // 「その他」の内容 appears when a 得意分野 that takes a text (その他) is ticked.
  var other = document.getElementById("specialty-other");
  function updateOther() {
    other.hidden = !form.querySelector("[data-takes-text] input:checked");
  }
  if (other) {
    form.addEventListener("change", function (event) {
      if (event.target.name === "specialties") updateOther();
    });
    updateOther();
  }

  function isBlank(row) {
    if (row.querySelector(".is-invalid, .has-error")) return false;
    return Array.prototype.every.call(row.querySelectorAll("input, select, textarea"), function (el) {
      return el.type === "checkbox" ? !el.checked : !el.value;
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-rows]"), function (block) {
    var rows = Array.prototype.slice.call(block.querySelectorAll("[data-row]"));
    var min = parseInt(block.getAttribute("data-rows-min"), 10);
    if (min) {
      // Keep every block in use (a page come back from the browser's history keeps its values).
      var shown = min;
      rows.forEach(function (row, index) {
        if (!isBlank(row)) shown = Math.max(shown, index + 1);
      });
      rows.forEach(function (row, index) { row.hidden = index >= shown; });
    }
    var button = block.querySelector("[data-add-row]");
    button.hidden = false;
    button.addEventListener("click", function () {
      var next = rows.filter(function (row) { return row.hidden; })[0];
      if (!next) {
        // Every block on the page is shown: the server draws the page again with one more.
        var more = form.querySelector("button[name=add_block][value='" + button.getAttribute("data-add-row") + "']");
        if (form.requestSubmit) form.requestSubmit(more); else more.click();
        return;
      }
      next.hidden = false;
      next.querySelector("input, select, textarea").focus();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-no-js-note]"), function (note) {
    note.hidden = true;
  });
})();
