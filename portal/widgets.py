"""Widgets shared by the apps' forms."""

import re
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.utils.html import format_html
from django.utils.safestring import SafeString

_YEAR_MONTH = re.compile(r"^\s*(\d{0,4})\s*\D\s*(\d{0,2})")  # "2027-04", or half: "2027-", "-04"
MONTHS = [("", "選択"), *((f"{month:02d}", str(month)) for month in range(1, 13))]


class YearMonthSelect(forms.MultiWidget):
    """A year <select> and a month <select> for a portal.forms.MonthField.

    Two selects are fewer key presses than type=month (which Safari and Firefox show as a plain
    text box anyway) and cannot be typed wrong. The posted pair becomes the text "YYYY-MM", so
    MonthField parses and validates it exactly as typed text: one rule for every way in. A value
    posted under the field's own name (an older page, a script) is read as typed text too.

    `years` is called at each drawing (the list moves with the calendar); a value outside it (an
    old answer being edited) is added, so that drawing a page never loses an answer.
    """

    def __init__(
        self,
        *,
        label: str,
        years: Callable[[], Iterable[int]],
        attrs: dict[str, Any] | None = None,
    ) -> None:
        self.label = label
        self.years = years
        super().__init__({"year": forms.Select, "month": forms.Select(choices=MONTHS)}, attrs)

    def decompress(self, value: Any) -> list[str]:
        if hasattr(value, "year") and hasattr(value, "month"):
            return [str(value.year), f"{value.month:02d}"]
        match = _YEAR_MONTH.match(str(value or ""))
        if not match:
            return ["", ""]
        year, month = match.groups()
        return [year, f"{int(month):02d}" if month else ""]

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        attrs.pop("maxlength", None)  # MonthField's limit for typed text; no select has one
        year, month = value if isinstance(value, list) else self.decompress(value)
        years = [str(each) for each in self.years()]
        if year and year not in years:
            years.insert(0, year)
        year_select = self.widgets[0]
        assert isinstance(year_select, forms.Select)  # built so by __init__
        year_select.choices = [("", "選択"), *((each, each) for each in years)]
        # The year keeps the field's own id: its <label for>, the error summary's link and
        # aria-describedby point at it. Each select also has its unit as a label, so a screen
        # reader says 「開始（年月） 年」 and 「開始（年月）の月」.
        year_id = attrs.pop("id", None) or f"id_{name}"
        month_id = f"{year_id}_month"
        return format_html(
            '<span class="year-month">{}<label class="year-month-unit" for="{}">年</label>'
            '{}<label class="year-month-unit" for="{}"><span class="visually-hidden">{}の</span>'
            "月</label></span>",
            self.widgets[0].render(f"{name}_year", year, {**attrs, "id": year_id}, renderer),
            year_id,
            self.widgets[1].render(f"{name}_month", month, {**attrs, "id": month_id}, renderer),
            month_id,
            self.label,
        )

    def id_for_label(self, id_: str) -> str:
        return id_

    # MultiWidget's parts are read as one text, so the value is a str, not MultiWidget's list.
    def value_from_datadict(self, data: Any, files: Any, name: str) -> str | None:  # type: ignore[override]
        year, month = data.get(f"{name}_year"), data.get(f"{name}_month")
        if year is None and month is None:
            return data.get(name)
        if not year and not month:
            return ""
        # "2027-" or "-04" (one of the two left unchosen) fails MonthField's format check.
        return f"{year or ''}-{month or ''}"

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_year" not in data and f"{name}_month" not in data
