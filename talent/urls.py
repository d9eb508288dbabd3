from django.urls import path

from .views import public, reconfirmation, staff

app_name = "talent"

urlpatterns = [
    path("register/", public.register, name="register"),
    path("register/confirm/", public.confirm, name="confirm"),
    path("register/complete/", public.complete, name="complete"),
    path("privacy/", public.privacy, name="privacy"),
    path("edit/", public.edit_request, name="edit-request"),
    path("edit/complete/", public.edit_complete, name="edit-complete"),
    path("edit/<str:token>/", public.edit, name="edit"),
    path("edit/<str:token>/confirm/", public.edit_confirm, name="edit-confirm"),
    path("edit/<str:token>/withdraw/", public.withdraw, name="withdraw"),
    path("edit/<str:token>/erase/", public.erase, name="erase"),
    path("reconfirm/<str:token>/", reconfirmation.reconfirm, name="reconfirm"),
    path("staff/", staff.specialist_list, name="staff-list"),
    path("staff/list.xlsx", staff.specialist_export, name="staff-export"),
    path("staff/<int:pk>/", staff.specialist_detail, name="staff-detail"),
    path("staff/<int:pk>/hire/", staff.specialist_hire_view, name="staff-hire"),
]
