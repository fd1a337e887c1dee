"""One way to paginate lists, used by every list page."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


def paginate(request: HttpRequest, items, per_page: int = PAGE_SIZE) -> Page:
    """The requested page of ``items``; a garbage or out-of-range page gives the
    nearest valid one instead of an error."""
    paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))
