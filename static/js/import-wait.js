// The import page waiting for the worker (templates/admin/portal/import_checking.html): every
// three seconds, fetch the page again; once it no longer waits, show it.
(function () {
  "use strict";

  function look() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (html.indexOf("data-import-checking") === -1) {
          window.location.reload();
        } else {
          window.setTimeout(look, 3000);
        }
      })
      .catch(function () { window.setTimeout(look, 10000); });
  }

  window.setTimeout(look, 3000);
})();
