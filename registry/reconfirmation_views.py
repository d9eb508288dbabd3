"""The page a yearly reconfirmation mail links to: 変更なし with one press, or on to the edit form."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .answers import registration_answers
from .edit_links import edit_url
from .questions import answer_rows
from .reconfirmation import (
    Answer,
    ReconfirmationLinkError,
    reconfirmation_answer,
    request_for_token,
)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reconfirm(request, token):
    try:
        reconfirmation = request_for_token(token)
    except ReconfirmationLinkError as error:
        return render(
            request, "registry/edit_link_invalid.html", {"message": str(error)}, status=403
        )
    registration = reconfirmation.registration
    if request.method == "POST":
        reconfirmation_answer(registration=registration, answer=Answer.UNCHANGED)
        return render(request, "registry/reconfirmed.html", {"registration": registration})
    if reconfirmation.answered_at is not None:
        return render(
            request,
            "registry/reconfirmed.html",
            {"registration": registration, "earlier": reconfirmation},
        )
    return render(
        request,
        "registry/reconfirm.html",
        {
            "registration": registration,
            "reconfirmation": reconfirmation,
            "rows": answer_rows(registration_answers(registration)),
            "edit_url": edit_url(registration),
        },
    )
