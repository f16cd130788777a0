"""Command line: ``decruft clean INPUT... -o OUT``, ``decruft dedup PAGES... -o OUT``,
``decruft report RUN -o report.html``, ``decruft filter OUT --preset P`` and
``decruft demo``."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from decruft.config import PRESETS, Config, DedupConfig
from decruft.lazy import collector_paused
from decruft.resources import data_path
from decruft.run.defaults import (
    CHECKPOINT_SECONDS,
    ENGINES,
    FORMATS,
    PAGE_TIMEOUT_SECONDS,
    SHARD_RECORDS,
)
from decruft.version import __version__

if TYPE_CHECKING:
    from decruft.model import Page
    from decruft.run.executor import RunOptions

# The cleaning machinery (numpy, the parsers, the models) is imported by the commands that
# run, not at start: ``decruft --help`` and argument errors answer at once.

# decruft makes no BLAS calls and its processes are the parallelism, yet numpy starts a pool
# of OpenBLAS threads as it loads (one per core: ~40 ms of a one-page run on two cores, more
# on bigger machines). One thread unless the user says otherwise; workers inherit it.
BLAS_THREADS_ENV = "OPENBLAS_NUM_THREADS"


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="decruft",
        description="Clean raw scraped pages into article text, metadata and explained removals.",
    )
    ap.add_argument("--version", action="version", version=f"decruft {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    clean = sub.add_parser("clean", help="clean crawl records, JSON Lines, HTML and WARC files")
    clean.add_argument(
        "inputs", nargs="+", help="files, directories or glob patterns; - reads standard input"
    )
    clean.add_argument("-o", "--out", required=True, type=Path, help="output directory")
    clean.add_argument(
        "--corpus",
        action="store_true",
        help="two passes: count every block per host first, then also remove blocks a host "
        "repeats on many of its pages (rule host-boilerplate)",
    )
    clean.add_argument(
        "--host-index",
        type=Path,
        help="with --corpus: keep the block counts in this directory and add to earlier ones",
    )
    clean.add_argument(
        "--keep-body",
        action="store_true",
        help="write each page's body (the text the removals' offsets index) into its record, "
        "so that decruft report can show every removal in place",
    )
    _add_signal_options(clean)
    _add_options(clean)
    dd = sub.add_parser(
        "dedup",
        help="cluster exact and near-duplicate pages of pages.jsonl files",
        description="Adds cluster_id, is_canonical, duplicate_of and a reason to every page; "
        "writes OUT/pages.jsonl, OUT/clusters.jsonl, OUT/rejects.jsonl and OUT/dedup.json.",
    )
    dd.add_argument("inputs", nargs="+", type=Path, help="pages.jsonl files (optionally .gz)")
    dd.add_argument("-o", "--out", required=True, type=Path, help="output directory")
    dd.add_argument(
        "--index",
        type=Path,
        help="index directory: match against its earlier batches, then add this batch to it",
    )
    dd.add_argument("--threshold", type=float, help="estimated Jaccard a pair needs (default 0.8)")
    dd.add_argument("--no-verify", action="store_true", help="link every LSH candidate pair")
    dd.add_argument("--workers", type=int, default=1, help="signature threads (default 1)")
    dd.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    _add_report(sub)
    _add_filter(sub)
    demo = sub.add_parser("demo", help="clean the bundled sample records and show the result")
    demo.add_argument(
        "-o", "--out", default=Path("demo-out"), type=Path, help="output directory (demo-out)"
    )
    _add_options(demo)
    demo.set_defaults(keep_body=True)  # the demo's run is there to be looked at: decruft report
    return ap


def _add_report(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``decruft report``; its default comes from ``report.limits``, which loads nothing
    heavy (``--help`` answers at once)."""
    from decruft.report.limits import DEFAULT_PAGES

    rep = sub.add_parser(
        "report",
        help="one static HTML file showing what a run did: ledger, rules, before/after views",
        description="Reads RUN/run.json, RUN/pages.jsonl and RUN/rejects.jsonl and writes one "
        "self-contained HTML file (no server, no network). Removals are shown in place when "
        "the run kept the page bodies (decruft clean --keep-body; decruft demo does).",
    )
    rep.add_argument(
        "run", type=Path, metavar="RUN", help="a run's output folder (or a pages.jsonl)"
    )
    rep.add_argument(
        "-o",
        "--out",
        type=Path,
        metavar="FILE",
        help="the HTML file to write (default: RUN/report.html)",
    )
    rep.add_argument(
        "--pages",
        type=int,
        default=DEFAULT_PAGES,
        metavar="N",
        help=f"pages shown in full, from the first (default {DEFAULT_PAGES}); every page is "
        "counted in the tables and histograms",
    )
    rep.add_argument(
        "--page",
        action="append",
        default=[],
        metavar="ID",
        help="also show this page in full, wherever it is (repeatable)",
    )
    rep.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")


# The signals presets (decruft.signals.presets.PRESETS), named here so that --help loads
# nothing: tests/test_signals checks the two agree.
FILTER_PRESETS = ("gopher", "c4", "fineweb", "none")


def _add_signal_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--filter",
        choices=FILTER_PRESETS,
        help="drop the pages a published quality filter would (gopher, c4, fineweb: "
        "docs/signals.md) as rejects, the failing signal as the reason (default none)",
    )
    p.add_argument(
        "--no-signals",
        action="store_true",
        help="leave the quality signals out of the page records (they add ~20%% to a text "
        "page's cleaning, and ~10 ms to each process's start)",
    )


def _add_filter(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    flt = sub.add_parser(
        "filter",
        help="keep the pages of a finished run that a quality-filter preset passes",
        description="Reads OUT/pages.jsonl and writes the pages the preset keeps to "
        "FILTERED/pages.jsonl, the dropped ones to FILTERED/rejects.jsonl with the failing "
        "signal as the reason, and the ledger to FILTERED/run.json. Pages without signals "
        "(an older run) get them computed from their text.",
    )
    flt.add_argument("run", type=Path, metavar="OUT", help="a finished run's output folder")
    flt.add_argument(
        "--preset",
        required=True,
        choices=FILTER_PRESETS,
        help="gopher (Rae et al. 2021), c4 (Raffel et al. 2020), fineweb (Penedo et al. "
        "2024) or none (keep every page, adding signals where they are missing)",
    )
    flt.add_argument(
        "-o",
        "--out",
        type=Path,
        metavar="FILTERED",
        help="output directory (default: OUT/filtered-PRESET)",
    )
    flt.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")


def _filter(args: argparse.Namespace) -> int:
    from decruft.run.filter import default_dest, run_filter
    from decruft.run.ledger import LedgerError

    dest = args.out if args.out is not None else default_dest(args.run, args.preset)
    try:
        summary = run_filter(args.run, dest, args.preset)
    except LedgerError as e:
        print(f"decruft filter: pages lost or doubled, see {dest}/run.json: {e}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as e:
        print(f"decruft filter: {e}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(
            f"decruft filter: {summary['pages_read']} pages read, {summary['pages_kept']} kept, "
            f"{summary['pages_dropped']} dropped ({args.preset}) in {summary['seconds']} s "
            f"-> {dest}",
            file=sys.stderr,
        )
        if summary["dropped_by_reason"]:
            print(f"  dropped: {summary['dropped_by_reason']}", file=sys.stderr)
    return 0


def _add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        action="append",
        choices=FORMATS,
        help="extra output: txt writes OUT/txt/<id>.txt and <id>.meta.json, parquet writes "
        "OUT/parquet/pages-NNNNN.parquet, markdown writes OUT/md/<id>.md and adds a markdown "
        "field to every page (jsonl always)",
    )
    p.add_argument(
        "--no-tables",
        action="store_true",
        help="leave tables out of the Markdown (--format markdown)",
    )
    p.add_argument(
        "--links",
        action="store_true",
        help="links as [text](absolute URL) in the Markdown of HTML pages (--format markdown)",
    )
    p.add_argument(
        "--images",
        action="store_true",
        help="images as ![alt](absolute URL) in the Markdown of HTML pages, at the start of the "
        "kept block they stand before (--format markdown)",
    )
    p.add_argument(
        "--formatting",
        action="store_true",
        help="bold, italic and inline code as **bold**, *italic* and `code` in the Markdown "
        "of HTML pages (--format markdown)",
    )
    p.add_argument(
        "--no-comments",
        action="store_true",
        help="remove every block of an HTML page inside an element named as comments, even "
        "where the model keeps it (forum posts, discussions; rule comment-section)",
    )
    p.add_argument(
        "--drop-units",
        action="store_true",
        help="also drop the blocks the model kept of an HTML page's list, table or code block "
        "of which it dropped most (rule unit; off by default: it hurts listing pages)",
    )
    p.add_argument(
        "--workers", type=int, default=1, help="worker processes (default 1: in this process)"
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local (default): this process or --workers processes; ray: shards as a Ray "
        "Data map, --workers at a time (pip install 'decruft[ray]')",
    )
    p.add_argument(
        "--ray-address",
        help="with --engine ray: the Ray cluster to join (e.g. auto, ray://head:10001; "
        "default: start a local Ray); inputs and -o must be on storage every node shares",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue the interrupted run in OUT (same inputs and options) where it stopped",
    )
    p.add_argument(
        "--page-timeout",
        type=float,
        default=PAGE_TIMEOUT_SECONDS,
        help=f"seconds a page may take before it is rejected as 'timeout' "
        f"(default {PAGE_TIMEOUT_SECONDS:g}; 0: no limit)",
    )
    # Knobs for tests and benchmarks: shard size, checkpoint interval, batch size, and a
    # pause after every batch (so a test can kill a run in the middle of its work).
    p.add_argument("--shard-records", type=int, default=SHARD_RECORDS, help=argparse.SUPPRESS)
    p.add_argument(
        "--checkpoint-seconds", type=float, default=CHECKPOINT_SECONDS, help=argparse.SUPPRESS
    )
    p.add_argument("--batch-pages", type=int, help=argparse.SUPPRESS)
    p.add_argument("--batch-pause", type=float, default=0.0, help=argparse.SUPPRESS)
    p.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        default="balanced",
        help="thresholds: balanced (default), precision (keep less, surer), recall (keep more)",
    )
    p.add_argument(
        "--threshold",
        type=float,
        help="both models' keep threshold (overrides the preset; a join threshold above it "
        "no longer joins)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")


def _config(args: argparse.Namespace) -> Config:
    cfg = PRESETS[args.preset]
    if args.threshold is not None:
        cfg = cfg.with_(keep_threshold=args.threshold, html_keep_threshold=args.threshold)
    if args.batch_pages is not None:
        cfg = cfg.with_(batch_pages=args.batch_pages)
    if args.links or args.images or args.formatting or args.no_comments:
        cfg = cfg.with_(
            links=cfg.links or args.links,
            images=cfg.images or args.images,
            formatting=cfg.formatting or args.formatting,
            comments=cfg.comments and not args.no_comments,
        )
    if getattr(args, "filter", None) not in (None, "none"):
        cfg = cfg.with_(quality_filter=args.filter)
    if getattr(args, "no_signals", False):
        cfg = cfg.with_(signals=False)
    if getattr(args, "drop_units", False):
        cfg = cfg.with_(drop_units=True)
    return cfg


def _run_options(args: argparse.Namespace) -> RunOptions:
    from decruft.output.options import MarkdownOptions
    from decruft.run.executor import RunOptions

    return RunOptions(
        keep_body=getattr(args, "keep_body", False),
        workers=max(1, args.workers),
        resume=args.resume,
        shard_records=max(1, args.shard_records),
        page_timeout=max(0.0, args.page_timeout),
        checkpoint_seconds=args.checkpoint_seconds,
        batch_pause=args.batch_pause,
        progress=not args.quiet and sys.stderr.isatty(),
        engine=args.engine,
        ray_address=args.ray_address,
        markdown=MarkdownOptions(tables=not args.no_tables),
    )


# A step before the first page that takes longer than this is named on stderr.
SLOW_NOTE_SECONDS = 1.0
# Exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
INTERRUPTED = 130
# The demo prints at most this many pages in full.
MAX_SHOWN = 20
# Characters of kept text shown per page in the demo.
DEMO_PREVIEW_CHARS = 300


def _print_summary(summary: dict[str, object], out: Path) -> None:
    from decruft.run.passes import DEDUP_DIR

    rejected = summary["pages_rejected"]
    n_rej = sum(rejected.values()) if isinstance(rejected, dict) else 0
    print(
        f"decruft: {summary['pages_written']} pages written, {n_rej} rejected "
        f"in {summary['seconds']} s -> {out}/pages.jsonl",
        file=sys.stderr,
    )
    if summary.get("resumed_pages"):
        print(f"  resumed: {summary['resumed_pages']} pages from checkpoints", file=sys.stderr)
    print(f"  verdicts: {summary['verdicts']}", file=sys.stderr)
    print(f"  removed blocks by rule: {summary['removed_blocks_by_rule']}", file=sys.stderr)
    if n_rej:
        print(f"  rejects ({out}/rejects.jsonl): {rejected}", file=sys.stderr)
    host = summary.get("host_pass")
    if isinstance(host, dict):
        print(
            f"  host pass: {host['pages_counted']} pages counted on {host['hosts']} hosts "
            f"(index {host['index']})",
            file=sys.stderr,
        )
    dedup = summary.get("dedup")
    if isinstance(dedup, dict):
        print(
            f"  near-duplicates: {dedup['clusters']} clusters, {dedup['duplicates']} duplicates "
            f"-> {out}/{DEDUP_DIR}/pages.jsonl",
            file=sys.stderr,
        )


def _show_page(page: Page) -> None:
    kept = len(page.kept_blocks)
    rules = ", ".join(f"{rule} {n}" for rule, n in sorted(page.removed_by_rule().items()))
    status = page.http_status if page.http_status is not None else "-"
    print(f"── {page.id}  [{page.verdict.kind.value}, http {status}]")
    print(f"   title: {page.meta.title!r}   publisher: {page.meta.publisher!r}")
    print(
        f"   author: {page.meta.author!r}   date: {page.meta.date!r}   lang: {page.meta.language}"
    )
    print(f"   blocks: {len(page.blocks)} read, {kept} kept; removed: {rules or 'none'}")
    print(f"   why: {'; '.join(page.verdict.reasons)}")
    for r in page.removals[:4]:
        snippet = page.body[r.start : r.end][:60]
        print(f"     - [{r.rule}] {snippet!r}  ({r.evidence})")
    if len(page.removals) > 4:
        print(f"     … {len(page.removals) - 4} more removals in pages.jsonl")
    preview = page.text[:DEMO_PREVIEW_CHARS].replace("\n", " ⏎ ")
    print(f"   text: {preview}{'…' if len(page.text) > DEMO_PREVIEW_CHARS else ''}")


def _dedup(args: argparse.Namespace) -> int:
    from decruft.corpus.files import run_dedup

    cfg = DedupConfig()
    if args.threshold is not None:
        cfg = cfg.with_(threshold=args.threshold)
    if args.no_verify:
        cfg = cfg.with_(verify=False)
    try:
        summary = run_dedup(
            args.inputs, args.out, cfg, index=args.index, workers=max(1, args.workers)
        )
    except (OSError, ValueError) as e:
        print(f"decruft dedup: {e}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(
            f"decruft dedup: {summary['pages']} pages, {summary['rejected']} rejected, "
            f"{summary['clusters']} clusters, {summary['duplicates']} duplicates "
            f"({summary['exact_duplicates']} exact) in {summary['seconds']} s -> {args.out}",
            file=sys.stderr,
        )
        if "index" in summary:
            print(f"  index: {summary['index']}", file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from decruft.report import ReportError, ReportOptions, build_report

    dest = args.out if args.out is not None else args.run / "report.html"
    options = ReportOptions(pages=max(0, args.pages), page_ids=tuple(args.page))
    try:
        summary = build_report(args.run, dest, options)
    except (OSError, ReportError) as e:
        print(f"decruft report: {e}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(
            f"decruft report: {summary.pages} pages, {summary.shown} shown in full "
            f"({summary.bytes / 1e6:.1f} MB, {summary.seconds:.1f} s) -> {dest}",
            file=sys.stderr,
        )
        if summary.listed_only:
            print(
                f"  {summary.listed_only} more listed without their text (size budget)",
                file=sys.stderr,
            )
        if summary.missing:
            print(f"  not in the run: {', '.join(summary.missing)}", file=sys.stderr)
    return 0


@contextmanager
def _note_if_slow(message: str, quiet: bool) -> Iterator[None]:
    """Say ``message`` on stderr if what runs inside takes over SLOW_NOTE_SECONDS, so that
    nobody waits before the first page without knowing why."""
    timer = threading.Timer(
        SLOW_NOTE_SECONDS, print, (f"decruft: {message} ...",), {"file": sys.stderr}
    )
    timer.daemon = True
    if not quiet:
        timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _clean(args: argparse.Namespace, inputs: Sequence[str | Path], formats: list[str]) -> int:
    with _note_if_slow("loading the parsers and models", args.quiet), collector_paused():
        from decruft.run.executor import RunError
        from decruft.run.ledger import LedgerError
        from decruft.run.merge import ResumeMismatch
        from decruft.run.passes import run_clean
        from decruft.run.ray_engine import RayFailed

    if getattr(args, "corpus", False) and not args.quiet:
        print("decruft: host pass: counting the blocks of every page per host", file=sys.stderr)
    try:
        summary = run_clean(
            inputs,
            args.out,
            _config(args),
            formats,
            _run_options(args),
            corpus=getattr(args, "corpus", False),
            host_index=getattr(args, "host_index", None),
        )
    except LedgerError as e:
        print(f"decruft: pages lost or doubled, see {args.out}/run.json: {e}", file=sys.stderr)
        return 1
    except (RunError, RayFailed, ResumeMismatch, OSError, ValueError) as e:  # BadHostIndex too
        print(f"decruft: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"decruft: interrupted; `--resume` continues the run in {args.out}", file=sys.stderr)
        return INTERRUPTED
    if not args.quiet:
        _print_summary(summary, args.out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault(BLAS_THREADS_ENV, "1")
    with collector_paused():
        args = _parser().parse_args(argv)
    if args.command == "dedup":
        return _dedup(args)
    if args.command == "report":
        return _report(args)
    if args.command == "filter":
        return _filter(args)
    formats = args.format or []
    if args.command == "clean":
        return _clean(args, args.inputs, formats)
    from decruft.io.readers import read_inputs
    from decruft.model import RawRecord
    from decruft.pipeline import clean_records

    samples = data_path("samples")
    code = _clean(args, [samples], [*formats, "txt", "markdown"])
    if code:
        return code
    records = (r for r in read_inputs([samples]) if isinstance(r, RawRecord))
    shown = list(islice(clean_records(records, _config(args)), MAX_SHOWN))
    for page in shown:
        _show_page(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
