// A second click would only repeat the same submission (the server ignores it); this avoids the wait.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form[data-submit-once]"), function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitted) {
        event.preventDefault();
        return;
      }
      form.dataset.submitted = "true";
      Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (button) {
        button.setAttribute("aria-disabled", "true");
        button.textContent = "送信しています…";
      });
    });
  });
})();
