"""Template filters for durations."""

from django import template

from ..weeks import format_minutes

register = template.Library()


@register.filter
def hm(minutes):
    """Minutes as ``h:mm`` (``90`` → ``1:30``)."""
    return format_minutes(minutes)


@register.filter
def at(sequence, index):
    """The item of a list at an index (for parallel lists in tables)."""
    try:
        return sequence[index]
    except (IndexError, TypeError, KeyError):
        return ""
