"""The bounds on what arrives (uploads, imports, KPI pushes), read from the
environment; part of the settings (``agencydesk.settings`` imports them), kept
apart as one concern: every limit README "Configuration" lists for a body,
file or row count. docs/operations.md says what each refusal looks like."""

import environ as _environ

_env = _environ.Env()

MATERIAL_MAX_BYTES = _env.int("MATERIAL_MAX_BYTES", default=50 * 1024 * 1024)
ATTACHMENT_MAX_BYTES = _env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# A signed scan the client sends from the portal (finance.services.scans).
SCAN_MAX_BYTES = _env.int("SCAN_MAX_BYTES", default=20 * 1024 * 1024)
ATTACHMENT_MAX_COUNT = _env.int("ATTACHMENT_MAX_COUNT", default=10)
# Imports (docs/operations.md, "Imports"): what one uploaded table may cost.
IMPORT_MAX_BYTES = _env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_UNCOMPRESSED_BYTES = _env.int(
    "IMPORT_MAX_UNCOMPRESSED_BYTES", default=50 * 1024 * 1024
)
IMPORT_MAX_ROWS = _env.int("IMPORT_MAX_ROWS", default=2000)
IMPORT_MAX_COLUMNS = _env.int("IMPORT_MAX_COLUMNS", default=40)
IMPORT_MAX_CELL_CHARS = _env.int("IMPORT_MAX_CELL_CHARS", default=5000)
# A KPI push (reports): bounded on its own, in bytes of its body and points.
KPI_PUSH_MAX_BYTES = _env.int("KPI_PUSH_MAX_BYTES", default=256 * 1024)
KPI_PUSH_MAX_POINTS = _env.int("KPI_PUSH_MAX_POINTS", default=1000)
