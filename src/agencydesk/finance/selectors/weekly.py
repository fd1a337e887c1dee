"""The weekly view of the AM–accounting meeting: money due from clients and
to contractors, overdue / this week / next week, per account manager and per
client, always per currency; the plan lines to issue in those two weeks; and
what the other side still owes (the "expected" read of ``documents``).

Weeks run Monday to Sunday around the ``today`` the caller gives (the
viewer's or the recipient's local date). Sums are made by the database, one
grouped query per kind of money, so the page costs the same number of
queries at any size; the lists of single invoices and bills are cut at
``ROW_LIMIT`` (the soonest due first) while the sums cover everything."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import (
    Case,
    CharField,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower

from agencydesk.clients.models import Client, TeamMember
from agencydesk.core.access import Viewer
from agencydesk.people.models import User

from ..models import EVERY_CONTRACT, Contract, ContractorBill, Invoice, PlannedInvoice
from .documents import expected_by_manager
from .weeks import (
    NEXT_WEEK,
    OVERDUE,
    ROW_LIMIT,
    THIS_WEEK,
    ZERO,
    Amounts,
    ManagerSection,
    PartyLine,
    WeeklyView,
    Weeks,
)


def _of_manager(rows: QuerySet, path: str, manager_id: int | None) -> QuerySet:
    if not manager_id:
        return rows
    return rows.filter(
        **{
            f"{path}client_id__in": TeamMember.objects.filter(
                user_id=manager_id, role=TeamMember.Role.ACCOUNT_MANAGER
            ).values("client_id")
        }
    )


def sees_contractors(viewer: Viewer, manager_id: int | None = None) -> bool:
    """Contractors' money is for finance, admins and leads, and is nobody's
    account manager's: choosing one leaves it out."""
    return viewer.has_perm(EVERY_CONTRACT) and not manager_id


def due_invoices(
    *, viewer: Viewer, weeks: Weeks, manager_id: int | None = None
) -> QuerySet[Invoice]:
    """Issued invoices with money still due by the end of next week (the
    overdue ones whatever their age), with ``bucket`` and ``due``."""
    rows = Invoice.objects.visible_to(viewer).filter(
        kind=Invoice.Kind.INVOICE,
        status=Invoice.Status.ISSUED,
        due_date__lte=weeks.next_sunday,
    )
    return _of_manager(rows, "contract__", manager_id).annotate(
        bucket=weeks.bucket_of("due_date"),
        due=F("total") - F("amount_paid"),
    )


def due_bills(*, viewer: Viewer, weeks: Weeks) -> QuerySet[ContractorBill]:
    """Contractor bills to pay by the end of next week (or overdue)."""
    return (
        ContractorBill.objects.visible_to(viewer)
        .filter(status=ContractorBill.Status.TO_PAY, due_date__lte=weeks.next_sunday)
        .annotate(bucket=weeks.bucket_of("due_date"))
    )


def planned_to_issue(
    *, viewer: Viewer, weeks: Weeks, manager_id: int | None = None
) -> QuerySet[PlannedInvoice]:
    """Plan lines dated this week or next whose invoice is not issued yet (no
    invoice, or a draft), of contracts that are not cancelled."""
    rows = (
        PlannedInvoice.objects.visible_to(viewer)
        .filter(planned_date__range=(weeks.this_monday, weeks.next_sunday))
        # Drafts through a subquery: a join to every invoice to test the
        # status of the few linked ones would read them all.
        .filter(
            Q(invoice__isnull=True)
            | Q(invoice__in=Invoice.objects.filter(status=Invoice.Status.DRAFT))
        )
        .exclude(contract__status=Contract.Status.CANCELLED)
    )
    return _of_manager(rows, "contract__", manager_id).annotate(
        bucket=Case(
            When(planned_date__lte=weeks.this_sunday, then=Value(THIS_WEEK)),
            default=Value(NEXT_WEEK),
            output_field=CharField(),
        )
    )


# Past this many clients, a read of every client (a small table) is cheaper
# than a list of their ids in the query (13 against 2 ms at 2,000 ids).
MANY_CLIENTS = 300


def _of_clients(rows: QuerySet, client_ids, field: str = "client_id") -> QuerySet:
    if len(client_ids) > MANY_CLIENTS:
        return rows
    return rows.filter(**{f"{field}__in": client_ids})


def account_managers_of(client_ids) -> dict[int, list]:
    """Each client's account managers (users), by name. Two queries: the
    pairs, then the few people (not one user row per client). ``client_ids``
    is ids, or a query of them (the downloads: every client's row)."""
    managing = TeamMember.objects.filter(role=TeamMember.Role.ACCOUNT_MANAGER)
    if isinstance(client_ids, QuerySet):
        pairs = list(
            managing.filter(client_id__in=client_ids).values_list(
                "client_id", "user_id"
            )
        )
    else:
        client_ids = set(client_ids)
        pairs = [
            (client_id, user_id)
            for client_id, user_id in _of_clients(managing, client_ids).values_list(
                "client_id", "user_id"
            )
            if client_id in client_ids
        ]
    users = {
        user.pk: user
        for user in User.objects.filter(pk__in={u for _c, u in pairs}).order_by(
            "full_name", "pk"
        )
    }
    rank = {pk: n for n, pk in enumerate(users)}
    managers: dict[int, list] = defaultdict(list)
    for client_id, user_id in sorted(pairs, key=lambda p: rank[p[1]]):
        managers[client_id].append(users[user_id])
    return managers


def _cut(rows: QuerySet) -> tuple[list, bool]:
    found = list(rows[: ROW_LIMIT + 1])
    return found[:ROW_LIMIT], len(found) > ROW_LIMIT


def _lines(grouped, id_key: str, name_key: str, currency_key: str):
    """Party lines and the totals from rows of (party, currency, three
    sums)."""
    totals = Amounts()
    parties: dict[int, PartyLine] = {}
    for row in grouped:
        party_id = row[id_key]
        line = parties.get(party_id)
        if line is None:
            line = parties[party_id] = PartyLine(party_id, row[name_key])
        sums = (row[OVERDUE], row[THIS_WEEK], row[NEXT_WEEK])
        line.amounts.add(row[currency_key], *sums)
        totals.add(row[currency_key], *sums)
    ordered = sorted(parties.values(), key=lambda p: (p.name.lower(), p.party_id))
    return totals, ordered


class ClientLines:
    """The clients with money due, by name, with their sums and account
    managers; sliced a page at a time by ``core.pagination.paginate`` (the
    whole agency has thousands of clients and a page shows 25). The sums are
    read once for every client (``_from_clients``); a page only makes its
    lines."""

    def __init__(
        self,
        sums: dict[int, Amounts],
        names: list[tuple[int, str]],
        managers: dict[int, list],
    ) -> None:
        self._sums = sums
        self._names = names
        self._managers = managers

    def count(self) -> int:
        return len(self._names)

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[0 : self.count()])

    def __getitem__(self, index: slice) -> list[PartyLine]:
        if not isinstance(index, slice):
            raise TypeError("ClientLines is read in slices")
        return [
            PartyLine(
                pk,
                name,
                amounts=self._sums[pk],
                managers=self._managers.get(pk, []),
            )
            for pk, name in self._names[index]
        ]


def _from_clients(
    invoices: QuerySet[Invoice], weeks: Weeks
) -> tuple[Amounts, list[ManagerSection], ClientLines]:
    """The sums per currency, per account manager and per client, from one
    grouped read of the sums per client and currency (a row per client, not
    per invoice), the account managers (two) and the clients' names (one). A
    client with two account managers counts under both; the totals count it
    once. The database sums the invoices; Python adds up a row per client
    (2,000 in the benchmark), where a grouped query per kind of total joined
    the invoices to the team and the clients again each time (70 against 25
    ms at 21,000 open invoices)."""
    rows = list(
        invoices.order_by()
        .values_list("contract__client_id", "currency")
        .annotate(**weeks.sums("due_date", "due"))
    )
    managers = account_managers_of({row[0] for row in rows})
    per_client: dict[int, Amounts] = defaultdict(Amounts)
    totals = Amounts()
    sections: dict[int, ManagerSection] = {}
    unmanaged = ManagerSection(manager=None)
    for client_id, currency, *three in rows:
        per_client[client_id].add(currency, *three)
        totals.add(currency, *three)
        people = managers.get(client_id)
        if not people:
            unmanaged.amounts.add(currency, *three)
        for person in people or ():
            section = sections.get(person.pk)
            if section is None:
                section = sections[person.pk] = ManagerSection(manager=person)
            section.amounts.add(currency, *three)
    ordered = sorted(
        sections.values(), key=lambda s: (s.manager.full_name, s.manager.pk)
    )
    if unmanaged.amounts:
        ordered.append(unmanaged)
    names = [
        (pk, name)
        for pk, name in _of_clients(Client.objects.all(), per_client, "pk")
        .order_by(Lower("name"), "pk")
        .values_list("pk", "name")
        if pk in per_client
    ]
    return totals, ordered, ClientLines(per_client, names, managers)


def with_client_lines(view: WeeklyView) -> WeeklyView:
    """Fill each account manager's section with its clients' lines (for a
    mail that lists them; a few dozen clients at most)."""
    for line in view.clients:
        for section in view.managers:
            if (section.manager is None and not line.managers) or (
                section.manager is not None and section.manager in line.managers
            ):
                section.clients.append(line)
    return view


def _to_contractors(
    bills: QuerySet[ContractorBill], weeks: Weeks
) -> tuple[Amounts, list]:
    grouped = (
        bills.order_by()
        .values(
            "contract__contractor_id",
            "contract__contractor__name",
            "contract__currency",
        )
        .annotate(**weeks.sums("due_date", "amount"))
    )
    return _lines(
        grouped,
        "contract__contractor_id",
        "contract__contractor__name",
        "contract__currency",
    )


def weekly_view(
    *,
    viewer: Viewer,
    today: datetime.date,
    manager_id: int | None = None,
    with_documents: bool = True,
) -> WeeklyView:
    """Everything the weekly page (and the Monday digest) shows, in a fixed
    number of queries: 6 for clients' money (and 5 more for a page of
    clients), 2 for contractors', 2 for the plan and 2 for the documents."""
    weeks = Weeks.around(today)
    invoices = due_invoices(viewer=viewer, weeks=weeks, manager_id=manager_id)
    from_clients, sections, clients = _from_clients(invoices, weeks)
    invoice_rows, invoices_cut = _cut(
        invoices.select_related("contract__client").order_by("due_date", "pk")
    )
    managers = account_managers_of({i.contract.client_id for i in invoice_rows})
    for invoice in invoice_rows:
        invoice.managers = managers.get(invoice.contract.client_id, [])
    contractor_money = sees_contractors(viewer, manager_id)
    to_contractors, contractors, bill_rows, bills_cut = Amounts(), [], [], False
    if contractor_money:
        bills = due_bills(viewer=viewer, weeks=weeks)
        to_contractors, contractors = _to_contractors(bills, weeks)
        if to_contractors:
            bill_rows, bills_cut = _cut(
                bills.select_related("contract__contractor").order_by("due_date", "pk")
            )
    planned = planned_to_issue(viewer=viewer, weeks=weeks, manager_id=manager_id)
    planned_amounts = Amounts()
    for row in (
        planned.order_by()
        .values("contract__currency")
        .annotate(**weeks.sums("planned_date", "amount"))
    ):
        # A plan line from earlier this week is still this week's to issue.
        this_week = (row[OVERDUE] or ZERO) + (row[THIS_WEEK] or ZERO)
        planned_amounts.add(row["contract__currency"], None, this_week, row[NEXT_WEEK])
    planned_rows, planned_cut = [], False
    if planned_amounts:
        # Someone's own clients' lines are sorted by an expression the date
        # index cannot give: ordered by the index, PostgreSQL walks every plan
        # line of the fortnight (9,240 in the benchmark, 60 ms) to keep an
        # account manager's few, where this way it joins from their contracts
        # and sorts what it found (4 ms). The whole agency's lines are most
        # of the fortnight's: there the walk stops early and the sort would
        # join them all (130 ms).
        scoped = manager_id or not viewer.has_perm(EVERY_CONTRACT)
        by_date = Coalesce("planned_date", "planned_date") if scoped else "planned_date"
        planned_rows, planned_cut = _cut(
            planned.select_related("contract__client", "invoice").order_by(
                by_date, "pk"
            )
        )
    expected, expected_cut = [], False
    if with_documents:
        expected, expected_cut = expected_by_manager(
            viewer=viewer, manager_id=manager_id, limit=ROW_LIMIT
        )
    return WeeklyView(
        weeks=weeks,
        from_clients=from_clients,
        managers=sections,
        clients=clients,
        invoices=invoice_rows,
        invoices_cut=invoices_cut,
        sees_contractors=contractor_money,
        to_contractors=to_contractors,
        contractors=contractors,
        bills=bill_rows,
        bills_cut=bills_cut,
        planned_amounts=planned_amounts,
        planned=planned_rows,
        planned_cut=planned_cut,
        expected=expected,
        expected_cut=expected_cut,
    )
