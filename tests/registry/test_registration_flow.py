import re

import pytest
from django.core import mail
from django.urls import reverse

from registry.choices import WorkStyle
from registry.models import Registration
from registry.submission import PRIVACY_NOTICE_VERSION
from tests.factories import draft_of, registration_post, submit_registration

pytestmark = pytest.mark.django_db

REGISTER = reverse("registry:register")
CONFIRM = reverse("registry:confirm")
COMPLETE = reverse("registry:complete")


def test_the_form_page_shows_all_16_questions(client):
    response = client.get(REGISTER)
    html = response.content.decode()

    assert response.status_code == 200
    for number in range(1, 17):
        assert f'<span class="question-number" id="q{number}">問{number}</span>' in html
    assert "問6で「登録を希望する」と回答いただいた方は、問7～問11にお答えください。" in html
    assert html.count('type="checkbox" name="base_prefectures"') == 47
    assert html.count('<legend class="visually-hidden">関東</legend>') == 2


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


def test_the_confirm_page_groups_prefectures_by_region(client):
    response = client.post(
        REGISTER, registration_post(dispatch_prefectures=["01", "13", "14", "27"])
    )
    page = client.get(response.url).content.decode()

    assert "北海道<br>関東：東京都、神奈川県<br>近畿：大阪府" in page


def test_each_answer_on_the_confirm_page_links_back_to_its_question(client):
    response = client.post(REGISTER, registration_post())
    draft = draft_of(response)
    confirm_page = client.get(response.url).content.decode()
    form_page = client.get(f"{REGISTER}?draft={draft}").content.decode()

    links = re.findall(r'href="([^"]*)#(q\d+)">変更<span class="visually-hidden">', confirm_page)
    assert [anchor for _, anchor in links] == [f"q{number}" for number in range(1, 17)]
    for url, anchor in links:
        assert url == f"{REGISTER}?draft={draft}"
        assert f'id="{anchor}"' in form_page  # the question it leads to
    assert 'value="株式会社デジタル協力"' in form_page  # with the answers kept


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
    response = submit_registration(
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


def test_a_stored_registration_has_one_creation_entry_with_its_prefectures(
    client, django_capture_on_commit_callbacks
):
    submit_registration(client, django_capture_on_commit_callbacks, base_prefectures=["13", "27"])

    registration = Registration.objects.get()
    entry = registration.history.get()
    assert (entry.history_type, entry.history_change_reason, entry.history_user) == (
        "+",
        "登録フォームから登録",
        None,
    )
    assert entry.receipt_number == registration.receipt_number
    assert sorted(row.prefecture_id for row in entry.base_prefectures.all()) == ["13", "27"]
    assert sorted(row.prefecture_id for row in entry.dispatch_prefectures.all()) == ["13", "14"]


def test_the_complete_page_shows_the_receipt_number(client, django_capture_on_commit_callbacks):
    response = submit_registration(client, django_capture_on_commit_callbacks)

    page = client.get(response.url).content.decode()
    registration = Registration.objects.get()

    assert re.fullmatch(r"KR-\d{4}-\d{6}", registration.receipt_number)
    assert registration.receipt_number in page


def test_declining_with_tampered_q7_to_q11_stores_none_of_them(
    client, django_capture_on_commit_callbacks
):
    submit_registration(
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


def test_an_address_without_its_scheme_is_shown_on_the_confirm_page_as_https(client):
    response = client.post(REGISTER, registration_post(website="example.co.jp/dx"))

    assert response.status_code == 302
    assert "https://example.co.jp/dx" in client.get(response.url).content.decode()


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
    submit_registration(client, django_capture_on_commit_callbacks)

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
