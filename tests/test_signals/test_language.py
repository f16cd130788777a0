"""The language signal: py3langid's own answer, from a bounded piece of the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from decruft.resources import data_path
from decruft.signals import text_signals
from decruft.signals.language import (
    LANGUAGE_PREFIX_CHARS,
    PROSE_LINE_CHARS,
    classify,
    identifier,
    language,
)

SAMPLES = sorted(Path(str(data_path("samples"))).glob("*.txt"))
DEV = Path(__file__).resolve().parents[3] / "shared" / "bench" / "dev"
DEV_RECORDS = sorted(p for p in DEV.glob("*.txt") if not p.name.endswith(".truth.txt"))
# The compiled classify sums float32 in another order than BLAS: probabilities differ in
# their last bits, never by more than this.
CONFIDENCE_TOLERANCE = 1e-4

TEXTS = [
    "The quick brown fox jumps over the lazy dog, and the dog does not mind at all.",
    "Der schnelle braune Fuchs springt über den faulen Hund, und niemand ist überrascht.",
    "Le renard brun rapide saute par-dessus le chien paresseux, et personne ne dit rien.",
    "El rápido zorro marrón salta sobre el perro perezoso, y nadie se sorprende.",
    "Быстрая коричневая лиса прыгает через ленивую собаку, и никто не удивлён.",
    "素早い茶色の狐が怠け者の犬を飛び越えた。",
    "ALL CAPITALS HEADLINE ABOUT THE ECONOMY",
    "12 34 56 — ok",
]


def _same(text: str) -> None:
    code, confidence = classify(text)
    theirs, their_confidence = identifier().classify(text)
    assert code == theirs
    assert abs(confidence - float(their_confidence)) <= CONFIDENCE_TOLERANCE


@pytest.mark.parametrize("text", TEXTS)
def test_classify_is_py3langid(text: str) -> None:
    _same(text)


def test_classify_is_py3langid_on_pages() -> None:
    paths = [*SAMPLES, *DEV_RECORDS[::40]]
    for path in paths:
        text = path.read_text("utf-8", errors="replace")
        for n in (60, LANGUAGE_PREFIX_CHARS, 1000):
            if text[:n].strip():
                _same(text[:n])


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_classify_is_py3langid_on_any_text(text: str) -> None:
    _same(text)


def test_no_letter_no_language() -> None:
    assert language("") == (None, 0.0)
    assert language("12 34 — 56 ... !!") == (None, 0.0)
    assert text_signals("2024-01-01 12:00").language is None


def test_only_a_bounded_piece_is_read() -> None:
    prose = "This is a sentence of ordinary English prose, long enough to be a paragraph. " * 3
    head = "Menu\nHome\n" + prose
    tail = "\nDies ist ein deutscher Satz, der nach dem Stück kommt, das gelesen wird. " * 50
    assert language(head + tail, len("Menu\nHome\n")) == language(head, len("Menu\nHome\n"))
    assert text_signals(head + tail).language == "en"


def test_reading_starts_at_the_first_prose_line() -> None:
    title = "Der Titel auf Deutsch"
    prose = "And then the article itself, in English, as most of the text is written here."
    assert len(prose) >= PROSE_LINE_CHARS > len(title)
    assert text_signals(f"{title}\n{prose}").language == "en"
