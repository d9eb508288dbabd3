"""Sending from the outboxes: one holder per row, leases that run out, retries with backoff."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.outbox import outbox_attempt, outbox_claim, outbox_resend, outbox_retry_delay
from portal.tasks import mail_send
from registry.models import OutgoingMail
from talent.mail import receipt_queue as specialist_receipt_queue
from tests.factories import make_registration, make_specialist

pytestmark = pytest.mark.django_db

LABEL = "registry.OutgoingMail"
SMTP_DOWN = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 9,
    "EMAIL_TIMEOUT": 2,
}


@pytest.fixture
def receipt():
    """A stored, unsent receipt (the after-commit queueing is not run)."""
    registration = make_registration(retiree_outreach="difficult")
    return OutgoingMail.objects.get(registration=registration, kind="receipt")


def test_a_row_has_one_holder_at_a_time(receipt):
    first = outbox_claim(label=LABEL, pk=receipt.pk)

    assert first.attempts == 1 and first.claimed_until > timezone.now()
    assert outbox_claim(label=LABEL, pk=receipt.pk) is None
    assert outbox_attempt(label=LABEL, pk=receipt.pk) == "skipped"
    assert mail.outbox == []


def test_a_lease_that_ran_out_lets_resend_mail_take_the_row(receipt):
    outbox_claim(label=LABEL, pk=receipt.pk)  # a worker that then died
    assert outbox_resend() == (0, 0)

    OutgoingMail.objects.filter(pk=receipt.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert outbox_resend() == (1, 0)
    assert outbox_resend() == (0, 0)
    assert len(mail.outbox) == 1
    receipt.refresh_from_db()
    assert (receipt.attempts, receipt.claimed_until) == (2, None)


def test_a_sent_row_is_never_sent_again(receipt):
    assert outbox_attempt(label=LABEL, pk=receipt.pk) == "sent"
    assert outbox_attempt(label=LABEL, pk=receipt.pk) == "skipped"
    assert len(mail.outbox) == 1
    assert (
        mail.outbox[0]
        .extra_headers["Message-ID"]
        .startswith(f"<registry.outgoingmail.{receipt.pk}.")
    )


def test_resend_mail_covers_every_apps_outbox():
    specialist = make_specialist()
    specialist_receipt_queue(specialist=specialist)  # stored; the after-commit send never ran

    call_command("resend_mail")

    assert specialist.email in [message.to[0] for message in mail.outbox]
    assert not specialist.mails.filter(sent_at__isnull=True).exists()


def test_the_delay_doubles_from_30_seconds_up_to_an_hour():
    assert [outbox_retry_delay(attempts=n) for n in (1, 2, 3, 4, 9, 20)] == [
        30,
        60,
        120,
        240,
        3600,
        3600,
    ]


def test_a_failed_send_is_queued_again_later_on_the_database_backend(settings, receipt):
    for name, value in SMTP_DOWN.items():
        setattr(settings, name, value)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
    }

    assert mail_send.call(LABEL, receipt.pk) == "failed"

    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["args"] == [LABEL, receipt.pk]
    wait = (retry.run_after - timezone.now()).total_seconds()
    assert 25 < wait <= 30
    receipt.refresh_from_db()
    assert receipt.claimed_until is None and "ConnectionRefused" in receipt.last_error


def test_retries_stop_after_the_last_attempt_and_leave_the_row_to_resend_mail(settings, receipt):
    for name, value in SMTP_DOWN.items():
        setattr(settings, name, value)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
    }
    OutgoingMail.objects.filter(pk=receipt.pk).update(attempts=settings.MAIL_MAX_ATTEMPTS - 1)

    assert mail_send.call(LABEL, receipt.pk) == "failed"

    assert not DBTaskResult.objects.exists()
    assert OutgoingMail.objects.unsent().filter(pk=receipt.pk).exists()


def test_a_queue_that_refuses_the_job_loses_no_mail(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],  # no "mail" queue: every enqueue fails
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        registration = make_registration(retiree_outreach="difficult")

    assert mail.outbox == []
    assert "resend_mail will send it" in caplog.text
    call_command("resend_mail")
    assert [message.to for message in mail.outbox] == [[registration.email]]


def test_an_erasure_confirmation_is_tried_once_and_its_address_forgotten(settings):
    from talent.mail import erased_mail_queue

    for name, value in SMTP_DOWN.items():
        setattr(settings, name, value)
    specialist = make_specialist()
    erased = erased_mail_queue(specialist=specialist, address="gone@example.jp")

    assert outbox_attempt(label="talent.SpecialistMail", pk=erased.pk) == "failed"
    erased.refresh_from_db()
    assert (erased.to, erased.sent_at) == ("", None)
    # Nothing left to send it to: never taken again, so no endless failures either.
    assert not type(erased).objects.claimable(timezone.now()).filter(pk=erased.pk).exists()


def test_a_staff_mail_waits_while_the_mail_server_is_down_and_goes_when_it_is_back(settings):
    """Issue 26's staff mails (a reply to a 打診) keep the outbox's rules: nothing is lost."""
    from matching.models import Approach
    from matching.workflow import approach_answer, approaches_send
    from portal.models import StaffMail
    from tests.factories import make_need, make_prefecture_user

    staff = make_prefecture_user("hokkaido-down", "01")
    staff.email = "hokkaido-down@example.go.jp"
    staff.save()
    need = make_need("01", by=staff)
    person = make_specialist(status="listed", desired_prefectures=["01"])
    approaches_send(need=need, by=staff, specialist_ids=[person.pk])
    approach_answer(approach=Approach.objects.get(), response="interested")
    staff_mail = StaffMail.objects.get(user=staff)
    label = "portal.StaffMail"
    for name, value in SMTP_DOWN.items():
        setattr(settings, name, value)

    assert outbox_attempt(label=label, pk=staff_mail.pk) == "failed"
    staff_mail.refresh_from_db()
    assert staff_mail.sent_at is None and "ConnectionRefused" in staff_mail.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("resend_mail")
    staff_mail.refresh_from_db()
    assert staff_mail.sent_at is not None
    assert [m.to for m in mail.outbox if m.to == [staff.email]] == [[staff.email]]
