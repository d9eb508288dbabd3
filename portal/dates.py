"""The one rule for every date and month that people type or load: its year is 1900 to 2100.

Forms (portal.forms.DateAnswerField, MonthField), the models (portal.fields.YearRangeDateField,
so the admin and any ModelForm check it too) and the Excel imports all call this module, so one
message says what is wrong wherever the date came from. Narrower rules (no future 任命日, a pass
year within the exam's years) are checked after this one, by their own forms.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

DATE_YEAR_MIN = 1900
DATE_YEAR_MAX = 2100
DATE_YEAR_OUT_OF_RANGE = f"年は{DATE_YEAR_MIN}年から{DATE_YEAR_MAX}年の間で入力してください。"

# The year a typed date starts with: 「0000-04-01」, 「2101/1/1」, 「20260年4月」.
_LEADING_YEAR = re.compile(r"^\s*(\d+)\s*[-/年.]")


def date_year_problem(year: int) -> str | None:
    """Why a date in this year is refused (Japanese), or None when the year is in the range."""
    if DATE_YEAR_MIN <= year <= DATE_YEAR_MAX:
        return None
    return DATE_YEAR_OUT_OF_RANGE


def date_year_validate(value: date | None) -> None:
    """The rule as a Django validator, for model and form fields."""
    if value is not None and date_year_problem(value.year):
        raise ValidationError(DATE_YEAR_OUT_OF_RANGE, code="year_range")


def typed_year_problem(text: str) -> str | None:
    """The rule for a typed date that cannot become a date at all (year 0 has no date): the
    year it starts with, when that is out of the range; None otherwise."""
    match = _LEADING_YEAR.match(text)
    return date_year_problem(int(match[1])) if match else None


def years_past(count: int = 60) -> range:
    """This year back `count` years, the most recent first: the years a select offers for when
    something began (experience)."""
    this_year = timezone.localdate().year
    return range(this_year, this_year - count - 1, -1)


def years_coming(count: int = 5) -> range:
    """This year and the `count` after it: the years a select offers for a start to come."""
    this_year = timezone.localdate().year
    return range(this_year, this_year + count + 1)
