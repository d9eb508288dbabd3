"""The pages of a prefecture's staff: the companies that can second staff to it, one company's
answers, and the Excel list. Everything is scoped by Registration.objects.for_prefecture_staff."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from portal.access import prefecture_staff_required
from portal.models import Prefecture

from ..answers import registration_answers
from ..exports import PREFECTURE_LIST, export_registrations
from ..filters import PrefectureCompanyFilter
from ..models import Registration
from ..questions import answer_rows


def _prefecture_company_filter(request, prefecture):
    registrations = Registration.objects.for_prefecture_staff(prefecture).prefetch_related(
        Prefetch("dispatch_prefectures", queryset=Prefecture.objects.order_by("code"))
    )
    return PrefectureCompanyFilter(request.GET, queryset=registrations, prefecture=prefecture)


@never_cache
@prefecture_staff_required
def prefecture_companies(request, prefecture):
    company_filter = _prefecture_company_filter(request, prefecture)
    page = Paginator(company_filter.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/prefecture/companies.html",
        {"prefecture": prefecture, "filter": company_filter, "page": page},
    )


@never_cache
@prefecture_staff_required
def prefecture_company(request, prefecture, pk):
    """All 16 answers of one company the prefecture may see; any other is not found."""
    registration = get_object_or_404(Registration.objects.for_prefecture_staff(prefecture), pk=pk)
    return render(
        request,
        "registry/prefecture/company.html",
        {
            "prefecture": prefecture,
            "registration": registration,
            "rows": answer_rows(registration_answers(registration)),
        },
    )


@never_cache
@prefecture_staff_required
def prefecture_companies_xlsx(request, prefecture):
    company_filter = _prefecture_company_filter(request, prefecture)
    if not company_filter.form.is_valid():
        # Show the list with the errors rather than export rows the user did not ask for.
        return redirect(f"{reverse('registry:prefecture-companies')}?{request.GET.urlencode()}")
    return export_registrations(
        registrations=company_filter.qs,
        kind=PREFECTURE_LIST,
        user=request.user,
        prefecture=prefecture,
        conditions=[("都道府県", prefecture.name), *company_filter.describe()],
        name_part=prefecture.name,
    )
