"""``{{ amount|money:currency }}``: money as the reader writes it."""

from django import template

from agencydesk.core.money import format_money

register = template.Library()


@register.filter
def money(amount, currency: str) -> str:
    return format_money(amount, currency or "USD")
