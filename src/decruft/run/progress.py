"""The progress bar on stderr: pages, pages/s, ETA when the total is known, kept/rejected."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

# Redraws per second: smooth enough to read, cheap enough not to show up in a profile.
REFRESH_PER_SECOND = 4


class _RateColumn(ProgressColumn):
    """Pages per second over rich's recent window."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        return Text(f"{speed:,.0f} pages/s" if speed else "… pages/s", style="cyan")


class ProgressBar:
    """Counts pages as batches finish; draws nothing unless ``enabled``."""

    def __init__(self, total: int | None, done: int, enabled: bool) -> None:
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self.kept = self.rejected = 0
        if not enabled:
            return
        columns: list[ProgressColumn | str] = [TextColumn("decruft")]
        if total is not None:
            columns += [BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
        else:
            columns += [TextColumn("{task.completed:,} pages")]
        columns += [
            _RateColumn(),
            TextColumn("kept {task.fields[kept]:,}  rejected {task.fields[rejected]:,}"),
        ]
        self._progress = Progress(
            *columns,
            console=Console(stderr=True),
            refresh_per_second=REFRESH_PER_SECOND,
            transient=False,
        )
        self._task = self._progress.add_task(
            "clean", total=total, completed=done, kept=0, rejected=0
        )

    def __enter__(self) -> ProgressBar:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, read: int, written: int, rejected: int) -> None:
        self.kept += written
        self.rejected += rejected
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=read, kept=self.kept, rejected=self.rejected)
