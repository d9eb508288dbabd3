// Fixes to Django's admin widgets that its own markup cannot take (see templates/admin/base_site.html).
(function () {
  "use strict";

  // The closed sidebar on a list is a default, not the person's choice (static/js/admin-nav-closed.js):
  // Django's deferred script, which runs before this one, has read it; forget it again.
  if (document.documentElement.getAttribute("data-nav-sidebar-default") === "closed") {
    try {
      window.localStorage.removeItem("django.admin.navSidebarIsOpen");
    } catch (error) {
      // No storage: nothing was kept.
    }
  }

  // SelectFilter2 (filter_horizontal) names its search boxes with an aria-label on a bare <span>,
  // which ARIA does not allow; as an image the same text still names the box through its <label>.
  function nameFilterIcons() {
    document.querySelectorAll(".help-tooltip.search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  // On a narrow screen Django lets an inline's table scroll inside its box. A read-only inline has
  // nothing to focus in it, so the box itself takes focus (named by its heading) while it scrolls.
  function focusableScrollers() {
    document.querySelectorAll(".inline-group").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth;
      var heading = box.querySelector("h2[id]");
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (heading) box.setAttribute("aria-labelledby", heading.id);
      } else if (!scrolls && box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-labelledby");
      }
    });
  }

  window.addEventListener("load", function () {
    nameFilterIcons();
    focusableScrollers();
  });
  window.addEventListener("resize", focusableScrollers);
})();
