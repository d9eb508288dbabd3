"""Excel lists of registrations, for prefecture staff and for 総務省 in the admin.

One column definition serves both, written by the site's one writer (portal.exports).
"""

from collections import defaultdict

from portal.exports import Column, xlsx_export
from portal.models import Prefecture
from portal.text import phone_display

from .answers import registration_answers
from .models import Registration
from .questions import PREFECTURE_ANSWERS, UNANSWERED, question_for, sections

LIST_SHEET = "協力企業一覧"


def export_columns():
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


def headers():
    return [column.header for column in export_columns()]


# The kinds this app's exports are logged under (named in RegistryConfig.export_kinds).
PREFECTURE_LIST = "prefecture_list"
ADMIN_LIST = "admin_list"


def export_rows(registrations):
    """(registration, its prefectures) pairs in four queries, however many rows there are.

    The prefecture relations are read as (registration id, code) pairs and mapped onto the 47
    prefectures in memory, instead of building a model instance per link.
    """
    by_code = {prefecture.code: prefecture for prefecture in Prefecture.objects.all()}
    selected = registrations.prefetch_related(None)
    links = defaultdict(lambda: {name: [] for name in PREFECTURE_ANSWERS})
    for name in PREFECTURE_ANSWERS:
        through = getattr(Registration, name).through.objects
        pairs = through.filter(registration__in=selected.values("pk")).order_by("prefecture_id")
        for registration_id, code in pairs.values_list("registration_id", "prefecture_id"):
            links[registration_id][name].append(by_code[code])
    for registration in selected:
        yield registration, links[registration.pk]


def _layout():
    """(the contact answers' fields, the other questions), read from the catalogue once."""
    contact, answers = sections()[0][1], [q for _, qs in sections()[1:] for q in qs]
    return [field for q in contact for field in q.fields], answers


def _row(registration, prefectures, layout):
    contact_fields, questions = layout
    answers = registration_answers(registration, prefectures)
    shown = {**answers, "phone": phone_display(answers["phone"])}
    return [
        registration.receipt_number,
        *(shown[field] for field in contact_fields),
        *(
            "、".join(line for line in q.answer_lines(answers) if line and line != UNANSWERED)
            for q in questions
        ),
        registration.created_at,
        registration.updated_at,
        registration.get_status_display(),
    ]


def export_registrations(*, registrations, kind, user, prefecture=None, conditions, name_part):
    """The registrations as the site's Excel list (portal.exports), one row per registration."""
    layout = _layout()
    return xlsx_export(
        user=user,
        kind=kind,
        title=LIST_SHEET,
        file_code=f"kyoryoku-kigyo_{prefecture.code if prefecture else 'all'}",
        columns=export_columns(),
        rows=(
            _row(registration, prefectures, layout)
            for registration, prefectures in export_rows(registrations)
        ),
        conditions=conditions,
        name_part=name_part,
        prefecture=prefecture,
    )
