"""A run folder whose every field tries to get markup or script into the report."""

from __future__ import annotations

import json
from pathlib import Path

# What an injected script would leave behind, were it to run: an attribute on <body>, a
# title, an element. The report's own script never makes any of them.
MARKER = "data-pwned"
PWNED_TITLE = "PWNED"
PWNED_ID = "pwned"

_SET = f"document.body.setAttribute('{MARKER}','1')"
PAYLOADS = (
    f"</script><script>{_SET}</script>",
    f'<img src=x onerror="{_SET}">',
    f'<svg onload="{_SET}"></svg>',
    f"</textarea><script>document.title='{PWNED_TITLE}'</script>",
    f"--><script>{_SET}</script><!--",
    f"<!--<script>{_SET}</script>",
    f"<div id={PWNED_ID}>injected</div>",
    f'<iframe srcdoc="<script>parent.{_SET}</script>"></iframe>',
    "\u2028\u2029</style><style>body{display:none}</style>",
)
EVIL = " ".join(PAYLOADS)
JS_URL = f"javascript:{_SET}"
# The run folder's name goes into the report's title: it tries too (no '/', so no PAYLOADS).
FOLDER = "run <b id=pwned>"


def _page(n: int) -> dict[str, object]:
    """A page with payloads in every field; its removals cut the body at the payloads."""
    head = f"Menu {EVIL}\n"
    middle = f"Article text {n} {EVIL}\n"
    tail = f"Footer {EVIL}\n"
    body = head + middle + tail
    return {
        "id": f"evil-{n}-{EVIL}",
        "source": f"{EVIL}.txt",
        "url": JS_URL,
        "crawl_date": EVIL,
        "http_status": 200,
        "verdict": f"article {EVIL}",
        "verdict_reasons": [EVIL],
        "page_type": EVIL,
        "title": f"Title {n} {EVIL}",
        "publisher": EVIL,
        "author": EVIL,
        "date": EVIL,
        "language": EVIL,
        "flags": [EVIL],
        "text": middle.rstrip("\n"),
        "removed": [
            {
                "start": 0,
                "end": len(head),
                "rule": f"navigation {EVIL}",
                "evidence": EVIL,
                "block": 0,
                "blocks": 1,
            },
            {
                "start": len(head) + len(middle),
                "end": len(body),
                "rule": "classifier",
                "evidence": f"p=0.1 {EVIL}",
                "block": 2,
                "blocks": 1,
            },
        ],
        "body": body,
        "signals": {"words": 12 + n, f"key {EVIL}": 1.5, "language": EVIL},
    }


def write_hostile_run(where: Path, pages: int = 2) -> Path:
    """The folder (under ``where``) of a made-up run of ``pages`` hostile pages."""
    out = where / FOLDER
    out.mkdir(parents=True)
    records = [_page(n) for n in range(pages)]
    with open(out / "pages.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    reject = {"id": EVIL, "source": EVIL, "reason": f"{EVIL}: details"}
    (out / "rejects.jsonl").write_text(json.dumps(reject) + "\n", "utf-8")
    chars: dict[str, int] = {}
    blocks: dict[str, int] = {}
    for r in records:
        for x in r["removed"]:  # type: ignore[attr-defined]
            chars[x["rule"]] = chars.get(x["rule"], 0) + x["end"] - x["start"]
            blocks[x["rule"]] = blocks.get(x["rule"], 0) + x["blocks"]
    run = {
        "version": EVIL,
        "pages_read": pages + 1,
        "pages_written": pages,
        "pages_rejected": {EVIL: 1},
        "conserved": True,
        "ledger_errors": [EVIL],
        "removed_chars_by_rule": chars,
        "removed_blocks_by_rule": blocks,
        "formats": [EVIL],
        "engine": EVIL,
    }
    (out / "run.json").write_text(json.dumps(run), "utf-8")
    return out
