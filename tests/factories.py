"""Small helpers that make valid test data; tests override only what they are about."""

import uuid

from django.contrib.auth.models import Group, User

from portal.models import Prefecture, PrefectureMembership
from portal.roles import PREFECTURE_GROUP, roles_apply
from registry import workflow
from registry.submission import registration_create


def registration_post(**overrides):
    """A complete, valid POST for the registration form (Q6 = 登録を希望する)."""
    data = {
        "company_name": "株式会社デジタル協力",
        "department": "公共事業部",
        "contact_name": "総務 太郎",
        "contact_name_kana": "そうむ たろう",
        "email": "taro@example.co.jp",
        "phone": "03-1234-5678",
        "secondment": "yes",
        "base_prefectures": ["13"],
        "dispatch_prefectures": ["13", "14"],
        "work_styles": ["work_full_time"],
        "periods": ["period_1_to_3_years"],
        "retiree_outreach": "possible",
        "website": "https://example.co.jp/public-sector",
        "message": "よろしくお願いします。",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_answers(**overrides):
    """Cleaned answers as RegistrationForm.cleaned_data would hold them."""
    answers = {
        "company_name": "株式会社デジタル協力",
        "department": "公共事業部",
        "contact_name": "総務 太郎",
        "contact_name_kana": "そうむ　たろう",
        "email": "taro@example.co.jp",
        "phone": "0312345678",
        "secondment": "yes",
        "base_prefectures": list(Prefecture.objects.filter(code="13")),
        "dispatch_scope": [],
        "dispatch_prefectures": list(Prefecture.objects.filter(code__in=["13", "14"])),
        "work_styles": ["work_full_time"],
        "work_days": [],
        "periods": ["period_1_to_3_years"],
        "retiree_outreach": "possible",
        "schemes": [],
        "scheme_other_text": "",
        "scheme_support_record": "",
        "website": "https://example.co.jp/public-sector",
        "message": "",
    }
    answers.update(overrides)
    return answers


def make_registration(**overrides):
    return registration_create(answers=make_answers(**overrides), submission_token=uuid.uuid4())


def make_user(username="staff", *, groups=(), superuser=False):
    user = User.objects.create_user(
        username, password="pass-for-tests-only", is_staff=True, is_superuser=superuser
    )
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def make_prefecture_user(username, code):
    roles_apply()
    user = User.objects.create_user(username, password="pass-for-tests-only")
    user.groups.set(Group.objects.filter(name=PREFECTURE_GROUP))
    PrefectureMembership.objects.create(user=user, prefecture_id=code)
    return user


def reviewed(registration, *, publish=False):
    """Move a registration to 確認済 (or 掲載) as 総務省 would."""
    workflow.registration_transition(registration=registration, to="confirmed", by=None)
    if publish:
        workflow.registration_transition(registration=registration, to="published", by=None)
    registration.refresh_from_db()
    return registration


def make_nomination(
    prefecture="01", *, by=None, experience_years=6, exams=(), justification="", **fields
):
    """A draft nomination with experience ending today (or exam passes, or a justification)."""
    from datetime import timedelta

    from django.utils import timezone

    from accelerators.models import ExperienceEntry, IpaPass, Nomination

    today = timezone.localdate()
    nomination = Nomination.objects.create(
        prefecture_id=prefecture,
        name=fields.pop("name", "推薦　太郎"),
        name_kana=fields.pop("name_kana", "すいせん　たろう"),
        employment_type=fields.pop("employment_type", Nomination.EmploymentType.PERMANENT),
        start_date=fields.pop("start_date", today),
        main_duty_confirmed=fields.pop("main_duty_confirmed", True),
        equivalence_justification=justification,
        created_by=by,
        **fields,
    )
    if experience_years:
        ExperienceEntry.objects.create(
            nomination=nomination,
            organisation="株式会社デジタル",
            role="システムエンジニア",
            kind=ExperienceEntry.Kind.DIGITAL,
            started_on=today.replace(year=today.year - experience_years) + timedelta(days=1),
            ended_on=today,
        )
    for code in exams:
        IpaPass.objects.create(nomination=nomination, exam_id=code, year=2020)
    return nomination


def totp_device(user):
    """The user's confirmed authenticator, created on first use."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def totp_now(user):
    """The six digits the user's authenticator app would show now."""
    from django_otp.oath import totp

    device = totp_device(user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def login_verified(client, user):
    """Sign a test client in with password and second factor both passed."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def draft_of(response):
    """The draft token that the form's redirect to its confirmation page carries."""
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(response.url).query)["draft"][0]


def make_contracted_staffing(prefecture="01", **fields):
    """A prefecture's record of people secured through 業務委託 (not accelerators)."""
    from accelerators.models import ContractedStaffing

    return ContractedStaffing.objects.create(
        prefecture_id=prefecture,
        fiscal_year=fields.pop("fiscal_year", 2026),
        persons=fields.pop("persons", 1),
        annual_cost_yen=fields.pop("annual_cost_yen", 6_000_000),
        note=fields.pop("note", ""),
        **fields,
    )


def make_appointed(prefecture="01", *, appointment_date=None, end_date=None, **fields):
    """A nomination appointed on `appointment_date` (default today), retired on `end_date` if given.

    Stored directly, as the workflow would leave it, for tests about counting appointed people.
    """
    from django.utils import timezone

    from accelerators.models import Nomination

    nomination = make_nomination(prefecture, **fields)
    appointed_on = appointment_date or timezone.localdate()
    Nomination.objects.filter(pk=nomination.pk).update(
        status=Nomination.Status.RETIRED if end_date else Nomination.Status.APPOINTED,
        appointment_date=appointed_on,
        appointment_number=f"DXA-TEST-{nomination.pk:06d}",
        end_date=end_date,
        end_reason="任期満了" if end_date else "",
    )
    nomination.refresh_from_db()
    return nomination


def make_dual_role_user(username="dual", code="01"):
    """An account set up as both 総務省 staff and a prefecture's staff (which must not work)."""
    from portal.roles import MIC_GROUP

    user = make_prefecture_user(username, code)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=MIC_GROUP))
    return User.objects.get(pk=user.pk)


def prefectures(*codes):
    return list(Prefecture.objects.filter(code__in=codes))


def workbook_of(response):
    """The Excel file a response carries, opened with openpyxl."""
    import io

    import openpyxl

    content = b"".join(response.streaming_content) if response.streaming else response.content
    return openpyxl.load_workbook(io.BytesIO(content))


def submit_registration(client, capture, **overrides):
    """Fill in the form, go to 確認, press 登録 (with on-commit mail sent); the last response."""
    from django.urls import reverse

    response = client.post(reverse("registry:register"), registration_post(**overrides))
    assert response.status_code == 302, response.context["form"].errors
    with capture(execute=True):
        return client.post(reverse("registry:confirm"), {"draft": draft_of(response)})


def registration_form(**overrides):
    """A bound RegistrationForm of registration_post(**overrides), already validated."""
    from registry.forms import RegistrationForm

    form = RegistrationForm(registration_post(**overrides))
    form.is_valid()
    return form


def submit_edit(client, registration, capture, **changes):
    """Post the edit form with the registration's answers plus `changes`, then confirm."""
    from django.urls import reverse

    from registry.edit_links import edit_token

    token = edit_token(registration)
    response = client.post(reverse("registry:edit", args=[token]), registration_post(**changes))
    assert response.status_code == 302, response.context["form"].errors
    with capture(execute=True):
        return client.post(
            reverse("registry:edit-confirm", args=[token]), {"draft": draft_of(response)}
        )


def edit_links_in(body):
    """The personal edit links a mail body holds."""
    import re

    return re.findall(r"http://\S+/register/edit/\S+/", body)


def xlsx_bytes(rows):
    """An .xlsx whose first sheet holds `rows` (lists of cell values)."""
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def xlsx_rewritten(content, *, sheet=None, extra=None):
    """An .xlsx with its first sheet's XML replaced by `sheet(xml) -> xml`, and `extra` entries
    ({name: bytes}) added: hostile files, as a 1.6 KB bomb would be made."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if sheet and entry.filename == "xl/worksheets/sheet1.xml":
                data = sheet(data)
            target.writestr(entry.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return stream.getvalue()


def upload(client, url, content, name="file.xlsx"):
    """Post a file to an import page as a browser would."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {"file": SimpleUploadedFile(name, content)})


APPOINTMENT_ROW = {
    "都道府県": "北海道",
    "氏名": "一括　太郎",
    "ふりがな": "いっかつ　たろう",
    "任用形態": "任期付職員",
    "任用開始日": "2025/04/01",
    "任命日": "2025/04/01",
    "任命番号": "",
    "要件": "①",
    "要件の根拠": "株式会社デジタルで開発に従事（2015年4月～2025年3月）",
    "主たる業務の確認": "確認済",
    "年間の人件費（円）": "",
}


def appointments_xlsx(*rows):
    """The bulk-appointment template filled in: APPOINTMENT_ROW with each row's changes."""
    headers = list(APPOINTMENT_ROW)
    return xlsx_bytes(
        [headers, *([{**APPOINTMENT_ROW, **row}[h] for h in headers] for row in rows)]
    )
