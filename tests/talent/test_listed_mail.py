"""The person is told when 総務省 first provides their entry to prefectures (掲載（都道府県に提供）):
once, to their address, naming the office, the contact point and why; never when withdrawn or
erased; the return mail stays one mail; their edit page says where the entry stands."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from talent import workflow
from talent.mail import listed_queue
from talent.models import Specialist, SpecialistMail
from talent.self_service import specialist_erase
from tests.factories import edit_token, make_specialist

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:talent_specialist_changelist")
LISTED = SpecialistMail.Kind.LISTED


def _move(specialist, to, comment=""):
    workflow.specialist_transition(specialist=specialist, to=to, by=None, comment=comment)


def test_providing_mails_the_person_once_with_the_office_contact_and_why(
    settings, django_capture_on_commit_callbacks
):
    settings.CONTACT = {**settings.CONTACT, "office": "総務省 地域情報化企画室"}
    person = make_specialist(status="confirmed", email="hanako@example.jp")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _move(person, "listed")

    assert [message.to for message in mail.outbox] == [["hanako@example.jp"]]
    message = mail.outbox[0]
    assert person.receipt_number in message.subject
    assert "都道府県に提供しました" in message.subject
    assert "総務省 地域情報化企画室からお送りしています" in message.body
    assert "配信の停止はできません" in message.body
    assert "お問い合わせ：総務省 地域情報化企画室" in message.body
    # No personal link: the outbox is readable by staff; the request page gives a fresh one.
    assert "/talent/edit/" not in message.body.replace(reverse("talent:edit-request"), "")


def test_a_return_to_the_list_after_a_correction_is_not_told_again(
    client, django_capture_on_commit_callbacks
):
    """提供 → 差戻し (mailed, as before) → the person corrects → 確認済 → 提供 again: the first
    provision was the news; the correction answered the return mail."""
    person = make_specialist(status="listed")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _move(person, "returned", comment="経歴の年月をご確認ください。")
        _move(person, "received")
        _move(person, "confirmed")
        _move(person, "listed")

    kinds = list(person.mails.order_by("pk").values_list("kind", flat=True))
    assert kinds.count(LISTED) == 1
    assert kinds.count(SpecialistMail.Kind.RETURNED) == 1
    assert [message.subject for message in mail.outbox if "提供しました" in message.subject] == []
    assert len([m for m in mail.outbox if "ご確認のお願い" in m.subject]) == 1


def test_bulk_provision_in_the_admin_mails_each_person_once(
    mic_client, django_capture_on_commit_callbacks
):
    people = [make_specialist(status="confirmed", email=f"p{n}@example.jp") for n in range(3)]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        mic_client.post(
            CHANGELIST,
            {"action": "list_selected", "_selected_action": [person.pk for person in people]},
        )

    assert sorted(message.to[0] for message in mail.outbox) == [
        "p0@example.jp",
        "p1@example.jp",
        "p2@example.jp",
    ]
    assert SpecialistMail.objects.filter(kind=LISTED).count() == 3


def test_nobody_withdrawn_or_erased_is_told():
    withdrawn = make_specialist(status="withdrawn")
    erased = make_specialist(status="listed")
    SpecialistMail.objects.filter(specialist=erased, kind=LISTED).delete()
    specialist_erase(specialist=erased)
    erased.refresh_from_db()

    assert listed_queue(specialist=withdrawn) is None
    assert listed_queue(specialist=erased) is None
    assert not SpecialistMail.objects.filter(kind=LISTED).exists()


def test_an_erasure_blanks_the_provision_mail_too():
    person = make_specialist(status="listed")

    specialist_erase(specialist=person)

    kept = SpecialistMail.objects.get(specialist=person, kind=LISTED)
    assert (kept.to, kept.body) == ("", "")


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (None, ("登録の状況：受付", "総務省で内容を確認しています")),
        ("confirmed", ("登録の状況：確認済", "提供したら、メールでお知らせします")),
        ("listed", ("登録の状況：掲載（都道府県に提供）", "打診")),
        ("returned", ("登録の状況：差戻し", "都道府県への提供は止まっています")),
    ],
)
def test_the_edit_page_shows_where_the_entry_stands(client, status, words):
    person = make_specialist(status=status)

    page = client.get(reverse("talent:edit", args=[edit_token(person)]))

    text = page.content.decode()
    assert page.status_code == 200
    for word in words:
        assert word in text
    assert "情報提供から外れています" not in text


def test_the_edit_page_says_when_an_unanswered_reconfirmation_took_the_entry_off_the_lists(client):
    person = make_specialist(status="listed")
    Specialist.objects.filter(pk=person.pk).update(
        reconfirmation_deadline=timezone.now() - timedelta(days=1)
    )

    page = client.get(reverse("talent:edit", args=[edit_token(person)]))

    assert "年次確認の回答期限が過ぎたため、都道府県への情報提供から外れています" in (
        page.content.decode()
    )


def test_a_person_who_withdraws_before_the_mail_goes_is_not_told(
    django_capture_on_commit_callbacks,
):
    from portal.outbox import WITHHELD_NOTE, outbox_resend

    person = make_specialist(status="confirmed")
    with django_capture_on_commit_callbacks(execute=False):
        _move(person, "listed")
    _move(person, "withdrawn")
    mail.outbox.clear()

    outbox_resend()

    news = SpecialistMail.objects.get(specialist=person, kind=LISTED)
    assert (news.to, news.sent_at, news.last_error) == ("", None, WITHHELD_NOTE)
    assert not any("提供しました" in message.subject for message in mail.outbox)
