"""bench/work_bench.py: its options and the shape of its data (no database)."""

import importlib.util
import random
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "work_bench.py"
URL = "postgres://postgres@127.0.0.1:5432/x"


@pytest.fixture(scope="module")
def work_bench():
    spec = importlib.util.spec_from_file_location("work_bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["work_bench"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("work_bench", None)


def test_options(work_bench):
    args = work_bench.parse_args(["--database-url", URL])
    assert (args.tasks, args.requests, args.keep, args.explain) == (
        2_000_000,
        100,
        False,
        False,
    )
    args = work_bench.parse_args(
        ["--database-url", URL, "--tasks", "60000", "--requests", "5", "--keep"]
    )
    assert (args.tasks, args.requests, args.keep) == (60_000, 5, True)
    with pytest.raises(SystemExit):
        work_bench.parse_args([])
    with pytest.raises(SystemExit):
        work_bench.parse_args(["--database-url", URL, "--tasks", "1000"])
    with pytest.raises(SystemExit):
        work_bench.parse_args(["--database-url", URL, "--requests", "0"])


def test_only_the_local_server_and_a_database_of_its_own(work_bench):
    with pytest.raises(work_bench.desk.BenchError):
        work_bench.desk.Target.parse("postgres://postgres@db.example:5432/x")
    with pytest.raises(work_bench.desk.BenchError):
        work_bench.desk.Target.parse("postgres://postgres@127.0.0.1:5432/postgres")


def test_project_sizes_add_up_with_the_board_and_timeline_first(work_bench):
    sizes = work_bench.project_sizes(2_000_000, 5000, random.Random(1))
    assert len(sizes) == 5000 and sum(sizes) == 2_000_000
    assert sizes[:2] == [work_bench.BOARD_TASKS, work_bench.TIMELINE_TASKS]
    rest = sorted(sizes[2:])
    assert rest[0] >= 5 and rest[-1] < work_bench.BOARD_TASKS
    # Most projects are small: the median is well under the mean.
    assert rest[len(rest) // 2] < 0.8 * sum(rest) / len(rest)


def test_percentile(work_bench):
    samples = [float(n) for n in range(1, 101)]
    assert work_bench.percentile(samples, 0.95) == 96.0
    assert work_bench.percentile([3.0], 0.95) == 3.0
