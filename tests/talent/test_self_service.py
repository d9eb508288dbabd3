"""The personal link: asking for it, changing the entry, withdrawing it, erasing it; and hints."""

import re

import pytest
from django.urls import reverse

from talent.answers import hints, specialist_answers
from talent.models import Specialist, SpecialistMail
from tests.factories import draft_of, edit_token, make_specialist, talent_post

pytestmark = pytest.mark.django_db


def _link(specialist, name="talent:edit"):
    return reverse(name, args=[edit_token(specialist)])


def test_asking_for_a_link_answers_the_same_for_known_and_unknown_addresses(client, mailoutbox):
    make_specialist(email="known@example.jp")
    mailoutbox.clear()
    url = reverse("talent:edit-request")

    known = client.post(url, {"email": "KNOWN@example.jp"})
    unknown = client.post(url, {"email": "nobody@example.jp"})

    def visible(response):
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return page.replace("KNOWN@example.jp", "").replace("nobody@example.jp", "")

    assert known.status_code == unknown.status_code == 200
    assert visible(known) == visible(unknown)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["known@example.jp"]


def test_link_requests_are_rate_limited_per_address(client):
    url = reverse("talent:edit-request")
    responses = [
        client.post(url, {"email": "same@example.jp"}, REMOTE_ADDR=f"10.0.0.{n}") for n in range(6)
    ]

    assert [r.status_code for r in responses] == [200] * 5 + [429]


def test_the_link_opens_the_form_with_every_answer(client):
    specialist = make_specialist()

    submission = client.get(_link(specialist)).context["submission"]

    assert submission.form.initial["name"] == "人材 花子"
    assert submission.experiences.initial[1]["role"] == "DX推進担当"
    assert submission.experiences.total_form_count() == 3  # the two periods and a blank one


def test_a_change_through_the_link_is_stored_and_a_new_link_replaces_the_old(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    specialist = make_specialist(status="returned")
    old_link = _link(specialist)
    form = client.post(
        old_link,
        talent_post(self_pr="新しい自己PR", **{"exams-0-exam": "SC", "exams-0-year": "2018"}),
    )

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("talent:edit-confirm", args=[edit_token(specialist)]), {"draft": draft_of(form)}
        )

    assert done.url == reverse("talent:edit-complete")
    specialist.refresh_from_db()
    assert specialist.self_pr == "新しい自己PR"
    assert specialist.exam_passes.get().exam_id == "SC"
    assert specialist.status == Specialist.Status.RECEIVED  # 差戻し goes back to review
    assert client.get(old_link).status_code == 403
    new_link = re.search(r"http://\S+(/talent/edit/\S+/)", mailoutbox[-1].body).group(1)
    assert client.get(new_link).status_code == 200


def test_a_tampered_link_is_refused(client):
    specialist = make_specialist()

    response = client.get(_link(specialist)[:-3] + "xx/")

    assert response.status_code == 403
    assert "このリンクは正しくありません" in response.content.decode()


def test_withdrawing_needs_the_tick_and_removes_the_entry_from_prefectures(client, mailoutbox):
    specialist = make_specialist(status="listed")
    url = _link(specialist, "talent:withdraw")

    refused = client.post(url, {})
    client.post(url, {"confirm": "on"})

    assert "確認のチェック" in refused.content.decode()
    specialist.refresh_from_db()
    assert specialist.status == Specialist.Status.WITHDRAWN
    assert not Specialist.objects.for_prefecture_staff("13").exists()
    assert client.get(_link(specialist)).status_code == 403


def test_erasing_leaves_only_a_tombstone(client, mailoutbox, django_capture_on_commit_callbacks):
    specialist = make_specialist(status="listed", phone="03-5253-5111")
    receipt_number = specialist.receipt_number
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(_link(specialist, "talent:erase"), {"confirm": "on"})

    assert receipt_number in page.content.decode()
    specialist.refresh_from_db()
    assert specialist.status == Specialist.Status.ERASED
    assert specialist.receipt_number == receipt_number
    assert specialist.erased_at and specialist.created_at
    assert (specialist.name, specialist.email, specialist.phone, specialist.self_pr) == (
        "（消去済）",
        "",
        "",
        "",
    )
    assert not specialist.experiences.exists() and not specialist.exam_passes.exists()
    assert not specialist.desired_prefectures.exists() and not specialist.specialties.exists()
    assert not specialist.history.exists()
    assert not specialist.status_changes.exclude(comment="").exists()
    assert not SpecialistMail.objects.filter(specialist=specialist).exclude(to="").exists()
    assert not SpecialistMail.objects.filter(body__contains="花子").exists()
    assert mailoutbox[0].to == ["hanako@example.jp"]
    assert receipt_number in mailoutbox[0].subject
    assert not Specialist.objects.for_prefecture_staff("13").exists()
    assert client.get(_link(specialist)).status_code == 403


def test_a_partly_equivalent_legacy_exam_is_no_hint_for_rule_2():
    specialist = make_specialist(
        **{
            "exams-0-exam": "SU",
            "exams-0-year": "2005",
            "experiences-0-started_on": "2018-04",
            "experiences-0-ended_on": "2021-02",
            "experiences-1-started_on": None,
            "experiences-1-ended_on": None,
            "experiences-1-role": None,
            "experiences-1-organisation_type": None,
            "experiences-1-user_side": None,
        }
    )

    found = hints(specialist_answers(specialist))

    assert found == {
        "experience_text": "2年11か月",
        "by_experience": False,
        "by_exam": False,
        "lines": [],
    }


def test_separate_periods_add_up_to_the_experience_hint():
    specialist = make_specialist(
        **{
            "experiences-0-started_on": "2010-04",
            "experiences-0-ended_on": "2012-09",
            "experiences-1-started_on": "2016-04",
            "experiences-1-ended_on": "2018-09",
            "exams-0-exam": None,
            "exams-0-year": None,
        }
    )

    found = hints(specialist_answers(specialist))

    assert found["experience_text"] == "5年"
    assert found["lines"] == ["要件①（実務経験5年以上）を満たす見込み"]


@pytest.mark.parametrize(
    ("to", "message"),
    [
        ("withdrawn", "取り下げられているため"),
        ("duplicate", "もう一方の登録のメールにあるリンク"),
        ("erased", "個人情報は消去済みのため"),
    ],
)
def test_a_closed_entry_s_link_says_why_and_offers_no_new_link(client, to, message):
    from talent import workflow
    from talent.self_service import specialist_erase

    specialist = make_specialist()
    link = _link(specialist)
    if to == "erased":
        specialist_erase(specialist=specialist)
    else:
        workflow.specialist_transition(specialist=specialist, to=to, by=None)

    page = client.get(link)

    assert page.status_code == 403
    assert message in page.content.decode()
    assert "新しい変更用リンクを請求する" not in page.content.decode()


HOME_LINK = f'<a href="{reverse("portal:home")}">トップページへ戻る</a>'


def test_the_change_complete_page_leads_back_to_the_top_page(client):
    """Like the company's pages, a finished step offers the way on (issue 23: pages that end
    nowhere)."""
    specialist = make_specialist(status="listed")
    form = client.post(_link(specialist), talent_post(self_pr="変えた自己PR"))
    confirm = reverse("talent:edit-confirm", args=[edit_token(specialist)])

    page = client.post(confirm, {"draft": draft_of(form)}, follow=True)

    assert page.redirect_chain[-1][0] == reverse("talent:edit-complete")
    assert HOME_LINK in page.content.decode()


@pytest.mark.parametrize("step", ["talent:withdraw", "talent:erase"])
def test_the_withdrawn_and_erased_pages_lead_back_to_the_top_page(client, step):
    specialist = make_specialist(status="listed")

    page = client.post(_link(specialist, step), {"confirm": "on"}, follow=True)

    assert "取り下げました" in page.content.decode() or "消去しました" in page.content.decode()
    assert HOME_LINK in page.content.decode()
