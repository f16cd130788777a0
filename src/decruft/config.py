"""One frozen ``Config`` for a whole run, with named presets.

Every knob a user may turn lives here, each with the reason for its default.
Steps receive the Config; nothing reads settings from globals or the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

PresetName = Literal["precision", "balanced", "recall"]


@dataclass(frozen=True, slots=True)
class Config:
    # Classifier probability a block needs to be kept. Balanced is the threshold with the best
    # cross-validated token F1 on the dev benchmark (see training/train.py's report).
    keep_threshold: float = 0.5
    # A repeated block shorter than this (in characters) is left to the classifier: short lines
    # ("Pros:", "}", list labels) legitimately recur inside articles.
    repeat_min_chars: int = 12
    # Pages are scored in batches so the model is called once per batch, not once per page.
    batch_pages: int = 64
    # Template rules (error page, disclaimer, comment widget, share/cookie/...) switched on.
    templates: bool = True
    # The learned block scorer; off leaves only the rule-based steps (repeats, templates).
    classifier: bool = True
    # Keep the headline block even when the classifier scored it low: users want the headline
    # with the article. On the dev benchmark it is neutral (-0.0005 token F1, within noise):
    # the model already keeps most headlines.
    keep_headline: bool = True

    @classmethod
    def preset(cls, name: PresetName) -> Config:
        """Named trade-offs between keeping too much and losing article text."""
        return PRESETS[name]

    def with_(self, **changes: object) -> Config:
        return replace(self, **changes)  # type: ignore[arg-type]


PRESETS: dict[PresetName, Config] = {
    "balanced": Config(),
    "precision": Config(keep_threshold=0.65),
    "recall": Config(keep_threshold=0.4),
}
