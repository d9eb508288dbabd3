from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

from portal.forms import PrefectureChoiceField, prefecture_groups
from portal.widgets import YearMonthSelect

register = template.Library()


def describedby_ids(bound_field: BoundField) -> str:
    ids: list[str] = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    return " ".join(ids)


def bootstrap_class(widget: forms.Widget) -> str:
    """Bootstrap's class for a widget on the public pages (staff pages use crispy-forms)."""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select | YearMonthSelect):
        return "form-select"
    return "form-control"


@register.simple_tag
def accessible_input(bound_field: BoundField) -> SafeString:
    """The field's input, styled, and tied to its help text and error for screen readers."""
    classes = bootstrap_class(bound_field.field.widget)
    attrs: dict[str, str | bool] = {"class": classes}
    describedby = describedby_ids(bound_field)
    if describedby:
        attrs["aria-describedby"] = describedby
    if bound_field.field.required:
        attrs["aria-required"] = "true"
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        attrs["class"] = f"{classes} is-invalid"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def describedby(bound_field: BoundField) -> str:
    return describedby_ids(bound_field)


@register.filter
def region_groups(bound_field: BoundField) -> list[dict[str, Any]]:
    """A prefecture field's checkboxes by region: {% include "portal/_prefecture_regions.html" %}."""
    return prefecture_groups(bound_field)


@register.filter
def is_prefecture_choice(bound_field: BoundField) -> bool:
    """Whether the field chooses prefectures, whose 47 checkboxes are shown by region."""
    return isinstance(bound_field.field, PrefectureChoiceField)
