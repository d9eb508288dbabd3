from django.urls import path

from portal.views.self_service import entry_urls

from .views import public, staff

app_name = "talent"

urlpatterns = [
    path("privacy/", public.privacy, name="privacy"),
    # The form, the personal link's pages, the link request and the yearly reconfirmation's page.
    *entry_urls(public.PAGES, public.flow, form="register/", link="edit/", reconfirm="reconfirm/"),
    path("staff/", staff.specialist_list, name="staff-list"),
    path("staff/list.xlsx", staff.specialist_export, name="staff-export"),
    path("staff/<int:pk>/", staff.specialist_detail, name="staff-detail"),
    path("staff/<int:pk>/hire/", staff.specialist_hire_view, name="staff-hire"),
]
