"""The public form: 入力 → 確認 → 完了, receipt and mail, drafts, no JavaScript needed."""

import re
import uuid

import pytest
from django.urls import reverse

from talent.models import Specialist
from tests.factories import draft_of, talent_post

pytestmark = pytest.mark.django_db
REGISTER = reverse("talent:register")
CONFIRM = reverse("talent:confirm")


def _submit(client, capture, **overrides):
    form = client.post(REGISTER, talent_post(**overrides))
    assert form.status_code == 302, form.context["submission"].error_summary()
    with capture(execute=True):
        return client.post(CONFIRM, {"draft": draft_of(form)})


def test_the_form_goes_to_a_confirmation_page_that_stores_nothing(client):
    form = client.post(REGISTER, talent_post())
    page = client.get(form.url).content.decode()

    assert Specialist.objects.count() == 0
    for shown in [
        "人材 花子（じんざい　はなこ）",
        "090-1234-5678",
        "北海道<br>関東：東京都",  # grouped by region
        "任期付職員<br>非常勤",
        "民間企業・システムエンジニア（2015年4月～2019年3月）",
        "地方公共団体・DX推進担当（2019年4月～2021年3月・ユーザー側のDX）",
        "プロジェクトマネージャ試験（2020年）",
        "フロントヤード改革<br>セキュリティ",
        "実務経験: 6年",
        "要件①（実務経験5年以上）を満たす見込み",
        "要件②（IPA高度試験の合格）を満たす見込み",
    ]:
        assert shown in page


def test_each_answer_on_the_confirm_page_links_back_to_its_question(client):
    form = client.post(REGISTER, talent_post())
    confirm_page = client.get(form.url).content.decode()
    form_page = client.get(f"{REGISTER}?draft={draft_of(form)}").content.decode()

    links = re.findall(r'href="([^"]*)#([\w-]+)">変更<span class="visually-hidden">', confirm_page)
    assert len(links) == 13
    for url, anchor in links:
        assert url == f"{REGISTER}?draft={draft_of(form)}"
        assert f'id="{anchor}"' in form_page
    assert 'value="人材 花子"' in form_page  # the answers are kept


def test_confirming_stores_the_entry_with_a_receipt_number_and_mails_it(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    done = _submit(client, django_capture_on_commit_callbacks)

    specialist = Specialist.objects.get()
    assert re.fullmatch(r"JR-\d{4}-\d{6}", specialist.receipt_number)
    assert specialist.receipt_number in client.get(done.url).content.decode()
    assert specialist.status == Specialist.Status.RECEIVED
    assert [p.code for p in specialist.desired_prefectures.order_by("code")] == ["01", "13"]
    assert specialist.experiences.count() == 2
    assert specialist.exam_passes.get().exam_id == "PM"
    assert specialist.privacy_consented_at is not None
    mail = mailoutbox[0]
    assert mail.to == ["hanako@example.jp"]
    assert specialist.receipt_number in mail.subject
    assert "<" not in mail.body  # plain text
    urls = re.findall(r"https?://\S+", mail.body)
    assert urls and all(f"\n{url}\n" in mail.body for url in urls)  # each URL on its own line
    assert specialist.mails.get().sent_at is not None


def test_the_fix_link_keeps_every_answer_including_the_blocks(client):
    form = client.post(REGISTER, talent_post())

    page = client.get(f"{REGISTER}?draft={draft_of(form)}")

    submission = page.context["submission"]
    assert submission.is_valid()
    assert submission.answers()["experiences"][1]["role"] == "DX推進担当"


def test_two_tabs_each_store_their_own_entry(client, django_capture_on_commit_callbacks):
    a = client.post(REGISTER, talent_post(name="甲 一郎", email="a@example.jp"))
    b = client.post(REGISTER, talent_post(name="乙 二郎", email="b@example.jp"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONFIRM, {"draft": draft_of(a)})
        client.post(CONFIRM, {"draft": draft_of(b)})

    assert Specialist.objects.get(email="a@example.jp").name == "甲 一郎"
    assert Specialist.objects.get(email="b@example.jp").name == "乙 二郎"


def test_a_double_submit_stores_one_entry(client, django_capture_on_commit_callbacks):
    first = _submit(client, django_capture_on_commit_callbacks)
    again = client.post(CONFIRM, {"draft": first.url.rpartition("draft=")[2]})

    assert again.url == first.url
    assert Specialist.objects.count() == 1


def test_an_expired_session_says_so(client):
    token = draft_of(client.post(REGISTER, talent_post()))
    client.cookies.clear()

    response = client.post(CONFIRM, {"draft": token}, follow=False)

    assert response.status_code in (200, 403)
    assert Specialist.objects.count() == 0
    if response.status_code == 200:
        assert "入力内容が失われました" in response.content.decode()


def test_an_unknown_draft_token_opens_nothing(client):
    response = client.post(CONFIRM, {"draft": str(uuid.uuid4())})

    assert "入力内容が失われました" in response.content.decode()


@pytest.mark.parametrize("total", ["abc", "3.5", "-1"])
def test_more_blocks_with_a_tampered_block_count_redraw_the_page(client, total):
    """The count of blocks is posted by the page: a tampered one is no count, not a 500."""
    post = {**talent_post(), "add_block": "experiences", "experiences-TOTAL_FORMS": total}

    response = client.post(REGISTER, post)

    assert response.status_code == 200
    assert 'value="人材 花子"' in response.content.decode()


def test_more_blocks_without_javascript_keep_what_was_typed(client):
    post = {**talent_post(), "add_block": "experiences", "experiences-2-role": "PMO"}

    response = client.post(REGISTER, post)

    submission = response.context["submission"]
    assert response.status_code == 200
    assert submission.experiences.total_form_count() == 4
    assert not submission.form.is_bound  # no errors on a page redrawn to add a block
    html = response.content.decode()
    assert 'value="PMO"' in html and 'value="人材 花子"' in html
    assert "入力内容に誤りがあります" not in html


def test_errors_are_summarised_in_page_order(client):
    response = client.post(
        REGISTER, talent_post(name="", **{"experiences-0-started_on": "2030-01"})
    )

    summary = [item["message"] for item in response.context["submission"].error_summary()]
    assert summary[0].startswith("氏名：")
    assert "実務経験1の開始（年月）：開始に将来の年月は入力できません。" in summary[1:]
    assert 'id="error-summary"' in response.content.decode()


@pytest.mark.parametrize("name", ["talent:register", "talent:privacy", "talent:edit-request"])
def test_public_pages_answer(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_pages_with_answers_are_never_cached(client, django_capture_on_commit_callbacks):
    form = client.post(REGISTER, talent_post())
    confirm = client.get(form.url)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(CONFIRM, {"draft": draft_of(form)})

    for response in [confirm, client.get(done.url)]:
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
