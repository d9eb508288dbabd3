from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.access import is_mic, staff_required, user_prefecture

from . import dashboard as dashboard_data
from .contracts import (
    ContractedStaffingError,
    contracted_staffing_delete,
    contracted_staffing_refusal,
    contracted_staffing_save,
    contracted_staffing_visible_to,
)
from .exports import dashboard_report_export, nominations_export
from .forms import (
    ContractedStaffingForm,
    ExperienceFormSet,
    IpaPassFormSet,
    NominationForm,
    TermEndForm,
    TransitionForm,
)
from .models import ContractedStaffing, Nomination
from .selectors import nomination_eligibility
from .workflow import (
    NominationError,
    available_actions,
    may_edit,
    nomination_edit_refusal,
    nomination_save,
    nomination_term_end_record,
    nomination_transition,
    term_end_record_refusal,
)

# The list's filter of what waits for 総務省's decision (the staff home's "your turn" count).
AWAITING = ("awaiting", "決定待ち（推薦・審査中）")


def _visible(request):
    return Nomination.objects.visible_to(request.user).select_related("prefecture")


@staff_required
def nomination_list(request):
    nominations = _visible(request).order_by("prefecture", "status", "name_kana")
    status = request.GET.get("status", "")
    if status == AWAITING[0]:
        nominations = nominations.awaiting_decision()
    elif status in Nomination.Status.values:
        nominations = nominations.filter(status=status)
    prefecture = user_prefecture(request.user)
    return render(
        request,
        "accelerators/list.html",
        {
            "nominations": nominations,
            "statuses": [*Nomination.Status.choices, AWAITING],
            "status": status,
            "is_mic": is_mic(request.user),
            "prefecture": prefecture,
            # For the prefecture to complete: 任期付職員 loaded or nominated without an end date.
            "term_end_to_complete": list(
                Nomination.objects.for_prefecture(prefecture)
                .term_end_to_complete()
                .order_by("name_kana", "pk")
            )
            if prefecture
            else [],
        },
    )


def _edit(request, nomination, prefecture):
    form = NominationForm(request.POST or None, instance=nomination, prefecture=prefecture)
    experiences = ExperienceFormSet(request.POST or None, instance=nomination, prefix="experiences")
    ipa_passes = IpaPassFormSet(request.POST or None, instance=nomination, prefix="ipa")
    if request.method == "POST" and all(
        [form.is_valid(), experiences.is_valid(), ipa_passes.is_valid()]
    ):
        try:
            saved = nomination_save(
                form=form, experiences=experiences, ipa_passes=ipa_passes, by=request.user
            )
        except NominationError as error:
            raise PermissionDenied(str(error)) from error
        messages.success(
            request, "保存しました。内容を確かめて「推薦する」を押すと総務省に推薦されます。"
        )
        return redirect("accelerators:detail", pk=saved.pk)
    return render(
        request,
        "accelerators/edit.html",
        {
            "form": form,
            "experiences": experiences,
            "ipa_passes": ipa_passes,
            "nomination": nomination,
        },
    )


@staff_required
def nomination_create(request):
    prefecture = user_prefecture(request.user)
    if prefecture is None:
        raise PermissionDenied("推薦を作成できるのは都道府県の職員だけです。")
    return _edit(request, Nomination(), prefecture)


@staff_required
def nomination_edit(request, pk):
    nomination = get_object_or_404(_visible(request), pk=pk)
    refusal = nomination_edit_refusal(request.user, nomination)
    if refusal:
        raise PermissionDenied(refusal)
    return _edit(request, nomination, nomination.prefecture)


@staff_required
def nomination_detail(request, pk):
    nomination = get_object_or_404(
        _visible(request).prefetch_related("experiences", "ipa_passes__exam__successor"), pk=pk
    )
    return render(
        request,
        "accelerators/detail.html",
        {
            "nomination": nomination,
            "eligibility": nomination_eligibility(nomination),
            "actions": available_actions(request.user, nomination),
            "transitions": nomination.transitions.select_related("changed_by"),
            "can_edit": may_edit(request.user, nomination),
            "transition_form": TransitionForm(initial={"appointment_date": timezone.localdate()}),
            "term_end_form": TermEndForm()
            if term_end_record_refusal(request.user, nomination) is None
            else None,
            "today": timezone.localdate(),
        },
    )


@require_POST
@staff_required
def nomination_term_end(request, pk):
    """A prefecture completes the 任期の終了日 of a 任期付職員 recorded without one."""
    nomination = get_object_or_404(_visible(request), pk=pk)
    form = TermEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "任期の終了日：" + "".join(form.errors["term_end"]))
        return redirect("accelerators:detail", pk=pk)
    try:
        nomination_term_end_record(
            nomination=nomination, by=request.user, term_end=form.cleaned_data["term_end"]
        )
    except NominationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "任期の終了日を入力しました。")
    return redirect("accelerators:detail", pk=pk)


@require_POST
@staff_required
def nomination_transition_view(request, pk):
    nomination = get_object_or_404(_visible(request), pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        problems = [
            f"{form.fields[name].label}：{message}" if name in form.fields else message
            for name, errors in form.errors.items()
            for message in errors
        ]
        messages.error(request, "入力内容に誤りがあります。" + "".join(problems))
        return redirect("accelerators:detail", pk=pk)
    try:
        nomination_transition(nomination=nomination, by=request.user, **form.cleaned_data)
    except NominationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"「{nomination.status_display}」にしました。")
    return redirect("accelerators:detail", pk=pk)


@staff_required
def nomination_export(request):
    return nominations_export(
        nominations=_visible(request), user=request.user, prefecture=user_prefecture(request.user)
    )


@staff_required
def dashboard(request):
    fiscal_year = dashboard_data.fiscal_year_from(request.GET.get("fy"))
    return render(
        request,
        "accelerators/dashboard.html",
        dashboard_data.dashboard_context(
            highlight=user_prefecture(request.user), fiscal_year=fiscal_year
        ),
    )


@staff_required
def dashboard_report(request):
    """The dashboard's tables as an Excel workbook, for whoever may see the dashboard."""
    prefecture = user_prefecture(request.user)
    context = dashboard_data.dashboard_context(
        highlight=prefecture, fiscal_year=dashboard_data.fiscal_year_from(request.GET.get("fy"))
    )
    return dashboard_report_export(context=context, user=request.user, prefecture=prefecture)


@staff_required
def contracted_list(request):
    records = contracted_staffing_visible_to(request.user).order_by(
        "-fiscal_year", "prefecture", "id"
    )
    return render(
        request,
        "accelerators/contracted_list.html",
        {
            "records": records,
            "can_add": contracted_staffing_refusal(request.user) is None,
            "prefecture": user_prefecture(request.user),
        },
    )


def _contracted_form(request, record):
    form = ContractedStaffingForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            contracted_staffing_save(form=form, by=request.user)
        except ContractedStaffingError as error:
            raise PermissionDenied(str(error)) from error
        messages.success(request, "保存しました。")
        return redirect("accelerators:contracted-list")
    return render(request, "accelerators/contracted_edit.html", {"form": form, "record": record})


def _changeable_record(request, pk):
    """The record if the user's own prefecture's; 404 if not visible to the user; 403 for 総務省."""
    record = get_object_or_404(contracted_staffing_visible_to(request.user), pk=pk)
    refusal = contracted_staffing_refusal(request.user, record)
    if refusal:
        raise PermissionDenied(refusal)
    return record


@staff_required
def contracted_create(request):
    refusal = contracted_staffing_refusal(request.user)
    if refusal:
        raise PermissionDenied(refusal)
    return _contracted_form(request, ContractedStaffing())


@staff_required
def contracted_edit(request, pk):
    return _contracted_form(request, _changeable_record(request, pk))


@staff_required
def contracted_delete(request, pk):
    record = _changeable_record(request, pk)
    if request.method == "POST":
        try:
            contracted_staffing_delete(record=record, by=request.user)
        except ContractedStaffingError as error:
            raise PermissionDenied(str(error)) from error
        messages.success(request, "削除しました。")
        return redirect("accelerators:contracted-list")
    return render(request, "accelerators/contracted_delete.html", {"record": record})
