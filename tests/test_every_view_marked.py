"""Every view of the project says whether it reads or writes (core.actions)."""

from django.urls import URLPattern, URLResolver, get_resolver

# URL patterns the project does not write: Django's admin answers POSTs its
# own way (and is read-only where a service governs the model), the static and
# translation-catalogue helpers only read.
FOREIGN = ("admin:", "django.", "debug_toolbar")


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            inner = f"{namespace}:{ns}".strip(":") if ns else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}:{entry.name}".strip(":"), entry.callback


def _own_patterns():
    for name, callback in _walk(get_resolver().url_patterns):
        module = getattr(callback, "__module__", "") or ""
        if name.startswith(FOREIGN) or not module.startswith("agencydesk."):
            continue
        yield name, callback


def test_every_view_of_the_project_says_whether_it_reads_or_writes():
    """A view that changes data goes through submit/perform (``@writes`` /
    ``@button``), a page that only reads refuses POST (``@reads``), and the
    few that answer on their own terms say why (``@endpoint``)."""
    unmarked = sorted(
        name
        for name, callback in _own_patterns()
        if getattr(callback, "agencydesk_view", None)
        not in ("reads", "writes", "endpoint")
    )
    assert unmarked == []


def test_endpoints_name_their_reason():
    for name, callback in _own_patterns():
        if getattr(callback, "agencydesk_view", None) == "endpoint":
            assert callback.agencydesk_endpoint_reason, name
