"""The text's language and the model's confidence, from py3langid (langid.py's naive Bayes
model over byte n-grams; the model ships inside the package).

py3langid walks the text's bytes through its model's automaton in a Python loop (~0.2 us a
byte); here the same walk runs compiled (``_kernels._walk``) and the scoring is py3langid's
own, step for step, so label and confidence are what ``classify`` returns (tested). Only
the first LANGUAGE_PREFIX_CHARS characters are read, so a page's cost is bounded: scoring
grows with the distinct n-grams read (~0.15 us each, a float16 row apiece).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from decruft.signals._kernels import _classify

# Characters of the text the model reads, from the first line of PROSE_LINE_CHARS or more
# (a title, a byline or a date line says less about the language than a paragraph). On the
# 723 dev text pages, 150 characters from there give the language the whole text gets on
# all but one (from the text's start: all but three), for ~70 us a page; 300 characters
# give it on all, for ~110 us.
LANGUAGE_PREFIX_CHARS = 150
PROSE_LINE_CHARS = 60
# Decimals kept of the confidence.
CONFIDENCE_DECIMALS = 4


@cache
def identifier() -> Any:
    """py3langid's identifier with probabilities normalized (its confidence is then a
    probability), loaded once per process: ~0.5 s to unpack the shipped model, ~70 MB."""
    from py3langid.langid import (  # type: ignore[import-untyped]  # no type hints
        MODEL_FILE,
        LanguageIdentifier,
    )

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def _model() -> tuple[Any, ...] | None:
    """The identifier's automaton and weights as arrays for ``_kernels._classify``
    (transitions, each state's row, each state's feature, the float16 weights' bits, the
    class priors, the alias pairs, whether every weight is normal), or None when this
    py3langid keeps its model otherwise (``classify`` then calls py3langid's own)."""
    ident = identifier()
    try:
        nextmove, rows, output = ident.tk_nextmove, ident._rowbase, ident.tk_output
        weights, prior, aliases = ident.nb_ptc, ident.nb_pc, ident._alias_pairs
        usable = (
            nextmove.itemsize == 4
            and ident._norm_probs
            and ident.min_confidence is None
            and weights.dtype == np.float16
            and weights.ndim == 2
            and prior.dtype == np.float32
            and len(ident.nb_classes) == weights.shape[1] == len(prior)
        )
    except AttributeError:
        return None
    if not usable:
        return None
    halves = np.ascontiguousarray(weights).view(np.uint16)
    exponents = (halves >> 10) & 0x1F
    normal = not bool(np.any((exponents == 0x1F) | ((exponents == 0) & ((halves & 0x3FF) != 0))))
    arrays = (
        np.asarray(rows, dtype=np.int64),
        np.asarray(output, dtype=np.int32),
        halves,
        np.ascontiguousarray(prior),
        np.array(aliases, dtype=np.int64).reshape(-1, 2),
    )
    for array in arrays:
        array.flags.writeable = False
    rowbase, features, table, priors, pairs = arrays
    return nextmove, rowbase, features, table, priors, pairs, normal


def classify(text: str) -> tuple[str, float]:
    """py3langid's ``classify(text)`` (probabilities normalized), computed by
    ``_kernels._classify`` from the same model: the same language, the probability within
    ~1e-5 (float32 sums in another order than BLAS's)."""
    ident = identifier()
    model = _model()
    if model is None:
        code, confidence = ident.classify(text)
        return str(code), float(confidence)
    data = np.frombuffer(ident._encode(text), dtype=np.uint8)
    best, confidence = _classify(data, *model)
    return str(ident.nb_classes[best]), float(confidence)


def language(text: str, start: int = 0) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) of LANGUAGE_PREFIX_CHARS characters of the text from
    ``start``; (None, 0.0) when they hold no letter."""
    prefix = text[start : start + LANGUAGE_PREFIX_CHARS]
    if not any(map(str.isalpha, prefix)):
        return None, 0.0
    code, confidence = classify(prefix)
    return code, round(confidence, CONFIDENCE_DECIMALS)
