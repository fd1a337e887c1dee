"""Every stored file goes through Django's storage API, so that one setting
moves them all to the object store (docs/deployment.md): the code never
writes, moves or deletes a file on disk itself, never builds a path from
MEDIA_ROOT or VAR_DIR, and every file field keeps its files in the default
storage."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models

SRC = Path(__file__).resolve().parent.parent / "src" / "agencydesk"

# Calls that write, move or delete files on a disk.
WRITING_FUNCTIONS = {"open"}  # the builtin: reading operator input is Path.read_*
WRITING_MODULE_CALLS = {
    "os": {"open", "remove", "unlink", "rename", "replace", "makedirs", "mkdir"},
    "io": {"open"},
    "shutil": {"copy", "copy2", "copyfile", "copyfileobj", "copytree", "move"},
    "tempfile": {"NamedTemporaryFile", "TemporaryFile", "mkstemp", "mkdtemp"},
}
WRITING_METHODS = {"write_bytes", "write_text", "mkdir", "touch", "unlink"}
# A storage's local path: works on the disk only, never on the object store.
LOCAL_ONLY_METHODS = {"path"}
PATH_SETTINGS = {"MEDIA_ROOT", "VAR_DIR"}

# The legitimate exceptions, each with its reason.
ALLOWED = {
    # Creates var/ and the embedded default's generated keys, before Django
    # (and its storages) exists; the database, cache and queue files are
    # their engines' own.
    "settings.py": {"mkdir", "write_text", "VAR_DIR", "MEDIA_ROOT"},
    # The local disk storage itself.
    "core/storage.py": {"path"},
    # A backup is the operator's archive, written where they ask (and read
    # back by restore); the stored files inside it go through the storage API.
    "core/backups/create.py": {"unlink", "path"},
    "core/backups/postgres.py": {"write_text"},
    "core/backups/restore.py": {"shutil.copyfileobj"},
    # prometheus_client's multiprocess files (PROMETHEUS_MULTIPROC_DIR): each
    # process's own counters, read by the scrape on the same machine.
    "core/metrics.py": {"mkdir"},
    "gunicorn_config.py": {"mkdir", "unlink"},
}


def _findings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in WRITING_FUNCTIONS:
                found.append((node.lineno, func.id))
            elif isinstance(func, ast.Attribute):
                owner = func.value.id if isinstance(func.value, ast.Name) else None
                if func.attr in WRITING_MODULE_CALLS.get(owner, ()):
                    found.append((node.lineno, f"{owner}.{func.attr}"))
                elif func.attr in WRITING_METHODS | LOCAL_ONLY_METHODS:
                    found.append((node.lineno, func.attr))
        elif isinstance(node, ast.Name) and node.id in PATH_SETTINGS:
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.Attribute) and node.attr in PATH_SETTINGS:
            found.append((node.lineno, node.attr))
    return found


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def test_the_code_writes_no_file_outside_the_storage_api():
    offences = []
    for path in _modules():
        relative = path.relative_to(SRC).as_posix()
        allowed = ALLOWED.get(relative, set())
        offences += [
            f"{relative}:{line}: {what}"
            for line, what in _findings(path)
            if what.rsplit(".", 1)[-1] not in allowed and what not in allowed
        ]
    assert offences == [], (
        "Store files through default_storage or a FileField (Django's storage "
        "API), never on a local path:\n" + "\n".join(offences)
    )


def test_the_check_sees_a_file_written_on_disk(tmp_path):
    # The scan above is only worth something if it catches the usual ways.
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from django.conf import settings\n"
        "import shutil\n"
        "def export(data):\n"
        "    with open(settings.MEDIA_ROOT / 'x.pdf', 'wb') as out:\n"
        "        out.write(data)\n"
        "    (settings.MEDIA_ROOT / 'y').write_bytes(data)\n"
        "    shutil.copy('a', 'b')\n"
        "    return default_storage.path('x.pdf')\n"
    )

    kinds = [what for _line, what in _findings(sample)]

    assert kinds.count("MEDIA_ROOT") == 2
    assert {"open", "write_bytes", "shutil.copy", "path"} <= set(kinds)


@pytest.mark.parametrize(
    "field",
    [
        pytest.param(field, id=f"{model._meta.label}.{field.name}")
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ],
)
def test_every_file_field_keeps_its_files_in_the_default_storage(field):
    assert field.storage is default_storage
