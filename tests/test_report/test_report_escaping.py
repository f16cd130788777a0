"""What keeps page data from becoming markup or script, checked without a browser."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile_run import EVIL, PAYLOADS, write_hostile_run

from decruft.report import build_report
from decruft.report.document import DATA_ID
from decruft.report.embed import check_inline, csp_hash, json_bytes

# Every element the report's HTML (before its script runs) may hold.
REPORT_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "nav", "a",
    "section", "div", "table", "thead", "tbody", "tr", "th", "td", "p", "span", "svg", "rect",
    "text", "br", "input", "noscript", "script",
}  # fmt: skip


def test_json_bytes_escape_what_could_end_a_script() -> None:
    value = {"t": "</script><!-- & > \u2028\u2029 é 😀", "</script>": ["-->"]}
    data = json_bytes(value)
    for raw in (b"<", b">", b"&", "\u2028".encode(), "\u2029".encode()):
        assert raw not in data
    assert b"\\u003c/script\\u003e" in data and "é 😀".encode() in data
    assert json.loads(data) == value


def test_json_bytes_take_a_lone_surrogate() -> None:
    data = json_bytes({"t": "a\udc80<b"})
    data.decode("ascii")  # escaped as \udc80: the file stays valid UTF-8
    assert json.loads(data) == {"t": "a\udc80<b"}


def test_check_inline_refuses_what_ends_the_element() -> None:
    assert check_inline("var a = 1 < 2;", "script") == "var a = 1 < 2;"
    for bad in ("x</script>", "x</SCRIPT ", "<!-- x"):
        with pytest.raises(ValueError):
            check_inline(bad, "script")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in = tag if tag in ("script", "style") else None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)
        self._in = None


def test_hostile_run_gives_only_the_reports_own_markup(tmp_path: Path) -> None:
    run = write_hostile_run(tmp_path)
    report = tmp_path / "report.html"
    build_report(run, report)
    page = report.read_text("utf-8")
    parsed = _Tags()
    parsed.feed(page)
    assert {tag for tag, _ in parsed.tags} <= REPORT_TAGS
    assert all(not k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    assert all(a.get("href", "#").startswith("#") for t, a in parsed.tags if t == "a")
    scripts = [a for t, a in parsed.tags if t == "script"]
    assert scripts == [{"type": "application/json", "id": DATA_ID}, {}]
    assert all(p not in page for p in PAYLOADS)  # no payload anywhere as it was written
    data = json.loads(parsed.scripts[0])
    assert data["pages"][0]["title"] == f"Title 0 {EVIL}"  # ... yet all there as data
    assert "".join(piece for piece, _ in data["pages"][0]["body"]).startswith(f"Menu {EVIL}")


def test_the_policy_allows_exactly_the_inline_script_and_style(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    build_report(write_hostile_run(tmp_path), report)
    page = report.read_text("utf-8")
    parsed = _Tags()
    parsed.feed(page)
    metas = [a for t, a in parsed.tags if t == "meta" and "http-equiv" in a]
    assert [m["http-equiv"] for m in metas] == ["Content-Security-Policy"]
    policy = dict(
        (d.split()[0], d.split()[1:]) for d in metas[0]["content"].split(";") if d.strip()
    )
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == [csp_hash(parsed.scripts[1])]
    assert policy["style-src"] == [csp_hash(parsed.styles[0])]
    assert policy["connect-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    # the policy comes before any script or style it governs
    assert page.index("Content-Security-Policy") < page.index("<style>")
    assert not re.search(r"\bstyle=", page)  # no inline style attribute (the policy forbids)
