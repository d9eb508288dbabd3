"""The staff pages: the list a prefecture (or 総務省) may see, each person's page, the Excel
download, and marking a person hired (which starts their accelerator nomination)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from portal.access import staff_required, user_prefecture
from portal.models import Prefecture

from ..answers import answer_rows, hints, specialist_answers
from ..choices import Hint
from ..exports import TALENT_LIST, export_specialists
from ..filters import SpecialistFilter
from ..forms import HireForm
from ..hiring import HireError, may_start_nomination, specialist_hire
from ..models import Specialist


def _visible(request):
    return (
        Specialist.objects.visible_to(request.user)
        .select_related("residence", "hired_by")
        .prefetch_related(
            Prefetch("desired_prefectures", queryset=Prefecture.objects.order_by("code")),
            "specialties",
            "experiences",
            "exam_passes__exam",
        )
    )


def _with_hints(specialists, hint):
    """Each person with their eligibility hints, keeping those the 要件の見込み filter asks for."""
    rows = []
    for specialist in specialists:
        found = hints(specialist_answers(specialist))
        keep = {
            "": True,
            Hint.EXPERIENCE: found["by_experience"],
            Hint.EXAM: found["by_exam"],
            Hint.EITHER: found["by_experience"] or found["by_exam"],
            Hint.NEITHER: not (found["by_experience"] or found["by_exam"]),
        }[hint or ""]
        if keep:
            rows.append((specialist, found))
    return rows


def _filtered(request):
    # Newest first; the id settles equal moments, so pages never overlap.
    ordered = _visible(request).order_by("-created_at", "-id")
    people = SpecialistFilter(request.GET, queryset=ordered)
    return people, _with_hints(people.qs, people.chosen_hint)


@staff_required
def specialist_list(request):
    people, rows = _filtered(request)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/staff/list.html",
        {"filter": people, "page": page, "prefecture": user_prefecture(request.user)},
    )


@staff_required
def specialist_detail(request, pk):
    specialist = get_object_or_404(_visible(request), pk=pk)
    answers = specialist_answers(specialist)
    prefecture = user_prefecture(request.user)
    return render(
        request,
        "talent/staff/detail.html",
        {
            "specialist": specialist,
            "rows": answer_rows(answers),
            "hints": hints(answers),
            "can_hire": may_start_nomination(specialist, prefecture),
        },
    )


@staff_required
def specialist_export(request):
    people, rows = _filtered(request)
    if not people.form.is_valid():
        return redirect(f"{reverse('talent:staff-list')}?{request.GET.urlencode()}")
    prefecture = user_prefecture(request.user)
    scope = prefecture.name if prefecture else "全国"
    return export_specialists(
        rows=rows,
        kind=TALENT_LIST,
        user=request.user,
        prefecture=prefecture,
        conditions=[("範囲", scope), *people.describe()],
        name_part=scope,
    )


@staff_required
def specialist_hire_view(request, pk):
    specialist = get_object_or_404(_visible(request), pk=pk)
    if user_prefecture(request.user) is None:
        raise PermissionDenied("任用済にできるのは都道府県の職員だけです。")
    form = HireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = specialist_hire(
                specialist=specialist, by=request.user, **form.cleaned_data
            )
        except HireError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "任用済として記録し、アクセラレータの推薦（下書き）を作成しました。"
                "経歴と試験は登録内容から写しています。内容を確かめて保存し、推薦してください。",
            )
            return redirect("accelerators:edit", pk=nomination.pk)
    return render(request, "talent/staff/hire.html", {"specialist": specialist, "form": form})
