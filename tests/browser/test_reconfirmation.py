"""A company, and a person in the talent pool, answer the yearly reconfirmation from the mail:
one press of 変更なし, or on to the edit form."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from portal.roles import MIC_GROUP, roles_apply
from registry.models import OutgoingMail, Registration
from registry.reconfirmation import reconfirmation_round_start
from talent.models import Specialist, SpecialistMail
from talent.reconfirmation import specialist_reconfirmation_round_start
from tests.browser.helpers import BROWSER, assert_accessible, sign_in
from tests.factories import make_registration, make_specialist, make_user, reviewed

pytestmark = BROWSER


def test_a_company_confirms_its_registration_with_one_press(page, screenshot):
    registration = reviewed(make_registration(company_name="年次確認株式会社"), publish=True)
    Registration.objects.filter(pk=registration.pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=400)
    )
    reconfirmation_round_start(by=make_user("mic-reconfirm"))
    body = OutgoingMail.objects.get(kind="reconfirmation").body
    link = next(line for line in body.splitlines() if "/register/reconfirm/" in line)

    page.goto(link.replace("http://127.0.0.1:8000", ""))
    expect(page.get_by_role("heading", name="登録内容のご確認（年1回）")).to_be_visible()
    expect(page.get_by_role("link", name="内容を変更する")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reconfirm")
    page.get_by_role("button", name="変更なし（この内容のままで確認しました）").click()

    expect(page.get_by_role("heading", name="ご確認ありがとうございました")).to_be_visible()
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.reconfirmation_deadline is None
    assert timezone.now() - registration.last_confirmed_at < timedelta(minutes=1)


def test_a_person_confirms_their_talent_entry_or_goes_on_to_edit_it(page, screenshot):
    person = make_specialist(status="listed", name="年次 確認", email="nenji@example.jp")
    Specialist.objects.filter(pk=person.pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=400)
    )
    specialist_reconfirmation_round_start(by=make_user("mic-talent-reconfirm"))
    body = SpecialistMail.objects.get(kind="reconfirmation").body
    link = next(line for line in body.splitlines() if "/talent/reconfirm/" in line)
    path = link.replace("http://127.0.0.1:8000", "")

    page.goto(path)
    expect(page.get_by_role("heading", name="登録内容のご確認（年1回）")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "talent-reconfirm")
    # The link is absolute (SITE_URL, as in the mails); open its path on the test server.
    edit = page.get_by_role("link", name="内容を変更する").get_attribute("href")
    page.goto(edit.replace("http://127.0.0.1:8000", ""))
    expect(page.locator("#id_name")).to_have_value("年次 確認")
    page.goto(path)
    page.get_by_role("button", name="変更なし（この内容のままで確認しました）").click()

    expect(page.get_by_role("heading", name="ご確認ありがとうございました")).to_be_visible()
    assert_accessible(page)
    person.refresh_from_db()
    assert person.reconfirmation_deadline is None
    assert timezone.now() - person.last_confirmed_at < timedelta(minutes=1)


def _a_due_registration():
    registration = reviewed(make_registration(company_name="年次確認株式会社"), publish=True)
    Registration.objects.filter(pk=registration.pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=400)
    )
    return registration


def test_mic_staff_read_who_will_be_mailed_and_the_mail_before_starting_a_round(page, screenshot):
    roles_apply()
    registration = _a_due_registration()
    sign_in(page, make_user("mic-round", groups=[MIC_GROUP]), path="/admin/login/?next=/admin/")
    page.goto("/admin/registry/reconfirmationround/")
    page.get_by_role("link", name="年次確認を始める").click()

    entries = page.get_by_role("table", name="メールを送る登録（1件。1～1件目を表示）")
    expect(entries).to_contain_text(registration.receipt_number)
    expect(entries).to_contain_text("年次確認株式会社")
    expect(page.locator("#round-example")).to_contain_text("（個人用リンク）")
    assert "/register/reconfirm/" not in page.content()
    assert not OutgoingMail.objects.filter(kind="reconfirmation").exists()
    assert_accessible(page)
    screenshot(page, "admin-reconfirmation-preview")

    page.get_by_role("button", name="1件に年次確認のメールを送る").click()
    expect(page.locator("#round-result")).to_have_text(
        "1件の登録に年次確認のメールを送ります。メールは順に送信します。"
    )
    assert OutgoingMail.objects.filter(kind="reconfirmation").count() == 1
    assert_accessible(page)


def test_the_round_preview_reads_on_a_phone(phone_page):
    from tests.browser.test_phone_tables import NARROW_CELLS, SIDEWAYS

    roles_apply()
    _a_due_registration()
    sign_in(phone_page, make_user("mic-round-phone", groups=[MIC_GROUP]), path="/admin/login/")
    phone_page.goto("/admin/registry/reconfirmationround/add/")
    expect(phone_page.locator("#round-example")).to_contain_text("（個人用リンク）")

    assert phone_page.evaluate(NARROW_CELLS) == []
    assert phone_page.evaluate(SIDEWAYS) <= 0
    assert_accessible(phone_page)
