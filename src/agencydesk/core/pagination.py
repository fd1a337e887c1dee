"""One way to paginate lists, used by every list page."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 25


def paginate(request: HttpRequest, items, per_page: int = PAGE_SIZE) -> Page:
    """The requested page of ``items``; a garbage or out-of-range page gives the
    nearest valid one instead of an error."""
    paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))


def paginate_by_ids(
    request: HttpRequest, items: QuerySet, per_page: int = PAGE_SIZE
) -> Page:
    """Like ``paginate``, but the page is chosen on primary keys alone and only
    its rows are loaded with their joins: on large filtered tables the database
    then sorts ids instead of joining every match first."""
    page = paginate(request, items.values_list("pk", flat=True), per_page)
    ids = list(page.object_list)
    rows = {
        row.pk: row
        for row in items.model._default_manager.filter(pk__in=ids)
        .select_related(*_joins(items))
        .prefetch_related(*items._prefetch_related_lookups)
    }
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def _joins(items: QuerySet) -> list[str]:
    related = items.query.select_related
    if not isinstance(related, dict):
        return []

    def walk(tree: dict, prefix: str = "") -> list[str]:
        paths = []
        for name, sub in tree.items():
            path = f"{prefix}{name}"
            paths.append(path)
            paths += walk(sub, f"{path}__")
        return paths

    return walk(related)
