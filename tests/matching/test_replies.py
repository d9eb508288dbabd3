"""The recipient's reply page (/reply/<token>/): what a reply may still change, what an expired
link says, and how the 募集 speaks for its prefecture's department."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from matching.funnel import funnel_rows
from matching.models import Approach
from matching.workflow import MatchingError, approach_answer, approach_outcome, need_transition
from portal.models import Prefecture
from talent import workflow as talent_workflow
from tests.factories import make_need, make_specialist

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(clients, mailoutbox, django_capture_on_commit_callbacks):
    """A 打診 to a person, its reply link and the prefecture user who sent it."""
    need = make_need("01", title="セキュリティ強化", department="デジタル推進課")
    person = make_specialist(status="listed", desired_prefectures=["01"], email="p@example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        clients["prefecture_a"].post(
            reverse("matching:need-send", args=[need.pk]), {"specialists": [person.pk]}
        )
    link = re.search(r"http://\S+(/reply/\S+/)", mailoutbox[-1].body).group(1)
    approach = Approach.objects.get()
    return approach, link, approach.sent_by


def _form_shown(page):
    return 'name="response"' in page.content.decode()


@pytest.mark.parametrize(
    "recorded",
    [
        ("interview",),
        ("interview", "hired"),
        ("declined",),
    ],
)
def test_a_reply_cannot_undo_what_staff_recorded(client, sent, recorded):
    approach, link, staff = sent
    client.post(link, {"response": "interested"})
    for outcome in recorded:
        approach_outcome(approach=approach, by=staff, outcome=outcome, decline_reason="conditions")
    interested_before = funnel_rows()[1]["interested"]

    page = client.get(link)
    posted = client.post(link, {"response": "not_this_time"})

    approach.refresh_from_db()
    assert approach.response == "interested"
    assert funnel_rows()[1]["interested"] == interested_before == 1
    label = approach.get_outcome_display()
    for shown in (page, posted):
        html = shown.content.decode()
        assert f"「{label}」" in html and "回答は変更できません" in html
        assert not _form_shown(shown)
    with pytest.raises(MatchingError, match="回答は変更できません"):
        approach_answer(approach=approach, response="not_this_time")


def test_the_answer_may_change_while_the_outcome_is_contacting(client, sent):
    approach, link, staff = sent
    client.post(link, {"response": "interested"})
    client.post(link, {"response": "not_this_time"})
    approach = Approach.objects.get()
    assert approach.response == "not_this_time"

    # Their 今回は見送り records 見送り (先方の辞退); staff reopen it: the person may answer again.
    assert (approach.outcome, approach.decline_reason) == ("declined", "declined_by_them")
    assert not _form_shown(client.get(link))
    approach_outcome(approach=approach, by=staff, outcome="contacting")
    client.post(link, {"response": "interested"})

    assert Approach.objects.get().response == "interested"


def test_after_their_own_not_this_time_the_page_says_it_was_their_answer(client, sent):
    """Their 今回は見送り records 見送り: the reply page must not say the prefecture decided it."""
    _, link, _ = sent
    client.post(link, {"response": "not_this_time"})

    html = client.get(link).content.decode()

    assert "「今回は見送り」と回答いただいています" in html
    assert "と記録しています" not in html


def test_a_withdrawn_persons_reply_changes_nothing(client, sent):
    approach, link, _ = sent
    client.post(link, {"response": "interested"})
    talent_workflow.specialist_transition(specialist=approach.specialist, to="withdrawn", by=None)

    posted = client.post(link, {"response": "not_this_time"})

    assert posted.status_code == 403
    assert Approach.objects.get().response == "interested"
    with pytest.raises(MatchingError, match="取り下げ"):
        approach_answer(approach=approach, response="not_this_time")
    assert Approach.objects.get().response == "interested"


def test_a_closed_needs_reply_page_says_so_before_the_form(client, sent):
    approach, link, staff = sent
    need_transition(need=approach.need, to="closed", by=staff)

    page = client.get(link)
    posted = client.post(link, {"response": "interested"})

    assert "この募集は終了しました" in page.content.decode()
    assert not _form_shown(page) and not _form_shown(posted)
    assert Approach.objects.get().response == ""


def test_an_expired_reply_link_names_the_needs_contact_not_a_request_page(client, sent):
    _, link, _ = sent
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        page = client.get(link)
        posted = client.post(link, {"response": "interested"})

    html = page.content.decode()
    assert page.status_code == posted.status_code == 403
    assert "有効期限" in html and "請求" not in html
    assert "デジタル推進課 担当：山田 03-5253-5111" in html
    assert "北海道 デジタル推進課" in html and "セキュリティ強化" in html
    assert Approach.objects.get().response == ""


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            lambda approach, staff: need_transition(need=approach.need, to="closed", by=staff),
            "この募集は終了しました",
        ),
        (
            lambda approach, staff: approach_outcome(approach=approach, by=staff, outcome="hired"),
            "「任用決定」と記録しています",
        ),
    ],
    ids=["closed-need", "recorded-outcome"],
)
def test_an_expired_reply_link_says_what_happened_not_to_send_an_answer(client, sent, change, says):
    """An old link of a 募集 that has ended, or of a 打診 staff have recorded, must not ask the
    person to send their interest to the contact: it says what the live link would say."""
    approach, link, staff = sent
    client.post(link, {"response": "interested"})
    change(approach, staff)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        page = client.get(link)

    html = page.content.decode()
    assert page.status_code == 403
    assert says in html and "ご関心の有無は" not in html
    assert "デジタル推進課 担当：山田 03-5253-5111" in html


def test_a_forged_expired_reply_link_reveals_nothing(client, sent):
    _, link, _ = sent
    token = link.split("/")[2]
    forged = f"/reply/{token[:-2]}xx/"
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        html = client.get(forged).content.decode()

    assert "正しくありません" in html and "山田" not in html


@pytest.mark.parametrize(
    ("kind", "says", "request_page"),
    [
        ("talent edit", "この変更用リンクは有効期限が切れています", "talent:edit-request"),
        ("company edit", "この変更用リンクは有効期限が切れています", "registry:edit-request"),
        ("talent reconfirm", "この確認用リンクは有効期限が切れています", "talent:edit-request"),
        ("company reconfirm", "この確認用リンクは有効期限が切れています", "registry:edit-request"),
    ],
)
def test_each_kind_of_link_says_its_own_expiry_and_where_to_turn(client, kind, says, request_page):
    from django.core import signing

    from tests.factories import edit_token as company_token
    from tests.factories import edit_token as talent_token
    from tests.factories import make_registration

    link = {
        "talent edit": lambda: reverse("talent:edit", args=[talent_token(make_specialist())]),
        "company edit": lambda: reverse("registry:edit", args=[company_token(make_registration())]),
        "talent reconfirm": lambda: reverse(
            "talent:reconfirm", args=[signing.dumps({"q": 1}, salt="talent.reconfirm")]
        ),
        "company reconfirm": lambda: reverse(
            "registry:reconfirm", args=[signing.dumps({"q": 1}, salt="registry.reconfirm")]
        ),
    }[kind]()
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        page = client.get(link)

    html = page.content.decode()
    assert page.status_code == 403
    assert says in html and "下のページから新しいリンクを請求" not in html
    assert reverse(request_page) in html


def test_the_mail_and_the_reply_page_open_with_the_prefecture_and_its_department(
    client, sent, mailoutbox
):
    _, link, _ = sent
    mail = mailoutbox[-1]

    assert "北海道 デジタル推進課より" in mail.body.split("\n\n")[1]
    assert "【北海道 デジタル推進課】" in mail.subject
    page = client.get(link).content.decode()
    assert "北海道 デジタル推進課からのご相談" in page
    done = client.post(link, {"response": "interested"}).content.decode()
    assert "北海道 デジタル推進課にお伝えしました" in done


def test_the_department_is_required_on_the_need_form(clients):
    data = {
        "title": "窓口DX",
        "duties": "支援",
        "work_styles": ["wants_part_time"],
        "period": "1_to_3_years",
        "headcount": 1,
        "start_month": "2027-04",
        "contact": "担当：山田",
    }
    page = clients["prefecture_a"].post(reverse("matching:need-create"), data)

    assert "担当部署を入力してください" in page.content.decode()
    assert not Prefecture.objects.get(code="01").needs.exists()

    clients["prefecture_a"].post(
        reverse("matching:need-create"), {**data, "department": "デジタル推進課"}
    )
    need = Prefecture.objects.get(code="01").needs.get()
    assert need.department == "デジタル推進課"
    detail = clients["prefecture_a"].get(reverse("matching:need", args=[need.pk]))
    assert "デジタル推進課" in detail.content.decode()


@pytest.mark.parametrize(
    "department, office",
    [
        ("デジタル推進課", "東京都 デジタル推進課"),
        ("東京都デジタル推進課", "東京都デジタル推進課"),
        ("東京都 デジタルサービス局", "東京都 デジタルサービス局"),
    ],
)
def test_a_department_typed_with_its_prefecture_does_not_name_it_twice(department, office):
    need = make_need("13", department=department)
    assert need.office_display == office


def test_a_recorded_outcome_is_told_to_the_public_in_their_words(client, sent):
    """The reply page calls the 打診 「ご相談」 (as its heading and mail do): 「打診」 and
    「進み具合」 are the prefecture's working words, not the recipient's."""
    approach, link, staff = sent
    approach_outcome(approach=approach, by=staff, outcome="interview")

    closed = re.search(r'id="answer-closed">(.*?)</p>', client.get(link).content.decode(), re.S)

    assert "このご相談の状況を「面談」と記録しています" in closed.group(1)
    assert "打診" not in closed.group(1) and "進み具合" not in closed.group(1)
