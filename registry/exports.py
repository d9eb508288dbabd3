"""Excel lists of registrations, for prefecture staff and for 総務省 in the admin.

One column definition serves every export. Text that a spreadsheet would run as a formula is
written as plain text, and every download is recorded in ExportLog.
"""

import io
from collections import defaultdict
from datetime import date, datetime
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .answers import PREFECTURE_ANSWERS, QUESTIONS, UNANSWERED, answer_rows, registration_answers
from .models import ExportLog, Prefecture, Registration
from .normalize import phone_display

LIST_SHEET = "協力企業一覧"
CONDITIONS_SHEET = "出力条件"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "yyyy/mm/dd hh:mm"
DATE_FORMAT = "yyyy/mm/dd"
# A cell starting with one of these may be run as a formula when the file is opened or edited.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

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


def cell_value(sheet, value):
    """A value ready for a write-only sheet: JST dates as date cells, formula-like text as text."""
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True  # and Excel keeps it text when someone edits it
        return cell
    return value


def header_cells(sheet, values):
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def registrations_workbook(*, registrations, conditions, exported_by, exported_at):
    """The .xlsx bytes: sheet 協力企業一覧 (one row per registration) and sheet 出力条件."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(LIST_SHEET)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(header_cells(sheet, HEADERS))
    count = 0
    for registration, prefectures in export_rows(registrations):
        sheet.append([cell_value(sheet, value) for value in _row(registration, prefectures)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{count + 1}"

    about = workbook.create_sheet(CONDITIONS_SHEET)
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 60
    about.append(header_cells(about, ["項目", "内容"]))
    for label, value in [
        *conditions,
        ("件数", f"{count}件"),
        ("出力した人", exported_by),
        ("出力日時", exported_at),
    ]:
        about.append([label, cell_value(about, value)])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue(), count


def xlsx_response(*, content, file_name, ascii_name):
    """An attachment whose Japanese name reaches every browser (RFC 6266 filename*)."""
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name)}"
    )
    return response


def export_file_names(*, subject, name_part, code, now):
    """The Japanese file name and its plain ASCII fallback, dated in JST."""
    stamp = timezone.localtime(now).strftime("%Y%m%d")
    return f"{subject}_{name_part}_{stamp}.xlsx", f"{code}_{stamp}.xlsx"


def export_registrations(*, registrations, kind, user, prefecture=None, conditions, name_part):
    """Build the workbook, record the download, and return the HTTP response."""
    now = timezone.now()
    file_name, ascii_name = export_file_names(
        subject="協力企業一覧",
        name_part=name_part,
        code=f"kyoryoku-kigyo_{prefecture.code if prefecture else 'all'}",
        now=now,
    )
    content, count = registrations_workbook(
        registrations=registrations,
        conditions=conditions,
        exported_by=display_name(user),
        exported_at=now,
    )
    ExportLog.objects.create(
        kind=kind,
        user=user,
        prefecture=prefecture,
        exported_at=now,
        conditions="\n".join(f"{label}: {value}" for label, value in conditions),
        row_count=count,
        file_name=file_name,
    )
    return xlsx_response(content=content, file_name=file_name, ascii_name=ascii_name)


def display_name(user):
    full_name = user.get_full_name()
    return f"{full_name}（{user.get_username()}）" if full_name else user.get_username()
