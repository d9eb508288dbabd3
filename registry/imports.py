"""Importing answers collected earlier: one registration per row, all or nothing.

Rows are read by registry.import_rows and checked with the questionnaire's own fields and rules
(registry.forms, registry.rules): one set of fields and the 47 prefectures for the whole file,
never a form per row. Rows that look like an existing registration (same name key or e-mail), or
like an earlier row of the file, are possible duplicates: skipped unless the user ticks them.
Checking writes nothing, so a preview never consumes an id or a receipt number.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.http import HttpResponse

from portal.exports import Column, xlsx_template
from portal.imports import Check, Importer, prefecture_lookup
from portal.spreadsheets import Sheet, SpreadsheetError

from .choices import Scheme, Secondment
from .duplicates import company_name_key, email_key
from .forms import QuestionnaireForm
from .import_rows import answered_at, header_key, row_answers
from .models import Registration
from .questions import (
    PREFECTURE_ANSWERS,
    QUESTIONS,
    Answers,
    Kind,
    Question,
    number,
    question_for,
)
from .rules import SECONDMENT_FIELDS, FieldError, answers_check
from .submission import registration_build, registrations_insert

KIND = "registrations"
IMPORTED_NOTICE_VERSION = "旧フォーム"
REQUIRED_KEYS = {"company_name", "email"}
# [row number, {cell key: text}]: a list (Any), as the pending import keeps it in JSON.
ReadRow = list[Any]


@dataclass(frozen=True)
class CheckedRow:
    row: int
    answers: Answers
    answered_at: datetime


def registrations_read(sheet: Sheet) -> list[ReadRow]:
    """The rows as {cell key: text}, keeping only the columns that name a question."""
    keys = [header_key(header) for header in sheet.header]
    if REQUIRED_KEYS - set(keys):
        raise SpreadsheetError(
            f"見出し行に問{number('company_name')}（企業名・団体名）と"
            f"問{number('email')}（メールアドレス）が見つかりません。"
            f"1行目に設問文か設問番号（1～{len(QUESTIONS)}）を入れてください。"
        )
    repeated = sorted({key for key in keys if key and keys.count(key) > 1})
    if repeated:
        raise SpreadsheetError(
            "同じ設問の列が2つ以上あります（"
            + "、".join(sheet.header[keys.index(key)] for key in repeated)
            + "）。1つにしてください。"
        )
    columns = [(index, key) for index, key in enumerate(keys) if key]
    return [
        [row, {key: cells[index] for index, key in columns if index < len(cells) and cells[index]}]
        for row, cells in sheet.rows
    ]


class _Rules:
    """The questionnaire's fields and rules, set up once for a whole file."""

    def __init__(self) -> None:
        fields = QuestionnaireForm().fields
        self.fields = {name: f for name, f in fields.items() if name not in PREFECTURE_ANSWERS}
        self.labels = {name: _label(name) for name in fields}
        self.order = {name: index for index, name in enumerate(fields)}

    def clean(self, data: dict[str, Any], *, failed: set[str]) -> tuple[Answers, list[FieldError]]:
        """(answers, [(field, message)]) as QuestionnaireForm would find them for `data`.

        `failed` names the fields whose cells could not be read (an unknown prefecture, say).
        """
        answers = {name: data[name] for name in PREFECTURE_ANSWERS}
        errors: list[FieldError] = []
        for name, field in self.fields.items():
            try:
                answers[name] = field.clean(data.get(name))
            except forms.ValidationError as error:
                errors.extend((name, message) for message in error.messages)
        errors += answers_check(answers, failed={name for name, _ in errors} | failed)
        return answers, errors


def _label(field: str) -> str:
    question = question_for(field)
    part = next(part for part in question.parts if part.field == field)
    return f"問{question.number} {part.label or question.title}"


class _Duplicates:
    """Finds rows with the name key or e-mail of a registration, or of an earlier row."""

    WHAT = ("企業名", "メールアドレス")

    def __init__(self) -> None:
        # {key: [receipt numbers]}, read in one query
        self.existing: tuple[dict[str, list[str | None]], dict[str, list[str | None]]] = ({}, {})
        for *keys, receipt in Registration.objects.values_list(
            "company_name_key", "email_key", "receipt_number"
        ):
            for index, key in enumerate(keys):
                if key:  # an erased e-mail matches nothing
                    self.existing[index].setdefault(key, []).append(receipt)
        # {key: the first row of the file that has it}
        self.first_row: tuple[dict[str, int], dict[str, int]] = ({}, {})

    def reasons(self, row: int, keys: tuple[str, str]) -> list[str]:
        """Why the row may duplicate something (Japanese), one line per match."""
        reasons = []
        for index, key in enumerate(keys):
            if not key:
                continue
            what = self.WHAT[index]
            reasons += [
                f"登録済みの {r} と{what}が同じ" for r in self.existing[index].get(key, [])[:3]
            ]
            first = self.first_row[index].setdefault(key, row)
            if first != row:
                reasons.append(f"このファイルの{first}行目と{what}が同じ")
        return reasons


def registrations_check(rows: Iterable[ReadRow]) -> Check:
    """Check every row with the questionnaire's rules and find the possible duplicates."""
    rules, prefectures, duplicates = _Rules(), prefecture_lookup(), _Duplicates()
    secondments = dict(Registration.Secondment.choices)
    check = Check(columns=["企業名・団体名", "担当者", "メールアドレス", "都道府県出向"], sample=[])
    for row, cells in rows:
        data, errors = row_answers(cells, prefectures=prefectures)
        answers, found = rules.clean(data, failed={field for field, _ in errors})
        errors += found
        for field, message in sorted(errors, key=lambda error: rules.order[error[0]]):
            check.problem(row, rules.labels[field], message)
        try:
            moment = answered_at(cells.get("created_at"))
        except forms.ValidationError as error:
            moment = None
            check.problem(row, "登録日時", error.messages[0])
        else:
            if moment is None:
                check.problem(row, "登録日時", f"「{cells['created_at']}」を日時として読めません。")
        if moment is not None and not errors:
            check.valid.append(CheckedRow(row=row, answers=answers, answered_at=moment))
        keys = (company_name_key(data["company_name"]), email_key(data["email"]))
        reasons = duplicates.reasons(row, keys)
        if reasons:
            summary = f"{data['company_name']}（{data['email']}）"
            check.duplicates.append({"row": row, "summary": summary, "reasons": reasons})
        # Every row goes to the preview, which pages through them (portal.imports).
        secondment = secondments.get(data["secondment"], "")
        contact = data["contact_name"]
        check.sample.append([row, data["company_name"], contact, data["email"], secondment])
    return check


def registrations_store(
    *, valid: Iterable[CheckedRow], skip: Collection[int], by: User | None
) -> int:
    """Store the checked rows (but those in `skip`) as registrations in 受付, without mail."""
    kept = [checked for checked in valid if checked.row not in skip]
    registrations = [
        registration_build(
            answers=checked.answers,
            source=Registration.Source.IMPORT,
            privacy_notice_version=IMPORTED_NOTICE_VERSION,
            privacy_consented_at=checked.answered_at,
            created_at=checked.answered_at,
        )
        for checked in kept
    ]
    registrations_insert(
        registrations=registrations,
        answers=[checked.answers for checked in kept],
        reason="旧フォームの回答を取込み",
        by=by,
    )
    return len(registrations)


REGISTRATION_IMPORT = Importer(
    kind=KIND,
    read=registrations_read,
    check=registrations_check,
    store=registrations_store,
    path=f"{__name__}.REGISTRATION_IMPORT",
)


def registrations_template() -> HttpResponse:
    """The Excel template 総務省 fills in with answers collected elsewhere: the answer time, then
    one column per question (「問N 短い設問名」, which the import reads by its number), a list
    for the questions with one answer, and how to write each column on the sheet 記入方法."""
    questions = [(f"問{question.number} {question.title}", question) for question in QUESTIONS]
    return xlsx_template(
        title="旧フォームの回答",
        file_code="registration-import",
        columns=[Column("タイムスタンプ", 18)]
        + [
            Column(heading, 24 if question.kind == Kind.TEXT else 30)
            for heading, question in questions
        ],
        choices={
            heading: [label for _, label in question.choices.choices]
            for heading, question in questions
            if question.kind == Kind.SINGLE_CHOICE and question.choices
        },
        notes=[
            (
                "タイムスタンプ",
                "任意",
                "回答した日時（例: 2026/04/10 9:15）。空欄なら取り込んだ日時。",
            )
        ]
        + [
            (heading, _required(question), _how_to_write(question))
            for heading, question in questions
        ],
    )


def _required(question: Question) -> str:
    if question.required:
        return "必須"
    if set(question.fields) & set(SECONDMENT_FIELDS):
        return f"問{number('secondment')}による"
    return "任意"


def _how_to_write(question: Question) -> str:
    """The column's note: the question, what to write (the options, where there are some), and
    the form's own hint."""
    several = "複数のときは「、」で区切ります。"
    field = question.fields[0]
    labels = [label for _, label in question.choices.choices] if question.choices else []
    if field == "contact_name":
        note = "「お名前（ふりがな）」の形で書きます（例: 総務 太郎（そうむ たろう））。"
    elif field == "phone":
        note = "例: 03-5253-5111"
    elif field == "base_prefectures":
        note = f"都道府県名を書きます（「東京」のように都道府県を省いても可）。{several}"
    elif field == "dispatch_scope":
        note = f"都道府県名、または{'・'.join(f'「{label}」' for label in labels)}。{several}"
    elif field == "schemes":
        options = question.choices.choices if question.choices else []
        named = [str(label) for value, label in options if value != Scheme.OTHER]
        note = f"次から選びます。{several}その他は「その他（制度名）」と書きます: " + "、".join(
            named
        )
    elif question.kind == Kind.SINGLE_CHOICE:
        note = "一覧から選びます。"
    elif question.kind == Kind.MULTIPLE_CHOICE:
        note = f"次から選びます（{'、'.join(labels)}）。{several}"
    else:
        note = ""
    if set(question.fields) & set(SECONDMENT_FIELDS):
        note += f"問{number('secondment')}で「{Secondment.YES.label}」のときに答えます。"
    said = note or question.help_text
    text = question.text if question.text != question.title or not said else ""
    return " ".join(part for part in [text, note, question.help_text] if part)
