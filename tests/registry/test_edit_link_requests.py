"""Asking for a new edit link: the same answer for every address, rate limits, mail after the reply."""

import re

import pytest
from django.urls import reverse

from portal.models import MailText
from registry.models import Registration
from tests.factories import (
    edit_links_in,
    make_registration,
    submit_edit,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


def test_requesting_a_link_answers_the_same_for_known_and_unknown_addresses(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    make_registration(email="known@example.jp")
    mailoutbox.clear()
    url = reverse("registry:edit-request")

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "KNOWN@example.jp"})
    unknown = client.post(url, {"email": "nobody@example.jp"})

    def visible(response):
        return (
            re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
            .replace("KNOWN@example.jp", "")
            .replace("nobody@example.jp", "")
        )

    assert known.status_code == unknown.status_code == 200
    assert visible(known) == visible(unknown)
    assert [m.to for m in mailoutbox] == [["known@example.jp"]]
    assert edit_links_in(mailoutbox[0].body)


def test_a_receipt_number_narrows_the_request(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    first = make_registration(email="two@example.jp")
    make_registration(email="two@example.jp", company_name="二社目")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("registry:edit-request"),
            {"email": "two@example.jp", "receipt_number": first.receipt_number},
        )

    assert len(mailoutbox) == 1
    assert first.receipt_number in mailoutbox[0].subject


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-mail"}, "メールアドレスの形式"),
        ({"email": "a@example.jp", "receipt_number": "123"}, "KR-2026-000123 の形"),
    ],
)
def test_bad_request_input_gets_a_clear_message(client, data, message):
    response = client.post(reverse("registry:edit-request"), data)

    assert message in response.content.decode()


def test_requests_are_rate_limited_per_address(client):
    url = reverse("registry:edit-request")
    responses = [
        client.post(url, {"email": "same@example.jp"}, REMOTE_ADDR=f"10.0.0.{n}") for n in range(6)
    ]

    assert [r.status_code for r in responses] == [200] * 5 + [429]
    assert "しばらく" in responses[-1].content.decode()


def test_requests_are_rate_limited_per_client(client):
    url = reverse("registry:edit-request")
    responses = [
        client.post(url, {"email": f"a{n}@example.jp"}, REMOTE_ADDR="192.0.2.1") for n in range(21)
    ]

    assert [r.status_code for r in responses][-2:] == [200, 429]
    assert client.post(url, {"email": "b@example.jp"}, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_the_retiree_details_are_mailed_once_on_registration(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = make_registration(retiree_outreach="possible")

    assert registration.mails.filter(kind="retiree_info").count() == 1


def test_the_retiree_details_are_mailed_when_an_edit_changes_q12_to_possible(
    client, django_capture_on_commit_callbacks
):
    registration = make_registration(retiree_outreach="difficult")
    assert not registration.mails.filter(kind="retiree_info").exists()

    submit_edit(
        client, registration, django_capture_on_commit_callbacks, retiree_outreach="possible"
    )
    registration.refresh_from_db()
    submit_edit(
        client, registration, django_capture_on_commit_callbacks, retiree_outreach="difficult"
    )
    registration.refresh_from_db()
    submit_edit(
        client, registration, django_capture_on_commit_callbacks, retiree_outreach="possible"
    )

    assert registration.mails.filter(kind="retiree_info").count() == 1


def test_mail_texts_come_from_templates_mic_edits(
    mic_client, django_capture_on_commit_callbacks, mailoutbox
):
    url = reverse("admin:portal_mailtext_change", args=["registry.retiree_info"])
    template = MailText.objects.get(key="registry.retiree_info")

    preview = mic_client.get(url)
    assert preview.status_code == 200
    bad = mic_client.post(url, {"subject": "件名", "body": "{% if %}"})
    assert "テンプレートの書き方に誤りがあります" in bad.content.decode()
    mic_client.post(
        url,
        {
            "subject": "【総務省】周知のお願い {{ registration.receipt_number }}",
            "body": template.body + "\n追記しました。",
        },
    )

    with django_capture_on_commit_callbacks(execute=True):
        registration = make_registration(retiree_outreach="possible")
    message = next(m for m in mailoutbox if m.subject.startswith("【総務省】周知のお願い"))
    assert registration.receipt_number in message.subject
    assert "追記しました。" in message.body


def test_link_mails_leave_only_after_the_reply(mailoutbox, rf):
    from django.contrib.sessions.middleware import SessionMiddleware

    from registry.views.public import flow

    make_registration(email="late@example.jp")
    mailoutbox.clear()
    request = rf.post(reverse("registry:edit-request"), {"email": "late@example.jp"})
    request._dont_enforce_csrf_checks = True
    SessionMiddleware(lambda r: None).process_request(request)

    response = flow.edit_request(request)
    assert response.status_code == 200
    assert mailoutbox == []  # the reply is ready before any mail is sent

    response.close()  # what the server does once the reply has been written
    assert [m.to for m in mailoutbox] == [["late@example.jp"]]
