import re
import threading
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from registry.edit_links import edit_token
from registry.models import Registration, WorkStyle
from registry.submission import PRIVACY_NOTICE_VERSION, registration_create
from tests.factories import draft_of, make_answers, registration_post

pytestmark = pytest.mark.django_db

REGISTER = reverse("registry:register")
CONFIRM = reverse("registry:confirm")
COMPLETE = reverse("registry:complete")


def _submit(client, django_capture_on_commit_callbacks, **overrides):
    response = client.post(REGISTER, registration_post(**overrides))
    assert response.status_code == 302, response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(CONFIRM, {"draft": draft_of(response)})


def test_the_form_page_shows_all_16_questions(client):
    response = client.get(REGISTER)
    html = response.content.decode()

    assert response.status_code == 200
    for number in range(1, 17):
        assert f'<span class="question-number">問{number}</span>' in html
    assert "問6で「登録を希望する」と回答いただいた方は、問7～問11にお答えください。" in html
    assert html.count('type="checkbox" name="base_prefectures"') == 47
    assert html.count("<legend>関東</legend>") == 2


def test_a_valid_form_goes_to_the_confirmation_page_without_storing_anything(client):
    response = client.post(REGISTER, registration_post())

    assert response.status_code == 302
    assert response.url == f"{CONFIRM}?draft={draft_of(response)}"
    assert Registration.objects.count() == 0
    page = client.get(response.url).content.decode()
    assert f'name="draft" value="{draft_of(response)}"' in page
    for answer in [
        "株式会社デジタル協力",
        "そうむ　たろう",
        "03-1234-5678",
        "東京都",
        "神奈川県",
        "常勤",
        "1～3年",
        "周知可能",
    ]:
        assert answer in page


def test_fix_link_returns_to_the_form_with_every_answer_kept(client):
    response = client.post(
        REGISTER, registration_post(schemes=["scheme_other"], scheme_other_text="独自制度")
    )
    confirm_page = client.get(response.url)
    fix_url = f"{REGISTER}?draft={draft_of(response)}"
    assert f'href="{fix_url}"' in confirm_page.content.decode()

    form_page = client.get(fix_url)
    form = form_page.context["form"]

    assert f'name="draft" value="{draft_of(response)}"' in form_page.content.decode()

    assert form.is_bound and form.is_valid()
    assert form.cleaned_data["company_name"] == "株式会社デジタル協力"
    assert form.cleaned_data["scheme_other_text"] == "独自制度"
    assert [p.code for p in form.cleaned_data["dispatch_prefectures"]] == ["13", "14"]


def test_confirming_stores_one_registration_with_every_answer(
    client, django_capture_on_commit_callbacks
):
    response = _submit(
        client,
        django_capture_on_commit_callbacks,
        base_prefectures=["13", "27"],
        dispatch_scope=["dispatch_undecided"],
        work_styles=["work_part_time", "work_on_request"],
        work_days=["days_week_1_2"],
        periods=["period_under_1_year", "period_over_3_years"],
        schemes=["scheme_chiiki_kigyojin", "scheme_other"],
        scheme_other_text="県のDXアドバイザー",
        scheme_support_record="B町で窓口DXを支援",
    )

    assert response.status_code == 302 and response.url.startswith(COMPLETE)
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.RECEIVED
    assert registration.company_name == "株式会社デジタル協力"
    assert registration.contact_name_kana == "そうむ　たろう"
    assert registration.phone == "0312345678"
    assert sorted(p.code for p in registration.base_prefectures.all()) == ["13", "27"]
    assert sorted(p.code for p in registration.dispatch_prefectures.all()) == ["13", "14"]
    assert (registration.dispatch_nationwide, registration.dispatch_undecided) == (False, True)
    assert registration.selected_labels(WorkStyle) == ["非常勤", "都道府県からの相談に応じて検討"]
    assert registration.days_week_1_2 and not registration.days_week_3_plus
    assert registration.period_under_1_year and registration.period_over_3_years
    assert registration.scheme_labels() == [
        "地域活性化起業人（総務省）",
        "その他（県のDXアドバイザー）",
    ]
    assert registration.scheme_support_record == "B町で窓口DXを支援"
    assert registration.privacy_notice_version == PRIVACY_NOTICE_VERSION
    assert registration.privacy_consented_at is not None


def test_the_complete_page_shows_the_receipt_number(client, django_capture_on_commit_callbacks):
    response = _submit(client, django_capture_on_commit_callbacks)

    page = client.get(response.url).content.decode()
    registration = Registration.objects.get()

    assert re.fullmatch(r"KR-\d{4}-\d{6}", registration.receipt_number)
    assert registration.receipt_number in page


def test_declining_with_tampered_q7_to_q11_stores_none_of_them(
    client, django_capture_on_commit_callbacks
):
    _submit(
        client,
        django_capture_on_commit_callbacks,
        secondment="no",
        retiree_outreach="possible",
        base_prefectures=["01", "02"],
        dispatch_scope=["dispatch_nationwide"],
        dispatch_prefectures=["01"],
        work_styles=["work_part_time"],
        work_days=["days_week_3_plus"],
        periods=["period_over_3_years"],
    )

    registration = Registration.objects.get()
    assert registration.secondment == "no"
    assert not registration.base_prefectures.exists()
    assert not registration.dispatch_prefectures.exists()
    assert not any(
        getattr(registration, name)
        for name in [
            "dispatch_nationwide",
            "work_part_time",
            "days_week_3_plus",
            "period_over_3_years",
        ]
    )


def test_nationwide_with_hokkaido_is_refused_with_a_message(client):
    response = client.post(
        REGISTER,
        registration_post(dispatch_scope=["dispatch_nationwide"], dispatch_prefectures=["01"]),
    )

    assert response.status_code == 200
    assert "「全国対応可能」を選択した場合は、個別の都道府県" in response.content.decode()
    assert response.context["form"].errors["dispatch_scope"]


def test_an_unknown_prefecture_id_is_refused(client):
    response = client.post(REGISTER, registration_post(base_prefectures=["13", "99"]))

    assert response.status_code == 200
    assert "選択肢にない都道府県が送信されました" in response.content.decode()


def test_a_javascript_url_is_refused(client):
    response = client.post(REGISTER, registration_post(website="javascript:alert(1)"))

    assert response.status_code == 200
    assert "http:// または https:// で始まるURL" in response.content.decode()


def test_errors_are_summarised_and_every_answer_is_kept(client):
    response = client.post(REGISTER, registration_post(company_name="", email="not-an-address"))
    html = response.content.decode()

    assert 'id="error-summary"' in html
    assert '<a href="#id_company_name">問1 企業名・団体名を入力してください。</a>' in html
    assert 'href="#id_email"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="公共事業部"' in html
    assert 'value="13" class="form-check-input" id="id_dispatch_prefectures_12" checked' in html


def test_a_post_without_csrf_token_is_refused(csrf_client):
    response = csrf_client.post(REGISTER, registration_post())

    assert response.status_code == 403
    assert Registration.objects.count() == 0


def test_the_final_submit_without_csrf_token_is_refused(csrf_client):
    csrf_client.get(REGISTER)
    token = csrf_client.cookies["csrftoken"].value
    csrf_client.post(REGISTER, {**registration_post(), "csrfmiddlewaretoken": token})

    response = csrf_client.post(CONFIRM)

    assert response.status_code == 403
    assert Registration.objects.count() == 0


def test_a_double_submit_creates_one_registration(client, django_capture_on_commit_callbacks):
    first = _submit(client, django_capture_on_commit_callbacks)
    token = first.url.rpartition("draft=")[2]
    again = client.post(CONFIRM, {"draft": token})

    assert again.status_code == 302 and again.url == first.url
    assert Registration.objects.count() == 1


def test_refreshing_the_complete_page_creates_nothing(client, django_capture_on_commit_callbacks):
    response = _submit(client, django_capture_on_commit_callbacks)

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
    # Every thread waits here until all have a connection, so the inserts really overlap.
    start = threading.Barrier(clicks, timeout=30)
    results, errors = [], []

    def submit():
        try:
            connection.ensure_connection()
            start.wait()
            results.append(registration_create(answers=answers, submission_token=token).pk)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

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


def test_the_privacy_page_states_purpose_recipients_and_retention(client):
    html = client.get(reverse("registry:privacy")).content.decode()

    for phrase in [
        "利用目的",
        "情報を受け取る者",
        "総務省",
        "問8で選択された都道府県",
        "保存期間",
        PRIVACY_NOTICE_VERSION,
    ]:
        assert phrase in html


def test_the_receipt_mail_goes_to_q4_with_the_receipt_number(
    client, django_capture_on_commit_callbacks
):
    _submit(client, django_capture_on_commit_callbacks)

    registration = Registration.objects.get()
    message = next(m for m in mail.outbox if "受け付けました" in m.subject)
    assert message.to == ["taro@example.co.jp"]
    assert registration.receipt_number in message.subject
    assert registration.receipt_number in message.body
    for answer in [
        "株式会社デジタル協力",
        "総務 太郎",
        "東京都",
        "神奈川県",
        "https://example.co.jp/public-sector",
        "03-1234-5678",
    ]:
        assert answer in message.body
    assert registration.mails.get(kind="receipt").sent_at is not None
    assert "/register/edit/" in message.body


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
    for path in ["/", "/register/", "/companies/", "/privacy/", "/register/edit/"]:
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
