from django.urls import path

from . import approvals_views, schedule_views, scope_views, views

app_name = "work"

urlpatterns = [
    path("projects/", views.project_list, name="project-list"),
    path("projects/new/", views.project_create, name="project-create"),
    path("projects/<int:project_id>/", views.project_detail, name="project-detail"),
    path("projects/<int:project_id>/list/", views.project_tasks, name="project-tasks"),
    path(
        "projects/<int:project_id>/list/bulk/",
        schedule_views.tasks_bulk,
        name="tasks-bulk",
    ),
    path(
        "projects/<int:project_id>/tasks.csv",
        schedule_views.project_tasks_export,
        {"fmt": "csv"},
        name="project-tasks-csv",
    ),
    path(
        "projects/<int:project_id>/tasks.xlsx",
        schedule_views.project_tasks_export,
        {"fmt": "xlsx"},
        name="project-tasks-xlsx",
    ),
    path(
        "projects/<int:project_id>/calendar/",
        schedule_views.project_calendar,
        name="project-calendar",
    ),
    path(
        "projects/<int:project_id>/timeline/",
        schedule_views.project_timeline_page,
        name="project-timeline",
    ),
    path(
        "projects/<int:project_id>/timeline.pdf",
        schedule_views.project_timeline_pdf,
        name="project-timeline-pdf",
    ),
    path("mine/", schedule_views.my_work, name="my-work"),
    path("mine/calendar/", schedule_views.my_calendar, name="my-calendar"),
    path(
        "mine/tasks.csv",
        schedule_views.my_work_export,
        {"fmt": "csv"},
        name="my-work-csv",
    ),
    path(
        "mine/tasks.xlsx",
        schedule_views.my_work_export,
        {"fmt": "xlsx"},
        name="my-work-xlsx",
    ),
    path("projects/<int:project_id>/edit/", views.project_edit, name="project-edit"),
    path(
        "projects/<int:project_id>/milestones/<int:milestone_id>/toggle/",
        views.milestone_toggle,
        name="milestone-toggle",
    ),
    path("projects/<int:project_id>/tasks/new/", views.task_create, name="task-create"),
    path("tasks/<int:task_id>/", views.task_detail, name="task-detail"),
    path("tasks/<int:task_id>/edit/", views.task_edit, name="task-edit"),
    path("tasks/<int:task_id>/move/", views.task_move, name="task-move"),
    path(
        "tasks/<int:task_id>/dependencies/",
        views.dependency_add,
        name="dependency-add",
    ),
    path(
        "tasks/<int:task_id>/dependencies/<int:dependency_id>/remove/",
        views.dependency_remove,
        name="dependency-remove",
    ),
    path("tasks/<int:task_id>/checklist/", views.checklist_add, name="checklist-add"),
    path("tasks/<int:task_id>/comments/", views.task_comment_add, name="comment-add"),
    path("tasks/<int:task_id>/files/", views.task_file_add, name="file-add"),
    path(
        "tasks/<int:task_id>/files/<int:file_id>/",
        views.task_file_download,
        name="file-download",
    ),
    path(
        "tasks/<int:task_id>/checklist/<int:checklist_item_id>/toggle/",
        views.checklist_toggle,
        name="checklist-toggle",
    ),
    # Client approvals (work/approvals_views.py).
    path("approvals/", approvals_views.approval_list, name="approval-list"),
    path(
        "tasks/<int:task_id>/deliverables/new/",
        approvals_views.deliverable_create,
        name="deliverable-create",
    ),
    path(
        "deliverables/<int:deliverable_id>/versions/new/",
        approvals_views.version_add,
        name="version-add",
    ),
    path(
        "deliverables/<int:deliverable_id>/send/",
        approvals_views.approval_send,
        name="approval-send",
    ),
    path(
        "rounds/<int:round_id>/withdraw/",
        approvals_views.approval_withdraw,
        name="approval-withdraw",
    ),
    path(
        "versions/<int:version_id>/file/",
        approvals_views.version_download,
        name="version-download",
    ),
    # Scope: statements of work, the meter, change requests.
    path("scope/", scope_views.sow_list, name="sow-list"),
    path("scope/new/", scope_views.sow_create, name="sow-create"),
    path(
        "projects/<int:project_id>/scope/new/",
        scope_views.sow_create_for_project,
        name="sow-create-for-project",
    ),
    path("scope/<int:sow_id>/", scope_views.sow_detail, name="sow-detail"),
    path("scope/<int:sow_id>/edit/", scope_views.sow_edit, name="sow-edit"),
    path("scope/<int:sow_id>/lines/", scope_views.sow_line_add, name="sow-line-add"),
    path(
        "scope/<int:sow_id>/lines/<int:line_id>/remove/",
        scope_views.sow_line_remove,
        name="sow-line-remove",
    ),
    path("scope/<int:sow_id>/send/", scope_views.sow_send, name="sow-send"),
    path(
        "scope/<int:sow_id>/new-version/",
        scope_views.sow_new_version,
        name="sow-new-version",
    ),
    path("scope/<int:sow_id>/meter/", scope_views.sow_meter, name="sow-meter"),
    path(
        "scope/<int:sow_id>/change-requests/new/",
        scope_views.change_request_create,
        name="cr-create",
    ),
    path("change-requests/", scope_views.change_request_list, name="cr-list"),
    path(
        "change-requests/<int:cr_id>/",
        scope_views.change_request_detail,
        name="cr-detail",
    ),
    path(
        "change-requests/<int:cr_id>/edit/",
        scope_views.change_request_edit,
        name="cr-edit",
    ),
    path(
        "change-requests/<int:cr_id>/lines/",
        scope_views.change_request_line_add,
        name="cr-line-add",
    ),
    path(
        "change-requests/<int:cr_id>/send/",
        scope_views.change_request_send,
        name="cr-send",
    ),
    path(
        "change-requests/<int:cr_id>/withdraw/",
        scope_views.change_request_withdraw,
        name="cr-withdraw",
    ),
    path(
        "tickets/<int:ticket_number>/out-of-scope/",
        scope_views.ticket_out_of_scope,
        name="ticket-out-of-scope",
    ),
    path(
        "tickets/<int:ticket_number>/project/",
        views.ticket_project,
        name="ticket-project",
    ),
]
