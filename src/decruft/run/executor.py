"""The local executor: plan shards, clean them in this process or in N workers, merge the
parts in shard order, check the ledger, write ``run.json``.

Shards are handed out in order, at most ``AHEAD_PER_WORKER * workers`` past the next one
to merge, so part files on disk stay bounded even behind one slow shard; every worker holds
one shard at a time and streams it to disk, so memory is one batch per worker.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from decruft.config import Config
from decruft.digest import blake2b
from decruft.io.writers import PAGES_FILE
from decruft.output.options import MarkdownOptions
from decruft.run.defaults import (
    CHECKPOINT_SECONDS,
    ENGINES,
    FORMATS,
    PAGE_TIMEOUT_SECONDS,
    SHARD_RECORDS,
)
from decruft.run.files import write_json_atomic
from decruft.run.inputs import prepare_inputs
from decruft.run.ledger import LedgerError, count_outputs, imbalances, versions
from decruft.run.merge import PARQUET_DIR, STATE_DIR, Merger
from decruft.run.progress import ProgressBar
from decruft.run.ray_engine import check_ray, run_ray
from decruft.run.shards import FilePart, Shard, plan_shards
from decruft.run.tally import Tally
from decruft.run.worker import (
    ShardResult,
    ShardTask,
    process_shard,
    tuned_collector,
)
from decruft.version import __version__

if TYPE_CHECKING:
    from decruft.run.pool import Died, Failed, Progressed, WorkerMain, WorkerPool

RUN_FILE = "run.json"
# run.json is for people too: one key per line.
RUN_FILE_INDENT = 1
LOCK_FILE = "lock"
# Shards handed out past the next one to merge, per worker: enough to keep every worker busy
# while one shard runs long, few enough that waiting part files stay small.
AHEAD_PER_WORKER = 4
# A shard whose workers die this many times stops the run (a resumed run tries again).
# After the first death the shard runs page by page and each death condemns the page it
# happened on, so only a shard with this many deadly pages, or a worker that dies between
# pages (out of memory?), gets here.
MAX_SHARD_DEATHS = 10


@dataclass(frozen=True, slots=True)
class RunOptions:
    workers: int = 1
    resume: bool = False
    formats: tuple[str, ...] = ("jsonl",)
    shard_records: int = SHARD_RECORDS
    page_timeout: float = PAGE_TIMEOUT_SECONDS
    checkpoint_seconds: float = CHECKPOINT_SECONDS
    batch_pause: float = 0.0  # seconds to sleep after each batch: lets tests kill mid-run
    progress: bool = False
    # A host index counted over these inputs (``decruft clean --corpus``): pages are cleaned
    # with its host-boilerplate step.
    host_index: str | None = None
    # a worker process's life (None: decruft.run.pool.worker_main; tests add traps to it)
    worker_main: WorkerMain | None = None
    # "local": this process or ``workers`` processes; "ray": shards as a Ray Data map, at
    # most ``workers`` at a time, on the Ray instance at ``ray_address`` (None: a local one).
    engine: str = "local"
    ray_address: str | None = None
    # How the markdown format renders pages (tables or not).
    markdown: MarkdownOptions = field(default_factory=MarkdownOptions)
    # Each page's record holds its body too (``--keep-body``), for ``decruft report``.
    keep_body: bool = False


class RunError(Exception):
    """The run cannot go on (another run holds the folder, a shard keeps crashing...)."""


def run_clean(
    inputs: Sequence[str | Path],
    out: Path,
    config: Config,
    options: RunOptions,
    then: Callable[[], dict[str, object]] | None = None,
    pool: WorkerPool | None = None,
    planned: list[Shard] | None = None,
) -> dict[str, object]:
    """Clean ``inputs`` into ``out``; returns the run summary (also in ``out/run.json``).

    ``then``: a pass over the finished output (the corpus passes), run when the ledger
    balances, before run.json is written; what it returns is added to the summary (if it
    raises, run.json is written without it and the error goes on). ``pool``: the worker
    processes to clean on (the corpus passes' own; None: ``options.workers`` new ones).
    ``planned``: the shards of ``inputs`` (``plan_shards`` with ``options.shard_records``)
    when the caller has planned them already (the host count on the pool, which reads the
    same shards: planning counts the lines of every JSONL input).
    Raises LedgerError (after writing run.json) if pages were lost or doubled."""
    clock = {"start": time.perf_counter()}
    formats = _formats(options)
    _check_engine(options)
    inputs = prepare_inputs(inputs, out, out / STATE_DIR)
    out.mkdir(parents=True, exist_ok=True)
    with _lock(out):
        shards = planned if planned is not None else plan_shards(inputs, options.shard_records)
        clock["planned"] = time.perf_counter()
        fingerprint = _fingerprint(
            shards,
            config,
            formats,
            (options.shard_records, options.host_index, options.markdown, options.keep_body),
        )
        with Merger(out, formats, fingerprint, options.resume) as merger:
            tasks = [_task(s, merger, config, formats, options) for s in shards]
            with ProgressBar(_total(shards), merger.resumed_pages, options.progress) as bar:
                if options.engine == "ray":
                    results = run_ray(tasks, merger, bar, options.workers, options.ray_address)
                elif options.workers <= 1:
                    results = _run_inline(tasks, merger, bar)
                else:
                    results = _run_pool(tasks, merger, bar, options, pool)
        clock["cleaned"] = time.perf_counter()
        counted = count_outputs(out, out / PARQUET_DIR if "parquet" in formats else None)
        problems = imbalances(merger.tally, counted)
        resumed = merger.resumed_pages + sum(r.resumed for r in results)
        summary = _summary(inputs, merger.tally, counted, problems, resumed, results, clock)
        summary |= {
            "workers": options.workers,
            "engine": options.engine,
            "shards": len(shards),
            "formats": sorted(formats),
            "versions": versions(),
            "config": {k: getattr(config, k) for k in config.__slots__},
        }
        try:
            if then is not None and not problems:
                summary |= then()
        finally:  # the cleaning's ledger is written even if a pass after it fails
            write_json_atomic(out / RUN_FILE, summary, indent=RUN_FILE_INDENT)
    if problems:
        raise LedgerError("; ".join(problems))
    return summary


def _formats(options: RunOptions) -> frozenset[str]:
    formats = frozenset(("jsonl", *options.formats))
    unknown = formats - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(sorted(unknown))}")
    if "parquet" in formats and find_spec("pyarrow") is None:
        raise ValueError("--format parquet needs pyarrow: pip install 'decruft[parquet]'")
    return formats


def _check_engine(options: RunOptions) -> None:
    if options.engine not in ENGINES:
        raise ValueError(f"unknown engine {options.engine!r} (one of {', '.join(ENGINES)})")
    if options.engine == "ray":
        check_ray()


def _task(
    shard: Shard, merger: Merger, config: Config, formats: frozenset[str], options: RunOptions
) -> ShardTask:
    return ShardTask(
        shard,
        str(merger.parts_dir),
        config,
        "parquet" in formats,
        options.markdown if "markdown" in formats else None,
        options.keep_body,
        options.page_timeout,
        options.checkpoint_seconds,
        options.batch_pause,
        host_index=options.host_index,
    )


def _summary(
    inputs: Sequence[str | Path],
    tally: Tally,
    counted: dict[str, int],
    problems: list[str],
    resumed: int,
    results: list[ShardResult],
    clock: dict[str, float],
) -> dict[str, object]:
    """The ledger part of run.json: what was read, written, rejected, removed, and when."""
    now = time.perf_counter()
    return {
        "version": __version__,
        "inputs": [str(i) for i in inputs],
        "pages_read": tally.pages_read,
        "pages_written": counted[PAGES_FILE],
        "pages_rejected": dict(sorted(tally.pages_rejected.items())),
        "resumed_pages": resumed,
        "conserved": not problems,
        **({"ledger_errors": problems} if problems else {}),
        **{k: v for k, v in tally.to_dict().items() if k not in _LEDGER_KEYS},
        "outputs": counted,
        "seconds": round(now - clock["start"], 3),
        "durations": {
            "plan": round(clock["planned"] - clock["start"], 3),
            "clean_and_merge": round(clock["cleaned"] - clock["planned"], 3),
            "verify": round(now - clock["cleaned"], 3),
            "worker_cleaning": round(sum(r.seconds for r in results), 3),
        },
    }


_LEDGER_KEYS = frozenset({"pages_read", "pages_written", "pages_rejected"})


def _run_inline(tasks: list[ShardTask], merger: Merger, bar: ProgressBar) -> list[ShardResult]:
    """Every shard in this process, merged as soon as it is done (``--workers 1``). The
    models load with the first page that needs each (a text run never loads the HTML one),
    inside its time limit: a few hundredths of a second."""
    results = []
    with tuned_collector():
        for task in tasks[merger.merged :]:
            result = process_shard(task, bar.advance)
            merger.merge(result)
            results.append(result)
    return results


def _run_pool(
    tasks: list[ShardTask],
    merger: Merger,
    bar: ProgressBar,
    options: RunOptions,
    pool: WorkerPool | None,
) -> list[ShardResult]:
    """Shards in ``options.workers`` processes (those of ``pool``, if given), merged in shard
    order as the next is done."""
    if merger.merged >= len(tasks):
        return []
    from decruft.run.pool import Failed, Progressed, WorkerPool, worker_main

    def handle(event: Progressed | Failed | Died) -> None:
        if isinstance(event, Progressed):
            bar.advance(event.read, event.written, event.rejected)
        elif isinstance(event, Failed):
            raise RunError(f"shard {event.index} failed:\n{event.error}")
        elif event.deaths >= MAX_SHARD_DEATHS:
            raise RunError(_crash_message(event.task.shard, event.exitcode))

    results = []
    main = options.worker_main if options.worker_main is not None else worker_main
    with contextlib.ExitStack() as stack:
        if pool is None:
            workers = min(options.workers, len(tasks) - merger.merged)
            pool = stack.enter_context(WorkerPool(workers, tasks[0].config, main))
        ahead = AHEAD_PER_WORKER * options.workers
        for result in pool.in_order(tasks, merger.merged, ahead, handle):
            assert isinstance(result, ShardResult)
            merger.merge(result)
            results.append(result)
    return results


def _crash_message(shard: Shard, exitcode: int | None) -> str:
    first = shard.items[0]
    where = getattr(first, "path", None) or getattr(first, "source", "?")
    return (
        f"workers cleaning shard {shard.index} (from {where}) died {MAX_SHARD_DEATHS} times "
        f"(last exit code {exitcode}); the pages before it are saved: fix the cause "
        "(memory?) and run again with --resume"
    )


def _total(shards: list[Shard]) -> int | None:
    counts = [s.expected for s in shards]
    return None if any(c is None for c in counts) else sum(c for c in counts if c is not None)


# A run's fingerprint: 256 bits, no two runs' the same by chance.
FINGERPRINT_BYTES = 32


def _fingerprint(
    shards: list[Shard], config: Config, formats: frozenset[str], options: tuple[object, ...]
) -> str:
    """What must not change between a run and its resumption: the version, config, formats,
    shard size, host index, Markdown options and ``keep_body``, shards, and each input file's
    size and modification time."""
    h = blake2b(digest_size=FINGERPRINT_BYTES)
    h.update(repr((__version__, config, sorted(formats), options)).encode())
    for s in shards:
        h.update(repr(s).encode("utf-8", "surrogatepass"))
        for item in s.items:
            if isinstance(item, FilePart):
                h.update(repr(_file_stamp(item.path)).encode())
    return h.hexdigest()


def _file_stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None  # the reader reports it
    return st.st_size, st.st_mtime_ns


@contextmanager
def _lock(out: Path) -> Iterator[None]:
    """Hold ``out`` for this run: a second run on the same folder stops at once."""
    (out / STATE_DIR).mkdir(exist_ok=True)
    with open(out / STATE_DIR / LOCK_FILE, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunError(f"another decruft run is writing to {out}") from None
        yield
