"""Worker processes for the local executor: each is spawned, warms up once, then cleans one
shard at a time, sent over its own pipe.

A pipe per worker (not a shared queue) means a worker that dies (killed, out of memory)
cannot leave a lock held or a half-written message for the others: the supervisor sees its
process sentinel, hands its shard to a fresh worker, and the shard continues from its
checkpoint. Workers die with the supervisor (``PR_SET_PDEATHSIG`` on Linux, and a parent
check after every batch elsewhere), so a killed run leaves no worker writing part files
under a resumed one.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import heapq
import multiprocessing as mp
import os
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType

from decruft.config import Config
from decruft.pipeline import warm_up
from decruft.run.count import CountTask, ShardRows, count_shard
from decruft.run.worker import (
    GC_THRESHOLDS,
    ShardResult,
    ShardTask,
    process_shard,
    stall_seconds,
)

# The supervisor wakes at least this often (to redraw progress, to find stuck workers).
POLL_SECONDS = 0.25
# prctl option that sends the child a signal when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1


# What a worker is sent: a shard to clean, or (the host pass) a shard to count.
Task = ShardTask | CountTask
Result = ShardResult | ShardRows


@dataclass(frozen=True, slots=True)
class Progressed:
    read: int
    written: int
    rejected: int


@dataclass(frozen=True, slots=True)
class Ready:
    """The worker has warmed up and waits for shards."""


@dataclass(frozen=True, slots=True)
class Started:
    """A careful task is about to clean the record at ``position`` of its shard."""

    position: int


@dataclass(frozen=True, slots=True)
class Done:
    result: Result


@dataclass(frozen=True, slots=True)
class Failed:
    """A shard raised in its worker (a bug, or an output error): the run stops."""

    index: int
    error: str


@dataclass(frozen=True, slots=True)
class Died:
    """The worker cleaning ``task`` died (or was killed as stuck: ``stalled``), at the record
    at ``position`` of its shard if it was careful and had started one; ``deaths``: how many
    workers have died on this shard, this one included."""

    task: Task
    exitcode: int | None
    position: int | None
    stalled: bool
    deaths: int


Event = Progressed | Done | Failed | Died
# A worker process's main function: (pipe, config, supervisor pid).
WorkerMain = Callable[[Connection, Config, int], None]


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def worker_main(conn: Connection, config: Config, parent: int) -> None:
    """A worker's life: warm up, then clean (or count) the shards it is sent until it gets
    None."""
    _die_with_parent()
    if os.getppid() != parent:  # the supervisor died before the line above took effect
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    warm_up(config)
    gc.freeze()  # the models live as long as the worker: keep them out of full collections
    gc.set_threshold(*GC_THRESHOLDS)  # the worker only cleans pages (see GC_THRESHOLDS)
    conn.send(Ready())

    def progress(read: int, written: int, rejected: int) -> None:
        if os.getppid() != parent:  # orphaned (no PDEATHSIG here): stop writing at once
            os._exit(1)
        conn.send(Progressed(read, written, rejected))

    def starting(position: int) -> None:
        conn.send(Started(position))

    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        work = count_shard if isinstance(task, CountTask) else process_shard
        try:
            conn.send(Done(work(task, progress, starting if task.careful else None)))
        except Exception:
            conn.send(Failed(task.shard.index, traceback.format_exc()))


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    task: Task | None = None
    finished: int = 0  # shards done or failed
    ready: bool = False  # warmed up: its silence from now on is spent on shards
    heard: float = 0.0  # time.monotonic() of its last message (or of its task)
    position: int | None = None  # the record a careful task started and has not finished
    stalled: bool = False  # killed for staying silent too long


class WorkerPool:
    """``n`` worker processes; use as a context manager (workers are ended on exit)."""

    def __init__(self, n: int, config: Config, main: WorkerMain = worker_main) -> None:
        self._ctx = mp.get_context("spawn")
        self._config = config
        self._main = main
        self._deaths: Counter[int] = Counter()  # per shard
        self._workers = [self._start() for _ in range(n)]

    def _start(self) -> _Worker:
        ours, theirs = self._ctx.Pipe()
        process = self._ctx.Process(
            target=self._main, args=(theirs, self._config, os.getpid()), daemon=True
        )
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def idle(self) -> list[_Worker]:
        return [w for w in self._workers if w.ready and w.task is None]

    def submit(self, worker: _Worker, task: Task) -> None:
        worker.task, worker.position, worker.heard = task, None, time.monotonic()
        worker.conn.send(task)

    def poll(self, timeout: float) -> list[Event]:
        """What happened within ``timeout`` seconds; a dead worker is replaced at once, a
        stuck one is killed (and replaced at the next poll)."""
        self._kill_stuck()
        ready = wait(
            [w.conn for w in self._workers] + [w.process.sentinel for w in self._workers],
            timeout,
        )
        events: list[Event] = []
        for i, w in enumerate(self._workers):
            if w.conn in ready or w.process.sentinel in ready:
                events += self._drain(w)
            if w.process.sentinel in ready:
                w.process.join()
                if w.task is not None:
                    self._deaths[w.task.shard.index] += 1
                    deaths = self._deaths[w.task.shard.index]
                    events.append(Died(w.task, w.process.exitcode, w.position, w.stalled, deaths))
                elif w.finished == 0:  # died before finishing anything: restarting won't help
                    raise RuntimeError(
                        f"a worker exited with code {w.process.exitcode} before its first shard"
                    )
                w.conn.close()
                self._workers[i] = self._start()
        return events

    def _drain(self, w: _Worker) -> list[Event]:
        events: list[Event] = []
        try:
            while w.conn.poll():
                event = w.conn.recv()
                w.heard = time.monotonic()
                if isinstance(event, Ready):
                    w.ready = True
                    continue
                if isinstance(event, Started):
                    w.position = event.position
                    continue
                if isinstance(event, Progressed):
                    w.position = None  # its batch is done
                if isinstance(event, Done | Failed):
                    w.task = None
                    w.finished += 1
                events.append(event)
        except (EOFError, OSError):
            pass  # the worker is gone; its sentinel says so
        return events

    def in_order(
        self,
        tasks: Sequence[Task],
        start: int,
        ahead: int,
        handle: Callable[[Progressed | Failed | Died], None],
    ) -> Iterator[Result]:
        """Run ``tasks[start:]`` (task k is shard k's) on the workers, handed out lowest
        shard first and at most ``ahead`` past the next one to yield; yields their results
        in shard order. ``handle`` hears every other event first, and raises to stop the
        run (a failed shard, one that died too often); after a death that it lets pass, the
        shard's task runs again as its ``after_death``."""
        todo = list(tasks)  # a shard's task is replaced when its worker dies
        waiting = list(range(start, len(todo)))  # a heap: lowest shard first
        done: dict[int, Result] = {}
        following = start
        while following < len(todo):
            for worker in self.idle():
                if not waiting or waiting[0] >= following + ahead:
                    break
                self.submit(worker, todo[heapq.heappop(waiting)])
            for event in self.poll(POLL_SECONDS):
                if isinstance(event, Done):
                    done[event.result.index] = event.result
                else:
                    handle(event)
                    if isinstance(event, Died):
                        again = event.task.after_death(
                            event.position, event.stalled, event.exitcode
                        )
                        todo[again.shard.index] = again
                        heapq.heappush(waiting, again.shard.index)
            while following in done:
                yield done.pop(following)
                following += 1

    def _kill_stuck(self) -> None:
        now = time.monotonic()
        for w in self._workers:
            limit = stall_seconds(w.task) if w.task is not None else None
            if limit is not None and not w.stalled and now - w.heard > limit:
                w.stalled = True
                w.process.kill()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(force=exc is not None)

    def close(self, force: bool = False) -> None:
        for w in self._workers:
            with contextlib.suppress(OSError):
                w.conn.send(None)
            if force:
                w.process.kill()
        for w in self._workers:
            w.process.join()
            w.conn.close()
