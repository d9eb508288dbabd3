import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from registry.models import OutgoingMail, Registration
from tests.factories import make_registration

pytestmark = pytest.mark.django_db

SMTP_DOWN = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 9,  # discard port: nothing listens, so the connection is refused at once
    "EMAIL_TIMEOUT": 2,
}


@pytest.fixture
def smtp_down(settings):
    for name, value in SMTP_DOWN.items():
        setattr(settings, name, value)


def test_a_failing_mail_server_keeps_the_registration_and_logs(
    smtp_down, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = make_registration()

    assert Registration.objects.filter(
        pk=registration.pk, receipt_number__startswith="KR-"
    ).exists()
    receipt = OutgoingMail.objects.get(registration=registration, kind=OutgoingMail.Kind.RECEIPT)
    assert receipt.sent_at is None
    assert "ConnectionRefusedError" in receipt.last_error
    assert "could not be sent" in caplog.text


def test_the_receipt_is_stored_with_the_registration_and_sent_only_after_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration = make_registration()

    assert len(mail.outbox) == 0
    assert OutgoingMail.objects.get(registration=registration, kind="receipt").sent_at is None
    assert len(callbacks) == OutgoingMail.objects.count()


def test_a_sent_receipt_is_marked_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = make_registration()

    assert mail.outbox[0].to == [registration.email]
    assert OutgoingMail.objects.get(registration=registration, kind="receipt").sent_at is not None


def test_resend_mail_sends_what_failed_before(settings, django_capture_on_commit_callbacks):
    for name, value in SMTP_DOWN.items():
        setattr(settings, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        unsent = make_registration(company_name="未送信株式会社")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        make_registration(company_name="送信済株式会社")
    mail.outbox.clear()

    call_command("resend_mail")

    assert {message.subject.split("（")[0] for message in mail.outbox} == {
        "【総務省】人材プール協力企業・団体の登録を受け付けました",
        "【総務省】退職者への周知についての詳細情報",
    }
    receipt = next(m for m in mail.outbox if "受け付けました" in m.subject)
    assert unsent.receipt_number in receipt.subject
    assert "未送信株式会社" in receipt.body
    assert not OutgoingMail.objects.unsent().exists()


def test_resend_mail_fails_loudly_while_the_server_is_down(smtp_down):
    make_registration()

    with pytest.raises(CommandError):
        call_command("resend_mail")
    assert OutgoingMail.objects.unsent().count() == 2  # the receipt and the retiree details
