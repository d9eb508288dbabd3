from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from registry import workflow
from registry.models import OutgoingMail, Registration
from tests.factories import (
    draft_of,
    edit_links_in,
    edit_post,
    edit_token,
    make_registration,
    registration_post,
    reviewed,
    submit_edit,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _edit_url(registration):
    return reverse("registry:edit", args=[edit_token(registration)])


def test_the_link_opens_the_form_with_every_answer(client):
    registration = make_registration(
        company_name="リンク株式会社", work_styles=["work_part_time"], work_days=["days_week_1_2"]
    )

    response = client.get(_edit_url(registration))
    form = response.context["form"]

    assert response.status_code == 200
    assert form.is_valid()
    assert form.cleaned_data["company_name"] == "リンク株式会社"
    assert form.cleaned_data["work_days"] == ["days_week_1_2"]
    assert "登録内容の変更" in response.content.decode()


def test_an_edit_goes_through_confirmation_and_changes_the_registration(
    client, django_capture_on_commit_callbacks
):
    registration = make_registration()

    response = submit_edit(
        client,
        registration,
        django_capture_on_commit_callbacks,
        work_styles=["work_full_time", "work_on_request"],
        department="新部署",
    )

    assert response.url == reverse("registry:edit-complete")
    registration.refresh_from_db()
    assert (registration.department, registration.work_on_request) == ("新部署", True)
    entry = registration.history.order_by("-history_id").first()
    assert (entry.history_change_reason, entry.history_user) == ("企業・団体による変更", None)


def test_an_edit_follows_the_same_rules_as_the_form(client):
    registration = make_registration()

    response = client.post(
        _edit_url(registration),
        registration_post(dispatch_scope=["dispatch_nationwide"], dispatch_prefectures=["01"]),
    )

    assert response.status_code == 200
    assert "「全国対応可能」を選択した場合は" in response.content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
        lambda t: t.replace(":", ";", 1),
        lambda t: "x" + t,
        lambda t: "not-a-token",
    ],
)
def test_a_tampered_token_is_refused(client, tamper):
    registration = make_registration()

    response = client.get(reverse("registry:edit", args=[tamper(edit_token(registration))]))

    assert response.status_code == 403
    assert "このリンクは正しくありません" in response.content.decode()


def test_a_token_signed_for_registration_a_cannot_open_b_by_changing_the_id(client):
    a = make_registration(company_name="A社")
    b = make_registration(company_name="B社", email="b@example.jp")
    token = edit_token(a)
    forged = signing.dumps({"r": b.pk, "v": 0}, salt="another-salt")

    assert client.get(reverse("registry:edit", args=[token])).context["editing"].pk == a.pk
    assert client.get(reverse("registry:edit", args=[forged])).status_code == 403


def test_the_edit_draft_of_a_cannot_be_confirmed_with_the_link_of_b(client):
    a = make_registration(company_name="A社")
    b = make_registration(company_name="B社", email="b@example.jp")
    draft = draft_of(client.post(_edit_url(a), registration_post(company_name="Aを変更")))

    response = client.post(reverse("registry:edit-confirm", args=[edit_token(b)]), {"draft": draft})

    assert response.status_code == 200
    assert "入力内容が失われました" in response.content.decode()
    assert response.context["editing"].pk == b.pk
    assert Registration.objects.get(pk=b.pk).company_name == "B社"
    assert Registration.objects.get(pk=a.pk).company_name == "A社"


def test_an_expired_link_is_refused(client, settings):
    registration = make_registration()
    token = edit_token(registration)
    settings.REGISTRATION_EDIT_LINK_DAYS = 0

    response = client.get(reverse("registry:edit", args=[token]))

    assert response.status_code == 403
    assert "有効期限が切れています" in response.content.decode()


def test_a_link_expires_after_the_set_number_of_days(client, settings, monkeypatch):
    import time

    registration = make_registration()
    token = edit_token(registration)
    settings.REGISTRATION_EDIT_LINK_DAYS = 30
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + timedelta(days=29).total_seconds())
    assert client.get(reverse("registry:edit", args=[token])).status_code == 200
    monkeypatch.setattr(time, "time", lambda: now + timedelta(days=31).total_seconds())
    assert client.get(reverse("registry:edit", args=[token])).status_code == 403


def test_after_a_save_a_new_link_is_mailed_and_the_old_one_stops_working(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    registration = make_registration()
    old_token = edit_token(registration)
    mailoutbox.clear()

    submit_edit(client, registration, django_capture_on_commit_callbacks, department="変更後")

    links = [
        link
        for m in mailoutbox
        if m.subject.startswith("【総務省】人材プール協力企業・団体の登録内容の変更用リンク")
        for link in edit_links_in(m.body)
    ]
    assert len(links) == 1
    assert client.get(reverse("registry:edit", args=[old_token])).status_code == 403
    assert client.get(links[0].split("127.0.0.1:8000")[1]).status_code == 200


def test_a_double_click_on_the_final_button_changes_once(
    client, django_capture_on_commit_callbacks
):
    registration = make_registration()
    token = edit_token(registration)
    first = client.post(
        reverse("registry:edit", args=[token]), edit_post(registration, department="一回目")
    )
    confirm = reverse("registry:edit-confirm", args=[token])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm, {"draft": draft_of(first)})

    again = client.post(confirm, {"draft": draft_of(first)})

    assert again.url == reverse("registry:edit-complete")
    assert registration.history.filter(history_change_reason="企業・団体による変更").count() == 1


def test_a_returned_registration_goes_back_to_received(client, django_capture_on_commit_callbacks):
    registration = make_registration()
    workflow.registration_transition(
        registration=registration, to=Status.RETURNED, by=None, comment="問8を確認してください"
    )

    submit_edit(client, registration, django_capture_on_commit_callbacks, department="修正後")

    registration.refresh_from_db()
    assert registration.status == Status.RECEIVED
    assert not registration.changed_by_company
    assert registration.status_changes.first().comment == "企業・団体が登録内容を修正しました。"


@pytest.mark.parametrize("publish", [False, True])
def test_a_reviewed_registration_stays_listed_and_is_flagged(
    client, django_capture_on_commit_callbacks, publish
):
    registration = reviewed(make_registration(), publish=publish)
    status = registration.status

    submit_edit(client, registration, django_capture_on_commit_callbacks, department="変更")

    registration.refresh_from_db()
    assert registration.status == status
    assert registration.changed_by_company


def test_mic_sees_the_changed_answers_and_clears_the_flag(
    client, mic_client, django_capture_on_commit_callbacks
):
    from django.test import Client

    registration = reviewed(make_registration(department="旧部署"))
    submit_edit(Client(), registration, django_capture_on_commit_callbacks, department="新部署")

    page = mic_client.get(
        reverse("admin:registry_registration_change", args=[registration.pk])
    ).content.decode()
    assert "旧部署 → 新部署" in page
    flagged = mic_client.get(
        reverse("admin:registry_registration_changelist"), {"changed_by_company__exact": "1"}
    )
    assert [r.pk for r in flagged.context["cl"].result_list] == [registration.pk]

    mic_client.post(
        reverse("admin:registry_registration_changelist"),
        {"action": "clear_company_change_flag", "_selected_action": [registration.pk]},
    )
    assert not Registration.objects.get(pk=registration.pk).changed_by_company


def test_withdrawing_needs_confirmation_then_removes_it_from_every_list(
    client, django_capture_on_commit_callbacks
):
    from portal.models import PrefectureMembership  # noqa: F401 - the prefecture list is checked through the queryset

    registration = reviewed(make_registration(), publish=True)
    token = edit_token(registration)
    withdraw = reverse("registry:withdraw", args=[token])

    refused = client.post(withdraw, {"reason": "事業縮小のため"})
    assert "確認のチェック" in refused.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == Status.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        client.post(withdraw, {"reason": "事業縮小のため", "confirm": "on"})

    registration.refresh_from_db()
    assert registration.status == Status.WITHDRAWN
    assert registration.withdrawal_reason == "事業縮小のため"
    assert not Registration.objects.published().filter(pk=registration.pk).exists()
    assert not Registration.objects.for_prefecture_staff("13").filter(pk=registration.pk).exists()
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert OutgoingMail.objects.filter(registration=registration, kind="withdrawn").exists()


def test_a_withdrawn_registrations_link_is_refused(client):
    registration = make_registration()
    token = edit_token(registration)
    client.post(reverse("registry:withdraw", args=[token]), {"confirm": "on"})

    for url in (reverse("registry:edit", args=[token]), reverse("registry:withdraw", args=[token])):
        response = client.get(url)
        assert response.status_code == 403
        assert "取り下げられている" in response.content.decode()


def test_two_edit_drafts_in_one_session_store_the_one_confirmed(
    client, django_capture_on_commit_callbacks
):
    registration = make_registration()
    token = edit_token(registration)
    first = client.post(
        reverse("registry:edit", args=[token]), edit_post(registration, department="案1")
    )
    second = client.post(
        reverse("registry:edit", args=[token]), edit_post(registration, department="案2")
    )
    assert draft_of(first) != draft_of(second)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:edit-confirm", args=[token]), {"draft": draft_of(first)})

    assert Registration.objects.get(pk=registration.pk).department == "案1"


def test_an_expired_session_is_explained_on_the_edit_confirmation(client):
    registration = make_registration()
    token = edit_token(registration)
    form = client.post(reverse("registry:edit", args=[token]), registration_post(department="新"))
    client.cookies.pop("sessionid")

    response = client.post(
        reverse("registry:edit-confirm", args=[token]), {"draft": draft_of(form)}
    )

    assert "一定時間が経過したため、入力内容が失われました。" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).department == "公共事業部"
