"""The progress line on stderr: pages, pages/s, ETA when the total is known, kept/rejected.

One line redrawn in place (carriage return, erase to the end), at most REFRESH_PER_SECOND
times a second, as batches finish. It is drawn by hand rather than by a terminal UI
library: the one used before (rich, with pygments) was 12 MB of the install for this line.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections import deque
from types import TracebackType
from typing import TextIO

# Redraws per second: smooth enough to read, cheap enough not to show up in a profile.
REFRESH_PER_SECOND = 4
# Pages per second are counted over this many recent seconds: quick to follow a change of
# pace, steady over a slow batch.
RATE_WINDOW_SECONDS = 10.0
# The bar's width in characters, at most (the rest of the line says the numbers).
BAR_MAX_CHARS = 40
# ... and at least, on a narrow terminal (the line then wraps rather than lose the numbers).
BAR_MIN_CHARS = 10
_ERASE_TO_END = "\x1b[K"


def progress_line(
    done: int, total: int | None, rate: float | None, kept: int, rejected: int, width: int
) -> str:
    """The line for ``done`` pages (of ``total``, when known) at ``rate`` pages/s."""
    speed = f"{rate:,.0f} pages/s" if rate else "… pages/s"
    counts = f"kept {kept:,}  rejected {rejected:,}"
    if total is None:
        return f"decruft  {done:,} pages  {speed}  {counts}"
    left = [f"{_clock((total - done) / rate)} left"] if rate and done < total else []
    numbers = "  ".join([f"{done:,}/{total:,}", *left, speed, counts])
    # the room the numbers leave at their widest, so the bar keeps its width as they change
    widest = f"{total:,}/{total:,}  0:00:00 left  99,999 pages/s  kept {total:,}  rejected "
    room = width - len("decruft  ") - len(widest) - len(f"{total:,}") - 2
    size = max(BAR_MIN_CHARS, min(BAR_MAX_CHARS, room))
    filled = size * min(done, total) // total if total else size
    return f"decruft  {'━' * filled}{'╌' * (size - filled)}  {numbers}"


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


class ProgressBar:
    """Counts pages as batches finish; draws nothing unless ``enabled``."""

    def __init__(
        self, total: int | None, done: int, enabled: bool, stream: TextIO | None = None
    ) -> None:
        self.total, self.done, self.enabled = total, done, enabled
        self.kept = self.rejected = 0
        self._stream = stream if stream is not None else sys.stderr
        self._drawn = 0.0  # time.monotonic() of the last redraw
        self._recent: deque[tuple[float, int]] = deque()  # (time, pages done then)

    def __enter__(self) -> ProgressBar:
        self._recent.append((time.monotonic(), self.done))
        self._draw()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.enabled:
            self._draw()
            self._stream.write("\n")
            self._stream.flush()

    def advance(self, read: int, written: int, rejected: int) -> None:
        self.done += read
        self.kept += written
        self.rejected += rejected
        if not self.enabled:
            return
        now = time.monotonic()
        self._recent.append((now, self.done))
        while len(self._recent) > 2 and now - self._recent[1][0] >= RATE_WINDOW_SECONDS:
            self._recent.popleft()
        if now - self._drawn >= 1 / REFRESH_PER_SECOND:
            self._draw()

    def rate(self) -> float | None:
        """Pages per second over the recent window (None before any has passed)."""
        if len(self._recent) < 2:
            return None
        (t0, n0), (t1, n1) = self._recent[0], self._recent[-1]
        return (n1 - n0) / (t1 - t0) if t1 > t0 else None

    def _draw(self) -> None:
        if not self.enabled:
            return
        self._drawn = time.monotonic()
        width = shutil.get_terminal_size().columns
        line = progress_line(self.done, self.total, self.rate(), self.kept, self.rejected, width)
        self._stream.write(f"\r{line}{_ERASE_TO_END}")
        self._stream.flush()
