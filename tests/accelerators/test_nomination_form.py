"""The nomination form marks as 必須 only what a draft needs; the repeat blocks are optional."""

import re

import pytest
from django.urls import reverse

from accelerators.models import Nomination
from tests.factories import make_nomination

pytestmark = pytest.mark.django_db
DRAFT_NEEDS = {"id_name", "id_name_kana", "id_employment_type", "id_start_date"}


def _marked_required(html):
    """The ids of the inputs whose label carries the 必須 mark (crispy's requiredField)."""
    labels = re.findall(r'<label\s+for="([^"]+)"\s+class="[^"]*\brequiredField\b', html)
    return set(labels)


def _draft_post(**changes):
    """A draft with only what the form marks 必須, and every repeat block left empty."""
    data = {
        "name": "推薦　花子",
        "name_kana": "すいせん　はなこ",
        "employment_type": "part_time",
        "start_date": "2026-04-01",
        "experiences-TOTAL_FORMS": "2",
        "experiences-INITIAL_FORMS": "0",
        "ipa-TOTAL_FORMS": "1",
        "ipa-INITIAL_FORMS": "0",
    }
    for prefix, fields in [
        ("experiences-0", ["organisation", "role", "kind", "started_on", "ended_on"]),
        ("experiences-1", ["organisation", "role", "kind", "started_on", "ended_on"]),
        ("ipa-0", ["exam", "year"]),
    ]:
        data.update({f"{prefix}-{field}": "" for field in fields})
    data.update(changes)
    return data


def test_the_new_nomination_form_marks_only_what_a_draft_needs(clients):
    html = clients["prefecture_a"].get(reverse("accelerators:create")).content.decode()

    assert _marked_required(html) == DRAFT_NEEDS
    assert "実務経験 1（任意）" in html and "合格 1（任意）" in html


def test_the_edit_form_marks_no_saved_block_as_required(clients):
    nomination = make_nomination("01", exams=["PM"])

    html = clients["prefecture_a"].get(reverse("accelerators:edit", args=[nomination.pk]))
    html = html.content.decode()

    assert 'name="experiences-0-organisation"' in html and 'name="ipa-0-year"' in html
    assert _marked_required(html) == DRAFT_NEEDS


def test_a_draft_saves_with_only_the_required_fields(clients):
    response = clients["prefecture_a"].post(reverse("accelerators:create"), _draft_post())

    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert nomination.status == Nomination.Status.DRAFT
    assert not nomination.experiences.exists() and not nomination.ipa_passes.exists()


@pytest.mark.parametrize(
    ("changes", "messages"),
    [
        (
            {"experiences-0-organisation": "株式会社システム"},
            [
                "役職・業務内容を入力してください。",
                "経験の種類を選んでください。",
                "開始日を入力してください。",
            ],
        ),
        (
            {"experiences-1-ended_on": "2020-03-31"},
            ["勤務先（企業・自治体など）を入力してください。"],
        ),
        ({"ipa-0-year": "2019"}, ["試験を選んでください。"]),
        ({"ipa-0-exam": "PM"}, ["合格年（西暦）を入力してください。"]),
    ],
)
def test_a_block_that_is_begun_must_be_complete(clients, changes, messages):
    response = clients["prefecture_a"].post(reverse("accelerators:create"), _draft_post(**changes))

    html = response.content.decode()
    assert response.status_code == 200
    for message in messages:
        assert message in html
    assert not Nomination.objects.exists()


def test_emptying_a_saved_block_asks_to_delete_it_instead(clients):
    nomination = make_nomination("01", exams=["PM"])
    saved = nomination.ipa_passes.get()
    post = _draft_post(
        **{
            "experiences-TOTAL_FORMS": "1",
            "experiences-INITIAL_FORMS": "1",
            "experiences-0-id": str(nomination.experiences.get().pk),
            "experiences-0-organisation": "株式会社デジタル",
            "experiences-0-role": "システムエンジニア",
            "experiences-0-kind": "digital",
            "experiences-0-started_on": "2015-04-01",
            "ipa-INITIAL_FORMS": "1",
            "ipa-0-id": str(saved.pk),
            "ipa-0-exam": "PM",
        }
    )

    response = clients["prefecture_a"].post(
        reverse("accelerators:edit", args=[nomination.pk]), post
    )

    assert response.status_code == 200
    assert "合格年（西暦）を入力してください。" in response.content.decode()
    assert nomination.ipa_passes.get().year == saved.year


def test_what_staff_type_is_normalised_before_it_is_checked(clients):
    """Full-width letters, half-width kana and stray spaces are stored as every public answer
    is (portal.text: ASCII letters, full-width kana, trimmed); ㈱ and the ideographic space stay."""
    post = _draft_post(
        name=" ﾃｽﾄ　ＡＢＣ ",
        seconded_from_name="㈱システム\u200b",
        **{"experiences-0-organisation": "ｼｽﾃﾑ㈱", "experiences-0-role": "ＰＭ"},
        **{"experiences-0-kind": "user_side", "experiences-0-started_on": "2015-04-01"},
    )
    response = clients["prefecture_a"].post(reverse("accelerators:create"), post)

    assert response.status_code == 302, response.content.decode()
    nomination = Nomination.objects.get()
    assert nomination.name == "テスト　ABC"
    assert nomination.seconded_from_name == "㈱システム"
    assert nomination.experiences.get().organisation == "システム㈱"


def test_the_length_limit_counts_the_name_as_stored(clients):
    """ｶﾞ is two characters typed and one stored (ガ): the limit counts what is stored."""
    refused = clients["prefecture_a"].post(
        reverse("accelerators:create"), _draft_post(name="ｶﾞ" * 101)
    )
    assert "100文字以内で入力してください（現在101文字です）。" in refused.content.decode()
    assert not Nomination.objects.exists()

    accepted = clients["prefecture_a"].post(
        reverse("accelerators:create"), _draft_post(name="ｶﾞ" * 100)
    )
    assert accepted.status_code == 302
    assert Nomination.objects.get().name == "ガ" * 100
