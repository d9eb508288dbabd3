"""The demo the README's first command sets up: every app's data loads, and loads again."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management import call_command

from matching.choices import Outcome, Response
from matching.criteria import company_pool, people_pool
from matching.models import Approach, Need


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("setup_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_setup_demo_creates_the_logins_it_prints_and_runs_again(settings):
    settings.DEBUG = True
    output = io.StringIO()
    call_command("setup_demo", stdout=output)
    call_command("setup_demo", stdout=output)  # a second run resets, it does not fail
    for username in ["admin", "mic", "hokkaido", "tokyo", "osaka"]:
        assert get_user_model().objects.filter(username=username).exists()
        assert f"ユーザー名 {username} " in output.getvalue()
    # 総務省's staff account pages have content: an invitation waiting, an account to complete.
    from portal.models import StaffInvitation
    from portal.staff_accounts import staff_without_address

    assert StaffInvitation.objects.open().filter(prefecture_id="34").count() == 1
    assert list(
        staff_without_address(by=User(is_superuser=True)).values_list("username", flat=True)
    ) == ["kyoto-legacy"]


@pytest.mark.django_db
def test_demo_matching_has_needs_in_several_prefectures_and_every_state(demo):
    assert Need.objects.values("prefecture").distinct().count() >= 3
    assert set(Need.objects.values_list("status", flat=True)) == set(Need.Status.values)
    assert set(Approach.objects.values_list("outcome", flat=True)) == set(Outcome.values)
    assert set(Approach.objects.values_list("response", flat=True)) == {"", *Response.values}
    hired = Approach.objects.filter(outcome=Outcome.HIRED)
    assert hired.filter(specialist__isnull=False).exists()
    assert hired.filter(registration__isnull=False, seconded_count__gte=1).exists()
    # A hired person is marked 任用済 by the prefecture whose need hired them.
    for approach in hired.filter(specialist__isnull=False).select_related("specialist", "need"):
        assert approach.specialist.hired_by_id == approach.need.prefecture_id
    # Each 打診 went to someone its prefecture may see, as the workflow requires (one person
    # withdrew since: the 打診 pages show them as 取下げ済み).
    withdrawn = Approach.objects.filter(specialist__status="withdrawn")
    assert withdrawn.count() == 1
    for approach in Approach.objects.exclude(pk__in=withdrawn).select_related("need"):
        if approach.registration_id:
            reachable = company_pool(approach.need).filter(pk=approach.registration_id)
        else:
            reachable = people_pool(approach.need).filter(pk=approach.specialist_id)
        assert reachable.exists(), approach


@pytest.mark.django_db
def test_demo_funnel_counts_a_talent_page_hire_once_and_in_no_need(demo):
    from matching.funnel import funnel_rows
    from talent.models import Specialist

    # 木村 葵 was hired by 東京都 from the talent page: no 打診, a draft nomination.
    kimura = Specialist.objects.get(name="木村 葵")
    assert kimura.hired_by_id == "13" and kimura.nomination.status == "draft"
    assert Specialist.objects.for_prefecture_staff("13").filter(pk=kimura.pk).exists()
    assert not Approach.objects.filter(specialist=kimura).exists()
    rows, total = funnel_rows()
    hired = {row["prefecture"].code: row["hired"] for row in rows if row["hired"]}
    # 北海道: 2 companies seconding 1 each; 東京都: 1 company seconding 1 and 木村; 大阪府: 山田 蓮.
    assert hired == {"01": 2, "13": 2, "27": 1}
    assert total["hired"] == 5


@pytest.mark.django_db
def test_demo_needs_name_their_department_and_their_mails_open_with_it(demo):
    from matching.models import ApproachMail

    for need in Need.objects.select_related("prefecture"):
        assert need.department_set, need
    for mail in ApproachMail.objects.select_related("approach__need__prefecture"):
        office = mail.approach.need.office_display
        assert f"【{office}】" in mail.subject
        if mail.kind == ApproachMail.Kind.APPROACH:
            assert f"{office}より" in mail.body
        else:
            assert f"{office}の記録にもとづき" in mail.body.replace("\n", "")


@pytest.mark.django_db
def test_the_demo_outboxes_hold_the_news_to_companies_and_people_once_each(demo):
    """Each published company, each provided person, each 面談 and 任用決定 has its mail,
    as the services would have sent it (issue 26)."""
    from matching.models import ApproachMail
    from registry.models import OutgoingMail, Registration
    from talent.models import Specialist, SpecialistMail

    published = OutgoingMail.objects.filter(kind=OutgoingMail.Kind.PUBLISHED)
    assert sorted(published.values_list("registration", flat=True)) == sorted(
        Registration.objects.filter(status="published").values_list("pk", flat=True)
    )
    listed = SpecialistMail.objects.filter(kind=SpecialistMail.Kind.LISTED)
    assert sorted(listed.values_list("specialist", flat=True)) == sorted(
        Specialist.objects.filter(status="listed").values_list("pk", flat=True)
    )
    for kind, outcomes in (
        (ApproachMail.Kind.INTERVIEW, ("interview", "hired")),
        (ApproachMail.Kind.HIRED, ("hired",)),
    ):
        told = ApproachMail.objects.filter(kind=kind)
        assert told.exists()
        assert not told.exclude(approach__outcome__in=outcomes).exists()
    hired = Approach.objects.filter(outcome=Outcome.HIRED)
    assert ApproachMail.objects.filter(kind="hired").count() == hired.count()
    for mails in (published, listed, ApproachMail.objects.all()):
        assert not mails.filter(sent_at__isnull=True).exists()  # nothing goes out on setup


@pytest.mark.django_db
def test_the_demo_fills_the_your_turn_panel_of_each_role(demo):
    from django.test import Client
    from django.urls import reverse

    from tests.factories import login_verified

    users = get_user_model().objects
    assert not Approach.objects.filter(follow_up_on__isnull=True).exists()
    for username, wanted in [
        ("hokkaido", {"未確認の返答", "確認日を過ぎた打診", "差し戻された推薦"}),
        ("mic", {"確認を待つ企業・団体の登録", "確認を待つ人材の登録", "決定を待つ推薦"}),
    ]:
        client = login_verified(Client(), users.get(username=username))
        turn = client.get(reverse("portal:staff-home")).context["your_turn"]
        assert {item.label for item in turn if item.count} == wanted, username


@pytest.mark.django_db
def test_the_demo_review_queues_hold_entries_changed_since_their_last_review(demo):
    """総務省's review workspace is not empty: a few 受付 of each kind, and in each one that a
    staff member returned and the company or person corrected (its changes show old → new)."""
    from portal.review import changes_since_review, review_kinds

    for kind in review_kinds().values():
        waiting = list(kind.queue())
        assert len(waiting) >= 2, kind.slug
        changed = [entry for entry in waiting if changes_since_review(entry)[0] is not None]
        assert changed, kind.slug
        _last_review, steps = changes_since_review(changed[0])
        assert any(step.changes for step in steps), kind.slug
