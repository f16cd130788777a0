"""A time bound per page, and pages that fail alone instead of taking their batch down.

A batch of pages gets ``page_timeout`` seconds per page from a SIGALRM timer; if it runs
over (or raises), its pages are cleaned again one at a time, each with ``page_timeout``
seconds, and a page that runs over alone becomes a ``timeout`` reject (one that raises, an
``error`` reject). The alarm keeps the worker, its loaded models and the rest of its shard;
killing a stuck worker would cost a restart and a warm-up per slow page. The alarm is only
seen between Python bytecodes, so a compiled kernel is interrupted when it returns, and the
bound is kept only in the main thread (where signals are delivered); elsewhere pages run
unbounded.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING

from decruft.config import Config
from decruft.model import Page, RawRecord, Reject
from decruft.pipeline import clean_batch

if TYPE_CHECKING:
    from decruft.corpus.boilerplate import HostPass

REASON_TIMEOUT = "timeout"
REASON_ERROR = "error"
REASON_CRASH = "crash"  # the page killed its worker process (see decruft.run.executor)
REASON_TOO_MANY_ELEMENTS = "too many HTML elements"
# Tags ("<") an HTML page may hold: each becomes a node, often a block with its feature rows
# (~3 KB at the peak), so 2M tiny <p> in 16 MB took 6.4 GB. The dev pages hold at most ~22k;
# this bounds a page's peak to about 0.6 GB.
MAX_HTML_ELEMENTS = 200_000


class PageTimeout(Exception):
    """Raised by the alarm inside the page being cleaned."""


def _raise_timeout(signum: int, frame: FrameType | None) -> None:
    raise PageTimeout


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise PageTimeout in this block once ``seconds`` pass (main thread only; 0: none)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def clean_guarded(
    records: list[RawRecord], config: Config, page_timeout: float, host: HostPass | None = None
) -> list[Page | Reject]:
    """Clean a batch (with the corpus pass's ``host`` counts, if any); a page over
    ``page_timeout`` seconds, or one that raises, is a reject, and so is an HTML page with
    more than MAX_HTML_ELEMENTS tags, before it is parsed."""
    too_big = {k: reason for k, r in enumerate(records) if (reason := too_big_reason(r))}
    if too_big:
        kept = [r for k, r in enumerate(records) if k not in too_big]
        done = iter(clean_guarded(kept, config, page_timeout, host) if kept else [])
        return [
            Reject(r.id, r.source, too_big[k]) if k in too_big else next(done)
            for k, r in enumerate(records)
        ]
    try:
        with time_limit(page_timeout * len(records)):
            return list(clean_batch(records, config, host=host))
    except Exception:  # PageTimeout included: redo the pages alone to find the one
        return [_clean_alone(r, config, page_timeout, host) for r in records]


def _clean_alone(
    record: RawRecord, config: Config, page_timeout: float, host: HostPass | None
) -> Page | Reject:
    try:
        with time_limit(page_timeout):
            return clean_batch([record], config, host=host)[0]
    except PageTimeout:
        return Reject(record.id, record.source, f"{REASON_TIMEOUT}: over {page_timeout:g} s")
    except Exception as exc:  # a bug on one page must not end the run; the reason names it
        detail = str(exc)[:200] or type(exc).__name__
        return Reject(record.id, record.source, f"{REASON_ERROR}: {type(exc).__name__}: {detail}")


def too_big_reason(record: RawRecord) -> str | None:
    """Why the record is too big to clean (or count: see decruft.run.count) within
    bounded memory, or None."""
    if record.html is None:
        return None
    tags = record.html.count("<")
    if tags <= MAX_HTML_ELEMENTS:
        return None
    return f"{REASON_TOO_MANY_ELEMENTS}: {tags} tags, over {MAX_HTML_ELEMENTS}"
