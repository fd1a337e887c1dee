from django.urls import path

from .views import approvals, entries, rates, sheet, tasks

app_name = "timesheets"

urlpatterns = [
    path("", sheet.timesheet_week, name="week"),
    path("entries/", entries.entry_list, name="entry-list"),
    path("entries/new/", sheet.entry_create, name="entry-create"),
    path("entries/<int:entry_id>/delete/", sheet.entry_delete, name="entry-delete"),
    path("tasks/<int:task_id>/log/", tasks.task_time_log, name="task-log"),
    path("timer/start/", sheet.timer_start, name="timer-start"),
    path("timer/stop/", sheet.timer_stop, name="timer-stop"),
    path("timer/discard/", sheet.timer_discard, name="timer-discard"),
    path("weeks/submit/", sheet.timesheet_submit, name="week-submit"),
    path("approvals/", approvals.approval_list, name="approvals"),
    path("rates/", rates.rates, name="rates"),
    path("exchange-rates/", rates.exchange_rates, name="exchange-rates"),
    path(
        "approvals/decide/",
        approvals.timesheets_decide_many,
        name="weeks-decide-many",
    ),
    path(
        "approvals/<int:timesheet_id>/",
        approvals.timesheet_decide,
        name="week-decide",
    ),
]
