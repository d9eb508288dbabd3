"""The public pages: the form (入力 → 確認 → 完了) and the personal link (change, withdraw, erase),
made by portal.views.self_service from talent's declaration; and the privacy notice."""

from django.conf import settings
from django.shortcuts import render

from portal.access import public
from portal.page_cache import shared_when_anonymous
from portal.views.self_service import Closing, EntryPages, entry_views, posted_names

from ..answers import answer_rows, form_initial, hints, specialist_answers
from ..forms import (
    EditLinkRequestForm,
    EraseForm,
    PublicSpecialistForm,
    SpecialistEditForm,
    SpecialistSubmission,
    WithdrawForm,
)
from ..links import EDIT_LINK
from ..self_service import SELF_SERVICE, specialist_erase, specialist_withdraw
from ..submission import PRIVACY_NOTICE_VERSION

PAGES = EntryPages(
    service=SELF_SERVICE,
    link=EDIT_LINK,
    # The form and its blocks of rows (experiences, exams) are one SpecialistSubmission.
    bind=lambda data, form_class: SpecialistSubmission(data, form_class=form_class),
    answers=SpecialistSubmission.answers,
    draft_names=lambda form_class: (*posted_names(form_class), "experiences-", "exams-"),
    form_context_name="submission",
    more_rows=SpecialistSubmission.with_more_rows,
    form_class=PublicSpecialistForm,
    edit_form_class=SpecialistEditForm,
    stored_form=lambda specialist, form_class: SpecialistSubmission(
        initial=form_initial(specialist), form_class=form_class
    ),
    session_key="talent",
    rate_scope="talent-registration",
    confirm_context=lambda answers: {"rows": answer_rows(answers), "hints": hints(answers)},
    stored_rows=lambda specialist: answer_rows(specialist_answers(specialist)),
    refused_template="talent/link_invalid.html",
    link_request_form=EditLinkRequestForm,
    link_request_scope="talent-link",
    closings={
        "withdraw": Closing(
            form_class=WithdrawForm,
            action=specialist_withdraw,
            template="talent/withdraw.html",
            done_template="talent/withdrawn.html",
        ),
        "erase": Closing(
            form_class=EraseForm,
            action=specialist_erase,
            template="talent/erase.html",
            done_template="talent/erased.html",
        ),
    },
)
flow = entry_views(PAGES)


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
