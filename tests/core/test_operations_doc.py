import re
from pathlib import Path

from huey.contrib.djhuey import HUEY

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def test_every_periodic_task_is_documented_with_its_schedule():
    registered = {
        f"{task.__module__}.{task.__name__}"
        for task in HUEY._registry._registry.values()
        if hasattr(task, "validate_datetime")
    }
    # The table of the "Periodic tasks" section (other sections have tables too).
    section = DOC.read_text().split("\n## Periodic tasks\n", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([\w.]+)` \|", section, re.MULTILINE))

    assert registered == documented


def test_every_periodic_task_says_its_schedule_in_its_docstring():
    for task in HUEY._registry._registry.values():
        if hasattr(task, "validate_datetime"):
            assert task.__doc__ and ":" in task.__doc__.splitlines()[0], task
