"""What the report counts over every page of a run (not only the pages it shows in full)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from decruft.report.records import Record, label, signals, spans, text


@dataclass(slots=True)
class Totals:
    """Counts over all pages of pages.jsonl, made by one reader; not shared."""

    pages: int = 0
    unreadable_lines: int = 0
    with_body: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    page_types: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    removed_chars: Counter[str] = field(default_factory=Counter)
    removed_blocks: Counter[str] = field(default_factory=Counter)
    kept_chars: list[float] = field(default_factory=list)
    removals: list[float] = field(default_factory=list)
    # each numeric signal's values, and each string signal's values counted
    numbers: dict[str, list[float]] = field(default_factory=dict)
    words: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        self.pages += 1
        self.verdicts[label(record.get("verdict"))] += 1
        self.page_types[label(record.get("page_type"))] += 1
        self.languages[label(record.get("language"))] += 1
        if isinstance(record.get("body"), str):
            self.with_body += 1
        found = spans(record)
        for s in found:
            self.removed_chars[s.rule] += s.end - s.start
            self.removed_blocks[s.rule] += s.blocks
        self.removals.append(len(found))
        self.kept_chars.append(len(text(record.get("text"))))
        for key, value in signals(record).items():
            if isinstance(value, str):
                self.words.setdefault(key, Counter())[value] += 1
            else:
                self.numbers.setdefault(key, []).append(value)

    def rules(self) -> list[str]:
        """Every rule seen, most removed characters first."""
        return [rule for rule, _ in self.removed_chars.most_common()]
