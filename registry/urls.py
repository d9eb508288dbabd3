from django.urls import path
from django.views.generic import RedirectView

from portal.access import public

from . import prefecture_views, reconfirmation_views, views

app_name = "registry"

urlpatterns = [
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
    # The prefecture page is now the staff home; the old address still leads there. Only a
    # redirect, so public: the staff home asks for the sign-in and the second factor.
    path(
        "prefecture/",
        public(RedirectView.as_view(pattern_name="portal:staff-home")),
        name="prefecture-home",
    ),
    path(
        "prefecture/companies/", prefecture_views.prefecture_companies, name="prefecture-companies"
    ),
    path(
        "prefecture/companies/<int:pk>/",
        prefecture_views.prefecture_company,
        name="prefecture-company",
    ),
    path(
        "prefecture/companies.xlsx",
        prefecture_views.prefecture_companies_xlsx,
        name="prefecture-companies-xlsx",
    ),
]
