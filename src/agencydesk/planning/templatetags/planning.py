"""The planner's cell, built in Python: a page holds hundreds of them and an
included template per cell costs most of the page's time."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from agencydesk.timesheets.weeks import format_minutes

register = template.Library()


@register.simple_tag(takes_context=True)
def planner_cell(context, cell, person_id, oob=False, id_prefix="cell"):
    """One week of one person: load, tentative extra, holiday and leave marks."""
    cache = context.render_context
    prefix = cache.get("planner_cell_url")
    if prefix is None:
        # Reversed once per page; the cell URL only differs by its two ids.
        prefix = reverse("planning:cell", args=[0, "2000-01-03"]).split("/0/")[0]
        cache["planner_cell_url"] = prefix
    capacity = cell.capacity
    week = capacity.week
    title = _("Available %(a)s, confirmed %(c)s, tentative %(t)s") % {
        "a": format_minutes(cell.available_minutes),
        "c": format_minutes(cell.confirmed_minutes),
        "t": format_minutes(cell.tentative_minutes),
    }
    for day, name in capacity.holidays:
        title += f" · {day:%a}: {name}"
    if capacity.leave_days:
        title += " · " + _("leave: %(days)d d") % {"days": len(capacity.leave_days)}
    due_tasks = ""
    if cell.task_minutes:
        due_tasks = _("tasks due %(time)s") % {
            "time": format_minutes(cell.task_minutes)
        }
        title += f" · {due_tasks}"
    if cell.percent is None:
        load = ">100%" if cell.confirmed_minutes else "—"
    else:
        load = f"{cell.percent}%"
    label = f"{week.isoformat()}: {load}. {title}"
    marks = []
    flagged = ""
    if cell.task_minutes:
        marks.append(
            (
                '<span class="d-block small due-tasks" data-tasks>{}</span>',
                (due_tasks,),
            )
        )
    if cell.over_with_tasks:
        flagged = " demand-over"
        text = _("%(allocated)s allocated, %(with_tasks)s with due tasks") % {
            "allocated": _share(cell.percent, cell.confirmed_minutes),
            "with_tasks": _share(cell.percent_with_tasks, cell.demand_minutes),
        }
        label += f" {text}."
        marks.append(
            (
                '<span class="badge heat-over" data-demand-over title="{}">{}</span>',
                (text, _share(cell.percent_with_tasks, cell.demand_minutes)),
            )
        )
    if cell.what_if_minutes:
        marks.append(
            (
                '<span class="d-block small what-if" data-what-if>{}</span>',
                (
                    _("what if +%(time)s")
                    % {"time": format_minutes(cell.what_if_minutes)},
                ),
            )
        )
    if cell.over_what_if:
        flagged += " what-if-over"
        text = _("%(load)s with the tentative project") % {
            "load": _share(cell.percent_what_if, cell.what_if_total_minutes)
        }
        label += f" {text}."
        marks.append(
            (
                '<span class="badge heat-over" data-what-if-over title="{}">{}</span>',
                (text, _share(cell.percent_what_if, cell.what_if_total_minutes)),
            )
        )
    if cell.tentative_minutes:
        marks.append(
            (
                '<span class="tentative small" data-tentative>+{}</span>',
                (format_minutes(cell.tentative_minutes),),
            )
        )
    if capacity.holidays:
        marks.append(
            (
                '<span class="badge text-bg-secondary" title="{}">H</span>',
                (_("Public holiday"),),
            )
        )
    if capacity.leave_days:
        marks.append(
            ('<span class="badge text-bg-dark" title="{}">L</span>', (_("Leave"),))
        )
    return format_html(
        '<div id="{}-{}-{}" class="h-100 heat-{}{}"{}>'
        '<button type="button" hx-get="{}/{}/{}/" hx-target="#cell-editor" '
        'data-heat="{}" title="{}" aria-label="{}">'
        '<span class="d-block load">{}</span>{}'
        "</button></div>",
        id_prefix,
        person_id,
        week.strftime("%Y%m%d"),
        cell.heat,
        flagged,
        mark_safe(' hx-swap-oob="true"') if oob else "",
        prefix,
        person_id,
        week.isoformat(),
        cell.heat,
        title,
        label,
        load,
        format_html_join(
            "",
            "{}",
            ((format_html(t, *v),) for t, v in marks),
        ),
    )


def _share(value: int | None, minutes: int) -> str:
    """A load in percent of the available week (none available: over)."""
    if value is None:
        return ">100%" if minutes else "0%"
    return f"{value}%"


@register.filter
def leave_decidable_by(leave, user) -> bool:
    """``{% if l|leave_decidable_by:request.user %}``: the model's rule."""
    return leave.can_be_decided_by(user)


@register.filter
def leave_cancellable_by(leave, user) -> bool:
    """``{% if l|leave_cancellable_by:request.user %}``: the model's rule."""
    return leave.can_be_cancelled_by(user)
