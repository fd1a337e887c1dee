"""The OpenAPI schema is pinned: a change to the API shows up in review as a
change to tests/snapshots/openapi.json (``UPDATE_SNAPSHOTS=1`` rewrites it)."""

import json
import os
from pathlib import Path

from django.test import Client as HttpClient

SNAPSHOT = Path(__file__).resolve().parents[1] / "snapshots" / "openapi.json"


def test_the_openapi_schema_matches_its_snapshot(db):
    schema = HttpClient().get("/api/v1/openapi.json").json()
    text = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.read_text(encoding="utf-8") == text
