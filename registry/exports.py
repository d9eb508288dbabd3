"""Excel lists of registrations, for prefecture staff and for 総務省 in the admin.

One column definition serves both, written by the site's one writer (portal.exports).
"""

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpResponse

from portal.exports import Column, xlsx_export
from portal.models import Prefecture
from portal.text import phone_display

from .answers import ANSWER_FIELDS, answers_from_values
from .models import Registration
from .questions import PREFECTURE_ANSWERS, UNANSWERED, Kind, Question, question_for, sections

LIST_SHEET = "協力企業一覧"

# A registration's `values(*ROW_FIELDS)` row: Any, as the values of its fields differ in type.
Values = dict[str, Any]
# {"base_prefectures": [...], "dispatch_prefectures": [...]}
Prefectures = dict[str, list[Prefecture]]
# (the contact answers' fields, the other questions)
Layout = tuple[list[str], list[Question]]


def export_columns() -> list[Column]:
    """The list sheet's columns: the contact answers one per column, the rest one per question."""
    contact_fields, answers = _layout()
    contact = [question_for(field) for field in contact_fields]
    return [
        Column("受付番号", 16),
        *(Column(q.label(field), 20) for q, field in zip(contact, contact_fields, strict=True)),
        *(Column(f"問{q.number} {q.title}", 28) for q in answers),
        Column("登録日時", 17),
        Column("更新日時", 17),
        Column("状態", 10),
    ]


def headers() -> list[str]:
    return [column.header for column in export_columns()]


# The kinds this app's exports are logged under (named in RegistryConfig.export_kinds).
PREFECTURE_LIST = "prefecture_list"
ADMIN_LIST = "admin_list"


ROW_FIELDS = [
    "pk",
    "receipt_number",
    *ANSWER_FIELDS,
    "phone_formatted",
    "created_at",
    "updated_at",
    "status",
]


def export_rows(registrations: QuerySet[Registration]) -> Iterator[tuple[Values, Prefectures]]:
    """(field values, prefectures) per registration, in four queries however many rows there are.

    Plain `values()` rows rather than model instances. The prefecture relations are read as
    (registration id, code) pairs, and every registration with the same prefectures gets the
    same list of the 47 prefectures' instances (row_maker turns each such list into text once).
    """
    by_code = {prefecture.code: prefecture for prefecture in Prefecture.objects.all()}
    selected = registrations.prefetch_related(None)
    codes: defaultdict[int, dict[str, list[str]]] = defaultdict(
        lambda: {name: [] for name in PREFECTURE_ANSWERS}
    )
    for name in PREFECTURE_ANSWERS:
        through = getattr(Registration, name).through.objects
        pairs = through.filter(registration__in=selected.values("pk")).order_by("prefecture_id")
        for registration_id, code in pairs.values_list("registration_id", "prefecture_id"):
            codes[registration_id][name].append(code)
    shared: dict[tuple[str, ...], list[Prefecture]] = {}

    def prefectures(registration_id: int) -> Prefectures:
        lists = {}
        for name, chosen in codes[registration_id].items():
            key = tuple(chosen)
            if key not in shared:
                shared[key] = [by_code[code] for code in key]
            lists[name] = shared[key]
        return lists

    for values in selected.values(*ROW_FIELDS).iterator(chunk_size=2000):
        yield values, prefectures(values["pk"])


def _layout() -> Layout:
    """(the contact answers' fields, the other questions), read from the catalogue once."""
    contact, answers = sections()[0][1], [q for _, qs in sections()[1:] for q in qs]
    return [field for q in contact for field in q.fields], answers


STATUS_LABELS = dict(Registration.Status.choices)
PLAIN_TEXT = (Kind.TEXT, Kind.LONG_TEXT)


def row_maker(layout: Layout) -> Callable[[Values, Prefectures], list[Any]]:
    """A function of (values, prefectures) that makes one row of cells.

    A question's cell depends on that question's own answers only, and most rows repeat the same
    choices and prefectures: each distinct answer is turned into text once per export. Prefecture
    lists are told apart by identity (export_rows shares one list per set of prefectures; the
    memo keeps each list alive, so no other list can take its id). Phone numbers come formatted
    from the database (Registration.phone_formatted).
    """
    contact_fields, questions = layout
    # (memo of the question's cells, the question, (field, told apart by identity), plain text)
    plans: list[
        tuple[dict[tuple[Any, ...], tuple[str, list[Any]]], Question, list[tuple[str, bool]], bool]
    ] = [
        (
            {},
            question,
            [(field, field in PREFECTURE_ANSWERS) for field in question.fields],
            question.kind in PLAIN_TEXT and question.lines is None,
        )
        for question in questions
    ]
    phones: dict[str, str] = {}

    def key(answers: Values, fields: Sequence[tuple[str, bool]]) -> tuple[Any, ...]:
        parts: list[Any] = []
        for field, by_identity in fields:
            value = answers[field]
            parts.append(
                id(value) if by_identity else tuple(value) if type(value) is list else value
            )
        return tuple(parts)

    def row(values: Values, prefectures: Prefectures) -> list[Any]:
        answers = answers_from_values(values, prefectures)
        phone = answers["phone"]
        # Formatted when saved; rows stored before that are formatted here, once per number.
        formatted = values["phone_formatted"] or phones.get(phone)
        if formatted is None:
            formatted = phones[phone] = phone_display(phone)
        shown = {**answers, "phone": formatted}
        cells = [values["receipt_number"], *(shown[field] for field in contact_fields)]
        for memo, question, fields, plain in plans:
            if plain:
                value = answers[fields[0][0]]
                cells.append(value if value != UNANSWERED else "")
                continue
            found = memo.get(key(answers, fields))
            if found is None:
                lines = question.answer_lines(answers)
                text = "、".join(line for line in lines if line and line != UNANSWERED)
                kept = [answers[field] for field, by_identity in fields if by_identity]
                found = memo[key(answers, fields)] = (text, kept)
            cells.append(found[0])
        cells += [values["created_at"], values["updated_at"], STATUS_LABELS[values["status"]]]
        return cells

    return row


def export_registrations(
    *,
    registrations: QuerySet[Registration],
    kind: str,
    user: User,
    prefecture: Prefecture | None = None,
    conditions: Sequence[tuple[str, str]],
    name_part: str,
) -> HttpResponse:
    """The registrations as the site's Excel list (portal.exports), one row per registration."""
    row = row_maker(_layout())
    return xlsx_export(
        user=user,
        kind=kind,
        title=LIST_SHEET,
        file_code=f"kyoryoku-kigyo_{prefecture.code if prefecture else 'all'}",
        columns=export_columns(),
        rows=(row(values, prefectures) for values, prefectures in export_rows(registrations)),
        conditions=conditions,
        name_part=name_part,
        prefecture=prefecture,
    )
