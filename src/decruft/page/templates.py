"""Template rules: error-page messages, disclaimers, comment widgets, share/cookie/newsletter
prompts and navigation links, as data (``data/templates.json``), not site-specific code.

A rule removes a block only when the block is short enough for that rule and a pattern
matches; a trigger-word prefilter keeps the regex work to a handful of blocks per page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from decruft.model import Block, Removal
from decruft.page import textarrays as ta
from decruft.resources import data_path

# Evidence quotes at most this much of the matched text.
EVIDENCE_CHARS = 60
# Rules are tagged with one bit each of a uint32.
MAX_RULES = 32


@dataclass(frozen=True, slots=True)
class TemplateRule:
    id: str
    description: str
    max_chars: int
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class TemplateRules:
    """The rules, plus one word table and one character table tagging each rule's triggers."""

    rules: tuple[TemplateRule, ...]
    words: ta.WordTable
    chars: npt.NDArray[np.uint8]
    max_chars: int


@cache
def template_rules() -> TemplateRules:
    raw = json.loads(data_path("templates.json").read_text("utf-8"))
    rules, word_groups, char_groups = [], [], []
    for bit_no, r in enumerate(raw["rules"]):
        bit = 1 << bit_no
        word_groups.append((bit, ta.hash_words(t for t in r["triggers"] if t.isalnum())))
        char_groups.append((bit, "".join(t for t in r["triggers"] if not t.isalnum())))
        pattern = re.compile("|".join(f"(?:{p})" for p in r["patterns"]), re.IGNORECASE)
        rules.append(TemplateRule(r["id"], r["description"], int(r["max_chars"]), pattern))
    if len(rules) > MAX_RULES:
        raise ValueError(f"at most {MAX_RULES} template rules (one bit each)")
    return TemplateRules(
        tuple(rules),
        ta.WordTable.build(word_groups),
        ta.char_table(char_groups),
        max(r.max_chars for r in rules),
    )


def find_templates(
    blocks: tuple[Block, ...], arrays: ta.PageArrays, skip: set[int]
) -> list[Removal]:
    """Removals for blocks that match a template rule (blocks in ``skip`` are already gone)."""
    index = template_rules()
    tags = ta.tag_blocks(arrays, index.words, index.chars).blocks
    removals: list[Removal] = []
    for i in np.flatnonzero((tags != 0) & (arrays.lengths <= index.max_chars)).tolist():
        if i in skip:
            continue
        block = blocks[i]
        for bit_no, rule in enumerate(index.rules):
            if not tags[i] & (1 << bit_no) or len(block.text) > rule.max_chars:
                continue
            match = rule.pattern.search(block.text)
            if match is not None:
                evidence = f'{rule.description}: "{match.group(0)[:EVIDENCE_CHARS]}"'
                removals.append(Removal(block.start, block.end, rule.id, evidence, block.index))
                break
    return removals
