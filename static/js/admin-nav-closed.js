// On a list, Django's navigation sidebar starts closed: open, its 276 px squeezed the list at
// 1280 px. Django's own script (admin/js/nav_sidebar.js, deferred) reads the person's choice from
// localStorage; this script runs before it, in <head>, and only puts "closed" there when the
// person has never chosen. static/js/admin.js takes that default away again once Django has read
// it, so that only a click on the toggle is remembered (and the sidebar opens by default on the
// other admin pages).
(function () {
  "use strict";
  var KEY = "django.admin.navSidebarIsOpen";
  try {
    if (window.localStorage.getItem(KEY) === null) {
      window.localStorage.setItem(KEY, "false");
      document.documentElement.setAttribute("data-nav-sidebar-default", "closed");
    }
  } catch (error) {
    // No storage (a privacy setting): Django's script then opens the sidebar, as before.
  }
})();
