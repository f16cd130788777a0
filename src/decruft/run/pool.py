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
import multiprocessing as mp
import os
import signal
import sys
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType

from decruft.config import Config
from decruft.pipeline import warm_up
from decruft.run.worker import ShardResult, ShardTask, process_shard

# prctl option that sends the child a signal when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Progressed:
    read: int
    written: int
    rejected: int


@dataclass(frozen=True, slots=True)
class Done:
    result: ShardResult


@dataclass(frozen=True, slots=True)
class Failed:
    """A shard raised in its worker (a bug, or an output error): the run stops."""

    index: int
    error: str


@dataclass(frozen=True, slots=True)
class Died:
    """The worker cleaning ``task`` died; the shard can be handed to another."""

    task: ShardTask
    exitcode: int | None


Event = Progressed | Done | Failed | Died


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _worker_main(conn: Connection, config: Config, parent: int) -> None:
    """A worker's life: warm up, then clean the shards it is sent until it gets None."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    warm_up(config)
    gc.freeze()  # the models live as long as the worker: keep them out of full collections

    def progress(read: int, written: int, rejected: int) -> None:
        if os.getppid() != parent:  # orphaned (no PDEATHSIG here): stop writing at once
            os._exit(1)
        conn.send(Progressed(read, written, rejected))

    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        try:
            conn.send(Done(process_shard(task, progress)))
        except Exception:
            conn.send(Failed(task.shard.index, traceback.format_exc()))


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    task: ShardTask | None = None
    finished: int = 0  # shards done or failed


class WorkerPool:
    """``n`` worker processes; use as a context manager (workers are ended on exit)."""

    def __init__(self, n: int, config: Config) -> None:
        self._ctx = mp.get_context("spawn")
        self._config = config
        self._workers = [self._start() for _ in range(n)]

    def _start(self) -> _Worker:
        ours, theirs = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main, args=(theirs, self._config, os.getpid()), daemon=True
        )
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def idle(self) -> list[_Worker]:
        return [w for w in self._workers if w.task is None]

    def submit(self, worker: _Worker, task: ShardTask) -> None:
        worker.task = task
        worker.conn.send(task)

    def poll(self, timeout: float) -> list[Event]:
        """What happened within ``timeout`` seconds; a dead worker is replaced at once."""
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
                    events.append(Died(w.task, w.process.exitcode))
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
                if isinstance(event, Done | Failed):
                    w.task = None
                    w.finished += 1
                events.append(event)
        except (EOFError, OSError):
            pass  # the worker is gone; its sentinel says so
        return events

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
