"""Small helpers that make valid test data; tests override only what they are about."""

import uuid

from django.contrib.auth.models import Group, User

from portal.models import Prefecture, PrefectureMembership
from portal.roles import PREFECTURE_GROUP, roles_apply
from registry import workflow
from registry.company_edits import registration_create


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


def edit_post(registration, **changes):
    """The company's edit form as posted from a page opened now (with its mark of the answers)."""
    from registry.company_edits import edit_opened_mark

    return {**registration_post(**changes), "opened": edit_opened_mark(registration)}


def edit_token(entry):
    """The signed token of an entry's edit link (its app's EDIT_LINK), as its mails carry it."""
    from portal.links import link_token
    from registry.links import EDIT_LINK as COMPANY_LINK
    from talent.links import EDIT_LINK as TALENT_LINK

    link = COMPANY_LINK if entry._meta.app_label == "registry" else TALENT_LINK
    return link_token(link, entry)


def submit_edit(client, registration, capture, **changes):
    """Post the edit form with the registration's answers plus `changes`, then confirm."""
    import re

    from django.urls import reverse

    token = edit_token(registration)
    # As a browser: open the page, whose form carries the mark of the answers it shows.
    page = client.get(reverse("registry:edit", args=[token])).content.decode()
    opened = re.search(r'name="opened" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("registry:edit", args=[token]), {**registration_post(**changes), "opened": opened}
    )
    assert response.status_code == 302, response.context["form"].errors
    with capture(execute=True):
        return client.post(
            reverse("registry:edit-confirm", args=[token]), {"draft": draft_of(response)}
        )


def edit_links_in(body):
    """The personal edit links a mail body holds."""
    import re

    return re.findall(r"http://\S+/register/edit/\S+/", body)


def talent_post(**overrides):
    """A complete, valid POST for the 協力可能人材 form (two experience periods, one exam)."""
    data = {
        "name": "人材 花子",
        "name_kana": "じんざい はなこ",
        "email": "hanako@example.jp",
        "phone": "090-1234-5678",
        "residence": "13",
        "situation": "job_seeking",
        "desired_prefectures": ["01", "13"],
        "work_styles": ["style_fixed_term", "style_part_time"],
        "start": "now",
        "specialties": ["front_yard", "security"],
        "self_pr": "自治体の窓口DXを支援してきました。",
        "url": "https://example.jp/hanako",
        "privacy_consent": "on",
        "experiences-TOTAL_FORMS": "3",
        "experiences-INITIAL_FORMS": "0",
        "experiences-0-organisation_type": "company",
        "experiences-0-role": "システムエンジニア",
        "experiences-0-started_on": "2015-04",
        "experiences-0-ended_on": "2019-03",
        "experiences-1-organisation_type": "local_government",
        "experiences-1-role": "DX推進担当",
        "experiences-1-started_on": "2019-04",
        "experiences-1-ended_on": "2021-03",
        "experiences-1-user_side": "on",
        "exams-TOTAL_FORMS": "2",
        "exams-INITIAL_FORMS": "0",
        "exams-0-exam": "PM",
        "exams-0-year": "2020",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def talent_answers(**overrides):
    """The answers of a valid 協力可能人材 form (talent_post with the overrides), as stored."""
    from django.utils.datastructures import MultiValueDict

    from talent.forms import SpecialistSubmission

    post = talent_post(**overrides)
    data = MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in post.items()})
    submission = SpecialistSubmission(data)
    assert submission.is_valid(), submission.error_summary()
    return submission.answers()


def make_specialist(*, status=None, **overrides):
    """A stored 協力可能人材 entry (受付, or moved on to `status` by 総務省)."""
    import uuid

    from talent import workflow
    from talent.self_service import specialist_create

    answers = talent_answers(**overrides)
    specialist = specialist_create(answers=answers, submission_token=uuid.uuid4())
    path = {
        None: [],
        "confirmed": ["confirmed"],
        "listed": ["confirmed", "listed"],
        "returned": ["returned"],
        "withdrawn": ["withdrawn"],
    }[status]
    for to in path:
        workflow.specialist_transition(specialist=specialist, to=to, by=None, comment="確認のため")
    specialist.refresh_from_db()
    return specialist


def make_need(prefecture="01", *, by=None, status="open", specialties=(), **fields):
    """A prefecture's need (募集), opened unless told otherwise."""
    from datetime import date

    from django.utils import timezone

    from matching.models import Need

    by = by or make_prefecture_user(f"need-maker-{prefecture}-{Need.objects.count()}", prefecture)
    need = Need.objects.create(
        prefecture_id=prefecture,
        title=fields.pop("title", "窓口DXの推進"),
        duties=fields.pop("duties", "市町村のフロントヤード改革を支援する。"),
        wants_fixed_term=fields.pop("wants_fixed_term", True),
        wants_part_time=fields.pop("wants_part_time", True),
        period=fields.pop("period", "1_to_3_years"),
        headcount=fields.pop("headcount", 2),
        start_month=fields.pop("start_month", date(2027, 4, 1)),
        department=fields.pop("department", "デジタル推進課"),
        contact=fields.pop("contact", "デジタル推進課 担当：山田 03-5253-5111"),
        created_by=by,
        status=status,
        opened_at=timezone.now() if status != "draft" else None,
        **fields,
    )
    need.specialties.set(specialties)
    return need


def make_mail_entries():
    """One entry of every kind a mail is about (a company, a person, a 打診 to the company), so
    that every mail text has a preview."""
    from matching.workflow import approaches_send

    company = reviewed(make_registration(), publish=True)
    person = make_specialist(status="listed")
    need = make_need("13")
    approaches_send(need=need, by=need.created_by, registration_ids=[company.pk])
    return {"company": company, "person": person}
