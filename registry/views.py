import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.datastructures import MultiValueDict
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.access import public
from portal.drafts import draft_complete, draft_load, draft_result, draft_save, draft_token
from portal.forms import privacy_consent_asked
from portal.links import LinkError
from portal.page_cache import shared_page, shared_when_anonymous
from portal.ratelimit import client_address, rate_limited
from portal.self_service import ChangedByStaff
from portal.self_service_views import edit_request_view

from .company_edits import (
    SELF_SERVICE,
    edit_opened_mark,
    form_data_from_registration,
    registration_company_update,
    registration_company_withdraw,
    registration_create,
)
from .forms import EditLinkRequestForm, RegistrationEditForm, RegistrationForm, WithdrawForm
from .links import registration_for_token
from .models import Registration
from .public_list import kept_query, public_list_html, public_list_version, public_prefectures
from .publication import published_summary
from .questions import answer_rows, number
from .submission import PRIVACY_NOTICE_VERSION

DRAFTS_KEY = "registration_drafts"
EDIT_DRAFTS_KEY = "registration_edit_drafts"
EDIT_DONE_KEY = "registration_edit_done"
SESSION_EXPIRED = (
    "一定時間が経過したため、入力内容が失われました。お手数ですが、もう一度入力してください。"
)


def _flow_view(view):
    """A page of the form flow: it shows a company's answers, so no cache may keep it."""
    return never_cache(require_http_methods(["GET", "HEAD", "POST"])(view))


def _posted_answers(request, form):
    return {name: request.POST.getlist(name) for name in form.fields}


def _draft_param(request):
    return draft_token(request.POST.get("draft") or request.GET.get("draft"))


def _with_draft(url, token):
    return f"{url}?{urlencode({'draft': token})}"


NEW_REGISTRATION = {
    "form_action": reverse_lazy("registry:register"),
    "confirm_action": reverse_lazy("registry:confirm"),
    "fix_url": reverse_lazy("registry:register"),
    "submit_label": "この内容で登録する",
}


def _register_page(request, *, form=None, draft=None, expired=False, status=200, extra=None):
    # A blank form is built only when its cached HTML has expired (see the template).
    blank_form = SimpleLazyObject(RegistrationForm)
    context = {"form": form, "blank_form": blank_form, "draft": draft, "expired": expired}
    context = {**context, **NEW_REGISTRATION, **(extra or {})}
    return render(request, "registry/register.html", context, status=status)


@public
@_flow_view
def register(request):
    token = _draft_param(request)
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            token = draft_save(
                request.session, DRAFTS_KEY, data=_posted_answers(request, form), token=token
            )
            return redirect(_with_draft(reverse("registry:confirm"), token))
        return _register_page(request, form=form, draft=token)
    draft = draft_load(request.session, DRAFTS_KEY, token)
    if draft is None:
        if token is None:
            return shared_page(request, lambda extra: _register_page(request, extra=extra))
        finished = draft_result(request.session, DRAFTS_KEY, token) is not None
        return _register_page(request, expired=not finished)
    return _register_page(
        request, form=RegistrationForm(MultiValueDict(draft["data"])), draft=token
    )


@public
@_flow_view
def confirm(request):
    token = _draft_param(request)
    draft = draft_load(request.session, DRAFTS_KEY, token)
    if draft is None:
        if draft_result(request.session, DRAFTS_KEY, token) is None and request.method == "POST":
            # The session is gone, but this token's registration may have been stored already.
            stored = Registration.objects.filter(submission_token=token).first() if token else None
            if stored is not None:
                draft_complete(request.session, DRAFTS_KEY, token, stored.pk)
        if draft_result(request.session, DRAFTS_KEY, token) is not None:
            return redirect(_with_draft(reverse("registry:complete"), token))
        if token is None and request.method != "POST":
            return redirect("registry:register")
        return _register_page(request, expired=True)
    form = RegistrationForm(MultiValueDict(draft["data"]))
    if not form.is_valid():
        return redirect(_with_draft(reverse("registry:register"), token))
    if request.method == "POST":
        if rate_limited(
            scope="registration",
            key=client_address(request),
            limit=settings.REGISTRATIONS_PER_CLIENT_PER_HOUR,
            window_seconds=3600,
        ):
            return render(request, "portal/too_many.html", status=429)
        registration = registration_create(
            answers=form.cleaned_data, submission_token=uuid.UUID(token)
        )
        draft_complete(request.session, DRAFTS_KEY, token, registration.pk)
        return redirect(_with_draft(reverse("registry:complete"), token))
    return render(
        request,
        "registry/confirm.html",
        {
            "form": form,
            "rows": answer_rows(form.cleaned_data),
            "draft": token,
            **NEW_REGISTRATION,
        },
    )


@public
@never_cache
def complete(request):
    pk = draft_result(request.session, DRAFTS_KEY, request.GET.get("draft"))
    if pk is None:
        return redirect("registry:register")
    registration = get_object_or_404(Registration, pk=pk)
    return render(
        request,
        "registry/complete.html",
        {"registration": registration, "published_summary": published_summary()},
    )


# Editing through the company's personal link (registry.links).


def _link_refused(request, error):
    context = {"message": str(error), "renewable": error.renewable}
    return render(request, "registry/edit_link_invalid.html", context, status=403)


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


def _edit_form_class(registration):
    """The consent is asked again only if the privacy notice changed since it was given."""
    asked = privacy_consent_asked(
        consented_version=registration.privacy_notice_version,
        current_version=PRIVACY_NOTICE_VERSION,
    )
    return RegistrationForm if asked else RegistrationEditForm


def _stored_answers_form(registration):
    """The edit form filled in with the stored answers (bound, so that an answer that no longer
    passes a rule shows its error at once)."""
    form = _edit_form_class(registration)(form_data_from_registration(registration))
    if "privacy_consent" in form.fields and not form.is_valid():
        # Asked again because the notice changed: not a mistake in the answers, so no error
        # before the company has had the chance to tick it.
        form.errors.pop("privacy_consent", None)
    return form


def _edit_page(
    request, token, registration, *, form=None, draft=None, expired=False, opened=None, **flags
):
    """The edit form; `opened` is the mark of the answers it was first built from (a new one when
    it starts again from the stored answers)."""
    # Marked before the form is built: a change in between then shows as one (never the reverse).
    opened = opened or edit_opened_mark(registration)
    form = form or _stored_answers_form(registration)
    context = {"form": form, "draft": draft, "expired": expired, "opened": opened, **flags}
    return render(
        request, "registry/register.html", {**context, **_edit_context(token, registration)}
    )


def _edit_draft(request, registration):
    token = _draft_param(request)
    draft = draft_load(request.session, EDIT_DRAFTS_KEY, token)
    if draft is None or draft["registration"] != registration.pk:
        return token, None
    return token, draft


@public
@_flow_view
def edit(request, token):
    try:
        registration = registration_for_token(token)
    except LinkError as error:
        return _link_refused(request, error)
    draft_param, draft = _edit_draft(request, registration)
    if request.method == "POST":
        form = _edit_form_class(registration)(request.POST)
        if form.is_valid():
            draft_param = draft_save(
                request.session,
                EDIT_DRAFTS_KEY,
                data=_posted_answers(request, form),
                token=draft_param if draft else None,
                registration=registration.pk,
                version=registration.edit_link_version,
                opened=request.POST.get("opened", ""),
            )
            return redirect(
                _with_draft(reverse("registry:edit-confirm", args=[token]), draft_param)
            )
        opened = request.POST.get("opened")
        return _edit_page(request, token, registration, form=form, draft=draft_param, opened=opened)
    if draft is None:
        return _edit_page(request, token, registration, expired=draft_param is not None)
    form = _edit_form_class(registration)(MultiValueDict(draft["data"]))
    opened = draft.get("opened")
    return _edit_page(request, token, registration, form=form, draft=draft_param, opened=opened)


@public
@_flow_view
def edit_confirm(request, token):
    try:
        registration = registration_for_token(token)
    except LinkError as error:
        # A second click on the final button arrives after the first has replaced the link.
        if error.entry_id and request.session.get(EDIT_DONE_KEY) == error.entry_id:
            return redirect("registry:edit-complete")
        return _link_refused(request, error)
    draft_param, draft = _edit_draft(request, registration)
    if draft is None:
        if draft_param is None and request.method != "POST":
            return redirect("registry:edit", token=token)
        return _edit_page(request, token, registration, expired=True)
    form = _edit_form_class(registration)(MultiValueDict(draft["data"]))
    if not form.is_valid():
        return redirect(_with_draft(reverse("registry:edit", args=[token]), draft_param))
    if request.method == "POST":
        try:
            registration_company_update(
                registration=registration,
                answers=form.cleaned_data,
                expected_version=draft["version"],
                opened=draft.get("opened", ""),
            )
        except LinkError as error:
            return _link_refused(request, error)
        except ChangedByStaff:
            # Start again from the answers as they are now (read again: the lock was released).
            registration = Registration.objects.get(pk=registration.pk)
            return _edit_page(request, token, registration, changed_by_staff=True)
        draft_complete(request.session, EDIT_DRAFTS_KEY, draft_param, registration.pk)
        request.session[EDIT_DONE_KEY] = registration.pk
        return redirect("registry:edit-complete")
    return render(
        request,
        "registry/confirm.html",
        {
            "form": form,
            "rows": answer_rows(form.cleaned_data),
            "draft": draft_param,
            **_edit_context(token, registration),
        },
    )


@public
@never_cache
def edit_complete(request):
    pk = request.session.get(EDIT_DONE_KEY)
    if pk is None:
        return redirect("registry:edit-request")
    registration = get_object_or_404(Registration, pk=pk)
    return render(request, "registry/edit_complete.html", {"registration": registration})


@public
@_flow_view
def withdraw(request, token):
    try:
        registration = registration_for_token(token)
    except LinkError as error:
        return _link_refused(request, error)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration_company_withdraw(
                registration=registration,
                reason=form.cleaned_data["reason"],
                expected_version=registration.edit_link_version,
            )
        except LinkError as error:
            return _link_refused(request, error)
        return render(request, "registry/withdrawn.html", {"registration": registration})
    return render(
        request,
        "registry/withdraw.html",
        {"registration": registration, "form": form, "token": token},
    )


edit_request = edit_request_view(
    service=SELF_SERVICE,
    form_class=EditLinkRequestForm,
    template="registry/edit_request.html",
    rate_scope="edit-link",
)


@public
@shared_when_anonymous
def privacy(request):
    return render(
        request,
        "registry/privacy.html",
        {
            "version": PRIVACY_NOTICE_VERSION,
            "dispatch_question": number("dispatch_scope"),
            "published_summary": published_summary(),
            "retention_days": settings.REGISTRATION_RETENTION_DAYS,
            "mail_retention_days": settings.MAIL_RETENTION_DAYS,
        },
    )


@public
def companies(request):
    """The public list: published registrations only, and nothing about the people in them."""
    prefectures = public_prefectures()
    code = request.GET.get("prefecture", "")
    name = dict(prefectures).get(code)
    prefecture = (code, name) if name else None
    page = request.GET.get("page")
    version = public_list_version()
    expires_at, list_html, shown = public_list_html(
        prefecture=prefecture, page=page, version=version
    )
    context = {
        "prefectures": prefectures,
        "selected": code if name else "",
        "invalid": bool(code) and name is None,
        "list_html": list_html,
    }

    def page_html(extra):
        return render(request, "registry/companies.html", {**context, **extra})

    if request.META.get("QUERY_STRING", "") != kept_query(prefecture=prefecture, page=page) or (
        page and int(page) != shown  # past the end: the last page, not kept a second time
    ):
        return page_html({})
    # The page around the list follows from the list and the filter alone.
    return shared_page(
        request,
        page_html,
        keyed_by_query=True,
        valid_while=(public_list_version, version),
        expires_at=expires_at,
    )
