"""decruft on HTML beside trafilatura, readability-lxml and resiliparse: accuracy, speed, WARC.

    python bench/htmlbench.py [--bench ../shared/bench] [--cv] [--limit N] [--rounds R]
                         [--parts accuracy,speed,warc]

Every system gets the same pages: the dev pages that have ``<id>.html.gz``, read and decoded
by ``decruft.io.read_inputs`` (the URL from ``manifest.jsonl``), so all of them start from the
same HTML string.

- accuracy: each system's text goes to ``bench-out/html/<system>/<id>.txt`` (decruft's also
  ``<id>.meta.json``) and ``score.py`` scores it: token F1, P, R, dupX on the articles, F1 per
  page type, metadata. decruft's shipped model was trained on these pages, so its row here is
  in-sample; the honest row is the 5-fold CV of ``training/train.py --html``, read from
  ``training/cv_report_html.json`` (or re-run with ``--cv``). Peers run with their defaults:
  ``trafilatura.extract(html, url=...)``; readability-lxml's ``Document(html).summary()``
  with the text of each block element on its own line; resiliparse's
  ``extract_plain_text(..., main_content=True)``. A peer that raises on a page gives empty
  output for that page; the failures are counted and printed.
- speed: docs/s from the HTML string to each system's result (decruft: the whole pipeline to
  ``Page`` objects, in batches), same pages, same process. Systems run in alternation for
  several rounds and each keeps its best round, so a noisy neighbour hurts all alike; only
  ratios to decruft are meaningful on a shared machine. As in ``bench/speed.py`` everything
  loaded before the timed rounds is frozen out of the garbage collector (``gc.freeze``).
- WARC: the same pages written as one gzip member per response record (HTTP 200,
  ``text/html; charset=utf-8``) to ``bench-out/dev.warc.gz``; then ``decruft clean`` on it
  end to end (``decruft.run.passes.run_clean``: read, clean, write ``pages.jsonl``) against FastWARC
  reading plus ``trafilatura.extract`` writing its text as JSON lines, alternating rounds,
  best round each: pages/s, MB/s of WARC, and the ratio.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import gzip
import io
import json
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import decruft
from decruft.config import Config
from decruft.io.readers import read_inputs
from decruft.model import RawRecord, Reject
from decruft.run.passes import run_clean

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from scoring import score_dir, truth_subset  # noqa: E402
from timing import best_rounds, print_rates  # noqa: E402

OUT = ROOT / "bench-out"
HTML_OUT = OUT / "html"
WARC_PATH = OUT / "dev.warc.gz"
CV_REPORT = ROOT / "training" / "cv_report_html.json"
PARTS = ("accuracy", "speed", "warc")
COLUMNS = ("f1", "precision", "recall", "dup_excess_rate", "sh_f1")
META_COLUMNS = ("title_exact", "title_f1", "author_exact", "date_exact")
# Elements whose text starts a new line when readability's summary is turned into text.
# fmt: off
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
})
# fmt: on
# Pages with the largest F1 gap between decruft and trafilatura, printed after the tables.
GAP_PAGES = 12
# The peers' first calls pay their set-up (imports, caches); they run on this many pages
# before the timed rounds.
WARM_UP_PAGES = 3
# The HTTP response and WARC record around each page in the built WARC.
HTTP_HEAD = (
    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n"
)
WARC_URL = "https://bench.decruft.test/{}"
MB = 1e6
NAME_WIDTH = 34
COL_WIDTH, META_WIDTH, TYPE_WIDTH = 9, 13, 16

Extractor = Callable[[str, str | None], str]


# --- pages -------------------------------------------------------------------------------


def load_pages(bench: Path, limit: int) -> list[RawRecord]:
    """The dev pages that have HTML, as decruft reads them, with the manifest's URL."""
    dev = bench / "dev"
    urls = {}
    for line in (dev / "manifest.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        urls[row["id"]] = row.get("url")
    paths = sorted(dev.glob("*.html.gz"))
    if limit:
        paths = paths[:limit]
    records, rejects = [], []
    for item in read_inputs(paths):
        if isinstance(item, Reject):
            rejects.append(item)
        else:
            records.append(dataclasses.replace(item, url=urls.get(item.id)))
    if rejects:
        print(f"{len(rejects)} pages rejected by the reader: {[r.id for r in rejects]}")
    return records


# --- the peers ---------------------------------------------------------------------------


def _block_lines(fragment: str) -> str:
    """The text of an HTML fragment with each block element on its own line."""
    import lxml.html

    if not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    for el in root.iter():
        if el.tag in BLOCK_TAGS:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def peer_extractors() -> dict[str, Extractor]:
    import trafilatura
    from readability import Document
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    def traf(html: str, url: str | None) -> str:
        return trafilatura.extract(html, url=url) or ""

    def readability(html: str, url: str | None) -> str:
        return _block_lines(Document(html).summary())

    def resiliparse(html: str, url: str | None) -> str:
        return extract_plain_text(HTMLTree.parse(html), main_content=True)

    return {"trafilatura": traf, "readability-lxml": readability, "resiliparse": resiliparse}


class Guarded:
    """A peer that gives "" for a page it raises on, and counts those pages."""

    def __init__(self, extract: Extractor) -> None:
        self.extract = extract
        self.failures: Counter[str] = Counter()

    def __call__(self, html: str, url: str | None) -> str:
        try:
            return self.extract(html, url)
        except Exception as exc:
            self.failures[type(exc).__name__] += 1
            return ""


# --- accuracy ----------------------------------------------------------------------------


def _write(out: Path, record_id: str, text: str) -> None:
    (out / f"{record_id}.txt").write_text(f"{text}\n" if text else "", "utf-8")


def _fresh_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for old in path.iterdir():
        old.unlink()
    return path


def write_decruft(records: list[RawRecord]) -> Path:
    out = _fresh_dir(HTML_OUT / "decruft")
    for page in decruft.clean_records(records):
        _write(out, page.id, page.text)
        meta = {"title": page.meta.title, "author": page.meta.author, "date": page.meta.date}
        (out / f"{page.id}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    return out


def write_peer(name: str, extract: Guarded, records: list[RawRecord]) -> Path:
    out = _fresh_dir(HTML_OUT / name)
    for rec in records:
        _write(out, rec.id, extract(rec.html or "", rec.url))
    return out


def write_trafilatura_meta(records: list[RawRecord]) -> Path:
    """trafilatura's ``extract_metadata`` (title, author, date) beside its default text."""
    import trafilatura

    out = HTML_OUT / "trafilatura"
    for rec in records:
        try:
            found = trafilatura.extract_metadata(rec.html or "", default_url=rec.url)
        except Exception:
            found = None
        meta = {
            "title": found.title if found else None,
            "author": found.author if found else None,
            "date": found.date if found else None,
        }
        (out / f"{rec.id}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    return out


def html_truth(bench: Path, records: list[RawRecord]) -> Path:
    """The truth of the pages run: every dev page with HTML (the seed record has none), or
    a ``--limit`` run's pages. A page without HTML is no HTML page: scoring it as an empty
    output for every system would lower all of them alike (trafilatura's .923 is over the
    pages with HTML)."""
    return truth_subset(bench, [r.id for r in records], HTML_OUT / "truth")


def cv_report(bench: Path, rerun: bool) -> dict[str, Any] | None:
    """decruft's 5-fold CV on HTML: re-run now, or as ``training/train.py --html`` left it."""
    report = CV_REPORT
    if rerun:
        report = OUT / "cv_report_html.json"
        cmd = [sys.executable, str(ROOT / "training" / "train.py"), "--html", "--cv-only"]
        done = subprocess.run([*cmd, "--bench", str(bench), "--report", str(report)])
        if done.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed (exit {done.returncode})")
    if not report.exists():
        return None
    result: dict[str, Any] = json.loads(report.read_text("utf-8"))
    return result


def _row(name: str, values: dict[str, Any], columns: tuple[str, ...], width: int) -> str:
    cells = "".join(
        f"{values[c]:>{width}.3f}" if values.get(c) is not None else f"{'-':>{width}}"
        for c in columns
    )
    return f"{name:<{NAME_WIDTH}}{cells}"


def _per_doc(path: Path) -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in map(json.loads, path.read_text("utf-8").splitlines())}


def _gaps(ours: Path, theirs: Path) -> list[tuple[float, str, str, float, float]]:
    """Pages where decruft's F1 trails trafilatura's the most: (gap, id, type, ours, theirs)."""
    mine, other = _per_doc(ours), _per_doc(theirs)
    rows = [
        (other[i]["f1"] - d["f1"], i, d["page_type"], d["f1"], other[i]["f1"])
        for i, d in mine.items()
        if i in other and not d.get("missing")
    ]
    return sorted(rows, reverse=True)[:GAP_PAGES]


def run_accuracy(bench: Path, records: list[RawRecord], rerun_cv: bool) -> None:
    thr = str(Config().thresholds(html=True)[0])
    truth = html_truth(bench, records)
    limited = len(records) < len(list((bench / "dev").glob("*.html.gz")))
    cv = cv_report(bench, rerun_cv) if not limited else None
    results: dict[str, dict[str, Any]] = {}
    if cv is not None and thr in cv:
        results[f"decruft (5-fold CV, thr {thr})"] = cv[thr]

    def score(name: str, pred: Path) -> None:
        per_doc = HTML_OUT / f"{pred.name}.per-doc.jsonl"
        results[name] = score_dir(bench, pred, per_doc=per_doc, truth=truth)

    ours = "decruft shipped model (in-sample)"
    score(ours, write_decruft(records))
    guarded = {name: Guarded(fn) for name, fn in peer_extractors().items()}
    for name, extract in guarded.items():
        out = write_peer(name, extract, records)
        if name == "trafilatura":
            write_trafilatura_meta(records)
        score(name, out)

    first = next(iter(results.values()))
    print(
        f"\nAccuracy on HTML, the dev articles that have HTML ({first['all']['n']}), "
        "scored by score.py"
    )
    if limited:
        print("  (a --limit run: scored on those pages only; no CV row, it covers all of dev)")
    elif cv is None:
        print(
            f"  decruft (5-fold CV): not available yet ({CV_REPORT.relative_to(ROOT)} missing; "
            "`training/train.py --html` writes it, or run this with --cv) — the decruft row "
            "below is IN-SAMPLE"
        )
    print(f"{'system':<{NAME_WIDTH}}" + "".join(f"{c[:8]:>{COL_WIDTH}}" for c in COLUMNS))
    for name, res in results.items():
        print(_row(name, res["all"], COLUMNS, COL_WIDTH))
    for name, extract in guarded.items():
        if extract.failures:
            print(
                f"  {name} raised on {sum(extract.failures.values())} pages (empty output): "
                f"{dict(extract.failures)}"
            )

    types = sorted(first["by_page_type"])
    print("\nper page type, token F1 (n pages):")
    print(
        f"{'system':<{NAME_WIDTH}}"
        + "".join(
            f"{t[:9] + ' ' + str(first['by_page_type'][t]['n']):>{TYPE_WIDTH}}" for t in types
        )
    )
    for name, res in results.items():
        bt = res["by_page_type"]
        print(f"{name:<{NAME_WIDTH}}" + "".join(f"{bt[t]['f1']:>{TYPE_WIDTH}.3f}" for t in types))

    print("\nmetadata on dev articles (score.py; trafilatura = its extract_metadata):")
    print(f"{'system':<{NAME_WIDTH}}" + "".join(f"{c:>{META_WIDTH}}" for c in META_COLUMNS))
    for name, res in results.items():
        if res.get("meta"):
            print(_row(name, res["meta"], META_COLUMNS, META_WIDTH))

    print(f"\npages where decruft (in-sample) trails trafilatura most (top {GAP_PAGES}):")
    print(f"  {'id':<28}{'type':<15}{'decruft':>9}{'trafil.':>9}")
    gaps = _gaps(HTML_OUT / "decruft.per-doc.jsonl", HTML_OUT / "trafilatura.per-doc.jsonl")
    for _, doc_id, ptype, f_ours, f_theirs in gaps:
        print(f"  {doc_id:<28}{ptype:<15}{f_ours:>9.3f}{f_theirs:>9.3f}")


# --- speed -------------------------------------------------------------------------------


def run_speed(records: list[RawRecord], rounds: int) -> None:
    pages = [(rec.html or "", rec.url) for rec in records]
    guarded = {name: Guarded(fn) for name, fn in peer_extractors().items()}

    def run_decruft() -> None:
        for _ in decruft.clean_records(records):
            pass

    def runner(extract: Guarded) -> Callable[[], None]:
        def run() -> None:
            for html, url in pages:
                extract(html, url)

        return run

    systems: dict[str, Callable[[], object]] = {"decruft (HTML -> Page)": run_decruft}
    systems.update({name: runner(fn) for name, fn in guarded.items()})
    decruft.warm_up()
    for html, url in pages[:WARM_UP_PAGES]:
        for extract in guarded.values():
            extract(html, url)
    gc.freeze()
    best = best_rounds(systems, rounds)
    n = len(pages)
    print(f"\nSpeed on HTML: {n} dev pages, best of {rounds} rounds, same process, one core")
    ours = "decruft (HTML -> Page)"
    print_rates(best, n, ours, width=NAME_WIDTH, title="decruft/peer", ratio="{:.2f}x")


# --- WARC --------------------------------------------------------------------------------


def build_warc(records: list[RawRecord], path: Path) -> None:
    """The pages as HTTP 200 response records, one gzip member each, as crawlers write them."""
    from fastwarc.warc import WarcRecord, WarcRecordType

    with path.open("wb") as f:
        for rec in records:
            body = (rec.html or "").encode("utf-8")
            record = WarcRecord()
            urn = f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, rec.id)}".encode()
            record.init_headers(WarcRecordType.response, record_urn=urn)
            record.headers.append("WARC-Target-URI", rec.url or WARC_URL.format(rec.id))
            record.headers.append("Content-Type", "application/http; msgtype=response")
            record.set_bytes_content(HTTP_HEAD.format(len(body)).encode() + body)
            buf = io.BytesIO()
            record.write(buf)
            f.write(gzip.compress(buf.getvalue()))


def peer_on_warc(path: Path, out: Path, extract: Guarded) -> int:
    """FastWARC reads the responses, the peer extracts each; its text goes to JSON lines."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n = 0
    with path.open("rb") as f, out.open("w", encoding="utf-8") as sink:
        for record in ArchiveIterator(f, record_types=WarcRecordType.response, parse_http=True):
            html = record.reader.read().decode(record.http_charset or "utf-8", "replace")
            url = record.headers.get("WARC-Target-URI")
            text = extract(html, url)
            sink.write(json.dumps({"url": url, "text": text}, ensure_ascii=False) + "\n")
            n += 1
    return n


def run_warc(records: list[RawRecord], rounds: int) -> None:
    build_warc(records, WARC_PATH)
    size_mb = WARC_PATH.stat().st_size / MB
    out = OUT / "html" / "warc-run"
    counts: dict[str, int] = {}

    def run_decruft() -> None:
        summary = run_clean([WARC_PATH], out / "decruft", Config(), [])
        counts["decruft clean"] = int(str(summary["pages_written"]))

    traf = Guarded(peer_extractors()["trafilatura"])

    def run_trafilatura() -> None:
        counts["FastWARC + trafilatura"] = peer_on_warc(WARC_PATH, out / "trafilatura.jsonl", traf)

    out.mkdir(parents=True, exist_ok=True)
    systems: dict[str, Callable[[], object]] = {
        "decruft clean": run_decruft,
        "FastWARC + trafilatura": run_trafilatura,
    }
    decruft.warm_up()
    gc.freeze()
    best = best_rounds(systems, rounds)
    ours = counts["decruft clean"] / best["decruft clean"]
    print(
        f"\nWARC end to end: {WARC_PATH.relative_to(ROOT)} ({len(records)} response records, "
        f"{size_mb:.1f} MB gzipped), best of {rounds} rounds, same process, one core"
    )
    print(f"{'system':<{NAME_WIDTH}}{'pages':>7}{'pages/s':>10}{'MB/s':>8}{'decruft/peer':>14}")
    for name in systems:
        rate = counts[name] / best[name]
        ratio = "" if name.startswith("decruft") else f"{ours / rate:.2f}x"
        print(
            f"{name:<{NAME_WIDTH}}{counts[name]:>7}{rate:>10.1f}{size_mb / best[name]:>8.2f}"
            f"{ratio:>14}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument(
        "--cv",
        action="store_true",
        help="re-run decruft's 5-fold CV on HTML now (training/train.py --html --cv-only) "
        "instead of reading training/cv_report_html.json",
    )
    ap.add_argument("--limit", type=int, default=0, help="use only the first N pages")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds per system")
    ap.add_argument(
        "--parts", default=",".join(PARTS), help=f"comma-separated subset of {','.join(PARTS)}"
    )
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    if parts - set(PARTS):
        ap.error(f"unknown part(s): {', '.join(sorted(parts - set(PARTS)))}")
    HTML_OUT.mkdir(parents=True, exist_ok=True)
    records = load_pages(args.bench, args.limit)
    print(f"{len(records)} dev pages with HTML")
    if "accuracy" in parts:
        run_accuracy(args.bench, records, args.cv)
    if "speed" in parts:
        run_speed(records, args.rounds)
    if "warc" in parts:
        run_warc(records, args.rounds)


if __name__ == "__main__":
    main()
