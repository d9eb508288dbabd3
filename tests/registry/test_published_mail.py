"""The company is told when 総務省 publishes its registration (掲載): once, to its address, in a
text that names the office, the contact point and why it is sent; never when withdrawn."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from registry import workflow
from registry.mail import published_queue
from registry.models import OutgoingMail, Registration
from registry.staff_edits import registrations_company_change_read
from tests.factories import edit_token, make_registration, reviewed, submit_edit

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registry_registration_changelist")
PUBLISHED = OutgoingMail.Kind.PUBLISHED


def _published_mails(registration=None):
    mails = OutgoingMail.objects.filter(kind=PUBLISHED)
    return mails.filter(registration=registration) if registration else mails


def test_publishing_mails_the_company_once_with_the_office_contact_and_why(
    settings, django_capture_on_commit_callbacks
):
    settings.CONTACT = {**settings.CONTACT, "office": "総務省 地域情報化企画室"}
    registration = reviewed(make_registration(email="kouhou@example.co.jp"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.registration_transition(registration=registration, to="published", by=None)

    assert [message.to for message in mail.outbox] == [["kouhou@example.co.jp"]]
    message = mail.outbox[0]
    assert registration.receipt_number in message.subject
    assert "掲載しました" in message.subject
    body = message.body
    assert "総務省 地域情報化企画室からお送りしています" in body  # the office that sends it
    assert "配信の停止はできません" in body  # why: a service mail about their own entry
    assert reverse("registry:companies") in body
    assert reverse("registry:edit-request") in body
    assert body.rstrip().splitlines()[-4].startswith("お問い合わせ：総務省 地域情報化企画室")
    assert _published_mails(registration).get().sent_at is not None


def test_nothing_is_mailed_before_the_commit_nor_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    registration = reviewed(make_registration())
    mail.outbox.clear()

    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        workflow.registration_transition(registration=registration, to="published", by=None)
        raise RuntimeError("the rest of the request failed")

    assert callbacks == []
    assert not _published_mails().exists()
    # Tried again, it is published and told once.
    with django_capture_on_commit_callbacks(execute=True):
        workflow.registration_transition(registration=registration, to="published", by=None)
    assert len(mail.outbox) == 1


def test_bulk_publication_in_the_admin_mails_each_company_once(
    mic_client, django_capture_on_commit_callbacks
):
    registrations = [make_registration(email=f"bulk{n}@example.jp") for n in range(3)]
    ids = [registration.pk for registration in registrations]
    mic_client.post(CHANGELIST, {"action": "confirm_selected", "_selected_action": ids})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        mic_client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": ids})

    assert sorted(message.to[0] for message in mail.outbox) == [
        "bulk0@example.jp",
        "bulk1@example.jp",
        "bulk2@example.jp",
    ]
    assert _published_mails().count() == 3


def test_a_refused_bulk_publication_mails_nobody(mic_client, django_capture_on_commit_callbacks):
    confirmed = reviewed(make_registration())
    received = make_registration()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        mic_client.post(
            CHANGELIST,
            {"action": "publish_selected", "_selected_action": [confirmed.pk, received.pk]},
        )

    assert mail.outbox == []
    assert not _published_mails().exists()


def test_a_change_the_company_made_after_publication_sends_no_second_publication_mail(
    client, django_capture_on_commit_callbacks, mic_user
):
    """掲載 → 変更あり → 総務省 reads the change: the registration stays 掲載, and the company
    was told of its change by the edit-link mail already; no second 掲載 mail."""
    registration = reviewed(make_registration(), publish=True)
    submit_edit(client, registration, django_capture_on_commit_callbacks, company_name="新社名")
    registration.refresh_from_db()
    assert registration.changed_by_company

    registrations_company_change_read(
        registrations=Registration.objects.filter(pk=registration.pk), by=mic_user
    )

    assert _published_mails(registration).count() == 1


def test_a_withdrawn_company_is_not_told(django_capture_on_commit_callbacks):
    registration = reviewed(make_registration())
    workflow.registration_transition(registration=registration, to="withdrawn", by=None)
    registration.refresh_from_db()

    assert published_queue(registration=registration) is None
    assert not _published_mails().exists()


def test_the_database_holds_one_publication_mail_per_registration():
    registration = reviewed(make_registration(), publish=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingMail.objects.create(
            registration=registration, kind=PUBLISHED, to="x@example.jp", subject="s", body="b"
        )
    assert published_queue(registration=registration) is None


def test_the_return_mail_is_still_one_mail(django_capture_on_commit_callbacks):
    registration = make_registration()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.registration_transition(
            registration=registration, to="returned", by=None, comment="問8をご確認ください。"
        )

    assert len(mail.outbox) == 1
    assert list(registration.mails.values_list("kind", flat=True)).count("returned") == 1


@pytest.mark.parametrize(
    ("publish", "changed", "words"),
    [
        (None, False, ("登録の状況：受付", "総務省で内容を確認しています")),
        ("confirmed", False, ("登録の状況：確認済", "掲載したら、メールでお知らせします")),
        ("published", False, ("登録の状況：掲載", "打診")),
        ("published", True, ("登録の状況：掲載（変更を確認中）", "確認の間も掲載は続きます")),
        ("returned", False, ("登録の状況：差戻し", "このページで登録内容を直して送信")),
    ],
)
def test_the_edit_page_shows_where_the_registration_stands(
    client, django_capture_on_commit_callbacks, publish, changed, words
):
    registration = make_registration()
    if publish == "returned":
        workflow.registration_transition(
            registration=registration, to="returned", by=None, comment="確認のため"
        )
    elif publish:
        reviewed(registration, publish=publish == "published")
    if changed:
        Registration.objects.filter(pk=registration.pk).update(changed_by_company=True)

    page = client.get(reverse("registry:edit", args=[edit_token(registration)]))

    text = page.content.decode()
    assert page.status_code == 200
    for word in words:
        assert word in text


def test_a_company_that_withdraws_before_the_mail_goes_is_not_told(
    django_capture_on_commit_callbacks,
):
    """The mail server was down: the 掲載 mail waits in the outbox; the company withdraws
    meanwhile. The news is dropped at delivery, the withdrawal's own mail still goes."""
    from portal.outbox import WITHHELD_NOTE, outbox_resend

    registration = reviewed(make_registration(email="late@example.jp"))
    with django_capture_on_commit_callbacks(execute=False):
        workflow.registration_transition(registration=registration, to="published", by=None)
    workflow.registration_transition(registration=registration, to="withdrawn", by=None)
    mail.outbox.clear()

    outbox_resend()

    news = _published_mails(registration).get()
    assert (news.to, news.sent_at, news.last_error) == ("", None, WITHHELD_NOTE)
    assert not any("掲載しました" in message.subject for message in mail.outbox)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_publishing_the_same_registration_at_once_send_one_mail():
    """Two 総務省 staff press 掲載 at the same moment (or a request is retried while the first
    still runs): the registration's lock lets one through; the other is refused and mails
    nothing."""
    from django.db import connection

    from tests.locks import at_once

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers and has no row locks; the race needs PostgreSQL")
    registration = reviewed(make_registration(email="race@example.jp"))

    def publish():
        return workflow.registration_transition(
            registration=Registration.objects.get(pk=registration.pk), to="published", by=None
        )

    results, errors = at_once(publish, 2)

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], workflow.TransitionError)
    assert _published_mails(registration).count() == 1


def test_a_bulk_publication_reads_the_mail_text_once(django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    registrations = [reviewed(make_registration()) for _ in range(4)]

    with CaptureQueriesContext(connection) as queries:
        workflow.registrations_transition(registrations=registrations, to="published", by=None)

    assert sum("portal_mailtext" in query["sql"] for query in queries) == 1
    assert _published_mails().count() == 4
