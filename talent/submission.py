"""Storing a 協力可能人材 entry from confirmed answers: once per token, all or nothing."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .choices import WorkStyle
from .forms import DesiredScope
from .mail import receipt_queue
from .models import Specialist, SpecialistExamPass, SpecialistExperience

# The version of /talent/privacy/ the form links to; raise it whenever that page's text changes.
# 2026-11-29: section 3 states the yearly reconfirmation and what an unanswered one means.
# 2026-12-07: section 3 states the retention periods (TALENT_RETENTION_DAYS, MAIL_RETENTION_DAYS),
# section 4 what erasure keeps (an accelerator nomination).
PRIVACY_NOTICE_VERSION = "2026-12-07"


def receipt_number_for(specialist):
    """JR-<year it was made, JST>-<its id, six digits>: unique without a counter."""
    return f"JR-{timezone.localtime(specialist.created_at).year}-{specialist.pk:06d}"


def specialist_apply_answers(specialist, answers):
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


def specialist_set_relations(specialist, answers):
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


def specialist_create(*, answers, submission_token):
    """Store an entry and queue its receipt mail; the same token again returns the same entry."""
    existing = Specialist.objects.filter(submission_token=submission_token).first()
    if existing:
        return existing
    specialist = Specialist(
        submission_token=submission_token,
        privacy_notice_version=PRIVACY_NOTICE_VERSION,
        privacy_consented_at=timezone.now(),
    )
    specialist_apply_answers(specialist, answers)
    try:
        with transaction.atomic():
            specialist.skip_history_when_saving = True
            specialist.save()
            specialist.receipt_number = receipt_number_for(specialist)
            specialist.save(update_fields=["receipt_number"])
            specialist_set_relations(specialist, answers)
            del specialist.skip_history_when_saving
            specialist._change_reason = "登録フォームから登録"
            specialist.save()
            receipt_queue(specialist=specialist)
    except IntegrityError:
        # A concurrent request with the same token won the race; theirs is the entry.
        existing = Specialist.objects.filter(submission_token=submission_token).first()
        if existing is None:
            raise
        return existing
    return specialist
