from django import template

register = template.Library()


@register.filter
def yen(amount):
    """12345678 -> '12,345,678円'."""
    return f"{int(amount):,}円"
