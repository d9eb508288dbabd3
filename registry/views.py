import uuid

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.datastructures import MultiValueDict
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods

from .answers import answer_rows
from .company_edits import (
    form_data_from_registration,
    registration_company_update,
    registration_company_withdraw,
)
from .duplicates import email_key
from .edit_links import EditLinkError, edit_links_request, registration_for_token
from .exports import export_registrations
from .filters import PrefectureCompanyFilter, PublicCompanyFilter
from .forms import EditLinkRequestForm, RegistrationForm, WithdrawForm
from .mail import MailAfterResponse
from .models import ExportLog, Prefecture, Registration
from .prefecture_access import prefecture_staff_required
from .ratelimit import client_address, rate_limited
from .submission import PRIVACY_NOTICE_VERSION, registration_create

# The answers between 入力 and 完了 live in the session, never in hidden fields the client could edit.
DRAFT_KEY = "registration_draft"
COMPLETED_KEY = "registration_completed"
# Requests for new edit links: per client address and per e-mail address, each hour.
EDIT_REQUESTS_PER_CLIENT = {"limit": 20, "window_seconds": 3600}
EDIT_REQUESTS_PER_ADDRESS = {"limit": 5, "window_seconds": 3600}


def _draft_form(request, key=DRAFT_KEY, registration_id=None):
    draft = request.session.get(key)
    if draft is None or draft.get("registration") != registration_id:
        return None, None
    return RegistrationForm(MultiValueDict(draft["data"])), draft


def _save_draft(request, form, key=DRAFT_KEY, **extra):
    request.session[key] = {
        "data": {name: request.POST.getlist(name) for name in form.fields},
        "token": str(uuid.uuid4()),
        "registration": None,
        **extra,
    }


NEW_REGISTRATION = {
    "form_action": reverse_lazy("registry:register"),
    "confirm_action": reverse_lazy("registry:confirm"),
    "fix_url": reverse_lazy("registry:register"),
    "submit_label": "この内容で登録する",
}


@require_http_methods(["GET", "POST"])
def register(request):
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            _save_draft(request, form)
            return redirect("registry:confirm")
    else:
        form, _ = _draft_form(request)
    # A blank form is built only when its cached HTML has expired (see the template).
    blank_form = SimpleLazyObject(RegistrationForm)
    return render(
        request,
        "registry/register.html",
        {"form": form, "blank_form": blank_form, **NEW_REGISTRATION},
    )


@require_http_methods(["GET", "POST"])
def confirm(request):
    form, draft = _draft_form(request)
    if form is None:
        if request.method == "POST" and COMPLETED_KEY in request.session:
            return redirect("registry:complete")
        return redirect("registry:register")
    if not form.is_valid():
        return redirect("registry:register")
    if request.method == "POST":
        if rate_limited(
            scope="registration",
            key=client_address(request),
            limit=settings.REGISTRATIONS_PER_CLIENT_PER_HOUR,
            window_seconds=3600,
        ):
            return render(request, "registry/too_many.html", status=429)
        registration = registration_create(
            answers=form.cleaned_data, submission_token=uuid.UUID(draft["token"])
        )
        del request.session[DRAFT_KEY]
        request.session[COMPLETED_KEY] = registration.pk
        return redirect("registry:complete")
    return render(
        request,
        "registry/confirm.html",
        {"form": form, "rows": answer_rows(form.cleaned_data), **NEW_REGISTRATION},
    )


def complete(request):
    pk = request.session.get(COMPLETED_KEY)
    if pk is None:
        return redirect("registry:register")
    registration = get_object_or_404(Registration, pk=pk)
    return render(request, "registry/complete.html", {"registration": registration})


# Editing through the company's personal link (registry.edit_links).
EDIT_DRAFT_KEY = "registration_edit_draft"
EDIT_DONE_KEY = "registration_edit_done"


def _link_refused(request, error):
    return render(request, "registry/edit_link_invalid.html", {"message": str(error)}, status=403)


def _edit_context(token, registration):
    return {
        "editing": registration,
        "page_title": "登録内容の変更",
        "form_action": reverse("registry:edit", args=[token]),
        "confirm_action": reverse("registry:edit-confirm", args=[token]),
        "fix_url": reverse("registry:edit", args=[token]),
        "withdraw_url": reverse("registry:withdraw", args=[token]),
        "submit_label": "この内容で変更する",
    }


@require_http_methods(["GET", "POST"])
def edit(request, token):
    try:
        registration = registration_for_token(token)
    except EditLinkError as error:
        return _link_refused(request, error)
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            _save_draft(
                request,
                form,
                EDIT_DRAFT_KEY,
                registration=registration.pk,
                version=registration.edit_link_version,
            )
            return redirect("registry:edit-confirm", token=token)
    else:
        form, _ = _draft_form(request, EDIT_DRAFT_KEY, registration.pk)
        form = form or RegistrationForm(form_data_from_registration(registration))
    return render(
        request, "registry/register.html", {"form": form, **_edit_context(token, registration)}
    )


@require_http_methods(["GET", "POST"])
def edit_confirm(request, token):
    try:
        registration = registration_for_token(token)
    except EditLinkError as error:
        # A second click on the final button arrives after the first has replaced the link.
        if error.registration_id and request.session.get(EDIT_DONE_KEY) == error.registration_id:
            return redirect("registry:edit-complete")
        return _link_refused(request, error)
    form, draft = _draft_form(request, EDIT_DRAFT_KEY, registration.pk)
    if form is None or not form.is_valid():
        return redirect("registry:edit", token=token)
    if request.method == "POST":
        try:
            registration_company_update(
                registration=registration,
                answers=form.cleaned_data,
                expected_version=draft["version"],
            )
        except EditLinkError as error:
            return _link_refused(request, error)
        del request.session[EDIT_DRAFT_KEY]
        request.session[EDIT_DONE_KEY] = registration.pk
        return redirect("registry:edit-complete")
    return render(
        request,
        "registry/confirm.html",
        {
            "form": form,
            "rows": answer_rows(form.cleaned_data),
            **_edit_context(token, registration),
        },
    )


def edit_complete(request):
    pk = request.session.get(EDIT_DONE_KEY)
    if pk is None:
        return redirect("registry:edit-request")
    registration = get_object_or_404(Registration, pk=pk)
    return render(request, "registry/edit_complete.html", {"registration": registration})


@require_http_methods(["GET", "POST"])
def withdraw(request, token):
    try:
        registration = registration_for_token(token)
    except EditLinkError as error:
        return _link_refused(request, error)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration_company_withdraw(
                registration=registration,
                reason=form.cleaned_data["reason"],
                expected_version=registration.edit_link_version,
            )
        except EditLinkError as error:
            return _link_refused(request, error)
        return render(request, "registry/withdrawn.html", {"registration": registration})
    return render(
        request,
        "registry/withdraw.html",
        {"registration": registration, "form": form, "token": token},
    )


@require_http_methods(["GET", "POST"])
def edit_request(request):
    """Mail fresh links for an address; the answer never tells whether the address is known."""
    form = EditLinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if rate_limited(
            scope="edit-link-ip", key=client_address(request), **EDIT_REQUESTS_PER_CLIENT
        ) or rate_limited(
            scope="edit-link-email", key=email_key(email), **EDIT_REQUESTS_PER_ADDRESS
        ):
            return render(
                request, "registry/edit_request.html", {"form": form, "limited": True}, status=429
            )
        mails = edit_links_request(email=email, receipt_number=form.cleaned_data["receipt_number"])
        page = render_to_string(
            "registry/edit_request.html", {"form": form, "requested": True}, request=request
        )
        # Known or not, the reply is the same and leaves before any mail is sent.
        return MailAfterResponse(page, mails=mails)
    return render(request, "registry/edit_request.html", {"form": form})


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
