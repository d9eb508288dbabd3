"""Excel lists of registrations, for prefecture staff and for 総務省 in the admin.

One column definition serves both, written by the site's one writer (portal.exports).
"""

from collections import defaultdict

from portal.exports import Column, xlsx_export
from portal.models import Prefecture
from portal.text import phone_display

from .answers import PREFECTURE_ANSWERS, QUESTIONS, UNANSWERED, answer_rows, registration_answers
from .models import Registration

LIST_SHEET = "協力企業一覧"

CONTACT_HEADERS = [
    "受付番号",
    "企業名・団体名",
    "担当部署",
    "担当者",
    "ふりがな",
    "メールアドレス",
    "電話番号",
]
ANSWER_NUMBERS = range(6, 17)
HEADERS = [
    *CONTACT_HEADERS,
    *(f"問{number} {QUESTIONS[number]}" for number in ANSWER_NUMBERS),
    "登録日時",
    "更新日時",
    "状態",
]
WIDTHS = [16, 32, 20, 16, 18, 30, 14, *([28] * len(ANSWER_NUMBERS)), 17, 17, 10]
COLUMNS = [Column(header, width) for header, width in zip(HEADERS, WIDTHS, strict=True)]
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


def _row(registration, prefectures):
    answers = answer_rows(registration_answers(registration, prefectures))
    by_number = {
        row["number"]: "、".join(line for line in row["lines"] if line != UNANSWERED)
        for row in answers
    }
    return [
        registration.receipt_number,
        registration.company_name,
        registration.department,
        registration.contact_name,
        registration.contact_name_kana,
        registration.email,
        phone_display(registration.phone),
        *(by_number[number] for number in ANSWER_NUMBERS),
        registration.created_at,
        registration.updated_at,
        registration.get_status_display(),
    ]


def export_registrations(*, registrations, kind, user, prefecture=None, conditions, name_part):
    """The registrations as the site's Excel list (portal.exports), one row per registration."""
    return xlsx_export(
        user=user,
        kind=kind,
        title=LIST_SHEET,
        file_code=f"kyoryoku-kigyo_{prefecture.code if prefecture else 'all'}",
        columns=COLUMNS,
        rows=(
            _row(registration, prefectures)
            for registration, prefectures in export_rows(registrations)
        ),
        conditions=conditions,
        name_part=name_part,
        prefecture=prefecture,
    )
