"""The public pages: the form (入力 → 確認 → 完了) and the edit link (change, withdraw), made by
portal.views.self_service from the registry's declaration; the privacy notice and the public list
of companies."""

from django.conf import settings
from django.shortcuts import render

from portal.access import public
from portal.page_cache import shared_page, shared_when_anonymous
from portal.views.self_service import Closing, EntryPages, entry_views

from ..answers import registration_answers
from ..company_edits import (
    SELF_SERVICE,
    form_data_from_registration,
    registration_company_withdraw,
)
from ..forms import EditLinkRequestForm, RegistrationEditForm, RegistrationForm, WithdrawForm
from ..links import EDIT_LINK
from ..public_list import kept_query, public_list_html, public_list_version, public_prefectures
from ..publication import published_summary
from ..questions import answer_rows, number
from ..submission import PRIVACY_NOTICE_VERSION


def _stored_answers_form(registration, form_class):
    """The edit form filled in with the stored answers (bound, so that an answer that no longer
    passes a rule shows its error at once)."""
    form = form_class(form_data_from_registration(registration))
    if "privacy_consent" in form.fields and not form.is_valid():
        # Asked again because the notice changed: not a mistake in the answers, so no error
        # before the company has had the chance to tick it.
        form.errors.pop("privacy_consent", None)
    return form


PAGES = EntryPages(
    service=SELF_SERVICE,
    link=EDIT_LINK,
    session_key="registration",
    rate_scope="registration",
    form_class=RegistrationForm,
    edit_form_class=RegistrationEditForm,
    stored_form=_stored_answers_form,
    confirm_context=lambda answers: {"rows": answer_rows(answers)},
    stored_rows=lambda registration: answer_rows(registration_answers(registration)),
    refused_template="registry/edit_link_invalid.html",
    link_request_form=EditLinkRequestForm,
    link_request_scope="edit-link",
    complete_context=lambda registration: {"published_summary": published_summary()},
    closings={
        "withdraw": Closing(
            form_class=WithdrawForm,
            action=registration_company_withdraw,
            template="registry/withdraw.html",
            done_template="registry/withdrawn.html",
            passed=("reason",),
        )
    },
)
flow = entry_views(PAGES)


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
    version = public_list_version()
    prefectures = public_prefectures(version=version)
    code = request.GET.get("prefecture", "")
    name = dict(prefectures).get(code)
    prefecture = (code, name) if name else None
    page = request.GET.get("page")
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
