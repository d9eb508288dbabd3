"""Form fields every form on the site uses for what people type."""

import functools
import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.db import models
from django.forms.boundfield import BoundField

from .dates import date_year_problem, date_year_validate, typed_year_problem
from .models import Prefecture
from .text import (
    furigana,
    furigana_problem,
    phone_canonical,
    phone_display,
    text_half_width,
    text_normalize,
)
from .widgets import YearMonthSelect

LINE_BREAK_REFUSED = "改行を含めずに1行で入力してください。"
TOO_LONG = "%(limit_value)d文字以内で入力してください（現在%(show_value)d文字です）。"
INVALID_PREFECTURE = (
    "選択肢にない都道府県が送信されました。ページを読み込み直して、選択し直してください。"
)


_DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])
_CHOSEN_WIDGETS = (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple, YearMonthSelect)


def required_message(field: forms.Field) -> str:
    """What an empty required field says: its name and what to do (「任用形態を選んでください。」),
    not Django's 「このフィールドは必須です。」, which does not say which field on a long page."""
    label = field.label or ""
    if isinstance(field, forms.BooleanField):
        return f"「{label}」にチェックを入れてください。"
    if isinstance(field.widget, _CHOSEN_WIDGETS):
        return f"{label}を選んでください。"
    return f"{label}を入力してください。"


class NamedRequiredMessages:
    """A form mixin: every required field that has no message of its own says its name
    (required_message). Put it first among the bases; a field's own message is kept."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label and str(field.error_messages.get("required")) == _DJANGO_REQUIRED:
                field.error_messages = {**field.error_messages, "required": required_message(field)}


class TextAnswerField(forms.CharField):
    """A text answer, normalised before it is checked (portal.text.text_normalize: Japanese text
    stays as written).

    Required and maximum length are checked on the normalised value, so what passes is what is
    stored; line breaks count as one character, as the browser's maxlength counts them.
    """

    # Answers that must be ASCII to be read (e-mail, URL, phone, codes) use text_half_width.
    normalize = staticmethod(text_normalize)

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        self.multiline = multiline
        kwargs["strip"] = False
        kwargs["error_messages"] = {"max_length": TOO_LONG, **kwargs.get("error_messages", {})}
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str | None:
        value = super().to_python(value)
        if value in self.empty_values:
            return self.empty_value
        value = self.normalize(value)
        if not self.multiline and "\n" in value:
            raise forms.ValidationError(LINE_BREAK_REFUSED, code="line_break")
        return value


def privacy_consent_asked(*, consented_version: str, current_version: str) -> bool:
    """Whether an edit through the personal link asks for the consent again: only when the
    privacy notice changed since the person consented. An unchanged notice's consent stands (it
    is not asked, nor recorded again); a changed one is asked with an unticked box, as on the
    first registration, because a box ticked in advance is not consent."""
    return consented_version != current_version


def normalised_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """ModelForm fields for free text go through TextAnswerField, so what staff type is normalised
    and length-checked as every public answer is; set as a ModelForm's formfield_callback."""
    if isinstance(db_field, models.CharField | models.TextField) and not db_field.choices:
        multiline = isinstance(db_field, models.TextField)
        return db_field.formfield(form_class=TextAnswerField, multiline=multiline, **kwargs)
    return db_field.formfield(**kwargs)


class FuriganaField(TextAnswerField):
    """ふりがな as hiragana; katakana is converted, romaji and kanji are refused with the reason."""

    def to_python(self, value: Any) -> str | None:
        value = super().to_python(value)
        if value is None or value in self.empty_values:
            return value
        kana = furigana(value)
        if kana is None:
            raise forms.ValidationError(furigana_problem(value), code="furigana")
        return kana


class CodeAnswerField(TextAnswerField):
    """A number or code read off a mail or paper (受付番号), in half-width: ＫＲ－２０２６ is KR-2026."""

    normalize = staticmethod(text_half_width)


class EmailAnswerField(TextAnswerField):
    """An e-mail address; the domain is lower-cased (the local part is the owner's to decide)."""

    normalize = staticmethod(text_half_width)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str | None:
        value = super().to_python(value)
        if value is None or value in self.empty_values:
            return value
        try:
            forms.EmailField().clean(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                "メールアドレスの形式で入力してください（例：dx@example.co.jp）。", code="invalid"
            ) from None
        local, _, domain = value.rpartition("@")
        return f"{local}@{domain.lower()}"


class PhoneAnswerField(TextAnswerField):
    """A Japanese phone number, stored as its national digits, shown with hyphens."""

    normalize = staticmethod(text_half_width)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "tel", "inputmode": "tel", "placeholder": "例：03-1234-5678"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str | None:
        value = super().to_python(value)
        if value is None or value in self.empty_values:
            return value
        number = phone_canonical(value)
        if number is None:
            raise forms.ValidationError(
                "電話番号を市外局番から正しく入力してください（例：03-1234-5678、090-1234-5678）。",
                code="invalid",
            )
        return number

    def prepare_value(self, value: Any) -> Any:
        return phone_display(value) if value and str(value).isdigit() else value

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(initial or "") != self.to_python(data or "")
        except forms.ValidationError:
            return True


# Schemes a link must never have; anything else without "://" is an address missing https://.
_OTHER_SCHEME = re.compile(r"^(javascript|data|vbscript|file|mailto|tel):", re.IGNORECASE)


class URLAnswerField(TextAnswerField):
    """A web address that a browser can open safely: http:// or https:// only.

    An address typed without its scheme (「example.co.jp」) is taken as https://, as a browser's
    address bar would. The input is plain text, so the browser does not refuse it first.
    """

    normalize = staticmethod(text_half_width)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "url", "inputmode": "url", "placeholder": "https://"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str | None:
        value = super().to_python(value)
        if value is None or value in self.empty_values:
            return value
        if "://" not in value and not _OTHER_SCHEME.match(value):
            value = f"https://{value}"
        try:
            URLValidator(schemes=["http", "https"])(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                "http:// または https:// で始まるURLを入力してください"
                "（例：https://www.example.co.jp/）。",
                code="invalid",
            ) from None
        return value


class DateAnswerField(forms.DateField):
    """A date typed or picked (「2026-04-01」, 「2026/4/1」), in full-width digits too; its year is
    1900 to 2100 (portal.dates). A year that has no date (0000) gets the same message, not the
    general 「日付を正しく入力してください」."""

    default_validators = [date_year_validate]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, str):
            value = text_half_width(value).strip()
        try:
            return super().to_python(value)
        except forms.ValidationError:
            problem = typed_year_problem(value) if isinstance(value, str) else None
            if problem:
                raise forms.ValidationError(problem, code="year_range") from None
            raise


_HALF_CHOSEN = re.compile(r"^(\d{4}-|-\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})\s*[-/年.]\s*(\d{1,2})\s*月?$")


class MonthField(TextAnswerField):
    """A year and month (「2027-04」, 「2027/4」, 「2027年4月」), as the first day of that month;
    the year is 1900 to 2100 (portal.dates), checked before the date is made (year 0 has none).

    The rule is in the parsing, not the widget: whatever widget gives the text (an input, or
    year and month selects joined as 「YYYY-MM」), the same check applies."""

    normalize = staticmethod(text_half_width)

    def __init__(self, *, years: Callable[[], Iterable[int]] | None = None, **kwargs: Any) -> None:
        """`years` (portal.dates.years_past, years_coming) draws the field as a year and a month
        select (portal.widgets.YearMonthSelect); without it, a text box of type=month."""
        kwargs.setdefault("max_length", 10)
        if years is not None:
            kwargs.setdefault("widget", YearMonthSelect(label=kwargs["label"], years=years))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"type": "month", "placeholder": "例：2027-04"})
        )
        super().__init__(**kwargs)

    # The typed text becomes the month's first day: a date, where CharField gives text.
    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        if isinstance(value, date):
            month = value.replace(day=1)
        else:
            value = super().to_python(value)
            if value in self.empty_values:
                return None
            if _HALF_CHOSEN.match(value):
                # One of the two selects left at 「選択」 (YearMonthSelect posts "2027-" or "-04").
                raise forms.ValidationError("年と月の両方を選んでください。", code="incomplete")
            match = _MONTH.match(value)
            if not match or not 1 <= int(match.group(2)) <= 12:
                raise forms.ValidationError(
                    "年月は「2027-04」のように西暦と月で入力してください。", code="invalid"
                )
            problem = date_year_problem(int(match.group(1)))
            if problem:
                raise forms.ValidationError(problem, code="year_range")
            month = date(int(match.group(1)), int(match.group(2)), 1)
        date_year_validate(month)
        return month

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%Y-%m}" if isinstance(value, date) else value

    def run_validators(self, value: Any) -> None:
        """The length limit is for what was typed, not for the date it became."""


class PrefectureChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Prefecture.objects.order_by("code"),
            error_messages={
                "invalid_choice": INVALID_PREFECTURE,
                "invalid_pk_value": INVALID_PREFECTURE,
            },
            **kwargs,
        )

    def label_from_instance(self, obj: Prefecture) -> str:
        return obj.name

    def _check_values(self, value: Any) -> list[Prefecture]:
        """The chosen prefectures, in code order, from the 47 read once per process (reference
        data that a migration seeds) instead of a query on every validation: a submission
        validates its answers three times (入力, 確認, 登録)."""
        by_code = prefectures_by_code()
        try:
            codes = {str(code) for code in value}
        except TypeError:
            raise forms.ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        unknown = sorted(codes - by_code.keys())
        if unknown:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": unknown[0]},
            )
        return [by_code[code] for code in sorted(codes)]


@functools.cache
def prefectures_by_code() -> dict[str, Prefecture]:
    """The 47 prefectures by code, read once per process: they never change while it runs."""
    return {prefecture.code: prefecture for prefecture in Prefecture.objects.order_by("code")}


def prefecture_groups(bound_field: BoundField) -> list[dict[str, Any]]:
    """A prefecture field's checkboxes grouped by region, in JIS order (portal/_prefecture_regions)."""
    groups: dict[str, list[Any]] = {}
    for checkbox in bound_field:
        prefecture = checkbox.data["value"].instance
        groups.setdefault(prefecture.get_region_display(), []).append(checkbox)
    result: list[dict[str, Any]] = []
    for index, (region, checkboxes) in enumerate(groups.items()):
        chosen = sum(1 for checkbox in checkboxes if checkbox.data["selected"])
        result.append(
            {
                "region": region,
                "slug": f"{bound_field.name}-{index}",
                "checkboxes": checkboxes,
                "chosen": chosen,
                # Closed regions keep the page short to Tab through; one holding a choice or
                # the question's error is open, so nothing chosen or wrong is hidden.
                "open": bool(chosen or bound_field.errors),
            }
        )
    return result
