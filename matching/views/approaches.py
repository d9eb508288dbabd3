"""A 打診: its recipient's answer and its outcome (prefecture staff), and the public answer page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import public, staff_required, user_prefecture
from portal.links import LinkError
from talent.hiring import may_start_nomination

from ..forms import AnswerForm, FollowUpForm, OutcomeForm
from ..links import approach_for_token
from ..models import Approach
from ..workflow import (
    MatchingError,
    approach_answer,
    approach_follow_up_set,
    approach_outcome,
    approach_outcome_refusal,
    approach_reply_refusal,
    approach_reply_seen,
    need_refusal,
)

# The list's filters (?show=) and orders (?sort=): the staff home's counts link to the filters.
FILTERS = {"unseen": "未確認の返答", "overdue": "確認日を過ぎた打診"}
ORDERS = {
    "sent": ("送った日（新しい順）", (F("sent_at").desc(), F("pk").desc())),
    "follow_up": (
        "次の確認日（早い順）",
        (F("follow_up_on").asc(nulls_last=True), F("sent_at").desc(), F("pk").desc()),
    ),
}


def _visible(request):
    return Approach.objects.visible_to(request.user).select_related(
        "need__prefecture", "registration", "specialist"
    )


@staff_required
def approach_list(request):
    """Every 打診 the user may see, filtered (unseen replies, overdue) and sorted by sending or
    follow-up date: what the staff home's counts link to."""
    approaches = _visible(request)
    show = request.GET.get("show", "")
    if show == "unseen":
        approaches = approaches.reply_unseen()
    elif show == "overdue":
        approaches = approaches.overdue()
    else:
        show = ""
    sort = request.GET.get("sort", "")
    if sort not in ORDERS:
        sort = "follow_up" if show == "overdue" else "sent"
    page = Paginator(approaches.order_by(*ORDERS[sort][1]), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/approach_list.html",
        {
            "page": page,
            "prefecture": user_prefecture(request.user),
            "filters": FILTERS.items(),
            "show": show,
            "orders": [(key, label) for key, (label, _) in ORDERS.items()],
            "sort": sort,
        },
    )


@staff_required
def approach_detail(request, pk):
    approach = get_object_or_404(_visible(request), pk=pk)
    if request.method == "GET":
        approach_reply_seen(approach=approach, by=request.user)
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
    return _detail_page(request, approach, form=None if refusal else form)


def _detail_page(request, approach, *, form, follow_up_form=None):
    specialist = approach.specialist
    may_act = need_refusal(request.user, approach.need) is None
    if may_act and follow_up_form is None:
        follow_up_form = FollowUpForm(approach=approach)
    return render(
        request,
        "matching/approach_detail.html",
        {
            "approach": approach,
            "form": form,
            "follow_up_form": follow_up_form if may_act else None,
            "history": approach.history.order_by("-history_date").select_related("history_user"),
            "offer_nomination": specialist is not None
            and not approach.recipient_closed
            and approach.outcome == "hired"
            and may_start_nomination(specialist, user_prefecture(request.user)),
        },
    )


@require_POST
@staff_required
def approach_follow_up(request, pk):
    approach = get_object_or_404(_visible(request), pk=pk)
    refusal = need_refusal(request.user, approach.need)
    if refusal:
        raise PermissionDenied(refusal)
    form = FollowUpForm(request.POST, approach=approach)
    if form.is_valid():
        try:
            approach_follow_up_set(
                approach=approach, by=request.user, on=form.cleaned_data["follow_up_on"]
            )
        except MatchingError as error:
            form.add_error("follow_up_on", str(error))
        else:
            messages.success(request, f"次の確認日を{approach.follow_up_on:%Y/%m/%d}にしました。")
            return redirect("matching:approach", pk=pk)
    refusal = approach_outcome_refusal(approach=approach, by=request.user)
    outcome_form = None if refusal else OutcomeForm(approach=approach)
    return _detail_page(request, approach, form=outcome_form, follow_up_form=form)


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
