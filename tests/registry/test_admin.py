import pytest
from django.urls import reverse

from registry.models import Registration
from tests.factories import login_verified, make_answers, make_registration

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:registry_registration_changelist")


def _change_url(registration):
    return reverse("admin:registry_registration_change", args=[registration.pk])


def _rows(response):
    return list(response.context["cl"].result_list)


def test_mic_staff_see_the_registration_list_with_its_columns(mic_client):
    make_registration(
        company_name="一覧株式会社", dispatch_prefectures=[], dispatch_scope=["dispatch_nationwide"]
    )

    html = mic_client.get(CHANGELIST).content.decode()

    for text in [
        "受付番号",
        "企業名・団体名",
        "協力形態",
        "出向可能地域",
        "状態",
        "登録日",
        "一覧株式会社",
        "全国",
        "出向・退職者への周知",
        "受付",
    ]:
        assert text in html


def test_dispatch_area_summary():
    from portal.models import Prefecture

    few = make_registration(
        dispatch_prefectures=list(Prefecture.objects.filter(code__in=["01", "02", "03", "04"]))
    )
    undecided = make_registration(dispatch_prefectures=[], dispatch_scope=["dispatch_undecided"])

    assert few.dispatch_area_summary() == "北海道 他3"
    assert undecided.dispatch_area_summary() == "未定"


def test_the_changelist_runs_a_constant_number_of_queries(
    mic_client, django_assert_max_num_queries
):
    for index in range(10):
        make_registration(company_name=f"会社{index}")
    with django_assert_max_num_queries(30) as small:
        mic_client.get(CHANGELIST)
    for index in range(190):
        make_registration(company_name=f"追加{index}")

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = mic_client.get(CHANGELIST + "?all=")

    assert len(_rows(response)) == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dispatch_to=13", {"東京に出す", "全国に出す"}),
        ("dispatch_to=01", {"全国に出す"}),
        ("based_in=27", {"全国に出す"}),
        ("work_style=work_part_time", {"全国に出す"}),
        ("work_days=days_week_1_2", {"全国に出す"}),
        ("period=period_over_3_years", {"全国に出す"}),
        ("retiree_outreach__exact=difficult", {"出さない"}),
        ("secondment__exact=no", {"出さない"}),
        ("scheme=scheme_other", {"出さない"}),
        ("status__exact=received", {"東京に出す", "全国に出す", "出さない"}),
    ],
)
def test_changelist_filters(mic_client, query, expected):
    from portal.models import Prefecture

    make_registration(company_name="東京に出す")
    make_registration(
        company_name="全国に出す",
        email="zenkoku@example.jp",
        base_prefectures=list(Prefecture.objects.filter(code="27")),
        dispatch_scope=["dispatch_nationwide"],
        dispatch_prefectures=[],
        work_styles=["work_part_time"],
        work_days=["days_week_1_2"],
        periods=["period_over_3_years"],
    )
    make_registration(
        **make_answers(
            company_name="出さない",
            email="dasanai@example.jp",
            secondment="no",
            base_prefectures=[],
            dispatch_prefectures=[],
            work_styles=[],
            periods=[],
            retiree_outreach="difficult",
            schemes=["scheme_other"],
            scheme_other_text="独自",
        )
    )

    rows = _rows(mic_client.get(f"{CHANGELIST}?{query}"))

    assert {row.company_name for row in rows} == expected


def test_changelist_filters_by_date_range(mic_client):
    from datetime import datetime

    from django.utils import timezone

    old = make_registration(company_name="古い登録")
    Registration.objects.filter(pk=old.pk).update(
        created_at=timezone.make_aware(datetime(2026, 4, 1, 10))
    )
    make_registration(company_name="新しい登録", email="new@example.jp")

    rows = _rows(
        mic_client.get(
            f"{CHANGELIST}?created_at__range__gte=2026-03-01&created_at__range__lte=2026-04-30"
        )
    )

    assert [row.company_name for row in rows] == ["古い登録"]


@pytest.mark.parametrize("term", ["検索株式会社", "けんさく", "kensaku@example.jp", "KR-"])
def test_changelist_search(mic_client, term):
    make_registration(
        company_name="検索株式会社",
        contact_name_kana="けんさく　はなこ",
        email="kensaku@example.jp",
    )

    rows = _rows(mic_client.get(CHANGELIST, {"q": term}))

    assert [row.company_name for row in rows] == ["検索株式会社"]


def test_the_change_page_shows_the_answers_numbered_as_in_the_form(mic_client):
    registration = make_registration()

    html = mic_client.get(_change_url(registration)).content.decode()

    for number in range(1, 17):
        assert f"問{number} " in html
    assert registration.receipt_number in html


def _change_post(registration, **changes):
    """The admin's change form as it opens for this registration, with `changes` applied."""
    from registry.answers import registration_form_initial

    data = {
        **registration_form_initial(registration),
        "company_name_kana": registration.company_name_kana,
        "opened_version": registration.updated_at.isoformat(),
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "mails-TOTAL_FORMS": "0",
        "mails-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_staff_return_a_registration_with_a_message_from_the_change_page(
    mic_client, mic_user, mailoutbox, django_capture_on_commit_callbacks
):
    registration = make_registration()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = mic_client.post(
            _change_url(registration),
            _change_post(
                registration,
                next_status="returned",
                transition_comment="問15のURLをご確認ください。",
            ),
        )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.RETURNED
    change = registration.status_changes.get()
    assert (change.changed_by, change.comment) == (mic_user, "問15のURLをご確認ください。")
    assert "問15のURLをご確認ください。" in mailoutbox[0].body


def test_a_refused_transition_is_shown_and_changes_nothing(mic_client):
    registration = make_registration()

    response = mic_client.post(
        _change_url(registration), _change_post(registration, next_status="returned")
    )

    assert response.status_code == 200
    assert "連絡事項の入力が必要です" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.RECEIVED


def test_saving_without_changes_adds_no_history(mic_client):
    registration = make_registration()

    mic_client.post(_change_url(registration), _change_post(registration))

    assert registration.history.count() == 1


def test_a_tampered_next_status_is_refused(mic_client):
    registration = make_registration()

    response = mic_client.post(
        _change_url(registration), _change_post(registration, next_status="published")
    )

    assert response.status_code == 200
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.RECEIVED


def test_marking_a_duplicate_by_receipt_number(mic_client):
    kept = make_registration()
    duplicate = make_registration()

    mic_client.post(
        _change_url(duplicate),
        _change_post(duplicate, next_status="duplicate", kept_receipt_number=kept.receipt_number),
    )

    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.duplicate_of) == (Registration.Status.DUPLICATE, kept)


def test_marking_a_duplicate_of_an_unknown_receipt_number_is_refused(mic_client):
    duplicate = make_registration()

    response = mic_client.post(
        _change_url(duplicate),
        _change_post(duplicate, next_status="duplicate", kept_receipt_number="KR-2026-999999"),
    )

    assert "この受付番号の登録は見つかりません。" in response.content.decode()
    assert Registration.objects.get(pk=duplicate.pk).status == Registration.Status.RECEIVED


def test_editing_an_answer_is_in_the_history_with_who_and_old_and_new(mic_client, mic_user):
    registration = make_registration(company_name="旧社名株式会社")

    mic_client.post(
        _change_url(registration), _change_post(registration, company_name="新社名株式会社")
    )

    latest, creation = registration.history.all()[:2]
    assert latest.history_user == mic_user
    delta = latest.diff_against(creation)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("company_name", "旧社名株式会社", "新社名株式会社")
    ]
    history_page = mic_client.get(
        reverse("admin:registry_registration_history", args=[registration.pk])
    )
    assert "新社名株式会社" in history_page.content.decode()


def test_the_admin_refuses_nationwide_with_prefectures(mic_client):
    registration = make_registration()

    response = mic_client.post(
        _change_url(registration),
        _change_post(registration, dispatch_scope=["dispatch_nationwide"]),
    )

    assert "「全国対応可能」を選択した場合は、個別の都道府県" in response.content.decode()
    assert not Registration.objects.get(pk=registration.pk).dispatch_nationwide


def test_declining_secondment_in_the_admin_drops_q7_to_q11_as_the_form_does(mic_client):
    from tests.factories import make_prefecture_user, reviewed

    registration = reviewed(make_registration())
    assert Registration.objects.for_prefecture_staff("13").filter(pk=registration.pk).exists()

    response = mic_client.post(
        _change_url(registration),
        _change_post(registration, secondment="no", retiree_outreach="possible"),
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.secondment == "no"
    assert not registration.dispatch_prefectures.exists()
    assert not registration.base_prefectures.exists()
    assert not (registration.work_full_time or registration.period_1_to_3_years)
    assert not Registration.objects.for_prefecture_staff("13").filter(pk=registration.pk).exists()
    assert make_prefecture_user("tokyo", "13")  # the prefecture exists, it just sees nothing


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"secondment": "no", "retiree_outreach": "difficult"}, "retiree_outreach", "周知可能"),
        ({"phone": "090-1234-567"}, "phone", "電話番号を市外局番から"),
        ({"contact_name_kana": "Soumu"}, "contact_name_kana", "ローマ字"),
        ({"company_name": "\u200b\u200b"}, "company_name", "企業名・団体名を入力してください"),
        ({"company_name": "㌀" * 201}, "company_name", "200文字以内"),
        ({"department": "営業部\n第二課"}, "department", "改行を含めずに"),
        ({"work_styles": ["work_on_request"], "work_days": []}, None, None),
    ],
)
def test_the_admin_applies_the_questionnaire_rules(mic_client, changes, field, message):
    registration = make_registration()

    response = mic_client.post(_change_url(registration), _change_post(registration, **changes))

    if field is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    assert Registration.objects.get(pk=registration.pk).company_name == registration.company_name


def test_the_admin_shows_and_keeps_the_phone_number_with_hyphens(mic_client):
    registration = make_registration()

    page = mic_client.get(_change_url(registration)).content.decode()
    mic_client.post(_change_url(registration), _change_post(registration, phone="(06)6208-8181"))

    assert 'value="03-1234-5678"' in page
    assert Registration.objects.get(pk=registration.pk).phone == "0662088181"


def test_bulk_actions_confirm_and_publish(mic_client):
    registrations = [make_registration(company_name=f"一括{n}") for n in range(3)]
    ids = [r.pk for r in registrations]

    mic_client.post(CHANGELIST, {"action": "confirm_selected", "_selected_action": ids})
    mic_client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": ids})

    assert set(Registration.objects.values_list("status", flat=True)) == {
        Registration.Status.PUBLISHED
    }


def test_a_bulk_action_with_a_refused_move_changes_nothing(mic_client):
    received = make_registration()

    response = mic_client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [received.pk]}, follow=True
    )

    assert "変更しませんでした" in response.content.decode()
    assert Registration.objects.get(pk=received.pk).status == Registration.Status.RECEIVED


def test_staff_cannot_add_registrations_by_hand(mic_client):
    assert mic_client.get(reverse("admin:registry_registration_add")).status_code == 403


def test_staff_without_the_group_see_nothing(client):
    from tests.factories import make_user

    login_verified(client, make_user("nobody"))

    assert client.get(CHANGELIST).status_code == 403


def test_the_history_page_shows_changed_prefectures_and_choices_in_words(mic_client):
    registration = make_registration()

    mic_client.post(
        _change_url(registration),
        _change_post(registration, dispatch_prefectures=["01", "47"], retiree_outreach="difficult"),
    )
    html = mic_client.get(
        reverse("admin:registry_registration_history", args=[registration.pk])
    ).content.decode()

    assert registration.history.count() == 2
    assert "東京都、神奈川県&nbsp;&rarr;&nbsp;北海道、沖縄県" in html
    assert "周知可能&nbsp;&rarr;&nbsp;周知は難しい" in html
    assert "管理画面で回答を編集" in html
    assert "変更履歴: " in html
    assert "revert" not in html.lower()
