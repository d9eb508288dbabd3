// The review workspace: after a decision the page opens on its outcome ("KR-… を「掲載」にしました"),
// which takes the focus so that a screen reader says it first and Tab goes on from there.
(function () {
  "use strict";
  var message = document.querySelector("[data-focus-on-load]");
  if (message) message.focus();
})();
