import uuid

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_http_methods

from .answers import answer_rows
from .exports import export_registrations
from .filters import PrefectureCompanyFilter, PublicCompanyFilter
from .forms import RegistrationForm
from .models import ExportLog, Prefecture, Registration
from .prefecture_access import prefecture_staff_required
from .submission import PRIVACY_NOTICE_VERSION, registration_create

# The answers between 入力 and 完了 live in the session, never in hidden fields the client could edit.
DRAFT_KEY = "registration_draft"
COMPLETED_KEY = "registration_completed"


def _draft_form(request):
    draft = request.session.get(DRAFT_KEY)
    if draft is None:
        return None, None
    return RegistrationForm(MultiValueDict(draft["data"])), draft["token"]


@require_http_methods(["GET", "POST"])
def register(request):
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            request.session[DRAFT_KEY] = {
                "data": {name: request.POST.getlist(name) for name in form.fields},
                "token": str(uuid.uuid4()),
            }
            return redirect("registry:confirm")
    else:
        form, _ = _draft_form(request)
        form = form or RegistrationForm()
    return render(request, "registry/register.html", {"form": form})


@require_http_methods(["GET", "POST"])
def confirm(request):
    form, token = _draft_form(request)
    if form is None:
        if request.method == "POST" and COMPLETED_KEY in request.session:
            return redirect("registry:complete")
        return redirect("registry:register")
    if not form.is_valid():
        return redirect("registry:register")
    if request.method == "POST":
        registration = registration_create(
            answers=form.cleaned_data, submission_token=uuid.UUID(token)
        )
        del request.session[DRAFT_KEY]
        request.session[COMPLETED_KEY] = registration.pk
        return redirect("registry:complete")
    return render(
        request, "registry/confirm.html", {"form": form, "rows": answer_rows(form.cleaned_data)}
    )


def complete(request):
    pk = request.session.get(COMPLETED_KEY)
    if pk is None:
        return redirect("registry:register")
    registration = get_object_or_404(Registration, pk=pk)
    return render(request, "registry/complete.html", {"registration": registration})


def privacy(request):
    return render(request, "registry/privacy.html", {"version": PRIVACY_NOTICE_VERSION})


def home(request):
    return render(request, "registry/home.html")


def companies(request):
    """The public list: published registrations only, and nothing about the people in them."""
    published = (
        Registration.objects.published()
        .in_public_order()
        .only(
            "company_name",
            "secondment",
            "retiree_outreach",
            "dispatch_nationwide",
            "dispatch_undecided",
            "website",
        )
        .prefetch_related(
            Prefetch("dispatch_prefectures", queryset=Prefecture.objects.order_by("code"))
        )
    )
    company_filter = PublicCompanyFilter(request.GET, queryset=published)
    page = Paginator(company_filter.qs, 50).get_page(request.GET.get("page"))
    return render(request, "registry/companies.html", {"filter": company_filter, "page": page})


@prefecture_staff_required
def prefecture_home(request, prefecture):
    reachable = Registration.objects.for_prefecture_staff(prefecture)
    return render(
        request,
        "registry/prefecture/home.html",
        {"prefecture": prefecture, "company_count": reachable.count()},
    )


def _prefecture_company_filter(request, prefecture):
    registrations = Registration.objects.for_prefecture_staff(prefecture).prefetch_related(
        Prefetch("dispatch_prefectures", queryset=Prefecture.objects.order_by("code"))
    )
    return PrefectureCompanyFilter(request.GET, queryset=registrations, prefecture=prefecture)


@prefecture_staff_required
def prefecture_companies(request, prefecture):
    company_filter = _prefecture_company_filter(request, prefecture)
    page = Paginator(company_filter.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/prefecture/companies.html",
        {
            "prefecture": prefecture,
            "filter": company_filter,
            "page": page,
            "query": query.urlencode(),
        },
    )


@prefecture_staff_required
def prefecture_companies_xlsx(request, prefecture):
    company_filter = _prefecture_company_filter(request, prefecture)
    if not company_filter.form.is_valid():
        # Show the list with the errors rather than export rows the user did not ask for.
        return redirect(f"{reverse('registry:prefecture-companies')}?{request.GET.urlencode()}")
    return export_registrations(
        registrations=company_filter.qs,
        kind=ExportLog.Kind.PREFECTURE_LIST,
        user=request.user,
        prefecture=prefecture,
        conditions=[("都道府県", prefecture.name), *company_filter.describe()],
        name_part=prefecture.name,
    )
