"""Reading rows of answers collected earlier with another form service.

The header row holds the question texts (or the numbers 1–16); each cell is turned back into what
the registration form would have received. Checking those answers is registry.imports' job, with
the questionnaire's own rules.
"""

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from portal.dates import typed_year_problem
from portal.imports import name_key
from portal.models import Prefecture
from portal.text import text_half_width

from .choices import DispatchScope, Scheme, SecondmentPeriod, WorkDays, WorkStyle
from .models import Registration
from .questions import QUESTIONS
from .rules import FieldError

_SEPARATORS = re.compile(r"[、,，;；\r\n]+")
_NUMBER = re.compile(r"^(?:問|Q|q)?\s*(\d{1,2})(?:\D.*)?$")
# The label before the free text of その他: 「その他（…）」, 「その他:…」, 「その他（自由入力）：…」.
_OTHER_LABEL = re.compile(r"^その他(?:[（(]自由入力[)）])?\s*(?:[:：]|(?P<opened>[（(]))?\s*")

# A question answered by several fields comes as one cell: 「名前（ふりがな）」, or the list of
# prefectures and choices. Every other question's cell is named by its field.
_CELL_KEYS = {"contact_name": "contact", "dispatch_scope": "dispatch"}

EXTRA_HEADERS = {
    "お名前": "contact_name",
    "ご担当者様のお名前": "contact_name",
    "ふりがな": "contact_name_kana",
    "タイムスタンプ": "created_at",
    "登録日時": "created_at",
    "回答日時": "created_at",
}
# The cells the text answers are read from, and where each parsed value goes.
TEXT_CELLS = [
    "company_name",
    "department",
    "email",
    "phone",
    "scheme_support_record",
    "website",
    "message",
]


def question_cells() -> dict[int, str]:
    """{question number: the key its cell is read under}, from the catalogue."""
    return {q.number: _CELL_KEYS.get(q.fields[0], q.fields[0]) for q in QUESTIONS}


def question_texts() -> dict[int, str]:
    """{question number: the question's wording}, as a form service writes it in the header."""
    return {q.number: q.text for q in QUESTIONS}


def header_key(header: object) -> str | None:
    """What a header row cell stands for: a key of question_cells() or of EXTRA_HEADERS."""
    text = name_key(header)
    if not text:
        return None
    extra = {name_key(name): key for name, key in EXTRA_HEADERS.items()}
    if text in extra:
        return extra[text]
    cells = question_cells()
    match = _NUMBER.match(text)
    if match and int(match.group(1)) in cells:
        return cells[int(match.group(1))]
    for question_number, question in question_texts().items():
        question = name_key(question)
        # Form services often add or drop the trailing notes; the start of the question decides.
        if text == question or text.startswith(question[:15]) or question.startswith(text):
            return cells[question_number]
    return None


def split_cell(value: object) -> list[str]:
    return [item.strip() for item in _SEPARATORS.split(str(value or "")) if item.strip()]


def _choice_values(
    options: type[models.TextChoices], items: Iterable[str], *, field: str
) -> tuple[list[str], list[FieldError]]:
    labels = {name_key(option.label): option.value for option in options}
    values: list[str] = []
    errors: list[FieldError] = []
    for item in items:
        value = labels.get(name_key(item))
        if value is None:
            errors.append((field, f"「{item}」は選択肢にありません。"))
        else:
            values.append(value)
    return values, errors


def _prefectures(
    items: Iterable[str], *, field: str, lookup: Mapping[str, Prefecture]
) -> tuple[list[Prefecture], list[FieldError]]:
    found: list[Prefecture] = []
    errors: list[FieldError] = []
    for item in items:
        prefecture = lookup.get(name_key(item))
        if prefecture is None:
            errors.append((field, f"「{item}」は都道府県名として認識できません。"))
        elif prefecture not in found:
            found.append(prefecture)
    return found, errors


def _single_choice(
    options: type[models.TextChoices], value: object, *, field: str
) -> tuple[str, list[FieldError]]:
    text = name_key(value)
    if not text:
        return "", []
    for option in options:
        label = name_key(option.label)
        # Older forms said just 「登録を希望する」 for 「協力企業・団体として登録を希望する」.
        if text in {label, label.removeprefix("協力企業・団体として")}:
            return option.value, []
    return "", [(field, f"「{value}」は選択肢にありません。")]


def row_answers(
    cells: Mapping[str, Any], *, prefectures: Mapping[str, Prefecture]
) -> tuple[dict[str, Any], list[FieldError]]:
    """{key: cell} (keys from header_key) as the form's data, plus [(field, message)] for cells
    that name no option. `prefectures` is portal.imports.prefecture_lookup(), loaded once."""
    # Any: texts, option values and Prefecture lists, as the form's fields would hold them.
    data: dict[str, Any] = {key: str(cells.get(key) or "").strip() for key in TEXT_CELLS}
    errors: list[FieldError] = []

    contact = str(cells.get("contact") or "").strip()
    match = re.match(r"^(.*?)\s*[（(]\s*(.+?)\s*[)）]\s*$", contact)
    data["contact_name"] = str(
        cells.get("contact_name") or (match.group(1) if match else contact)
    ).strip()
    data["contact_name_kana"] = str(
        cells.get("contact_name_kana") or (match.group(2) if match else "")
    ).strip()

    single: list[tuple[str, type[models.TextChoices]]] = [
        ("secondment", Registration.Secondment),
        ("retiree_outreach", Registration.RetireeOutreach),
    ]
    for field, options in single:
        data[field], found = _single_choice(options, cells.get(field), field=field)
        errors += found

    data["base_prefectures"], found = _prefectures(
        split_cell(cells.get("base_prefectures")), field="base_prefectures", lookup=prefectures
    )
    errors += found
    dispatch_items = split_cell(cells.get("dispatch"))
    scope_labels = {name_key(option.label) for option in DispatchScope}
    data["dispatch_scope"], _ = _choice_values(
        DispatchScope,
        [i for i in dispatch_items if name_key(i) in scope_labels],
        field="dispatch_scope",
    )
    data["dispatch_prefectures"], found = _prefectures(
        [i for i in dispatch_items if name_key(i) not in scope_labels],
        field="dispatch_scope",
        lookup=prefectures,
    )
    errors += found
    multiple: list[tuple[str, type[models.TextChoices]]] = [
        ("work_styles", WorkStyle),
        ("work_days", WorkDays),
        ("periods", SecondmentPeriod),
    ]
    for key, options in multiple:
        data[key], found = _choice_values(options, split_cell(cells.get(key)), field=key)
        errors += found

    # その他 comes as "その他（…）", "その他:…" or, as form services write it, the bare free text.
    known = {name_key(option.label): option.value for option in Scheme if option != Scheme.OTHER}
    schemes: list[str] = []
    other_texts: list[str] = []
    for item in split_cell(cells.get("schemes")):
        normalised = name_key(item)
        if normalised in known:
            schemes.append(known[normalised])
            continue
        other_texts.append(_other_text(item))
    if other_texts:
        schemes.append(Scheme.OTHER)
    data["schemes"] = schemes
    data["scheme_other_text"] = "、".join(text for text in other_texts if text)
    return data, errors


def _other_text(item: str) -> str:
    """The free text of その他 as written: 「その他（研修（年2回））」 is 「研修（年2回）」, and a bare
    「地域おこし協力隊（1名出向）」 keeps its closing bracket; a bare 「その他」 has none."""
    label = _OTHER_LABEL.match(item)
    if label is None:
        return item
    text = item[label.end() :]
    if label["opened"]:
        text = re.sub(r"[)）]$", "", text)
    return text.strip()


def answered_at(value: object) -> datetime | None:
    """The row's answer time; now when the file has none, None when it cannot be read.

    Raises ValidationError when its year is outside 1900-2100 (portal.dates), before a date is
    made: year 0 has none (parse_datetime raised ValueError for it)."""
    if value in (None, ""):
        return timezone.now()
    text = text_half_width(str(value)).replace("/", "-")
    problem = typed_year_problem(text)
    if problem:
        raise ValidationError(problem)
    try:
        moment = parse_datetime(text) or parse_datetime(f"{text} 00:00")
    except ValueError:  # well formed, yet no such day (2026-02-30)
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
