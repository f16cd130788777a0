"""Template rules: error-page messages, disclaimers, comment widgets, share/cookie/newsletter
prompts and navigation links, as data (``data/templates.json``), not site-specific code.

A rule removes a block only when the block is short enough for that rule and a pattern
matches; a trigger-word prefilter keeps the regex work to a handful of blocks per page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from decruft.model import Blocks, Removal
from decruft.page import textarrays as ta
from decruft.resources import data_path

# Evidence quotes at most this much of the matched text.
EVIDENCE_CHARS = 60
# Rules are tagged with one bit each of a uint32.
MAX_RULES = 32


@dataclass(frozen=True)
class TemplateRule:
    """One rule; its regexes are compiled on first use, so a run compiles only the rules its
    pages trigger (compiling all of them is a tenth of a one-page run's start).

    The patterns are written in lowercase (``template_rules`` checks) and searched, compiled
    case-sensitively, in a block's lowercase, for the same matches: re.IGNORECASE compares
    every character folded, and the dev records' rule searches took 70 us a page with it,
    54 without."""

    id: str
    description: str
    max_chars: int
    patterns: tuple[str, ...]

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The rule: its patterns as one alternation, ignoring case."""
        return re.compile(_joined(self.patterns), re.IGNORECASE)

    @cached_property
    def _cased(self) -> re.Pattern[str]:
        """The alternation, for lowercase text."""
        return re.compile(_joined(self.patterns))

    @cached_property
    def _groups(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        """The same patterns in two groups, for lowercase text: those anchored at the start
        (one attempt, at 0) and the others. The alternation tries every pattern at every
        position, the anchored ones too, so searching the two groups apart costs less, for
        the same match."""
        heads = [body for p in self.patterns if (body := _anchored_body(p)) is not None]
        others = [p for p in self.patterns if _anchored_body(p) is None]
        anchored = re.compile(f"^(?:{_joined(heads)})") if heads else None
        return anchored, re.compile(_joined(others)) if others else None

    def search(self, text: str, lowered: str | None = None) -> tuple[int, int] | None:
        """The span of ``self.pattern.search(text)``: the leftmost match, and at that
        position the first pattern that matches. ``lowered``: ``text.lower()``, when the
        caller has it. Anchored patterns can only match at 0, where a floating one matching
        too means the patterns' order decides (rare: the alternation is asked)."""
        low = text.lower() if lowered is None else lowered
        if len(low) != len(text):  # a letter whose lowercase is longer ("İ"): spans differ
            found = self.pattern.search(text)
            return found.span() if found is not None else None
        anchored, floating = self._groups
        head = anchored.match(low) if anchored is not None else None
        if head is None:
            found = floating.search(low) if floating is not None else None
        elif floating is not None and floating.match(low) is not None:
            found = self._cased.search(low)
        else:
            found = head
        return found.span() if found is not None else None


class TemplateRules(NamedTuple):
    """The rules, plus one word table and one character table tagging each rule's triggers,
    and ``fitting[n]``: the bits of the rules a block of n characters is short enough for
    (n up to ``max_chars`` + 1, which no rule takes)."""

    rules: tuple[TemplateRule, ...]
    words: ta.WordTable
    chars: npt.NDArray[np.uint8]
    max_chars: int
    fitting: npt.NDArray[np.uint32]


@cache
def template_rules() -> TemplateRules:
    raw = json.loads(data_path("templates.json").read_text("utf-8"))
    rules, word_groups, char_groups = [], [], []
    for bit_no, r in enumerate(raw["rules"]):
        bit = 1 << bit_no
        word_groups.append((bit, ta.hash_words(t for t in r["triggers"] if t.isalnum())))
        char_groups.append((bit, "".join(t for t in r["triggers"] if not t.isalnum())))
        rules.append(
            TemplateRule(r["id"], r["description"], int(r["max_chars"]), tuple(r["patterns"]))
        )
    if len(rules) > MAX_RULES:
        raise ValueError(f"at most {MAX_RULES} template rules (one bit each)")
    if any(_has_capitals(p) for rule in rules for p in rule.patterns):
        raise ValueError("template patterns are written in lowercase (they search lowercase)")
    longest = max(r.max_chars for r in rules)
    sizes = np.arange(longest + 2)
    fitting = np.zeros(longest + 2, dtype=np.uint32)
    for bit_no, rule in enumerate(rules):
        fitting[sizes <= rule.max_chars] |= np.uint32(1 << bit_no)
    fitting.flags.writeable = False
    return TemplateRules(
        tuple(rules), ta.WordTable.build(word_groups), ta.char_table(char_groups), longest, fitting
    )


def _joined(patterns: Sequence[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _has_capitals(pattern: str) -> bool:
    """Whether the pattern holds an uppercase letter outside its escapes (``\\W``, ``\\b``...)."""
    unescaped = re.sub(r"\\.", "", pattern)
    return unescaped != unescaped.lower()


def _anchored_body(pattern: str) -> str | None:
    """The pattern after its leading ``^`` if the ``^`` anchors all of it (no ``|`` outside
    parentheses and brackets), else None."""
    if not pattern.startswith("^"):
        return None
    depth, opened, escaped = 0, -1, False  # opened: where the open bracket is (-1: none)
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif opened >= 0:  # a "]" first in the brackets (after any "^") is a literal
            first = opened + 2 if pattern[opened + 1 : opened + 2] == "^" else opened + 1
            opened = -1 if ch == "]" and i > first else opened
        elif ch == "[":
            opened = i
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return None
    return pattern[1:]


def find_templates(
    blocks: Blocks,
    arrays: ta.PageArrays,
    skip: set[int],
    tags: npt.NDArray[np.uint32] | None = None,
) -> list[Removal]:
    """Removals for blocks that match a template rule (blocks in ``skip`` are already gone);
    ``arrays``: the blocks' (their lengths are the block texts', those cut for the features
    longer than any rule takes); ``tags``: the blocks' trigger bits, when the caller tagged
    them (``ta.tag_blocks`` with the rules' tables). A block is searched only for the rules
    whose triggers it holds and that take a block of its length (a third of the tagged
    blocks of the dev records fit none: they are not even lowercased)."""
    index = template_rules()
    if tags is None:
        tags = ta.tag_blocks(arrays, index.words, index.chars).blocks
    removals: list[Removal] = []
    sizes = np.minimum(arrays.lengths, index.max_chars + 1)
    tags = tags & index.fitting[sizes]
    tagged = np.flatnonzero(tags)
    for i, tag in zip(tagged.tolist(), tags[tagged].tolist(), strict=True):  # ints, not numpy's
        if i in skip:
            continue
        text = blocks.texts[i]
        lowered = text.lower()
        while tag:  # the rules whose triggers the block holds, in rule order (bit order)
            low = tag & -tag
            tag ^= low
            rule = index.rules[low.bit_length() - 1]
            span = rule.search(text, lowered)
            if span is not None:
                evidence = f'{rule.description}: "{text[span[0] : span[1]][:EVIDENCE_CHARS]}"'
                _, _, start, end = blocks[i]
                removals.append(Removal(start, end, rule.id, evidence, i))
                break
    return removals
