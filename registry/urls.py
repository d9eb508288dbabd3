from django.urls import path

from . import reconfirmation_views, views

app_name = "registry"

urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("register/confirm/", views.confirm, name="confirm"),
    path("register/complete/", views.complete, name="complete"),
    path("register/edit/", views.edit_request, name="edit-request"),
    path("register/edit/complete/", views.edit_complete, name="edit-complete"),
    path("register/edit/<str:token>/", views.edit, name="edit"),
    path("register/edit/<str:token>/confirm/", views.edit_confirm, name="edit-confirm"),
    path("register/edit/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("register/reconfirm/<str:token>/", reconfirmation_views.reconfirm, name="reconfirm"),
    path("privacy/", views.privacy, name="privacy"),
    path("companies/", views.companies, name="companies"),
    path("prefecture/", views.prefecture_home, name="prefecture-home"),
    path("prefecture/companies/", views.prefecture_companies, name="prefecture-companies"),
    path(
        "prefecture/companies.xlsx",
        views.prefecture_companies_xlsx,
        name="prefecture-companies-xlsx",
    ),
]
