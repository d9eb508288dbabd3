// The review workspace: after a decision the page opens on its outcome ("KR-… を「掲載」にしました"),
// and a refused one on what to do (the error summary, or the reason a 差戻し needs). That takes the
// focus, so a screen reader says it first and Tab goes on from there.
(function () {
  "use strict";
  var target = document.querySelector("[data-focus-on-load]") ||
    document.getElementById("error-summary") ||
    document.querySelector("[aria-invalid=true]");
  if (target) target.focus();
})();
