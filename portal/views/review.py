"""総務省's review workspace: the kinds with their waiting counts, one queue per kind, the record
page and its decision (portal.review). Only 総務省 staff who gave the second factor enter."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ..access import mic_staff_required, signed_in_user
from ..review import (
    NO_CHANGES,
    ChangedSinceShown,
    ReviewKind,
    ReviewRefused,
    changes_since_review,
    entry_version,
    not_waiting,
    prefecture_names,
    queue_filtered,
    queue_neighbours,
    review_decide,
    review_kind,
    review_kinds,
    waiting_count,
)
from ..review_forms import DecisionForm, QueueFilterForm

PER_PAGE = 50


@mic_staff_required
@require_GET
def review_home(request: HttpRequest) -> HttpResponse:
    kinds = [(kind, waiting_count(kind)) for kind in review_kinds().values()]
    return render(request, "portal/review/home.html", {"kinds": kinds})


@mic_staff_required
@require_GET
def review_queue(request: HttpRequest, kind: str) -> HttpResponse:
    declared = review_kind(kind)
    form = QueueFilterForm(request.GET or None, kind=declared)
    chosen = form.cleaned_data if form.is_valid() else {}
    entries = queue_filtered(
        declared, prefecture=chosen.get("prefecture"), name=chosen.get("name") or ""
    )
    # The page's ids first, then its entries: sorting 10,000 narrow rows before the LIMIT costs a
    # third of sorting them whole (bench/review_queue.py).
    page = Paginator(entries.values_list("pk", flat=True), PER_PAGE).get_page(
        request.GET.get("page")
    )
    loaded = declared.queue().in_bulk(list(page.object_list))
    page.object_list = [loaded[pk] for pk in page.object_list if pk in loaded]
    filtered = bool(chosen.get("prefecture") or chosen.get("name"))
    duplicated = declared.duplicated([entry.pk for entry in page.object_list])
    rows = [
        (
            entry,
            declared.name(entry),
            [(heading, cell(entry)) for heading, cell in declared.columns],
            entry.pk in duplicated,
        )
        for entry in page.object_list
    ]
    return render(
        request,
        "portal/review/queue.html",
        {
            "kind": declared,
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": filtered,
            "prefectures": prefecture_names(),
            "selected": chosen["prefecture"].code if chosen.get("prefecture") else "",
            "waiting": waiting_count(declared) if filtered else page.paginator.count,
        },
        status=400 if form.errors else 200,
    )


def _entry(declared: ReviewKind, pk: int) -> Any:
    return get_object_or_404(declared.model._default_manager, pk=pk)


def _record(
    request: HttpRequest,
    declared: ReviewKind,
    entry: Any,
    *,
    form: DecisionForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    waiting = entry.status == "received"
    context: dict[str, Any] = {
        "kind": declared,
        "entry": entry,
        "waiting": waiting,
        "refusal": refusal,
        "status_label": declared.status_label(entry.status),
    }
    previous, following = queue_neighbours(declared, entry)
    context.update(previous=previous, following=following)
    if waiting:
        # The entry's details only while it waits: a withdrawn or erased person's never show.
        last_review, steps = changes_since_review(entry)
        form = form or DecisionForm(
            kind=declared, entry=entry, initial={"opened_version": entry_version(entry)}
        )
        if refusal:  # shown again with the entry as it is now
            form = DecisionForm(
                kind=declared,
                entry=entry,
                initial={
                    "opened_version": entry_version(entry),
                    "decision": form.data.get("decision"),
                    "reason": form.data.get("reason"),
                },
            )
        context.update(
            name=declared.name(entry),
            answers=declared.answers(entry),
            last_review=last_review,
            steps=steps,
            no_changes=NO_CHANGES,
            duplicates=[
                (other, _other_url(declared, other)) for other in declared.duplicates(entry)
            ],
            form=form,
            decisions=[(d, d.label(entry)) for d in declared.decisions],
        )
    return render(request, "portal/review/record.html", context, status=status)


def _other_url(declared: ReviewKind, other: Any) -> str:
    """A possible duplicate's page: its record here while it waits, else the admin's."""
    if other.status == "received":
        return reverse("portal:review-record", args=[declared.slug, other.pk])
    meta = declared.model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[other.pk])


@mic_staff_required
@require_GET
def review_record(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    declared = review_kind(kind)
    entry = _entry(declared, pk)
    if entry.status != "received":
        return _record(request, declared, entry, refusal=not_waiting(declared, entry))
    return _record(request, declared, entry)


@mic_staff_required
@require_POST
def review_decision(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    declared = review_kind(kind)
    entry = _entry(declared, pk)
    form = DecisionForm(request.POST, kind=declared, entry=entry)
    if not form.is_valid():
        return _record(request, declared, entry, form=form, status=400)
    try:
        status = review_decide(
            kind=declared,
            entry=entry,
            decision=form.cleaned_data["decision"],
            opened_version=form.cleaned_data["opened_version"],
            reason=form.cleaned_data["reason"] or "",
            by=signed_in_user(request),
        )
    except ReviewRefused as refusal:
        entry.refresh_from_db()
        code = 409 if isinstance(refusal, ChangedSinceShown) or entry.status != "received" else 400
        return _record(request, declared, entry, form=form, refusal=str(refusal), status=code)
    messages.success(
        request, f"{entry.receipt_number} を「{declared.status_label(status)}」にしました。"
    )
    _, following = queue_neighbours(declared, entry)
    if following is None:
        return redirect("portal:review-queue", kind=declared.slug)
    return redirect(reverse("portal:review-record", args=[declared.slug, following.pk]))
