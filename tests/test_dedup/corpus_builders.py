"""Synthetic articles for the dedup tests: seeded random prose, so different articles share
(almost) no 5-word shingle and edits have a known size."""

from __future__ import annotations

import random

VOCAB = [
    f"{a}{b}"
    for a in ("ka", "lo", "mi", "ne", "po", "ru", "si", "ta", "vu", "we", "xo", "ze")
    for b in ("ban", "cor", "dil", "fen", "gut", "hom", "jir", "kel", "mas", "nop", "pit", "ros")
]


def article(seed: int, words: int = 400) -> str:
    """A page of paragraphs of random words (one paragraph per line)."""
    rng = random.Random(seed)
    ws = [rng.choice(VOCAB) for _ in range(words)]
    lines = [" ".join(ws[i : i + 40]).capitalize() + "." for i in range(0, words, 40)]
    return "\n".join(lines)


def edit_words(text: str, n: int, seed: int) -> str:
    """Replace n random words (a copy with small edits)."""
    rng = random.Random(seed)
    ws = text.split(" ")
    for i in rng.sample(range(len(ws)), n):
        ws[i] = "edited"
    return " ".join(ws)
