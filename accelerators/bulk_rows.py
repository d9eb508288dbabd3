"""Reading one row of the template of existing appointments (see accelerators.bulk).

Each cell is checked with the rule the nomination form or workflow applies to the same value:
ふりがな (accelerators.forms.name_kana_clean), 任命日 (workflow.appointment_date_problem), the
appointment number's form (workflow.APPOINTMENT_NUMBER) and an IPA exam's years
(IpaExam.year_problem). Problems are (column key, Japanese message) pairs.
"""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms

from portal.dates import date_year_problem
from portal.imports import name_key
from portal.models import Prefecture
from portal.spreadsheets import Sheet, SpreadsheetError
from portal.text import text_half_width, text_normalize

from .forms import name_kana_clean
from .models import IpaExam, Nomination
from .workflow import APPOINTMENT_NUMBER, appointment_date_problem

Basis = Nomination.Basis
EmploymentType = Nomination.EmploymentType
CONFIRMED = "確認済"
_CONFIRMATIONS = {name_key(word) for word in (CONFIRMED, "確認済み", "はい", "○", "〇", "✓", "済")}
_BASES = {"1": Basis.EXPERIENCE, "2": Basis.EXAM, "3": Basis.EQUIVALENCE}
_ERA = {"令和": 2018, "平成": 1988}
# [row number, {column key: text}]: a list (Any), as the pending import keeps it in JSON.
ReadRow = list[Any]
# (column key, Japanese message)
Problem = tuple[str, str]
_DATE = re.compile(r"^(令和|平成)?(\d{1,4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?: 00:00:00)?$")


@dataclass(frozen=True)
class Field:
    key: str
    header: str
    required: bool
    note: str
    width: int = 14


FIELDS = [
    Field(
        "prefecture",
        "都道府県",
        True,
        "47都道府県の名前（「東京」のように都道府県を省いても可）",
        10,
    ),
    Field("name", "氏名", True, "姓と名の間は空白", 16),
    Field("name_kana", "ふりがな", False, "ひらがな（カタカナも可）", 18),
    Field(
        "employment_type",
        "任用形態",
        True,
        "任期なし常勤職員／任期付職員／非常勤職員（業務委託で確保した人材は登録できません）",
        18,
    ),
    Field("start_date", "任用開始日", False, "空欄なら任命日と同じ", 12),
    Field("appointment_date", "任命日", True, "今日以前の日付（例: 2025/04/01）", 12),
    Field(
        "appointment_number",
        "任命番号",
        False,
        "DXA-年-4桁（例: DXA-2025-0001）。空欄なら任命日の年の次の番号を付けます",
        16,
    ),
    Field("basis", "要件", True, "任命時に確認した要件: ①、② または ③", 8),
    Field(
        "evidence",
        "要件の根拠",
        True,
        "①: 勤務先・期間・業務／②: 試験名と合格年（例: プロジェクトマネージャ試験 2019年）"
        "／③: 同等以上の知識を有することの説明",
        40,
    ),
    Field(
        "main_duty",
        "主たる業務の確認",
        True,
        f"市町村のDX支援を主たる業務とすることを確認した場合に「{CONFIRMED}」",
        14,
    ),
    Field(
        "annual_cost_yen",
        "年間の人件費（円）",
        False,
        "非常勤職員の特別交付税の見込みに使います",
        14,
    ),
]
HEADERS = {field.key: field.header for field in FIELDS}


@dataclass(frozen=True)
class Appointment:
    row: int
    prefecture: Prefecture
    name: str
    name_kana: str
    employment_type: str
    start_date: date
    appointment_date: date
    appointment_number: str
    basis: str
    evidence: str
    exam: IpaExam | None
    exam_year: int | None
    annual_cost_yen: int | None


def _column_key(header: str) -> str | None:
    text = re.split(r"[（(]", header, maxsplit=1)[0]
    return next(
        (f.key for f in FIELDS if name_key(f.header.split("（")[0]) == name_key(text)), None
    )


def appointments_read(sheet: Sheet) -> list[ReadRow]:
    """The rows as {column key: text}; the template's required columns must all be there."""
    keys = [_column_key(header) for header in sheet.header]
    missing = [f.header for f in FIELDS if f.required and f.key not in keys]
    if missing:
        raise SpreadsheetError(
            "見出し行に次の列がありません: "
            + "、".join(missing)
            + "。管理画面からダウンロードしたテンプレートに入力してください。"
        )
    columns = [(index, key) for index, key in enumerate(keys) if key]
    return [
        [row, {key: cells[index] for index, key in columns if index < len(cells) and cells[index]}]
        for row, cells in sheet.rows
    ]


def _date(text: str) -> date | None:
    """The date a cell holds, or None if it is not one; a year outside 1900-2100 is refused
    with the site's date rule (portal.dates), before a date is made (year 0 has none)."""
    match = _DATE.match(text_half_width(text))
    if not match:
        return None
    era, year, month, day = match[1], int(match[2]), int(match[3]), int(match[4])
    year = year + _ERA[era] if era else year
    problem = date_year_problem(year)
    if problem:
        raise forms.ValidationError(problem)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _exam_pass(evidence: str, exams: Sequence[IpaExam], *, today: date) -> tuple[IpaExam, int]:
    """(exam, year) named in ② evidence, or raise ValidationError saying what is wrong."""
    text = name_key(evidence)
    named = [exam for exam in exams if name_key(exam.name) in text]
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", text)
    if not named or not years:
        raise forms.ValidationError(
            "②の根拠には、IPA高度試験の試験名と合格年（西暦）を書いてください"
            "（例: プロジェクトマネージャ試験 2019年）。"
        )
    exam, year = max(named, key=lambda exam: len(exam.name)), int(years[0])
    if not exam.counts_for_rule_2:
        raise forms.ValidationError(
            f"{exam.name}は現行の試験と一部だけが同等のため、要件②には当たりません。"
            "③（同等以上の知識）として、説明とともに登録してください。"
        )
    problem = exam.year_problem(year, this_year=today.year)
    if problem:
        raise forms.ValidationError(problem)
    return exam, year


class AppointmentRow:
    """One row's values, and its problems as (column key, message)."""

    def __init__(
        self,
        cells: Mapping[str, str],
        *,
        prefectures: Mapping[str, Prefecture],
        exams: Sequence[IpaExam],
        today: date,
    ) -> None:
        self.problems: list[Problem] = []
        # Appointment's fields as read (Any: a Prefecture, texts, dates, an IpaExam, numbers).
        self.values: dict[str, Any] = {}
        text = {f.key: text_normalize(cells.get(f.key, "")) for f in FIELDS}
        for field in FIELDS:
            if field.required and not text[field.key]:
                self.problems.append((field.key, f"{field.header}を入力してください。"))
        self._read(text, prefectures, exams, today)

    def _try(self, key: str, read: Callable[[str], Any], value: str) -> Any:
        if not value:
            return None
        try:
            return read(value)
        except forms.ValidationError as error:
            self.problems.extend((key, message) for message in error.messages)
            return None

    def _read(
        self,
        text: dict[str, str],
        prefectures: Mapping[str, Prefecture],
        exams: Sequence[IpaExam],
        today: date,
    ) -> None:
        v = self.values
        v["prefecture"] = self._try("prefecture", _prefecture(prefectures), text["prefecture"])
        v["name"] = self._try("name", _one_line(100), text["name"])
        v["name_kana"] = self._try("name_kana", name_kana_clean, text["name_kana"]) or ""
        v["employment_type"] = self._try("employment_type", _employment, text["employment_type"])
        v["appointment_date"] = self._try("appointment_date", _day(today), text["appointment_date"])
        v["start_date"] = self._try("start_date", _day(None), text["start_date"])
        v["appointment_number"] = (
            self._try("appointment_number", _number, text["appointment_number"]) or ""
        )
        v["basis"] = self._try("basis", _basis, text["basis"])
        v["evidence"] = self._try("evidence", _one_text(2000), text["evidence"])
        self._try("main_duty", _main_duty, text["main_duty"])
        v["annual_cost_yen"] = self._try("annual_cost_yen", _yen, text["annual_cost_yen"])
        v["exam"] = v["exam_year"] = None
        if v["basis"] == Basis.EXAM and v["evidence"]:
            found = self._try(
                "evidence", lambda e: _exam_pass(e, exams, today=today), v["evidence"]
            )
            v["exam"], v["exam_year"] = found or (None, None)
        day = v["appointment_date"]
        # A number given has passed _number, so it matches.
        match = APPOINTMENT_NUMBER.match(v["appointment_number"])
        if match and day and int(match[1]) != day.year:
            self.problems.append(
                ("appointment_number", f"任命番号の年と任命日の年（{day.year}年）が違います。")
            )
        if v["start_date"] is None:
            v["start_date"] = day


def _prefecture(prefectures: Mapping[str, Prefecture]) -> Callable[[str], Prefecture]:
    def read(value: str) -> Prefecture:
        found = prefectures.get(name_key(value))
        if found is None:
            raise forms.ValidationError(f"「{value}」は都道府県名として認識できません。")
        return found

    return read


def _one_line(limit: int) -> Callable[[str], str]:
    def read(value: str) -> str:
        if "\n" in value:
            raise forms.ValidationError("改行を含めずに1行で入力してください。")
        return _one_text(limit)(value)

    return read


def _one_text(limit: int) -> Callable[[str], str]:
    def read(value: str) -> str:
        if len(value) > limit:
            raise forms.ValidationError(
                f"{limit}文字以内で入力してください（現在{len(value)}文字です）。"
            )
        return value

    return read


def _employment(value: str) -> str:
    labels = {name_key(label): choice for choice, label in EmploymentType.choices}
    if name_key(value) in labels:
        return labels[name_key(value)]
    if "委託" in value:
        raise forms.ValidationError(
            "業務委託で確保した人材はアクセラレータではないため登録できません（要件は「都道府県が"
            "任用し…職員」です）。委託による人材確保は、都道府県が「委託による人材確保」に記録します。"
        )
    raise forms.ValidationError(
        "任用形態は「"
        + "」「".join(label for _, label in EmploymentType.choices)
        + "」のいずれかです。"
    )


def _day(today: date | None) -> Callable[[str], date]:
    def read(value: str) -> date:
        day = _date(value)
        if day is None:
            raise forms.ValidationError(f"「{value}」を日付として読めません（例: 2025/04/01）。")
        problem = appointment_date_problem(day, today=today) if today else None
        if problem:
            raise forms.ValidationError(problem)
        return day

    return read


def _number(value: str) -> str:
    value = text_half_width(value).upper()
    if not APPOINTMENT_NUMBER.match(value):
        raise forms.ValidationError(
            "任命番号は DXA-2025-0001 の形で入力するか、空欄にしてください。"
        )
    return value


def _basis(value: str) -> str:
    digits = re.sub(r"\D", "", text_half_width(value))
    if digits not in _BASES:
        raise forms.ValidationError("要件は ①、② または ③ で入力してください。")
    return _BASES[digits]


def _main_duty(value: str) -> bool:
    if name_key(value) not in _CONFIRMATIONS:
        raise forms.ValidationError(
            "市町村のDX支援を主たる業務とすることを確認した場合だけ登録できます。"
            f"確認した場合は「{CONFIRMED}」と入力してください。"
        )
    return True


def _yen(value: str) -> int:
    digits = re.sub(r"[,，円\s]", "", text_half_width(value))
    if not digits.isdigit():
        raise forms.ValidationError("年間の人件費は円単位の数字で入力してください（例: 3600000）。")
    return int(digits)
