"""A 打診: its recipient's answer and its outcome (prefecture staff), and the public answer page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.access import public, staff_required, user_prefecture
from portal.links import LinkError
from talent.hiring import may_start_nomination

from ..forms import AnswerForm, OutcomeForm
from ..links import approach_for_token
from ..models import Approach
from ..workflow import (
    MatchingError,
    approach_answer,
    approach_outcome,
    approach_outcome_refusal,
    approach_reply_refusal,
)


@staff_required
def approach_detail(request, pk):
    approach = get_object_or_404(
        Approach.objects.visible_to(request.user).select_related(
            "need__prefecture", "registration", "specialist"
        ),
        pk=pk,
    )
    refusal = approach_outcome_refusal(approach=approach, by=request.user)
    form = OutcomeForm(request.POST or None, approach=approach)
    if request.method == "POST" and refusal:
        # A page opened before someone else recorded the outcome (or a tampered post).
        messages.error(request, refusal)
        return redirect("matching:approach", pk=pk)
    if request.method == "POST" and form.is_valid():
        try:
            approach_outcome(approach=approach, by=request.user, **form.cleaned_data)
        except MatchingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"「{approach.get_outcome_display()}」にしました。")
            return redirect("matching:approach", pk=pk)
    specialist = approach.specialist
    return render(
        request,
        "matching/approach_detail.html",
        {
            "approach": approach,
            "form": None if refusal else form,
            "history": approach.history.order_by("-history_date").select_related("history_user"),
            "offer_nomination": specialist is not None
            and not approach.recipient_closed
            and approach.outcome == "hired"
            and may_start_nomination(specialist, user_prefecture(request.user)),
        },
    )


@public
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, token):
    """The recipient's page: the need, and 関心あり / 今回は見送り. No account needed. Once the
    answer may not change (approach_reply_refusal), the page says why instead of the form."""
    try:
        approach = approach_for_token(token)
    except LinkError as error:
        # An expired but authentic link: what the live page would refuse with (募集 ended,
        # outcome recorded) is truer than "send your interest to the contact".
        expired = getattr(error, "approach", None)
        refusal = approach_reply_refusal(expired) if expired is not None else None
        context = {"message": refusal or str(error), "need": getattr(error, "need", None)}
        return render(request, "matching/answer_invalid.html", context, status=403)
    refusal = approach_reply_refusal(approach)
    form = None if refusal else AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            approach_answer(approach=approach, **form.cleaned_data)
        except MatchingError as error:
            # Staff recorded an outcome (or the need closed) since the page was opened.
            approach.refresh_from_db()
            refusal = approach_reply_refusal(approach)
            if refusal:
                form = None
            else:
                form.add_error(None, str(error))
        else:
            return render(request, "matching/answer_done.html", {"approach": approach})
    context = {"approach": approach, "need": approach.need, "form": form, "refusal": refusal}
    return render(request, "matching/answer.html", context)
