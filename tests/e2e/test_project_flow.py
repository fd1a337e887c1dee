"""Issue 13, "Done when", in the browser: the account manager starts a project
from a template; a portal request moved to Production becomes its tasks; the
specialist logs time on a task and sends a deliverable for approval; the
client asks for changes, then approves version 2 in the portal; a change
request for extra work is approved by signed link, and the statement of work,
the budget and the milestone dates follow."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from agencydesk.clients.models import TeamMember
from agencydesk.clients.services import team_member_add
from agencydesk.desk import services as desk
from agencydesk.desk.models import Ticket
from agencydesk.people.roles import Role
from agencydesk.timesheets.models import Budget, Rate, TimeEntry
from agencydesk.timesheets.services import budget_set
from agencydesk.work import services
from agencydesk.work.models import ApprovalRequest, Milestone, Project, Task
from agencydesk.work.services.change_requests import change_request_link_url
from tests.factories.clients import make_client, make_contact
from tests.factories.people import PASSWORD, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime.date(2026, 3, 2)  # a Monday


def _sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/login/" not in page.url


def _submit(page, form):
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()


def test_a_project_from_template_to_approved_change(page, live_server, shoot, tmp_path):
    client = make_client("Kopi Nusantara", slug="kopi-nusantara", language="en")
    ana = make_contact(client, email="ana@kopi.test", full_name="Ana", language="en")
    rina = make_staff(
        Role.ACCOUNT_MANAGER, email="rina@agency.test", full_name="Rina", language="en"
    )
    sari = make_staff(
        Role.SPECIALIST, email="sari@agency.test", full_name="Sari", language="en"
    )
    team_member_add(
        actor=None, client=client, user=rina, role=TeamMember.Role.ACCOUNT_MANAGER
    )
    team_member_add(
        actor=None, client=client, user=sari, role=TeamMember.Role.SPECIALIST
    )

    # 1. The account manager starts a project from the "Website launch" template.
    _sign_in(page, live_server, rina.email)
    page.goto(f"{live_server.url}/work/projects/new/")
    page.get_by_label("Client").fill("kopi-nusantara")
    page.get_by_label("Name", exact=True).fill("Spring relaunch")
    page.get_by_label("Template").select_option(label="Website launch")
    page.get_by_label("Start").fill(START.isoformat())
    _submit(page, page.locator("main form"))
    project = Project.objects.get(name="Spring relaunch")
    assert project.tasks.exists() and project.milestones.exists()
    page.goto(f"{live_server.url}/work/projects/{project.pk}/edit/")
    page.get_by_label("Status").select_option("active")
    _submit(page, page.locator("main form"))
    assert Project.objects.get(pk=project.pk).status == "active"
    shoot("project")

    # 2. Ana asks through the portal; at Production her request becomes tasks.
    _sign_in(page, live_server, ana.user.email)
    page.goto(f"{live_server.url}/portal/tickets/new/")
    page.get_by_label("Subject").fill("Banner for the spring sale")
    page.get_by_label("Type of request").select_option(label="Banner for a campaign")
    _submit(page, page.locator("main form"))
    ticket = Ticket.objects.get(title="Banner for the spring sale")
    desk.ticket_assign(actor=rina, ticket=ticket, production_owner=sari)

    _sign_in(page, live_server, rina.email)
    page.goto(f"{live_server.url}/desk/tickets/{ticket.number}/")
    move = page.locator("#move-form")
    move.get_by_label("Stage").select_option("production")
    with page.expect_response(lambda r: "/move/" in r.url):
        move.locator("button[type=submit]").click()
    expect(page.locator("#ticket-main")).to_contain_text("Production")
    tasks = list(Task.objects.filter(ticket=ticket).order_by("pk"))
    assert tasks and all(t.project_id == project.pk for t in tasks)
    assert all(t.owner == sari for t in tasks)
    task = tasks[0]

    # 3. Sari logs time on the task and sends a deliverable for approval.
    _sign_in(page, live_server, sari.email)
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    panel = page.locator("#task-time")
    panel.get_by_label("Date").fill(START.isoformat())
    panel.get_by_label("Duration").fill("1:30")
    _submit(page, panel.locator("form").last)
    assert TimeEntry.objects.get(task=task).minutes == 90
    expect(page.locator("#task-logged")).to_contain_text("90")

    design = tmp_path / "banner-v1.pdf"
    design.write_bytes(b"%PDF-1.4 first go")
    page.goto(f"{live_server.url}/work/tasks/{task.pk}/deliverables/new/")
    page.get_by_label("Title").fill("Spring banner")
    page.get_by_label("File").set_input_files(str(design))
    _submit(page, page.locator("main form"))
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    section = page.locator("#approvals")
    section.get_by_text("Send version 1 for approval").click()
    section.get_by_label("Ana").check()
    _submit(page, section.locator("form[action$='/send/']"))
    request = ApprovalRequest.objects.get(contact=ana)

    # 4. Ana asks for changes in the portal, then approves version 2.
    _sign_in(page, live_server, ana.user.email)
    page.goto(f"{live_server.url}/portal/approvals/{request.pk}/")
    page.get_by_label("Changes requested").check()
    page.get_by_label("Comment").fill("Bigger logo, please.")
    _submit(page, page.locator("main form").last)
    request.refresh_from_db()
    assert request.decision == "changes"

    _sign_in(page, live_server, sari.email)
    design2 = tmp_path / "banner-v2.pdf"
    design2.write_bytes(b"%PDF-1.4 bigger logo")
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    section = page.locator("#approvals")
    section.get_by_text("Upload a new version").click()
    section.locator("input[type=file]").set_input_files(str(design2))
    _submit(page, section.locator("form[action*='/versions/']"))
    section = page.locator("#approvals")
    section.get_by_text("Send version 2 for approval").click()
    section.get_by_label("Ana").check()
    _submit(page, section.locator("form[action$='/send/']"))
    second = ApprovalRequest.objects.get(contact=ana, round__number=2)

    _sign_in(page, live_server, ana.user.email)
    page.goto(f"{live_server.url}/portal/approvals/{second.pk}/")
    expect(page.locator("main")).to_contain_text("banner-v2.pdf")
    page.get_by_label("Approved").check()
    _submit(page, page.locator("main form").last)
    second.refresh_from_db()
    assert (second.decision, second.round.version.number) == ("approved", 2)
    shoot("approved")

    # 5. Extra work: a change request approved by signed link moves the SOW,
    # the budget and the milestone dates in one step.
    Rate.objects.create(
        kind="bill",
        role="specialist",
        effective_from=datetime.date(2020, 1, 1),
        hourly_amount=Decimal(500000),
        currency="IDR",
    )
    sow = services.sow_create(
        actor=rina, client=client, title="Spring relaunch", project=project
    )
    services.sow_line_add(
        actor=rina, sow=sow, what="Banners", quantity=Decimal(4), unit="deliverables"
    )
    services.sow_send(actor=rina, sow=sow, contact=ana)
    services.sow_confirm(actor=None, sow=sow, contact=ana)
    budget_set(
        actor=None,
        client=client,
        kind="tm",
        project=project.name,
        minutes=600,
        amount=Decimal(5000000),
        currency="IDR",
    )
    milestone = project.milestones.order_by("due").last()
    due_before = milestone.due
    cr = services.change_request_create(
        actor=rina,
        client=client,
        sow=sow,
        project=project,
        title="Two more banners",
        reason="The sale runs a week longer",
        hours_by_role={"specialist": Decimal(6)},
        shift_days=2,
        milestones=[milestone],
    )
    services.change_request_line_add(
        actor=rina,
        change_request=cr,
        what="",
        quantity=Decimal(2),
        unit="deliverables",
        sow_line=sow.lines.get(),
    )
    services.change_request_send(actor=rina, change_request=cr, contact=ana)

    page.context.clear_cookies()  # no account needed
    page.goto(f"{live_server.url}{change_request_link_url(cr, ana)}")
    expect(page.locator("main")).to_contain_text("Two more banners")
    page.get_by_label("Approve").check()
    _submit(page, page.locator("main form").last)

    cr.refresh_from_db()
    assert cr.status == "approved"
    assert sow.lines.get().quantity == Decimal(6)
    assert Budget.objects.get(client=client, project=project.name).minutes == 600 + 360
    assert Milestone.objects.get(pk=milestone.pk).due > due_before
    shoot("change-approved")
