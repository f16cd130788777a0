"""Host boilerplate pass: a multi-page-per-host corpus built from the dev articles, cleaned
with and without ``--corpus``.

    python bench/hostpass.py [--bench ../shared/bench] [--seed 0] [--json FILE]

The corpus: the dev article records (their naive scrape, own debris included) are dealt to six
made-up hosts, each with its own template around the page — header and menu lines, a cookie
banner, a date line in the host's format, an in-article advertisement line, a rotating
"related"/"most read" list drawn from a pool of the host's headlines, newsletter, share,
disclaimer and footer lines — with per-page variation (dates, counters, which related items,
reviewer names). Every page has a URL on its host. On top:

- a syndicated group: some articles' paragraphs are republished on two other hosts (in
  those hosts' templates);
- wire quotes: three quotes inserted into many pages of one host and a page or two of
  others (content, added to the truth).

Reported: the share of injected template text (characters) removed — by decruft without and
with ``--corpus``, and by the rule ``host-boilerplate`` alone — per template kind; the share
of truth tokens lost by the host pass (tokens the plain run kept and the corpus run did not);
the quotes and syndicated pages kept; token F1 of both runs by ../shared/bench/score.py
against the corpus truth (original truth plus inserted quotes).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from decruft.config import Config, HostConfig
from decruft.corpus import HostPass, host_counts
from decruft.io.readers import read_inputs
from decruft.model import RawRecord
from decruft.pipeline import clean_records
from decruft.run.passes import run_clean

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from scoring import score_dir  # noqa: E402

OUT = ROOT / "bench-out" / "hostpass"
MONTHS = "January February March April May June July August September October November December"
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
REVIEWERS = ["Dr. Anna Meyer", "Dr. Tom Okafor", "Dr. Priya Khan", "Dr. Wei Chen"]
QUOTES = [
    "“We are monitoring the situation closely and will take every measure needed to keep "
    "people safe,” a government spokesperson said in a statement on Tuesday.",
    "“Inflation is coming down, but the job is not done yet and we will stay the course "
    "until it is,” the central bank governor told reporters.",
    "“This is a turning point for the whole industry, and nobody can afford to sit it out,” "
    "said one analyst who follows the sector.",
]
# Where each quote goes: (host index, share of that host's pages), then single pages on others.
QUOTE_HOME = [(2, 0.35), (0, 0.2), (None, 0.0)]
QUOTE_AWAY_PAGES = [1, 1, 2]
SYNDICATED_ARTICLES = 15


def _month(d: date) -> str:
    return MONTHS.split()[d.month - 1]


@dataclass(frozen=True)
class Host:
    """A made-up site: its template lines and how it varies them per page."""

    name: str
    top: tuple[str, ...]
    dated: Callable[[date, random.Random], str]
    in_body: str | None
    related_title: str
    related_shown: int
    related_pool: int
    bottom: tuple[str, ...]
    per_page: Callable[[random.Random], list[str]] = lambda rng: []


HOSTS = [
    Host(
        "www.dailycourier.example",
        (
            "Skip to main content",
            "The Daily Courier",
            "News | Politics | Business | Sport | Culture | Opinion",
            "We use cookies to improve your experience. By continuing you agree to our "
            "cookie policy.",
        ),
        lambda d, rng: (
            f"Updated: {d.isoformat()} {rng.randrange(24):02d}:{rng.randrange(60):02d} GMT"
        ),
        "Advertisement",
        "Related stories",
        4,
        16,
        (
            "Get the Courier Daily newsletter in your inbox every morning.",
            "About us | Contact | Advertise | Terms | Privacy",
            "© 2024 Daily Courier Media Ltd. All rights reserved.",
        ),
    ),
    Host(
        "metrotimes.example",
        ("Metro Times", "City | Food | Music | Events | Real estate", "Subscribe | Log in"),
        lambda d, rng: f"Published {_month(d)} {d.day}, {d.year}",
        "Story continues below advertisement",
        "More from Metro Times",
        3,
        12,
        (
            "Metro Times may earn a commission when you buy through links on our site.",
            "Sign up for our weekend guide",
            "Contact the newsroom | Corrections | Careers",
            "Copyright 2024 Metro Times Publishing",
        ),
    ),
    Host(
        "www.globalwire.example",
        ("GLOBAL WIRE", "Markets | World | Tech | Energy | Commodities", "Search"),
        lambda d, rng: (
            f"{d.day:02d}.{d.month:02d}.{d.year} | {rng.randrange(24):02d}:{rng.randrange(60):02d}"
        ),
        None,
        "Most read",
        5,
        20,
        (
            "Reporting standards: our Trust Principles",
            "All quotes delayed a minimum of 15 minutes.",
            "Global Wire, the news and media division of Global Holdings",
        ),
    ),
    Host(
        "techpulse.example",
        ("TechPulse", "Reviews | How-to | Deals | Podcasts | Newsletters"),
        lambda d, rng: (
            f"{WEEKDAYS[d.weekday()]}, {d.day} {_month(d)[:3]} {d.year} · "
            f"{rng.randint(2, 12)} min read"
        ),
        "Share this article: Twitter Facebook LinkedIn Email",
        "You might also like",
        4,
        16,
        (
            "When you purchase through links on our site, we may earn an affiliate "
            "commission. Here's how it works.",
            "TechPulse is part of Future Pulse Media, an international media group and "
            "leading digital publisher.",
            "© TechPulse 2024",
        ),
        lambda rng: [f"Comments ({rng.randint(0, 300)})"],
    ),
    Host(
        "www.healthnotes.example",
        ("HealthNotes", "Conditions | Nutrition | Fitness | Mental health | Sleep", "Menu"),
        lambda d, rng: f"Last reviewed: {d.month}/{d.day}/{d.year}",
        None,
        "Read this next",
        3,
        10,
        (
            "This content is for informational purposes only and is not a substitute for "
            "professional medical advice, diagnosis or treatment. Always seek the advice of "
            "your physician or other qualified health provider with any questions you may "
            "have regarding a medical condition.",
            "HealthNotes does not endorse any specific tests, products or procedures.",
            "Privacy policy | Terms of use | Advertising policy",
        ),
        lambda rng: [f"Medically reviewed by {rng.choice(REVIEWERS)}"],
    ),
    Host(
        "cityledger.example",
        (
            "This website uses cookies",
            "Accept all | Reject all | Manage preferences",
            "City Ledger",
            "Home | Local | State | Nation | Obituaries | E-edition",
        ),
        lambda d, rng: f"Posted {d.month}/{d.day}/{d.year}",
        "Advertisement",
        "Related",
        4,
        24,
        (
            "Follow us on Facebook, X and Instagram",
            "Support local journalism: subscribe today for 99 cents.",
            "City Ledger | 400 Main Street | All rights reserved",
        ),
    ),
]


@dataclass
class Page:
    id: str
    host: int
    url: str
    body: list[str]
    template: list[tuple[str, str]]  # (kind, line) injected
    truth: list[str]
    crawl_date: str | None
    status: int | None
    quotes: list[str]
    syndicated: bool = False


def _articles(bench: Path) -> list[tuple[RawRecord, list[str], str | None]]:
    """(record, truth lines, title) of every dev article."""
    dev = bench / "dev"
    kinds = {}
    for line in (dev / "manifest.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        kinds[row["id"]] = row["page_type"]
    out = []
    for r in read_inputs([dev]):
        if not isinstance(r, RawRecord) or kinds.get(r.id) != "article":
            continue
        truth = (dev / f"{r.id}.truth.txt").read_text("utf-8").splitlines()
        meta = dev / f"{r.id}.meta.json"
        title = json.loads(meta.read_text("utf-8")).get("title") if meta.exists() else None
        out.append((r, [t for t in truth if t.strip()], title))
    return sorted(out, key=lambda a: a[0].id)


def _headline(record: RawRecord, title: str | None, truth: list[str]) -> str:
    if title:
        return title
    return " ".join((truth[0] if truth else record.id).split()[:10])


def _wrap(
    host_i: int,
    body: list[str],
    rng: random.Random,
    pool: list[str],
    day: date,
) -> tuple[list[str], list[tuple[str, str]]]:
    """The page lines: template around the body, and the injected (kind, line) pairs."""
    host = HOSTS[host_i]
    injected: list[tuple[str, str]] = []

    def add(kind: str, line: str) -> str:
        injected.append((kind, line))
        return line

    top = [add("header", t) for t in host.top] + [add("date", host.dated(day, rng))]
    top += [add("per-page", t) for t in host.per_page(rng)]
    middle = list(body)
    if host.in_body is not None and len(middle) > 4:
        middle.insert(len(middle) // 2, add("in-body", host.in_body))
    related = [add("related", host.related_title)]
    related += [add("related", t) for t in rng.sample(pool, host.related_shown)]
    bottom = [add("footer", t) for t in host.bottom]
    return top + middle + related + bottom, injected


def build_corpus(bench: Path, seed: int) -> list[Page]:
    rng = random.Random(seed)
    articles = _articles(bench)
    order = list(range(len(articles)))
    rng.shuffle(order)
    by_host: dict[int, list[int]] = defaultdict(list)
    for k, i in enumerate(order):
        by_host[k % len(HOSTS)].append(i)
    # each host's related pool: headlines of its own articles (as real related links are)
    pools = {
        h: [
            _headline(articles[i][0], articles[i][2], articles[i][1])
            for i in idx[: HOSTS[h].related_pool]
        ]
        for h, idx in by_host.items()
    }
    pages: list[Page] = []
    start = date(2024, 1, 1)
    for h, idx in sorted(by_host.items()):
        for i in idx:
            record, truth, _ = articles[i]
            truth = list(truth)  # quotes are added per page
            day = start + timedelta(days=rng.randrange(365))
            lines, injected = _wrap(h, record.body.splitlines(), rng, pools[h], day)
            url = f"https://{HOSTS[h].name}/{day.year}/{day.month:02d}/{record.id}"
            pages.append(
                Page(
                    record.id,
                    h,
                    url,
                    lines,
                    injected,
                    truth,
                    record.crawl_date,
                    record.http_status,
                    [],
                )
            )
    # syndicated group: the article's paragraphs republished on two other hosts
    for i in rng.sample(range(len(articles)), SYNDICATED_ARTICLES):
        record, truth, _ = articles[i]
        home = next(p.host for p in pages if p.id == record.id)
        for h in rng.sample([x for x in range(len(HOSTS)) if x != home], 2):
            day = start + timedelta(days=rng.randrange(365))
            lines, injected = _wrap(h, truth, rng, pools[h], day)
            pid = f"{record.id}--on-{h}"
            url = f"https://{HOSTS[h].name}/syndication/{record.id}"
            pages.append(Page(pid, h, url, lines, injected, list(truth), None, 200, [], True))
    _insert_quotes(pages, rng)
    return pages


def _insert_quotes(pages: list[Page], rng: random.Random) -> None:
    by_host: dict[int, list[Page]] = defaultdict(list)
    for p in pages:
        if not p.syndicated:
            by_host[p.host].append(p)
    for quote, (home, share), away in zip(QUOTES, QUOTE_HOME, QUOTE_AWAY_PAGES, strict=True):
        chosen: list[Page] = []
        if home is not None:
            chosen += rng.sample(by_host[home], round(share * len(by_host[home])))
        for h in sorted(by_host):
            if h != home and len(chosen) < 40:
                chosen += rng.sample(by_host[h], away)
        for p in chosen:  # after the first paragraph of the article (quotes are content)
            truth = {_norm(t) for t in p.truth}
            at = next((i for i, line in enumerate(p.body) if _norm(line) in truth), 0)
            p.body.insert(at + 1, quote)
            p.quotes.append(quote)
            p.truth.append(quote)


def _write(pages: list[Page], folder: Path) -> tuple[Path, Path]:
    """The input JSONL and a truth folder for score.py."""
    inputs, truth = folder / "input", folder / "truth"
    for d in (inputs, truth):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    with open(inputs / "corpus.jsonl", "w", encoding="utf-8") as fh:
        for p in pages:
            row = {"id": p.id, "url": p.url, "text": "\n".join(p.body) + "\n"}
            row.update({"date": p.crawl_date, "status": p.status})
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    for p in pages:
        (truth / f"{p.id}.truth.txt").write_text("\n".join(p.truth) + "\n", "utf-8")
    return inputs, truth


def _clean(inputs: Path, out: Path, config: Config, corpus: bool) -> dict[str, dict[str, Any]]:
    shutil.rmtree(out, ignore_errors=True)
    run_clean([inputs], out, config, [], corpus=corpus)
    pred = out / "pred"
    pred.mkdir()
    pages = {}
    for line in (out / "pages.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        pages[row["id"]] = row
        (pred / f"{row['id']}.txt").write_text(row["text"], "utf-8")
    return pages


def _norm(line: str) -> str:
    return " ".join(line.split())


def template_removal(
    pages: list[Page], plain: dict[str, dict[str, Any]], corpus: dict[str, dict[str, Any]]
) -> dict[str, dict[str, float]]:
    """Per template kind (and "all"): injected characters, and the share removed by the plain
    run, by the corpus run, and by the rule host-boilerplate in the corpus run."""
    chars: Counter[str] = Counter()
    removed: dict[str, Counter[str]] = {"plain": Counter(), "corpus": Counter(), "rule": Counter()}
    for p in pages:
        body = "\n".join(p.body) + "\n"
        by_rule = Counter(
            _norm(body[r["start"] : r["end"]])
            for r in corpus[p.id]["removed"]
            if r["rule"] == "host-boilerplate"
        )
        kept = {
            k: Counter(run[p.id]["text"].split("\n"))
            for k, run in (("plain", plain), ("corpus", corpus))
        }
        for kind, line in p.template:
            n = len(line)
            chars[kind] += n
            chars["all"] += n
            for k in ("plain", "corpus"):
                if kept[k][line] > 0:
                    kept[k][line] -= 1  # this copy kept
                else:
                    removed[k][kind] += n
                    removed[k]["all"] += n
            if by_rule[line] > 0:
                by_rule[line] -= 1
                removed["rule"][kind] += n
                removed["rule"]["all"] += n
    return {
        kind: {"chars": chars[kind], **{k: removed[k][kind] / chars[kind] for k in removed}}
        for kind in sorted(chars)
    }


def truth_loss(
    pages: list[Page], plain: dict[str, dict[str, Any]], corpus: dict[str, dict[str, Any]]
) -> dict[str, float]:
    """Truth tokens (score.py's: whitespace-separated) the plain run kept and the corpus run
    lost, as a share of all truth tokens; and the worst page's share."""
    total = lost = gained = 0
    worst = 0.0
    for p in pages:
        truth = Counter(" ".join(p.truth).split())
        k0 = Counter(plain[p.id]["text"].split())
        k1 = Counter(corpus[p.id]["text"].split())
        tp0 = sum(min(n, k0[t]) for t, n in truth.items())
        tp1 = sum(min(n, k1[t]) for t, n in truth.items())
        n = sum(truth.values())
        total += n
        lost += max(tp0 - tp1, 0)
        gained += max(tp1 - tp0, 0)
        worst = max(worst, (tp0 - tp1) / max(n, 1))
    return {
        "truth_tokens": total,
        "lost": lost / total,
        "gained": gained / total,
        "worst_page": worst,
    }


def guard_stats(pages: list[Page], corpus: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Quotes and syndicated pages: how much of them a run kept."""
    quotes = [(p, q) for p in pages for q in p.quotes]
    kept_quotes = sum(q in corpus[p.id]["text"].split("\n") for p, q in quotes)
    synd = [p for p in pages if p.syndicated]
    synd_kept = synd_total = 0
    for p in synd:
        kept = set(corpus[p.id]["text"].split("\n"))
        synd_total += sum(len(t) for t in p.truth)
        synd_kept += sum(len(t) for t in p.truth if _norm(t) in kept)
    return {
        "quotes": len(quotes),
        "quotes_kept": kept_quotes / max(len(quotes), 1),
        "syndicated_pages": len(synd),
        "syndicated_chars_kept": synd_kept / max(synd_total, 1),
    }


def _quotes_without_guard(pages: list[Page], inputs: Path) -> float:
    """Share of the inserted quotes kept by the rules-only host pass with the guard off."""
    records = [r for r in read_inputs([inputs]) if isinstance(r, RawRecord)]
    no_guard = HostPass(host_counts(records), HostConfig(shared_min_hosts=len(HOSTS) + 1))
    out = {p.id: p for p in clean_records(records, RUNS["rules"][0], host=no_guard)}
    quotes = [(p.id, q) for p in pages for q in p.quotes]
    return sum(q in out[pid].text.split("\n") for pid, q in quotes) / max(len(quotes), 1)


# The runs: decruft as shipped, and with the rule steps only (no classifier, no template
# rules), each without and with --corpus; the rules-only pair shows the host pass on its own.
RUNS = {
    "plain": (Config(), False),
    "corpus": (Config(), True),
    "rules": (Config(classifier=False, templates=False), False),
    "rules+corpus": (Config(classifier=False, templates=False), True),
}
PAIRS = (("plain", "corpus"), ("rules", "rules+corpus"))


def _report_pair(
    pages: list[Page], before: str, after: str, runs: dict[str, dict[str, dict[str, Any]]]
) -> dict[str, Any]:
    removal = template_removal(pages, runs[before], runs[after])
    loss = truth_loss(pages, runs[before], runs[after])
    print(f"\n{before} vs {after}: injected template text removed (share of characters)")
    print(f"  {'kind':<10} {'chars':>8} {before:>13} {after:>13} {'host-boilerplate':>17}")
    for kind, row in removal.items():
        print(
            f"  {kind:<10} {row['chars']:>8} {row['plain']:>13.1%} {row['corpus']:>13.1%} "
            f"{row['rule']:>17.1%}"
        )
    print(
        f"  truth tokens lost by the host pass: {loss['lost']:.2%} of {loss['truth_tokens']} "
        f"(gained {loss['gained']:.2%}; worst page {loss['worst_page']:.1%})"
    )
    return {"template_removed": removal, "truth_loss": loss}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()

    pages = build_corpus(args.bench, args.seed)
    hosts = Counter(HOSTS[p.host].name for p in pages)
    per_host = ", ".join(f"{h} {n}" for h, n in sorted(hosts.items()))
    print(f"corpus: {len(pages)} pages on {len(hosts)} hosts ({per_host})")
    inputs, truth = _write(pages, OUT)
    runs = {name: _clean(inputs, OUT / name, cfg, corpus) for name, (cfg, corpus) in RUNS.items()}
    result: dict[str, Any] = {"pages": len(pages), "hosts": dict(hosts)}
    for before, after in PAIRS:
        result[f"{before} vs {after}"] = _report_pair(pages, before, after, runs)
    print("\nwire quotes and syndicated pages kept:")
    result["guard"] = {}
    for name, run in runs.items():
        g = result["guard"][name] = guard_stats(pages, run)
        print(
            f"  {name:<13} quotes {g['quotes_kept']:.1%} of {g['quotes']}; syndicated pages "
            f"{g['syndicated_chars_kept']:.1%} of their truth characters"
        )
    off = _quotes_without_guard(pages, inputs)
    result["guard"]["rules+corpus, guard off"] = {"quotes_kept": off}
    print(f"  rules+corpus with the shared-content guard off: quotes {off:.1%}")
    print("\nscore.py on the corpus (token F1 / P / R, mean over pages):")
    result["scores"] = {}
    for name in runs:
        s = result["scores"][name] = score_dir(args.bench, OUT / name / "pred", truth=truth)["all"]
        print(
            f"  {name:<13} F1 {s['f1']:.3f}  P {s['precision']:.3f}  R {s['recall']:.3f}  "
            f"dupX {s['dup_excess_rate']:.3f}"
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
