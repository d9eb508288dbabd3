from django import forms, template

from portal.forms import PrefectureChoiceField, prefecture_groups
from portal.widgets import YearMonthSelect

register = template.Library()


def describedby_ids(bound_field):
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    return " ".join(ids)


def bootstrap_class(widget):
    """Bootstrap's class for a widget on the public pages (staff pages use crispy-forms)."""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select | YearMonthSelect):
        return "form-select"
    return "form-control"


@register.simple_tag
def accessible_input(bound_field):
    """The field's input, styled, and tied to its help text and error for screen readers."""
    attrs = {"class": bootstrap_class(bound_field.field.widget)}
    describedby = describedby_ids(bound_field)
    if describedby:
        attrs["aria-describedby"] = describedby
    if bound_field.field.required:
        attrs["aria-required"] = "true"
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        attrs["class"] += " is-invalid"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def describedby(bound_field):
    return describedby_ids(bound_field)


@register.filter
def region_groups(bound_field):
    """A prefecture field's checkboxes by region: {% include "portal/_prefecture_regions.html" %}."""
    return prefecture_groups(bound_field)


@register.filter
def is_prefecture_choice(bound_field):
    """Whether the field chooses prefectures, whose 47 checkboxes are shown by region."""
    return isinstance(bound_field.field, PrefectureChoiceField)
