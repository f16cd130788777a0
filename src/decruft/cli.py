"""Command line: ``decruft clean INPUT... -o OUT``, ``decruft dedup PAGES... -o OUT`` and
``decruft demo``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from importlib.resources import as_file
from itertools import islice
from pathlib import Path

from decruft import __version__
from decruft.config import PRESETS, Config, DedupConfig, HostConfig
from decruft.corpus.boilerplate import HostPass, host_counts
from decruft.corpus.files import run_dedup
from decruft.corpus.hostindex import BadHostIndex
from decruft.io.readers import read_inputs
from decruft.io.writers import PAGES_FILE
from decruft.model import Page, RawRecord
from decruft.pipeline import clean_records
from decruft.resources import data_path
from decruft.run.executor import ENGINES, FORMATS, RunError, RunOptions
from decruft.run.executor import run_clean as run_shards
from decruft.run.inputs import prepare_inputs
from decruft.run.ledger import LedgerError
from decruft.run.merge import STATE_DIR, ResumeMismatch
from decruft.run.ray_engine import RayFailed
from decruft.run.shards import SHARD_RECORDS
from decruft.run.worker import CHECKPOINT_SECONDS, PAGE_TIMEOUT_SECONDS


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
    demo = sub.add_parser("demo", help="clean the bundled sample records and show the result")
    demo.add_argument(
        "-o", "--out", default=Path("demo-out"), type=Path, help="output directory (demo-out)"
    )
    _add_options(demo)
    return ap


def _add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        action="append",
        choices=FORMATS,
        help="extra output: txt writes OUT/txt/<id>.txt and <id>.meta.json, parquet writes "
        "OUT/parquet/pages-NNNNN.parquet (jsonl always)",
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
    return cfg


def _run_options(args: argparse.Namespace) -> RunOptions:
    return RunOptions(
        workers=max(1, args.workers),
        resume=args.resume,
        shard_records=max(1, args.shard_records),
        page_timeout=max(0.0, args.page_timeout),
        checkpoint_seconds=args.checkpoint_seconds,
        batch_pause=args.batch_pause,
        progress=not args.quiet and sys.stderr.isatty(),
        engine=args.engine,
        ray_address=args.ray_address,
    )


def _count_hosts(inputs: Sequence[str | Path], index: Path | None) -> HostPass:
    """The corpus pass: block counts per host over every record of ``inputs``."""
    records = (r for r in read_inputs(inputs) if isinstance(r, RawRecord))
    return HostPass(host_counts(records, HostConfig(), index))


def _host_summary(host: HostPass) -> dict[str, object]:
    return {
        "index": str(host.index.path) if host.index.path is not None else None,
        "pages_counted": host.index.pages,
        "hosts": host.index.hosts,
        "config": {k: getattr(host.config, k) for k in host.config.__slots__},
    }


def run_clean(
    inputs: Sequence[str | Path],
    out: Path,
    config: Config,
    formats: Sequence[str],
    options: RunOptions | None = None,
    *,
    corpus: bool = False,
    host_index: Path | None = None,
) -> dict[str, object]:
    """Clean every input into ``out`` (see ``decruft.run``); returns the run summary.

    ``corpus``: the two corpus passes of ``decruft clean --corpus``. Before cleaning, every
    block is counted per host (into ``host_index``, else ``OUT/host-index``) and pages are
    cleaned with the host-boilerplate step; after it, the written pages are clustered into
    near-duplicates (``OUT/dedup/``: pages with cluster_id, is_canonical and duplicate_of,
    clusters.jsonl, dedup.json). A ``host_index`` alone applies the host step only."""
    opts = replace(options if options is not None else RunOptions(), formats=tuple(formats))
    inputs = prepare_inputs(inputs, out, out / STATE_DIR)  # the host count reads them first
    host = None
    if corpus or host_index is not None:
        index = host_index if host_index is not None else out / HOST_INDEX_DIR
        host = _count_hosts(inputs, index)
        opts = replace(opts, host_index=str(index))

    def corpus_passes() -> dict[str, object]:
        """What the corpus passes add to run.json: the host pass, and the clusters."""
        done: dict[str, object] = {}
        if host is not None:
            done["host_pass"] = _host_summary(host)
        if corpus:
            done["dedup"] = run_dedup([out / PAGES_FILE], out / DEDUP_DIR, DedupConfig())
        return done

    return run_shards(inputs, out, config, opts, corpus_passes if host is not None else None)


# Where ``--corpus`` keeps the host counts when no --host-index is given, and writes the
# near-duplicate clusters (beside pages.jsonl, which a resumed run must find unchanged).
HOST_INDEX_DIR = "host-index"
DEDUP_DIR = "dedup"


# Exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
INTERRUPTED = 130
# The demo prints at most this many pages in full.
MAX_SHOWN = 20
# Characters of kept text shown per page in the demo.
DEMO_PREVIEW_CHARS = 300


def _print_summary(summary: dict[str, object], out: Path) -> None:
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


def _clean(args: argparse.Namespace, inputs: Sequence[str | Path], formats: list[str]) -> int:
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
    except (RunError, RayFailed, ResumeMismatch, BadHostIndex, OSError, ValueError) as e:
        print(f"decruft: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"decruft: interrupted; `--resume` continues the run in {args.out}", file=sys.stderr)
        return INTERRUPTED
    if not args.quiet:
        _print_summary(summary, args.out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "dedup":
        return _dedup(args)
    formats = args.format or []
    if args.command == "clean":
        return _clean(args, args.inputs, formats)
    with as_file(data_path("samples")) as samples:
        code = _clean(args, [samples], [*formats, "txt"])
        if code:
            return code
        records = (r for r in read_inputs([samples]) if isinstance(r, RawRecord))
        shown = list(islice(clean_records(records, _config(args)), MAX_SHOWN))
    for page in shown:
        _show_page(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
