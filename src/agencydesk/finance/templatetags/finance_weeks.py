"""``{% week_rows %}``: the rows of the weekly view's tables of amounts.

The whole agency's week shows a few hundred rows of three amounts each; as
template nodes (a loop, a filter and a condition per cell) they were most of
the page's rendering time, so the rows are written here, escaped by
``format_html`` as a template would."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from agencydesk.core.money import format_money

register = template.Library()

DASH = "—"


def _cells(currency: str, amounts: Iterable[Any], overdue_class: str) -> SafeString:
    overdue, this_week, next_week = amounts
    return format_html(
        '<td class="text-end{}">{}</td><td class="text-end">{}</td>'
        '<td class="text-end">{}</td>',
        overdue_class if overdue else "",
        format_money(overdue, currency) if overdue else DASH,
        format_money(this_week, currency) if this_week else DASH,
        format_money(next_week, currency) if next_week else DASH,
    )


def _rowspan(count: int) -> SafeString:
    return format_html(' rowspan="{}"', count) if count > 1 else mark_safe("")


def _managers(line: Any) -> str:
    names = [m.display_name for m in getattr(line, "managers", ())]
    return ", ".join(names) if names else DASH


@register.simple_tag
def week_rows(
    lines: Iterable[Any] | None,
    totals: Any = None,
    nobody: str = "",
    with_managers: bool = False,
) -> SafeString:
    """A row per line and currency (the line's name once, over its rows; with
    ``with_managers`` a cell of the client's account managers), then the
    totals' rows in bold."""
    rows = []
    for line in lines or ():
        amounts = line.amounts.rows()
        span = _rowspan(len(amounts))
        for n, (currency, *three) in enumerate(amounts):
            head = mark_safe("")
            if n == 0:
                head = format_html(
                    '<th scope="row"{}>{}</th>', span, line.name or nobody
                )
                if with_managers:
                    head = format_html("{}<td{}>{}</td>", head, span, _managers(line))
            rows.append(
                format_html(
                    "<tr>{}<td>{}</td>{}</tr>\n",
                    head,
                    currency,
                    _cells(currency, three, " text-danger fw-semibold"),
                )
            )
    if totals is not None:
        amounts = totals.rows()
        total = gettext("Total")
        for n, (currency, *three) in enumerate(amounts):
            if lines:
                head = (
                    format_html(
                        '<th scope="row"{}>{}</th>', _rowspan(len(amounts)), total
                    )
                    if n == 0
                    else mark_safe("")
                )
                label = format_html("<td>{}</td>", currency)
            else:
                head = mark_safe("")
                label = format_html(
                    '<td><span class="visually-hidden">{} </span>{}</td>',
                    total,
                    currency,
                )
            rows.append(
                format_html(
                    '<tr class="fw-semibold">{}{}{}</tr>\n',
                    head,
                    label,
                    _cells(currency, three, " text-danger"),
                )
            )
    return format_html_join("", "{}", ((row,) for row in rows))
