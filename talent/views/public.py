"""The public pages: the form (入力 → 確認 → 完了) and the personal link (change, withdraw, erase)."""

import uuid

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
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
from portal.self_service_views import edit_request_view

from ..answers import answer_rows, form_initial, hints
from ..forms import (
    EditLinkRequestForm,
    EraseForm,
    PublicSpecialistForm,
    SpecialistEditForm,
    SpecialistSubmission,
    WithdrawForm,
)
from ..links import specialist_for_token
from ..models import Specialist
from ..self_service import (
    SELF_SERVICE,
    specialist_create,
    specialist_erase,
    specialist_update,
    specialist_withdraw,
)
from ..submission import PRIVACY_NOTICE_VERSION

DRAFTS = "talent_drafts"
EDIT_DRAFTS = "talent_edit_drafts"
EDIT_DONE = "talent_edit_done"


def _flow(view):
    """A page of the form flow: it shows a person's answers, so no cache may keep it."""
    return never_cache(require_http_methods(["GET", "HEAD", "POST"])(view))


def _param(request):
    return draft_token(request.POST.get("draft") or request.GET.get("draft"))


def _posted(request):
    return {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}


def _with_draft(url, token):
    return f"{url}?draft={token}"


def _form_page(
    request,
    submission,
    *,
    draft=None,
    expired=False,
    editing=None,
    token=None,
    blank=False,
    extra=None,
):
    context = {
        "submission": submission,
        "form": SimpleLazyObject(lambda: submission.form),
        "draft": draft,
        "expired": expired,
        "blank": blank,  # a new, empty form: its cached HTML is used (see the template)
        "editing": editing,
        "token": token,
        "form_action": reverse("talent:edit", args=[token])
        if editing
        else reverse("talent:register"),
        **(extra or {}),
    }
    return render(request, "talent/register.html", context)


def _submitted(request, *, on_valid, page, form_class=PublicSpecialistForm):
    """The POST of the form: more blocks (no JavaScript), errors, or on_valid(answers)."""
    block = request.POST.get("add_block")
    if block:
        return page(
            SpecialistSubmission.with_more_rows(request.POST, block=block, form_class=form_class)
        )
    submission = SpecialistSubmission(request.POST, form_class=form_class)
    if not submission.is_valid():
        return page(submission)
    return on_valid(submission)


@public
@_flow
def register(request):
    token = _param(request)

    def page(submission, **extra):
        return _form_page(request, submission, draft=token, **extra)

    if request.method == "POST":

        def on_valid(submission):
            saved = draft_save(request.session, DRAFTS, data=_posted(request), token=token)
            return redirect(_with_draft(reverse("talent:confirm"), saved))

        return _submitted(request, on_valid=on_valid, page=page)
    draft = draft_load(request.session, DRAFTS, token)
    if draft is None:
        # Built only when the cached HTML of the blank form has expired (see the template).
        blank = SimpleLazyObject(SpecialistSubmission)
        if token is None:
            return shared_page(request, lambda extra: page(blank, blank=True, extra=extra))
        finished = draft_result(request.session, DRAFTS, token) is not None
        return page(blank, expired=not finished, blank=True)
    return page(SpecialistSubmission(MultiValueDict(draft["data"])))


def _confirm_page(request, submission, *, draft, action, fix_url, editing=None):
    answers = submission.answers()
    return render(
        request,
        "talent/confirm.html",
        {
            "rows": answer_rows(answers),
            "hints": hints(answers),
            "draft": draft,
            "confirm_action": action,
            "fix_url": fix_url,
            "editing": editing,
        },
    )


@public
@_flow
def confirm(request):
    token = _param(request)
    draft = draft_load(request.session, DRAFTS, token)
    if draft is None:
        if (
            token
            and request.method == "POST"
            and draft_result(request.session, DRAFTS, token) is None
        ):
            stored = Specialist.objects.filter(submission_token=token).first()
            if stored is not None:
                draft_complete(request.session, DRAFTS, token, stored.pk)
        if draft_result(request.session, DRAFTS, token) is not None:
            return redirect(_with_draft(reverse("talent:complete"), token))
        if token is None and request.method != "POST":
            return redirect("talent:register")
        return _form_page(request, SpecialistSubmission(), expired=True)
    submission = SpecialistSubmission(MultiValueDict(draft["data"]))
    if not submission.is_valid():
        return redirect(_with_draft(reverse("talent:register"), token))
    if request.method == "POST":
        if rate_limited(
            scope="talent-registration",
            key=client_address(request),
            limit=settings.REGISTRATIONS_PER_CLIENT_PER_HOUR,
            window_seconds=3600,
        ):
            return render(request, "portal/too_many.html", status=429)
        specialist = specialist_create(
            answers=submission.answers(), submission_token=uuid.UUID(token)
        )
        draft_complete(request.session, DRAFTS, token, specialist.pk)
        return redirect(_with_draft(reverse("talent:complete"), token))
    return _confirm_page(
        request,
        submission,
        draft=token,
        action=reverse("talent:confirm"),
        fix_url=_with_draft(reverse("talent:register"), token),
    )


@public
@never_cache
def complete(request):
    pk = draft_result(request.session, DRAFTS, request.GET.get("draft"))
    if pk is None:
        return redirect("talent:register")
    specialist = get_object_or_404(Specialist, pk=pk)
    return render(request, "talent/complete.html", {"specialist": specialist})


@public
@shared_when_anonymous
def privacy(request):
    context = {
        "version": PRIVACY_NOTICE_VERSION,
        "deadline_days": settings.RECONFIRMATION_DEADLINE_DAYS,
        "retention_days": settings.TALENT_RETENTION_DAYS,
        "mail_retention_days": settings.MAIL_RETENTION_DAYS,
    }
    return render(request, "talent/privacy.html", context)


# The personal link.


def _refused(request, error):
    context = {"message": str(error), "renewable": error.renewable}
    return render(request, "talent/link_invalid.html", context, status=403)


def _edit_form_class(specialist):
    """The consent is asked again only if the privacy notice changed since it was given."""
    asked = privacy_consent_asked(
        consented_version=specialist.privacy_notice_version,
        current_version=PRIVACY_NOTICE_VERSION,
    )
    return PublicSpecialistForm if asked else SpecialistEditForm


def _edit_draft(request, specialist):
    token = _param(request)
    draft = draft_load(request.session, EDIT_DRAFTS, token)
    if draft is None or draft["specialist"] != specialist.pk:
        return token, None
    return token, draft


@public
@_flow
def edit(request, token):
    try:
        specialist = specialist_for_token(token)
    except LinkError as error:
        return _refused(request, error)
    draft_param, draft = _edit_draft(request, specialist)
    form_class = _edit_form_class(specialist)

    def page(submission, **extra):
        return _form_page(
            request, submission, draft=draft_param, editing=specialist, token=token, **extra
        )

    if request.method == "POST":

        def on_valid(submission):
            saved = draft_save(
                request.session,
                EDIT_DRAFTS,
                data=_posted(request),
                token=draft_param if draft else None,
                specialist=specialist.pk,
                version=specialist.edit_link_version,
            )
            return redirect(_with_draft(reverse("talent:edit-confirm", args=[token]), saved))

        return _submitted(request, on_valid=on_valid, page=page, form_class=form_class)
    if draft is None:
        submission = SpecialistSubmission(initial=form_initial(specialist), form_class=form_class)
        return page(submission, expired=draft_param is not None)
    return page(SpecialistSubmission(MultiValueDict(draft["data"]), form_class=form_class))


@public
@_flow
def edit_confirm(request, token):
    try:
        specialist = specialist_for_token(token)
    except LinkError as error:
        if error.entry_id and request.session.get(EDIT_DONE) == error.entry_id:
            return redirect("talent:edit-complete")
        return _refused(request, error)
    draft_param, draft = _edit_draft(request, specialist)
    form_class = _edit_form_class(specialist)
    if draft is None:
        if draft_param is None and request.method != "POST":
            return redirect("talent:edit", token=token)
        submission = SpecialistSubmission(initial=form_initial(specialist), form_class=form_class)
        return _form_page(request, submission, expired=True, editing=specialist, token=token)
    submission = SpecialistSubmission(MultiValueDict(draft["data"]), form_class=form_class)
    if not submission.is_valid():
        return redirect(_with_draft(reverse("talent:edit", args=[token]), draft_param))
    if request.method == "POST":
        try:
            specialist_update(
                specialist=specialist,
                answers=submission.answers(),
                expected_version=draft["version"],
            )
        except LinkError as error:
            return _refused(request, error)
        draft_complete(request.session, EDIT_DRAFTS, draft_param, specialist.pk)
        request.session[EDIT_DONE] = specialist.pk
        return redirect("talent:edit-complete")
    return _confirm_page(
        request,
        submission,
        draft=draft_param,
        action=reverse("talent:edit-confirm", args=[token]),
        fix_url=_with_draft(reverse("talent:edit", args=[token]), draft_param),
        editing=specialist,
    )


@public
@never_cache
def edit_complete(request):
    pk = request.session.get(EDIT_DONE)
    if pk is None:
        return redirect("talent:edit-request")
    specialist = get_object_or_404(Specialist, pk=pk)
    return render(request, "talent/edit_complete.html", {"specialist": specialist})


def _closing(request, token, *, form_class, action, template, done_template):
    """Withdraw or erase through the link, after a confirmation the person ticks."""
    try:
        specialist = specialist_for_token(token)
    except LinkError as error:
        return _refused(request, error)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        receipt_number = specialist.receipt_number
        try:
            action(specialist=specialist, expected_version=specialist.edit_link_version)
        except LinkError as error:
            return _refused(request, error)
        return render(request, done_template, {"receipt_number": receipt_number})
    return render(request, template, {"specialist": specialist, "form": form, "token": token})


@public
@_flow
def withdraw(request, token):
    return _closing(
        request,
        token,
        form_class=WithdrawForm,
        action=specialist_withdraw,
        template="talent/withdraw.html",
        done_template="talent/withdrawn.html",
    )


@public
@_flow
def erase(request, token):
    return _closing(
        request,
        token,
        form_class=EraseForm,
        action=specialist_erase,
        template="talent/erase.html",
        done_template="talent/erased.html",
    )


edit_request = edit_request_view(
    service=SELF_SERVICE,
    form_class=EditLinkRequestForm,
    template="talent/edit_request.html",
    rate_scope="talent-link",
)
