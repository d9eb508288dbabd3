"""From person to nomination (pre-filled, marked 任用済), and 総務省's review in the admin."""

from datetime import date

import pytest
from django.urls import reverse

from accelerators.models import ExperienceEntry, Nomination
from accelerators.selectors import nomination_eligibility
from talent.models import Specialist
from tests.factories import edit_token, make_specialist

pytestmark = pytest.mark.django_db


def _hire(client, specialist, **data):
    return client.post(
        reverse("talent:staff-hire", args=[specialist.pk]),
        {
            "employment_type": "fixed_term",
            "start_date": "2026-04-01",
            "term_end": "2028-03-31",
            **data,
        },
    )


def test_hiring_starts_a_prefilled_draft_nomination_and_marks_the_entry(clients):
    specialist = make_specialist(status="listed", desired_prefectures=["01"])

    response = _hire(clients["prefecture_a"], specialist)

    nomination = Nomination.objects.get()
    assert response.url == reverse("accelerators:edit", args=[nomination.pk])
    assert (nomination.prefecture_id, nomination.status) == ("01", Nomination.Status.DRAFT)
    assert (nomination.name, nomination.name_kana) == ("人材 花子", "じんざい　はなこ")
    assert (nomination.employment_type, nomination.start_date) == ("fixed_term", date(2026, 4, 1))
    experiences = list(nomination.experiences.order_by("started_on"))
    assert [(e.organisation, e.role, e.kind) for e in experiences] == [
        ("民間企業", "システムエンジニア", ExperienceEntry.Kind.DIGITAL),
        ("地方公共団体", "DX推進担当", ExperienceEntry.Kind.USER_SIDE),
    ]
    assert (experiences[0].started_on, experiences[0].ended_on) == (
        date(2015, 4, 1),
        date(2019, 3, 31),
    )
    assert [(p.exam_id, p.year) for p in nomination.ipa_passes.all()] == [("PM", 2020)]
    eligibility = nomination_eligibility(nomination)
    assert eligibility.by_experience and eligibility.by_exam
    specialist.refresh_from_db()
    assert specialist.hired_display == "任用済（北海道）"
    assert specialist.nomination == nomination
    assert "任用済（北海道）" in specialist.history.first().history_change_reason


def test_an_entry_is_hired_once(clients):
    specialist = make_specialist(status="listed", desired_scope=["desires_anywhere"])
    _hire(clients["prefecture_a"], specialist)

    again = _hire(clients["prefecture_b"], specialist)

    assert again.status_code == 200
    assert "すでに任用済（北海道）として記録されています" in again.content.decode()
    assert Nomination.objects.count() == 1


def test_a_hire_needs_its_employment_type_and_start(clients):
    specialist = make_specialist(status="listed", desired_prefectures=["01"])

    response = _hire(
        clients["prefecture_a"], specialist, employment_type="contractor", start_date=""
    )

    assert response.status_code == 200
    assert not Nomination.objects.exists()
    assert not Specialist.objects.get(pk=specialist.pk).hired_by_id


def _change(mic_client, specialist, **data):
    return mic_client.post(
        reverse("admin:talent_specialist_change", args=[specialist.pk]),
        {
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
            "mails-TOTAL_FORMS": "0",
            "mails-INITIAL_FORMS": "0",
            **data,
        },
    )


def test_mic_reviews_an_entry_in_the_admin(mic_client, mic_user):
    specialist = make_specialist()

    _change(mic_client, specialist, next_status="confirmed")
    _change(mic_client, specialist, next_status="listed")

    specialist.refresh_from_db()
    assert specialist.status == Specialist.Status.LISTED
    assert [c.changed_by for c in specialist.status_changes.all()] == [mic_user, mic_user]
    assert Specialist.objects.for_prefecture_staff("13").filter(pk=specialist.pk).exists()


def test_returning_needs_a_message_that_is_mailed(
    mic_client, mailoutbox, django_capture_on_commit_callbacks
):
    specialist = make_specialist()
    mailoutbox.clear()

    refused = _change(mic_client, specialist, next_status="returned")
    with django_capture_on_commit_callbacks(execute=True):
        _change(
            mic_client,
            specialist,
            next_status="returned",
            transition_comment="経歴の年月をご確認ください。",
        )

    assert "連絡事項の入力が必要です" in refused.content.decode()
    assert Specialist.objects.get(pk=specialist.pk).status == Specialist.Status.RETURNED
    assert "経歴の年月をご確認ください。" in mailoutbox[-1].body
    assert "/talent/edit/" in mailoutbox[-1].body


def test_a_move_the_review_does_not_allow_is_refused(mic_client):
    specialist = make_specialist()

    response = _change(mic_client, specialist, next_status="listed")

    assert response.status_code == 200
    assert Specialist.objects.get(pk=specialist.pk).status == Specialist.Status.RECEIVED


def test_the_admin_list_flags_possible_duplicates_and_filters_in_japanese(mic_client):
    make_specialist(name="重複 太郎", email="one@example.jp")
    make_specialist(name="重複　太郎", email="two@example.jp")
    make_specialist(name="別人", email="three@example.jp")

    flagged = mic_client.get(reverse("admin:talent_specialist_changelist"), {"duplicate": "yes"})
    html = flagged.content.decode()

    # Stored as typed, one key: the ideographic space is kept, and both are flagged.
    assert {r.name for r in flagged.context["cl"].result_list} == {"重複 太郎", "重複　太郎"}
    for text in ["重複の可能性", "希望する勤務形態", "得意分野", "受付"]:
        assert text in html


def test_the_admin_change_page_shows_the_answers_and_hints(mic_client):
    specialist = make_specialist()

    html = mic_client.get(
        reverse("admin:talent_specialist_change", args=[specialist.pk])
    ).content.decode()

    assert "自治体の窓口DXを支援してきました。" in html
    assert "要件②（IPA高度試験の合格）を満たす見込み" in html


def test_mic_marks_a_second_entry_of_one_person_as_duplicate_and_it_leaves_every_list(
    mic_client, client
):
    kept = make_specialist(status="listed", email="same@example.jp")
    second = make_specialist(status="listed", email="same@example.jp")

    _change(mic_client, second, next_status="duplicate")

    second.refresh_from_db()
    assert second.status == Specialist.Status.DUPLICATE
    assert list(Specialist.objects.for_prefecture_staff("13")) == [kept]
    link = reverse("talent:edit", args=[edit_token(second)])
    assert client.get(link).status_code == 403
    assert "重複" in second.status_changes.first().get_to_status_display()


def test_the_history_pages_speak_japanese_even_when_empty(mic_client, client):
    from talent.self_service import specialist_erase

    kept, erased = make_specialist(), make_specialist(email="other@example.jp")
    specialist_erase(specialist=erased)

    empty = mic_client.get(reverse("admin:talent_specialist_history", args=[erased.pk]))
    listed = mic_client.get(reverse("admin:talent_specialist_history", args=[kept.pk]))

    assert "変更の履歴はありません" in empty.content.decode()
    assert "doesn't have" not in empty.content.decode()
    assert "登録者本人（またはシステム）" in listed.content.decode()
