"""Prefecture staff's needs: list, create, change, open and close, and the matches with 打診."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from portal.access import is_mic, staff_required, user_prefecture

from .. import criteria
from ..forms import NeedFilterForm, NeedForm
from ..models import Need
from ..workflow import (
    NEED_MOVES,
    MatchingError,
    approaches_send,
    need_refusal,
    need_save,
    need_transition,
)

MATCHES_PER_PAGE = 30


def _visible(request):
    return Need.objects.visible_to(request.user).select_related("prefecture")


@staff_required
def need_list(request):
    # Only 総務省 chooses a prefecture; a prefecture's staff see their own (visible_to) whatever
    # the address says.
    filters = NeedFilterForm(request.GET, all_prefectures=is_mic(request.user))
    needs = _visible(request).with_unseen_replies().filter(**filters.filters())
    page = Paginator(needs.order_by("-created_at"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/need_list.html",
        {"page": page, "prefecture": user_prefecture(request.user), "filters": filters},
    )


def _edit(request, need):
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        try:
            saved = need_save(form=form, by=request.user)
        except MatchingError as error:
            raise PermissionDenied(str(error)) from error
        messages.success(request, "募集を保存しました。")
        return redirect("matching:need", pk=saved.pk)
    return render(request, "matching/need_edit.html", {"form": form, "need": need})


@staff_required
def need_create(request):
    if user_prefecture(request.user) is None:
        raise PermissionDenied("募集を作成できるのは都道府県の職員だけです。")
    return _edit(request, Need())


@staff_required
def need_edit(request, pk):
    need = get_object_or_404(_visible(request), pk=pk)
    refusal = need_refusal(request.user, need) or (
        None if need.is_editable else "「充足」「終了」の募集は変更できません。"
    )
    if refusal:
        raise PermissionDenied(refusal)
    return _edit(request, need)


def _matches(request, need, *, pool, criteria_list, target, page_param):
    rows = criteria.ranked(pool, criteria_list, need=need, target=target)
    page = Paginator(rows, MATCHES_PER_PAGE).get_page(request.GET.get(page_param))
    return {
        "counts": criteria.counts(pool, criteria_list),
        "page": page,
        "page_param": page_param,
        "rows": [(row, criteria.reasons(row, criteria_list)) for row in page.object_list],
    }


@staff_required
def need_detail(request, pk):
    need = get_object_or_404(_visible(request).prefetch_related("specialties"), pk=pk)
    companies = _matches(
        request,
        need,
        pool=criteria.company_pool(need),
        criteria_list=criteria.company_criteria(need),
        target="registration",
        page_param="companies",
    )
    people = _matches(
        request,
        need,
        pool=criteria.people_pool(need).prefetch_related("specialties"),
        criteria_list=criteria.people_criteria(need),
        target="specialist",
        page_param="people",
    )
    may_act = need_refusal(request.user, need) is None
    return render(
        request,
        "matching/need_detail.html",
        {
            "need": need,
            "companies": companies,
            "people": people,
            "may_act": may_act,
            "may_send": may_act and need.status == Need.Status.OPEN,
            "moves": [
                (s.value, s.label) for s in Need.Status if s in NEED_MOVES[Need.Status(need.status)]
            ],
            "approaches": need.approaches.select_related("registration", "specialist").order_by(
                "-sent_at"
            ),
        },
    )


@require_POST
@staff_required
def need_status(request, pk):
    need = get_object_or_404(_visible(request), pk=pk)
    try:
        need_transition(need=need, to=request.POST.get("to", ""), by=request.user)
    except (MatchingError, ValueError) as error:
        messages.error(
            request, str(error) if isinstance(error, MatchingError) else "この操作はできません。"
        )
    else:
        messages.success(request, f"「{need.get_status_display()}」にしました。")
    return redirect("matching:need", pk=pk)


def _ids(request, name):
    try:
        return [int(value) for value in request.POST.getlist(name)]
    except ValueError:
        return None


@require_POST
@staff_required
def need_send(request, pk):
    need = get_object_or_404(_visible(request), pk=pk)
    registration_ids, specialist_ids = _ids(request, "registrations"), _ids(request, "specialists")
    if registration_ids is None or specialist_ids is None:
        messages.error(
            request, "選んだ相手を読み取れませんでした。ページを読み込み直してください。"
        )
        return redirect("matching:need", pk=pk)
    try:
        sent, skipped = approaches_send(
            need=need,
            by=request.user,
            registration_ids=registration_ids,
            specialist_ids=specialist_ids,
        )
    except MatchingError as error:
        messages.error(request, str(error))
        return redirect("matching:need", pk=pk)
    if sent:
        messages.success(request, f"{len(sent)}件の打診を送りました。")
    if skipped:
        messages.warning(request, f"すでに打診済みのため送りませんでした：{'、'.join(skipped)}")
    return redirect("matching:need", pk=pk)
