"""Importing answers collected earlier with a generic form service (django-import-export).

The file's header row holds the question texts (or the numbers 1–16). Every row is turned back
into what the registration form would have received and checked by RegistrationForm itself, so an
imported registration obeys exactly the rules of one made through the form.
"""

import re
import unicodedata

import tablib
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.dateparse import parse_datetime
from import_export import fields, resources
from import_export.formats.base_formats import CSV

from portal.models import Prefecture

from .choices import DispatchScope, Scheme, SecondmentPeriod, WorkDays, WorkStyle
from .forms import RegistrationForm
from .models import Registration
from .questions import QUESTIONS, number
from .submission import registration_build, registration_insert

IMPORTED_NOTICE_VERSION = "旧フォーム"
_SEPARATORS = re.compile(r"[、,，;；\r\n]+")
_NUMBER = re.compile(r"^(?:問|Q|q)?\s*(\d{1,2})(?:\D.*)?$")


def _normalise(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).strip()


# A question answered by several fields comes as one cell: 「名前（ふりがな）」, or the list of
# prefectures and choices. Every other question's cell is named by its field.
_CELL_KEYS = {"contact_name": "contact", "dispatch_scope": "dispatch"}


def question_cells():
    """{question number: the key its cell is read under}, from the catalogue."""
    return {q.number: _CELL_KEYS.get(q.fields[0], q.fields[0]) for q in QUESTIONS}


EXTRA_HEADERS = {
    "お名前": "contact_name",
    "ご担当者様のお名前": "contact_name",
    "ふりがな": "contact_name_kana",
    "タイムスタンプ": "created_at",
    "登録日時": "created_at",
    "回答日時": "created_at",
}


def question_texts():
    """{question number: the question's wording}, as a form service writes it in the header."""
    return {q.number: q.text for q in QUESTIONS}


def header_key(header):
    """What a header row cell stands for: a key of question_cells() or of EXTRA_HEADERS."""
    text = _normalise(header)
    if not text:
        return None
    if text in {_normalise(name) for name in EXTRA_HEADERS}:
        return next(key for name, key in EXTRA_HEADERS.items() if _normalise(name) == text)
    cells = question_cells()
    match = _NUMBER.match(text)
    if match and int(match.group(1)) in cells:
        return cells[int(match.group(1))]
    for question_number, question in question_texts().items():
        question = _normalise(question)
        # Form services often add or drop the trailing notes; the start of the question decides.
        if text == question or text.startswith(question[:15]) or question.startswith(text):
            return cells[question_number]
    return None


def split_cell(value):
    return [item.strip() for item in _SEPARATORS.split(str(value or "")) if item.strip()]


def _choice_values(options, items, *, question):
    labels = {_normalise(option.label): option.value for option in options}
    values, errors = [], []
    for item in items:
        value = labels.get(_normalise(item))
        if value is None:
            errors.append(f"問{question}：「{item}」は選択肢にありません。")
        else:
            values.append(value)
    return values, errors


def _prefecture_codes(items, *, question):
    by_name = {}
    for prefecture in Prefecture.objects.all():
        by_name[prefecture.name] = prefecture.code
        if prefecture.name != "北海道":
            by_name[prefecture.name[:-1]] = prefecture.code
    codes, errors = [], []
    for item in items:
        code = by_name.get(_normalise(item))
        if code is None:
            errors.append(f"問{question}：「{item}」は都道府県名として認識できません。")
        else:
            codes.append(code)
    return codes, errors


def _single_choice(options, value, *, question):
    text = _normalise(value)
    if not text:
        return "", []
    for option in options:
        label = _normalise(option.label)
        # Older forms said just 「登録を希望する」 for 「協力企業・団体として登録を希望する」.
        if text in {label, label.removeprefix("協力企業・団体として")}:
            return option.value, []
    return "", [f"問{question}：「{value}」は選択肢にありません。"]


def row_to_form_data(cells):
    """Turn {key: cell} (keys from header_key) into RegistrationForm data plus parse errors."""
    data = {"privacy_consent": "on"}
    errors = []
    for key in [
        "company_name",
        "department",
        "email",
        "phone",
        "scheme_support_record",
        "website",
        "message",
    ]:
        data[key] = str(cells.get(key) or "").strip()

    contact = str(cells.get("contact") or "").strip()
    match = re.match(r"^(.*?)\s*[（(]\s*(.+?)\s*[)）]\s*$", contact)
    data["contact_name"] = str(
        cells.get("contact_name") or (match.group(1) if match else contact)
    ).strip()
    data["contact_name_kana"] = str(
        cells.get("contact_name_kana") or (match.group(2) if match else "")
    ).strip()

    data["secondment"], found = _single_choice(
        Registration.Secondment, cells.get("secondment"), question=number("secondment")
    )
    errors += found
    data["retiree_outreach"], found = _single_choice(
        Registration.RetireeOutreach,
        cells.get("retiree_outreach"),
        question=number("retiree_outreach"),
    )
    errors += found

    data["base_prefectures"], found = _prefecture_codes(
        split_cell(cells.get("base_prefectures")), question=number("base_prefectures")
    )
    errors += found
    dispatch_items = split_cell(cells.get("dispatch"))
    scope_labels = {_normalise(option.label) for option in DispatchScope}
    data["dispatch_scope"], _ = _choice_values(
        DispatchScope,
        [i for i in dispatch_items if _normalise(i) in scope_labels],
        question=number("dispatch_scope"),
    )
    data["dispatch_prefectures"], found = _prefecture_codes(
        [i for i in dispatch_items if _normalise(i) not in scope_labels],
        question=number("dispatch_scope"),
    )
    errors += found
    for key, options, question in [
        ("work_styles", WorkStyle, number("work_styles")),
        ("work_days", WorkDays, number("work_days")),
        ("periods", SecondmentPeriod, number("periods")),
    ]:
        data[key], found = _choice_values(options, split_cell(cells.get(key)), question=question)
        errors += found

    # その他 comes as "その他（…）", "その他:…" or, as form services write it, the bare free text.
    known = {_normalise(option.label): option.value for option in Scheme if option != Scheme.OTHER}
    schemes, other_texts = [], []
    for item in split_cell(cells.get("schemes")):
        normalised = _normalise(item)
        if normalised in known:
            schemes.append(known[normalised])
            continue
        other = re.sub(
            r"^その他(?:（自由入力）)?\s*[:：（(]?\s*", "", unicodedata.normalize("NFKC", item)
        )
        other_texts.append(other.rstrip(")）").strip() or item)
    if other_texts:
        schemes.append(Scheme.OTHER)
    data["schemes"] = schemes
    data["scheme_other_text"] = "、".join(text for text in other_texts if text != "その他")
    return data, errors


class JapaneseCSV(CSV):
    """CSV in UTF-8 (with or without BOM) or Shift_JIS/CP932, as Excel in Japan saves it."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream):
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                in_stream = in_stream.decode("cp932")
        return tablib.import_set(in_stream, format="csv")


class RegistrationResource(resources.ModelResource):
    """One registration per row; every row is checked by RegistrationForm before anything is saved."""

    receipt_number = fields.Field(attribute="receipt_number", column_name="受付番号")
    company_name = fields.Field(attribute="company_name", column_name="企業名・団体名")
    contact_name = fields.Field(attribute="contact_name", column_name="担当者")
    email = fields.Field(attribute="email", column_name="メールアドレス")
    secondment = fields.Field(
        attribute="get_secondment_display", column_name=f"問{number('secondment')}"
    )

    class Meta:
        model = Registration
        fields = ["receipt_number", "company_name", "contact_name", "email", "secondment"]
        import_id_fields = []
        use_transactions = True
        skip_unchanged = False

    def before_import(self, dataset, **kwargs):
        self._keys = {header: header_key(header) for header in dataset.headers or []}
        missing = {"company_name", "email"} - set(self._keys.values())
        if missing:
            raise ValidationError(
                f"見出し行に問{number('company_name')}（企業名・団体名）と"
                f"問{number('email')}（メールアドレス）が見つかりません。"
                f"1行目に設問文か設問番号（1～{len(QUESTIONS)}）を入れてください。"
            )

    def get_instance(self, instance_loader, row):
        return None  # every row is a new registration

    def import_instance(self, instance, row, **kwargs):
        cells = {
            self._keys[header]: value for header, value in row.items() if self._keys.get(header)
        }
        data, errors = row_to_form_data(cells)
        form = RegistrationForm(_as_querydict(data))
        row_label = f"（表の{kwargs.get('row_number', 0) + 1}行目）"
        problems = {}
        for message in errors:
            column, _, text = message.partition("：")
            problems.setdefault(column, []).append(f"{text}{row_label}")
        if not form.is_valid():
            for name, messages in form.errors.items():
                number = form.fields[name].question_number if name in form.fields else None
                column = f"問{number}" if number else "その他"
                for message in messages:
                    problems.setdefault(column, []).append(f"{message}{row_label}")
        created_at = _parse_timestamp(cells.get("created_at"))
        if created_at is None:
            problems.setdefault("登録日時", []).append(
                f"「{cells.get('created_at')}」を日時として読めません。{row_label}"
            )
        if problems:
            raise ValidationError(problems)
        built = registration_build(
            answers=form.cleaned_data,
            source=Registration.Source.IMPORT,
            privacy_notice_version=IMPORTED_NOTICE_VERSION,
            privacy_consented_at=created_at,
            created_at=created_at,
        )
        for field in Registration._meta.concrete_fields:
            if not field.primary_key:
                setattr(instance, field.attname, getattr(built, field.attname))
        instance._answers = form.cleaned_data

    def save_instance(self, instance, is_create, row, **kwargs):
        registration_insert(
            registration=instance, answers=instance._answers, reason="旧フォームの回答を取込み"
        )

    def save_m2m(self, instance, row, **kwargs):
        """The prefectures were saved with the registration (see registration_insert)."""


def _as_querydict(data):
    return MultiValueDict(
        {key: value if isinstance(value, list) else [value] for key, value in data.items()}
    )


def _parse_timestamp(value):
    """The row's answer time; now when the file has none, None when it cannot be read."""
    if value in (None, ""):
        return timezone.now()
    if hasattr(value, "year"):
        moment = value
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace("/", "-")
        moment = parse_datetime(text) or parse_datetime(f"{text} 00:00")
        if moment is None:
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
