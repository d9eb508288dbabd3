from django.urls import path
from django.views.generic import RedirectView

from portal import access
from portal.views.self_service import entry_urls

from .views import public, staff

app_name = "registry"

urlpatterns = [
    # The form, the edit link's pages, the link request and the yearly reconfirmation's page.
    *entry_urls(
        public.PAGES,
        public.flow,
        form="register/",
        link="register/edit/",
        reconfirm="register/reconfirm/",
    ),
    path("privacy/", public.privacy, name="privacy"),
    path("companies/", public.companies, name="companies"),
    # The prefecture page is now the staff home; the old address still leads there. Only a
    # redirect, so public: the staff home asks for the sign-in and the second factor.
    path(
        "prefecture/",
        access.public(RedirectView.as_view(pattern_name="portal:staff-home")),
        name="prefecture-home",
    ),
    path("prefecture/companies/", staff.prefecture_companies, name="prefecture-companies"),
    path(
        "prefecture/companies/<int:pk>/",
        staff.prefecture_company,
        name="prefecture-company",
    ),
    path(
        "prefecture/companies.xlsx",
        staff.prefecture_companies_xlsx,
        name="prefecture-companies-xlsx",
    ),
]
