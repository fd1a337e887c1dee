from django.urls import path

from . import exchange_views, views

app_name = "timesheets"

urlpatterns = [
    path("", views.timesheet_week, name="week"),
    path("entries/", views.entry_list, name="entry-list"),
    path("entries/new/", views.entry_create, name="entry-create"),
    path("entries/<int:entry_id>/delete/", views.entry_delete, name="entry-delete"),
    path("timer/start/", views.timer_start, name="timer-start"),
    path("timer/stop/", views.timer_stop, name="timer-stop"),
    path("timer/discard/", views.timer_discard, name="timer-discard"),
    path("weeks/submit/", views.timesheet_submit, name="week-submit"),
    path("approvals/", views.approval_list, name="approvals"),
    path("rates/", views.rates, name="rates"),
    path("exchange-rates/", exchange_views.exchange_rates, name="exchange-rates"),
    path("approvals/decide/", views.timesheets_decide_many, name="weeks-decide-many"),
    path("approvals/<int:timesheet_id>/", views.timesheet_decide, name="week-decide"),
]
