"""Drafts between 入力 and 完了: one token each, double submits, expired sessions, caching, HEAD."""

import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from registry.company_edits import registration_create
from registry.models import Registration
from tests.factories import (
    draft_of,
    edit_token,
    make_answers,
    registration_post,
    submit_registration,
)
from tests.locks import at_once

pytestmark = pytest.mark.django_db

REGISTER = reverse("registry:register")
CONFIRM = reverse("registry:confirm")
COMPLETE = reverse("registry:complete")


def test_a_double_submit_creates_one_registration(client, django_capture_on_commit_callbacks):
    first = submit_registration(client, django_capture_on_commit_callbacks)
    token = first.url.rpartition("draft=")[2]
    again = client.post(CONFIRM, {"draft": token})

    assert again.status_code == 302 and again.url == first.url
    assert Registration.objects.count() == 1


def test_refreshing_the_complete_page_creates_nothing(client, django_capture_on_commit_callbacks):
    response = submit_registration(client, django_capture_on_commit_callbacks)

    for _ in range(3):
        assert client.get(response.url).status_code == 200
    assert Registration.objects.count() == 1


def test_the_same_submission_token_stores_one_registration():
    token = uuid.uuid4()

    first = registration_create(answers=make_answers(), submission_token=token)
    second = registration_create(
        answers=make_answers(company_name="別の会社"), submission_token=token
    )

    assert first.pk == second.pk
    assert Registration.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_double_clicks_store_one_registration():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs a server database")
    token = uuid.uuid4()
    answers = make_answers()
    clicks = 4

    results, errors = at_once(
        lambda: registration_create(answers=answers, submission_token=token).pk, clicks
    )

    assert errors == []
    assert len(results) == clicks
    assert Registration.objects.count() == 1
    assert set(results) == {Registration.objects.get().pk}


def test_confirm_and_complete_without_a_draft_go_back_to_the_form(client):
    assert client.get(CONFIRM).url == REGISTER
    assert client.get(COMPLETE).url == REGISTER
    assert client.get(f"{COMPLETE}?draft={uuid.uuid4()}").url == REGISTER


def test_a_draft_is_revalidated_before_it_is_stored(client):
    token = draft_of(client.post(REGISTER, registration_post()))
    session = client.session
    session["registration_drafts"][token]["data"]["website"] = ["javascript:alert(1)"]
    session.save()

    response = client.post(CONFIRM, {"draft": token})

    assert response.url == f"{REGISTER}?draft={token}"
    assert Registration.objects.count() == 0
    assert "http:// または https:// で始まるURL" in client.get(response.url).content.decode()


def test_two_tabs_each_store_their_own_answers(client, django_capture_on_commit_callbacks):
    tab_a = client.post(REGISTER, registration_post(company_name="株式会社A", email="a@example.jp"))
    tab_b = client.post(REGISTER, registration_post(company_name="株式会社B", email="b@example.jp"))
    assert draft_of(tab_a) != draft_of(tab_b)
    assert "株式会社A" in client.get(tab_a.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done_a = client.post(CONFIRM, {"draft": draft_of(tab_a)})
    with django_capture_on_commit_callbacks(execute=True):
        done_b = client.post(CONFIRM, {"draft": draft_of(tab_b)})

    a = Registration.objects.get(email="a@example.jp")
    b = Registration.objects.get(email="b@example.jp")
    assert (a.company_name, b.company_name) == ("株式会社A", "株式会社B")
    assert a.receipt_number in client.get(done_a.url).content.decode()
    assert b.receipt_number in client.get(done_b.url).content.decode()
    mail_a = next(m for m in mail.outbox if m.to == ["a@example.jp"])
    assert "株式会社A" in mail_a.body and "株式会社B" not in mail_a.body


def test_fixing_a_draft_keeps_its_token_and_changes_only_it(client):
    first = client.post(REGISTER, registration_post(company_name="株式会社A"))
    other = client.post(REGISTER, registration_post(company_name="株式会社B"))

    fixed = client.post(
        REGISTER, {**registration_post(company_name="株式会社A改"), "draft": draft_of(first)}
    )

    assert draft_of(fixed) == draft_of(first)
    assert "株式会社A改" in client.get(fixed.url).content.decode()
    assert "株式会社B" in client.get(other.url).content.decode()


def test_a_forged_draft_token_opens_no_draft(client):
    client.post(REGISTER, registration_post())

    for forged in ["not-a-uuid", str(uuid.uuid4()), "../registration_drafts"]:
        response = client.post(CONFIRM, {"draft": forged})
        assert response.status_code == 200
        assert "入力内容が失われました" in response.content.decode()
    assert Registration.objects.count() == 0


EXPIRED = "一定時間が経過したため、入力内容が失われました。お手数ですが、もう一度入力してください。"


def test_an_expired_session_says_so_when_the_final_button_is_pressed(client):
    token = draft_of(client.post(REGISTER, registration_post()))
    client.session.flush()
    client.cookies.clear()

    response = client.post(CONFIRM, {"draft": token})

    assert response.status_code == 200
    assert EXPIRED in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert Registration.objects.count() == 0


def test_an_expired_session_after_a_stored_registration_shows_its_receipt(
    client, django_capture_on_commit_callbacks
):
    token = draft_of(client.post(REGISTER, registration_post()))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONFIRM, {"draft": token})
    client.cookies.clear()

    again = client.post(CONFIRM, {"draft": token})

    assert again.status_code == 302
    assert Registration.objects.get().receipt_number in client.get(again.url).content.decode()
    assert Registration.objects.count() == 1


def _served_as_wsgi(method, path):
    """Status, headers and body bytes as a WSGI server (gunicorn) receives them.

    The test client drops HEAD bodies itself, so it cannot show what the application sends.
    """
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test.client import RequestFactory

    started = {}

    def start_response(status, headers):
        started["status"], started["headers"] = status, dict(headers)

    # As the test client does: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        environ = RequestFactory().generic(method, path).environ
        body = b"".join(WSGIHandler()(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return started["status"], started["headers"], body


def test_head_on_public_pages_answers_200_without_a_body():
    for path in [
        "/",
        "/register/",
        "/companies/",
        "/privacy/",
        "/register/edit/",
        "/talent/register/",
        "/talent/privacy/",
        "/talent/edit/",
    ]:
        status, headers, body = _served_as_wsgi("HEAD", path)
        get_length = len(Client().get(path).content)

        assert status.startswith("200"), path
        assert body == b"", path
        assert int(headers["Content-Length"]) == get_length, path


def _assert_private(response):
    cache_control = response.get("Cache-Control", "")
    assert response.status_code == 200
    assert "private" in cache_control and "no-store" in cache_control


def test_pages_with_answers_are_never_cached(client, django_capture_on_commit_callbacks):
    form = client.post(REGISTER, registration_post())
    _assert_private(client.get(form.url))
    _assert_private(client.get(f"{REGISTER}?draft={draft_of(form)}"))
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(CONFIRM, {"draft": draft_of(form)})
    _assert_private(client.get(done.url))
    link = reverse("registry:edit", args=[edit_token(Registration.objects.get())])
    _assert_private(client.get(link))
    _assert_private(client.get(link + "withdraw/"))
    edit_form = client.post(link, registration_post(department="変更後"))
    _assert_private(client.get(edit_form.url))
