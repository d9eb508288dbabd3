"""The staff menu's role check: `{% load staff_roles %}` then `{% if user|acts_for_mic %}`."""

from django import template

from portal.access import AnyUser, is_mic

register = template.Library()


@register.filter
def acts_for_mic(user: AnyUser) -> bool:
    """Whether the menu shows 総務省's pages (the role is read once per request)."""
    return is_mic(user)
