"""The shared erasure and retention run (portal.retention) as each app's Retention declares them:
what erasure clears, who is due, and what a run records."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import models

from portal.retention import (
    ERASED_SUBJECT,
    HISTORY_BLANKED,
    entries_erase,
    entries_retention_apply,
    entries_retention_due,
)
from registry import workflow as registry_workflow
from registry.retention import RETENTION as REGISTRY
from talent import workflow as talent_workflow
from talent.retention import RETENTION as TALENT
from tests.factories import make_registration, make_specialist

pytestmark = pytest.mark.django_db
CLOSED_ON = datetime(2026, 4, 1, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
CALL = "電話でのご連絡"


def _registration():
    registration = make_registration(message="個人的なメモ", withdrawal_reason="退職")
    registration.department = "新しい部署"
    registration.save()  # a second history row
    registry_workflow.registration_transition(
        registration=registration, to="withdrawn", by=None, comment=CALL
    )
    return registration


def _specialist():
    specialist = make_specialist(status="listed", desired_prefectures=["01"])
    talent_workflow.specialist_transition(
        specialist=specialist, to="withdrawn", by=None, comment=CALL
    )
    return specialist


KINDS = {"registry": (REGISTRY, _registration), "talent": (TALENT, _specialist)}


@pytest.fixture(params=list(KINDS))
def kind(request):
    """A declaration, and an entry of its app closed (取下げ) on CLOSED_ON."""
    retention, make = KINDS[request.param]
    with time_machine.travel(CLOSED_ON, tick=False) as clock:
        entry = make()
        yield retention, entry, clock


def _is_blank(retention, entry, name):
    field = retention.model._meta.get_field(name)
    if field.many_to_many or field.one_to_many:
        return not getattr(entry, field.get_accessor_name() if field.one_to_many else name).exists()
    value = getattr(entry, field.attname)
    if name in retention.erased_values:  # a tombstone's name
        return value == retention.erased_values[name]
    return value in ("", None, False)


def test_erasing_clears_every_declared_personal_field_in_the_row_and_its_history(kind):
    retention, entry, _ = kind
    assert not all(_is_blank(retention, entry, name) for name in retention.personal_fields)
    now = CLOSED_ON + timedelta(days=1)

    counts = entries_erase(retention=retention, pks=[entry.pk], now=now, comment="消去の記録")

    entry.refresh_from_db()
    assert entry.erased_at == now and entry.receipt_number
    for name in retention.personal_fields:
        assert _is_blank(retention, entry, name), name
    history = entry.history.all()
    if retention.history == HISTORY_BLANKED:
        assert history.count() >= 2 and counts["変更履歴の行"] == history.count()
        for row in history:
            for name in retention.personal_fields:
                assert getattr(row, name) in ("", None, False), name
    else:
        assert not history.exists() and counts["変更履歴の行"] >= 2
    assert {(m.to, m.subject, m.body) for m in entry.mails.all()} == {("", ERASED_SUBJECT, "")}
    assert set(entry.status_changes.values_list("comment", flat=True)) <= {"", "消去の記録"}
    assert counts["状態の変更のコメント"] >= 1


def test_the_due_set_is_by_the_declared_days_setting(kind, settings):
    retention, entry, clock = kind
    clock.move_to(CLOSED_ON + timedelta(days=10))

    setattr(settings, retention.days_setting, 11)
    assert not entries_retention_due(retention=retention).exists()
    setattr(settings, retention.days_setting, 9)
    assert list(entries_retention_due(retention=retention)) == [entry]


def test_a_second_run_erases_nothing_more_and_records_nothing(kind, settings):
    retention, entry, _ = kind
    setattr(settings, retention.days_setting, 30)
    now = CLOSED_ON + timedelta(days=31)

    first = entries_retention_apply(retention=retention, now=now)
    second = entries_retention_apply(retention=retention, now=now + timedelta(days=1))

    assert (first.label, first.entries, first.receipt_numbers) == (
        retention.label,
        1,
        (entry.receipt_number,),
    )
    assert first.rule == f"取下げ・重複から30日（メールは{settings.MAIL_RETENTION_DAYS}日）"
    assert first.erased == retention.erased_in_words
    assert first.counts["送信メール"] >= 1 and all(first.counts.values())
    assert (second.entries, second.receipt_numbers, second.counts) == (0, (), {})


def test_mails_go_alone_when_the_mail_period_is_the_shorter(kind, settings):
    retention, entry, _ = kind
    settings.MAIL_RETENTION_DAYS = 30
    setattr(settings, retention.days_setting, 365)

    part = entries_retention_apply(retention=retention, now=CLOSED_ON + timedelta(days=31))

    entry.refresh_from_db()
    assert (part.entries, set(part.counts)) == (0, {"送信メール"})
    assert entry.erased_at is None and entry.email
    assert not entry.mails.exclude(to="").exists()


@pytest.mark.parametrize("retention", [REGISTRY, TALENT], ids=["registry", "talent"])
def test_a_run_s_record_names_each_personal_field_once(retention):
    words = retention.erased_in_words

    for name in set(retention.personal_fields.values()):
        assert words.count(f"{name}、") == 1, name
    assert "状態の変更のコメント" in words and "変更履歴" in words


@pytest.mark.parametrize("retention", [REGISTRY, TALENT], ids=["registry", "talent"])
def test_every_declared_personal_field_is_a_field_or_relation_of_the_model(retention):
    for name in [*retention.personal_fields, *retention.erased_values]:
        assert isinstance(
            retention.model._meta.get_field(name), models.Field | models.ForeignObjectRel
        )


def test_an_erased_person_always_has_the_time_of_erasure():
    # The retention run finds what it has still to erase by erased_at: without it, an erased
    # entry would be "due" again every day.
    from django.db import IntegrityError, transaction

    from talent.models import Specialist
    from tests.factories import make_specialist

    specialist = make_specialist()
    with pytest.raises(IntegrityError), transaction.atomic():
        Specialist.objects.filter(pk=specialist.pk).update(
            status=Specialist.Status.ERASED, email="", phone="", self_pr="", erased_at=None
        )
    assert Specialist.objects.get(pk=specialist.pk).status != Specialist.Status.ERASED
