"""Progress lines for the long steps (files, tables), at most one a second."""

from __future__ import annotations

import time
from collections.abc import Callable

Say = Callable[[str], None]


def human_size(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


class Progress:
    """Counts items (and bytes) of one step and says how far it is: at most
    every ``every`` seconds while it runs, and when it is done."""

    def __init__(
        self,
        say: Say,
        label: str,
        total: int | None = None,
        every: float = 1.0,
    ) -> None:
        self.say = say
        self.label = label
        self.total = total
        self.every = every
        self.count = 0
        self.bytes = 0
        self._started = self._last = time.monotonic()

    def step(self, items: int = 1, size: int = 0) -> None:
        self.count += items
        self.bytes += size
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self.say(self._line())

    def done(self) -> None:
        seconds = time.monotonic() - self._started
        self.say(f"{self._line()}, done in {seconds:.1f} s")

    def _line(self) -> str:
        count = (
            f"{self.count}/{self.total}" if self.total is not None else str(self.count)
        )
        line = f"  {self.label}: {count}"
        if self.bytes:
            line = f"{line} ({human_size(self.bytes)})"
        return line
