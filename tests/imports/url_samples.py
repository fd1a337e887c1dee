"""URL-walk samples for the imports' parameters."""

from agencydesk.imports.models import ImportRun


def _run(side):
    return ImportRun.objects.create(
        kind=ImportRun.Kind.CLIENTS,
        status=ImportRun.Status.CHECKED,
        filename=f"{side.client.slug}.csv",
        rows=1,
        created=1,
        results=[{"row": 2, "action": "create", "summary": "", "messages": []}],
    )


SAMPLES = {
    "run_id": lambda side, cb: str(side.once("import-run", lambda: _run(side)).pk),
    "kind": lambda side, cb: "clients",
    "fmt": lambda side, cb: "csv",
}
