"""Synthetic multi-page hosts for the host boilerplate tests: seeded random prose (no two
paragraphs alike) wrapped in a per-host template of header, date and footer lines."""

from __future__ import annotations

import random

from decruft.model import RawRecord

VOCAB = [
    f"{a}{b}"
    for a in ("ka", "lo", "mi", "ne", "po", "ru", "si", "ta", "vu", "we", "xo", "ze")
    for b in ("ban", "cor", "dil", "fen", "gut", "hom", "jir", "kel", "mas", "nop", "pit", "ros")
]
# A sentence-like paragraph that other hosts carry too (a syndicated quote).
SHARED_QUOTE = (
    "“We will keep the bridge open through the winter and review the decision in spring,” "
    "the transport minister told reporters on Monday."
)


def paragraph(rng: random.Random, words: int = 30) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(words)).capitalize() + "."


def header(host: int) -> list[str]:
    return [f"Home | World | Business | Sport | Site{host} News", f"Welcome to Site{host} News"]


def footer(host: int) -> list[str]:
    return [
        f"© 2024 Site{host} Media Group. All rights reserved.",
        "Sign up for the morning briefing",
    ]


def date_line(host: int, page: int) -> str:
    return f"Updated {page % 28 + 1:02d}/{host + 1:02d}/2024 {page % 24:02d}:30"


def host_page(host: int, page: int, extra: tuple[str, ...] = ()) -> RawRecord:
    """Page ``page`` of host ``host``: template lines around four unique paragraphs (and the
    ``extra`` lines in the middle)."""
    rng = random.Random(host * 1000 + page)
    body = [paragraph(rng) for _ in range(4)]
    lines = [*header(host), date_line(host, page), *body[:2], *extra, *body[2:], *footer(host)]
    return RawRecord(
        id=f"s{host}-p{page:03d}",
        source=f"/crawl/site{host}.jsonl:{page + 1}",
        body="\n".join(lines) + "\n",
        url=f"https://www.site{host}.example/news/{page}",
    )


def corpus(hosts: int = 3, pages: int = 8) -> list[RawRecord]:
    return [host_page(h, p) for h in range(hosts) for p in range(pages)]
