"""Storing a 協力可能人材 entry from confirmed answers (portal.self_service.entry_create stores it
once per token, all or nothing; talent.self_service declares it)."""

from django.utils import timezone

from portal.self_service import entry_creation_record

from .answers import Answers
from .choices import WorkStyle
from .forms import DesiredScope
from .models import Specialist, SpecialistExamPass, SpecialistExperience
from .staff_events import specialist_new_event_record

# The version of /talent/privacy/ the form links to; raise it whenever that page's text changes.
# 2026-11-29: section 3 states the yearly reconfirmation and what an unanswered one means.
# 2026-12-07: section 3 states the retention periods (TALENT_RETENTION_DAYS, MAIL_RETENTION_DAYS),
# section 4 what erasure keeps (an accelerator nomination).
PRIVACY_NOTICE_VERSION = "2026-12-07"


def receipt_number_for(specialist: Specialist) -> str:
    """JR-<year it was made, JST>-<its id, six digits>: unique without a counter."""
    return f"JR-{timezone.localtime(specialist.created_at).year}-{specialist.pk:06d}"


def specialist_apply_answers(specialist: Specialist, answers: Answers) -> None:
    """Copy the answers that are fields of the entry itself (not its relations)."""
    for name in ["name", "name_kana", "email", "phone", "situation", "self_pr", "url"]:
        setattr(specialist, name, answers[name] or "")
    specialist.residence = answers["residence"]
    scope = set(answers["desired_scope"])
    specialist.desires_anywhere = DesiredScope.ANYWHERE in scope
    specialist.desires_on_request = DesiredScope.ON_REQUEST in scope
    styles = set(answers["work_styles"])
    for style in WorkStyle:
        setattr(specialist, style.value, style.value in styles)
    specialist.available_now = answers["start"] == "now"
    specialist.available_from = None if specialist.available_now else answers["start_month"]
    specialist.specialty_other_text = answers["specialty_other_text"]


def specialist_set_relations(specialist: Specialist, answers: Answers) -> None:
    """Replace the entry's prefectures, specialties, experience periods and exam passes."""
    specialist.desired_prefectures.set(answers["desired_prefectures"])
    specialist.specialties.set(answers["specialties"])
    specialist.experiences.all().delete()
    SpecialistExperience.objects.bulk_create(
        SpecialistExperience(specialist=specialist, **row) for row in answers["experiences"]
    )
    specialist.exam_passes.all().delete()
    SpecialistExamPass.objects.bulk_create(
        SpecialistExamPass(specialist=specialist, exam=row["exam"], year=row["year"])
        for row in answers["exams"]
    )


def specialist_insert(*, specialist: Specialist, answers: Answers, reason: str) -> None:
    """Save a built entry, number it and set its relations, as one history entry (the receipt
    and the relations are part of the creation, not changes after it)."""
    # django-simple-history's documented per-instance switch, which no stub declares.
    specialist.skip_history_when_saving = True  # type: ignore[attr-defined]
    specialist.save()
    specialist.receipt_number = receipt_number_for(specialist)
    specialist.save(update_fields=["receipt_number"])
    specialist_set_relations(specialist, answers)
    entry_creation_record(entry=specialist, reason=reason)
    specialist_new_event_record(specialist=specialist)
