"""総務省's review workspace (/staff/review/): the queues, the record page and the decisions."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.home import your_turn
from portal.review import (
    CHANGED_SINCE_SHOWN,
    NO_CHANGES,
    ChangedSinceShown,
    ReviewRefused,
    entry_version,
    review_decide,
    review_kind,
)
from registry import workflow
from registry.models import OutgoingMail, Registration, StatusChange
from talent.models import Specialist, SpecialistMail, SpecialistStatusChange
from tests.factories import (
    login_verified,
    make_prefecture_user,
    make_registration,
    make_specialist,
    prefectures,
    reviewed,
)

pytestmark = pytest.mark.django_db


def _queue(kind="companies"):
    return reverse("portal:review-queue", args=[kind])


def _record(entry, kind="companies"):
    return reverse("portal:review-record", args=[kind, entry.pk])


def _decide(entry, kind="companies"):
    return reverse("portal:review-decision", args=[kind, entry.pk])


def _post(client, entry, decision, *, kind="companies", reason="", version=None):
    return client.post(
        _decide(entry, kind),
        {
            "decision": decision,
            "reason": reason,
            "opened_version": version or entry_version(entry),
        },
    )


def _aged(entry, days):
    """Stored `days` ago (the queue is oldest first)."""
    type(entry).objects.filter(pk=entry.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=days)
    )
    entry.refresh_from_db()
    return entry


def test_the_queue_lists_the_waiting_entries_oldest_first_as_many_as_the_home_counts(
    mic_client, rf, mic_user
):
    newer = make_registration(company_name="新しい株式会社", email="new@example.jp")
    older = _aged(make_registration(company_name="古い株式会社", email="old@example.jp"), 3)
    reviewed(make_registration(company_name="確認済株式会社", email="done@example.jp"))

    response = mic_client.get(_queue())

    assert response.status_code == 200
    shown = [entry.pk for entry, _name, _cells, _flag in response.context["rows"]]
    assert shown == [older.pk, newer.pk]
    request = rf.get("/staff/")
    request.user = mic_user
    turn = {link.label: link for link in your_turn(request)}
    link = turn["確認を待つ企業・団体の登録"]
    assert link.url == _queue()
    assert link.count == response.context["page"].paginator.count == 2
    assert turn["確認を待つ人材の登録"].url == _queue("people")


@pytest.mark.parametrize("kind", ["companies", "people"])
def test_the_queue_runs_the_same_number_of_queries_for_3_and_30_entries(mic_client, kind):
    def fill(count):
        for index in range(count):
            if kind == "companies":
                make_registration(company_name=f"数える{index}株式会社", email=f"c{index}@ex.jp")
            else:
                make_specialist(name=f"数える　{index}", email=f"p{index}@ex.jp")

    fill(3)
    mic_client.get(_queue(kind))
    with CaptureQueriesContext(connection) as few:
        mic_client.get(_queue(kind))
    fill(27)
    with CaptureQueriesContext(connection) as many:
        response = mic_client.get(_queue(kind))

    assert response.context["page"].paginator.count == 30
    assert len(many) == len(few)


def test_the_queue_filters_by_one_prefecture_and_by_name(mic_client):
    hokkaido = make_registration(
        company_name="北の株式会社", email="n@example.jp", dispatch_prefectures=prefectures("01")
    )
    make_registration(
        company_name="南の株式会社", email="s@example.jp", dispatch_prefectures=prefectures("47")
    )

    by_prefecture = mic_client.get(_queue(), {"prefecture": "01"})
    by_name = mic_client.get(_queue(), {"name": "(株)北の"})
    wrong = mic_client.get(_queue(), {"prefecture": "99"})

    assert [row[0].pk for row in by_prefecture.context["rows"]] == [hokkaido.pk]
    assert [row[0].pk for row in by_name.context["rows"]] == [hokkaido.pk]
    assert by_prefecture.content.decode().count("<select") == 1
    assert wrong.status_code == 400
    assert "選択肢にない都道府県" in wrong.content.decode()


def test_a_withdrawn_person_never_appears(mic_client):
    make_specialist(name="取下げ　太郎", status="withdrawn", email="w@example.jp")
    waiting = make_specialist(name="受付　花子", email="r@example.jp")

    page = mic_client.get(_queue("people")).content.decode()

    assert "受付　花子" in page
    assert "取下げ　太郎" not in page
    withdrawn = Specialist.objects.get(status="withdrawn")
    record = mic_client.get(_record(withdrawn, "people")).content.decode()
    assert "取下げ　太郎" not in record
    assert "確認を待つ登録ではありません" in record
    assert waiting.pk


def test_the_record_page_shows_answers_changes_duplicates_then_the_decision(mic_client):
    make_registration(company_name="株式会社 重複", email="one@example.jp")
    entry = make_registration(company_name="重複株式会社", email="two@example.jp")

    page = mic_client.get(_record(entry)).content.decode()

    order = [page.index(f'id="review-{part}"') for part in ("answers", "changes", "duplicates")]
    order.append(page.index('id="review-decision"'))
    assert order == sorted(order)
    assert "問1" in page and "重複株式会社" in page
    assert "株式会社 重複" in page.split('id="review-duplicates"')[1]
    assert "掲載する（公開の協力企業・団体一覧と、出向できる都道府県の一覧に表示されます）" in page
    assert "確認済にする（" in page


def test_the_changes_since_the_last_review_read_old_to_new(mic_client, mic_user):
    entry = make_registration(company_name="変更株式会社", department="旧い部")
    workflow.registration_transition(
        registration=entry, to="returned", by=mic_user, comment="部署名を確認してください。"
    )
    unchanged = mic_client.get(_record(entry))
    assert unchanged.status_code == 200  # not waiting: no details
    entry.department = "新しい部"
    entry._change_reason = "企業・団体による変更"
    entry.save()
    workflow.registration_transition(registration=entry, to="received", by=None)

    page = mic_client.get(_record(entry)).content.decode()
    changes = page.split('id="review-changes"')[1].split('id="review-duplicates"')[0]

    assert "前回の確認以降の変更" in changes
    assert "担当部署" in changes and "旧い部 → 新しい部" in changes
    assert "状態" in changes and "差戻し → 受付" in changes
    assert NO_CHANGES not in changes


def test_no_change_since_the_last_review_is_said(mic_client, mic_user):
    entry = make_specialist(name="変化　なし", email="n@example.jp")
    workflow_talent = review_kind("people").transition
    workflow_talent(entry=entry, to="returned", by=mic_user, comment="確認です。")
    Specialist.objects.filter(pk=entry.pk).update(status="received")  # as if resubmitted unchanged
    entry.refresh_from_db()

    page = mic_client.get(_record(entry, "people")).content.decode()

    assert f"{NO_CHANGES}。" in page


def test_publishing_records_both_steps_mails_once_and_goes_to_the_next(mic_client, mic_user):
    first = _aged(make_registration(company_name="一番株式会社", email="1@example.jp"), 2)
    second = make_registration(company_name="二番株式会社", email="2@example.jp")

    response = _post(mic_client, first, "publish")

    assert response.status_code == 302
    assert response["Location"] == _record(second)
    first.refresh_from_db()
    assert first.status == "published"
    steps = StatusChange.objects.filter(registration=first).order_by("changed_at", "pk")
    assert [(s.from_status, s.to_status, s.changed_by) for s in steps] == [
        ("received", "confirmed", mic_user),
        ("confirmed", "published", mic_user),
    ]
    assert OutgoingMail.objects.filter(registration=first, kind="published").count() == 1
    page = mic_client.get(response["Location"]).content.decode()
    assert f"{first.receipt_number} を「掲載」にしました。" in page
    assert "data-focus-on-load" in page


def test_the_last_decision_goes_back_to_the_queue(mic_client):
    person = make_specialist(name="最後　一人", email="l@example.jp")

    response = _post(mic_client, person, "publish", kind="people")

    assert response["Location"] == _queue("people")
    person.refresh_from_db()
    assert person.status == "listed"
    assert [c.to_status for c in SpecialistStatusChange.objects.filter(specialist=person)] == [
        "listed",
        "confirmed",
    ]
    page = mic_client.get(response["Location"]).content.decode()
    assert f"{person.receipt_number} を「掲載（都道府県に提供）」にしました。" in page


def test_returning_mails_the_reason(mic_client):
    person = make_specialist(name="差戻　花子", email="h@example.jp")

    response = _post(
        mic_client, person, "return", kind="people", reason="経験の年月を確認してください。"
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == "returned"
    mail = SpecialistMail.objects.get(specialist=person, kind="returned")
    assert "経験の年月を確認してください。" in mail.body


def test_a_return_without_a_reason_changes_nothing(mic_client):
    entry = make_registration()

    response = _post(mic_client, entry, "return", reason="　")

    assert response.status_code == 400
    assert "差戻しの理由を入力してください" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == "received"
    assert not OutgoingMail.objects.filter(kind="returned").exists()


def test_a_tampered_decision_is_refused_clearly(mic_client):
    entry = make_registration()

    for value in ("delete", "confirm_and_erase", ""):
        response = _post(mic_client, entry, value)
        assert response.status_code == 400
        entry.refresh_from_db()
        assert entry.status == "received"
    assert "選べない判断が送信されました" in _post(mic_client, entry, "delete").content.decode()
    # 確認済 alone is a company's step only.
    person = make_specialist(email="c@example.jp")
    assert _post(mic_client, person, "confirm", kind="people").status_code == 400
    person.refresh_from_db()
    assert person.status == "received"


def test_a_decision_on_a_page_shown_before_a_change_writes_nothing(mic_client, mic_user):
    entry = make_registration(department="旧い部")
    shown = entry_version(entry)
    entry.department = "新しい部"
    entry._change_reason = "企業・団体による変更"
    entry.save()

    response = _post(mic_client, entry, "publish", version=shown)

    assert response.status_code == 409
    page = response.content.decode()
    assert CHANGED_SINCE_SHOWN in page
    assert "新しい部" in page  # the new state, to decide again
    assert re.search(
        rf'name="opened_version" value="{re.escape(entry_version(Registration.objects.get(pk=entry.pk)))}"',
        page,
    )
    entry.refresh_from_db()
    assert entry.status == "received"
    assert not StatusChange.objects.filter(registration=entry).exists()


def test_the_conflict_rule_as_a_service(mic_user):
    entry = make_registration()
    shown = entry_version(entry)
    other = Registration.objects.get(pk=entry.pk)
    review_decide(
        kind=review_kind("companies"), entry=other, decision="confirm", opened_version=shown,
        by=mic_user,
    )  # fmt: skip

    with pytest.raises(ChangedSinceShown):
        review_decide(
            kind=review_kind("companies"), entry=entry, decision="publish",
            opened_version=shown, by=mic_user,
        )  # fmt: skip
    entry.refresh_from_db()
    assert entry.status == "confirmed"


@pytest.mark.parametrize("status", ["published", "withdrawn"])
def test_a_decision_on_an_entry_not_in_the_queue_is_refused(mic_client, status):
    entry = make_registration()
    if status == "published":
        reviewed(entry, publish=True)
    else:
        workflow.registration_transition(registration=entry, to="withdrawn", by=None)
    entry.refresh_from_db()
    changes = StatusChange.objects.count()

    response = _post(mic_client, entry, "return", reason="理由")

    assert response.status_code == 409
    label = Registration.Status(status).label
    assert (
        f"{entry.receipt_number} は「{label}」のため、確認を待つ登録ではありません。"
        "判断は記録していません。"
    ) in response.content.decode()
    assert StatusChange.objects.count() == changes
    with pytest.raises(ReviewRefused):
        review_decide(
            kind=review_kind("companies"), entry=entry, decision="publish",
            opened_version=entry_version(entry), by=None,
        )  # fmt: skip


def test_an_unknown_entry_or_kind_is_404(mic_client):
    entry = make_registration()

    assert (
        mic_client.get(reverse("portal:review-record", args=["companies", 999999])).status_code
        == 404
    )
    assert (
        _post(
            mic_client, Registration(pk=999999, updated_at=entry.updated_at), "publish"
        ).status_code
        == 404
    )
    assert mic_client.get(reverse("portal:review-queue", args=["nominations"])).status_code == 404


def test_prefecture_staff_are_refused_everywhere_and_nothing_changes():
    entry = make_registration()
    client = login_verified(Client(), make_prefecture_user("hokkaido-review", "01"))

    for url in (reverse("portal:review-home"), _queue(), _record(entry)):
        assert client.get(url).status_code == 403, url
    assert _post(client, entry, "publish").status_code == 403
    entry.refresh_from_db()
    assert entry.status == "received"
    assert not StatusChange.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client):
    entry = make_registration()

    for url in (reverse("portal:review-home"), _queue(), _record(entry)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = _post(client, entry, "publish")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    entry.refresh_from_db()
    assert entry.status == "received"


def test_the_record_links_its_neighbours_in_the_queue(mic_client):
    first = _aged(make_registration(company_name="一株式会社", email="a@example.jp"), 3)
    middle = _aged(make_registration(company_name="二株式会社", email="b@example.jp"), 2)
    last = make_registration(company_name="三株式会社", email="c@example.jp")

    page = mic_client.get(_record(middle)).content.decode()

    assert f'href="{_record(first)}" rel="prev"' in page
    assert f'href="{_record(last)}" rel="next"' in page


def test_the_staff_menu_leads_mic_to_the_workspace_and_no_one_else(mic_user):
    home = reverse("portal:staff-home")
    workspace = f'href="{reverse("portal:review-home")}"'
    assert workspace in login_verified(Client(), mic_user).get(home).content.decode()
    prefecture_staff = login_verified(Client(), make_prefecture_user("hokkaido", "01"))
    assert workspace not in prefecture_staff.get(home).content.decode()
