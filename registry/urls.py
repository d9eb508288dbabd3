from django.urls import path
from django.views.generic import RedirectView

from portal.access import public
from portal.self_service_views import entry_urls

from . import prefecture_views, views

app_name = "registry"

urlpatterns = [
    # The form, the edit link's pages, the link request and the yearly reconfirmation's page.
    *entry_urls(
        views.PAGES,
        views.flow,
        form="register/",
        link="register/edit/",
        reconfirm="register/reconfirm/",
    ),
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
