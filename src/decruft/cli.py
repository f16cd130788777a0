"""Command line: ``decruft clean INPUT... -o OUT``, ``decruft dedup PAGES... -o OUT`` and
``decruft demo``."""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from importlib.resources import as_file
from pathlib import Path

from decruft import __version__
from decruft.config import PRESETS, Config, DedupConfig, HostConfig
from decruft.corpus.boilerplate import HostPass, host_counts
from decruft.corpus.files import run_dedup
from decruft.corpus.hostindex import BadHostIndex
from decruft.io.readers import read_inputs
from decruft.io.writers import OutputWriter
from decruft.model import Page, RawRecord, Reject
from decruft.pipeline import clean_records, warm_up
from decruft.resources import data_path

FORMATS = ("jsonl", "txt")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="decruft",
        description="Clean raw scraped pages into article text, metadata and explained removals.",
    )
    ap.add_argument("--version", action="version", version=f"decruft {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    clean = sub.add_parser("clean", help="clean crawl records, text or JSONL files")
    clean.add_argument("inputs", nargs="+", help="files, directories or glob patterns")
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
    demo.add_argument("-o", "--out", default=Path("demo-out"), type=Path)
    _add_options(demo)
    return ap


def _add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        action="append",
        choices=FORMATS,
        help="extra output: txt writes OUT/txt/<id>.txt and <id>.meta.json (jsonl always)",
    )
    p.add_argument("--preset", choices=sorted(PRESETS), default="balanced")
    p.add_argument(
        "--threshold", type=float, help="classifier keep threshold (overrides the preset)"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")


def _config(args: argparse.Namespace) -> Config:
    cfg = PRESETS[args.preset]
    if args.threshold is not None:
        cfg = cfg.with_(keep_threshold=args.threshold)
    return cfg


def _records(items: Iterable[RawRecord | Reject], writer: OutputWriter) -> Iterator[RawRecord]:
    """Pass records on; rejects go straight to the writer."""
    for item in items:
        if isinstance(item, Reject):
            writer.write_reject(item)
        else:
            yield item


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
    corpus: bool = False,
    host_index: Path | None = None,
) -> tuple[list[Page], OutputWriter, dict[str, object]]:
    """Clean every input into ``out``; returns a few pages for display, the writer, a summary.
    ``corpus``: count blocks per host first (into ``host_index`` if given), then remove host
    boilerplate too."""
    started = time.perf_counter()
    host = _count_hosts(inputs, host_index) if corpus or host_index is not None else None
    warm_up(config)
    # The models, tables and compiled kernels live for the whole run: take them out of the
    # garbage collector's full passes, which otherwise re-walk them every few thousand pages.
    gc.freeze()
    verdicts: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    shown: list[Page] = []
    with OutputWriter(out, tuple(dict.fromkeys(("jsonl", *formats)))) as writer:
        for page in clean_records(_records(read_inputs(inputs), writer), config, host=host):
            writer.write_page(page)
            verdicts[page.verdict.kind.value] += 1
            rules.update(page.removed_by_rule())
            if len(shown) < MAX_SHOWN:
                shown.append(page)
    summary: dict[str, object] = {
        "version": __version__,
        "inputs": [str(i) for i in inputs],
        "pages_written": writer.pages_written,
        "pages_rejected": dict(writer.rejected),
        "verdicts": dict(sorted(verdicts.items())),
        "removed_blocks_by_rule": dict(sorted(rules.items())),
        "seconds": round(time.perf_counter() - started, 3),
        "config": {k: getattr(config, k) for k in config.__slots__},
    }
    if host is not None:
        summary["host_pass"] = _host_summary(host)
    (out / "run.json").write_text(json.dumps(summary, indent=1) + "\n", "utf-8")
    return shown, writer, summary


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
    print(f"  verdicts: {summary['verdicts']}", file=sys.stderr)
    print(f"  removed blocks by rule: {summary['removed_blocks_by_rule']}", file=sys.stderr)
    if n_rej:
        print(f"  rejects ({out}/rejects.jsonl): {rejected}", file=sys.stderr)


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


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "dedup":
        return _dedup(args)
    formats = args.format or []
    if args.command == "clean":
        try:
            _, _, summary = run_clean(
                args.inputs, args.out, _config(args), formats, args.corpus, args.host_index
            )
        except BadHostIndex as e:
            print(f"decruft clean: {e}", file=sys.stderr)
            return 2
        if not args.quiet:
            _print_summary(summary, args.out)
        return 0
    with as_file(data_path("samples")) as samples:
        shown, _, summary = run_clean([samples], args.out, _config(args), [*formats, "txt"])
    for page in shown:
        _show_page(page)
    if not args.quiet:
        _print_summary(summary, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
