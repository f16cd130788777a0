"""The language signal: CLD2's answer, from a bounded piece of the text, on any input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from decruft.resources import data_path
from decruft.signals import text_signals
from decruft.signals.language import LANGUAGE_PREFIX_CHARS, PROSE_LINE_CHARS, classify, language

SAMPLES = sorted(Path(str(data_path("samples"))).glob("*.txt"))
DEV = Path(__file__).resolve().parents[3] / "shared" / "bench" / "dev"
DEV_RECORDS = sorted(p for p in DEV.glob("*.txt") if not p.name.endswith(".truth.txt"))
# The prefix read must give the whole text's language on nearly every page.
MIN_PREFIX_AGREEMENT = 0.97

TEXTS = {
    "en": "The quick brown fox jumps over the lazy dog, and the dog does not mind at all.",
    "de": "Der schnelle braune Fuchs springt über den faulen Hund, und niemand ist überrascht.",
    "fr": "Le renard brun rapide saute par-dessus le chien paresseux, et personne ne dit rien.",
    "es": "El rápido zorro marrón salta sobre el perro perezoso, y nadie se sorprende por ello.",
    "ru": "Быстрая коричневая лиса прыгает через ленивую собаку, и никто не удивлён этим.",
    "ja": "素早い茶色の狐が怠け者の犬を飛び越えた。誰も驚かなかった。",
}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_plain_sentences(code: str) -> None:
    found, confidence = classify(TEXTS[code])
    assert found == code and 0.5 < confidence <= 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_an_answer(text: str) -> None:
    """Control characters, surrogates and noncharacters (which CLD2 refuses) are read as
    spaces: every text gets a language or none, never an error."""
    found, confidence = language(text)
    assert (found is None and confidence == 0.0) or (isinstance(found, str) and found)
    assert 0.0 <= confidence <= 1.0


def test_refused_characters_are_read_as_spaces() -> None:
    english = TEXTS["en"]
    assert classify("\x00\x7f\ud800\ufffe\U0010ffff " + english)[0] == "en"


def test_no_letter_no_language() -> None:
    assert language("") == (None, 0.0)
    assert language("12 34 — 56 ... !!") == (None, 0.0)
    assert text_signals("2024-01-01 12:00").language is None


def test_only_a_bounded_piece_is_read() -> None:
    prose = "This is a sentence of ordinary English prose, long enough to be a paragraph. " * 20
    assert len(prose) > LANGUAGE_PREFIX_CHARS
    head = "Menu\nHome\n" + prose
    tail = "\nDies ist ein deutscher Satz, der nach dem Stück kommt, das gelesen wird. " * 50
    assert language(head + tail, len("Menu\nHome\n")) == language(head, len("Menu\nHome\n"))
    assert text_signals(head + tail).language == "en"


def test_reading_starts_at_the_first_prose_line() -> None:
    title = "Der Titel auf Deutsch"
    prose = "And then the article itself, in English, as most of the text is written here."
    assert len(prose) >= PROSE_LINE_CHARS > len(title)
    assert text_signals(f"{title}\n{prose}").language == "en"


def test_the_prefix_gives_the_pages_language() -> None:
    paths = [*SAMPLES, *DEV_RECORDS[::10]]
    same = 0
    for path in paths:
        text = path.read_text("utf-8", errors="replace")
        same += language(text)[0] == classify(text)[0]
    assert same >= MIN_PREFIX_AGREEMENT * len(paths)
