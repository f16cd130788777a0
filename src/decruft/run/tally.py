"""What a shard, and then a run, read, wrote and removed: the counts of the ledger."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from decruft.io.writers import reason_key
from decruft.model import Page, Reject


@dataclass(slots=True)
class Tally:
    """Counts kept by one worker for one shard (or by the merger for a run); not shared."""

    pages_read: int = 0
    pages_written: int = 0
    pages_rejected: Counter[str] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)
    removed_blocks_by_rule: Counter[str] = field(default_factory=Counter)
    removed_chars_by_rule: Counter[str] = field(default_factory=Counter)

    def add_page(self, page: Page) -> None:
        self.pages_written += 1
        self.verdicts[page.verdict.kind.value] += 1
        blocks, chars = self.removed_blocks_by_rule, self.removed_chars_by_rule
        # dozens per page: the counters are looked up once, the fields unpacked (a Removal is
        # a tuple: unpacking skips a descriptor call per field)
        for start, end, rule, _, _, count in page.removals:
            blocks[rule] += count
            chars[rule] += end - start

    def add_reject(self, reject: Reject) -> None:
        self.pages_rejected[reason_key(reject.reason)] += 1

    def add(self, other: Tally) -> None:
        self.pages_read += other.pages_read
        self.pages_written += other.pages_written
        self.pages_rejected.update(other.pages_rejected)
        self.verdicts.update(other.verdicts)
        self.removed_blocks_by_rule.update(other.removed_blocks_by_rule)
        self.removed_chars_by_rule.update(other.removed_chars_by_rule)

    def to_dict(self) -> dict[str, object]:
        return {
            "pages_read": self.pages_read,
            "pages_written": self.pages_written,
            "pages_rejected": dict(sorted(self.pages_rejected.items())),
            "verdicts": dict(sorted(self.verdicts.items())),
            "removed_blocks_by_rule": dict(sorted(self.removed_blocks_by_rule.items())),
            "removed_chars_by_rule": dict(sorted(self.removed_chars_by_rule.items())),
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Tally:
        def counts(key: str) -> Counter[str]:
            value = data.get(key, {})
            return (
                Counter({str(k): int(v) for k, v in value.items()})
                if isinstance(value, dict)
                else Counter()
            )

        read, written = data.get("pages_read", 0), data.get("pages_written", 0)
        return cls(
            int(read) if isinstance(read, int) else 0,
            int(written) if isinstance(written, int) else 0,
            counts("pages_rejected"),
            counts("verdicts"),
            counts("removed_blocks_by_rule"),
            counts("removed_chars_by_rule"),
        )
