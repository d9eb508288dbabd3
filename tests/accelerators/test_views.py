import io

import openpyxl
import pytest
from django.urls import reverse

from accelerators.models import Nomination
from accelerators.workflow import nomination_transition
from portal.models import ExportLog, Prefecture
from tests.factories import (
    make_nomination,
    make_prefecture_user,
    make_registration,
    reviewed,
)

pytestmark = pytest.mark.django_db


def _edit_post(**changes):
    data = {
        "name": "推薦　花子",
        "name_kana": "すいせん　はなこ",
        "employment_type": "part_time",
        "seconded_from": "",
        "seconded_from_name": "",
        "start_date": "2026-04-01",
        "term_end": "2027-03-31",
        "annual_cost_yen": "3000000",
        "main_duty_confirmed": "on",
        "equivalence_justification": "",
        "experiences-TOTAL_FORMS": "1",
        "experiences-INITIAL_FORMS": "0",
        "experiences-0-organisation": "株式会社システム",
        "experiences-0-role": "PM",
        "experiences-0-kind": "digital",
        "experiences-0-started_on": "2015-04-01",
        "experiences-0-ended_on": "2021-03-31",
        "ipa-TOTAL_FORMS": "1",
        "ipa-INITIAL_FORMS": "0",
        "ipa-0-exam": "PM",
        "ipa-0-year": "2019",
    }
    data.update(changes)
    return data


# Which client may do what with a draft nomination of prefecture A (01).
MATRIX = {
    # (who, what): expected HTTP status
    ("anonymous", "list"): 302,
    ("anonymous", "view"): 302,
    ("anonymous", "edit"): 302,
    ("anonymous", "transition"): 302,
    ("prefecture_a", "list"): 200,
    ("prefecture_a", "view"): 200,
    ("prefecture_a", "edit"): 200,
    ("prefecture_a", "transition"): 302,
    ("prefecture_b", "list"): 200,
    ("prefecture_b", "view"): 404,
    ("prefecture_b", "edit"): 404,
    ("prefecture_b", "transition"): 404,
    ("mic", "list"): 200,
    ("mic", "view"): 200,
    ("mic", "edit"): 403,
    ("mic", "transition"): 302,
}


@pytest.mark.parametrize(("who", "what"), list(MATRIX))
def test_access_matrix(clients, who, what):
    nomination = make_nomination("01", name="北海道の推薦")
    urls = {
        "list": reverse("accelerators:list"),
        "view": reverse("accelerators:detail", args=[nomination.pk]),
        "edit": reverse("accelerators:edit", args=[nomination.pk]),
    }
    client = clients[who]

    if what == "transition":
        response = client.post(
            reverse("accelerators:transition", args=[nomination.pk]), {"action": "submit"}
        )
    else:
        response = client.get(urls[what])

    assert response.status_code == MATRIX[(who, what)]
    if who == "anonymous":
        assert response.url.startswith(reverse("portal:login"))
    if (who, what) == ("prefecture_b", "list"):
        assert "北海道の推薦" not in response.content.decode()
    nomination.refresh_from_db()
    expected_status = "submitted" if (who, what) == ("prefecture_a", "transition") else "draft"
    assert nomination.status == expected_status


def test_mic_cannot_submit_for_a_prefecture(clients):
    nomination = make_nomination("01")

    response = clients["mic"].post(
        reverse("accelerators:transition", args=[nomination.pk]), {"action": "submit"}, follow=True
    )

    assert "推薦した都道府県の職員だけです" in response.content.decode()
    assert Nomination.objects.get(pk=nomination.pk).status == "draft"


def test_prefecture_b_cannot_edit_by_posting_either(clients):
    nomination = make_nomination("01", name="元の名前")

    response = clients["prefecture_b"].post(
        reverse("accelerators:edit", args=[nomination.pk]), _edit_post(name="書き換え")
    )

    assert response.status_code == 404
    assert Nomination.objects.get(pk=nomination.pk).name == "元の名前"


def test_a_prefecture_creates_a_draft_for_its_own_prefecture(clients):
    response = clients["prefecture_a"].post(
        reverse("accelerators:create"), _edit_post(prefecture="02")
    )

    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert (nomination.prefecture_id, nomination.status, nomination.name_kana) == (
        "01",
        "draft",
        "すいせん　はなこ",
    )
    assert nomination.experiences.count() == 1 and nomination.ipa_passes.get().exam_id == "PM"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name_kana": "Hanako"}, "ひらがなで入力"),
        ({"term_end": "2025-03-31"}, "任用開始日と同じ日かそれより後"),
        ({"experiences-0-ended_on": "2010-01-01"}, "開始日より後"),
        ({"ipa-0-exam": "XX"}, "正しく選択してください"),
        ({"ipa-0-year": "1900"}, "1994年から今年まで"),
        ({"employment_type": "intern"}, "正しく選択してください"),
        ({"employment_type": "contractor"}, "正しく選択してください"),
        ({"start_date": "2026-13-01"}, "日付"),
    ],
)
def test_bad_input_is_refused_with_a_japanese_message(clients, changes, message):
    response = clients["prefecture_a"].post(reverse("accelerators:create"), _edit_post(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Nomination.objects.exists()


def test_mic_cannot_create_nominations(clients):
    assert clients["mic"].get(reverse("accelerators:create")).status_code == 403


@pytest.mark.parametrize("status", ["submitted", "in_review", "appointed"])
def test_edits_are_locked_outside_draft_and_returned(clients, mic_user, status):
    nomination = make_nomination("01", name="ロック")
    nomination.status = status
    nomination.appointment_date = nomination.start_date
    nomination.appointment_number = "DXA-2026-9999"
    nomination.save()

    response = clients["prefecture_a"].post(
        reverse("accelerators:edit", args=[nomination.pk]), _edit_post(name="変更")
    )

    assert response.status_code == 403
    assert Nomination.objects.get(pk=nomination.pk).name == "ロック"


def test_an_unknown_action_is_refused(clients):
    nomination = make_nomination("01")

    response = clients["prefecture_a"].post(
        reverse("accelerators:transition", args=[nomination.pk]),
        {"action": "appoint-now"},
        follow=True,
    )

    assert "この操作はできません" in response.content.decode()


def test_the_export_holds_only_what_the_user_may_see(clients, mic_user):
    make_nomination("01", name="=CMD()")
    make_nomination("02", name="青森の人")

    own = openpyxl.load_workbook(
        io.BytesIO(clients["prefecture_a"].get(reverse("accelerators:export")).content)
    )
    everything = openpyxl.load_workbook(
        io.BytesIO(clients["mic"].get(reverse("accelerators:export")).content)
    )

    own_rows = list(own.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in own_rows] == ["=CMD()"]
    assert own.worksheets[0]["B2"].data_type == "s"
    assert len(list(everything.worksheets[0].iter_rows(min_row=2))) == 2
    assert ExportLog.objects.filter(kind="nominations").count() == 2


def test_the_dashboard_counts_appointed_people_and_prefectures(clients, mic_user):
    hokkaido = make_prefecture_user("dash-01", "01")
    tokyo = make_prefecture_user("dash-13", "13")
    for prefecture, user, count in [("01", hokkaido, 2), ("13", tokyo, 1)]:
        for index in range(count):
            nomination = make_nomination(prefecture, name=f"任命{prefecture}-{index}")
            for action in ("submit", "review", "appoint"):
                nomination_transition(
                    nomination=nomination,
                    action=action,
                    by=user if action == "submit" else mic_user,
                )
    in_review = make_nomination("13", name="審査待ち")
    nomination_transition(nomination=in_review, action="submit", by=tokyo)
    make_nomination("13", name="下書き")

    response = clients["prefecture_a"].get(reverse("accelerators:dashboard"))
    html = response.content.decode()
    rows = {row["prefecture"].code: row for row in response.context["rows"]}

    assert "任命状況 3名（2都道府県）" in html
    assert (rows["01"]["appointed"], rows["13"]["appointed"], rows["13"]["in_review"]) == (2, 1, 1)
    assert rows["01"]["highlight"] and not rows["13"]["highlight"]
    assert dict(response.context["by_type"])["任期なし常勤職員"] == 3
    assert html.count("<g>") == 47  # one tile per prefecture on the map


def test_the_dashboard_ignores_a_bad_fiscal_year(clients):
    response = clients["mic"].get(reverse("accelerators:dashboard"), {"fy": "abc"})

    assert response.status_code == 200


def test_the_form_says_contracted_staff_cannot_be_nominated(clients):
    response = clients["prefecture_a"].get(reverse("accelerators:create"))
    choices = dict(response.context["form"].fields["employment_type"].choices)

    assert "contractor" not in choices
    assert "業務委託で確保した人材はアクセラレータとして推薦できません" in response.content.decode()


def _company(name, *, codes, secondment="yes", review=True):
    # A declined secondment answers no Q7–Q11 flags; its stored prefectures must not matter.
    declined = {"work_styles": [], "periods": []} if secondment == "no" else {}
    registration = make_registration(
        company_name=name,
        secondment=secondment,
        dispatch_prefectures=list(Prefecture.objects.filter(code__in=codes)),
        **declined,
    )
    return reviewed(registration) if review else registration


@pytest.fixture
def companies():
    return {
        "hokkaido": _company("北海道に派遣する会社", codes=["01"]),
        "aomori": _company("青森に派遣する会社", codes=["02"]),
        "tokyo_only": _company("東京都だけの会社", codes=["13"]),
        "declined": _company("出向しない会社", codes=["01", "02"], secondment="no"),
        "unreviewed": _company("未確認の会社", codes=["01", "02"], review=False),
    }


def _offered(response):
    return set(response.context["form"].fields["seconded_from"].queryset)


def test_the_secondment_dropdown_offers_only_what_each_prefecture_may_see(clients, companies):
    hokkaido = clients["prefecture_a"].get(reverse("accelerators:create"))
    aomori = clients["prefecture_b"].get(reverse("accelerators:create"))

    assert _offered(hokkaido) == {companies["hokkaido"]}
    assert _offered(aomori) == {companies["aomori"]}
    html = hokkaido.content.decode()
    assert "北海道に派遣する会社" in html
    for name in ("青森に派遣する会社", "東京都だけの会社", "出向しない会社", "未確認の会社"):
        assert name not in html
    assert f'value="{companies["tokyo_only"].pk}"' not in html


def test_the_edit_page_offers_what_the_nominating_prefecture_may_see(clients, companies):
    nomination = make_nomination("02")

    response = clients["prefecture_b"].get(reverse("accelerators:edit", args=[nomination.pk]))

    assert _offered(response) == {companies["aomori"]}


@pytest.mark.parametrize("company", ["tokyo_only", "declined", "unreviewed", "aomori"])
def test_a_tampered_secondment_id_is_refused_and_nothing_is_stored(clients, companies, company):
    response = clients["prefecture_a"].post(
        reverse("accelerators:create"), _edit_post(seconded_from=str(companies[company].pk))
    )

    assert response.status_code == 200
    assert (
        "貴都道府県で選べる人材プール協力企業・団体の一覧にありません" in response.content.decode()
    )
    assert not Nomination.objects.exists()


def test_a_company_in_scope_is_accepted(clients, companies):
    response = clients["prefecture_a"].post(
        reverse("accelerators:create"),
        _edit_post(seconded_from=str(companies["hokkaido"].pk)),
    )

    assert response.status_code == 302
    assert Nomination.objects.get().seconded_from == companies["hokkaido"]


def test_a_tampered_secondment_id_is_refused_on_the_edit_page_too(clients, companies):
    nomination = make_nomination("01", name="元の名前")

    response = clients["prefecture_a"].post(
        reverse("accelerators:edit", args=[nomination.pk]),
        _edit_post(name="書き換え", seconded_from=str(companies["tokyo_only"].pk)),
    )

    assert response.status_code == 200
    nomination.refresh_from_db()
    assert (nomination.name, nomination.seconded_from) == ("元の名前", None)


@pytest.mark.parametrize(
    "name", ["accelerators:list", "accelerators:dashboard", "accelerators:export"]
)
def test_accelerator_pages_and_exports_are_never_cached(mic_client, name):
    make_nomination()

    cache_control = mic_client.get(reverse(name))["Cache-Control"]

    assert "private" in cache_control and "no-store" in cache_control
