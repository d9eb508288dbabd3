"""A 協力可能人材 entry's answers: as people read them, and as the form holds them.

"Answers" are a dict shaped like SpecialistSubmission.answers(): the main form's cleaned data
plus "experiences" and "exams" (lists of dicts with model instances where the form has them).
"""

from collections.abc import Mapping
from datetime import date
from typing import Any, TypedDict

from django.utils import timezone

from accelerators.eligibility import Period, eligibility_check, years_months_text
from portal.models import names_by_region
from portal.text import phone_display

from .choices import OrganisationType, Situation, WorkStyle
from .forms import DesiredScope
from .models import Specialist

# An entry's answers: Any, as each answer's type depends on its question (texts, lists of
# values, Prefecture and Specialty instances, lists of dicts for experiences and exams).
Answers = dict[str, Any]


class AnswerRow(TypedDict):
    question: str
    lines: list[str]
    anchor: str


class Hints(TypedDict):
    experience_text: str
    by_experience: bool
    by_exam: bool
    lines: list[str]


UNANSWERED = "（回答なし）"
_SCOPE_LABELS = dict(DesiredScope.CHOICES)
HINT_EXPERIENCE = "要件①（実務経験5年以上）を満たす見込み"
# The questions of the form, in its order, as the confirmation page, mails and exports head them.
# Each answer's heading, and where its question is on the form (the confirm page's 変更 links).
QUESTIONS = [
    ("氏名", "id_name_question"),
    ("メールアドレス", "id_email_question"),
    ("電話番号", "id_phone_question"),
    ("現在お住まいの都道府県", "id_residence_question"),
    ("勤務を希望する都道府県", "desired-question"),
    ("希望する勤務形態", "id_work_styles_question"),
    ("勤務開始可能時期", "id_start_question"),
    ("現在の状況", "id_situation_question"),
    ("デジタル分野の実務経験", "experiences"),
    ("IPA高度試験の合格", "exams"),
    ("得意分野", "id_specialties_question"),
    ("自己PR", "id_self_pr_question"),
    ("経歴・実績がわかるURL", "id_url_question"),
]
HEADINGS = [heading for heading, _ in QUESTIONS]
HINT_EXAM = "要件②（IPA高度試験の合格）を満たす見込み"


def _month(day: date | None) -> str:
    return f"{day:%Y年%-m月}" if day else ""


def experience_line(row: Mapping[str, Any]) -> str:
    organisation = OrganisationType(row["organisation_type"]).label
    period = f"{_month(row['started_on'])}～{_month(row['ended_on']) or '現在'}"
    side = "・ユーザー側のDX" if row["user_side"] else ""
    return f"{organisation}・{row['role']}（{period}{side}）"


def hints(answers: Mapping[str, Any], *, as_of: date | None = None) -> Hints:
    """Eligibility hints for prefectures (never a decision): accelerators' own rule, applied."""
    passes = [row for row in answers["exams"] if row.get("exam")]
    eligibility = eligibility_check(
        periods=[
            Period(row["started_on"], month_end(row["ended_on"])) for row in answers["experiences"]
        ],
        exam_passes=[str(row["exam"]) for row in passes if row["exam"].counts_for_rule_2],
        partial_exam_evidence=[
            str(row["exam"]) for row in passes if not row["exam"].counts_for_rule_2
        ],
        justification="",
        as_of=as_of or timezone.localdate(),
    )
    return {
        "experience_text": years_months_text(eligibility.experience_months),
        "by_experience": eligibility.by_experience,
        "by_exam": eligibility.by_exam,
        "lines": [
            line
            for met, line in [
                (eligibility.by_experience, HINT_EXPERIENCE),
                (eligibility.by_exam, HINT_EXAM),
            ]
            if met
        ],
    }


def month_end(day: date | None) -> date | None:
    """The last day of a month given by its first day (periods end at the end of their month)."""
    if day is None:
        return None
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def answer_rows(answers: Mapping[str, Any]) -> list[AnswerRow]:
    """(question, lines) in the order of the form, for the confirmation page, mails and staff."""
    start = "すぐに" if answers["start"] == "now" else f"{_month(answers['start_month'])}から"
    specialties = [specialty.name for specialty in answers["specialties"]]
    if answers.get("specialty_other_text"):
        specialties = [
            f"{name}（{answers['specialty_other_text']}）" if name == "その他" else name
            for name in specialties
        ]
    desired = names_by_region(answers["desired_prefectures"])
    desired += [_SCOPE_LABELS[scope] for scope in answers["desired_scope"]]
    lines = [
        [f"{answers['name']}（{answers['name_kana']}）"],
        [answers["email"]],
        [phone_display(answers["phone"])],
        [answers["residence"].name if answers["residence"] else ""],
        desired,
        [WorkStyle(value).label for value in answers["work_styles"]],
        [start],
        [Situation(answers["situation"]).label if answers["situation"] else ""],
        [experience_line(row) for row in answers["experiences"]],
        [f"{row['exam'].name}（{row['year']}年）" for row in answers["exams"]],
        specialties,
        [answers["self_pr"]],
        [answers["url"]],
    ]
    return [
        {
            "question": question,
            "lines": [line for line in lines if line] or [UNANSWERED],
            "anchor": anchor,
        }
        for (question, anchor), lines in zip(QUESTIONS, lines, strict=True)
    ]


def specialist_answers(specialist: Specialist) -> Answers:
    """A stored entry as answers (prefetch its relations for lists)."""
    return {
        "name": specialist.name,
        "name_kana": specialist.name_kana,
        "email": specialist.email,
        "phone": specialist.phone,
        "residence": specialist.residence,
        "desired_prefectures": list(specialist.desired_prefectures.all()),
        "desired_scope": [
            scope
            for scope, chosen in [
                (DesiredScope.ANYWHERE, specialist.desires_anywhere),
                (DesiredScope.ON_REQUEST, specialist.desires_on_request),
            ]
            if chosen
        ],
        "work_styles": [style.value for style in WorkStyle if getattr(specialist, style.value)],
        "start": "now" if specialist.available_now else "month",
        "start_month": specialist.available_from,
        "situation": specialist.situation,
        "specialties": list(specialist.specialties.all()),
        "specialty_other_text": specialist.specialty_other_text,
        "self_pr": specialist.self_pr,
        "url": specialist.url,
        "experiences": [
            {
                "organisation_type": row.organisation_type,
                "role": row.role,
                "started_on": row.started_on,
                "ended_on": row.ended_on,
                "user_side": row.user_side,
            }
            for row in specialist.experiences.all()
        ],
        "exams": [{"exam": row.exam, "year": row.year} for row in specialist.exam_passes.all()],
    }


def form_initial(specialist: Specialist) -> dict[str, Any]:
    """A stored entry as the form's initial values (the edit link opens the form with them)."""
    answers = specialist_answers(specialist)
    experiences = answers.pop("experiences")
    exams = answers.pop("exams")
    answers["residence"] = specialist.residence_id
    answers["desired_prefectures"] = [p.pk for p in answers["desired_prefectures"]]
    answers["specialties"] = [s.pk for s in answers["specialties"]]
    return {
        "form": answers,
        "experiences": experiences,
        "exams": [{"exam": row["exam"].pk, "year": row["year"]} for row in exams],
    }
