"""The progress bar on stderr: pages, pages/s, ETA when the total is known, kept/rejected."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, ProgressColumn, TaskID

# Redraws per second: smooth enough to read, cheap enough not to show up in a profile.
REFRESH_PER_SECOND = 4


def _columns(total: int | None) -> list[ProgressColumn | str]:
    """The bar's columns; rich loads here, when a bar is shown (not for ``-q`` runs)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        ProgressColumn,
        Task,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Pages per second over rich's recent window."""

        def render(self, task: Task) -> Text:
            speed = task.speed
            return Text(f"{speed:,.0f} pages/s" if speed else "… pages/s", style="cyan")

    columns: list[ProgressColumn | str] = [TextColumn("decruft")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    else:
        columns += [TextColumn("{task.completed:,} pages")]
    return [
        *columns,
        RateColumn(),
        TextColumn("kept {task.fields[kept]:,}  rejected {task.fields[rejected]:,}"),
    ]


class ProgressBar:
    """Counts pages as batches finish; draws nothing unless ``enabled``."""

    def __init__(self, total: int | None, done: int, enabled: bool) -> None:
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self.kept = self.rejected = 0
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import Progress

        self._progress = Progress(
            *_columns(total),
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
