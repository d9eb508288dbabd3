from django import template

from accelerators.fiscal import reiwa

register = template.Library()


@register.filter
def yen(amount):
    """12345678 -> '12,345,678円'."""
    return f"{int(amount):,}円"


@register.filter
def fiscal_year(year):
    """2025 -> '令和7年度（2025年度）'."""
    return f"{reiwa(int(year))}（{int(year)}年度）"
