"""The 16 questions of the 人材プール協力企業・団体 form: the one place for their numbers, wording,
kinds, choices and how an answer is shown.

The form, the confirmation page, the mails, the admin, the import, the Excel export and the public
list all read this module, so rewording or renumbering a question is a change to this file only
(tests/registry/test_questions.py holds every surface to it). The official wording is kept as the
programme published it: do not reword it.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypedDict

from django.db import models

from portal.models import Prefecture, names_by_region
from portal.text import phone_display

from .choices import (
    DispatchScope,
    RetireeOutreach,
    Scheme,
    Secondment,
    SecondmentPeriod,
    WorkDays,
    WorkStyle,
)

UNANSWERED = "（回答なし）"

# A registration's answers (registry.answers): Any, because each answer's type depends on its
# question (a text, a list of option values, a list of Prefecture).
Answers = dict[str, Any]
# A function naming prefectures, one line each or grouped by region.
Names = Callable[[Iterable[Prefecture]], list[str]]
Lines = Callable[[Mapping[str, Any], Names], list[str]]


class AnswerRow(TypedDict):
    """One question's answer as the confirmation page and the mails list it."""

    number: int
    question: str
    lines: list[str]
    anchor: str


class Kind(models.TextChoices):
    TEXT = "text", "1行の記述"
    LONG_TEXT = "long_text", "複数行の記述"
    SINGLE_CHOICE = "single_choice", "1つを選ぶ"
    MULTIPLE_CHOICE = "multiple_choice", "複数を選ぶ"
    PREFECTURES = "prefectures", "都道府県を選ぶ"


@dataclass(frozen=True)
class Part:
    """One form field that answers (part of) a question."""

    field: str
    label: str = ""  # for a question with several parts; else the question's own text
    help_text: str = ""


# The official texts of 問10 and 問11 say 「記入ください」 but are answered with checkboxes: the
# hint (ours, not the programme's) says so, so that nobody looks for a text box.
CHECK_ALL = "当てはまるものをすべて選んでください。"


@dataclass(frozen=True)
class Question:
    number: int
    title: str  # the short name: confirmation page, mails, admin, Excel headers
    text: str  # the wording on the form
    kind: str
    parts: tuple[Part, ...]
    choices: type[models.TextChoices] | None = None
    help_text: str = ""
    required: bool = False  # always; conditional answers are required by the form's rules
    published_as: str = ""  # its column on the public list, if it is published
    # (answers, a function naming prefectures) -> lines, when not by kind
    lines: Lines | None = field(default=None, compare=False)

    @property
    def fields(self) -> list[str]:
        return [part.field for part in self.parts]

    def label(self, field_name: str) -> str:
        part = next(part for part in self.parts if part.field == field_name)
        return part.label or self.text

    def answer_lines(self, answers: Mapping[str, Any], *, by_region: bool = False) -> list[str]:
        """This question's answer as lines of text, as people read it. by_region groups chosen
        prefectures under their regions (a whole answer on a page or in a mail); lists and
        exports keep one name after another."""
        names: Names = names_by_region if by_region else _names
        if self.lines is not None:
            return self.lines(answers, names)
        value = answers[self.fields[0]]
        if self.kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE):
            # Every question of these kinds is declared with its choices (QUESTIONS below).
            assert self.choices is not None
            if self.kind == Kind.SINGLE_CHOICE:
                return [dict(options(self.choices))[value]] if value else []
            return _labels(self.choices, value)
        if self.kind == Kind.PREFECTURES:
            return names(value)
        return [value]


@cache
def options(choices: type[models.TextChoices]) -> tuple[tuple[str, str], ...]:
    """(value, label) pairs of a TextChoices, built once: exports ask for them per row."""
    return tuple(choices.choices)


def _labels(choices: type[models.TextChoices], values: Iterable[str]) -> list[str]:
    chosen = set(values)
    return [label for value, label in options(choices) if value in chosen]


def _names(prefectures: Iterable[Prefecture]) -> list[str]:
    return [prefecture.name for prefecture in sorted(prefectures, key=lambda p: p.code)]


def _contact(answers: Mapping[str, Any], names: Names) -> list[str]:
    return [f"{answers['contact_name']}（{answers['contact_name_kana']}）"]


def _dispatch(answers: Mapping[str, Any], names: Names) -> list[str]:
    return _labels(DispatchScope, answers["dispatch_scope"]) + names(
        answers["dispatch_prefectures"]
    )


def _schemes(answers: Mapping[str, Any], names: Names) -> list[str]:
    labels = _labels(Scheme, answers["schemes"])
    if Scheme.OTHER in answers["schemes"]:
        labels[-1] = f"その他（{answers['scheme_other_text']}）"
    return labels


QUESTIONS = [
    Question(
        1,
        "企業名・団体名",
        "企業名・団体名",
        Kind.TEXT,
        (Part("company_name"),),
        help_text=(
            "※正式名称を記入ください。企業リスト登録の段階では、社員個人単位の登録は求めません。"
            "都道府県からの依頼後、要望に応じた社員を出向させることも可能です。"
        ),
        required=True,
        published_as="企業名・団体名",
    ),
    Question(2, "担当部署", "担当部署", Kind.TEXT, (Part("department"),), required=True),
    Question(
        3,
        "ご担当者様のお名前（ふりがな）",
        "ご担当者様のお名前（ふりがな）",
        Kind.TEXT,
        (
            Part("contact_name", "お名前"),
            Part(
                "contact_name_kana",
                "ふりがな",
                "ひらがなで記入ください。カタカナで入力された場合はひらがなに直して受け付けます。"
                "「ー」「・」も使えます（例：じょん・すみす）。",
            ),
        ),
        required=True,
        lines=_contact,
    ),
    Question(
        4,
        "メールアドレス",
        "メールアドレス",
        Kind.TEXT,
        (Part("email"),),
        help_text="受付番号と回答内容をこのアドレスにお送りします。",
        required=True,
    ),
    Question(
        5,
        "電話番号",
        "電話番号",
        Kind.TEXT,
        (Part("phone"),),
        help_text="半角・全角の数字、ハイフンのどちらでも入力できます。",
        lines=lambda answers, names: [phone_display(answers["phone"])],
    ),
    Question(
        6,
        "職員の都道府県出向による自治体DX支援へのご協力",
        "職員の都道府県出向（※）による自治体DX支援にご協力いただけますか。",
        Kind.SINGLE_CHOICE,
        (Part("secondment"),),
        choices=Secondment,
        help_text=(
            "※在籍型出向、転籍型出向を指します。"
            "業務委託や労働者派遣法に基づく人材派遣は含まれません。"
            "退職者への周知だけでご協力いただける場合は「登録を希望しない」を選び、"
            "問12で「周知可能」を選んでください。"
        ),
        required=True,
    ),
    Question(
        7,
        "活動拠点のある都道府県",
        "活動拠点のある都道府県を選択してください。（複数選択可）",
        Kind.PREFECTURES,
        (Part("base_prefectures"),),
    ),
    Question(
        8,
        "職員を出向させることが可能な都道府県",
        "職員を出向させることが可能な都道府県を選択してください。（複数選択可）",
        Kind.PREFECTURES,
        (Part("dispatch_scope"), Part("dispatch_prefectures", "出向可能な都道府県")),
        choices=DispatchScope,
        help_text=(
            "「全国対応可能」は個別の都道府県と同時には選択できません。"
            "「未定・都道府県からの相談に応じて検討」は個別の都道府県と組み合わせて選択できます。"
        ),
        published_as="出向可能地域",
        lines=_dispatch,
    ),
    Question(
        9,
        "協力可能な勤務形態",
        "協力可能な勤務形態を選択してください。（複数選択可）",
        Kind.MULTIPLE_CHOICE,
        (Part("work_styles"),),
        choices=WorkStyle,
    ),
    Question(
        10,
        "非常勤職員として勤務する場合の勤務可能日数",
        "都道府県で非常勤職員として勤務する場合の、勤務可能日数を記入ください。（複数選択可）",
        Kind.MULTIPLE_CHOICE,
        (Part("work_days"),),
        choices=WorkDays,
        help_text=(
            f"{CHECK_ALL}"
            "問9で「非常勤」または「都道府県からの相談に応じて検討」を選択した方のみお答えください。"
        ),
    ),
    Question(
        11,
        "職員出向が可能な期間",
        "職員出向が可能な期間を記入ください。（複数選択可）",
        Kind.MULTIPLE_CHOICE,
        (Part("periods"),),
        choices=SecondmentPeriod,
        help_text=CHECK_ALL,
    ),
    Question(
        12,
        "退職者への本事業の周知へのご協力",
        "退職者への本事業の周知にご協力いただけますか。",
        Kind.SINGLE_CHOICE,
        (Part("retiree_outreach"),),
        choices=RetireeOutreach,
        help_text=(
            "※「周知可能」を選択いただいた場合、詳細情報をお送りします。"
            "問6で「登録を希望しない」を選んだ場合は、「周知可能」を選んでください。"
        ),
    ),
    Question(
        13,
        "既に活用・登録されている官公庁のアドバイザー制度・職員派遣制度",
        "既に活用・登録されている、官公庁のアドバイザー制度・職員派遣制度を選択してください。"
        "（複数選択可）",
        Kind.MULTIPLE_CHOICE,
        (
            Part("schemes"),
            Part(
                "scheme_other_text",
                "その他の制度名",
                "「その他」を選択した場合は制度名を記入ください。",
            ),
        ),
        choices=Scheme,
        lines=_schemes,
    ),
    Question(
        14,
        "上記制度における自治体の支援実績",
        "一つ前の問で回答いただいた制度における、"
        "自治体の支援実績（支援自治体、支援内容）を記入ください。",
        Kind.LONG_TEXT,
        (Part("scheme_support_record"),),
        help_text="※活用・登録されている制度がない場合、回答不要です。",
    ),
    Question(
        15,
        "自治体向けの活動内容を示す実績紹介サイト・SNS等",
        "自治体向けの活動内容を示す実績紹介サイト・SNS等",
        Kind.TEXT,
        (Part("website"),),
        help_text="※特段無い場合は、自社ホームページのリンクを記入ください。",
        required=True,
        published_as="実績紹介サイトのURL",
    ),
    Question(
        16,
        "備考欄／自治体向けのメッセージ",
        "備考欄／自治体向けのメッセージを記入ください。",
        Kind.LONG_TEXT,
        (Part("message"),),
    ),
]


# The questions in groups, as the admin shows them: (title, first field, last field).
SECTIONS = [
    ("企業・団体とご担当者", "company_name", "phone"),
    ("都道府県出向による協力", "secondment", "secondment"),
    (
        "出向の条件（出向を希望する場合。希望しない場合は保存時に消えます）",
        "base_prefectures",
        "periods",
    ),
    ("退職者への周知", "retiree_outreach", "retiree_outreach"),
    ("既存の制度", "schemes", "scheme_support_record"),
    ("実績紹介サイトとメッセージ", "website", "message"),
]


def sections() -> list[tuple[str, list[Question]]]:
    """[(「問1～問5 企業・団体とご担当者」, [questions])] in form order."""
    return [
        (
            f"{span(first, last)} {title}",
            [q for q in QUESTIONS if number(first) <= q.number <= number(last)],
        )
        for title, first, last in SECTIONS
    ]


def question_for(field_name: str) -> Question:
    """The question a form field belongs to."""
    return next(question for question in QUESTIONS if field_name in question.fields)


def number(field_name: str) -> int:
    return question_for(field_name).number


def by_number() -> dict[int, Question]:
    return {question.number: question for question in QUESTIONS}


def span(first_field: str, last_field: str) -> str:
    """「問7～問11」: the numbers of the questions from one field's to another's."""
    first, last = number(first_field), number(last_field)
    return f"問{first}" if first == last else f"問{first}～問{last}"


def answer_rows(answers: Mapping[str, Any]) -> list[AnswerRow]:
    """(number, question, lines) for each question, in form order; lines is a list of strings."""
    rows: list[AnswerRow] = []
    for question in QUESTIONS:
        lines = [line for line in question.answer_lines(answers, by_region=True) if line]
        rows.append(
            {
                "number": question.number,
                "question": question.title,
                "lines": lines or [UNANSWERED],
                "anchor": f"q{question.number}",
            }
        )
    return rows


# Which stored shape each answer has (see registry.answers).
FLAG_ANSWERS: dict[str, type[models.TextChoices]] = {
    "dispatch_scope": DispatchScope,
    "work_styles": WorkStyle,
    "work_days": WorkDays,
    "periods": SecondmentPeriod,
    "schemes": Scheme,
}
PREFECTURE_ANSWERS = ["base_prefectures", "dispatch_prefectures"]
TEXT_ANSWERS = [
    part.field
    for question in QUESTIONS
    for part in question.parts
    if part.field not in FLAG_ANSWERS and part.field not in PREFECTURE_ANSWERS
]


def constraint_messages() -> dict[str, str]:
    """The database constraints' messages, naming the questions by their current numbers."""
    q = number
    return {
        "secondment_only": (
            f"{span('base_prefectures', 'periods')}は、問{q('secondment')}で"
            f"「{Secondment.YES.label}」を選んだ場合だけ回答できます。"
        ),
        "work_days_only": (
            f"問{q('work_days')}は、問{q('work_styles')}で「{WorkStyle.PART_TIME.label}」または"
            f"「{WorkStyle.ON_REQUEST.label}」を選んだ場合だけ回答できます。"
        ),
        "other_scheme_text": (
            f"問{q('schemes')}で「その他」を選んだ場合は制度名を記入し、"
            "選ばない場合は制度名を空にしてください。"
        ),
        "support_record_only": (
            f"問{q('scheme_support_record')}は、問{q('schemes')}で制度を選んだ場合だけ回答できます。"
        ),
        "nationwide_or_undecided": (
            f"問{q('dispatch_scope')}で「{DispatchScope.NATIONWIDE.label}」と"
            f"「{DispatchScope.UNDECIDED.label}」は同時に選べません。"
        ),
    }
