from django import template

register = template.Library()


def describedby_ids(bound_field):
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    return " ".join(ids)


@register.simple_tag
def accessible_input(bound_field):
    """The field's input tied to its help text and error message for screen readers."""
    attrs = {}
    describedby = describedby_ids(bound_field)
    if describedby:
        attrs["aria-describedby"] = describedby
    if bound_field.field.required:
        attrs["aria-required"] = "true"
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        attrs["class"] = f"{bound_field.field.widget.attrs.get('class', '')} is-invalid".strip()
    return bound_field.as_widget(attrs=attrs)


@register.filter
def describedby(bound_field):
    return describedby_ids(bound_field)
